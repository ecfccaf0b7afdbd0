"""Runs one cell of code in a persistent namespace, IPython-style.

A trailing expression statement is evaluated separately so that its value can be
displayed; exceptions are reported with a traceback that starts at the user's code.
"""

import _ast
import linecache
import os
import sys

# ast and inspect take ~10 ms to import; the built-in _ast has what is needed.
_CO_COROUTINE = 0x0080
_COMPILE_FLAGS = _ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
_RUNTIME_DIR = os.path.dirname(os.path.abspath(__file__))

# Error reports stay far below the protocol's frame cap, whatever the exception holds.
MESSAGE_LIMIT = 64 * 1024
TRACEBACK_LINE_LIMIT = 4 * 1024
TRACEBACK_LINES = 400

STATUS_OK = "ok"
STATUS_ERROR = "error"
STATUS_INTERRUPTED = "interrupted"


class CompiledCell:
    """The statements of a cell, its trailing expression when it is displayed, and the
    names its code mentions (the objects it can have changed in place)."""

    def __init__(self, body, expression, names=frozenset()):
        self.body = body
        self.expression = expression
        self.names = names


def names_in(tree):
    """Every name the code reads, binds or declares global: the roots of its attribute
    and subscript chains are names too."""
    names = set()
    stack = [tree]  # ast.walk without importing ast, which start-up avoids
    while stack:
        node = stack.pop()
        if isinstance(node, _ast.Name):
            names.add(node.id)
            continue
        if isinstance(node, _ast.Global):
            names.update(node.names)
        for field in node._fields:
            child = getattr(node, field, None)
            if isinstance(child, _ast.AST):
                stack.append(child)
            elif isinstance(child, list):
                stack.extend(c for c in child if isinstance(c, _ast.AST))
    return frozenset(names)


def trailing_expression_shown(source, tree):
    """True when the cell ends with an expression statement not followed by ';'."""
    if not tree.body or not isinstance(tree.body[-1], _ast.Expr):
        return False
    node = tree.body[-1]
    lines = source.splitlines()
    if node.end_lineno is None or node.end_lineno > len(lines):
        return True
    # Offsets are in UTF-8 bytes.
    rest = lines[node.end_lineno - 1].encode("utf-8")[node.end_col_offset :]
    return not rest.lstrip().startswith(b";")


def compile_cell(source, filename, show_expression=True):
    """Parses and compiles a cell; raises SyntaxError for invalid code."""
    tree = compile(
        source, filename, "exec", flags=_ast.PyCF_ONLY_AST, dont_inherit=True
    )
    names = names_in(tree)
    expression = None
    if show_expression and trailing_expression_shown(source, tree):
        last = tree.body.pop()
        expression = compile(
            _ast.Expression(last.value),
            filename,
            "eval",
            flags=_COMPILE_FLAGS,
            dont_inherit=True,
        )
    body = compile(tree, filename, "exec", flags=_COMPILE_FLAGS, dont_inherit=True)
    return CompiledCell(body, expression, names)


def remember_source(source, filename):
    """Registers the cell's text so tracebacks can quote its lines."""
    lines = source.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    # mtime None: linecache.checkcache() keeps the entry.
    linecache.cache[filename] = (len(source), None, lines, filename)


def _is_runtime_frame(tb):
    filename = tb.tb_frame.f_code.co_filename
    return os.path.dirname(os.path.abspath(filename)) == _RUNTIME_DIR


def trim_traceback(tb, filename):
    """Drops the runtime's frames (and event-loop plumbing) above the user's code."""
    first = tb
    while first is not None and first.tb_frame.f_code.co_filename != filename:
        first = first.tb_next
    if first is not None:
        return first
    # The cell's own code is not on the stack (e.g. raised while displaying a value).
    while tb is not None and _is_runtime_frame(tb):
        tb = tb.tb_next
    return tb


def _user_line(exc, tb, filename):
    if isinstance(exc, SyntaxError):
        if exc.filename == filename and exc.lineno:
            return exc.lineno
        return -1
    line = -1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def describe_exception(exc, filename):
    """Type, message, trimmed traceback lines and the line in the cell."""
    import traceback

    tb = trim_traceback(exc.__traceback__, filename)
    if isinstance(exc, SyntaxError):
        tb = None
    try:
        lines = "".join(
            traceback.TracebackException(type(exc), exc, tb, compact=True).format()
        ).splitlines()
    except Exception as format_error:  # a hostile __str__ must not break reporting
        lines = [f"{type(exc).__name__}: <traceback unavailable: {format_error!r}>"]
    try:
        message = str(exc)
    except Exception:
        message = "<exception message unavailable>"
    return {
        "type": _bounded(type(exc).__name__, 200),
        "message": _bounded(message, MESSAGE_LIMIT),
        "traceback": _bounded_lines(lines),
        "line": _user_line(exc, tb, filename),
    }


def _bounded(text, limit):
    if len(text) <= limit:
        return text
    return text[:limit] + f"... [{len(text) - limit} more characters]"


def _bounded_lines(lines):
    lines = [_bounded(line, TRACEBACK_LINE_LIMIT) for line in lines]
    if len(lines) <= TRACEBACK_LINES:
        return lines
    half = TRACEBACK_LINES // 2
    skipped = len(lines) - 2 * half
    return lines[:half] + [f"    ... [{skipped} more lines]"] + lines[-half:]


class Executor:
    """Runs cells in one namespace; keeps one event loop for top-level await."""

    def __init__(self, namespace):
        self.namespace = namespace
        self._loop = None

    def run(self, code):
        result = eval(code, self.namespace)
        if code.co_flags & _CO_COROUTINE:
            result = self._event_loop().run_until_complete(result)
        return result

    def _event_loop(self):
        if self._loop is None or self._loop.is_closed():
            import asyncio

            self._loop = asyncio.new_event_loop()
        return self._loop


def record_last_exception(exc):
    """Like the interactive interpreter, so pdb.pm() works after an error."""
    sys.last_exc = exc
    sys.last_type = type(exc)
    sys.last_value = exc
    sys.last_traceback = exc.__traceback__
