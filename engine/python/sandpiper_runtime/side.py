"""The side thread's requests: answered while code runs on the main thread.

SideRequests.handle() takes a request shaped like the protocol's message and returns the reply
message as a dict: code intelligence goes to codeintel.CodeIntel, a page of a table to dataview, a column's
summary to summary.
Nothing here raises to the caller.
"""

from . import codeintel, dataview, summary, tableview


class SideRequests:
    """namespace is the session's, or None in the code-intelligence engine."""

    def __init__(self, namespace=None, log=None):
        self.namespace = namespace
        self.codeintel = codeintel.CodeIntel(namespace, log=log)
        self.views = tableview.Views()

    def warm(self):
        """One warm-up step of code intelligence; False when nothing is left to warm."""
        return self.codeintel.warm()

    def handle(self, request, busy=False):
        if request.get("type") == "summarize":
            return summary.summary_reply(self.namespace, request)
        if request.get("type") == "page":
            return dataview.page_reply(self.namespace, request, self.views)
        return self.codeintel.handle(request, busy)
