"""The cell result cache: a cell whose header says `# %% [cache]` is run once per input.

The key is the cell's code, a content hash of every global name it reads (found with the
same kind of `ast` walk as the variables tracker) and the versions of Python and the data
libraries. On a hit, what the cell printed and displayed is shown again and the names it
assigns get their stored values, instead of running it. A value that cannot be pickled or
hashed makes the cell uncacheable, with a note: the cache is never wrong, only unused.

Entries live in the session's cache folder (in its workspace, so they survive a restart)
under a size budget; the least recently used go first.
"""

import _ast
import builtins
import hashlib
import importlib
import marshal
import os
import pickle
import sys
import time
import types

from . import libraries

MARKER = "[cache]"
FOLDER = os.path.join(".sandpiper", "cell-cache")
DEFAULT_BUDGET = 1 << 30
# Output kept with an entry; a cell that prints more is not cached.
OUTPUT_LIMIT = 16 << 20
SUFFIX = ".entry"


class Uncacheable(Exception):
    """Why a cell cannot be cached (shown to the user as a note)."""


def _is_cell_header(line):
    line = line.strip()
    return line.startswith("#") and line[1:].lstrip().startswith("%%")


def wants_cache(code):
    """True for one cell whose header line is marked [cache] (not a whole file of cells)."""
    lines = code.lstrip("\n").split("\n")
    if not _is_cell_header(lines[0]) or MARKER not in lines[0].lower():
        return False
    return not any(_is_cell_header(line) for line in lines[1:])


def _bound_by(node):
    """Names a statement binds at module level."""
    names = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, _ast.Name) and isinstance(n.ctx, (_ast.Store, _ast.Del)):
            names.add(n.id)
        elif isinstance(n, (_ast.FunctionDef, _ast.AsyncFunctionDef, _ast.ClassDef)):
            names.add(n.name)
            continue  # their bodies bind local names
        elif isinstance(n, (_ast.Import, _ast.ImportFrom)):
            for alias in n.names:
                names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(n, (_ast.Lambda, _ast.ListComp, _ast.SetComp, _ast.DictComp)):
            continue
        elif isinstance(n, _ast.GeneratorExp):
            continue
        stack.extend(_children(n))
    return names


def _children(node):
    for field in node._fields:
        child = getattr(node, field, None)
        if isinstance(child, _ast.AST):
            yield child
        elif isinstance(child, list):
            for c in child:
                if isinstance(c, _ast.AST):
                    yield c


def _all_below(node):
    stack = list(_children(node))
    while stack:
        n = stack.pop()
        yield n
        stack.extend(_children(n))


def _loaded_in(node):
    names = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, _ast.Name) and isinstance(n.ctx, _ast.Load):
            names.add(n.id)
        elif isinstance(n, _ast.Global):
            names.update(n.names)
        stack.extend(_children(n))
    return names


def _scan(statements, bound, reads):
    """Adds to reads what the statements read before this cell bound it. Only bindings that
    always happen count: a name bound in one branch of an `if`, or in a loop's body, may
    still come from the namespace after it (too many reads only cost a miss)."""
    for st in statements:
        if isinstance(st, (_ast.For, _ast.AsyncFor)):
            reads |= _loaded_in(st.iter) - bound
            _scan(st.body, bound | _bound_by(st.target), reads)
            _scan(st.orelse, set(bound), reads)
        elif isinstance(st, (_ast.While, _ast.If)):
            reads |= _loaded_in(st.test) - bound
            _scan(st.body, set(bound), reads)
            _scan(st.orelse, set(bound), reads)
        elif isinstance(st, (_ast.With, _ast.AsyncWith)):
            inner = set(bound)
            for item in st.items:
                reads |= _loaded_in(item.context_expr) - bound
                if item.optional_vars is not None:
                    inner |= _bound_by(item.optional_vars)
            _scan(st.body, inner, reads)
        elif isinstance(st, _ast.Try) or type(st).__name__ == "TryStar":
            _scan(st.body, set(bound), reads)
            for handler in st.handlers:
                if handler.type is not None:
                    reads |= _loaded_in(handler.type) - bound
                _scan(
                    handler.body,
                    bound | ({handler.name} if handler.name else set()),
                    reads,
                )
            _scan(st.orelse, set(bound), reads)
            _scan(st.finalbody, set(bound), reads)
        else:
            reads |= _loaded_in(st) - bound
            if not isinstance(st, _ast.Match):
                bound |= _bound_by(st)


def reads_and_writes(tree):
    """(names the cell reads before it has bound them, names it may bind): `x = x + 1` reads
    x; `y = 1` then `print(y)` does not read y; the loop variable in its loop is no read.
    """
    for node in _all_below(tree):
        if isinstance(node, _ast.ImportFrom) and any(a.name == "*" for a in node.names):
            raise Uncacheable("a star import binds names that cannot be known ahead")
    reads = set()
    _scan(tree.body, set(), reads)
    return reads, _bound_by(tree)


def _code_fingerprint(code):
    return hashlib.sha256(marshal.dumps(code)).hexdigest()


def fingerprint(name, value):
    """A content hash of a value; Uncacheable when there is none that can be trusted."""
    if isinstance(value, types.ModuleType):
        version = getattr(value, "__version__", "")
        return f"module:{value.__name__}:{version}"
    if isinstance(value, types.FunctionType):
        try:
            defaults = pickle.dumps(
                (value.__defaults__, value.__kwdefaults__), protocol=5
            )
        except Exception as error:
            raise Uncacheable(
                f"{name}: its defaults cannot be pickled ({error})"
            ) from None
        return (
            "function:"
            + _code_fingerprint(value.__code__)
            + hashlib.sha256(defaults).hexdigest()
        )
    if isinstance(value, (types.BuiltinFunctionType, type)) and getattr(
        value, "__module__", None
    ) not in ("__main__", None):
        return f"ref:{value.__module__}.{getattr(value, '__qualname__', name)}"
    if isinstance(value, type):
        raise Uncacheable(f"{name} is a class defined in the session")
    return "value:" + hashlib.sha256(_pickled(value, f"{name} cannot")).hexdigest()


def _pickled(value, what):
    try:
        return pickle.dumps(value, protocol=5)
    except Exception as error:
        raise Uncacheable(f"{what} be pickled ({type(error).__name__})") from None


def cell_key(code, namespace, reads, versions):
    digest = hashlib.sha256()
    digest.update(b"code\0" + code.encode("utf-8", "surrogatepass") + b"\0")
    for name in sorted(reads):
        if name in namespace:
            part = fingerprint(name, namespace[name])
        elif hasattr(builtins, name):
            continue  # a builtin
        else:
            part = "missing"
        digest.update(f"{name}\0{part}\0".encode())
    digest.update(repr(sorted(versions.items())).encode())
    return digest.hexdigest()


def library_versions():
    return {"python": sys.version, **libraries.versions()}


class Capture:
    """Passes writes on to a stream and keeps a copy, up to OUTPUT_LIMIT characters; anything
    else is the stream's own."""

    def __init__(self, stream):
        self.stream = stream
        self.parts = []
        self.size = 0
        self.overflow = False

    def write(self, text):
        if not self.overflow:
            self.size += len(text)
            if self.size > OUTPUT_LIMIT:
                self.overflow = True
                self.parts.clear()
            else:
                self.parts.append(text)
        return self.stream.write(text)

    def flush(self):
        self.stream.flush()

    def __getattr__(self, name):
        return getattr(self.stream, name)

    def text(self):
        return "".join(self.parts)


class CellCache:
    """Entries in folder, at most budget bytes in all."""

    def __init__(self, folder=FOLDER, budget=DEFAULT_BUDGET, versions=library_versions):
        # Where it is now: code that changes the working directory does not move it.
        self.folder = os.path.abspath(folder)
        self.budget = budget
        self.versions = versions

    def _path(self, key):
        return os.path.join(self.folder, key + SUFFIX)

    def load(self, key):
        path = self._path(key)
        try:
            with open(path, "rb") as f:
                entry = pickle.load(f)
        except FileNotFoundError:
            return None
        except Exception:
            # A damaged entry is a miss, and goes.
            self._remove(path)
            return None
        now = time.time()
        try:
            os.utime(path, (now, now))  # recently used
        except OSError:
            pass
        return entry

    def store(self, key, entry):
        os.makedirs(self.folder, exist_ok=True)
        path = self._path(key)
        temporary = path + ".part"
        with open(temporary, "wb") as f:
            pickle.dump(entry, f, protocol=5)
        os.replace(temporary, path)
        self.trim(keep=path)

    def trim(self, keep=None):
        """Removes the least recently used entries until the rest fit the budget (the one
        just stored stays, even alone over it)."""
        try:
            entries = [e for e in os.scandir(self.folder) if e.name.endswith(SUFFIX)]
        except OSError:
            return
        stats = []
        for e in entries:
            try:
                s = e.stat()
            except OSError:
                continue
            stats.append((s.st_mtime, s.st_size, e.path))
        total = sum(size for _, size, _ in stats)
        for _, size, path in sorted(stats):
            if total <= self.budget:
                break
            if path == keep:
                continue
            self._remove(path)
            total -= size

    @staticmethod
    def _remove(path):
        try:
            os.remove(path)
        except OSError:
            pass


def prepare(code, namespace, cache):
    """(key, names the cell binds) for a [cache] cell; Uncacheable when it cannot be."""
    tree = compile(code, "<cache>", "exec", flags=_ast.PyCF_ONLY_AST, dont_inherit=True)
    reads, writes = reads_and_writes(tree)
    return cell_key(code, namespace, reads, cache.versions()), writes


def restore(entry, namespace, publish, stdout, stderr):
    """Shows a stored entry again and binds its values."""
    values = pickle.loads(entry["values"])
    for name, module in entry.get("modules", {}).items():
        values[name] = importlib.import_module(module)
    namespace.update(values)
    for name in entry.get("deleted", ()):
        namespace.pop(name, None)
    if entry["stdout"]:
        stdout.write(entry["stdout"])
    if entry["stderr"]:
        stderr.write(entry["stderr"])
    for data, metadata in entry["displays"]:
        publish(data, metadata)


def entry_for(namespace, writes, stdout, stderr, displays):
    """What a successful run leaves to store; Uncacheable when some of it cannot be."""
    if stdout.overflow or stderr.overflow:
        raise Uncacheable("it printed more than 16 MB")
    values = {}
    modules = {}
    deleted = []
    for name in sorted(writes):
        if name not in namespace:
            deleted.append(name)
            continue
        value = namespace[name]
        if isinstance(value, types.ModuleType):
            modules[name] = value.__name__  # imported again by name
            continue
        # Pickled by reference to a module the session's namespace is not: not restorable.
        if (
            isinstance(value, (types.FunctionType, type))
            and value.__module__ == "__main__"
        ):
            raise Uncacheable(
                f"{name} is defined in the cell; only data can be restored"
            )
        values[name] = value
    return {
        "values": _pickled(values, "its results cannot"),
        "modules": modules,
        "deleted": deleted,
        "stdout": stdout.text(),
        "stderr": stderr.text(),
        "displays": list(displays),
    }
