#include "docstringhtml.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <utility>

namespace Sandpiper::Models {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Sandpiper::Models::DocstringHtml", text);
}

int indentOf(const QString &line)
{
    int n = 0;
    while (n < line.size() && line.at(n) == u' ')
        ++n;
    return n;
}

bool isBlank(const QString &line)
{
    return line.trimmed().isEmpty();
}

// Python's inspect.cleandoc: the first line as it is, the common indent of the rest removed,
// tabs as spaces, blank lines at both ends dropped.
QStringList cleanLines(const QString &docstring)
{
    QString text = docstring;
    text.replace(u'\t', QStringLiteral("        "));
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    QStringList lines = text.split(u'\n');
    int common = INT_MAX;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (!isBlank(lines.at(i)))
            common = std::min(common, indentOf(lines.at(i)));
    }
    if (!lines.isEmpty())
        lines[0] = lines.at(0).trimmed();
    for (qsizetype i = 1; i < lines.size(); ++i)
        lines[i] = isBlank(lines.at(i)) ? QString() : lines.at(i).mid(common);
    while (!lines.isEmpty() && isBlank(lines.constFirst()))
        lines.removeFirst();
    while (!lines.isEmpty() && isBlank(lines.constLast()))
        lines.removeLast();
    return lines;
}

// numpydoc sections whose entries are "name : type" terms with an indented description.
bool isDefinitionSection(const QString &title)
{
    static const QStringList sections = {QStringLiteral("parameters"),
                                         QStringLiteral("other parameters"),
                                         QStringLiteral("returns"),
                                         QStringLiteral("yields"),
                                         QStringLiteral("receives"),
                                         QStringLiteral("raises"),
                                         QStringLiteral("warns"),
                                         QStringLiteral("attributes"),
                                         QStringLiteral("methods"),
                                         QStringLiteral("see also"),
                                         QStringLiteral("keyword arguments"),
                                         QStringLiteral("args"),
                                         QStringLiteral("arguments")};
    return sections.contains(title.trimmed().toLower());
}

bool isUnderline(const QString &line)
{
    static const QRegularExpression underline(QStringLiteral("^\\s*([-=~^\"'`#*+])\\1{2,}\\s*$"));
    return underline.match(line).hasMatch();
}

class Renderer
{
public:
    explicit Renderer(const DocstringStyle &style, int depth = 0)
        : m_style(style)
        , m_depth(depth)
    {}

    QString render(const QStringList &lines);

private:
    QString inlineMarkup(const QString &text) const;
    QString code(const QString &text) const;
    QString pre(const QStringList &lines) const;
    QString paragraph(const QStringList &lines) const;
    // Lines from start on while blank or indented deeper than indent: a block's body.
    qsizetype blockEnd(const QStringList &lines, qsizetype start, int indent) const;
    QStringList dedented(const QStringList &lines, qsizetype from, qsizetype to) const;
    QString directive(const QString &name, const QString &argument, const QStringList &body) const;
    // A numpydoc entry's term; with typed, "name : type" (otherwise "name : what it does").
    QString term(const QString &text, bool typed) const;

    DocstringStyle m_style;
    int m_depth; // of blocks within blocks: the text is untrusted, the stack is not endless
};

constexpr int MostDepth = 12;

QString Renderer::code(const QString &text) const
{
    return QStringLiteral("<code style=\"font-family:'%1'; color:%2\">%3</code>")
            .arg(m_style.codeFont, m_style.codeColor, text.toHtmlEscaped());
}

QString Renderer::pre(const QStringList &lines) const
{
    QStringList kept = lines;
    while (!kept.isEmpty() && isBlank(kept.constLast()))
        kept.removeLast();
    return QStringLiteral(
                   "<pre style=\"font-family:'%1'; color:%2; white-space:pre-wrap\">%3</pre>")
            .arg(m_style.codeFont, m_style.codeColor, kept.join(u'\n').toHtmlEscaped());
}

QString Renderer::inlineMarkup(const QString &text) const
{
    // ``code``, :role:`target`, `text`_ (a link), `text`, **strong**, *emphasis*.
    static const QRegularExpression markup(QStringLiteral(
            "``(.+?)``|:[\\w.:+-]+:`([^`]+)`|`([^`]+)`__?|`([^`]+)`|\\*\\*(\\S.*?)\\*\\*"
            "|(?<![\\w*])\\*(\\S[^*]*?)\\*(?![\\w*])"));
    static const QRegularExpression target(QStringLiteral("^(.*?)\\s*<[^<>]*>$"));
    QString out;
    qsizetype at = 0;
    auto it = markup.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += text.mid(at, m.capturedStart() - at).toHtmlEscaped();
        at = m.capturedEnd();
        if (m.hasCaptured(1)) {
            out += code(m.captured(1));
        } else if (m.hasCaptured(2)) {
            // :func:`~pandas.read_csv` reads read_csv; :ref:`the guide <guide>` reads the guide.
            QString shown = m.captured(2);
            if (const auto named = target.match(shown); named.hasMatch())
                shown = named.captured(1);
            if (shown.startsWith(u'~'))
                shown = shown.mid(shown.lastIndexOf(u'.') + 1);
            shown.remove(u'!');
            out += code(shown);
        } else if (m.hasCaptured(3)) {
            QString shown = m.captured(3);
            if (const auto named = target.match(shown); named.hasMatch())
                shown = named.captured(1);
            out += QStringLiteral("<u>%1</u>").arg(shown.toHtmlEscaped());
        } else if (m.hasCaptured(4)) {
            out += QStringLiteral("<i>%1</i>").arg(m.captured(4).toHtmlEscaped());
        } else if (m.hasCaptured(5)) {
            out += QStringLiteral("<b>%1</b>").arg(m.captured(5).toHtmlEscaped());
        } else {
            out += QStringLiteral("<i>%1</i>").arg(m.captured(6).toHtmlEscaped());
        }
    }
    out += text.mid(at).toHtmlEscaped();
    return out;
}

QString Renderer::paragraph(const QStringList &lines) const
{
    QStringList words;
    for (const QString &line : lines)
        words << line.trimmed();
    return QStringLiteral("<p>%1</p>").arg(inlineMarkup(words.join(u' ')));
}

qsizetype Renderer::blockEnd(const QStringList &lines, qsizetype start, int indent) const
{
    qsizetype end = start;
    qsizetype lastText = start;
    while (end < lines.size() && (isBlank(lines.at(end)) || indentOf(lines.at(end)) > indent)) {
        if (!isBlank(lines.at(end)))
            lastText = end + 1;
        ++end;
    }
    return std::max(start, lastText); // trailing blank lines belong to what follows
}

QStringList Renderer::dedented(const QStringList &lines, qsizetype from, qsizetype to) const
{
    int common = INT_MAX;
    for (qsizetype i = from; i < to; ++i) {
        if (!isBlank(lines.at(i)))
            common = std::min(common, indentOf(lines.at(i)));
    }
    QStringList out;
    for (qsizetype i = from; i < to; ++i)
        out << (isBlank(lines.at(i)) ? QString() : lines.at(i).mid(common));
    return out;
}

QString Renderer::directive(const QString &name,
                            const QString &argument,
                            const QStringList &body) const
{
    const QString lower = name.toLower();
    const QString text = QStringList(body).join(u' ').simplified();
    const auto note = [&](const QString &label, const QString &rest) {
        return QStringLiteral("<p style=\"color:%1\"><i>%2</i>%3</p>")
                .arg(m_style.dimColor,
                     label.toHtmlEscaped(),
                     rest.isEmpty() ? QString() : QStringLiteral(" ") + inlineMarkup(rest));
    };
    if (lower == u"versionadded")
        return note(tr("New in version %1.").arg(argument), text);
    if (lower == u"versionchanged")
        return note(tr("Changed in version %1.").arg(argument), text);
    if (lower == u"deprecated")
        return note(tr("Deprecated since version %1.").arg(argument), text);
    // Admonitions: their label, then their text.
    static const QList<std::pair<QString, const char *>> admonitions = {
            {QStringLiteral("note"), QT_TRANSLATE_NOOP("Sandpiper::Models::DocstringHtml", "Note")},
            {QStringLiteral("warning"),
             QT_TRANSLATE_NOOP("Sandpiper::Models::DocstringHtml", "Warning")},
            {QStringLiteral("important"),
             QT_TRANSLATE_NOOP("Sandpiper::Models::DocstringHtml", "Important")},
            {QStringLiteral("tip"), QT_TRANSLATE_NOOP("Sandpiper::Models::DocstringHtml", "Tip")},
            {QStringLiteral("hint"), QT_TRANSLATE_NOOP("Sandpiper::Models::DocstringHtml", "Hint")},
            {QStringLiteral("caution"),
             QT_TRANSLATE_NOOP("Sandpiper::Models::DocstringHtml", "Caution")},
            {QStringLiteral("attention"),
             QT_TRANSLATE_NOOP("Sandpiper::Models::DocstringHtml", "Attention")},
            {QStringLiteral("danger"),
             QT_TRANSLATE_NOOP("Sandpiper::Models::DocstringHtml", "Danger")},
            {QStringLiteral("error"),
             QT_TRANSLATE_NOOP("Sandpiper::Models::DocstringHtml", "Error")},
            {QStringLiteral("seealso"),
             QT_TRANSLATE_NOOP("Sandpiper::Models::DocstringHtml", "See also")}};
    for (const auto &[key, label] : admonitions) {
        if (lower != key)
            continue;
        const QString all = QString(argument + QLatin1Char(' ') + text).simplified();
        return QStringLiteral("<p><b>%1:</b> %2</p>")
                .arg(tr(label).toHtmlEscaped(), inlineMarkup(all));
    }
    // code-block, math, plot, autosummary, ...: their text as it is.
    QStringList shown = body;
    if (!argument.isEmpty() && lower != u"code-block" && lower != u"code" && lower != u"sourcecode")
        shown.prepend(argument);
    return shown.isEmpty() ? QString() : pre(shown);
}

QString Renderer::term(const QString &text, bool typed) const
{
    // "name : type" (numpydoc), or a name, or "name, other : type".
    const qsizetype colon = text.indexOf(QStringLiteral(" : "));
    if (colon < 0)
        return QStringLiteral("<b>%1</b>").arg(inlineMarkup(text.trimmed()));
    return (typed ? QStringLiteral("<b>%1</b> : <i>%2</i>") : QStringLiteral("<b>%1</b> : %2"))
            .arg(inlineMarkup(text.left(colon).trimmed()),
                 inlineMarkup(text.mid(colon + 3).trimmed()));
}

QString Renderer::render(const QStringList &lines)
{
    static const QRegularExpression directiveLine(
            QStringLiteral("^\\.\\.\\s+([\\w-]+)::\\s*(.*)$"));
    static const QRegularExpression bulletLine(QStringLiteral("^([-*+•])\\s+(.*)$"));
    QString html;
    QString section;
    qsizetype i = 0;
    while (i < lines.size()) {
        const QString &line = lines.at(i);
        if (isBlank(line)) {
            ++i;
            continue;
        }
        const int indent = indentOf(line);
        const QString text = line.trimmed();
        // A heading: a line underlined by a line of one punctuation character.
        if (i + 1 < lines.size() && !isUnderline(line) && isUnderline(lines.at(i + 1))) {
            section = text;
            html += QStringLiteral("<h4 style=\"margin-bottom:2px\">%1</h4>")
                            .arg(inlineMarkup(text));
            i += 2;
            continue;
        }
        // Doctest examples: until a blank line.
        if (text.startsWith(QStringLiteral(">>>"))) {
            const qsizetype start = i;
            while (i < lines.size() && !isBlank(lines.at(i)))
                ++i;
            html += pre(dedented(lines, start, i));
            continue;
        }
        if (const auto d = directiveLine.match(text); d.hasMatch()) {
            const qsizetype end = blockEnd(lines, i + 1, indent);
            html += directive(d.captured(1), d.captured(2).trimmed(), dedented(lines, i + 1, end));
            i = end;
            continue;
        }
        if (text.startsWith(QStringLiteral(".. "))) { // a comment or a target: not shown
            i = blockEnd(lines, i + 1, indent);
            continue;
        }
        // A numpydoc entry: the term, then its description indented below it.
        if (isDefinitionSection(section)) {
            const qsizetype end = blockEnd(lines, i + 1, indent);
            html += QStringLiteral("<dl style=\"margin-top:4px; margin-bottom:4px\"><dt>%1</dt>")
                            .arg(term(text, section.trimmed().toLower() != u"see also"));
            if (end > i + 1) {
                const QStringList body = dedented(lines, i + 1, end);
                html += QStringLiteral("<dd>%1</dd>")
                                .arg(m_depth < MostDepth
                                             ? Renderer(m_style, m_depth + 1).render(body)
                                             : pre(body));
            }
            html += QStringLiteral("</dl>");
            i = end;
            continue;
        }
        if (const auto b = bulletLine.match(text); b.hasMatch()) {
            html += QStringLiteral("<ul style=\"margin-top:2px; margin-bottom:2px\">");
            while (i < lines.size() && indentOf(lines.at(i)) == indent) {
                const auto item = bulletLine.match(lines.at(i).trimmed());
                if (!item.hasMatch())
                    break;
                QStringList itemLines{item.captured(2)};
                const qsizetype end = blockEnd(lines, i + 1, indent);
                for (qsizetype j = i + 1; j < end; ++j)
                    itemLines << lines.at(j);
                html += QStringLiteral("<li>%1</li>")
                                .arg(inlineMarkup(itemLines.join(u' ').simplified()));
                i = end;
                while (i < lines.size() && isBlank(lines.at(i)) && i + 1 < lines.size()
                       && indentOf(lines.at(i + 1)) == indent
                       && bulletLine.match(lines.at(i + 1).trimmed()).hasMatch())
                    ++i;
            }
            html += QStringLiteral("</ul>");
            continue;
        }
        // An indented block where none is expected: a quotation.
        if (indent > 0) {
            const qsizetype end = blockEnd(lines, i, indent - 1);
            const QStringList body = dedented(lines, i, end);
            html += QStringLiteral("<blockquote>%1</blockquote>")
                            .arg(m_depth < MostDepth ? Renderer(m_style, m_depth + 1).render(body)
                                                     : pre(body));
            i = end;
            continue;
        }
        // A paragraph: lines up to a blank one or one that starts something else.
        QStringList paragraphLines;
        while (i < lines.size() && !isBlank(lines.at(i)) && indentOf(lines.at(i)) == indent
               && (paragraphLines.isEmpty()
                   || !(i + 1 < lines.size() && isUnderline(lines.at(i + 1))))) {
            paragraphLines << lines.at(i);
            ++i;
        }
        if (paragraphLines.isEmpty()) { // never stall on a line no rule takes
            paragraphLines << line;
            ++i;
        }
        // "text::" starts a literal block: the indented lines after it, as they are.
        QString &last = paragraphLines.last();
        const bool literal = last.trimmed().endsWith(QStringLiteral("::"));
        if (literal) {
            last = last.trimmed();
            last.chop(last == QStringLiteral("::") ? 2 : 1);
        }
        if (!QStringList(paragraphLines).join(QString()).trimmed().isEmpty())
            html += paragraph(paragraphLines);
        if (literal) {
            qsizetype start = i;
            while (start < lines.size() && isBlank(lines.at(start)))
                ++start;
            if (start < lines.size() && indentOf(lines.at(start)) > indent) {
                const qsizetype end = blockEnd(lines, start, indent);
                html += pre(dedented(lines, start, end));
                i = end;
            }
        }
    }
    return html;
}

} // namespace

QString docstringHtml(const QString &docstring, const DocstringStyle &style)
{
    return Renderer(style).render(cleanLines(docstring));
}

} // namespace Sandpiper::Models
