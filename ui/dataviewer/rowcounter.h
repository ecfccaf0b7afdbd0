#pragma once

#include "tablepages.h"

#include <abstractsession.h>

#include <QPointer>
#include <QTimer>

namespace Sandpiper::Ui {

// Counts the rows of a Dask DataFrame (in a viewer's view) on request. The engine counts in the
// background, partition batch by batch; this asks how far it is every PollMs until it finishes,
// fails or is cancelled, so the count shows its progress and never blocks the window or the
// engine's other requests.
class RowCounter : public QObject
{
    Q_OBJECT

public:
    static constexpr int PollMs = 300;

    RowCounter(Client::AbstractSession *session,
               const Models::TableSource &source,
               QObject *parent = nullptr);

    // Counts the rows of the view, from the start (a count of another view stops).
    void start(const Models::TableView &view);
    // Stops the count in the engine too.
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progressed(qint64 done, qint64 of);
    void counted(qint64 rows);
    void failed(const QString &message);

private:
    void ask(bool restart);
    void onCount(const Protocol::RowCount &count);
    Protocol::RowCountRequest request() const;

    QPointer<Client::AbstractSession> m_session;
    Models::TableSource m_source;
    Models::TableView m_view;
    QPointer<Client::RowCountFetch> m_fetch;
    QTimer m_poll;
    bool m_running = false;
};

} // namespace Sandpiper::Ui
