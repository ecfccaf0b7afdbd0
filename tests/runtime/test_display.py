"""Display capture: matplotlib/seaborn, Plotly, Altair, DataFrames, _repr_*_ objects."""

import json
import os
import subprocess
import sys
import unittest

from helpers import RUNTIME_DIR, SessionTestCase

import sandpiper_runtime
from sandpiper_runtime import rich_display

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class MatplotlibTest(SessionTestCase):
    def tearDown(self):
        sandpiper_runtime.set_figure_formats("png")

    def test_figure_emitted_at_cell_end_and_closed(self):
        self.run_ok("import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nx = 1")
        self.assertEqual(len(self.recorder.bundles), 1)
        data, metadata = self.recorder.bundles[0]
        self.assertTrue(data["image/png"].startswith(PNG_MAGIC))
        self.assertIn("Figure", data["text/plain"])
        self.assertGreater(metadata["width"], 100)
        self.assertGreater(metadata["height"], 100)
        self.assertBundleTypes(data)
        self.run_ok("n = len(plt.get_fignums())")
        self.assertEqual(self.session.namespace["n"], 0)

    def test_backend_is_non_interactive_sandpiper_backend(self):
        self.run_ok("import matplotlib\nb = matplotlib.get_backend()")
        self.assertEqual(
            self.session.namespace["b"], "module://sandpiper_runtime.mpl_backend"
        )

    def test_show_emits_in_order(self):
        self.run_ok(
            "import matplotlib.pyplot as plt\n"
            "plt.plot([1])\n"
            "plt.show()\n"
            "display('between')\n"
            "plt.figure()\n"
            "plt.plot([2]);\n"
        )
        kinds = [
            "png" if "image/png" in data else data["text/plain"]
            for data, _ in self.recorder.bundles
        ]
        self.assertEqual(kinds, ["png", "'between'", "png"])

    def test_figures_per_run_are_bounded(self):
        count = rich_display.FIGURE_LIMIT + 15
        result, stderr = self.capture_stderr(
            "import matplotlib.pyplot as plt\n"
            f"for i in range({count}):\n"
            "    plt.figure(); plt.plot([i])\n"
            "    if i % 2:\n"
            "        plt.show()\n"
        )
        self.assertEqual(result["status"], "ok", result["error"])
        self.assertEqual(stderr.count("figures of a run are shown"), 1)
        pngs = [d for d, _ in self.recorder.bundles if "image/png" in d]
        self.assertEqual(len(pngs), rich_display.FIGURE_LIMIT)
        self.run_ok("n = len(plt.get_fignums())")
        self.assertEqual(self.session.namespace["n"], 0)
        # The next run has a budget of its own.
        self.recorder.bundles.clear()
        self.run_ok("plt.plot([1]);")
        self.assertEqual(len(self.recorder.bundles), 1)

    def test_two_figures(self):
        self.run_ok(
            "import matplotlib.pyplot as plt\n"
            "f1 = plt.figure(); plt.plot([1])\n"
            "f2 = plt.figure(); plt.plot([2]);\n"
        )
        self.assertEqual(len(self.recorder.bundles), 2)

    def test_trailing_figure_is_shown_once(self):
        self.run_ok(
            "import matplotlib.pyplot as plt\n" "fig, ax = plt.subplots()\n" "fig"
        )
        pngs = [d for d, _ in self.recorder.bundles if "image/png" in d]
        self.assertEqual(len(pngs), 1)

    def test_figure_shown_then_changed_is_shown_again(self):
        self.run_ok(
            "import matplotlib.pyplot as plt\n"
            "fig, ax = plt.subplots()\n"
            "display(fig)\n"
            "ax.plot([1, 5]);\n"
        )
        self.assertEqual(len(self.recorder.bundles), 2)

    def test_figure_method_show(self):
        self.run_ok(
            "import matplotlib.pyplot as plt\n"
            "fig, ax = plt.subplots()\n"
            "fig.show()\n"
            "plt.close(fig)\n"
        )
        self.assertEqual(len(self.recorder.bundles), 1)

    def test_svg_on_request(self):
        sandpiper_runtime.set_figure_formats("png", "svg")
        self.run_ok("import matplotlib.pyplot as plt\nplt.plot([1, 2]);")
        data, _ = self.recorder.bundles[0]
        self.assertIn("<svg", data["image/svg+xml"])
        self.assertTrue(data["image/png"].startswith(PNG_MAGIC))
        self.assertBundleTypes(data)

    def test_exact_size_dpi_and_every_format(self):
        sandpiper_runtime.set_figure_formats("png", "jpeg", "pdf", dpi=100, size=(3, 2))
        self.run_ok(
            "import matplotlib.pyplot as plt\n"
            "fig = plt.figure(figsize=(8, 8))\n"
            "plt.plot([1, 2]);"
        )
        data, metadata = self.recorder.bundles[0]
        self.assertEqual((metadata["width"], metadata["height"]), (300, 200))
        self.assertTrue(data["image/jpeg"].startswith(b"\xff\xd8"))
        self.assertTrue(data["application/pdf"].startswith(b"%PDF"))
        self.assertIn(b"/MediaBox [ 0 0 216 144 ]", data["application/pdf"])
        self.assertBundleTypes(data)
        with self.assertRaises(ValueError):
            sandpiper_runtime.set_figure_formats("png", size=(0, 2))

    def test_unknown_format_rejected(self):
        with self.assertRaises(ValueError):
            sandpiper_runtime.set_figure_formats("gif")
        with self.assertRaises(ValueError):
            sandpiper_runtime.set_figure_formats()

    def test_figure_after_error_is_still_shown(self):
        result = self.session.execute(
            "import matplotlib.pyplot as plt\nplt.plot([1])\n1/0"
        )
        self.assertEqual(result["status"], "error")
        self.assertEqual(len(self.recorder.bundles), 1)

    def test_figure_without_pyplot(self):
        self.run_ok(
            "from matplotlib.figure import Figure\n"
            "f = Figure()\n"
            "f.add_subplot().plot([1, 2])\n"
            "f"
        )
        self.assertTrue(self.recorder.bundles[0][0]["image/png"].startswith(PNG_MAGIC))

    def test_seaborn(self):
        self.run_ok(
            "import seaborn as sns\n"
            "import pandas as pd\n"
            "df = pd.DataFrame({'x': [1, 2, 3], 'y': [3, 1, 2]})\n"
            "sns.barplot(data=df, x='x', y='y');\n"
        )
        self.assertEqual(len(self.recorder.bundles), 1)
        self.assertTrue(self.recorder.bundles[0][0]["image/png"].startswith(PNG_MAGIC))


class PlotlyTest(SessionTestCase):
    def test_trailing_figure(self):
        self.run_ok(
            "import plotly.graph_objects as go\n"
            "fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))\n"
            "fig"
        )
        self.assertEqual(len(self.recorder.bundles), 1)
        data, _ = self.recorder.bundles[0]
        self.assertBundleTypes(data)
        spec = json.loads(data[rich_display.PLOTLY_MIME])
        self.assertEqual(spec["data"][0]["type"], "scatter")
        self.assertEqual(spec["data"][0]["y"], [3, 4])
        self.assertIn("layout", spec)

    def test_show(self):
        self.run_ok(
            "import numpy as np\n"
            "import plotly.express as px\n"
            "fig = px.line(x=np.arange(3), y=np.array([1.5, 2.5, 0.5]))\n"
            "fig.show()\n"
            "print('after')\n"
        )
        self.assertEqual(len(self.recorder.bundles), 1)
        spec = json.loads(self.recorder.bundles[0][0][rich_display.PLOTLY_MIME])
        self.assertEqual(spec["data"][0]["y"], [1.5, 2.5, 0.5])

    def test_show_with_config(self):
        self.run_ok(
            "import plotly.graph_objects as go\n"
            "go.Figure().show(config={'displayModeBar': False})\n"
        )
        spec = json.loads(self.recorder.bundles[0][0][rich_display.PLOTLY_MIME])
        self.assertEqual(spec["config"], {"displayModeBar": False})


class AltairTest(SessionTestCase):
    CHART = (
        "import altair as alt\n"
        "import pandas as pd\n"
        "df = pd.DataFrame({'a': [1, 2], 'b': [3, 4]})\n"
        "chart = alt.Chart(df).mark_bar().encode(x='a', y='b')\n"
    )

    def test_trailing_chart(self):
        self.run_ok(self.CHART + "chart")
        data, _ = self.recorder.bundles[0]
        self.assertBundleTypes(data)
        spec = json.loads(data[rich_display.VEGALITE_MIME])
        self.assertIn("/v5", spec["$schema"])
        self.assertEqual(spec["mark"]["type"], "bar")

    def test_show(self):
        self.run_ok(self.CHART + "chart.show()")
        self.assertIn(rich_display.VEGALITE_MIME, self.recorder.bundles[0][0])


class DataFrameTest(SessionTestCase):
    def test_dataframe_html_and_text(self):
        self.run_ok(
            "import pandas as pd\n" "pd.DataFrame({'col': [1, 2], 'other': ['x', 'y']})"
        )
        data, _ = self.recorder.bundles[0]
        self.assertBundleTypes(data)
        self.assertIn("<table", data["text/html"])
        self.assertIn("other", data["text/html"])
        self.assertIn("col", data["text/plain"])

    def test_series_is_text(self):
        self.run_ok("import pandas as pd\npd.Series([1, 2], name='s')")
        data, _ = self.recorder.bundles[0]
        self.assertIn("Name: s", data["text/plain"])


class GenericTest(SessionTestCase):
    def test_repr_methods(self):
        self.run_ok(
            "class Rich:\n"
            "    def _repr_html_(self):\n"
            "        return '<b>rich</b>'\n"
            "    def _repr_png_(self):\n"
            "        return b'\\x89PNG fake'\n"
            "    def __repr__(self):\n"
            "        return 'Rich()'\n"
            "Rich()"
        )
        data, _ = self.recorder.bundles[0]
        self.assertEqual(data["text/html"], "<b>rich</b>")
        self.assertEqual(data["image/png"], b"\x89PNG fake")
        self.assertEqual(data["text/plain"], "Rich()")

    def test_repr_mimebundle_with_metadata(self):
        self.run_ok(
            "class M:\n"
            "    def _repr_mimebundle_(self, include=None, exclude=None):\n"
            "        return ({'text/html': '<i>m</i>', 'application/json': {'k': 1}},\n"
            "                {'text/html': {'isolated': True}})\n"
            "M()"
        )
        data, metadata = self.recorder.bundles[0]
        self.assertEqual(data["text/html"], "<i>m</i>")
        self.assertEqual(json.loads(data["application/json"]), {"k": 1})
        self.assertIn("text/plain", data)
        self.assertEqual(metadata, {"text/html": {"isolated": True}})
        self.assertBundleTypes(data)

    def test_base64_png_is_decoded(self):
        self.run_ok(
            "class P:\n"
            "    def _repr_mimebundle_(self, include=None, exclude=None):\n"
            "        return {'image/png': 'iVBORw0KGgo='}\n"
            "P()"
        )
        self.assertEqual(self.recorder.bundles[0][0]["image/png"], PNG_MAGIC)

    def test_proxy_with_getattr_is_plain_text(self):
        self.run_ok(
            "class Proxy:\n"
            "    def __getattr__(self, name):\n"
            "        return lambda *a, **k: 'junk'\n"
            "    def __repr__(self):\n"
            "        return 'Proxy()'\n"
            "Proxy()"
        )
        self.assertEqual(self.recorder.bundles[0][0], {"text/plain": "Proxy()"})

    def test_failing_formatter_falls_back_to_text(self):
        self.run_ok(
            "class F:\n"
            "    def _repr_html_(self):\n"
            "        raise ValueError('html broken')\n"
            "    def __repr__(self):\n"
            "        return 'F()'\n"
        )
        result, stderr = self.capture_stderr("F()")
        self.assertEqual(result["status"], "ok")
        self.assertEqual(self.recorder.bundles[0][0], {"text/plain": "F()"})
        self.assertIn("html broken", stderr)

    def test_huge_bundle_is_replaced_by_a_notice(self):
        result, stderr = self.capture_stderr(
            "display({'image/png': b'x' * (40 * 1024 * 1024)}, raw=True)"
        )
        self.assertEqual(result["status"], "ok")
        data, _ = self.recorder.bundles[0]
        self.assertEqual(list(data), ["text/plain"])
        self.assertIn("not shown", data["text/plain"])
        self.assertIn("was not shown", stderr)

    def test_huge_text_is_bounded(self):
        self.run_ok("'x' * (3 * 1024 * 1024)")
        text = self.recorder.bundles[0][0]["text/plain"]
        self.assertLess(len(text), rich_display.TEXT_LIMIT + 100)
        self.assertIn("more characters not shown", text)


class StartupTest(unittest.TestCase):
    def test_no_heavy_imports_at_start(self):
        code = (
            "import sys\n"
            f"sys.path.insert(0, {RUNTIME_DIR!r})\n"
            "import sandpiper_runtime\n"
            "s = sandpiper_runtime.Session()\n"
            "sandpiper_runtime.session.hello_info()\n"
            "s.execute('x = 1\\nx')\n"
            "s.variables_diff()\n"
            "heavy = ['matplotlib', 'plotly', 'altair', 'pandas', 'numpy',\n"
            "         'importlib.metadata', 'ast', 'asyncio']\n"
            "print(','.join(m for m in heavy if m in sys.modules))\n"
        )
        out = subprocess.run(
            [sys.executable, "-I", "-c", code],
            capture_output=True,
            text=True,
            env=dict(os.environ),
            check=True,
        )
        self.assertEqual(out.stdout.strip(), "", out.stderr)


if __name__ == "__main__":
    unittest.main()
