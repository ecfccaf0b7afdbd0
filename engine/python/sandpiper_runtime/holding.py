"""The objects that data viewers hold, so a viewer can go on showing its object after the name
is deleted or bound to another (the protocol's "hold").

A request with a hold shows the object held under it; the first one (or one that follows the
name) takes what the name names then. The engine keeps a held object alive until the viewer
lets go of it ("release"); only tables are held.

A request may name a member of the variable by a path (see members.resolve): the object shown
is then that member, and it is rebound when the path leads elsewhere or nowhere now.
"""

from . import members
from .dataview import PageError, lookup, table_of

MAX_HOLDS = 256  # the protocol's MaxHolds
_MISSING = object()


class Holds:
    def __init__(self, capacity=MAX_HOLDS):
        self._held = {}
        self._capacity = capacity

    def source(self, namespace, request):
        """(value, rebound) for the request's name, path and hold: rebound when the held
        object is no longer what the name (and path) names. PageError when there is nothing
        to show."""
        hold = request.get("hold", 0)
        if not hold:
            return _current(namespace, request), False
        if request.get("follow"):
            self._held.pop(hold, None)
        held = self._held.get(hold, _MISSING)
        if held is not _MISSING:
            try:
                current = _current(namespace, request)
            except PageError:  # deleted, or the path leads nowhere now
                current = _MISSING
            except (RuntimeError, IndexError):
                current = held  # changing while code runs: the next request tells
            return held, held is not current
        value = _current(namespace, request)
        if not _is_dask_frame(value):
            table_of(value)  # raises for what is not a table: that is not held
        if len(self._held) >= self._capacity:
            raise PageError(
                "%d viewers hold tables already; close some to open more"
                % len(self._held)
            )
        self._held[hold] = value
        return value, False

    def release(self, hold):
        """Lets go of the object; returns it (None when nothing was held)."""
        return self._held.pop(hold, None)

    def __len__(self):
        return len(self._held)


def _current(namespace, request):
    """What the request's name and path name now; PageError when nothing."""
    name = request["name"]
    return members.resolve(lookup(namespace, name), request.get("path"), name)


def _is_dask_frame(value):
    import sys

    if "dask" not in sys.modules:
        return False
    from .daskframes import is_frame

    return is_frame(value)
