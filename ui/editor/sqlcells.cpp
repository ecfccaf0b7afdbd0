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

QString SqlCells::python(const QString &title, const QString &sql)
{
    const QString call = QStringLiteral("sandpiper.sql(%1)").arg(literal(sql));
    const qsizetype at = title.lastIndexOf(arrow);
    if (at < 0)
        return call; // a trailing expression: the console shows the result
    const QString name = title.mid(at + arrow.size()).trimmed();
    if (const QString problem = Models::VariableNaming::problem(name); !problem.isEmpty()) {
        // Raised in the session, where the cell's other errors are shown too.
        const QString message = tr("The name after -> in a [sql] cell: %1").arg(problem);
        return QStringLiteral("raise ValueError(%1)").arg(literal(message));
    }
    return QStringLiteral("%1 = %2; %1").arg(name, call);
}

QString SqlCells::script(const QString &text)
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
        const QString sql = lines.mid(first, last - first + 1).join(u'\n');
        if (sql.trimmed().isEmpty())
            continue;
        const QStringList replaced = python(cell.title, sql).split(u'\n');
        for (int i = 0; i < replaced.size(); ++i)
            lines[first + i] = replaced.at(i);
    }
    return lines.join(u'\n');
}

} // namespace Sandpiper::Ui
