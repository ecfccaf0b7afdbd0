#include "sqlcells.h"

#include "cellparser.h"

#include <importpreview.h>

#include <QStringList>

namespace Sandpiper::Ui {

namespace {
const QString sqlTag = QStringLiteral("[sql]");
const QString arrow = QStringLiteral("->");
} // namespace

bool SqlCells::isSql(const QString &title)
{
    return title.startsWith(sqlTag, Qt::CaseInsensitive);
}

// A plain (not raw) triple-quoted literal with every backslash and double quote escaped: no
// SQL text can end it early, and its line breaks stay line breaks.
QString SqlCells::literal(const QString &sql)
{
    QString escaped = sql;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
    return QStringLiteral("\"\"\"") + escaped + QStringLiteral("\"\"\"");
}

QString SqlCells::target(const QString &title)
{
    const qsizetype at = title.lastIndexOf(arrow);
    return at < 0 ? QString() : title.mid(at + arrow.size()).trimmed();
}

QString SqlCells::python(const QString &title, const QString &sql)
{
    const QString call = QStringLiteral("sandpiper.sql(%1)").arg(literal(sql));
    if (title.lastIndexOf(arrow) < 0)
        return call; // a trailing expression: the console shows the result
    const QString name = target(title);
    if (const QString problem = Models::VariableNaming::problem(name); !problem.isEmpty()) {
        // Raised in the session, where the cell's other errors are shown too.
        const QString message = tr("The name after -> in a [sql] cell: %1").arg(problem);
        return QStringLiteral("raise ValueError(%1)").arg(literal(message));
    }
    return QStringLiteral("%1 = %2; %1").arg(name, call);
}

QString SqlCells::rewritten(
        const QString &text,
        const std::function<QStringList(const Cell &, const QStringList &)> &replace)
{
    const QList<Cell> cells = CellParser::split(QStringView(text));
    if (std::none_of(cells.cbegin(), cells.cend(), [](const Cell &c) { return isSql(c.title); }))
        return text;
    QStringList lines = text.split(u'\n');
    for (const Cell &cell : cells) {
        const int first = cell.bodyLine();
        const int last = std::min(cell.lastLine, int(lines.size()) - 1);
        if (!isSql(cell.title) || first > last)
            continue;
        const QStringList replaced = replace(cell, lines.mid(first, last - first + 1));
        for (int i = 0; i < replaced.size(); ++i)
            lines[first + i] = replaced.at(i);
    }
    return lines.join(u'\n');
}

QString SqlCells::script(const QString &text)
{
    return rewritten(text, [](const Cell &cell, const QStringList &lines) {
        const QString sql = lines.join(u'\n');
        return sql.trimmed().isEmpty() ? lines : python(cell.title, sql).split(u'\n');
    });
}

QString SqlCells::lintable(const QString &text)
{
    return rewritten(text, [](const Cell &cell, QStringList lines) {
        const QString name = target(cell.title);
        bool named = name.isEmpty() || !Models::VariableNaming::problem(name).isEmpty();
        for (QString &line : lines) {
            if (line.trimmed().isEmpty())
                continue;
            line = named ? QStringLiteral("pass") : name + QStringLiteral(" = ...");
            named = true;
        }
        return lines;
    });
}

} // namespace Sandpiper::Ui
