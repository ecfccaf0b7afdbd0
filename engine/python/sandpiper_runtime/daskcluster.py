"""Dask inside the session's sandbox.

`Client()` starts a LocalCluster on the session's private loopback. Its workers keep to the
session's limits: no more of them than the process limit allows (each worker is a nanny and a
worker process with their threads), the session's memory split between them, spilling into
the workspace (which the disk limit counts), and no dashboard port. A scheduler address on
another machine is refused at once with a clear message: a session reaches no other machine.
"""

import collections
import logging
import os
import re
import sys
import weakref
from urllib.parse import urlsplit

# What one worker costs in processes and threads (a nanny, a worker, their threads), and what the
# engine and the scheduler keep for themselves, against the session's process limit.
TASKS_PER_WORKER = 24
TASKS_KEPT = 64
# The workers share this much of the session's memory the engine does not use yet when the
# cluster starts; the engine and the scheduler keep the rest to grow into.
WORKERS_MEMORY_SHARE = 0.75
# Below this, a worker (about 100 MiB once it has imported pandas) would be paused at once:
# fewer workers start instead.
MIN_WORKER_MEMORY = 160 * 2**20
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", ""}
NOT_HERE = (
    "a Sandpiper session reaches no other machine: its sandbox lets it talk only to itself "
    "(its own loopback). Start a cluster inside the session with Client() instead."
)


def _limit(name):
    try:
        return max(0, int(os.environ.get(name, "0")))
    except ValueError:
        return 0


def spill_folder():
    workspace = os.environ.get("SANDPIPER_WORKSPACE") or os.getcwd()
    return os.path.join(workspace, ".sandpiper", "dask")


def max_workers(processes=None):
    """How many workers the process limit allows (0: no limit)."""
    processes = _limit("SANDPIPER_PROCESSES") if processes is None else processes
    if processes <= 0:
        return 0
    return max(1, (processes - TASKS_KEPT) // TASKS_PER_WORKER)


def engine_memory():
    """The engine's private resident memory in bytes (what the session's limit counts)."""
    try:
        with open("/proc/self/smaps_rollup") as rollup:
            fields = dict(line.split(":", 1) for line in rollup if ":" in line)
        return sum(
            int(fields[key].split()[0]) * 1024
            for key in ("Private_Clean", "Private_Dirty")
        )
    except (OSError, KeyError, ValueError):
        return 0


def cluster_options(kwargs, cores=None, processes=None, memory=None, used=None):
    """The LocalCluster arguments with the session's limits applied; (options, notes)."""
    options = dict(kwargs)
    notes = []
    cores = cores or os.cpu_count() or 1
    memory = _limit("SANDPIPER_MEMORY_BYTES") if memory is None else memory
    used = engine_memory() if used is None else used
    allowed = max_workers(processes)
    asked = options.get("n_workers")
    workers = asked if isinstance(asked, int) and asked > 0 else min(cores, 4)
    if allowed and workers > allowed:
        notes.append(
            f"{workers} workers asked for; the session's process limit allows {allowed}, "
            f"so {allowed} start (Run > Session Limits raises it)."
        )
        workers = allowed
    if memory > 0:
        free = max(0, memory - used) * WORKERS_MEMORY_SHARE
        fitting = max(1, int(free // MIN_WORKER_MEMORY))
        if workers > fitting:
            wanted = (
                "asked for" if isinstance(asked, int) and asked > 0 else "by default"
            )
            notes.append(
                f"{workers} workers {wanted}; the session's memory limit "
                f"({memory / 2**20:.0f} MiB, {used / 2**20:.0f} MiB of it in use) has room "
                f"for {fitting}, so {fitting} start{'s' if fitting == 1 else ''} "
                f"(Run > Session Limits raises it)."
            )
            workers = fitting
    options["n_workers"] = workers
    if options.get("processes") is None:
        options["processes"] = True
    if memory > 0:
        share = int(max(0, memory - used) * WORKERS_MEMORY_SHARE / workers)
        if share < MIN_WORKER_MEMORY:
            # Less would pause the worker for good (a hang); more may restart the session.
            notes.append(
                f"the session's memory limit ({memory / 2**20:.0f} MiB, "
                f"{used / 2**20:.0f} MiB of it in use) leaves a worker less than "
                f"{MIN_WORKER_MEMORY / 2**20:.0f} MiB; it gets that much, and the session "
                f"may go over its limit (Run > Session Limits raises it)."
            )
            share = MIN_WORKER_MEMORY
        asked_memory = options.get("memory_limit")
        if isinstance(asked_memory, (int, float)) and asked_memory > share:
            notes.append(
                f"memory_limit lowered to {share / 2**20:.0f} MiB a worker: the session may "
                f"use {memory / 2**20:.0f} MiB in all."
            )
        if not isinstance(asked_memory, (int, float)) or asked_memory > share:
            options["memory_limit"] = share
    options.setdefault("local_directory", spill_folder())
    # Workers in processes talk over TCP on the session's loopback; threads in the engine
    # (processes=False) over "inproc://", which takes no host.
    protocol = options.get("protocol") or ("tcp" if options["processes"] else "inproc")
    if str(protocol).startswith("tcp"):
        options.setdefault("host", "127.0.0.1")
    # Workers pause and resume many times a second near their memory limit, each time with a
    # warning: the console shows errors only, and NEWS says what matters in plain words.
    options.setdefault("silence_logs", logging.ERROR)
    options["dashboard_address"] = (
        None  # no port for a dashboard (and Debian has no bokeh)
    )
    return options, notes


def check_address(address):
    """Raises OSError for a scheduler address outside the session."""
    if not isinstance(address, str) or "://" not in address:
        return
    parts = urlsplit(address)
    if parts.scheme in ("inproc", "ucx"):
        return
    if (parts.hostname or "") not in LOOPBACK_HOSTS:
        raise OSError(f"Cannot reach {address}: {NOT_HERE}")


_OVER_BUDGET = re.compile(
    r"Worker (?P<address>\S+) \(pid=(?P<pid>\d+)\) exceeded (?P<percent>\d+)% memory budget"
)
_KILLED = re.compile(
    r"Worker process (?P<pid>\d+) was killed by signal (?P<signal>\d+)"
)
_ADVICE = (
    "Smaller partitions (a smaller blocksize), fewer workers or a higher session memory limit "
    "(Run > Session Limits) avoid it."
)


def _mebibytes(size):
    return "%.0f MiB" % (size / 2**20)


class WorkerNews(logging.Handler):
    """Says in plain words which worker of the session's cluster went over its memory or was
    killed, and why, next to distributed's own log lines."""

    def __init__(self, write=None):
        super().__init__(logging.WARNING)
        self._write = write or (lambda text: print(text, file=sys.stderr, flush=True))
        self._restarted = set()  # pids the nanny ended for their memory
        self.worker_memory = 0  # each worker's limit, as the cluster was started with

    def emit(self, record):
        try:
            self._say(self._news(record.getMessage()))
        except Exception:  # never break distributed's logging
            pass

    def process_ended(self, pid, exitcode):
        """A worker process ended with that exit code (negative: the signal that ended it)."""
        if exitcode < 0:
            message = "Worker process %d was killed by signal %d" % (pid, -exitcode)
            self._say(self._news(message))

    def _say(self, text):
        if text:
            self._write("Sandpiper: " + text)

    def _news(self, message):
        over = _OVER_BUDGET.search(message)
        if over:
            self._restarted.add(over["pid"])
            limit = (
                " of %s (the session's memory shared by its workers)"
                % _mebibytes(self.worker_memory)
                if self.worker_memory
                else ""
            )
            return (
                "Dask worker %s (process %s) used more than %s%% of its memory limit%s, so it "
                "was restarted; the tasks it ran are run again. %s"
                % (over["address"], over["pid"], over["percent"], limit, _ADVICE)
            )
        killed = _KILLED.search(message)
        if killed and killed["pid"] not in self._restarted:
            if killed["signal"] == "9":
                return (
                    "Dask worker process %s was killed (signal 9): most likely the session "
                    "reached its memory limit. Its tasks are run again on the other workers. %s"
                    % (killed["pid"], _ADVICE)
                )
            return "Dask worker process %s was ended by signal %s." % (
                killed["pid"],
                killed["signal"],
            )
        return ""


NEWS = WorkerNews()


def watch_workers(distributed):
    """Tells NEWS what the nannies (which run in the engine) see: a worker over its memory
    (their warning) and a worker process killed (the exit code of its process)."""
    logger = logging.getLogger("distributed.nanny.memory")
    if NEWS not in logger.handlers:
        logger.addHandler(NEWS)
    process_class = getattr(getattr(distributed, "nanny", None), "WorkerProcess", None)
    death_message = getattr(process_class, "_death_message", None)
    if death_message is None or getattr(death_message, "_sandpiper", False):
        return

    def told(self, pid, exitcode):
        try:
            # A worker the nanny itself stopped (a close, a restart) ended as asked.
            if getattr(getattr(self, "status", None), "name", "") != "stopping":
                NEWS.process_ended(pid, exitcode)
        except Exception:
            pass
        return death_message(self, pid, exitcode)

    told._sandpiper = True
    process_class._death_message = told


def current_client():
    """The session's running default Dask client; None without one (or without distributed)."""
    distributed = sys.modules.get("distributed")
    if distributed is None:
        return None
    try:
        client = distributed.default_client()
    except ValueError:  # no client
        return None
    return client if client.status == "running" else None


# The clusters started in this session (LocalCluster instances), while they live.
_clusters = weakref.WeakSet()


def _running_clusters():
    """The session's clusters not closed yet (a closed one lives on while referenced)."""
    ended = ("closing", "closed", "failed")
    return [
        cluster
        for cluster in list(_clusters)
        if getattr(getattr(cluster, "status", None), "name", "") not in ended
    ]


def _stat(pid):
    """(parent pid, start time in clock ticks since boot) of a process; None when gone."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return int(fields[1]), int(fields[19])
    except (OSError, IndexError, ValueError):
        return None


def _worker_pids(cluster):
    pids = []
    for worker in list(getattr(cluster, "workers", {}).values()):
        process = getattr(worker, "process", None)  # a Nanny's WorkerProcess
        pid = getattr(process, "pid", None) if process is not None else None
        if isinstance(pid, int):
            pids.append(pid)
    return pids


def _helper_pids():
    """multiprocessing's resource tracker and fork server, when running: Python's machinery,
    which lives as long as the engine, not processes a run left behind."""
    pids = set()
    tracker = sys.modules.get("multiprocessing.resource_tracker")
    tracker_pid = getattr(getattr(tracker, "_resource_tracker", None), "_pid", None)
    forkserver = sys.modules.get("multiprocessing.forkserver")
    server_pid = getattr(
        getattr(forkserver, "_forkserver", None), "_forkserver_pid", None
    )
    for pid in (tracker_pid, server_pid):
        if isinstance(pid, int) and pid > 0:
            pids.add(pid)
    return pids


def cluster_processes():
    """The start times (clock ticks since boot, the same outside the sandbox's PID namespace)
    of the processes the session runs on purpose: its clusters' workers and what those started,
    and multiprocessing's helpers. The window does not count them as left over by a run.
    """
    roots = {pid for cluster in _running_clusters() for pid in _worker_pids(cluster)}
    helpers = _helper_pids()
    if not roots and not helpers:
        return []
    starts, children = {}, collections.defaultdict(list)
    for entry in os.listdir(
        "/proc"
    ):  # the session's own PID namespace: a few processes
        found = _stat(int(entry)) if entry.isdigit() else None
        if found is not None:
            starts[int(entry)] = found[1]
            children[found[0]].append(int(entry))
    # The workers' descendants too (not the fork server's: those are a run's pools).
    chosen, pending = set(), list(roots)
    while pending:
        pid = pending.pop()
        if pid not in chosen:
            chosen.add(pid)
            pending.extend(children[pid])
    chosen |= helpers
    return sorted(starts[pid] for pid in chosen if pid in starts)


# How long a worker may take to stop when its cluster closes before it is killed: a task it runs
# cannot be stopped otherwise, and an interrupt must end within the window's grace period.
WORKER_STOP_S = 1.0


def _stop_workers(cluster):
    """Stops the cluster's workers at once (a closing cluster waits 4 s for a busy one)."""
    workers = [
        w for w in list(getattr(cluster, "workers", {}).values()) if w is not None
    ]
    if not workers or not hasattr(cluster, "sync"):
        return

    async def stop_all():
        import asyncio

        await asyncio.gather(
            *[
                w.close(timeout=WORKER_STOP_S, reason="sandpiper-close")
                for w in workers
            ],
            return_exceptions=True,
        )

    cluster.sync(stop_all)


def close_clusters():
    """Closes the session's clusters and the clients connected to them; how many closed."""
    for ended in set(_clusters) - set(_running_clusters()):
        _clusters.discard(ended)
    clusters = list(_clusters)
    # Workers first: a client that closes its cluster waits 4 s for each busy one.
    for cluster in clusters:
        try:
            _stop_workers(cluster)
        except Exception:
            pass
    client = current_client()
    if client is not None:
        client.close()
    closed = 0
    for cluster in clusters:
        try:
            cluster.close()
            closed += 1
        except Exception:
            pass
        _clusters.discard(cluster)
    return closed


def setup(distributed):
    """Adapts distributed's LocalCluster and Client when user code imports them."""
    cluster_class = distributed.LocalCluster
    client_class = distributed.Client
    if getattr(cluster_class, "_sandpiper", False):
        return
    cluster_init = cluster_class.__init__
    client_init = client_class.__init__
    watch_workers(distributed)

    def sandboxed_cluster(self, *args, **kwargs):
        options, notes = cluster_options(kwargs)
        for note in notes:
            print(f"Sandpiper: {note}", file=sys.stderr)
        os.makedirs(options["local_directory"], exist_ok=True)
        if isinstance(options.get("memory_limit"), int):
            NEWS.worker_memory = options["memory_limit"]
        # Known before it starts: an interrupt while it starts ends it too.
        _clusters.add(self)
        cluster_init(self, *args, **options)

    def checked_client(self, address=None, *args, **kwargs):
        check_address(address)
        client_init(self, address, *args, **kwargs)

    cluster_class.__init__ = sandboxed_cluster
    cluster_class._sandpiper = True
    client_class.__init__ = checked_client


def end_after_interrupt():
    """An interrupted run ends the session's clusters: a task running on a worker cannot be
    stopped any other way, and nothing the run started keeps working. Says so."""
    clusters = _running_clusters()
    if not clusters:
        return
    workers = sum(len(getattr(cluster, "workers", {})) for cluster in clusters)
    try:
        close_clusters()
    except Exception:
        return
    print(
        "Sandpiper: the interrupt also ended the Dask cluster (%d worker%s): the tasks on its "
        "workers cannot be stopped any other way. Client() starts a new one."
        % (workers, "" if workers == 1 else "s"),
        file=sys.stderr,
    )
