#pragma once

#include "colorscheme.h"
#include "messages.h"
#include "recoveryjournal.h"

#include <KSyntaxHighlighting/Theme>

#include <QHash>
#include <QPointer>
#include <QSet>
#include <QWidget>

#include <array>
#include <memory>

class QAction;
class QKeySequence;
class QFileSystemWatcher;
class QTabWidget;
class QTimer;

namespace Sandpiper::Client {
class AbstractSession;
}

namespace Sandpiper::Ui {

class CodeEditor;
class EditorAssistant;
class EditorPrompts;
class FindBar;

// The editor area: tabs of CodeEditors with the find bar under them. It owns the editor's
// actions (the main window puts them in its menus), files on disk (open, save, watch for
// changes), recent files and the crash-recovery journal.
class EditorTabs : public QWidget
{
    Q_OBJECT

public:
    enum Action {
        New,
        Open,
        Save,
        SaveAs,
        Close,
        Undo,
        Redo,
        Cut,
        Copy,
        Paste,
        SelectAll,
        Find,
        Replace,
        FindNext,
        FindPrevious,
        GoToLine,
        ToggleComment,
        Indent,
        Dedent,
        RunCell,
        RunCellAndAdvance,
        RunSelection,
        RunFile,
        RunToHere,
        ToggleCellCache,
        Complete,
        ShowDocumentation,
        GoToDefinition,
        FormatCode,
        LintCode,
        FormatOnSave, // checkable; remembered in the settings
        ActionCount
    };

    explicit EditorTabs(QWidget *parent = nullptr);
    ~EditorTabs() override;

    QAction *action(Action id) const { return m_actions.at(id); }

    // Not owned; nullptr restores the default dialogs.
    void setPrompts(EditorPrompts *prompts);

    CodeEditor *currentEditor() const;
    QList<CodeEditor *> editors() const;
    int count() const;
    void setCurrentEditor(CodeEditor *editor);
    CodeEditor *editorForFile(const QString &path) const;
    QTabWidget *tabWidget() const { return m_tabs; }
    FindBar *findBar() const { return m_findBar; }
    QString tabTitle(CodeEditor *editor) const;

    CodeEditor *newDocument();
    // Opens a file in a new tab, or shows the tab that has it. nullptr (after telling the
    // user) when it cannot be read.
    CodeEditor *openFile(const QString &path);
    bool save(CodeEditor *editor);
    bool saveAs(CodeEditor *editor);
    // Asks to save unsaved changes first. False when the user cancelled.
    bool closeEditor(CodeEditor *editor);
    // A tab that is not an editor (a data viewer): owned from now on, closed like an editor tab
    // but without questions.
    void addPage(QWidget *page, const QString &title, const QString &toolTip = {});
    void closeTab(int index);
    // Closes every tab (asking as above); false, with nothing closed after the cancelled one,
    // when the user cancelled. Used before quitting.
    bool closeAll();

    QStringList recentFiles() const;
    void clearRecentFiles();

    // --- Code intelligence ------------------------------------------------------------------
    // The live session (completion from its namespace) and the shared code-intelligence engine
    // (static completion, black, flake8) every editor asks; not owned, either may be null.
    void setSessions(Client::AbstractSession *live, Client::AbstractSession *codeIntel);
    EditorAssistant *assistant(CodeEditor *editor) const;
    // The session an editor runs in, shown after its name in the tab ("analysis.py · Session
    // 2"); empty shows none.
    void setSessionLabel(CodeEditor *editor, const QString &session);
    bool formatOnSave() const;
    // Formats first when format-on-save is on (the save follows black's answer).
    void saveFormatted(CodeEditor *editor);

    void setColorScheme(ColorScheme scheme);
    KSyntaxHighlighting::Theme theme() const { return m_theme; }

    // --- Crash recovery ---------------------------------------------------------------------
    // Starts journaling unsaved buffers under root (default: the app data dir). Without this
    // call nothing is written, which keeps tests and embedded uses free of side effects.
    void enableRecovery(const QString &root = QString());
    RecoveryJournal *journal() const { return m_journal.get(); }
    // Writes what is pending now instead of at the next journal tick.
    void flushJournal();
    QList<RecoveredBuffer> recoverableBuffers();
    // Asks the prompts to offer the buffers of crashed instances, if there are any.
    void offerRecovery();

public Q_SLOTS:
    CodeEditor *restoreBuffer(const Sandpiper::Ui::RecoveredBuffer &buffer);
    void discardBuffer(const Sandpiper::Ui::RecoveredBuffer &buffer);
    void open();
    void goToLine();
    // Shows a definition (line 1-based, column in code points) if it is in an open file or
    // in the workspace (the session's folder and the folders of open files); false, with a
    // status message, otherwise.
    bool openDefinition(const QString &path, int line, int column);

Q_SIGNALS:
    // Code to run from the current editor (see CodeEditor::runRequested).
    void runRequested(const QString &code, int firstLine, bool wholeFile);
    void currentEditorChanged(Sandpiper::Ui::CodeEditor *editor);
    void recentFilesChanged();
    void statusMessage(const QString &message);
    // From an editor's assistant: documentation to show (raise: the user asked for it).
    void documentationReady(const Sandpiper::Protocol::Documentation &documentation, bool raise);
    // An editor's lint marks changed.
    void diagnosticsChanged(Sandpiper::Ui::CodeEditor *editor);

private:
    void createActions();
    CodeEditor *addEditor(CodeEditor *editor, bool replacePristine = false);
    void updateTabTitle(CodeEditor *editor);
    QHash<const CodeEditor *, QString> m_sessionLabels;
    void updateActions();
    void addRecentFile(const QString &path);
    void watch(const QString &path);
    void unwatch(const QString &path);
    // Saves editor to path and does what follows every save; tells the user when it fails.
    bool writeTo(CodeEditor *editor, const QString &path);
    void fileChangedOnDisk(const QString &path);
    void checkDisk();
    void scheduleJournal(CodeEditor *editor);
    void writeJournal();
    bool needsJournal(CodeEditor *editor) const;
    EditorPrompts *prompts() const;
    QList<QKeySequence> actionKeys() const;
    bool isInWorkspace(const QString &path) const;

    QTabWidget *m_tabs = nullptr;
    FindBar *m_findBar = nullptr;
    std::array<QAction *, ActionCount> m_actions{};
    QList<QAction *> m_editorActions; // shortcuts only while an editor has the focus
    std::unique_ptr<EditorPrompts> m_defaultPrompts;
    EditorPrompts *m_prompts = nullptr;
    int m_untitledCounter = 0;
    bool m_closingAll = false;

    KSyntaxHighlighting::Theme m_theme;
    ColorScheme m_scheme = ColorScheme::System;

    QPointer<Client::AbstractSession> m_liveSession;
    QPointer<Client::AbstractSession> m_codeIntelSession;

    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_diskTimer = nullptr;
    QSet<QString> m_pendingDiskChecks;
    bool m_askingAboutDisk = false;

    std::unique_ptr<RecoveryJournal> m_journal;
    QTimer *m_journalTimer = nullptr;
    QSet<QString> m_dirtyDocuments; // ids whose journal entry is out of date
};

} // namespace Sandpiper::Ui
