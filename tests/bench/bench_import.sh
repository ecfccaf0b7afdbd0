#!/usr/bin/env bash
# installer/sandpiper bench import [--json FILE]
# Import: previews of a 1 GB CSV and a 50 MB xlsx in the sandboxed tools engine, the dialog's code
# against plain pd.read_csv in the same session, and a drop on the window to the preview shown.
# Needs about 4 GB of disk in the temporary folder and 8 GB of memory.
set -euo pipefail
build=$1
shift
json_out=
while (($#)); do
    case $1 in
    --json) json_out=$2; shift 2 ;;
    *) echo "bench import: unknown argument $1" >&2; exit 2 ;;
    esac
done
export SANDPIPER_ENGINE="$build/app/sandpiper-engine"
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
cmake --build "$build" --target bench_import sandpiper-engine >/dev/null
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
result=$(XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" \
    "$build/tests/bench_import")
python3 - "$result" "$json_out" <<'PY'
import json, sys
ours, out = json.loads(sys.argv[1]), sys.argv[2]
goals = [
    ("preview_ms.csv_1gb", "sniff + preview, 1 GB CSV (ms)", "<= 100"),
    ("preview_ms.xlsx_50mb", "sheets + preview, 50 MB xlsx (ms)", "<= 1000"),
    ("import_mb_s.csv", "import with the dialog's code (MB/s)", ""),
    ("pandas_mb_s.csv", "plain pd.read_csv, same file (MB/s)", ""),
    ("drop_to_preview_ms.csv_100mb", "drop -> preview shown, 100 MB (ms)", "reported"),
]
for key, label, goal in goals:
    print(f"{label:44}{ours[key]:10.1f}   {goal}")
ratio = ours["import_mb_s.csv"] / ours["pandas_mb_s.csv"]
print(f"{'import ratio (dialog code / pandas)':44}{ratio:10.2f}   >= 1")
if out:
    with open(out, "w") as f:
        json.dump(ours, f, indent=2)
PY
