"""Pages of table-like variables for the data viewer, read on the side thread.

page_reply() answers a "page" request with a window of rows and columns of a DataFrame, a
Series, a numpy array of one or two dimensions, a list of records or a dict of lists. It only
reads: the object is never changed, and no user code runs, since it could hang a thread that
cannot be interrupted: objects of user classes show as their type's name, tables of user
subclasses (a DataFrame or list subclass with its own methods) are refused with a message, and
names and labels that are not plain values show as their type's name too. Every failure becomes
a reply with an error; nothing raises to the caller.
"""

import datetime
import decimal
import math
import sys

from .variables import _isinstance

MAX_ROWS = 1000  # the protocol's MaxPageRows
MAX_COLUMNS = 200  # MaxPageColumns
MAX_CELL_CHARS = 1000  # MaxCellChars
MAX_INDEX_LEVELS = 16  # MaxIndexLevels
WIDE_COLUMNS = 1000
# A list of records names its columns after the keys of its first records, up to this many.
RECORD_KEY_SCAN = 1000
_INT64 = (-(2**63), 2**63 - 1)
_TEXT_MODULES = frozenset(
    {"builtins", "datetime", "decimal", "fractions", "uuid", "pathlib"}
)
# Where the classes of tables come from that are read as they are; a subclass from anywhere else
# (the user's code) could run code when read.
_TABLE_MODULES = frozenset({"pandas", "numpy", "geopandas"})
_PLAIN_LABELS = (str, int, float, bool, type(None))
_SUBCLASS = (
    "%s is a %s subclass from your code, which is not read while code could run in it; "
    "view %s instead"
)


class PageError(Exception):
    """Why a variable has no page: said to the user as it is."""


def _text(value):
    text = value if isinstance(value, str) else str(value)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "\u2026"
    return text


def _top_module(value):
    return (type(value).__module__ or "").split(".")[0]


def _type_name(value):
    return "<%s>" % type(value).__name__


_VALUE_TYPES = (str, int, float, bool, bytes, complex)
_VALUE_MODULES = ("numpy", "pandas", "datetime", "decimal")


def comparable(value):
    """The value itself when comparing or hashing it runs no user code; else the name the
    viewer shows for it ("<TypeName>"). For sorting, filtering and counting objects."""
    kind = type(value)
    if value is None or kind in _VALUE_TYPES:
        return value
    if (kind.__module__ or "").split(".")[0] in _VALUE_MODULES:
        return value
    return _type_name(value)


def label(value):
    """A column name or index label as text, without calling user code."""
    if type(value) in _PLAIN_LABELS:
        return _text(value)
    if type(value) is tuple:  # a MultiIndex key
        return _text(" / ".join(label(part) for part in value))
    if _top_module(value) in ("numpy", "pandas", "datetime"):
        return _text(value)
    return _type_name(value)


def cell(value):
    """A value as the protocol carries it: None, bool, int, float or bounded text."""
    if value is None:
        return None
    module = _top_module(value)
    if module not in _TEXT_MODULES and module not in ("numpy", "pandas"):
        return _type_name(value)  # a user class: its methods could run anything
    numpy = sys.modules.get("numpy")
    if isinstance(value, bool) or (
        numpy is not None and isinstance(value, numpy.bool_)
    ):
        return bool(value)
    if isinstance(value, int) or (
        numpy is not None and isinstance(value, numpy.integer)
    ):
        number = int(value)
        return number if _INT64[0] <= number <= _INT64[1] else _text(number)
    if isinstance(value, float) or (
        numpy is not None and isinstance(value, numpy.floating)
    ):
        number = float(value)
        return None if math.isnan(number) else number
    pandas = sys.modules.get("pandas")
    if pandas is not None and (value is pandas.NaT or value is pandas.NA):
        return None
    if isinstance(value, (datetime.date, datetime.time)):
        return _text(value.isoformat())
    if isinstance(value, (str, decimal.Decimal)):
        return _text(value)
    if type(value) in (list, tuple, dict, set, frozenset):
        # Their text could be huge, or call the repr of user objects inside them.
        return "<%s of %d>" % (type(value).__name__, len(value))
    if module == "builtins" and type(value) not in (str, bytes, complex, range):
        return _type_name(value)  # e.g. a function or a generator: nothing to read
    return _text(value)


class _Table:
    """The extent of a table, a way to read a window of it and its columns for views.

    read(rows, c0, c1) takes the rows as a slice or as an array of positions (a view's order)
    and returns (columns [(name, dtype)], index labels, rows of cells), the labels of a row a
    list of one per level. column(j) is column j as a pandas Series, for sorting and filtering.
    index_names names the index's levels ([""]: one unnamed level).
    """

    def __init__(self, rows, columns, read, column, index_names=("",), row_values=None):
        self.rows = rows
        self.columns = columns
        self.read = read
        self.column = column
        self.index_names = list(index_names)
        self._row_values = row_values

    def row_values(self, rows):
        """The raw values of those rows, row by row (for reading wide tables across)."""
        if self._row_values is not None:
            return self._row_values(rows)
        columns = [self.column(j).iloc[rows].tolist() for j in range(self.columns)]
        return list(zip(*columns))


def _index_names(index):
    """The names of a pandas index's levels, as many as the page carries."""
    if index.nlevels > MAX_INDEX_LEVELS:
        return [""]
    return ["" if name is None else label(name) for name in index.names]


def _index_labels(index):
    """The labels of each row of a pandas index, one per level (see _index_names)."""
    if 1 < index.nlevels <= MAX_INDEX_LEVELS:
        return [[label(part) for part in key] for key in index]
    return [[label(key)] for key in index]


def _positions(rows, length):
    """The row numbers a slice or an array of positions stands for, as a list."""
    return list(range(length)[rows]) if isinstance(rows, slice) else rows.tolist()


def _pandas():
    import pandas  # only for views; a plain page never needs it

    return pandas


def _frame_table(frame):
    def read(rows, c0, c1):
        # Rows first: a row slice is a view, while a column slice of a frame of several dtypes
        # copies whole columns (10^8 rows for a page of 260). Only a very wide frame takes its
        # columns first (its blocks are few, and that slice a view).
        if frame.shape[1] <= WIDE_COLUMNS:
            window = frame.iloc[rows].iloc[:, c0:c1]
        else:
            window = frame.iloc[:, c0:c1].iloc[rows]
        columns = [(label(name), _text(dtype)) for name, dtype in window.dtypes.items()]
        cells = [[cell(v) for v in window.iloc[:, j].tolist()] for j in range(c1 - c0)]
        rows_out = (
            [list(row) for row in zip(*cells)]
            if cells
            else [[] for _ in range(len(window))]
        )
        return columns, _index_labels(window.index), rows_out

    return _Table(
        frame.shape[0],
        frame.shape[1],
        read,
        lambda j: frame.iloc[:, j],
        _index_names(frame.index),
        lambda rows: frame.iloc[rows].to_numpy(dtype=object),
    )


def _series_table(series):
    def read(rows, c0, c1):
        window = series.iloc[rows]
        name = "value" if series.name is None else label(series.name)
        cells = (
            [[cell(v)] for v in window.tolist()] if c1 > c0 else [[] for _ in window]
        )
        columns = [(name, _text(series.dtype))] if c1 > c0 else []
        return columns, _index_labels(window.index), cells

    return _Table(len(series), 1, read, lambda j: series, _index_names(series.index))


def _array_table(array):
    if array.ndim > 2:
        raise PageError(
            "an array of %d dimensions is not shown as a table; "
            "view a slice of it instead" % array.ndim
        )
    matrix = array.reshape(-1, 1) if array.ndim == 1 else array

    def read(rows, c0, c1):
        window = matrix[rows, c0:c1]
        columns = [(str(j), _text(array.dtype)) for j in range(c0, c1)]
        cells = [[cell(v) for v in row] for row in window.tolist()]
        return columns, [[str(i)] for i in _positions(rows, matrix.shape[0])], cells

    return _Table(
        matrix.shape[0],
        matrix.shape[1],
        read,
        lambda j: _pandas().Series(matrix[:, j]),
    )


def _records_table(records):
    keys = {}
    for record in records[:RECORD_KEY_SCAN]:
        if type(record) is not dict:
            raise PageError(
                "a list is shown as a table when its items are dicts (records)"
            )
        for key in record:
            if type(key) not in _PLAIN_LABELS:
                raise PageError(
                    "a list of records is shown as a table when its keys are strings "
                    "or numbers"
                )
            keys.setdefault(key, None)
    names = list(keys)

    def value_of(record, key):
        return record.get(key) if type(record) is dict else None

    def read(rows, c0, c1):
        chosen = names[c0:c1]
        positions = _positions(rows, len(records))
        cells = [[cell(value_of(records[i], key)) for key in chosen] for i in positions]
        return (
            [(label(key), "object") for key in chosen],
            [[str(i)] for i in positions],
            cells,
        )

    def column(j):
        key = names[j]
        return _pandas().Series(
            [value_of(record, key) for record in records], dtype=object
        )

    return _Table(len(records), len(names), read, column)


def _columns_table(mapping):
    names = list(mapping)
    for name in names:
        column = mapping[name]
        if type(column) not in (list, tuple) and not (
            _isinstance(column, "numpy", "ndarray") and _top_module(column) == "numpy"
        ):
            raise PageError("a dict is shown as a table when its values are lists")
    length = max((len(mapping[name]) for name in names), default=0)

    def value_at(column, i):
        return column[i] if i < len(column) else None

    def read(rows, c0, c1):
        chosen = names[c0:c1]
        columns = [mapping[name] for name in chosen]
        positions = _positions(rows, length)
        cells = [[cell(value_at(column, i)) for column in columns] for i in positions]
        return (
            [(label(name), "object") for name in chosen],
            [[str(i)] for i in positions],
            cells,
        )

    def column(j):
        values = mapping[names[j]]
        return _pandas().Series(
            [value_at(values, i) for i in range(length)],
            dtype=None if _isinstance(values, "numpy", "ndarray") else object,
        )

    return _Table(length, len(names), read, column)


def table_of(value):
    """The _Table for a value, or PageError saying why it is not a table."""
    for module, name, convert in (
        ("pandas", "DataFrame", "pd.DataFrame(x)"),
        ("pandas", "Series", "pd.Series(x)"),
        ("numpy", "ndarray", "np.asarray(x)"),
    ):
        if (
            _isinstance(value, module, name)
            and _top_module(value) not in _TABLE_MODULES
        ):
            raise PageError(_SUBCLASS % (type(value).__name__, name, convert))
    for base in (list, dict):
        # Not isinstance(): it would ask a user object for its __class__.
        if issubclass(type(value), base) and type(value) is not base:
            raise PageError(
                _SUBCLASS % (type(value).__name__, base.__name__, base.__name__ + "(x)")
            )
    if _isinstance(value, "pandas", "DataFrame"):
        return _frame_table(value)
    if _isinstance(value, "pandas", "Series"):
        return _series_table(value)
    if _top_module(value) == "dask":
        raise PageError(
            "a Dask %s is read a partition at a time, and this works on a whole table: "
            "compute the part you need (e.g. x.head(10_000)) and use that"
            % type(value).__name__
        )
    if _isinstance(value, "numpy", "ndarray"):
        return _array_table(value)
    if type(value) is list:
        return _records_table(value)
    if type(value) is dict:
        return _columns_table(value)
    raise PageError("a %s is not a table" % type(value).__name__)


def lookup(namespace, name):
    """The value of a session variable, or PageError saying why there is none."""
    if namespace is None:
        raise PageError("this engine has no session variables")
    if name not in namespace:
        raise PageError("there is no variable named %s" % name)
    return namespace[name]


def page(value, row_start, row_count, column_start, column_count, view=None):
    """The fields of a "rows" reply for that window of the table `value`, in the view's row
    order when a tableview.View is given."""
    table = table_of(value)
    order = view.order(value, table) if view is not None else None
    total = table.rows if order is None else len(order)
    row_count = max(0, min(row_count, MAX_ROWS))
    column_count = max(0, min(column_count, MAX_COLUMNS))
    r0 = min(max(0, row_start), total)
    r1 = min(r0 + row_count, total)
    c0 = min(max(0, column_start), table.columns)
    c1 = min(c0 + column_count, table.columns)
    rows = slice(r0, r1) if order is None else order[r0:r1]
    columns, index, cells = table.read(rows, c0, c1)
    fields = {
        "error": "",
        "totalRows": int(total),
        "totalColumns": int(table.columns),
        "sourceRows": int(table.rows),
        "rowStart": r0,
        "columnStart": c0,
        "columns": [{"name": n, "dtype": d} for n, d in columns],
        "index": [text for labels in index for text in labels],
        "rows": cells,
    }
    if table.index_names != [""]:
        fields["indexNames"] = table.index_names
    return fields


def _error_fields(message):
    return {
        "error": _text(message),
        "totalRows": 0,
        "totalColumns": 0,
        "sourceRows": 0,
        "rowStart": 0,
        "columnStart": 0,
        "columns": [],
        "index": [],
        "rows": [],
    }


def page_reply(namespace, request, views=None, holds=None):
    """The "rows" reply to a "page" request; an error reply instead of raising. views (a
    tableview.Views) keeps the row orders of sorted and filtered views between pages, holds (a
    holding.Holds) the objects of viewers that hold theirs."""
    from . import holding, tableview

    reply = {"type": "rows", "id": request.get("id", 0)}
    try:
        value, rebound = (holds if holds is not None else holding.Holds()).source(
            namespace, request
        )
        if "dask" in sys.modules:
            from . import daskframes

            if daskframes.is_frame(value):
                reply.update(_dask_page(value, request, views))
                if rebound:
                    reply["rebound"] = True
                return reply
        view = (views if views is not None else tableview.Views()).view_of(request)
        reply.update(
            page(
                value,
                request["rowStart"],
                request["rowCount"],
                request["columnStart"],
                request["columnCount"],
                view,
            )
        )
        if rebound:
            reply["rebound"] = True
    except PageError as error:
        reply.update(_error_fields(str(error)))
    except Exception as error:
        reply.update(_error_fields("%s: %s" % (type(error).__name__, error)))
    return reply


def _dask_page(frame, request, views):
    """The page of one partition of a Dask DataFrame (of the viewer's sorted and filtered frame
    when it asks for a view); the partition is computed, the rest of the frame is not.
    """
    from . import tableview

    partitions = (views if views is not None else tableview.Views()).partitions
    shown = partitions.view(frame, request.get("sort"), request.get("filter"))
    number = request.get("partition", 0)
    if type(number) is not int:
        raise PageError("a partition is a number")
    part, count = partitions.partition(shown, number)
    fields = page(
        part,
        request["rowStart"],
        request["rowCount"],
        request["columnStart"],
        request["columnCount"],
    )
    fields["partitions"] = count
    fields["partition"] = number
    return fields
