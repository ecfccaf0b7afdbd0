"""Importing a data file: how to read it, a preview of its first rows, and the pandas code.

sniff() looks at a file as an import dialog would: its format (delimited text, Excel, JSON or
Parquet), encoding and dialect, the junk lines above the header, extra missing-value markers,
each column's type, and the pandas code that loads it. preview() reads the first rows with the
options a user chose (whatever is not chosen is sniffed); sniff_reply() answers the side
thread's "sniff" request with it.

The preview and the code cannot disagree: the reader's keyword arguments (and the few steps
after the reader, such as renames) are built once by _plan(), the code is rendered from them,
and the preview calls the same reader with the same arguments plus a row cap. Reads are
bounded: sniffing decodes a head of HEAD_BYTES, a preview of delimited text or JSON Lines reads
at most PREVIEW_BYTES, so a 1 GB file previews like a small one. A JSON array of records is
previewed from the records decoded one by one from a head; any other JSON document is read
whole, up to JSON_DOCUMENT_BYTES. Workbooks go through pandas.ExcelFile (openpyxl read-only for
.xlsx, xlrd for .xls, odf for .ods), after a ZIP-bomb check of the archive's listing. Parquet
is read by DuckDB (parquet.py), its first rows only; its columns keep the file's types unless
the user chooses others. Every problem with a file comes back as "error", one sentence for the
user; nothing here raises to the caller.

The rules, decided here once:
- Encoding: a byte order mark decides (utf-8-sig, utf-16, utf-32); a NUL beside every ASCII
  character is UTF-16 without a mark (utf-16-le, utf-16-be); then strict UTF-8 (plain
  ASCII included); then gb18030 (read for GBK and GB2312 too), big5 or shift_jis, whichever
  decodes the text cleanly into the most common characters of its script, when at least 70%
  are; then cp1252 when bytes 0x80-0x9F occur (its quotes, dashes and euro sign) and latin-1
  when they do not. Text whose high bytes come mostly in runs of three or more is none of
  these (Cyrillic or Greek code pages, say): the user is asked to choose the encoding.
- Types: pandas infers numbers; the sniffer adds what pandas does not infer by itself: dates
  in one of DATE_FORMATS (pd.to_datetime with the format after the reader; slash dates are month first unless a
  day above 12 shows otherwise), yes/no words as booleans (true_values, false_values), and
  "category" for a text column of at least 20 values with at most 20 distinct ones, at most
  half of its values. A whole-number column with gaps is float, as pandas reads it.
- Missing values: a marker from EXTRA_NA counts as missing when the rest of its column is
  numbers, dates or booleans; pandas' own markers (NA, n/a, NULL, ...) need nothing.

pandas is imported on the first call, never when this module is imported.
"""

import codecs
import csv
import datetime
import io
import itertools
import json
import keyword
import math
import os
import unicodedata
from keyword import iskeyword
import re
import stat
import sys
import traceback
import zipfile
from collections import Counter

FORMATS = ("csv", "excel", "json", "parquet")
DTYPES = ("int", "float", "bool", "datetime", "category", "text")
ORIENTS = ("lines", "records", "columns", "index", "split", "values")
BAD_LINES = ("error", "skip", "warn")
OPTION_KEYS = (
    "format",
    "encoding",
    "delimiter",
    "quotechar",
    "escapechar",
    "decimal",
    "thousands",
    "skip_rows",
    "header",
    "comment",
    "na_values",
    "sheet",
    "json_orient",
    "nrows",
    "on_bad_lines",
    "variable",
    "columns",
)
# Options whose None is a choice ("none"), not "sniff it".
NULLABLE = ("escapechar", "thousands", "comment")
# What a sniff decides: every option but the user's own limits, name and columns.
SNIFF_KEYS = OPTION_KEYS[: OPTION_KEYS.index("json_orient") + 1]

HEAD_BYTES = 1 << 20  # sniffing decodes this much of a file
LONG_LINE_BYTES = 4 << 20  # no newline this far in: not a table of lines
PREVIEW_BYTES = 16 << 20  # a text preview reads no further
JSON_DOCUMENT_BYTES = 20 << 20  # one JSON document (not lines, records) read whole
PREVIEW_ROWS = 200
MAX_ROWS = 10_000
CELL_CHARS = 200
DIALECT_LINES = 200  # the delimiter and the header are judged on these first lines
SAMPLE_ROWS = 500  # the column types are judged on these first rows
BAD_LINES_LISTED = 10
# What the window's protocol accepts in a reply (engine/protocol/messages.h, MaxImport*).
REPLY_TEXT_CHARS = 1000
REPLY_LIST_ITEMS = 50  # warnings, missing-value markers
REPLY_SHEETS = 1000
REPLY_COLUMNS = 2000
# A zip that unpacks past these is refused before any reader opens it.
ZIP_TOTAL_LIMIT = 1 << 30
ZIP_RATIO_LIMIT = 200
ZIP_RATIO_SIZE = 50_000_000

CATEGORY_MIN_VALUES = 20
CATEGORY_MAX_DISTINCT = 20
CATEGORY_MAX_SHARE = 0.5
CJK_COMMON_SHARE = 0.7

DELIMITERS = (",", ";", "\t", "|")
QUOTECHARS = ('"', "'")
COMMENT_CHARS = ("#",)
# pandas' own missing-value markers (pandas._libs.parsers.STR_NA_VALUES; the tests compare).
DEFAULT_NA = frozenset(
    (
        "",
        "#N/A",
        "#N/A N/A",
        "#NA",
        "-1.#IND",
        "-1.#QNAN",
        "-NaN",
        "-nan",
        "1.#IND",
        "1.#QNAN",
        "<NA>",
        "N/A",
        "NA",
        "NULL",
        "NaN",
        "None",
        "n/a",
        "nan",
        "null",
    )
)
EXTRA_NA = (
    "-",
    "--",
    "?",
    ".",
    "na",
    "N.A.",
    "n.a.",
    "Null",
    "none",
    "missing",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
)
TRUE_WORDS = ("true", "yes", "y")
FALSE_WORDS = ("false", "no", "n")
PANDAS_BOOLS = frozenset(("True", "TRUE", "true", "False", "FALSE", "false"))
# Tried in this order; the first that reads every value of a column wins.
DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%d.%m.%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%y",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%m/%d/%Y %H:%M",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%d %b %Y",
    "%d-%b-%Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%B %d, %Y",
    "%Y年%m月%d日",
    "%Y年%m月%d日 %H:%M",
)
# The dtype each choice asks pandas for; "datetime" goes through pd.to_datetime instead.
PANDAS_DTYPES = {
    "int": "Int64",
    "float": "float64",
    "bool": "boolean",
    "category": "category",
    "text": "str",
}
EXCEL_EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xls", ".ods")
JSON_EXTENSIONS = (".json", ".jsonl", ".ndjson", ".geojson")
LINES_EXTENSIONS = (".jsonl", ".ndjson")
TEXT_EXTENSIONS = (".csv", ".tsv", ".tab", ".txt", ".dat")
# What a binary file is, by its first bytes.
MAGIC = (
    (b"PAR1", "a Parquet file"),
    (b"PK\x03\x04", "a ZIP archive"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Excel workbook (.xls) or Office file",
    ),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
)
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

NO_TABLE_MESSAGE = (
    "The file holds no table: it has only blank lines after the skipped ones."
)
GONE_MESSAGE = "The file is gone: it was moved or deleted after it was chosen."
EMPTY_MESSAGE = "The file is empty."
PROTECTED_MESSAGE = (
    "The workbook is password-protected; open it in Excel, save a copy without a "
    "password, and import that."
)
UNDETECTABLE_MESSAGE = (
    "Cannot tell the encoding of this file: it is not UTF-8 and no common encoding reads "
    "it cleanly; choose its encoding."
)


class Problem(Exception):
    """A problem with the file or the options, said in one sentence for the user."""


def _pandas():
    import pandas

    return pandas


# --- the file ---------------------------------------------------------------------------------


def _open(path):
    """Every read of the file's bytes goes through here (the tests count them)."""
    return open(path, "rb")


def _size(path):
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise Problem(GONE_MESSAGE) from None
    except OSError as error:
        raise Problem("The file cannot be read: %s." % _reason(error)) from None
    if stat.S_ISDIR(info.st_mode):
        raise Problem("This is a folder, not a file.")
    return info.st_size


def _reason(error):
    return (error.strerror or str(error)).rstrip(".").lower()


def _read(path, limit):
    """Up to limit bytes from the start of the file."""
    try:
        with _open(path) as file:
            return file.read(limit)
    except FileNotFoundError:
        raise Problem(GONE_MESSAGE) from None
    except OSError as error:
        raise Problem("The file cannot be read: %s." % _reason(error)) from None


class _Bounded(io.RawIOBase):
    """The file as a stream that ends after limit bytes, at a line's end, so a preview never
    reads far into a large file; cut tells whether it ended early."""

    def __init__(self, file, limit, newline=b"\n"):
        self.file = file
        self.limit = limit
        self.newline = newline
        self.consumed = 0
        self.cut = False

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.consumed >= self.limit:
            return 0
        data = self.file.read(min(len(buffer), self.limit - self.consumed))
        self.consumed += len(data)
        if self.consumed >= self.limit and data:
            # The limit: end at the last whole line (a partial row would be misread).
            self.cut = True
            start = self.consumed - len(data)
            end = data.rfind(self.newline)
            # UTF-16 and UTF-32 units start at offsets that are multiples of their size.
            while end >= 0 and (start + end) % len(self.newline):
                end = data.rfind(self.newline, 0, end)
            data = data[: end + len(self.newline)] if end >= 0 else b""
        buffer[: len(data)] = data
        return len(data)


class _File:
    """The file being imported: where it is, its size, its head and its extension."""

    def __init__(self, path, name):
        self.path = path
        self.name = name or os.path.basename(path)
        self.size = _size(path)
        self.extension = os.path.splitext(path)[1].lower()
        self.head = _read(path, HEAD_BYTES) if self.size else b""
        # The head is the whole file when it is shorter than HEAD_BYTES.
        self.whole = len(self.head) < HEAD_BYTES


# --- format -----------------------------------------------------------------------------------


def _magic(head):
    """What the first bytes say the file is, as a phrase; None for no known signature."""
    for signature, what in MAGIC:
        if head.startswith(signature):
            return what
    return None


def _zip_kind(path):
    """ "xlsx", "ods", "zip" for another archive, or "damaged"."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
                return "ods"
            return "zip"
    except FileNotFoundError:
        raise Problem(GONE_MESSAGE) from None
    except (zipfile.BadZipFile, EOFError, OSError, KeyError):
        return "damaged"


def _is_json_text(file, text):
    if file.extension in JSON_EXTENSIONS:
        return True
    start = text.lstrip()[:1]
    return start in ("{", "[") and file.extension not in (".csv", ".tsv", ".tab")


def _detect_format(file):
    if file.head.startswith(b"PAR1"):
        return "parquet"
    if file.head.startswith(CFB_MAGIC):
        return "excel"
    if file.head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(file.path)
        if kind in ("xlsx", "ods"):
            return "excel"
        if kind == "damaged" and file.extension in EXCEL_EXTENSIONS:
            return "excel"
        raise Problem(_not_text(file.head, kind))
    what = _magic(file.head)
    if what is not None:
        raise Problem(_not_text(file.head))
    try:
        text = _decode(file.head[:4096], _bom(file.head) or "utf-8", False)
    except Problem:
        text = ""
    return "json" if _is_json_text(file, text) else "csv"


ZIP_KINDS = {
    "xlsx": "an Excel workbook (.xlsx)",
    "ods": "an OpenDocument spreadsheet (.ods)",
    "zip": "a ZIP archive",
    "damaged": "a damaged ZIP archive",
}


def _not_text(head, zip_kind=None):
    """The message for binary data read as text, saying what it looks like."""
    what = ZIP_KINDS[zip_kind] if zip_kind else _magic(head)
    if what is None:
        return "This is not a text file: it holds binary data (NUL bytes)."
    advice = ""
    if "Excel" in what or "spreadsheet" in what:
        advice = "; choose the Excel format"
    elif what == "a ZIP archive":
        advice = "; unpack it and import the file inside"
    return "This is not a text file: it looks like %s%s." % (what, advice)


# --- encoding ---------------------------------------------------------------------------------


def _bom(head):
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _bomless_utf16(head):
    """UTF-16 without a byte order mark: ASCII text has a NUL beside every character."""
    sample = head[:4096] if len(head) % 2 == 0 else head[:4095]
    if len(sample) < 4:
        return None
    if sample[1::2].count(0) > 0.9 * (len(sample) // 2) and 0 not in sample[0::2]:
        return "utf-16-le"
    if sample[0::2].count(0) > 0.9 * (len(sample) // 2) and 0 not in sample[1::2]:
        return "utf-16-be"
    return None


def _decode(data, encoding, final):
    """data as text; an incomplete character at the end is dropped unless final."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        return decoder.decode(data, final)
    except UnicodeDecodeError as error:
        raise Problem(
            "The file cannot be read as %s: byte 0x%02X at offset %s is not valid in it; "
            "choose another encoding."
            % (encoding, data[error.start], _count(error.start))
        ) from None


def _decodes(data, encoding, final):
    try:
        _decode(data, encoding, final)
        return True
    except Problem:
        return False


def _common_gb(ch):
    try:
        code = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    # Level-1 hanzi (the 3755 most used) and the rows of punctuation and full-width forms.
    return len(code) == 2 and (0xB0 <= code[0] <= 0xD7 or 0xA1 <= code[0] <= 0xA3)


def _common_big5(ch):
    try:
        code = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    if len(code) != 2:
        return False
    value = code[0] << 8 | code[1]
    # The frequently used characters, and the symbols and punctuation before them.
    return 0xA440 <= value <= 0xC67E or 0xA140 <= value <= 0xA3BF


def _common_shift_jis(ch):
    if "\u3040" <= ch <= "\u30ff":  # hiragana and katakana
        return True
    try:
        code = ch.encode("shift_jis")
    except UnicodeEncodeError:
        return False
    # Level-1 kanji and the symbol rows; half-width katakana (one byte) are rare in text.
    return len(code) == 2 and (0x88 <= code[0] <= 0x98 or 0x81 <= code[0] <= 0x84)


CJK_ENCODINGS = (
    ("gb18030", _common_gb),
    ("big5", _common_big5),
    ("shift_jis", _common_shift_jis),
)


def _cjk_encoding(head, final):
    """The CJK encoding that reads the head into common characters, or None."""
    best, best_share = None, 0.0
    for encoding, common in CJK_ENCODINGS:
        try:
            text = _decode(head, encoding, final)
        except Problem:
            continue
        wide = [ch for ch in text if ord(ch) > 0x7F][:2000]
        if not wide:
            continue
        share = sum(1 for ch in wide if common(ch)) / len(wide)
        if share > best_share:
            best, best_share = encoding, share
    return best if best_share >= CJK_COMMON_SHARE else None


def _single_byte_encoding(head):
    runs = re.findall(rb"[\x80-\xff]+", head)
    high = sum(len(run) for run in runs)
    long = sum(len(run) for run in runs if len(run) >= 3)
    if long > high / 2:  # words of high bytes: another script's code page
        raise Problem(UNDETECTABLE_MESSAGE)
    if re.search(rb"[\x80-\x9f]", head) is None:
        return "latin-1"
    if not _decodes(head, "cp1252", True):  # 0x81, 0x8D, 0x8F, 0x90, 0x9D
        raise Problem(UNDETECTABLE_MESSAGE)
    return "cp1252"


def _detect_encoding(file):
    head = file.head
    bom = _bom(head)
    if bom is not None:
        return bom
    if b"\x00" in head:
        guess = _bomless_utf16(head)
        if guess is None:
            raise Problem(_not_text(head))
        return guess
    if _decodes(head, "utf-8", file.whole):
        return "utf-8"
    return _cjk_encoding(head, file.whole) or _single_byte_encoding(head)


def _normal_encoding(encoding):
    name = codecs.lookup(encoding).name
    return "latin-1" if name == "iso8859-1" else name


def _head_text(file, encoding):
    """The head decoded, as whole lines: the partial last line of a longer file is dropped."""
    text = _decode(file.head, encoding, file.whole)
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise Problem(_not_text(file.head))
    if file.whole:
        return text
    end = text.rfind("\n")
    if end < 0:
        return _first_long_line(file, encoding)
    return text[: end + 1]


def _first_long_line(file, encoding):
    """A first line longer than the head: read on to its end, up to LONG_LINE_BYTES."""
    data = _read(file.path, LONG_LINE_BYTES)
    end = data.find(b"\n")
    if end < 0:
        if len(data) < LONG_LINE_BYTES:  # the file is one line
            return _decode(data, encoding, True)
        raise Problem(
            "Line 1 is longer than %d MB, so this is not a table of lines; check that it "
            "is a delimited text file, or choose another format."
            % (LONG_LINE_BYTES >> 20)
        )
    return _decode(data[: end + 1], encoding, False)


# --- the dialect of delimited text ------------------------------------------------------------


def _first_lines(text, count):
    """The text's first lines as the csv module wants them: split at \n, \r\n or \r
    only (str.splitlines would split inside a field at \x85 or \u2028)."""
    return list(itertools.islice(io.StringIO(text, newline=""), count))


def _comment_char(text, lines):
    """A character that starts some lines and occurs nowhere else (pandas would cut a line
    at it), or None."""
    for char in COMMENT_CHARS:
        starting = [line for line in lines if line.startswith(char)]
        if not starting or len(starting) == len(lines):
            continue
        others = re.sub(r"(?m)^%s.*$" % re.escape(char), "", text)
        if char not in others:
            return char
    return None


def _records(lines, delimiter, quotechar, escapechar, comment):
    """The lines parsed as CSV records, a comment line as a blank record ([])."""
    if comment:
        lines = ("\n" if line.startswith(comment) else line for line in lines)
    reader = csv.reader(
        lines,
        delimiter=delimiter,
        quotechar=quotechar,
        escapechar=escapechar,
        doublequote=True,
        strict=False,
    )
    try:
        return list(reader)
    except csv.Error:
        return []


def _width(records):
    """The number of fields most records have (the larger on a tie)."""
    counts = Counter(len(record) for record in records if record)
    if not counts:
        return 0
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def _filled(record):
    return sum(1 for cell in record if str(cell).strip())


def _header_index(records, width):
    """The record holding the header: the first with the table's width and mostly filled
    (a title padded with delimiters, "Report;;;", is not)."""
    needed = min(width, max(2, math.ceil(width / 2)))
    for index, record in enumerate(records):
        if len(record) == width and _filled(record) >= needed:
            return index
    for index, record in enumerate(records):
        if record:
            return index
    return 0


def _dialect_score(records):
    width = _width(records)
    body = records[_header_index(records, width) :]
    rows = [record for record in body if record]
    if not rows or width < 2:
        return (0, 0.0, 0)
    consistent = sum(1 for record in rows if len(record) == width) / len(rows)
    skipped = len(records) - len(body)
    return (1, round(consistent, 2), -skipped, width)


def _quoted_cells(records, quote):
    return sum(
        1
        for record in records
        for cell in record
        if len(cell) >= 2 and cell[0] == quote and cell[-1] == quote
    )


def _detect_dialect(text, lines, comment, given):
    """(delimiter, quotechar, escapechar): the ones given, the others that parse the lines
    into the most consistent table."""
    delimiters = [given["delimiter"]] if "delimiter" in given else DELIMITERS
    quotes = [given["quotechar"]] if "quotechar" in given else QUOTECHARS
    best, best_score = None, None
    for delimiter in delimiters:
        for quote in quotes:
            escapes = [None]
            if "escapechar" in given:
                escapes = [given["escapechar"]]
            elif "\\" + quote in text:
                escapes = [None, "\\"]
            # Apostrophes are quotes only where some cell is wrapped in them.
            if quote == "'" and "quotechar" not in given:
                plain = _records(lines, delimiter, '"', None, comment)
                if not _quoted_cells(plain, "'") or _quoted_cells(plain, '"'):
                    continue
            for escape in escapes:
                records = _records(lines, delimiter, quote, escape, comment)
                # On a tie, \" in the text is an escaped quote rather than a stray one.
                score = _dialect_score(records) + (escape is not None,)
                if best_score is None or score > best_score:
                    best, best_score = (delimiter, quote, escape), score
    if best_score[0] == 0 and "delimiter" not in given:
        return ",", best[1], best[2]  # one column: no delimiter shows, keep the default
    return best


# --- layout: junk lines, header ---------------------------------------------------------------


NUMBER = re.compile(r"^[+-]?(\d[\d.,' ]*|[.,]\d+)([eE][+-]?\d+)?%?$")
DATE_LIKE = re.compile(r"^\d{1,4}([-/.年])\d{1,2}([-/.月])\d{1,4}")


def _kind(value):
    """A cell's rough kind for the header vote: empty, integer, decimal, date, bool, text."""
    if value is None or isinstance(value, float) and math.isnan(value):
        return "empty"
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "bool"
    if isinstance(value, (int, float)) or type(value).__module__ == "numpy":
        return "integer" if float(value).is_integer() else "decimal"
    if isinstance(value, (datetime.date, datetime.time)):
        return "date"
    text = str(value).strip()
    if text in DEFAULT_NA or text in EXTRA_NA:
        return "empty"
    if DATE_LIKE.match(text):
        return "date"
    if NUMBER.match(text):
        return "integer" if re.fullmatch(r"[+-]?\d+", text) else "decimal"
    if text.lower() in TRUE_WORDS + FALSE_WORDS:
        return "bool"
    return "text"


def _column_kind(values):
    """The kind of most (90%) of a column's cells; "number" for integers and decimals."""
    kinds = Counter(_kind(value) for value in values)
    kinds.pop("empty", None)
    if not kinds:
        return "empty"
    kind, count = kinds.most_common(1)[0]
    if count >= 0.9 * sum(kinds.values()):
        return kind
    if kinds["integer"] + kinds["decimal"] >= 0.9 * sum(kinds.values()):
        return "number"
    return "text"


def _has_header(row, rows):
    """Whether row names the columns below it: its cells are text where the columns hold
    numbers, dates or booleans, or a whole number (a year) above decimals; it is taken as
    a header when nothing tells."""
    votes = Counter()
    for position, cell in enumerate(row):
        column = _column_kind([r[position] for r in rows if position < len(r)])
        if column in ("empty", "text"):
            continue
        cell_kind = _kind(cell)
        if cell_kind == "empty":
            continue
        same = cell_kind == column or (
            column == "number" and cell_kind in ("integer", "decimal")
        )
        votes["data" if same else "header"] += 1
    return votes["header"] >= votes["data"]


def _layout(records, skips_blank):
    """(skip_rows, header, width) of a table's first records. The junk before the header is
    counted up to its last record that the reader would not skip by itself: pandas skips
    blank lines (and comment lines, blank here) of text, not blank rows of a sheet."""
    content = [[] if _blank(record) else record for record in records]
    width = _width(content)
    index = _header_index(content, width)
    skip = index
    if skips_blank:
        skip = max((p + 1 for p in range(index) if content[p]), default=0)
    row = content[index] if index < len(content) else []
    rows = [record for record in content[index + 1 :] if record]
    return skip, _has_header(row, rows), width


def _blank(record):
    return not record or not any(str(cell).strip() for cell in record)


# --- numbers: decimal mark and thousands separator --------------------------------------------


GROUPED = re.compile(r"^[+-]?\d{1,3}(?:([.,' ])\d{3})+(?:([.,])\d+)?$")
PLAIN_DECIMAL = re.compile(r"^[+-]?\d*([.,])\d+$")


def _number_marks(cells, delimiter):
    """(decimal, thousands) that the cells' numbers use."""
    decimals, thousands, ambiguous = Counter(), Counter(), Counter()
    for cell in cells:
        text = cell.strip()
        grouped = GROUPED.match(text)
        if grouped:
            group, mark = grouped.group(1), grouped.group(2)
            if mark and mark != group:
                decimals[mark] += 1
                thousands[group] += 1
            elif group in " '" or text.count(group) > 1:
                thousands[group] += 1
            else:  # "1,234": a thousand, or one and a bit
                ambiguous[group] += 1
            continue
        plain = PLAIN_DECIMAL.match(text)
        if plain:
            decimals[plain.group(1)] += 1
    decimal = "," if decimals[","] and not decimals["."] and delimiter != "," else "."
    other = "." if decimal == "," else ","
    for mark in (other, " ", "'"):  # a quoted "1,234" is fine in a comma file
        if thousands[mark] or (mark == other and ambiguous[mark] and decimals[decimal]):
            return decimal, mark
    return decimal, None


# --- column facts -----------------------------------------------------------------------------


def _is_missing(value, markers):
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return value.strip() in markers or value in markers
    return type(value).__name__ in ("NaTType", "NAType")


def _integer_text(text, thousands):
    if thousands:
        text = text.replace(thousands, "")
    return re.fullmatch(r"[+-]?\d+", text) is not None


def _float_text(text, decimal, thousands):
    if thousands:
        text = text.replace(thousands, "")
    if decimal != ".":
        if "." in text:
            return False
        text = text.replace(decimal, ".")
    return re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text) is not None


def _date_format(texts):
    """The first of DATE_FORMATS that reads every text, or None."""
    texts = [text.strip() for text in texts]
    if not texts or not all(
        any(ch.isdigit() for ch in text) and len(text) <= 40 for text in texts
    ):
        return None
    for form in DATE_FORMATS:
        try:
            for text in texts:
                datetime.datetime.strptime(text, form)
        except ValueError:
            continue
        return form
    return None


def _bool_words(texts):
    """(true spellings, false spellings) when every text is a yes/no word, else None."""
    trues, falses = set(), set()
    for text in texts:
        word = text.strip()
        if word.lower() in TRUE_WORDS:
            trues.add(word)
        elif word.lower() in FALSE_WORDS:
            falses.add(word)
        else:
            return None
    # "y"/"n" alone are too thin to call a column boolean; a whole word must show.
    if not any(len(word) > 1 for word in trues | falses):
        return None
    return trues, falses


def _text_kind(texts, decimal, thousands):
    """int, float, bool, datetime (with its format) or text, for non-missing texts."""
    if not texts:
        return "empty", None
    words = _bool_words(texts)
    if words is not None:
        return "bool", words
    if all(_integer_text(text.strip(), thousands) for text in texts):
        return "int", None
    if all(_float_text(text.strip(), decimal, thousands) for text in texts):
        return "float", None
    form = _date_format(texts)
    if form is not None:
        return "datetime", form
    return "text", None


def _facts(values, decimal, thousands, markers):
    """What a column's sample holds: {"kind", "detail", "missing", "values", "distinct"}."""
    present = [value for value in values if not _is_missing(value, markers)]
    texts = [value for value in present if isinstance(value, str)]
    typed = [value for value in present if not isinstance(value, str)]
    if typed and not texts:
        kind = _column_kind(typed)
        kinds = {"integer": "int", "decimal": "float", "number": "float"}
        kind = kinds.get(kind, "native-datetime" if kind == "date" else kind)
        detail = None
    elif typed:
        kind, detail = "text", None
    else:
        kind, detail = _text_kind(texts, decimal, thousands)
    return {
        "kind": kind,
        "detail": detail,
        "missing": len(present) < len(values),
        "values": len(present),
        "distinct": len(set(map(str, present))),
        "sample": texts,
    }


def _extra_markers(values, decimal, thousands):
    """The EXTRA_NA markers in a column whose other values are numbers, dates or booleans."""
    found = [
        m
        for m in EXTRA_NA
        if any(isinstance(v, str) and v.strip() == m for v in values)
    ]
    if not found:
        return []
    rest = _facts(values, decimal, thousands, DEFAULT_NA | set(found))
    if rest["kind"] in ("int", "float", "datetime", "bool", "native-datetime"):
        return found
    return []


def _is_category(facts):
    return (
        facts["kind"] == "text"
        and facts["values"] >= CATEGORY_MIN_VALUES
        and facts["distinct"] <= CATEGORY_MAX_DISTINCT
        and facts["distinct"] <= CATEGORY_MAX_SHARE * facts["values"]
    )


def _sniffed_dtype(facts):
    """The dtype the sniffer asks for beyond pandas' inference: datetime, bool, category;
    None leaves the column to pandas."""
    if facts["kind"] == "datetime":
        return "datetime"
    if facts["kind"] == "bool":
        return "bool"
    if _is_category(facts):
        return "category"
    return None


# --- options ----------------------------------------------------------------------------------


def _char_option(key, value, choices=None):
    if not isinstance(value, str) or len(value) != 1:
        raise Problem(
            "The option %s must be one character, not %s." % (key, _shown(value))
        )
    if choices and value not in choices:
        raise Problem(
            "The option %s must be %s, not %s."
            % (key, " or ".join(_shown(c) for c in choices), _shown(value))
        )
    if value in "\r\n":
        raise Problem("The option %s cannot be a line break." % key)
    return value


def _choice_option(key, value, choices):
    if value not in choices or not isinstance(value, str):
        raise Problem(
            "The option %s must be one of %s, not %s."
            % (key, ", ".join(choices), _shown(value))
        )
    return value


def _count_option(key, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Problem(
            "The option %s must be a whole number of 0 or more, not %s."
            % (key, _shown(value))
        )
    return value


def _flag_option(key, value):
    if not isinstance(value, bool):
        raise Problem(
            "The option %s must be true or false, not %s." % (key, _shown(value))
        )
    return value


def _encoding_option(key, value):
    if not isinstance(value, str):
        raise Problem(
            "The option encoding must be a name such as utf-8, not %s." % _shown(value)
        )
    try:
        return _normal_encoding(value)
    except LookupError:
        raise Problem(
            "There is no encoding named %s; choose one from the list." % _shown(value)
        ) from None


def _na_option(key, value):
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Problem(
            "The option na_values must be a list of texts, not %s." % _shown(value)
        )
    return list(value)


def _text_option(key, value):
    if not isinstance(value, str):
        raise Problem("The option %s must be a text, not %s." % (key, _shown(value)))
    return value


def _variable_option(key, value):
    if (
        not isinstance(value, str)
        or not value.isidentifier()
        or keyword.iskeyword(value)
    ):
        raise Problem(
            "The variable name %s is not a Python name; use letters, digits and _, not "
            "starting with a digit." % _shown(value)
        )
    return value


def _column_override(entry):
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise Problem(
            "Each entry of the option columns must be a dict with a name, not %s."
            % _shown(entry)
        )
    checked = {"name": entry["name"]}
    dtype = entry.get("dtype") or "auto"
    checked["dtype"] = _choice_option(
        "dtype of column %r" % entry["name"], dtype, DTYPES + ("auto",)
    )
    for key in ("format", "rename"):
        checked[key] = _text_option(
            "%s of column %r" % (key, entry["name"]), entry.get(key) or ""
        )
    keep = entry.get("keep", True)
    checked["keep"] = _flag_option("keep of column %r" % entry["name"], keep)
    return checked


def _columns_option(key, value):
    if not isinstance(value, list):
        raise Problem("The option columns must be a list, not %s." % _shown(value))
    return [_column_override(entry) for entry in value]


CHECKS = {
    "format": lambda k, v: _choice_option(k, v, FORMATS),
    "encoding": _encoding_option,
    "delimiter": lambda k, v: _char_option(k, v),
    "quotechar": lambda k, v: _char_option(k, v),
    "escapechar": lambda k, v: _char_option(k, v),
    "decimal": lambda k, v: _char_option(k, v, (".", ",")),
    "thousands": lambda k, v: _char_option(k, v),
    "skip_rows": _count_option,
    "header": _flag_option,
    "comment": lambda k, v: _char_option(k, v),
    "na_values": _na_option,
    "sheet": _text_option,
    "json_orient": lambda k, v: _choice_option(k, v, ORIENTS),
    "nrows": _count_option,
    "on_bad_lines": lambda k, v: _choice_option(k, v, BAD_LINES),
    "variable": _variable_option,
    "columns": _columns_option,
}


def _checked(options):
    """The options given, checked: {key: value} without the ones left to the sniffer."""
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise Problem("The options must be a dict, not %s." % _shown(options))
    given = {}
    for key in OPTION_KEYS:
        if key not in options:
            continue
        value = options[key]
        if value == "" and key != "na_values":
            value = None
        if value is None:
            if key in NULLABLE:
                given[key] = None
            continue
        given[key] = CHECKS[key](key, value)
    for first, second in (("delimiter", "decimal"), ("thousands", "decimal")):
        value = given.get(first)
        if value is not None and value == given.get(second):
            raise Problem(
                "The %s and the decimal mark are both %s; choose another."
                % (first, _shown(value))
            )
    return given


def _shown(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _count(number):
    return format(number, ",")


def _rows_option(rows):
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 0:
        raise Problem(
            "The number of rows to preview must be a whole number, not %s."
            % _shown(rows)
        )
    return min(rows, MAX_ROWS)


# --- settling the options: the given ones, the rest sniffed -----------------------------------


class _Settled:
    """The options as they stand: given values first, sniffed ones as they are found, so the
    reply on a problem still holds what is known."""

    def __init__(self, given):
        self.given = given
        self.values = {}

    def take(self, key, sniff):
        value = self.given[key] if key in self.given else sniff()
        self.values[key] = value
        return value

    def put(self, key, value):
        self.values[key] = value
        return value

    def complete(self):
        defaults = {
            "format": None,
            "encoding": None,
            "delimiter": None,
            "quotechar": None,
            "escapechar": None,
            "decimal": ".",
            "thousands": None,
            "skip_rows": 0,
            "header": True,
            "comment": None,
            "na_values": [],
            "sheet": None,
            "json_orient": None,
            "nrows": 0,
            "on_bad_lines": "error",
            "variable": "df",
            "columns": [],
        }
        for key in OPTION_KEYS:
            if key not in self.values:
                self.values[key] = self.given.get(key, defaults[key])
        return {key: self.values[key] for key in OPTION_KEYS}


class _Table:
    """What the sniffer learnt of a table beyond the options: its column labels, a sample of
    their values, the header's width, the text of the head (delimited text)."""

    def __init__(self):
        self.labels = []
        self.samples = {}
        self.width = 0
        self.text = ""
        self.sheets = []


def _settle_csv(file, settled, table):
    encoding = settled.take("encoding", lambda: _detect_encoding(file))
    text = _head_text(file, encoding)
    table.text = text
    lines = _first_lines(text, DIALECT_LINES)
    comment = settled.take("comment", lambda: _comment_char(text, lines))
    dialect = _detect_dialect(text, lines, comment, settled.given)
    delimiter = settled.put("delimiter", dialect[0])
    quote = settled.put("quotechar", dialect[1])
    escape = settled.put("escapechar", dialect[2])
    records = _records(lines, delimiter, quote, escape, comment)
    skip, header, width = _layout(records, True)
    settled.take("skip_rows", lambda: skip)
    settled.take("header", lambda: header)
    table.width = width


def _settle_excel(file, settled, table):
    book = _workbook(file)
    try:
        table.sheets = list(book.sheet_names)
        read = {}  # sheet -> its first rows, each sheet parsed once

        def rows_of(sheet):
            if sheet not in read:
                read[sheet] = _sheet_rows(book, sheet)
            return read[sheet]

        sheet = settled.take("sheet", lambda: _first_filled_sheet(book, rows_of))
        if sheet not in table.sheets:
            raise Problem(
                "The workbook has no sheet named %s; its sheets are %s."
                % (_shown(sheet), ", ".join(table.sheets))
            )
        rows = rows_of(sheet)
    finally:
        book.close()
    skip, header, width = _layout(rows, False)
    settled.take("skip_rows", lambda: skip)
    settled.take("header", lambda: header)
    table.width = width


def _settle_json(file, settled, table):
    encoding = settled.take("encoding", lambda: _json_encoding(file))
    text = _decode(file.head, encoding, file.whole)
    table.text = text[1:] if text.startswith("\ufeff") else text
    settled.take("json_orient", lambda: _json_orient(file, table.text))
    settled.put("header", True)


def _parquet_problem(error, file):
    """A Parquet reader's exception as a Problem for the user."""
    from . import duckdb_database

    if isinstance(error, duckdb_database.DuckDBUnavailableError):
        return Problem(str(error).rstrip(".") + ".")
    if isinstance(error, FileNotFoundError):
        return Problem(GONE_MESSAGE)
    detail = getattr(error, "detail", None) or str(error)
    detail = detail.replace(file.path, file.name).strip().rstrip(".")
    return Problem("The file cannot be read as Parquet: %s." % detail)


def _settle_parquet(file, settled, table):
    from . import parquet

    try:
        parquet.schema(file.path)
    except (ValueError, OSError, ImportError) as error:
        raise _parquet_problem(error, file) from None
    settled.put("header", True)


def _settle(file, settled, table):
    form = settled.take("format", lambda: _detect_format(file))
    if form == "parquet":
        _settle_parquet(file, settled, table)
    elif form == "csv":
        if _magic(file.head) is not None:
            zipped = file.head.startswith(b"PK\x03\x04")
            raise Problem(
                _not_text(file.head, _zip_kind(file.path) if zipped else None)
            )
        _settle_csv(file, settled, table)
    elif form == "excel":
        _settle_excel(file, settled, table)
    else:
        _settle_json(file, settled, table)


# --- Excel ------------------------------------------------------------------------------------


def _excel_kind(file):
    if file.head.startswith(CFB_MAGIC):
        protected = "EncryptedPackage".encode("utf-16-le") in file.head
        if protected or file.extension in (".xlsx", ".xlsm", ".xltx"):
            raise Problem(PROTECTED_MESSAGE)
        return "xls"
    if file.head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(file.path)
        if kind == "damaged":
            raise Problem(
                "The workbook is damaged: it is not a complete ZIP archive, as an %s file "
                "must be; save it again from Excel." % (file.extension or ".xlsx")
            )
        if kind == "zip":
            raise Problem(
                "This ZIP archive is not an Excel workbook (it has no xl/workbook.xml)."
            )
        return kind
    raise Problem(
        "This is not an Excel workbook%s; choose another format."
        % ("" if _magic(file.head) else " (it is text)")
    )


def _check_zip_bomb(path):
    """Refuse a workbook that would unpack to far more than its size, before opening it."""
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    total = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    inflated = [
        member
        for member in members
        if member.file_size > ZIP_RATIO_SIZE
        and member.file_size > ZIP_RATIO_LIMIT * max(1, member.compress_size)
    ]
    if total > ZIP_TOTAL_LIMIT or inflated:
        raise Problem(
            "The workbook would unpack from %s to %s, far more than a real sheet holds, so "
            "it is not opened (it looks like a ZIP bomb)."
            % (_megabytes(packed), _megabytes(total))
        )


def _megabytes(size):
    if size >= 1 << 30:
        return "%.1f GB" % (size / (1 << 30))
    if size >= 1 << 20:
        return "%.0f MB" % (size / (1 << 20))
    return "%.1f MB" % (size / (1 << 20))


def _workbook(file):
    """The open pandas.ExcelFile (openpyxl read-only for .xlsx, xlrd for .xls, odf)."""
    pd = _pandas()
    kind = _excel_kind(file)
    if kind in ("xlsx", "ods"):
        _check_zip_bomb(file.path)
    try:
        return pd.ExcelFile(file.path)
    except FileNotFoundError:
        raise Problem(GONE_MESSAGE) from None
    except Exception as error:
        raise Problem(_excel_error(error)) from None


def _excel_error(error):
    text = str(error)
    if "encrypted" in text.lower() or "password" in text.lower():
        return PROTECTED_MESSAGE
    if isinstance(error, (zipfile.BadZipFile, KeyError, EOFError)):
        return "The workbook is damaged and cannot be opened; save it again from Excel."
    return "The workbook cannot be opened: %s." % (
        text.rstrip(".") or type(error).__name__
    )


def _sheet_rows(book, sheet):
    """The first SAMPLE_ROWS rows of a sheet as lists of cell values, trailing blanks cut."""
    frame = book.parse(sheet, header=None, nrows=SAMPLE_ROWS, dtype=object)
    rows = []
    for values in frame.itertuples(index=False):
        cells = [None if _is_missing(v, ()) else v for v in values]
        while cells and cells[-1] is None:
            cells.pop()
        rows.append(cells)
    return rows


def _first_filled_sheet(book, rows_of):
    for sheet in book.sheet_names:
        if any(not _blank(row) for row in rows_of(sheet)):
            return sheet
    if not book.sheet_names:
        raise Problem("The workbook has no sheets.")
    return book.sheet_names[0]


# --- JSON -------------------------------------------------------------------------------------


def _json_encoding(file):
    bom = _bom(file.head)
    if bom is not None:
        return bom
    return _detect_encoding(file)


def _json_problem(error):
    return Problem(
        "The file is not valid JSON: %s at line %d, column %d."
        % (error.msg[0].lower() + error.msg[1:], error.lineno, error.colno)
    )


def _first_value(text, start):
    """(value, end) of the JSON value at start; JSONDecodeError as the json module says."""
    decoder = json.JSONDecoder()
    position = _skip_space(text, start)
    return decoder.raw_decode(text, position)


def _skip_space(text, position):
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _json_orient(file, text):
    start = _skip_space(text, 0)
    if start >= len(text):
        raise Problem(
            EMPTY_MESSAGE if file.whole else "The file starts with 1 MB of blank space."
        )
    if text[start] not in "[{":
        try:
            json.loads(text[: start + 200])
        except json.JSONDecodeError as error:
            raise _json_problem(error) from None
        raise Problem("The JSON file holds a single value, not a table.")
    if file.extension in LINES_EXTENSIONS:
        return "lines"
    if text[start] == "[":
        return _array_orient(file, text, start)
    return _object_orient(file, text, start)


def _array_orient(file, text, start):
    try:
        item, _ = _first_value(text, start + 1)
    except json.JSONDecodeError as error:
        if (
            _skip_space(text, start + 1) < len(text)
            and text[_skip_space(text, start + 1)] == "]"
        ):
            raise Problem("The JSON array is empty: there are no rows.") from None
        if file.whole:
            raise _json_problem(error) from None
        return "records"
    return "values" if isinstance(item, list) else "records"


def _object_orient(file, text, start):
    try:
        value, end = _first_value(text, start)
    except json.JSONDecodeError as error:
        if file.whole:
            raise _json_problem(error) from None
        return (
            "split"
            if re.match(r'\{\s*"(columns|index|data)"', text[start:])
            else "columns"
        )
    following = _skip_space(text, end)
    if following < len(text) and text[following] == "{":
        return "lines"
    if following < len(text):
        try:
            json.loads(text[start:])
        except json.JSONDecodeError as error:
            raise _json_problem(error) from None
    if {"columns", "data"} <= set(value):
        return "split"
    inner = [v for v in value.values() if isinstance(v, dict)]
    if not inner or len(inner) < len(value):
        return "columns"
    inner_keys = set().union(*(v.keys() for v in inner))
    if all(k.lstrip("-").isdigit() for k in inner_keys):
        return "columns"
    if all(k.lstrip("-").isdigit() for k in value):
        return "index"
    return "index" if len(value) > len(inner_keys) else "columns"


def _records_head(text, limit, whole):
    """The raw text of the first items of a JSON array of records, up to limit of them:
    (items, complete) where complete says the array ended within the text."""
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0) + 1  # past "["
    items = []
    while len(items) < limit:
        position = _skip_space(text, position)
        if position < len(text) and text[position] == "]":
            return items, True
        try:
            _, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            if (
                not whole
                and error.pos >= len(text) - 1
                or not whole
                and _truncated(text, position)
            ):
                return items, False
            raise _json_problem(error) from None
        items.append(text[position:end])
        position = _skip_space(text, end)
        if position < len(text) and text[position] == ",":
            position += 1
        elif position < len(text) and text[position] == "]":
            return items, True
        elif position >= len(text):
            if whole:
                raise Problem(
                    "The file is not valid JSON: the array never closes with ]."
                )
            return items, False
        else:
            error = json.JSONDecodeError("Expecting ',' delimiter", text, position)
            raise _json_problem(error)
    return items, False


def _truncated(text, position):
    """Whether the value at position runs to the end of the head (cut, not broken)."""
    depth, quoted, escaped = 0, False, False
    for ch in text[position:]:
        if quoted:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                quoted = False
        elif ch == '"':
            quoted = True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return False
    return True


# --- the plan: reader, arguments, steps after it ----------------------------------------------


class _Plan:
    """One load: reader is a pandas function, kwargs its arguments after the file name,
    steps what follows it, each (method, positional, keywords) applied as
    df = df.method(...), or ("to_datetime", label, format)."""

    def __init__(self, reader, kwargs, steps, variable):
        self.reader = reader
        self.kwargs = kwargs
        self.steps = steps
        self.variable = variable


def _column_settings(settled, table, facts):
    """Every column's settings, the user's first: {label: setting dict}."""
    overrides = {entry["name"]: entry for entry in settled.given.get("columns", [])}
    settings = {}
    for label in table.labels:
        name = str(label)
        entry = overrides.get(name, {})
        fact = facts[label]
        sniffed_format = fact["detail"] if fact["kind"] == "datetime" else ""
        # A column with neither a name nor a value (a trailing delimiter) is left out.
        empty = name.startswith("Unnamed: ") and fact["values"] == 0
        settings[label] = {
            "name": name,
            "dtype": entry.get("dtype", "auto"),
            "format": entry.get("format") or sniffed_format,
            "rename": entry.get("rename", ""),
            "keep": entry.get("keep", not empty),
        }
    return settings


def _effective_dtype(setting, fact):
    if setting["dtype"] != "auto":
        return setting["dtype"], True
    return _sniffed_dtype(fact), False


def _bool_values(labels, settings, facts):
    trues, falses = set(), set()
    for label in labels:
        dtype, _ = _effective_dtype(settings[label], facts[label])
        if (
            dtype == "bool"
            and facts[label]["kind"] == "bool"
            and facts[label]["detail"]
        ):
            words_true, words_false = facts[label]["detail"]
            trues |= {w for w in words_true if w not in PANDAS_BOOLS}
            falses |= {w for w in words_false if w not in PANDAS_BOOLS}
    return sorted(trues), sorted(falses)


def _column_kwargs(kwargs, labels, settings, facts):
    """usecols, dtype, true_values and false_values; returns the date columns as steps.

    Dates are converted after the reader (pd.to_datetime with the format), not with
    parse_dates: read_csv with both a dtype and parse_dates takes twice as long (pandas 2.2,
    measured on 80 MB: 2.4 s against 1.1 s), and a value that does not fit the format then
    fails the import with its position instead of leaving the column text without a word.
    """
    kept = [label for label in labels if settings[label]["keep"]]
    if len(kept) < len(labels):
        kwargs["usecols"] = kept
    dtypes, dates = {}, []
    for label in kept:
        setting, fact = settings[label], facts[label]
        dtype, forced = _effective_dtype(setting, fact)
        if dtype == "datetime":
            if fact["kind"] != "native-datetime":
                dates.append(("to_datetime", label, setting["format"]))
        elif dtype == "bool" and not forced and not fact["missing"]:
            continue  # true/false words alone make pandas read booleans
        elif dtype is not None:
            dtypes[label] = PANDAS_DTYPES[dtype]
    trues, falses = _bool_values(kept, settings, facts)
    if trues:
        kwargs["true_values"] = trues
    if falses:
        kwargs["false_values"] = falses
    if dtypes:
        kwargs["dtype"] = dtypes
    return dates


def _csv_kwargs(options, table):
    kwargs = {}
    if options["delimiter"] != ",":
        kwargs["sep"] = options["delimiter"]
    if options["quotechar"] != '"':
        kwargs["quotechar"] = options["quotechar"]
    if options["escapechar"]:
        kwargs["escapechar"] = options["escapechar"]
    if options["decimal"] != ".":
        kwargs["decimal"] = options["decimal"]
    if options["thousands"]:
        kwargs["thousands"] = options["thousands"]
    if options["encoding"] not in ("utf-8",):
        kwargs["encoding"] = options["encoding"]
    _layout_kwargs(kwargs, options, table)
    if options["comment"]:
        kwargs["comment"] = options["comment"]
    if options["na_values"]:
        kwargs["na_values"] = list(options["na_values"])
    return kwargs


def _layout_kwargs(kwargs, options, table):
    if options["skip_rows"]:
        kwargs["skiprows"] = options["skip_rows"]
    if not options["header"]:
        kwargs["header"] = None
        kwargs["names"] = ["column_%d" % (n + 1) for n in range(max(1, table.width))]


def _excel_kwargs(options, table):
    kwargs = {}
    if options["sheet"] != table.sheets[0]:
        kwargs["sheet_name"] = options["sheet"]
    _layout_kwargs(kwargs, options, table)
    if options["na_values"]:
        kwargs["na_values"] = list(options["na_values"])
    return kwargs


def _json_kwargs(options):
    kwargs = {}
    orient = options["json_orient"]
    if orient == "lines":
        kwargs["lines"] = True
    elif orient != "columns":
        kwargs["orient"] = orient
    if options["encoding"] not in ("utf-8",):
        kwargs["encoding"] = options["encoding"]
    return kwargs


def _json_steps(labels, settings, facts, nrows):
    """JSON's column choices as steps after read_json, which has no usecols or parse_dates."""
    steps = []
    if nrows:
        steps.append(("head", [nrows], {}))
    dropped = [label for label in labels if not settings[label]["keep"]]
    if dropped:
        steps.append(("drop", [], {"columns": dropped}))
    casts, dates = {}, []
    for label in labels:
        if not settings[label]["keep"]:
            continue
        dtype, forced = _effective_dtype(settings[label], facts[label])
        if dtype == "datetime" and (forced or not _pandas_dates_by_name(label)):
            if facts[label]["kind"] != "native-datetime":
                dates.append(("to_datetime", label, settings[label]["format"]))
        elif dtype in ("category",) or forced and dtype != "datetime":
            casts[label] = PANDAS_DTYPES[dtype]
    if casts:
        steps.append(("astype", [casts], {}))
    return steps + dates


def _pandas_dates_by_name(label):
    """Whether read_json converts the column to dates by its name (keep_default_dates)."""
    if not isinstance(label, str):
        return False
    name = label.lower()
    return (
        name.endswith(("_at", "_time"))
        or name in ("modified", "date", "datetime")
        or name.startswith("timestamp")
    )


def _rename_step(labels, settings):
    renames = {
        label: settings[label]["rename"]
        for label in labels
        if settings[label]["keep"]
        and settings[label]["rename"]
        and settings[label]["rename"] != str(label)
    }
    return [("rename", [], {"columns": renames})] if renames else []


def _parquet_steps(labels, settings, nrows):
    """Parquet's choices as steps after read_parquet: the file's types stand (nothing is
    sniffed), the types the user chose are cast."""
    steps = [("head", [nrows], {})] if nrows else []
    casts, dates = {}, []
    for label in labels:
        setting = settings[label]
        if not setting["keep"] or setting["dtype"] == "auto":
            continue
        if setting["dtype"] == "datetime":
            dates.append(("to_datetime", label, setting["format"]))
        else:
            casts[label] = PANDAS_DTYPES[setting["dtype"]]
    if casts:
        steps.append(("astype", [casts], {}))
    return steps + dates


def _parquet_kwargs(labels, settings):
    kept = [label for label in labels if settings[label]["keep"]]
    return {"columns": kept} if len(kept) < len(labels) else {}


def _plan(options, table, facts, settings):
    form = options["format"]
    labels = table.labels
    steps = []
    if form == "parquet":
        kwargs, reader = _parquet_kwargs(labels, settings), "read_parquet"
        steps = _parquet_steps(labels, settings, options["nrows"])
    elif form == "json":
        kwargs = _json_kwargs(options)
        if options["nrows"] and options["json_orient"] == "lines":
            kwargs["nrows"] = options["nrows"]
            steps = _json_steps(labels, settings, facts, 0)
        else:
            steps = _json_steps(labels, settings, facts, options["nrows"])
        reader = "read_json"
    else:
        if form == "csv":
            kwargs, reader = _csv_kwargs(options, table), "read_csv"
        else:
            kwargs, reader = _excel_kwargs(options, table), "read_excel"
        steps = _column_kwargs(kwargs, labels, settings, facts)
        if options["nrows"]:
            kwargs["nrows"] = options["nrows"]
        if form == "csv" and options["on_bad_lines"] != "error":
            kwargs["on_bad_lines"] = options["on_bad_lines"]
    steps += _rename_step(labels, settings)
    return _Plan(reader, kwargs, steps, options["variable"])


# --- rendering the code -----------------------------------------------------------------------


LINE_LENGTH = 88


class _Expression(str):
    """Code that stands for itself in the rendered source, e.g. df["date"]."""


def _string(text):
    """A string literal as black writes it: double quotes unless that needs more escapes."""
    literal = repr(text)
    if literal.startswith("'") and '"' not in text:
        literal = '"' + literal[1:-1] + '"'
    return literal


def _inline(value):
    if isinstance(value, _Expression):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_inline(item) for item in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join("%s: %s" % (_inline(k), _inline(v)) for k, v in value.items())
            + "}"
        )
    raise TypeError("cannot render %r" % (value,))


def _literal(value, indent, prefix, suffix):
    """value at indent after prefix (e.g. "sep="), exploded one item a line when the line
    would pass LINE_LENGTH."""
    inline = _inline(value)
    if indent + len(prefix) + len(inline) + len(suffix) <= LINE_LENGTH:
        return inline
    if isinstance(value, list) and value:
        items = [_literal(item, indent + 4, "", ",") for item in value]
        inner = "".join(" " * (indent + 4) + item + ",\n" for item in items)
        return "[\n" + inner + " " * indent + "]"
    if isinstance(value, dict) and value:
        inner = ""
        for key, item in value.items():
            head = _inline(key) + ": "
            inner += (
                " " * (indent + 4)
                + head
                + _literal(item, indent + 4, head, ",")
                + ",\n"
            )
        return "{\n" + inner + " " * indent + "}"
    return inline


def _call(target, function, positional, keywords, explode=False):
    """target = function(...) as black lays it out: one line when it fits, else one
    argument a line with a trailing comma (which keeps black from joining them)."""
    args = [_inline(value) for value in positional]
    args += ["%s=%s" % (key, _inline(value)) for key, value in keywords.items()]
    line = "%s = %s(%s)" % (target, function, ", ".join(args))
    if len(line) <= LINE_LENGTH and not explode:
        return line + "\n"
    lines = ["%s = %s(" % (target, function)]
    for value in positional:
        lines.append("    " + _literal(value, 4, "", ",") + ",")
    for key, value in keywords.items():
        lines.append("    %s=%s," % (key, _literal(value, 4, key + "=", ",")))
    lines.append(")")
    return "\n".join(lines) + "\n"


def _render(plan, name):
    """The code: one statement that binds the variable only once the whole file is read and
    every step is done, so an error or an interrupt halfway leaves no half-made frame under the
    name. Without steps it is the reader's call alone; with steps, a method chain."""
    variable = plan.variable
    code = "import pandas as pd\n\n"
    if not plan.steps:
        return code + _call(
            variable, "pd." + plan.reader, [name], plan.kwargs, bool(plan.kwargs)
        )
    chain = "pd.%s(%s)" % (plan.reader, _arguments([name], plan.kwargs))
    for step in plan.steps:
        if step[0] == "to_datetime":
            _, label, form = step
            convert = "pd.to_datetime(d[%s]%s)" % (
                _inline(label),
                ", format=%s" % _inline(form) if form else "",
            )
            # A keyword name is folded to NFKC by Python ("ﬁle" names "file"): only a label
            # that folds to itself may be one.
            if (
                isinstance(label, str)
                and label.isidentifier()
                and not iskeyword(label)
                and unicodedata.normalize("NFKC", label) == label
            ):
                chain += "\n.assign(%s=lambda d: %s)" % (label, convert)
            else:
                chain += "\n.assign(**{%s: lambda d: %s})" % (_inline(label), convert)
        else:
            method, positional, keywords = step
            chain += "\n.%s(%s)" % (method, _arguments(positional, keywords))
    return code + _black("%s = (\n%s\n)\n" % (variable, chain))


def _arguments(positional, keywords):
    args = [_inline(value) for value in positional]
    args += ["%s=%s" % (key, _inline(value)) for key, value in keywords.items()]
    return ", ".join(args)


def _black(code):
    """code as black lays it out, or as it is when black cannot (it is valid either way)."""
    try:
        import black

        return black.format_str(code, mode=black.Mode(line_length=LINE_LENGTH))
    except Exception:
        return code


def _apply_steps(frame, steps):
    pd = _pandas()
    for step in steps:
        if step[0] == "to_datetime":
            _, label, form = step
            frame[label] = pd.to_datetime(
                frame[label], **({"format": form} if form else {})
            )
        else:
            method, positional, keywords = step
            frame = getattr(frame, method)(*positional, **keywords)
    return frame


# --- reading ----------------------------------------------------------------------------------


def _sample_frame(file, options, table):
    """The first SAMPLE_ROWS rows as the reader sees them before any type: strings for text
    (missing values not yet decided), cell values for Excel and JSON."""
    pd = _pandas()
    form = options["format"]
    if form == "csv":
        # Numbers stay text here: the decimal mark is judged from them.
        plain = dict(options, na_values=[], decimal=".", thousands=None)
        kwargs = _csv_kwargs(plain, table)
        kwargs.pop("encoding", None)  # the head is decoded already
        return _read_csv_text(table.text, kwargs)
    if form == "excel":
        kwargs = _excel_kwargs(dict(options, na_values=[]), table)
        return pd.read_excel(
            file.path, nrows=SAMPLE_ROWS, dtype=object, na_filter=False, **kwargs
        )
    if form == "parquet":
        return _parquet_rows(file, None, SAMPLE_ROWS)
    return _json_sample(file, options, table)


def _parquet_rows(file, columns, limit):
    from . import parquet

    try:
        return parquet.read(file.path, columns=columns, limit=limit)
    except (ValueError, OSError, ImportError) as error:
        raise _parquet_problem(error, file) from None


def _read_csv_text(text, kwargs):
    pd = _pandas()
    try:
        return pd.read_csv(
            io.StringIO(text),
            nrows=SAMPLE_ROWS,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            on_bad_lines="skip",
            **kwargs,
        )
    except pd.errors.EmptyDataError:
        raise Problem(NO_TABLE_MESSAGE) from None


def _json_sample(file, options, table):
    pd = _pandas()
    orient = options["json_orient"]
    if orient == "lines":
        return pd.DataFrame.from_records(_json_lines(table.text, file.whole))
    if orient == "records":
        items, _ = _records_head(table.text, SAMPLE_ROWS, file.whole)
        return pd.DataFrame.from_records([json.loads(item) for item in items])
    frame = _json_document(file, options, dtype=False, convert_dates=False)
    return frame.head(SAMPLE_ROWS)


def _json_lines(text, whole):
    """The records of the first SAMPLE_ROWS lines of JSON Lines (JSON strings may hold
    U+2028, so lines end at \n only); the last line of a head may be cut, and is left.
    """
    lines = text.split("\n", SAMPLE_ROWS + 1)[: SAMPLE_ROWS + 1]
    if not whole or len(lines) > SAMPLE_ROWS:
        lines = lines[:-1]
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise Problem(
                "Line %d is not valid JSON: %s at column %d."
                % (number, error.msg[0].lower() + error.msg[1:], error.colno)
            ) from None
        records.append(value if isinstance(value, dict) else {"value": value})
    return records


def _json_document(file, options, **extra):
    """A JSON document read whole: only when small."""
    pd = _pandas()
    if file.size > JSON_DOCUMENT_BYTES:
        raise Problem(
            "This JSON file is one document of %s (orient %s), which the preview reads only "
            "up to %s; JSON Lines or an array of records preview at any size."
            % (
                _megabytes(file.size),
                options["json_orient"],
                _megabytes(JSON_DOCUMENT_BYTES),
            )
        )
    data = _read(file.path, JSON_DOCUMENT_BYTES + 1)
    kwargs = _json_kwargs(options)
    kwargs.update(extra)
    try:
        return pd.read_json(io.BytesIO(data), **kwargs)
    except ValueError as error:
        _raise_json_syntax(data, options["encoding"])
        raise Problem(
            "The JSON does not hold a table in orient %s: %s."
            % (options["json_orient"], str(error).rstrip("."))
        ) from None


def _raise_json_syntax(data, encoding):
    try:
        json.loads(data.decode(encoding))
    except json.JSONDecodeError as error:
        raise _json_problem(error) from None
    except UnicodeDecodeError:
        pass


def _typed_table(file, settled, table):
    """Labels and facts of the columns, from the sample."""
    options = settled.values
    try:
        sample = _sample_frame(file, options, table)
    except Exception as error:
        raise _read_problem(error, file, table, options) from None
    table.labels = list(sample.columns)
    columns = {label: sample[label].tolist() for label in table.labels}
    if options["format"] == "csv":
        cells = [v for values in columns.values() for v in values if isinstance(v, str)]
        marks = _number_marks(cells, options["delimiter"])
        settled.take("decimal", lambda: marks[0])
        settled.take(
            "thousands",
            lambda: marks[1] if marks[1] != settled.values["decimal"] else None,
        )
    else:
        settled.put("decimal", ".")
        settled.put("thousands", None)
    decimal, thousands = options["decimal"], options["thousands"]
    if options["format"] in ("json", "parquet"):  # null is missing; no markers
        settled.put("na_values", [])
    else:
        settled.take("na_values", lambda: _sniffed_markers(columns, decimal, thousands))
    markers = DEFAULT_NA | set(options["na_values"])
    return {
        label: _facts(values, decimal, thousands, markers)
        for label, values in columns.items()
    }


def _sniffed_markers(columns, decimal, thousands):
    found = set()
    for values in columns.values():
        found.update(_extra_markers(values, decimal, thousands))
    return [marker for marker in EXTRA_NA if marker in found]


def _newline(encoding, head):
    """A line's end in the file's bytes (UTF-16 and UTF-32 in the order their mark says)."""
    if encoding in ("utf-16", "utf-32"):
        big = head.startswith((codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE))
        big = big and not head.startswith(codecs.BOM_UTF32_LE)
        encoding += "-be" if big else "-le"
    if encoding.startswith(("utf-16", "utf-32")):
        return "\n".encode(encoding)
    return b"\n"


def _read_preview(file, options, plan, cap):
    """(frame, cut): the first cap rows of the table the plan loads, and whether the read
    stopped before the file's end."""
    pd = _pandas()
    kwargs = dict(plan.kwargs)
    form, orient = options["format"], options["json_orient"]
    if plan.reader in ("read_csv", "read_excel") or orient == "lines":
        kwargs["nrows"] = min(kwargs.get("nrows") or cap, cap)
    if plan.reader == "read_excel":
        return pd.read_excel(file.path, **kwargs), False
    if plan.reader == "read_parquet":
        return _parquet_rows(file, kwargs.get("columns"), cap), False
    if form == "json" and orient == "records":
        return _records_preview(file, options, kwargs, cap)
    if form == "json" and orient != "lines":
        return _json_document(file, options).head(cap), False
    if kwargs.get("on_bad_lines") == "warn":
        # The same rows, without pandas' warnings: the preview lists the lines itself.
        kwargs["on_bad_lines"] = "skip"
    try:
        with _open(file.path) as raw:
            stream = _Bounded(
                raw, PREVIEW_BYTES, _newline(options["encoding"], file.head)
            )
            buffered = io.BufferedReader(stream)
            reader = pd.read_csv if plan.reader == "read_csv" else pd.read_json
            return reader(buffered, **kwargs), stream.cut
    except FileNotFoundError:
        raise Problem(GONE_MESSAGE) from None


def _records_preview(file, options, kwargs, cap):
    """The first records of a JSON array, read by the same read_json from the text of just
    those records: the head's, or PREVIEW_BYTES' when the head holds too few."""
    pd = _pandas()
    items, complete = _records_head(_records_text(file.head, options), cap, file.whole)
    if len(items) < cap and not complete and not file.whole:
        data = _read(file.path, PREVIEW_BYTES)
        whole = len(data) < PREVIEW_BYTES
        items, complete = _records_head(_records_text(data, options), cap, whole)
    document = "[" + ",".join(items) + "]"
    return pd.read_json(io.StringIO(document), **kwargs), not complete


def _records_text(data, options):
    text = _decode(data, options["encoding"], False)
    return text[1:] if text.startswith("\ufeff") else text


# --- problems found by reading ----------------------------------------------------------------


FIELDS_ERROR = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _bad_lines(table, options, expected):
    """[(line, fields)] of records in the head with more fields than the header: the lines
    pandas rejects."""
    if not table.text:
        return []
    lines = _first_lines(table.text, 20000)
    comment = options["comment"]
    if comment:
        lines = ["\n" if line.startswith(comment) else line for line in lines]
    reader = csv.reader(
        lines,
        delimiter=options["delimiter"],
        quotechar=options["quotechar"],
        escapechar=options["escapechar"],
        strict=False,
    )
    bad, header_seen, start, skip = [], False, 1, options["skip_rows"]
    try:
        for number, record in enumerate(reader):
            first = start
            start = reader.line_num + 1
            if number < skip or not record:
                continue
            if not header_seen and options["header"]:
                header_seen = True
                continue
            if len(record) > expected:
                bad.append((first, len(record)))
    except csv.Error:
        pass
    return bad


def _listed(numbers):
    shown = ", ".join(str(n) for n in numbers[:BAD_LINES_LISTED])
    if len(numbers) > BAD_LINES_LISTED:
        shown += " and %d more" % (len(numbers) - BAD_LINES_LISTED)
    return shown


def _bad_lines_problem(table, options, error_text):
    match = FIELDS_ERROR.search(error_text)
    expected, line, saw = (int(match.group(n)) for n in (1, 2, 3))
    found = _bad_lines(table, options, expected)
    numbers = [number for number, _ in found] or [line]
    first, fields = found[0] if found else (line, saw)
    where = _header_words(options)
    return Problem(
        "Line %d has %d fields where %s %d (lines %s). Choose Skip or Warn for bad lines."
        % (first, fields, where, expected, _listed(numbers))
    )


def _unclosed_quote_line(text, options):
    """The line where a quoted field opens and never closes, in the head; None if none."""
    delimiter, quote, escape = (
        options["delimiter"],
        options["quotechar"],
        options["escapechar"],
    )
    line, opened, quoted, at_start, position = 1, None, False, True, 0
    while position < len(text):
        ch = text[position]
        if quoted:
            if escape and ch == escape:
                position += 1
            elif ch == quote:
                if position + 1 < len(text) and text[position + 1] == quote:
                    position += 1
                else:
                    quoted = False
            elif ch == "\n":
                line += 1
        elif ch == quote and at_start:
            quoted, opened = True, line
        elif ch == "\n":
            line += 1
        at_start = ch in (delimiter, "\n") and not quoted
        position += 1
    return opened if quoted else None


def _parser_problem(error, file, table, options):
    text = str(error)
    if FIELDS_ERROR.search(text):
        return _bad_lines_problem(table, options, text)
    if "EOF inside string" in text:
        line = _unclosed_quote_line(table.text, options)
        if line is not None:
            return Problem(
                "The quoted field that starts on line %d never closes, so the rest of the "
                "file would be read into it; check the quote character." % line
            )
        return Problem(
            "A quoted field never closes, so the rest of the file would be read into it; "
            "check the quote character."
        )
    detail = text.replace("Error tokenizing data. C error: ", "").strip().rstrip(".")
    return Problem("The file cannot be read as delimited text: %s." % detail)


def _read_problem(error, file, table, options):
    """A reader's exception as a Problem for the user."""
    pd = _pandas()
    if isinstance(error, Problem):
        return error
    if isinstance(error, pd.errors.ParserError):
        return _parser_problem(error, file, table, options)
    if isinstance(error, pd.errors.EmptyDataError):
        return Problem(NO_TABLE_MESSAGE)
    if isinstance(error, UnicodeDecodeError):
        return Problem(
            "The file cannot be read as %s: byte 0x%02X past the first %s is not valid in "
            "it; choose another encoding."
            % (
                options["encoding"],
                error.object[error.start],
                _megabytes(len(file.head)),
            )
        )
    if isinstance(error, FileNotFoundError):
        return Problem(GONE_MESSAGE)
    text = str(error).strip().rstrip(".") or type(error).__name__
    return Problem("The file cannot be read with these options: %s." % text)


def _check_overrides(settings, facts, options):
    """Refuse a chosen type the column's values cannot take, naming a value."""
    for label, setting in settings.items():
        dtype, forced = setting["dtype"], setting["dtype"] != "auto"
        fact = facts[label]
        if not forced or not setting["keep"] or dtype in ("text", "category"):
            continue
        kind = fact["kind"]
        texts = fact["sample"]
        fits = {
            "int": lambda t: _integer_text(t.strip(), options["thousands"]),
            "float": lambda t: _float_text(
                t.strip(), options["decimal"], options["thousands"]
            ),
            "bool": lambda t: t.strip().lower()
            in TRUE_WORDS + FALSE_WORDS + ("1", "0"),
            "datetime": lambda t: _fits_date(t, setting["format"]),
        }[dtype]
        if kind in ("native-datetime",) and dtype == "datetime":
            continue
        wrong = [t for t in texts if not fits(t)]
        if wrong:
            raise Problem(
                "Column %s cannot be read as %s: it holds %s; choose another type."
                % (_shown(str(label)), dtype, _shown(wrong[0]))
            )


def _fits_date(text, form):
    if not form:
        return (
            DATE_LIKE.match(text.strip()) is not None
            or _date_format([text]) is not None
        )
    try:
        datetime.datetime.strptime(text.strip(), form)
        return True
    except ValueError:
        return False


def _unknown_columns(settled, table):
    names = {str(label) for label in table.labels}
    return [
        "There is no column %s in the file; its settings are ignored."
        % _shown(entry["name"])
        for entry in settled.given.get("columns", [])
        if entry["name"] not in names
    ]


# --- the reply --------------------------------------------------------------------------------


def _cell(value, date_only):
    pd = _pandas()
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    elif value is None or (not isinstance(value, (str, bytes)) and pd.isna(value)):
        return None
    elif isinstance(value, pd.Timestamp):
        text = value.strftime("%Y-%m-%d") if date_only else str(value)
    else:
        text = str(value)
    if len(text) > CELL_CHARS:
        text = text[: CELL_CHARS - 1] + "\u2026"
    return text


def _date_only(series):
    pd = _pandas()
    if not pd.api.types.is_datetime64_any_dtype(series.dtype):
        return False
    present = series.dropna()
    return bool((present == present.dt.normalize()).all())


def rows_of(frame):
    """The frame's cells as the preview shows them: text, None for missing."""
    columns = []
    for position in range(frame.shape[1]):
        series = frame.iloc[:, position]
        date_only = _date_only(series)
        columns.append([_cell(value, date_only) for value in series.tolist()])
    return (
        [list(row) for row in zip(*columns)]
        if columns
        else [[] for _ in range(len(frame))]
    )


def dtype_of(series):
    """A column's dtype in the dialog's words."""
    pd = _pandas()
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return "category"
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "datetime"
    return "text"


def _empty_reply(size=0):
    return {
        "options": {},
        "sheets": [],
        "columns": [],
        "rows": [],
        "more": False,
        "bytes": size,
        "code": "",
        "warnings": [],
        "error": "",
    }


def _bad_line_warnings(table, options):
    """What the preview says of the head's lines with more fields than the header: the
    lines left out, or where loading the whole file would stop."""
    if options["format"] != "csv" or not table.text:
        return []
    expected = _header_width(table, options) if options["header"] else table.width
    found = _bad_lines(table, options, expected)
    if not found:
        return []
    (first, fields), where = found[0], _header_words(options)
    if options["on_bad_lines"] == "error":
        return [
            "Line %d has %d fields where %s %d; loading the whole file stops there. "
            "Choose Skip or Warn for bad lines." % (first, fields, where, expected)
        ]
    if len(found) == 1:
        return [
            "Line %d has %d fields where %s %d; it is left out."
            % (first, fields, where, expected)
        ]
    return [
        "Lines %s have more fields than %s (%d) and are left out."
        % (_listed([number for number, _ in found]), where[:-4], expected)
    ]


def _header_words(options):
    return "the header has" if options["header"] else "the first row has"


def _preview(file, given, rows, reply):
    """Fills reply: the options settled, the plan rendered as code, the rows read by it."""
    settled, table = _Settled(given), _Table()
    try:
        if file.size == 0:
            raise Problem(EMPTY_MESSAGE)
        _settle(file, settled, table)
        facts = _typed_table(file, settled, table)
    finally:
        reply["options"] = settled.complete()
        reply["sheets"] = table.sheets
    options = reply["options"]
    settings = _column_settings(settled, table, facts)
    options["columns"] = [settings[label] for label in table.labels]
    if not any(setting["keep"] for setting in settings.values()):
        raise Problem("No column is kept; keep at least one.")
    _check_overrides(settings, facts, options)
    plan = _plan(options, table, facts, settings)
    reply["code"] = _render(plan, file.name)
    try:
        frame, cut = _read_preview(file, options, plan, rows + 1)
        frame = _apply_steps(frame, plan.steps)
    except Exception as error:
        raise _read_problem(error, file, table, options) from None
    reply["warnings"] = _unknown_columns(settled, table)
    reply["warnings"] += _bad_line_warnings(table, options)
    shown = frame.head(rows)
    formats = _date_formats(plan, settings)
    reply["columns"] = [
        {
            "name": str(label),
            "dtype": dtype_of(shown[label]),
            "format": formats.get(label, ""),
        }
        for label in shown.columns
    ]
    reply["rows"] = rows_of(shown)
    # More: rows past those shown, or a read cut short before the rows it wanted.
    wanted = min(options["nrows"] or rows + 1, rows + 1)
    reply["more"] = len(frame) > rows or (cut and len(frame) < wanted)


def _header_width(table, options):
    """The number of fields of the header record (pandas' expected count)."""
    records = _records(
        _first_lines(table.text, options["skip_rows"] + DIALECT_LINES),
        options["delimiter"],
        options["quotechar"],
        options["escapechar"],
        options["comment"],
    )
    for record in records[options["skip_rows"] :]:
        if record:
            return len(record)
    return table.width


def _date_formats(plan, settings):
    """{final column name: its date format} for the columns the plan parses as dates."""
    parsed = [step[1] for step in plan.steps if step[0] == "to_datetime"]
    renames = {}
    for step in plan.steps:
        if step[0] == "rename":
            renames = step[2]["columns"]
    return {renames.get(label, label): settings[label]["format"] for label in parsed}


def preview(path, options=None, rows=PREVIEW_ROWS, name=None):
    """The first rows of the file read with options (the missing ones sniffed), the complete
    options, and the code that loads the same table. Never raises: a problem is "error".
    """
    reply = _empty_reply()
    try:
        given = _checked(options)
        rows = _rows_option(rows)
        file = _File(path, name)
        reply["bytes"] = file.size
        _preview(file, given, rows, reply)
    except Problem as problem:
        reply["error"] = str(problem)
    except MemoryError:
        reply["error"] = (
            "The preview ran out of memory; choose fewer rows or another format."
        )
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        reply["error"] = "The file cannot be previewed: %s." % (
            str(error).strip().rstrip(".") or type(error).__name__
        )
    if reply["error"]:
        reply["rows"], reply["columns"], reply["more"] = [], [], False
    return _bounded_reply(reply)


def _short(text):
    return (
        text
        if len(text) <= REPLY_TEXT_CHARS
        else text[: REPLY_TEXT_CHARS - 1] + "\u2026"
    )


def _bounded_reply(reply):
    """The reply within what the protocol accepts: a table of more than REPLY_COLUMNS
    columns shows its first ones (the code still loads them all)."""
    columns = reply["columns"]
    if len(columns) > REPLY_COLUMNS:
        reply["warnings"].append(
            "The preview shows the first %s of %s columns."
            % (_count(REPLY_COLUMNS), _count(len(columns)))
        )
        reply["columns"] = columns[:REPLY_COLUMNS]
        reply["rows"] = [row[:REPLY_COLUMNS] for row in reply["rows"]]
    options = reply["options"]
    if len(options.get("columns") or []) > REPLY_COLUMNS:
        options["columns"] = options["columns"][:REPLY_COLUMNS]
    if options.get("na_values"):
        options["na_values"] = options["na_values"][:REPLY_LIST_ITEMS]
    reply["sheets"] = reply["sheets"][:REPLY_SHEETS]
    reply["warnings"] = [_short(w) for w in reply["warnings"][:REPLY_LIST_ITEMS]]
    reply["error"] = _short(reply["error"])
    return reply


def sniff(path, name=None):
    """What an import dialog proposes for the file: the reader's options, the columns and
    their types, and the code. "error" is "" when the file reads."""
    result = preview(path, None, PREVIEW_ROWS, name)
    options = result["options"]
    fields = {key: options.get(key) for key in SNIFF_KEYS}
    fields["sheets"] = result["sheets"]
    fields["columns"] = [
        {"name": column["name"], "dtype": column["dtype"], "format": column["format"]}
        for column in result["columns"]
    ]
    fields["code"] = result["code"]
    fields["error"] = result["error"]
    return fields


def sniff_reply(request):
    """The "sniffed" reply to a "sniff" request; an error reply instead of raising."""
    reply = {"type": "sniffed", "id": 0}
    try:
        if not isinstance(request, dict):
            raise Problem("The request is not a message.")
        reply["id"] = request.get("id", 0)
        path = request.get("path")
        if not isinstance(path, str) or not path:
            raise Problem("The request names no file.")
        name = request.get("name") or None
        if name is not None and not isinstance(name, str):
            raise Problem("The file name must be a text, not %s." % _shown(name))
        rows = request.get("rows", PREVIEW_ROWS)
        reply.update(preview(path, request.get("options") or None, rows, name))
    except Problem as problem:
        reply.update(_empty_reply())
        reply["error"] = _short(str(problem))
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        reply.update(_empty_reply())
        reply["error"] = _short("The preview failed: %s." % error)
    return reply
