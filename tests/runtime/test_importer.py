"""importer: sniffing and previewing data files for the import dialog.

The files under tests/data/import (made by make_files.py) carry hand-written expectations in
expected.json; every field of every file is a subTest. The code a preview shows is run in a
folder holding a copy of the file and must give the table the preview shows.
"""

import ast
import codecs
import io
import json
import os
import shutil
import tempfile
import time
import unittest
import warnings
import zipfile
from unittest import mock

import helpers
import numpy as np
import pandas as pd

from sandpiper_runtime import duckdb_database, hooks, importer, parquet, side

DATA = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "data", "import"))
with open(os.path.join(DATA, "expected.json"), encoding="utf-8") as _file:
    EXPECTED = json.load(_file)
GOOD = sorted(name for name, fields in EXPECTED.items() if "error" not in fields)
BAD = sorted(name for name, fields in EXPECTED.items() if "error" in fields)
REPLY_KEYS = {
    "options",
    "sheets",
    "columns",
    "rows",
    "more",
    "bytes",
    "code",
    "warnings",
    "error",
}

try:
    import black
except ImportError:  # the toolbox has it; a bare interpreter may not
    black = None


def setUpModule():
    # Parquet goes through the session's DuckDB and pd.read_parquet through its hook.
    helpers.duckdb_workspace()
    hooks.install()


def data(name):
    return os.path.join(DATA, name)


def loaded(code, source, variable="df"):
    """The variable that code leaves, run in a fresh folder holding a copy of source."""
    folder = tempfile.mkdtemp(prefix="importer-code-")
    saved = os.getcwd()
    try:
        shutil.copy(source, folder)
        os.chdir(folder)
        namespace = {}
        with warnings.catch_warnings():  # on_bad_lines="warn" warns, as it should
            warnings.simplefilter("ignore")
            exec(compile(code, "<import code>", "exec"), namespace)
        return namespace[variable]
    finally:
        os.chdir(saved)
        shutil.rmtree(folder)


class ImporterTestCase(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="importer-")

    def tearDown(self):
        shutil.rmtree(self.folder)

    def put(self, name, content):
        path = os.path.join(self.folder, name)
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(path, mode) as file:
            file.write(content)
        return path

    def ok(self, path, options=None, rows=importer.PREVIEW_ROWS):
        reply = importer.preview(path, options, rows)
        self.assertEqual(reply["error"], "", reply["code"])
        return reply

    def failed(self, path, options=None):
        reply = importer.preview(path, options)
        self.assertNotEqual(reply["error"], "")
        self.assertEqual(set(reply), REPLY_KEYS)
        self.assertEqual((reply["rows"], reply["columns"]), ([], []))
        return reply["error"]

    def assertMatchesCode(self, path, reply):
        """The code loads the table the preview shows: names, dtypes and cells."""
        variable = reply["options"]["variable"]
        frame = loaded(reply["code"], path, variable)
        shown = frame.head(len(reply["rows"]))
        self.assertEqual(
            [str(label) for label in shown.columns],
            [column["name"] for column in reply["columns"]],
        )
        self.assertEqual(
            [importer.dtype_of(shown[label]) for label in shown.columns],
            [column["dtype"] for column in reply["columns"]],
        )
        self.assertEqual(importer.rows_of(shown), reply["rows"])
        self.assertEqual(len(frame) > len(reply["rows"]), reply["more"])


class ExpectedFilesTest(ImporterTestCase):
    def test_at_least_22_readable_files_each_small(self):
        self.assertGreaterEqual(len(GOOD), 22)
        for name in EXPECTED:
            self.assertLess(os.path.getsize(data(name)), 50_000, name)

    def test_every_field_of_every_file(self):
        for name in sorted(EXPECTED):
            sniffed = importer.sniff(data(name))
            for field, expected in EXPECTED[name].items():
                with self.subTest(file=name, field=field):
                    if field == "error":
                        self.assertIn(expected, sniffed["error"])
                    elif field == "columns":
                        self.assertEqual(
                            [
                                {"name": c["name"], "dtype": c["dtype"]}
                                for c in sniffed["columns"]
                            ],
                            expected,
                        )
                    else:
                        self.assertEqual(sniffed[field], expected)
            if "error" not in EXPECTED[name]:
                with self.subTest(file=name, field="error"):
                    self.assertEqual(sniffed["error"], "")

    def test_code_loads_what_the_preview_shows(self):
        for name in GOOD:
            with self.subTest(file=name):
                reply = self.ok(data(name))
                self.assertTrue(reply["rows"])
                self.assertMatchesCode(data(name), reply)

    def test_code_is_black_formatted(self):
        if black is None:
            self.skipTest("black is not installed")
        for name in GOOD:
            with self.subTest(file=name):
                code = importer.sniff(data(name))["code"]
                self.assertEqual(black.format_str(code, mode=black.Mode()), code)

    def test_code_names_the_file_as_given(self):
        sniffed = importer.sniff(data("crlf_windows.csv"), name="orders 2024.csv")
        self.assertEqual(
            sniffed["code"],
            'import pandas as pd\n\ndf = pd.read_csv("orders 2024.csv")\n',
        )
        sniffed = importer.sniff(data("bilanz_european.csv"))
        self.assertEqual(
            sniffed["code"],
            "import pandas as pd\n\n"
            "df = pd.read_csv(\n"
            '    "bilanz_european.csv",\n'
            '    sep=";",\n'
            '    decimal=",",\n'
            '    thousands=".",\n'
            ")\n",
        )

    def test_date_formats_are_reported(self):
        columns = {
            c["name"]: c for c in importer.sniff(data("events_dates.csv"))["columns"]
        }
        self.assertEqual(columns["iso"]["format"], "%Y-%m-%d")
        self.assertEqual(columns["german"]["format"], "%d.%m.%Y")
        self.assertEqual(columns["us"]["format"], "%m/%d/%Y")
        self.assertEqual(columns["logged_at"]["format"], "%Y-%m-%d %H:%M:%S")
        self.assertEqual(columns["event"]["format"], "")

    def test_pandas_missing_markers_are_the_known_ones(self):
        from pandas._libs.parsers import STR_NA_VALUES

        self.assertEqual(importer.DEFAULT_NA, set(STR_NA_VALUES))


class OptionsTest(ImporterTestCase):
    def test_complete_options_round_trip_unchanged(self):
        # The dialog sends back what it got; nothing may change.
        for name in (
            "sales_gbk.csv",
            "flags_bool.csv",
            "two_sheets.xlsx",
            "events.jsonl",
        ):
            with self.subTest(file=name):
                first = self.ok(data(name))
                second = self.ok(data(name), first["options"])
                self.assertEqual(second["options"], first["options"])
                self.assertEqual(second["code"], first["code"])
                self.assertEqual(second["rows"], first["rows"])

    def test_forced_delimiter_wins(self):
        reply = self.ok(data("crlf_windows.csv"), {"delimiter": ";"})
        self.assertEqual([c["name"] for c in reply["columns"]], ["item,quantity,price"])
        self.assertIn('sep=";"', reply["code"])
        self.assertMatchesCode(data("crlf_windows.csv"), reply)

    def test_dtype_rename_keep_and_nrows(self):
        options = {
            "nrows": 20,
            "variable": "orders",
            "columns": [
                {"name": "order_id", "dtype": "text", "rename": "id"},
                {"name": "customer", "keep": False},
                {"name": "status", "dtype": "text"},
                {"name": "total", "dtype": "auto", "rename": "amount"},
            ],
        }
        reply = self.ok(data("orders_category.csv"), options, rows=10)
        self.assertEqual(
            reply["columns"],
            [
                {"name": "id", "dtype": "text", "format": ""},
                {"name": "status", "dtype": "text", "format": ""},
                {"name": "amount", "dtype": "float", "format": ""},
            ],
        )
        code = reply["code"]
        self.assertIn('usecols=["order_id", "status", "total"]', code)
        self.assertIn('dtype={"order_id": "str", "status": "str"}', code)
        self.assertIn("nrows=20", code)
        self.assertIn(
            ').rename(columns={"order_id": "id", "total": "amount"})',
            code,
        )
        self.assertEqual(len(reply["rows"]), 10)
        self.assertTrue(reply["more"])
        frame = loaded(code, data("orders_category.csv"), "orders")
        self.assertEqual(len(frame), 20)
        self.assertEqual(importer.rows_of(frame.head(10)), reply["rows"])
        settings = {c["name"]: c for c in reply["options"]["columns"]}
        self.assertFalse(settings["customer"]["keep"])
        self.assertEqual(settings["order_id"]["rename"], "id")

    def test_nrows_within_the_preview_has_no_more(self):
        reply = self.ok(data("orders_category.csv"), {"nrows": 5})
        self.assertEqual(len(reply["rows"]), 5)
        self.assertFalse(reply["more"])

    def test_forced_int_and_datetime(self):
        reply = self.ok(
            data("survey_na.csv"),
            {"columns": [{"name": "age", "dtype": "int"}]},
        )
        self.assertEqual(reply["columns"][1]["dtype"], "int")
        self.assertIn('dtype={"age": "Int64"}', reply["code"])
        self.assertMatchesCode(data("survey_na.csv"), reply)
        reply = self.ok(
            data("report_title_lines.csv"),
            {"columns": [{"name": "month", "dtype": "datetime", "format": "%Y-%m"}]},
        )
        self.assertEqual(
            reply["columns"][1],
            {"name": "month", "dtype": "datetime", "format": "%Y-%m"},
        )
        self.assertMatchesCode(data("report_title_lines.csv"), reply)

    def test_the_code_binds_the_name_once_everything_is_done(self):
        # A date past the preview that does not fit the format: the import fails at that
        # row, and the name the user chose is not left holding a frame of text dates.
        count = importer.HEAD_BYTES // 12  # past what sniffing reads
        good = ["2024-01-%02d,%d" % (1 + n % 28, n) for n in range(count)]
        lines = ["day,amount"] + good + ["31.12.2024,5"] + good[:1000]
        path = self.put("late_bad_date.csv", "\n".join(lines) + "\n")
        reply = self.ok(path)
        self.assertEqual(reply["columns"][0]["dtype"], "datetime")
        tree = ast.parse(reply["code"])
        statements = [node for node in tree.body if not isinstance(node, ast.Import)]
        self.assertEqual(len(statements), 1, reply["code"])
        self.assertEqual(statements[0].targets[0].id, "df")
        namespace = {}
        folder = os.path.dirname(path)
        saved = os.getcwd()
        os.chdir(folder)
        try:
            with self.assertRaises(ValueError):
                exec(compile(reply["code"], "<import code>", "exec"), namespace)
        finally:
            os.chdir(saved)
        self.assertNotIn("df", namespace)

    def test_a_date_column_whose_name_python_would_fold(self):
        # "ﬁle" (a ligature) as a keyword argument would name the column "file".
        lines = ["\ufb01le,n"] + [
            "2024-02-%02d,%d" % (1 + n % 28, n) for n in range(40)
        ]
        path = self.put("folded.csv", "\n".join(lines) + "\n")
        reply = self.ok(path)
        self.assertEqual(reply["columns"][0]["dtype"], "datetime")
        self.assertIn('**{"\ufb01le": lambda d:', reply["code"])
        self.assertMatchesCode(path, reply)

    def test_a_type_the_values_cannot_take(self):
        error = self.failed(
            data("orders_category.csv"),
            {"columns": [{"name": "customer", "dtype": "float"}]},
        )
        self.assertRegex(
            error,
            r"^Column 'customer' cannot be read as float: it holds '.+'; choose another type\.$",
        )

    def test_a_column_not_in_the_file_is_a_warning(self):
        reply = self.ok(
            data("crlf_windows.csv"), {"columns": [{"name": "nope", "dtype": "int"}]}
        )
        self.assertEqual(
            reply["warnings"],
            ["There is no column 'nope' in the file; its settings are ignored."],
        )

    def test_no_column_kept(self):
        columns = [{"name": n, "keep": False} for n in ("item", "quantity", "price")]
        self.assertEqual(
            self.failed(data("crlf_windows.csv"), {"columns": columns}),
            "No column is kept; keep at least one.",
        )

    def test_header_and_skip_rows_forced(self):
        reply = self.ok(
            data("report_title_lines.csv"), {"skip_rows": 3, "header": False}
        )
        self.assertEqual(reply["rows"][0][:2], ["region", "month"])
        self.assertEqual(reply["columns"][0]["name"], "column_1")
        self.assertMatchesCode(data("report_title_lines.csv"), reply)

    def test_another_sheet(self):
        reply = self.ok(data("two_sheets.xlsx"), {"sheet": "Orders"})
        self.assertEqual(reply["options"]["skip_rows"], 0)
        self.assertEqual(
            [c["dtype"] for c in reply["columns"]], ["int", "datetime", "float"]
        )
        self.assertIn('sheet_name="Orders"', reply["code"])
        self.assertMatchesCode(data("two_sheets.xlsx"), reply)
        error = self.failed(data("two_sheets.xlsx"), {"sheet": "Nope"})
        self.assertEqual(
            error,
            "The workbook has no sheet named 'Nope'; its sheets are Summary, Orders.",
        )

    def test_json_overrides_are_steps(self):
        options = {
            "nrows": 3,
            "columns": [
                {"name": "user", "keep": False},
                {"name": "value", "dtype": "text", "rename": "amount"},
            ],
        }
        reply = self.ok(data("events.jsonl"), options)
        self.assertEqual(
            [c["name"] for c in reply["columns"]], ["event_id", "action", "amount"]
        )
        self.assertIn("nrows=3", reply["code"])
        self.assertIn('    .drop(columns=["user"])', reply["code"])
        self.assertMatchesCode(data("events.jsonl"), reply)
        reply = self.ok(
            data("products_records.json"),
            {"nrows": 2, "columns": [{"name": "stock", "dtype": "float"}]},
        )
        self.assertIn("    .head(2)", reply["code"])
        self.assertEqual(len(reply["rows"]), 2)
        self.assertMatchesCode(data("products_records.json"), reply)

    def test_long_argument_lists_explode(self):
        names = ["a_rather_long_column_name_%02d" % n for n in range(8)]
        path = self.put("wide.csv", ",".join(names) + "\n" + ",".join("1" * 8) + "\n")
        columns = [{"name": n, "rename": n.upper()} for n in names]
        reply = self.ok(path, {"columns": columns})
        self.assertIn(
            '.rename(\n    columns={\n        "a_rather_long_column_name_00"',
            reply["code"],
        )
        if black is not None:
            self.assertEqual(
                black.format_str(reply["code"], mode=black.Mode()), reply["code"]
            )
        self.assertMatchesCode(path, reply)


class BadInputTest(ImporterTestCase):
    def test_empty(self):
        self.assertEqual(self.failed(self.put("e.csv", b"")), "The file is empty.")

    def test_binary_renamed(self):
        self.assertEqual(
            self.failed(self.put("b.csv", b"a,b\n\x00\x01\x02\x03\xff" * 10)),
            "This is not a text file: it holds binary data (NUL bytes).",
        )
        self.assertIn("ZIP archive", self.failed(data("zipped_renamed.csv")))

    def test_workbook_forced_as_text_says_what_it_is(self):
        error = self.failed(data("two_sheets.xlsx"), {"format": "csv"})
        self.assertEqual(
            error,
            "This is not a text file: it looks like an Excel workbook (.xlsx); choose the Excel format.",
        )
        error = self.failed(data("crlf_windows.csv"), {"format": "excel"})
        self.assertEqual(
            error, "This is not an Excel workbook (it is text); choose another format."
        )

    def test_undetectable_encoding(self):
        error = self.failed(data("russian_cp1251.csv"))
        self.assertIn("choose its encoding", error)
        reply = self.ok(data("russian_cp1251.csv"), {"encoding": "cp1251"})
        self.assertEqual(reply["columns"][0]["name"], "фамилия")
        self.assertMatchesCode(data("russian_cp1251.csv"), reply)

    def test_ragged_rows(self):
        path = data("ragged.csv")
        self.assertEqual(
            self.failed(path),
            "Line 7 has 5 fields where the header has 3 (lines 7, 12). "
            "Choose Skip or Warn for bad lines.",
        )
        for choice in ("skip", "warn"):
            with self.subTest(on_bad_lines=choice):
                reply = self.ok(path, {"on_bad_lines": choice})
                self.assertEqual(len(reply["rows"]), 9)
                self.assertEqual(
                    reply["warnings"],
                    [
                        "Lines 7, 12 have more fields than the header (3) and are left out."
                    ],
                )
                self.assertIn('on_bad_lines="%s"' % choice, reply["code"])
                self.assertEqual(
                    importer.rows_of(loaded(reply["code"], path)), reply["rows"]
                )

    def test_bad_line_past_the_preview_is_a_warning(self):
        lines = ["a,b"] + ["%d,%d" % (n, n) for n in range(300)]
        lines[250] = "1,2,3"
        reply = self.ok(self.put("late.csv", "\n".join(lines) + "\n"))
        self.assertEqual(
            reply["warnings"],
            [
                "Line 251 has 3 fields where the header has 2; loading the whole file stops there. Choose Skip or Warn for bad lines."
            ],
        )

    def test_unclosed_quote(self):
        self.assertEqual(
            self.failed(data("unclosed_quote.csv")),
            "The quoted field that starts on line 3 never closes, so the rest of the file "
            "would be read into it; check the quote character.",
        )

    def test_enormous_line(self):
        path = self.put("long.csv", b"x," * (3 << 20))
        self.assertEqual(
            self.failed(path),
            "Line 1 is longer than 4 MB, so this is not a table of lines; check that it is "
            "a delimited text file, or choose another format.",
        )

    def test_password_protected(self):
        self.assertIn("password-protected", self.failed(data("protected.xlsx")))
        # Any compound file named .xlsx is one (Excel writes no other kind there).
        with open(data("protected.xlsx"), "rb") as file:
            plain = file.read().replace(
                "EncryptedPackage".encode("utf-16-le"),
                "SomethingElse123".encode("utf-16-le"),
            )
        self.assertIn("password-protected", self.failed(self.put("locked.xlsx", plain)))

    def test_corrupt_workbook(self):
        self.assertEqual(
            self.failed(data("truncated.xlsx")),
            "The workbook is damaged: it is not a complete ZIP archive, as an .xlsx file "
            "must be; save it again from Excel.",
        )

    def test_zip_bomb_is_refused_before_opening(self):
        path = os.path.join(self.folder, "bomb.xlsx")
        with zipfile.ZipFile(
            path, "w", zipfile.ZIP_DEFLATED, compresslevel=9
        ) as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
            with archive.open(
                "xl/worksheets/sheet1.xml", "w", force_zip64=True
            ) as member:
                block = b"<row>" + b" " * (1 << 20)
                for _ in range(300):
                    member.write(block)
        self.assertLess(os.path.getsize(path), 1 << 20)
        with mock.patch.object(pd, "ExcelFile") as opened:
            error = self.failed(path)
        opened.assert_not_called()
        self.assertRegex(
            error,
            r"^The workbook would unpack from [\d.]+ MB to 300 MB, .* ZIP bomb\)\.$",
        )

    def test_file_gone(self):
        self.assertEqual(
            self.failed(os.path.join(self.folder, "nope.csv")), importer.GONE_MESSAGE
        )
        path = self.put("going.csv", "a,b\n1,2\n")
        read = importer._read

        def read_then_delete(where, limit):
            head = read(where, limit)
            os.remove(where)
            return head

        with mock.patch.object(importer, "_read", read_then_delete):
            self.assertEqual(
                self.failed(path),
                "The file is gone: it was moved or deleted after it was chosen.",
            )

    def test_file_growing_during_preview(self):
        path = self.put(
            "growing.csv", "a,b\n" + "".join("%d,x\n" % n for n in range(50))
        )
        read = importer._read

        def read_then_grow(where, limit):
            head = read(where, limit)
            with open(where, "a") as file:
                file.write("".join("%d,y\n" % n for n in range(5000)))
            return head

        with mock.patch.object(importer, "_read", read_then_grow):
            reply = self.ok(path)
        self.assertEqual(len(reply["rows"]), 200)
        self.assertTrue(reply["more"])

    def test_not_json(self):
        self.assertEqual(
            self.failed(data("broken.json")),
            "The file is not valid JSON: expecting ',' delimiter at line 3, column 11.",
        )
        path = self.put("words.json", "hello world\n")
        self.assertEqual(
            self.failed(path),
            "The file is not valid JSON: expecting value at line 1, column 1.",
        )
        path = self.put("bad.jsonl", '{"a": 1}\n{"a": 2\n')
        self.assertEqual(
            self.failed(path),
            "Line 2 is not valid JSON: expecting ',' delimiter at column 8.",
        )

    def test_json_lines_with_a_line_separator_inside_a_string(self):
        path = self.put("sep.jsonl", '{"a": "x\u2028y"}\n{"a": "z"}\n'.encode("utf-8"))
        reply = self.ok(path)
        self.assertEqual(reply["rows"], [["x\u2028y"], ["z"]])

    def test_large_json_document(self):
        path = self.put("big.json", b'{"a": {' + b" " * 22_000_000 + b"}}")
        self.assertIn("reads only up to 20 MB", self.failed(path))

    def test_parquet_that_cannot_be_read(self):
        reply = importer.preview(data("measurements.parquet"))
        self.assertEqual(reply["options"]["format"], "parquet")
        self.assertEqual(
            reply["error"],
            "The file cannot be read as Parquet: Footer length error in file "
            "'measurements.parquet'.",
        )
        path = self.put("half.parquet", b"PAR1" + b"\x00" * 10)
        self.assertIn("The file cannot be read as Parquet: ", self.failed(path))


class ParquetTest(ImporterTestCase):
    def setUp(self):
        # Inside the workspace, where DuckDB writes the files from elsewhere.
        self.folder = helpers.workspace_folder("importer-parquet-")

    def frame(self, rows=3):
        return pd.DataFrame(
            {
                "id": np.arange(rows),
                "price": np.where(np.arange(rows) % 2, np.nan, 1.5),
                "name": ["item %d" % n if n % 3 else None for n in range(rows)],
                "ok": np.arange(rows) % 2 == 0,
                "when": pd.Timestamp("2024-05-01 08:30")
                + pd.to_timedelta(np.arange(rows), unit="h"),
                "day": pd.Timestamp("2024-05-01")
                + pd.to_timedelta(np.arange(rows), unit="D"),
                "size": pd.Categorical(
                    ["S", "M", "L"] * (rows // 3) + ["S"] * (rows % 3)
                ),
                "count": pd.array([None] + list(range(1, rows)), dtype="Int64"),
            }
        )

    def written(self, frame, name="table.parquet"):
        path = os.path.join(self.folder, name)
        parquet.write(frame, path)
        return path

    def test_a_file_previews_with_its_own_types(self):
        path = self.written(self.frame())
        reply = self.ok(path)
        self.assertEqual(reply["options"]["format"], "parquet")
        self.assertEqual(reply["options"]["encoding"], None)
        self.assertEqual(
            [(c["name"], c["dtype"]) for c in reply["columns"]],
            [
                ("id", "int"),
                ("price", "float"),
                ("name", "text"),
                ("ok", "bool"),
                ("when", "datetime"),
                ("day", "datetime"),
                ("size", "category"),
                ("count", "int"),
            ],
        )
        self.assertEqual(
            reply["rows"][:2],
            [
                [
                    "0",
                    "1.5",
                    None,
                    "True",
                    "2024-05-01 08:30:00",
                    "2024-05-01",
                    "S",
                    None,
                ],
                [
                    "1",
                    None,
                    "item 1",
                    "False",
                    "2024-05-01 09:30:00",
                    "2024-05-02",
                    "M",
                    "1",
                ],
            ],
        )
        self.assertEqual(
            reply["code"],
            'import pandas as pd\n\ndf = pd.read_parquet("table.parquet")\n',
        )
        self.assertFalse(reply["more"])
        self.assertEqual(reply["warnings"], [])
        self.assertMatchesCode(path, reply)

    def test_sniff(self):
        sniffed = importer.sniff(self.written(self.frame()), name="sales 2024.parquet")
        self.assertEqual(sniffed["error"], "")
        self.assertEqual(sniffed["format"], "parquet")
        self.assertEqual(
            sniffed["code"],
            'import pandas as pd\n\ndf = pd.read_parquet("sales 2024.parquet")\n',
        )
        self.assertEqual(len(sniffed["columns"]), 8)

    def test_a_long_file_previews_its_first_rows(self):
        path = self.written(self.frame(1000))
        reply = self.ok(path)
        self.assertEqual(len(reply["rows"]), importer.PREVIEW_ROWS)
        self.assertTrue(reply["more"])
        self.assertMatchesCode(path, reply)
        reply = self.ok(path, rows=10)
        self.assertEqual(len(reply["rows"]), 10)
        self.assertEqual(reply["rows"][9][0], "9")

    def test_choices_become_the_reader_columns_and_steps(self):
        path = self.written(self.frame(30))
        options = {
            "nrows": 5,
            "variable": "orders",
            "columns": [
                {"name": "id", "dtype": "float"},
                {"name": "price", "keep": False},
                {"name": "name", "rename": "label"},
                {"name": "size", "dtype": "text"},
                {"name": "when", "keep": False},
            ],
        }
        reply = self.ok(path, options)
        self.assertEqual(
            reply["code"],
            "import pandas as pd\n\n"
            "orders = (\n"
            "    pd.read_parquet(\n"
            '        "table.parquet", columns=["id", "name", "ok", "day", "size", "count"]\n'
            "    )\n"
            "    .head(5)\n"
            '    .astype({"id": "float64", "size": "str"})\n'
            '    .rename(columns={"name": "label"})\n'
            ")\n",
        )
        self.assertEqual(
            [(c["name"], c["dtype"]) for c in reply["columns"]],
            [
                ("id", "float"),
                ("label", "text"),
                ("ok", "bool"),
                ("day", "datetime"),
                ("size", "text"),
                ("count", "int"),
            ],
        )
        self.assertEqual(len(reply["rows"]), 5)
        self.assertFalse(reply["more"])
        self.assertMatchesCode(path, reply)

    def test_a_file_from_elsewhere(self):
        path = os.path.join(self.folder, "foreign.parquet")
        duckdb_database.execute(
            "COPY (SELECT range AS n, [range, 1] AS pair, DATE '2024-01-01' + range::INTEGER "
            "AS day FROM range(3)) TO '%s' (FORMAT parquet)" % path
        )
        reply = self.ok(path)
        self.assertEqual(
            [(c["name"], c["dtype"]) for c in reply["columns"]],
            [("n", "int"), ("pair", "text"), ("day", "datetime")],
        )
        self.assertEqual(reply["rows"][1], ["1", "[1, 1]", "2024-01-02"])
        self.assertMatchesCode(path, reply)

    def test_without_duckdb(self):
        path = self.written(self.frame())
        missing = duckdb_database.DuckDBUnavailableError(
            duckdb_database.UNAVAILABLE % "No module named 'sandpiper_duckdb'"
        )
        with mock.patch.object(duckdb_database, "query", side_effect=missing):
            error = self.failed(path)
        self.assertEqual(
            error,
            "Parquet and SQL need DuckDB, which this engine could not load: No module "
            "named 'sandpiper_duckdb'.",
        )


class EncodingTest(ImporterTestCase):
    def sniffed(self, content):
        return importer.sniff(self.put("t.csv", content))

    def test_cp1252_only_with_its_own_bytes(self):
        self.assertEqual(
            self.sniffed("name\nCafé\nNaïve\n".encode("cp1252"))["encoding"], "latin-1"
        )
        self.assertEqual(
            self.sniffed("name\nCafé\n“quoted”\n".encode("cp1252"))["encoding"],
            "cp1252",
        )

    def test_utf16_without_bom(self):
        sniffed = self.sniffed("a,b\n1,x\n2,y\n".encode("utf-16-le"))
        self.assertEqual(sniffed["encoding"], "utf-16-le")
        self.assertEqual(sniffed["columns"][0]["name"], "a")

    def test_a_user_encoding_is_normalised(self):
        reply = self.ok(data("sales_gbk.csv"), {"encoding": "GBK"})
        self.assertEqual(reply["options"]["encoding"], "gbk")
        reply = self.ok(data("clients_latin1.csv"), {"encoding": "ISO-8859-1"})
        self.assertEqual(reply["options"]["encoding"], "latin-1")

    def test_wrong_encoding_past_the_head(self):
        text = "name,n\n" + "plain,1\n" * 200_000 + "Café,2\n"
        reply = importer.preview(
            self.put("late.csv", text.encode("latin-1")), None, 200
        )
        self.assertEqual(reply["error"], "")  # the rows shown are all ASCII


class BoundedTest(ImporterTestCase):
    def counting(self):
        """A patch of importer._open that counts the bytes read through it."""
        counted = [0]

        class Counting(io.FileIO):
            def read(self, size=-1):
                chunk = super().read(size)
                counted[0] += len(chunk)
                return chunk

            def readinto(self, buffer):
                count = super().readinto(buffer)
                counted[0] += count or 0
                return count

        return counted, mock.patch.object(
            importer, "_open", lambda path: Counting(path, "r")
        )

    def test_a_gigabyte_file_reads_a_few_megabytes(self):
        path = os.path.join(self.folder, "huge.csv")
        line = "2024-01-05,North,widget,12,3.5,some text\n"
        with open(path, "w") as file:
            file.write("date,region,product,units,price,note\n")
            file.write(line * ((importer.HEAD_BYTES * 2) // len(line)))
        os.truncate(path, 1 << 30)  # sparse: a gigabyte that costs nothing
        counted, patch = self.counting()
        with patch:
            started = time.perf_counter()
            reply = self.ok(path)
            elapsed = time.perf_counter() - started
        self.assertEqual(reply["bytes"], 1 << 30)
        self.assertEqual(len(reply["rows"]), 200)
        self.assertTrue(reply["more"])
        self.assertLess(counted[0], importer.HEAD_BYTES + (1 << 20))
        self.assertLess(elapsed, 1.0)

    def test_fifty_megabytes_of_csv(self):
        path = os.path.join(self.folder, "fifty.csv")
        line = b"7,2024-03-01 10:00:00,3.25,yes,alpha\n"
        with open(path, "wb") as file:
            file.write(b"id,at,x,ok,name\n" + line * (50_000_000 // len(line)))
        counted, patch = self.counting()
        with patch:
            started = time.perf_counter()
            reply = self.ok(path)
            elapsed = time.perf_counter() - started
        self.assertEqual(
            [c["dtype"] for c in reply["columns"]],
            ["int", "datetime", "float", "bool", "category"],
        )
        self.assertLess(counted[0], 3 * importer.HEAD_BYTES)
        self.assertLess(elapsed, 1.0)

    def test_large_json_lines_and_records(self):
        record = '{"id": 1, "name": "alpha", "value": 2.5}'
        path = self.put("big.jsonl", (record + "\n") * 600_000)
        counted, patch = self.counting()
        with patch:
            reply = self.ok(path)
        self.assertTrue(reply["more"])
        self.assertLess(counted[0], 3 * importer.HEAD_BYTES)
        path = self.put("big.json", "[" + ",\n".join([record] * 600_000) + "]")
        with mock.patch.object(importer, "_read", wraps=importer._read) as read:
            reply = self.ok(path)
        self.assertEqual(len(reply["rows"]), 200)
        self.assertTrue(reply["more"])
        self.assertTrue(
            all(call.args[1] <= importer.PREVIEW_BYTES for call in read.call_args_list)
        )

    def test_utf16_big_endian_past_the_preview_limit(self):
        text = "a\tb\n" + "".join("%d\tx\n" % n for n in range(60_000))
        path = self.put("big16.txt", text.encode("utf-16"))  # little-endian here
        path_be = self.put(
            "big16be.txt", codecs.BOM_UTF16_BE + text.encode("utf-16-be")
        )
        with mock.patch.object(importer, "PREVIEW_BYTES", 4096):
            for where in (path, path_be):
                with self.subTest(path=where):
                    reply = self.ok(where, rows=1000)
                    self.assertEqual(reply["options"]["encoding"], "utf-16")
                    self.assertTrue(reply["more"])
                    self.assertEqual(reply["rows"][-1][1], "x")

    def test_a_preview_read_stops_at_a_line_end(self):
        stream = importer._Bounded(io.BytesIO(b"ab\ncd\nef\n"), 7)
        self.assertEqual(io.BufferedReader(stream).read(), b"ab\ncd\n")
        self.assertTrue(stream.cut)
        data = "a\nb\nc\n".encode("utf-16-le")
        stream = importer._Bounded(io.BytesIO(data), 9, "\n".encode("utf-16-le"))
        self.assertEqual(io.BufferedReader(stream).read(), "a\nb\n".encode("utf-16-le"))


class ReplyTest(ImporterTestCase):
    def test_shape(self):
        request = {
            "type": "sniff",
            "id": 41,
            "path": data("sales_gbk.csv"),
            "name": "sales.csv",
            "rows": 5,
        }
        reply = side.SideRequests().handle(request)
        self.assertEqual(reply["type"], "sniffed")
        self.assertEqual(reply["id"], 41)
        self.assertEqual(set(reply), REPLY_KEYS | {"type", "id"})
        self.assertEqual(set(reply["options"]), set(importer.OPTION_KEYS))
        self.assertEqual(len(reply["rows"]), 5)
        self.assertTrue(reply["more"])
        self.assertIn('"sales.csv"', reply["code"])
        self.assertEqual(reply["error"], "")
        for row in reply["rows"]:
            self.assertEqual(len(row), len(reply["columns"]))
            self.assertTrue(all(cell is None or isinstance(cell, str) for cell in row))

    def test_garbage_never_raises(self):
        path = data("crlf_windows.csv")
        cases = [
            ({"options": "x"}, "The options must be a dict, not 'x'."),
            (
                {"options": {"delimiter": 5}},
                "The option delimiter must be one character, not 5.",
            ),
            (
                {"options": {"delimiter": ";;"}},
                "The option delimiter must be one character, not ';;'.",
            ),
            (
                {"options": {"header": "yes"}},
                "The option header must be true or false, not 'yes'.",
            ),
            (
                {"options": {"nrows": -1}},
                "The option nrows must be a whole number of 0 or more, not -1.",
            ),
            (
                {"options": {"skip_rows": True}},
                "The option skip_rows must be a whole number of 0 or more, not True.",
            ),
            (
                {"options": {"format": "xml"}},
                "The option format must be one of csv, excel, json, parquet, not 'xml'.",
            ),
            (
                {"options": {"encoding": "klingon"}},
                "There is no encoding named 'klingon'; choose one from the list.",
            ),
            (
                {"options": {"na_values": "NA"}},
                "The option na_values must be a list of texts, not 'NA'.",
            ),
            (
                {"options": {"variable": "1x"}},
                "The variable name '1x' is not a Python name; use letters, digits and _, not starting with a digit.",
            ),
            (
                {"options": {"columns": [1]}},
                "Each entry of the option columns must be a dict with a name, not 1.",
            ),
            (
                {"options": {"columns": [{"name": "item", "dtype": "complex"}]}},
                "The option dtype of column 'item' must be one of int, float, bool, datetime, category, text, auto, not 'complex'.",
            ),
            (
                {"options": {"delimiter": ",", "decimal": ","}},
                "The delimiter and the decimal mark are both ','; choose another.",
            ),
            (
                {"rows": "many"},
                "The number of rows to preview must be a whole number, not 'many'.",
            ),
            ({"path": None}, "The request names no file."),
            ({"path": 3}, "The request names no file."),
        ]
        for change, message in cases:
            with self.subTest(change=change):
                request = {
                    "type": "sniff",
                    "id": 7,
                    "path": path,
                    "name": "x.csv",
                    "options": {},
                    "rows": 10,
                }
                request.update(change)
                reply = importer.sniff_reply(request)
                self.assertEqual(reply["type"], "sniffed")
                self.assertEqual(reply["id"], 7)
                self.assertEqual(set(reply), REPLY_KEYS | {"type", "id"})
                self.assertEqual(reply["error"], message)
        reply = importer.sniff_reply("not a dict")
        self.assertEqual(
            (reply["type"], reply["error"]),
            ("sniffed", "The request is not a message."),
        )
        reply = importer.sniff_reply({"id": 3})
        self.assertEqual(
            (reply["id"], reply["error"]), (3, "The request names no file.")
        )

    def test_unexpected_failure_is_an_error_reply(self):
        with mock.patch.object(importer, "_plan", side_effect=RuntimeError("boom")):
            with mock.patch("sys.stderr", io.StringIO()) as stderr:
                reply = importer.sniff_reply(
                    {"id": 1, "path": data("crlf_windows.csv")}
                )
        self.assertEqual(reply["error"], "The file cannot be previewed: boom.")
        self.assertIn("RuntimeError: boom", stderr.getvalue())

    def test_an_error_keeps_the_options_known(self):
        reply = importer.preview(data("ragged.csv"))
        self.assertEqual(reply["options"]["delimiter"], ",")
        self.assertEqual(reply["options"]["format"], "csv")
        self.assertEqual(
            reply["code"], 'import pandas as pd\n\ndf = pd.read_csv("ragged.csv")\n'
        )


if __name__ == "__main__":
    unittest.main()
