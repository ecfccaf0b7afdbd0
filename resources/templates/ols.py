# %% Linear regression with statsmodels (OLS)
import pandas as pd
import statsmodels.formula.api as smf

# Change to your file and formula: outcome ~ predictors, where C(...) marks a
# categorical column.
DATA_PATH = "data.csv"
FORMULA = "units ~ price + advertising + temperature + C(promotion) + C(region)"

df = pd.read_csv(DATA_PATH)
# Rows with a missing value in the formula's columns are dropped.
model = smf.ols(FORMULA, data=df).fit()
print(model.summary())
print(f"\nR-squared: {model.rsquared:.3f}, adjusted: {model.rsquared_adj:.3f}")
