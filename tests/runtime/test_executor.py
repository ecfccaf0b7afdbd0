"""Exec semantics: namespace, trailing expression, errors, input()."""

import sys
import unittest

from helpers import SessionTestCase


class ExecutionTest(SessionTestCase):
    def test_namespace_persists(self):
        self.run_ok("x = 40")
        self.run_ok("def f(v):\n    return v + 2")
        self.run_ok("y = f(x)")
        self.assertEqual(self.session.namespace["y"], 42)
        self.assertEqual(self.session.namespace["__name__"], "__main__")

    def test_trailing_expression_is_displayed(self):
        cases = [
            ("1 + 1", "2"),
            ("x = 5\nx * 2", "10"),
            ("'a' + 'b'  # comment ; here", "'ab'"),
            ("[1,\n 2,\n 3]", "[1, 2, 3]"),
            ("s = 'é'\ns", "'é'"),
        ]
        for code, expected in cases:
            with self.subTest(code=code):
                self.recorder.bundles.clear()
                self.run_ok(code)
                self.assertEqual(len(self.recorder.bundles), 1)
                self.assertEqual(self.recorder.bundles[0][0]["text/plain"], expected)

    def test_no_display(self):
        cases = [
            "x = 1",
            "1 + 1;",
            "1 + 1 ;  # suppressed",
            "'é';",
            "None",
            "print('hi')",
            "if True:\n    5",
            "",
            "# only a comment",
        ]
        for code in cases:
            with self.subTest(code=code):
                self.recorder.bundles.clear()
                self.run_ok(code)
                self.assertEqual(self.recorder.bundles, [])

    def test_silent_does_not_display(self):
        self.run_ok("42", silent=True)
        self.assertEqual(self.recorder.bundles, [])

    def test_statements_before_expression_run_once(self):
        self.run_ok("n = 0")
        self.run_ok("n += 1\nn")
        self.assertEqual(self.session.namespace["n"], 1)
        self.assertEqual(self.recorder.bundles[0][0]["text/plain"], "1")

    def test_display_builtin(self):
        self.run_ok("display(3, 'x')")
        texts = [data["text/plain"] for data, _ in self.recorder.bundles]
        self.assertEqual(texts, ["3", "'x'"])

    def test_top_level_await(self):
        self.run_ok("import asyncio\nawait asyncio.sleep(0)\nv = 7\nv")
        self.assertEqual(self.recorder.bundles[0][0]["text/plain"], "7")
        # The same loop is used again.
        self.run_ok("await asyncio.sleep(0)")


class ErrorTest(SessionTestCase):
    def test_exception_points_at_user_line(self):
        result = self.session.execute("a = 1\nb = 0\na / b\n", cell_name="<cell 7>")
        self.assertEqual(result["status"], "error")
        error = result["error"]
        self.assertEqual(error["type"], "ZeroDivisionError")
        self.assertEqual(error["message"], "division by zero")
        self.assertEqual(error["line"], 3)
        text = "\n".join(error["traceback"])
        self.assertTrue(error["traceback"][0].startswith("Traceback"), text)
        self.assertIn('File "<cell 7>", line 3', text)
        self.assertIn("a / b", text)
        self.assertTrue(error["traceback"][-1].startswith("ZeroDivisionError"))
        # No frames of the runtime itself.
        self.assertNotIn("sandpiper_runtime", text)
        self.assertNotIn("executor.py", text)

    def test_error_in_function_from_earlier_cell(self):
        self.run_ok("def g():\n    return {}['missing']", cell_name="<cell 1>")
        result = self.session.execute("x = 1\ng()", cell_name="<cell 2>")
        error = result["error"]
        self.assertEqual(error["type"], "KeyError")
        self.assertEqual(error["line"], 2)
        text = "\n".join(error["traceback"])
        self.assertLess(text.index("<cell 2>"), text.index("<cell 1>"))
        self.assertIn("return {}['missing']", text)

    def test_error_in_library_keeps_library_frames(self):
        result = self.session.execute("import json\njson.loads('{')")
        error = result["error"]
        self.assertEqual(error["type"], "JSONDecodeError")
        self.assertEqual(error["line"], 2)
        self.assertIn("json", "\n".join(error["traceback"]))

    def test_syntax_error(self):
        result = self.session.execute("x = 1\nif x\n    pass", cell_name="<c>")
        error = result["error"]
        self.assertEqual(result["status"], "error")
        self.assertEqual(error["type"], "SyntaxError")
        self.assertEqual(error["line"], 2)
        self.assertNotIn("sandpiper_runtime", "\n".join(error["traceback"]))

    def test_error_in_trailing_expression(self):
        result = self.session.execute("x = 2\nx + undefined_name")
        self.assertEqual(result["error"]["type"], "NameError")
        self.assertEqual(result["error"]["line"], 2)
        self.assertEqual(self.session.namespace["x"], 2)

    def test_error_in_repr_of_trailing_value(self):
        self.run_ok(
            "class Bad:\n"
            "    def __repr__(self):\n"
            "        raise ValueError('nope')\n"
        )
        result, stderr = self.capture_stderr("Bad()")
        # The failing repr is shown as text instead of failing the cell.
        self.assertEqual(result["status"], "ok")
        self.assertIn("repr failed", self.recorder.bundles[-1][0]["text/plain"])

    def test_hostile_exception_str(self):
        self.run_ok(
            "class E(Exception):\n"
            "    def __str__(self):\n"
            "        raise RuntimeError('str broken')\n"
        )
        result = self.session.execute("raise E()")
        self.assertEqual(result["status"], "error")
        self.assertEqual(result["error"]["type"], "E")

    def test_error_report_is_bounded(self):
        result = self.session.execute("raise ValueError('x' * 10**7)")
        error = result["error"]
        self.assertLess(len(error["message"]), 70 * 1024)
        self.assertLess(sum(len(line) for line in error["traceback"]), 200 * 1024)
        result = self.session.execute(
            "def a(n):\n    return b(n - 1) if n else 1 / 0\n"
            "def b(n):\n    return a(n)\n"
            "a(300)"
        )
        error = result["error"]
        self.assertEqual(error["type"], "ZeroDivisionError")
        self.assertLessEqual(len(error["traceback"]), 401)
        self.assertTrue(error["traceback"][-1].startswith("ZeroDivisionError"))
        self.assertTrue(any("more lines" in line for line in error["traceback"]))

    def test_keyboard_interrupt_is_interrupted(self):
        result = self.session.execute("x = 3\nraise KeyboardInterrupt")
        self.assertEqual(result["status"], "interrupted")
        self.assertEqual(result["error"]["type"], "KeyboardInterrupt")
        self.assertEqual(self.session.namespace["x"], 3)

    def test_sys_exit(self):
        self.assertEqual(self.session.execute("import sys\nsys.exit()")["status"], "ok")
        self.assertEqual(self.session.execute("sys.exit(0)")["status"], "ok")
        result = self.session.execute("sys.exit(3)")
        self.assertEqual(result["status"], "error")
        self.assertEqual(result["error"]["type"], "SystemExit")
        self.assertEqual(result["error"]["message"], "3")

    def test_input_gives_clear_error(self):
        result = self.session.execute("name = input('Name? ')")
        self.assertEqual(result["status"], "error")
        self.assertEqual(result["error"]["type"], "InputNotAvailableError")
        self.assertIn(
            "input() is not available in Sandpiper sessions", result["error"]["message"]
        )
        self.assertIsInstance(result["error"]["line"], int)
        self.assertEqual(result["error"]["line"], 1)

    def test_last_exception_recorded(self):
        self.session.execute("1/0")
        self.assertIsInstance(sys.last_exc, ZeroDivisionError)

    def test_session_continues_after_errors(self):
        self.session.execute("1/0")
        self.session.execute("raise KeyboardInterrupt")
        self.session.execute("def (")
        self.run_ok("z = 1")
        self.assertEqual(self.session.namespace["z"], 1)


if __name__ == "__main__":
    unittest.main()
