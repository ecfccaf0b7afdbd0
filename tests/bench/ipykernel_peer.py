"""The peer for `installer/sandpiper bench engine`: the same trivial executes against
ipykernel, driven with jupyter_client's BlockingKernelClient, measured to `status: idle`.

Start-up is measured like Sandpiper's, the same number of times: from starting the kernel
to its first answer (a kernel_info reply on the shell channel), without jupyter_client's
wait_for_ready, which also waits for IOPub to settle. The first start is "cold", the median
of the others "warm".

Restart is timed from the restart to `import pandas as pd` having run, five times.

Prints one JSON object: spawn_ready_cold_ms, spawn_ready_ms (warm), exec_pass_p50_ms,
exec_pass_p99_ms, exec_expr_p50_ms, restart_ready_ms.
"""

import json
import statistics
import sys
import time

from jupyter_client.manager import KernelManager


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def execute_to_idle(client, code):
    """Sends code and waits for the kernel to report idle for that request."""
    start = time.perf_counter()
    msg_id = client.execute(code, store_history=False)
    while True:
        msg = client.get_iopub_msg(timeout=30)
        if (
            msg["parent_header"].get("msg_id") == msg_id
            and msg["msg_type"] == "status"
            and msg["content"]["execution_state"] == "idle"
        ):
            return (time.perf_counter() - start) * 1000.0


def spawn_to_first_reply():
    """A new kernel, timed to its first shell reply; returns (ms, manager, client)."""
    start = time.perf_counter()
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    msg_id = client.kernel_info()  # queued by zmq until the kernel listens
    while True:
        reply = client.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    return (time.perf_counter() - start) * 1000.0, manager, client


def restart_to_pandas(manager, client):
    """What a restart does (the kernel ended, a new one started: jupyter_client's own
    restart_kernel leaves a kernel here that never answers on its old ports), then
    `import pandas as pd` run to idle. Returns (ms, the new manager, its client)."""
    start = time.perf_counter()
    client.stop_channels()
    manager.shutdown_kernel(now=True)
    _, manager, client = spawn_to_first_reply()
    client.wait_for_ready(timeout=60)
    execute_to_idle(client, "import pandas as pd")
    return (time.perf_counter() - start) * 1000.0, manager, client


def main():
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    starts = int(sys.argv[2]) if len(sys.argv) > 2 else 11
    warmup = 50
    spawns = []
    for _ in range(starts - 1):
        ms, manager, client = spawn_to_first_reply()
        spawns.append(ms)
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    ms, manager, client = spawn_to_first_reply()
    spawns.append(ms)
    client.wait_for_ready(timeout=60)  # IOPub too, before the executes below
    try:
        for _ in range(warmup):
            execute_to_idle(client, "pass")
        passes = [execute_to_idle(client, "pass") for _ in range(iterations)]
        exprs = [execute_to_idle(client, "1+1") for _ in range(iterations)]
        restarts = []
        for _ in range(5):
            ms, manager, client = restart_to_pandas(manager, client)
            restarts.append(ms)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    print(
        json.dumps(
            {
                "spawn_ready_cold_ms": round(spawns[0], 2),
                "spawn_ready_ms": round(statistics.median(spawns[1:]), 2),
                "exec_pass_p50_ms": round(statistics.median(passes), 4),
                "exec_pass_p99_ms": round(percentile(passes, 0.99), 4),
                "exec_expr_p50_ms": round(statistics.median(exprs), 4),
                "restart_ready_ms": round(statistics.median(restarts), 2),
            }
        )
    )


if __name__ == "__main__":
    main()
