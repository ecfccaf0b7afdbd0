"""Variable summaries and diffs, including hostile objects."""

import signal
import time
import unittest

from helpers import SessionTestCase

from sandpiper_runtime import variables


def by_name(diff):
    return {s["name"]: s for s in diff["changed"]}


class DiffTest(SessionTestCase):
    def test_first_diff_is_reset_then_differences(self):
        self.run_ok("a = 1\nb = 'text'")
        first = self.session.variables_diff()
        self.assertTrue(first["reset"])
        self.assertEqual(set(by_name(first)), {"a", "b"})
        self.assertEqual(first["removed"], [])

        self.run_ok("a = 2\nc = [1]")
        second = self.session.variables_diff()
        self.assertFalse(second["reset"])
        self.assertEqual(set(by_name(second)), {"a", "c"})
        self.assertEqual(by_name(second)["a"]["repr"], "2")

        self.run_ok("del b")
        third = self.session.variables_diff()
        self.assertEqual(third["changed"], [])
        self.assertEqual(third["removed"], ["b"])

        self.run_ok("pass")
        # Not settled: the list c may change in place; the idle refresh looks at it.
        self.assertEqual(
            self.session.variables_diff(),
            {"changed": [], "removed": [], "reset": False, "settled": False},
        )

    def test_in_place_mutation_is_a_change(self):
        self.run_ok("items = [1, 2]")
        self.session.variables_diff()
        self.run_ok("items.append(3)")
        diff = self.session.variables_diff()
        self.assertEqual(by_name(diff)["items"]["repr"], "[1, 2, 3]")
        self.assertEqual(by_name(diff)["items"]["shape"], [3])

    def test_filtered_names(self):
        self.run_ok(
            "import os\n"
            "import numpy as np\n"
            "from numpy import sqrt\n"
            "from functools import partial\n"
            "from typing import Optional\n"
            "def f(): pass\n"
            "g = lambda: 1\n"
            "class C: pass\n"
            "_private = 1\n"
            "__dunder = 2\n"
            "In = []; Out = {}; exit = quit = get_ipython = None\n"
            "method = [].append\n"
            "p = partial(f)\n"
            "kept = C()\n"
        )
        names = set(by_name(self.session.variables_diff()))
        self.assertEqual(names, {"kept"})

    def test_number_of_variables_is_capped(self):
        saved = variables.MAX_VARIABLES
        variables.MAX_VARIABLES = 3
        try:
            self.run_ok("for i in range(10):\n    globals()[f'v{i}'] = i\ndel i")
            self.assertEqual(len(self.session.variables_diff()["changed"]), 3)
        finally:
            variables.MAX_VARIABLES = saved

    def test_absurd_names_and_types(self):
        self.run_ok(
            "globals()['n' * 10000] = 1\n"
            "Weird = type('T' * 10000, (), {})\n"
            "w = Weird()\n"
        )
        d = by_name(self.session.variables_diff())
        self.assertEqual(set(d), {"w"})
        self.assertLessEqual(len(d["w"]["type"]), variables.TYPE_LIMIT)

    def test_runtime_adds_no_names(self):
        self.run_ok("pass")
        self.assertEqual(self.session.variables_diff()["changed"], [])


def refresh(tracker, namespace):
    """Runs the idle refresh to its end, as the engine does between requests."""
    for _ in range(10000):
        diff = tracker.refresh_step(namespace)
        if diff is not None or tracker.settled:
            return diff
    raise AssertionError("the refresh never ended")


class IncrementalDiffTest(unittest.TestCase):
    """Diffs as the engine makes them: from the names the namespace watch saw touched and
    the names the run's code mentions, then the idle refresh."""

    def setUp(self):
        import pandas as pd

        self.ns = {"df0": pd.DataFrame({"a": [1, 2]}), "items": [1], "n": 1}
        self.ns["alias"] = self.ns["df0"]
        self.tracker = variables.Tracker()
        first = self.tracker.diff(self.ns)
        self.assertTrue(first["reset"])
        self.assertEqual(set(by_name(first)), {"df0", "items", "n", "alias"})
        self.assertTrue(first["settled"])  # everything was just summarised
        self.assertIsNone(refresh(self.tracker, self.ns))

    def counting_summaries(self):
        calls = []
        original = variables.summarize

        def counted(name, value, guard=None):
            calls.append(name)
            return original(name, value, guard)

        variables.summarize = counted
        self.addCleanup(setattr, variables, "summarize", original)
        return calls

    def test_change_through_an_alias_comes_with_the_refresh(self):
        self.ns["alias"]["b"] = 5  # df0 changes too, and the run named only alias
        diff = self.tracker.diff(self.ns, touched=set(), named={"alias"})
        self.assertEqual(set(by_name(diff)), {"alias"})
        self.assertFalse(diff["settled"])
        found = refresh(self.tracker, self.ns)
        self.assertTrue(found["settled"])
        self.assertEqual(set(by_name(found)), {"df0"})
        self.assertEqual(by_name(found)["df0"]["dtypes"], "int64 (2 columns)")

    def test_rebinding_adding_and_deleting_are_found_by_name(self):
        for i in range(3):
            self.ns["x"] = [i]
        del self.ns["n"]
        diff = self.tracker.diff(self.ns, touched={"x", "n"}, named=())
        self.assertEqual(by_name(diff)["x"]["repr"], "[2]")
        self.assertEqual(diff["removed"], ["n"])

    def test_a_run_summarises_only_what_it_can_have_changed(self):
        for i in range(2000):
            self.ns[f"v{i}"] = i
        self.tracker.diff(self.ns, touched={f"v{i}" for i in range(2000)})
        refresh(self.tracker, self.ns)
        calls = self.counting_summaries()
        self.ns["x"] = 1
        diff = self.tracker.diff(self.ns, touched={"x"}, named={"x"})
        self.assertEqual(calls, ["x"])
        self.assertEqual(set(by_name(diff)), {"x"})

    def test_refresh_skips_objects_whose_fingerprint_is_unchanged(self):
        self.ns["items"].append(2)
        self.tracker.diff(self.ns, touched=set(), named=())
        calls = self.counting_summaries()
        found = refresh(self.tracker, self.ns)
        self.assertEqual(
            calls, ["items"]
        )  # not the frames: their blocks did not change
        self.assertEqual(by_name(found)["items"]["repr"], "[1, 2]")

    def test_refresh_leaves_objects_too_slow_to_look_at(self):
        class Slow:
            def __repr__(self):
                time.sleep(10)

        variables.VARIABLE_SECONDS = 0.05
        self.addCleanup(setattr, variables, "VARIABLE_SECONDS", 0.2)
        self.ns["slow"] = [Slow()]
        diff = self.tracker.diff(self.ns, touched={"slow"}, named={"slow"})
        self.assertEqual(by_name(diff)["slow"]["repr"], "<repr timed out>")
        self.tracker.diff(self.ns, touched=set(), named=())
        calls = self.counting_summaries()
        looked_at = []
        original = variables.fingerprint
        variables.fingerprint = lambda value: looked_at.append(id(value)) or original(
            value
        )
        self.addCleanup(setattr, variables, "fingerprint", original)
        refresh(self.tracker, self.ns)
        # Neither summarised nor fingerprinted while idle: each would wait for the timeout.
        self.assertNotIn("slow", calls)
        self.assertNotIn(id(self.ns["slow"]), looked_at)
        self.assertIn(id(self.ns["items"]), looked_at)  # the others still are
        # A run that names it looks again.
        diff = self.tracker.diff(self.ns, touched=set(), named={"slow"})
        self.assertIn("slow", calls)

    def test_what_the_time_budget_skipped_comes_with_the_refresh(self):
        class Slow:
            def __repr__(self):
                time.sleep(0.05)
                return "slow"

        variables.TOTAL_SECONDS = 0.2
        self.addCleanup(setattr, variables, "TOTAL_SECONDS", 2.0)
        namespace = {f"slow{i}": Slow() for i in range(10)}
        namespace.update(
            {"count": 7, "label": "text"}
        )  # immutable, and after the slow ones
        tracker = variables.Tracker()
        first = by_name(tracker.diff(namespace))
        skipped = "<not summarised: time budget exceeded>"
        self.assertEqual(
            (first["count"]["repr"], first["label"]["repr"]), (skipped, skipped)
        )
        self.assertFalse(tracker.diff(namespace, touched=set())["settled"])
        found = by_name(refresh(tracker, namespace))
        self.assertEqual(
            (found["count"]["repr"], found["label"]["repr"]), ("7", "'text'")
        )
        self.assertEqual(found["slow9"]["repr"], "slow")

    def test_unknown_touched_names_mean_a_full_look(self):
        self.ns["late"] = [3]
        diff = self.tracker.diff(self.ns, touched=None)
        self.assertEqual(set(by_name(diff)), {"late"})

    def test_a_run_stops_the_refresh_and_keeps_its_findings(self):
        self.ns["items"].append(2)
        self.ns["alias"]["c"] = 1
        self.tracker.diff(self.ns, touched=set(), named=())
        self.assertIsNone(self.tracker.refresh_step(self.ns, seconds=0))
        diff = self.tracker.diff(self.ns, touched=set(), named=())
        found = refresh(self.tracker, self.ns)
        everything = set(by_name(diff)) | set(by_name(found or {"changed": []}))
        self.assertEqual(everything, {"items", "df0", "alias"})


class SummaryTest(SessionTestCase):
    def summary(self, code, name):
        self.run_ok(code)
        return by_name(self.session.variables_diff())[name]

    def test_dataframe(self):
        s = self.summary(
            "import pandas as pd\n"
            "df = pd.DataFrame({'a': [1, 2, 3], 'b': [0.5, 1.5, 2.5], 'c': [1, 2, 3]})",
            "df",
        )
        self.assertEqual(s["type"], "DataFrame")
        self.assertEqual(s["kind"], "dataframe")
        self.assertEqual(s["shape"], [3, 3])
        self.assertEqual(s["dtypes"], "int64, float64 (3 columns)")
        self.assertGreater(s["bytes"], 3 * 3 * 8)
        self.assertEqual(s["repr"], "columns: a, b, c")

    def test_series_and_array(self):
        self.run_ok(
            "import numpy as np, pandas as pd\n"
            "s = pd.Series(range(100), name='n')\n"
            "arr = np.zeros((4, 5), dtype=np.float32)\n"
            "big = np.arange(10**6)\n"
        )
        d = by_name(self.session.variables_diff())
        self.assertEqual(d["s"]["kind"], "series")
        self.assertEqual(d["s"]["shape"], [100])
        self.assertEqual(d["s"]["dtypes"], "int64")
        self.assertTrue(d["s"]["repr"].startswith("0, 1, 2"))
        self.assertEqual(d["arr"]["kind"], "array")
        self.assertEqual(d["arr"]["shape"], [4, 5])
        self.assertEqual(d["arr"]["dtypes"], "float32")
        self.assertEqual(d["arr"]["bytes"], 80)
        self.assertNotIn("\n", d["arr"]["repr"])
        self.assertEqual(d["big"]["bytes"], 8 * 10**6)
        self.assertLessEqual(len(d["big"]["repr"]), variables.REPR_LIMIT)

    def test_scalars_and_collections(self):
        self.run_ok(
            "i = 42\nf = 1.5\nt = 'hello'\nn = None\nb = True\n"
            "l = list(range(10**6))\nd = {'k': 1}\nst = {1, 2}\ntp = (1, 'a')\n"
            "import datetime\nwhen = datetime.date(2024, 1, 2)\n"
        )
        d = by_name(self.session.variables_diff())
        for name in ("i", "f", "t", "n", "b", "when"):
            self.assertEqual(d[name]["kind"], "scalar", name)
            self.assertEqual(d[name]["shape"], [], name)
        for name in ("l", "d", "st", "tp"):
            self.assertEqual(d[name]["kind"], "collection", name)
        self.assertEqual(d["i"]["repr"], "42")
        self.assertEqual(d["t"]["repr"], "'hello'")
        self.assertEqual(d["l"]["shape"], [10**6])
        self.assertTrue(d["l"]["repr"].startswith("[0, 1, 2"))
        self.assertGreater(d["l"]["bytes"], 8 * 10**6)
        self.assertEqual(d["d"]["repr"], "{'k': 1}")
        self.assertEqual(d["i"]["type"], "int")
        self.assertEqual(d["when"]["type"], "date")

    def test_repr_is_bounded_and_one_line(self):
        self.run_ok(
            "long = 'x' * 10**7\n"
            "class Multi:\n"
            "    def __repr__(self):\n"
            "        return 'line one\\n    line two\\n' + 'y' * 10**6\n"
            "m = Multi()\n"
            "huge = 10**5000\n"
        )
        d = by_name(self.session.variables_diff())
        for name in ("long", "m", "huge"):
            self.assertLessEqual(len(d[name]["repr"]), variables.REPR_LIMIT, name)
        self.assertTrue(d["m"]["repr"].startswith("line one line two yyy"))
        self.assertNotIn("\n", d["m"]["repr"])


class HostileTest(SessionTestCase):
    def setUp(self):
        super().setUp()
        self.saved = variables.VARIABLE_SECONDS, variables.TOTAL_SECONDS
        variables.VARIABLE_SECONDS = 0.1

    def tearDown(self):
        variables.VARIABLE_SECONDS, variables.TOTAL_SECONDS = self.saved

    def diff_in_time(self, limit=2.0):
        start = time.monotonic()
        diff = self.session.variables_diff()
        self.assertLess(time.monotonic() - start, limit)
        return by_name(diff)

    def test_repr_that_never_returns(self):
        self.run_ok(
            "class Loop:\n"
            "    def __repr__(self):\n"
            "        while True:\n"
            "            pass\n"
            "loop = Loop()\nfine = 1\n"
        )
        d = self.diff_in_time()
        self.assertEqual(d["loop"]["repr"], "<repr timed out>")
        self.assertEqual(d["fine"]["repr"], "1")
        self.run_ok("after = 2")
        self.assertEqual(self.session.namespace["after"], 2)

    def test_repr_that_swallows_exceptions(self):
        self.run_ok(
            "class Stubborn:\n"
            "    def __repr__(self):\n"
            "        while True:\n"
            "            try:\n"
            "                while True:\n"
            "                    pass\n"
            "            except Exception:\n"
            "                pass\n"
            "stubborn = Stubborn()\n"
        )
        self.assertEqual(self.diff_in_time()["stubborn"]["repr"], "<repr timed out>")

    def test_repr_that_swallows_one_base_exception(self):
        self.run_ok(
            "class Once:\n"
            "    def __repr__(self):\n"
            "        try:\n"
            "            while True:\n"
            "                pass\n"
            "        except BaseException:\n"
            "            pass\n"
            "        while True:\n"
            "            pass\n"
            "once = Once()\n"
        )
        self.assertEqual(self.diff_in_time()["once"]["repr"], "<repr timed out>")

    def test_repr_that_raises(self):
        self.run_ok(
            "class Bad:\n"
            "    def __repr__(self):\n"
            "        raise ValueError('boom')\n"
            "class Exit:\n"
            "    def __repr__(self):\n"
            "        raise SystemExit(1)\n"
            "class NotStr:\n"
            "    def __repr__(self):\n"
            "        return 5\n"
            "bad = Bad(); ex = Exit(); ns = NotStr()\n"
        )
        d = self.diff_in_time()
        self.assertEqual(d["bad"]["repr"], "<repr failed: ValueError: boom>")
        self.assertEqual(d["ex"]["repr"], "<repr failed: SystemExit: 1>")
        self.assertTrue(d["ns"]["repr"].startswith("<repr failed: TypeError"))

    def test_hostile_size_and_len(self):
        self.run_ok(
            "class Heavy(list):\n"
            "    def __sizeof__(self):\n"
            "        while True:\n"
            "            pass\n"
            "    def __len__(self):\n"
            "        raise RuntimeError('no len')\n"
            "heavy = Heavy()\n"
        )
        d = self.diff_in_time()
        self.assertEqual(d["heavy"]["bytes"], -1)
        self.assertEqual(d["heavy"]["name"], "heavy")

    def test_total_budget(self):
        variables.TOTAL_SECONDS = 0.25
        self.run_ok(
            "import time\n"
            "class Slow:\n"
            "    def __repr__(self):\n"
            "        time.sleep(0.05)\n"
            "        return 'slow'\n"
            "for i in range(20):\n"
            "    globals()[f'slow{i:02d}'] = Slow()\n"
            "del i\n"
        )
        d = self.diff_in_time(limit=1.5)
        self.assertEqual(len(d), 20)
        reprs = [d[n]["repr"] for n in sorted(d)]
        self.assertIn("slow", reprs)
        self.assertIn("<not summarised: time budget exceeded>", reprs)

    def test_user_alarm_handler_is_kept(self):
        def handler(signum, frame):
            pass

        previous = signal.signal(signal.SIGALRM, handler)
        try:
            self.run_ok("class O: pass\no = O()")
            self.session.variables_diff()
            self.assertIs(signal.getsignal(signal.SIGALRM), handler)
            self.assertEqual(signal.getitimer(signal.ITIMER_REAL), (0.0, 0.0))
        finally:
            signal.signal(signal.SIGALRM, previous)


if __name__ == "__main__":
    unittest.main()
