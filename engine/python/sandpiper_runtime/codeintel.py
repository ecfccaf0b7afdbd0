"""Code intelligence requests: completion, signatures, documentation, black, flake8.

CodeIntel.handle() takes a request shaped like the protocol's message (a dict with "type",
"id" and the fields) and returns the reply message as a dict. The engine calls it from a
thread of its own: in a session with the session's namespace (live completion while code
runs), in the code-intelligence engine without one. Nothing here raises to the caller: a failure
becomes an empty reply (or a format error), and the reason goes to the log.
"""

import configparser
import functools
import gc
import os
import re
import shutil
import sys
import tempfile
import traceback

from . import completion, forkedcall, scan

DEFAULT_LINE_LENGTH = 88
# What black needs from flake8: E203 (whitespace before ':' in slices) and W503 (line
# break before a binary operator) contradict black's output.
BLACK_IGNORES = "E203,W503"
CONFIG_FILES = ("setup.cfg", "tox.ini", ".flake8")
# Options of a project configuration that would change where flake8 reads or writes, or
# how it reports: the engine decides those.
_DROPPED_OPTIONS = frozenset(
    {
        "exclude",
        "extend-exclude",
        "filename",
        "output-file",
        "tee",
        "jobs",
        "format",
        "count",
        "quiet",
        "show-source",
        "statistics",
        "benchmark",
        "exit-zero",
        "stdin-display-name",
        "color",
        "bug-report",
        "append-config",
        "config",
        "isolated",
        "require-plugins",
        "enable-extensions",
        "verbose",
    }
)
_ERROR_CODES = re.compile(r"^(E9|F63|F7|F82)")
_CANNOT_PARSE = re.compile(r"(\d+):(\d+)")
# Style guides kept (each costs about 0.2 s to build: flake8 loads its plugins).
_GUIDE_CACHE_SIZE = 4
# Files this long or longer get their AST checked in a forked copy (Linter(split=True)).
SPLIT_MIN_LINES = 200
# How long a forked copy may take before its work is done here instead.
SPLIT_SECONDS = 10


def _stderr(message):
    try:
        sys.stderr.write("sandpiper: %s\n" % message)
    except Exception:
        pass


# Where problems are told; the engine points it at its own log, so that they never
# appear as the output of the user's code.
_report = _stderr


# --- black ----------------------------------------------------------------------------


def format_code(code, line_length=DEFAULT_LINE_LENGTH, line_ranges=(), parallel=False):
    """{"ok", "code", "error": {"message", "line"}}: black's output, or why not.

    A syntax error leaves the text alone: the reply carries the message and the line.
    parallel: the AST check may run in a forked copy (the code-intelligence engine's).
    """
    import black

    try:
        mode = black.Mode(line_length=line_length)
        # As the black command does: the result must parse to the same AST and be stable
        # when formatted again, or black refuses it (format_str alone checks neither).
        if line_ranges or not hasattr(black, "_format_str_once"):
            formatted = black.format_file_contents(
                code, fast=False, mode=mode, lines=[tuple(r) for r in line_ranges]
            )
        else:
            formatted = _format_whole(black, code, mode, parallel)
    except black.NothingChanged:
        formatted = code
    except black.parsing.InvalidInput as exc:
        message = str(exc)
        found = _CANNOT_PARSE.search(message)
        line = int(found.group(1)) if found else -1
        return _format_error(message, line)
    except _Refused as exc:
        return _format_error(str(exc), -1)
    except Exception as exc:  # black refuses (its safety checks failed)
        return _format_error(_refusal(exc), -1)
    return {"ok": True, "code": formatted, "error": {"message": "", "line": -1}}


class _Refused(Exception):
    """black's refusal, as _refusal() worded it in a forked copy."""


def _refusal(exc):
    return "%s: %s" % (type(exc).__name__, exc)


def _format_whole(black, source, mode, parallel):
    """black.format_file_contents(source, fast=False, mode=mode): the same text and the
    same refusals, with less work.

    black formats twice (the second pass settles optional trailing commas), then checks
    that the result has the source's AST and that one more pass changes nothing. When
    the second pass changed nothing, that last pass would format the first pass's output
    again: black is deterministic, so it would give the same text, and it is skipped.
    With parallel, the first pass's AST check runs in a forked copy during the second
    pass, and stands when the second pass changed nothing.
    """
    once = black._format_str_once
    first = once(source, mode=mode)
    if first == source:
        raise black.NothingChanged
    check = None
    if parallel:
        verdict = []
        check = forkedcall.ForkedCall.start(
            lambda: verdict.append(_equivalence_refusal(black, source, first)),
            lambda: verdict[0],
            SPLIT_SECONDS,
        )
    try:
        second = once(first, mode=mode)
    except BaseException:
        if check is not None:
            check.stop()
        raise
    if second != first or second == source:
        if check is not None:
            check.stop()
        if second == source:
            raise black.NothingChanged
        black.assert_equivalent(source, second)
        black.assert_stable(source, second, mode=mode)
        return second
    refusal = check.result() if check is not None else None
    if refusal is None:  # not checked in a copy
        refusal = _equivalence_refusal(black, source, second)
    if refusal:
        raise _Refused(refusal)
    return second


def _equivalence_refusal(black, source, formatted):
    """black's refusal when formatted does not parse to source's AST, else ""."""
    try:
        black.assert_equivalent(source, formatted)
    except Exception as exc:
        return _refusal(exc)
    return ""


def _format_error(message, line):
    message = completion._clip(message or "cannot format", completion.MAX_TEXT)
    return {
        "ok": False,
        "code": "",
        "error": {"message": message, "line": max(-1, line)},
    }


# --- flake8 ---------------------------------------------------------------------------


def find_config(path):
    """(text, path) of the first flake8 configuration found from path's folder upwards.

    Like flake8 itself: setup.cfg, tox.ini or .flake8 that holds a [flake8] section.
    """
    if not path:
        return "", ""
    folder = os.path.dirname(os.path.abspath(path))
    while True:
        for name in CONFIG_FILES:
            candidate = os.path.join(folder, name)
            try:
                with open(candidate, encoding="utf-8") as f:
                    text = f.read(1024 * 1024)
            except (OSError, UnicodeDecodeError):
                continue
            parser = configparser.RawConfigParser()
            try:
                parser.read_string(text)
            except configparser.Error:
                continue
            if parser.has_section("flake8") or parser.has_section(
                "flake8:local-plugins"
            ):
                return text, candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return "", ""
        folder = parent


def merged_config(text):
    """The [flake8] section the checks run with: the project's options, black's defaults
    where the project says nothing, and without options about files and output."""
    project = configparser.RawConfigParser()
    try:
        project.read_string(text or "")
    except configparser.Error as exc:
        _report("ignoring an unreadable flake8 configuration: %s" % exc)
        project = configparser.RawConfigParser()
    options = {}
    if project.has_section("flake8"):
        for key, value in project.items("flake8"):
            key = key.replace("_", "-")
            if key not in _DROPPED_OPTIONS:
                options[key] = value
    options.setdefault("max-line-length", str(DEFAULT_LINE_LENGTH))
    if "ignore" not in options and "extend-ignore" not in options:
        options["extend-ignore"] = BLACK_IGNORES
    lines = ["[flake8]"]
    for key in sorted(options):
        value = options[key].replace("\n", "\n    ")
        lines.append("%s = %s" % (key, value))
    return "\n".join(lines) + "\n"


def _anchor_per_file_ignores(config_text, folder):
    """flake8 reads per-file-ignores patterns with a folder (tests/*) relative to its
    working directory, which is the project when run from there. Here they are made
    absolute in the folder where the checked file is placed, without changing this
    process's directory."""
    from flake8 import utils

    parser = configparser.RawConfigParser()
    parser.read_string(config_text)
    value = parser.get("flake8", "per-file-ignores", fallback="")
    if not value.strip():
        return config_text
    try:
        mapping = utils.parse_files_to_codes_mapping(value)
    except Exception as exc:  # flake8 would refuse to run: say why, lint without them
        _report("ignoring per-file-ignores: %s" % exc)
        parser.remove_option("flake8", "per-file-ignores")
        mapping = []
    lines = []
    for pattern, codes in mapping:
        if "/" in pattern and not os.path.isabs(pattern):
            pattern = os.path.join(folder, pattern)
        lines.append("%s: %s" % (pattern, ",".join(codes)))
    if lines:
        parser.set("flake8", "per-file-ignores", "\n" + "\n".join(lines))
    out = ["[flake8]"]
    for key, item in parser.items("flake8"):
        out.append("%s = %s" % (key, item.replace("\n", "\n    ")))
    return "\n".join(out) + "\n"


def _severity(code):
    if _ERROR_CODES.match(code):
        return "error"
    if code.startswith("W"):
        return "info"
    return "warning"


class _Guide:
    """A flake8 style guide for one configuration, with a private folder to check files
    in: the file checked is placed where it sits relative to the project's
    configuration, so that per-file-ignores patterns apply as in the project."""

    def __init__(self, config_text, split=False):
        from flake8.api import legacy
        from flake8.formatting.base import BaseFormatter
        from flake8.main import application
        from flake8.options.parse_args import parse_args

        class Collector(BaseFormatter):
            def after_init(self):
                self.found = []

            def start(self):
                pass

            def stop(self):
                pass

            def handle(self, error):
                self.found.append(error)

            def show_statistics(self, statistics):
                pass

            def show_benchmarks(self, benchmarks):
                pass

        self.folder = tempfile.mkdtemp(prefix="sandpiper-lint-")
        config_path = os.path.join(self.folder, "flake8.cfg")
        with open(config_path, "w", encoding="utf-8") as f:
            f.write(_anchor_per_file_ignores(config_text, self.folder))
        app = application.Application()
        app.plugins, app.options = parse_args(["--config", config_path, "--jobs", "1"])
        app.make_formatter()
        app.make_guide()
        app.make_file_checker_manager([])
        self.guide = legacy.StyleGuide(app)
        self.guide.init_report(Collector)  # makes the checker manager again
        if split:
            manager = app.file_checker_manager
            manager.run_serial = functools.partial(_run_split, manager)
        self.app = app

    def check(self, code, relative):
        target = os.path.join(self.folder, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="") as f:
            f.write(code)
        formatter = self.app.formatter
        formatter.found = []
        try:
            self.guide.check_files([target])
        finally:
            try:
                os.unlink(target)
            except OSError:
                pass
        return formatter.found

    def close(self):
        shutil.rmtree(self.folder, ignore_errors=True)


def _run_split(manager):
    """flake8's serial run, with each file's AST plugins (pyflakes) in a forked copy of
    this process while this one runs the token plugins (pycodestyle): both cores, the
    same results in the same order (one FileChecker reports the AST's first)."""
    from flake8 import checker

    manager.results = []
    for filename in manager.filenames:
        file_checker = checker.FileChecker(
            filename=filename, plugins=manager.plugins, options=manager.options
        )
        result = _run_checks_split(file_checker)
        if result is None:  # what forking could not do, done the ordinary way
            file_checker = checker.FileChecker(
                filename=filename, plugins=manager.plugins, options=manager.options
            )
            result = file_checker.run_checks()
        manager.results.append(result)


def _run_checks_split(file_checker):
    """FileChecker.run_checks() over two processes, or None to run it serially: when the
    file cannot be checked (a syntax error is reported as flake8 reports it then) or a
    fork fails. The copy also works out which physical line each reported line's noqa
    comment is on (the file tokenized once more), which the results carry."""
    import tokenize

    processor = file_checker.processor
    if processor is None or not file_checker.should_process:
        return None
    if len(processor.lines) < SPLIT_MIN_LINES:
        return None  # a fork costs more than it saves
    forked = forkedcall.ForkedCall.start(
        file_checker.run_ast_checks,
        lambda: (file_checker.results, processor._noqa_line_mapping),
        SPLIT_SECONDS,
    )
    if forked is None:
        return None
    processor.noqa_line_for = lambda line_number: None  # filled in below
    try:
        file_checker.process_tokens()
    except (SyntaxError, tokenize.TokenError):
        forked.stop()
        return None
    answer = forked.result()
    if answer is None:
        return None
    ast_results, noqa_lines = answer
    token_results = [
        (code, line, column, text, noqa_lines.get(line))
        for code, line, column, text, _ in file_checker.results
    ]
    file_checker.results = ast_results + token_results
    file_checker.statistics["logical lines"] = processor.statistics["logical lines"]
    return file_checker.display_name, file_checker.results, file_checker.statistics


class Linter:
    """split: check each file's AST in a forked copy meanwhile (the code-intelligence
    engine's, which runs no user code that could hold a lock across the fork)."""

    def __init__(self, split=False):
        self._guides = {}
        self._split = split

    def lint(self, code, path="", config="", config_path=""):
        if not config and path:
            config, config_path = find_config(path)
        guide = self._guide(merged_config(config))
        violations = guide.check(code, _relative_name(path, config_path))
        line_count = max(1, code.count("\n") + (0 if code.endswith("\n") else 1))
        items = []
        for v in violations[: completion.MAX_ITEMS]:
            items.append(
                {
                    "line": min(max(1, v.line_number), line_count + 1),
                    "column": max(0, v.column_number - 1),
                    "code": completion._clip(v.code, completion.MAX_TEXT),
                    "message": completion._clip(v.text, completion.MAX_TEXT),
                    "severity": _severity(v.code),
                }
            )
        return items

    def _guide(self, config_text):
        guide = self._guides.pop(config_text, None)
        if guide is None:
            guide = _Guide(config_text, self._split)
            while len(self._guides) >= _GUIDE_CACHE_SIZE:
                oldest = next(iter(self._guides))
                self._guides.pop(oldest).close()
        self._guides[config_text] = guide  # most recently used last
        return guide


def _relative_name(path, config_path):
    """Where the file sits relative to its configuration's folder (per-file-ignores)."""
    if not path:
        return "untitled.py"
    if config_path:
        relative = os.path.relpath(
            os.path.abspath(path), os.path.dirname(os.path.abspath(config_path))
        )
        if not relative.startswith(os.pardir) and not os.path.isabs(relative):
            return relative
    return os.path.basename(path) or "untitled.py"


# --- requests -------------------------------------------------------------------------

_REPLY_TYPES = {
    "complete": "completions",
    "signature": "signatures",
    "inspect": "documentation",
    "format": "formatted",
    "lint": "diagnostics",
    "scan": "diagnostics",
}


class CodeIntel:
    """Answers code intelligence requests; namespace is the session's, or None for the
    code-intelligence engine. log(message) receives problems (default: stderr)."""

    def __init__(self, namespace=None, log=None):
        global _report
        if log is not None:
            _report = log
        self.completer = completion.Completer(namespace)
        self.linter = Linter(split=namespace is None)
        self._warm_steps = None
        self._static_only = namespace is None

    def warm(self):
        """Runs one warm-up step; False when there is nothing left to warm."""
        if self._warm_steps is None:
            self._warm_steps = iter(self._warm_plan())
        step = next(self._warm_steps, None)
        if step is None:
            return False
        try:
            step()
        except Exception as exc:
            _report("warming up failed: %s" % exc)
        return True

    def _warm_plan(self):
        yield from self.completer.warm_steps()
        if self._static_only:
            yield lambda: format_code("x = [1,2]\n")
            yield lambda: self.linter.lint("import os\n")
        yield self._settle_memory

    def _settle_memory(self):
        """The warm-up leaves hundreds of thousands of long-lived objects (jedi's
        trees of pandas and numpy). Every full garbage collection would walk them
        again, and black and jedi allocate enough to trigger one in most requests: a
        format took twice as long. They are moved out of the collector's sight
        (gc.freeze), which is only safe while no user object exists: frozen objects are
        never collected when they become garbage later. The code-intelligence engine also collects
        less often."""
        if not self._static_only and _user_names(self.completer.namespace):
            return
        gc.collect()
        gc.freeze()
        if self._static_only:
            gc.set_threshold(50000, 20, 100)

    def handle(self, request, busy=False):
        kind = request.get("type")
        reply_type = _REPLY_TYPES.get(kind)
        if reply_type is None:
            raise ValueError("not a code intelligence request: %r" % (kind,))
        reply = {"type": reply_type, "id": request.get("id", 0)}
        try:
            reply.update(self._answer(kind, request, busy))
        except Exception as exc:
            _report(
                "%s failed: %s" % (kind, "".join(traceback.format_exception_only(exc)))
            )
            reply.update(empty_reply(kind, "%s: %s" % (type(exc).__name__, exc)))
        return reply

    def _answer(self, kind, request, busy):
        if kind in ("complete", "signature", "inspect"):
            args = (
                request["code"],
                request["line"],
                request["column"],
                request.get("source") == "live",
                request.get("path", ""),
                busy,
            )
            if kind == "complete":
                return {"items": self.completer.complete(*args)}
            if kind == "signature":
                return {"items": self.completer.signatures(*args)}
            return self.completer.inspect(*args)
        if kind == "scan":
            return {"items": scan.scan(request["code"])}
        if kind == "format":
            return format_code(
                request["code"],
                request.get("lineLength", DEFAULT_LINE_LENGTH),
                request.get("lineRanges", ()),
                parallel=self._static_only,
            )
        return {
            "items": self.linter.lint(
                request["code"],
                request.get("path", ""),
                request.get("config", ""),
                request.get("configPath", ""),
            )
        }


def _user_names(namespace):
    return [
        name
        for name in list(namespace or ())
        if not name.startswith("_") and name not in ("In", "Out", "exit", "quit")
    ]


def empty_reply(kind, message=""):
    if kind == "inspect":
        return {
            "name": "",
            "kind": "",
            "signature": "",
            "doc": "",
            "definition": {"path": "", "line": -1, "column": -1},
        }
    if kind == "format":
        return _format_error(message or "not formatted", -1)
    return {"items": []}
