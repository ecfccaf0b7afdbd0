#pragma once

#include "aboutdialog.h"
#include "messages.h"

#include <sessionpool.h>
#include <sessionrecorder.h>

#include <plotexport.h>
#include <tableexport.h>
#include <tablepages.h>

#include <QHash>
#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <optional>

class QDockWidget;
class QStackedWidget;
class QMenu;

namespace Sandpiper::Client {
class AbstractSession;
class Execution;
class SessionPool;
} // namespace Sandpiper::Client

namespace Sandpiper::Models {
class PlotHistory;
}

namespace Sandpiper::Ui {

class ConsoleWidget;
class CodeEditor;
class DataViewer;
class EditorTabs;
class HelpView;
class ProblemsView;
class ResourcesView;
class SandboxIndicator;
class TableExportDialog;
class VariablesView;
class WorkspaceTransfer;
class DatasetImporter;
class FilesView;
class PlotsView;
class PlotExportDialog;
class HistoryRecorder;
class HistoryView;
class SessionRecorder;
class RunGuard;
class SecurityView;
class SessionSelector;

// The workbench window: the central editor area with the docks around it. It only arranges
// widgets and menus; each dock's content comes from its own class.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    QDockWidget *dock(const QString &objectName) const;
    QList<QDockWidget *> docks() const;
    ConsoleWidget *console() const { return m_console; }
    EditorTabs *editor() const { return m_editor; }
    ResourcesView *resources() const { return m_resources; }
    VariablesView *variables() const { return m_variables; }
    PlotsView *plots() const { return m_plotsView; }
    SandboxIndicator *sandboxIndicator() const { return m_sandboxIndicator; }

    // The window's sessions (not owned): each has a console of its own; the selected one is the
    // one the console dock, Variables, Plots, Resources and Files show.
    void setSessionPool(Client::SessionPool *pool);
    Client::SessionPool *sessionPool() const { return m_pool; }
    // Selects the session the console, variables and run actions talk to (not owned); one the
    // window does not hold yet joins its sessions.
    void setSession(Client::AbstractSession *session);
    Client::AbstractSession *session() const { return m_liveSession; }
    SessionSelector *sessionSelector() const { return m_selector; }
    // The console of a session the window holds, nullptr for others.
    ConsoleWidget *consoleOf(Client::AbstractSession *session) const;
    // Run > New Session: a started session, selected; nullptr past the cap (the user is told).
    Client::AbstractSession *newSession();
    // Run > Close Session: asks first when it holds variables (see setRestartPrompt) and about
    // its workspace's files; false when the user kept it or it is the last one.
    bool closeSession(Client::AbstractSession *session);
    // Run > Rename Session; false with the reason in the status bar.
    bool renameSession(Client::AbstractSession *session, const QString &name);
    // The session an editor runs in: its own choice, or else the selected session.
    Client::AbstractSession *sessionFor(CodeEditor *editor) const;
    // nullptr: the editor runs in whichever session is selected.
    void setEditorSession(CodeEditor *editor, Client::AbstractSession *session);
    // Where runs are recorded and searched (not owned): the live session's runs go into it and
    // the History dock shows it.
    void setHistory(HistoryRecorder *history);
    HistoryView *history() const { return m_historyView; }
    // The name the session has in history and in the selector.
    QString sessionName(Client::AbstractSession *session) const;
    // Scans what the user runs before it runs, as the session's policy says.
    RunGuard *runGuard() const { return m_runGuard; }
    SecurityView *security() const { return m_securityView; }
    // Runs code the user asked for (console prompt, History's Run Again) through the scan.
    void runUserCode(const QString &code);
    // Restart asks first when the session holds variables (unless the user said not to ask
    // again); Close Session too. Tests answer instead of the dialog: true goes on; *dontAskAgain
    // as ticked.
    using RestartPrompt = std::function<bool(int variables, bool *dontAskAgain)>;
    void setRestartPrompt(RestartPrompt prompt) { m_restartPrompt = std::move(prompt); }
    bool confirmRestart();
    using RenamePrompt = std::function<QString(const QString &current)>;
    void setRenamePrompt(RenamePrompt prompt) { m_renamePrompt = std::move(prompt); }
    // Tools > Export Audit Log…, without the file dialog.
    void exportAuditLog(const QString &file);
    // The shared code-intelligence engine (static completion, black, flake8) for the editors (not
    // owned).
    void setCodeIntelSession(Client::AbstractSession *codeIntel);
    HelpView *help() const { return m_help; }
    // Shows the variable of the live session in a data viewer tab (the one already open for it,
    // or a new one); nullptr without a session.
    DataViewer *openDataViewer(const QString &name);
    // A viewer of a variable or of a member of it; the one already open when there is one.
    DataViewer *openDataViewer(const Models::TableSource &source, const QString &typeName);
    // The display a run sends to open a data viewer (sandpiper.view(obj), %view expr).
    static constexpr const char *ViewMime = "application/vnd.sandpiper.view+json";
    void openRequestedViewer(const Protocol::DisplayData &display);
    // Appends code to the editor used last (a new one when none is open).
    void insertCode(const QString &code);
    ProblemsView *problems() const { return m_problems; }

    void restoreLayout();
    void saveLayout() const;

    // The copies behind File > Copy Files into Workspace and Save Workspace File As (tests drive
    // it without the file dialogs). What was copied, or why not, goes to the console, with a
    // warning when something failed.
    WorkspaceTransfer *workspaceTransfer() const { return m_transfer; }
    // Files dropped on the window, File > Import Dataset…, `sandpiper FILE.csv`: copies into the
    // workspace and the import dialog.
    DatasetImporter *importer() const { return m_importer; }
    FilesView *files() const { return m_files; }
    // Runs an import's code in the console; while it reads `path` the status bar says how much
    // the session has read; when it succeeds the new variable is selected in Variables and shown
    // in a data viewer.
    Client::Execution *runImport(const QString &code,
                                 const QString &variable,
                                 const QString &path = {});

    // Export…: asks how (the dialog), then runs `sandpiper.export(...)` in the console and copies
    // the file out when a destination was chosen. Returns the run, nullptr when not asked to.
    // rowChoices (label, expression): what a viewer offers besides the whole table.
    Client::Execution *exportTable(const Models::TableSource &source,
                                   const QList<std::pair<QString, QString>> &rowChoices = {});
    // Quitting deletes the session's workspace (unless the limits keep it): when it holds files,
    // the user saves them to a folder, keeps the workspace, discards them, or stays.
    enum class WorkspaceChoice { SaveToFolder, Keep, Discard, Cancel };
    // files: relative paths (the first ones when there are more); *folder: where to save them.
    using WorkspaceFilesPrompt = std::function<WorkspaceChoice(
            const QString &workspace, const QStringList &files, QString *folder)>;
    static constexpr int MaxWorkspaceFilesSaved = 10'000;
    void setWorkspaceFilesPrompt(WorkspaceFilesPrompt prompt)
    {
        m_workspaceFilesPrompt = std::move(prompt);
    }

    // Shows the export dialog; tests fill it in instead. true: export.
    using ExportPrompt = std::function<bool(TableExportDialog &dialog)>;
    void setExportPrompt(ExportPrompt prompt) { m_exportPrompt = std::move(prompt); }
    // The Plots dock's Export… for the figure of this row: the session draws it again into
    // the workspace, then the window copies it where the user chose. nullptr when nothing ran
    // (also for an interactive chart, which the window draws itself: chartExported follows).
    Client::Execution *exportPlot(int row);
    using PlotExportPrompt = std::function<bool(PlotExportDialog &)>;
    void setPlotExportPrompt(PlotExportPrompt prompt) { m_plotExportPrompt = std::move(prompt); }

Q_SIGNALS:
    // Code the user asked to run from the editor (cell, selection, file).
    void runCodeRequested(const QString &code);
    // An interactive chart's export ended: the error, or empty when the file was written.
    void chartExported(const QString &path, const QString &error);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void exportChart(int row);
    void previewFigure(int figure,
                       Models::PlotExport options,
                       const std::function<void(const QImage &, const QString &)> &done);
    struct RunOrigin
    {
        QPointer<CodeEditor> editor;
        int firstLine = 0; // 0-based line of the run's first line in the editor
    };

    void runFromEditor(const QString &code, int firstLine, bool wholeFile);
    void recordRunsOf(Client::AbstractSession *session);
    Client::Execution *runAndCopyOut(const QString &code,
                                     const QString &fileName,
                                     const QString &destination);
    void showDocumentation(const Protocol::Documentation &documentation, bool raise);
    void updateProblems();
    void showSandboxDetails();
    void editLimits();
    void copyFilesIntoWorkspace();
    void chooseDatasets();
    void saveWorkspaceFileAs();
    // Before quitting: false when the user chose to stay.
    bool settleWorkspaceFiles();
    // The selected session's files, before it ends; false when the user chose to keep it.
    bool settleSessionFiles(bool quitting);
    // Whether the user lets the selected session's variables go (action: Restart or Close).
    bool confirmLosingVariables(const QString &title,
                                const QString &question,
                                const QString &action);
    void selectSession(Client::AbstractSession *session);
    void sessionJoined(Client::AbstractSession *session);
    void sessionLeft(Client::AbstractSession *session);
    ConsoleWidget *wireConsole(ConsoleWidget *console);
    void updateEditorSessions();
    void fillRunInMenu(QMenu *menu);
    void showTransferReport(const QStringList &copied, const QStringList &failed);
    VersionList engineVersions() const;
    void showRunLocation(const QString &cellName, int line);
    void createEditorArea();
    void createDocks();
    void createMenus();
    void fillRecentFilesMenu(QMenu *menu);
    QDockWidget *addDock(const QString &objectName,
                         const QString &title,
                         QWidget *content,
                         Qt::DockWidgetArea area);
    QDockWidget *addPlaceholderDock(const QString &objectName,
                                    const QString &title,
                                    const QString &description,
                                    Qt::DockWidgetArea area);

    EditorTabs *m_editor = nullptr;
    QList<QDockWidget *> m_docks;
    ConsoleWidget *m_console = nullptr; // the selected session's
    QStackedWidget *m_consoleStack = nullptr;
    QHash<Client::AbstractSession *, ConsoleWidget *> m_consoles;
    QHash<Client::AbstractSession *, Models::PlotHistory *> m_plotHistories;
    QHash<Client::AbstractSession *, SessionRecorder *> m_recorders;
    QHash<CodeEditor *, QPointer<Client::AbstractSession>> m_editorSessions;
    QPointer<Client::SessionPool> m_pool;
    Client::SessionPool *m_ownPool = nullptr; // for sessions given with setSession() alone
    SessionSelector *m_selector = nullptr;
    RenamePrompt m_renamePrompt;
    QHash<QString, RunOrigin> m_runOrigins;
    int m_runCount = 0;
    ResourcesView *m_resources = nullptr;
    Models::PlotHistory *m_plots = nullptr; // the selected session's
    PlotsView *m_plotsView = nullptr;
    VariablesView *m_variables = nullptr;
    SandboxIndicator *m_sandboxIndicator = nullptr;
    WorkspaceTransfer *m_transfer = nullptr;
    DatasetImporter *m_importer = nullptr;
    FilesView *m_files = nullptr;
    QMetaObject::Connection m_workspaceFollower; // the Files dock follows the session's workspace
    HelpView *m_help = nullptr;
    ProblemsView *m_problems = nullptr;
    HistoryView *m_historyView = nullptr;
    QPointer<HistoryRecorder> m_history;
    RunGuard *m_runGuard = nullptr;
    RestartPrompt m_restartPrompt;
    SecurityView *m_securityView = nullptr;
    QDockWidget *m_securityDock = nullptr;
    QString m_pendingFindings; // the scan's findings for the run being queued (JSON)
    void createSecurityDock();
    SessionRecorder::Origin runOrigin(const QString &cellName) const;
    // A run the policy did not let run still goes into the audit log.
    void recordRefusedRun(const QString &cellName,
                          const QString &code,
                          const QString &status,
                          const QString &why,
                          const QString &findings);
    QPointer<Client::AbstractSession> m_liveSession;
    QPointer<CodeEditor> m_lastEditor; // where "To Code" writes
    QPointer<Client::AbstractSession> m_codeIntelSession;
    ExportPrompt m_exportPrompt;
    PlotExportPrompt m_plotExportPrompt;
    std::optional<Models::PlotExport> m_lastPlotExport;
    WorkspaceFilesPrompt m_workspaceFilesPrompt;
    std::optional<Models::TableExport> m_lastExport; // its choices are offered again
};

} // namespace Sandpiper::Ui
