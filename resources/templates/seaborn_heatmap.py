# %% Correlation heatmap
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

# Change to your file; every numeric column is included.
DATA_PATH = "data.csv"

df = pd.read_csv(DATA_PATH)
correlations = df.select_dtypes("number").corr()

fig, ax = plt.subplots(figsize=(8, 6))
sns.heatmap(
    correlations,
    annot=True,
    fmt=".2f",
    cmap="vlag",
    vmin=-1,
    vmax=1,
    square=True,
    ax=ax,
)
ax.set_title("Pearson correlation")
fig.tight_layout()
