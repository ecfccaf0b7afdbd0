#pragma once

#include <QDateTime>
#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

namespace Sandpiper::Client {
class AbstractSession;
class Workspace;
} // namespace Sandpiper::Client

namespace Sandpiper::Ui {

// Copies files the user chose into the session's workspace, and workspace files out to where
// the user chose. Each copy goes through Client::Workspace (size limit, sanitized names, no
// link inside the workspace followed, nothing of the session's copied "in") on a worker
// thread, so a large file never freezes the window. One transfer at a time: a second request
// while busy is refused.
class WorkspaceTransfer : public QObject
{
    Q_OBJECT

public:
    // A file as it was when copied: its size and time of last change.
    struct FileStamp
    {
        qint64 size = -1;
        QDateTime modified;
        bool operator==(const FileStamp &) const = default;
    };

    struct Report
    {
        QStringList copied;     // one line per file: what went where
        QStringList failed;     // one line per file: why not
        QStringList newFiles{}; // importFiles(): the copies made, absolute paths in the workspace
        // importFiles(): each copy (absolute path) as it was right after the copy.
        QHash<QString, FileStamp> copiedIn{};
    };

    explicit WorkspaceTransfer(QObject *parent = nullptr);
    ~WorkspaceTransfer() override; // stop()s

    void setSession(Client::AbstractSession *session);
    bool isBusy() const;
    // The session's workspace folder; empty when there is none.
    QString workspacePath() const;

    // Start copying; false, with nothing started, when busy or without a workspace.
    bool importFiles(const QStringList &sourcePaths);
    // workspaceFile: a path inside the workspace folder, as a file dialog gives it.
    bool exportFile(const QString &workspaceFile, const QString &destinationPath);

    // Whether the workspace file (relative path) is, unchanged, a copy this transfer made of a
    // user's file. Quitting need not ask about it. Files saved out do not count: the copy outside
    // may have been overwritten since.
    bool isSavedElsewhere(const QString &relativePath) const;

    // Cancels the copy in progress and waits for it to end (between two chunks): before the
    // session removes its workspace, or when the window closes.
    void stop();

    // Text from the session (file names) made safe to show on one line.
    static QString printable(const QString &text);

Q_SIGNALS:
    void busyChanged(bool busy);
    void finished(const Sandpiper::Ui::WorkspaceTransfer::Report &report);

private:
    using Job = std::function<Report(const Client::Workspace &workspace)>;
    bool start(Job job);

    QPointer<Client::AbstractSession> m_session;
    QFutureWatcher<Report> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_busy = false; // until finished() is emitted, not merely until the copy ends
    QHash<QString, FileStamp> m_copiedIn; // absolute path -> the file as it was when copied
};

} // namespace Sandpiper::Ui
