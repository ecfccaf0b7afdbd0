"""The peer for `installer/sandpiper bench engine`: the same trivial executes against
ipykernel, driven with jupyter_client's BlockingKernelClient, measured to `status: idle`.

Prints one JSON object: spawn_ready_ms, exec_pass_p50_ms, exec_pass_p99_ms, exec_expr_p50_ms.
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


def main():
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    warmup = 50
    start = time.perf_counter()
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    spawn_ready_ms = (time.perf_counter() - start) * 1000.0
    try:
        for _ in range(warmup):
            execute_to_idle(client, "pass")
        passes = [execute_to_idle(client, "pass") for _ in range(iterations)]
        exprs = [execute_to_idle(client, "1+1") for _ in range(iterations)]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    print(
        json.dumps(
            {
                "spawn_ready_ms": round(spawn_ready_ms, 2),
                "exec_pass_p50_ms": round(statistics.median(passes), 4),
                "exec_pass_p99_ms": round(percentile(passes, 0.99), 4),
                "exec_expr_p50_ms": round(statistics.median(exprs), 4),
            }
        )
    )


if __name__ == "__main__":
    main()
