"""The side thread's requests: answered while code runs on the main thread.

SideRequests.handle() takes a request shaped like the protocol's message and returns the reply
message as a dict: code intelligence goes to codeintel.CodeIntel, a page of a table to dataview, a
column's summary to summary, a search to search, the members of a variable ("expand") to
members, a file's sniff and preview for the import dialog ("sniff") to importer; holding keeps
the objects viewers hold. Nothing here raises to the caller.
"""

from . import (
    codeintel,
    dataview,
    holding,
    importer,
    members,
    search,
    summary,
    tableview,
)


class SideRequests:
    """namespace is the session's, or None in the code-intelligence engine."""

    def __init__(self, namespace=None, log=None):
        self.namespace = namespace
        self.codeintel = codeintel.CodeIntel(namespace, log=log)
        self.views = tableview.Views()
        self.holds = holding.Holds()

    def warm(self):
        """One warm-up step of code intelligence; False when nothing is left to warm."""
        return self.codeintel.warm()

    def handle(self, request, busy=False):
        kind = request.get("type")
        if kind == "page":
            return dataview.page_reply(self.namespace, request, self.views, self.holds)
        if kind == "summarize":
            return summary.summary_reply(self.namespace, request, self.holds)
        if kind == "find":
            return search.find_reply(self.namespace, request, self.views, self.holds)
        if kind == "expand":
            return members.members_reply(self.namespace, request)
        if kind == "sniff":
            return importer.sniff_reply(request)
        if kind == "release":
            held = self.holds.release(request["hold"])
            if held is not None:
                self.views.forget(held)
            return {"type": "released", "id": request.get("id", 0)}
        return self.codeintel.handle(request, busy)
