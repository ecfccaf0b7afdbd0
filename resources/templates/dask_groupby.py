# %% Larger than memory with Dask
import dask.dataframe as dd
from dask.distributed import Client

# Change to your files ("sales-*.csv" reads them all) and columns.
DATA_PATH = "data.csv"
GROUP_COLUMN = "region"
VALUE_COLUMN = "units"

# A cluster inside this session: its workers share the session's memory limit
# and spill to the workspace when their partitions do not fit. The Resources
# dock shows them.
client = Client()
print("Dask workers:", len(client.scheduler_info()["workers"]))

# Read lazily in blocks: nothing is loaded until a result is computed. A block
# takes several times its size once parsed, so a block is at most a 32nd of a
# worker's memory (and 64 MB).
workers = client.scheduler_info()["workers"].values()
worker_memory = min(w["memory_limit"] for w in workers)
blocksize = max(2**20, min(64 * 2**20, worker_memory // 32))
frame = dd.read_csv(DATA_PATH, blocksize=blocksize)
print(f"{frame.npartitions} partitions, columns: {list(frame.columns)}")

# The group-by runs on the workers, block by block; only the result comes back.
summary = frame.groupby(GROUP_COLUMN)[VALUE_COLUMN].agg(["count", "mean", "sum"])
summary = summary.compute()
summary.sort_values("sum", ascending=False)
