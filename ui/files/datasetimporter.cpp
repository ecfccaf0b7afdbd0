#include "datasetimporter.h"

#include "filedrops.h"
#include "importdialog.h"

#include "sandbox/workspacetransfer.h"
#include <abstractsession.h>
#include <importsession.h>

#include <QDir>
#include <QTimer>

namespace Sandpiper::Ui {

DatasetImporter::DatasetImporter(WorkspaceTransfer *transfer, QWidget *dialogParent)
    : QObject(dialogParent)
    , m_transfer(transfer)
    , m_dialogParent(dialogParent)
{
    connect(m_transfer,
            &WorkspaceTransfer::finished,
            this,
            [this](const WorkspaceTransfer::Report &report) {
                const bool mine = m_copying;
                m_copying = false;
                onCopied(report.newFiles, mine);
            });
}

DatasetImporter::~DatasetImporter() = default;

void DatasetImporter::setSession(Client::AbstractSession *session)
{
    m_session = session;
}

void DatasetImporter::setTools(Client::AbstractSession *tools)
{
    m_tools = tools;
}

Client::AbstractSession *DatasetImporter::tools()
{
    if (m_tools)
        return m_tools;
    const QString workspace = m_session ? m_session->workspacePath() : QString();
    if (workspace.isEmpty())
        return nullptr;
    if (!m_ownTools || m_toolsFolder != workspace) {
        // One for the workspace it may read; a new workspace needs a new engine.
        m_ownTools = std::make_unique<Client::ImportSession>(workspace);
        m_toolsFolder = workspace;
    }
    return m_ownTools.get();
}

bool DatasetImporter::isBusy() const
{
    return m_copying || m_showing || !m_toCopy.isEmpty() || !m_toImport.isEmpty();
}

void DatasetImporter::drop(const QList<QUrl> &urls)
{
    const DroppedFiles files = DroppedFiles::classify(urls);
    for (const QString &problem : files.problems)
        Q_EMIT notice(problem, true);
    for (const QString &path : files.editorFiles)
        Q_EMIT openInEditor(path);
    if (!files.datasets.isEmpty())
        importFiles(files.datasets);
}

void DatasetImporter::importFiles(const QStringList &paths)
{
    m_toCopy.append(paths);
    copyNext();
}

void DatasetImporter::importWorkspaceFile(const QString &path)
{
    m_toImport.append(path);
    if (!m_showing)
        QTimer::singleShot(0, this, &DatasetImporter::showNextDialog);
}

void DatasetImporter::copyNext()
{
    if (m_copying || m_toCopy.isEmpty())
        return;
    if (!m_session || m_session->workspacePath().isEmpty()) {
        Q_EMIT notice(tr("Not copied: the session has no workspace yet."), true);
        m_toCopy.clear();
        return;
    }
    // The File menu's copy may be running; the drop waits for it (see onCopied).
    if (m_transfer->isBusy())
        return;
    const QStringList batch = std::exchange(m_toCopy, {});
    m_copying = m_transfer->importFiles(batch);
    if (!m_copying)
        m_toCopy = batch + m_toCopy;
}

void DatasetImporter::onCopied(const QStringList &newFiles, bool mine)
{
    if (mine) {
        for (const QString &file : newFiles) {
            if (DroppedFiles::isDataset(file))
                m_toImport.append(file);
        }
        if (!m_showing)
            QTimer::singleShot(0, this, &DatasetImporter::showNextDialog);
    }
    copyNext();
}

void DatasetImporter::showNextDialog()
{
    if (m_showing)
        return;
    if (m_toImport.isEmpty()) {
        if (!isBusy())
            Q_EMIT idle();
        return;
    }
    const QString path = m_toImport.takeFirst();
    const QString workspace = m_session ? m_session->workspacePath() : QString();
    Client::AbstractSession *reader = tools();
    if (workspace.isEmpty() || !reader) {
        Q_EMIT notice(tr("Not imported: the session has no workspace."), true);
        m_toImport.clear();
        return;
    }
    const QString relative = QDir(workspace).relativeFilePath(path);
    if (relative == QLatin1String("..") || relative.startsWith(QLatin1String("../"))
        || QDir::isAbsolutePath(relative)) {
        Q_EMIT notice(tr("Not imported: %1 is not in the session's workspace.")
                              .arg(QDir::toNativeSeparators(path)),
                      true);
        QTimer::singleShot(0, this, &DatasetImporter::showNextDialog);
        return;
    }
    m_showing = true;
    {
        ImportDialog dialog(reader,
                            path,
                            relative,
                            m_variableNames ? m_variableNames() : QStringList(),
                            m_dialogParent);
        const bool accepted = m_prompt ? m_prompt(dialog) : dialog.exec() == QDialog::Accepted;
        if (accepted && dialog.action() == ImportDialog::Action::Import)
            Q_EMIT importRequested(dialog.code(), dialog.variableName(), path);
        else if (accepted)
            Q_EMIT insertCodeRequested(dialog.code());
    }
    m_showing = false;
    QTimer::singleShot(0, this, &DatasetImporter::showNextDialog);
}

} // namespace Sandpiper::Ui
