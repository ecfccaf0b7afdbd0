# %% Load an Excel sheet
import pandas as pd

# Change to your workbook; SHEET is a sheet's name or position (0 is the first sheet).
DATA_PATH = "data.xlsx"
SHEET = 0

with pd.ExcelFile(DATA_PATH) as workbook:
    print("Sheets:", ", ".join(map(str, workbook.sheet_names)))
    df = workbook.parse(SHEET)
print(f"{len(df)} rows x {len(df.columns)} columns")
df.head()
