#pragma once

#include "colorscheme.h"

#include <KSyntaxHighlighting/Theme>

#include <QColor>
#include <QFont>
#include <QTextCharFormat>

class QsciLexer;
class QsciScintilla;

namespace KSyntaxHighlighting {
class Repository;
}

namespace Sandpiper::Ui {

// The editor's colours, taken from a KSyntaxHighlighting theme: the one place that maps theme
// roles to widget colours, so that the editor, the console and previews look alike.
struct EditorColors
{
    QColor background;
    QColor foreground;
    QColor selection;
    QColor currentLine;
    QColor margin;
    QColor lineNumbers;
    QColor currentLineNumber;
    QColor folding;
    QColor indentGuide;
    QColor braceMatch;
    QColor searchHighlight;
    QColor separator;   // lines between cells
    QColor currentCell; // background of the cell holding the cursor
    QColor edge;        // the long-line marker
    QColor error;
    QColor warning;
};

class EditorTheme
{
public:
    // The shared definition and theme repository. Loading it reads every definition's header,
    // so it is created once, on first use, in the GUI thread.
    static KSyntaxHighlighting::Repository &repository();

    // The theme for a colour scheme (System is resolved). The names can be overridden with the
    // settings keys editor/lightTheme and editor/darkTheme; unknown names fall back to the
    // repository's default light or dark theme.
    static KSyntaxHighlighting::Theme theme(ColorScheme scheme);
    // The theme for the app's current colour scheme setting.
    static KSyntaxHighlighting::Theme currentTheme();

    static EditorColors colors(const KSyntaxHighlighting::Theme &theme);
    // A text style of the theme as a character format, for QTextDocument based views.
    static QTextCharFormat format(const KSyntaxHighlighting::Theme &theme,
                                  KSyntaxHighlighting::Theme::TextStyle style);
    static QColor textColor(const KSyntaxHighlighting::Theme &theme,
                            KSyntaxHighlighting::Theme::TextStyle style);

    // The monospaced font used by every style.
    static QFont font();

    // Colours of a QsciLexerPython (or subclass) from the theme.
    static void applyToPythonLexer(QsciLexer *lexer,
                                   const KSyntaxHighlighting::Theme &theme,
                                   const QFont &font);
    // Everything that is not a lexer style: paper, caret, selection, margins, folding, braces.
    // Apply after setLexer(), which resets the editor's own styles.
    static void applyToEditor(QsciScintilla *editor, const KSyntaxHighlighting::Theme &theme);
};

} // namespace Sandpiper::Ui
