#pragma once

// Requests of the data family (pages, summaries and searches of a table-like variable, letting
// go of a viewer's hold, the members of a variable, and sniffing a dataset file) as the data viewer
// sees them. See AbstractSession::fetchPage().

#include "messages.h"
#include "sidedispatcher.h"
#include "siderequest.h"

namespace Sandpiper::Client {

// One window of a table. finished() carries the page; a page with an error when there is none
// (not a table, no such name, or no engine answered).
class PageFetch : public SideRequest
{
    Q_OBJECT

public:
    PageFetch(const Protocol::PageRequest &window, QObject *parent = nullptr);

    const Protocol::PageRequest &window() const { return m_window; }
    const Protocol::Page &page() const { return m_page; }

    // For implementations of AbstractSession.
    void finish(const Protocol::Page &page);
    void finishLater(const Protocol::Page &page);
    // Finishes later with a page that only says why there is none.
    void failLater(const QString &reason);

Q_SIGNALS:
    void finished(const Sandpiper::Protocol::Page &page);

private:
    Protocol::PageRequest m_window;
    Protocol::Page m_page;
};

// The summary of one column. finished() carries it; one with an error when there is none.
class SummaryFetch : public SideRequest
{
    Q_OBJECT

public:
    SummaryFetch(const Protocol::SummaryRequest &request, QObject *parent = nullptr);

    const Protocol::SummaryRequest &request() const { return m_request; }

    void finish(const Protocol::ColumnSummary &summary);
    void failLater(const QString &reason);

Q_SIGNALS:
    void finished(const Sandpiper::Protocol::ColumnSummary &summary);

private:
    Protocol::SummaryRequest m_request;
};

// A search for the next matching cell (see Protocol::FindRequest). finished() carries the
// result; one with an error when there is none.
class FindFetch : public SideRequest
{
    Q_OBJECT

public:
    FindFetch(const Protocol::FindRequest &request, QObject *parent = nullptr);

    const Protocol::FindRequest &request() const { return m_request; }

    void finish(const Protocol::FindResult &result);
    void failLater(const QString &reason);

Q_SIGNALS:
    void finished(const Sandpiper::Protocol::FindResult &result);

private:
    Protocol::FindRequest m_request;
};

// A window of the members of a variable (see Protocol::ExpandRequest). finished() carries them;
// a list with an error when there are none.
class MembersFetch : public SideRequest
{
    Q_OBJECT

public:
    MembersFetch(const Protocol::ExpandRequest &request, QObject *parent = nullptr);

    const Protocol::ExpandRequest &request() const { return m_request; }

    void finish(const Protocol::MemberList &members);
    void failLater(const QString &reason);

Q_SIGNALS:
    void finished(const Sandpiper::Protocol::MemberList &members);

private:
    Protocol::ExpandRequest m_request;
};

// How the tools engine would read a dataset file, and the preview read that way (see
// Protocol::SniffRequest). finished() carries it; a result with an error when there is none.
class SniffFetch : public SideRequest
{
    Q_OBJECT

public:
    SniffFetch(const Protocol::SniffRequest &request, QObject *parent = nullptr);

    const Protocol::SniffRequest &request() const { return m_request; }

    void finish(const Protocol::SniffResult &result);
    void failLater(const QString &reason);

Q_SIGNALS:
    void finished(const Sandpiper::Protocol::SniffResult &result);

private:
    Protocol::SniffRequest m_request;
};

// How far the count of a Dask DataFrame's rows is (see Protocol::RowCountRequest). finished()
// carries it; one with an error when there is none.
class RowCountFetch : public SideRequest
{
    Q_OBJECT

public:
    RowCountFetch(const Protocol::RowCountRequest &request, QObject *parent = nullptr);

    const Protocol::RowCountRequest &request() const { return m_request; }

    void finish(const Protocol::RowCount &count);
    void failLater(const QString &reason);

Q_SIGNALS:
    void finished(const Sandpiper::Protocol::RowCount &count);

private:
    Protocol::RowCountRequest m_request;
};

// What the session's Dask cluster does (see Protocol::ClusterRequest). finished() carries it;
// one with an error when there is none.
class ClusterFetch : public SideRequest
{
    Q_OBJECT

public:
    ClusterFetch(const Protocol::ClusterRequest &request, QObject *parent = nullptr);

    const Protocol::ClusterRequest &request() const { return m_request; }

    void finish(const Protocol::ClusterInfo &info);
    void failLater(const QString &reason);

Q_SIGNALS:
    void finished(const Sandpiper::Protocol::ClusterInfo &info);

private:
    Protocol::ClusterRequest m_request;
};

// Lets go of a viewer's hold (see Protocol::ReleaseRequest); nobody waits for it.
class HoldRelease : public SideRequest
{
    Q_OBJECT

public:
    HoldRelease(const Protocol::ReleaseRequest &request, QObject *parent = nullptr);

    const Protocol::ReleaseRequest &request() const { return m_request; }
    void finish();

private:
    Protocol::ReleaseRequest m_request;
};

// The data requests of one session (see SideDispatcher). A page that does not fit the window
// asked for, or members that are not those asked for, are a protocol violation.
class DataDispatcher : public SideDispatcher
{
    Q_OBJECT

public:
    using SideDispatcher::SideDispatcher;

    void submit(PageFetch *request);
    void submit(SummaryFetch *request);
    void submit(FindFetch *request);
    void submit(HoldRelease *request);
    void submit(MembersFetch *request);
    void submit(SniffFetch *request);
    void submit(RowCountFetch *request);
    void submit(ClusterFetch *request);

    static bool isReplyType(const QString &type);

protected:
    bool deliver(SideRequest *request, const QCborMap &body, QString *error) override;
    void fail(SideRequest *request, const QString &reason) override;
};

} // namespace Sandpiper::Client
