#pragma once

#include "tablepages.h"

#include <abstractsession.h>

#include <QPointer>

namespace Sandpiper::Ui {

// One search for a cell in a view of a table that stays in the engine: from the cell after (or
// before) the current one, round the whole table once. The engine looks for a bounded time per
// request and says how far it got; the search asks again from there until it finds a cell or has
// looked at every one, so a search over 10^9 cells shows its progress and can be stopped.
class TableSearch : public QObject
{
    Q_OBJECT

public:
    TableSearch(Client::AbstractSession *session,
                const Models::TableSource &source,
                const Models::TableView &view,
                QObject *parent = nullptr);

    // Searches the rows × columns of the view for text, starting next to (row, column).
    void start(const QString &text,
               qint64 row,
               qint64 column,
               qint64 rows,
               qint64 columns,
               bool backward,
               bool matchCase);
    void stop();
    bool isRunning() const { return !m_fetch.isNull(); }

Q_SIGNALS:
    void found(qint64 row, qint64 column);
    void notFound();
    // The part of the table looked at so far, 0..1.
    void progressed(double fraction);
    void failed(const QString &message);

private:
    void ask();
    void onResult(const Protocol::FindResult &result);

    QPointer<Client::AbstractSession> m_session;
    Protocol::FindRequest m_request;
    qint64 m_total = 0; // cells in the view
    qint64 m_columns = 0;
    qint64 m_scanned = 0;
    QPointer<Client::FindFetch> m_fetch;
};

} // namespace Sandpiper::Ui
