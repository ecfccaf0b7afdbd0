# %% Larger than memory with Dask
import dask.dataframe as dd
from dask.distributed import Client

# Change to your files (a pattern such as "sales-*.csv" reads them all) and columns.
DATA_PATH = "data.csv"
GROUP_COLUMN = "region"
VALUE_COLUMN = "units"

# A cluster inside this session: its workers share the session's memory limit, and spill to
# the workspace when their partitions do not fit. The Resources dock shows them.
client = Client()
print(f"Dask cluster: {len(client.scheduler_info()['workers'])} workers")

# Read lazily in blocks of about 64 MB: nothing is loaded until a result is computed.
frame = dd.read_csv(DATA_PATH, blocksize="64MB")
print(f"{frame.npartitions} partitions, columns: {list(frame.columns)}")

# The group-by runs on the workers, block by block; only the result comes back.
summary = frame.groupby(GROUP_COLUMN)[VALUE_COLUMN].agg(["count", "mean", "sum"]).compute()
summary.sort_values("sum", ascending=False)
