"""Dask's LocalCluster kept to the session's limits, and no scheduler outside the session."""

import logging
import os
import time
import unittest

import helpers  # noqa: F401  (puts the runtime on the path)
from sandpiper_runtime import daskcluster


def setUpModule():
    helpers.duckdb_workspace()  # workers spill there, not into the source tree


class ClusterOptionsTest(unittest.TestCase):
    def test_workers_capped_by_the_process_limit_with_a_note(self):
        options, notes = daskcluster.cluster_options(
            {"n_workers": 100}, cores=2, processes=256, memory=4 << 30, used=0
        )
        self.assertEqual(options["n_workers"], 8)  # (256 - 64) // 24
        self.assertEqual(len(notes), 1)
        self.assertIn("100 workers asked for", notes[0])
        self.assertIn("allows 8", notes[0])

    def test_memory_is_shared_between_workers(self):
        options, notes = daskcluster.cluster_options(
            {"n_workers": 2}, cores=2, processes=256, memory=4 << 30, used=0
        )
        self.assertEqual(options["memory_limit"], int((4 << 30) * 0.75 / 2))
        self.assertEqual(notes, [])
        # Asking for more than the share is lowered, and said; asking for less is kept.
        options, notes = daskcluster.cluster_options(
            {"n_workers": 2, "memory_limit": 8 << 30},
            cores=2,
            processes=256,
            memory=4 << 30,
            used=0,
        )
        self.assertEqual(options["memory_limit"], int((4 << 30) * 0.75 / 2))
        self.assertIn("memory_limit lowered", notes[0])
        options, _ = daskcluster.cluster_options(
            {"n_workers": 2, "memory_limit": 1 << 20},
            cores=2,
            processes=256,
            memory=4 << 30,
            used=0,
        )
        self.assertEqual(options["memory_limit"], 1 << 20)

    def test_memory_the_engine_uses_is_left_to_it(self):
        options, notes = daskcluster.cluster_options(
            {}, cores=2, processes=256, memory=4 << 30, used=1 << 30
        )
        self.assertEqual(options["n_workers"], 2)
        self.assertEqual(options["memory_limit"], int((3 << 30) * 0.75 / 2))
        self.assertEqual(notes, [])
        # A small session has room for one worker: it says so rather than start two that
        # would be paused at once, or push the session over its limit.
        options, notes = daskcluster.cluster_options(
            {}, cores=2, processes=256, memory=512 << 20, used=220 << 20
        )
        self.assertEqual(options["n_workers"], 1)
        self.assertEqual(options["memory_limit"], int((292 << 20) * 0.75))
        self.assertEqual(len(notes), 1)
        self.assertIn("2 workers by default", notes[0])
        self.assertIn(
            "(512 MiB, 220 MiB of it in use) has room for 1, so 1 starts", notes[0]
        )
        # However little is left, one worker starts with enough not to be paused for good
        # (0 would mean no limit at all to Dask), and the note says what may happen.
        options, notes = daskcluster.cluster_options(
            {"n_workers": 4}, cores=2, processes=256, memory=256 << 20, used=300 << 20
        )
        self.assertEqual(options["n_workers"], 1)
        self.assertEqual(options["memory_limit"], daskcluster.MIN_WORKER_MEMORY)
        self.assertIn("4 workers asked for", notes[0])
        self.assertIn("may go over its limit", notes[1])

    def test_engine_memory_is_measured(self):
        before = daskcluster.engine_memory()
        block = bytearray(64 << 20)
        block[::4096] = b"x" * len(block[::4096])
        self.assertGreater(daskcluster.engine_memory(), before + (48 << 20))
        del block

    def test_defaults_inside_the_session(self):
        workspace = os.environ.get("SANDPIPER_WORKSPACE")
        os.environ["SANDPIPER_WORKSPACE"] = "/work/space"
        try:
            options, _ = daskcluster.cluster_options({}, cores=2, processes=0, memory=0)
        finally:
            os.environ["SANDPIPER_WORKSPACE"] = workspace
        self.assertEqual(options["n_workers"], 2)  # the cores, no process limit
        self.assertTrue(options["processes"])
        self.assertEqual(options["host"], "127.0.0.1")
        self.assertIsNone(options["dashboard_address"])
        self.assertEqual(options["local_directory"], "/work/space/.sandpiper/dask")
        self.assertNotIn("memory_limit", options)  # no limit: dask's own default
        # Workers' warnings (paused, resumed, unmanaged memory) do not flood the console.
        self.assertEqual(options["silence_logs"], logging.ERROR)
        kept, _ = daskcluster.cluster_options({"silence_logs": logging.INFO}, cores=2)
        self.assertEqual(kept["silence_logs"], logging.INFO)

    def test_workers_in_threads_need_no_host(self):
        options, _ = daskcluster.cluster_options({"processes": False}, cores=2, used=0)
        self.assertNotIn("host", options)
        options, _ = daskcluster.cluster_options(
            {"processes": False, "protocol": "tcp://"}, cores=2, used=0
        )
        self.assertEqual(options["host"], "127.0.0.1")
        # And such a cluster starts, in this process.
        import distributed
        from distributed import Client

        daskcluster.setup(distributed)
        with Client(n_workers=1, processes=False) as client:
            self.assertEqual(client.submit(sum, [1, 2]).result(), 3)
            address = client.scheduler_info()["address"]
        self.assertTrue(address.startswith("inproc://"), address)

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


class WorkerNewsTest(unittest.TestCase):
    def test_which_worker_and_why(self):
        said = []
        news = daskcluster.WorkerNews(said.append)
        news.worker_memory = 192 * 2**20
        over = logging.LogRecord(
            "distributed.nanny.memory",
            logging.WARNING,
            __file__,
            1,
            "Worker tcp://127.0.0.1:40123 (pid=4242) exceeded 95% memory budget. "
            "Restarting...",
            None,
            None,
        )
        news.emit(over)
        self.assertEqual(len(said), 1)
        self.assertIn("Dask worker tcp://127.0.0.1:40123 (process 4242)", said[0])
        self.assertIn("more than 95% of its memory limit of 192 MiB", said[0])
        self.assertIn("Run > Session Limits", said[0])
        # The nanny's own SIGTERM to that process is no news.
        news.process_ended(4242, -15)
        self.assertEqual(len(said), 1)
        news.process_ended(4343, -9)
        self.assertIn("process 4343 was killed (signal 9)", said[1])
        self.assertIn("memory limit", said[1])
        news.process_ended(4444, 0)  # a clean exit
        self.assertEqual(len(said), 2)
        # Whatever else is logged is left alone, and a broken record breaks nothing.
        news.emit(
            logging.LogRecord("x", logging.WARNING, __file__, 1, "%d", ("a",), None)
        )
        self.assertEqual(len(said), 2)

    def test_a_worker_over_its_memory_is_told(self):
        import distributed
        from distributed import Client, LocalCluster

        said = []
        daskcluster.setup(distributed)
        previous = daskcluster.NEWS._write
        daskcluster.NEWS._write = said.append
        try:
            with LocalCluster(
                n_workers=1,
                threads_per_worker=1,
                memory_limit=300 * 2**20,
                processes=True,
            ) as cluster, Client(cluster) as client:
                future = client.submit(_hog, 400 * 2**20, pure=False)
                deadline = time.monotonic() + 60
                while not said and time.monotonic() < deadline:
                    time.sleep(0.1)
                future.cancel()
        finally:
            daskcluster.NEWS._write = previous
        self.assertTrue(said, "nothing was said")
        self.assertRegex(said[0], r"Dask worker tcp://127\.0\.0\.1:\d+ \(process \d+\)")
        self.assertIn("memory limit of 300 MiB", said[0])


class ClusterProcessesTest(unittest.TestCase):
    def test_the_clusters_processes_are_known_and_closed(self):
        import distributed
        from distributed import Client, LocalCluster

        daskcluster.setup(distributed)
        self.assertEqual(daskcluster.cluster_processes(), _helpers())
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True)
        client = Client(cluster)
        said = []
        previous = daskcluster.NEWS._write
        daskcluster.NEWS._write = said.append
        try:
            pids = [worker.process.pid for worker in cluster.workers.values()]
            self.assertEqual(len(pids), 2)
            starts = daskcluster.cluster_processes()
            for pid in pids:
                self.assertIn(daskcluster._stat(pid)[1], starts)
            # Not the engine's own process, nor anything but the workers and their offspring.
            self.assertNotIn(daskcluster._stat(os.getpid())[1], starts)
            self.assertLessEqual(len(starts), 2 + 1 + 2 * 2)
            # Both workers busy with a task that does not stop when asked.
            busy = [client.submit(time.sleep, 60, pure=False) for _ in range(2)]
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and sum(
                len(tasks) for tasks in client.processing().values()
            ) < len(busy):
                time.sleep(0.05)
            began = time.monotonic()
            closed = daskcluster.close_clusters()
            took = time.monotonic() - began
        finally:
            daskcluster.close_clusters()
            daskcluster.NEWS._write = previous
        self.assertEqual(closed, 1)
        # Within an interrupt's grace period, and not blamed on the memory limit.
        self.assertLess(took, 2.0)
        self.assertEqual(said, [])
        self.assertEqual(client.status, "closed")
        # multiprocessing's resource tracker stays, as Python's own helper.
        self.assertEqual(daskcluster.cluster_processes(), _helpers())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(
            daskcluster._stat(pid) is not None for pid in pids
        ):
            time.sleep(0.1)
        gone = [daskcluster._stat(pid) is None for pid in pids]
        self.assertEqual(gone, [True, True])
        self.assertEqual(daskcluster.close_clusters(), 0)  # nothing left to close

    def test_an_interrupt_ends_the_cluster_and_says_so(self):
        import contextlib
        import io

        import distributed
        from distributed import Client, LocalCluster

        daskcluster.setup(distributed)
        closed = LocalCluster(n_workers=1, processes=False)
        closed.close()  # still referenced, but no longer running
        quiet = io.StringIO()
        with contextlib.redirect_stderr(quiet):
            daskcluster.end_after_interrupt()  # no cluster: nothing to do, nothing said
        self.assertEqual(quiet.getvalue(), "")
        cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True)
        client = Client(cluster)
        told = io.StringIO()
        with contextlib.redirect_stderr(told):
            daskcluster.end_after_interrupt()
        self.assertIn(
            "the interrupt also ended the Dask cluster (1 worker)", told.getvalue()
        )
        self.assertEqual(client.status, "closed")
        self.assertEqual(cluster.status.name, "closed")
        self.assertEqual(daskcluster.cluster_processes(), _helpers())

    def test_a_runs_pool_is_not_the_sessions(self):
        import multiprocessing

        context = multiprocessing.get_context("forkserver")
        with context.Pool(1) as pool:
            pool_pids = pool.apply(os.getpid), os.getpid()
            starts = daskcluster.cluster_processes()
            self.assertNotIn(daskcluster._stat(pool_pids[0])[1], starts)
            self.assertEqual(starts, _helpers())  # the fork server and resource tracker
        self.assertEqual(len(daskcluster._helper_pids()), 2)


def _helpers():
    return sorted(
        daskcluster._stat(pid)[1]
        for pid in daskcluster._helper_pids()
        if daskcluster._stat(pid) is not None
    )


def _hog(size):
    block = b"x" * size  # written: resident, unlike a fresh bytearray
    time.sleep(30)
    return len(block)


if __name__ == "__main__":
    unittest.main()
