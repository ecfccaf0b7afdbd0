# Run by tests/bench/bench_dask.sh as a Sandpiper batch script (`sandpiper --batch`), twice, in
# sandboxed sessions. bench_dask.json, copied into the workspace with --input, says which part:
#   "out_of_core": a groupby-sum over a CSV dataset about 3x the session's memory limit, with
#                  Client() workers; the sums are checked against closed-form ones.
#   "in_memory":   Client() start-up, then the same groupby on a CSV that fits in memory, with
#                  Dask's 2 workers and with pandas alone, each reading the CSV itself.
# The datasets are generated in the workspace and removed at the end; the measurements go to
# bench_dask_result.json in the workspace, which the batch run copies to OUT/files/.
#
# Rows are fixed width, so numpy writes them fast: row i (0 <= i < n) is
#   key = i % 64, id = i, v = i % 997, x = v / 4
# With n = 64 * 997 * m each key has J = 997 * m rows, and its sums are
#   id: J*key + 64*J*(J-1)/2,   v: m * (0 + 1 + ... + 996),   x: that / 4 (exact in binary).

import json
import math
import os
import shutil
import statistics
import time

import numpy as np

KEYS = 64
PERIOD = 997
HEADER = b"key,id,v,x\n"
ROW = 25  # "kk,iiiiiiiiii,vvv,ddd.dd\n"
BLOCK_ROWS = 1 << 20

with open("bench_dask.json") as f:
    config = json.load(f)
mode = config["mode"]
memory_limit = int(os.environ.get("SANDPIPER_MEMORY_BYTES", "0"))
data_dir = os.path.join(os.getcwd(), "bench-dask-data")
result = {"mode": mode, "memory_limit_bytes": memory_limit, "cores": os.cpu_count()}


def digits(out, column, values, width):
    for d in range(width):
        out[:, column + width - 1 - d] = 48 + (values // 10**d) % 10


def rows_text(start, stop):
    i = np.arange(start, stop, dtype=np.int64)
    v = i % PERIOD
    out = np.empty((len(i), ROW), dtype=np.uint8)
    digits(out, 0, i % KEYS, 2)
    digits(out, 3, i, 10)
    digits(out, 14, v, 3)
    digits(out, 18, v // 4, 3)
    digits(out, 22, (v % 4) * 25, 2)
    out[:, [2, 13, 17]] = ord(",")
    out[:, 21] = ord(".")
    out[:, 24] = ord("\n")
    return out


def write_dataset(name, target_bytes, files):
    """CSV files of about target_bytes in all; (paths, rows, m)."""
    m = math.ceil(target_bytes / (KEYS * PERIOD * ROW))
    n = KEYS * PERIOD * m
    folder = os.path.join(data_dir, name)
    os.makedirs(folder)
    paths = []
    bounds = [n * f // files for f in range(files + 1)]
    for f in range(files):
        path = os.path.join(folder, f"part-{f:03d}.csv")
        with open(path, "wb") as out:
            out.write(HEADER)
            for start in range(bounds[f], bounds[f + 1], BLOCK_ROWS):
                out.write(rows_text(start, min(start + BLOCK_ROWS, bounds[f + 1])).data)
        paths.append(path)
    return paths, n, m


def check(frame, m):
    """None when the sums are the closed-form ones, else what differs."""
    j = PERIOD * m
    keys = np.arange(KEYS, dtype=np.int64)
    want_id = j * keys + KEYS * j * (j - 1) // 2
    want_v = m * (PERIOD * (PERIOD - 1) // 2)
    frame = frame.sort_index()
    if list(frame.index) != list(range(KEYS)):
        return f"keys {list(frame.index)[:5]}... instead of 0..{KEYS - 1}"
    if not (frame["id"].to_numpy() == want_id).all():
        return "wrong sums of id"
    if not (frame["v"].to_numpy() == want_v).all():
        return "wrong sums of v"
    if not (frame["x"].to_numpy() == want_v / 4).all():
        return "wrong sums of x"
    return None


def megabytes(paths):
    return sum(os.path.getsize(p) for p in paths) / 1e6


def save():
    with open("bench_dask_result.json", "w") as out:
        json.dump(result, out, indent=2)
    print(json.dumps(result))


# %%
import dask.dataframe as dd
from dask.distributed import Client


def worker_memory(client):
    return [w["memory_limit"] for w in client.scheduler_info()["workers"].values()]


def dask_groupby(pattern, blocksize):
    frame = dd.read_csv(pattern, blocksize=blocksize)
    return frame.groupby("key").sum().compute()


try:
    if mode == "out_of_core":
        result["out_of_core_status"] = "not finished"
        t = time.perf_counter()
        paths, n, m = write_dataset("big", 3 * memory_limit, files=16)
        result["out_of_core_generate_s"] = time.perf_counter() - t
        result["out_of_core_rows"] = n
        result["out_of_core_mb"] = megabytes(paths)
        # Blocks small for the workers: each has about 190 MiB here, of which the worker process
        # itself takes about 90 MiB; with 2 MiB blocks (under 3 MiB as frames) none pauses.
        # Two workers, as on 2 cores: more would share the memory limit more thinly.
        blocksize = int(config.get("blocksize_mb", 2) * 2**20)
        result["out_of_core_blocksize"] = blocksize
        with Client(n_workers=2) as client:
            result["out_of_core_workers"] = len(client.scheduler_info()["workers"])
            result["out_of_core_worker_memory_limit_bytes"] = worker_memory(client)
            t = time.perf_counter()
            frame = dask_groupby(os.path.join(data_dir, "big", "part-*.csv"), blocksize)
            result["out_of_core_groupby_s"] = time.perf_counter() - t
            result["out_of_core_partitions"] = dd.read_csv(
                os.path.join(data_dir, "big", "part-*.csv"), blocksize=blocksize
            ).npartitions
            result["out_of_core_workers_at_end"] = len(
                client.scheduler_info()["workers"]
            )
        wrong = check(frame, m)
        result["out_of_core_status"] = wrong or "ok"
    else:
        import pandas as pd

        # Client() to ready: every worker registered with the scheduler; each cluster closed
        # before the next. The imports are done above, before the first.
        starts, closes = [], []
        for _ in range(config.get("samples", 3)):
            t = time.perf_counter()
            client = Client()
            client.wait_for_workers(len(client.cluster.workers))
            starts.append((time.perf_counter() - t) * 1000)
            workers = len(client.scheduler_info()["workers"])
            t = time.perf_counter()
            client.close()
            client.cluster.close()
            closes.append((time.perf_counter() - t) * 1000)
        result["cluster_start_ms_samples"] = starts
        result["cluster_start_ms"] = statistics.median(starts)
        result["cluster_close_ms"] = statistics.median(closes)
        result["cluster_workers"] = workers

        t = time.perf_counter()
        paths, n, m = write_dataset(
            "small", config.get("in_memory_bytes", 200e6), files=1
        )
        result["in_memory_generate_s"] = time.perf_counter() - t
        result["in_memory_rows"] = n
        result["in_memory_mb"] = megabytes(paths)
        path = paths[0]
        # Eight even blocks: four a worker.
        blocksize = os.path.getsize(path) // 8 + 1
        result["in_memory_blocksize"] = blocksize

        def with_pandas():
            return pd.read_csv(path).groupby("key").sum()

        with Client(n_workers=2) as client:
            result["groupby_workers"] = len(client.scheduler_info()["workers"])
            result["groupby_worker_memory_limit_bytes"] = worker_memory(client)
            runs = {
                "pandas": with_pandas,
                "dask_2_workers": lambda: dask_groupby(path, blocksize),
            }
            times = {name: [] for name in runs}
            samples = config.get("samples", 3)
            # One warm-up of each (the file in the page cache, code paths loaded), then the
            # samples, the two alternated.
            for sample in range(samples + 1):
                for name, run in runs.items():
                    t = time.perf_counter()
                    frame = run()
                    elapsed = time.perf_counter() - t
                    wrong = check(frame, m)
                    if wrong:
                        raise AssertionError(f"{name}: {wrong}")
                    if sample:
                        times[name].append(elapsed)
        result["groupby_s_samples"] = times
        result["groupby_s"] = {name: statistics.median(t) for name, t in times.items()}
        result["groupby_samples"] = samples
finally:
    shutil.rmtree(data_dir, ignore_errors=True)
    save()
