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
    """The extent of a table and a way to read a window of it."""

    def __init__(self, rows, columns, read):
        self.rows = rows
        self.columns = columns
        self.read = read  # (r0, r1, c0, c1) -> (columns [(name, dtype)], index, rows)


def _frame_table(frame):
    def read(r0, r1, c0, c1):
        window = frame.iloc[r0:r1, c0:c1]
        columns = [(label(name), _text(dtype)) for name, dtype in window.dtypes.items()]
        cells = [[cell(v) for v in window.iloc[:, j].tolist()] for j in range(c1 - c0)]
        rows = (
            [list(row) for row in zip(*cells)]
            if cells
            else [[] for _ in range(r1 - r0)]
        )
        return columns, [label(key) for key in window.index], rows

    return _Table(frame.shape[0], frame.shape[1], read)


def _series_table(series):
    def read(r0, r1, c0, c1):
        window = series.iloc[r0:r1]
        name = "value" if series.name is None else label(series.name)
        rows = [[cell(v)] for v in window.tolist()] if c1 > c0 else [[] for _ in window]
        columns = [(name, _text(series.dtype))] if c1 > c0 else []
        return columns, [label(key) for key in window.index], rows

    return _Table(len(series), 1, read)


def _array_table(array):
    if array.ndim > 2:
        raise PageError(
            "an array of %d dimensions is not shown as a table; "
            "view a slice of it instead" % array.ndim
        )
    matrix = array.reshape(-1, 1) if array.ndim == 1 else array

    def read(r0, r1, c0, c1):
        window = matrix[r0:r1, c0:c1]
        columns = [(str(j), _text(array.dtype)) for j in range(c0, c1)]
        rows = [[cell(v) for v in row] for row in window.tolist()]
        return columns, [str(i) for i in range(r0, r1)], rows

    return _Table(matrix.shape[0], matrix.shape[1], read)


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

    def read(r0, r1, c0, c1):
        chosen = names[c0:c1]
        rows = []
        for record in records[r0:r1]:
            get = record.get if type(record) is dict else (lambda key: None)
            rows.append([cell(get(key)) for key in chosen])
        return (
            [(label(key), "object") for key in chosen],
            [str(i) for i in range(r0, r1)],
            rows,
        )

    return _Table(len(records), len(names), read)


def _columns_table(mapping):
    names = list(mapping)
    for name in names:
        column = mapping[name]
        if type(column) not in (list, tuple) and not (
            _isinstance(column, "numpy", "ndarray") and _top_module(column) == "numpy"
        ):
            raise PageError("a dict is shown as a table when its values are lists")
    length = max((len(mapping[name]) for name in names), default=0)

    def read(r0, r1, c0, c1):
        chosen = names[c0:c1]
        columns = [mapping[name] for name in chosen]
        rows = [
            [cell(column[i]) if i < len(column) else None for column in columns]
            for i in range(r0, r1)
        ]
        return (
            [(label(name), "object") for name in chosen],
            [str(i) for i in range(r0, r1)],
            rows,
        )

    return _Table(length, len(names), read)


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
        if isinstance(value, base) and type(value) is not base:
            raise PageError(
                _SUBCLASS % (type(value).__name__, base.__name__, base.__name__ + "(x)")
            )
    if _isinstance(value, "pandas", "DataFrame"):
        return _frame_table(value)
    if _isinstance(value, "pandas", "Series"):
        return _series_table(value)
    if _isinstance(value, "numpy", "ndarray"):
        return _array_table(value)
    if type(value) is list:
        return _records_table(value)
    if type(value) is dict:
        return _columns_table(value)
    raise PageError("a %s is not a table" % type(value).__name__)


def page(namespace, name, row_start, row_count, column_start, column_count):
    """The fields of a "rows" reply for that window of the variable `name`."""
    if namespace is None:
        raise PageError("this engine has no session variables")
    if name not in namespace:
        raise PageError("there is no variable named %s" % name)
    table = table_of(namespace[name])
    row_count = max(0, min(row_count, MAX_ROWS))
    column_count = max(0, min(column_count, MAX_COLUMNS))
    r0 = min(max(0, row_start), table.rows)
    r1 = min(r0 + row_count, table.rows)
    c0 = min(max(0, column_start), table.columns)
    c1 = min(c0 + column_count, table.columns)
    columns, index, rows = table.read(r0, r1, c0, c1)
    return {
        "error": "",
        "totalRows": int(table.rows),
        "totalColumns": int(table.columns),
        "rowStart": r0,
        "columnStart": c0,
        "columns": [{"name": n, "dtype": d} for n, d in columns],
        "index": index,
        "rows": rows,
    }


def _error_fields(message):
    return {
        "error": _text(message),
        "totalRows": 0,
        "totalColumns": 0,
        "rowStart": 0,
        "columnStart": 0,
        "columns": [],
        "index": [],
        "rows": [],
    }


def page_reply(namespace, request):
    """The "rows" reply to a "page" request; an error reply instead of raising."""
    reply = {"type": "rows", "id": request.get("id", 0)}
    try:
        reply.update(
            page(
                namespace,
                request["name"],
                request["rowStart"],
                request["rowCount"],
                request["columnStart"],
                request["columnCount"],
            )
        )
    except PageError as error:
        reply.update(_error_fields(str(error)))
    except Exception as error:
        reply.update(_error_fields("%s: %s" % (type(error).__name__, error)))
    return reply
