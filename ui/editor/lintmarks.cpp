#include "lintmarks.h"

#include "codeeditor.h"
#include "codeicons.h"

#include <QHash>

namespace Sandpiper::Ui {

using Protocol::Diagnostic;
using Protocol::Severity;

namespace {
using Base = QsciScintillaBase;

int rank(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return 0;
    case Severity::Warning:
        return 1;
    case Severity::Info:
        break;
    }
    return 2;
}

bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}
} // namespace

LintMarks::LintMarks(CodeEditor *editor)
    : QObject(editor)
    , m_editor(editor)
{
    m_trackMarker = m_editor->markerDefine(QsciScintilla::Invisible);
    defineMarkers();
    for (Severity severity : {Severity::Info, Severity::Warning, Severity::Error}) {
        const int indicator = m_editor->indicatorDefine(QsciScintilla::SquigglePixmapIndicator);
        m_indicators[rank(severity)] = indicator;
        m_editor->setIndicatorForegroundColor(CodeIcons::severityColor(severity), indicator);
    }
    // The sign's size follows the font (theme and lexer changes reset the styles).
    connect(m_editor, &CodeEditor::themeChanged, this, [this] {
        defineMarkers();
        applyMarginWidth();
    });
    applyMarginWidth();
}

void LintMarks::defineMarkers()
{
    const int lineHeight = int(m_editor->SendScintilla(Base::SCI_TEXTHEIGHT, 0UL));
    const int size = qBound(10, lineHeight - 2, 24);
    if (size == m_markerSize)
        return;
    m_markerSize = size;
    // Defined from the least to the most severe: Scintilla draws higher numbers on top.
    for (Severity severity : {Severity::Info, Severity::Warning, Severity::Error}) {
        int &marker = m_markers[rank(severity)];
        marker = m_editor->markerDefine(CodeIcons::severityPixmap(severity, size, 1.0), marker);
    }
}

void LintMarks::applyMarginWidth()
{
    unsigned mask = 1u << m_trackMarker;
    for (int marker : m_markers)
        mask |= 1u << marker;
    m_editor->setMarginMarkerMask(Margin, int(mask));
    m_editor->setMarginWidth(Margin, m_editor->isPython() ? m_markerSize + 4 : 0);
}

int LintMarks::markerFor(Severity severity) const
{
    return m_markers[rank(severity)];
}

int LintMarks::indicatorFor(Severity severity) const
{
    return m_indicators[rank(severity)];
}

std::pair<long, long> LintMarks::rangeOf(const Diagnostic &diagnostic) const
{
    const int line = qBound(0, diagnostic.line - 1, m_editor->lines() - 1);
    QString text = m_editor->text(line);
    while (text.endsWith(QLatin1Char('\n')) || text.endsWith(QLatin1Char('\r')))
        text.chop(1);
    const int length = int(text.size());
    int from = qBound(0, diagnostic.column, length);
    int to = from;
    if (from >= length) {
        // At the end of the line (a missing colon, trailing blanks): the last character.
        from = qMax(0, length - 1);
        to = length;
    } else if (isNameChar(text.at(from))) {
        while (to < length && isNameChar(text.at(to)))
            ++to;
    } else if (text.at(from).isSpace()) {
        while (to < length && text.at(to).isSpace())
            ++to;
    } else {
        ++to;
    }
    return {m_editor->positionAt(line, from), m_editor->positionAt(line, to)};
}

void LintMarks::clear()
{
    m_editor->markerDeleteAll(m_trackMarker);
    for (int marker : m_markers)
        m_editor->markerDeleteAll(marker);
    const long length = m_editor->SendScintilla(Base::SCI_GETLENGTH);
    for (int indicator : m_indicators) {
        m_editor->SendScintilla(Base::SCI_SETINDICATORCURRENT, indicator);
        m_editor->SendScintilla(Base::SCI_INDICATORCLEARRANGE, 0UL, length);
    }
    const bool had = !m_items.isEmpty();
    m_items.clear();
    if (had)
        Q_EMIT changed();
}

void LintMarks::setDiagnostics(const QList<Diagnostic> &diagnostics)
{
    QSignalBlocker quiet(this);
    clear();
    quiet.unblock();
    applyMarginWidth();
    QHash<int, Severity> worst;
    for (const Diagnostic &diagnostic : diagnostics) {
        const int line = qBound(0, diagnostic.line - 1, m_editor->lines() - 1);
        Item item{diagnostic, m_editor->markerAdd(line, m_trackMarker)};
        std::tie(item.start, item.end) = rangeOf(diagnostic);
        if (item.end > item.start) {
            m_editor->SendScintilla(Base::SCI_SETINDICATORCURRENT,
                                    indicatorFor(diagnostic.severity));
            m_editor->SendScintilla(
                    Base::SCI_INDICATORFILLRANGE, item.start, item.end - item.start);
        }
        const auto it = worst.constFind(line);
        if (it == worst.constEnd() || rank(diagnostic.severity) < rank(*it))
            worst.insert(line, diagnostic.severity);
        m_items.append(item);
    }
    for (auto it = worst.cbegin(); it != worst.cend(); ++it)
        m_editor->markerAdd(it.key(), markerFor(it.value()));
    Q_EMIT changed();
}

int LintMarks::currentLine(int index) const
{
    if (index < 0 || index >= m_items.size())
        return -1;
    const int line = m_editor->markerLine(m_items.at(index).handle);
    return line >= 0 ? line
                     : qBound(0, m_items.at(index).diagnostic.line - 1, m_editor->lines() - 1);
}

QList<Diagnostic> LintMarks::diagnostics() const
{
    QList<Diagnostic> result;
    for (int i = 0; i < m_items.size(); ++i) {
        Diagnostic diagnostic = m_items.at(i).diagnostic;
        diagnostic.line = currentLine(i) + 1;
        result.append(diagnostic);
    }
    return result;
}

void LintMarks::jumpTo(int index)
{
    const int line = currentLine(index);
    if (line < 0)
        return;
    m_editor->goToLine(line + 1);
    m_editor->setCursorPosition(line, 0);
    m_editor->SendScintilla(Base::SCI_GOTOPOS,
                            m_editor->positionAt(line, m_items.at(index).diagnostic.column));
}

QString LintMarks::messagesAt(int line, long position, bool inMargin) const
{
    QStringList messages;
    for (int i = 0; i < m_items.size(); ++i) {
        if (currentLine(i) != line)
            continue;
        const Diagnostic &diagnostic = m_items.at(i).diagnostic;
        if (!inMargin
            && m_editor->SendScintilla(
                       Base::SCI_INDICATORVALUEAT, indicatorFor(diagnostic.severity), position)
                       == 0)
            continue;
        messages.append(diagnostic.code.isEmpty()
                                ? diagnostic.message
                                : diagnostic.code + QLatin1Char(' ') + diagnostic.message);
    }
    return messages.join(QLatin1Char('\n'));
}

} // namespace Sandpiper::Ui
