#pragma once

#include "messages.h"

#include <QList>
#include <QObject>

namespace Sandpiper::Ui {

class CodeEditor;

// flake8's findings drawn on one editor: a sign in the symbol margin (the worst of the line)
// and a squiggle under the code each one is about. Both are Scintilla markers and
// indicators, so they move with the text as it is edited until the next lint replaces them.
class LintMarks : public QObject
{
    Q_OBJECT

public:
    explicit LintMarks(CodeEditor *editor);

    // For the editor's current text (lines 1-based, columns in QChars).
    void setDiagnostics(const QList<Protocol::Diagnostic> &diagnostics);
    void clear();
    // As given, but with each line where the mark is now (edits since move them).
    QList<Protocol::Diagnostic> diagnostics() const;
    int count() const { return int(m_items.size()); }

    // 0-based line of a diagnostic now; -1 when there is no such diagnostic.
    int currentLine(int index) const;
    // Puts the caret on a diagnostic's place.
    void jumpTo(int index);

    // "F401 'os' imported but unused", one per line, for the diagnostics of a 0-based line;
    // inMargin false: only those whose squiggle covers position.
    QString messagesAt(int line, long position, bool inMargin) const;

    int markerFor(Protocol::Severity severity) const;
    int indicatorFor(Protocol::Severity severity) const;
    static constexpr int Margin = 1; // the editor's symbol margin

Q_SIGNALS:
    void changed();

private:
    struct Item
    {
        Protocol::Diagnostic diagnostic;
        int handle = -1; // an invisible marker that follows the line
        long start = 0;  // squiggle, when set
        long end = 0;
    };

    void defineMarkers();
    void applyMarginWidth();
    std::pair<long, long> rangeOf(const Protocol::Diagnostic &diagnostic) const;

    CodeEditor *m_editor;
    QList<Item> m_items;
    int m_markers[3] = {-1, -1, -1};    // by severity: error, warning, info
    int m_indicators[3] = {-1, -1, -1}; // by severity
    int m_trackMarker = -1;
    int m_markerSize = 0;
};

} // namespace Sandpiper::Ui
