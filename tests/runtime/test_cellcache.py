"""The [cache] cell: a hit restores identical variables and output; a changed input, code or
library version is a miss; what cannot be pickled is never cached, with a note."""

import contextlib
import io
import os
import tempfile
import unittest

from helpers import SessionTestCase
from sandpiper_runtime import cellcache

CELL = """# %% [cache]
import pandas as pd
frame = pd.DataFrame({"n": range(rows)})
frame["twice"] = frame["n"] * 2
print("rows", len(frame))
frame.tail(2)
"""


class CellCacheTest(SessionTestCase):
    def setUp(self):
        super().setUp()
        self.folder = tempfile.mkdtemp(prefix="sandpiper-cache-")
        self.versions = {"python": "3.13", "pandas": "2.2.3"}
        self.session.cell_cache = cellcache.CellCache(
            folder=self.folder, versions=lambda: dict(self.versions)
        )

    def run_cell(self, code=CELL):
        out = io.StringIO()
        self.recorder.bundles.clear()
        with contextlib.redirect_stdout(out):
            self.run_ok(code)
        return out.getvalue(), list(self.recorder.bundles)

    def entries(self):
        return sorted(f for f in os.listdir(self.folder) if f.endswith(".entry"))

    def test_hit_restores_identical_variables_and_output(self):
        self.run_ok("rows = 1000")
        first_out, first_bundles = self.run_cell()
        self.assertIn("rows 1000", first_out)
        self.assertNotIn("Restored from cache", first_out)
        made = self.session.namespace["frame"].copy()
        self.assertEqual(len(self.entries()), 1)
        # Gone from the namespace, then the same cell again: restored, not run.
        self.run_ok("del frame, pd")
        self.run_ok("import sandpiper_runtime.cellcache as c; c._ran = False")
        second_out, second_bundles = self.run_cell()
        self.assertIn("Restored from cache", second_out)
        self.assertEqual(
            second_out.replace(second_out.splitlines()[-1], "").strip(),
            first_out.strip(),
        )
        self.assertEqual(second_bundles, first_bundles)
        restored = self.session.namespace["frame"]
        self.assertTrue(restored.equals(made))
        self.assertEqual(list(restored.columns), ["n", "twice"])
        self.assertIs(self.session.namespace["pd"], __import__("pandas"))

    def test_changed_input_code_or_version_is_a_miss(self):
        self.run_ok("rows = 10")
        self.run_cell()
        out, _ = self.run_cell()
        self.assertIn("Restored from cache", out)
        self.run_ok("rows = 11")  # an input changed
        out, _ = self.run_cell()
        self.assertNotIn("Restored", out)
        self.assertIn("rows 11", out)
        out, _ = self.run_cell(CELL.replace("* 2", "* 3"))  # the code changed
        self.assertNotIn("Restored", out)
        self.assertEqual(int(self.session.namespace["frame"]["twice"].iloc[-1]), 30)
        self.versions["pandas"] = "2.3.0"  # a library changed
        out, _ = self.run_cell()
        self.assertNotIn("Restored", out)
        out, _ = self.run_cell()
        self.assertIn("Restored", out)
        self.assertEqual(
            len(self.entries()), 4
        )  # rows 10 and 11, new code, new version

    def test_a_changed_function_is_a_miss(self):
        self.run_ok("def f(x):\n    return x + 1")
        code = "# %% [cache]\ny = f(1)\nprint(y)"
        self.assertIn("2", self.run_cell(code)[0])
        self.assertIn("Restored", self.run_cell(code)[0])
        self.run_ok("def f(x):\n    return x + 100")
        out, _ = self.run_cell(code)
        self.assertNotIn("Restored", out)
        self.assertEqual(self.session.namespace["y"], 101)

    def test_what_cannot_be_pickled_is_never_cached(self):
        # An input that cannot be hashed: the cell runs, with a note, and nothing is stored.
        self.run_ok("import threading\nlock = threading.Lock()")
        out, _ = self.run_cell("# %% [cache]\nheld = lock.locked()")
        self.assertIn("Not cached: lock cannot be pickled", out)
        self.assertEqual(self.entries(), [])
        # A result that cannot be pickled.
        out, _ = self.run_cell("# %% [cache]\nnumbers = (i for i in range(3))")
        self.assertIn("Not cached", out)
        self.assertEqual(self.entries(), [])
        out, _ = self.run_cell("# %% [cache]\nnumbers = (i for i in range(3))")
        self.assertNotIn("Restored", out)
        # A function the cell defines cannot be restored: never stored.
        out, _ = self.run_cell("# %% [cache]\ndef helper():\n    return 1")
        self.assertIn("Not cached: helper is defined in the cell", out)
        self.assertEqual(self.entries(), [])
        # A class defined in the session, read by the cell.
        self.run_ok("class Point:\n    pass")
        out, _ = self.run_cell("# %% [cache]\np = Point()")
        self.assertIn("Not cached: Point is a class defined in the session", out)

    def test_an_input_whose_pickling_breaks_still_runs(self):
        self.run_ok(
            "class Odd:\n"
            "    def __reduce__(self):\n"
            "        raise RuntimeError('no')\n"
            "odd = [Odd()]"
        )
        out, _ = self.run_cell("# %% [cache]\nsize = len(odd)\nprint(size)")
        self.assertIn("Not cached", out)
        self.assertIn("1", out)
        self.assertEqual(self.session.namespace["size"], 1)
        self.assertEqual(self.entries(), [])
        # Anything else that breaks while the key is made: the cell still runs, said.
        self.session.cell_cache.versions = lambda: 1 / 0
        out, _ = self.run_cell("# %% [cache]\nlater = 2")
        self.assertIn(
            "Not cached: its inputs could not be hashed (ZeroDivisionError)", out
        )
        self.assertEqual(self.session.namespace["later"], 2)

    def test_failed_run_is_not_stored(self):
        result = self.session.execute("# %% [cache]\nx = 1\nraise ValueError('no')")
        self.assertEqual(result["status"], "error")
        self.assertEqual(self.entries(), [])

    def test_names_the_cell_binds_first_are_not_inputs(self):
        code = "# %% [cache]\ntotal = 0\nfor i in range(4):\n    total = total + i\nprint(total)"
        self.run_cell(code)
        # total and i now exist with other values: still the same inputs (none).
        self.run_ok("total = 99\ni = 7")
        out, _ = self.run_cell(code)
        self.assertIn("Restored", out)
        self.assertEqual(self.session.namespace["total"], 6)
        self.assertEqual(self.session.namespace["i"], 3)
        reads, writes = cellcache.reads_and_writes(
            compile("x = x + 1\ny = 2\nz = y", "", "exec", 1024)
        )
        self.assertEqual(reads, {"x"})
        self.assertEqual(writes, {"x", "y", "z"})

    def test_budget_keeps_the_most_recently_used(self):
        self.session.cell_cache.budget = 1
        for n in range(3):
            self.run_cell(f"# %% [cache]\nv{n} = {n}")
        self.assertEqual(len(self.entries()), 1)  # the newest; the others went
        self.session.cell_cache.budget = 10 << 20
        for n in range(3):
            self.run_cell(f"# %% [cache]\nw{n} = {n}")
        self.assertEqual(len(self.entries()), 4)

    def test_damaged_entry_is_a_miss(self):
        self.run_ok("rows = 3")
        self.run_cell()
        for name in self.entries():
            with open(os.path.join(self.folder, name), "wb") as f:
                f.write(b"not a pickle")
        out, _ = self.run_cell()
        self.assertNotIn("Restored", out)
        self.assertIn("rows 3", out)

    def test_only_marked_cells(self):
        self.assertTrue(cellcache.wants_cache("# %% [cache]\nx = 1"))
        self.assertTrue(cellcache.wants_cache("\n#%% Load [CACHE]\nx = 1"))
        self.assertFalse(cellcache.wants_cache("x = 1  # [cache]"))
        self.assertFalse(cellcache.wants_cache("# %% load\nx = 1"))
        self.assertFalse(cellcache.wants_cache("# [cache] but no cell marker"))
        # Run File: a script of several cells is not one cached cell.
        self.assertFalse(cellcache.wants_cache("# %% [cache]\nx = 1\n# %%\ny = 2"))
        self.run_ok("x = 1")
        self.assertEqual(self.entries(), [])


if __name__ == "__main__":
    unittest.main()
