"""The `sandpiper` module that code in a session imports: view(), export(), sql(),
save_plot()."""

import builtins
import sys
import types

from . import figures, sql, tableexport, viewing


def install():
    """Makes `import sandpiper` (and the name sandpiper) give Sandpiper's API."""
    module = types.ModuleType("sandpiper", "Sandpiper's API for code in a session.")
    module.view = viewing.view
    module.export = tableexport.export
    module.sql = sql.sql
    module.SQLError = sql.SQLError
    module.save_plot = figures.save_plot
    module.__all__ = ["view", "export", "sql", "SQLError", "save_plot"]
    sys.modules["sandpiper"] = module
    builtins.sandpiper = module
