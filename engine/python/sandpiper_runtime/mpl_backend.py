"""Matplotlib backend for Sandpiper: Agg rendering, figures published instead of shown.

Selected as "module://sandpiper_runtime.mpl_backend" when user code imports matplotlib.
plt.show() publishes every open figure and closes them; Figure.show() publishes one.
"""

from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

from . import rich_display as display


class FigureManagerSandpiper(FigureManagerBase):
    def show(self):
        display.current_publisher().show(self.canvas.figure)

    @classmethod
    def pyplot_show(cls, *, block=None):
        display.current_publisher().flush_figures()


class FigureCanvasSandpiper(FigureCanvasAgg):
    manager_class = FigureManagerSandpiper


FigureCanvas = FigureCanvasSandpiper
FigureManager = FigureManagerSandpiper
