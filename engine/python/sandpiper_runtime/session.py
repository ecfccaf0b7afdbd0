"""One Python session: the namespace and everything that happens around a cell."""

import builtins
import sys

from . import (
    api,
    executor,
    hooks,
    libraries,
    rich_display,
    tableview,
    variables,
    viewing,
)

INPUT_MESSAGE = (
    "input() is not available in Sandpiper sessions; the console does not read from "
    "the keyboard. Put the value in your code instead, e.g. name = 'Ada'."
)


class InputNotAvailableError(RuntimeError):
    pass


def _input(prompt=""):
    raise InputNotAvailableError(INPUT_MESSAGE)


def _flush(stream):
    try:
        stream.flush()
    except Exception:
        pass


class Session:
    """Runs cells in a persistent namespace.

    publish(data, metadata) receives the display bundles as they happen. touched_names(),
    if given, returns the names bound, rebound or deleted in the namespace since its last
    call, or None when it cannot tell (the engine watches the namespace dict for this).
    """

    def __init__(self, publish=None, namespace=None, touched_names=None):
        if namespace is None:
            namespace = {"__name__": "__main__", "__builtins__": builtins}
        self.namespace = namespace
        self.publisher = rich_display.Publisher(publish)
        self._executor = executor.Executor(namespace)
        self._variables = variables.Tracker()
        self._touched_names = touched_names
        self._named = frozenset()
        self._cells = 0
        hooks.install()
        builtins.input = _input
        builtins.display = rich_display.display
        api.install()
        rich_display.activate(self.publisher)

    def execute(self, code, cell_name="", silent=False):
        """Runs code; returns {"status": ok|error|interrupted, "error": dict|None}."""
        self._cells += 1
        tableview.note_run()
        filename = cell_name or f"<cell {self._cells}>"
        rich_display.activate(self.publisher)
        self.publisher.begin()
        error = None
        status = executor.STATUS_OK
        try:
            try:
                cell = executor.compile_cell(code, filename, show_expression=not silent)
            except SyntaxError:
                # `%view expr` is not Python: only a cell that fails without it is rewritten.
                expanded = viewing.expand_magics(code)
                if expanded is None:
                    raise
                code = expanded
                cell = executor.compile_cell(code, filename, show_expression=not silent)
            finally:
                executor.remember_source(code, filename)
            self._named = self._named | cell.names
            self._executor.run(cell.body)
            if cell.expression is not None:
                value = self._executor.run(cell.expression)
                if value is not None:
                    self.publisher.show(value)
            self.publisher.flush_figures()
        except SystemExit as exc:
            # sys.exit() ends the script, not the session; a non-zero code is an error.
            self._finish_figures(show=True)
            if exc.code not in (None, 0):
                status = executor.STATUS_ERROR
                error = executor.describe_exception(exc, filename)
        except KeyboardInterrupt as exc:
            self._finish_figures(show=False)
            status = executor.STATUS_INTERRUPTED
            error = executor.describe_exception(exc, filename)
        except BaseException as exc:
            # Figures drawn before the error may explain it: they are still shown.
            self._finish_figures(show=True)
            status = executor.STATUS_ERROR
            error = executor.describe_exception(exc, filename)
            executor.record_last_exception(exc)
        finally:
            _flush(sys.stdout)
            _flush(sys.stderr)
        return {"status": status, "error": error}

    def _finish_figures(self, show):
        try:
            if show:
                self.publisher.flush_figures()
                return
        except BaseException:
            pass
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:
            try:
                pyplot.close("all")
            except Exception:
                pass

    def variables_diff(self):
        """What changed since the last diff: {"changed": [summary...], "removed":
        [name...], "reset": bool, "settled": bool}. Not settled: call refresh_variables()
        while idle until it returns a diff."""
        touched = self._touched_names() if self._touched_names else None
        named, self._named = self._named, frozenset()
        return self._variables.diff(self.namespace, touched, named)

    def refresh_variables(self):
        """One step of the idle refresh (one object): None while it goes on, then its
        (settled) diff."""
        return self._variables.refresh_step(self.namespace)


def hello_info():
    """What the engine's hello reports about Python and the libraries."""
    return {
        "python_version": "%d.%d.%d" % sys.version_info[:3],
        "libraries": libraries.versions(),
    }
