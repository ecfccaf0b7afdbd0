#pragma once

#include "qscintilla.h"

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/State>

#include <QFont>
#include <QHash>
#include <QList>

namespace Sandpiper::Ui {

// A QScintilla lexer driven by a KSyntaxHighlighting definition (JSON, YAML, TOML, SQL,
// Markdown, CSV, INI, ...). KSyntaxHighlighting highlights line by line from the state at the
// end of the previous line; the lexer keeps those states per line, so that restyling after an
// edit starts where Scintilla says the text changed instead of at the top.
//
// Each distinct KSyntaxHighlighting format gets its own Scintilla style (Scintilla has about
// 250), so a definition's own colours survive; the rare overflow falls back to the default.
class SyntaxLexer : public QsciLexerCustom, public KSyntaxHighlighting::AbstractHighlighter
{
    Q_OBJECT
    Q_INTERFACES(KSyntaxHighlighting::AbstractHighlighter)

public:
    SyntaxLexer(const KSyntaxHighlighting::Definition &definition,
                const KSyntaxHighlighting::Theme &theme,
                const QFont &font,
                QObject *parent = nullptr);

    const char *language() const override;
    QString description(int style) const override;
    void styleText(int start, int end) override;

    void setTheme(const KSyntaxHighlighting::Theme &theme) override;
    void setEditorFont(const QFont &font);

    // The style used for a format, for tests. -1 when the format has not been seen.
    int styleForFormatId(int formatId) const { return m_styleByFormat.value(formatId, -1); }

protected:
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override;

private:
    int styleFor(const KSyntaxHighlighting::Format &format);
    void applyStyle(int style, const KSyntaxHighlighting::Format &format);

    QByteArray m_language;
    QFont m_font;
    QList<KSyntaxHighlighting::State> m_lineStates; // state at the end of each line
    QHash<int, int> m_styleByFormat;
    QHash<int, KSyntaxHighlighting::Format> m_formatByStyle;
    int m_nextStyle = 1;
    QList<uchar> m_lineStyles; // style per UTF-16 unit of the line being highlighted
};

} // namespace Sandpiper::Ui
