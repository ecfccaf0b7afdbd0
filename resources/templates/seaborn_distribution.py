# %% Distribution plots (histogram and box plot)
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

# Change to your file, a numeric column and a category to compare.
DATA_PATH = "data.csv"
VALUE_COLUMN = "units"
GROUP_COLUMN = "region"

df = pd.read_csv(DATA_PATH)
sns.set_theme(style="whitegrid")

fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
sns.histplot(data=df, x=VALUE_COLUMN, kde=True, ax=left)
left.set_title(f"Distribution of {VALUE_COLUMN}")
sns.boxplot(data=df, x=GROUP_COLUMN, y=VALUE_COLUMN, hue=GROUP_COLUMN, ax=right)
right.set_title(f"{VALUE_COLUMN} by {GROUP_COLUMN}")
fig.tight_layout()
