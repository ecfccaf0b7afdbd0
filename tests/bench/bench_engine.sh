#!/usr/bin/env bash
# installer/sandpiper bench engine [--json FILE] [--iterations N]
# Sandpiper's engine against ipykernel, in the same run, on the same machine.
set -euo pipefail
build=$1
shift
json_out=
iterations=1000
while (($#)); do
    case $1 in
    --json) json_out=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    *) echo "bench engine: unknown argument $1" >&2; exit 2 ;;
    esac
done
here=$(cd "$(dirname "$0")" && pwd)
export SANDPIPER_ENGINE="$build/app/sandpiper-engine"
cmake --build "$build" --target bench_engine sandpiper-engine >/dev/null
echo "sandpiper: $iterations executes each of 'pass' and '1+1', after warm-up ..." >&2
ours=$("$build/tests/bench_engine" "$iterations")
echo "ipykernel: the same, driven by jupyter_client ..." >&2
peer=$(python3 "$here/ipykernel_peer.py" "$iterations")
python3 - "$ours" "$peer" "$json_out" <<'PY'
import json, sys
ours, peer, out = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
result = {"sandpiper": ours, "ipykernel": peer}
rows = [("exec_pass_p50_ms", "exec pass p50 (ms)"), ("exec_pass_p99_ms", "exec pass p99 (ms)"),
        ("exec_expr_p50_ms", "exec 1+1 p50 (ms)"),
        ("spawn_ready_cold_ms", "spawn -> ready, 1st (ms)"),
        ("spawn_ready_ms", "spawn -> ready, p50 of 10 more (ms)"),
        ("restart_ready_ms", "restart -> pandas imported, p50 (ms)")]
print(f"{'':36}{'sandpiper':>12}{'ipykernel':>12}{'ratio':>10}")
for key, label in rows:
    a, b = ours[key], peer[key]
    print(f"{label:36}{a:12.3f}{b:12.3f}{b / a:9.1f}x")
print(f"{'  sandpiper without the standby engine':36}{ours['restart_ready_no_standby_ms']:12.3f}")
print()
print("a run's cost against what the namespace holds (sandpiper, exec pass p50)")
empty = ours["exec_pass_p50_ms"]
for key, label in [("exec_pass_p50_ms", "empty namespace"),
                   ("exec_pass_p50_ms.ns_pandas_imported", "numpy and pandas imported"),
                   ("exec_pass_p50_ms.ns_5000_ints", "plus 5,000 ints"),
                   ("exec_pass_p50_ms.ns_50_frames", "plus 50 frames of 10^5 rows")]:
    print(f"{label:36}{ours[key]:12.3f} ms{ours[key] / empty:9.2f}x empty")
print()
print(f"{'output into console (MB/s)':24}{ours['output_mb_per_s']:12.1f}")
print(f"{'longest loop pause (ms)':24}{ours['output_longest_event_loop_gap_ms']:12d}")
print()
print("history and audit (sandpiper alone; goals in the README)")
print(f"{'exec pass p50, every run recorded (ms)':44}{ours['exec_pass_p50_ms.recording']:10.3f}")
print(f"{'one run recorded, writer thread, p50 (us)':44}{ours['audit_record_us']:10.1f}")
print(f"{'record() on the GUI thread, p50 (us)':44}{ours['audit_record_gui_us']:10.1f}")
print(f"{'search over 10^5 records, p50 (ms)':44}{ours['history_search_ms']:10.2f}")
print(f"{'search over 10^5 records, p95 (ms)':44}{ours['history_search_ms_p95']:10.2f}")
print(f"{'security scan of a 1,000-line cell (ms)':44}{ours['scan_ms']:10.2f}")
print(f"{'[cache] cell, 10^6-row frame, run (ms)':44}{ours['cache_miss_ms']:10.2f}")
print(f"{'  the same restored from the cache (ms)':44}{ours['cache_hit_ms']:10.2f}"
      f"   {ours['cache_miss_ms'] / ours['cache_hit_ms']:.1f}x faster")
print()
print(f"{'the sandbox costs':24}{'sandboxed':>12}{'no sandbox':>12}")
print(f"{'spawn -> ready (ms)':24}{ours['spawn_ready_ms']:12.3f}"
      f"{ours['spawn_ready_no_sandbox_ms']:12.3f}")
print(f"{'exec pass p50 (ms)':24}{ours['exec_pass_p50_ms']:12.3f}"
      f"{ours['exec_pass_p50_no_sandbox_ms']:12.3f}")
if out:
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
PY
