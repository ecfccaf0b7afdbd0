#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

namespace Sandpiper::Client {
class AbstractSession;
}

namespace Sandpiper::Ui {

// Copies files the user chose into the session's workspace, and workspace files out to where
// the user chose. Each copy goes through Client::Workspace (size limit, sanitized names, no
// link inside the workspace followed) on a worker thread, so a large file never freezes the
// window. One transfer at a time: a second request while busy is refused.
class WorkspaceTransfer : public QObject
{
    Q_OBJECT

public:
    struct Report
    {
        QStringList copied; // one line per file: what went where
        QStringList failed; // one line per file: why not
    };

    explicit WorkspaceTransfer(QObject *parent = nullptr);
    ~WorkspaceTransfer() override;

    void setSession(Client::AbstractSession *session);
    bool isBusy() const;
    // The session's workspace folder; empty when there is none.
    QString workspacePath() const;

    // Start copying; false, with nothing started, when busy or without a workspace.
    bool importFiles(const QStringList &sourcePaths);
    bool exportFile(const QString &workspaceFile, const QString &destinationPath);

Q_SIGNALS:
    void busyChanged(bool busy);
    void finished(const Sandpiper::Ui::WorkspaceTransfer::Report &report);

private:
    bool start(const std::function<Report(const QString &workspace, qint64 limit)> &job);

    QPointer<Client::AbstractSession> m_session;
    QFutureWatcher<Report> m_watcher;
    bool m_busy = false; // until finished() is emitted, not merely until the copy ends
};

} // namespace Sandpiper::Ui
