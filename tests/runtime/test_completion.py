"""Completion, signatures and documentation with jedi, live and static."""

import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

import helpers  # noqa: F401  (puts the runtime on sys.path)

import pandas as pd

from sandpiper_runtime import codeintel, completion, jedicache


def names(items):
    return [item["name"] for item in items]


class Watched:
    """Counts every property read and __getattr__ call: live completion while code runs
    must not run user code."""

    def __init__(self):
        self.__dict__["calls"] = 0

    @property
    def expensive(self):
        self.__dict__["calls"] += 1
        return 1

    def __getattr__(self, name):
        self.__dict__["calls"] += 1
        raise AttributeError(name)

    def __getitem__(self, key):
        self.__dict__["calls"] += 1
        return 1

    def method(self):
        pass


class LiveCompletionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.namespace = {
            "__name__": "__main__",
            "df": pd.DataFrame(
                {
                    "alpha": [1, 2],
                    "gamma": [1.5, 2.5],
                    "with space": ["a", "b"],
                    3: [0, 0],
                }
            ),
            "d": {"key1": 1, "key2": 2, "other": 3},
            "watched": Watched(),
        }
        exec(
            "def scale(values, factor=2, *, inplace=False):\n"
            "    '''Multiply values by factor.'''\n"
            "    return values\n",
            cls.namespace,
        )
        cls.completer = completion.Completer(cls.namespace)

    def complete(self, code, busy=False, line=None, column=None):
        lines = code.split("\n")
        line = line or len(lines)
        column = len(lines[line - 1]) if column is None else column
        return self.completer.complete(code, line, column, live=True, busy=busy)

    def test_dataframe_attributes_list_its_columns(self):
        items = self.complete("df.")
        found = names(items)
        self.assertIn("alpha", found)
        self.assertIn("gamma", found)
        self.assertIn("head", found)
        self.assertNotIn("with space", found)  # not an identifier: not an attribute
        # Special methods only when the prefix asks for them.
        self.assertFalse([name for name in found if name.startswith("__")])
        underscored = names(self.complete("df.__"))
        self.assertIn("__len__", underscored)
        self.assertIn("__getitem__", names(self.complete("df._")))
        by_name = {item["name"]: item for item in items}
        self.assertEqual(by_name["head"]["kind"], "function")
        self.assertEqual(by_name["alpha"]["prefixLength"], 0)

    def test_prefix_filters_and_is_reported(self):
        items = self.complete("x = 1\ndf.al")
        self.assertIn("alpha", names(items))
        self.assertNotIn("gamma", names(items))
        for item in items:
            self.assertEqual(item["prefixLength"], 2, item)

    def test_dict_keys(self):
        items = self.complete('d["')
        self.assertEqual(names(items), ['"key1"', '"key2"', '"other"'])
        items = self.complete("d['ke")
        self.assertEqual(names(items), ["'key1'", "'key2'"])
        self.assertEqual({item["prefixLength"] for item in items}, {3})

    def test_dataframe_keys_list_columns(self):
        items = self.complete('df["')
        self.assertEqual(names(items), ['"alpha"', '"gamma"', '"with space"'])
        self.assertEqual(items[0]["doc"], "int64")
        self.assertEqual(items[0]["prefixLength"], 1)
        items = self.complete("df['wi")
        self.assertEqual(names(items), ["'with space'"])
        self.assertEqual(items[0]["prefixLength"], 3)

    def test_column_attribute_chain(self):
        # jedi 0.19 fails on pandas' annotated properties here without the guard.
        found = names(self.complete("df.alpha."))
        self.assertIn("mean", found)

    def test_function_details(self):
        items = self.complete("sca")
        self.assertEqual(names(items), ["scale"])
        self.assertEqual(items[0]["kind"], "function")
        self.assertEqual(
            items[0]["signature"], "scale(values, factor=2, *, inplace=False)"
        )
        self.assertEqual(items[0]["doc"], "Multiply values by factor.")

    def test_kinds_while_code_runs(self):
        kinds = {i["name"]: i["kind"] for i in self.complete("df.", busy=True)}
        self.assertEqual(kinds["shape"], "instance")  # a property, not evaluated
        self.assertEqual(kinds["alpha"], "instance")
        self.assertEqual(kinds["head"], "function")
        self.assertNotIn("module", kinds.values())

    def test_busy_session_runs_no_user_code(self):
        self.namespace["watched"].__dict__["calls"] = 0
        found = names(self.complete("watched.", busy=True))
        self.assertIn("method", found)
        self.assertIn("expensive", found)
        self.completer.complete("watched.expensive.", 1, 18, live=True, busy=True)
        self.completer.complete("watched.nothing.", 1, 16, live=True, busy=True)
        self.completer.complete("watched[0].", 1, 11, live=True, busy=True)
        self.completer.inspect("watched.expensive", 1, 10, live=True, busy=True)
        self.completer.signatures("watched.method(", 1, 15, live=True, busy=True)
        self.assertEqual(self.namespace["watched"].calls, 0)

    def test_namespace_is_not_changed(self):
        before = dict(self.namespace)
        self.complete("import collections\ncollections.")
        self.complete("new_name = 1\nnew_")
        self.assertEqual(set(self.namespace), set(before))
        for key, value in before.items():
            self.assertIs(self.namespace[key], value)

    def test_positions_outside_the_text(self):
        self.assertEqual(self.completer.complete("df.", 5, 0, live=True), [])
        self.assertEqual(self.completer.complete("df.", 0, 0, live=True), [])
        # A column past the end of the line is the end of the line.
        self.assertIn("alpha", names(self.completer.complete("df.", 1, 99, live=True)))

    def test_item_count_is_bounded(self):
        namespace = {"big": type("Big", (), {"a%d" % i: i for i in range(3000)})()}
        items = completion.Completer(namespace).complete("big.a", 1, 5, live=True)
        self.assertEqual(len(items), completion.MAX_ITEMS)

    def test_signature_and_active_parameter(self):
        found = self.completer.signatures("scale(1, ", 1, 9, live=True)
        self.assertEqual(len(found), 1)
        self.assertEqual(found[0]["label"], "scale(values, factor=2, *, inplace=False)")
        self.assertEqual(found[0]["params"], ["values", "factor=2", "inplace=False"])
        self.assertEqual(found[0]["activeParam"], 1)
        self.assertIn("Multiply", found[0]["doc"])
        self.assertEqual(self.completer.signatures("scale", 1, 5, live=True), [])

    def test_read_csv_signature_without_repeats(self):
        found = self.completer.signatures("import pandas as pd\npd.read_csv(", 2, 12)
        labels = [item["label"] for item in found]
        self.assertTrue(labels and labels[0].startswith("read_csv("), labels)
        self.assertEqual(len(labels), len(set(labels)))
        self.assertEqual(found[0]["activeParam"], 0)

    def test_inspect_live_object(self):
        reply = self.completer.inspect("df.head", 1, 5, live=True)
        self.assertEqual(reply["name"], "head")
        self.assertEqual(reply["kind"], "function")
        self.assertTrue(reply["signature"].startswith("head("), reply["signature"])
        self.assertIn("first `n` rows", reply["doc"])
        self.assertTrue(reply["definition"]["path"].endswith("pandas/core/generic.py"))
        self.assertGreater(reply["definition"]["line"], 1)

    def test_inspect_nothing(self):
        reply = self.completer.inspect("x = 1\n\n", 2, 0, live=True)
        self.assertEqual(reply["name"], "")
        self.assertEqual(reply["definition"], {"path": "", "line": -1, "column": -1})

    def test_documentation_is_bounded(self):
        namespace = {}
        exec("def long():\n    pass\nlong.__doc__ = 'word ' * 10000\n", namespace)
        reply = completion.Completer(namespace).inspect("long", 1, 2, live=True)
        self.assertEqual(reply["name"], "long")
        self.assertLessEqual(len(reply["doc"]), completion.MAX_DOC)
        self.assertTrue(reply["doc"].endswith("\u2026"))


class StaticCompletionTest(unittest.TestCase):
    def setUp(self):
        self.completer = completion.Completer(None)

    def test_module_attributes(self):
        items = self.completer.complete("import os; os.pa", 1, 16)
        by_name = {item["name"]: item for item in items}
        self.assertIn("path", by_name)
        self.assertIn("pathsep", by_name)
        self.assertEqual(by_name["path"]["kind"], "module")
        self.assertEqual(by_name["path"]["prefixLength"], 2)
        # No details for static items: the editor asks inspect for the selected one.
        self.assertEqual({(i["signature"], i["doc"]) for i in items}, {("", "")})

    def test_names_from_the_text(self):
        code = "def compute_total(x):\n    return x\n\ncompute_"
        self.assertEqual(names(self.completer.complete(code, 4, 8)), ["compute_total"])

    def test_live_request_without_namespace_is_static(self):
        self.assertEqual(self.completer.complete("df.", 1, 3, live=True), [])

    def test_definition_in_the_text(self):
        code = "def compute_total(x):\n    return x\n\ncompute_total(1)"
        reply = self.completer.inspect(code, 4, 3, path="/work/a.py")
        self.assertEqual(reply["name"], "compute_total")
        self.assertEqual(
            reply["definition"], {"path": "/work/a.py", "line": 1, "column": 4}
        )


# The code-intelligence engine's static completion keeps jedi's work across requests
# (jedicache); its answers must be jedi's own. The reference runs in a fresh process
# without the caches.
_PROJECT_MAIN = """import collections
import os

import numpy as np
import pandas as pd

import helper


class Account:
    def __init__(self):
        self.__secret = 1
        self.balance = 0

    def peek(self):
        return self.__secret


def load(path):
    frame = pd.read_csv(path)
    return frame


frame = load(os.path.join("data", "sales.csv"))
values = np.linspace(0, 1, 50)
counts = collections.defaultdict(int)
"""
_PROBES = (
    "values.",
    "frame.gr",
    "counts.",
    "np.li",
    "os.path.jo",
    "helper.",
    "Account().",
    "Account().__",
    "'text'.st",
)
_PLAIN_COMPLETIONS = """
import json, sys
sys.path.insert(0, sys.argv[1])
from sandpiper_runtime import completion, jedicache
jedicache.install = lambda: None
main, probes = sys.argv[2], json.loads(sys.argv[3])
code = open(main).read()
replies = []
for probe in probes:
    completer = completion.Completer(None)
    completer._shared = None
    text = code + probe
    line = text.count("\\n") + 1
    replies.append(completer.complete(text, line, len(probe), path=main))
print(json.dumps(replies))
"""


class SharedStaticStateTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="sandpiper-static-")
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.main = os.path.join(self.folder, "main.py")
        with open(self.main, "w") as f:
            f.write(_PROJECT_MAIN)
        self.write_helper("def first():\n    return 1\n")

    def write_helper(self, text):
        with open(os.path.join(self.folder, "helper.py"), "w") as f:
            f.write(text)

    def plain(self):
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                _PLAIN_COMPLETIONS,
                helpers.RUNTIME_DIR,
                self.main,
                json.dumps(_PROBES),
            ],
            capture_output=True,
            text=True,
        )
        self.assertEqual(out.returncode, 0, out.stderr)
        return json.loads(out.stdout)

    def ours(self, completer):
        replies = []
        for probe in _PROBES:
            text = _PROJECT_MAIN + probe
            line = text.count("\n") + 1
            replies.append(completer.complete(text, line, len(probe), path=self.main))
        return replies

    def test_same_answers_as_jedi_and_edited_modules_read_again(self):
        completer = completion.Completer(None)
        first = self.ours(completer)
        self.assertEqual(first, self.ours(completer))  # the second round: all shared
        self.assertEqual(first, self.plain())
        # The private name is offered inside its class only: mangling still applies.
        probe = dict(zip(_PROBES, first))
        self.assertNotIn("__secret", names(probe["Account().__"]))
        self.assertIn("first", names(probe["helper."]))
        self.assertIn("groupby", names(probe["frame.gr"]))

        self.write_helper("def second():\n    return 2\n")
        edited = self.ours(completer)
        self.assertEqual(edited, self.plain())
        helper_names = names(dict(zip(_PROBES, edited))["helper."])
        self.assertIn("second", helper_names)
        self.assertNotIn("first", helper_names)

    def test_states_per_project_and_a_large_memo_dropped(self):
        completer = completion.Completer(None)
        self.ours(completer)
        folder = os.path.realpath(self.folder)
        state = completer._shared.state_of(folder)
        self.assertIsNotNone(state)
        # Another project's file: a state of its own; the first one is kept.
        other = tempfile.mkdtemp(prefix="sandpiper-other-")
        self.addCleanup(shutil.rmtree, other, True)
        with open(os.path.join(other, "setup.py"), "w") as f:
            f.write("")  # what makes jedi take a folder for a project
        other_main = os.path.join(other, "main.py")
        completer.complete("import os\nos.pa", 2, 5, path=other_main)
        completer.complete("import os\nos.pa", 2, 5, path=self.main)
        self.assertIsNot(completer._shared.state_of(other), state)
        self.assertIs(completer._shared.state_of(folder), state)
        original = jedicache.MAX_MEMO_ENTRIES
        self.addCleanup(setattr, jedicache, "MAX_MEMO_ENTRIES", original)
        jedicache.MAX_MEMO_ENTRIES = 0
        completer.complete("import os\nos.pa", 2, 5, path=self.main)
        self.assertIsNot(completer._shared.state_of(folder), state)


class CodeIntelRequestTest(unittest.TestCase):
    def test_reply_shape_and_failure(self):
        problems = []
        handler = codeintel.CodeIntel({"x": 1}, log=problems.append)
        reply = handler.handle(
            {
                "type": "complete",
                "id": 7,
                "code": "x.re",
                "line": 1,
                "column": 4,
                "source": "live",
                "path": "",
            }
        )
        self.assertEqual(reply["type"], "completions")
        self.assertEqual(reply["id"], 7)
        self.assertIn("real", names(reply["items"]))
        # A broken request (no code) is an empty reply and a logged problem, not an
        # exception.
        reply = handler.handle({"type": "inspect", "id": 8, "line": 1, "column": 0})
        self.assertEqual(reply["type"], "documentation")
        self.assertEqual(reply["name"], "")
        self.assertEqual(len(problems), 1)
        self.assertIn("inspect failed", problems[0])
        with self.assertRaises(ValueError):
            handler.handle({"type": "execute", "id": 9})

    def test_memory_settles_after_warm_up(self):
        saved = gc.get_threshold()
        self.addCleanup(gc.set_threshold, *saved)
        self.addCleanup(gc.unfreeze)
        gc.unfreeze()
        # A session with user variables: their objects must stay collectable.
        codeintel.CodeIntel({"__name__": "__main__", "df": object()})._settle_memory()
        self.assertEqual(gc.get_freeze_count(), 0)
        self.assertEqual(gc.get_threshold(), saved)
        # A session before its first cell: frozen, thresholds left to the user.
        codeintel.CodeIntel(
            {"__name__": "__main__", "__builtins__": {}}
        )._settle_memory()
        self.assertGreater(gc.get_freeze_count(), 0)
        self.assertEqual(gc.get_threshold(), saved)
        gc.unfreeze()
        # The code-intelligence engine: frozen and collecting less often.
        codeintel.CodeIntel()._settle_memory()
        self.assertGreater(gc.get_freeze_count(), 0)
        self.assertEqual(gc.get_threshold(), (50000, 20, 100))

    def test_warm_up_ends(self):
        handler = codeintel.CodeIntel({"df": pd.DataFrame({"a": [1]})}, log=self.fail)
        steps = 0
        while handler.warm():
            steps += 1
            self.assertLess(steps, 50)
        self.assertGreaterEqual(steps, 4)
        self.assertFalse(handler.warm())
        items = handler.completer.complete("df.", 1, 3, live=True)
        self.assertIn("a", names(items))

    def test_warm_up_completes_live_before_the_user_imports_pandas(self):
        # With jedi's parse cache on disk, the static steps end without importing
        # pandas; the live step then did nothing and a first `df.` took 0.8 s.
        script = textwrap.dedent(
            """
            import sys
            sys.path.insert(0, %r)
            from sandpiper_runtime import completion
            live = []
            answer = completion.Completer.complete
            def counted(self, *args, **kwargs):
                live.append(kwargs.get("live", False))
                return answer(self, *args, **kwargs)
            completion.Completer.complete = counted
            completer = completion.Completer({})
            for step in completer.warm_steps():
                if getattr(step, "__name__", "") == "_warm_live":
                    assert "pandas" not in sys.modules, "pandas imported before"
                    step()
            print(sum(live))
            """
            % helpers.RUNTIME_DIR
        )
        out = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
        )
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertGreaterEqual(int(out.stdout.strip()), 2 * len(completion._WARM_LIVE))


if __name__ == "__main__":
    unittest.main()
