#!/usr/bin/env bash
# installer/sandpiper bench editor [--json FILE]
# Completion, black and flake8 through Sandpiper's engines against the plain way (a fresh
# jedi per request in an unprepared process, black and flake8 as command-line processes), in
# the same run, on the same machine and the same inputs.
set -euo pipefail
build=$1
shift
json_out=
while (($#)); do
    case $1 in
    --json) json_out=$2; shift 2 ;;
    *) echo "bench editor: unknown argument $1" >&2; exit 2 ;;
    esac
done
here=$(cd "$(dirname "$0")" && pwd)
export SANDPIPER_ENGINE="$build/app/sandpiper-engine"
cmake --build "$build" --target bench_editor sandpiper-engine >/dev/null
inputs=$(mktemp -d)
trap 'rm -rf "$inputs"' EXIT
python3 "$here/editor_inputs.py" "$inputs"
echo "sandpiper: session and code-intelligence engine ..." >&2
ours=$("$build/tests/bench_editor" "$inputs")
echo "plain: jedi per request, black and flake8 processes ..." >&2
plain=$(python3 "$here/editor_plain.py" "$inputs")
python3 - "$ours" "$plain" "$json_out" <<'PY'
import json, sys
ours, plain, out = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
rows = [
    ("complete_live_p50_ms", "live completion p50", None),
    ("complete_live_p95_ms", "live completion p95", 50),
    ("complete_live_busy_p95_ms", "  ... while a loop runs p95", None),
    ("complete_static_p95_ms", "static completion p95", 150),
    ("complete_first_ms", "first df., warm (both)", 500),
    ("complete_first_cold_ms", "first df., cold (both)", None),
    ("complete_static_first_ms", "first static (cold engine)", None),
    ("format_1k_lines_ms", "black, 1000 lines (API peer)", 250),
    ("format_command_1k_lines_ms", "  ... black command peer", None),
    ("lint_2k_lines_ms", "flake8, 2000 lines", 150),
]
print(f"{'(ms)':30}{'sandpiper':>11}{'plain':>11}{'ratio':>8}{'goal':>8}")
for key, label, goal in rows:
    # A second peer for the same figure of ours (key names the peer's).
    a = ours.get(key, ours.get(key.replace("_command", "")))
    b = plain.get("plain_" + key)
    peer = f"{b:11.1f}" if b is not None else f"{'':11}"
    ratio = f"{b / a:7.1f}x" if b is not None and a > 0 else f"{'':8}"
    mark = "" if goal is None else f"{'<=':>4}{goal:4d}" + (" ok" if a <= goal else " MISSED")
    print(f"{label:30}{a:11.1f}{peer}{ratio}{mark}")
result = {k: ours[k] for k, _, _ in rows if k in ours}
result.update({k: v for k, v in ours.items() if k not in result})
result.update(plain)
print(json.dumps(result, indent=2))
if out:
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
PY
