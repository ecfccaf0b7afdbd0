"""One Python session: the namespace and everything that happens around a cell."""

import builtins
import sys

from . import (
    api,
    cellcache,
    daskcluster,
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
        # Cells marked `# %% [cache]`; in the workspace (the working directory).
        self.cell_cache = cellcache.CellCache()
        hooks.install()
        builtins.input = _input
        builtins.display = rich_display.display
        api.install()
        rich_display.activate(self.publisher)

    def execute(self, code, cell_name="", silent=False):
        """Runs code; returns {"status": ok|error|interrupted, "error": dict|None}."""
        if cellcache.wants_cache(code):
            return self._execute_cached(code, cell_name, silent)
        return self._execute(code, cell_name, silent)

    def _execute_cached(self, code, cell_name, silent):
        """A [cache] cell: restored when its code and inputs are unchanged, else run (and
        stored when it succeeds and everything it made can be pickled)."""
        try:
            key, writes = cellcache.prepare(code, self.namespace, self.cell_cache)
        except SyntaxError:
            return self._execute(code, cell_name, silent)  # reports the error as usual
        except cellcache.Uncacheable as why:
            print(f"Not cached: {why}.")
            return self._execute(code, cell_name, silent)
        except Exception as error:  # an input whose pickling fails in its own way
            print(
                f"Not cached: its inputs could not be hashed ({type(error).__name__})."
            )
            return self._execute(code, cell_name, silent)
        entry = self.cell_cache.load(key)
        if entry is not None:
            try:
                self._cells += 1
                self.publisher.begin()
                cellcache.restore(
                    entry,
                    self.namespace,
                    self.publisher.publish,
                    sys.stdout,
                    sys.stderr,
                )
                self._named = self._named | writes
                print(
                    f"Restored from cache (cell {key[:12]}): code and inputs unchanged."
                )
                return {"status": executor.STATUS_OK, "error": None}
            except Exception as error:
                print(
                    f"Cache entry not usable ({type(error).__name__}); running the cell."
                )
        stdout, stderr = cellcache.Capture(sys.stdout), cellcache.Capture(sys.stderr)
        displays = []
        callback = self.publisher.callback

        def keep(data, metadata):
            displays.append((data, metadata))
            if callback is not None:
                callback(data, metadata)

        self.publisher.callback = keep
        sys.stdout, sys.stderr = stdout, stderr
        try:
            result = self._execute(code, cell_name, silent)
        finally:
            sys.stdout, sys.stderr = stdout.stream, stderr.stream
            self.publisher.callback = callback
        if result["status"] != executor.STATUS_OK:
            return result
        try:
            self.cell_cache.store(
                key,
                cellcache.entry_for(self.namespace, writes, stdout, stderr, displays),
            )
        except cellcache.Uncacheable as why:
            print(f"Not cached: {why}.")
        except OSError as error:
            print(f"Not cached: the cache folder cannot be written ({error.strerror}).")
        return result

    def _execute(self, code, cell_name, silent):
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
            daskcluster.end_after_interrupt()
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
