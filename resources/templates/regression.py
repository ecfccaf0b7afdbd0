# %% Train a regression model and report its metrics
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

# Change to your file, the number to predict and the feature columns.
DATA_PATH = "data.csv"
TARGET = "units"
FEATURES = ["region", "promotion", "temperature", "advertising", "price"]

df = pd.read_csv(DATA_PATH).dropna(subset=[TARGET])
X = df[FEATURES]
y = df[TARGET]

numeric = X.select_dtypes("number").columns.tolist()
categorical = X.select_dtypes(exclude="number").columns.tolist()


def preprocess():
    return ColumnTransformer(
        [
            (
                "numeric",
                make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
                numeric,
            ),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), categorical),
        ]
    )


X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, random_state=42
)

# A linear baseline next to a boosted model: is the extra complexity worth it?
models = {
    "Linear regression": make_pipeline(preprocess(), LinearRegression()),
    "Gradient boosting": make_pipeline(
        preprocess(), GradientBoostingRegressor(random_state=42)
    ),
}
for name, model in models.items():
    model.fit(X_train, y_train)
    predicted = model.predict(X_test)
    rmse = np.sqrt(mean_squared_error(y_test, predicted))
    print(f"{name}:")
    print(f"  MAE  {mean_absolute_error(y_test, predicted):.3f}")
    print(f"  RMSE {rmse:.3f}")
    print(f"  R2   {r2_score(y_test, predicted):.3f}")
