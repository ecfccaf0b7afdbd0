"""Dask collections in Variables and the data viewer: summaries from metadata, pages by
partition, sort and filter as Dask operations, rows counted on request."""

import os
import time
import unittest
import warnings

os.environ.setdefault("DASK_DATAFRAME__QUERY_PLANNING", "False")
warnings.filterwarnings(
    "ignore", message="The legacy Dask DataFrame", category=FutureWarning
)

import helpers  # noqa: E402  (puts the runtime on the path)

import dask  # noqa: E402
import dask.array as da  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402

from sandpiper_runtime import dataview, members, side, variables  # noqa: E402


def setUpModule():
    helpers.duckdb_workspace()  # workers spill there, not into the source tree


def _frame(rows=1000, partitions=4):
    data = pd.DataFrame(
        {
            "key": [f"k{i % 7}" for i in range(rows)],
            "value": [float(i) for i in range(rows)],
        }
    )
    return dd.from_pandas(data, npartitions=partitions)


class Computed:
    """Counts the graphs computed meanwhile (by the local scheduler)."""

    def __enter__(self):
        self.count = 0
        self._previous = dask.config.get("scheduler", None)

        def scheduler(dsk, keys, **kwargs):
            self.count += 1
            return dask.get(dsk, keys, **kwargs)

        self._config = dask.config.set(scheduler=scheduler)
        self._config.__enter__()
        return self

    def __exit__(self, *exc):
        self._config.__exit__(*exc)


class SummaryTest(unittest.TestCase):
    def test_frame_summary_computes_nothing(self):
        lazy = _frame().assign(double=lambda f: f.value * 2)
        with Computed() as computed:
            summary = variables.summarize("big", lazy)
        self.assertEqual(computed.count, 0)
        self.assertEqual(summary["kind"], "daskframe")
        self.assertEqual(summary["type"], "Dask DataFrame")
        self.assertEqual(summary["shape"], [-1, 3])
        self.assertIn("object, float64", summary["dtypes"])
        self.assertIn("(3 columns)", summary["dtypes"])
        self.assertIn("4 partitions", summary["repr"])
        self.assertIn("not computed", summary["repr"])
        self.assertIn("columns: key, value, double", summary["repr"])
        self.assertFalse(summary["expandable"])
        self.assertFalse(members.expandable(lazy))

    def test_persisted_frame_says_so(self):
        persisted = _frame().persist()
        self.assertIn("persisted", variables.summarize("p", persisted)["repr"])
        self.assertNotIn("not computed", variables.summarize("p", persisted)["repr"])

    def test_array_summary(self):
        array = da.ones((1000, 10), chunks=(100, 10))
        summary = variables.summarize("a", array)
        self.assertEqual(summary["kind"], "daskarray")
        self.assertEqual(summary["shape"], [1000, 10])
        self.assertEqual(summary["dtypes"], "float64")
        self.assertIn("10×1 chunks", summary["repr"])
        # Unknown chunk sizes (after a boolean mask) are an unknown extent, not NaN.
        masked = array[array[:, 0] > 0]
        self.assertEqual(variables.summarize("m", masked)["shape"], [-1, 10])


class PageTest(unittest.TestCase):
    def setUp(self):
        self.side = side.SideRequests({"big": _frame()})

    def page(self, **extra):
        request = {
            "type": "page",
            "id": 1,
            "name": "big",
            "rowStart": 0,
            "rowCount": 50,
            "columnStart": 0,
            "columnCount": 10,
            "hold": 7,
        }
        request.update(extra)
        return self.side.handle(request)

    def test_first_page_is_the_first_partition_only(self):
        with Computed() as computed:
            reply = self.page()
        self.assertEqual(computed.count, 1)
        self.assertEqual(reply["error"], "")
        self.assertEqual(reply["partitions"], 4)
        self.assertEqual(reply["partition"], 0)
        self.assertEqual(reply["totalRows"], 250)
        self.assertEqual([c["name"] for c in reply["columns"]], ["key", "value"])
        self.assertEqual(reply["rows"][3], ["k3", 3.0])
        # The next page of the same partition is read from the partition kept.
        with Computed() as computed:
            reply = self.page(rowStart=50)
        self.assertEqual(computed.count, 0)
        self.assertEqual(reply["rows"][0], ["k1", 50.0])

    def test_pages_by_partition(self):
        reply = self.page(partition=2)
        self.assertEqual(reply["partition"], 2)
        self.assertEqual(reply["index"][0], "500")
        self.assertEqual(reply["rows"][0], ["k3", 500.0])
        reply = self.page(partition=4)
        self.assertIn("4 partitions; there is no partition 5", reply["error"])
        self.assertIn("a partition is a number", self.page(partition="1")["error"])

    def test_filter_and_sort_are_dask_operations(self):
        sort = [{"column": 1, "ascending": False}]
        reply = self.page(sort=sort)
        self.assertEqual(reply["rows"][0], ["k5", 999.0])
        condition = {"column": 0, "op": "eq", "values": ["k3"]}
        reply = self.page(filter={"all": True, "conditions": [condition]})
        self.assertEqual(reply["partitions"], 4)
        self.assertTrue(all(row[0] == "k3" for row in reply["rows"]))
        self.assertEqual(reply["rows"][1][1], 10.0)
        reply = self.page(
            sort=[{"column": 0, "ascending": True}, {"column": 1, "ascending": False}]
        )
        self.assertIn("one direction only", reply["error"])

    def test_count_runs_in_the_background_and_can_be_cancelled(self):
        request = {"type": "count", "id": 2, "name": "big", "hold": 7}
        reply = self.side.handle(request)
        self.assertEqual(reply["type"], "counted")
        self.assertEqual(reply["of"], 4)
        deadline = time.monotonic() + 30
        while not reply["finished"] and time.monotonic() < deadline:
            time.sleep(0.02)
            reply = self.side.handle(request)
        self.assertEqual(reply["rows"], 1000)
        self.assertEqual(reply["done"], 4)
        filtered = dict(
            request,
            filter={"conditions": [{"column": 0, "op": "eq", "values": ["k0"]}]},
        )
        reply = self.side.handle(dict(filtered, restart=True))
        while not reply["finished"] and time.monotonic() < deadline:
            time.sleep(0.02)
            reply = self.side.handle(filtered)
        self.assertEqual(reply["rows"], 143)
        reply = self.side.handle(dict(request, cancel=True))
        self.assertTrue(reply["cancelled"])

    def test_a_failing_partition_is_an_error_not_a_crash(self):
        def fail(part):
            raise ValueError("bad partition")

        broken = _frame().map_partitions(fail, meta=_frame()._meta)
        requests = side.SideRequests({"broken": broken})
        reply = requests.handle(
            {
                "type": "page",
                "id": 1,
                "name": "broken",
                "rowStart": 0,
                "rowCount": 10,
                "columnStart": 0,
                "columnCount": 2,
            }
        )
        self.assertIn("ValueError: bad partition", reply["error"])
        count = {"type": "count", "id": 3, "name": "broken", "hold": 1}
        reply = requests.handle(count)
        deadline = time.monotonic() + 30
        while not reply["finished"] and time.monotonic() < deadline:
            time.sleep(0.02)
            reply = requests.handle(count)
        self.assertIn("bad partition", reply["error"])
        self.assertEqual(reply["rows"], -1)

    def test_count_of_what_is_not_a_dask_frame(self):
        requests = side.SideRequests({"df": pd.DataFrame({"a": [1]})})
        reply = requests.handle({"type": "count", "id": 1, "name": "df", "hold": 1})
        self.assertIn("only a Dask DataFrame", reply["error"])

    def test_plain_tables_page_as_before(self):
        page = dataview.page_reply(
            {"df": pd.DataFrame({"a": [1, 2]})},
            {
                "name": "df",
                "rowStart": 0,
                "rowCount": 5,
                "columnStart": 0,
                "columnCount": 5,
            },
        )
        self.assertNotIn("partitions", page)
        self.assertEqual(page["totalRows"], 2)


class ClusterTest(unittest.TestCase):
    def test_no_cluster(self):
        reply = side.SideRequests({}).handle({"type": "cluster", "id": 4})
        self.assertEqual(reply["type"], "cluster-info")
        self.assertEqual(reply["workers"], [])

    def test_cluster_from_the_schedulers_information(self):
        from distributed import Client

        with Client(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as client:
            client.submit(sum, [1, 2]).result()
            reply = side.SideRequests({}).handle({"type": "cluster", "id": 5})
        self.assertEqual(len(reply["workers"]), 2)
        worker = reply["workers"][0]
        self.assertTrue(worker["address"].startswith("inproc://"))
        self.assertEqual(worker["threads"], 1)
        for key in ("memory", "memoryLimit", "cpu", "running", "queued", "spilled"):
            self.assertIn(key, worker)


if __name__ == "__main__":
    unittest.main()
