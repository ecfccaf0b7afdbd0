#!/usr/bin/env bash
# Builds a protocol fuzz target with clang and libFuzzer, then fuzzes it.
# Usage: run_fuzz.sh SOURCE_DIR WORK_DIR SECONDS [TARGET [LIBFUZZER-ARGS...]]
#   TARGET: frame (bytes from an engine through the frame decoder, the default) or messages
#   (CBOR bodies straight into every validator). SECONDS 0: no time bound (use -runs=N).
set -euo pipefail

src=$1
work=$2
seconds=${3:-20}
target=${4:-frame}
shift $(($# < 4 ? $# : 4))
protocol="$src/engine/protocol"
here="$src/tests/protocol/fuzz"
[[ -f $here/fuzz_$target.cpp ]] || { echo "no fuzz target named '$target'" >&2; exit 2; }
mkdir -p "$work/corpus-$target"

if ! command -v clang++ >/dev/null; then
    echo "clang++ not found: install clang and libclang-rt-19-dev (installer/debian-packages.txt)" >&2
    exit 1
fi

binary="$work/fuzz_$target"
sources=("$here/fuzz_$target.cpp" "$protocol/frame.cpp" "$protocol/messages.cpp")
rebuild=0
[[ -x $binary ]] || rebuild=1
for f in "${sources[@]}" "$here/parseall.h" "$protocol/frame.h" "$protocol/messages.h" "$0"; do
    [[ $f -nt $binary ]] && rebuild=1
done
if ((rebuild)); then
    echo "building $binary"
    # shellcheck disable=SC2046
    clang++ -std=c++20 -O1 -g -fPIC -fno-omit-frame-pointer \
        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
        -DQT_NO_KEYWORDS -I"$protocol" $(pkg-config --cflags Qt6Core) \
        "${sources[@]}" $(pkg-config --libs Qt6Core) -o "$binary.tmp"
    mv "$binary.tmp" "$binary"
fi

# Seeds are checked in; new inputs found go to the work dir only.
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0:quarantine_size_mb=32 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$binary" -artifact_prefix="$work/$target-" -max_total_time="$seconds" -rss_limit_mb=2048 \
    -max_len=200000 -timeout=10 -print_final_stats=1 "$@" "$work/corpus-$target" \
    "$here/corpus/$target"
