"""Turns objects into mime bundles and hands them to the engine.

A bundle maps mime types to content: images as bytes, JSON, HTML and text as str.
Libraries are recognised through sys.modules, so nothing heavy is imported here.
"""

import io
import sys

PLOTLY_MIME = "application/vnd.plotly.v1+json"
VEGALITE_MIME = "application/vnd.vegalite.v5+json"

# Text beyond this is cut: a display must never approach the frame size cap.
TEXT_LIMIT = 1024 * 1024
# A bigger bundle is replaced by a notice (the protocol caps frames at 64 MiB).
BUNDLE_LIMIT = 32 * 1024 * 1024
# Figures rendered per run; a loop that makes thousands would otherwise spend minutes
# rendering and flood the plots pane. The rest are closed unseen, with a notice.
FIGURE_LIMIT = 50

_FIGURE_FORMATS = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
}
_TEXT_FIGURE_FORMATS = {"svg"}
_figure_formats = ["png"]
_figure_dpi = None
_figure_size = None  # (width, height) in inches, or None for each figure's own

# IPython's _repr_*_ protocol, in order of preference for the bundle.
_REPR_METHODS = (
    ("text/html", "_repr_html_"),
    ("text/markdown", "_repr_markdown_"),
    ("text/latex", "_repr_latex_"),
    ("image/svg+xml", "_repr_svg_"),
    ("image/png", "_repr_png_"),
    ("image/jpeg", "_repr_jpeg_"),
    ("application/json", "_repr_json_"),
)
_BINARY_MIMES = {"image/png", "image/jpeg", "image/gif", "application/pdf"}


def set_figure_formats(*formats, dpi=None, size=None):
    """Chooses how matplotlib figures are captured, e.g. ("png", "svg").

    dpi None keeps the figure's own resolution. size (width, height) in inches draws every
    figure at exactly that size (a PNG is then width × dpi by height × dpi pixels); None keeps
    each figure's own size, trimmed to what it draws.
    """
    if not formats:
        raise ValueError("at least one figure format is needed")
    unknown = [f for f in formats if f not in _FIGURE_FORMATS]
    if unknown:
        raise ValueError(f"unsupported figure format(s): {', '.join(unknown)}")
    if size is not None and not (len(size) == 2 and all(v > 0 for v in size)):
        raise ValueError(
            f"size must be (width, height) in inches above 0, not {size!r}"
        )
    global _figure_dpi, _figure_size
    _figure_formats[:] = list(dict.fromkeys(formats))
    _figure_dpi = dpi
    _figure_size = tuple(float(v) for v in size) if size is not None else None


def figure_formats():
    return list(_figure_formats)


class Publisher:
    """Sends bundles to a callback(data, metadata); remembers figures shown in a run."""

    def __init__(self, callback=None):
        self.callback = callback
        self.shown_figures = {}
        self.figures_published = 0
        self.figures_skipped = 0

    def begin(self):
        self.shown_figures.clear()
        self.figures_published = 0
        self.figures_skipped = 0

    def publish(self, data, metadata=None):
        _flush_std_streams()
        size = bundle_size(data)
        if size > BUNDLE_LIMIT:
            print(
                f"Sandpiper: a display of {size / 1e6:.0f} MB was not shown "
                f"(limit {BUNDLE_LIMIT / 1e6:.0f} MB)",
                file=sys.stderr,
            )
            data = {"text/plain": f"<display of {size / 1e6:.0f} MB not shown>"}
            metadata = {}
        if self.callback is not None:
            self.callback(data, metadata or {})

    def show(self, obj):
        figure = _is_matplotlib_figure(obj)
        if figure and self.figures_published >= FIGURE_LIMIT:
            if self.figures_skipped == 0:
                print(
                    f"Sandpiper: only the first {FIGURE_LIMIT} figures of a run are shown",
                    file=sys.stderr,
                )
            self.figures_skipped += 1
            obj.stale = False
            self.shown_figures[id(obj)] = obj
            return
        bundle = format_object(obj)
        if bundle is not None:
            if figure:  # its number lets the window ask for it again at another size
                from . import figures

                bundle = (bundle[0], dict(bundle[1] or {}, figure=figures.keep(obj)))
            self.publish(*bundle)
            if figure:
                self.figures_published += 1
        if figure:
            # Saving leaves the figure stale; from here on, only a change by user code
            # makes it stale again (and worth showing at the end of the run).
            obj.stale = False
            self.shown_figures[id(obj)] = obj

    def flush_figures(self, close=True):
        """Publishes the open pyplot figures not shown yet in this run; closes them."""
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is None:
            return
        from matplotlib._pylab_helpers import Gcf

        try:
            for manager in Gcf.get_all_fig_managers():
                fig = manager.canvas.figure
                if self.shown_figures.get(id(fig)) is fig and not fig.stale:
                    continue
                self.show(fig)
        finally:
            if close:
                pyplot.close("all")


_publisher = Publisher()


def current_publisher():
    return _publisher


def activate(publisher):
    global _publisher
    _publisher = publisher


def display(*objs, raw=False, metadata=None):
    """Shows objects in the plots pane or console, like IPython's display()."""
    for obj in objs:
        if raw:
            _publisher.publish(dict(obj), metadata)
        else:
            _publisher.show(obj)


def _flush_std_streams():
    # Printed text must reach fd 1/2 before the display overtakes it.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _type_in(obj, module_name, class_name):
    module = sys.modules.get(module_name)
    cls = getattr(module, class_name, None) if module is not None else None
    return cls is not None and isinstance(obj, cls)


def _is_matplotlib_figure(obj):
    return _type_in(obj, "matplotlib.figure", "Figure")


def bundle_size(data):
    """Bytes on the wire, roughly (text counted at one byte per character)."""
    total = 0
    for value in data.values():
        try:
            total += len(value)
        except TypeError:
            pass
    return total


def bounded_text(text, limit=TEXT_LIMIT):
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n... [{len(text) - limit} more characters not shown]"


def plain_text(obj):
    try:
        return bounded_text(repr(obj))
    except Exception as error:
        return f"<repr failed: {type(error).__name__}: {error}>"


def png_size(data):
    """(width, height) from a PNG header, or None."""
    if len(data) >= 24 and data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return None


def figure_bundle(fig):
    data = {"text/plain": plain_text(fig)}
    metadata = {}
    # An exact size is drawn untrimmed; otherwise the figure is trimmed to what it draws.
    options = {"bbox_inches": None if _figure_size else "tight"}
    if _figure_dpi is not None:
        options["dpi"] = _figure_dpi
    own_size = fig.get_size_inches().copy()
    if _figure_size:
        fig.set_size_inches(*_figure_size, forward=False)
    try:
        for fmt in _figure_formats:
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, **options)
            content = buffer.getvalue()
            if fmt == "png":
                size = png_size(content)
                if size is not None:
                    metadata["width"], metadata["height"] = size
            if fmt in _TEXT_FIGURE_FORMATS:
                content = content.decode("utf-8")
            data[_FIGURE_FORMATS[fmt]] = content
    finally:
        if _figure_size:
            fig.set_size_inches(*own_size, forward=False)
    return data, metadata


def plotly_json(fig_or_dict):
    import plotly.io

    return plotly.io.to_json(fig_or_dict, validate=False)


def _special_bundle(obj):
    """Bundles for libraries whose own display hooks assume Jupyter."""
    if _is_matplotlib_figure(obj):
        return figure_bundle(obj)
    if _type_in(obj, "plotly.basedatatypes", "BaseFigure"):
        return {PLOTLY_MIME: plotly_json(obj), "text/plain": "<plotly figure>"}, {}
    if _type_in(obj, "altair", "TopLevelMixin"):
        return {VEGALITE_MIME: obj.to_json(), "text/plain": "<altair chart>"}, {}
    if _type_in(obj, "pandas", "DataFrame"):
        data = {"text/plain": plain_text(obj)}
        html = obj._repr_html_()
        if html is not None:
            data["text/html"] = bounded_text(html)
        return data, {}
    return None


def _normalise(mime, value):
    if mime in _BINARY_MIMES:
        if isinstance(value, str):
            import base64

            return base64.b64decode(value)
        return bytes(value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, str):
        return bounded_text(value)
    import json

    return json.dumps(value)


def _method(obj, name):
    # Checked on the type: proxies whose __getattr__ answers any name are not fooled.
    if getattr(type(obj), name, None) is None:
        return None
    method = getattr(obj, name, None)
    return method if callable(method) else None


def _protocol_bundle(obj):
    data, metadata = {}, {}
    mimebundle = _method(obj, "_repr_mimebundle_")
    if mimebundle is not None:
        result = mimebundle(include=None, exclude=None)
        if isinstance(result, tuple) and len(result) == 2:
            result, metadata = result
        for mime, value in (result or {}).items():
            if value is not None:
                data[str(mime)] = _normalise(mime, value)
        metadata = dict(metadata or {})
    if not data:
        for mime, name in _REPR_METHODS:
            method = _method(obj, name)
            if method is None:
                continue
            value = method()
            if isinstance(value, tuple) and len(value) == 2:
                value, extra = value
                metadata[mime] = extra
            if value is not None:
                data[mime] = _normalise(mime, value)
    return data, metadata


def format_object(obj):
    """(data, metadata) for obj, or None for None."""
    if obj is None:
        return None
    try:
        bundle = _special_bundle(obj)
        if bundle is None:
            bundle = _protocol_bundle(obj)
    except KeyboardInterrupt:
        raise
    except Exception as error:
        print(
            f"Sandpiper: could not render {type(obj).__name__}: "
            f"{type(error).__name__}: {error}",
            file=sys.stderr,
        )
        bundle = {}, {}
    data, metadata = bundle
    if "text/plain" not in data:
        data["text/plain"] = plain_text(obj)
    return data, metadata
