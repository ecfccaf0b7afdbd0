# %% Scale features and split into train and test sets
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

# Change to your file and the column to predict.
DATA_PATH = "data.csv"
TARGET = "target_met"

df = pd.read_csv(DATA_PATH)
X = df.drop(columns=[TARGET])
y = df[TARGET]

# Numbers are imputed with the median and standardised; text columns are one-hot
# encoded.
# Columns that look like dates or identifiers are better dropped or converted first.
numeric = X.select_dtypes("number").columns.tolist()
categorical = [
    c for c in X.select_dtypes(exclude="number").columns if X[c].nunique() <= 20
]
preprocess = ColumnTransformer(
    [
        (
            "numeric",
            make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
            numeric,
        ),
        ("categorical", OneHotEncoder(handle_unknown="ignore"), categorical),
    ]
)

# Hold out 20 % for testing; stratify keeps the class balance when the target
# is a category.
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.2, random_state=42, stratify=y if y.nunique() <= 20 else None
)
X_train_prepared = preprocess.fit_transform(X_train)
X_test_prepared = preprocess.transform(X_test)  # fitted on the training set only
print("Numeric columns:", numeric)
print("Categorical columns:", categorical)
print("Train:", X_train_prepared.shape, "Test:", X_test_prepared.shape)
