"""Dask's LocalCluster kept to the session's limits, and no scheduler outside the session."""

import os
import unittest

from helpers import RUNTIME_DIR  # noqa: F401  (puts the runtime on the path)
from sandpiper_runtime import daskcluster


class ClusterOptionsTest(unittest.TestCase):
    def test_workers_capped_by_the_process_limit_with_a_note(self):
        options, notes = daskcluster.cluster_options(
            {"n_workers": 100}, cores=2, processes=256, memory=4 << 30
        )
        self.assertEqual(options["n_workers"], 8)  # (256 - 64) // 24
        self.assertEqual(len(notes), 1)
        self.assertIn("100 workers asked for", notes[0])
        self.assertIn("allows 8", notes[0])

    def test_memory_is_shared_between_workers(self):
        options, notes = daskcluster.cluster_options(
            {"n_workers": 2}, cores=2, processes=256, memory=4 << 30
        )
        self.assertEqual(options["memory_limit"], int((4 << 30) * 0.75 / 2))
        self.assertEqual(notes, [])
        # Asking for more than the share is lowered, and said; asking for less is kept.
        options, notes = daskcluster.cluster_options(
            {"n_workers": 2, "memory_limit": 8 << 30},
            cores=2,
            processes=256,
            memory=4 << 30,
        )
        self.assertEqual(options["memory_limit"], int((4 << 30) * 0.75 / 2))
        self.assertIn("memory_limit lowered", notes[0])
        options, _ = daskcluster.cluster_options(
            {"n_workers": 2, "memory_limit": 1 << 20},
            cores=2,
            processes=256,
            memory=4 << 30,
        )
        self.assertEqual(options["memory_limit"], 1 << 20)

    def test_defaults_inside_the_session(self):
        os.environ["SANDPIPER_WORKSPACE"] = "/work/space"
        try:
            options, _ = daskcluster.cluster_options({}, cores=2, processes=0, memory=0)
        finally:
            del os.environ["SANDPIPER_WORKSPACE"]
        self.assertEqual(options["n_workers"], 2)  # the cores, no process limit
        self.assertTrue(options["processes"])
        self.assertEqual(options["host"], "127.0.0.1")
        self.assertIsNone(options["dashboard_address"])
        self.assertEqual(options["local_directory"], "/work/space/.sandpiper/dask")
        self.assertNotIn("memory_limit", options)  # no limit: dask's own default

    def test_no_scheduler_outside_the_session(self):
        for address in (
            "tcp://no-such-host.invalid:8786",
            "tcp://10.1.2.3:8786",
            "tls://scheduler.example.org:8786",
        ):
            with self.subTest(address=address):
                with self.assertRaises(OSError) as raised:
                    daskcluster.check_address(address)
                self.assertIn("reaches no other machine", str(raised.exception))
        for address in (
            None,
            "tcp://127.0.0.1:8786",
            "tcp://localhost:1",
            "tcp://[::1]:5",
        ):
            daskcluster.check_address(address)


if __name__ == "__main__":
    unittest.main()
