#include "syntaxlexer.h"

#include "editortheme.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Theme>

namespace Sandpiper::Ui {

using KSyntaxHighlighting::Format;
using KSyntaxHighlighting::State;
using KSyntaxHighlighting::Theme;

namespace {
// Scintilla reserves 32..39 for its own styles (default, line numbers, braces, ...).
constexpr int firstReservedStyle = 32;
constexpr int lastReservedStyle = 39;
constexpr int maxStyle = 255;

int utf8Length(char16_t unit)
{
    if (unit < 0x80)
        return 1;
    if (unit < 0x800)
        return 2;
    if (QChar::isHighSurrogate(unit))
        return 4; // the pair's four bytes go to the high half
    if (QChar::isLowSurrogate(unit))
        return 0;
    return 3;
}
} // namespace

SyntaxLexer::SyntaxLexer(const KSyntaxHighlighting::Definition &definition,
                         const Theme &theme,
                         const QFont &font,
                         QObject *parent)
    : QsciLexerCustom(parent)
    , m_language(definition.name().toUtf8())
    , m_font(font)
{
    setDefinition(definition);
    setTheme(theme);
}

const char *SyntaxLexer::language() const
{
    return m_language.constData();
}

QString SyntaxLexer::description(int style) const
{
    if (style == 0)
        return QStringLiteral("Normal");
    const auto it = m_formatByStyle.constFind(style);
    return it == m_formatByStyle.cend() ? QString() : it->name();
}

void SyntaxLexer::setTheme(const Theme &theme)
{
    AbstractHighlighter::setTheme(theme);
    const EditorColors colors = EditorTheme::colors(theme);
    setDefaultPaper(colors.background);
    setDefaultColor(colors.foreground);
    setDefaultFont(m_font);
    setPaper(colors.background, 0);
    setColor(colors.foreground, 0);
    setFont(m_font, 0);
    for (auto it = m_formatByStyle.cbegin(); it != m_formatByStyle.cend(); ++it)
        applyStyle(it.key(), it.value());
}

void SyntaxLexer::setEditorFont(const QFont &font)
{
    m_font = font;
    setTheme(theme());
}

int SyntaxLexer::styleFor(const Format &format)
{
    if (!format.isValid())
        return 0;
    const auto it = m_styleByFormat.constFind(format.id());
    if (it != m_styleByFormat.cend())
        return *it;
    if (m_nextStyle == firstReservedStyle)
        m_nextStyle = lastReservedStyle + 1;
    if (m_nextStyle > maxStyle)
        return 0;
    const int style = m_nextStyle++;
    m_styleByFormat.insert(format.id(), style);
    m_formatByStyle.insert(style, format);
    applyStyle(style, format);
    return style;
}

void SyntaxLexer::applyStyle(int style, const Format &format)
{
    const Theme current = theme();
    const EditorColors colors = EditorTheme::colors(current);
    setColor(format.hasTextColor(current) ? format.textColor(current) : colors.foreground, style);
    setPaper(format.hasBackgroundColor(current) ? format.backgroundColor(current)
                                                : colors.background,
             style);
    QFont font = m_font;
    font.setBold(format.isBold(current));
    font.setItalic(format.isItalic(current));
    font.setUnderline(format.isUnderline(current));
    font.setStrikeOut(format.isStrikeThrough(current));
    setFont(font, style);
}

void SyntaxLexer::applyFormat(int offset, int length, const Format &format)
{
    const int style = styleFor(format);
    const qsizetype end = qMin<qsizetype>(offset + length, m_lineStyles.size());
    for (qsizetype i = qMax(0, offset); i < end; ++i)
        m_lineStyles[i] = uchar(style);
}

void SyntaxLexer::styleText(int start, int end)
{
    QsciScintilla *ed = editor();
    if (!ed)
        return;
    const int lineCount = int(ed->SendScintilla(QsciScintillaBase::SCI_GETLINECOUNT));
    const int firstLine = int(ed->SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, start));
    const int lastLine = int(ed->SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, end));
    if (m_lineStates.size() > lineCount)
        m_lineStates.resize(lineCount);
    // Lines before the first one to style were styled after the last edit, so their end
    // states are current.
    State state = firstLine > 0 && firstLine - 1 < m_lineStates.size()
                          ? m_lineStates.at(firstLine - 1)
                          : State();
    const long docLength = ed->SendScintilla(QsciScintillaBase::SCI_GETLENGTH);
    for (int line = firstLine; line <= lastLine && line < lineCount; ++line) {
        const long lineStart = ed->SendScintilla(QsciScintillaBase::SCI_POSITIONFROMLINE, line);
        const long textEnd = ed->SendScintilla(QsciScintillaBase::SCI_GETLINEENDPOSITION, line);
        const long nextStart
                = line + 1 < lineCount
                          ? ed->SendScintilla(QsciScintillaBase::SCI_POSITIONFROMLINE, line + 1)
                          : docLength;
        const auto *bytes = reinterpret_cast<const char *>(ed->SendScintilla(
                QsciScintillaBase::SCI_GETRANGEPOINTER, lineStart, textEnd - lineStart));
        const QString text = QString::fromUtf8(bytes, textEnd - lineStart);

        m_lineStyles.fill(0, text.size());
        state = highlightLine(text, state);
        if (m_lineStates.size() <= line)
            m_lineStates.resize(line + 1);
        m_lineStates[line] = state;

        // Runs of equal style, measured in UTF-8 bytes for Scintilla.
        startStyling(int(lineStart));
        int runStyle = text.isEmpty() ? 0 : m_lineStyles.at(0);
        int runBytes = 0;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const int style = m_lineStyles.at(i);
            if (style != runStyle) {
                setStyling(runBytes, runStyle);
                runStyle = style;
                runBytes = 0;
            }
            runBytes += utf8Length(text.at(i).unicode());
        }
        // The line break takes the default style.
        if (runStyle == 0) {
            setStyling(runBytes + int(nextStart - textEnd), 0);
        } else {
            setStyling(runBytes, runStyle);
            if (nextStart > textEnd)
                setStyling(int(nextStart - textEnd), 0);
        }
    }
}

} // namespace Sandpiper::Ui
