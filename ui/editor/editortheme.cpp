#include "editortheme.h"

#include "qscintilla.h"

#include <KSyntaxHighlighting/Repository>

#include <QFontDatabase>
#include <QSettings>

namespace Sandpiper::Ui {

using KSyntaxHighlighting::Repository;
using KSyntaxHighlighting::Theme;

namespace {
QColor rgb(QRgb value, const QColor &fallback = {})
{
    // KSyntaxHighlighting returns 0 (fully transparent) for a colour the theme leaves unset.
    return qAlpha(value) == 0 ? fallback : QColor::fromRgba(value);
}

QColor blend(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * t,
                            a.greenF() + (b.greenF() - a.greenF()) * t,
                            a.blueF() + (b.blueF() - a.blueF()) * t);
}

// QsciLexerPython style -> KSyntaxHighlighting text style.
struct StyleMapping
{
    int lexerStyle;
    Theme::TextStyle textStyle;
};

constexpr StyleMapping pythonStyles[] = {
        {QsciLexerPython::Default, Theme::Normal},
        {QsciLexerPython::Comment, Theme::Comment},
        {QsciLexerPython::Number, Theme::DecVal},
        {QsciLexerPython::DoubleQuotedString, Theme::String},
        {QsciLexerPython::SingleQuotedString, Theme::String},
        {QsciLexerPython::Keyword, Theme::Keyword},
        {QsciLexerPython::TripleSingleQuotedString, Theme::String},
        {QsciLexerPython::TripleDoubleQuotedString, Theme::String},
        {QsciLexerPython::ClassName, Theme::DataType},
        {QsciLexerPython::FunctionMethodName, Theme::Function},
        {QsciLexerPython::Operator, Theme::Operator},
        {QsciLexerPython::Identifier, Theme::Normal},
        {QsciLexerPython::CommentBlock, Theme::Comment},
        {QsciLexerPython::UnclosedString, Theme::Error},
        {QsciLexerPython::HighlightedIdentifier, Theme::BuiltIn},
        {QsciLexerPython::Decorator, Theme::Attribute},
        {QsciLexerPython::DoubleQuotedFString, Theme::String},
        {QsciLexerPython::SingleQuotedFString, Theme::String},
        {QsciLexerPython::TripleSingleQuotedFString, Theme::String},
        {QsciLexerPython::TripleDoubleQuotedFString, Theme::String},
};
} // namespace

Repository &EditorTheme::repository()
{
    static Repository *instance = new Repository; // intentionally leaked: used until exit
    return *instance;
}

Theme EditorTheme::theme(ColorScheme scheme)
{
    const bool dark = effectiveColorScheme(scheme) == ColorScheme::Dark;
    const QString name = QSettings()
                                 .value(dark ? QStringLiteral("editor/darkTheme")
                                             : QStringLiteral("editor/lightTheme"))
                                 .toString();
    if (!name.isEmpty()) {
        const Theme named = repository().theme(name);
        if (named.isValid())
            return named;
    }
    return repository().defaultTheme(dark ? Repository::DarkTheme : Repository::LightTheme);
}

Theme EditorTheme::currentTheme()
{
    return theme(ColorSchemeSetting::load());
}

QColor EditorTheme::textColor(const Theme &theme, Theme::TextStyle style)
{
    return rgb(theme.textColor(style), rgb(theme.textColor(Theme::Normal), Qt::black));
}

EditorColors EditorTheme::colors(const Theme &theme)
{
    EditorColors c;
    c.background = rgb(theme.editorColor(Theme::BackgroundColor), Qt::white);
    c.foreground = textColor(theme, Theme::Normal);
    c.selection = rgb(theme.editorColor(Theme::TextSelection), QColor(0x94, 0xca, 0xef));
    c.currentLine = rgb(theme.editorColor(Theme::CurrentLine), c.background);
    c.margin = rgb(theme.editorColor(Theme::IconBorder), c.background);
    c.lineNumbers = rgb(theme.editorColor(Theme::LineNumbers), c.foreground);
    c.currentLineNumber = rgb(theme.editorColor(Theme::CurrentLineNumber), c.foreground);
    c.folding = rgb(theme.editorColor(Theme::CodeFolding), c.selection);
    c.indentGuide = rgb(theme.editorColor(Theme::IndentationLine), c.lineNumbers);
    c.braceMatch = rgb(theme.editorColor(Theme::BracketMatching), c.selection);
    c.searchHighlight = rgb(theme.editorColor(Theme::SearchHighlight), c.selection);
    c.edge = rgb(theme.editorColor(Theme::WordWrapMarker), c.lineNumbers);
    // The theme's Separator role is meant for thin frame lines and is nearly invisible in the
    // text area; the line-number colour reads as a rule on both light and dark themes.
    c.separator = blend(c.background, c.lineNumbers, 0.7);
    // The current cell is a quiet band: halfway between the paper and the current-line colour
    // would vanish on themes with a faint current line, so lean on the folding colour.
    c.currentCell = blend(c.background, c.folding, 0.35);
    c.error = textColor(theme, Theme::Error);
    c.warning = textColor(theme, Theme::Warning);
    return c;
}

QTextCharFormat EditorTheme::format(const Theme &theme, Theme::TextStyle style)
{
    QTextCharFormat format;
    format.setForeground(textColor(theme, style));
    const QColor background = rgb(theme.backgroundColor(style));
    if (background.isValid())
        format.setBackground(background);
    if (theme.isBold(style))
        format.setFontWeight(QFont::Bold);
    format.setFontItalic(theme.isItalic(style));
    format.setFontUnderline(theme.isUnderline(style));
    format.setFontStrikeOut(theme.isStrikeThrough(style));
    return format;
}

QFont EditorTheme::font()
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const int size = QSettings().value(QStringLiteral("editor/fontSize")).toInt();
    if (size >= 6 && size <= 72)
        font.setPointSize(size);
    return font;
}

void EditorTheme::applyToPythonLexer(QsciLexer *lexer, const Theme &theme, const QFont &font)
{
    const EditorColors c = colors(theme);
    lexer->setDefaultPaper(c.background);
    lexer->setDefaultColor(c.foreground);
    lexer->setDefaultFont(font);
    lexer->setPaper(c.background, -1);
    lexer->setFont(font, -1);
    for (const StyleMapping &m : pythonStyles) {
        lexer->setColor(textColor(theme, m.textStyle), m.lexerStyle);
        lexer->setPaper(rgb(theme.backgroundColor(m.textStyle), c.background), m.lexerStyle);
        QFont styleFont = font;
        styleFont.setBold(theme.isBold(m.textStyle));
        styleFont.setItalic(theme.isItalic(m.textStyle));
        styleFont.setUnderline(theme.isUnderline(m.textStyle));
        lexer->setFont(styleFont, m.lexerStyle);
    }
    // Unclosed strings keep the string colour; the error shows as the line's paper.
    lexer->setColor(textColor(theme, Theme::String), QsciLexerPython::UnclosedString);
    lexer->setPaper(blend(c.background, c.error, 0.18), QsciLexerPython::UnclosedString);
    lexer->setEolFill(true, QsciLexerPython::UnclosedString);
}

void EditorTheme::applyToEditor(QsciScintilla *editor, const Theme &theme)
{
    const EditorColors c = colors(theme);
    editor->setPaper(c.background);
    editor->setColor(c.foreground);
    editor->setCaretForegroundColor(c.foreground);
    editor->setCaretLineBackgroundColor(c.currentLine);
    editor->setSelectionBackgroundColor(c.selection);
    editor->resetSelectionForegroundColor(); // keep syntax colours inside the selection
    editor->setMarginsBackgroundColor(c.margin);
    editor->setMarginsForegroundColor(c.lineNumbers);
    editor->setMarginsFont(font());
    editor->setFoldMarginColors(c.margin, c.margin);
    for (int marker = int(QsciScintilla::SC_MARKNUM_FOLDEREND);
         marker <= int(QsciScintilla::SC_MARKNUM_FOLDEROPEN);
         ++marker) {
        editor->setMarkerForegroundColor(c.margin, marker);
        editor->setMarkerBackgroundColor(c.lineNumbers, marker);
    }
    editor->setMatchedBraceBackgroundColor(c.braceMatch);
    editor->setMatchedBraceForegroundColor(c.foreground);
    editor->setUnmatchedBraceBackgroundColor(c.background);
    editor->setUnmatchedBraceForegroundColor(c.error);
    editor->setIndentationGuidesForegroundColor(c.indentGuide);
    editor->setIndentationGuidesBackgroundColor(c.background);
    editor->setEdgeColor(c.edge);
    editor->setWhitespaceForegroundColor(c.indentGuide);
}

} // namespace Sandpiper::Ui
