"""sandpiper.save_plot(): a matplotlib figure written again at the size and DPI asked for.

Each figure the session shows is kept (the last KEEP of them) under the number its display
carries (metadata "figure"), so the Plots dock can ask for any of them by number. Saving
re-renders the Figure itself: text and lines are drawn for the new size, and SVG and PDF stay
vectors. The figure's own size is put back afterwards.
"""

import collections
import os

KEEP = 50
FORMATS = ("png", "jpeg", "svg", "pdf")
_EXTENSIONS = {
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".svg": "svg",
    ".pdf": "pdf",
}
_PER_INCH = {"in": 1.0, "cm": 2.54, "mm": 25.4}
MAX_PIXELS = 20_000 * 20_000  # past this, Agg's buffer alone would take over 1.6 GB

_kept = collections.OrderedDict()  # number -> Figure, oldest first
_next = 1


def keep(figure):
    """The figure's number, kept for save_plot (the oldest beyond KEEP are let go)."""
    global _next
    for number, kept in _kept.items():
        if kept is figure:
            _kept.move_to_end(number)
            return number
    number = _next
    _next += 1
    _kept[number] = figure
    while len(_kept) > KEEP:
        _kept.popitem(last=False)
    return number


def kept_numbers():
    return list(_kept)


def _figure(figure):
    if figure is None:
        if not _kept:
            raise ValueError("no figure has been shown in this session yet")
        return next(reversed(_kept.values()))
    if isinstance(figure, int) and not isinstance(figure, bool):
        try:
            return _kept[figure]
        except KeyError:
            raise ValueError(
                "figure %d is no longer kept (the session keeps the last %d shown); run the "
                "code that drew it again" % (figure, KEEP)
            ) from None
    if type(figure).__name__ == "Figure" and hasattr(figure, "savefig"):
        return figure
    raise TypeError(
        "figure must be a figure number, a matplotlib Figure or None (the last one shown), "
        "not %s" % type(figure).__name__
    )


def _format(path, format):
    if format is None:
        extension = os.path.splitext(path)[1].lower()
        if extension not in _EXTENSIONS:
            raise ValueError(
                "cannot tell the format from %r; name the file .png, .jpg, .svg or .pdf, or "
                "give format=" % os.path.basename(path)
            )
        return _EXTENSIONS[extension]
    format = "jpeg" if format == "jpg" else format
    if format not in FORMATS:
        raise ValueError(
            "format must be one of %s, not %r" % (", ".join(FORMATS), format)
        )
    return format


def _inches(figure, width, height, unit, dpi):
    """The size in inches for width and height given in unit ("in", "cm", "mm" or "px")."""
    current = figure.get_size_inches()
    if width is None and height is None:
        return float(current[0]), float(current[1])
    if unit == "px":
        per_inch = dpi
    elif unit in _PER_INCH:
        per_inch = _PER_INCH[unit]
    else:
        raise ValueError("unit must be 'in', 'cm', 'mm' or 'px', not %r" % (unit,))
    aspect = current[1] / current[0]
    for name, value in (("width", width), ("height", height)):
        if value is not None and not value > 0:
            raise ValueError("%s must be above 0, not %r" % (name, value))
    w = width / per_inch if width is not None else height / per_inch / aspect
    h = height / per_inch if height is not None else w * aspect
    return float(w), float(h)


def save_plot(
    figure=None,
    path="plot.png",
    *,
    width=None,
    height=None,
    unit="in",
    dpi=None,
    format=None,
):
    """Writes a figure to path in the workspace, rendered again at width × height (in unit:
    "in", "cm", "mm" or "px") and dpi. figure: a number from the Plots dock, a matplotlib
    Figure, or None for the last figure shown. format: "png", "jpeg", "svg" or "pdf", by
    default from the file's extension. A PNG or JPEG is exactly width × dpi by height × dpi
    pixels; an SVG or PDF page is width × height. The file is whole or absent."""
    from . import tableexport

    target = _figure(figure)
    path = os.path.abspath(os.fspath(path))
    fmt = _format(path, format)
    dpi = float(dpi if dpi is not None else target.get_dpi())
    if not dpi > 0:
        raise ValueError("dpi must be above 0, not %r" % (dpi,))
    inches = _inches(target, width, height, unit, dpi)
    if fmt in ("png", "jpeg") and inches[0] * dpi * inches[1] * dpi > MAX_PIXELS:
        raise ValueError(
            "%.0f × %.0f px is more than a figure may be here (%s pixels); choose a smaller "
            "size or DPI, or SVG or PDF"
            % (inches[0] * dpi, inches[1] * dpi, "{:,}".format(MAX_PIXELS))
        )
    original = target.get_size_inches().copy()

    def write(temporary):
        target.set_size_inches(*inches, forward=False)
        try:
            target.savefig(temporary, format=fmt, dpi=dpi)
        finally:
            target.set_size_inches(*original, forward=False)

    tableexport.write_whole(path, "jpg" if fmt == "jpeg" else fmt, write, "plot")
    if fmt in ("png", "jpeg"):
        size = "%d × %d px" % (round(inches[0] * dpi), round(inches[1] * dpi))
    else:
        size = "%.4g × %.4g in" % inches
    print("Saved %s (%s, %s dpi)" % (tableexport._display(path), size, "%g" % dpi))
    return path
