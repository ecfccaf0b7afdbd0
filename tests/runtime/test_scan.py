"""The security scan: silent on the analysis code we ship, loud on every hostile case."""

import os
import re
import textwrap
import time
import unittest

import helpers  # noqa: F401  (puts the runtime on sys.path)

from sandpiper_runtime import scan

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))


def rules(code):
    return sorted({finding["code"] for finding in scan.scan(textwrap.dedent(code))})


def cells(path):
    """The cells of a `# %%` script, with their first line (the cell's title)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    parts = re.split(r"^# %%", text, flags=re.MULTILINE)
    return [("# %%" + part).split("\n", 1) for part in parts[1:]]


class ShippedCodeTest(unittest.TestCase):
    """Zero findings on every template and example we ship."""

    def test_templates_and_examples_have_no_findings(self):
        folders = [
            os.path.join(ROOT, "resources", "templates"),
            os.path.join(ROOT, "examples"),
        ]
        files = [
            os.path.join(folder, name)
            for folder in folders
            for name in sorted(os.listdir(folder))
            if name.endswith(".py")
        ]
        self.assertGreaterEqual(len(files), 16)
        for path in files:
            with open(path, encoding="utf-8") as f:
                findings = scan.scan(f.read())
            self.assertEqual(findings, [], path)


class HostileTest(unittest.TestCase):
    def test_every_attack_of_the_hostile_batch_is_flagged(self):
        attacks = cells(os.path.join(ROOT, "tests", "sandbox", "hostile_batch.py"))
        # The last cell only shows the session survived.
        self.assertIn("still there", attacks[-1][0])
        for title, body in attacks[:-1]:
            self.assertTrue(scan.scan(body), title)

    def test_each_rule(self):
        cases = {
            "SP101": [
                "import subprocess\nsubprocess.run(['ls'])",
                "import os\nos.system('ls')",
                "from os import execv\nexecv('/bin/sh', ['sh'])",
                "import pty\npty.spawn('/bin/sh')",
            ],
            "SP102": [
                "import socket",
                "import urllib.request as r\nr.urlopen(u)",
                "import requests",
                "import http.client",
                "import pandas as pd\npd.read_csv('https://example.com/a.csv')",
            ],
            "SP103": [
                "exec(code)",
                "eval(input())",
                "m = __import__(name)",
                "import importlib\nimportlib.import_module(n)",
                "compile(src, 'x', 'exec')",
            ],
            "SP104": ["import ctypes", "from cffi import FFI"],
            "SP105": [
                "import pickle\npickle.load(open('a.pkl', 'rb'))",
                "import pickle as p\np.loads(data)",
                "import marshal",
                "import shelve\nshelve.open('db')",
                "import yaml\nyaml.load(text)",
                "import pandas as pd\npd.read_pickle('f.pkl')",
                "import numpy as np\nnp.load('a.npy', allow_pickle=True)",
            ],
            "SP106": [
                "open('/etc/passwd')",
                "open('../secret.txt')",
                "open('~/notes.txt')",
                "import os\nos.path.expanduser('~')",
                "from pathlib import Path\nPath.home()",
                "open(f'/dev/shm/part-{i}', 'wb')",
                "sandpiper.sql(\"SELECT * FROM read_text('/etc/passwd')\")",
                "sandpiper.sql('INSTALL httpfs')",
                "sandpiper.sql(\"COPY t TO '/srv/data/out.csv'\")",
            ],
            "SP107": [
                "import os\nkey = os.environ['AWS_SECRET']",
                "import os\nos.getenv('TOKEN')",
                "open('id_rsa')",
                "import getpass",
            ],
            "SP108": [
                "import os\nwhile True:\n    os.fork()",
                "import threading\nwhile True:\n    threading.Thread(target=f).start()",
                "import os\nfor i in range(3):\n    os.fork()",
            ],
            "SP109": [
                "import base64\nexec(base64.b64decode(blob))",
                "import builtins\ngetattr(builtins, name)('x')",
                "globals()[name]()",
            ],
            "SP110": [
                "while True:\n    pass",
                "import itertools\nsum(itertools.repeat(1))",
                "import itertools\nlist(itertools.count())",
                "import time\ntime.sleep(1e9)",
            ],
            "SP111": [
                "import os\nos.kill(pid, 9)",
                "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)",
                "import os\nos._exit(1)",
            ],
            "SP112": [
                "import os\nos.setuid(0)",
                "import resource\nresource.setrlimit(resource.RLIMIT_DATA, (-1, -1))",
                "import os\nos.unshare(os.CLONE_NEWUSER)",
            ],
            "SP113": [
                "import numpy\nnumpy.ones(10**11)",
                "import mmap\nmmap.mmap(-1, 1 << 30)",
                "b'x' * (1 << 31)",
                "import matplotlib.pyplot as plt\nfor i in range(10000):\n    plt.figure()",
                "import matplotlib.pyplot as plt\nplt.figure(figsize=(200, 200), dpi=200)",
            ],
        }
        for rule, snippets in cases.items():
            for snippet in snippets:
                found = scan.scan(snippet)
                self.assertIn(rule, {f["code"] for f in found}, snippet)
                for finding in found:
                    self.assertGreaterEqual(finding["line"], 1)
                    self.assertIn(finding["severity"], ("error", "warning"))
                    self.assertTrue(finding["message"])

    def test_line_numbers_point_at_the_code(self):
        found = scan.scan("x = 1\n\nimport subprocess\n")
        self.assertEqual([(f["line"], f["code"]) for f in found], [(3, "SP101")])


class OrdinaryCodeTest(unittest.TestCase):
    """Things analysis code does every day stay quiet."""

    def test_ordinary_code_has_no_findings(self):
        for snippet in [
            "import pandas as pd\ndf = pd.read_csv('sales.csv')\ndf.head()",
            "x = eval('1 + 2')",
            "exec('y = 3')",
            "import yaml\nyaml.load(text, Loader=yaml.SafeLoader)",
            "import yaml\nyaml.safe_load(text)",
            "while True:\n    line = f.readline()\n    if not line:\n        break",
            "for i in range(10):\n    t = threading.Thread(target=f)",
            "path = 'data/sales.csv'",
            "ratio = a / b",
            "'a/b'",
            "'''Docstring mentioning /etc/passwd and ~/notes.'''",
            "import time\ntime.sleep(0.5)",
            "import itertools\nfor i, x in zip(itertools.count(), items):\n    pass",
            "import numpy as np\nnp.zeros(1000)",
            "import numpy as np\nnp.load('a.npy')",
            "import numpy as np\nnp.load('a.npy', allow_pickle=False)",
            "open('/dev/null')",
            "%view df",
            "def f():\n    while True:\n        return 1",
        ]:
            self.assertEqual(scan.scan(snippet), [], snippet)

    def test_code_that_does_not_parse_has_no_findings(self):
        self.assertEqual(scan.scan("import subprocess\nthis does not parse ("), [])
        self.assertEqual(scan.scan("\x00"), [])

    def test_findings_are_bounded(self):
        found = scan.scan("import os\n" + "os.system('x')\n" * 5000)
        self.assertEqual(len(found), scan.MAX_FINDINGS)

    def test_a_thousand_lines_scan_quickly(self):
        with open(
            os.path.join(ROOT, "resources", "templates", "classification.py")
        ) as f:
            template = f.read()
        code = (template + "\n") * (1000 // max(1, template.count("\n")) + 1)
        code = "\n".join(code.split("\n")[:1000])
        start = time.perf_counter()
        scan.scan(code)
        # Generous: the benchmark reports the real figure; this only catches a blow-up.
        self.assertLess(time.perf_counter() - start, 1.0)


if __name__ == "__main__":
    unittest.main()
