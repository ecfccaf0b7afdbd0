"""Runs inside a Sandpiper session (bench_tables.cpp sends it): tables written and read through
DuckDB against pandas' own CSV code, on the same frame in the same session. Every pair of
peers is measured alternately, SAMPLES times each, at the same warmth (the files were written
once before timing, so the page cache holds them); figures are medians in seconds."""

import json
import os
import statistics
import time

import numpy as np
import pandas as pd

QUICK = os.environ.get("SANDPIPER_BENCH_QUICK") == "1"
ROWS = 10**5 if QUICK else 10**7
SAMPLES = 1 if QUICK else 3


def make_frame(rows):
    rng = np.random.default_rng(7)
    names = np.array(["name%04d" % i for i in range(5000)], dtype=object)
    start = np.datetime64("2024-01-01T00:00:00", "ns")
    seconds = rng.integers(0, 365 * 86400, rows).astype("timedelta64[s]")
    return pd.DataFrame(
        {
            "id": np.arange(rows, dtype="int64"),
            "value": rng.random(rows),
            "name": names[rng.integers(0, len(names), rows)],
            "when": start + seconds,
        }
    )


def seconds(action):
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def pair(first, second):
    """Medians of `first` and `second`, run in turn."""
    a, b = [], []
    for _ in range(SAMPLES):
        a.append(seconds(first))
        b.append(seconds(second))
    return statistics.median(a), statistics.median(b)


frame = make_frame(ROWS)
# Written once before timing: both readers then find their file in the page cache.
frame.to_csv("bench.csv", index=False)
frame.to_parquet("bench.parquet", compression="zstd", index=False)
out = {"rows": ROWS, "samples": SAMPLES}
out["parquet_write_s"], out["csv_write_s"] = pair(
    lambda: frame.to_parquet("bench.parquet", compression="zstd", index=False),
    lambda: frame.to_csv("bench.csv", index=False),
)
out["parquet_bytes"] = os.path.getsize("bench.parquet")
out["csv_bytes"] = os.path.getsize("bench.csv")
# Both readers give the same frame: the dates parsed, not left as text.
out["parquet_read_s"], out["csv_read_s"] = pair(
    lambda: pd.read_parquet("bench.parquet"),
    lambda: pd.read_csv("bench.csv", parse_dates=["when"]),
)
small = frame.head(10**5 if not QUICK else 10**4)
out["xlsx_write_s.1e5"] = statistics.median(
    seconds(lambda: sandpiper.export(small, "bench.xlsx")) for _ in range(SAMPLES)
)
query = "SELECT name, SUM(value) AS value FROM frame GROUP BY name"
out["sql_groupby_s"], out["pandas_groupby_s"] = pair(
    lambda: sandpiper.sql(query),
    lambda: frame.groupby("name", as_index=False)["value"].sum(),
)
for name in ("bench.csv", "bench.parquet", "bench.xlsx"):
    os.remove(name)
print("BENCH " + json.dumps(out))
