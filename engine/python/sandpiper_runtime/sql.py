"""sandpiper.sql(query, **frames): SQL over the session's frames and workspace files, by
DuckDB (duckdb_database), as a DataFrame.

A table name DuckDB does not know is looked up as a pandas DataFrame or Series: first among
the keyword arguments, then in the caller's local and global names, then in the session's
namespace (__main__). A name bound to anything else stays unknown, so DuckDB reports it. A
frame is scanned with its columns under their names as text and its named index levels as
columns too (an unnamed index, e.g. a RangeIndex, is left out); zoned datetimes as UTC
timestamps, timedeltas as BIGINT nanoseconds, categoricals as their values.

Files are DuckDB's own business: FROM 'sales.parquet', read_csv('x.csv'), 'y.json' inside the
workspace. The database refuses files outside it, INSTALL and LOAD (its settings are locked).
The database lives as long as the session: tables made with CREATE TABLE stay.

The result follows parquet.py's rules for files from elsewhere; a column of a type pandas has
no form for (a list, a struct, ...) comes back as its text. DuckDB's errors are SQLError,
with DuckDB's message, which points at the place in the query.
"""

import sys

from . import duckdb_database as duck

NO_PANDAS_FORM = "which has no pandas form here"


class SQLError(ValueError):
    """DuckDB refused or failed a query; the message is DuckDB's, with the position."""


def _parquet():
    # Imported on first use: json, tempfile and shutil cost start-up time.
    from . import parquet

    return parquet


def _is_frame(obj):
    pd = sys.modules.get("pandas")  # without pandas imported, nothing is a frame
    return pd is not None and isinstance(obj, (pd.DataFrame, pd.Series))


class _Frames:
    """The `frames` callable of one query: a table name -> its column specs, or None."""

    def __init__(self, given, namespaces):
        self.given = given
        self.namespaces = namespaces
        self.tables = {}

    def find(self, name):
        if name in self.given:
            return self.given[name]
        for namespace in self.namespaces:
            if name in namespace:
                obj = namespace[name]
                return obj if _is_frame(obj) else None
        return None

    def __call__(self, name):
        if name not in self.tables:
            obj = self.find(name)
            if obj is None:
                return None
            table = _parquet().query_table(obj, "frame %r" % name)
            self.tables[name] = table.scan(named=True)
        return self.tables[name]


def _namespaces(caller):
    spaces = [caller.f_locals, caller.f_globals]
    main = sys.modules.get("__main__")
    if main is not None and main.__dict__ is not caller.f_globals:
        spaces.append(main.__dict__)
    return spaces


def _check(query, frames):
    if not isinstance(query, str):
        raise TypeError("the query must be a str of SQL, not %s" % type(query).__name__)
    for name, obj in frames.items():
        if not _is_frame(obj):
            raise TypeError(
                "sql() takes DataFrames and Series as keyword arguments; %s is a %s"
                % (name, type(obj).__name__)
            )


def _as_text(query, frames):
    """The query's result with every column query() has no form for cast to text."""
    body = query.strip().rstrip(";").rstrip()
    described = duck.query("DESCRIBE " + body, frames)
    values = {name: column for name, _, column, _, _ in described}
    items = []
    for name, type_name in zip(values["column_name"], values["column_type"]):
        quoted = duck.identifier(name)
        if _parquet().readable_type(type_name):
            items.append(quoted)
        else:
            items.append("CAST(%s AS VARCHAR) AS %s" % (quoted, quoted))
    # The newline ends a comment that the query may end with.
    return duck.query("SELECT %s FROM (%s\n)" % (", ".join(items), body), frames)


def _run(query, frames):
    error_class = duck.error_class()
    try:
        return duck.query(query, frames)
    except error_class as error:
        if NO_PANDAS_FORM not in str(error):
            raise SQLError(str(error)) from None
        first = error
    try:
        return _as_text(query, frames)
    except error_class:
        raise SQLError(str(first)) from None


def sql(query, /, **frames):
    """Runs one SQL statement with DuckDB and returns its result as a pandas DataFrame.

    Tables are DataFrames or Series: those given as keyword arguments, else those the
    caller's names or the session's namespace hold (`sandpiper.sql("SELECT * FROM sales")`),
    and workspace files (`FROM 'sales.parquet'`, `read_csv('x.csv')`). Errors are
    sandpiper.SQLError with DuckDB's message, which shows where in the query.
    """
    _check(query, frames)
    resolver = _Frames(frames, _namespaces(sys._getframe(1)))
    return _parquet().result_frame(_run(query, resolver))
