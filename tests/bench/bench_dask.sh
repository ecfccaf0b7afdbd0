#!/usr/bin/env bash
# installer/sandpiper bench dask [--json FILE]
# Dask in sandboxed batch sessions (bench_dask.py runs in both):
#   1. a groupby-sum over a CSV dataset 3x the session's memory limit (--memory-limit 512), with
#      Client(n_workers=2) (the default on 2 cores) and 2 MiB blocks, the sums checked against
#      closed-form ones;
#   2. a session with the default limits: Client() to ready (median of 3, each closed before the
#      next), then the same groupby-sum on a ~200 MB CSV with Dask's 2 workers and with pandas
#      alone, both reading the CSV, one warm-up each, then 3 samples each, alternated.
# The datasets are generated inside the sessions' workspaces (in a temporary folder) and removed.
# Takes about a minute on 2 cores; needs about 2 GB of disk and 4 GB of memory.
set -euo pipefail
build=$1
shift
json_out=
memory_mb=512
while (($#)); do
    case $1 in
    --json) json_out=$2; shift 2 ;;
    *) echo "bench dask: unknown argument $1" >&2; exit 2 ;;
    esac
done
here=$(cd "$(dirname "$0")" && pwd)
app="$build/app/sandpiper"
[[ -x $app && -x $build/app/sandpiper-engine ]] || {
    echo "bench dask: no $app (build first: installer/sandpiper build)" >&2
    exit 1
}
export SANDPIPER_ENGINE="$build/app/sandpiper-engine"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT

# run NAME CONFIG-JSON [sandpiper options]: one batch session; its report in $home/out-NAME.
run() {
    local name=$1 config=$2
    shift 2
    mkdir -p "$home/in-$name"
    printf '%s\n' "$config" >"$home/in-$name/bench_dask.json"
    local code=0
    XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" \
        "$app" --batch "$here/bench_dask.py" --out "$home/out-$name" \
        --input "$home/in-$name/bench_dask.json" --time-limit 900 "$@" \
        >"$home/$name.log" 2>&1 || code=$?
    if ((code != 0)); then
        echo "bench dask: the $name session did not succeed (exit $code):" >&2
        tail -n 20 "$home/$name.log" >&2
    fi
}

echo "out of core: a groupby-sum over CSV 3x the memory limit of a ${memory_mb} MB session ..." >&2
run out_of_core '{"mode": "out_of_core"}' --memory-limit "$memory_mb"
echo "in memory: Client() start-up, then Dask's 2 workers against pandas on a ~200 MB CSV ..." >&2
run in_memory '{"mode": "in_memory", "samples": 3, "in_memory_bytes": 200000000}'

python3 - "$home" "$json_out" <<'PY'
import json, os, re, sys

home, out = sys.argv[1], sys.argv[2]
# What the workers' nannies and the session say when memory runs short.
MEMORY_NEWS = re.compile(
    r"Restarting worker|exceeded \d+% memory|Memory use is high|Unmanaged memory use is high|"
    r"KilledWorker|Worker process \d+ was killed|MemoryError|Pausing worker|spill",
    re.IGNORECASE,
)


def session(name):
    folder = os.path.join(home, f"out-{name}")
    result, cells, news = {}, [], []
    try:
        with open(os.path.join(folder, "files", "bench_dask_result.json")) as f:
            result = json.load(f)
    except (OSError, ValueError):
        pass
    try:
        with open(os.path.join(folder, "cells.json")) as f:
            cells = json.load(f)
    except (OSError, ValueError):
        pass
    try:
        with open(os.path.join(folder, "output.log"), errors="replace") as f:
            news = [line.strip() for line in f if MEMORY_NEWS.search(line)]
    except OSError:
        pass
    bad = [c for c in cells if c.get("status") != "ok"]
    usage = {
        "session_status": bad[0]["status"] if bad else ("ok" if cells else "no report"),
        "session_peak_memory_bytes": max(
            (c.get("usage", {}).get("peak_memory_bytes", -1) for c in cells), default=-1
        ),
        "memory_messages": news[:20],
        "memory_message_count": len(news),
    }
    if bad:
        usage["session_detail"] = " ".join(
            str(bad[0].get(k, "")) for k in ("detail", "error_type", "error_message")
        ).strip()
    return result, usage


ooc, ooc_usage = session("out_of_core")
mem, mem_usage = session("in_memory")
status = ooc.get("out_of_core_status")
if ooc_usage["session_status"] != "ok":
    status = f"{ooc_usage['session_status']}: {ooc_usage.get('session_detail', '')}".strip()
result = {
    "out_of_core_groupby_s": ooc.get("out_of_core_groupby_s"),
    "out_of_core_status": status or "no result",
    "groupby_s": mem.get("groupby_s", {}),
    "cluster_start_ms": mem.get("cluster_start_ms"),
}
if "dask_2_workers" in result["groupby_s"] and "pandas" in result["groupby_s"]:
    g = result["groupby_s"]
    result["groupby_pandas_over_dask"] = g["pandas"] / g["dask_2_workers"]
result["out_of_core"] = {**ooc, **ooc_usage}
result["in_memory"] = {**mem, **mem_usage}


def num(value, fmt):
    return format(value, fmt) if isinstance(value, (int, float)) else "-"


mb = 2**20
print("Dask in sandboxed batch sessions; each comparison is the same work (read the CSV, group")
print("by key, sum 3 columns, check the sums) at the same warmth with the same number of samples")
print()
print(
    f"out of core: {num(ooc.get('out_of_core_mb'), ',.0f')} MB of CSV "
    f"({num(ooc.get('out_of_core_rows'), ',')} rows, {ooc.get('out_of_core_partitions', '-')} "
    f"partitions of {num(ooc.get('out_of_core_blocksize', 0) / mb, '.0f')} MiB), session memory limit {num(ooc.get('memory_limit_bytes', 0) / mb, '.0f')} MiB, "
    f"{ooc.get('out_of_core_workers', '-')} workers of "
    f"{num(max(ooc.get('out_of_core_worker_memory_limit_bytes') or [0]) / mb, '.0f')} MiB"
)
print(f"{'  generate the CSV (s)':40}{num(ooc.get('out_of_core_generate_s'), '10.2f')}")
print(f"{'  groupby-sum, 2 workers (s)':40}{num(result['out_of_core_groupby_s'], '10.2f')}")
if isinstance(ooc.get("out_of_core_groupby_s"), float):
    print(f"{'  read and grouped (MB/s)':40}{ooc['out_of_core_mb'] / ooc['out_of_core_groupby_s']:10.1f}")
print(f"{'  result':40}{result['out_of_core_status']:>10}")
print(
    f"{'  session peak memory (MiB)':40}"
    f"{num(ooc_usage['session_peak_memory_bytes'] / mb, '10.0f')}"
)
print(f"{'  memory messages from Dask':40}{ooc_usage['memory_message_count']:10d}")
print()
print(
    f"in memory: {num(mem.get('in_memory_mb'), ',.0f')} MB of CSV "
    f"({num(mem.get('in_memory_rows'), ',')} rows), session memory limit "
    f"{num(mem.get('memory_limit_bytes', 0) / mb, '.0f')} MiB; "
    f"median of {mem.get('groupby_samples', '-')} after one warm-up each, alternated"
)
g = result["groupby_s"]
print(f"{'  pandas: read_csv + groupby-sum (s)':40}{num(g.get('pandas'), '10.2f')}")
print(
    f"{'  dask, 2 workers, 8 blocks (s)':40}{num(g.get('dask_2_workers'), '10.2f')}"
    f"   pandas / dask {num(result.get('groupby_pandas_over_dask'), '.2f')}x"
)
print()
samples = mem.get("cluster_start_ms_samples") or []
print(
    f"{'Client() to ready, median of ' + str(len(samples) or 3) + ' (ms)':40}"
    f"{num(result['cluster_start_ms'], '10.0f')}   goal <= 3000"
)
print(f"{'  samples, each closed before the next':40}{'  '.join(f'{s:.0f}' for s in samples):>10}")
for name, usage in (("out of core", ooc_usage), ("in memory", mem_usage)):
    if usage["session_status"] != "ok":
        print(f"{name} session: {usage['session_status']} {usage.get('session_detail', '')}")
    for line in usage["memory_messages"][:5]:
        print(f"{name}: {line[:150]}")
if out:
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
ok = result["out_of_core_status"] == "ok" and mem_usage["session_status"] == "ok"
sys.exit(0 if ok else 1)
PY
