"""Completion, call signatures and documentation with jedi.

Live queries use jedi.Interpreter against a session's namespace, from a thread of
their own while the main thread may be running a cell: they only read. While code runs,
jedi is not allowed to evaluate properties, __getattr__ or __getitem__ of user objects
(that would run user code on a second thread); when the session is idle it may, as in
IPython. Static queries use jedi.Script on the text alone (the code-intelligence engine, or names
not executed yet).

Positions follow the protocol: line 1-based, column 0-based in code points. Replies are
plain dicts shaped like the protocol's messages, bounded in count and size.
"""

import functools
import os
import re
import sys
import tempfile
import time

from . import jedicache

MAX_ITEMS = 1000
MAX_TEXT = 8 * 1024
MAX_DOC = 20 * 1024
# Live completion items get a signature and a short doc while this budget lasts; the
# editor asks for the documentation of the selected item with inspect. Static ones get
# none: reading stubs for one signature can take longer than the whole completion.
DETAIL_SECONDS = 0.005
DETAIL_ITEMS = 10
SHORT_DOC_LINES = 12

KINDS = frozenset(
    {
        "module",
        "class",
        "function",
        "instance",
        "keyword",
        "param",
        "path",
        "statement",
        "property",
    }
)
# jedi types outside the protocol's kinds.
_KIND_ALIASES = {"string": "instance", "namespace": "module"}

# `name["` or `a.b['al` at the end of the text before the cursor.
_KEY_CONTEXT = re.compile(
    r"(?P<expr>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\[\s*"
    r"(?P<quote>['\"])(?P<prefix>[^'\"\\]*)$"
)

_WARM_LIVE = (
    "df.",
    "df.a.",
    "df['a'].",
    "df.groupby('b').",
    "arr.",
    "pd.read_",
    "np.ze",
)
# Warm-up texts; once parsed, jedi keeps the trees in memory (and pickles them on disk).
# Most needed first: a first `df.` waits for the DataFrame steps only.
_WARM_STATIC = (
    ("pandas", "import pandas as pd\npd.DataFrame().", 2, 15),
    ("numpy", "import numpy as np\nnp.zeros(1).", 2, 12),
)
_WARM_STATIC_LATER = (
    ("pandas", "import pandas as pd\npd.Series().", 2, 12),
    ("pandas", "import pandas as pd\npd.read_csv(", 2, 12),
    ("os", "import os\nos.pa", 2, 5),
)


def _clip(text, limit):
    if not isinstance(text, str):
        return ""
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "\u2026"


def _completion_kind(completion):
    # An attribute jedi was not allowed to evaluate (a property, or a column through
    # __getattr__, while code runs) comes as a nameless placeholder that calls itself a
    # module: it is a value.
    if type(getattr(completion, "_name", None)).__name__ == "EmptyCompiledName":
        return "instance"
    return _kind(completion.type)


def _kind(jedi_type):
    kind = _KIND_ALIASES.get(jedi_type, jedi_type)
    return kind if kind in KINDS else "statement"


def _short_doc(text):
    lines = text.strip().splitlines()[:SHORT_DOC_LINES]
    return _clip("\n".join(lines), MAX_TEXT)


def _position(code, line, column):
    """(line, column) clamped into the text, or None when the line does not exist."""
    lines = code.split("\n")
    if line < 1 or line > len(lines):
        return None
    text = lines[line - 1]
    if text.endswith("\r"):
        text = text[:-1]
    return line, max(0, min(column, len(text)))


def _cache_directory():
    """jedi's cache folder if it can be written, else one in the private temporary
    folder."""
    import jedi

    for candidate in (
        jedi.settings.cache_directory,
        os.path.join(tempfile.gettempdir(), "sandpiper-jedi"),
    ):
        try:
            os.makedirs(candidate, exist_ok=True)
        except OSError:
            continue
        if os.access(candidate, os.W_OK | os.X_OK):
            return candidate
    return None


class Completer:
    """jedi queries for one session (namespace given) or for the code-intelligence engine (None)."""

    def __init__(self, namespace=None):
        self.namespace = namespace
        self._jedi = None
        self._environment = None
        # The code-intelligence engine's static requests share jedi's inference of the
        # libraries; a session's do not (its code may change the modules jedi imports).
        self._shared = jedicache.SharedStates() if namespace is None else None

    # --- set-up -----------------------------------------------------------------------

    def _load(self):
        if self._jedi is None:
            import jedi
            from jedi.api.environment import InterpreterEnvironment

            directory = _cache_directory()
            if directory:
                jedi.settings.cache_directory = directory
            _patch_jedi()
            jedicache.install()
            # jedi's default environment inspects compiled modules in a subprocess; this
            # process is the Python to describe.
            self._environment = InterpreterEnvironment()
            self._jedi = jedi
        return self._jedi

    def warm_steps(self):
        """Callables that warm jedi up, a library at a time: parsing pandas and numpy
        (and their stubs) is what makes a first `df.` take seconds."""
        yield self._load
        yield from self._static_steps(_WARM_STATIC)
        if self.namespace is not None:
            yield self._warm_live
        yield from self._static_steps(_WARM_STATIC_LATER)

    def _static_steps(self, texts):
        for module, code, line, column in texts:
            if _importable(module):
                yield functools.partial(self._warm_static, code, line, column)

    def _warm_static(self, code, line, column):
        self._script(code, "").complete(line, column)

    def _warm_live(self):
        # Live completion of real objects, details included, goes through more of
        # jedi than the static steps. Those do not always import pandas and numpy
        # (jedi reads its parse cache from disk), so this step does: a session that
        # skipped it answered its first `df.` in 0.8 s instead of a few ms.
        if not (_importable("pandas") and _importable("numpy")):
            return
        import numpy
        import pandas

        frame = pandas.DataFrame({"a": [1], "b": ["x"]})
        sample = Completer(
            {"df": frame, "arr": numpy.zeros(2), "pd": pandas, "np": numpy}
        )
        # While code runs jedi may not evaluate properties: other paths, warmed too.
        for busy in (False, True):
            for text in _WARM_LIVE:
                sample.complete(text, 1, len(text), live=True, busy=busy)

    # --- queries ----------------------------------------------------------------------

    def _script(self, code, path, live=False, busy=False):
        jedi = self._load()
        path = path or None
        if live and self.namespace is not None:
            jedi.settings.allow_unsafe_interpreter_executions = not busy
            return jedi.Interpreter(code, [self.namespace], path=path)
        script = jedi.Script(code, path=path, environment=self._environment)
        if self._shared is not None:
            self._shared.adopt(script)
        return script

    def complete(self, code, line, column, live=False, path="", busy=False):
        position = _position(code, line, column)
        if position is None:
            return []
        line, column = position
        if live and self.namespace is not None:
            keys = self._frame_keys(code, line, column)
            if keys is not None:
                return keys
        completions = self._script(code, path, live, busy).complete(line, column)
        before = code.split("\n")[line - 1][:column]
        items = []
        deadline = time.monotonic() + DETAIL_SECONDS
        for completion in completions:
            prefix_length = max(0, completion.get_completion_prefix_length())
            name = completion.name_with_symbols
            # Special methods only when asked for: `df.` would list 200 of them.
            typed = before[len(before) - prefix_length :] if prefix_length else ""
            if name.startswith("__") and not typed.startswith("_"):
                continue
            kind = _completion_kind(completion)
            item = {
                "name": _clip(name, MAX_TEXT),
                "kind": kind,
                "signature": "",
                "doc": "",
                "prefixLength": prefix_length,
            }
            if live and len(items) < DETAIL_ITEMS and time.monotonic() < deadline:
                item["signature"], item["doc"] = _details(completion, kind)
            items.append(item)
            if len(items) >= MAX_ITEMS:
                break
        return items

    def signatures(self, code, line, column, live=False, path="", busy=False):
        position = _position(code, line, column)
        if position is None:
            return []
        found = self._script(code, path, live, busy).get_signatures(*position)
        items = []
        labels = set()
        for signature in found:
            label = _clip(signature.to_string(), MAX_TEXT)
            if label in labels:
                continue  # overloads that read the same
            labels.add(label)
            params = [
                _clip(p.to_string(), MAX_TEXT) for p in signature.params[:MAX_ITEMS]
            ]
            index = signature.index
            if index is None or not 0 <= index < len(params):
                index = -1
            items.append(
                {
                    "label": label,
                    "params": params,
                    "activeParam": index,
                    "doc": _clip(signature.docstring(raw=True), MAX_DOC),
                }
            )
            if len(items) >= MAX_ITEMS:
                break
        return items

    def inspect(self, code, line, column, live=False, path="", busy=False):
        reply = {
            "name": "",
            "kind": "",
            "signature": "",
            "doc": "",
            "definition": {"path": "", "line": -1, "column": -1},
        }
        position = _position(code, line, column)
        if position is None:
            return reply
        script = self._script(code, path, live, busy)
        names = script.help(*position)
        if not names:
            return reply
        name = names[0]
        reply["name"] = _clip(name.name or "", MAX_TEXT)
        reply["kind"] = _kind(name.type)
        try:
            signatures = name.get_signatures()
        except Exception:
            signatures = []
        if signatures:
            reply["signature"] = _clip(signatures[0].to_string(), MAX_TEXT)
        reply["doc"] = _clip(name.docstring(raw=True), MAX_DOC)
        reply["definition"] = _definition(script, position, name)
        return reply

    def _frame_keys(self, code, line, column):
        """Column names for `df["` when df is a pandas DataFrame in the namespace.

        jedi offers dict keys itself but not DataFrame columns (it lists file names
        there).
        Only plain names and attributes found without running code are followed.
        """
        before = code.split("\n")[line - 1][:column]
        match = _KEY_CONTEXT.search(before)
        if match is None:
            return None
        frame = _lookup(self.namespace, match.group("expr").split("."))
        pandas = sys.modules.get("pandas")
        if pandas is None or frame is None or type(frame) is not pandas.DataFrame:
            return None
        quote, prefix = match.group("quote"), match.group("prefix")
        items = []
        # Reads only: frame[name] would fill the frame's item cache from this thread
        # while the main thread may be changing the frame.
        try:
            columns = list(frame.columns[: MAX_ITEMS * 10])
            dtypes = [str(t) for t in frame.dtypes.iloc[: MAX_ITEMS * 10]]
        except Exception:
            return None
        for name, dtype in zip(columns, dtypes):
            if not isinstance(name, str) or not name.startswith(prefix):
                continue
            if quote in name or "\\" in name or "\n" in name:
                continue
            items.append(
                {
                    "name": _clip(quote + name + quote, MAX_TEXT),
                    "kind": "instance",
                    "signature": "",
                    "doc": _clip(dtype, MAX_TEXT),
                    "prefixLength": len(prefix) + 1,
                }
            )
            if len(items) >= MAX_ITEMS:
                break
        return items


def _importable(module):
    if module in sys.modules:
        return True
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _lookup(namespace, parts):
    """Follows a dotted name through dicts and instance attributes, running no user
    code."""
    import inspect

    value = namespace.get(parts[0], None)
    for part in parts[1:]:
        if value is None:
            return None
        try:
            attribute = inspect.getattr_static(value, part)
        except AttributeError:
            return None
        # Descriptors (properties and the like) would run code: stop there.
        if hasattr(type(attribute), "__get__"):
            return None
        value = attribute
    return value


def _details(completion, kind):
    signature = ""
    doc = ""
    try:
        if kind in ("function", "class"):
            found = completion.get_signatures()
            if found:
                signature = _clip(found[0].to_string(), MAX_TEXT)
        doc = _short_doc(completion.docstring(raw=True, fast=True))
    except Exception:
        pass
    return signature, doc


def _definition(script, position, name):
    """Where the name is defined: goto's answer, else inference's (live objects often
    know their line but not their file through goto). Of several (overloads), the last.
    """
    definition = {"path": "", "line": -1, "column": -1}
    candidates = []
    for find in (
        lambda: script.goto(*position, follow_imports=True),
        lambda: script.infer(*position),
    ):
        try:
            candidates = [n for n in find() if n.module_path is not None and n.line]
        except Exception:
            candidates = []
        if candidates:
            break
    if not candidates:
        return definition
    target = candidates[-1]
    path = str(target.module_path)
    if len(path) > MAX_TEXT:
        return definition
    definition["path"] = path
    definition["line"] = max(1, target.line)
    definition["column"] = max(0, target.column or 0)
    return definition


def _patch_jedi():
    """Two guards around jedi 0.19 for live objects:

    - it fails on some typing annotations of compiled properties (pandas Series:
      'TreeInstance' object has no attribute 'with_generics'), which empties the whole
      completion list of `df.column.`: such an annotation is treated as unknown instead;
    - it looks for __wrapped__ with inspect.unwrap, which runs a class's __getattr__:
      user code on the completion thread. Only a __wrapped__ really stored on the object
      is followed.
    """
    import types

    try:
        from jedi.inference.base_value import NO_VALUES
        from jedi.inference.compiled import mixed
        from jedi.inference.compiled.value import CompiledValue
    except ImportError:
        return
    original = CompiledValue.execute_annotation
    if getattr(original, "_sandpiper_guard", False):
        return

    def execute_annotation(self):
        try:
            return original(self)
        except AttributeError:
            return NO_VALUES

    execute_annotation._sandpiper_guard = True
    CompiledValue.execute_annotation = execute_annotation

    if isinstance(getattr(mixed, "inspect", None), types.ModuleType):
        quiet_inspect = types.ModuleType("inspect")
        quiet_inspect.__dict__.update(mixed.inspect.__dict__)
        quiet_inspect.unwrap = _unwrap_stored
        mixed.inspect = quiet_inspect


def _unwrap_stored(value):
    import inspect

    seen = {id(value)}
    while True:
        try:
            wrapped = inspect.getattr_static(value, "__wrapped__")
        except AttributeError:
            return value
        if hasattr(type(wrapped), "__get__") and not inspect.isfunction(wrapped):
            return value  # a descriptor: reading it would run code
        if id(wrapped) in seen:
            raise ValueError("wrapper loop")
        seen.add(id(wrapped))
        value = wrapped
