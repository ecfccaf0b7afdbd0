"""The `sandpiper` module that code in a session imports: view(), export(), sql()."""

import builtins
import sys
import types

from . import sql, tableexport, viewing


def install():
    """Makes `import sandpiper` (and the name sandpiper) give Sandpiper's API."""
    module = types.ModuleType("sandpiper", "Sandpiper's API for code in a session.")
    module.view = viewing.view
    module.export = tableexport.export
    module.sql = sql.sql
    module.SQLError = sql.SQLError
    module.__all__ = ["view", "export", "sql", "SQLError"]
    sys.modules["sandpiper"] = module
    builtins.sandpiper = module
