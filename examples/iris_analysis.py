# %% Load the data
# A small analysis of the iris measurements that ship with scikit-learn (no download).
# Run it headless with:
#   installer/sandpiper run -- --batch examples/iris_analysis.py --out /tmp/iris-report
from sklearn.datasets import load_iris

iris = load_iris(as_frame=True)
df = iris.frame.rename(columns=lambda c: c.replace(" (cm)", "").replace(" ", "_"))
df["species"] = iris.target_names[iris.target]
df.head()

# %% Describe and group
summary = df.groupby("species").mean(numeric_only=True).round(2)
print(summary)
print(f"{len(df)} flowers, {df.species.nunique()} species")

# %% A matplotlib figure
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 4))
for species, group in df.groupby("species"):
    ax.scatter(group.petal_length, group.petal_width, label=species, alpha=0.7)
ax.set_xlabel("petal length (cm)")
ax.set_ylabel("petal width (cm)")
ax.legend()
ax.set_title("Petals by species")

# %% A seaborn figure
import seaborn as sns

sns.pairplot(df, hue="species", vars=["sepal_length", "petal_length"], height=2.2)

# %% An interactive Plotly chart
import plotly.express as px

px.scatter(df, x="sepal_length", y="sepal_width", color="species", title="Sepals")

# %% An interactive Altair chart
import altair as alt

alt.Chart(df).mark_point().encode(
    x="petal_length", y="petal_width", color="species", tooltip=["species"]
).interactive()

# %% A model and its metrics
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, classification_report
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

features = df.drop(columns=["target", "species"])
X_train, X_test, y_train, y_test = train_test_split(
    features, df.species, test_size=0.3, random_state=0, stratify=df.species
)
scaler = StandardScaler().fit(X_train)
model = LogisticRegression(max_iter=500).fit(scaler.transform(X_train), y_train)
predicted = model.predict(scaler.transform(X_test))
print(classification_report(y_test, predicted))
accuracy = accuracy_score(y_test, predicted)
accuracy

# %% A regression with statsmodels
import statsmodels.formula.api as smf

ols = smf.ols("petal_width ~ petal_length", data=df).fit()
print(ols.summary().tables[1])
