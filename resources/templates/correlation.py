# %% Correlation test (Pearson and Spearman)
import pandas as pd
from scipy import stats

# Change to your file and two numeric columns.
DATA_PATH = "data.csv"
X_COLUMN = "advertising"
Y_COLUMN = "units"

df = pd.read_csv(DATA_PATH)
pair = df[[X_COLUMN, Y_COLUMN]].dropna()

# Pearson measures a linear relationship; Spearman any monotonic one and
# resists outliers.
pearson = stats.pearsonr(pair[X_COLUMN], pair[Y_COLUMN])
spearman = stats.spearmanr(pair[X_COLUMN], pair[Y_COLUMN])
print(f"n = {len(pair)}")
print(f"Pearson r = {pearson.statistic:.3f}, p = {pearson.pvalue:.4g}")
print(f"Spearman rho = {spearman.statistic:.3f}, p = {spearman.pvalue:.4g}")
