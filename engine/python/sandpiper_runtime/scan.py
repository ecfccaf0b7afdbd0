"""The security scan: what a piece of code would do that its user should know before it runs.

An `ast` walk, never an execution. Each finding has a line, a column, a rule id and a reason.
The sandbox is the real protection; the scan is the report the user reads. It aims at zero
findings on ordinary analysis code (every template and example we ship) and at flagging every
case of the hostile suites (tests/sandbox).
"""

import ast
import re

from . import viewing

MAX_FINDINGS = 1000

# Rule ids and what they are about; the severity is "error" for the rules that reach outside
# the session (or hide what they do) and "warning" for the ones that exhaust it.
RULES = {
    "SP101": ("error", "process execution"),
    "SP102": ("error", "network"),
    "SP103": ("error", "dynamic code"),
    "SP104": ("error", "native code"),
    "SP105": ("error", "unsafe deserialisation"),
    "SP106": ("warning", "file access outside the workspace"),
    "SP107": ("error", "environment and credentials"),
    "SP108": ("error", "fork or thread bomb"),
    "SP109": ("error", "obfuscation"),
    "SP110": ("warning", "endless loop or wait"),
    "SP111": ("warning", "process control"),
    "SP112": ("error", "privileges and limits"),
    "SP113": ("warning", "resource exhaustion"),
}

_PROCESS_MODULES = {"subprocess", "pty", "pexpect", "sh"}
_NETWORK_MODULES = {
    "socket", "urllib", "urllib.request", "urllib3", "requests", "http", "http.client",
    "ftplib", "smtplib", "telnetlib", "httpx", "aiohttp", "websocket", "websockets",
    "paramiko", "socketserver", "xmlrpc", "xmlrpc.client",
}  # fmt: skip
_NATIVE_MODULES = {"ctypes", "cffi"}
_CREDENTIAL_MODULES = {"keyring", "getpass"}

_PROCESS_CALLS = {
    "os.system", "os.popen", "os.fork", "os.forkpty", "os.posix_spawn", "os.posix_spawnp",
    "pty.spawn", "pty.fork",
}  # fmt: skip
_PROCESS_PREFIXES = ("os.exec", "os.spawn", "subprocess.")
_PROCESS_CONTROL = {
    "os.kill",
    "os.killpg",
    "os._exit",
    "os.abort",
    "signal.pthread_kill",
}
_PRIVILEGE_CALLS = {
    "os.setuid", "os.setgid", "os.seteuid", "os.setegid", "os.setreuid", "os.setregid",
    "os.setresuid", "os.setresgid", "os.setgroups", "os.unshare", "os.setns", "os.chroot",
    "resource.setrlimit", "resource.prlimit",
}  # fmt: skip
_DESERIALISE = {
    "pickle.load", "pickle.loads", "pickle.Unpickler", "_pickle.load", "_pickle.loads",
    "marshal.load", "marshal.loads", "shelve.open", "pandas.read_pickle", "joblib.load",
    "dill.load", "dill.loads", "cloudpickle.load", "cloudpickle.loads", "yaml.unsafe_load",
    "yaml.full_load",
}  # fmt: skip
_SAFE_YAML_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader"}
_ENVIRONMENT = {"os.getenv", "os.putenv", "os.unsetenv", "os.getenvb"}
_SPAWNERS = {
    "os.fork", "os.forkpty", "threading.Thread", "multiprocessing.Process",
    "multiprocessing.Pool", "concurrent.futures.ProcessPoolExecutor",
    "concurrent.futures.ThreadPoolExecutor",
}  # fmt: skip
_MANY_OF = _SPAWNERS | {
    "matplotlib.pyplot.figure", "matplotlib.pyplot.subplots", "open", "socket.socket",
}  # fmt: skip
_DECODERS = {"b64decode", "b32decode", "b85decode", "a85decode", "decode", "fromhex",
             "decompress", "unhexlify", "a2b_base64", "rot13"}  # fmt: skip
_ENDLESS_ITERATORS = {"itertools.count", "itertools.cycle"}
_CONSUMERS = {"sum", "list", "tuple", "set", "frozenset", "sorted", "max", "min", "dict",
              "any", "all", "len", "numpy.array", "numpy.fromiter"}  # fmt: skip
_SENSITIVE_NAMES = (
    ".ssh/", "id_rsa", "id_ed25519", "id_ecdsa", ".aws/credentials", ".netrc", ".pgpass",
    ".git-credentials", ".docker/config", ".kube/config", "/etc/shadow", "/environ",
    ".gnupg",
)  # fmt: skip
_ABSOLUTE = re.compile(r"^/[A-Za-z0-9._-]")
# An absolute path inside a longer text (SQL, a shell line): quoted, or under a system folder.
_EMBEDDED_PATH = re.compile(
    r"""['"](/[A-Za-z0-9._-][^'"\s]*)['"]|(?:^|[\s(=,])(/(?:etc|proc|sys|home|root|usr|var|dev|"""
    r"""tmp|run|boot|opt|srv|mnt|media)(?:/[^'"\s)]*)?)"""
)
_URL = re.compile(r"\b(?:https?|ftp|wss?|sftp)://", re.IGNORECASE)
_SQL_OUTSIDE = re.compile(
    r"^\s*(?:INSTALL|LOAD|ATTACH|SET\s+(?:GLOBAL\s+)?enable_external_access|"
    r"SET\s+(?:GLOBAL\s+)?allow_unsigned_extensions)\b",
    re.IGNORECASE,
)
_HARMLESS_PATHS = {"/dev/null"}
_LARGE_COUNT = 1 << 30  # elements or bytes asked for in one call
_MANY_ITERATIONS = 1000
_LONG_SLEEP_S = 3600
_HUGE_FIGURE_PIXELS = 10**8


def scan(code):
    """Findings in code, as dicts: line, column (0-based), code (rule id), message, severity.
    Code that does not parse has none: Python would not run it either."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        expanded = viewing.expand_magics(code)
        if expanded is None:
            return []
        try:
            tree = ast.parse(expanded)
        except (SyntaxError, ValueError):
            return []
    scanner = _Scanner()
    scanner.visit(tree)
    findings = sorted(scanner.findings.values(), key=lambda f: (f["line"], f["column"]))
    return findings[:MAX_FINDINGS]


def _constant_number(node):
    """The value of a constant integer or float expression (10**11, 1 << 30, 8 * 2**20)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        if not isinstance(node.value, bool):
            return node.value
        return None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _constant_number(node.operand)
        return None if value is None else -value
    if isinstance(node, ast.BinOp):
        left, right = _constant_number(node.left), _constant_number(node.right)
        if left is None or right is None:
            return None
        try:
            if isinstance(node.op, ast.Pow) and abs(right) <= 64:
                return left**right
            if isinstance(node.op, ast.LShift) and 0 <= right <= 64:
                return int(left) << int(right)
            if isinstance(node.op, ast.Mult):
                return left * right
            if isinstance(node.op, ast.Add):
                return left + right
        except (TypeError, OverflowError, ValueError):
            return None
    return None


def _is_false(node):
    return isinstance(node, ast.Constant) and not node.value


def _is_constant_true(node):
    return isinstance(node, ast.Constant) and bool(node.value) and node.value is not ...


def _leaves_loop(loop):
    """Whether anything in the loop's own body (not in a nested loop or function) can end it."""
    stack = list(loop.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Break, ast.Return, ast.Raise)):
            return True
        if isinstance(
            node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
        ):
            continue
        if isinstance(node, (ast.While, ast.For, ast.AsyncFor)):
            # A break there ends only that loop; a return or raise still leaves this one.
            stack.extend(
                n for n in ast.walk(node) if isinstance(n, (ast.Return, ast.Raise))
            )
            continue
        if isinstance(node, ast.Call):
            name = _Scanner.plain_name(node.func)
            if name in ("sys.exit", "exit", "quit", "os._exit"):
                return True
        stack.extend(ast.iter_child_nodes(node))
    return False


class _Scanner(ast.NodeVisitor):
    def __init__(self):
        self.findings = {}
        self.aliases = {}  # local name -> the dotted name it stands for
        self.loops = (
            []
        )  # the kinds of the enclosing loops: "endless", "many" or "bounded"
        self.docstrings = set()  # ids of string statements: they say, they do nothing

    # --- reporting --------------------------------------------------------------------

    def add(self, node, rule, message):
        key = (node.lineno, rule)  # one finding of a kind per line is enough to read
        if key in self.findings or len(self.findings) >= MAX_FINDINGS:
            return
        severity, category = RULES[rule]
        self.findings[key] = {
            "line": node.lineno,
            "column": getattr(node, "col_offset", 0),
            "code": rule,
            "message": f"{category}: {message}",
            "severity": severity,
        }

    # --- names ------------------------------------------------------------------------

    @staticmethod
    def plain_name(node):
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name):
            parts.append(node.id)
            return ".".join(reversed(parts))
        return None

    def resolved(self, node):
        """The dotted name node stands for, through the imports seen (np.load -> numpy.load)."""
        name = self.plain_name(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        if head in self.aliases:
            head = self.aliases[head]
        return f"{head}.{rest}" if rest else head

    # --- imports ----------------------------------------------------------------------

    def check_module(self, node, module):
        top = module.split(".")[0]
        if module in _PROCESS_MODULES or top in _PROCESS_MODULES:
            self.add(node, "SP101", f"imports {module}, which runs other programs")
        elif module in _NETWORK_MODULES or top in {
            "socket",
            "requests",
            "httpx",
            "aiohttp",
        }:
            self.add(
                node, "SP102", f"imports {module}, which opens network connections"
            )
        elif top in _NATIVE_MODULES:
            self.add(
                node, "SP104", f"imports {module}, which calls native code directly"
            )
        elif top == "importlib":
            self.add(
                node, "SP103", f"imports {module}, which loads modules by computed name"
            )
        elif top in _CREDENTIAL_MODULES:
            self.add(
                node, "SP107", f"imports {module}, which reads passwords or keyrings"
            )
        elif top in ("marshal", "shelve"):
            self.add(node, "SP105", f"imports {module}, which loads objects from bytes")

    def visit_Import(self, node):
        for alias in node.names:
            self.aliases[(alias.asname or alias.name).split(".")[0]] = (
                alias.name if alias.asname else alias.name.split(".")[0]
            )
            self.check_module(node, alias.name)
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        module = node.module or ""
        if node.level == 0:
            self.check_module(node, module)
            for alias in node.names:
                self.aliases[alias.asname or alias.name] = f"{module}.{alias.name}"
                self.check_module(node, f"{module}.{alias.name}")
        self.generic_visit(node)

    # --- loops ------------------------------------------------------------------------

    def visit_While(self, node):
        endless = _is_constant_true(node.test)
        if endless and not _leaves_loop(node):
            self.add(node, "SP110", "a `while True` loop with nothing that ends it")
        self.loops.append("endless" if endless else "bounded")
        self.generic_visit(node)
        self.loops.pop()

    def visit_For(self, node):
        kind = "bounded"
        if isinstance(node.iter, ast.Call) and self.resolved(node.iter.func) == "range":
            counts = [_constant_number(a) for a in node.iter.args]
            if counts and all(c is not None for c in counts):
                start, stop = (
                    (0, counts[0]) if len(counts) == 1 else (counts[0], counts[1])
                )
                if stop - start >= _MANY_ITERATIONS:
                    kind = "many"
        elif isinstance(node.iter, ast.Call) and (
            self.resolved(node.iter.func) in _ENDLESS_ITERATORS
        ):
            kind = "endless"
        self.loops.append(kind)
        self.generic_visit(node)
        self.loops.pop()

    visit_AsyncFor = visit_For

    def loop_kind(self):
        if "endless" in self.loops:
            return "endless"
        if "many" in self.loops:
            return "many"
        return "bounded" if self.loops else None

    # --- calls ------------------------------------------------------------------------

    def visit_Call(self, node):
        name = self.resolved(node.func)
        if name:
            self.check_call(node, name)
        self.generic_visit(node)

    def check_call(self, node, name):
        short = name.rsplit(".", 1)[-1]
        if name in _PROCESS_CALLS or name.startswith(_PROCESS_PREFIXES):
            self.add(node, "SP101", f"{name}() starts or replaces a process")
        if name in _PROCESS_CONTROL:
            self.add(node, "SP111", f"{name}() ends or signals processes")
        if name == "signal.signal" and len(node.args) == 2:
            handler = self.resolved(node.args[1]) or ""
            if handler.endswith("SIG_IGN"):
                self.add(node, "SP111", "ignores a signal the session is stopped with")
        if name in _PRIVILEGE_CALLS:
            self.add(
                node, "SP112", f"{name}() changes the session's privileges or limits"
            )
        if name in _DESERIALISE:
            self.add(
                node, "SP105", f"{name}() can run code hidden in the data it loads"
            )
        if name == "numpy.load" and any(
            k.arg == "allow_pickle" and not _is_false(k.value) for k in node.keywords
        ):
            self.add(
                node, "SP105", "numpy.load with allow_pickle can run code in the file"
            )
        if name == "yaml.load" and not self.safe_yaml(node):
            self.add(
                node, "SP105", "yaml.load without a safe loader can build any object"
            )
        if name in _ENVIRONMENT or name.startswith("os.environ"):
            self.add(node, "SP107", f"{name}() reads or changes the environment")
        if name in ("os.path.expanduser", "pathlib.Path.home", "Path.home"):
            self.add(node, "SP106", f"{name}() points at the home folder")
        self.check_dynamic(node, name, short)
        self.check_spawning(node, name)
        self.check_sizes(node, name)
        if name in ("getattr", "setattr", "builtins.getattr") and len(node.args) >= 2:
            target = self.resolved(node.args[0]) or ""
            if target in (
                "builtins",
                "__builtins__",
                "os",
                "sys",
                "subprocess",
                "posix",
            ) and (not isinstance(node.args[1], ast.Constant)):
                self.add(node, "SP109", f"{name}() on {target} by a computed name")
        if name in ("ctypes.CDLL", "ctypes.cdll.LoadLibrary", "cffi.FFI"):
            self.add(node, "SP104", f"{name}() loads a native library")

    def safe_yaml(self, node):
        loaders = [k.value for k in node.keywords if k.arg == "Loader"]
        loaders += node.args[1:2]
        for loader in loaders:
            name = self.resolved(loader) or ""
            if name.rsplit(".", 1)[-1] in _SAFE_YAML_LOADERS:
                return True
        return False

    def check_dynamic(self, node, name, short):
        if name in ("exec", "eval", "compile", "builtins.exec", "builtins.eval"):
            argument = node.args[0] if node.args else None
            if argument is not None and not isinstance(argument, ast.Constant):
                self.add(
                    node, "SP103", f"{short}() of code that is computed, not written"
                )
                for inner in ast.walk(argument):
                    if isinstance(inner, ast.Call):
                        called = self.plain_name(inner.func) or ""
                        if called.rsplit(".", 1)[-1] in _DECODERS:
                            self.add(
                                node,
                                "SP109",
                                f"{short}() of decoded text hides the code",
                            )
                            break
        if name in ("__import__", "builtins.__import__"):
            if node.args and not isinstance(node.args[0], ast.Constant):
                self.add(node, "SP103", "__import__() of a computed module name")
        if name.startswith("importlib."):
            self.add(node, "SP103", f"{name}() loads a module chosen at run time")

    def check_spawning(self, node, name):
        kind = self.loop_kind()
        if name in _SPAWNERS and kind == "endless":
            self.add(node, "SP108", f"{name}() in an endless loop")
        elif name in _MANY_OF and kind == "many":
            self.add(node, "SP113", f"{name}() in a loop of thousands of rounds")
        elif name in ("os.fork", "os.forkpty") and kind is not None:
            self.add(node, "SP108", f"{name}() in a loop")
        if name == "itertools.repeat" and len(node.args) == 1 and not node.keywords:
            self.add(node, "SP110", "itertools.repeat() without a count never ends")
        if name in _CONSUMERS:
            # sum(itertools.repeat(1)), list(itertools.count()): consumed whole, never ending.
            for argument in node.args:
                inner = isinstance(argument, ast.Call) and self.resolved(argument.func)
                if inner in _ENDLESS_ITERATORS:
                    self.add(node, "SP110", f"{inner}() consumed whole never ends")
        if name == "time.sleep" and node.args:
            seconds = _constant_number(node.args[0])
            if seconds is not None and seconds >= _LONG_SLEEP_S:
                self.add(node, "SP110", f"sleeps {seconds:g} s")

    def check_sizes(self, node, name):
        for argument in list(node.args) + [k.value for k in node.keywords]:
            value = _constant_number(argument)
            if value is not None and abs(value) >= _LARGE_COUNT:
                self.add(
                    node, "SP113", f"{name}() asked for {value:.3g} elements or bytes"
                )
                break
        if name.endswith(("figure", "subplots")):
            size = next((k.value for k in node.keywords if k.arg == "figsize"), None)
            dpi = next((k.value for k in node.keywords if k.arg == "dpi"), None)
            if isinstance(size, (ast.Tuple, ast.List)) and len(size.elts) == 2:
                wide, high = (_constant_number(e) for e in size.elts)
                dots = _constant_number(dpi) if dpi is not None else 100
                if None not in (wide, high, dots) and wide * high * dots * dots >= (
                    _HUGE_FIGURE_PIXELS
                ):
                    self.add(
                        node,
                        "SP113",
                        f"a figure of {wide * high * dots * dots:.3g} pixels",
                    )

    # --- values -----------------------------------------------------------------------

    def visit_BinOp(self, node):
        # b"x" * (1 << 31): one huge object.
        if isinstance(node.op, ast.Mult):
            for side in (node.left, node.right):
                value = _constant_number(side)
                if value is not None and abs(value) >= _LARGE_COUNT:
                    self.add(node, "SP113", f"a repetition of {value:.3g}")
        self.generic_visit(node)

    def visit_Expr(self, node):
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            self.docstrings.add(id(node.value))
        self.generic_visit(node)

    def visit_Constant(self, node):
        if isinstance(node.value, str) and id(node) not in self.docstrings:
            self.check_text(node, node.value)

    def visit_JoinedStr(self, node):
        # f"/dev/shm/part-{i}": the written parts of an f-string.
        text = "".join(
            (
                v.value
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
                else "{}"
            )
            for v in node.values
        )
        self.check_text(node, text)
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                self.visit(value.value)

    def check_text(self, node, text):
        if len(text) > 100_000:
            text = text[:100_000]
        if _URL.search(text):
            self.add(node, "SP102", "a URL: the code may try to reach another machine")
        for name in _SENSITIVE_NAMES:
            if name in text:
                self.add(
                    node,
                    "SP107",
                    f"refers to {name.rstrip('/')}, where secrets are kept",
                )
                break
        stripped = text.strip()
        if stripped in _HARMLESS_PATHS:
            return
        embedded = _EMBEDDED_PATH.search(text)
        plain = _ABSOLUTE.match(stripped) and not any(c in stripped for c in "\n ")
        if plain or embedded:
            shown = (embedded.group(1) or embedded.group(2)) if embedded else stripped
            if shown not in _HARMLESS_PATHS:
                self.add(node, "SP106", f"the absolute path {shown[:80]}")
        elif stripped.startswith("~"):
            self.add(node, "SP106", f"the home folder ({stripped[:80]})")
        elif re.search(r"(^|/)\.\.(/|$)", stripped) and "\n" not in stripped:
            self.add(node, "SP106", f"a path out of the workspace ({stripped[:80]})")
        if _SQL_OUTSIDE.search(text):
            self.add(
                node, "SP106", "SQL that loads extensions or reaches outside files"
            )

    # --- attributes and subscripts ----------------------------------------------------

    def visit_Attribute(self, node):
        name = self.resolved(node)
        if name and (name == "os.environ" or name == "os.environb"):
            self.add(node, "SP107", "os.environ holds the session's environment")
        self.generic_visit(node)

    def visit_Subscript(self, node):
        target = self.resolved(node.value) or ""
        if isinstance(node.value, ast.Call):
            target = (self.resolved(node.value.func) or "") + "()"
        if target in (
            "__builtins__",
            "builtins.__dict__",
            "globals()",
            "vars()",
        ) and not (isinstance(node.slice, ast.Constant)):
            self.add(node, "SP109", f"{target}[...] by a computed name")
        self.generic_visit(node)
