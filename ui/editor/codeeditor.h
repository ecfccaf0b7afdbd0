#pragma once

#include "cellparser.h"
#include "qscintilla.h"
#include "textcodec.h"

#include <KSyntaxHighlighting/Theme>

#include <QByteArray>
#include <QKeySequence>

class QTimer;

namespace Sandpiper::Ui {

// One document in the editor: QScintilla with the Python lexer (or a KSyntaxHighlighting
// definition for other files), line numbers, folding, brace matching, indentation guides and
// `# %%` cells. It knows its file and encoding; tabs, prompts and journaling live in
// EditorTabs.
class CodeEditor : public QsciScintilla
{
    Q_OBJECT

public:
    explicit CodeEditor(QWidget *parent = nullptr);
    ~CodeEditor() override;

    // --- File -------------------------------------------------------------------------------
    QString filePath() const { return m_filePath; }
    bool isUntitled() const { return m_filePath.isEmpty(); }
    // The tab title: the file name, or "untitled-N.py" given by the tabs.
    QString displayName() const;
    void setUntitledName(const QString &name);
    // A stable identity for the crash-recovery journal, also for never-saved buffers.
    QString documentId() const { return m_documentId; }

    TextEncoding encoding() const { return m_encoding; }
    bool loadFile(const QString &path, QString *errorMessage = nullptr);
    bool saveFile(const QString &path, QString *errorMessage = nullptr);
    // A hash of the bytes last read from or written to disk: a change notification whose file
    // still has this hash is our own save, not someone else's edit.
    QByteArray diskHash() const { return m_diskHash; }
    // Reloads from disk keeping the cursor and scroll position.
    bool reload(QString *errorMessage = nullptr);

    // The text with "\n" line breaks, as code questions (completion, black, flake8) see it.
    QString codeText() const;
    // The path code questions name: the file, or for a never-saved buffer a path no file has,
    // unique to the buffer (so that a definition found in it leads back here).
    QString codeIntelPath() const;

    // The buffer as UTF-8, straight from Scintilla (no UTF-16 round trip).
    QByteArray utf8Text() const;
    // Replaces the buffer with UTF-8 text as one undoable step (or, with resetUndo, as the
    // document's pristine content).
    void setUtf8Text(const QByteArray &utf8, bool resetUndo);

    // --- Language and look ------------------------------------------------------------------
    // Picks the lexer from a file name: Python for .py/.pyw/.pyi and untitled buffers, a
    // KSyntaxHighlighting definition for other known types, plain text otherwise.
    void setLanguageForFileName(const QString &fileName);
    bool isPython() const { return m_python; }
    QString languageName() const;
    void setTheme(const KSyntaxHighlighting::Theme &theme);
    KSyntaxHighlighting::Theme theme() const { return m_theme; }

    // Removes Scintilla's own bindings for these keys so that the window's actions get them
    // (QScintilla claims every key it has a command for, e.g. Ctrl+L and Shift+Return).
    void releaseKeys(const QList<QKeySequence> &keys);

    // --- Editing ----------------------------------------------------------------------------
    void toggleComment();
    void indentSelection();
    void dedentSelection();
    void goToLine(int line); // 1-based, as users count
    int currentLine() const;
    // The lines the selection covers (0-based, inclusive), or the caret's line.
    std::pair<int, int> selectedLines() const;

    // Replaces the whole text with text ("\n" line breaks; the document keeps its own) as
    // one undo step, touching only the lines that differ, so that markers, folds and the
    // undo history of the rest stay. The cursor, the selection and the scroll position stay
    // on the same code. False when the text was already the same.
    bool replaceTextMinimally(const QString &text);

    // A counter that changes with every edit of the text: a reply computed for an older
    // revision must not change the text.
    quint64 revision() const { return m_revision; }

    // Scintilla positions (UTF-8 bytes) from and to a 0-based line and a column in QChar
    // units of that line.
    long positionAt(int line, int column) const;
    std::pair<int, int> lineColumnAt(long position) const;

    // --- Cells ------------------------------------------------------------------------------
    QList<Cell> cells() const; // up to date with the text
    int currentCellIndex() const;
    // The line range highlighted as the current cell, or {-1, -1}.
    std::pair<int, int> highlightedCell() const { return m_highlighted; }
    int cellSeparatorMarker() const { return m_separatorMarker; }
    int currentCellMarker() const { return m_currentCellMarker; }

public Q_SLOTS:
    void runCell();
    void runCellAndAdvance();
    void runSelection(); // or the current line, then moves to the next line
    void runFile();
    void runToHere(); // from the top through the current line
    // Marks the current cell `[cache]` in its header (adding a `# %% [cache]` header to a cell
    // without one), or takes the mark away; one undo step.
    void toggleCellCache();

Q_SIGNALS:
    // Code to execute. firstLine is the 0-based line of the code's first line in this
    // document, so that tracebacks can point back here. Line breaks are "\n".
    // wholeFile: Run File, which waits behind interactive runs for a free run slot.
    void runRequested(const QString &code, int firstLine, bool wholeFile);
    // The colours changed (setTheme) or a new lexer reset the styles.
    void themeChanged();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void applyTheme();
    void updateLineNumberWidth();
    void scheduleCellUpdate();
    void updateCells() const;
    void updateCellMarkers();
    void updateCurrentCell();
    QString linesText(int fromLine, int toLine) const;
    void emitRun(const QString &code, int firstLine, bool wholeFile = false);
    QByteArray lineBytes(int line) const;
    void replaceRange(long from, long to, const QByteArray &utf8);

    QString m_filePath;
    QString m_untitledName;
    QString m_documentId;
    TextEncoding m_encoding = TextEncoding::Utf8;
    QByteArray m_diskHash;
    bool m_python = true;
    QString m_commentMarker = QStringLiteral("#");
    KSyntaxHighlighting::Theme m_theme;
    QsciLexer *m_lexer = nullptr;
    int m_lineNumberDigits = 0;
    quint64 m_revision = 0;

    mutable QList<Cell> m_cells;
    mutable bool m_cellsDirty = true;
    QTimer *m_cellTimer = nullptr;
    QList<int> m_separatorLines;
    std::pair<int, int> m_highlighted{-1, -1};
    int m_separatorMarker = -1;
    int m_currentCellMarker = -1;
};

} // namespace Sandpiper::Ui
