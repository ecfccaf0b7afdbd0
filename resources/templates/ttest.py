# %% Compare two groups (t-test)
import pandas as pd
from scipy import stats

# Change to your file, the numeric column and the column that splits it into two groups.
DATA_PATH = "data.csv"
VALUE_COLUMN = "units"
GROUP_COLUMN = "promotion"

df = pd.read_csv(DATA_PATH)
groups = df[GROUP_COLUMN].dropna().unique()
if len(groups) != 2:
    raise ValueError(f"{GROUP_COLUMN} has {len(groups)} groups; a t-test compares two")
a = df.loc[df[GROUP_COLUMN] == groups[0], VALUE_COLUMN].dropna()
b = df.loc[df[GROUP_COLUMN] == groups[1], VALUE_COLUMN].dropna()

print(f"{groups[0]}: n={len(a)}, mean={a.mean():.3f}")
print(f"{groups[1]}: n={len(b)}, mean={b.mean():.3f}")
# Welch's t-test does not assume equal variances; Mann-Whitney U does not
# assume normality.
result = stats.ttest_ind(a, b, equal_var=False)
print(f"Welch t-test: t = {result.statistic:.3f}, p = {result.pvalue:.4g}")
u = stats.mannwhitneyu(a, b)
print(f"Mann-Whitney U: U = {u.statistic:.1f}, p = {u.pvalue:.4g}")
