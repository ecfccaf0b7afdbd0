"""Writes sales.csv, the small dataset the analysis templates are tested against.

One row per day for 100 days: a date, two categorical columns, numeric columns that depend on
each other (so models and tests find something) and three missing temperatures (so templates
must cope with gaps). Only the standard library is used, so the file is the same on every
machine: run `python3 make_sales.py` in this folder to regenerate it.
"""

import csv
import datetime
import math
import random
from pathlib import Path

ROWS = 100
SEED = 20240501
REGIONS = ["North", "South", "East", "West"]
MISSING_TEMPERATURE_DAYS = {17, 52, 88}


def rows():
    rng = random.Random(SEED)
    start = datetime.date(2024, 1, 1)
    for day in range(ROWS):
        date = start + datetime.timedelta(days=day)
        region = rng.choice(REGIONS)
        promotion = rng.random() < 0.4
        temperature = 8 + 10 * math.sin(day / 16) + rng.gauss(0, 2)
        advertising = round(rng.uniform(0.5, 5.0), 2)
        price = round(rng.uniform(8.0, 14.0) - (1.5 if promotion else 0.0), 2)
        weekend = date.weekday() >= 5
        units = (
            40
            + 6 * advertising
            - 3 * (price - 10)
            + 0.4 * temperature
            + (12 if weekend else 0)
            + (10 if promotion else 0)
            + 0.15 * day
            + rng.gauss(0, 4)
        )
        units = max(0, round(units))
        visitors = round(units * rng.uniform(2.5, 4.0))
        revenue = round(units * price, 2)
        yield {
            "date": date.isoformat(),
            "region": region,
            "promotion": "yes" if promotion else "no",
            "temperature": (
                "" if day in MISSING_TEMPERATURE_DAYS else f"{temperature:.1f}"
            ),
            "advertising": f"{advertising:.2f}",
            "price": f"{price:.2f}",
            "visitors": visitors,
            "units": units,
            "revenue": f"{revenue:.2f}",
            "target_met": int(units >= 75),
        }


def main():
    data = list(rows())
    path = Path(__file__).with_name("sales.csv")
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(data[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)


if __name__ == "__main__":
    main()
