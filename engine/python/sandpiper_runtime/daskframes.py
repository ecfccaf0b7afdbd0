"""Dask collections in the Variables dock and the data viewer, without computing them whole.

A Dask DataFrame is summarised from its metadata (columns, dtypes, partitions) and from its graph
(persisted: its partitions are already results, futures on the cluster or data in memory). The
viewer reads it one partition at a time: the partition asked for is computed (on the cluster when
there is one) and shown like a pandas DataFrame. Sort and filter become Dask operations on the
whole frame; the viewer then pages through the partitions of the result. The total row count is
computed only when asked for, in the background, partition batch by batch, so it reports progress
and can be cancelled.
"""

import collections
import json
import threading

from . import daskcluster, tableview
from .dataview import PageError
from .variables import _frame_dtypes, _isinstance

# Partitions computed for viewers, newest kept (each fits in memory: that is what a partition is).
KEPT_PARTITIONS = 3
# Derived frames (a viewer's sort and filter as a Dask graph), newest kept.
KEPT_VIEWS = 4
# A count computes this many partitions' lengths at once between looks at the cancel flag.
COUNT_BATCH = 8


def is_frame(value):
    return _isinstance(value, "dask.dataframe.core", "DataFrame") or _isinstance(
        value, "dask.dataframe.core", "Series"
    )


def is_array(value):
    return _isinstance(value, "dask.array.core", "Array")


def is_collection(value):
    return is_frame(value) or is_array(value)


def persisted(value):
    """True when every partition is already a result: one graph layer of futures or data, no
    task left to run."""
    graph = value.__dask_graph__()
    layers = getattr(graph, "layers", None)
    if layers is not None and len(layers) != 1:
        return False
    for task in graph.values():
        if type(task) is tuple and task and callable(task[0]):
            return False
    return True


def _meta_frame(value):
    meta = value._meta
    return meta.to_frame() if _isinstance(meta, "pandas", "Series") else meta


def summary_fields(value):
    """kind, shape, dtypes and repr of a Dask collection for the Variables dock; nothing is
    computed (an unknown extent is -1)."""
    state = "persisted" if persisted(value) else "not computed"
    if is_array(value):
        shape = [-1 if extent != extent else int(extent) for extent in value.shape]
        chunks = "×".join(str(len(c)) for c in value.chunks)
        return {
            "type": "Dask Array",
            "kind": "daskarray",
            "shape": shape,
            "dtypes": str(value.dtype),
            "repr": "%s chunks · %s" % (chunks, state),
        }
    meta = _meta_frame(value)
    names = [str(name) for name in meta.columns[:30]]
    more = len(meta.columns) - len(names)
    columns = ", ".join(names) + (", \u2026 (+%d)" % more if more > 0 else "")
    partitions = value.npartitions
    return {
        # Not "DataFrame": what is said and done for a pandas one does not hold for it.
        "type": "Dask " + type(value).__name__,
        "kind": "daskframe",
        "shape": [-1, int(meta.shape[1])],
        "dtypes": _frame_dtypes(meta),
        "repr": "%d partition%s · %s · columns: %s"
        % (partitions, "" if partitions == 1 else "s", state, columns),
    }


# --- The viewer's views -------------------------------------------------------------------------


def _filtered_partition(part, conditions, match_all):
    """A partition with only the rows meeting the viewer's filter (runs on the workers)."""
    import numpy as np

    from .dataview import table_of
    from .tableview import _condition_mask

    if len(part) == 0:
        return part
    table = table_of(part)
    masks = [_condition_mask(table, condition) for condition in conditions]
    combine = np.logical_and if match_all else np.logical_or
    return part[combine.reduce(masks)]


def derived(frame, sort, filter_):
    """The frame with the viewer's filter and sort as Dask operations (nothing computed yet
    except what sort_values computes to split the partitions)."""
    if _isinstance(frame, "dask.dataframe.core", "Series"):
        frame = frame.to_frame()
    names = list(frame.columns)

    def name_of(index):
        if not 0 <= index < len(names):
            raise PageError("the table has no column %d" % index)
        return names[index]

    conditions = (filter_ or {}).get("conditions") or []
    if conditions:
        for condition in conditions:
            name_of(condition["column"])
        frame = frame.map_partitions(
            _filtered_partition,
            conditions,
            bool(filter_.get("all", True)),
            meta=frame._meta,
        )
    if sort:
        directions = {bool(key["ascending"]) for key in sort}
        if len(directions) > 1:
            raise PageError(
                "a Dask DataFrame sorts by several columns in one direction only"
            )
        by = [name_of(key["column"]) for key in sort]
        frame = frame.sort_values(
            by[0] if len(by) == 1 else by, ascending=directions.pop()
        )
    return frame


class Partitions:
    """The partitions viewers read, and the derived frames of their views, a few kept."""

    def __init__(self):
        self._views = collections.OrderedDict()
        self._parts = collections.OrderedDict()
        self._lock = threading.Lock()

    def view(self, frame, sort, filter_):
        if not sort and not (filter_ or {}).get("conditions"):
            return frame
        spec = json.dumps([sort or [], filter_ or {}], sort_keys=True, default=str)
        key = (id(frame), spec)
        with self._lock:
            found = self._views.get(key)
            if found is not None and found[0] is frame:
                self._views.move_to_end(key)
                return found[1]
        result = derived(frame, sort, filter_)
        with self._lock:
            self._views[key] = (frame, result)
            while len(self._views) > KEPT_VIEWS:
                self._views.popitem(last=False)
        return result

    def partition(self, frame, number):
        """(pandas frame of partition `number`, partitions in all)."""
        count = frame.npartitions
        if not 0 <= number < count:
            raise PageError(
                "the frame has %d partition%s; there is no partition %d"
                % (count, "" if count == 1 else "s", number + 1)
            )
        # A run may have changed what the partitions read (files, variables): computed again.
        key = (id(frame), number, tableview.generation())
        with self._lock:
            found = self._parts.get(key)
            if found is not None and found[0] is frame:
                self._parts.move_to_end(key)
                return found[1], count
        part = frame.get_partition(number).compute()
        if _isinstance(part, "pandas", "Series"):
            part = part.to_frame()
        with self._lock:
            self._parts[key] = (frame, part)
            while len(self._parts) > KEPT_PARTITIONS:
                self._parts.popitem(last=False)
        return part, count


# --- Counting rows ------------------------------------------------------------------------------


class RowCount:
    """The rows of a frame, counted in a thread of its own, batch by batch of partitions."""

    def __init__(self, frame):
        self.of = frame.npartitions
        self.done = 0
        self.rows = 0
        self.error = ""
        self.finished = False
        self._cancelled = threading.Event()
        self._frame = frame
        self._thread = threading.Thread(
            target=self._run, name="sandpiper-row-count", daemon=True
        )
        self._thread.start()

    def cancel(self):
        self._cancelled.set()

    @property
    def cancelled(self):
        return self._cancelled.is_set()

    def _run(self):
        import dask

        try:
            lengths = self._frame.map_partitions(len).to_delayed()
            for start in range(0, len(lengths), COUNT_BATCH):
                if self._cancelled.is_set():
                    return
                batch = dask.compute(*lengths[start : start + COUNT_BATCH])
                self.rows += sum(int(n) for n in batch)
                self.done = min(self.of, start + len(batch))
        except BaseException as error:  # the user's frame may fail in any way
            self.error = "%s: %s" % (type(error).__name__, error)
        finally:
            self._frame = None
            self.finished = True

    def reply_fields(self):
        return {
            "done": self.done,
            "of": self.of,
            "rows": self.rows if self.finished and not self.error else -1,
            "finished": self.finished,
            "cancelled": self.cancelled,
            "error": self.error,
        }


class RowCounts:
    """The counts viewers asked for, by the viewer's hold."""

    def __init__(self):
        self._counts = {}

    def reply(self, frame, hold, restart=False, cancel=False):
        count = self._counts.get(hold)
        if cancel:
            if count is not None:
                count.cancel()
                self._counts.pop(hold, None)
                return dict(count.reply_fields(), cancelled=True)
            return {"done": 0, "of": 0, "rows": -1, "finished": True, "cancelled": True}
        if count is None or restart or (count.finished and count.error):
            if count is not None:
                count.cancel()
            count = self._counts[hold] = RowCount(frame)
        return count.reply_fields()

    def forget(self, hold):
        count = self._counts.pop(hold, None)
        if count is not None:
            count.cancel()


# --- The cluster --------------------------------------------------------------------------------


def cluster_fields():
    """What the Resources dock shows of the session's Dask cluster, from the scheduler's own
    information (refreshed by the client every few seconds); workers is empty without one.
    """
    processes = daskcluster.cluster_processes()
    client = daskcluster.current_client()
    if client is None:
        return {"workers": [], "processes": processes}
    info = client.scheduler_info()
    workers = []
    for address, worker in sorted((info.get("workers") or {}).items()):
        metrics = worker.get("metrics") or {}
        tasks = metrics.get("task_counts") or {}
        spilled = metrics.get("spilled_bytes") or {}
        workers.append(
            {
                "address": str(address),
                "name": str(worker.get("name", "")),
                "memory": int(metrics.get("memory") or 0),
                "memoryLimit": int(worker.get("memory_limit") or 0),
                "cpu": float(metrics.get("cpu") or 0.0),
                "running": int(tasks.get("executing", 0)),
                "queued": int(
                    sum(
                        tasks.get(state, 0)
                        for state in ("ready", "constrained", "waiting")
                    )
                ),
                "spilled": int(spilled.get("disk") or 0),
                "threads": int(worker.get("nthreads") or 0),
            }
        )
    return {
        "workers": workers,
        "scheduler": str(info.get("address", "")),
        "processes": processes,
    }
