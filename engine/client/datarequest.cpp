#include "datarequest.h"

namespace Sandpiper::Client {

using namespace Protocol;

PageFetch::PageFetch(const PageRequest &window, QObject *parent)
    : SideRequest(window.id, parent)
    , m_window(window)
{}

void PageFetch::finish(const Page &page)
{
    if (!beginFinish())
        return;
    m_page = page;
    m_page.id = id();
    Q_EMIT finished(m_page);
}

void PageFetch::finishLater(const Page &page)
{
    QMetaObject::invokeMethod(this, [this, page] { finish(page); }, Qt::QueuedConnection);
}

void PageFetch::failLater(const QString &reason)
{
    Page page;
    page.error = reason;
    finishLater(page);
}

SummaryFetch::SummaryFetch(const SummaryRequest &request, QObject *parent)
    : SideRequest(request.id, parent)
    , m_request(request)
{}

void SummaryFetch::finish(const ColumnSummary &summary)
{
    if (!beginFinish())
        return;
    ColumnSummary copy = summary;
    copy.id = id();
    Q_EMIT finished(copy);
}

void SummaryFetch::failLater(const QString &reason)
{
    ColumnSummary summary;
    summary.error = reason;
    QMetaObject::invokeMethod(this, [this, summary] { finish(summary); }, Qt::QueuedConnection);
}

FindFetch::FindFetch(const FindRequest &request, QObject *parent)
    : SideRequest(request.id, parent)
    , m_request(request)
{}

void FindFetch::finish(const FindResult &result)
{
    if (!beginFinish())
        return;
    FindResult copy = result;
    copy.id = id();
    Q_EMIT finished(copy);
}

void FindFetch::failLater(const QString &reason)
{
    FindResult result;
    result.error = reason;
    QMetaObject::invokeMethod(this, [this, result] { finish(result); }, Qt::QueuedConnection);
}

MembersFetch::MembersFetch(const ExpandRequest &request, QObject *parent)
    : SideRequest(request.id, parent)
    , m_request(request)
{}

void MembersFetch::finish(const MemberList &members)
{
    if (!beginFinish())
        return;
    MemberList copy = members;
    copy.id = id();
    Q_EMIT finished(copy);
}

void MembersFetch::failLater(const QString &reason)
{
    MemberList members;
    members.error = reason;
    QMetaObject::invokeMethod(this, [this, members] { finish(members); }, Qt::QueuedConnection);
}

SniffFetch::SniffFetch(const SniffRequest &request, QObject *parent)
    : SideRequest(request.id, parent)
    , m_request(request)
{}

void SniffFetch::finish(const SniffResult &result)
{
    if (!beginFinish())
        return;
    SniffResult copy = result;
    copy.id = id();
    Q_EMIT finished(copy);
}

void SniffFetch::failLater(const QString &reason)
{
    SniffResult result;
    result.error = reason;
    QMetaObject::invokeMethod(this, [this, result] { finish(result); }, Qt::QueuedConnection);
}

RowCountFetch::RowCountFetch(const RowCountRequest &request, QObject *parent)
    : SideRequest(request.id, parent)
    , m_request(request)
{}

void RowCountFetch::finish(const RowCount &count)
{
    if (!beginFinish())
        return;
    RowCount copy = count;
    copy.id = id();
    Q_EMIT finished(copy);
}

void RowCountFetch::failLater(const QString &reason)
{
    RowCount count;
    count.error = reason;
    count.finished = true;
    QMetaObject::invokeMethod(this, [this, count] { finish(count); }, Qt::QueuedConnection);
}

ClusterFetch::ClusterFetch(const ClusterRequest &request, QObject *parent)
    : SideRequest(request.id, parent)
    , m_request(request)
{}

void ClusterFetch::finish(const ClusterInfo &info)
{
    if (!beginFinish())
        return;
    ClusterInfo copy = info;
    copy.id = id();
    Q_EMIT finished(copy);
}

void ClusterFetch::failLater(const QString &reason)
{
    ClusterInfo info;
    info.error = reason;
    QMetaObject::invokeMethod(this, [this, info] { finish(info); }, Qt::QueuedConnection);
}

HoldRelease::HoldRelease(const ReleaseRequest &request, QObject *parent)
    : SideRequest(request.id, parent)
    , m_request(request)
{}

void HoldRelease::finish()
{
    beginFinish();
}

void DataDispatcher::submit(FindFetch *request)
{
    track(request, request->request().toCbor(), MessageType::Found);
}

void DataDispatcher::submit(HoldRelease *request)
{
    track(request, request->request().toCbor(), MessageType::Released);
}

void DataDispatcher::submit(MembersFetch *request)
{
    track(request, request->request().toCbor(), MessageType::Members);
}

void DataDispatcher::submit(SniffFetch *request)
{
    track(request, request->request().toCbor(), MessageType::Sniffed);
}

void DataDispatcher::submit(RowCountFetch *request)
{
    track(request, request->request().toCbor(), MessageType::Counted);
}

void DataDispatcher::submit(ClusterFetch *request)
{
    track(request, request->request().toCbor(), MessageType::ClusterInfo);
}

void DataDispatcher::submit(SummaryFetch *request)
{
    track(request, request->request().toCbor(), MessageType::Summary);
}

void DataDispatcher::submit(PageFetch *request)
{
    track(request, request->window().toCbor(), MessageType::Rows);
}

bool DataDispatcher::isReplyType(const QString &type)
{
    return type == MessageType::Rows || type == MessageType::Summary || type == MessageType::Found
           || type == MessageType::Released || type == MessageType::Members
           || type == MessageType::Sniffed || type == MessageType::Counted
           || type == MessageType::ClusterInfo;
}

bool DataDispatcher::deliver(SideRequest *request, const QCborMap &body, QString *error)
{
    const QString type = messageType(body);
    if (type == MessageType::Released) {
        if (!Released::fromCbor(body, error))
            return false;
        if (auto release = qobject_cast<HoldRelease *>(request))
            release->finish();
        return true;
    }
    if (type == MessageType::Members) {
        const auto members = MemberList::fromCbor(body, error);
        if (!members)
            return false;
        auto fetch = qobject_cast<MembersFetch *>(request);
        if (fetch && members->error.isEmpty()
            && (members->members.size() > fetch->request().count
                || (!members->members.isEmpty() && members->start != fetch->request().start))) {
            *error = tr("%1 members from %2 for a request of %3 from %4")
                             .arg(members->members.size())
                             .arg(members->start)
                             .arg(fetch->request().count)
                             .arg(fetch->request().start);
            return false;
        }
        if (fetch)
            fetch->finish(*members);
        return true;
    }
    if (type == MessageType::Sniffed) {
        const auto result = SniffResult::fromCbor(body, error);
        if (!result)
            return false;
        auto fetch = qobject_cast<SniffFetch *>(request);
        if (fetch && result->rows.size() > fetch->request().rows) {
            *error = tr("a preview of %1 rows for a request of %2")
                             .arg(result->rows.size())
                             .arg(fetch->request().rows);
            return false;
        }
        if (fetch)
            fetch->finish(*result);
        return true;
    }
    if (type == MessageType::Found) {
        const auto result = FindResult::fromCbor(body, error);
        if (!result)
            return false;
        auto fetch = qobject_cast<FindFetch *>(request);
        if (fetch && result->found && result->scanned > fetch->request().count) {
            *error = tr("a cell found past the end of the search");
            return false;
        }
        if (fetch)
            fetch->finish(*result);
        return true;
    }
    if (type == MessageType::Counted) {
        const auto count = RowCount::fromCbor(body, error);
        if (!count)
            return false;
        if (auto fetch = qobject_cast<RowCountFetch *>(request))
            fetch->finish(*count);
        return true;
    }
    if (type == MessageType::ClusterInfo) {
        const auto info = ClusterInfo::fromCbor(body, error);
        if (!info)
            return false;
        if (auto fetch = qobject_cast<ClusterFetch *>(request))
            fetch->finish(*info);
        return true;
    }
    if (type == MessageType::Summary) {
        const auto summary = ColumnSummary::fromCbor(body, error);
        if (!summary)
            return false;
        if (auto fetch = qobject_cast<SummaryFetch *>(request))
            fetch->finish(*summary);
        return true;
    }
    const auto page = Page::fromCbor(body, error);
    if (!page)
        return false;
    auto fetch = qobject_cast<PageFetch *>(request);
    if (!fetch)
        return true; // cancelled
    const PageRequest &window = fetch->window();
    if (page->error.isEmpty()
        && (page->rows.size() > window.rowCount || page->columns.size() > window.columnCount)) {
        *error = tr("a page of %1 × %2 cells for a request of %3 × %4")
                         .arg(page->rows.size())
                         .arg(page->columns.size())
                         .arg(window.rowCount)
                         .arg(window.columnCount);
        return false;
    }
    if (page->partitions > 0 && page->partition != window.partition) {
        *error = tr("a page of partition %1 for a request of partition %2")
                         .arg(page->partition + 1)
                         .arg(window.partition + 1);
        return false;
    }
    fetch->finish(*page);
    return true;
}

void DataDispatcher::fail(SideRequest *request, const QString &reason)
{
    if (auto release = qobject_cast<HoldRelease *>(request))
        return release->finish();
    if (auto find = qobject_cast<FindFetch *>(request))
        return find->failLater(reason);
    if (auto members = qobject_cast<MembersFetch *>(request))
        return members->failLater(reason);
    if (auto sniff = qobject_cast<SniffFetch *>(request))
        return sniff->failLater(reason);
    if (auto summary = qobject_cast<SummaryFetch *>(request))
        return summary->failLater(reason);
    if (auto count = qobject_cast<RowCountFetch *>(request))
        return count->failLater(reason);
    if (auto cluster = qobject_cast<ClusterFetch *>(request))
        return cluster->failLater(reason);
    if (auto fetch = qobject_cast<PageFetch *>(request))
        fetch->failLater(reason);
}

} // namespace Sandpiper::Client
