#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>

class QWidget;

namespace Sandpiper::Client {
class AbstractSession;
}

namespace Sandpiper::Ui {

class ImportDialog;
class WorkspaceTransfer;

// From a file to a DataFrame: dropped or chosen files are copied into the session's workspace
// (through WorkspaceTransfer, one batch after another: a drop while a copy runs waits its turn),
// then each dataset opens the import dialog in turn. The dialog reads files through a tools
// engine that may read the workspace only (Client::ImportSession, made on first use). What the
// user decides leaves as signals: the window runs the code or puts it in the editor.
class DatasetImporter : public QObject
{
    Q_OBJECT

public:
    DatasetImporter(WorkspaceTransfer *transfer, QWidget *dialogParent);
    ~DatasetImporter() override;

    void setSession(Client::AbstractSession *session);
    // Tests: the engine the dialogs read files with (not owned). Otherwise one is made.
    void setTools(Client::AbstractSession *tools);
    Client::AbstractSession *tools();
    // Names the session has now (the dialog proposes a new one and confirms a replacement).
    void setVariableNames(std::function<QStringList()> names)
    {
        m_variableNames = std::move(names);
    }
    // Shows the dialog; tests fill it in instead. true: the user chose Import or Insert Code.
    using Prompt = std::function<bool(ImportDialog &dialog)>;
    void setPrompt(Prompt prompt) { m_prompt = std::move(prompt); }

    // Files dropped on the window: datasets are copied and imported, other local files open in
    // the editor, the rest is explained.
    void drop(const QList<QUrl> &urls);
    // Local dataset files to copy into the workspace and import.
    void importFiles(const QStringList &paths);
    // A file already in the workspace (absolute path): the dialog at once.
    void importWorkspaceFile(const QString &path);

    bool isBusy() const;

Q_SIGNALS:
    void openInEditor(const QString &path);
    // path: the workspace file the code reads.
    void importRequested(const QString &code, const QString &variable, const QString &path);
    void insertCodeRequested(const QString &code);
    void notice(const QString &text, bool warning);
    // The queue ran dry: every copy done and every dialog closed.
    void idle();

private:
    void copyNext();
    void onCopied(const QStringList &newFiles, bool mine);
    void showNextDialog();

    WorkspaceTransfer *m_transfer;
    QPointer<QWidget> m_dialogParent;
    QPointer<Client::AbstractSession> m_session;
    QPointer<Client::AbstractSession> m_tools;
    std::unique_ptr<Client::AbstractSession> m_ownTools;
    QString m_toolsFolder; // the workspace m_ownTools may read
    std::function<QStringList()> m_variableNames;
    Prompt m_prompt;
    QStringList m_toCopy;   // local files waiting for the transfer
    bool m_copying = false; // the transfer running is ours
    QStringList m_toImport; // workspace files waiting for their dialog
    bool m_showing = false; // a dialog is open
};

} // namespace Sandpiper::Ui
