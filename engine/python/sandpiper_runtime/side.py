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
        self._counts = None  # daskframes.RowCounts, made at the first count

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
        if kind == "count":
            return self._count_reply(request)
        if kind == "cluster":
            return self._cluster_reply(request)
        if kind == "release":
            if self._counts is not None:
                self._counts.forget(request["hold"])
            held = self.holds.release(request["hold"])
            if held is not None:
                self.views.forget(held)
            return {"type": "released", "id": request.get("id", 0)}
        return self.codeintel.handle(request, busy)

    def _count_reply(self, request):
        """The rows of a viewer's Dask DataFrame (in its view), counted in the background: each
        request says how far the count is; cancel stops it, restart begins it again."""
        reply = {"type": "counted", "id": request.get("id", 0)}
        try:
            from . import daskframes

            if self._counts is None:
                self._counts = daskframes.RowCounts()
            frame = None
            if not request.get("cancel"):
                value, _ = self.holds.source(self.namespace, request)
                if not daskframes.is_frame(value):
                    raise dataview.PageError("only a Dask DataFrame's rows are counted")
                frame = self.views.partitions.view(
                    value, request.get("sort"), request.get("filter")
                )
            reply.update(
                self._counts.reply(
                    frame,
                    request.get("hold", 0),
                    restart=bool(request.get("restart")),
                    cancel=bool(request.get("cancel")),
                )
            )
        except Exception as error:
            message = (
                str(error)
                if isinstance(error, dataview.PageError)
                else ("%s: %s" % (type(error).__name__, error))
            )
            reply.update(
                {"done": 0, "of": 0, "rows": -1, "finished": True, "error": message}
            )
        return reply

    def _cluster_reply(self, request):
        reply = {"type": "cluster-info", "id": request.get("id", 0)}
        try:
            from . import daskcluster, daskframes

            if request.get("close"):
                daskcluster.close_clusters()
            reply.update(daskframes.cluster_fields())
        except Exception as error:
            reply.update(
                {"workers": [], "error": "%s: %s" % (type(error).__name__, error)}
            )
        return reply
