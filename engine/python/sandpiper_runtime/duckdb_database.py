"""The session's DuckDB: one in-memory database per process, made on first use.

Parquet (parquet.py) and SQL (sql.py) go through here. The native module sandpiper_duckdb is
imported on the first call, never when this module is imported: DuckDB costs start-up time
that most sessions never need.

The engine describes the session in the environment: SANDPIPER_WORKSPACE (the workspace, the
only folder DuckDB may read or write; the working directory when unset), SANDPIPER_MEMORY_BYTES
(the session's memory limit; DuckDB gets half of it) and SANDPIPER_PROCESSES (the session's
process limit, which bounds DuckDB's threads). DuckDB spills to <workspace>/.sandpiper-duckdb.

A Database runs one call at a time: every call takes the lock.
"""

import os
import threading

UNAVAILABLE = "Parquet and SQL need DuckDB, which this engine could not load: %s"
TEMP_FOLDER = ".sandpiper-duckdb"

_lock = threading.Lock()
_database = None
_root = None  # the workspace the Database was made for


class DuckDBUnavailableError(ImportError):
    """The native module is missing or does not load."""


def native():
    """The sandpiper_duckdb module; DuckDBUnavailableError when it cannot be imported."""
    try:
        import sandpiper_duckdb
    except ImportError as error:
        raise DuckDBUnavailableError(UNAVAILABLE % error) from None
    return sandpiper_duckdb


def error_class():
    """The native module's exception class: DuckDB's errors."""
    return native().Error


def workspace(environ=None):
    """The absolute path of the folder DuckDB may reach."""
    environ = os.environ if environ is None else environ
    return os.path.abspath(environ.get("SANDPIPER_WORKSPACE") or os.getcwd())


def _positive(environ, name):
    """The variable as a whole number above 0, or None when unset, 0 or not a number."""
    try:
        value = int(environ.get(name, "") or 0)
    except ValueError:
        return None
    return value if value > 0 else None


def _cpu_count():
    count = getattr(os, "process_cpu_count", os.cpu_count)()
    return count or 1


def memory_limit(memory_bytes):
    """DuckDB's memory_limit for a session limit in bytes: half of it, e.g. "512MB"."""
    if memory_bytes is None:
        return None
    return "%dMB" % max(1, memory_bytes // 2 // 1_000_000)


def settings(environ=None):
    """The Database's arguments as a dict, from the environment the engine sets."""
    environ = os.environ if environ is None else environ
    root = workspace(environ)
    processes = _positive(environ, "SANDPIPER_PROCESSES")
    threads = _cpu_count() if processes is None else min(_cpu_count(), processes)
    return {
        "threads": max(1, threads),
        "memory_limit": memory_limit(_positive(environ, "SANDPIPER_MEMORY_BYTES")),
        "temp_directory": os.path.join(root, TEMP_FOLDER),
        "allowed_directories": [root],
    }


def _get():
    """The process's Database, made on first use. Called with the lock held."""
    global _database, _root
    if _database is None:
        module = native()
        arguments = settings()
        _database = module.Database(**arguments)
        _root = arguments["allowed_directories"][0]
    return _database


def execute(sql, frames=None):
    """Runs a statement; its result is dropped."""
    with _lock:
        _get().execute(sql, frames)


def query(sql, frames=None):
    """Runs a query: [(name, type, values, nulls, categories)] (see sandpiper_duckdb)."""
    with _lock:
        return _get().query(sql, frames)


def root():
    """The folder the process's Database may reach (the Database is made if need be)."""
    with _lock:
        _get()
        return _root


def inside(path):
    """Whether DuckDB may reach the absolute path: below root(), as DuckDB compares them."""
    folder = root()
    return os.path.normpath(path).startswith(folder.rstrip(os.sep) + os.sep)


def text(value):
    """value as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def identifier(name):
    """name as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'
