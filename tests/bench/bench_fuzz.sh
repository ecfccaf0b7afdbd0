#!/usr/bin/env bash
# installer/sandpiper bench fuzz [--runs N] [--json FILE]
# The protocol's fuzz targets, each for N inputs (default 10^7) with ASan and UBSan: the frame
# decoder (bytes an engine may send) and the message validators (any CBOR body). A crash stops
# the run with the input saved as BUILD/tests/protocol/fuzz/TARGET-crash-*; it becomes a
# regression test (a file in tests/protocol/fuzz/corpus/TARGET, and a case in tst_frame or
# tst_messages).
set -euo pipefail
build=$1
shift
runs=10000000
json_out=
while (($#)); do
    case $1 in
    --runs) runs=$2; shift 2 ;;
    --json) json_out=$2; shift 2 ;;
    *) echo "bench fuzz: unknown argument $1" >&2; exit 2 ;;
    esac
done
src=$(cd "$(dirname "$0")/../.." && pwd)
work="$build/tests/protocol/fuzz"
results=()
for target in frame messages; do
    echo "fuzz $target: $runs inputs ..." >&2
    start=$(date +%s)
    log="$work/bench-$target.log"
    mkdir -p "$work"
    status=0
    # Inputs up to 1 KiB: enough for several frames, chunked reads and a length past the
    # 64 KiB cap, and quick enough for 10^7 of them on 2 cores (the frame target feeds an input
    # in chunks as small as one byte: at 4 KiB it runs ~1 000 inputs/s, at 1 KiB ~5 000).
    "$src/tests/protocol/fuzz/run_fuzz.sh" "$src" "$work" 0 "$target" -runs="$runs" \
        -max_len=1024 >"$log" 2>&1 ||
        status=$?
    seconds=$(($(date +%s) - start))
    done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    crashes=$(ls "$work/$target"-crash-* "$work/$target"-leak-* "$work/$target"-timeout-* 2>/dev/null | wc -l)
    echo "fuzz $target: ${done_runs:-?} inputs in ${seconds} s, coverage ${coverage:-?} edges," \
        "exit $status, $crashes crash/leak/timeout files" >&2
    results+=("{\"target\":\"$target\",\"inputs\":${done_runs:-0},\"seconds\":$seconds,\"edges\":${coverage:-0},\"exit\":$status,\"findings\":$crashes}")
    if ((status != 0)); then
        tail -40 "$log" >&2
    fi
done
json="[$(IFS=,; echo "${results[*]}")]"
echo "$json"
[[ -z $json_out ]] || echo "$json" >"$json_out"
