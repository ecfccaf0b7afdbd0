# %% Train a classifier and report its metrics
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

# Change to your file, the class column to predict and the feature columns.
DATA_PATH = "data.csv"
TARGET = "target_met"
FEATURES = ["region", "promotion", "temperature", "advertising", "price"]

df = pd.read_csv(DATA_PATH).dropna(subset=[TARGET])
X = df[FEATURES]
y = df[TARGET]

numeric = X.select_dtypes("number").columns.tolist()
categorical = X.select_dtypes(exclude="number").columns.tolist()
model = make_pipeline(
    ColumnTransformer(
        [
            ("numeric", SimpleImputer(strategy="median"), numeric),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), categorical),
        ]
    ),
    RandomForestClassifier(n_estimators=200, random_state=42),
)

X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, random_state=42, stratify=y
)
model.fit(X_train, y_train)
predicted = model.predict(X_test)

print(f"Accuracy: {accuracy_score(y_test, predicted):.3f}")
scores = cross_val_score(model, X, y, cv=5)
print(f"Cross-validated accuracy: {scores.mean():.3f} +/- {scores.std():.3f}")
print("\nClassification report:")
print(classification_report(y_test, predicted, zero_division=0))
print("Confusion matrix (rows: true, columns: predicted):")
print(confusion_matrix(y_test, predicted))
