# %% Describe and group by
import pandas as pd

# Change to your file and columns: a category to group by and a number to summarise.
DATA_PATH = "data.csv"
GROUP_COLUMN = "region"
VALUE_COLUMN = "units"

df = pd.read_csv(DATA_PATH)

# Summary statistics of every column, and how many values are missing.
print(df.describe(include="all").T)
print("\nMissing values per column:")
print(df.isna().sum())

# One row per group: size, mean, median, spread and range of the value column.
summary = (
    df.groupby(GROUP_COLUMN)[VALUE_COLUMN]
    .agg(["count", "mean", "median", "std", "min", "max"])
    .sort_values("mean", ascending=False)
)
summary
