# %% Forecast with ARIMA
import matplotlib.pyplot as plt
import pandas as pd
from statsmodels.tsa.arima.model import ARIMA

# Change to your file, its date column, the value to forecast and the frequency.
DATA_PATH = "data.csv"
DATE_COLUMN = "date"
VALUE_COLUMN = "units"
FREQUENCY = "D"  # D: daily, W: weekly, MS: monthly
ORDER = (1, 1, 1)  # (p, d, q): autoregressive terms, differences, moving-average terms
SEASONAL_ORDER = (1, 0, 1, 7)  # (P, D, Q, season length); (0, 0, 0, 0) for none
HORIZON = 14  # periods to forecast

df = pd.read_csv(DATA_PATH, parse_dates=[DATE_COLUMN])
series = (
    df.set_index(DATE_COLUMN)[VALUE_COLUMN]
    .resample(FREQUENCY)
    .sum(min_count=1)
    .interpolate()
)

model = ARIMA(series, order=ORDER, seasonal_order=SEASONAL_ORDER).fit()
print(model.summary().tables[1])
print(f"AIC: {model.aic:.2f}")

prediction = model.get_forecast(HORIZON)
interval = prediction.conf_int(alpha=0.05)
print(prediction.predicted_mean.round(2))

fig, ax = plt.subplots(figsize=(10, 4))
series.plot(ax=ax, label="observed")
prediction.predicted_mean.plot(ax=ax, label="forecast")
ax.fill_between(
    interval.index, interval.iloc[:, 0], interval.iloc[:, 1], alpha=0.2, label="95 %"
)
ax.legend()
ax.set_title(f"{VALUE_COLUMN}: ARIMA{ORDER}x{SEASONAL_ORDER} forecast")
fig.tight_layout()
