"""Variable summaries for the inspector, sent as differences between executions.

Summaries call user code (__repr__, __len__, properties), so each one runs under a
SIGALRM timer: a repr that never returns or raises gives a fallback text instead of
hanging or breaking the session. A C-level loop cannot be stopped this way; the client's
interrupt escalation covers that.
"""

import sys
import time
import types

REPR_LIMIT = 200
# Beyond this many names (say, globals() filled in a loop) the rest is not listed.
MAX_VARIABLES = 5000
# Names longer than this (only possible through globals()) are not listed.
NAME_LIMIT = 256
TYPE_LIMIT = 200
VARIABLE_SECONDS = 0.2
TOTAL_SECONDS = 2.0
# Re-raise period when user code swallows the first timeout (except BaseException).
_RETRY_SECONDS = 0.02

HIDDEN_NAMES = frozenset({"In", "Out", "exit", "quit", "get_ipython", "display"})
_HIDDEN_TYPES = (
    types.ModuleType,
    type,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.MethodWrapperType,
    types.WrapperDescriptorType,
    types.MethodDescriptorType,
)
# Callables from libraries that look like functions to a user.
_HIDDEN_TYPE_NAMES = frozenset(
    {
        ("numpy", "ufunc"),
        ("numpy", "_ArrayFunctionDispatcher"),
        ("functools", "partial"),
        ("typing", "_SpecialForm"),
        ("typing", "_GenericAlias"),
        ("typing", "_SpecialGenericAlias"),
        ("typing", "TypeVar"),
    }
)
# Values that cannot change in place: an identical object has an identical summary.
_IMMUTABLE = (int, float, complex, bool, str, bytes, type(None), range)
_SCALAR_TYPES = (int, float, complex, bool, str, bytes, type(None))
_SCALAR_MODULES = frozenset({"datetime", "decimal", "fractions", "uuid", "pathlib"})
_COLLECTIONS = (list, tuple, dict, set, frozenset)


class _Timeout(BaseException):
    """Raised by the SIGALRM handler inside user code; BaseException so that
    'except Exception' in a __repr__ does not swallow it."""


def visible(name, value):
    """True for the names a user expects in the variable inspector."""
    if name.startswith("_") or name in HIDDEN_NAMES or len(name) > NAME_LIMIT:
        return False
    if isinstance(value, _HIDDEN_TYPES):
        return False
    t = type(value)
    return (t.__module__, t.__name__) not in _HIDDEN_TYPE_NAMES


def _module_type(name, attr):
    module = sys.modules.get(name)
    return getattr(module, attr, None) if module is not None else None


def _isinstance(value, module_name, attr):
    """isinstance() by the value's own type: its __class__, which a class can make a property
    running any code, is never asked (the side thread reads values while code runs)."""
    cls = _module_type(module_name, attr)
    return isinstance(cls, type) and issubclass(type(value), cls)


def one_line(text, limit=REPR_LIMIT):
    """Collapses line breaks (and the indentation after them) and bounds the length."""
    if len(text) > limit * 4:
        text = text[: limit * 4]
    if "\n" in text or "\r" in text:
        text = " ".join(part.strip() for part in text.splitlines() if part.strip())
    if len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    return text


_short_repr_impl = None


def _reprlib():
    global _short_repr_impl
    if _short_repr_impl is None:
        import reprlib

        r = reprlib.Repr()
        r.maxlevel = 2
        r.maxlist = r.maxtuple = r.maxset = r.maxfrozenset = r.maxdeque = 8
        r.maxdict = 6
        r.maxarray = 8
        r.maxstring = REPR_LIMIT
        r.maxlong = REPR_LIMIT
        r.maxother = REPR_LIMIT
        _short_repr_impl = r
    return _short_repr_impl


def short_repr(value):
    t = type(value)
    if t is str or t is bytes:
        return one_line(repr(value[: REPR_LIMIT + 1]))
    if isinstance(value, _COLLECTIONS) or t.__name__ == "deque":
        # reprlib looks at a few items only: a list of 10^7 items stays cheap.
        return one_line(_reprlib().repr(value))
    if _isinstance(value, "pandas", "DataFrame"):
        columns = [str(c) for c in value.columns[:30]]
        more = len(value.columns) - len(columns)
        text = "columns: " + ", ".join(columns)
        if more > 0:
            text += f", \u2026 (+{more})"
        return one_line(text)
    if _isinstance(value, "pandas", "Series") or _isinstance(value, "pandas", "Index"):
        head = (value.iloc[:8] if hasattr(value, "iloc") else value[:8]).tolist()
        text = ", ".join(one_line(repr(v), 40) for v in head)
        if len(value) > len(head):
            text += ", \u2026"
        return one_line(text)
    if _isinstance(value, "numpy", "ndarray"):
        import numpy

        return one_line(
            numpy.array2string(value, threshold=16, edgeitems=3, max_line_width=10**6)
        )
    return one_line(repr(value))


def _frame_dtypes(frame):
    # The text of each distinct dtype object only: columns of one dtype share it, and the
    # text of 10^5 dtypes one by one takes half a second.
    dtypes = frame.dtypes.tolist()
    first = {}
    for dtype in dtypes:
        first.setdefault(id(dtype), dtype)
    distinct = list(dict.fromkeys(str(d) for d in first.values()))
    text = ", ".join(distinct[:6])
    if len(distinct) > 6:
        text += ", \u2026"
    n = len(dtypes)
    return f"{text} ({n} column{'s' if n != 1 else ''})"


def _kind(value):
    if _isinstance(value, "pandas", "DataFrame"):
        return "dataframe"
    if _isinstance(value, "pandas", "Series") or _isinstance(value, "pandas", "Index"):
        return "series"
    if _isinstance(value, "numpy", "ndarray"):
        return "array"
    if issubclass(type(value), _SCALAR_TYPES) or _isinstance(value, "numpy", "generic"):
        return "scalar"
    if type(value).__module__ in _SCALAR_MODULES:
        return "scalar"
    if issubclass(type(value), _COLLECTIONS) or type(value).__name__ == "deque":
        return "collection"
    if issubclass(type(value), range):
        return "collection"
    return "object"


def _size_of_collection(value):
    total = sys.getsizeof(value)
    items = value.items() if isinstance(value, dict) else value
    n = len(value)
    if n == 0:
        return total
    sample = 0
    counted = 0
    for item in items:
        if isinstance(value, dict):
            sample += sys.getsizeof(item[0]) + sys.getsizeof(item[1])
        else:
            sample += sys.getsizeof(item)
        counted += 1
        if counted >= 1000:
            break
    return total + sample * n // counted


def _bytes(value, kind):
    if kind == "dataframe" or kind == "series":
        if _isinstance(value, "pandas", "Index"):
            return int(value.memory_usage(deep=len(value) <= 100_000))
        deep = len(value) <= 100_000
        usage = value.memory_usage(index=True, deep=deep)
        return int(usage.sum()) if hasattr(usage, "sum") else int(usage)
    if kind == "array":
        return int(value.nbytes)
    if kind == "collection" and not isinstance(value, range):
        return int(_size_of_collection(value))
    return int(sys.getsizeof(value))


def _shape(value, kind):
    if kind in ("dataframe", "series", "array"):
        return [int(n) for n in value.shape]
    if kind == "collection":
        return [len(value)]
    return []


def _dtypes(value, kind):
    if kind == "dataframe":
        return _frame_dtypes(value)
    if kind in ("series", "array"):
        return str(value.dtype)
    return ""


def blank_summary(name, type_name="", repr_text=""):
    """The fields of the protocol's VariableSummary before anything is known of the value."""
    return {
        "name": name,
        "type": one_line(type_name, TYPE_LIMIT),
        "kind": "object",
        "shape": [],
        "dtypes": "",
        "bytes": -1,
        "repr": repr_text,
        "expandable": False,
    }


def summarize(name, value, guard=None):
    """The summary dict of one variable (fields of the protocol's VariableSummary)."""
    summary = blank_summary(name, type(value).__name__)
    guard = guard or _NoGuard()
    if "dask" in sys.modules:
        from . import daskframes

        if daskframes.is_collection(value):
            return _dask_summary(summary, value, guard)
    try:
        summary["kind"] = kind = guard.call(_kind, value)
        summary["shape"] = guard.call(_shape, value, kind)
        summary["dtypes"] = one_line(guard.call(_dtypes, value, kind))
    except _Timeout:
        summary["repr"] = "<summary timed out>"
        return summary
    except BaseException:
        pass
    try:
        summary["bytes"] = guard.call(_bytes, value, summary["kind"])
    except BaseException:
        summary["bytes"] = -1
    try:
        summary["repr"] = guard.call(short_repr, value)
    except _Timeout:
        summary["repr"] = "<repr timed out>"
    except BaseException as error:
        summary["repr"] = one_line(f"<repr failed: {_describe(error)}>")
    try:
        from .members import expandable

        summary["expandable"] = bool(guard.call(expandable, value))
    except BaseException:
        summary["expandable"] = False
    return summary


def _dask_summary(summary, value, guard):
    """A Dask collection from its metadata and graph: computing it could take hours."""
    from . import daskframes

    try:
        fields = guard.call(daskframes.summary_fields, value)
    except _Timeout:
        summary["repr"] = "<summary timed out>"
        return summary
    except BaseException as error:
        summary["repr"] = one_line(f"<summary failed: {_describe(error)}>")
        return summary
    summary.update(fields)
    summary["dtypes"] = one_line(summary["dtypes"])
    summary["repr"] = one_line(summary["repr"])
    return summary


def _describe(error):
    try:
        message = str(error)
    except BaseException:
        message = "?"
    name = type(error).__name__
    return f"{name}: {message}" if message else name


class _NoGuard:
    def call(self, func, *args):
        return func(*args)

    def expired(self):
        return False


class TimeGuard:
    """Bounds calls into user code with ITIMER_REAL; main thread only.

    A user's own pending alarm is never cancelled: while one is set, no guard is used.
    """

    def __init__(self, seconds=None, total=None):
        self.seconds = VARIABLE_SECONDS if seconds is None else seconds
        self.total = TOTAL_SECONDS if total is None else total
        self._armed = False
        self._previous = None
        self._usable = False
        self._spent = 0.0

    def __enter__(self):
        # Imported here: the signal module pulls in enum, slow for start-up.
        import signal

        self._signal = signal
        self._usable = signal.getitimer(signal.ITIMER_REAL)[0] == 0
        if self._usable:
            try:
                self._previous = signal.signal(signal.SIGALRM, self._fire)
            except ValueError:  # not the main thread
                self._usable = False
        return self

    def __exit__(self, *exc):
        if self._usable:
            self._signal.setitimer(self._signal.ITIMER_REAL, 0)
            self._armed = False
            self._signal.signal(self._signal.SIGALRM, self._previous)
        return False

    def _fire(self, signum, frame):
        if self._armed:
            raise _Timeout()

    def expired(self):
        return self._spent >= self.total

    def call(self, func, *args):
        if not self._usable:
            return func(*args)
        start = time.monotonic()
        signal = self._signal
        self._armed = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds, _RETRY_SECONDS)
        try:
            return func(*args)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            self._armed = False
            self._spent += time.monotonic() - start


_UNSUMMARISED = "<not summarised: time budget exceeded>"


def _unsummarised(name, value):
    return blank_summary(name, type(value).__name__, _UNSUMMARISED)


def fingerprint(value):
    """A cheap value that changes whenever the summary may have changed, or None when there
    is no cheaper way to know than summarising. The expensive part of a summary is its
    memory size (deep for text columns, sampled for collections); what it shows besides is
    cheap and goes into the fingerprint as it is."""
    if _isinstance(value, "pandas", "DataFrame"):
        # The blocks hold the data: a new column, a new dtype or a replaced block changes
        # them; writing into a block in place changes no summary field (memory size aside).
        blocks = value._mgr.blocks
        return (
            value.shape,
            id(value.columns),
            id(value.index),
            tuple((id(b.values), str(b.dtype)) for b in blocks),
        )
    if isinstance(value, _COLLECTIONS) or type(value).__name__ == "deque":
        return (type(value), len(value), short_repr(value))
    if _isinstance(value, "pandas", "Series") or _isinstance(value, "pandas", "Index"):
        return (value.shape, str(value.dtype), short_repr(value))
    return None


_TIMED_OUT = frozenset({"<repr timed out>", "<summary timed out>"})


class _Entry:
    """What the tracker last sent for one name."""

    __slots__ = ("mutable", "value", "ident", "summary", "fingerprint")

    def __init__(self, value, summary, fingerprint):
        # An immutable value is kept (an identical object has an identical summary); of a
        # mutable one only the identity, so that a deleted object is freed at once.
        # One the time budget skipped is looked at again like a mutable one, whatever it is.
        self.mutable = type(value) not in _IMMUTABLE or summary["repr"] == _UNSUMMARISED
        self.value = None if self.mutable else value
        self.ident = (id(value), type(value))
        self.summary = summary
        self.fingerprint = fingerprint

    def same_immutable(self, value):
        return not self.mutable and self.value is value

    def same_object(self, value):
        return self.ident == (id(value), type(value))


_MISSING = object()


class Tracker:
    """Remembers the last summaries and returns what changed since then.

    A run's diff costs what the run can have changed, not what the namespace holds: it
    looks at the names bound, rebound or deleted since the last diff (``touched``, from the
    engine's watch on the namespace; None means unknown, and every name is looked at), and
    re-summarises the mutable objects the run's code names. Any other mutable object may
    have changed through an alias or a function: refresh_step() looks at those while the
    session is idle, an object at a time, and its findings come as a diff of their own.
    """

    def __init__(self):
        self._entries = {}  # name -> _Entry
        self._mutable = set()  # names whose entry holds a mutable object
        self._first = True
        self._stale = []  # mutable names the idle refresh still has to look at
        self._found = {}  # name -> summary the refresh found changed, not yet sent

    def reset(self):
        self.__init__()

    @property
    def settled(self):
        """True when every summary sent is up to date (no refresh pending)."""
        return not self._stale and not self._found

    def diff(self, namespace, touched=None, named=()):
        """The differences since the last diff. touched: names bound, rebound or deleted
        since then (None: unknown); named: names the run's code mentions."""
        full = touched is None or self._first
        candidates = list(namespace) if full else set(touched).union(named)
        if full:
            candidates.extend(n for n in self._entries if n not in namespace)
        changed = dict(self._found)
        self._found = {}
        removed = []
        pending = []
        summarised = set()
        room = MAX_VARIABLES - len(self._entries)
        for name in candidates:
            if not isinstance(name, str):
                continue
            value = namespace.get(name, _MISSING)
            entry = self._entries.get(name)
            try:
                shown = value is not _MISSING and visible(name, value)
            except BaseException:
                shown = False
            if not shown:
                if entry is not None:
                    self._forget(name)
                    changed.pop(name, None)
                    removed.append(name)
                continue
            if entry is not None and entry.same_immutable(value):
                continue
            if (
                entry is not None
                and full
                and name not in named
                and entry.same_object(value)
            ):
                continue  # left to the idle refresh
            if entry is None:
                if room <= 0:
                    continue  # beyond the cap: not listed
                room -= 1
            pending.append((name, value))
            summarised.add(name)
        if pending:
            with TimeGuard() as guard:
                for name, value in pending:
                    if guard.expired():
                        summary, print_ = _unsummarised(name, value), None
                    else:
                        summary = summarize(name, value, guard)
                        print_ = _guarded_fingerprint(value, guard)
                    entry = self._entries.get(name)
                    if entry is None or entry.summary != summary:
                        changed[name] = summary
                    self._remember(name, _Entry(value, summary, print_))
        self._stale = [name for name in self._mutable if name not in summarised]
        reset = self._first
        self._first = False
        return {
            "changed": list(changed.values()),
            "removed": removed,
            "reset": reset,
            "settled": self.settled,
        }

    def _remember(self, name, entry):
        self._entries[name] = entry
        if entry.mutable:
            self._mutable.add(name)
        else:
            self._mutable.discard(name)

    def _forget(self, name):
        del self._entries[name]
        self._mutable.discard(name)

    def refresh_step(self, namespace, seconds=0.0):
        """Looks at one stale mutable object, and at more until `seconds` have passed.
        Returns None while the refresh goes on, else its diff (settled, possibly empty)
        once every object was looked at. The engine calls it with no time to spare and
        looks for a waiting request between calls, so a request waits for one object at
        most."""
        if not self._stale:
            return None
        deadline = time.monotonic() + seconds
        looked = 0
        with TimeGuard() as guard:
            while self._stale and (looked == 0 or time.monotonic() < deadline):
                looked += 1
                name = self._stale.pop()
                entry = self._entries.get(name)
                value = namespace.get(name, _MISSING)
                if entry is None or value is _MISSING:
                    continue  # deleted meanwhile: the next run's diff says so
                if entry.summary["repr"] in _TIMED_OUT and entry.same_object(value):
                    continue  # too slow to look at while idle: when a run names it
                print_ = _guarded_fingerprint(value, guard)
                if print_ is not None and entry.same_object(value):
                    if print_ == entry.fingerprint:
                        continue
                summary = summarize(name, value, guard)
                if summary != entry.summary:
                    self._found[name] = summary
                self._remember(name, _Entry(value, summary, print_))
        if self._stale:
            return None
        found = list(self._found.values())
        self._found = {}
        return {"changed": found, "removed": [], "reset": False, "settled": True}


def _guarded_fingerprint(value, guard):
    try:
        return guard.call(fingerprint, value)
    except BaseException:
        return None
