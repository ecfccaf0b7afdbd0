# %% Relationship plot (scatter plot with a trend line)
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

# Change to your file, two numeric columns and a category for the colours.
DATA_PATH = "data.csv"
X_COLUMN = "advertising"
Y_COLUMN = "units"
HUE_COLUMN = "promotion"

df = pd.read_csv(DATA_PATH)
sns.set_theme(style="whitegrid")

fig, ax = plt.subplots(figsize=(7, 5))
sns.scatterplot(data=df, x=X_COLUMN, y=Y_COLUMN, hue=HUE_COLUMN, ax=ax)
sns.regplot(data=df, x=X_COLUMN, y=Y_COLUMN, scatter=False, color="0.3", ax=ax)
ax.set_title(f"{Y_COLUMN} against {X_COLUMN}")
fig.tight_layout()
