#!/usr/bin/env bash
# installer/sandpiper bench soak [--runs N] [--json FILE]
# One window, one sandboxed session, N runs (default 10 000) of a realistic mix, offscreen.
# Goals: gui_rss_growth_mb <= 10, gui_fd_growth 0, engine_restarts_unexpected 0, runs_lost 0.
set -euo pipefail
build=$1
shift
runs=10000
json_out=
while (($#)); do
    case $1 in
    --runs) runs=$2; shift 2 ;;
    --json) json_out=$2; shift 2 ;;
    *) echo "bench soak: unknown argument $1" >&2; exit 2 ;;
    esac
done
export SANDPIPER_ENGINE="$build/app/sandpiper-engine"
cmake --build "$build" --target bench_soak sandpiper-engine >/dev/null
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
# Settings and workspaces of its own, never the user's.
result=$(XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" \
    "$build/tests/bench_soak" "$runs")
echo "$result"
[[ -z $json_out ]] || echo "$result" >"$json_out"
