#pragma once

#include "runrecord.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace Sandpiper::Client {
class AbstractSession;
class Execution;
struct RunOutcome;
} // namespace Sandpiper::Client

namespace Sandpiper::Ui {

class HistoryRecorder;

// Records every run of a session in the history as it finishes, whoever asked for it: the
// editor, the console, an import, the window itself, a batch script.
class SessionRecorder : public QObject
{
    Q_OBJECT

public:
    struct Origin
    {
        QString source; // RunRecord::Source
        QString location;
        QString findings; // the security scan's, as RunRecord keeps them
    };
    // Where the run with this cell name came from (the session only knows the name).
    using OriginResolver = std::function<Origin(const QString &cellName)>;

    SessionRecorder(HistoryRecorder *history, QObject *parent = nullptr);

    // name: how history shows the session.
    void watch(Client::AbstractSession *session, const QString &name);
    void setOriginResolver(OriginResolver resolver) { m_resolver = std::move(resolver); }
    // By the names the window gives its runs: "<import>", "<variables>", no name (console)…
    static Origin defaultOrigin(const QString &cellName);

    static RunRecord recordOf(const QString &code, const Client::RunOutcome &outcome);

private:
    void follow(Client::Execution *execution, const QString &cellName);

    QPointer<HistoryRecorder> m_history;
    QPointer<Client::AbstractSession> m_session;
    QMetaObject::Connection m_connection;
    QString m_name;
    OriginResolver m_resolver;
};

} // namespace Sandpiper::Ui
