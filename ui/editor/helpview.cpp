#include "helpview.h"

#include "docstringhtml.h"

#include "editortheme.h"

#include <QDir>
#include <QUrlQuery>

namespace Sandpiper::Ui {

namespace {
const QString DefinitionScheme = QStringLiteral("sandpiper-definition");

// A long signature with one parameter per line, as black would write it: easier to read
// than one wrapped paragraph of annotations. A very long one with the names only.
QString layoutSignature(const QString &signature)
{
    const qsizetype open = signature.indexOf(QLatin1Char('('));
    if (signature.size() <= 80 || open < 0)
        return signature;
    QStringList params;
    QString current;
    int depth = 0;
    QChar quote;
    qsizetype i = open + 1;
    for (; i < signature.size(); ++i) {
        const QChar c = signature.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
        } else if (c == QLatin1Char('(') || c == QLatin1Char('[') || c == QLatin1Char('{')) {
            ++depth;
        } else if (c == QLatin1Char(')') || c == QLatin1Char(']') || c == QLatin1Char('}')) {
            if (depth == 0)
                break; // the closing parenthesis of the parameters
            --depth;
        } else if (c == QLatin1Char(',') && depth == 0) {
            params.append(current.trimmed());
            current.clear();
            continue;
        }
        current += c;
    }
    if (!current.trimmed().isEmpty())
        params.append(current.trimmed());
    if (i >= signature.size() || params.isEmpty())
        return signature;
    if (signature.size() > 400) {
        // pandas has fifty annotated parameters: their names only, and the docstring close.
        QStringList names;
        for (const QString &param : std::as_const(params)) {
            qsizetype end = param.size();
            for (QChar stop : {QLatin1Char(':'), QLatin1Char('=')}) {
                const qsizetype at = param.indexOf(stop);
                if (at >= 0)
                    end = qMin(end, at);
            }
            names.append(param.left(end).trimmed());
        }
        return signature.left(open + 1) + names.join(QStringLiteral(", ")) + QLatin1Char(')');
    }
    QString out = signature.left(open + 1) + QLatin1Char('\n');
    for (const QString &param : std::as_const(params))
        out += QStringLiteral("    ") + param + QStringLiteral(",\n");
    return out + signature.mid(i);
}
} // namespace

HelpView::HelpView(QWidget *parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("HelpView"));
    setOpenLinks(false);
    setReadOnly(true);
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() != DefinitionScheme)
            return;
        Q_EMIT definitionActivated(m_documentation.definitionPath,
                                   m_documentation.definitionLine,
                                   qMax(0, m_documentation.definitionColumn));
    });
    m_theme = EditorTheme::currentTheme();
    render();
}

void HelpView::setTheme(const KSyntaxHighlighting::Theme &theme)
{
    m_theme = theme;
    render();
}

void HelpView::showDocumentation(const Protocol::Documentation &documentation)
{
    m_documentation = documentation;
    render();
}

void HelpView::render()
{
    const EditorColors c = EditorTheme::colors(m_theme);
    QPalette p = palette();
    p.setColor(QPalette::Base, c.background);
    p.setColor(QPalette::Text, c.foreground);
    setPalette(p);
    const QString mono = EditorTheme::font().family().toHtmlEscaped();
    const QString dim = c.lineNumbers.name();
    const QString code
            = EditorTheme::textColor(m_theme, KSyntaxHighlighting::Theme::Function).name();
    const QString link
            = EditorTheme::textColor(m_theme, KSyntaxHighlighting::Theme::Keyword).name();
    const Protocol::Documentation &d = m_documentation;
    QString html = QStringLiteral("<html><body style=\"color:%1\">").arg(c.foreground.name());
    if (d.name.isEmpty()) {
        html += QStringLiteral("<p style=\"color:%1\">%2</p>")
                        .arg(dim,
                             tr("Press F1 on a name in the editor, or rest the mouse on it, to "
                                "see its documentation here.")
                                     .toHtmlEscaped());
    } else {
        html += QStringLiteral("<h3 style=\"margin-bottom:2px\">%1 <span style=\"color:%2; "
                               "font-weight:normal; font-size:small\">%3</span></h3>")
                        .arg(d.name.toHtmlEscaped(), dim, d.kind.toHtmlEscaped());
        if (!d.signature.isEmpty())
            html += QStringLiteral("<pre style=\"font-family:'%1'; color:%2; "
                                   "white-space:pre-wrap\">%3</pre>")
                            .arg(mono, code, layoutSignature(d.signature).toHtmlEscaped());
        if (!d.definitionPath.isEmpty() && d.definitionLine > 0) {
            const QString where = QStringLiteral("%1:%2")
                                          .arg(QDir::toNativeSeparators(d.definitionPath))
                                          .arg(d.definitionLine);
            html += QStringLiteral("<p style=\"color:%1; font-size:small\">%2 "
                                   "<a style=\"color:%3\" href=\"%4:go\">%5</a></p>")
                            .arg(dim,
                                 tr("Defined in").toHtmlEscaped(),
                                 link,
                                 DefinitionScheme,
                                 where.toHtmlEscaped());
        }
        if (d.doc.trimmed().isEmpty())
            html += QStringLiteral("<p style=\"color:%1\">%2</p>")
                            .arg(dim, tr("No documentation.").toHtmlEscaped());
        else
            html += Models::docstringHtml(d.doc, {mono, code, dim});
    }
    html += QStringLiteral("</body></html>");
    setHtml(html);
}

} // namespace Sandpiper::Ui
