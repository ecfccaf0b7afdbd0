"""Sandpiper's in-engine runtime: runs cells, captures displays, summarises variables.

The engine imports this package before it says hello, so importing it must stay cheap:
heavy libraries (matplotlib, plotly, altair, pandas) are only touched once user code has
imported them.
"""

from .rich_display import display, set_figure_formats
from .session import Session

__all__ = ["Session", "display", "set_figure_formats"]
