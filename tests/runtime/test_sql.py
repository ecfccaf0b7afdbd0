"""sandpiper.sql(): SQL over session frames and workspace files through DuckDB.

The session's DuckDB is made once per process and reaches one workspace: every test works in
a folder of helpers.duckdb_workspace().
"""

import datetime
import os
import shutil
import sys
import tempfile
import unittest

import helpers
import numpy as np
import pandas as pd
from pandas.testing import assert_frame_equal

from sandpiper_runtime import duckdb_database as duck
from sandpiper_runtime import parquet
from sandpiper_runtime import session as session_module
from sandpiper_runtime.sql import SQLError, sql

sales = pd.DataFrame({"region": ["north", "south", "north"], "amount": [10, 20, 30]})


def setUpModule():
    helpers.duckdb_workspace()


def query_from_elsewhere(text):
    """sql() called where neither the locals nor the globals hold the frame."""
    return sql(text)


class SQLTestCase(unittest.TestCase):
    def setUp(self):
        self.saved_cwd = os.getcwd()
        self.folder = helpers.workspace_folder("sql-")
        os.chdir(self.folder)

    def tearDown(self):
        os.chdir(self.saved_cwd)
        shutil.rmtree(self.folder)

    def assertSQLError(self, text, *words, **frames):
        with self.assertRaises(SQLError) as raised:
            sql(text, **frames)
        message = str(raised.exception)
        for word in words:
            self.assertIn(word, message)
        return message


class FramesTest(SQLTestCase):
    def test_a_local_frame(self):
        orders = pd.DataFrame(  # noqa: F841 (the query reads it)
            {"id": [1, 2, 3], "total": [9.5, np.nan, 3.0]}
        )
        result = sql(
            "SELECT id, total * 2 AS double FROM orders WHERE id > 1 ORDER BY id"
        )
        expected = pd.DataFrame({"id": [2, 3], "double": [np.nan, 6.0]})
        assert_frame_equal(result, expected)

    def test_keyword_arguments_come_first(self):
        orders = pd.DataFrame({"n": [1]})  # noqa: F841 (the query reads it)
        result = sql("SELECT n FROM orders", orders=pd.DataFrame({"n": [2]}))
        self.assertEqual(result["n"].tolist(), [2])
        self.assertEqual(sql("SELECT n FROM orders")["n"].tolist(), [1])

    def test_globals_and_the_session_namespace(self):
        result = sql(
            "SELECT region, sum(amount) AS total FROM sales GROUP BY ALL ORDER BY 1"
        )
        self.assertEqual(
            result.to_dict("list"), {"region": ["north", "south"], "total": [40, 20]}
        )
        main = sys.modules["__main__"]
        main.__dict__["from_main"] = pd.DataFrame({"x": ["only in __main__"]})
        try:
            result = query_from_elsewhere("SELECT x FROM from_main")
        finally:
            del main.__dict__["from_main"]
        self.assertEqual(result["x"].tolist(), ["only in __main__"])

    def test_names_that_are_not_frames_stay_unknown(self):
        numbers = [1, 2, 3]
        message = self.assertSQLError(
            "SELECT * FROM numbers", "Catalog Error", "numbers does not exist"
        )
        self.assertIn("LINE 1: SELECT * FROM numbers", message)
        self.assertSQLError("SELECT * FROM no_such_thing", "no_such_thing")
        with self.assertRaisesRegex(TypeError, "numbers is a list"):
            sql("SELECT * FROM numbers", numbers=numbers)
        with self.assertRaisesRegex(TypeError, "a str of SQL"):
            sql(b"SELECT 1")

    def test_series_and_indexes(self):
        prices = pd.Series(  # noqa: F841 (the query reads it)
            [1.5, 2.5], index=pd.Index(["a", "b"], name="item"), name="price"
        )
        result = sql("SELECT item, price FROM prices ORDER BY item")
        self.assertEqual(
            result.to_dict("list"), {"item": ["a", "b"], "price": [1.5, 2.5]}
        )
        unnamed = pd.Series([7, 8])  # noqa: F841 (the query reads it)
        self.assertEqual(list(sql("SELECT * FROM unnamed").columns), ["value"])
        # An unnamed index is left out; a column wins over an index level of its name.
        keyed = pd.DataFrame(  # noqa: F841 (the query reads it)
            {"k": [1, 2], "v": [3, 4]}, index=pd.Index([5, 6], name="k")
        )
        self.assertEqual(
            sql("SELECT * FROM keyed").to_dict("list"), {"k": [1, 2], "v": [3, 4]}
        )
        multi = pd.DataFrame(  # noqa: F841 (the query reads it)
            {"v": [1, 2]},
            index=pd.MultiIndex.from_arrays([["x", "y"], [1, 2]], names=["a", None]),
        )
        self.assertEqual(list(sql("SELECT * FROM multi").columns), ["v", "a"])

    def test_column_dtypes_of_frames(self):
        frame = pd.DataFrame(
            {
                "i": pd.array([1, None], dtype="Int16"),
                "u": np.array([1, 2**64 - 1], dtype=np.uint64),
                "b": [True, False],
                "s": pd.array(["x", None], dtype="string"),
                "o": ["y", None],
                "c": pd.Categorical(["p", None]),
                "t": pd.to_datetime(["2024-01-01 12:00", None]),
                "tz": pd.to_datetime(["2024-01-01 12:00", None]).tz_localize(
                    "Europe/Berlin"
                ),
                "td": pd.to_timedelta(["1s", None]),
                "d": [datetime.date(2024, 2, 29), None],
                "f": np.array([0.5, np.nan], dtype=np.float32),
            }
        )
        types = sql("SELECT * FROM (DESCRIBE SELECT * FROM frame)", frame=frame)
        self.assertEqual(
            dict(zip(types["column_name"], types["column_type"])),
            {
                "i": "SMALLINT",
                "u": "UBIGINT",
                "b": "BOOLEAN",
                "s": "VARCHAR",
                "o": "VARCHAR",
                "c": "VARCHAR",
                "t": "TIMESTAMP_NS",
                "tz": "TIMESTAMP_NS",
                "td": "BIGINT",
                "d": "TIMESTAMP_NS",
                "f": "FLOAT",
            },
        )
        result = sql("SELECT * FROM frame", frame=frame)
        first = result.iloc[0]
        self.assertEqual(first["tz"], pd.Timestamp("2024-01-01 11:00"))  # UTC
        self.assertEqual(first["td"], 1_000_000_000)
        self.assertEqual(first["d"], pd.Timestamp("2024-02-29"))
        self.assertEqual(first["c"], "p")
        nulls = sql(
            "SELECT count(*) FILTER (WHERE f IS NULL) AS n FROM frame", frame=frame
        )
        self.assertEqual(nulls["n"][0], 1)  # NaN is NULL

    def test_names_that_repeat_or_differ_in_case(self):
        frame = pd.DataFrame(  # noqa: F841 (the query reads it)
            [[1, 2, 3]], columns=["a", "A", 7]
        )
        result = sql("SELECT * FROM frame")
        self.assertEqual(list(result.columns), ["a", "A_1", "7"])

    def test_frames_that_cannot_be_scanned(self):
        mixed = pd.DataFrame({"m": ["a", 1]})  # noqa: F841 (the query reads it)
        with self.assertRaisesRegex(
            TypeError, "column 'm' of frame 'mixed' mixes text"
        ):
            sql("SELECT * FROM mixed")
        stacked = pd.DataFrame(  # noqa: F841 (the query reads it)
            [[1]], columns=pd.MultiIndex.from_tuples([("a", "b")])
        )
        with self.assertRaisesRegex(ValueError, "MultiIndex columns"):
            sql("SELECT * FROM stacked")

    def test_a_large_frame(self):
        rows = 100_000
        big = pd.DataFrame(  # noqa: F841 (the query reads it)
            {"k": np.arange(rows) % 7, "x": np.ones(rows)}
        )
        result = sql(
            "SELECT k, sum(x) AS s, count(*) AS n FROM big GROUP BY k ORDER BY k"
        )
        self.assertEqual(result["n"].sum(), rows)
        self.assertEqual(result["s"].sum(), rows)


class ResultsTest(SQLTestCase):
    def test_result_types(self):
        result = sql(
            "SELECT 1::TINYINT AS i8, NULL::INTEGER AS null_int, [1, 2] AS list, "
            "{'a': 1} AS struct, 'x'::ENUM('x', 'y') AS enum, TIMESTAMP_S '2500-01-01' AS far, "
            "TIMESTAMP_MS '2020-01-01' AS ms, TIMESTAMPTZ '2020-01-01 00:00:00+01' AS tz, "
            "gen_random_uuid() IS NOT NULL AS flag, 1.5::DECIMAL(4, 2) AS dec, "
            "INTERVAL 3 HOUR AS span, 'bytes'::BLOB AS raw"
        )
        dtypes = [str(dtype) for dtype in result.dtypes]
        self.assertEqual(
            dtypes,
            [
                "int8",
                "Int32",
                "object",
                "object",
                "category",
                "datetime64[s]",
                "datetime64[ns]",
                "datetime64[ns, UTC]",
                "bool",
                "float64",
                "object",
                "object",
            ],
        )
        row = result.iloc[0]
        self.assertEqual(row["list"], "[1, 2]")
        self.assertEqual(row["struct"], "{'a': 1}")
        self.assertEqual(list(result["enum"].cat.categories), ["x", "y"])
        self.assertEqual(row["tz"], pd.Timestamp("2019-12-31 23:00", tz="UTC"))
        self.assertEqual(row["span"], "03:00:00")
        self.assertEqual(row["raw"], b"bytes")

    def test_an_empty_result_keeps_its_columns(self):
        frame = pd.DataFrame(  # noqa: F841 (the query reads it)
            {"a": [1, 2], "b": ["x", "y"]}
        )
        result = sql("SELECT a, b, a * 1.5 AS c FROM frame WHERE a > 5")
        self.assertEqual(list(result.columns), ["a", "b", "c"])
        self.assertEqual(len(result), 0)
        self.assertEqual(
            [str(dtype) for dtype in result.dtypes], ["int64", "object", "float64"]
        )

    def test_repeated_result_names(self):
        result = sql("SELECT 1 AS a, 2 AS a")
        self.assertEqual(list(result.columns), ["a", "a"])
        self.assertEqual(result.iloc[0].tolist(), [1, 2])

    def test_tables_last_as_long_as_the_session(self):
        sql("CREATE OR REPLACE TABLE kept AS SELECT * FROM range(3) t(n)")
        self.assertEqual(sql("SELECT sum(n) AS s FROM kept")["s"][0], 3)
        sql("DROP TABLE kept")


class ErrorsTest(SQLTestCase):
    def test_syntax_errors_point_at_the_place(self):
        message = self.assertSQLError("SELECT * FORM sales", "Parser Error", "LINE 1:")
        self.assertEqual(
            message,
            'Parser Error: syntax error at or near "sales"\n\n'
            "LINE 1: SELECT * FORM sales\n"
            "                      ^",
        )
        self.assertTrue(issubclass(SQLError, ValueError))
        self.assertSQLError("SELECT nope FROM sales", "Binder Error", "nope", "^")

    def test_prepared_plans_are_refused(self):
        # A kept plan would scan a frame after its buffers are gone.
        sales = pd.DataFrame({"n": [1, 2]})
        self.assertSQLError(
            "PREPARE p AS SELECT * FROM sales", "PREPARE and EXECUTE", sales=sales
        )


class NativeModuleTest(unittest.TestCase):
    """The bridge itself, below sql() and parquet."""

    def test_bad_settings_raise_and_leave_no_half_database(self):
        native = duck.native()
        for _ in range(3):  # each attempt closes what it opened
            with self.assertRaises(native.Error):
                native.Database(
                    threads=1,
                    memory_limit="lots",
                    temp_directory=None,
                    allowed_directories=[tempfile.gettempdir()],
                )

    def test_frames_are_checked_against_their_kind(self):
        native = duck.native()
        db = native.Database(
            threads=1,
            memory_limit=None,
            temp_directory=None,
            allowed_directories=[tempfile.gettempdir()],
        )
        for values in (
            np.array(["2024-01-01"], dtype="datetime64[us]"),  # not nanoseconds
            np.array([1], dtype=">i8"),  # not this machine's byte order
        ):
            with self.assertRaisesRegex(TypeError, "cannot be scanned as TIMESTAMP_NS"):
                db.query(
                    "SELECT * FROM t",
                    lambda name, v=values: [("a", "TIMESTAMP_NS", v, None)],
                )
        stamp = np.array(["2024-01-01"], dtype="datetime64[ns]")
        result = db.query(
            "SELECT * FROM t", lambda name: [("a", "TIMESTAMP_NS", stamp, None)]
        )
        self.assertEqual(result[0][2][0], stamp.astype("int64")[0])


class FilesTest(SQLTestCase):
    def test_workspace_files(self):
        parquet.write(pd.DataFrame({"n": [1, 2, 3]}), "numbers.parquet")
        with open("people.csv", "w") as file:
            file.write("name,age\nAda,36\nAlan,41\n")
        with open("events.json", "w") as file:
            file.write('[{"kind": "click", "seq": 1}, {"kind": "view", "seq": 2}]')
        self.assertEqual(sql("SELECT sum(n) AS s FROM 'numbers.parquet'")["s"][0], 6)
        people = sql("SELECT * FROM read_csv('people.csv') ORDER BY age")
        self.assertEqual(
            people.to_dict("list"), {"name": ["Ada", "Alan"], "age": [36, 41]}
        )
        events = sql("SELECT kind FROM 'events.json' ORDER BY seq")
        self.assertEqual(events["kind"].tolist(), ["click", "view"])
        joined = sql(
            "SELECT p.name, f.n FROM read_csv('people.csv') p, 'numbers.parquet' f "
            "WHERE f.n = 1 ORDER BY p.name"
        )
        self.assertEqual(len(joined), 2)
        sql("COPY (SELECT 42 AS answer) TO 'answer.parquet' (FORMAT parquet)")
        self.assertEqual(parquet.read("answer.parquet")["answer"].tolist(), [42])

    def test_nothing_outside_the_workspace(self):
        outside = tempfile.mkdtemp(prefix="sql-outside-")
        try:
            with open(os.path.join(outside, "secret.csv"), "w") as file:
                file.write("a\n1\n")
            target = os.path.join(outside, "out.parquet")
            refused = {
                "SELECT * FROM read_csv('%s/secret.csv')" % outside: "Permission Error",
                "SELECT * FROM read_csv('../../../%s/secret.csv')" % outside: "",
                "COPY (SELECT 1 AS a) TO '%s' (FORMAT parquet)"
                % target: "Permission Error",
                "ATTACH '%s/other.duckdb' AS other" % outside: "Permission Error",
                "INSTALL httpfs": "Permission Error",
                "LOAD httpfs": "Permission Error",
                "SET enable_external_access = true": "the configuration has been locked",
                "SET allowed_directories = ['/']": "the configuration has been locked",
                "SELECT * FROM read_text('/etc/hostname')": "Permission Error",
            }
            for text, words in refused.items():
                with self.subTest(text):
                    self.assertSQLError(text, words)
            self.assertEqual(sorted(os.listdir(outside)), ["secret.csv"])
        finally:
            shutil.rmtree(outside)


class ModuleTest(SQLTestCase):
    def test_sandpiper_sql_in_a_session(self):
        session = session_module.Session(publish=lambda data, metadata: None)
        result = session.execute(
            "import sandpiper\n"
            "import pandas as pd\n"
            "cities = pd.DataFrame({'name': ['Oslo', 'Lima'], 'people': [0.7, 10.0]})\n"
            "big = sandpiper.sql('SELECT name FROM cities WHERE people > 1')\n"
            "try:\n"
            "    sandpiper.sql('SELEKT 1')\n"
            "except sandpiper.SQLError as error:\n"
            "    caught = str(error)\n"
            "exported = sorted(sandpiper.__all__)\n"
        )
        self.assertEqual(result["status"], "ok", result["error"])
        namespace = session.namespace
        self.assertEqual(namespace["big"]["name"].tolist(), ["Lima"])
        self.assertIn("syntax error", namespace["caught"])
        self.assertEqual(
            namespace["exported"], ["SQLError", "export", "save_plot", "sql", "view"]
        )

    def test_the_workspace_is_the_database_folder(self):
        self.assertEqual(duck.root(), helpers.duckdb_workspace())


if __name__ == "__main__":
    unittest.main()
