"""Post-import hooks: adapt libraries when user code imports them.

Importing matplotlib, plotly, altair or pandas at start-up would cost hundreds of
milliseconds before the engine is ready, so their configuration waits until they are
imported. pandas gets Parquet through DuckDB when it has no Parquet engine of its own.
"""

import sys

MPL_BACKEND = "module://sandpiper_runtime.mpl_backend"

_hooks = {}


class _HookedLoader:
    """Wraps a module's loader to run hooks right after the module has executed."""

    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        create = getattr(self._loader, "create_module", None)
        return create(spec) if create is not None else None

    def exec_module(self, module):
        # Give the module its real loader back before its own code can look at it.
        module.__loader__ = self._loader
        if getattr(module, "__spec__", None) is not None:
            module.__spec__.loader = self._loader
        self._loader.exec_module(module)
        _run_hooks(module.__name__, module)

    def __getattr__(self, name):
        return getattr(self._loader, name)


class _HookFinder:
    def __init__(self):
        self._busy = set()

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in _hooks or fullname in self._busy:
            return None
        self._busy.add(fullname)
        try:
            for finder in sys.meta_path:
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(fullname, path, target)
                if spec is not None:
                    if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                        spec.loader = _HookedLoader(spec.loader)
                    return spec
            return None
        finally:
            self._busy.discard(fullname)


_finder = _HookFinder()


def _run_hooks(name, module):
    for hook in _hooks.get(name, ()):
        try:
            hook(module)
        except Exception as error:  # a broken library must not break the import
            print(
                f"Sandpiper: could not set up {name}: {type(error).__name__}: {error}",
                file=sys.stderr,
            )


def when_imported(name, hook):
    """Calls hook(module) after module name is imported (now, if it already is)."""
    _hooks.setdefault(name, []).append(hook)
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
    module = sys.modules.get(name)
    if module is not None:
        hook(module)


def _setup_matplotlib(matplotlib):
    matplotlib.use(MPL_BACKEND, force=True)


def _setup_plotly(pio):
    from plotly.io.base_renderers import ExternalRenderer

    from . import rich_display as display

    class SandpiperRenderer(ExternalRenderer):
        """fig.show() publishes the figure JSON instead of opening a browser."""

        def __init__(self, config=None):
            self.config = dict(config) if config else {}

        def render(self, fig_dict):
            if self.config:
                fig_dict = dict(fig_dict, config=self.config)
            display.current_publisher().publish(
                {
                    display.PLOTLY_MIME: display.plotly_json(fig_dict),
                    "text/plain": "<plotly figure>",
                },
                {},
            )

    pio.renderers["sandpiper"] = SandpiperRenderer()
    pio.renderers.default = "sandpiper"


def _setup_altair(altair):
    from . import rich_display as display

    # Altair's show() needs altair_viewer and a browser; publish instead.
    def show(chart, *args, **kwargs):
        display.current_publisher().show(chart)

    altair.TopLevelMixin.show = show


def _setup_pandas(pandas):
    from . import parquet

    parquet.install_pandas_engine(pandas)


_installed = False


def _setup_distributed(module):
    from . import daskcluster

    daskcluster.setup(module)


def install():
    global _installed
    if _installed:
        return
    _installed = True
    when_imported("matplotlib", _setup_matplotlib)
    when_imported("plotly.io", _setup_plotly)
    when_imported("altair", _setup_altair)
    when_imported("pandas", _setup_pandas)
    when_imported("distributed", _setup_distributed)
    # Debian's Dask has no dask-expr: the engine chooses the classic DataFrames (see the
    # worker's environment), so the warning about them says nothing the user can act on. In
    # sys.warnoptions too: processes the session spawns (a cluster's workers) get them as -W,
    # and they run isolated (-I), so the environment could not tell them.
    import warnings

    quiet = (
        "ignore:The legacy Dask DataFrame implementation is deprecated:FutureWarning"
    )
    warnings.filterwarnings(
        "ignore",
        message="The legacy Dask DataFrame implementation is deprecated",
        category=FutureWarning,
    )
    if quiet not in sys.warnoptions:
        sys.warnoptions.append(quiet)
