"""Column summaries for the data viewer, computed on the side thread.

summary_reply() answers a "summarize" request: rows, nulls, distinct values, statistics of
numbers (min, max, mean, std on every row; quartiles on a sample past SAMPLE_ROWS), the most
frequent values, and a histogram of numbers. Bounded in time by sampling: 'sampled' tells the
window how many rows the sampled figures come from. No user code runs: objects that are not
plain values are counted by their type's name.
"""

from .dataview import PageError, cell, comparable, label, table_of

SAMPLE_ROWS = 1_000_000
TOP_VALUES = 10
HISTOGRAM_BINS = 30


def _fields(series, name):
    import numpy as np

    rows = len(series)
    nulls = int(series.isna().sum())
    values = series.dropna()
    if len(values) > SAMPLE_ROWS:
        picks = np.random.default_rng(0).integers(0, len(values), SAMPLE_ROWS)
        sample = values.iloc[np.sort(picks)]
    else:
        sample = values
    kind = series.dtype.kind
    numeric = kind in "iuf"
    if kind == "O" or str(series.dtype) == "category":
        # Counting by value hashes and compares them: only plain values are themselves.
        sample = sample.astype(object).map(comparable)
    counts = sample.value_counts()
    fields = {
        "error": "",
        "name": label(name),
        "dtype": str(series.dtype),
        "rows": rows,
        "nulls": nulls,
        "distinct": int(len(counts)),
        "sampled": int(len(sample)),
        "stats": [],
        "top": [],
        "edges": [],
        "counts": [],
    }
    if numeric and len(values):
        data = values.to_numpy(dtype=float)
        finite = data[np.isfinite(data)]
        quartiles = np.quantile(sample.to_numpy(dtype=float), [0.25, 0.5, 0.75])
        fields["stats"] = [
            ["min", float(data.min())],
            ["max", float(data.max())],
            ["mean", float(data.mean())],
            ["std", float(data.std(ddof=1)) if len(data) > 1 else None],
            ["25%", float(quartiles[0])],
            ["50%", float(quartiles[1])],
            ["75%", float(quartiles[2])],
        ]
        fields["stats"] = [[k, None if v != v else v] for k, v in fields["stats"]]
        if len(finite):
            bins = HISTOGRAM_BINS
            if kind in "iu":
                # Bins of a whole number of values each, centred on them: 37 distinct
                # integers in 30 equal bins would give some bins one value and others two.
                low = int(finite.min())
                span = int(finite.max()) - low + 1
                width = -(-span // HISTOGRAM_BINS)
                bins = low - 0.5 + width * np.arange(-(-span // width) + 1)
            hist, edges = np.histogram(finite, bins=bins)
            fields["edges"] = [float(e) for e in edges]
            fields["counts"] = [int(n) for n in hist]
    elif kind == "M" and len(values):
        fields["stats"] = [
            ["min", cell(values.min())],
            ["max", cell(values.max())],
            ["50%", cell(sample.sort_values().iloc[len(sample) // 2])],
        ]
    if not numeric or len(counts) <= TOP_VALUES:
        fields["top"] = [
            [label(value) if type(value) is not str else cell(value), int(count)]
            for value, count in counts.head(TOP_VALUES).items()
        ]
    return fields


def summarize(value, column):
    table = table_of(value)
    if not 0 <= column < table.columns:
        raise PageError("the table has no column %d" % column)
    series = table.column(column)
    heading = series.name if series.name is not None else str(column)
    return _fields(series, heading)


def _error_fields(message):
    return {
        "error": cell(message) if isinstance(message, str) else "error",
        "name": "",
        "dtype": "",
        "rows": 0,
        "nulls": 0,
        "distinct": -1,
        "sampled": 0,
        "stats": [],
        "top": [],
        "edges": [],
        "counts": [],
    }


def summary_reply(namespace, request, holds=None):
    """The "summary" reply to a "summarize" request; an error reply instead of raising. holds
    (a holding.Holds) has the objects of viewers that hold theirs."""
    from . import holding

    reply = {"type": "summary", "id": request.get("id", 0)}
    try:
        value, _ = (holds if holds is not None else holding.Holds()).source(
            namespace, request
        )
        reply.update(summarize(value, request["column"]))
    except PageError as error:
        reply.update(_error_fields(str(error)))
    except Exception as error:
        reply.update(_error_fields("%s: %s" % (type(error).__name__, error)))
    return reply
