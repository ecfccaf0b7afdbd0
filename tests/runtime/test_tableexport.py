"""sandpiper.export(): whole tables written to files in the workspace."""

import contextlib
import datetime
import errno
import io
import json
import os
import re
import shutil
import stat
import tempfile
import unittest
from unittest import mock

import helpers
import numpy as np
import openpyxl
import pandas as pd
from pandas.testing import assert_frame_equal

from sandpiper_runtime import duckdb_database, parquet
from sandpiper_runtime import session as session_module
from sandpiper_runtime import tableexport

LINE = re.compile(
    r"^Wrote (?P<rows>[\d,]+) rows? \u00d7 (?P<columns>[\d,]+) columns? to "
    r"(?P<path>.+) \((?P<size>[\d.]+ (bytes?|KB|MB|GB))\)(?P<sheets> on \d+ sheets)?$"
)


def sample():
    return pd.DataFrame(
        {
            "n": [1, 2, 3],
            "x": [0.5, 1.25, np.nan],
            "s": ["a", "b,c", 'say "hi"'],
            "t": pd.to_datetime(["2026-01-01 00:00", "2026-02-01 12:30", None]),
        },
        index=pd.Index([10, 20, 30], name="id"),
    )


class ExportTestCase(unittest.TestCase):
    def setUp(self):
        self.saved_cwd = os.getcwd()
        # Inside the workspace that the session's DuckDB (Parquet) may reach.
        self.folder = helpers.workspace_folder("tableexport-")
        os.chdir(self.folder)

    def tearDown(self):
        os.chdir(self.saved_cwd)
        for root, folders, _ in os.walk(self.folder):
            for name in folders:
                os.chmod(os.path.join(root, name), 0o700)
        shutil.rmtree(self.folder)

    def export(self, obj, path, **options):
        """export() with its printed line captured: (returned path, the line)."""
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            written = tableexport.export(obj, path, **options)
        return written, out.getvalue()

    def write(self, obj, path, **options):
        return self.export(obj, path, **options)[0]

    def text(self, path, encoding="utf-8"):
        with open(path, encoding=encoding, newline="") as file:
            return file.read()

    def put(self, path, text):
        with open(path, "w") as file:
            file.write(text)

    def leftovers(self, folder="."):
        return [name for name in os.listdir(folder) if name.startswith(".")]


class CsvTest(ExportTestCase):
    def test_round_trip(self):
        frame = sample()
        self.write(frame, "out.csv")
        back = pd.read_csv("out.csv", index_col=0, parse_dates=["t"])
        pd.testing.assert_frame_equal(back, frame)

    def test_tsv_and_txt(self):
        frame = sample()
        self.write(frame, "out.tsv", sep=";")  # TSV is tab-separated whatever sep says
        self.assertIn("id\tn\tx\ts\tt", self.text("out.tsv"))
        back = pd.read_csv("out.tsv", sep="\t", index_col=0, parse_dates=["t"])
        pd.testing.assert_frame_equal(back, frame)
        self.write(frame, "out.txt", sep="|")
        back = pd.read_csv("out.txt", sep="|", index_col=0, parse_dates=["t"])
        pd.testing.assert_frame_equal(back, frame)
        self.write(frame, "named.data", format="tsv")
        self.assertIn("\t", self.text("named.data"))

    def test_index_off(self):
        self.write(sample(), "out.csv", index=False)
        self.assertTrue(self.text("out.csv").startswith("n,x,s,t\n"))
        back = pd.read_csv("out.csv")
        self.assertEqual(list(back.columns), ["n", "x", "s", "t"])

    def test_utf8_sig_has_a_bom(self):
        self.write(pd.DataFrame({"名": ["é"]}), "bom.csv", encoding="utf-8-sig")
        with open("bom.csv", "rb") as file:
            self.assertTrue(file.read().startswith(b"\xef\xbb\xbf"))
        back = pd.read_csv("bom.csv", encoding="utf-8-sig", index_col=0)
        self.assertEqual(list(back.columns), ["名"])
        self.write(pd.DataFrame({"a": [1]}), "plain.csv")
        with open("plain.csv", "rb") as file:
            self.assertFalse(file.read().startswith(b"\xef\xbb\xbf"))

    def test_gbk_writes_chinese(self):
        frame = pd.DataFrame({"城市": ["北京", "上海"], "人口": [21, 24]})
        self.write(frame, "gbk.csv", encoding="gbk", index=False)
        with open("gbk.csv", "rb") as file:
            self.assertIn("北京".encode("gbk"), file.read())
        back = pd.read_csv("gbk.csv", encoding="gbk")
        pd.testing.assert_frame_equal(back, frame)

    def test_a_character_the_encoding_cannot_write(self):
        frame = pd.DataFrame(
            {"城市": ["北京", "上海 \U0001f600"]}, index=pd.Index(["r1", "r2"])
        )
        self.put("gbk.csv", "old")
        with self.assertRaises(ValueError) as raised:
            self.write(frame, "gbk.csv", encoding="gbk")
        message = str(raised.exception)
        for part in ("'城市'", "'r2'", "\U0001f600", "U+1F600", "gbk", "utf-8"):
            self.assertIn(part, message)
        self.assertEqual(self.text("gbk.csv"), "old")
        self.assertEqual(self.leftovers(), [])
        # In a column name, and in latin-1.
        with self.assertRaises(ValueError) as raised:
            self.write(pd.DataFrame({"€uro": [1]}), "l.csv", encoding="latin-1")
        self.assertIn("the name of column '€uro'", str(raised.exception))
        self.assertFalse(os.path.exists("l.csv"))

    def test_unknown_encoding(self):
        with self.assertRaisesRegex(ValueError, "unknown encoding 'utf-9'"):
            self.write(sample(), "x.csv", encoding="utf-9")

    def test_decimal_comma(self):
        frame = pd.DataFrame({"x": [1.5, 2.25], "s": ["a", "b"]})
        self.write(frame, "dec.csv", sep=";", decimal=",", index=False)
        self.assertEqual(self.text("dec.csv"), "x;s\n1,5;a\n2,25;b\n")
        back = pd.read_csv("dec.csv", sep=";", decimal=",")
        pd.testing.assert_frame_equal(back, frame)
        with self.assertRaisesRegex(
            ValueError, "the separator and the decimal mark must differ"
        ):
            self.write(frame, "bad.csv", decimal=",")
        self.assertFalse(os.path.exists("bad.csv"))

    def test_quoting(self):
        frame = pd.DataFrame({"a": [1], "b": ["x"]})
        self.write(frame, "all.csv", quoting="all", index=False)
        self.assertEqual(self.text("all.csv"), '"a","b"\n"1","x"\n')
        self.write(frame, "nonnumeric.csv", quoting="nonnumeric", index=False)
        self.assertEqual(self.text("nonnumeric.csv"), '"a","b"\n1,"x"\n')
        self.write(pd.DataFrame({"a": ["p,q"]}), "none.csv", quoting="none")
        self.assertEqual(self.text("none.csv"), ",a\n0,p\\,q\n")
        self.write(pd.DataFrame({"a": ["p,q"]}), "minimal.csv", index=False)
        self.assertEqual(self.text("minimal.csv"), 'a\n"p,q"\n')
        with self.assertRaisesRegex(ValueError, "quoting must be one of"):
            self.write(frame, "x.csv", quoting="some")

    def test_a_hundred_thousand_columns(self):
        frame = pd.DataFrame(np.arange(2 * 10**5).reshape(2, 10**5))
        _, line = self.export(frame, "wide.csv", index=False)
        self.assertIn("2 rows \u00d7 100,000 columns", line)
        with open("wide.csv") as file:
            header = file.readline().rstrip("\n").split(",")
            first = file.readline().rstrip("\n").split(",")
        self.assertEqual(len(header), 10**5)
        self.assertEqual((header[0], header[-1]), ("0", "99999"))
        self.assertEqual((first[0], first[-1]), ("0", "99999"))


class InputTest(ExportTestCase):
    def csv(self, obj, **options):
        self.write(obj, "in.csv", **options)
        return self.text("in.csv")

    def test_kinds(self):
        self.assertEqual(self.csv(sample()[["n"]]), "id,n\n10,1\n20,2\n30,3\n")
        self.assertEqual(self.csv(np.array([4, 5])), ",0\n0,4\n1,5\n")
        self.assertEqual(
            self.csv(np.array([[1, 2], [3, 4]]), index=False), "0,1\n1,2\n3,4\n"
        )
        self.assertEqual(
            self.csv([{"a": 1, "b": "x"}, {"b": "y", "c": True}], index=False),
            "a,b,c\n1.0,x,\n,y,True\n",
        )
        self.assertEqual(
            self.csv({"a": [1, 2], "b": np.array([0.5, 1.5]), "c": ("p", "q")}),
            ",a,b,c\n0,1,0.5,p\n1,2,1.5,q\n",
        )
        # A Series in a dict is a column of values, not aligned on its index.
        self.assertEqual(
            self.csv({"a": pd.Series([1, 2], index=[5, 6]), "b": [3, 4]}, index=False),
            "a,b\n1,3\n2,4\n",
        )
        self.assertEqual(self.csv([]), '""\n')
        self.assertEqual(self.csv({}), '""\n')

    def test_series_naming(self):
        self.assertEqual(
            self.csv(pd.Series([1, 2], name="price")), ",price\n0,1\n1,2\n"
        )
        self.assertEqual(self.csv(pd.Series([1, 2])), ",value\n0,1\n1,2\n")
        self.assertEqual(self.csv(pd.Series([7], name=2026), index=False), "2026\n7\n")
        named = pd.Series([1], index=pd.Index(["k"], name="key"), name="v")
        self.assertEqual(self.csv(named), "key,v\nk,1\n")

    def test_not_tables(self):
        for value in ({1, 2}, 5, "text", (1, 2), None, pd.Index([1])):
            with self.subTest(value=value):
                with self.assertRaises(TypeError) as raised:
                    self.write(value, "x.csv")
                message = str(raised.exception)
                self.assertIn("cannot export ", message)
                self.assertIn("a pandas DataFrame or Series", message)
                self.assertIn("a list of dicts (records)", message)
        self.assertIn("cannot export a set", self.raised(TypeError, {1}, "x.csv"))
        self.assertIn("pandas.Index", self.raised(TypeError, pd.Index([1]), "x.csv"))
        self.assertIn(
            "item 1 is an int", self.raised(TypeError, [{"a": 1}, 2], "x.csv")
        )
        self.assertIn(
            "'b' is an int", self.raised(TypeError, {"a": [1], "b": 2}, "x.csv")
        )
        self.assertIn(
            "'a' has 1, 'b' has 2",
            self.raised(ValueError, {"a": [1], "b": [1, 2]}, "x.csv"),
        )
        self.assertIn(
            "an array of 3 dimensions",
            self.raised(ValueError, np.zeros((2, 2, 2)), "x.csv"),
        )
        self.assertFalse(os.path.exists("x.csv"))

    def raised(self, kind, obj, path, **options):
        with self.assertRaises(kind) as raised:
            self.write(obj, path, **options)
        return str(raised.exception)

    def test_column_names_as_text(self):
        frame = pd.DataFrame([[1, 2, 3]], columns=[0, 1.5, ("a", "b")])
        self.assertEqual(self.csv(frame, index=False), "0,1.5,a / b\n1,2,3\n")
        self.write(frame, "names.json")
        self.assertEqual(
            json.loads(self.text("names.json")), [{"0": 1, "1.5": 2, "a / b": 3}]
        )
        self.write(frame, "names.xlsx")
        sheet = openpyxl.load_workbook("names.xlsx").active
        self.assertEqual([c.value for c in sheet[1]], [None, "0", "1.5", "a / b"])
        # The caller's frame keeps its names.
        self.assertEqual(list(frame.columns), [0, 1.5, ("a", "b")])

    def test_multiindex_columns(self):
        columns = pd.MultiIndex.from_tuples([("x", "a"), ("x", "b"), ("y", 1)])
        frame = pd.DataFrame([[1, 2, 3]], columns=columns)
        self.assertEqual(self.csv(frame, index=False), "x / a,x / b,y / 1\n1,2,3\n")
        self.write(frame, "multi.md", index=False)
        self.assertTrue(self.text("multi.md").startswith("| x / a | x / b | y / 1 |"))
        self.write(frame, "multi.json", orient="split")
        split = json.loads(self.text("multi.json"))
        self.assertEqual(split["columns"], [["x", "a"], ["x", "b"], ["y", "1"]])
        with self.assertRaisesRegex(
            ValueError, "orient 'table' cannot hold MultiIndex"
        ):
            self.write(frame, "multi.json", orient="table")
        # Excel: the levels as header rows beside the index, or joined without it.
        self.write(frame, "multi.xlsx")
        sheet = openpyxl.load_workbook("multi.xlsx").active
        self.assertEqual([c.value for c in sheet[1]], [None, "x", None, "y"])
        self.assertEqual([c.value for c in sheet[2]], [None, "a", "b", "1"])
        self.assertEqual([c.value for c in sheet[4]], [0, 1, 2, 3])
        self.assertEqual(sheet.freeze_panes, "B4")
        self.write(frame, "flat.xlsx", index=False)
        sheet = openpyxl.load_workbook("flat.xlsx").active
        self.assertEqual([c.value for c in sheet[1]], ["x / a", "x / b", "y / 1"])
        self.assertEqual(sheet.freeze_panes, "A2")

    def test_duplicate_column_names(self):
        frame = pd.DataFrame([[1, 2, 3]], columns=["a", "a", "b"])
        self.assertEqual(self.csv(frame, index=False), "a,a,b\n1,2,3\n")
        self.write(frame, "dup.xlsx", index=False)
        sheet = openpyxl.load_workbook("dup.xlsx").active
        self.assertEqual([c.value for c in sheet[1]], ["a", "a", "b"])
        for orient in ("records", "lines", "columns", "table"):
            with self.subTest(orient=orient):
                message = self.raised(ValueError, frame, "dup.json", orient=orient)
                self.assertIn("cannot hold two columns of one name: 'a'", message)
                self.assertIn(repr(orient), message)
        self.write(frame, "dup.json", orient="split")
        self.assertEqual(json.loads(self.text("dup.json"))["columns"], ["a", "a", "b"])
        # Names that become equal as text: 1 and "1".
        message = self.raised(
            ValueError, pd.DataFrame([[1, 2]], columns=[1, "1"]), "d.json"
        )
        self.assertIn("'1'", message)
        # A repeated index cannot name the rows of orient "columns".
        repeated = pd.DataFrame({"a": [1, 2]}, index=[7, 7])
        self.assertIn(
            "repeated: '7'",
            self.raised(ValueError, repeated, "r.json", orient="columns"),
        )

    def test_mixed_type_object_columns(self):
        class Thing:
            def __str__(self):
                return "thing!"

        frame = pd.DataFrame(
            {
                "m": [
                    1,
                    "two",
                    3.5,
                    None,
                    [1, 2],
                    {"k": 1},
                    Thing(),
                    datetime.date(2026, 3, 1),
                ],
            }
        )
        self.assertEqual(
            self.csv(frame, index=False),
            'm\n1\ntwo\n3.5\n""\n"[1, 2]"\n{\'k\': 1}\nthing!\n2026-03-01\n',
        )
        self.write(frame, "mixed.xlsx", index=False)
        sheet = openpyxl.load_workbook("mixed.xlsx").active
        values = [row[0].value for row in sheet.iter_rows(min_row=2)]
        self.assertEqual(values[:4], [1, "two", 3.5, None])
        self.assertEqual(values[4:7], ["[1, 2]", "{'k': 1}", "thing!"])
        self.assertEqual(values[7], datetime.datetime(2026, 3, 1))
        self.write(frame, "mixed.json", index=False)
        self.assertEqual(
            [r["m"] for r in json.loads(self.text("mixed.json"))][:7],
            [1, "two", 3.5, None, [1, 2], {"k": 1}, "thing!"],
        )
        self.write(frame, "mixed.md", index=False)
        self.assertIn("| thing! |", self.text("mixed.md"))
        self.write(frame, "mixed.html", index=False)
        self.assertIn("<td>thing!</td>", self.text("mixed.html"))


class ExcelTest(ExportTestCase):
    def test_round_trip(self):
        frame = sample()
        self.write(frame, "out.xlsx")
        back = pd.read_excel("out.xlsx", engine="openpyxl", index_col=0)
        pd.testing.assert_frame_equal(back, frame, check_dtype=False)
        self.write(frame, "noindex.xlsx", index=False, sheet_name="Data")
        book = openpyxl.load_workbook("noindex.xlsx")
        self.assertEqual(book.sheetnames, ["Data"])
        back = pd.read_excel("noindex.xlsx", engine="openpyxl")
        pd.testing.assert_frame_equal(
            back, frame.reset_index(drop=True), check_dtype=False
        )

    def test_text_stays_text(self):
        frame = pd.DataFrame({"s": ["=1+1", "http://example.com", "007"]})
        self.write(frame, "text.xlsx", index=False)
        sheet = openpyxl.load_workbook("text.xlsx").active
        self.assertEqual(
            [row[0].value for row in sheet.iter_rows(min_row=2)],
            ["=1+1", "http://example.com", "007"],
        )
        self.assertEqual(sheet["A2"].data_type, "s")

    def test_split_over_sheets(self):
        frame = pd.DataFrame({"n": range(10), "s": ["r%d" % i for i in range(10)]})
        with mock.patch.object(tableexport, "XLSX_MAX_ROWS", 4):
            _, line = self.export(frame, "big.xlsx")
        self.assertTrue(line.rstrip("\n").endswith(" on 3 sheets"), line)
        book = openpyxl.load_workbook("big.xlsx")
        self.assertEqual(book.sheetnames, ["Sheet1", "Sheet1 (2)", "Sheet1 (3)"])
        sheets = pd.read_excel(
            "big.xlsx", sheet_name=None, engine="openpyxl", index_col=0
        )
        self.assertEqual([len(part) for part in sheets.values()], [4, 4, 2])
        pd.testing.assert_frame_equal(pd.concat(sheets.values()), frame)
        for name in book.sheetnames:
            self.assertEqual([c.value for c in book[name][1]], [None, "n", "s"])
            self.assertEqual(book[name].freeze_panes, "B2")
        self.assertEqual(book["Sheet1 (3)"]["A2"].value, 8)
        # A long sheet name is shortened to make room for the number.
        with mock.patch.object(tableexport, "XLSX_MAX_ROWS", 5):
            self.write(frame, "long.xlsx", sheet_name="x" * 31)
        self.assertEqual(
            openpyxl.load_workbook("long.xlsx").sheetnames,
            ["x" * 31, "x" * 27 + " (2)"],
        )
        # Exactly full: one sheet.
        with mock.patch.object(tableexport, "XLSX_MAX_ROWS", 10):
            _, line = self.export(frame, "full.xlsx")
        self.assertNotIn("sheets", line)
        self.assertEqual(openpyxl.load_workbook("full.xlsx").sheetnames, ["Sheet1"])

    def test_refuse(self):
        frame = pd.DataFrame({"n": range(10)})
        self.put("big.xlsx", "old")
        with mock.patch.object(tableexport, "XLSX_MAX_ROWS", 4):
            with self.assertRaises(ValueError) as raised:
                self.write(frame, "big.xlsx", too_many_rows="refuse")
        message = str(raised.exception)
        self.assertIn("10 rows", message)
        self.assertIn("at most 4", message)
        self.assertEqual(self.text("big.xlsx"), "old")
        self.assertEqual(self.leftovers(), [])
        with self.assertRaisesRegex(ValueError, "too_many_rows must be one of"):
            self.write(frame, "x.xlsx", too_many_rows="truncate")

    def test_bad_sheet_names(self):
        frame = pd.DataFrame({"n": [1]})
        cases = {
            "": "cannot be empty",
            "x" * 32: "at most 31 characters",
            "a/b": "cannot contain",
            "Q[1]": "cannot contain",
            "a:b": "cannot contain",
            "what?": "cannot contain",
            "back\\slash": "cannot contain",
            "star*": "cannot contain",
            "'quoted'": "apostrophe",
        }
        for name, expected in cases.items():
            with self.subTest(name=name):
                with self.assertRaisesRegex(ValueError, re.escape(expected)):
                    self.write(frame, "x.xlsx", sheet_name=name)
        with self.assertRaises(TypeError):
            self.write(frame, "x.xlsx", sheet_name=1)
        self.assertFalse(os.path.exists("x.xlsx"))
        self.write(frame, "ok.xlsx", sheet_name="Sales 2026 (Q1) - €")
        self.assertEqual(
            openpyxl.load_workbook("ok.xlsx").sheetnames, ["Sales 2026 (Q1) - €"]
        )

    def test_freeze_panes_and_widths(self):
        frame = pd.DataFrame(
            {
                "short": [1, 2],
                "a rather long header name": [1, 2],
                "text": ["x" * 30, "y"],
                "huge": ["z" * 500, ""],
                "wide": ["北京北京北京北京北京", ""],
            },
            index=pd.MultiIndex.from_tuples([("p", 1), ("q", 2)], names=["k1", "k2"]),
        )
        self.write(frame, "w.xlsx")
        sheet = openpyxl.load_workbook("w.xlsx").active
        self.assertEqual(sheet.freeze_panes, "C2")
        widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEFG"}
        self.assertAlmostEqual(widths["A"], 8, delta=1)  # the minimum
        self.assertAlmostEqual(widths["D"], 27, delta=1)  # its header, and room
        self.assertAlmostEqual(widths["E"], 32, delta=1)  # its longest text
        self.assertAlmostEqual(widths["F"], 60, delta=1)  # the maximum
        self.assertAlmostEqual(widths["G"], 22, delta=1)  # wide characters count twice
        self.write(frame, "plain.xlsx", index=False, freeze_header=False, autofit=False)
        sheet = openpyxl.load_workbook("plain.xlsx").active
        self.assertIsNone(sheet.freeze_panes)
        self.assertNotIn(
            "B", [k for k, v in sheet.column_dimensions.items() if v.customWidth]
        )
        self.write(frame, "noindex.xlsx", index=False)
        self.assertEqual(
            openpyxl.load_workbook("noindex.xlsx").active.freeze_panes, "A2"
        )

    def test_widths_look_at_the_first_rows_only(self):
        frame = pd.DataFrame({"s": ["a"] * 1000 + ["b" * 40]})
        self.write(frame, "first.xlsx", index=False)
        sheet = openpyxl.load_workbook("first.xlsx").active
        self.assertAlmostEqual(sheet.column_dimensions["A"].width, 8, delta=1)

    def test_too_many_columns(self):
        frame = pd.DataFrame(np.zeros((1, tableexport.XLSX_MAX_COLUMNS)))
        with self.assertRaisesRegex(ValueError, "at most 16,384 columns"):
            self.write(frame, "wide.xlsx")
        self.assertEqual(os.listdir("."), [])


class JsonTest(ExportTestCase):
    def test_orients_round_trip(self):
        frame = pd.DataFrame(
            {"n": [1, 2], "x": [0.1, 2.5], "s": ["é", "北京"]},
            index=pd.Index([3, 4], name="id"),
        )
        plain = frame.reset_index(drop=True)
        self.write(frame, "r.json")
        self.assertEqual(
            json.loads(self.text("r.json"))[1], {"n": 2, "x": 2.5, "s": "北京"}
        )
        pd.testing.assert_frame_equal(pd.read_json("r.json", orient="records"), plain)
        self.write(frame, "l.json", orient="lines")
        self.assertEqual(len(self.text("l.json").splitlines()), 2)
        pd.testing.assert_frame_equal(pd.read_json("l.json", lines=True), plain)
        self.write(frame, "t.json", orient="table")
        pd.testing.assert_frame_equal(pd.read_json("t.json", orient="table"), frame)
        self.write(frame, "c.json", orient="columns")
        back = pd.read_json("c.json", orient="columns")
        pd.testing.assert_frame_equal(back, frame.rename_axis(None))
        self.write(frame, "s.json", orient="split")
        back = pd.read_json("s.json", orient="split")
        pd.testing.assert_frame_equal(back, frame.rename_axis(None))
        self.write(frame, "s2.json", orient="split", index=False)
        self.assertNotIn("index", json.loads(self.text("s2.json")))
        self.write(frame, "t2.json", orient="table", index=False)
        back = pd.read_json("t2.json", orient="table")
        self.assertEqual(list(back.columns), ["n", "x", "s"])

    def test_jsonl_extension(self):
        self.write(pd.DataFrame({"a": [1, 2]}), "rows.jsonl")
        self.assertEqual(self.text("rows.jsonl").splitlines(), ['{"a":1}', '{"a":2}'])
        with self.assertRaisesRegex(ValueError, "JSON Lines"):
            self.write(pd.DataFrame({"a": [1]}), "rows.jsonl", orient="table")

    def test_dates_as_iso_text(self):
        frame = pd.DataFrame(
            {
                "t": pd.to_datetime(["2026-01-02 03:04:05", None]),
                "d": [datetime.date(2026, 5, 6)] * 2,
            }
        )
        self.write(frame, "dates.json")
        records = json.loads(self.text("dates.json"))
        self.assertTrue(records[0]["t"].startswith("2026-01-02T03:04:05"))
        self.assertIsNone(records[1]["t"])
        self.assertTrue(records[0]["d"].startswith("2026-05-06"))

    def test_bad_orient(self):
        with self.assertRaisesRegex(ValueError, "orient must be one of 'records'"):
            self.write(pd.DataFrame({"a": [1]}), "x.json", orient="index")


class HtmlMarkdownTest(ExportTestCase):
    def test_html_document(self):
        frame = pd.DataFrame({"a": ["<b>bold</b> & é"], "n": [np.nan]})
        self.write(frame, "page.html")
        text = self.text("page.html")
        self.assertTrue(text.startswith("<!DOCTYPE html>"))
        self.assertIn('<meta charset="utf-8">', text)
        self.assertIn("<title>page</title>", text)
        self.assertIn("&lt;b&gt;bold&lt;/b&gt; &amp; é", text)
        self.assertIn("<table", text)
        self.assertIn("<th>0</th>", text)
        self.assertTrue(text.rstrip().endswith("</html>"))
        self.write(frame, "page.htm", index=False)
        self.assertNotIn("<th>0</th>", self.text("page.htm"))
        back = pd.read_html(io.StringIO(self.text("page.htm")))[0]
        self.assertEqual(back.iloc[0, 0], "<b>bold</b> & é")

    def test_markdown_table(self):
        frame = pd.DataFrame(
            {
                "name": ["a|b", "line\nbreak", None],
                "n": [1, 2, 3],
                "x": [1.5, np.nan, 3.0],
                "ok": [True, False, True],
            },
            index=pd.Index(["r1", "r2", "r3"], name="row"),
        )
        self.write(frame, "t.md")
        self.assertEqual(
            self.text("t.md"),
            "| row | name | n | x | ok |\n"
            "| --- | --- | ---: | ---: | --- |\n"
            "| r1 | a\\|b | 1 | 1.5 | True |\n"
            "| r2 | line<br>break | 2 |  | False |\n"
            "| r3 |  | 3 | 3.0 | True |\n",
        )
        self.write(frame, "t.md", index=False)
        self.assertTrue(
            self.text("t.md").startswith("| name | n | x | ok |\n| --- | ---: |")
        )


class ParquetTest(ExportTestCase):
    def codec(self, path):
        result = duckdb_database.query(
            "SELECT DISTINCT compression FROM parquet_metadata('%s')" % path
        )
        return result[0][2].tolist()

    def test_round_trip(self):
        frame = sample()
        frame["c"] = pd.Categorical(["x", "y", None], categories=["y", "x", "z"])
        written, line = self.export(frame, "out.parquet")
        self.assertEqual(written, os.path.join(os.getcwd(), "out.parquet"))
        self.assertRegex(line.rstrip("\n"), LINE)
        self.assertIn("Wrote 3 rows \u00d7 5 columns to out.parquet (", line)
        assert_frame_equal(pd.read_parquet("out.parquet"), frame)
        self.assertEqual(self.codec("out.parquet"), ["ZSTD"])
        self.write(frame, "plain.parquet", index=False)
        assert_frame_equal(parquet.read("plain.parquet"), frame.reset_index(drop=True))
        # A RangeIndex is kept in the metadata, not as a column.
        ranged = frame.reset_index()
        self.write(ranged, "ranged.parquet")
        self.assertEqual(len(parquet.schema("ranged.parquet")), 6)
        assert_frame_equal(parquet.read("ranged.parquet"), ranged)

    def test_compression_and_format(self):
        frame = pd.DataFrame({"a": np.arange(100)})
        for compression, codec in (
            ("zstd", "ZSTD"),
            ("snappy", "SNAPPY"),
            ("none", "UNCOMPRESSED"),
            (None, "UNCOMPRESSED"),
        ):
            with self.subTest(compression=compression):
                self.write(frame, "c.parquet", compression=compression)
                self.assertEqual(self.codec("c.parquet"), [codec])
        with self.assertRaisesRegex(ValueError, "compression must be one of 'zstd', "):
            self.write(frame, "c.parquet", compression="gzip")
        self.write(frame, "data.bin", format="parquet")
        assert_frame_equal(parquet.read("data.bin"), frame)
        self.write(frame["a"], "series.parquet")
        assert_frame_equal(parquet.read("series.parquet"), frame)

    def test_multiindex_columns_are_joined(self):
        frame = pd.DataFrame(
            [[1, 2]], columns=pd.MultiIndex.from_tuples([("a", "x"), ("a", "y")])
        )
        self.write(frame, "m.parquet", index=False)
        self.assertEqual(list(parquet.read("m.parquet").columns), ["a / x", "a / y"])

    def test_a_table_parquet_cannot_hold_leaves_nothing(self):
        self.put("keep.parquet", "old contents")
        mixed = pd.DataFrame({"m": ["a", 1]})
        with self.assertRaisesRegex(TypeError, "column 'm' mixes text"):
            self.write(mixed, "keep.parquet")
        with self.assertRaisesRegex(ValueError, "two columns of one name"):
            self.write(pd.DataFrame([[1, 2]], columns=["a", "a"]), "new.parquet")
        self.assertEqual(self.text("keep.parquet"), "old contents")
        self.assertEqual(sorted(os.listdir(".")), ["keep.parquet"])

    def test_interrupt_keeps_the_existing_file(self):
        self.put("keep.parquet", "old contents")
        with mock.patch.object(
            duckdb_database, "execute", side_effect=KeyboardInterrupt
        ):
            with self.assertRaises(KeyboardInterrupt):
                self.write(pd.DataFrame({"a": [1]}), "keep.parquet")
        self.assertEqual(self.text("keep.parquet"), "old contents")
        self.assertEqual(sorted(os.listdir(".")), ["keep.parquet"])

    def test_a_full_disk_says_which_limit(self):
        full = duckdb_database.error_class()(
            'IO Error: Could not write file "x": No space left on device'
        )
        with mock.patch.object(duckdb_database, "execute", side_effect=full):
            with self.assertRaisesRegex(OSError, "Session Limits") as caught:
                self.write(pd.DataFrame({"a": [1]}), "big.parquet")
        self.assertEqual(caught.exception.errno, errno.ENOSPC)
        self.assertEqual(os.listdir("."), [])

    def test_outside_the_workspace(self):
        other = tempfile.mkdtemp(prefix="tableexport-other-")
        try:
            target = os.path.join(other, "x.parquet")
            self.write(pd.DataFrame({"a": [1]}), target)
            assert_frame_equal(parquet.read(target), pd.DataFrame({"a": [1]}))
            self.assertEqual(os.listdir(other), ["x.parquet"])
        finally:
            shutil.rmtree(other)


class FileTest(ExportTestCase):
    def test_line_and_return_value(self):
        frame = pd.DataFrame(np.zeros((1000, 3)), columns=["a", "b", "c"])
        written, line = self.export(frame, "sales.csv")
        self.assertEqual(written, os.path.join(os.getcwd(), "sales.csv"))
        self.assertTrue(os.path.isabs(written))
        self.assertTrue(os.path.samefile(written, "sales.csv"))
        size = os.path.getsize("sales.csv")
        self.assertEqual(
            line,
            "Wrote 1,000 rows \u00d7 3 columns to sales.csv (%.1f KB)\n"
            % (size / 1000),
        )
        self.assertRegex(line.rstrip("\n"), LINE)
        _, line = self.export(pd.DataFrame({"a": [1]}), "one.csv", index=False)
        self.assertEqual(line, "Wrote 1 row \u00d7 1 column to one.csv (4 bytes)\n")
        _, line = self.export(
            pd.DataFrame({"a": [1]}), os.path.join("deep", "er", "x.md")
        )
        self.assertIn(" to deep/er/x.md (", line)
        self.assertTrue(os.path.isfile("deep/er/x.md"))

    def test_path_outside_the_working_directory_shows_whole(self):
        other = tempfile.mkdtemp(prefix="tableexport-other-")
        try:
            target = os.path.join(other, "x.csv")
            written, line = self.export(pd.DataFrame({"a": [1]}), target)
            self.assertEqual(written, target)
            self.assertIn(" to %s (" % target, line)
        finally:
            shutil.rmtree(other)

    def test_pathlike(self):
        import pathlib

        written = self.write(pd.DataFrame({"a": [1]}), pathlib.Path("p") / "x.csv")
        self.assertTrue(written.endswith(os.path.join("p", "x.csv")))
        with self.assertRaises(TypeError):
            self.write(pd.DataFrame({"a": [1]}), b"x.csv")

    def test_unknown_format(self):
        frame = pd.DataFrame({"a": [1]})
        with self.assertRaises(ValueError) as raised:
            self.write(frame, "x.csv", format="xml")
        self.assertIn("unknown format 'xml'", str(raised.exception))
        self.assertIn("csv, tsv, xlsx, json, html, md, parquet", str(raised.exception))
        for path in ("x.dat", "noextension"):
            with self.assertRaises(ValueError) as raised:
                self.write(frame, path)
            self.assertIn("cannot tell the format", str(raised.exception))
            self.assertIn(".jsonl", str(raised.exception))
            self.assertIn(".parquet", str(raised.exception))
        self.assertEqual(os.listdir("."), [])

    def test_a_folder_is_not_a_file(self):
        os.mkdir("out.csv")
        with self.assertRaisesRegex(IsADirectoryError, "is a folder"):
            self.write(pd.DataFrame({"a": [1]}), "out.csv")

    def test_interrupt_keeps_the_existing_file(self):
        self.put("keep.csv", "old contents")

        def interrupted(frame, target, *args):
            with open(target, "w") as file:
                file.write("half of it")
            raise KeyboardInterrupt

        with mock.patch.object(tableexport, "_write_csv", interrupted):
            with self.assertRaises(KeyboardInterrupt):
                self.write(pd.DataFrame({"a": [1]}), "keep.csv")
        self.assertEqual(self.text("keep.csv"), "old contents")
        self.assertEqual(sorted(os.listdir(".")), ["keep.csv"])
        # In a pandas writer, for a file that did not exist.
        with mock.patch.object(pd.DataFrame, "to_excel", side_effect=KeyboardInterrupt):
            with self.assertRaises(KeyboardInterrupt):
                self.write(pd.DataFrame({"a": [1]}), "new.xlsx")
        self.assertEqual(sorted(os.listdir(".")), ["keep.csv"])

    def test_a_file_over_the_size_limit_says_which_limit(self):
        def too_large(frame, target, *args):
            with open(target, "w") as file:
                file.write("part of it")
            raise OSError(errno.EFBIG, "File too large")

        with mock.patch.object(tableexport, "_write_csv", too_large):
            with self.assertRaisesRegex(OSError, "Session Limits") as caught:
                self.write(pd.DataFrame({"a": [1]}), "big.csv")
        self.assertEqual(caught.exception.errno, errno.EFBIG)
        self.assertIn("big.csv", str(caught.exception))
        self.assertEqual(os.listdir("."), [])

    def test_replacing_keeps_the_mode(self):
        self.write(pd.DataFrame({"a": [1]}), "m.csv")
        umask = os.umask(0)
        os.umask(umask)
        self.assertEqual(stat.S_IMODE(os.stat("m.csv").st_mode), 0o666 & ~umask)
        os.chmod("m.csv", 0o640)
        self.write(pd.DataFrame({"a": [2]}), "m.csv")
        self.assertEqual(stat.S_IMODE(os.stat("m.csv").st_mode), 0o640)
        self.assertEqual(self.text("m.csv"), ",a\n0,2\n")

    def assertWorkspaceOnly(self, error):
        message = str(error)
        self.assertIn("a session writes only inside its workspace", message)
        self.assertIn("File \u25b8 Save Workspace File As\u2026", message)

    def test_unwritable_folder(self):
        if os.geteuid() == 0:
            self.skipTest("root writes into folders whatever their mode")
        os.mkdir("locked", 0o500)
        with self.assertRaises(PermissionError) as raised:
            self.write(pd.DataFrame({"a": [1]}), "locked/x.csv")
        self.assertWorkspaceOnly(raised.exception)
        self.assertIn("Permission denied", str(raised.exception))
        with self.assertRaises(PermissionError):
            self.write(pd.DataFrame({"a": [1]}), "locked/inner/x.csv")
        self.assertEqual(os.listdir("locked"), [])

    def test_places_that_hold_no_files(self):
        for path in ("/proc/sandpiper-export.csv", "/proc/sandpiper-export/x.csv"):
            with self.subTest(path=path):
                with self.assertRaises(PermissionError) as raised:
                    self.write(pd.DataFrame({"a": [1]}), path)
                self.assertWorkspaceOnly(raised.exception)
                self.assertIn(path, str(raised.exception))

    def test_refused_by_the_sandbox(self):
        # What a sandboxed session meets outside its workspace, whoever runs the test.
        for error in (
            PermissionError(errno.EACCES, "Permission denied"),
            OSError(errno.EROFS, "Read-only file system"),
        ):
            with self.subTest(error=error):
                with mock.patch.object(tableexport.os, "makedirs", side_effect=error):
                    with self.assertRaises(PermissionError) as raised:
                        self.write(pd.DataFrame({"a": [1]}), "/elsewhere/x.csv")
                self.assertWorkspaceOnly(raised.exception)
                self.assertIn(error.strerror, str(raised.exception))
                with mock.patch.object(tableexport.os, "open", side_effect=error):
                    with self.assertRaises(PermissionError):
                        self.write(pd.DataFrame({"a": [1]}), "x.csv")
        # Other failures are what they are.
        with mock.patch.object(
            tableexport.os, "makedirs", side_effect=OSError(errno.ENOSPC, "No space")
        ):
            with self.assertRaises(OSError) as raised:
                self.write(pd.DataFrame({"a": [1]}), "sub/x.csv")
            self.assertNotIsInstance(raised.exception, PermissionError)

    def test_bad_flags(self):
        with self.assertRaisesRegex(TypeError, "index must be True or False"):
            self.write(pd.DataFrame({"a": [1]}), "x.csv", index="no")
        with self.assertRaises(TypeError):
            tableexport.export(pd.DataFrame({"a": [1]}), "x.csv", "csv")


class ModuleTest(ExportTestCase):
    def test_sandpiper_export_in_a_session(self):
        session = session_module.Session(publish=lambda data, metadata: None)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            result = session.execute(
                "import sandpiper\n"
                "import pandas as pd\n"
                "written = sandpiper.export(pd.DataFrame({'a': [1, 2]}), 'a.csv')\n"
                "same = sandpiper.export is sandpiper.__dict__['export']\n"
                "has_view = callable(sandpiper.view)"
            )
        self.assertEqual(result["status"], "ok", result["error"])
        namespace = session.namespace
        self.assertTrue(namespace["same"] and namespace["has_view"])
        self.assertEqual(namespace["written"], os.path.join(os.getcwd(), "a.csv"))
        self.assertIn("Wrote 2 rows \u00d7 1 column to a.csv (", out.getvalue())
        import sandpiper

        self.assertIs(sandpiper.export, tableexport.export)


if __name__ == "__main__":
    unittest.main()
