"""The objects that data viewers hold, so a viewer can go on showing its object after the name
is deleted or bound to another (the protocol's "hold").

A request with a hold shows the object held under it; the first one (or one that follows the
name) takes what the name names then. The engine keeps a held object alive until the viewer
lets go of it ("release"); only tables are held.
"""

from .dataview import PageError, lookup, table_of

MAX_HOLDS = 256  # the protocol's MaxHolds
_MISSING = object()


class Holds:
    def __init__(self, capacity=MAX_HOLDS):
        self._held = {}
        self._capacity = capacity

    def source(self, namespace, request):
        """(value, rebound) for the request's name and hold: rebound when the held object is
        no longer what the name names. PageError when there is nothing to show."""
        name = request["name"]
        hold = request.get("hold", 0)
        if not hold:
            return lookup(namespace, name), False
        if request.get("follow"):
            self._held.pop(hold, None)
        held = self._held.get(hold, _MISSING)
        if held is not _MISSING:
            current = (
                namespace.get(name, _MISSING) if namespace is not None else _MISSING
            )
            return held, held is not current
        value = lookup(namespace, name)
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
