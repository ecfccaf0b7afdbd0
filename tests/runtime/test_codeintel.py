"""black formatting and flake8 lint as the code-intelligence engine runs them."""

import os
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

import helpers  # noqa: F401  (puts the runtime on sys.path)

import black

from sandpiper_runtime import codeintel, forkedcall

BENCH_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench")

UGLY = textwrap.dedent(
    """\
    import os
    def f(a,b = 2):
      x=[1,2,
         3]
      return {'a':a,'b' :b}
    class  C :
        pass
    """
)


class FormatTest(unittest.TestCase):
    def test_black_output(self):
        reply = codeintel.format_code(UGLY)
        self.assertTrue(reply["ok"], reply)
        self.assertEqual(reply["code"], black.format_str(UGLY, mode=black.Mode()))
        self.assertIn('return {"a": a, "b": b}', reply["code"])
        self.assertEqual(reply["error"], {"message": "", "line": -1})
        # Formatting black's output changes nothing.
        self.assertEqual(codeintel.format_code(reply["code"])["code"], reply["code"])

    def test_syntax_error_changes_nothing(self):
        code = "x = 1\n\ndef f(:\n    pass\n"
        reply = codeintel.format_code(code)
        self.assertFalse(reply["ok"])
        self.assertEqual(reply["code"], "")
        self.assertEqual(reply["error"]["line"], 3)
        self.assertIn("Cannot parse", reply["error"]["message"])

    def test_line_ranges(self):
        code = "a=[1,2]\nb=[1,2]\nc=[1,2]\n"
        reply = codeintel.format_code(code, line_ranges=[[2, 2]])
        self.assertTrue(reply["ok"], reply)
        self.assertEqual(reply["code"], "a=[1,2]\nb = [1, 2]\nc=[1,2]\n")
        reply = codeintel.format_code(code, line_ranges=[[1, 1], [3, 3]])
        self.assertEqual(reply["code"], "a = [1, 2]\nb=[1,2]\nc = [1, 2]\n")

    def test_line_length(self):
        code = "result = compute(first_argument, second_argument, third_argument)\n"
        self.assertEqual(codeintel.format_code(code)["code"], code)
        narrow = codeintel.format_code(code, line_length=40)["code"]
        self.assertTrue(all(len(line) <= 40 for line in narrow.splitlines()), narrow)
        self.assertGreater(narrow.count("\n"), 1)

    def test_empty_text(self):
        self.assertTrue(codeintel.format_code("")["ok"])
        self.assertEqual(codeintel.format_code("")["code"], "")


def codes(items):
    return [(item["line"], item["code"]) for item in items]


class FormatWholeTest(unittest.TestCase):
    """format_code's whole-file path (codeintel._format_whole) against black's own
    format_file_contents: the same text, the same refusals."""

    def reference(self, source):
        try:
            code = black.format_file_contents(
                source, fast=False, mode=black.Mode(line_length=88)
            )
        except black.NothingChanged:
            code = source
        except black.parsing.InvalidInput as exc:
            return {"ok": False, "message": str(exc)}
        return {"ok": True, "code": code}

    def test_same_as_black_on_real_code(self):
        sys.path.insert(0, BENCH_DIR)
        self.addCleanup(sys.path.remove, BENCH_DIR)
        import editor_inputs

        sources = [
            UGLY,
            black.format_str(UGLY, mode=black.Mode()),  # formatted already
            editor_inputs.build(editor_inputs.ugly_block, "", 300, 3),
            "",
            "\n\n",
            "x = (\n",  # cannot be parsed
        ]
        for source in sources:
            expected = self.reference(source)
            for parallel in (False, True):
                reply = codeintel.format_code(source, parallel=parallel)
                self.assertEqual(reply["ok"], expected["ok"])
                if expected["ok"]:
                    self.assertEqual(reply["code"], expected["code"])
                else:
                    self.assertIn(reply["error"]["message"][:40], expected["message"])

    def fake_black(self, second_pass, equivalent=True):
        """A black whose passes and checks are recorded."""
        calls = []

        class Fake:
            NothingChanged = black.NothingChanged

            @staticmethod
            def _format_str_once(text, mode):
                calls.append("pass")
                return "first\n" if text == "source\n" else second_pass

            @staticmethod
            def assert_equivalent(source, formatted):
                calls.append("equivalent")
                if not equivalent:
                    raise AssertionError("INTERNAL ERROR: not equivalent")

            @staticmethod
            def assert_stable(source, formatted, mode):
                calls.append("stable")

        return Fake, calls

    def test_the_last_pass_is_skipped_only_when_it_would_repeat_the_second(self):
        fake, calls = self.fake_black(second_pass="first\n")
        self.assertEqual(
            codeintel._format_whole(fake, "source\n", None, False), "first\n"
        )
        self.assertEqual(calls, ["pass", "pass", "equivalent"])
        fake, calls = self.fake_black(second_pass="second\n")
        self.assertEqual(
            codeintel._format_whole(fake, "source\n", None, False), "second\n"
        )
        self.assertEqual(calls, ["pass", "pass", "equivalent", "stable"])

    def test_a_refusal_reads_the_same_from_the_forked_check(self):
        # format_code replies with the refusal worded as black's own exception.
        for parallel in (False, True):
            fake, _ = self.fake_black(second_pass="first\n", equivalent=False)
            with self.assertRaises(codeintel._Refused) as raised:
                codeintel._format_whole(fake, "source\n", None, parallel)
            self.assertEqual(
                str(raised.exception), "AssertionError: INTERNAL ERROR: not equivalent"
            )


class ForkedCallTest(unittest.TestCase):
    def test_answer_failure_and_timeout(self):
        call = forkedcall.ForkedCall.start(
            lambda: None, lambda: {"pid": os.getpid()}, 10
        )
        answer = call.result()
        self.assertNotEqual(answer["pid"], os.getpid())  # worked out in the copy

        def fail():
            raise RuntimeError("no")

        self.assertIsNone(forkedcall.ForkedCall.start(fail, lambda: 1, 10).result())

        slow = forkedcall.ForkedCall.start(lambda: time.sleep(30), lambda: 1, 0.2)
        started = time.monotonic()
        self.assertIsNone(slow.result())
        self.assertLess(time.monotonic() - started, 10)
        with self.assertRaises(ProcessLookupError):  # killed and reaped
            os.kill(slow._pid, 0)

        stopped = forkedcall.ForkedCall.start(lambda: time.sleep(30), lambda: 1, 10)
        stopped.stop()
        with self.assertRaises(ProcessLookupError):
            os.kill(stopped._pid, 0)


# Code with problems of both kinds: the AST's (pyflakes) and the tokens' (pycodestyle).
SPLIT_SAMPLE = textwrap.dedent(
    """\
    import os
    import sys


    def summarise(frame, column, limit=50):
        total=0
        for value in frame[column]:
            if value > limit :
                total += value  # noqa: E203
            unused = value
        l = [1,2, 3]  # noqa: E231
        m = [4,5]
        pairs = {
            "a":1,
        }  # noqa: E231 (the whole logical line)
        return total+len(l)+len(m)+len(pairs)  # noqa


    class Report(object):
        def __init__(self, rows):
            self.rows = rows
            print(sys.argv , undefined_name)
    """
)


class LintTest(unittest.TestCase):
    def setUp(self):
        self.linter = codeintel.Linter()
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, relative, text):
        path = os.path.join(self.tmp.name, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_unused_import(self):
        items = self.linter.lint("import os\n")
        self.assertEqual(
            items,
            [
                {
                    "line": 1,
                    "column": 0,
                    "code": "F401",
                    "message": "'os' imported but unused",
                    "severity": "warning",
                }
            ],
        )

    def test_syntax_error_is_an_error(self):
        items = self.linter.lint("x = 1\ndef f(:\n    pass\n")
        self.assertEqual(codes(items), [(2, "E999")])
        self.assertEqual(items[0]["severity"], "error")
        undefined = self.linter.lint("print(undefined_name)\n")
        self.assertEqual(codes(undefined), [(1, "F821")])
        self.assertEqual(undefined[0]["severity"], "error")

    def test_defaults_agree_with_black(self):
        line_85 = "x = '" + "a" * 79 + "'\n"
        line_95 = "x = '" + "a" * 89 + "'\n"
        self.assertEqual(self.linter.lint(line_85), [])
        self.assertEqual(codes(self.linter.lint(line_95)), [(1, "E501")])
        # black writes slices and binary operators like this.
        blackish = "x = [1, 2, 3]\ny = x[1 :]\nz = (\n    1\n    + 2\n)\n"
        self.assertEqual(self.linter.lint(blackish), [])

    def test_shipped_templates_are_clean(self):
        """A template inserted into the editor shows no warning: flake8 with the editor's
        defaults finds nothing, and black would leave it as it is."""
        folder = os.path.join(
            os.path.dirname(__file__), "..", "..", "resources", "templates"
        )
        names = sorted(name for name in os.listdir(folder) if name.endswith(".py"))
        self.assertGreaterEqual(len(names), 10)
        for name in names:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                code = f.read()
            with self.subTest(template=name):
                self.assertEqual(codes(self.linter.lint(code)), [])
                self.assertEqual(codeintel.format_code(code)["code"], code)

    def test_black_output_only_keeps_the_unused_import(self):
        items = self.linter.lint(codeintel.format_code(UGLY)["code"])
        self.assertEqual(codes(items), [(1, "F401"), (5, "F841")])

    def test_columns_count_code_points(self):
        items = self.linter.lint('s = "ü€";y=1\n')
        self.assertEqual(
            [(i["code"], i["column"]) for i in items],
            [("E702", 8), ("E231", 8), ("E225", 10)],
        )

    def test_config_text_is_respected(self):
        line_95 = "import os\nx = '" + "a" * 89 + "'\n"
        config = "[flake8]\nmax-line-length = 120\nextend-ignore = F401\n"
        self.assertEqual(self.linter.lint(line_95, config=config), [])
        # A project's own ignore list replaces the defaults, black's included.
        config = "[flake8]\nignore = F401\n"
        self.assertEqual(
            codes(self.linter.lint("y = x[1 :]\n", config=config)),
            [(1, "F821"), (1, "E203")],
        )

    def test_config_found_from_path_upwards(self):
        self.write(
            "tox.ini", "[tox]\nenvlist = py3\n"
        )  # no [flake8]: not a flake8 config
        self.write("setup.cfg", "[flake8]\nmax-line-length = 100\n")
        path = self.write("pkg/sub/module.py", "")
        line_95 = "x = '" + "a" * 89 + "'\n"
        self.assertEqual(self.linter.lint(line_95, path=path), [])
        self.assertEqual(codes(self.linter.lint(line_95)), [(1, "E501")])
        self.write("pkg/.flake8", "[flake8]\nmax-line-length = 90\n")  # nearer wins
        self.assertEqual(codes(self.linter.lint(line_95, path=path)), [(1, "E501")])

    def test_per_file_ignores_relative_to_the_config(self):
        config = (
            "[flake8]\nper-file-ignores =\n    tests/*: F401\n    __init__.py: F401\n"
        )
        config_path = os.path.join(self.tmp.name, "setup.cfg")
        for relative, expected in (
            ("tests/test_a.py", []),
            ("src/a.py", [(1, "F401")]),
            ("src/__init__.py", []),
        ):
            path = os.path.join(self.tmp.name, relative)
            items = self.linter.lint("import os\n", path, config, config_path)
            self.assertEqual(codes(items), expected, relative)

    def test_options_about_files_and_output_are_dropped(self):
        out = os.path.join(self.tmp.name, "out.txt")
        config = "[flake8]\nexclude = *\nfilename = *.txt\noutput-file = %s\n" % out
        self.assertEqual(
            codes(self.linter.lint("import os\n", config=config)), [(1, "F401")]
        )
        self.assertFalse(os.path.exists(out))

    def test_broken_config_falls_back_to_defaults(self):
        problems = []
        saved = codeintel._report
        codeintel._report = problems.append
        try:
            items = self.linter.lint(
                "import os\n", config="max-line-length = 3\n[flake8"
            )
        finally:
            codeintel._report = saved
        self.assertEqual(codes(items), [(1, "F401")])
        self.assertEqual(len(problems), 1)

    def flake8_command(self, code):
        """(line, column, code, message) from the flake8 command, with the options the
        engine uses by default."""
        path = self.write("checked.py", code)
        out = subprocess.run(
            [sys.executable, "-m", "flake8", "--max-line-length", "88"]
            + ["--extend-ignore", codeintel.BLACK_IGNORES, path],
            capture_output=True,
            text=True,
        )
        found = []
        for line in out.stdout.splitlines():
            row, column, rest = line[len(path) + 1 :].split(":", 2)
            code, message = rest.strip().split(" ", 1)
            found.append((int(row), int(column), code, message))
        return found

    def test_split_run_matches_serial_run_and_the_command(self):
        split = codeintel.Linter(split=True)
        long_source = SPLIT_SAMPLE * 12
        self.assertGreater(long_source.count("\n"), codeintel.SPLIT_MIN_LINES)
        sources = [
            long_source,  # the AST checked in a forked copy
            long_source + "def broken(:\n    pass\n",  # a syntax error: serial
            long_source + 'text = """\n',  # a tokenizer error: serial
            SPLIT_SAMPLE,  # short: serial
        ]
        forks = []
        original_fork = os.fork

        def counted_fork():
            forks.append(1)
            return original_fork()

        os.fork = counted_fork
        self.addCleanup(setattr, os, "fork", original_fork)
        for source in sources:
            ours = split.lint(source)
            self.assertEqual(ours, self.linter.lint(source))
            self.assertEqual(
                [(i["line"], i["column"] + 1, i["code"], i["message"]) for i in ours],
                self.flake8_command(source),
            )
        self.assertEqual(len(forks), 3)  # not for the short one
        found = {item["code"] for item in split.lint(long_source)}
        self.assertTrue({"F401", "F821", "E231", "E225"} <= found, found)

    def test_split_run_falls_back_when_the_copy_cannot_help(self):
        source = SPLIT_SAMPLE * 12
        expected = self.linter.lint(source)
        split = codeintel.Linter(split=True)
        original_fork = os.fork

        def refused():
            raise BlockingIOError(11, "Resource temporarily unavailable")

        os.fork = refused
        try:
            self.assertEqual(split.lint(source), expected)
        finally:
            os.fork = original_fork
        saved = codeintel.SPLIT_SECONDS
        codeintel.SPLIT_SECONDS = 0  # the copy never answers in time: it is killed
        try:
            self.assertEqual(split.lint(source), expected)
        finally:
            codeintel.SPLIT_SECONDS = saved

    def test_guides_are_cached_and_bounded(self):
        folders = []
        for n in range(codeintel._GUIDE_CACHE_SIZE + 2):
            self.linter.lint(
                "x = 1\n", config="[flake8]\nmax-line-length = %d\n" % (80 + n)
            )
            folders.append(
                self.linter._guides[next(reversed(self.linter._guides))].folder
            )
        self.assertEqual(len(self.linter._guides), codeintel._GUIDE_CACHE_SIZE)
        self.assertFalse(os.path.exists(folders[0]))
        self.assertTrue(os.path.exists(folders[-1]))
        # Only the configuration stays in a guide's folder: checked files are removed.
        self.assertEqual(os.listdir(folders[-1]), ["flake8.cfg"])

    def test_request_round_trip(self):
        reply = codeintel.CodeIntel().handle(
            {
                "type": "lint",
                "id": 3,
                "code": "import os\n",
                "path": "",
                "config": "",
                "configPath": "",
            }
        )
        self.assertEqual(reply["type"], "diagnostics")
        self.assertEqual(reply["id"], 3)
        self.assertEqual(codes(reply["items"]), [(1, "F401")])
        reply = codeintel.CodeIntel().handle(
            {
                "type": "format",
                "id": 4,
                "code": "x=1\n",
                "lineRanges": [],
                "lineLength": 88,
            }
        )
        self.assertEqual(
            reply,
            {
                "type": "formatted",
                "id": 4,
                "ok": True,
                "code": "x = 1\n",
                "error": {"message": "", "line": -1},
            },
        )


if __name__ == "__main__":
    unittest.main()
