#!/usr/bin/env bash
# installer/sandpiper bench data [--json FILE]
# The data viewer (real grid, offscreen, sandboxed session) on frames of 10^3 to 10^9 rows,
# against Spyder's way (pickle the whole object), in the same run. Needs about 8 GB of memory.
set -euo pipefail
build=$1
shift
json_out=
while (($#)); do
    case $1 in
    --json) json_out=$2; shift 2 ;;
    *) echo "bench data: unknown argument $1" >&2; exit 2 ;;
    esac
done
export SANDPIPER_ENGINE="$build/app/sandpiper-engine"
cmake --build "$build" --target bench_data sandpiper-engine >/dev/null
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
result=$(XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" \
    "$build/tests/bench_data")
python3 - "$result" "$json_out" <<'PY'
import json, sys
ours, out = json.loads(sys.argv[1]), sys.argv[2]
goals = [
    ("first_screen_ms.1e3", "View -> first page, 10^3 rows (ms)", "<= 50"),
    ("first_screen_ms.1e6", "View -> first page, 10^6 rows (ms)", "<= 50"),
    ("first_screen_ms.1e8", "View -> first page, 10^8 rows (ms)", "<= 50"),
    ("first_screen_ms.1e9", "View -> first page, 10^9 int8 (ms)", "<= 50"),
    ("jump_to_end_ms.1e8", "Ctrl+End painted, 10^8 rows (ms)", "<= 50"),
    ("sort_ms.1e7", "sort by a float column, painted (ms)", ""),
    ("pandas_sort_ms.1e7", "pandas sort_values alone (ms)", ""),
    ("summary_ms.1e7", "summary of a float column (ms)", "<= 500"),
    ("gui_rss_delta_mb.1gb", "window memory after a 1 GB array (MB)", "<= 20"),
    ("peer_pickle_ms.1e6", "peer: pickle + unpickle 10^6 rows (ms)", "reported"),
]
for key, label, goal in goals:
    print(f"{label:44}{ours[key]:10.1f}   {goal}")
ratio = ours["sort_ms.1e7"] / ours["pandas_sort_ms.1e7"]
print(f"{'sort ratio (ours / pandas)':44}{ratio:10.2f}   <= 1.5")
print(f"{'peer pickle / our first screen at 10^6':44}"
      f"{ours['peer_pickle_ms.1e6'] / ours['first_screen_ms.1e6']:10.1f}x")
if out:
    with open(out, "w") as f:
        json.dump(ours, f, indent=2)
PY
