"""sandpiper.view(obj) and the %view line: open a table in the window's data viewer.

The window opens a viewer when a run displays the bundle VIEW_MIME with the name of a session
variable: the viewer reads the object by that name, like one opened from the Variables dock. An
object that has no name yet (the result of an expression) is bound to _view1, _view2, ... first.
"""

import json
import re
import sys

VIEW_MIME = "application/vnd.sandpiper.view+json"
_LINE = re.compile(
    r"^(?P<indent>[ \t]*)%view[ \t]+(?P<expr>\S.*?)[ \t]*$", re.MULTILINE
)
_counter = 0


def _namespace(depth):
    # The globals of the code that called view(): the session's namespace for a cell.
    try:
        return sys._getframe(depth + 1).f_globals
    except ValueError:
        return None


def _name_of(obj, namespace):
    plain = [k for k, v in namespace.items() if v is obj and not k.startswith("_")]
    return plain[0] if plain else None


def view(obj, name=None):
    """Shows obj in a data viewer of the window; returns the name the viewer follows."""
    global _counter
    from . import rich_display

    namespace = _namespace(1)
    if namespace is None:
        raise RuntimeError("there is no session namespace to view from")
    if name is None:
        name = _name_of(obj, namespace)
    if name is None:
        _counter += 1
        name = "_view%d" % _counter
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError("a viewer follows a variable name, not %r" % (name,))
    namespace[name] = obj
    rich_display.display(
        {
            VIEW_MIME: json.dumps({"name": name}),
            "text/plain": "viewing %s in a data viewer" % name,
        },
        raw=True,
    )
    return name


def expand_magics(source):
    """The cell with each line `%view expr` made a call of view(); None when there is none."""
    if "%view" not in source or not _LINE.search(source):
        return None
    return _LINE.sub(
        lambda m: '%s__import__("sandpiper").view(%s)'
        % (m.group("indent"), m.group("expr")),
        source,
    )
