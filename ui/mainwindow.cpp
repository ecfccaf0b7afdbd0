#include "mainwindow.h"

#include <historyrecorder.h>
#include <historyview.h>
#include <runguard.h>
#include <securityview.h>
#include <sessionrecorder.h>

#include "aboutdialog.h"
#include "codeeditor.h"
#include "colorscheme.h"
#include "console/consolewidget.h"
#include "console/sessionselector.h"
#include "consoleinput.h"
#include "dataviewer/dataviewer.h"
#include "dataviewer/tableexportdialog.h"
#include "editor/editorassistant.h"
#include "editor/editortabs.h"
#include "editor/helpview.h"
#include "editor/lintmarks.h"
#include "editor/problemsview.h"
#include "files/datasetimporter.h"
#include "files/filedrops.h"
#include "files/filesview.h"
#include "importpreview.h"
#include "plothistory.h"
#include "plots/plotexportdialog.h"
#include "plots/plotsview.h"
#include "resources/resourcesview.h"
#include "sandbox/limitsdialog.h"
#include "sandbox/limitssettings.h"
#include "sandbox/sandboxdialog.h"
#include "sandbox/sandboxindicator.h"
#include "sandbox/workspacetransfer.h"
#include "templatemenu.h"
#include "variables/variablesview.h"
#include "variablesmodel.h"

#include <sessionpool.h>
#include <workspace.h>

#include <QActionGroup>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyleHints>
#include <QTimer>

namespace Sandpiper::Ui {

namespace {
const char geometryKey[] = "mainWindow/geometry";
const char stateKey[] = "mainWindow/state";
// Bump when docks are added or renamed so that an old saved state is not misapplied.
constexpr int layoutVersion = 2;
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Sandpiper Data Workbench"));
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);
    m_runGuard = new RunGuard(this);
    m_runGuard->setPolicy(RunGuard::savedPolicy());
    m_runGuard->setAskPrompt([this](const QString &label,
                                    const QString &cellName,
                                    const RunGuard::Findings &findings) {
        const int firstLine = m_runOrigins.value(cellName).firstLine;
        QStringList lines;
        for (const Protocol::Diagnostic &finding : findings.mid(0, 12))
            lines << tr("line %1: %2").arg(firstLine + finding.line).arg(finding.message);
        if (findings.size() > 12)
            lines << tr("… and %n more", nullptr, int(findings.size() - 12));
        QMessageBox box(QMessageBox::Warning,
                        tr("Run This Code?"),
                        findings.isEmpty()
                                ? tr("%1 could not be scanned. Run it anyway?").arg(label)
                                : tr("The security scan found this in %1:").arg(label),
                        QMessageBox::NoButton,
                        this);
        box.setInformativeText(lines.join(u'\n'));
        box.addButton(tr("Run"), QMessageBox::AcceptRole);
        QPushButton *cancel = box.addButton(tr("Don't Run"), QMessageBox::RejectRole);
        box.setDefaultButton(cancel);
        box.exec();
        return box.clickedButton() != cancel;
    });
    m_transfer = new WorkspaceTransfer(this);
    connect(m_transfer,
            &WorkspaceTransfer::finished,
            this,
            [this](const WorkspaceTransfer::Report &report) {
                showTransferReport(report.copied, report.failed);
            });
    createEditorArea();
    createDocks();
    m_importer = new DatasetImporter(m_transfer, this);
    m_importer->setVariableNames([this] { return m_variables->model()->names(); });
    connect(m_importer, &DatasetImporter::openInEditor, m_editor, &EditorTabs::openFile);
    connect(m_importer, &DatasetImporter::notice, this, [this](const QString &text) {
        m_console->appendNotice(text);
        statusBar()->showMessage(text, 8000);
    });
    connect(m_importer, &DatasetImporter::importRequested, this, &MainWindow::runImport);
    connect(m_importer, &DatasetImporter::insertCodeRequested, this, &MainWindow::insertCode);
    connect(m_files, &FilesView::importRequested, this, [this](const QString &path) {
        if (m_files->isInWorkspace(path))
            m_importer->importWorkspaceFile(path);
        else
            m_importer->importFiles({path});
    });
    connect(m_files,
            &FilesView::copyIntoWorkspaceRequested,
            this,
            [this](const QStringList &paths) {
                if (!m_transfer->importFiles(paths))
                    statusBar()->showMessage(
                            tr("Another copy is in progress; try again when it ends."), 5000);
            });
    connect(m_files, &FilesView::openRequested, this, [this](const QString &path, bool readOnly) {
        if (CodeEditor *editor = m_editor->openFile(path); editor && readOnly)
            editor->setReadOnly(true);
    });
    connect(m_files, &FilesView::saveAsRequested, this, [this](const QString &file) {
        const QString destination = QFileDialog::getSaveFileName(
                this,
                tr("Save Workspace File As"),
                QDir(QDir::homePath()).filePath(QFileInfo(file).fileName()));
        if (!destination.isEmpty() && !m_transfer->exportFile(file, destination))
            statusBar()->showMessage(tr("Another copy is in progress; try again when it ends."),
                                     5000);
    });
    connect(m_files, &FilesView::notice, this, [this](const QString &text) {
        m_console->appendNotice(text);
    });
    // Files dropped anywhere on the window, on whichever widget is under the cursor.
    setAcceptDrops(true);
    connect(new FileDrops(this), &FileDrops::dropped, m_importer, &DatasetImporter::drop);
    createMenus();
    statusBar()->showMessage(tr("Ready"));
    m_sandboxIndicator = new SandboxIndicator(this);
    statusBar()->addPermanentWidget(m_sandboxIndicator);
    connect(m_sandboxIndicator,
            &SandboxIndicator::detailsRequested,
            this,
            &MainWindow::showSandboxDetails);
    resize(1280, 800);
}

MainWindow::~MainWindow()
{
    // The editors go after this window's members: they must not tell it then (every editor,
    // also one whose entry went with its session).
    for (CodeEditor *editor : m_editor->editors())
        disconnect(editor, &QObject::destroyed, this, nullptr);
}

void MainWindow::createEditorArea()
{
    m_editor = new EditorTabs(this);
    m_editor->enableRecovery();
    connect(m_editor, &EditorTabs::runRequested, this, &MainWindow::runFromEditor);
    connect(m_editor, &EditorTabs::statusMessage, this, [this](const QString &message) {
        statusBar()->showMessage(message, 5000);
    });
    setCentralWidget(m_editor);
    // Once the window is up, offer what a crashed instance left unsaved.
    QTimer::singleShot(0, m_editor, &EditorTabs::offerRecovery);
}

QDockWidget *MainWindow::addDock(const QString &objectName,
                                 const QString &title,
                                 QWidget *content,
                                 Qt::DockWidgetArea area)
{
    auto dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    content->setParent(dock);
    dock->setWidget(content);
    addDockWidget(area, dock);
    m_docks.append(dock);
    return dock;
}

QDockWidget *MainWindow::addPlaceholderDock(const QString &objectName,
                                            const QString &title,
                                            const QString &description,
                                            Qt::DockWidgetArea area)
{
    auto label = new QLabel(description);
    label->setObjectName(objectName + QStringLiteral("Placeholder"));
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignCenter);
    label->setMargin(12);
    label->setEnabled(false);
    return addDock(objectName, title, label, area);
}

void MainWindow::createDocks()
{
    m_files = new FilesView;
    auto files = addDock(QStringLiteral("FilesDock"), tr("Files"), m_files, Qt::LeftDockWidgetArea);
    m_variables = new VariablesView;
    connect(m_variables,
            &VariablesView::viewRequested,
            this,
            qOverload<const Models::TableSource &, const QString &>(&MainWindow::openDataViewer));
    connect(m_variables,
            &VariablesView::exportRequested,
            this,
            [this](const Models::TableSource &source) { exportTable(source); });
    connect(m_variables,
            &VariablesView::histogramRequested,
            this,
            [this](const Models::TableSource &source, const QString &typeName) {
                if (DataViewer *viewer = openDataViewer(source, typeName))
                    viewer->summarizeColumn(0); // the summary panel draws the histogram
            });
    auto variables = addDock(
            QStringLiteral("VariablesDock"), tr("Variables"), m_variables, Qt::RightDockWidgetArea);
    m_plots = new Models::PlotHistory(this);
    m_plotsView = new PlotsView(m_plots);
    auto plots = addDock(
            QStringLiteral("PlotsDock"), tr("Plots"), m_plotsView, Qt::RightDockWidgetArea);
    connect(m_plotsView, &PlotsView::exportRequested, this, &MainWindow::exportPlot);
    connect(m_plotsView, &PlotsView::goToCodeRequested, this, [this](const QString &origin) {
        showRunLocation(origin, 1);
    });
    connect(m_plots, &Models::PlotHistory::spillFailed, this, [this](const QString &error) {
        statusBar()->showMessage(error, 10000);
    });
    // One console per session, the selected one shown; the selector moves to it.
    m_consoleStack = new QStackedWidget;
    m_consoleStack->setObjectName(QStringLiteral("ConsoleStack"));
    m_console = wireConsole(new ConsoleWidget);
    m_consoleStack->addWidget(m_console);
    m_selector = new SessionSelector;
    m_console->setSessionSelector(m_selector);
    connect(m_selector, &SessionSelector::sessionChosen, this, &MainWindow::setSession);
    connect(m_selector, &SessionSelector::newRequested, this, [this] { newSession(); });
    connect(m_selector,
            &SessionSelector::renameRequested,
            this,
            [this](Client::AbstractSession *session) {
                const QString current = sessionName(session);
                bool ok = true;
                const QString name = m_renamePrompt ? m_renamePrompt(current)
                                                    : QInputDialog::getText(this,
                                                                            tr("Rename Session"),
                                                                            tr("Name:"),
                                                                            QLineEdit::Normal,
                                                                            current,
                                                                            &ok);
                if (ok && !name.isNull() && name != current)
                    renameSession(session, name);
            });
    connect(m_selector, &SessionSelector::closeRequested, this, &MainWindow::closeSession);
    auto console = addDock(
            QStringLiteral("ConsoleDock"), tr("Console"), m_consoleStack, Qt::BottomDockWidgetArea);
    m_resources = new ResourcesView;
    auto resources = addDock(QStringLiteral("ResourcesDock"),
                             tr("Resources"),
                             m_resources,
                             Qt::BottomDockWidgetArea);
    m_help = new HelpView;
    m_help->setTheme(m_editor->theme());
    connect(QGuiApplication::styleHints(), &QStyleHints::colorSchemeChanged, m_help, [this] {
        m_help->setTheme(m_editor->theme());
    });
    connect(m_editor, &EditorTabs::documentationReady, this, &MainWindow::showDocumentation);
    connect(m_help, &HelpView::definitionActivated, m_editor, &EditorTabs::openDefinition);
    auto help = addDock(QStringLiteral("HelpDock"), tr("Help"), m_help, Qt::RightDockWidgetArea);
    m_problems = new ProblemsView;
    connect(m_editor, &EditorTabs::currentEditorChanged, this, &MainWindow::updateProblems);
    connect(m_editor, &EditorTabs::currentEditorChanged, this, [this](CodeEditor *editor) {
        if (editor)
            m_lastEditor = editor;
    });
    connect(m_editor, &EditorTabs::diagnosticsChanged, this, [this](CodeEditor *editor) {
        if (editor == m_editor->currentEditor())
            updateProblems();
    });
    connect(m_problems, &ProblemsView::problemActivated, this, [this](int index) {
        if (EditorAssistant *assistant = m_editor->assistant(m_editor->currentEditor())) {
            assistant->lintMarks()->jumpTo(index);
            m_editor->currentEditor()->setFocus();
        }
    });
    auto problems = addDock(
            QStringLiteral("ProblemsDock"), tr("Problems"), m_problems, Qt::BottomDockWidgetArea);
    updateProblems();
    m_historyView = new HistoryView;
    connect(m_historyView, &HistoryView::rerunRequested, this, &MainWindow::runUserCode);
    connect(m_historyView, &HistoryView::insertIntoEditorRequested, this, &MainWindow::insertCode);
    connect(m_historyView,
            &HistoryView::insertIntoConsoleRequested,
            this,
            [this](const QString &code) {
                m_console->input()->setPlainText(code);
                m_console->input()->moveCursor(QTextCursor::End);
                m_console->input()->setFocus();
            });
    auto history = addDock(
            QStringLiteral("HistoryDock"), tr("History"), m_historyView, Qt::RightDockWidgetArea);
    Q_UNUSED(files);
    tabifyDockWidget(variables, plots);
    tabifyDockWidget(plots, help);
    tabifyDockWidget(help, history);
    createSecurityDock();
    tabifyDockWidget(history, m_securityDock);
    variables->raise();
    splitDockWidget(console, resources, Qt::Horizontal);
    tabifyDockWidget(resources, problems);
    resources->raise();
    resizeDocks({files, variables}, {240, 380}, Qt::Horizontal);
    resizeDocks({console, resources}, {760, 520}, Qt::Horizontal);
    // The console shows a dozen lines of output at the default size, not a handful.
    resizeDocks({console}, {330}, Qt::Vertical);
}

void MainWindow::createMenus()
{
    auto fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->setObjectName(QStringLiteral("FileMenu"));
    fileMenu->addAction(m_editor->action(EditorTabs::New));
    fileMenu->addAction(m_editor->action(EditorTabs::Open));
    auto recentMenu = fileMenu->addMenu(tr("Open &Recent"));
    recentMenu->setObjectName(QStringLiteral("RecentFilesMenu"));
    connect(recentMenu, &QMenu::aboutToShow, this, [this, recentMenu] {
        fillRecentFilesMenu(recentMenu);
    });
    fileMenu->addAction(m_editor->action(EditorTabs::Save));
    fileMenu->addAction(m_editor->action(EditorTabs::SaveAs));
    fileMenu->addAction(m_editor->action(EditorTabs::Close));
    fileMenu->addSeparator();
    auto importAction
            = fileMenu->addAction(tr("Import &Dataset…"), this, &MainWindow::chooseDatasets);
    importAction->setObjectName(QStringLiteral("ImportDataset"));
    importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    // The sandboxed session sees only its workspace: data goes in and out by copy.
    QList<QAction *> transferActions{
            fileMenu->addAction(
                    tr("Copy Files &into Workspace…"), this, &MainWindow::copyFilesIntoWorkspace),
            fileMenu->addAction(
                    tr("Save Workspace &File As…"), this, &MainWindow::saveWorkspaceFileAs),
    };
    transferActions[0]->setObjectName(QStringLiteral("CopyIntoWorkspace"));
    transferActions[1]->setObjectName(QStringLiteral("SaveWorkspaceFile"));
    connect(m_transfer, &WorkspaceTransfer::busyChanged, this, [transferActions](bool busy) {
        for (QAction *action : transferActions)
            action->setEnabled(!busy);
    });
    fileMenu->addSeparator();
    auto quitAction = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quitAction->setShortcut(QKeySequence::Quit);
    quitAction->setMenuRole(QAction::QuitRole);

    auto editMenu = menuBar()->addMenu(tr("&Edit"));
    editMenu->setObjectName(QStringLiteral("EditMenu"));
    const QList<QList<EditorTabs::Action>> editGroups = {
            {EditorTabs::Undo, EditorTabs::Redo},
            {EditorTabs::Cut, EditorTabs::Copy, EditorTabs::Paste, EditorTabs::SelectAll},
            {EditorTabs::Find,
             EditorTabs::Replace,
             EditorTabs::FindNext,
             EditorTabs::FindPrevious,
             EditorTabs::GoToLine},
            {EditorTabs::ToggleComment, EditorTabs::Indent, EditorTabs::Dedent},
    };
    for (const auto &group : editGroups) {
        if (!editMenu->isEmpty())
            editMenu->addSeparator();
        for (EditorTabs::Action id : group)
            editMenu->addAction(m_editor->action(id));
    }

    auto viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->setObjectName(QStringLiteral("ViewMenu"));
    for (auto dockWidget : std::as_const(m_docks))
        viewMenu->addAction(dockWidget->toggleViewAction());
    viewMenu->addSeparator();
    auto schemeMenu = viewMenu->addMenu(tr("Color &Scheme"));
    auto schemeGroup = new QActionGroup(schemeMenu);
    const ColorScheme current = ColorSchemeSetting::load();
    const QList<std::pair<QString, ColorScheme>> schemes = {
            {tr("Follow &System"), ColorScheme::System},
            {tr("&Light"), ColorScheme::Light},
            {tr("&Dark"), ColorScheme::Dark},
    };
    for (const auto &[text, scheme] : schemes) {
        auto action = schemeMenu->addAction(text);
        action->setCheckable(true);
        action->setChecked(scheme == current);
        action->setActionGroup(schemeGroup);
        connect(action, &QAction::triggered, this, [this, scheme] {
            ColorSchemeSetting::save(scheme);
            applyColorScheme(scheme);
            m_editor->setColorScheme(scheme);
            for (ConsoleWidget *console :
                 m_consoleStack->findChildren<ConsoleWidget *>(Qt::FindDirectChildrenOnly))
                console->setTheme(m_editor->theme());
            m_help->setTheme(m_editor->theme());
        });
    }

    auto runMenu = menuBar()->addMenu(tr("&Run"));
    runMenu->setObjectName(QStringLiteral("RunMenu"));
    for (EditorTabs::Action id : {EditorTabs::RunCell,
                                  EditorTabs::RunCellAndAdvance,
                                  EditorTabs::RunSelection,
                                  EditorTabs::RunFile,
                                  EditorTabs::RunToHere,
                                  EditorTabs::ToggleCellCache}) {
        runMenu->addAction(m_editor->action(id));
    }
    runMenu->addSeparator();
    auto interruptAction = runMenu->addAction(tr("&Interrupt"), this, [this] {
        if (m_console->session())
            m_console->session()->interrupt();
    });
    interruptAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    runMenu->addAction(tr("&Restart Session"), this, [this] {
        if (m_console->session() && confirmRestart())
            m_console->session()->restart();
    });
    runMenu->addSeparator();
    auto newSessionAction = runMenu->addAction(tr("&New Session"), this, [this] { newSession(); });
    newSessionAction->setObjectName(QStringLiteral("NewSessionAction"));
    newSessionAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_N));
    runMenu->addAction(tr("Re&name Session…"), m_selector->renameAction(), &QAction::trigger);
    runMenu->addAction(tr("&Close Session"), this, [this] { closeSession(m_liveSession); })
            ->setObjectName(QStringLiteral("CloseSessionAction"));
    auto runInMenu = runMenu->addMenu(tr("Run This &Editor In"));
    runInMenu->setObjectName(QStringLiteral("RunInMenu"));
    connect(runInMenu, &QMenu::aboutToShow, this, [this, runInMenu] { fillRunInMenu(runInMenu); });
    runMenu->addAction(tr("Sessions Running at &Once…"), this, [this] {
        if (!m_pool)
            return;
        bool ok = false;
        const int cap = QInputDialog::getInt(
                this,
                tr("Sessions Running at Once"),
                tr("At most this many sessions run code at the same time; the others' runs wait "
                   "in their queues (interactive runs before Run File):"),
                m_pool->runSlots()->capacity(),
                1,
                64,
                1,
                &ok);
        if (ok) {
            m_pool->runSlots()->setCapacity(cap);
            QSettings().setValue(QStringLiteral("sessions/runningAtOnce"), cap);
        }
    });
    runMenu->addSeparator();
    runMenu->addAction(tr("Session &Limits…"), this, &MainWindow::editLimits)
            ->setObjectName(QStringLiteral("SessionLimitsAction"));
    runMenu->addAction(tr("Session &Sandbox…"), this, &MainWindow::showSandboxDetails);

    auto toolsMenu = menuBar()->addMenu(tr("&Tools"));
    toolsMenu->setObjectName(QStringLiteral("ToolsMenu"));
    for (EditorTabs::Action id :
         {EditorTabs::Complete, EditorTabs::ShowDocumentation, EditorTabs::GoToDefinition}) {
        toolsMenu->addAction(m_editor->action(id));
    }
    toolsMenu->addSeparator();
    for (EditorTabs::Action id :
         {EditorTabs::FormatCode, EditorTabs::LintCode, EditorTabs::FormatOnSave}) {
        toolsMenu->addAction(m_editor->action(id));
    }
    toolsMenu->addSeparator();
    auto templatesMenu = new TemplateMenu(m_editor, toolsMenu);
    connect(templatesMenu, &TemplateMenu::statusMessage, this, [this](const QString &message) {
        statusBar()->showMessage(message, 8000);
    });
    toolsMenu->addMenu(templatesMenu);
    toolsMenu->addSeparator();
    toolsMenu
            ->addAction(tr("Export &Audit Log…"),
                        this,
                        [this] {
                            const QString file = QFileDialog::getSaveFileName(
                                    this,
                                    tr("Export Audit Log"),
                                    QDir(QDir::homePath())
                                            .filePath(QStringLiteral("sandpiper-audit.csv")),
                                    tr("CSV (*.csv);;JSON (*.json)"));
                            if (!file.isEmpty())
                                exportAuditLog(file);
                        })
            ->setObjectName(QStringLiteral("ExportAuditAction"));

    auto helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->setObjectName(QStringLiteral("HelpMenu"));
    auto aboutAction = helpMenu->addAction(tr("&About Sandpiper"), this, [this] {
        AboutDialog dialog(this, engineVersions());
        dialog.exec();
    });
    aboutAction->setMenuRole(QAction::AboutRole);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
            ->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::fillRecentFilesMenu(QMenu *menu)
{
    menu->clear();
    const QStringList recent = m_editor->recentFiles();
    for (int i = 0; i < recent.size(); ++i) {
        const QString path = recent.at(i);
        // Numbered accelerators for the first nine, like most editors.
        const QString text
                = i < 9 ? QStringLiteral("&%1 %2").arg(i + 1).arg(QDir::toNativeSeparators(path))
                        : QDir::toNativeSeparators(path);
        menu->addAction(text, this, [this, path] { m_editor->openFile(path); });
    }
    if (recent.isEmpty())
        menu->addAction(tr("No Recent Files"))->setEnabled(false);
    menu->addSeparator();
    menu->addAction(tr("&Clear Recent Files"), m_editor, &EditorTabs::clearRecentFiles)
            ->setEnabled(!recent.isEmpty());
}

QDockWidget *MainWindow::dock(const QString &objectName) const
{
    for (auto d : m_docks) {
        if (d->objectName() == objectName)
            return d;
    }
    return nullptr;
}

QList<QDockWidget *> MainWindow::docks() const
{
    return m_docks;
}

void MainWindow::runFromEditor(const QString &code, int firstLine, bool wholeFile)
{
    Q_EMIT runCodeRequested(code);
    // The editor's own session, shown, so its output is in view.
    if (Client::AbstractSession *session = sessionFor(m_editor->currentEditor());
        session && session != m_liveSession)
        setSession(session);
    const Client::RunPriority priority
            = wholeFile ? Client::RunPriority::Background : Client::RunPriority::Interactive;
    // Each run gets its own name, so a traceback line can be traced back to the editor.
    const QString cellName = QStringLiteral("<cell %1>").arg(++m_runCount);
    m_runOrigins.insert(cellName, {m_editor->currentEditor(), firstLine});
    // Named as the user knows it: the file and the line the code starts on.
    const CodeEditor *editor = m_editor->currentEditor();
    const QString fileName = editor ? QFileInfo(editor->filePath()).fileName() : QString();
    const QString label
            = !editor ? tr("cell %1").arg(m_runCount)
                      : tr("%1, line %2")
                                .arg(fileName.isEmpty() ? editor->displayName() : fileName)
                                .arg(firstLine + 1);
    m_runGuard->submit(code,
                       label,
                       cellName,
                       [this, code, cellName, priority, console = QPointer(m_console)](
                               const RunGuard::Findings &findings) {
                           // In the console it was asked for, even if another is shown after the
                           // scan.
                           if (!console)
                               return;
                           m_pendingFindings = RunGuard::toJson(findings);
                           console->run(code, cellName, priority);
                           m_pendingFindings.clear();
                       });
}

void MainWindow::runUserCode(const QString &code)
{
    const QString label = tr("console input");
    m_runGuard->submit(
            code,
            label,
            QString(),
            [this, code, console = QPointer(m_console)](const RunGuard::Findings &findings) {
                if (!console)
                    return;
                m_pendingFindings = RunGuard::toJson(findings);
                console->run(code);
                m_pendingFindings.clear();
            });
}

void MainWindow::createSecurityDock()
{
    m_securityView = new SecurityView;
    m_securityView->setPolicy(m_runGuard->policy());
    m_securityDock = addDock(QStringLiteral("SecurityDock"),
                             tr("Security"),
                             m_securityView,
                             Qt::RightDockWidgetArea);
    connect(m_securityView, &SecurityView::policyChosen, this, [this](RunGuard::Policy policy) {
        m_runGuard->setPolicy(policy);
        RunGuard::savePolicy(policy);
        statusBar()->showMessage(tr("Security scan before each run: %1")
                                         .arg(m_securityView->policyBox()->currentText()),
                                 5000);
    });
    connect(m_securityView, &SecurityView::findingActivated, this, &MainWindow::showRunLocation);
    connect(m_runGuard,
            &RunGuard::flagged,
            this,
            [this](const QString &label,
                   const QString &cellName,
                   const QString &code,
                   const RunGuard::Findings &findings,
                   RunGuard::Outcome outcome) {
                m_securityView->addReport(
                        label, cellName, findings, outcome, m_runOrigins.value(cellName).firstLine);
                m_securityDock->setWindowTitle(
                        tr("Security (%1)").arg(m_securityView->reportCount()));
                QStringList kinds;
                for (const Protocol::Diagnostic &finding : findings) {
                    const QString kind = finding.message.section(u':', 0, 0);
                    if (!kinds.contains(kind))
                        kinds << kind;
                }
                // Said, never in the way: the run goes on (or was stopped) either way.
                m_console->appendNotice(tr("Security scan: %n finding(s) in %1 (%2); %3. See "
                                           "the Security dock.\n",
                                           nullptr,
                                           int(findings.size()))
                                                .arg(label,
                                                     kinds.join(QLatin1String(", ")),
                                                     SecurityView::outcomeText(outcome)));
                if (outcome == RunGuard::Outcome::Blocked || outcome == RunGuard::Outcome::Declined)
                    recordRefusedRun(cellName,
                                     code,
                                     outcome == RunGuard::Outcome::Blocked
                                             ? QStringLiteral("blocked")
                                             : QStringLiteral("declined"),
                                     SecurityView::outcomeText(outcome),
                                     RunGuard::toJson(findings));
            });
    connect(m_runGuard,
            &RunGuard::notScanned,
            this,
            [this](const QString &label,
                   const QString &cellName,
                   const QString &code,
                   const QString &why,
                   bool ran) {
                m_securityView->addNotScanned(label, why, ran);
                m_console->appendNotice(
                        ran ? tr("Security scan: %1 ran unscanned (%2).\n").arg(label, why)
                            : tr("Security scan: %1 was not run; it could not be scanned "
                                 "(%2).\n")
                                        .arg(label, why));
                if (!ran)
                    recordRefusedRun(cellName, code, QStringLiteral("blocked"), why, {});
            });
}

void MainWindow::recordRefusedRun(const QString &cellName,
                                  const QString &code,
                                  const QString &status,
                                  const QString &why,
                                  const QString &findings)
{
    if (!m_history)
        return;
    RunRecord record;
    record.session = sessionName(m_liveSession);
    const SessionRecorder::Origin origin = runOrigin(cellName);
    record.source = origin.source;
    record.location = origin.location;
    record.code = code;
    record.started = record.finished = QDateTime::currentDateTimeUtc();
    record.status = status;
    record.errorMessage = why;
    record.findings = findings;
    m_history->record(record);
}

SessionRecorder::Origin MainWindow::runOrigin(const QString &cellName) const
{
    // Editor runs are told by their file and first line.
    SessionRecorder::Origin origin = SessionRecorder::defaultOrigin(cellName);
    const auto run = m_runOrigins.constFind(cellName);
    if (run != m_runOrigins.constEnd() && run->editor)
        origin.location
                = tr("%1, line %2")
                          .arg(run->editor->filePath().isEmpty() ? run->editor->displayName()
                                                                 : run->editor->filePath())
                          .arg(run->firstLine + 1);
    return origin;
}

bool MainWindow::confirmRestart()
{
    return confirmLosingVariables(tr("Restart Session"),
                                  tr("Restart %1? Its %n variable(s) will be lost.",
                                     nullptr,
                                     m_variables->model()->rowCount()),
                                  tr("Restart"));
}

bool MainWindow::confirmLosingVariables(const QString &title,
                                        const QString &question,
                                        const QString &action)
{
    const int variables = m_variables->model()->rowCount();
    QSettings settings;
    if (variables == 0 || !settings.value(QStringLiteral("console/confirmRestart"), true).toBool())
        return true;
    bool dontAskAgain = false;
    bool goOn = false;
    if (m_restartPrompt) {
        goOn = m_restartPrompt(variables, &dontAskAgain);
    } else {
        QMessageBox box(QMessageBox::Question,
                        title,
                        question.arg(sessionName(m_liveSession)),
                        QMessageBox::NoButton,
                        this);
        box.setTextFormat(Qt::PlainText); // the name is the user's, not markup
        QPushButton *goOnButton = box.addButton(action, QMessageBox::AcceptRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(goOnButton);
        auto dontAsk = new QCheckBox(tr("Don't ask again"));
        box.setCheckBox(dontAsk);
        box.exec();
        goOn = box.clickedButton() == goOnButton;
        dontAskAgain = dontAsk->isChecked();
    }
    // Only a restart or close that happened stops the asking: "don't ask" and Cancel keeps
    // asking.
    if (goOn && dontAskAgain)
        settings.setValue(QStringLiteral("console/confirmRestart"), false);
    return goOn;
}

QString MainWindow::sessionName(Client::AbstractSession *session) const
{
    return m_pool && session ? m_pool->name(session) : tr("Session 1");
}

void MainWindow::setHistory(HistoryRecorder *history)
{
    m_history = history;
    m_historyView->setRecorder(history);
    qDeleteAll(m_recorders);
    m_recorders.clear();
    if (!history)
        return;
    if (m_pool) {
        for (Client::AbstractSession *session : m_pool->sessions())
            recordRunsOf(session);
    }
    connect(history, &HistoryRecorder::problem, this, [this](const QString &message) {
        m_console->appendNotice(message + u'\n');
        statusBar()->showMessage(message, 10000);
    });
    connect(history,
            &HistoryRecorder::exported,
            this,
            [this](const QString &file, const QString &error) {
                if (error.isEmpty())
                    statusBar()->showMessage(tr("Audit log written to %1").arg(file), 8000);
                else
                    QMessageBox::warning(
                            this,
                            tr("Export Audit Log"),
                            tr("The audit log could not be written to %1: %2").arg(file, error));
            });
}

void MainWindow::recordRunsOf(Client::AbstractSession *session)
{
    if (!m_history || m_recorders.contains(session))
        return;
    auto recorder = new SessionRecorder(m_history, this);
    recorder->watch(session, sessionName(session));
    recorder->setOriginResolver([this](const QString &cellName) {
        SessionRecorder::Origin origin = runOrigin(cellName);
        origin.findings = m_pendingFindings;
        return origin;
    });
    m_recorders.insert(session, recorder);
}

void MainWindow::exportAuditLog(const QString &file)
{
    if (m_history)
        m_history->exportTo(file, HistoryStore::formatFor(file));
}

void MainWindow::showRunLocation(const QString &cellName, int line)
{
    const auto origin = m_runOrigins.constFind(cellName);
    if (origin == m_runOrigins.constEnd() || !origin->editor)
        return;
    m_editor->setCurrentEditor(origin->editor);
    origin->editor->goToLine(origin->firstLine + line);
    origin->editor->setFocus();
}

VersionList MainWindow::engineVersions() const
{
    Client::AbstractSession *session = m_console->session();
    if (!session || session->engineInfo().pythonVersion.isEmpty())
        return {};
    const Protocol::Hello info = session->engineInfo();
    VersionList versions{{QStringLiteral("Python"), info.pythonVersion}};
    for (auto it = info.libraries.cbegin(); it != info.libraries.cend(); ++it)
        versions.append({it.key(), it.value()});
    return versions;
}

DataViewer *MainWindow::openDataViewer(const QString &name)
{
    const Protocol::VariableSummary *summary = m_variables->model()->summary(name);
    return openDataViewer(Models::TableSource{name}, summary ? summary->type : QString());
}

DataViewer *MainWindow::openDataViewer(const Models::TableSource &source, const QString &typeName)
{
    if (!m_liveSession)
        return nullptr;
    QTabWidget *tabs = m_editor->tabWidget();
    for (int i = 0; i < tabs->count(); ++i) {
        auto viewer = qobject_cast<DataViewer *>(tabs->widget(i));
        if (viewer && viewer->source().isSamePlace(source) && viewer->session() == m_liveSession
            && !viewer->isShowingOldObject()) {
            tabs->setCurrentIndex(i);
            viewer->setFocus();
            return viewer;
        }
    }
    auto viewer = new DataViewer(m_liveSession, source, typeName);
    connect(viewer, &DataViewer::codeRequested, this, &MainWindow::insertCode);
    connect(viewer, &DataViewer::exportRequested, this, [this, viewer] {
        QList<std::pair<QString, QString>> choices;
        if (const QString shown = viewer->viewExpression(); !shown.isEmpty())
            choices.append({tr("The rows shown, sorted and filtered (%L1)")
                                    .arg(viewer->pages()->rowCount()),
                            shown});
        if (const QString selected = viewer->selectionExpression(); !selected.isEmpty()) {
            const Models::TableWindow cells = viewer->grid()->selection();
            choices.append({tr("The selected cells (%L1 × %L2)").arg(cells.rows).arg(cells.columns),
                            selected});
        }
        exportTable(viewer->source(), choices);
    });
    const QString expression = source.expression();
    m_editor->addPage(viewer, expression, tr("Data viewer: %1").arg(expression));
    connect(viewer, &QWidget::windowTitleChanged, this, [tabs, viewer](const QString &title) {
        tabs->setTabText(tabs->indexOf(viewer), title);
    });
    viewer->setFocus();
    return viewer;
}

Client::Execution *MainWindow::exportTable(const Models::TableSource &source,
                                           const QList<std::pair<QString, QString>> &rowChoices)
{
    if (!m_liveSession)
        return nullptr;
    const QString expression = source.expression();
    TableExportDialog dialog(expression, this);
    dialog.setRowChoices(rowChoices);
    if (m_lastExport) {
        Models::TableExport again = *m_lastExport;
        again.fileName = Models::TableExport::suggestedFileName(expression, again.format);
        dialog.setOptions(again);
    }
    const bool accepted
            = m_exportPrompt ? m_exportPrompt(dialog) : dialog.exec() == QDialog::Accepted;
    const Models::TableExport chosen = dialog.options();
    if (!accepted || !chosen.problem().isEmpty())
        return nullptr;
    m_lastExport = chosen;
    // The session writes the whole object into its workspace; the line shows in the console,
    // and Interrupt there cancels it (the engine removes the partial file).
    return runAndCopyOut(dialog.code(), chosen.fileName, dialog.destination());
}

Client::Execution *MainWindow::exportPlot(int row)
{
    if (m_plots->isChart(row)) {
        exportChart(row);
        return nullptr;
    }
    const int figure = m_plots->figureNumber(row);
    if (!m_liveSession || figure <= 0)
        return nullptr;
    if (m_plots->engine(row) != m_liveSession->engineInfo().pid) {
        // A restarted session numbers its figures anew: this number now names another one.
        m_console->appendNotice(tr("Figure %1 was drawn before the session restarted; run its "
                                   "code again to export it at another size, or use Save… for "
                                   "the picture as it was drawn.")
                                        .arg(row + 1));
        return nullptr;
    }
    PlotExportDialog dialog(figure, this);
    if (m_lastPlotExport) {
        Models::PlotExport again = *m_lastPlotExport;
        again.fileName = QStringLiteral("figure-%1.%2")
                                 .arg(figure)
                                 .arg(Models::PlotExport::extension(again.format));
        dialog.setOptions(again);
    }
    dialog.setPreviewMaker([this, figure](const Models::PlotExport &options, auto done) {
        previewFigure(figure, options, done);
    });
    const qint64 engine = m_plots->engine(row);
    const bool accepted
            = m_plotExportPrompt ? m_plotExportPrompt(dialog) : dialog.exec() == QDialog::Accepted;
    const Models::PlotExport chosen = dialog.options();
    if (!accepted || !chosen.problem().isEmpty())
        return nullptr;
    // The session may have restarted while the dialog was open.
    if (!m_liveSession || m_liveSession->engineInfo().pid != engine) {
        m_console->appendNotice(tr("The session restarted while the export was chosen; nothing "
                                   "was exported."));
        return nullptr;
    }
    m_lastPlotExport = chosen;
    return runAndCopyOut(dialog.code(), chosen.fileName, dialog.destination());
}

// The session draws the kept figure again, small, into a hidden file of its workspace; the
// window reads it back. Quietly: not a run of the user's, so not in the console.
void MainWindow::previewFigure(int figure,
                               Models::PlotExport options,
                               const std::function<void(const QImage &, const QString &)> &done)
{
    if (!m_liveSession) {
        done({}, tr("No session to draw the preview."));
        return;
    }
    options.fileName = QStringLiteral(".sandpiper-plot-preview.png");
    const QString file = QDir(m_transfer->workspacePath()).filePath(options.fileName);
    Client::Execution *run
            = m_liveSession->execute(options.code(figure), QStringLiteral("<preview>"));
    connect(run,
            &Client::Execution::finished,
            this,
            [file, done](const Client::RunOutcome &outcome) {
                if (outcome.status != Client::RunStatus::Ok) {
                    done({}, tr("No preview: %1").arg(outcome.error.message));
                    return;
                }
                const QImage picture(file);
                QFile::remove(file);
                done(picture, picture.isNull() ? tr("No preview could be read.") : QString());
            });
}

// Plotly and Altair charts are drawn by the window's chart page, straight to the file chosen.
void MainWindow::exportChart(int row)
{
    PlotExportDialog dialog(PlotExportDialog::Source::Chart, row + 1, this);
    if (m_lastPlotExport)
        dialog.setOptions(*m_lastPlotExport);
    dialog.setPreviewMaker([this, row](const Models::PlotExport &options, auto done) {
        m_plotsView->drawChart(row, options, [done](const QByteArray &file, const QString &error) {
            done(QImage::fromData(file), error);
        });
    });
    const bool accepted
            = m_plotExportPrompt ? m_plotExportPrompt(dialog) : dialog.exec() == QDialog::Accepted;
    const Models::PlotExport chosen = dialog.options();
    const QString path = dialog.destination();
    if (!accepted || !chosen.problem().isEmpty() || path.isEmpty() || !m_plots->isChart(row))
        return;
    m_lastPlotExport = chosen;
    statusBar()->showMessage(tr("Exporting figure %1…").arg(row + 1));
    m_plotsView->exportChart(row, chosen, path, [this, row, path, chosen](const QString &error) {
        statusBar()->clearMessage();
        if (error.isEmpty())
            m_console->appendNotice(
                    tr("Figure %1 saved as %2 (%3).")
                            .arg(row + 1)
                            .arg(QDir::toNativeSeparators(path), chosen.resultText()));
        else
            m_console->appendNotice(tr("Figure %1 was not exported: %2").arg(row + 1).arg(error));
        Q_EMIT chartExported(path, error);
    });
}

// Runs a line that writes `fileName` into the workspace (shown in the console, stopped by its
// Interrupt), then copies the file to `destination` when the run ended well.
Client::Execution *MainWindow::runAndCopyOut(const QString &code,
                                             const QString &fileName,
                                             const QString &destination)
{
    Client::Execution *run = m_console->run(code, QStringLiteral("<export>"));
    if (!run || destination.isEmpty())
        return run;
    const QString written = QDir(m_transfer->workspacePath()).filePath(fileName);
    connect(run,
            &Client::Execution::finished,
            this,
            [this, written, destination](const Client::RunOutcome &outcome) {
                if (outcome.status != Client::RunStatus::Ok)
                    return; // the console shows why
                if (!m_transfer->exportFile(written, destination))
                    m_console->appendNotice(
                            tr("Not saved as %1: another copy is in progress; use File ▸ "
                               "Save Workspace File As… when it ends.")
                                    .arg(QDir::toNativeSeparators(destination)));
            });
    return run;
}

void MainWindow::openRequestedViewer(const Protocol::DisplayData &display)
{
    // sandpiper.view(obj) and %view: the engine names the variable (untrusted, like all it
    // sends: only a plain identifier opens anything).
    const QCborValue request = display.data.value(QLatin1String(ViewMime));
    if (!request.isString())
        return;
    const QString name = QJsonDocument::fromJson(request.toString().toUtf8())
                                 .object()
                                 .value(QLatin1String("name"))
                                 .toString();
    if (Models::VariableNaming::problem(name).isEmpty()) // any Python name, 销售 too
        openDataViewer(name);
}

void MainWindow::insertCode(const QString &code)
{
    // Into the editor the user worked in last; a new one if none is open.
    CodeEditor *editor = m_lastEditor ? m_lastEditor.data() : m_editor->currentEditor();
    if (!editor) {
        const QList<CodeEditor *> editors = m_editor->editors();
        editor = editors.isEmpty() ? m_editor->newDocument() : editors.last();
    }
    m_editor->setCurrentEditor(editor);
    // At the end of the file, on lines of its own: never inside a statement the cursor is in.
    QString text = code;
    const QString existing = editor->text();
    if (!existing.isEmpty() && !existing.endsWith(QLatin1Char('\n')))
        text.prepend(QLatin1Char('\n'));
    editor->append(text);
    const int last = editor->lines() - 1;
    editor->setCursorPosition(last, editor->text(last).size());
    editor->ensureLineVisible(last);
    editor->setFocus();
}

void MainWindow::setSessionPool(Client::SessionPool *pool)
{
    if (m_pool)
        disconnect(m_pool, nullptr, this, nullptr);
    m_pool = pool;
    m_selector->setPool(pool);
    if (!pool)
        return;
    connect(pool, &Client::SessionPool::added, this, &MainWindow::sessionJoined);
    connect(pool, &Client::SessionPool::removed, this, &MainWindow::sessionLeft);
    connect(pool, &Client::SessionPool::renamed, this, [this](Client::AbstractSession *session) {
        // History records the session's next runs under its new name; tabs show it.
        if (SessionRecorder *recorder = m_recorders.value(session))
            recorder->watch(session, sessionName(session));
        updateEditorSessions();
    });
    const int cap = QSettings().value(QStringLiteral("sessions/runningAtOnce"), 0).toInt();
    if (cap > 0)
        pool->runSlots()->setCapacity(cap);
    for (Client::AbstractSession *session : pool->sessions())
        sessionJoined(session);
    if (!pool->sessions().isEmpty())
        selectSession(pool->sessions().constFirst());
}

void MainWindow::setSession(Client::AbstractSession *session)
{
    if (session && !(m_pool && m_pool->contains(session))) {
        if (!m_pool) {
            m_ownPool = new Client::SessionPool({}, this);
            setSessionPool(m_ownPool);
        }
        m_pool->adopt(session);
    }
    selectSession(session);
}

ConsoleWidget *MainWindow::wireConsole(ConsoleWidget *console)
{
    connect(console,
            &ConsoleWidget::displayReceived,
            this,
            [this, console](const Protocol::DisplayData &data, const QString &cellName) {
                // A viewer opens for the session shown; figures go to their own session.
                if (console == m_console)
                    openRequestedViewer(data);
                Client::AbstractSession *session = console->session();
                Models::PlotHistory *plots = m_plotHistories.value(session, m_plots);
                const qint64 engine = session ? session->engineInfo().pid : 0;
                // A new figure brings the Plots dock to the front of its tab group, without
                // taking focus.
                if (plots->add(data, cellName, engine) && plots == m_plots)
                    dock(QStringLiteral("PlotsDock"))->raise();
            });
    // The console wears the editor's theme, also when that follows the system's light or dark.
    console->setTheme(m_editor->theme());
    connect(QGuiApplication::styleHints(),
            &QStyleHints::colorSchemeChanged,
            console,
            [this, console] { console->setTheme(m_editor->theme()); });
    connect(console, &ConsoleWidget::locationActivated, this, &MainWindow::showRunLocation);
    console->setRestartGuard([this] { return confirmRestart(); });
    console->setSubmitHandler([this](const QString &code) { runUserCode(code); });
    return console;
}

void MainWindow::sessionJoined(Client::AbstractSession *session)
{
    if (m_consoles.contains(session))
        return;
    // The first session takes the console the window started with.
    ConsoleWidget *console = m_console;
    if (!m_consoles.isEmpty() || m_console->session()) {
        console = wireConsole(new ConsoleWidget);
        m_consoleStack->addWidget(console);
    }
    console->setSession(session);
    m_consoles.insert(session, console);
    auto plots = new Models::PlotHistory(this);
    connect(plots, &Models::PlotHistory::spillFailed, this, [this](const QString &error) {
        statusBar()->showMessage(error, 10000);
    });
    m_plotHistories.insert(session, plots);
    recordRunsOf(session);
}

void MainWindow::sessionLeft(Client::AbstractSession *session)
{
    // The session may be gone already: it is only a key here.
    ConsoleWidget *console = m_consoles.take(session);
    Models::PlotHistory *plots = m_plotHistories.take(session);
    delete m_recorders.take(session);
    m_editorSessions.removeIf([session](const auto &entry) {
        return entry.value().isNull() || entry.value() == session;
    });
    const bool wasShown = console && console == m_console;
    if (wasShown) {
        const QList<Client::AbstractSession *> rest
                = m_pool ? m_pool->sessions() : QList<Client::AbstractSession *>();
        if (!rest.isEmpty()) {
            selectSession(rest.constFirst());
        } else {
            // None left: this console and its plots stay, without a session.
            console->setSession(nullptr);
            selectSession(nullptr);
            console = nullptr;
        }
    }
    if (console)
        console->deleteLater();
    if (plots && plots != m_plots)
        plots->deleteLater();
    updateEditorSessions();
}

void MainWindow::selectSession(Client::AbstractSession *session)
{
    if (ConsoleWidget *console = m_consoles.value(session)) {
        m_console = console;
        m_consoleStack->setCurrentWidget(console);
        console->setSessionSelector(m_selector);
    }
    if (Models::PlotHistory *plots = m_plotHistories.value(session)) {
        m_plots = plots;
        m_plotsView->setHistory(plots);
    }
    m_resources->setSession(
            session, m_pool ? m_pool->recentSamples(session) : QList<Client::ResourceSample>());
    m_variables->setSession(
            session, m_pool ? m_pool->variables(session) : QList<Protocol::VariableSummary>());
    m_sandboxIndicator->setSession(session);
    m_transfer->setSession(session);
    m_importer->setSession(session);
    // The workspace exists once the session has started.
    const auto followWorkspace = [this, session = QPointer(session)] {
        m_files->setWorkspace(session ? session->workspacePath() : QString());
    };
    followWorkspace();
    disconnect(m_workspaceFollower);
    if (session)
        m_workspaceFollower = connect(
                session, &Client::AbstractSession::stateChanged, m_files, followWorkspace);
    m_liveSession = session;
    m_selector->setCurrentSession(session);
    // One standby engine for the whole window: the shown session's, which Restart takes.
    if (m_pool) {
        for (Client::AbstractSession *open : m_pool->sessions())
            open->setKeepStandby(open == session);
    }
    updateEditorSessions();
}

ConsoleWidget *MainWindow::consoleOf(Client::AbstractSession *session) const
{
    return m_consoles.value(session);
}

Client::AbstractSession *MainWindow::newSession()
{
    QString error;
    Client::AbstractSession *session = m_pool ? m_pool->create(&error) : nullptr;
    if (!session) {
        if (error.isEmpty())
            error = tr("This window cannot start more sessions.");
        m_console->appendNotice(error + u'\n');
        statusBar()->showMessage(error, 10000);
        return nullptr;
    }
    session->start();
    setSession(session);
    return session;
}

bool MainWindow::closeSession(Client::AbstractSession *session)
{
    if (!session || !m_pool || !m_pool->contains(session))
        return false;
    if (m_pool->count() <= 1) {
        statusBar()->showMessage(tr("The last session stays open; Restart gives a fresh one."),
                                 8000);
        return false;
    }
    setSession(session); // the user sees what is about to close
    const QString question = tr("Close %1? Its %n variable(s) will be lost.",
                                nullptr,
                                m_variables->model()->rowCount());
    if (!confirmLosingVariables(tr("Close Session"), question, tr("Close"))
        || !settleSessionFiles(false))
        return false;
    m_transfer->stop();
    return m_pool->close(session);
}

bool MainWindow::renameSession(Client::AbstractSession *session, const QString &name)
{
    QString error;
    if (!m_pool || !m_pool->rename(session, name, &error)) {
        statusBar()->showMessage(error, 8000);
        return false;
    }
    return true;
}

Client::AbstractSession *MainWindow::sessionFor(CodeEditor *editor) const
{
    Client::AbstractSession *own = m_editorSessions.value(editor);
    return own ? own : m_liveSession.data();
}

void MainWindow::setEditorSession(CodeEditor *editor, Client::AbstractSession *session)
{
    if (!editor)
        return;
    if (session && m_pool && m_pool->contains(session)) {
        if (!m_editorSessions.contains(editor))
            connect(editor, &QObject::destroyed, this, [this, editor] {
                m_editorSessions.remove(editor);
            });
        m_editorSessions.insert(editor, session);
    } else
        m_editorSessions.remove(editor);
    updateEditorSessions();
}

void MainWindow::updateEditorSessions()
{
    m_editor->setSessions(m_liveSession, m_codeIntelSession);
    const bool several = m_pool && m_pool->count() > 1;
    for (CodeEditor *editor : m_editor->editors()) {
        Client::AbstractSession *own = m_editorSessions.value(editor);
        if (own) {
            if (EditorAssistant *assistant = m_editor->assistant(editor))
                assistant->setSessions(own, m_codeIntelSession);
        }
        // With several sessions each tab says where it runs.
        m_editor->setSessionLabel(editor, several ? sessionName(sessionFor(editor)) : QString());
    }
}

void MainWindow::fillRunInMenu(QMenu *menu)
{
    menu->clear();
    CodeEditor *editor = m_editor->currentEditor();
    auto group = new QActionGroup(menu);
    auto follow = menu->addAction(tr("The Selected Session"), this, [this, editor] {
        setEditorSession(editor, nullptr);
    });
    follow->setCheckable(true);
    follow->setChecked(!m_editorSessions.value(editor));
    group->addAction(follow);
    menu->addSeparator();
    if (m_pool) {
        for (Client::AbstractSession *session : m_pool->sessions()) {
            auto action = menu->addAction(sessionName(session), this, [this, editor, session] {
                setEditorSession(editor, session);
            });
            action->setCheckable(true);
            action->setChecked(m_editorSessions.value(editor) == session);
            group->addAction(action);
        }
    }
    menu->setEnabled(editor != nullptr);
}

void MainWindow::setCodeIntelSession(Client::AbstractSession *codeIntel)
{
    m_codeIntelSession = codeIntel;
    m_runGuard->setScanner(codeIntel);
    m_editor->setSessions(m_liveSession, m_codeIntelSession);
}

void MainWindow::showDocumentation(const Protocol::Documentation &documentation, bool raise)
{
    m_help->showDocumentation(documentation);
    if (raise) {
        QDockWidget *help = dock(QStringLiteral("HelpDock"));
        help->show();
        help->raise();
    }
}

void MainWindow::updateProblems()
{
    CodeEditor *editor = m_editor->currentEditor();
    EditorAssistant *assistant = m_editor->assistant(editor);
    m_problems->setDiagnostics(editor ? editor->displayName() : QString(),
                               assistant ? assistant->lintMarks()->diagnostics()
                                         : QList<Protocol::Diagnostic>());
}

void MainWindow::showSandboxDetails()
{
    Client::AbstractSession *session = m_console->session();
    SandboxDialog dialog(m_sandboxIndicator->status(),
                         session ? session->limits() : LimitsSettings::load(),
                         session ? session->workspacePath() : QString(),
                         this);
    dialog.exec();
}

void MainWindow::editLimits()
{
    Client::AbstractSession *session = m_console->session();
    LimitsDialog dialog(session ? session->limits() : LimitsSettings::load(),
                        LimitsSettings::keepWorkspace(),
                        this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    LimitsSettings::save(dialog.limits());
    LimitsSettings::setKeepWorkspace(dialog.keepWorkspace());
    if (session) {
        session->setLimits(dialog.limits());
        session->setKeepWorkspace(dialog.keepWorkspace());
    }
    statusBar()->showMessage(tr("Limits saved. Memory and process limits apply when the session "
                                "restarts (Run > Restart Session)."),
                             8000);
}

void MainWindow::copyFilesIntoWorkspace()
{
    if (m_transfer->workspacePath().isEmpty()) {
        statusBar()->showMessage(tr("The session has no workspace yet."), 5000);
        return;
    }
    const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Copy Files into the Session's Workspace"), QDir::homePath());
    if (!files.isEmpty() && m_transfer->importFiles(files))
        statusBar()->showMessage(tr("Copying into the workspace…"));
}

void MainWindow::chooseDatasets()
{
    if (m_transfer->workspacePath().isEmpty()) {
        statusBar()->showMessage(tr("The session has no workspace yet."), 5000);
        return;
    }
    const QStringList files = QFileDialog::getOpenFileNames(
            this,
            tr("Import Dataset"),
            QDir::homePath(),
            tr("Datasets (*.csv *.tsv *.tab *.txt *.dat *.psv *.xlsx *.xlsm *.xls *.ods *.json "
               "*.jsonl *.ndjson *.parquet);;All files (*)"));
    if (!files.isEmpty())
        m_importer->importFiles(files);
}

Client::Execution *MainWindow::runImport(const QString &code,
                                         const QString &variable,
                                         const QString &path)
{
    // In the console, like any run: its output shows there and Interrupt cancels it; the code
    // binds the name only once the whole file is read.
    Client::Execution *run = m_console->run(code, QStringLiteral("<import>"));
    if (!run)
        return nullptr;
    // Progress: what the session has read since the run started, against the file's size.
    const QString name = QFileInfo(path).fileName();
    const qint64 size = QFileInfo(path).size();
    auto read = std::make_shared<qint64>(0);
    const QLocale locale;
    if (!path.isEmpty() && m_liveSession)
        connect(m_liveSession,
                &Client::AbstractSession::resourcesSampled,
                run,
                [this, run, read, name, size, locale](const Client::ResourceSample &sample) {
                    if (run->isFinished())
                        return;
                    *read += std::max<qint64>(0, sample.readBytes);
                    statusBar()->showMessage(
                            tr("Importing %1: %2 read of %3 (Interrupt in the console stops it)")
                                    .arg(name,
                                         locale.formattedDataSize(std::min(*read, size)),
                                         locale.formattedDataSize(size)));
                });
    connect(run,
            &Client::Execution::finished,
            this,
            [this, variable](const Client::RunOutcome &outcome) {
                statusBar()->clearMessage();
                if (outcome.status != Client::RunStatus::Ok)
                    return;
                m_variables->showName(variable);
                openDataViewer(variable);
            });
    return run;
}

void MainWindow::saveWorkspaceFileAs()
{
    const QString workspace = m_transfer->workspacePath();
    if (workspace.isEmpty()) {
        statusBar()->showMessage(tr("The session has no workspace yet."), 5000);
        return;
    }
    const QString file
            = QFileDialog::getOpenFileName(this, tr("Choose a File in the Workspace"), workspace);
    if (file.isEmpty())
        return;
    // The name is the session's choice: made safe before it is offered as a path of the user's.
    QString suggested = Client::Workspace::sanitizeName(QFileInfo(file).fileName());
    if (suggested.isEmpty() || suggested.startsWith(u'.'))
        suggested = QStringLiteral("workspace-file") + suggested;
    const QString destination = QFileDialog::getSaveFileName(
            this, tr("Save Workspace File As"), QDir::home().filePath(suggested));
    if (!destination.isEmpty() && m_transfer->exportFile(file, destination))
        statusBar()->showMessage(tr("Saving from the workspace…"));
}

void MainWindow::showTransferReport(const QStringList &copied, const QStringList &failed)
{
    for (const QString &line : copied + failed)
        m_console->appendNotice(line);
    statusBar()->showMessage(failed.isEmpty() ? copied.value(0)
                                              : tr("%1 of %2 files were not copied")
                                                        .arg(failed.size())
                                                        .arg(copied.size() + failed.size()),
                             8000);
    // Nobody to warn once the window has closed (a copy it cancelled reports afterwards).
    if (failed.isEmpty() || !isVisible())
        return;
    // Not modal: a copy finishes in the background, the user may be typing elsewhere.
    auto box = new QMessageBox(
            QMessageBox::Warning, tr("Workspace Files"), failed.join(u'\n'), QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("TransferFailed"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value(geometryKey).toByteArray());
    restoreState(settings.value(stateKey).toByteArray(), layoutVersion);
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(geometryKey, saveGeometry());
    settings.setValue(stateKey, saveState(layoutVersion));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_editor->closeAll()) { // the user cancelled at a "save changes?" question
        event->ignore();
        return;
    }
    // Before the session removes its workspace on the way out.
    m_transfer->stop();
    if (!settleWorkspaceFiles()) {
        event->ignore();
        return;
    }
    saveLayout();
    event->accept();
}

namespace {

MainWindow::WorkspaceChoice askAboutWorkspaceFiles(QWidget *parent,
                                                   const QString &session,
                                                   bool quitting,
                                                   const QString &workspace,
                                                   const QStringList &files,
                                                   QString *folder)
{
    using Choice = MainWindow::WorkspaceChoice;
    QMessageBox box(parent);
    box.setObjectName(QStringLiteral("WorkspaceFilesBox"));
    box.setTextFormat(Qt::PlainText); // the session's name is the user's, not markup
    box.setIcon(QMessageBox::Warning);
    box.setWindowTitle(MainWindow::tr("Files in the Workspace"));
    // No plural forms without an English translation file: the one-file case is its own text.
    if (quitting)
        box.setText(files.size() == 1
                            ? MainWindow::tr("The workspace of %1 holds a file that goes with it "
                                             "when Sandpiper quits.")
                                      .arg(session)
                            : MainWindow::tr("The workspace of %1 holds %L2 files that go with it "
                                             "when Sandpiper quits.")
                                      .arg(session)
                                      .arg(files.size()));
    else
        box.setText(files.size() == 1
                            ? MainWindow::tr("The workspace of %1 holds a file that goes with it "
                                             "when the session closes.")
                                      .arg(session)
                            : MainWindow::tr("The workspace of %1 holds %L2 files that go with it "
                                             "when the session closes.")
                                      .arg(session)
                                      .arg(files.size()));
    box.setInformativeText(MainWindow::tr("Save to a folder, keep the workspace (%1), or "
                                          "discard.")
                                   .arg(QDir::toNativeSeparators(workspace)));
    box.setDetailedText(files.join(u'\n'));
    QPushButton *save = box.addButton(MainWindow::tr("Save to Folder…"), QMessageBox::AcceptRole);
    QPushButton *keep
            = box.addButton(MainWindow::tr("Keep the Workspace"), QMessageBox::AcceptRole);
    QPushButton *discard = box.addButton(MainWindow::tr("Discard"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(save);
    box.exec();
    if (box.clickedButton() == keep)
        return Choice::Keep;
    if (box.clickedButton() == discard)
        return Choice::Discard;
    if (box.clickedButton() != save)
        return Choice::Cancel;
    *folder = QFileDialog::getExistingDirectory(
            parent, MainWindow::tr("Save the Workspace Files To"), QDir::homePath());
    return folder->isEmpty() ? Choice::Cancel : Choice::SaveToFolder;
}

} // namespace

bool MainWindow::settleWorkspaceFiles()
{
    if (!m_pool)
        return settleSessionFiles(true);
    const QPointer<Client::AbstractSession> selected = m_liveSession;
    for (Client::AbstractSession *session : m_pool->sessions()) {
        selectSession(session); // the user sees whose files these are
        if (!settleSessionFiles(true))
            return false;
    }
    if (selected)
        selectSession(selected);
    return true;
}

bool MainWindow::settleSessionFiles(bool quitting)
{
    const QString workspacePath = m_transfer->workspacePath();
    if (!m_liveSession || workspacePath.isEmpty() || LimitsSettings::keepWorkspace())
        return true;
    Client::Workspace workspace(workspacePath);
    workspace.setTransferLimit(m_liveSession->limits().transferLimit());
    QStringList files = workspace.files(MaxWorkspaceFilesSaved);
    // Files copied in from the user's disk (or saved out) and unchanged since are not lost.
    files.removeIf([this](const QString &file) { return m_transfer->isSavedElsewhere(file); });
    if (files.isEmpty())
        return true;
    QString folder;
    const WorkspaceChoice choice = m_workspaceFilesPrompt
                                           ? m_workspaceFilesPrompt(workspacePath, files, &folder)
                                           : askAboutWorkspaceFiles(this,
                                                                    sessionName(m_liveSession),
                                                                    quitting,
                                                                    workspacePath,
                                                                    files,
                                                                    &folder);
    switch (choice) {
    case WorkspaceChoice::Cancel:
        return false;
    case WorkspaceChoice::Discard:
        return true;
    case WorkspaceChoice::Keep:
        m_liveSession->setKeepWorkspace(true);
        FilesView::addKeptWorkspace(workspacePath); // the Files dock offers it next time
        return true;
    case WorkspaceChoice::SaveToFolder:
        break;
    }
    QStringList failed;
    for (const QString &file : files) {
        QString error;
        if (!workspace.exportInto(file, folder, &error))
            failed << WorkspaceTransfer::printable(error);
    }
    if (failed.isEmpty())
        return true;
    // Nothing is lost: the window stays, with what went wrong, and the user chooses again.
    for (const QString &line : std::as_const(failed))
        m_console->appendNotice(tr("Not saved: %1").arg(line));
    statusBar()->showMessage(
            tr("Some workspace files could not be saved (%L1); Sandpiper did not quit.")
                    .arg(failed.size()));
    return false;
}

} // namespace Sandpiper::Ui
