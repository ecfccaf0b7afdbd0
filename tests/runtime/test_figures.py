"""sandpiper.save_plot: kept figures re-rendered at an exact size and DPI, vectors kept."""

import os
import re
import shutil
import tempfile
import unittest
import zlib

import helpers  # noqa: F401  (puts the runtime on sys.path)
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from sandpiper_runtime import figures, rich_display  # noqa: E402


def png_size(path):
    with open(path, "rb") as file:
        return rich_display.png_size(file.read(32))


def jpeg_size(path):
    """(width, height) from the first SOF marker of a JPEG."""
    with open(path, "rb") as file:
        data = file.read()
    at = 2
    while at < len(data):
        marker, length = data[at + 1], int.from_bytes(data[at + 2 : at + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            height = int.from_bytes(data[at + 5 : at + 7], "big")
            width = int.from_bytes(data[at + 7 : at + 9], "big")
            return width, height
        at += 2 + length
    return None


def pdf_text(path):
    """The PDF's bytes with every Flate stream inflated, for looking into."""
    with open(path, "rb") as file:
        data = file.read()
    parts = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            pass
    return b"\n".join(parts)


class SavePlotTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="figures-")
        self.addCleanup(shutil.rmtree, self.folder)
        self.here = os.getcwd()
        os.chdir(self.folder)
        self.addCleanup(os.chdir, self.here)
        self.published = []
        publisher = rich_display.Publisher(lambda d, m: self.published.append((d, m)))
        rich_display.activate(publisher)
        self.addCleanup(rich_display.activate, rich_display.Publisher())
        self.addCleanup(plt.close, "all")

    def shown_figure(self):
        fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
        ax.plot([0, 1, 2], [0, 2, 1], label="line")
        ax.set_title("Sandpiper title")
        rich_display.current_publisher().begin()  # a run of its own: no per-run cap
        rich_display.current_publisher().show(fig)
        return fig, self.published[-1][1]["figure"]

    def test_shown_figures_carry_their_number(self):
        fig, number = self.shown_figure()
        self.assertIn(number, figures.kept_numbers())
        self.assertIs(figures._figure(number), fig)
        self.assertIs(figures._figure(None), fig)

    def test_png_and_jpeg_are_exactly_inches_times_dpi(self):
        fig, number = self.shown_figure()
        figures.save_plot(number, "p.png", width=6, height=4, dpi=300)
        self.assertEqual(png_size("p.png"), (1800, 1200))
        figures.save_plot(number, "p.jpg", width=1200, height=800, unit="px", dpi=100)
        self.assertEqual(jpeg_size("p.jpg"), (1200, 800))
        figures.save_plot(number, "cm.png", width=2.54 * 4, unit="cm", dpi=50)
        self.assertEqual(
            png_size("cm.png"), (200, 120)
        )  # height from the aspect (5 × 3)
        # The figure keeps its own size for the dock and later saves.
        self.assertEqual(tuple(fig.get_size_inches()), (5.0, 3.0))

    def test_svg_and_pdf_are_vectors_with_text_at_the_page_size(self):
        _, number = self.shown_figure()
        figures.save_plot(number, "p.svg", width=6, height=4)
        with open("p.svg", encoding="utf-8") as file:
            svg = file.read()
        self.assertIn('width="432pt"', svg)
        self.assertIn('height="288pt"', svg)
        self.assertIn("<path", svg)
        self.assertIn("Sandpiper title", svg.replace("<!-- ", "").replace(" -->", ""))
        figures.save_plot(number, "p.pdf", width=6, height=4, dpi=300)
        pdf = pdf_text("p.pdf")
        self.assertRegex(pdf, rb"/MediaBox \[\s*0 0 432 288\s*\]")
        self.assertIn(b" l\n", pdf)  # path segments: a vector line
        self.assertIn(b"BT", pdf)  # a text object

    def test_figures_let_go_and_bad_arguments_say_why(self):
        _, number = self.shown_figure()
        with self.assertRaisesRegex(ValueError, "no longer kept"):
            figures.save_plot(number + 1000, "x.png")
        with self.assertRaisesRegex(ValueError, "cannot tell the format"):
            figures.save_plot(number, "x.gif")
        with self.assertRaisesRegex(ValueError, "unit must be"):
            figures.save_plot(number, "x.png", width=3, unit="furlong")
        with self.assertRaisesRegex(ValueError, "width must be above 0"):
            figures.save_plot(number, "x.png", width=-1)
        with self.assertRaisesRegex(ValueError, "more than a figure may be"):
            figures.save_plot(number, "x.png", width=300, height=300, dpi=300)
        with self.assertRaisesRegex(TypeError, "figure must be"):
            figures.save_plot("last", "x.png")
        self.assertEqual([n for n in os.listdir(".") if n.startswith("x")], [])

    def test_a_failed_render_leaves_no_file(self):
        fig, number = self.shown_figure()

        def broken(*args, **kwargs):
            raise RuntimeError("renderer broke")

        fig.savefig = broken
        with self.assertRaisesRegex(RuntimeError, "renderer broke"):
            figures.save_plot(number, "gone.png")
        self.assertEqual(os.listdir("."), [])
        self.assertEqual(tuple(fig.get_size_inches()), (5.0, 3.0))

    def test_only_the_last_figures_are_kept(self):
        numbers = []
        for _ in range(figures.KEEP + 5):
            fig, number = self.shown_figure()
            plt.close(fig)
            numbers.append(number)
        kept = figures.kept_numbers()
        self.assertEqual(len(kept), figures.KEEP)
        self.assertEqual(kept[-1], numbers[-1])
        self.assertNotIn(numbers[0], kept)


if __name__ == "__main__":
    unittest.main()
