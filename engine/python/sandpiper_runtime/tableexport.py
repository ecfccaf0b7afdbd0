"""sandpiper.export(obj, path, ...): writes a whole table to a file in the workspace.

The window's Export… dialog runs one call of export() as code in the session, so the console
shows it, then copies the file out of the workspace. A table is a pandas DataFrame or Series, a
numpy array of one or two dimensions, a list of records (dicts) or a dict of equal-length
columns (see to_frame()). The formats are CSV and TSV, Excel (xlsxwriter), JSON, HTML, a
Markdown pipe table and Parquet (DuckDB, see parquet.py).

A file is written whole or not at all: the writer fills a hidden file beside the target, which
replaces the target only once complete. Any exception, KeyboardInterrupt (the dialog's Cancel)
included, removes that file and leaves what was at the path before.

pandas is imported by export() itself, never when this module is imported.
"""

import codecs
import csv
import datetime
import decimal as decimal_module
import errno
import html
import math
import os
import stat
import unicodedata

FORMATS = ("csv", "tsv", "xlsx", "json", "html", "md", "parquet")
# Extension -> (format, the JSON orient it implies or None).
EXTENSIONS = {
    ".csv": ("csv", None),
    ".tsv": ("tsv", None),
    ".txt": ("csv", None),
    ".xlsx": ("xlsx", None),
    ".json": ("json", None),
    ".jsonl": ("json", "lines"),
    ".html": ("html", None),
    ".htm": ("html", None),
    ".md": ("md", None),
    ".parquet": ("parquet", None),
}
COMPRESSIONS = ("zstd", "snappy", "none")
QUOTING = {
    "minimal": csv.QUOTE_MINIMAL,
    "all": csv.QUOTE_ALL,
    "nonnumeric": csv.QUOTE_NONNUMERIC,
    "none": csv.QUOTE_NONE,
}
ORIENTS = ("records", "lines", "table", "columns", "split")
TOO_MANY_ROWS = ("split", "refuse")

# The data rows an Excel sheet holds below a header row (its 1,048,576 rows less one).
XLSX_MAX_ROWS = 1_048_575
XLSX_MAX_COLUMNS = 16_384
SHEET_NAME_CHARS = 31
_SHEET_NAME_FORBIDDEN = "[]:*?/\\"
# Column widths come from the header and this many rows, in characters within these bounds.
AUTOFIT_ROWS = 1000
AUTOFIT_MIN = 8
AUTOFIT_MAX = 60

_ACCEPTED = (
    "a pandas DataFrame or Series, a numpy array of 1 or 2 dimensions, "
    "a list of dicts (records) or a dict of equal-length lists or arrays"
)
_WORKSPACE_ONLY = (
    "a session writes only inside its workspace; export to a path there (e.g. %r) "
    "and copy the file out with File \u25b8 Save Workspace File As\u2026"
)
_NO_ROOM = (errno.EACCES, errno.EPERM, errno.EROFS)


class _Unwritable(Exception):
    """The folder or the file cannot be created where the path points."""


def _pandas():
    import pandas

    return pandas


# --- the table --------------------------------------------------------------------------------


def _type_name(value):
    kind = type(value)
    module = kind.__module__ or ""
    if module == "builtins":
        return kind.__name__
    return "%s.%s" % (module.split(".")[0], kind.__qualname__)


def _a(value):
    """The value's type with its article: "a set", "an int", "a pandas.Index"."""
    if value is None:
        return "None"
    name = _type_name(value)
    return ("an " if name[0] in "aeiouAEIOU" else "a ") + name


def _column_of(name, values):
    """A dict's value as one column: a list, a tuple, a range, a numpy or pandas 1-D array."""
    pd = _pandas()
    import numpy as np

    if isinstance(values, (list, tuple, range)):
        return list(values)
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise ValueError(
                "column %r of the dict is an array of %d dimensions; "
                "a column has one" % (name, values.ndim)
            )
        return values
    if isinstance(values, (pd.Series, pd.Index)):
        return values.array  # its values, not aligned on its index
    if isinstance(values, pd.api.extensions.ExtensionArray):
        return values
    raise TypeError(
        "a dict is exported when its values are lists or arrays (columns); "
        "%r is %s" % (name, _a(values))
    )


def _frame_of_columns(mapping):
    pd = _pandas()
    columns = {name: _column_of(name, values) for name, values in mapping.items()}
    lengths = {name: len(values) for name, values in columns.items()}
    if len(set(lengths.values())) > 1:
        described = ", ".join("%r has %d" % item for item in lengths.items())
        raise ValueError(
            "the columns of a dict must have equal lengths to be a table: %s"
            % described
        )
    return pd.DataFrame(columns)


def _frame_of_records(records):
    pd = _pandas()
    for position, record in enumerate(records):
        if not isinstance(record, dict):
            raise TypeError(
                "a list is exported when its items are dicts (records); "
                "item %d is %s" % (position, _a(record))
            )
    return pd.DataFrame(records)


def to_frame(obj):
    """obj as a pandas DataFrame (the object itself when it is one); TypeError for anything
    that is not a table."""
    pd = _pandas()
    import numpy as np

    if isinstance(obj, pd.DataFrame):
        return obj
    if isinstance(obj, pd.Series):
        return obj.to_frame(name="value" if obj.name is None else obj.name)
    if isinstance(obj, np.ndarray):
        if obj.ndim not in (1, 2):
            raise ValueError(
                "an array of %d dimensions is not a table; export an array of 1 or 2 "
                "dimensions, e.g. a slice of it" % obj.ndim
            )
        return pd.DataFrame(obj)
    if isinstance(obj, list):
        return _frame_of_records(obj)
    if isinstance(obj, dict):
        return _frame_of_columns(obj)
    raise TypeError("cannot export %s: export takes %s" % (_a(obj), _ACCEPTED))


def _text(name):
    """A column name or index label as the text a file holds."""
    if isinstance(name, str):
        return name
    if isinstance(name, tuple):
        return " / ".join(_text(part) for part in name)
    return "" if name is None else str(name)


def _with_columns(frame, columns):
    copy = frame.copy(deep=False)  # the data shared; the caller's frame keeps its names
    copy.columns = columns
    return copy


def _flat_columns(frame):
    """The frame with each column name as text, a MultiIndex's levels joined by " / "."""
    return _with_columns(frame, [_text(name) for name in frame.columns])


def _text_columns(frame):
    """Column names as text, keeping the levels of a MultiIndex."""
    pd = _pandas()
    if isinstance(frame.columns, pd.MultiIndex):
        keys = [tuple(_text(part) for part in key) for key in frame.columns]
        return _with_columns(
            frame, pd.MultiIndex.from_tuples(keys, names=frame.columns.names)
        )
    return _flat_columns(frame)


def repeated_values(names):
    """The values that occur more than once, each once, in the order they repeat."""
    seen, repeated = set(), []
    for name in names:
        if name in seen and name not in repeated:
            repeated.append(name)
        seen.add(name)
    return repeated


# --- options ----------------------------------------------------------------------------------


def _choice(option, value, allowed):
    if value not in allowed:
        raise ValueError(
            "%s must be one of %s, not %r"
            % (option, ", ".join(repr(a) for a in allowed), value)
        )
    return value


def _flag(option, value):
    if isinstance(value, str) or value not in (True, False):
        raise TypeError("%s must be True or False, not %r" % (option, value))
    return bool(value)


def _format_of(path, format):
    """(format, JSON orient implied by the extension or None)."""
    if format is not None:
        if not isinstance(format, str):
            raise TypeError("format must be a str such as 'csv', not %r" % (format,))
        name = format.lower().lstrip(".")
        if name not in FORMATS:
            raise ValueError(
                "unknown format %r; the formats are %s" % (format, ", ".join(FORMATS))
            )
        return name, None
    extension = os.path.splitext(path)[1].lower()
    if extension not in EXTENSIONS:
        raise ValueError(
            "cannot tell the format of %r from its extension; name the file with one of "
            "%s, or pass format= one of %s"
            % (os.path.basename(path), " ".join(EXTENSIONS), ", ".join(FORMATS))
        )
    return EXTENSIONS[extension]


def _check_sheet_name(name):
    if not isinstance(name, str):
        raise TypeError("sheet_name must be a str, not %r" % (name,))
    if not name:
        raise ValueError("a sheet name cannot be empty")
    if len(name) > SHEET_NAME_CHARS:
        raise ValueError(
            "a sheet name holds at most %d characters; %r has %d"
            % (SHEET_NAME_CHARS, name, len(name))
        )
    bad = [ch for ch in _SHEET_NAME_FORBIDDEN if ch in name]
    if bad:
        raise ValueError(
            "a sheet name cannot contain any of [ ] : * ? / \\; %r has %s"
            % (name, " ".join(bad))
        )
    if name.startswith("'") or name.endswith("'"):
        raise ValueError(
            "a sheet name cannot begin or end with an apostrophe; %r does" % name
        )
    return name


def _check_encoding(encoding):
    if not isinstance(encoding, str):
        raise TypeError("encoding must be a str such as 'utf-8', not %r" % (encoding,))
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ValueError(
            "unknown encoding %r; use a Python codec name such as 'utf-8', "
            "'utf-8-sig' (UTF-8 that Excel recognises), 'gbk' or 'latin-1'" % encoding
        ) from None
    return encoding


def _check_csv(sep, decimal, quoting):
    for option, value in (("sep", sep), ("decimal", decimal)):
        if not isinstance(value, str) or len(value) != 1:
            raise ValueError(
                "%s must be one character (e.g. ',' ';' or '\\t'), not %r"
                % (option, value)
            )
    if sep == decimal:
        raise ValueError(
            "the separator and the decimal mark must differ; both are %r "
            "(with decimal=',' use sep=';' or a tab)" % sep
        )
    _choice("quoting", quoting, tuple(QUOTING))


# --- writers: each writes frame (its columns already as text) to target -----------------------


def _char_name(ch):
    try:
        return "%r (U+%04X %s)" % (ch, ord(ch), unicodedata.name(ch))
    except ValueError:
        return "%r (U+%04X)" % (ch, ord(ch))


def _shown(label):
    """A row label or column name as a message quotes it."""
    if hasattr(label, "item") and type(label).__module__ == "numpy":
        label = label.item()
    if isinstance(label, (str, int, float)):
        return repr(label)
    return _text(label)


def _where(frame, ch, index):
    """Where the character first shows in a CSV file of frame: header, index or a cell."""
    for name in frame.columns:
        if ch in _text(name):
            return "the name of column %s" % _shown(name)
    if index:
        for name in frame.index.names:
            if ch in _text(name):
                return "the name of the index %s" % _shown(name)
    found = None  # (row position, description)
    if index:
        for position, label in enumerate(frame.index):
            if ch in _text(label):
                found = (position, "the index label of row %d" % position)
                break
    for j in range(frame.shape[1]):
        values = frame.iloc[:, j]
        if values.dtype.kind not in "OSU" and str(values.dtype) != "string":
            continue
        hits = values.astype(str).str.contains(ch, regex=False)
        if hits.any():
            position = int(hits.to_numpy().argmax())
            if found is None or position < found[0]:
                found = (
                    position,
                    "column %s, row %s"
                    % (_shown(frame.columns[j]), _shown(frame.index[position])),
                )
    return None if found is None else found[1]


def _encoding_error(frame, index, encoding, error):
    ch = error.object[error.start] if error.start < len(error.object) else "?"
    where = _where(frame, ch, index)
    if where is None:
        what = "the character %s cannot be written" % _char_name(ch)
    else:
        what = "%s holds %s, which cannot be written" % (where, _char_name(ch))
    return ValueError(
        "%s in the encoding %s; choose encoding='utf-8' (or 'utf-8-sig' for Excel), "
        "or replace the character" % (what, encoding)
    )


def _write_csv(frame, target, sep, encoding, decimal, index, quoting):
    try:
        frame.to_csv(
            target,
            sep=sep,
            encoding=encoding,
            decimal=decimal,
            index=index,
            quoting=QUOTING[quoting],
            escapechar="\\" if quoting == "none" else None,
            compression=None,
        )
    except UnicodeEncodeError as error:
        raise _encoding_error(frame, index, encoding, error) from None


def _sheet_names(base, count):
    names = [base]
    for number in range(2, count + 1):
        suffix = " (%d)" % number
        names.append(base[: SHEET_NAME_CHARS - len(suffix)] + suffix)
    return names


def _display_width(text):
    return max(
        (
            sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
            for line in text.splitlines()
        ),
        default=0,
    )


def _cell_text(value):
    pd = _pandas()
    if value is None:
        return ""
    if isinstance(value, float):  # as Excel's General format shows it
        return "" if math.isnan(value) else "%.11g" % value
    if value is pd.NaT or value is pd.NA:
        return ""
    return str(value)


def _widths(frame, index):
    """Each sheet column's width in characters: the header and the first rows' text."""
    top = frame.iloc[:AUTOFIT_ROWS]
    columns = []
    if index:
        for level, name in enumerate(top.index.names):
            columns.append((_text(name), top.index.get_level_values(level).tolist()))
    for j, name in enumerate(top.columns):
        header = max(_text(part) for part in name) if isinstance(name, tuple) else name
        columns.append((_text(header), top.iloc[:, j].tolist()))
    widths = []
    for header, values in columns:
        longest = max(
            [_display_width(header)] + [_display_width(_cell_text(v)) for v in values]
        )
        widths.append(min(AUTOFIT_MAX, max(AUTOFIT_MIN, longest + 2)))
    return widths


# Cell values xlsxwriter writes as they are; anything else in an object column as its text.
_EXCEL_VALUES = (
    str,
    bool,
    int,
    float,
    decimal_module.Decimal,
    datetime.date,
    datetime.time,
    datetime.timedelta,
)


def _excel_value(value):
    import numpy as np

    if value is None or isinstance(value, (_EXCEL_VALUES, np.number, np.bool_)):
        return value
    pd = _pandas()
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value)
    return str(value)


def _excel_ready(frame):
    """Object columns with values Excel cannot hold (lists, dicts, objects) as their text."""
    objects = [j for j in range(frame.shape[1]) if frame.dtypes.iloc[j] == object]
    if not objects:
        return frame
    ready = frame.copy(deep=False)
    for j in objects:
        ready.isetitem(j, frame.iloc[:, j].map(_excel_value))
    return ready


def _write_xlsx(
    frame, target, sheet_name, index, freeze_header, autofit, too_many_rows
):
    """The sheets written: their names."""
    pd = _pandas()
    multi = isinstance(frame.columns, pd.MultiIndex)
    if multi and not index:
        # pandas writes the levels of columns beside an index only; one row of names instead.
        frame, multi = _flat_columns(frame), False
    index_columns = frame.index.nlevels if index else 0
    if frame.shape[1] + index_columns > XLSX_MAX_COLUMNS:
        raise ValueError(
            "an Excel sheet holds at most %s columns; this table has %s "
            "(with its index); export it to CSV instead"
            % (_count(XLSX_MAX_COLUMNS), _count(frame.shape[1] + index_columns))
        )
    # A MultiIndex header takes a row per level and one for the index's names.
    header_rows = frame.columns.nlevels + 1 if multi else 1
    per_sheet = max(1, XLSX_MAX_ROWS + 1 - header_rows)
    rows = frame.shape[0]
    if rows > per_sheet and too_many_rows == "refuse":
        raise ValueError(
            "the table has %s rows but an Excel sheet holds at most %s below its header; "
            "choose too_many_rows='split' to write them over several sheets, "
            "or export to CSV" % (_count(rows), _count(per_sheet))
        )
    frame = _excel_ready(frame)
    names = _sheet_names(sheet_name, max(1, -(-rows // per_sheet)))
    widths = _widths(frame, index) if autofit else None
    options = {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    with pd.ExcelWriter(
        target, engine="xlsxwriter", engine_kwargs={"options": options}
    ) as writer:
        for number, name in enumerate(names):
            part = frame.iloc[number * per_sheet : (number + 1) * per_sheet]
            part.to_excel(
                writer,
                sheet_name=name,
                index=index,
                freeze_panes=(header_rows, index_columns) if freeze_header else None,
            )
            if widths is not None:
                sheet = writer.sheets[name]
                for column, width in enumerate(widths):
                    sheet.set_column(column, column, width)
    return names


def _json_columns(frame, orient):
    """The frame's column names as that orient can hold them; ValueError when it cannot."""
    pd = _pandas()
    if orient == "split":  # keeps the levels of a MultiIndex, and repeated names
        return _text_columns(frame)
    if orient == "table" and isinstance(frame.columns, pd.MultiIndex):
        raise ValueError(
            "JSON with orient 'table' cannot hold MultiIndex columns; choose orient "
            "'split', which keeps their levels, or 'records', which joins them with ' / '"
        )
    frame = _flat_columns(frame)
    repeated = repeated_values(frame.columns)
    if repeated:
        raise ValueError(
            "JSON with orient %r cannot hold two columns of one name: %s; rename them, "
            "or choose orient 'split'" % (orient, ", ".join(repr(n) for n in repeated))
        )
    if orient == "columns":
        repeated = repeated_values(frame.index)
        if repeated:
            raise ValueError(
                "JSON with orient 'columns' names each row by its index label, and these "
                "are repeated: %s; choose orient 'records', 'split' or 'table'"
                % ", ".join(repr(_text(n)) for n in repeated[:10])
            )
    return frame


def _write_json(frame, target, orient, index):
    options = {
        "orient": "records" if orient == "lines" else orient,
        "lines": orient == "lines",
        "date_format": "iso",
        "double_precision": 15,
        "force_ascii": False,
        "default_handler": str,
        "compression": None,
    }
    if orient in ("split", "table"):  # the orients pandas lets leave the index out
        options["index"] = index
    frame.to_json(target, **options)


_HTML = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>%s</title>
<style>table { border-collapse: collapse; } th, td { padding: 2px 8px; }</style>
</head>
<body>
%s
</body>
</html>
"""


def _write_html(frame, target, index, title):
    table = frame.to_html(index=index, escape=True, na_rep="")
    with open(target, "w", encoding="utf-8") as file:
        file.write(_HTML % (html.escape(title), table))


def _md_cell(value):
    pd = _pandas()
    if value is None or value is pd.NaT or value is pd.NA:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    text = value if isinstance(value, str) else str(value)
    text = text.replace("|", "\\|")
    return text.replace("\r\n", "<br>").replace("\r", "<br>").replace("\n", "<br>")


def _md_rule(values):
    pd = _pandas()
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(
        values
    )
    return "---:" if numeric else "---"


def _write_md(frame, target, index):
    columns = []  # (header, values, rule)
    if index:
        for level, name in enumerate(frame.index.names):
            values = frame.index.get_level_values(level)
            columns.append((_text(name), values.tolist(), _md_rule(values)))
    for j, name in enumerate(frame.columns):
        values = frame.iloc[:, j]
        columns.append((_text(name), values.tolist(), _md_rule(values)))
    with open(target, "w", encoding="utf-8", newline="\n") as file:
        if not columns:
            return

        def line(cells):
            file.write("| " + " | ".join(cells) + " |\n")

        line(_md_cell(header) for header, _, _ in columns)
        line(rule for _, _, rule in columns)
        for row in zip(*(values for _, values, _ in columns)):
            line(_md_cell(value) for value in row)


# --- the file ---------------------------------------------------------------------------------


def _display(path):
    """The path as the printed line shows it: relative when inside the working directory."""
    here = os.getcwd()
    try:
        inside = os.path.commonpath([here, path]) == here
    except ValueError:
        inside = False
    return os.path.relpath(path, here) if inside else path


def _temporary(folder, name, suffix):
    """A new hidden file beside the target: its path."""
    stem = os.path.splitext(name)[0] or name
    while True:
        path = os.path.join(
            folder, ".%s.%s.tmp%s" % (stem, os.urandom(4).hex(), suffix)
        )
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return path
        except FileExistsError:
            continue


def _unwritable_error(path, error):
    reason = ""
    if _refused(error):
        reason = " (%s)" % (error.strerror or error)
    return PermissionError(
        "cannot write %s%s: %s"
        % (_display(path), reason, _WORKSPACE_ONLY % os.path.basename(path))
    )


def too_large_error(path, error):
    """The session's file size or disk limit, or a full disk, stopped the writing."""
    limit = ""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
        if error.errno == errno.EFBIG and soft != resource.RLIM_INFINITY:
            limit = " of %s" % _size(soft)
    except (ImportError, OSError, ValueError):
        pass
    return OSError(
        error.errno,
        "cannot write %s: it would be larger than the session allows for one file%s (%s); "
        "raise the limits in Run \u25b8 Session Limits\u2026, or export fewer rows or a "
        "compact format" % (_display(path), limit, error.strerror or error),
    )


def _refused(error):
    """True for an error that says the place cannot be written, as opposed to a full disk."""
    return isinstance(error, PermissionError) or error.errno in _NO_ROOM


def _prepare(path, suffix):
    """Creates the missing folders of path and the temporary file; its path. _Unwritable
    when the place cannot hold files (a sandbox's read-only tree, /proc, a folder without
    write permission)."""
    folder, name = os.path.split(path)
    try:
        os.makedirs(folder, exist_ok=True)
        return _temporary(folder, name, suffix)
    except FileNotFoundError as error:  # a folder that holds no new files, e.g. /proc
        raise _Unwritable(error) from None
    except OSError as error:
        if _refused(error):
            raise _Unwritable(error) from None
        raise


def _keep_mode(temporary, path):
    """The new file gets the mode of the file it replaces."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return
    try:
        os.chmod(temporary, mode)
    except OSError:
        pass


def write_whole(path, format, write, stem="file"):
    """Calls write(temporary) on a hidden file beside the absolute path, which then replaces
    the path: the file is whole or absent, on any error or interrupt. Returns what write
    returns. Errors name the path and, for a full disk or a session limit, the limit."""
    if os.path.isdir(path):
        raise IsADirectoryError(
            "%s is a folder; give a file name inside it, e.g. %s"
            % (_display(path), os.path.join(_display(path), stem + "." + format))
        )
    temporary = None
    try:
        try:
            temporary = _prepare(path, "." + format)
        except _Unwritable as error:
            raise _unwritable_error(path, error.args[0]) from None
        try:
            result = write(temporary)
        except OSError as error:
            if error.errno in (errno.EFBIG, errno.ENOSPC, errno.EDQUOT):
                raise too_large_error(path, error) from None
            raise
        _keep_mode(temporary, path)
        try:
            os.replace(temporary, path)
        except OSError as error:
            if _refused(error):
                raise _unwritable_error(path, error) from None
            raise
    except BaseException:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
        raise
    return result


def _count(number):
    return "{:,}".format(number)


def _plural(count, word):
    return "%s %s%s" % (_count(count), word, "" if count == 1 else "s")


def _size(size):
    if size < 1000:
        return _plural(size, "byte")
    for unit in ("KB", "MB", "GB"):
        size /= 1000.0
        if size < 999.95 or unit == "GB":
            return "%.1f %s" % (size, unit)


def _write_parquet(frame, target, compression, index):
    from . import parquet

    pd = _pandas()
    if isinstance(frame.columns, pd.MultiIndex):
        frame = _flat_columns(frame)
    # The index as pandas keeps it (a RangeIndex in the metadata only), or none.
    parquet.write_file(frame, target, compression, None if index else False)


def _write(frame, format, target, title, options):
    """Writes the file; the sheets written for Excel, else None."""
    index = options["index"]
    if format in ("csv", "tsv"):
        _write_csv(
            _flat_columns(frame),
            target,
            "\t" if format == "tsv" else options["sep"],
            options["encoding"],
            options["decimal"],
            index,
            options["quoting"],
        )
    elif format == "xlsx":
        return _write_xlsx(
            _text_columns(frame),
            target,
            options["sheet_name"],
            index,
            options["freeze_header"],
            options["autofit"],
            options["too_many_rows"],
        )
    elif format == "json":
        _write_json(frame, target, options["orient"], index)
    elif format == "html":
        _write_html(_text_columns(frame), target, index, title)
    elif format == "parquet":
        _write_parquet(frame, target, options["compression"], index)
    else:
        _write_md(_flat_columns(frame), target, index)
    return None


def export(
    obj,
    path,
    *,
    format=None,
    index=True,
    sep=",",
    encoding="utf-8",
    decimal=".",
    quoting="minimal",
    sheet_name="Sheet1",
    freeze_header=True,
    autofit=True,
    too_many_rows="split",
    orient="records",
    compression="zstd",
):
    """Writes the table obj to the file path; returns the absolute path written.

    obj: a pandas DataFrame or Series (one column named after it, or "value"), a numpy array
    of 1 or 2 dimensions, a list of dicts (records) or a dict of equal-length lists or arrays.
    path: relative to the working directory, the session's workspace; missing folders are
    made. format: "csv", "tsv", "xlsx", "json", "html", "md" or "parquet"; None takes it
    from the extension (.txt is CSV, .jsonl JSON Lines).

    CSV and TSV: sep (a tab for TSV), encoding (e.g. "utf-8-sig" for Excel, "gbk"), decimal
    ("." or ","), index, quoting ("minimal", "all", "nonnumeric", "none").
    Excel: sheet_name, index, freeze_header (the header row and the index columns),
    autofit (column widths), too_many_rows ("split" over sheets "Sheet1", "Sheet1 (2)", ...
    or "refuse").
    JSON: orient ("records", "lines", "table", "columns", "split"); index for "split" and
    "table". Dates as ISO 8601 text.
    HTML and Markdown: index.
    Parquet: compression ("zstd", "snappy" or "none"), index (a RangeIndex is kept in the
    file's metadata, other indexes as columns). Dtypes, the index and column names come back
    with pd.read_parquet.
    """
    if isinstance(path, bytes) or not isinstance(path, (str, os.PathLike)):
        raise TypeError("path must be a str or a path, not %s" % _type_name(path))
    path = os.fspath(path)
    if not isinstance(path, str):
        raise TypeError("path must be a str or a path, not bytes")
    if not path:
        raise ValueError("path is empty; give a file name such as 'table.csv'")
    format, implied_orient = _format_of(path, format)
    options = {
        "index": _flag("index", index),
        "sep": sep,
        "encoding": encoding,
        "decimal": decimal,
        "quoting": quoting,
        "sheet_name": sheet_name,
        "freeze_header": _flag("freeze_header", freeze_header),
        "autofit": _flag("autofit", autofit),
        "too_many_rows": too_many_rows,
        "orient": orient,
        "compression": "none" if compression is None else compression,
    }
    if format in ("csv", "tsv"):
        _check_csv("\t" if format == "tsv" else sep, decimal, quoting)
        _check_encoding(encoding)
    elif format == "xlsx":
        _check_sheet_name(sheet_name)
        _choice("too_many_rows", too_many_rows, TOO_MANY_ROWS)
    elif format == "json":
        _choice("orient", orient, ORIENTS)
        if implied_orient is not None and orient != implied_orient:
            if orient != "records":
                raise ValueError(
                    "a .jsonl file holds JSON Lines (orient 'lines'), not orient %r; "
                    "name the file .json" % orient
                )
            options["orient"] = implied_orient
    elif format == "parquet":
        _choice("compression", options["compression"], COMPRESSIONS)

    frame = to_frame(obj)
    if format == "json":
        frame = _json_columns(frame, options["orient"])

    path = os.path.abspath(path)
    title = os.path.splitext(os.path.basename(path))[0]
    sheets = write_whole(
        path,
        format,
        lambda temporary: _write(frame, format, temporary, title, options),
        "table",
    )

    rows, columns = frame.shape
    line = "Wrote %s \u00d7 %s to %s (%s)" % (
        _plural(rows, "row"),
        _plural(columns, "column"),
        _display(path),
        _size(os.path.getsize(path)),
    )
    if sheets is not None and len(sheets) > 1:
        line += " on %d sheets" % len(sheets)
    print(line)
    return path
