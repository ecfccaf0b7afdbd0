#include "workspacetransfer.h"

#include <abstractsession.h>
#include <workspace.h>

#include <QDir>
#include <QFileInfo>
#include <QtConcurrentRun>

namespace Sandpiper::Ui {

namespace {

// A workspace of its own for the worker thread: the session may restart or close meanwhile.
std::unique_ptr<Client::Workspace> openWorkspace(const QString &path, qint64 limit)
{
    auto workspace = std::make_unique<Client::Workspace>(path);
    workspace->setTransferLimit(limit);
    return workspace;
}

} // namespace

WorkspaceTransfer::WorkspaceTransfer(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Report>::finished, this, [this] {
        const Report report = m_watcher.result();
        m_busy = false;
        Q_EMIT busyChanged(false);
        Q_EMIT finished(report);
    });
}

WorkspaceTransfer::~WorkspaceTransfer()
{
    // The copy owns its own Workspace; waiting keeps it from outliving the application.
    m_watcher.waitForFinished();
}

void WorkspaceTransfer::setSession(Client::AbstractSession *session)
{
    m_session = session;
}

bool WorkspaceTransfer::isBusy() const
{
    return m_busy;
}

QString WorkspaceTransfer::workspacePath() const
{
    return m_session ? m_session->workspacePath() : QString();
}

bool WorkspaceTransfer::importFiles(const QStringList &sourcePaths)
{
    return start([sourcePaths](const QString &path, qint64 limit) {
        const auto workspace = openWorkspace(path, limit);
        Report report;
        for (const QString &source : sourcePaths) {
            QString error;
            if (const auto copy = workspace->importFile(source, &error))
                report.copied << tr("Copied %1 into the workspace as %2")
                                         .arg(QDir::toNativeSeparators(source),
                                              QFileInfo(*copy).fileName());
            else
                report.failed << tr("Not copied: %1").arg(error);
        }
        return report;
    });
}

bool WorkspaceTransfer::exportFile(const QString &workspaceFile, const QString &destinationPath)
{
    return start([workspaceFile, destinationPath](const QString &path, qint64 limit) {
        Report report;
        const QString relative = QDir(path).relativeFilePath(workspaceFile);
        if (relative.isEmpty() || relative == QLatin1String(".") || relative == QLatin1String("..")
            || relative.startsWith(QLatin1String("../")) || QDir::isAbsolutePath(relative)) {
            report.failed << tr("Not saved: %1 is not in the session's workspace")
                                     .arg(QDir::toNativeSeparators(workspaceFile));
            return report;
        }
        QString error;
        if (openWorkspace(path, limit)->exportFile(relative, destinationPath, &error))
            report.copied << tr("Saved %1 from the workspace as %2")
                                     .arg(relative, QDir::toNativeSeparators(destinationPath));
        else
            report.failed << tr("Not saved: %1").arg(error);
        return report;
    });
}

bool WorkspaceTransfer::start(
        const std::function<Report(const QString &workspace, qint64 limit)> &job)
{
    const QString path = workspacePath();
    if (isBusy() || path.isEmpty())
        return false;
    m_busy = true;
    m_watcher.setFuture(QtConcurrent::run(job, path, m_session->limits().transferLimit()));
    Q_EMIT busyChanged(true);
    return true;
}

} // namespace Sandpiper::Ui
