#include "editortabs.h"

#include "codeeditor.h"
#include "editorassistant.h"
#include "editorprompts.h"
#include "editortheme.h"
#include "findbar.h"

#include <QAction>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QGuiApplication>
#include <QPointer>
#include <QRegularExpression>
#include <QSettings>
#include <QStyleHints>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <abstractsession.h>
#include <codeinteldispatcher.h>

#include <algorithm>
#include <functional>

namespace Sandpiper::Ui {

namespace {
const char recentFilesKey[] = "editor/recentFiles";
const char formatOnSaveKey[] = "editor/formatOnSave";
constexpr int maxRecentFiles = 10;
// Nothing typed is older than this in the journal (plus the time to write it).
constexpr int journalIntervalMs = 1000;

QString absolutePath(const QString &path)
{
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? info.absoluteFilePath() : canonical;
}

bool isPristine(const CodeEditor *editor)
{
    return editor->isUntitled() && !editor->isModified() && editor->length() == 0;
}
} // namespace

EditorTabs::EditorTabs(QWidget *parent)
    : QWidget(parent)
    , m_defaultPrompts(std::make_unique<EditorPrompts>())
{
    setObjectName(QStringLiteral("EditorTabs"));
    m_scheme = ColorSchemeSetting::load();
    m_theme = EditorTheme::theme(m_scheme);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("EditorTabWidget"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->tabBar()->setElideMode(Qt::ElideMiddle);
    m_findBar = new FindBar(this);
    m_findBar->hide();

    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_tabs);
    layout->addWidget(m_findBar);

    m_watcher = new QFileSystemWatcher(this);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &EditorTabs::fileChangedOnDisk);
    // Programs save in several steps (truncate, write, rename): look once they are done.
    m_diskTimer = new QTimer(this);
    m_diskTimer->setSingleShot(true);
    m_diskTimer->setInterval(200);
    connect(m_diskTimer, &QTimer::timeout, this, &EditorTabs::checkDisk);

    m_journalTimer = new QTimer(this);
    m_journalTimer->setSingleShot(true);
    m_journalTimer->setInterval(journalIntervalMs);
    connect(m_journalTimer, &QTimer::timeout, this, &EditorTabs::writeJournal);

    createActions();
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &EditorTabs::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        m_findBar->setEditor(currentEditor());
        updateActions();
        Q_EMIT currentEditorChanged(currentEditor());
    });
    connect(m_findBar, &FindBar::closed, this, [this] {
        if (auto editor = currentEditor())
            editor->setFocus();
    });
    connect(QGuiApplication::styleHints(), &QStyleHints::colorSchemeChanged, this, [this] {
        if (m_scheme == ColorScheme::System)
            setColorScheme(ColorScheme::System);
    });

    newDocument();
}

EditorTabs::~EditorTabs()
{
    // Editors go first: their signals must not reach a half-destroyed EditorTabs.
    m_journalTimer->stop();
    disconnect(m_tabs, nullptr, this, nullptr);
    for (CodeEditor *editor : editors()) {
        disconnect(editor, nullptr, this, nullptr);
        delete editor;
    }
}

void EditorTabs::createActions()
{
    struct Spec
    {
        Action id;
        const char *name;
        QString text;
        QList<QKeySequence> keys;
        Qt::ShortcutContext context;
    };
    // Editing and running act on the editor that has the focus; file commands and search work
    // from anywhere in the window.
    const auto inEditor = Qt::WidgetShortcut;
    const auto inWindow = Qt::WindowShortcut;
    const QList<Spec> specs = {
            {New, "New", tr("&New"), {QKeySequence::New}, inWindow},
            {Open, "Open", tr("&Open..."), {QKeySequence::Open}, inWindow},
            {Save, "Save", tr("&Save"), {QKeySequence::Save}, inWindow},
            {SaveAs, "SaveAs", tr("Save &As..."), {QKeySequence::SaveAs}, inWindow},
            {Close, "Close", tr("&Close"), {QKeySequence::Close}, inWindow},
            {Undo, "Undo", tr("&Undo"), {QKeySequence::Undo}, inEditor},
            {Redo, "Redo", tr("&Redo"), QKeySequence::keyBindings(QKeySequence::Redo), inEditor},
            {Cut, "Cut", tr("Cu&t"), {QKeySequence::Cut}, inEditor},
            {Copy, "Copy", tr("&Copy"), {QKeySequence::Copy}, inEditor},
            {Paste, "Paste", tr("&Paste"), {QKeySequence::Paste}, inEditor},
            {SelectAll, "SelectAll", tr("Select &All"), {QKeySequence::SelectAll}, inEditor},
            {Find, "Find", tr("&Find..."), {QKeySequence::Find}, inWindow},
            {Replace, "Replace", tr("R&eplace..."), {QKeySequence(Qt::CTRL | Qt::Key_H)}, inWindow},
            {FindNext, "FindNext", tr("Find &Next"), {QKeySequence::FindNext}, inWindow},
            {FindPrevious,
             "FindPrevious",
             tr("Find Pre&vious"),
             {QKeySequence::FindPrevious},
             inWindow},
            {GoToLine,
             "GoToLine",
             tr("&Go to Line..."),
             {QKeySequence(Qt::CTRL | Qt::Key_L)},
             inWindow},
            {ToggleComment,
             "ToggleComment",
             tr("Toggle C&omment"),
             {QKeySequence(Qt::CTRL | Qt::Key_Slash)},
             inEditor},
            {Indent,
             "Indent",
             tr("&Indent"),
             {QKeySequence(Qt::CTRL | Qt::Key_BracketRight)},
             inEditor},
            {Dedent,
             "Dedent",
             tr("&Dedent"),
             {QKeySequence(Qt::CTRL | Qt::Key_BracketLeft)},
             inEditor},
            {RunCell,
             "RunCell",
             tr("Run &Cell"),
             {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)},
             inEditor},
            {RunCellAndAdvance,
             "RunCellAndAdvance",
             tr("Run Cell and &Advance"),
             {QKeySequence(Qt::SHIFT | Qt::Key_Return), QKeySequence(Qt::SHIFT | Qt::Key_Enter)},
             inEditor},
            {RunSelection,
             "RunSelection",
             tr("Run &Selection or Line"),
             {QKeySequence(Qt::Key_F9)},
             inEditor},
            {RunFile, "RunFile", tr("Run &File"), {QKeySequence(Qt::Key_F5)}, inWindow},
            {RunToHere, "RunToHere", tr("Run from &Top to Here"), {}, inEditor},
            {ToggleCellCache, "ToggleCellCache", tr("Cac&he This Cell's Results"), {}, inEditor},
            {Complete,
             "Complete",
             tr("&Complete"),
             {QKeySequence(Qt::CTRL | Qt::Key_Space)},
             inEditor},
            {ShowDocumentation,
             "ShowDocumentation",
             tr("Show &Documentation"),
             {QKeySequence(Qt::Key_F1)},
             inEditor},
            {GoToDefinition,
             "GoToDefinition",
             tr("Go to &Definition"),
             {QKeySequence(Qt::Key_F12)},
             inEditor},
            {FormatCode,
             "FormatCode",
             tr("&Format with Black"),
             {QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_L)},
             inWindow},
            {LintCode, "LintCode", tr("&Lint with Flake8"), {}, inWindow},
            {FormatOnSave, "FormatOnSave", tr("Format on &Save"), {}, inWindow},
    };
    for (const Spec &spec : specs) {
        auto action = new QAction(spec.text, this);
        action->setObjectName(QLatin1String(spec.name) + QLatin1String("Action"));
        action->setShortcuts(spec.keys);
        action->setShortcutContext(spec.context);
        // Editor-scoped actions live on each editor (see addEditor), so that keys typed into
        // the find bar never run a cell or undo in the editor.
        if (spec.context == inEditor)
            m_editorActions.append(action);
        else
            addAction(action);
        m_actions[spec.id] = action;
    }

    const auto onEditor = [this](Action id, void (CodeEditor::*slot)()) {
        connect(m_actions[id], &QAction::triggered, this, [this, slot] {
            if (auto editor = currentEditor())
                (editor->*slot)();
        });
    };
    connect(m_actions[New], &QAction::triggered, this, &EditorTabs::newDocument);
    connect(m_actions[Open], &QAction::triggered, this, &EditorTabs::open);
    connect(m_actions[Save], &QAction::triggered, this, [this] {
        if (auto editor = currentEditor())
            saveFormatted(editor);
    });
    connect(m_actions[SaveAs], &QAction::triggered, this, [this] {
        if (auto editor = currentEditor())
            saveAs(editor);
    });
    connect(m_actions[Close], &QAction::triggered, this, [this] {
        if (m_tabs->currentIndex() >= 0)
            closeTab(m_tabs->currentIndex());
    });
    const auto onScintilla = [this](Action id, void (QsciScintilla::*slot)()) {
        connect(m_actions[id], &QAction::triggered, this, [this, slot] {
            if (auto editor = currentEditor())
                (editor->*slot)();
        });
    };
    onScintilla(Undo, &QsciScintilla::undo);
    onScintilla(Redo, &QsciScintilla::redo);
    onScintilla(Cut, &QsciScintilla::cut);
    onScintilla(Copy, &QsciScintilla::copy);
    onScintilla(Paste, &QsciScintilla::paste);
    connect(m_actions[SelectAll], &QAction::triggered, this, [this] {
        if (auto editor = currentEditor())
            editor->selectAll(true);
    });
    connect(m_actions[Find], &QAction::triggered, this, [this] {
        m_findBar->setEditor(currentEditor());
        m_findBar->showFind();
    });
    connect(m_actions[Replace], &QAction::triggered, this, [this] {
        m_findBar->setEditor(currentEditor());
        m_findBar->showReplace();
    });
    connect(m_actions[FindNext], &QAction::triggered, this, [this] {
        m_findBar->setEditor(currentEditor());
        if (m_findBar->findText().isEmpty())
            m_findBar->showFind();
        else
            m_findBar->findNext();
    });
    connect(m_actions[FindPrevious], &QAction::triggered, this, [this] {
        m_findBar->setEditor(currentEditor());
        if (m_findBar->findText().isEmpty())
            m_findBar->showFind();
        else
            m_findBar->findPrevious();
    });
    connect(m_actions[GoToLine], &QAction::triggered, this, &EditorTabs::goToLine);
    onEditor(ToggleComment, &CodeEditor::toggleComment);
    onEditor(Indent, &CodeEditor::indentSelection);
    onEditor(Dedent, &CodeEditor::dedentSelection);
    onEditor(RunCell, &CodeEditor::runCell);
    onEditor(RunCellAndAdvance, &CodeEditor::runCellAndAdvance);
    onEditor(RunSelection, &CodeEditor::runSelection);
    onEditor(RunFile, &CodeEditor::runFile);
    onEditor(RunToHere, &CodeEditor::runToHere);
    onEditor(ToggleCellCache, &CodeEditor::toggleCellCache);

    const auto onAssistant = [this](Action id, const std::function<void(EditorAssistant *)> &run) {
        connect(m_actions[id], &QAction::triggered, this, [this, run] {
            if (EditorAssistant *assistant = this->assistant(currentEditor()))
                run(assistant);
        });
    };
    onAssistant(Complete, [](EditorAssistant *a) { a->complete(); });
    onAssistant(ShowDocumentation, [](EditorAssistant *a) { a->showDocumentation(); });
    onAssistant(GoToDefinition, [](EditorAssistant *a) { a->goToDefinition(); });
    onAssistant(FormatCode, [](EditorAssistant *a) { a->format(); });
    onAssistant(LintCode, [](EditorAssistant *a) { a->lint(); });
    m_actions[FormatOnSave]->setCheckable(true);
    m_actions[FormatOnSave]->setChecked(QSettings().value(formatOnSaveKey, false).toBool());
    connect(m_actions[FormatOnSave], &QAction::toggled, this, [](bool on) {
        QSettings().setValue(formatOnSaveKey, on);
    });
}

QList<QKeySequence> EditorTabs::actionKeys() const
{
    QList<QKeySequence> keys;
    for (QAction *action : m_actions)
        keys += action->shortcuts();
    return keys;
}

void EditorTabs::setPrompts(EditorPrompts *prompts)
{
    m_prompts = prompts;
}

EditorPrompts *EditorTabs::prompts() const
{
    return m_prompts ? m_prompts : m_defaultPrompts.get();
}

CodeEditor *EditorTabs::currentEditor() const
{
    return qobject_cast<CodeEditor *>(m_tabs->currentWidget());
}

QList<CodeEditor *> EditorTabs::editors() const
{
    QList<CodeEditor *> result;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto editor = qobject_cast<CodeEditor *>(m_tabs->widget(i)))
            result.append(editor);
    }
    return result;
}

int EditorTabs::count() const
{
    return m_tabs->count();
}

void EditorTabs::setCurrentEditor(CodeEditor *editor)
{
    m_tabs->setCurrentWidget(editor);
    editor->setFocus();
}

CodeEditor *EditorTabs::editorForFile(const QString &path) const
{
    const QString absolute = absolutePath(path);
    for (CodeEditor *editor : editors()) {
        if (!editor->isUntitled() && absolutePath(editor->filePath()) == absolute)
            return editor;
    }
    return nullptr;
}

QString EditorTabs::tabTitle(CodeEditor *editor) const
{
    return m_tabs->tabText(m_tabs->indexOf(editor));
}

CodeEditor *EditorTabs::addEditor(CodeEditor *editor, bool replacePristine)
{
    editor->setTheme(m_theme);
    editor->releaseKeys(actionKeys());
    editor->addActions(m_editorActions);
    // A fresh untitled tab nobody typed in gives way to a file opened next.
    CodeEditor *pristine = replacePristine && currentEditor() && isPristine(currentEditor())
                                   ? currentEditor()
                                   : nullptr;
    const int index = m_tabs->addTab(editor, editor->displayName());
    connect(editor, &QsciScintilla::modificationChanged, this, [this, editor] {
        updateTabTitle(editor);
        updateActions();
        scheduleJournal(editor);
    });
    connect(editor, &QsciScintilla::textChanged, this, [this, editor] {
        scheduleJournal(editor);
        if (editor == currentEditor())
            updateActions();
    });
    connect(editor, &QsciScintilla::copyAvailable, this, [this, editor] {
        if (editor == currentEditor())
            updateActions();
    });
    connect(editor, &CodeEditor::runRequested, this, &EditorTabs::runRequested);
    auto assistant = new EditorAssistant(editor);
    assistant->setSessions(m_liveSession, m_codeIntelSession);
    connect(assistant, &EditorAssistant::statusMessage, this, &EditorTabs::statusMessage);
    connect(assistant, &EditorAssistant::documentationReady, this, &EditorTabs::documentationReady);
    connect(assistant, &EditorAssistant::definitionFound, this, &EditorTabs::openDefinition);
    connect(assistant, &EditorAssistant::diagnosticsChanged, this, [this, editor] {
        Q_EMIT diagnosticsChanged(editor);
    });
    updateTabTitle(editor);
    m_tabs->setCurrentIndex(index);
    editor->setFocus();
    if (pristine && pristine != editor) {
        m_tabs->removeTab(m_tabs->indexOf(pristine));
        pristine->deleteLater();
    }
    updateActions();
    return editor;
}

void EditorTabs::updateTabTitle(CodeEditor *editor)
{
    const int index = m_tabs->indexOf(editor);
    if (index < 0)
        return;
    const QString session = m_sessionLabels.value(editor);
    QString title = editor->isModified() ? editor->displayName() + QLatin1Char('*')
                                         : editor->displayName();
    QString toolTip = editor->isUntitled() ? tr("Not saved yet")
                                           : QDir::toNativeSeparators(editor->filePath());
    if (!session.isEmpty()) {
        title += QStringLiteral(" · ") + session;
        toolTip += u'\n' + tr("Runs in %1 (Run > Run This Editor In)").arg(session);
    }
    m_tabs->setTabText(index, title);
    m_tabs->setTabToolTip(index, toolTip);
}

void EditorTabs::setSessionLabel(CodeEditor *editor, const QString &session)
{
    if (!editor || m_sessionLabels.value(editor) == session)
        return;
    if (session.isEmpty()) {
        m_sessionLabels.remove(editor);
    } else {
        if (!m_sessionLabels.contains(editor))
            connect(editor, &QObject::destroyed, this, [this, editor] {
                m_sessionLabels.remove(editor);
            });
        m_sessionLabels.insert(editor, session);
    }
    updateTabTitle(editor);
}

void EditorTabs::updateActions()
{
    CodeEditor *editor = currentEditor();
    const bool has = editor != nullptr;
    const bool writable = has && !editor->isReadOnly();
    const bool selection = has && editor->hasSelectedText();
    const bool python = has && editor->isPython();
    for (Action id : {Save, SaveAs, SelectAll, Find, Replace, FindNext, FindPrevious, GoToLine})
        m_actions[id]->setEnabled(has);
    m_actions[Close]->setEnabled(m_tabs->count() > 0);
    m_actions[Undo]->setEnabled(writable && editor->isUndoAvailable());
    m_actions[Redo]->setEnabled(writable && editor->isRedoAvailable());
    m_actions[Cut]->setEnabled(writable && selection);
    m_actions[Copy]->setEnabled(selection);
    m_actions[Paste]->setEnabled(writable);
    for (Action id : {ToggleComment, Indent, Dedent})
        m_actions[id]->setEnabled(writable);
    for (Action id : {RunCell, RunCellAndAdvance, RunSelection, RunFile, RunToHere})
        m_actions[id]->setEnabled(python);
    m_actions[ToggleCellCache]->setEnabled(python && writable);
    const bool asks = python && (m_liveSession || m_codeIntelSession);
    for (Action id : {Complete, ShowDocumentation, GoToDefinition, LintCode})
        m_actions[id]->setEnabled(asks);
    m_actions[FormatCode]->setEnabled(asks && writable);
}

// --- Files ------------------------------------------------------------------------------------

CodeEditor *EditorTabs::newDocument()
{
    auto editor = new CodeEditor;
    editor->setUntitledName(tr("untitled-%1.py").arg(++m_untitledCounter));
    return addEditor(editor);
}

void EditorTabs::open()
{
    QString directory;
    if (CodeEditor *editor = currentEditor(); editor && !editor->isUntitled())
        directory = QFileInfo(editor->filePath()).absolutePath();
    else if (!recentFiles().isEmpty())
        directory = QFileInfo(recentFiles().first()).absolutePath();
    for (const QString &path : prompts()->askOpenFiles(this, directory))
        openFile(path);
}

CodeEditor *EditorTabs::openFile(const QString &path)
{
    if (CodeEditor *existing = editorForFile(path)) {
        setCurrentEditor(existing);
        return existing;
    }
    auto editor = new CodeEditor;
    QString error;
    if (!editor->loadFile(path, &error)) {
        delete editor;
        if (!QFileInfo::exists(path)) {
            QStringList recent = recentFiles();
            if (recent.removeAll(absolutePath(path)) > 0) {
                QSettings().setValue(recentFilesKey, recent);
                Q_EMIT recentFilesChanged();
            }
        }
        prompts()->showError(
                this,
                tr("Open File"),
                tr("Cannot open \"%1\": %2").arg(QDir::toNativeSeparators(path), error));
        return nullptr;
    }
    addEditor(editor, true);
    watch(editor->filePath());
    addRecentFile(editor->filePath());
    return editor;
}

bool EditorTabs::save(CodeEditor *editor)
{
    if (editor->isUntitled())
        return saveAs(editor);
    return writeTo(editor, editor->filePath());
}

bool EditorTabs::saveAs(CodeEditor *editor)
{
    QString suggested = editor->filePath();
    if (suggested.isEmpty()) {
        const QString directory = recentFiles().isEmpty()
                                          ? QDir::homePath()
                                          : QFileInfo(recentFiles().first()).absolutePath();
        suggested = directory + QLatin1Char('/') + editor->displayName();
    }
    const QString path = prompts()->askSaveFileName(this, suggested);
    if (path.isEmpty())
        return false;
    const QString oldPath = editor->filePath();
    if (!writeTo(editor, path))
        return false;
    if (!oldPath.isEmpty() && oldPath != editor->filePath())
        unwatch(oldPath);
    addRecentFile(editor->filePath());
    updateTabTitle(editor);
    updateActions();
    return true;
}

bool EditorTabs::writeTo(CodeEditor *editor, const QString &path)
{
    QString error;
    if (!editor->saveFile(path, &error)) {
        prompts()->showError(
                this,
                tr("Save File"),
                tr("Cannot save \"%1\": %2").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    watch(editor->filePath()); // an atomic save replaces the file the watcher was on
    if (EditorAssistant *assistant = this->assistant(editor))
        assistant->lint(false);
    if (m_journal) {
        m_journal->remove(editor->documentId());
        m_dirtyDocuments.remove(editor->documentId());
    }
    Q_EMIT statusMessage(tr("Saved %1").arg(QDir::toNativeSeparators(editor->filePath())));
    return true;
}

bool EditorTabs::closeEditor(CodeEditor *editor)
{
    const int index = m_tabs->indexOf(editor);
    if (index < 0)
        return true;
    if (editor->isModified()) {
        m_tabs->setCurrentIndex(index);
        switch (prompts()->askSaveChanges(this, editor->displayName())) {
        case EditorPrompts::SaveChoice::Cancel:
            return false;
        case EditorPrompts::SaveChoice::Save:
            if (!save(editor))
                return false;
            break;
        case EditorPrompts::SaveChoice::Discard:
            break;
        }
    }
    if (m_journal)
        m_journal->remove(editor->documentId());
    m_dirtyDocuments.remove(editor->documentId());
    const QString path = editor->filePath();
    disconnect(editor, nullptr, this, nullptr);
    m_tabs->removeTab(m_tabs->indexOf(editor));
    editor->deleteLater();
    if (!path.isEmpty())
        unwatch(path);
    if (m_tabs->count() == 0 && !m_closingAll)
        newDocument();
    updateActions();
    return true;
}

void EditorTabs::addPage(QWidget *page, const QString &title, const QString &toolTip)
{
    const int index = m_tabs->addTab(page, title);
    m_tabs->setTabToolTip(index, toolTip);
    m_tabs->setCurrentIndex(index);
    updateActions();
}

void EditorTabs::closeTab(int index)
{
    QWidget *widget = m_tabs->widget(index);
    if (auto editor = qobject_cast<CodeEditor *>(widget)) {
        closeEditor(editor);
    } else if (widget) {
        m_tabs->removeTab(index);
        widget->deleteLater();
        if (m_tabs->count() == 0 && !m_closingAll)
            newDocument();
        updateActions();
    }
}

bool EditorTabs::closeAll()
{
    m_closingAll = true;
    while (m_tabs->count() > 0) {
        auto editor = qobject_cast<CodeEditor *>(m_tabs->widget(0));
        if (!editor) {
            closeTab(0);
            continue;
        }
        if (!closeEditor(editor)) {
            m_closingAll = false;
            return false;
        }
    }
    m_closingAll = false;
    return true;
}

QStringList EditorTabs::recentFiles() const
{
    return QSettings().value(recentFilesKey).toStringList();
}

void EditorTabs::clearRecentFiles()
{
    QSettings().remove(recentFilesKey);
    Q_EMIT recentFilesChanged();
}

void EditorTabs::addRecentFile(const QString &path)
{
    QStringList recent = recentFiles();
    const QString absolute = absolutePath(path);
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > maxRecentFiles)
        recent.removeLast();
    QSettings().setValue(recentFilesKey, recent);
    Q_EMIT recentFilesChanged();
}

void EditorTabs::goToLine()
{
    CodeEditor *editor = currentEditor();
    if (!editor)
        return;
    if (const auto line
        = prompts()->askLineNumber(this, editor->currentLine() + 1, editor->lines()))
        editor->goToLine(*line);
}

// --- Code intelligence ------------------------------------------------------------------------

void EditorTabs::setSessions(Client::AbstractSession *live, Client::AbstractSession *codeIntel)
{
    m_liveSession = live;
    m_codeIntelSession = codeIntel;
    for (CodeEditor *editor : editors()) {
        if (EditorAssistant *assistant = this->assistant(editor))
            assistant->setSessions(live, codeIntel);
    }
    updateActions();
}

EditorAssistant *EditorTabs::assistant(CodeEditor *editor) const
{
    return EditorAssistant::of(editor);
}

bool EditorTabs::formatOnSave() const
{
    return m_actions[FormatOnSave]->isChecked();
}

void EditorTabs::saveFormatted(CodeEditor *editor)
{
    EditorAssistant *assistant = this->assistant(editor);
    if (!formatOnSave() || !editor->isPython() || !assistant
        || !assistant->sessions().formatter()) {
        save(editor);
        return;
    }
    assistant->format([this, editor = QPointer<CodeEditor>(editor)](bool) {
        if (editor)
            save(editor);
    });
}

bool EditorTabs::isInWorkspace(const QString &path) const
{
    const QString target = absolutePath(path);
    // Libraries are not the user's code, even inside a project (a virtual environment).
    if (target.contains(QLatin1String("/site-packages/"))
        || target.contains(QLatin1String("/dist-packages/")))
        return false;
    QStringList roots;
    if (m_liveSession && !m_liveSession->workspacePath().isEmpty())
        roots.append(absolutePath(m_liveSession->workspacePath()));
    for (CodeEditor *editor : editors()) {
        if (!editor->isUntitled())
            roots.append(QFileInfo(absolutePath(editor->filePath())).absolutePath());
    }
    return std::any_of(roots.cbegin(), roots.cend(), [&target](const QString &root) {
        return target.startsWith(root.endsWith(QLatin1Char('/')) ? root : root + QLatin1Char('/'));
    });
}

bool EditorTabs::openDefinition(const QString &path, int line, int column)
{
    CodeEditor *target = nullptr;
    for (CodeEditor *editor : editors()) {
        if (editor->codeIntelPath() == path
            || (!editor->isUntitled() && absolutePath(editor->filePath()) == absolutePath(path)))
            target = editor;
    }
    if (!target) {
        if (!isInWorkspace(path) || !QFileInfo(path).isFile()) {
            Q_EMIT statusMessage(tr("The definition is outside the workspace: %1:%2")
                                         .arg(QDir::toNativeSeparators(path))
                                         .arg(line));
            return false;
        }
        target = openFile(path);
        if (!target)
            return false;
    }
    setCurrentEditor(target);
    const int index = qBound(0, line - 1, target->lines() - 1);
    const int qcharColumn = Client::qcharColumn(target->text(index), 1, column);
    target->goToLine(index + 1);
    target->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, target->positionAt(index, qcharColumn));
    return true;
}

void EditorTabs::setColorScheme(ColorScheme scheme)
{
    m_scheme = scheme;
    m_theme = EditorTheme::theme(scheme);
    for (CodeEditor *editor : editors())
        editor->setTheme(m_theme);
}

// --- Changes on disk --------------------------------------------------------------------------

void EditorTabs::watch(const QString &path)
{
    if (!m_watcher->files().contains(path) && QFileInfo::exists(path))
        m_watcher->addPath(path);
}

void EditorTabs::unwatch(const QString &path)
{
    for (CodeEditor *editor : editors()) {
        if (editor->filePath() == path)
            return; // still open in another tab
    }
    m_watcher->removePath(path);
}

void EditorTabs::fileChangedOnDisk(const QString &path)
{
    m_pendingDiskChecks.insert(path);
    m_diskTimer->start();
}

void EditorTabs::checkDisk()
{
    if (m_askingAboutDisk) {
        m_diskTimer->start(); // one question at a time
        return;
    }
    const QSet<QString> paths = std::exchange(m_pendingDiskChecks, {});
    for (const QString &path : paths) {
        // A question below runs a nested event loop in which tabs may close.
        QList<QPointer<CodeEditor>> candidates;
        for (CodeEditor *editor : editors())
            candidates.append(editor);
        for (const QPointer<CodeEditor> &editor : std::as_const(candidates)) {
            if (!editor || editor->filePath() != path)
                continue;
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                Q_EMIT statusMessage(
                        tr("%1 was deleted or moved on disk").arg(QDir::toNativeSeparators(path)));
                continue;
            }
            const QByteArray hash
                    = QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha1);
            watch(path);
            if (hash == editor->diskHash())
                continue; // our own save, or a touch without changes
            bool reload = !editor->isModified();
            if (!reload) {
                m_askingAboutDisk = true;
                reload = prompts()->askReloadModified(this, editor->displayName());
                m_askingAboutDisk = false;
                if (!editor)
                    continue;
            }
            if (reload) {
                QString error;
                if (editor->reload(&error))
                    Q_EMIT statusMessage(tr("Reloaded %1").arg(QDir::toNativeSeparators(path)));
                else
                    prompts()->showError(this, tr("Reload File"), error);
            }
        }
    }
}

// --- Crash recovery ---------------------------------------------------------------------------

void EditorTabs::enableRecovery(const QString &root)
{
    m_journal = std::make_unique<RecoveryJournal>(root);
    for (CodeEditor *editor : editors())
        scheduleJournal(editor);
}

bool EditorTabs::needsJournal(CodeEditor *editor) const
{
    return editor->isModified();
}

void EditorTabs::scheduleJournal(CodeEditor *editor)
{
    if (!m_journal)
        return;
    m_dirtyDocuments.insert(editor->documentId());
    // Not restarted on every key: continuous typing must still reach the disk.
    if (!m_journalTimer->isActive())
        m_journalTimer->start();
}

void EditorTabs::writeJournal()
{
    if (!m_journal)
        return;
    for (CodeEditor *editor : editors()) {
        if (!m_dirtyDocuments.contains(editor->documentId()))
            continue;
        if (needsJournal(editor))
            m_journal->write(editor->documentId(),
                             editor->filePath(),
                             editor->displayName(),
                             editor->utf8Text());
        else
            m_journal->remove(editor->documentId());
    }
    m_dirtyDocuments.clear();
}

void EditorTabs::flushJournal()
{
    m_journalTimer->stop();
    writeJournal();
}

QList<RecoveredBuffer> EditorTabs::recoverableBuffers()
{
    return m_journal ? m_journal->orphans() : QList<RecoveredBuffer>();
}

void EditorTabs::offerRecovery()
{
    const QList<RecoveredBuffer> buffers = recoverableBuffers();
    if (!buffers.isEmpty())
        prompts()->offerRecovery(this, buffers);
}

CodeEditor *EditorTabs::restoreBuffer(const RecoveredBuffer &buffer)
{
    CodeEditor *editor = nullptr;
    if (!buffer.filePath.isEmpty() && QFileInfo::exists(buffer.filePath))
        editor = openFile(buffer.filePath);
    if (!editor) {
        editor = new CodeEditor;
        const QRegularExpression untitled(QStringLiteral("^untitled-(\\d+)\\.py$"));
        if (const auto match = untitled.match(buffer.title); match.hasMatch())
            m_untitledCounter = qMax(m_untitledCounter, match.captured(1).toInt());
        editor->setUntitledName(buffer.title.isEmpty()
                                        ? tr("untitled-%1.py").arg(++m_untitledCounter)
                                        : buffer.title);
        editor->setLanguageForFileName(buffer.filePath.isEmpty() ? QString() : buffer.filePath);
        addEditor(editor, true);
    }
    // One undo step back to what is on disk.
    editor->setUtf8Text(buffer.utf8, false);
    if (m_journal) {
        m_journal->resolve(buffer);
        scheduleJournal(editor);
    }
    Q_EMIT statusMessage(tr("Restored %1").arg(editor->displayName()));
    return editor;
}

void EditorTabs::discardBuffer(const RecoveredBuffer &buffer)
{
    if (m_journal)
        m_journal->resolve(buffer);
}

} // namespace Sandpiper::Ui
