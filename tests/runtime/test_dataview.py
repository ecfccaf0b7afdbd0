"""Pages of table-like variables, as the side thread answers "page" requests."""

import json
import threading
import time
import unittest

import helpers  # noqa: F401  (puts sandpiper_runtime on the path)
import numpy as np
import pandas as pd

from sandpiper_runtime import (
    dataview,
    holding,
    search,
    side,
    summary,
    tableview,
    viewing,
)
from sandpiper_runtime import session as session_module


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

    def test_index_levels_and_names(self):
        frame = pd.DataFrame(
            {"v": [1, 2, 3]},
            index=pd.MultiIndex.from_tuples(
                [("Oslo", 2024), ("Oslo", 2025), ("Rome", 2024)], names=["city", None]
            ),
        )
        reply = self.page(frame, row_start=1)
        self.assertEqual(reply["indexNames"], ["city", ""])
        self.assertEqual(reply["index"], ["Oslo", "2025", "Rome", "2024"])  # row by row
        named = self.page(pd.Series([1], index=pd.Index(["a"], name="key")))
        self.assertEqual((named["indexNames"], named["index"]), (["key"], ["a"]))
        self.assertNotIn("indexNames", self.page(pd.DataFrame({"v": [1]})))
        # Past MaxIndexLevels, one level of joined labels.
        deep = pd.DataFrame(
            {"v": [1]},
            index=pd.MultiIndex.from_tuples(
                [tuple(range(dataview.MAX_INDEX_LEVELS + 1))]
            ),
        )
        reply = self.page(deep)
        self.assertNotIn("indexNames", reply)
        self.assertEqual(reply["index"], [" / ".join(str(i) for i in range(17))])

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

        # An object that claims another class through __class__ is not asked for it.
        class Pretends:
            @property
            def __class__(self):
                called.set()
                return dict

        self.assertIn("is not a table", self.page(Pretends())["error"])
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


def view_request(name, sort=None, filter_=None, **window):
    message = request(name, **window)
    if sort is not None:
        message["sort"] = sort
    if filter_ is not None:
        message["filter"] = filter_
    return message


class ViewTest(unittest.TestCase):
    """Sorted and filtered views: computed in the engine, never changing the object."""

    def setUp(self):
        self.frame = pd.DataFrame(
            {
                "x": [3.0, np.nan, 1.0, 2.0, 1.0],
                "s": ["pear", "apple", None, "fig", "apple pie"],
                "t": pd.to_datetime(
                    ["2024-01-03", "2024-01-01", None, "2024-01-02", "2024-01-05"]
                ),
            },
            index=["a", "b", "c", "d", "e"],
        )
        self.namespace = {"df": self.frame}
        self.views = tableview.Views()
        self.before = self.frame.copy()

    def tearDown(self):
        pd.testing.assert_frame_equal(self.frame, self.before)  # never changed

    def reply(self, sort=None, filter_=None, **window):
        reply = dataview.page_reply(
            self.namespace, view_request("df", sort, filter_, **window), self.views
        )
        self.assertEqual(reply["type"], "rows")
        return reply

    def test_sort_keeps_nan_last_and_labels_of_the_object(self):
        reply = self.reply(sort=[{"column": 0, "ascending": True}])
        self.assertEqual(reply["index"], ["c", "e", "d", "a", "b"])
        self.assertEqual([row[0] for row in reply["rows"]], [1.0, 1.0, 2.0, 3.0, None])
        down = self.reply(sort=[{"column": 0, "ascending": False}])
        self.assertEqual(down["index"], ["a", "d", "c", "e", "b"])  # NaN last both ways

    def test_sort_by_two_keys_and_a_window_of_the_view(self):
        reply = self.reply(
            sort=[{"column": 0, "ascending": True}, {"column": 1, "ascending": False}],
            row_start=1,
            row_count=2,
        )
        self.assertEqual(reply["rowStart"], 1)
        self.assertEqual(reply["index"], ["c", "d"])

    def test_filters(self):
        def rows(*conditions, all_=True):
            reply = self.reply(filter_={"all": all_, "conditions": list(conditions)})
            self.assertEqual(reply["error"], "")
            self.assertEqual(reply["sourceRows"], 5)
            return reply["index"]

        cond = lambda column, op, *values: {  # noqa: E731
            "column": column,
            "op": op,
            "values": list(values),
        }
        self.assertEqual(rows(cond(0, "gt", 1.5)), ["a", "d"])
        self.assertEqual(rows(cond(0, "between", 1, 2)), ["c", "d", "e"])
        self.assertEqual(rows(cond(0, "isnull")), ["b"])
        self.assertEqual(rows(cond(1, "notnull"), cond(0, "eq", 1)), ["e"])
        self.assertEqual(rows(cond(1, "contains", "apple")), ["b", "e"])
        self.assertEqual(rows(cond(1, "startswith", "p")), ["a"])
        self.assertEqual(rows(cond(1, "endswith", "pie")), ["e"])
        self.assertEqual(rows(cond(1, "regex", "^(fig|pear)$")), ["a", "d"])
        self.assertEqual(rows(cond(1, "in", "fig", "pear", 5)), ["a", "d"])
        self.assertEqual(rows(cond(2, "ge", "2024-01-03")), ["a", "e"])
        self.assertEqual(
            rows(cond(0, "eq", 3), cond(0, "isnull"), all_=False), ["a", "b"]
        )
        self.assertEqual(rows(cond(0, "gt", 100)), [])

    def test_filter_then_sort(self):
        reply = self.reply(
            sort=[{"column": 2, "ascending": False}],
            filter_={
                "all": True,
                "conditions": [{"column": 1, "op": "notnull", "values": []}],
            },
        )
        self.assertEqual(reply["index"], ["e", "a", "d", "b"])
        self.assertEqual((reply["totalRows"], reply["sourceRows"]), (4, 5))

    def test_bad_conditions_say_why(self):
        def error(*conditions):
            return self.reply(filter_={"all": True, "conditions": list(conditions)})[
                "error"
            ]

        self.assertIn(
            "not a regular expression",
            error({"column": 1, "op": "regex", "values": ["("]}),
        )
        self.assertIn(
            "not a date", error({"column": 2, "op": "gt", "values": ["soon"]})
        )
        self.assertIn(
            "cannot be compared", error({"column": 1, "op": "lt", "values": [3]})
        )
        self.assertIn("no column 9", error({"column": 9, "op": "isnull", "values": []}))

    def test_mixed_objects_sort_without_running_user_code(self):
        called = threading.Event()

        class Loud:
            def __lt__(self, other):
                called.set()
                return True

            __gt__ = __le__ = __ge__ = __lt__

            def __eq__(self, other):
                called.set()
                return True

            def __hash__(self):
                called.set()
                return 1

            def __str__(self):
                called.set()
                return "loud"

        self.namespace["m"] = pd.DataFrame({"m": ["b", 2, Loud(), None, "a", 1.5]})
        reply = dataview.page_reply(
            self.namespace,
            view_request("m", sort=[{"column": 0, "ascending": True}]),
            self.views,
        )
        self.assertEqual(reply["error"], "")
        self.assertEqual(
            [row[0] for row in reply["rows"]], [1.5, 2, "<Loud>", "a", "b", None]
        )
        contains = dataview.page_reply(
            self.namespace,
            view_request(
                "m",
                filter_={
                    "all": True,
                    "conditions": [{"column": 0, "op": "contains", "values": ["ou"]}],
                },
            ),
            self.views,
        )
        self.assertEqual(
            contains["rows"], [["<Loud>"]]
        )  # by the name shown, not by str()
        # Compare and "in" tests on a column of objects never call their methods either.
        self.namespace["o"] = pd.DataFrame({"o": [Loud(), Loud(), "x"]})
        for op, values in (("eq", ["x"]), ("in", ["x", 1]), ("ne", [2])):
            reply = dataview.page_reply(
                self.namespace,
                view_request(
                    "o",
                    sort=[{"column": 0, "ascending": False}],
                    filter_={
                        "all": True,
                        "conditions": [{"column": 0, "op": op, "values": values}],
                    },
                ),
                self.views,
            )
            self.assertEqual(reply["error"], "", op)
        self.assertFalse(called.is_set())

    def test_orders_are_kept_until_a_run(self):
        sort = [{"column": 0, "ascending": True}]
        self.reply(sort=sort)
        self.assertEqual(len(self.views), 1)
        self.reply(sort=sort, row_start=2)
        self.assertEqual(len(self.views), 1)  # the same order served the next page
        tableview.note_run()
        self.reply(sort=sort)
        self.assertEqual(len(self.views), 2)
        for column in range(3):
            for ascending in (True, False):
                self.reply(sort=[{"column": column, "ascending": ascending}])
        self.assertEqual(len(self.views), tableview.KEPT_ORDERS)

    def test_arrays_records_and_columns_sort_too(self):
        for value, expected in (
            (np.array([[3, 0], [1, 1], [2, 2]]), ["1", "2", "0"]),
            ([{"a": 3}, {"a": 1}, {"a": 2}], ["1", "2", "0"]),
            ({"a": [3, 1, 2]}, ["1", "2", "0"]),
            (pd.Series([3, 1, 2]), ["1", "2", "0"]),
        ):
            self.namespace["v"] = value
            reply = dataview.page_reply(
                self.namespace,
                view_request("v", sort=[{"column": 0, "ascending": True}]),
                self.views,
            )
            self.assertEqual(reply["index"], expected, type(value))


class SummaryTest(unittest.TestCase):
    def summary(self, value, column=0):
        reply = summary.summary_reply(
            {"v": value}, {"type": "summarize", "id": 5, "name": "v", "column": column}
        )
        self.assertEqual((reply["type"], reply["id"]), ("summary", 5))
        return reply

    def test_numbers(self):
        frame = pd.DataFrame({"x": [1.0, 2.0, np.nan, 4.0, 4.0]})
        reply = self.summary(frame)
        self.assertEqual(reply["error"], "")
        self.assertEqual((reply["rows"], reply["nulls"], reply["distinct"]), (5, 1, 3))
        stats = dict(reply["stats"])
        self.assertEqual((stats["min"], stats["max"], stats["mean"]), (1.0, 4.0, 2.75))
        self.assertEqual(stats["50%"], 3.0)
        self.assertEqual(sum(reply["counts"]), 4)
        self.assertEqual(len(reply["edges"]), len(reply["counts"]) + 1)
        self.assertEqual(reply["top"][0], ["4.0", 2])

    def test_integer_histograms_give_each_bin_as_many_values(self):
        # 37 distinct integers, each 27 times: bins of 2 values, so every full bin counts 54.
        reply = self.summary(pd.Series(np.arange(999) % 37))
        self.assertEqual(len(reply["counts"]), 19)
        self.assertEqual(set(reply["counts"][:-1]), {54})
        self.assertEqual(reply["counts"][-1], 27)  # 36 alone
        self.assertEqual((reply["edges"][0], reply["edges"][-1]), (-0.5, 37.5))
        # Few values: one bin each, centred on it.
        small = self.summary(pd.Series([3, 4, 4, 6]))
        self.assertEqual(small["edges"], [2.5, 3.5, 4.5, 5.5, 6.5])
        self.assertEqual(small["counts"], [1, 2, 0, 1])

    def test_large_columns_are_sampled_but_extremes_exact(self):
        values = np.arange(3_000_000, dtype=float)
        reply = self.summary(pd.Series(values))
        self.assertEqual(reply["sampled"], summary.SAMPLE_ROWS)
        stats = dict(reply["stats"])
        self.assertEqual((stats["min"], stats["max"]), (0.0, 2_999_999.0))
        self.assertAlmostEqual(stats["50%"], 1_500_000, delta=30_000)
        self.assertEqual(
            sum(reply["counts"]), 3_000_000
        )  # the histogram counts every row

    def test_text_dates_and_objects_without_user_code(self):
        called = threading.Event()

        class Loud:
            def __hash__(self):
                called.set()
                return 1

            def __eq__(self, other):
                called.set()
                return False

        frame = pd.DataFrame(
            {
                "s": ["a", "b", "a", None, Loud()],
                "t": pd.to_datetime(
                    ["2024-01-01", None, "2024-03-01", "2024-02-01", None]
                ),
            }
        )
        text = self.summary(frame, 0)
        self.assertEqual(text["top"][0], ["a", 2])
        self.assertIn(["<Loud>", 1], text["top"])
        self.assertEqual(text["edges"], [])
        dates = self.summary(frame, 1)
        self.assertEqual(dict(dates["stats"])["max"], "2024-03-01T00:00:00")
        self.assertEqual(dates["nulls"], 2)
        self.assertFalse(called.is_set())

    def test_errors(self):
        self.assertIn("no column 3", self.summary(pd.DataFrame({"a": [1]}), 3)["error"])
        self.assertIn("not a table", self.summary(object())["error"])
        self.assertEqual(self.summary(pd.Series([], dtype=float))["rows"], 0)


class ViewingTest(unittest.TestCase):
    """%view and sandpiper.view(): a bundle naming the variable the window shows."""

    def setUp(self):
        self.shown = []
        self.session = session_module.Session(
            publish=lambda data, metadata: self.shown.append(data)
        )
        self.namespace = self.session.namespace

    def names(self):
        return [
            json.loads(data[viewing.VIEW_MIME])["name"]
            for data in self.shown
            if viewing.VIEW_MIME in data
        ]

    def test_view_a_name_an_expression_and_the_magic(self):
        run = self.session.execute
        self.assertEqual(
            run("import pandas as pd\ndf = pd.DataFrame({'a': [1]})")["status"], "ok"
        )
        self.assertEqual(run("sandpiper.view(df)")["status"], "ok")
        self.assertEqual(run("%view df.head()\n%view df")["status"], "ok")
        self.assertEqual(self.names(), ["df", "_view1", "df"])
        self.assertIs(type(self.namespace["_view1"]), pd.DataFrame)
        # Inside a block, and never inside a string of a cell that parses without it.
        self.assertEqual(run("if True:\n    %view df")["status"], "ok")
        self.assertEqual(run("s = '''\n%view df\n'''")["status"], "ok")
        self.assertEqual(self.names(), ["df", "_view1", "df", "df"])
        self.assertEqual(run("%view nothing_here")["status"], "error")


class HoldTest(unittest.TestCase):
    """A viewer's hold keeps showing its object when the name goes elsewhere."""

    def setUp(self):
        self.side = side.SideRequests({"df": pd.DataFrame({"a": [1, 2, 3]})})

    def page(self, hold=5, follow=False, name="df"):
        body = request(name)
        body.update(hold=hold, follow=follow)
        return self.side.handle(body)

    def test_rebound_name_keeps_the_old_object_until_followed(self):
        self.assertEqual(self.page()["rows"], [[1], [2], [3]])
        self.side.namespace["df"] = pd.DataFrame({"a": [9]})
        kept = self.page()
        self.assertEqual((kept["rows"], kept.get("rebound")), ([[1], [2], [3]], True))
        # Without a hold, and for a viewer that follows, the name's object.
        self.assertEqual(self.page(hold=0)["rows"], [[9]])
        followed = self.page(follow=True)
        self.assertEqual((followed["rows"], followed.get("rebound")), ([[9]], None))
        self.assertEqual(self.page()["rows"], [[9]])

    def test_deleted_name_still_shows_and_summarises(self):
        self.page()
        del self.side.namespace["df"]
        kept = self.page()
        self.assertEqual((kept["error"], kept["rebound"]), ("", True))
        summary_reply = self.side.handle(
            {"type": "summarize", "id": 3, "name": "df", "column": 0, "hold": 5}
        )
        self.assertEqual(summary_reply["rows"], 3)
        # Following a deleted name lets go of the old object and says why nothing shows.
        gone = self.page(follow=True)
        self.assertIn("no variable named df", gone["error"])
        self.assertEqual(len(self.side.holds), 0)

    def test_release_lets_go_and_forgets_orders(self):
        body = request("df")
        body.update(hold=5, sort=[{"column": 0, "ascending": False}])
        self.assertEqual(self.side.handle(body)["rows"], [[3], [2], [1]])
        self.assertEqual((len(self.side.holds), len(self.side.views)), (1, 1))
        reply = self.side.handle({"type": "release", "id": 8, "hold": 5})
        self.assertEqual(reply, {"type": "released", "id": 8})
        self.assertEqual((len(self.side.holds), len(self.side.views)), (0, 0))
        # Releasing what is not held is harmless.
        self.assertEqual(
            self.side.handle({"type": "release", "id": 9, "hold": 77})["id"], 9
        )

    def test_only_tables_are_held_and_holds_are_bounded(self):
        self.side.namespace["n"] = 5
        self.assertIn("not a table", self.page(name="n")["error"])
        self.assertEqual(len(self.side.holds), 0)
        limited = side.SideRequests({"df": pd.DataFrame({"a": [1]})})
        limited.holds = holding.Holds(capacity=2)
        for hold in (1, 2):
            body = request("df")
            body["hold"] = hold
            self.assertEqual(limited.handle(body)["error"], "")
        body["hold"] = 3
        self.assertIn("close some", limited.handle(body)["error"])


class FindTest(unittest.TestCase):
    def setUp(self):
        self.frame = pd.DataFrame(
            {
                "n": [1, 22, 3, 7],
                "x": [0.5, 3.14159, np.nan, 2.0],
                "s": ["apple", "Banana", None, "cherry"],
                "t": pd.to_datetime(["2024-01-01", "2024-03-07", None, "2024-12-31"]),
                "b": [True, False, True, False],
                "o": [object(), "x7", 7, None],
            }
        )
        self.side = side.SideRequests({"df": self.frame})

    def find(self, text, start=0, count=None, backward=False, case=False, **view):
        body = {
            "type": "find",
            "id": 4,
            "name": "df",
            "text": text,
            "start": start,
            "count": 24 if count is None else count,
            "backward": backward,
            "matchCase": case,
        }
        body.update(view)
        reply = self.side.handle(body)
        self.assertEqual((reply["type"], reply["id"]), ("found", 4))
        return reply

    def cell(self, reply):
        return (reply["row"], reply["column"]) if reply["found"] else None

    def test_text_numbers_dates_booleans_and_objects(self):
        self.assertEqual(self.cell(self.find("banana")), (1, 2))
        self.assertIsNone(self.cell(self.find("banana", case=True)))
        self.assertEqual(
            self.cell(self.find("3.14")), (1, 1)
        )  # at the text's precision
        self.assertEqual(self.cell(self.find("22")), (1, 0))  # equal, not "contains"
        self.assertEqual(self.cell(self.find("2024-03")), (1, 3))
        self.assertEqual(self.cell(self.find("2024-12-31 00:00")), (3, 3))
        self.assertEqual(self.cell(self.find("false")), (1, 4))
        self.assertEqual(self.cell(self.find("<object>")), (0, 5))  # no user code runs
        self.assertEqual(self.cell(self.find("x7")), (1, 5))

    def test_next_previous_and_round_the_end(self):
        # "7": n=7 at (3, 0), "2024-03-07" at (1, 3), "x7" at (1, 5), 7 at (2, 5).
        first = self.find("7")
        self.assertEqual((self.cell(first), first["scanned"]), ((1, 3), 9))
        self.assertEqual(self.cell(self.find("7", start=10)), (1, 5))
        self.assertEqual(self.cell(self.find("7", start=12)), (2, 5))
        self.assertEqual(self.cell(self.find("7", start=18)), (3, 0))
        self.assertEqual(self.cell(self.find("7", start=19)), (1, 3))  # went round
        self.assertEqual(self.cell(self.find("7", start=8, backward=True)), (3, 0))
        # Only within count positions.
        self.assertIsNone(self.cell(self.find("7", start=19, count=5)))
        self.assertEqual(self.find("7", start=19, count=5)["scanned"], 5)

    def test_in_the_view_order(self):
        sort = [{"column": 0, "ascending": False}]  # rows 22, 7, 3, 1
        self.assertEqual(self.cell(self.find("apple", sort=sort)), (3, 2))
        filter_ = {
            "all": True,
            "conditions": [{"column": 0, "op": "gt", "values": [5]}],
        }
        self.assertIsNone(self.cell(self.find("apple", filter=filter_)))

    def test_a_time_bound_says_how_far_it_got(self):
        big = pd.DataFrame({"s": ["x"] * 300_000, "n": np.arange(300_000)})
        finder = search._Finder(
            dataview.table_of(big), None, search._Query("nothing", False)
        )
        partial = finder.find(0, 600_000, False, deadline=0)  # out of time at once
        self.assertFalse(partial["found"])
        self.assertGreater(partial["scanned"], 0)
        self.assertLess(partial["scanned"], 600_000)
        self.assertEqual(partial["scanned"] % 2, 0)  # whole rows
        # Then on from there, as the window asks.
        rest = finder.find(
            partial["scanned"], 600_000 - partial["scanned"], False, 1e18
        )
        self.assertEqual(partial["scanned"] + rest["scanned"], 600_000)

    def test_bad_requests_answer_with_errors(self):
        self.side.namespace["n"] = 3
        body = {
            "type": "find",
            "id": 4,
            "name": "n",
            "text": "3",
            "start": 0,
            "count": 1,
            "backward": False,
            "matchCase": False,
        }
        self.assertIn("not a table", self.side.handle(body)["error"])
        body["name"] = "missing"
        self.assertIn("no variable", self.side.handle(body)["error"])
        empty = self.find("x", count=0)
        self.assertEqual((empty["found"], empty["error"]), (False, ""))

    def test_wide_tables_are_read_across_within_the_time_bound(self):
        wide = pd.DataFrame(np.arange(20 * 100_000).reshape(20, 100_000))
        self.side.namespace["df"] = wide
        started = time.monotonic()
        partial = self.find("nothing", count=2_000_000)
        self.assertLess(time.monotonic() - started, 2.0)  # one 10^5-cell row at a time
        self.assertFalse(partial["found"])
        self.assertEqual(partial["scanned"] % 100_000, 0)
        found = self.find("1999999", start=1_900_000, count=100_000)
        self.assertEqual(self.cell(found), (19, 99_999))
