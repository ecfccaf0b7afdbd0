#!/usr/bin/env bash
# installer/sandpiper bench startup [--rounds N] [--json FILE]
# Process start to the first complete paint of the main window (--startup-report), against
# the floor: a bare Qt window with the same Qt, platform and probe. Both start N times
# (default 11), alternating; the first start of each is "cold", the median of the others
# "warm". Spyder is not in the toolbox; where it is installed, the report says so and gives no
# figure, since it has no first-paint report to compare like with like.
set -euo pipefail
build=$1
shift
rounds=11
json_out=
while (($#)); do
    case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --json) json_out=$2; shift 2 ;;
    *) echo "bench startup: unknown argument $1" >&2; exit 2 ;;
    esac
done
((rounds >= 2)) || { echo "bench startup: --rounds must be at least 2" >&2; exit 2; }
cmake --build "$build" --target sandpiper bench_startup_floor >/dev/null
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
# Settings and workspaces of their own, never the user's.
export XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache"

startup_ms() {
    local out
    # Qt's notes on stderr (the offscreen platform has several) are shown only on failure.
    out=$("$@" 2>"$home/stderr") || {
        echo "bench startup: '$*' failed:" >&2
        cat "$home/stderr" >&2
        exit 1
    }
    local ms=${out##*startup_ms }
    [[ $out == *"startup_ms "* && $ms =~ ^[0-9]+$ ]] || {
        echo "bench startup: no startup_ms from '$*': $out" >&2
        exit 1
    }
    echo "$ms"
}

ours=() floor=()
for ((i = 0; i < rounds; ++i)); do
    ours+=("$(startup_ms "$build/app/sandpiper" --startup-report)")
    floor+=("$(startup_ms "$build/tests/bench_startup_floor")")
done
spyder=$(command -v spyder || true)
python3 - "$json_out" "$QT_QPA_PLATFORM" "$spyder" "${ours[*]}" "${floor[*]}" <<'PY'
import json, statistics, sys
out, platform, spyder = sys.argv[1], sys.argv[2], sys.argv[3]
ours = [int(x) for x in sys.argv[4].split()]
floor = [int(x) for x in sys.argv[5].split()]
result = {
    "platform": platform,
    "rounds": len(ours),
    "startup_cold_ms": ours[0],
    "startup_ms": statistics.median(ours[1:]),
    "floor_startup_cold_ms": floor[0],
    "floor_startup_ms": statistics.median(floor[1:]),
    "spyder": "installed, not measured: it has no first-paint report" if spyder
    else "not installed: no figure",
}
print(f"start-up to first paint ({platform}), first of {len(ours)} / median of the others:")
print(f"  sandpiper     {result['startup_cold_ms']:6.0f} / {result['startup_ms']:6.0f} ms")
print(f"  bare Qt window{result['floor_startup_cold_ms']:6.0f} / {result['floor_startup_ms']:6.0f} ms")
print(f"  spyder: {result['spyder']}")
print(json.dumps(result, indent=2))
if out:
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
PY
