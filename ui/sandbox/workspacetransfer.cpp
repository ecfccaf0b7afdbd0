#include "workspacetransfer.h"

#include <abstractsession.h>
#include <workspace.h>

#include <QDir>
#include <QFileInfo>
#include <QtConcurrentRun>

namespace Sandpiper::Ui {

namespace {

// The path of workspaceFile relative to the workspace, its folder resolved (a folder link the
// session planted must not lead the copy elsewhere); empty when it is not inside.
QString relativeInside(const QString &workspace, const QString &workspaceFile)
{
    const QFileInfo file(workspaceFile);
    const QString root = QFileInfo(workspace).canonicalFilePath();
    const QString folder = QFileInfo(file.absolutePath()).canonicalFilePath();
    if (root.isEmpty() || folder.isEmpty() || file.fileName().isEmpty())
        return {};
    const QString relative = QDir(root).relativeFilePath(folder + u'/' + file.fileName());
    if (relative.isEmpty() || relative == QLatin1String(".") || relative == QLatin1String("..")
        || relative.startsWith(QLatin1String("../")) || QDir::isAbsolutePath(relative))
        return {};
    return relative;
}

} // namespace

WorkspaceTransfer::WorkspaceTransfer(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Report>::finished, this, [this] {
        const Report report = m_watcher.result();
        m_copiedIn.insert(report.copiedIn);
        m_busy = false;
        Q_EMIT busyChanged(false);
        Q_EMIT finished(report);
    });
}

WorkspaceTransfer::~WorkspaceTransfer()
{
    stop();
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

QString WorkspaceTransfer::printable(const QString &text)
{
    QString safe = text;
    for (QChar &c : safe) {
        const QChar::Category category = c.category();
        if (category == QChar::Other_Control || category == QChar::Other_Format
            || category == QChar::Separator_Line || category == QChar::Separator_Paragraph)
            c = QChar::ReplacementCharacter;
    }
    return safe;
}

bool WorkspaceTransfer::importFiles(const QStringList &sourcePaths)
{
    return start([sourcePaths](const Client::Workspace &workspace) {
        Report report;
        for (const QString &source : sourcePaths) {
            const QString shown = printable(QDir::toNativeSeparators(source));
            QString error;
            if (const auto copy = workspace.importFile(source, &error)) {
                report.copied << tr("Copied %1 into the workspace as %2")
                                         .arg(shown, printable(QFileInfo(*copy).fileName()));
                report.newFiles << *copy;
                // Stamped here, at once: the session may change the file from now on.
                const QFileInfo copied(*copy);
                report.copiedIn.insert(*copy, {copied.size(), copied.lastModified()});
            } else
                report.failed << tr("Not copied: %1").arg(printable(error));
        }
        return report;
    });
}

bool WorkspaceTransfer::exportFile(const QString &workspaceFile, const QString &destinationPath)
{
    const QString relative = relativeInside(workspacePath(), workspaceFile);
    return start([=](const Client::Workspace &workspace) {
        Report report;
        const QString shown = printable(relative);
        QString error;
        if (relative.isEmpty())
            report.failed << tr("Not saved: %1 is not in the session's workspace")
                                     .arg(printable(QDir::toNativeSeparators(workspaceFile)));
        else if (workspace.exportFile(relative, destinationPath, &error)) {
            report.copied << tr("Saved %1 from the workspace as %2")
                                     .arg(shown, QDir::toNativeSeparators(destinationPath));
        } else
            report.failed << tr("Not saved: %1").arg(printable(error));
        return report;
    });
}

bool WorkspaceTransfer::isSavedElsewhere(const QString &relativePath) const
{
    const QString path = QDir(workspacePath()).filePath(relativePath);
    const auto it = m_copiedIn.constFind(path);
    if (it == m_copiedIn.constEnd())
        return false;
    const QFileInfo file(path);
    return !file.isSymLink() && FileStamp{file.size(), file.lastModified()} == *it;
}

void WorkspaceTransfer::stop()
{
    if (m_cancel)
        m_cancel->store(true);
    m_watcher.waitForFinished();
}

bool WorkspaceTransfer::start(Job job)
{
    const QString path = workspacePath();
    if (isBusy() || path.isEmpty())
        return false;
    m_busy = true;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    // A workspace of its own for the worker thread: the session may restart meanwhile.
    auto run = [job = std::move(job),
                path,
                limit = m_session->limits().transferLimit(),
                cancel = m_cancel] {
        Client::Workspace workspace(path);
        workspace.setTransferLimit(limit);
        workspace.setCancelFlag(cancel.get());
        return job(workspace);
    };
    m_watcher.setFuture(QtConcurrent::run(std::move(run)));
    Q_EMIT busyChanged(true);
    return true;
}

} // namespace Sandpiper::Ui
