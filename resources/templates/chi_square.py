# %% Test independence of two categories (chi-square)
import pandas as pd
from scipy import stats

# Change to your file and two categorical columns.
DATA_PATH = "data.csv"
ROW_COLUMN = "region"
COLUMN_COLUMN = "promotion"

df = pd.read_csv(DATA_PATH)
table = pd.crosstab(df[ROW_COLUMN], df[COLUMN_COLUMN])
print("Observed counts:")
print(table)

result = stats.chi2_contingency(table)
print(
    f"\nChi-square = {result.statistic:.3f}, dof = {result.dof}, "
    f"p = {result.pvalue:.4g}"
)
# The test is unreliable when expected counts are small.
if (result.expected_freq < 5).any():
    print("Warning: some expected counts are below 5; consider merging categories.")
