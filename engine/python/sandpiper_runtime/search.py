"""The data viewer's search: the next cell of a view whose value matches a text.

Cells are numbered row by row in the view (position = row * columns + column). A request looks
at `count` positions from `start` on, or back from it, going round past the end; it stops when
its time is up and says how far it got, so the window asks again from there and the side thread
stays free for pages meanwhile.

What matches (the same whatever the column holds, as the viewer shows it):
- text contains the search text (ignoring case unless asked);
- a number equals the text read as a number, at the text's precision ("3.14" finds 3.14159);
- booleans match "true" or "false", dates their ISO text, objects of user classes "<TypeName>".
Like the rest of the viewer, nothing here calls user code.
"""

import math
import time

from .dataview import WIDE_COLUMNS, PageError, cell, table_of

TIME_BUDGET_S = 0.25
FIRST_CHUNK_CELLS = 4096
MAX_CHUNK_CELLS = 1 << 20


class _Query:
    def __init__(self, text, match_case):
        self.match_case = match_case
        self.text = text if match_case else text.casefold()
        self.number, self.decimals = _as_number(text.strip())
        lowered = text.strip().lower()
        self.boolean = {"true": True, "false": False}.get(lowered)

    def matches_text(self, text):
        if (
            "T" in text and text[:1].isdigit()
        ):  # an ISO date: also as "2024-01-03 00:00"
            text = text + "\n" + text.replace("T", " ")
        if not self.match_case:
            text = text.casefold()
        return self.text in text

    def matches_number(self, value):
        if self.number is None or math.isnan(value):
            return False
        if self.decimals is None:
            return value == self.number
        return round(value, self.decimals) == self.number

    def matches_cell(self, value):
        """value as dataview.cell() gives it: None, bool, int, float or text."""
        if value is None:
            return False
        if type(value) is bool:
            return value is self.boolean
        if type(value) in (int, float):
            return self.matches_number(value)
        return self.matches_text(value)


def _as_number(text):
    """(the number, its decimals or None for a whole number), or (None, None)."""
    try:
        number = float(text)
    except ValueError:
        return None, None
    if math.isnan(number) or math.isinf(number):
        return None, None
    mantissa = text.lower().split("e")[0]
    if "." in mantissa and "e" not in text.lower():
        return number, len(mantissa.split(".")[1])
    return number, None


def _column_matcher(series, query):
    """A function from some rows of the column (a Series) to a boolean mask of them: numpy
    numbers and booleans at once, anything else value by value as the viewer shows it.
    """
    import numpy as np

    kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else "O"
    nothing = lambda rows: np.zeros(len(rows), dtype=bool)  # noqa: E731
    if kind in "iuf":
        if query.number is None:
            return nothing
        if kind == "f" and query.decimals is not None:
            return (
                lambda rows: np.round(rows.to_numpy(), query.decimals) == query.number
            )
        return lambda rows: rows.to_numpy() == query.number
    if kind == "b":
        if query.boolean is None:
            return nothing
        return lambda rows: rows.to_numpy() == query.boolean
    return lambda rows: np.fromiter(
        (query.matches_cell(cell(value)) for value in rows.tolist()),
        dtype=bool,
        count=len(rows),
    )


class _Finder:
    def __init__(self, table, order, query):
        self.table = table
        self.order = order
        self.query = query
        self.rows = table.rows if order is None else len(order)
        self.columns = table.columns
        self._series = {}
        self._matchers = {}

    def _mask(self, r0, r1):
        """Which cells of view rows [r0, r1) match, row by row, as a flat boolean array."""
        import numpy as np

        rows = slice(r0, r1) if self.order is None else self.order[r0:r1]
        if self.columns > WIDE_COLUMNS:
            # A column at a time would cost 10^5 Series per row: read whole rows instead.
            values = self.table.row_values(rows)
            return np.fromiter(
                (
                    self.query.matches_cell(cell(value))
                    for row in values
                    for value in row
                ),
                dtype=bool,
                count=(r1 - r0) * self.columns,
            )
        mask = np.zeros((r1 - r0, self.columns), dtype=bool)
        for j in range(self.columns):
            series = self._series.get(j)
            if series is None:
                series = self._series[j] = self.table.column(j)
                self._matchers[j] = _column_matcher(series, self.query)
            mask[:, j] = self._matchers[j](series.iloc[rows])
        return mask.ravel()

    def find(self, start, count, backward, deadline):
        """{"found", "row", "column", "scanned"}: the first match within count positions of
        start (round past the end), or how many positions were looked at."""
        total = self.rows * self.columns
        count = min(count, total)
        scanned = 0
        width = max(1, self.columns)
        chunk_rows = max(1, FIRST_CHUNK_CELLS // width)
        while scanned < count:
            began = time.monotonic()
            # The positions still to look at, in the order of the search, up to the wrap.
            here = (start - scanned) % total if backward else (start + scanned) % total
            run = min(count - scanned, here + 1 if backward else total - here)
            first, last = (here - run + 1, here) if backward else (here, here + run - 1)
            if backward:
                r1 = last // self.columns + 1
                r0 = max(first // self.columns, r1 - chunk_rows)
            else:
                r0 = first // self.columns
                r1 = min(last // self.columns + 1, r0 + chunk_rows)
            lo = max(first, r0 * self.columns)
            hi = min(last, r1 * self.columns - 1)
            mask = self._mask(r0, r1)[
                lo - r0 * self.columns : hi - r0 * self.columns + 1
            ]
            hits = mask.nonzero()[0]
            if len(hits):
                position = lo + int(hits[-1] if backward else hits[0])
                distance = here - position if backward else position - here
                row, column = divmod(position, self.columns)
                return {
                    "found": True,
                    "row": row,
                    "column": column,
                    "scanned": scanned + distance,
                }
            scanned += hi - lo + 1
            now = time.monotonic()
            if now > deadline:
                break
            # Grow the chunks while the time left allows one more of that size.
            per_row = (now - began) / (r1 - r0)
            fits = int((deadline - now) / per_row) if per_row > 0 else chunk_rows * 2
            chunk_rows = max(1, min(chunk_rows * 2, fits, MAX_CHUNK_CELLS // width))
        return {"found": False, "row": 0, "column": 0, "scanned": scanned}


def find(value, request, view=None, time_budget=TIME_BUDGET_S):
    table = table_of(value)
    order = view.order(value, table) if view is not None else None
    finder = _Finder(table, order, _Query(request["text"], request["matchCase"]))
    if finder.rows == 0 or finder.columns == 0:
        return {"found": False, "row": 0, "column": 0, "scanned": request["count"]}
    return finder.find(
        request["start"] % (finder.rows * finder.columns),
        request["count"],
        request["backward"],
        time.monotonic() + time_budget,
    )


def find_reply(namespace, request, views, holds):
    """The "found" reply to a "find" request; an error reply instead of raising."""
    reply = {
        "type": "found",
        "id": request.get("id", 0),
        "error": "",
        "found": False,
        "row": 0,
        "column": 0,
        "scanned": 0,
    }
    try:
        value, _ = holds.source(namespace, request)
        reply.update(find(value, request, views.view_of(request)))
    except PageError as error:
        reply["error"] = cell(str(error))
    except Exception as error:
        reply["error"] = cell("%s: %s" % (type(error).__name__, error))
    return reply
