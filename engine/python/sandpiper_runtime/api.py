"""The `sandpiper` module that code in a session imports: view() and export()."""

import builtins
import sys
import types

from . import tableexport, viewing


def install():
    """Makes `import sandpiper` (and the name sandpiper) give Sandpiper's API."""
    module = types.ModuleType("sandpiper", "Sandpiper's API for code in a session.")
    module.view = viewing.view
    module.export = tableexport.export
    module.__all__ = ["view", "export"]
    sys.modules["sandpiper"] = module
    builtins.sandpiper = module
