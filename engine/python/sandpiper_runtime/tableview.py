"""Sorted and filtered views of tables for the data viewer, computed on the side thread.

A view is a row order: the positions of the rows that pass the filter, in the order of the sort
keys. It never changes the user's object. Views keeps the orders it computed (a few, newest
kept), so that the next pages of the same view cost only their rows; a run makes them stale,
since code may have written into the object in place.

Like dataview, nothing here calls user code: values of user classes sort, compare and match
text conditions as the name the viewer shows for them ("<TypeName>"). Failures raise
dataview.PageError with a message for the user.
"""

import collections
import json
import re

from .dataview import PageError, comparable

MAX_VIEW_ROWS = 100_000_000
KEPT_ORDERS = 4

_generation = 0


def note_run():
    """Called before every run: orders computed before it may no longer fit the object."""
    global _generation
    _generation += 1


def generation():
    """How many runs have begun: what was computed under an older one may be stale."""
    return _generation


class Views:
    def __init__(self, capacity=KEPT_ORDERS):
        self._orders = collections.OrderedDict()
        self._capacity = capacity
        self._partitions = None

    @property
    def partitions(self):
        """The partitions of Dask DataFrames that viewers read (see daskframes)."""
        if self._partitions is None:
            from .daskframes import Partitions

            self._partitions = Partitions()
        return self._partitions

    def view(self, name, sort, filter_):
        spec = json.dumps([sort or [], filter_ or {}], sort_keys=True, default=str)
        return View(self, name, sort or [], filter_ or {}, spec)

    def view_of(self, request):
        """The View a page or find request asks for; None for the table as it is. Views of
        the variable and of each of its members (by path) are apart."""
        if not request.get("sort") and not request.get("filter"):
            return None
        name = request["name"]
        path = request.get("path")
        if path:
            name += json.dumps(path, sort_keys=True, default=str)
        return self.view(name, request.get("sort"), request.get("filter"))

    def forget(self, value):
        """Drops the orders computed for this object (a viewer let go of it)."""
        for key in [key for key in self._orders if key[1] == id(value)]:
            del self._orders[key]

    def _lookup(self, key):
        order = self._orders.get(key)
        if order is not None:
            self._orders.move_to_end(key)
        return order

    def _store(self, key, order):
        self._orders[key] = order
        while len(self._orders) > self._capacity:
            self._orders.popitem(last=False)

    def __len__(self):
        return len(self._orders)


class View:
    def __init__(self, views, name, sort, filter_, spec):
        self._views = views
        self.name = name
        self.sort = sort
        self.filter = filter_
        self._spec = spec

    def order(self, value, table):
        """The positions of the view's rows in the table of `value`."""
        key = (self.name, id(value), type(value), _generation, self._spec)
        order = self._views._lookup(key)
        if order is None:
            order = compute_order(table, self.sort, self.filter)
            self._views._store(key, order)
        return order


def compute_order(table, sort, filter_):
    import numpy as np

    if table.rows > MAX_VIEW_ROWS:
        raise PageError(
            "sorting and filtering work on tables of up to %d rows; this one has %d"
            % (MAX_VIEW_ROWS, table.rows)
        )
    positions = None
    conditions = (filter_ or {}).get("conditions") or []
    if conditions:
        masks = [_condition_mask(table, condition) for condition in conditions]
        combine = np.logical_and if filter_.get("all", True) else np.logical_or
        positions = np.flatnonzero(combine.reduce(masks))
    if sort:
        positions = _sorted_positions(table, sort, positions)
    if positions is None:
        positions = np.arange(table.rows)
    return positions.astype(np.int64, copy=False)


def _column(table, index):
    """Column index as a Series that sorting and filtering can compare without calling user
    code: in a column of objects, values of user classes become their type's name."""
    if not 0 <= index < table.columns:
        raise PageError("the table has no column %d" % index)
    series = table.column(index)
    if series.dtype == object:
        series = series.map(comparable)
    return series


def _argsort_one(series, ascending):
    """The order of one key, nulls last, exactly as df.sort_values(key) computes it (the same
    function and algorithm); None when the values do not compare (mixed types)."""
    try:
        from pandas.core.sorting import nargsort
    except ImportError:  # pandas moved it: the general path still works
        return None
    try:
        return nargsort(
            series.array, kind="quicksort", ascending=ascending, na_position="last"
        )
    except TypeError:
        return None


def _sorted_positions(table, sort, positions):
    import pandas as pd

    if len(sort) == 1:
        # One key (a header click): no frame of keys to build, only the argsort.
        series = _column(table, sort[0]["column"])
        if positions is not None:
            series = series.iloc[positions]
        order = _argsort_one(series, bool(sort[0]["ascending"]))
        if order is not None:
            return order if positions is None else positions[order]
    keys = {}
    for i, key in enumerate(sort):
        series = _column(table, key["column"])
        if positions is not None:
            series = series.iloc[positions]
        keys[i] = series.reset_index(drop=True)
    frame = pd.DataFrame(keys)
    ascending = [bool(key["ascending"]) for key in sort]
    try:
        ordered = frame.sort_values(
            by=list(keys), ascending=ascending, na_position="last"
        )
    except TypeError:
        # Mixed types in a column ('<' between str and int): numbers, then text, then the
        # rest by type name; nulls stay nulls, last.
        frame = frame.apply(lambda s: s.map(_mixed_key) if s.dtype == object else s)
        ordered = frame.sort_values(
            by=list(keys), ascending=ascending, na_position="last"
        )
    order = ordered.index.to_numpy()
    return order if positions is None else positions[order]


def _is_null(value):
    import pandas as pd

    return value is None or value is pd.NA or value is pd.NaT or value != value


def _mixed_key(value):
    if type(value) in (int, float, bool) or type(value).__module__ == "numpy":
        try:
            if _is_null(value):
                return None
            return (0, float(value))
        except (TypeError, ValueError):
            return (2, type(value).__name__)
    if type(value) is str:
        return (1, value)
    if value is None:
        return None
    return (2, type(value).__name__)


def _texts(series):
    """The column as text for text conditions: numbers and dates as they print, and of an
    object column only its real strings (the str() of a user object could run anything).
    """
    if series.dtype == object or str(series.dtype) == "category":
        values = series.astype(object)
        return values.where(values.map(type) == str)
    if str(series.dtype).startswith("string"):
        return series
    return series.astype(str)


def _comparable(series, value):
    """A filter value in the column's terms: text dates for a datetime column."""
    import pandas as pd

    kind = str(series.dtype)
    if isinstance(value, str) and (
        kind.startswith("datetime") or kind.startswith("<M8")
    ):
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, TypeError) as error:
            raise PageError("%r is not a date: %s" % (value, error)) from None
        tz = getattr(series.dt, "tz", None)
        if tz is not None and stamp.tzinfo is None:
            stamp = stamp.tz_localize(tz)
        return stamp
    return value


_COMPARE = {
    "eq": lambda s, v: s == v,
    "ne": lambda s, v: s != v,
    "lt": lambda s, v: s < v,
    "le": lambda s, v: s <= v,
    "gt": lambda s, v: s > v,
    "ge": lambda s, v: s >= v,
}


def _condition_mask(table, condition):
    series = _column(table, condition["column"])
    op = condition["op"]
    values = condition.get("values") or []
    if op == "isnull":
        mask = series.isna()
    elif op == "notnull":
        mask = series.notna()
    elif op in ("contains", "startswith", "endswith", "regex"):
        pattern = values[0] if isinstance(values[0], str) else str(values[0])
        texts = _texts(series)
        if op == "contains":
            mask = texts.str.contains(pattern, regex=False, na=False)
        elif op == "startswith":
            mask = texts.str.startswith(pattern, na=False)
        elif op == "endswith":
            mask = texts.str.endswith(pattern, na=False)
        else:
            try:
                expression = re.compile(pattern)
            except re.error as error:
                raise PageError("%r is not a regular expression: %s" % (pattern, error))
            # search() itself: pandas would warn about groups, and warnings are not ours to
            # silence from this thread.
            mask = texts.map(
                lambda text: type(text) is str and expression.search(text) is not None
            )
    elif op == "in":
        mask = series.isin([_comparable(series, value) for value in values])
    elif op == "between":
        low, high = (_comparable(series, value) for value in values)
        mask = _compared(lambda s: s.between(low, high), series, values)
    elif op in _COMPARE:
        value = _comparable(series, values[0])
        mask = _compared(lambda s: _COMPARE[op](s, value), series, values)
    else:
        raise PageError("unknown filter %r" % op)
    return mask.fillna(False).to_numpy(dtype=bool)


def _compared(compare, series, values):
    try:
        return compare(series)
    except TypeError:
        raise PageError(
            "the column's values (%s) cannot be compared with %s"
            % (series.dtype, ", ".join(repr(value) for value in values))
        ) from None
