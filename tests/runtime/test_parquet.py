"""parquet: DataFrames to Parquet files and back through the session's DuckDB, files from
elsewhere, pandas' read_parquet/to_parquet, and a second reader (hyparquet, in node) that
checks the files written.

The session's DuckDB is made once per process and reaches one workspace: every test works in
a folder of helpers.duckdb_workspace().
"""

import datetime
import errno
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import zoneinfo
from unittest import mock

import helpers
import numpy as np
import pandas as pd
from pandas.testing import assert_frame_equal

from sandpiper_runtime import duckdb_database as duck
from sandpiper_runtime import hooks, parquet
from sandpiper_runtime import session as session_module

HERE = os.path.dirname(os.path.abspath(__file__))


def setUpModule():
    helpers.duckdb_workspace()
    hooks.install()


class ParquetTestCase(unittest.TestCase):
    def setUp(self):
        self.saved_cwd = os.getcwd()
        self.folder = helpers.workspace_folder("parquet-")
        os.chdir(self.folder)

    def tearDown(self):
        os.chdir(self.saved_cwd)
        shutil.rmtree(self.folder)

    def round_trip(self, frame, **options):
        parquet.write(frame, "t.parquet", **options)
        back = parquet.read("t.parquet")
        assert_frame_equal(back, frame)
        return back

    def fields(self, path):
        """[(name, DuckDB type)] of the file's columns, as DuckDB reads them."""
        return parquet.schema(path)

    def leftovers(self, folder="."):
        return sorted(name for name in os.listdir(folder) if name.startswith("."))

    def foreign(self, select, name="f.parquet"):
        """A file written by DuckDB alone, without Sandpiper's metadata."""
        duck.execute("COPY (%s) TO '%s' (FORMAT parquet)" % (select, name))
        return name


class DtypeRoundTripTest(ParquetTestCase):
    def test_numpy_numbers_and_booleans(self):
        frame = pd.DataFrame(
            {
                "i8": np.array([-128, 0, 127], dtype=np.int8),
                "i16": np.array([-32768, 1, 32767], dtype=np.int16),
                "i32": np.array([-(2**31), 2, 2**31 - 1], dtype=np.int32),
                "i64": np.array([-(2**63), 3, 2**63 - 1], dtype=np.int64),
                "u8": np.array([0, 1, 255], dtype=np.uint8),
                "u16": np.array([0, 1, 65535], dtype=np.uint16),
                "u32": np.array([0, 1, 2**32 - 1], dtype=np.uint32),
                "u64": np.array([0, 1, 2**64 - 1], dtype=np.uint64),
                "f16": np.array([0.5, np.nan, 2], dtype=np.float16),
                "f32": np.array([1.5, np.nan, -np.inf], dtype=np.float32),
                "f64": [0.1, np.nan, np.inf],
                "flag": [True, False, True],
            }
        )
        self.round_trip(frame)
        types = dict(self.fields("t.parquet"))
        self.assertEqual(types["u64"], "UBIGINT")
        self.assertEqual(types["i8"], "TINYINT")
        # NaN is stored as NULL.
        nulls = duck.query("SELECT count(*) FROM 't.parquet' WHERE f64 IS NULL")
        self.assertEqual(nulls[0][2][0], 1)

    def test_nullable_dtypes(self):
        frame = pd.DataFrame(
            {
                name: pd.array([1, None, 3], dtype=name)
                for name in (
                    "Int8",
                    "Int16",
                    "Int32",
                    "Int64",
                    "UInt8",
                    "UInt16",
                    "UInt32",
                    "UInt64",
                    "Float32",
                    "Float64",
                )
            }
        )
        frame["boolean"] = pd.array([True, None, False], dtype="boolean")
        frame["string"] = pd.array(["a", None, "ü, \"quoted\" 'x'"], dtype="string")
        frame["all missing"] = pd.array([None, None, None], dtype="Int64")
        back = self.round_trip(frame)
        self.assertIs(back["Int64"][1], pd.NA)

    def test_datetimes_with_and_without_zones(self):
        naive = pd.to_datetime(
            ["2024-03-31 01:30:00.123456789", None, "1999-12-31"], format="ISO8601"
        )
        frame = pd.DataFrame(
            {
                "naive": naive,
                "berlin": naive.tz_localize("Europe/Berlin"),
                "utc": naive.tz_localize("UTC"),
                "tokyo": naive.tz_localize(zoneinfo.ZoneInfo("Asia/Tokyo")),
                "offset": naive.tz_localize(
                    datetime.timezone(datetime.timedelta(hours=-5, minutes=-30))
                ),
            }
        )
        back = self.round_trip(frame)
        self.assertEqual(back["naive"][0].nanosecond, 789)
        # Other programs see UTC nanoseconds.
        self.assertEqual(dict(self.fields("t.parquet"))["berlin"], "TIMESTAMP_NS")
        stored = duck.query("SELECT berlin FROM 't.parquet' LIMIT 1")[0][2][0]
        self.assertEqual(stored, naive[0].tz_localize("Europe/Berlin").value)

    def test_datetime_units_are_kept(self):
        far = np.array(["3000-01-01", "NaT", "1000-06-15"], dtype="datetime64[s]")
        frame = pd.DataFrame(
            {
                "s": pd.Series(far),
                "ms": pd.Series(far.astype("datetime64[ms]")),
                "us": pd.Series(far.astype("datetime64[us]")),
                "us zoned": pd.Series(far.astype("datetime64[us]")).dt.tz_localize(
                    "UTC"
                ),
            }
        )
        back = self.round_trip(frame)
        self.assertEqual(str(back["s"].dtype), "datetime64[s]")
        self.assertEqual(back["s"][0].year, 3000)

    def test_timedeltas(self):
        frame = pd.DataFrame(
            {
                "ns": pd.to_timedelta([1.5, None, -3], unit="s"),
                "s": pd.Series(np.array([1, "NaT", 10**12], dtype="timedelta64[s]")),
            }
        )
        self.round_trip(frame)
        self.assertEqual(dict(self.fields("t.parquet"))["ns"], "BIGINT")

    def test_categoricals_keep_their_categories_and_order(self):
        frame = pd.DataFrame(
            {
                "text": pd.Categorical(
                    ["low", None, "high", "low"],
                    categories=["high", "unused", "low"],
                    ordered=True,
                ),
                "numbers": pd.Categorical([3, 1, None, 3], categories=[3, 2, 1]),
                "empty": pd.Categorical([None] * 4, categories=[]),
                "dates": pd.Categorical(
                    pd.to_datetime(["2020-01-01", None, None, None])
                ),
            }
        )
        back = self.round_trip(frame)
        self.assertEqual(list(back["text"].cat.categories), ["high", "unused", "low"])
        self.assertTrue(back["text"].cat.ordered)
        # Other programs see the values.
        self.assertEqual(dict(self.fields("t.parquet"))["text"], "VARCHAR")

    def test_object_columns_of_text_and_dates(self):
        frame = pd.DataFrame(
            {
                "text": ["a", None, "", "multi\nline \u00e9\u4e2d"],
                "dates": [
                    datetime.date(2024, 2, 29),
                    None,
                    datetime.date(1, 1, 1),
                    datetime.date(9999, 12, 31),
                ],
                "none": [None, None, None, None],
            }
        )
        back = self.round_trip(frame)
        self.assertIsInstance(back["dates"][0], datetime.date)
        self.assertIsNone(back["text"][1])
        self.assertEqual(dict(self.fields("t.parquet"))["dates"], "DATE")

    def test_empty_frame_keeps_its_dtypes(self):
        frame = pd.DataFrame(
            {
                "n": pd.Series([], dtype="int16"),
                "s": pd.Series([], dtype=object),
                "t": pd.Series([], dtype="datetime64[ns]"),
                "c": pd.Categorical([], categories=["a", "b"]),
            }
        )
        self.round_trip(frame)

    def test_a_large_frame(self):
        rows = 100_000
        rng = np.random.default_rng(7)
        frame = pd.DataFrame(
            {
                "id": np.arange(rows),
                "x": rng.normal(size=rows),
                "city": pd.Categorical(rng.choice(["Oslo", "Lima", "Pune"], rows)),
                "name": rng.choice(["ann", "bo", None], rows),
                "when": pd.Timestamp("2024-01-01")
                + pd.to_timedelta(np.arange(rows), unit="min"),
            }
        )
        self.round_trip(frame)


class IndexAndNamesTest(ParquetTestCase):
    def test_a_range_index_is_metadata_only(self):
        frame = pd.DataFrame({"a": [1, 2, 3]})
        self.round_trip(frame)
        self.assertEqual([f for f, _ in self.fields("t.parquet")], ["a"])
        stepped = pd.DataFrame(
            {"a": [1, 2, 3]}, index=pd.RangeIndex(10, 40, 10, name="n")
        )
        back = self.round_trip(stepped)
        self.assertIsInstance(back.index, pd.RangeIndex)
        self.assertEqual(len(self.fields("t.parquet")), 1)

    def test_index_true_and_false(self):
        frame = pd.DataFrame({"a": [1, 2]}, index=pd.RangeIndex(5, 7))
        self.round_trip(frame, index=True)
        self.assertEqual(
            [f for f, _ in self.fields("t.parquet")], ["a", "__index_level_0__"]
        )
        labelled = pd.DataFrame({"a": [1, 2]}, index=pd.Index(["x", "y"], name="k"))
        parquet.write(labelled, "t.parquet", index=False)
        back = parquet.read("t.parquet")
        assert_frame_equal(back, labelled.reset_index(drop=True))
        self.assertEqual([f for f, _ in self.fields("t.parquet")], ["a"])
        with self.assertRaisesRegex(TypeError, "index must be None, True or False"):
            parquet.write(frame, "t.parquet", index="yes")

    def test_index_kinds(self):
        indexes = {
            "named text": pd.Index(["a", "b", "c"], name="key"),
            "unnamed integers": pd.Index([5, 1, 9]),
            "dates": pd.DatetimeIndex(
                ["2020-01-01", "2020-01-02", None], name="day"
            ).tz_localize("UTC"),
            "categorical": pd.CategoricalIndex(["x", "y", "x"], name="cat"),
            "nullable": pd.Index(pd.array([1, None, 3], dtype="Int32"), name="n"),
            "multi": pd.MultiIndex.from_arrays(
                [["a", "a", "b"], [1, 2, 1]], names=["letter", None]
            ),
            "multi unnamed": pd.MultiIndex.from_arrays(
                [[1.5, 2.5, 3.5], ["x", "y", "z"]]
            ),
            "name of a column": pd.Index([7, 8, 9], name="v"),
        }
        for kind, index in indexes.items():
            with self.subTest(kind):
                frame = pd.DataFrame({"v": [1.0, 2.0, 3.0]}, index=index)
                self.round_trip(frame)
        fields = [f for f, _ in self.fields("t.parquet")]
        self.assertEqual(fields, ["v", "__index_level_0__"])
        frame = pd.DataFrame({"v": [1]}, index=pd.Index(["a"], name="key"))
        parquet.write(frame, "t.parquet")
        self.assertEqual([f for f, _ in self.fields("t.parquet")], ["v", "key"])

    def test_column_names_that_are_not_text(self):
        frame = pd.DataFrame(np.arange(6).reshape(2, 3))
        self.round_trip(frame)
        mixed = pd.DataFrame(
            [[1, 2, 3, 4, 5, 6]], columns=["it's", 2, 2.5, True, None, 'say "hi"']
        )
        mixed.columns.name = "what"
        self.round_trip(mixed)
        dated = pd.DataFrame(
            [[1, 2]], columns=pd.to_datetime(["2024-01-01", "2024-02-01"])
        )
        self.round_trip(dated)

    def test_names_that_differ_only_in_case(self):
        frame = pd.DataFrame(
            {"a": [1], "A": [2], "b": [3]}, index=pd.Index([0], name="B")
        )
        self.round_trip(frame)
        # DuckDB tells such names apart with a suffix; the metadata keeps the real ones.
        self.assertEqual(
            [f for f, _ in self.fields("t.parquet")], ["a", "A_1", "b", "B_1"]
        )

    def test_columns_selects_and_orders(self):
        frame = pd.DataFrame(
            {"a": [1, 2], "b": ["x", "y"], 3: [0.5, 1.5]},
            index=pd.Index(["r", "s"], name="row"),
        )
        parquet.write(frame, "t.parquet")
        back = parquet.read("t.parquet", columns=[3, "a"])
        assert_frame_equal(back, frame[[3, "a"]])
        back = parquet.read("t.parquet", columns=[])
        assert_frame_equal(back, frame[[]])
        with self.assertRaises(KeyError) as raised:
            parquet.read("t.parquet", columns=["a", "nope"])
        self.assertEqual(
            str(raised.exception),
            "'t.parquet' has no column 'nope'; its columns are a, b, 3",
        )
        with self.assertRaisesRegex(TypeError, "columns must be a list"):
            parquet.read("t.parquet", columns="a")

    def test_limit_reads_the_first_rows(self):
        frame = pd.DataFrame({"a": range(10)}, index=pd.RangeIndex(100, 110))
        parquet.write(frame, "t.parquet")
        assert_frame_equal(parquet.read("t.parquet", limit=3), frame.iloc[:3])
        assert_frame_equal(
            parquet.read("t.parquet", columns=[], limit=3), frame.iloc[:3, :0]
        )


class FilesTest(ParquetTestCase):
    def test_compressions(self):
        # Distinct values (no dictionary) whose text repeats: only a codec makes it small.
        words = "the same words again and again, line after line"
        frame = pd.DataFrame({"text": ["%06d %s" % (n, words) for n in range(20_000)]})
        sizes = {}
        for compression in ("zstd", "snappy", "gzip", "brotli", "lz4", None, "none"):
            with self.subTest(compression=compression):
                name = "%s.parquet" % compression
                parquet.write(frame, name, compression=compression)
                assert_frame_equal(parquet.read(name), frame)
                sizes[compression] = os.path.getsize(name)
                codec = duck.query(
                    "SELECT DISTINCT compression FROM parquet_metadata('%s')" % name
                )[0][2].tolist()
                expected = {
                    None: "UNCOMPRESSED",
                    "none": "UNCOMPRESSED",
                    "lz4": "LZ4_RAW",
                }
                self.assertEqual(
                    codec, [expected.get(compression, str(compression).upper())]
                )
        self.assertLess(sizes["zstd"] * 5, sizes[None])
        with self.assertRaisesRegex(ValueError, "compression must be one of"):
            parquet.write(frame, "x.parquet", compression="lzo")
        self.assertEqual(self.leftovers(), [])

    def test_bytes_and_file_objects(self):
        frame = pd.DataFrame({"a": [1, 2], "b": ["x", None]})
        data = parquet.write(frame)
        self.assertIsInstance(data, bytes)
        self.assertTrue(data.startswith(b"PAR1") and data.endswith(b"PAR1"))
        assert_frame_equal(parquet.read(io.BytesIO(data)), frame)
        buffer = io.BytesIO()
        self.assertIsNone(parquet.write(frame, buffer, compression="snappy"))
        assert_frame_equal(parquet.read(io.BytesIO(buffer.getvalue())), frame)
        with open("on-disk.parquet", "wb") as file:
            parquet.write(frame, file)
        with open("on-disk.parquet", "rb") as file:
            assert_frame_equal(parquet.read(file), frame)
        self.assertEqual(self.leftovers(helpers.duckdb_workspace()), [])

    def test_paths_outside_the_workspace_and_with_glob_characters(self):
        outside = tempfile.mkdtemp(prefix="parquet-outside-")
        try:
            frame = pd.DataFrame({"a": [1, 2]})
            for path in (
                os.path.join(outside, "x.parquet"),
                "data[1] *?.parquet",
                'it\'s "quoted".parquet',
                os.path.join(outside, "y[2].parquet"),
            ):
                with self.subTest(path=path):
                    parquet.write(frame, path)
                    assert_frame_equal(parquet.read(path), frame)
                    assert_frame_equal(pd.read_parquet(path), frame)
            self.assertEqual(self.leftovers(outside), [])
            self.assertEqual(self.leftovers(helpers.duckdb_workspace()), [])
        finally:
            shutil.rmtree(outside)

    def test_replacing_keeps_the_mode_and_path_forms(self):
        import pathlib

        parquet.write(pd.DataFrame({"a": [1]}), pathlib.Path("m.parquet"))
        os.chmod("m.parquet", 0o640)
        parquet.write(pd.DataFrame({"a": [2]}), "m.parquet")
        self.assertEqual(stat.S_IMODE(os.stat("m.parquet").st_mode), 0o640)
        assert_frame_equal(
            parquet.read(pathlib.Path("m.parquet")), pd.DataFrame({"a": [2]})
        )
        self.assertEqual(self.leftovers(), [])

    def test_an_interrupt_or_a_full_disk_keeps_the_old_file(self):
        parquet.write(pd.DataFrame({"a": [1, 2]}), "keep.parquet")
        with open("keep.parquet", "rb") as file:
            before = file.read()
        full = duck.error_class()(
            'IO Error: Could not write file "x": No space left on device'
        )
        for error, expected in (
            (KeyboardInterrupt(), KeyboardInterrupt),
            (full, OSError),
        ):

            def half_written(sql, frames=None):
                target = re.search(r"\) TO '([^']*)'", sql).group(1)
                with open(target, "wb") as file:
                    file.write(b"PAR1 half")
                raise error

            with self.subTest(expected=expected.__name__):
                with mock.patch.object(duck, "execute", half_written):
                    for name in ("keep.parquet", "new.parquet"):
                        with self.assertRaises(expected) as raised:
                            parquet.write(pd.DataFrame({"a": [3]}), name)
                with open("keep.parquet", "rb") as file:
                    self.assertEqual(file.read(), before)
                self.assertEqual(os.listdir("."), ["keep.parquet"])
        self.assertEqual(raised.exception.errno, errno.ENOSPC)
        self.assertIn("new.parquet", str(raised.exception))
        self.assertEqual(self.leftovers(helpers.duckdb_workspace()), [])

    def test_a_folder_and_a_missing_file(self):
        os.mkdir("folder.parquet")
        with self.assertRaisesRegex(IsADirectoryError, "is a folder"):
            parquet.write(pd.DataFrame({"a": [1]}), "folder.parquet")
        with self.assertRaisesRegex(IsADirectoryError, "SELECT \\* FROM"):
            parquet.read("folder.parquet")
        with self.assertRaises(FileNotFoundError) as raised:
            parquet.read("missing.parquet")
        self.assertIn("missing.parquet", str(raised.exception))
        with self.assertRaises(FileNotFoundError):
            parquet.write(pd.DataFrame({"a": [1]}), "no/such/folder/x.parquet")
        with self.assertRaisesRegex(NotImplementedError, "local files only"):
            parquet.read("s3://bucket/x.parquet")


class ErrorTest(ParquetTestCase):
    def assertRefused(self, frame, error, *words):
        with self.assertRaises(error) as raised:
            parquet.write(frame, "bad.parquet")
        message = str(raised.exception)
        for word in words:
            self.assertIn(word, message)
        self.assertEqual(os.listdir("."), [])
        return message

    def test_duplicate_column_names(self):
        frame = pd.DataFrame([[1, 2, 3]], columns=["a", "b", "a"])
        self.assertRefused(frame, ValueError, "two columns of one name: 'a'")
        frame = pd.DataFrame([[1, 2]], columns=[1, "1"])
        self.assertRefused(frame, ValueError, "'1'")

    def test_a_hundred_thousand_columns_are_refused_at_once(self):
        frame = pd.DataFrame(np.zeros((2, 10**5)))
        began = time.monotonic()
        self.assertRefused(
            frame, ValueError, "100,000 columns", "at most 10,000", "frame.T"
        )
        self.assertLess(time.monotonic() - began, 10)
        # The limit itself still writes and reads back.
        frame = pd.DataFrame(np.zeros((2, parquet.MAX_COLUMNS)))
        frame.columns = frame.columns.astype(str)
        parquet.write(frame, "wide.parquet")
        assert_frame_equal(parquet.read("wide.parquet"), frame)

    def test_object_columns_of_mixed_values(self):
        frame = pd.DataFrame({"ok": [1, 2, 3], "mixed": ["a", None, 5]})
        message = self.assertRefused(
            frame, TypeError, "column 'mixed'", "row 2", "an int (5)"
        )
        self.assertEqual(
            message,
            "column 'mixed' mixes text with other values: row 2 holds an int (5); a "
            "Parquet column holds one type, so convert it first, e.g. with .astype(str)",
        )
        frame = pd.DataFrame({"lists": [None, [1, 2]]})
        self.assertRefused(frame, TypeError, "column 'lists'", "list values (row 1")
        frame = pd.DataFrame({"d": [datetime.date(2020, 1, 1), "2020-01-02"]})
        self.assertRefused(frame, TypeError, "mixes dates", "row 1 holds a str")
        frame = pd.DataFrame({"raw": [b"\x00", b"x"]})
        self.assertRefused(
            frame, TypeError, "column 'raw' is an object column of bytes"
        )

    def test_multiindex_columns(self):
        frame = pd.DataFrame(
            [[1, 2]], columns=pd.MultiIndex.from_tuples([("a", 1), ("a", 2)])
        )
        self.assertRefused(frame, ValueError, "MultiIndex columns", "flatten")

    def test_unsupported_dtypes(self):
        columns = {
            "complex": pd.Series([1 + 2j]),
            "period": pd.Series(pd.period_range("2020-01", periods=1, freq="M")),
            "interval": pd.Series(pd.interval_range(0, 1)),
            "sparse": pd.Series(pd.arrays.SparseArray([0, 1])).head(1),
        }
        for name, column in columns.items():
            with self.subTest(name):
                frame = pd.DataFrame({name: column})
                self.assertRefused(
                    frame, TypeError, "column %r has dtype %s" % (name, column.dtype)
                )

    def test_not_a_frame_and_no_columns(self):
        self.assertRefused(pd.Series([1]), TypeError, "series.to_frame()")
        self.assertRefused(pd.DataFrame(index=range(3)), ValueError, "without columns")

    def test_files_that_are_not_parquet(self):
        with open("text.parquet", "w") as file:
            file.write("a,b\n1,2\n")
        with open("magic.parquet", "wb") as file:
            file.write(b"PAR1" + bytes(range(64)) + b"PAR1")
        parquet.write(pd.DataFrame({"a": range(1000)}), "whole.parquet")
        with open("whole.parquet", "rb") as file:
            data = file.read()
        with open("truncated.parquet", "wb") as file:
            file.write(data[: len(data) // 2])
        with open("empty.parquet", "wb") as file:
            pass
        for name in (
            "text.parquet",
            "magic.parquet",
            "truncated.parquet",
            "empty.parquet",
        ):
            with self.subTest(name):
                with self.assertRaises(ValueError) as raised:
                    parquet.read(name)
                message = str(raised.exception)
                self.assertTrue(
                    message.startswith("cannot read %r as Parquet: " % name), message
                )
                self.assertNotIn("LINE 1", message)
                self.assertEqual(message.count("\n"), 0, message)
        with self.assertRaises(ValueError) as raised:
            parquet.read(io.BytesIO(b"not parquet at all"))
        self.assertIn("cannot read 'the file object' as Parquet", str(raised.exception))


class ForeignFilesTest(ParquetTestCase):
    def test_types_of_files_from_elsewhere(self):
        self.foreign(
            "SELECT * FROM (VALUES "
            "(1, 10::INTEGER, 1.5, 'a', true, TIMESTAMP '2024-01-02 03:04:05.123456', "
            "TIMESTAMPTZ '2024-01-02 03:04:05+02', DATE '2024-02-29', TIME '12:34:56.5', "
            "'\\x00\\xff'::BLOB, 12.34::DECIMAL(10,2), 2::TINYINT, 255::UTINYINT, "
            "170141183460469231731687303715884105727::HUGEINT, 1.25::FLOAT), "
            "(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 3, 0, 0, 2.5)"
            ") t(id, n, x, s, b, ts, tz, d, tm, bl, dec, small, tiny, huge, f)"
        )
        frame = parquet.read("f.parquet")
        dtypes = {name: str(dtype) for name, dtype in frame.dtypes.items()}
        self.assertEqual(
            dtypes,
            {
                "id": "int32",
                "n": "Int32",
                "x": "float64",
                "s": "object",
                "b": "boolean",
                "ts": "datetime64[ns]",
                "tz": "datetime64[ns, UTC]",
                "d": "datetime64[ns]",
                "tm": "object",
                "bl": "object",
                "dec": "float64",
                "small": "int8",
                "tiny": "uint8",
                "huge": "float64",
                "f": "float32",
            },
        )
        first = frame.iloc[0]
        self.assertEqual(first["ts"], pd.Timestamp("2024-01-02 03:04:05.123456"))
        self.assertEqual(first["tz"], pd.Timestamp("2024-01-02 01:04:05", tz="UTC"))
        self.assertEqual(first["d"], pd.Timestamp("2024-02-29"))
        self.assertEqual(first["tm"], datetime.time(12, 34, 56, 500000))
        self.assertEqual(first["bl"], b"\x00\xff")
        self.assertEqual(first["dec"], 12.34)
        self.assertEqual(first["huge"], float(2**127 - 1))
        second = frame.iloc[1]
        self.assertIs(second["n"], pd.NA)
        self.assertTrue(np.isnan(second["x"]))
        self.assertIsNone(second["s"])
        self.assertIs(second["b"], pd.NA)
        self.assertIs(second["ts"], pd.NaT)
        self.assertIsNone(second["tm"])
        self.assertIsNone(second["bl"])
        self.assertIsInstance(frame.index, pd.RangeIndex)

    def test_nested_and_other_types_come_as_text(self):
        self.foreign(
            "SELECT [1, 2] AS l, {'k': 'v'} AS st, MAP {'a': 1} AS m, "
            "'6ba7b810-9dad-11d1-80b4-00c04fd430c8'::UUID AS u, INTERVAL 2 DAY AS i, "
            "NULL::INTEGER[] AS nl"
        )
        frame = parquet.read("f.parquet")
        self.assertEqual(
            frame.iloc[0].tolist(),
            [
                "[1, 2]",
                "{'k': v}",
                "{a=1}",
                "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
                "2 days",
                None,
            ],
        )

    def test_dates_and_times_beyond_nanoseconds(self):
        self.foreign(
            "SELECT DATE '0001-01-01' AS d, TIMESTAMP '9999-12-31 23:59:59' AS t, "
            "TIMESTAMP_MS '1500-01-01' AS ms, TIMESTAMP_S '2500-01-01' AS s"
        )
        frame = parquet.read("f.parquet")
        # DuckDB reads Parquet's milliseconds and seconds as microseconds (TIMESTAMP).
        self.assertEqual(
            [str(dtype) for dtype in frame.dtypes],
            ["datetime64[s]", "datetime64[us]", "datetime64[us]", "datetime64[us]"],
        )
        self.assertEqual(frame["d"][0], pd.Timestamp("0001-01-01"))
        self.assertEqual(frame["s"][0], pd.Timestamp("2500-01-01"))

    def test_metadata_that_does_not_match_is_ignored(self):
        meta = json.dumps({"version": 1, "columns": [{"field": "zz", "name": "zz"}]})
        duck.execute(
            "COPY (SELECT 1 AS a) TO 'f.parquet' (FORMAT parquet, "
            "KV_METADATA {sandpiper: '%s'})" % meta
        )
        assert_frame_equal(
            parquet.read("f.parquet"), pd.DataFrame({"a": np.int32([1])})
        )
        duck.execute(
            "COPY (SELECT 1 AS a) TO 'g.parquet' (FORMAT parquet, "
            "KV_METADATA {sandpiper: 'not json'})"
        )
        assert_frame_equal(
            parquet.read("g.parquet"), pd.DataFrame({"a": np.int32([1])})
        )

    def test_duplicate_names_in_a_file(self):
        duck.execute(
            "COPY (SELECT 1 AS a, 'x' AS \"A\") TO 'f.parquet' (FORMAT parquet)"
        )
        frame = parquet.read("f.parquet")
        self.assertEqual(list(frame.columns), ["a", "A_1"])
        self.assertEqual(frame.iloc[0].tolist(), [1, "x"])


class PandasEngineTest(ParquetTestCase):
    def test_read_parquet_and_to_parquet(self):
        frame = pd.DataFrame(
            {"a": [1, None], "b": ["x", None], "c": pd.Categorical(["u", "v"])},
            index=pd.Index([3, 4], name="k"),
        )
        frame.to_parquet("p.parquet")
        assert_frame_equal(pd.read_parquet("p.parquet"), frame)
        assert_frame_equal(
            pd.read_parquet("p.parquet", engine="duckdb", columns=["b"]), frame[["b"]]
        )
        frame.to_parquet("q.parquet", engine="duckdb", compression="zstd", index=False)
        assert_frame_equal(pd.read_parquet("q.parquet"), frame.reset_index(drop=True))
        data = frame.to_parquet()
        assert_frame_equal(pd.read_parquet(io.BytesIO(data)), frame)
        series = pd.Series([1.5, 2.5], name="s")
        series.to_frame().to_parquet("s.parquet", compression=None)
        assert_frame_equal(pd.read_parquet("s.parquet"), series.to_frame())

    def test_get_engine(self):
        from pandas.io import parquet as pandas_parquet

        self.assertIsInstance(pandas_parquet.get_engine("auto"), parquet.PandasEngine)
        self.assertIsInstance(pandas_parquet.get_engine("duckdb"), parquet.PandasEngine)
        # Asked for by name, pandas' own engines say they are missing.
        with self.assertRaises(ImportError) as raised:
            pd.DataFrame({"a": [1]}).to_parquet("x.parquet", engine="pyarrow")
        self.assertIn("pyarrow", str(raised.exception))
        with self.assertRaises(ImportError):
            pd.read_parquet("x.parquet", engine="fastparquet")
        self.assertEqual(os.listdir("."), [])
        wrapped = pandas_parquet.get_engine
        parquet.install_pandas_engine(pd)  # a second install changes nothing
        self.assertIs(pandas_parquet.get_engine, wrapped)

    def test_auto_prefers_an_installed_engine(self):
        from pandas.io import parquet as pandas_parquet

        installed = object()
        saved = pandas_parquet.get_engine
        try:
            pandas_parquet.get_engine = (
                lambda name: installed
            )  # as if pyarrow were there
            parquet.install_pandas_engine(pd)
            self.assertIs(pandas_parquet.get_engine("auto"), installed)
            self.assertIs(pandas_parquet.get_engine("pyarrow"), installed)
            self.assertIsInstance(
                pandas_parquet.get_engine("duckdb"), parquet.PandasEngine
            )
        finally:
            pandas_parquet.get_engine = saved

    def test_unsupported_arguments(self):
        frame = pd.DataFrame({"a": [1, 2]})
        frame.to_parquet("x.parquet")
        calls = (
            lambda: frame.to_parquet("y", partition_cols=["a"]),
            lambda: frame.to_parquet("y.parquet", storage_options={"anon": True}),
            lambda: frame.to_parquet("y.parquet", row_group_size=10),
            lambda: pd.read_parquet("x.parquet", filters=[("a", ">", 1)]),
            lambda: pd.read_parquet("x.parquet", filesystem=object()),
            lambda: pd.read_parquet("x.parquet", dtype_backend="pyarrow"),
        )
        for call in calls:
            with self.assertRaises(NotImplementedError) as raised:
                call()
            self.assertNotIn("\n", str(raised.exception))
        self.assertEqual(sorted(os.listdir(".")), ["x.parquet"])

    def test_numpy_nullable_backend(self):
        frame = pd.DataFrame(
            {"i": [1, 2], "f": [0.5, None], "b": [True, False], "s": ["x", None]}
        )
        frame.to_parquet("x.parquet")
        back = pd.read_parquet("x.parquet", dtype_backend="numpy_nullable")
        self.assertEqual(
            [str(dtype) for dtype in back.dtypes],
            ["Int64", "Float64", "boolean", "string"],
        )

    def test_in_a_session(self):
        session = session_module.Session(publish=lambda data, metadata: None)
        result = session.execute(
            "import pandas as pd\n"
            "df = pd.DataFrame({'a': [1, 2]}, index=pd.Index(['x', 'y'], name='k'))\n"
            "df.to_parquet('session.parquet')\n"
            "back = pd.read_parquet('session.parquet')\n"
        )
        self.assertEqual(result["status"], "ok", result["error"])
        assert_frame_equal(session.namespace["back"], session.namespace["df"])


class SecondReaderTest(ParquetTestCase):
    """hyparquet, a reader that shares nothing with DuckDB, reads what write() wrote."""

    def read_with_node(self, path):
        modules = os.environ.get("SANDPIPER_NPM_MODULES")
        if not modules:
            self.fail(
                "SANDPIPER_NPM_MODULES is not set: run the tests through installer/sandpiper, "
                "which downloads hyparquet into that folder"
            )
        node = shutil.which("node")
        if node is None:
            self.fail("node is not installed: the toolbox's package list has nodejs")
        done = subprocess.run(
            [node, os.path.join(HERE, "read_parquet.mjs"), path],
            capture_output=True,
            text=True,
            env=dict(os.environ, NODE_PATH=modules),
            timeout=60,
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        return json.loads(done.stdout)

    def test_zstd_and_snappy_files(self):
        frame = pd.DataFrame(
            {
                "n": [1, -2, 3_000_000_000],
                "x": [0.25, np.nan, -1e300],
                "text": ["plain", None, "\u00e9t\u00e9 \u4e2d\u6587"],
                "flag": [True, False, True],
                "when": pd.to_datetime(
                    ["2024-01-02 03:04:05.678", None, "1970-01-01"], format="ISO8601"
                ),
            }
        )
        expected = {
            "columns": ["n", "x", "text", "flag", "when"],
            "rows": [
                [1, 0.25, "plain", True, "2024-01-02T03:04:05.678Z"],
                [-2, None, None, False, None],
                [
                    3_000_000_000,
                    -1e300,
                    "\u00e9t\u00e9 \u4e2d\u6587",
                    True,
                    "1970-01-01T00:00:00.000Z",
                ],
            ],
        }
        for compression in ("zstd", "snappy"):
            with self.subTest(compression=compression):
                name = "%s.parquet" % compression
                parquet.write(frame, name, compression=compression)
                self.assertEqual(self.read_with_node(name), expected)


class DatabaseTest(ParquetTestCase):
    def test_settings_from_the_environment(self):
        cpus = duck._cpu_count()
        settings = duck.settings(
            {
                "SANDPIPER_WORKSPACE": "/work/space",
                "SANDPIPER_MEMORY_BYTES": "2000000000",
                "SANDPIPER_PROCESSES": "1",
            }
        )
        self.assertEqual(
            settings,
            {
                "threads": 1,
                "memory_limit": "1000MB",
                "temp_directory": "/work/space/.sandpiper-duckdb",
                "allowed_directories": ["/work/space"],
            },
        )
        settings = duck.settings({"SANDPIPER_MEMORY_BYTES": "0"})
        self.assertEqual(settings["threads"], cpus)
        self.assertIsNone(settings["memory_limit"])
        self.assertEqual(settings["allowed_directories"], [os.getcwd()])
        self.assertEqual(
            duck.settings({"SANDPIPER_PROCESSES": "500"})["threads"], min(cpus, 500)
        )

    def test_the_database_reaches_the_workspace(self):
        self.assertEqual(duck.root(), helpers.duckdb_workspace())
        self.assertTrue(duck.inside(os.path.join(self.folder, "x.parquet")))
        self.assertFalse(duck.inside(helpers.duckdb_workspace() + "-other/x"))
        setting = duck.query("SELECT current_setting('TimeZone')")[0][2][0]
        self.assertEqual(setting, "UTC")

    def test_without_the_native_module(self):
        with mock.patch.dict(sys.modules, {"sandpiper_duckdb": None}):
            with self.assertRaises(ImportError) as raised:
                duck.native()
        self.assertIsInstance(raised.exception, duck.DuckDBUnavailableError)
        self.assertTrue(
            str(raised.exception).startswith(
                "Parquet and SQL need DuckDB, which this engine could not load: "
            )
        )

    def test_calls_from_threads_take_turns(self):
        errors = []

        def work():
            try:
                for number in range(20):
                    result = duck.query("SELECT %d AS n" % number)
                    assert result[0][2][0] == number
            except Exception as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])

    def test_nothing_heavy_at_import(self):
        code = (
            "import sys\n"
            "sys.path.insert(0, %r)\n"
            "import sandpiper_runtime.parquet, sandpiper_runtime.sql, sandpiper_runtime.api\n"
            "heavy = ['pandas', 'numpy', 'sandpiper_duckdb']\n"
            "print(','.join(m for m in heavy if m in sys.modules))\n"
            % helpers.RUNTIME_DIR
        )
        out = subprocess.run(
            [sys.executable, "-I", "-c", code],
            capture_output=True,
            text=True,
            check=True,
        )
        self.assertEqual(out.stdout.strip(), "", out.stderr)


if __name__ == "__main__":
    unittest.main()
