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

void DataDispatcher::submit(PageFetch *request)
{
    track(request, request->window().toCbor(), MessageType::Rows);
}

bool DataDispatcher::isReplyType(const QString &type)
{
    return type == MessageType::Rows;
}

bool DataDispatcher::deliver(SideRequest *request, const QCborMap &body, QString *error)
{
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
    fetch->finish(*page);
    return true;
}

void DataDispatcher::fail(SideRequest *request, const QString &reason)
{
    if (auto fetch = qobject_cast<PageFetch *>(request))
        fetch->failLater(reason);
}

} // namespace Sandpiper::Client
