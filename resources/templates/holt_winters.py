# %% Forecast with exponential smoothing (Holt-Winters)
import matplotlib.pyplot as plt
import pandas as pd
from statsmodels.tsa.holtwinters import ExponentialSmoothing

# Change to your file, its date column, the value to forecast and the frequency.
DATA_PATH = "data.csv"
DATE_COLUMN = "date"
VALUE_COLUMN = "units"
FREQUENCY = "D"  # D: daily, W: weekly, MS: monthly
SEASON_LENGTH = 7  # 7 for a weekly pattern in daily data, 12 for monthly data
HORIZON = 14  # periods to forecast

df = pd.read_csv(DATA_PATH, parse_dates=[DATE_COLUMN])
# One value per period; gaps are filled by interpolation.
series = (
    df.set_index(DATE_COLUMN)[VALUE_COLUMN]
    .resample(FREQUENCY)
    .sum(min_count=1)
    .interpolate()
)

# Hold out the last HORIZON periods to measure the forecast before trusting it.
train, test = series[:-HORIZON], series[-HORIZON:]
model = ExponentialSmoothing(
    train, trend="add", seasonal="add", seasonal_periods=SEASON_LENGTH
).fit()
forecast = model.forecast(HORIZON)
mae = (forecast - test).abs().mean()
print(f"Mean absolute error on the last {HORIZON} periods: {mae:.3f}")

final = ExponentialSmoothing(
    series, trend="add", seasonal="add", seasonal_periods=SEASON_LENGTH
).fit()
future = final.forecast(HORIZON)
print(future.round(2))

fig, ax = plt.subplots(figsize=(10, 4))
series.plot(ax=ax, label="observed")
forecast.plot(ax=ax, label="forecast of the held-out periods", linestyle="--")
future.plot(ax=ax, label="forecast")
ax.legend()
ax.set_title(f"{VALUE_COLUMN}: Holt-Winters forecast")
fig.tight_layout()
