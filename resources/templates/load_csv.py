# %% Load a CSV file
import pandas as pd

# Change to your file. Dates are parsed when you name their columns in parse_dates.
DATA_PATH = "data.csv"

df = pd.read_csv(DATA_PATH, sep=",", encoding="utf-8")
print(f"{len(df)} rows x {len(df.columns)} columns")
df.info()
df.head()
