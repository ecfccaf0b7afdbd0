"""Pages of table-like variables, as the side thread answers "page" requests."""

import threading
import unittest

import helpers  # noqa: F401  (puts sandpiper_runtime on the path)
import numpy as np
import pandas as pd

from sandpiper_runtime import dataview, side


def request(name, row_start=0, row_count=10, column_start=0, column_count=10):
    return {
        "type": "page",
        "id": 7,
        "name": name,
        "rowStart": row_start,
        "rowCount": row_count,
        "columnStart": column_start,
        "columnCount": column_count,
    }


class PageTest(unittest.TestCase):
    def page(self, value, **window):
        reply = dataview.page_reply({"v": value}, request("v", **window))
        self.assertEqual(reply["type"], "rows")
        self.assertEqual(reply["id"], 7)
        return reply

    def test_dataframe_window(self):
        frame = pd.DataFrame(
            {
                "a": np.arange(100),
                "b": np.linspace(0, 1, 100),
                "s": ["x%d" % i for i in range(100)],
                "t": pd.date_range("2026-01-01", periods=100, freq="D"),
            },
            index=pd.RangeIndex(1000, 1100),
        )
        reply = self.page(
            frame, row_start=98, row_count=10, column_start=1, column_count=2
        )
        self.assertEqual(reply["error"], "")
        self.assertEqual((reply["totalRows"], reply["totalColumns"]), (100, 4))
        self.assertEqual((reply["rowStart"], reply["columnStart"]), (98, 1))
        self.assertEqual(
            reply["columns"],
            [{"name": "b", "dtype": "float64"}, {"name": "s", "dtype": "object"}],
        )
        self.assertEqual(reply["index"], ["1098", "1099"])  # clipped at the end
        self.assertEqual(reply["rows"][1], [1.0, "x99"])
        dates = self.page(frame, column_start=3, column_count=1)
        self.assertEqual(dates["rows"][0], ["2026-01-01T00:00:00"])
        self.assertEqual(dates["columns"][0]["dtype"], "datetime64[ns]")

    def test_nulls_are_null_whatever_their_kind(self):
        frame = pd.DataFrame(
            {
                "f": [np.nan, 1.5],
                "o": [None, "x"],
                "t": [pd.NaT, pd.Timestamp("2026-01-01")],
                "i": pd.array([pd.NA, 3], dtype="Int64"),
            }
        )
        rows = self.page(frame)["rows"]
        self.assertEqual(rows[0], [None, None, None, None])
        self.assertEqual(rows[1], [1.5, "x", "2026-01-01T00:00:00", 3])

    def test_series_and_arrays(self):
        series = pd.Series([3, 4], index=["a", "b"], name="n")
        reply = self.page(series)
        self.assertEqual(reply["columns"], [{"name": "n", "dtype": "int64"}])
        self.assertEqual((reply["index"], reply["rows"]), (["a", "b"], [[3], [4]]))
        one = self.page(np.array([True, False]))
        self.assertEqual(one["rows"], [[True], [False]])
        two = self.page(np.arange(12).reshape(3, 4), column_start=2, column_count=5)
        self.assertEqual([c["name"] for c in two["columns"]], ["2", "3"])
        self.assertEqual(two["rows"][2], [10, 11])
        three = self.page(np.zeros((2, 2, 2)))
        self.assertIn("3 dimensions", three["error"])
        self.assertEqual(three["rows"], [])

    def test_records_and_dict_of_lists(self):
        records = [{"a": 1, "b": "x"}, {"a": 2, "c": True}]
        reply = self.page(records)
        self.assertEqual([c["name"] for c in reply["columns"]], ["a", "b", "c"])
        self.assertEqual(reply["rows"], [[1, "x", None], [2, None, True]])
        columns = {"a": [1, 2, 3], "b": ["x"]}
        reply = self.page(columns)
        self.assertEqual(reply["totalRows"], 3)
        self.assertEqual(reply["rows"], [[1, "x"], [2, None], [3, None]])
        self.assertIn("values are lists", self.page({"a": 1})["error"])

    def test_cells_are_bounded_and_user_code_never_runs(self):
        called = threading.Event()

        class Hostile:
            def __str__(self):
                called.set()
                raise RuntimeError("never")

            __repr__ = __str__

        frame = pd.DataFrame(
            {
                "obj": [Hostile(), [1, 2, 3]],
                "long": ["y" * 5000, 2**80],
                "big": [2**62, 1],
            }
        )
        rows = self.page(frame)["rows"]
        self.assertEqual(rows[0][0], "<Hostile>")
        self.assertEqual(rows[1][0], "<list of 3>")
        self.assertEqual(len(rows[0][1]), dataview.MAX_CELL_CHARS)
        self.assertEqual(rows[1][1], str(2**80))  # beyond int64: as text
        self.assertEqual(rows[0][2], 2**62)
        self.assertFalse(called.is_set())

    def test_not_a_table_missing_name_and_no_namespace(self):
        self.assertIn("not a table", self.page(object())["error"])
        missing = dataview.page_reply({}, request("gone"))
        self.assertIn("no variable named gone", missing["error"])
        static = dataview.page_reply(None, request("v"))
        self.assertIn("no session variables", static["error"])

    def test_windows_are_clipped_to_the_bounds(self):
        frame = pd.DataFrame({"a": range(5)})
        beyond = self.page(frame, row_start=50, column_start=9)
        self.assertEqual((beyond["rowStart"], beyond["columnStart"]), (5, 1))
        self.assertEqual((beyond["rows"], beyond["columns"]), ([], []))
        huge = self.page(pd.DataFrame({"a": range(5000)}), row_count=10**9)
        self.assertEqual(len(huge["rows"]), dataview.MAX_ROWS)

    def test_a_failure_becomes_an_error_reply(self):
        reply = self.page(np.zeros((2, 2, 2)))
        self.assertIn("3 dimensions", reply["error"])
        self.assertEqual(reply["rows"], [])

    def test_subclasses_from_user_code_are_refused_unread(self):
        called = threading.Event()

        class Broken(pd.DataFrame):
            @property
            def iloc(self):
                called.set()
                raise ValueError("no rows today")

        class Hangs(list):
            def __len__(self):
                called.set()
                while True:
                    pass

        class Keys(dict):
            def __iter__(self):
                called.set()
                return iter(())

        self.assertIn("pd.DataFrame(x)", self.page(Broken({"a": [1]}))["error"])
        self.assertIn("view list(x)", self.page(Hangs([{"a": 1}]))["error"])
        self.assertIn("view dict(x)", self.page(Keys(a=[1]))["error"])
        # Inside a plain table, user objects are only named, whatever they are.
        self.assertIn("dicts", self.page([Keys(a=1)])["error"])
        self.assertIn("lists", self.page({"a": Hangs([1])})["error"])
        self.assertEqual(self.page({"a": [Hangs([1])]})["rows"], [["<Hangs>"]])
        self.assertFalse(called.is_set())

    def test_labels_that_are_not_plain_values_are_named(self):
        called = threading.Event()

        class Key:
            def __str__(self):
                called.set()
                return "never"

            def __hash__(self):
                return 1

        frame = pd.DataFrame({Key(): [1], ("a", "b"): [2]}, index=[Key()])
        reply = self.page(frame)
        self.assertEqual(
            [column["name"] for column in reply["columns"]], ["<Key>", "a / b"]
        )
        self.assertEqual(reply["index"], ["<Key>"])
        self.assertIn("keys", self.page([{Key(): 1}])["error"])
        self.assertFalse(called.is_set())

    def test_side_requests_route_pages_and_code_intelligence(self):
        handler = side.SideRequests({"df": pd.DataFrame({"a": [1]})}, log=self.fail)
        self.assertEqual(handler.handle(request("df"))["rows"], [[1]])
        reply = handler.handle(
            {
                "type": "complete",
                "id": 8,
                "code": "df.",
                "line": 1,
                "column": 3,
                "source": "live",
                "path": "",
            }
        )
        self.assertEqual(reply["type"], "completions")


if __name__ == "__main__":
    unittest.main()
