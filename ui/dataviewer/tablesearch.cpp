#include "tablesearch.h"

namespace Sandpiper::Ui {

TableSearch::TableSearch(Client::AbstractSession *session,
                         const Models::TableSource &source,
                         const Models::TableView &view,
                         QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    m_request.name = source.name;
    m_request.path = source.path;
    m_request.hold = source.hold;
    m_request.sort = view.sort;
    m_request.filter = view.filter;
}

void TableSearch::start(const QString &text,
                        qint64 row,
                        qint64 column,
                        qint64 rows,
                        qint64 columns,
                        bool backward,
                        bool matchCase)
{
    stop();
    m_columns = columns;
    m_total = rows > 0 && columns > 0 ? rows * columns : 0;
    if (m_total == 0 || text.isEmpty()) {
        Q_EMIT notFound();
        return;
    }
    const qint64 here = std::clamp<qint64>(row, 0, rows - 1) * columns
                        + std::clamp<qint64>(column, 0, columns - 1);
    // Every cell once, the current one last: a single match finds itself again.
    m_request.start = ((backward ? here - 1 : here + 1) % m_total + m_total) % m_total;
    m_request.text = text.left(Protocol::MaxCellChars);
    m_request.count = m_total;
    m_request.backward = backward;
    m_request.matchCase = matchCase;
    m_scanned = 0;
    ask();
}

void TableSearch::stop()
{
    if (m_fetch)
        m_fetch->cancel();
    m_fetch.clear();
}

void TableSearch::ask()
{
    if (!m_session) {
        Q_EMIT failed(tr("the session is gone"));
        return;
    }
    Protocol::FindRequest request = m_request;
    const qint64 step = request.backward ? -m_scanned : m_scanned;
    request.start = ((request.start + step) % m_total + m_total) % m_total;
    request.count = m_total - m_scanned;
    m_fetch = m_session->find(request);
    connect(m_fetch, &Client::FindFetch::finished, this, &TableSearch::onResult);
}

void TableSearch::onResult(const Protocol::FindResult &result)
{
    m_fetch.clear();
    if (!result.error.isEmpty()) {
        Q_EMIT failed(result.error);
        return;
    }
    if (result.found) {
        Q_EMIT found(result.row, result.column);
        return;
    }
    // No progress would ask forever: an engine that looks at nothing has nothing more to find.
    if (result.scanned <= 0 || m_scanned + result.scanned >= m_total) {
        Q_EMIT notFound();
        return;
    }
    m_scanned += result.scanned;
    Q_EMIT progressed(double(m_scanned) / double(m_total));
    ask();
}

} // namespace Sandpiper::Ui
