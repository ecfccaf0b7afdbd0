#include "viewcode.h"

#include <QStringList>

namespace Sandpiper::Models {

using namespace Protocol;

QString pythonStringLiteral(const QString &text)
{
    QString out = QStringLiteral("'");
    for (const char32_t c : text.toUcs4()) {
        if (c == U'\\' || c == U'\'') {
            out += QLatin1Char('\\') + QChar(c);
        } else if (c < 0x20 || c == 0x7f || (c >= 0xd800 && c <= 0xdfff)) {
            out += QStringLiteral("\\U%1").arg(uint(c), 8, 16, QLatin1Char('0'));
        } else {
            out += QString::fromUcs4(&c, 1);
        }
    }
    return out + QLatin1Char('\'');
}

QString pythonLiteral(const QCborValue &value)
{
    if (value.isNull() || value.isUndefined() || value.isInvalid())
        return QStringLiteral("None");
    if (value.isBool())
        return value.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    if (value.isInteger())
        return QString::number(value.toInteger());
    if (value.isDouble()) {
        const double number = value.toDouble();
        if (std::isnan(number))
            return QStringLiteral("float('nan')");
        if (std::isinf(number))
            return number > 0 ? QStringLiteral("float('inf')") : QStringLiteral("-float('inf')");
        QString text = QString::number(number, 'g', QLocale::FloatingPointShortest);
        if (!text.contains(QLatin1Char('.')) && !text.contains(QLatin1Char('e')))
            text += QStringLiteral(".0");
        return text;
    }
    return pythonStringLiteral(value.toString());
}

namespace {

QString conditionCode(const QString &column, const FilterCondition &condition)
{
    const QCborArray &values = condition.values;
    const QString first = values.isEmpty() ? QString() : pythonLiteral(values.first());
    switch (condition.op) {
    case FilterOp::Equal:
        return QStringLiteral("(%1 == %2)").arg(column, first);
    case FilterOp::NotEqual:
        return QStringLiteral("(%1 != %2)").arg(column, first);
    case FilterOp::Less:
        return QStringLiteral("(%1 < %2)").arg(column, first);
    case FilterOp::LessEqual:
        return QStringLiteral("(%1 <= %2)").arg(column, first);
    case FilterOp::Greater:
        return QStringLiteral("(%1 > %2)").arg(column, first);
    case FilterOp::GreaterEqual:
        return QStringLiteral("(%1 >= %2)").arg(column, first);
    case FilterOp::Between:
        return QStringLiteral("%1.between(%2, %3)").arg(column, first, pythonLiteral(values.at(1)));
    case FilterOp::IsNull:
        return QStringLiteral("%1.isna()").arg(column);
    case FilterOp::NotNull:
        return QStringLiteral("%1.notna()").arg(column);
    case FilterOp::Contains:
        return QStringLiteral("%1.astype(str).str.contains(%2, regex=False)").arg(column, first);
    case FilterOp::StartsWith:
        return QStringLiteral("%1.astype(str).str.startswith(%2)").arg(column, first);
    case FilterOp::EndsWith:
        return QStringLiteral("%1.astype(str).str.endswith(%2)").arg(column, first);
    case FilterOp::Regex:
        return QStringLiteral("%1.astype(str).str.contains(%2, regex=True)").arg(column, first);
    case FilterOp::In: {
        QStringList items;
        for (const QCborValue &value : values)
            items.append(pythonLiteral(value));
        return QStringLiteral("%1.isin([%2])").arg(column, items.join(QStringLiteral(", ")));
    }
    }
    return QString();
}

} // namespace

namespace {

// "df[(df.iloc[:, 1] > 3) & ...]": the rows the filter keeps.
QString filterText(const QString &name, const TableFilter &filter, bool isSeries)
{
    QStringList conditions;
    for (const FilterCondition &condition : filter.conditions) {
        const QString column
                = isSeries ? name
                           : QStringLiteral("%1.iloc[:, %2]").arg(name).arg(condition.column);
        conditions.append(conditionCode(column, condition));
    }
    const QString joiner = filter.matchAll ? QStringLiteral(" & ") : QStringLiteral(" | ");
    return QStringLiteral("%1[%2]").arg(name, conditions.join(joiner));
}

// "table.sort_values(...)" in the engine's order (nulls last); columns named through `labels`
// (the same columns as `table`).
QString sortText(const QString &table,
                 const QString &labels,
                 const QList<SortKey> &sort,
                 bool isSeries,
                 bool multiline)
{
    QStringList ascending;
    QStringList columns;
    for (const SortKey &key : sort) {
        ascending.append(key.ascending ? QStringLiteral("True") : QStringLiteral("False"));
        columns.append(QStringLiteral("%1.columns[%2]").arg(labels).arg(key.column));
    }
    if (isSeries)
        return QStringLiteral("%1.sort_values(ascending=%2, na_position=\"last\")")
                .arg(table, ascending.first());
    const QString by = columns.join(QStringLiteral(", "));
    const QString order = ascending.join(QStringLiteral(", "));
    return multiline ? QStringLiteral("%1.sort_values(\n    by=[%2],\n    ascending=[%3],\n"
                                      "    na_position=\"last\",\n)")
                               .arg(table, by, order)
                     : QStringLiteral("%1.sort_values(by=[%2], ascending=[%3], "
                                      "na_position=\"last\")")
                               .arg(table, by, order);
}

} // namespace

QString viewCode(const QString &name, const TableView &view, bool isSeries)
{
    if (view.isEmpty())
        return QString();
    QString code;
    QString current = name;
    if (!view.filter.isEmpty()) {
        code += QStringLiteral("view = %1\n").arg(filterText(name, view.filter, isSeries));
        current = QStringLiteral("view");
    }
    if (!view.sort.isEmpty())
        code += QStringLiteral("view = %1\n")
                        .arg(sortText(current, current, view.sort, isSeries, true));
    return code;
}

QString viewExpression(const QString &name, const TableView &view, bool isSeries)
{
    QString expression = view.filter.isEmpty() ? name : filterText(name, view.filter, isSeries);
    if (!view.sort.isEmpty())
        expression = sortText(expression, name, view.sort, isSeries, false);
    return expression;
}

} // namespace Sandpiper::Models
