#include "rowcounter.h"

namespace Sandpiper::Ui {

RowCounter::RowCounter(Client::AbstractSession *session,
                       const Models::TableSource &source,
                       QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_source(source)
{
    m_poll.setSingleShot(true);
    m_poll.setInterval(PollMs);
    connect(&m_poll, &QTimer::timeout, this, [this] { ask(false); });
}

Protocol::RowCountRequest RowCounter::request() const
{
    Protocol::RowCountRequest request;
    request.name = m_source.name;
    request.path = m_source.path;
    request.hold = m_source.hold;
    request.sort = m_view.sort;
    request.filter = m_view.filter;
    return request;
}

void RowCounter::start(const Models::TableView &view)
{
    if (m_fetch)
        m_fetch->cancel();
    m_view = view;
    m_running = true;
    ask(true);
}

void RowCounter::cancel()
{
    if (!m_running)
        return;
    m_running = false;
    m_poll.stop();
    if (m_fetch)
        m_fetch->cancel();
    if (m_session) {
        Protocol::RowCountRequest stop = request();
        stop.cancel = true;
        m_session->countRows(stop); // nobody waits for its answer
    }
}

void RowCounter::ask(bool restart)
{
    if (!m_running)
        return;
    if (!m_session) {
        m_running = false;
        Q_EMIT failed(tr("the session is gone"));
        return;
    }
    Protocol::RowCountRequest next = request();
    next.restart = restart;
    m_fetch = m_session->countRows(next);
    connect(m_fetch, &Client::RowCountFetch::finished, this, &RowCounter::onCount);
}

void RowCounter::onCount(const Protocol::RowCount &count)
{
    if (!m_running)
        return;
    if (!count.error.isEmpty() || count.cancelled) {
        m_running = false;
        Q_EMIT failed(count.error.isEmpty() ? tr("cancelled") : count.error);
        return;
    }
    Q_EMIT progressed(count.done, count.of);
    if (count.finished && count.rows >= 0) {
        m_running = false;
        Q_EMIT counted(count.rows);
        return;
    }
    m_poll.start();
}

} // namespace Sandpiper::Ui
