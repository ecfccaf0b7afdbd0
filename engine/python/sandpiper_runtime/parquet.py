"""Parquet files for pandas, written and read by the session's DuckDB (duckdb_database).

write() stores a DataFrame so that read() gives back the same frame: the file's key-value
metadata "sandpiper" (JSON) says what Parquet's types cannot, each column's name and pandas
dtype, the index and the columns' own Index. Other programs see plain columns: numbers,
booleans, text, timestamps (UTC for zoned ones, TIMESTAMP_NS), timedeltas as BIGINT
nanoseconds, categoricals as their values, dates as DATE, the index as columns named after its
levels ("__index_level_N__" when unnamed, as pyarrow names them) unless it is a RangeIndex.

Files without that metadata (or whose columns no longer match it) are read by these rules,
which sql() shares for its results: integers and booleans with NULLs become pandas' nullable
dtypes (Int64, boolean, ...), floats and decimals float64 with NaN, text object (None for
NULL), blobs object bytes, every TIMESTAMP datetime64[ns] (TIMESTAMPTZ in UTC; values beyond
the years 1677-2262 keep their own unit), DATE datetime64[ns] too (dates beyond those years
datetime64[s]), TIME datetime.time objects, ENUM categorical, and what pandas has no type for
(lists, structs, maps, UUID, INTERVAL, ...) its text.

Paths DuckDB may not reach (outside the workspace, or with glob characters) and file-like
objects go through a hidden copy in the workspace. A file is written whole or not at all: into
a hidden file beside the target, which replaces it once complete.

pandas is imported on first use, never when this module is imported; install_pandas_engine()
makes pd.read_parquet and DataFrame.to_parquet use this when pyarrow and fastparquet are
missing.
"""

import contextlib
import datetime
import errno
import json
import os
import re
import shutil
import stat
import tempfile

from . import duckdb_database as duck
from .tableexport import repeated_values, too_large_error

METADATA_KEY = "sandpiper"
METADATA_VERSION = 1
# What compression= accepts -> DuckDB's codec.
COMPRESSIONS = {
    "zstd": "zstd",
    "snappy": "snappy",
    "gzip": "gzip",
    "brotli": "brotli",
    "lz4": "lz4",
    "none": "uncompressed",
    "uncompressed": "uncompressed",
    None: "uncompressed",
}
# (numpy kind, item size) -> the scan's kind.
NUMPY_KINDS = {
    ("b", 1): "BOOLEAN",
    ("i", 1): "TINYINT",
    ("i", 2): "SMALLINT",
    ("i", 4): "INTEGER",
    ("i", 8): "BIGINT",
    ("u", 1): "UTINYINT",
    ("u", 2): "USMALLINT",
    ("u", 4): "UINTEGER",
    ("u", 8): "UBIGINT",
    ("f", 4): "FLOAT",
    ("f", 8): "DOUBLE",
}
INTEGER_TYPES = {
    "TINYINT": "Int8",
    "SMALLINT": "Int16",
    "INTEGER": "Int32",
    "BIGINT": "Int64",
    "UTINYINT": "UInt8",
    "USMALLINT": "UInt16",
    "UINTEGER": "UInt32",
    "UBIGINT": "UInt64",
}
FLOAT_TYPES = ("FLOAT", "DOUBLE", "HUGEINT", "UHUGEINT", "DECIMAL")
TIMESTAMP_UNITS = {
    "TIMESTAMP_NS": "ns",
    "TIMESTAMP": "us",
    "TIMESTAMP_MS": "ms",
    "TIMESTAMP_S": "s",
    "TIMESTAMPTZ": "us",
}
# The types DuckDB's DESCRIBE names that query() returns as they are; others are read as text.
READABLE_TYPES = frozenset(
    (
        "BOOLEAN",
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
        "FLOAT",
        "DOUBLE",
        "HUGEINT",
        "UHUGEINT",
        "TIMESTAMP_NS",
        "TIMESTAMP",
        "TIMESTAMP_MS",
        "TIMESTAMP_S",
        "TIMESTAMP WITH TIME ZONE",
        "TIMESTAMPTZ",
        "DATE",
        "TIME",
        "VARCHAR",
        "BLOB",
    )
)
# Nanoseconds in one unit of each datetime64/timedelta64 unit pandas uses, and days.
NANOSECONDS = {"ns": 1, "us": 10**3, "ms": 10**6, "s": 10**9, "D": 86_400 * 10**9}
INT64_MAX = 2**63 - 1
GLOB_CHARACTERS = "*?["
COLUMNS_LISTED = 20


class ParquetError(ValueError):
    """A file DuckDB cannot read as Parquet; detail is DuckDB's message."""

    def __init__(self, shown, detail):
        super().__init__("cannot read %r as Parquet: %s" % (shown, detail))
        self.detail = detail


class ColumnNotFoundError(KeyError):
    """columns= names a column the file does not have."""

    def __str__(self):
        return self.args[0] if self.args else ""


def _pandas():
    import pandas

    return pandas


def _numpy():
    import numpy

    return numpy


# --- labels (column names, index names, categories) as JSON -----------------------------------


def _plain(value):
    """A numpy scalar as the Python value it holds."""
    np = _numpy()
    if isinstance(value, np.generic) and not isinstance(
        value, (np.datetime64, np.timedelta64)
    ):
        return value.item()
    return value


def encode_label(value, where):
    """A column name, index name or category as JSON that decode_label() turns back."""
    pd = _pandas()
    value = _plain(value)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, int):
        return {"int": value}
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, pd.Timestamp):
        return {"timestamp": value.isoformat()}
    if isinstance(value, tuple):
        return {"tuple": [encode_label(part, where) for part in value]}
    raise TypeError(
        "%s is %s %r; Parquet keeps names and categories that are text, numbers, "
        "booleans, timestamps or tuples of these" % (where, _a(value), value)
    )


def decode_label(value):
    if not isinstance(value, dict):
        return value
    ((kind, inner),) = value.items()
    if kind == "bool":
        return bool(inner)
    if kind == "int":
        return int(inner)
    if kind == "float":
        return float(inner)
    if kind == "timestamp":
        return _pandas().Timestamp(inner)
    return tuple(decode_label(part) for part in inner)


def _a(value):
    """The value's type with its article: "a list", "an int"."""
    name = type(value).__name__
    return ("an " if name[:1] in "aeiouAEIOU" else "a ") + name


def _field(label):
    """The Parquet column name of a pandas label."""
    return label if isinstance(label, str) else str(label)


# --- time zones -------------------------------------------------------------------------------


def _tz_text(tz, where):
    """A time zone as text that _tz_of() turns back into the same kind of zone."""
    pd = _pandas()
    key = getattr(tz, "key", None)  # zoneinfo
    filename = getattr(tz, "_filename", None)  # dateutil, as pandas names its zones
    if isinstance(key, str):
        text = "zoneinfo:" + key
    elif str(tz) == "UTC" or getattr(tz, "zone", None):  # pytz
        text = str(tz)
    elif isinstance(filename, str):
        text = "dateutil/" + filename
    else:
        offset = tz.utcoffset(None)
        if offset is None:
            raise TypeError(
                "%s has the time zone %r, which cannot be stored" % (where, tz)
            )
        text = "offset:%d" % offset.total_seconds()
    try:
        pd.DatetimeTZDtype(tz=_tz_of(text))
    except Exception:
        raise TypeError(
            "%s has the time zone %r, which cannot be stored" % (where, tz)
        ) from None
    return text


def _tz_of(text):
    if text.startswith("zoneinfo:"):
        import zoneinfo

        return zoneinfo.ZoneInfo(text[len("zoneinfo:") :])
    if text.startswith("offset:"):
        seconds = int(text[len("offset:") :])
        return datetime.timezone(datetime.timedelta(seconds=seconds))
    return text


# --- a column as DuckDB scans it --------------------------------------------------------------


class Spec:
    """One column as DuckDB scans it: kind, values and nulls (see sandpiper_duckdb), the SQL
    that makes the stored column of the scanned one ("{}" stands for the latter), and what
    the metadata says of it."""

    def __init__(self, kind, values, nulls=None, meta=None, expression="{}"):
        self.kind = kind
        self.values = values
        self.nulls = nulls
        self.meta = meta or {}
        self.expression = expression


def _nulls(mask):
    """The mask as the scan takes it: None when nothing is missing."""
    np = _numpy()
    mask = np.ascontiguousarray(mask, dtype=bool)
    return mask if mask.any() else None


def _either(first, second):
    if first is None:
        return second
    if second is None:
        return first
    return first | second


def _unsupported(where, dtype):
    return TypeError(
        "%s has dtype %s, which Parquet cannot store here; convert it first, "
        "e.g. with .astype(str)" % (where, dtype)
    )


def _within(counts, unit, target="ns"):
    """Whether int64 counts of unit fit in int64 counts of target."""
    np = _numpy()
    factor = NANOSECONDS[unit] // NANOSECONDS[target]
    if factor <= 1 or not len(counts):
        return True
    return bool(np.abs(counts.astype(np.float64)).max() < INT64_MAX // factor)


def _present(counts, nulls):
    return counts if nulls is None else counts[~nulls]


def _fits(counts, unit, where, target="ns"):
    """Raises unless the int64 counts of unit fit in int64 counts of target."""
    if not _within(counts, unit, target):
        span = "the years 1677 to 2262" if target == "ns" else "292,000 years of 1970"
        raise ValueError(
            "%s holds dates or times beyond %s, which its timestamps hold here"
            % (where, span)
        )


def _numpy_spec(series, where, plain):
    np = _numpy()
    values = series.to_numpy()
    dtype = values.dtype
    if not dtype.isnative:
        values = values.astype(dtype.newbyteorder("="))
    if dtype.kind == "f" and dtype.itemsize == 2:
        values = values.astype(np.float32)
    kind = NUMPY_KINDS.get((values.dtype.kind, values.dtype.itemsize))
    if kind is None:
        raise _unsupported(where, dtype)
    values = np.ascontiguousarray(values)
    nulls = _nulls(np.isnan(values)) if values.dtype.kind == "f" else None
    return Spec(kind, values, nulls, {"kind": "numpy", "dtype": str(dtype)})


def _masked_spec(series, where, plain):
    """pandas' nullable Int, UInt, Float and boolean."""
    np = _numpy()
    array = series.array
    numpy_dtype = array.dtype.numpy_dtype
    values = array.to_numpy(dtype=numpy_dtype, na_value=numpy_dtype.type(0))
    kind = NUMPY_KINDS[(numpy_dtype.kind, numpy_dtype.itemsize)]
    nulls = _nulls(np.asarray(array.isna()))
    return Spec(
        kind,
        np.ascontiguousarray(values),
        nulls,
        {"kind": "nullable", "dtype": str(array.dtype)},
    )


def _string_spec(series, where, plain):
    values = series.to_numpy(dtype=object, na_value=None)
    meta = {"kind": "string", "storage": series.dtype.storage}
    return Spec("VARCHAR", values, None, meta)


def _datetime_spec(values, where, plain, tz=None):
    """Naive datetime64 values (zoned ones already in UTC, tz their zone's text)."""
    np = _numpy()
    unit = np.datetime_data(values.dtype)[0]
    nulls = _nulls(np.isnat(values))
    meta = {"kind": "datetime", "unit": unit}
    if tz is not None:
        meta["tz"] = tz
    counts = np.ascontiguousarray(values).view(np.int64)
    if unit == "ns":
        return Spec("TIMESTAMP_NS", counts, nulls, meta)
    if plain:
        _fits(_present(counts, nulls), unit, where)
        return Spec("TIMESTAMP_NS", values.astype("datetime64[ns]"), nulls, meta)
    # Other units are stored as TIMESTAMP (microseconds), which holds their whole range.
    _fits(_present(counts, nulls), unit, where, "us")
    micros = np.ascontiguousarray(values.astype("datetime64[us]").view(np.int64))
    return Spec("BIGINT", micros, nulls, meta, "make_timestamp({})")


def _zoned_spec(series, where, plain):
    tz = _tz_text(series.dtype.tz, where)
    utc = series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
    return _datetime_spec(utc, where, plain, tz)


def _timedelta_spec(values, where, plain):
    np = _numpy()
    unit = np.datetime_data(values.dtype)[0]
    nulls = _nulls(np.isnat(values))
    counts = np.ascontiguousarray(values).view(np.int64)
    if plain and unit != "ns":
        _fits(_present(counts, nulls), unit, where)
        counts = np.ascontiguousarray(values.astype("timedelta64[ns]").view(np.int64))
        unit = "ns"
    if nulls is not None:
        counts = np.where(nulls, 0, counts)
    return Spec("BIGINT", counts, nulls, {"kind": "timedelta", "unit": unit})


def _date_spec(values, missing, where, plain):
    """An object column of datetime.date: DATE (days from 1970 plus an SQL step)."""
    np = _numpy()
    days = np.array(np.where(missing, None, values), dtype="datetime64[D]")
    nulls = _nulls(missing)
    meta = {"kind": "date"}
    if plain:
        counts = days.view(np.int64)
        _fits(counts[~missing], "D", where)
        return Spec("TIMESTAMP_NS", days.astype("datetime64[ns]"), nulls, meta)
    counts = np.where(missing, 0, days.view(np.int64)).astype(np.int32)
    return Spec("INTEGER", counts, nulls, meta, "(DATE '1970-01-01' + {})")


def _mixed_error(values, missing, where):
    """The error for an object column that is neither all text nor all dates."""
    present = [position for position in range(len(values)) if not missing[position]]
    first = values[present[0]]
    for kind, word in ((str, "text"), (datetime.date, "dates")):
        if not isinstance(first, kind) or isinstance(first, datetime.datetime):
            continue
        for position in present:
            value = values[position]
            if not isinstance(value, kind) or isinstance(value, datetime.datetime):
                return TypeError(
                    "%s mixes %s with other values: row %d holds %s (%s); a Parquet "
                    "column holds one type, so convert it first, e.g. with .astype(str)"
                    % (where, word, position, _a(value), _short(value))
                )
    return TypeError(
        "%s is an object column of %s values (row %d: %s), which Parquet stores only "
        "as text or dates; convert it first, e.g. with .astype(str) or to a numeric or "
        "datetime dtype" % (where, type(first).__name__, present[0], _short(first))
    )


def _short(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _object_spec(series, where, plain):
    pd = _pandas()
    np = _numpy()
    values = series.to_numpy(dtype=object)
    missing = np.asarray(pd.isna(values), dtype=bool)
    inferred = pd.api.types.infer_dtype(values, skipna=True)
    if inferred in ("string", "empty"):
        values = np.ascontiguousarray(values)
        return Spec("VARCHAR", values, _nulls(missing), {"kind": "object"})
    if inferred == "date":
        return _date_spec(values, missing, where, plain)
    raise _mixed_error(values, missing, where)


def _categorical_spec(series, where, plain):
    """A categorical as its values, with its categories in the metadata."""
    pd = _pandas()
    np = _numpy()
    array = series.array
    categories = array.categories
    codes = np.asarray(array.codes)
    missing = codes < 0
    if len(categories):
        dense = categories.take(np.where(missing, 0, codes))
    else:
        dense = pd.Index([None] * len(codes), dtype=object)
    inner = column_spec(pd.Series(dense, copy=False), where, plain)
    inner.nulls = _either(inner.nulls, _nulls(missing))
    if plain:
        return inner
    inner.meta = {
        "kind": "category",
        "categories": [
            encode_label(value, "a category of " + where) for value in categories
        ],
        "categories_dtype": str(categories.dtype),
        "ordered": bool(array.ordered),
        "values": inner.meta,
    }
    return inner


def column_spec(series, where, plain=False):
    """The Spec of a pandas Series. plain: for a query's scan, every value as a column of
    the scan's kinds (no SQL step); else for a file, kept exactly with the metadata."""
    pd = _pandas()
    np = _numpy()
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _categorical_spec(series, where, plain)
    if isinstance(dtype, pd.DatetimeTZDtype):
        return _zoned_spec(series, where, plain)
    if isinstance(dtype, pd.StringDtype):
        return _string_spec(series, where, plain)
    masked = (pd.arrays.IntegerArray, pd.arrays.FloatingArray, pd.arrays.BooleanArray)
    if isinstance(series.array, masked):
        return _masked_spec(series, where, plain)
    if isinstance(dtype, np.dtype):
        if dtype.kind == "M":
            return _datetime_spec(series.to_numpy(), where, plain)
        if dtype.kind == "m":
            return _timedelta_spec(series.to_numpy(), where, plain)
        if dtype.kind == "O":
            return _object_spec(series, where, plain)
        if dtype.kind in "biuf":
            return _numpy_spec(series, where, plain)
    raise _unsupported(where, dtype)


# --- a frame as a table -----------------------------------------------------------------------


class Table:
    """A frame as DuckDB scans and stores it: (field name, Spec) per column, and metadata."""

    def __init__(self):
        self.fields = []
        self.specs = []
        self.meta = {}

    def add(self, field, spec):
        self.fields.append(field)
        self.specs.append(spec)

    def scan(self, named=False):
        """The column specs for the `frames` callable, under the fields' names, or c0,
        c1, ... for select() to rename."""
        return [
            (field if named else "c%d" % position, spec.kind, spec.values, spec.nulls)
            for position, (field, spec) in enumerate(zip(self.fields, self.specs))
        ]

    def select(self):
        """The SELECT list that turns the scan into the stored columns."""
        return ", ".join(
            spec.expression.format(duck.identifier("c%d" % position))
            + " AS "
            + duck.identifier(field)
            for position, (field, spec) in enumerate(zip(self.fields, self.specs))
        )


def _where(label):
    return "column %s" % _short(_plain(label))


def _check_columns(frame):
    pd = _pandas()
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            "Parquet stores a pandas DataFrame, not %s; for a Series use "
            "series.to_frame()" % _a(frame)
        )
    if isinstance(frame.columns, pd.MultiIndex):
        raise ValueError(
            "Parquet cannot store MultiIndex columns; flatten them first, e.g. "
            "df.columns = [' / '.join(map(str, c)) for c in df.columns]"
        )
    repeated = repeated_values(_field(label) for label in frame.columns)
    if repeated:
        raise ValueError(
            "Parquet cannot store two columns of one name: %s; rename them first"
            % ", ".join(repr(name) for name in repeated)
        )


def _index_option(index):
    if index is not None and not isinstance(index, bool):
        raise TypeError("index must be None, True or False, not %r" % (index,))
    return index


def _unique_fields(fields):
    """The names DuckDB writes for fields: one that repeats an earlier one, whatever its
    case, gets "_1", "_2", ... as DuckDB's COPY does."""
    seen, unique = set(), []
    for field in fields:
        name, number = field, 0
        while name.lower() in seen:
            number += 1
            name = "%s_%d" % (field, number)
        seen.add(name.lower())
        unique.append(name)
    return unique


def _store_fields(table, entries):
    """The fields as the file will name them, in the table and its metadata entries."""
    table.fields = _unique_fields(table.fields)
    for entry, field in zip(entries, table.fields):
        entry["field"] = field


def _index_levels(frame, table, taken):
    """Stores the index levels as columns: their metadata entries."""
    pd = _pandas()
    index = frame.index
    levels = []
    for level in range(index.nlevels):
        name = index.names[level]
        field = "__index_level_%d__" % level
        if name is not None and _field(name) not in taken:
            field = _field(name)
        taken.add(field)
        where = "the index" if index.nlevels == 1 else "index level %d" % level
        values = pd.Series(index.get_level_values(level), copy=False)
        spec = column_spec(values, where)
        table.add(field, spec)
        entry = {"field": field, "name": encode_label(name, "the name of " + where)}
        entry.update(spec.meta)
        levels.append(entry)
    return {"kind": "levels", "levels": levels}


def _index_meta(frame, index, table):
    pd = _pandas()
    if index is False:
        return {"kind": "none"}
    if index is None and isinstance(frame.index, pd.RangeIndex):
        return {
            "kind": "range",
            "start": frame.index.start,
            "stop": frame.index.stop,
            "step": frame.index.step,
            "name": encode_label(frame.index.name, "the index's name"),
        }
    return _index_levels(frame, table, set(table.fields))


# DuckDB's Parquet writer and reader take time that grows with the square of the columns (on 2
# cores: 10,000 columns 1.5 s to write and 3.8 s to read, 30,000 columns 7 s to write, 100,000
# about 100 s): wider frames are refused at once rather than left to look like a hang.
MAX_COLUMNS = 10_000


def _check_width(frame):
    if frame.shape[1] > MAX_COLUMNS:
        raise ValueError(
            "the frame has %s columns; Parquet here writes at most %s, because DuckDB's time "
            "grows with the square of the columns (100,000 would take minutes): write a "
            "selection of columns, the transposed frame (frame.T), or CSV"
            % (format(frame.shape[1], ","), format(MAX_COLUMNS, ","))
        )


def file_table(frame, index=None):
    """The frame as a Parquet file keeps it: every column and the index, and the metadata.
    index: None stores a RangeIndex in the metadata only and any other index as columns,
    True always as columns, False not at all (pandas' rule)."""
    _check_columns(frame)
    _check_width(frame)
    index = _index_option(index)
    table = Table()
    entries = []
    for position, label in enumerate(frame.columns):
        where = _where(label)
        spec = column_spec(frame.iloc[:, position], where)
        table.add(_field(label), spec)
        entry = {
            "field": _field(label),
            "name": encode_label(label, "the name of " + where),
        }
        entry.update(spec.meta)
        entries.append(entry)
    index_meta = _index_meta(frame, index, table)
    if not table.fields:
        raise ValueError("a frame without columns cannot be stored in Parquet")
    _store_fields(table, entries + index_meta.get("levels", []))
    table.meta = {
        "version": METADATA_VERSION,
        "columns": entries,
        "index": index_meta,
        "column_index": {
            "name": encode_label(frame.columns.name, "the columns' name"),
            "dtype": str(frame.columns.dtype),
        },
    }
    return table


def query_table(obj, where):
    """A DataFrame or Series as a query scans it: its columns under their names as text
    (a name that repeats an earlier one, whatever its case, gets "_1", "_2", ... as DuckDB
    names such columns of files), and its index levels that have names (a column of the
    same name wins)."""
    pd = _pandas()
    frame = (
        obj.to_frame(name="value" if obj.name is None else obj.name)
        if isinstance(obj, pd.Series)
        else obj
    )
    if isinstance(frame.columns, pd.MultiIndex):
        raise ValueError(
            "%s has MultiIndex columns, which SQL cannot name; flatten them first, e.g. "
            "df.columns = ['_'.join(map(str, c)) for c in df.columns]" % where
        )
    names = _unique_fields([_field(label) for label in frame.columns])
    table = Table()
    for position, name in enumerate(names):
        spec = column_spec(
            frame.iloc[:, position], "column %r of %s" % (name, where), True
        )
        table.add(name, spec)
    taken = {name.lower() for name in names}
    index = frame.index
    for level, level_name in enumerate(index.names):
        if level_name is None or _field(level_name).lower() in taken:
            continue
        name = _field(level_name)
        taken.add(name.lower())
        values = pd.Series(index.get_level_values(level), copy=False)
        table.add(name, column_spec(values, "index %r of %s" % (name, where), True))
    if not table.fields:
        raise ValueError("%s has no columns" % where)
    return table


# --- writing ----------------------------------------------------------------------------------


def _codec(compression):
    key = compression.lower() if isinstance(compression, str) else compression
    try:
        return COMPRESSIONS[key]
    except (KeyError, TypeError):
        raise ValueError(
            "compression must be one of 'zstd', 'snappy', 'gzip', 'brotli', 'lz4' or None "
            "(also 'none'), not %r" % (compression,)
        ) from None


def _frame_name():
    return "__sandpiper_frame_%s" % os.urandom(6).hex()


def _copy_sql(table, frame_name, target, codec):
    metadata = json.dumps(
        table.meta, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    # USE_TMP_FILE false: DuckDB writes into the hidden file made for it.
    options = (
        "FORMAT parquet, COMPRESSION %s, USE_TMP_FILE false, KV_METADATA {%s: %s}"
        % (
            codec,
            METADATA_KEY,
            duck.text(metadata),
        )
    )
    return "COPY (SELECT %s FROM %s) TO %s (%s)" % (
        table.select(),
        frame_name,
        duck.text(target),
        options,
    )


# A session limit or a full disk: the caller says which limit (tableexport.too_large_error).
LIMIT_ERRNOS = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
ERRNO_WORDS = (
    ("No space left on device", errno.ENOSPC),
    ("File too large", errno.EFBIG),
    ("Disk quota exceeded", errno.EDQUOT),
    ("Permission denied", errno.EACCES),
    ("Read-only file system", errno.EROFS),
)


def _message(error):
    """DuckDB's message without the SQL it quotes (ours, not the user's)."""
    return str(error).split("\n\nLINE ")[0].strip()


def _write_error(error, target, shown):
    """DuckDB's failure to write a file as an OSError (with the errno its text names)."""
    message = _message(error).replace(target, shown)
    for words, number in ERRNO_WORDS:
        if words in message:
            if number in LIMIT_ERRNOS:  # DuckDB's text names the hidden file: say less
                return OSError(number, os.strerror(number), shown)
            return OSError(number, "cannot write %s: %s" % (shown, message))
    return OSError("cannot write %s: %s" % (shown, message))


def _copy(table, target, codec, shown):
    """DuckDB writes the table to target, a path it may reach."""
    name = _frame_name()
    scan = table.scan()

    def frames(wanted):
        return scan if wanted == name else None

    try:
        duck.execute(_copy_sql(table, name, target, codec), frames)
    except duck.error_class() as error:
        raise _write_error(error, target, shown) from None


@contextlib.contextmanager
def _staged():
    """A hidden file in the workspace for DuckDB to write or read, removed afterwards."""
    descriptor, path = tempfile.mkstemp(
        prefix=".sandpiper-", suffix=".parquet", dir=duck.root()
    )
    os.close(descriptor)
    try:
        yield path
    finally:
        _remove(path)


def _remove(path):
    try:
        os.unlink(path)
    except OSError:
        pass


def _reachable(path):
    """Whether DuckDB may open the absolute path as it is."""
    return duck.inside(path) and not any(ch in path for ch in GLOB_CHARACTERS)


def write_table(table, target, compression="zstd", shown=None):
    """Writes the Table into the file target (made or replaced as it goes: see write());
    errors name the file as shown (target by default)."""
    codec = _codec(compression)
    target = os.path.abspath(target)
    shown = target if shown is None else shown
    if duck.inside(target):
        _copy(table, target, codec, shown)
        return
    with _staged() as staged:
        _copy(table, staged, codec, shown)
        shutil.copyfile(staged, target)


def write_file(frame, target, compression="zstd", index=None):
    """Writes frame into the file target as it goes; the caller makes it whole or nothing."""
    write_table(file_table(frame, index), target, compression)


def _hidden_beside(path):
    """A new hidden file in the folder of path: its path. An OSError names path."""
    folder, name = os.path.split(path)
    while True:
        candidate = os.path.join(folder, ".%s.%s.tmp" % (name, os.urandom(4).hex()))
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return candidate
        except FileExistsError:
            continue
        except OSError as error:
            raise type(error)(error.errno, error.strerror, path) from None


def _keep_mode(temporary, path):
    """The new file gets the mode of the file it replaces."""
    try:
        os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode))
    except OSError:
        pass


def _local_path(path):
    """A path argument as an absolute local path."""
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            "path must be a file path or a file object, not %s" % type(path).__name__
        )
    path = os.fspath(path)
    if "://" in path:
        raise NotImplementedError(
            "Parquet here reads and writes local files only, not %r; download the file "
            "into the workspace first" % path
        )
    return os.path.abspath(os.path.expanduser(path))


def _is_buffer(path, method):
    return hasattr(path, method) and not isinstance(path, (str, bytes, os.PathLike))


def write(frame, path=None, compression="zstd", index=None):
    """Writes the DataFrame frame as Parquet to path: a file path, a binary file object, or
    None for the file's bytes as the result.

    compression: "zstd", "snappy", "gzip", "brotli", "lz4" or None ("none"). index: None
    keeps the index (a RangeIndex in the metadata only), True stores it as columns, False
    leaves it out. The file is whole or absent: a hidden file beside it, removed on any
    error or interrupt, replaces it once complete.
    """
    table = file_table(frame, index)
    _codec(compression)
    if path is None or _is_buffer(path, "write"):
        with _staged() as staged:
            write_table(table, staged, compression)
            with open(staged, "rb") as file:
                if path is None:
                    return file.read()
                shutil.copyfileobj(file, path)
        return None
    target = _local_path(path)
    if os.path.isdir(target):
        raise IsADirectoryError(
            "cannot write %s: it is a folder; give a file name such as %s"
            % (path, os.path.join(os.fspath(path), "table.parquet"))
        )
    temporary = _hidden_beside(target)
    try:
        write_table(table, temporary, compression, os.fsdecode(os.fspath(path)))
        _keep_mode(temporary, target)
        os.replace(temporary, target)
    except OSError as error:
        _remove(temporary)
        if error.errno in LIMIT_ERRNOS:  # in the same words as an export's
            raise too_large_error(target, error) from None
        raise
    except BaseException:
        _remove(temporary)
        raise
    return None


# --- reading: the file's columns --------------------------------------------------------------


def _read_error(error, target, shown):
    # "Invalid Input Error: No magic bytes ..." says no more without its category.
    detail = re.sub(r"^[A-Z][A-Za-z ]* Error: ", "", _message(error))
    return ParquetError(shown, detail.replace(target, shown))


def _describe(target, shown):
    """[(field, DuckDB type)] of the file's columns."""
    try:
        result = duck.query(
            "DESCRIBE SELECT * FROM read_parquet(%s)" % duck.text(target)
        )
    except duck.error_class() as error:
        raise _read_error(error, target, shown) from None
    columns = {name: values for name, _, values, _, _ in result}
    return list(zip(columns["column_name"].tolist(), columns["column_type"].tolist()))


INDEX_KEYS = {"range": ("start", "stop", "step", "name"), "levels": (), "none": ()}
ENTRY_KEYS = ("field", "name", "kind")


def _stored_fields(meta):
    """The fields the metadata describes, in order; None when it is not metadata this
    module wrote."""
    if not isinstance(meta, dict) or meta.get("version") != METADATA_VERSION:
        return None
    index = meta.get("index")
    column_index = meta.get("column_index")
    entries = meta.get("columns")
    if not (
        isinstance(index, dict)
        and index.get("kind") in INDEX_KEYS
        and isinstance(column_index, dict)
        and isinstance(entries, list)
    ):
        return None
    if index["kind"] == "levels":
        entries = entries + list(index.get("levels") or [])
    well_formed = (
        all(key in index for key in INDEX_KEYS[index["kind"]])
        and "name" in column_index
        and "dtype" in column_index
        and all(
            isinstance(entry, dict) and all(key in entry for key in ENTRY_KEYS)
            for entry in entries
        )
    )
    return [entry["field"] for entry in entries] if well_formed else None


def _metadata(target, fields):
    """The file's "sandpiper" metadata when it matches the file's columns, else None."""
    try:
        result = duck.query(
            "SELECT value FROM parquet_kv_metadata(%s) WHERE key = %s::BLOB"
            % (duck.text(target), duck.text(METADATA_KEY))
        )
        meta = json.loads(result[0][2][0].decode("utf-8"))
    except (duck.error_class(), IndexError, ValueError):
        return None
    stored = _stored_fields(meta)
    return meta if stored == [field for field, _ in fields] else None


class _Column:
    """A column to read: its label in the frame, its position and type in the file, and
    its metadata entry (None for a file from elsewhere)."""

    def __init__(self, label, position, type_name, entry=None):
        self.label = label
        self.position = position
        self.type_name = type_name
        self.entry = entry

    def expression(self):
        """The SELECT item, by position (names may repeat): as text when query() has no
        form for its type."""
        item = "#%d" % (self.position + 1)
        if readable_type(self.type_name):
            return item
        return "CAST(%s AS VARCHAR)" % item


def readable_type(type_name):
    """Whether query() returns a column of this DuckDB type (as DESCRIBE names it)."""
    return (
        type_name in READABLE_TYPES
        or type_name.startswith("DECIMAL")
        or type_name.startswith("ENUM")
    )


def _file_columns(fields, meta):
    """(data columns, index columns) of the file."""
    if meta is None:
        columns = [
            _Column(field, position, type_name)
            for position, (field, type_name) in enumerate(fields)
        ]
        return columns, []
    entries = meta["columns"]
    if meta["index"]["kind"] == "levels":
        entries = entries + meta["index"]["levels"]
    columns = [
        _Column(decode_label(entry["name"]), position, fields[position][1], entry)
        for position, entry in enumerate(entries)
    ]
    return columns[: len(meta["columns"])], columns[len(meta["columns"]) :]


def _same(label, name):
    try:
        return bool(label == name)
    except Exception:  # labels that compare as arrays
        return False


def _chosen(columns, data, shown):
    """The data columns that columns= names, in its order."""
    if columns is None:
        return data
    if isinstance(columns, (str, bytes)) or not hasattr(columns, "__iter__"):
        raise TypeError("columns must be a list of column names, not %r" % (columns,))
    chosen = []
    for name in columns:
        found = [column for column in data if _same(column.label, name)]
        if not found:
            labels = [str(column.label) for column in data]
            listed = ", ".join(labels[:COLUMNS_LISTED])
            if len(labels) > COLUMNS_LISTED:
                listed += " and %d more" % (len(labels) - COLUMNS_LISTED)
            raise ColumnNotFoundError(
                "%r has no column %r; its columns are %s" % (shown, name, listed)
            )
        chosen.append(found[0])
    return chosen


# --- reading: DuckDB's columns as pandas arrays -----------------------------------------------


def _text_values(values, nulls):
    if nulls is not None:
        values[nulls] = None
    return values


def _timestamps(values, unit, nulls):
    """int64 counts of unit ("D": days) as datetime64: nanoseconds when they fit, else
    their own unit (seconds for days)."""
    np = _numpy()
    values = values.astype(np.int64, copy=False)
    fits = _within(_present(values, nulls), unit)
    array = (
        values.astype("datetime64[D]")
        if unit == "D"
        else values.view("datetime64[%s]" % unit)
    )
    target = "ns" if fits else "s" if unit == "D" else unit
    if target != unit:
        array = array.astype("datetime64[%s]" % target)
    if nulls is not None:
        array[nulls] = np.datetime64("NaT")
    return array


def _times(values, nulls):
    """TIME (microseconds since midnight) as datetime.time objects."""
    np = _numpy()
    out = np.empty(len(values), dtype=object)
    for position, micros in enumerate(values.tolist()):
        seconds, micro = divmod(micros, 1_000_000)
        minutes, second = divmod(seconds, 60)
        hour, minute = divmod(minutes, 60)
        out[position] = datetime.time(hour % 24, minute, second, micro)
    return _text_values(out, nulls)


def _zoned(array, tz):
    pd = _pandas()
    return pd.DatetimeIndex(array).tz_localize("UTC").tz_convert(tz).array


def foreign_array(type_name, values, nulls, categories):
    """A result column as pandas holds it, by the rules for files from elsewhere."""
    pd = _pandas()
    np = _numpy()
    if type_name == "BOOLEAN":
        return values if nulls is None else pd.arrays.BooleanArray(values, nulls)
    if type_name in INTEGER_TYPES:
        return values if nulls is None else pd.arrays.IntegerArray(values, nulls)
    if type_name in FLOAT_TYPES:
        if nulls is not None:
            values[nulls] = np.nan
        return values
    if type_name in TIMESTAMP_UNITS:
        array = _timestamps(values, TIMESTAMP_UNITS[type_name], nulls)
        return _zoned(array, "UTC") if type_name == "TIMESTAMPTZ" else array
    if type_name == "DATE":
        return _timestamps(values, "D", nulls)
    if type_name == "TIME":
        return _times(values, nulls)
    if type_name == "ENUM":
        codes = values.astype(np.int64)
        if nulls is not None:
            codes[nulls] = -1
        return pd.Categorical.from_codes(codes, categories=categories)
    return _text_values(values, nulls)  # VARCHAR, BLOB


def _float_values(values, nulls, dtype):
    np = _numpy()
    values = values.astype(dtype, copy=False)
    if nulls is not None:
        values[nulls] = np.nan
    return values


def _restore(entry, type_name, values, nulls, categories):
    """A column of our own file as its metadata entry says."""
    pd = _pandas()
    np = _numpy()
    kind = entry["kind"]
    if kind == "numpy":
        dtype = np.dtype(entry["dtype"])
        if dtype.kind == "f":
            return _float_values(values, nulls, dtype)
        if nulls is None:
            return values.astype(dtype, copy=False)
    elif kind == "nullable":
        dtype = pd.api.types.pandas_dtype(entry["dtype"])
        mask = nulls if nulls is not None else np.zeros(len(values), dtype=bool)
        values = values.astype(dtype.numpy_dtype, copy=False)
        return dtype.construct_array_type()(values, mask)
    elif kind == "string":
        dtype = pd.StringDtype(entry.get("storage", "python"))
        return pd.array(_text_values(values, nulls), dtype=dtype)
    elif kind == "object":
        return _text_values(values, nulls)
    elif kind == "date":
        dates = values.astype("datetime64[D]").astype(object)
        return _text_values(dates, nulls)
    elif kind == "datetime":
        return _restore_datetime(entry, type_name, values, nulls)
    elif kind == "timedelta":
        array = values.view("timedelta64[%s]" % entry["unit"])
        if nulls is not None:
            array[nulls] = np.timedelta64("NaT")
        return array
    elif kind == "category":
        return _restore_categorical(entry, type_name, values, nulls)
    return foreign_array(type_name, values, nulls, categories)


def _restore_datetime(entry, type_name, values, nulls):
    np = _numpy()
    stored = TIMESTAMP_UNITS.get(type_name, "ns")
    array = values.view("datetime64[%s]" % stored)
    if entry["unit"] != stored:
        array = array.astype("datetime64[%s]" % entry["unit"])
    if nulls is not None:
        array[nulls] = np.datetime64("NaT")
    if "tz" in entry:
        return _zoned(array, _tz_of(entry["tz"]))
    return array


def _restore_categorical(entry, type_name, values, nulls):
    pd = _pandas()
    np = _numpy()
    labels = [decode_label(value) for value in entry["categories"]]
    try:
        categories = pd.Index(labels, dtype=entry["categories_dtype"])
    except (TypeError, ValueError):
        categories = pd.Index(labels)
    inner = _restore(entry["values"], type_name, values, nulls, None)
    codes = np.asarray(categories.get_indexer(inner), dtype=np.int64)
    if nulls is not None:
        codes[nulls] = -1
    dtype = pd.CategoricalDtype(categories, ordered=entry["ordered"])
    return pd.Categorical.from_codes(codes, dtype=dtype)


def column_array(column, result):
    """The pandas array of one result column (name, type, values, nulls, categories)."""
    _, type_name, values, nulls, categories = result
    if column is not None and column.entry is not None:
        return _restore(column.entry, type_name, values, nulls, categories)
    return foreign_array(type_name, values, nulls, categories)


def frame_of(arrays, labels, index=None, columns_name=None, columns_dtype=None):
    """A DataFrame of arrays under labels (which may repeat)."""
    pd = _pandas()
    frame = pd.DataFrame(dict(enumerate(arrays)), index=index, copy=False)
    try:
        columns = pd.Index(labels, dtype=columns_dtype, name=columns_name)
    except (TypeError, ValueError):
        columns = pd.Index(labels, dtype=object, name=columns_name)
    frame.columns = columns
    return frame


def result_frame(results):
    """A query's result columns as a DataFrame, by the rules for files from elsewhere."""
    arrays = [column_array(None, result) for result in results]
    return frame_of(arrays, [result[0] for result in results], columns_dtype=object)


def _index_of(meta, index_columns, arrays, rows):
    pd = _pandas()
    kind = meta["index"]["kind"] if meta else "none"
    if kind == "range":
        stored = meta["index"]
        whole = pd.RangeIndex(
            stored["start"],
            stored["stop"],
            stored["step"],
            name=decode_label(stored["name"]),
        )
        return whole[:rows] if len(whole) >= rows else pd.RangeIndex(rows)
    if kind == "levels" and index_columns:
        names = [column.label for column in index_columns]
        if len(arrays) == 1:
            return pd.Index(arrays[0], name=names[0])
        return pd.MultiIndex.from_arrays(arrays, names=names)
    return pd.RangeIndex(rows)


def _row_count(target, shown, limit):
    try:
        result = duck.query("SELECT count(*) FROM read_parquet(%s)" % duck.text(target))
    except duck.error_class() as error:
        raise _read_error(error, target, shown) from None
    rows = int(result[0][2][0])
    return rows if limit is None else min(rows, limit)


def _read_file(target, shown, columns, limit):
    fields = _describe(target, shown)
    meta = _metadata(target, fields)
    data, index = _file_columns(fields, meta)
    data = _chosen(columns, data, shown)
    wanted = data + index
    if wanted:
        sql = "SELECT %s FROM read_parquet(%s)" % (
            ", ".join(column.expression() for column in wanted),
            duck.text(target),
        )
        if limit is not None:
            sql += " LIMIT %d" % limit
        try:
            results = duck.query(sql)
        except duck.error_class() as error:
            raise _read_error(error, target, shown) from None
        rows = len(results[0][2])
    else:
        results, rows = [], _row_count(target, shown, limit)
    arrays = [column_array(c, r) for c, r in zip(wanted, results)]
    index_arrays = arrays[len(data) :]
    frame_index = _index_of(meta, index, index_arrays, rows)
    column_index = meta["column_index"] if meta else {"name": None, "dtype": "object"}
    return frame_of(
        arrays[: len(data)],
        [column.label for column in data],
        frame_index,
        decode_label(column_index["name"]),
        column_index["dtype"],
    )


@contextlib.contextmanager
def _source(path):
    """(path DuckDB may open, the name messages show) for a path or a file object."""
    if _is_buffer(path, "read"):
        with _staged() as staged:
            with open(staged, "wb") as file:
                shutil.copyfileobj(path, file)
            name = getattr(path, "name", None)
            yield staged, name if isinstance(name, str) else "the file object"
        return
    target = _local_path(path)
    shown = os.fsdecode(os.fspath(path))
    if not os.path.exists(target):
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), shown)
    if os.path.isdir(target):
        raise IsADirectoryError(
            "cannot read %r as Parquet: it is a folder; read its files with "
            "sandpiper.sql(\"SELECT * FROM '%s/*.parquet'\")" % (shown, shown)
        )
    if _reachable(target):
        yield target, shown
        return
    with _staged() as staged:
        shutil.copyfile(target, staged)
        yield staged, shown


def read(path, columns=None, limit=None):
    """The DataFrame stored in the Parquet file at path (a file path or a binary file
    object). columns: the names of the columns to read, in that order (the index is read
    whatever they are); limit: read at most that many rows."""
    with _source(path) as (target, shown):
        return _read_file(target, shown, columns, limit)


def schema(path):
    """[(column name, DuckDB type)] of the Parquet file at path, as the file holds them."""
    with _source(path) as (target, shown):
        return _describe(target, shown)


# --- pandas' engine ---------------------------------------------------------------------------


class PandasEngine:
    """pandas.read_parquet and DataFrame.to_parquet's engine (pandas.io.parquet's BaseImpl
    interface) over read() and write()."""

    def write(
        self,
        df,
        path,
        compression="snappy",
        index=None,
        partition_cols=None,
        storage_options=None,
        filesystem=None,
        **kwargs,
    ):
        _refuse(
            partition_cols=partition_cols,
            storage_options=storage_options,
            filesystem=filesystem,
            **kwargs,
        )
        if not isinstance(df, _pandas().DataFrame):
            raise ValueError("to_parquet only supports IO with DataFrames")
        write(df, path, compression=compression, index=index)

    def read(
        self,
        path,
        columns=None,
        filters=None,
        use_nullable_dtypes=False,
        dtype_backend=None,
        storage_options=None,
        filesystem=None,
        **kwargs,
    ):
        _refuse(
            filters=filters,
            storage_options=storage_options,
            filesystem=filesystem,
            **kwargs,
        )
        if dtype_backend == "pyarrow":
            raise NotImplementedError(
                "dtype_backend='pyarrow' needs pyarrow, which this engine does not have; "
                "use dtype_backend='numpy_nullable'"
            )
        frame = read(path, columns=columns)
        if use_nullable_dtypes is True or dtype_backend == "numpy_nullable":
            frame = _nullable(frame)
        return frame


def _refuse(**options):
    given = [name for name, value in options.items() if value is not None]
    if given:
        raise NotImplementedError(
            "Parquet through DuckDB does not support %s; it reads and writes whole local "
            "files (pyarrow, which does, is not installed)" % ", ".join(sorted(given))
        )


def _nullable(frame):
    """Each column in pandas' nullable dtype (dtype_backend="numpy_nullable")."""
    pd = _pandas()
    out = frame.copy(deep=False)
    for position in range(frame.shape[1]):
        series = frame.iloc[:, position]
        dtype = series.dtype
        if dtype.kind in "iufb" and not isinstance(
            dtype, pd.api.extensions.ExtensionDtype
        ):
            target = {"b": "boolean"}.get(dtype.kind) or (
                (
                    "UInt"
                    if dtype.kind == "u"
                    else "Int" if dtype.kind == "i" else "Float"
                )
                + str(dtype.itemsize * 8)
            )
            out.isetitem(position, series.astype(target))
        elif dtype == object and pd.api.types.infer_dtype(series, skipna=True) in (
            "string",
            "empty",
        ):
            out.isetitem(position, series.astype("string"))
    return out


def install_pandas_engine(pandas):
    """pd.read_parquet and DataFrame.to_parquet use DuckDB with engine="duckdb", and with
    engine="auto" when neither pyarrow nor fastparquet can be imported."""
    import importlib

    module = importlib.import_module("pandas.io.parquet")
    original = module.get_engine
    if getattr(original, "sandpiper", False):
        return

    def get_engine(engine):
        if engine == "duckdb":
            return PandasEngine()
        if engine == "auto" and pandas.get_option("io.parquet.engine") == "auto":
            try:
                return original(engine)
            except ImportError:
                return PandasEngine()
        return original(engine)

    get_engine.sandpiper = True
    get_engine.__wrapped__ = original
    get_engine.__doc__ = original.__doc__
    module.get_engine = get_engine
