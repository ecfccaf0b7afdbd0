#include "variablesmodel.h"

#include <QLocale>

#include <algorithm>

namespace Sandpiper::Models {

namespace {
// Removing more rows than this at once resets the model instead: one signal, not thousands.
constexpr int RemoveOneByOneLimit = 64;
} // namespace

void VariablesModel::apply(const Protocol::VariablesDiff &diff)
{
    if (diff.reset) {
        beginResetModel();
        m_rows = diff.changed;
        endResetModel();
        reindex();
        return;
    }
    remove(diff.removed);
    QList<Protocol::VariableSummary> added;
    for (const Protocol::VariableSummary &summary : diff.changed) {
        const auto it = m_rowOf.constFind(summary.name);
        if (it == m_rowOf.cend()) {
            added.append(summary);
            continue;
        }
        m_rows[*it] = summary;
        Q_EMIT dataChanged(index(*it, 0), index(*it, ColumnCount - 1));
    }
    if (added.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size() - 1));
    for (const Protocol::VariableSummary &summary : std::as_const(added)) {
        m_rowOf.insert(summary.name, int(m_rows.size()));
        m_rows.append(summary);
    }
    endInsertRows();
}

void VariablesModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    m_rowOf.clear();
    endResetModel();
}

void VariablesModel::remove(const QStringList &names)
{
    QList<int> rows;
    for (const QString &name : names) {
        if (const auto it = m_rowOf.constFind(name); it != m_rowOf.cend())
            rows.append(*it);
    }
    if (rows.isEmpty())
        return;
    if (rows.size() > RemoveOneByOneLimit) {
        beginResetModel();
        std::sort(rows.begin(), rows.end(), std::greater<>());
        for (int row : std::as_const(rows))
            m_rows.removeAt(row);
        endResetModel();
        reindex();
        return;
    }
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (int row : std::as_const(rows)) {
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
    }
    reindex();
}

void VariablesModel::reindex()
{
    m_rowOf.clear();
    m_rowOf.reserve(m_rows.size());
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowOf.insert(m_rows.at(row).name, row);
}

int VariablesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int VariablesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString VariablesModel::shapeText(const QList<qint64> &shape)
{
    QStringList parts;
    const QLocale locale;
    for (qint64 extent : shape)
        parts.append(locale.toString(extent));
    return parts.join(QStringLiteral(" \u00d7 "));
}

QVariant VariablesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Protocol::VariableSummary &v = m_rows.at(index.row());
    if (role == NameRole)
        return v.name;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name:
            return v.name;
        case Type:
            return v.type;
        case Shape:
            return shapeText(v.shape);
        case Memory:
            return v.bytes < 0 ? QString() : QLocale().formattedDataSize(v.bytes, 1);
        case Value:
            return v.repr;
        }
    }
    if (role == SortRole) {
        switch (index.column()) {
        case Shape: {
            // By number of elements, so 10 × 3 comes after 20.
            qint64 elements = v.shape.isEmpty() ? -1 : 1;
            for (qint64 extent : v.shape)
                elements = extent > 0 && elements > INT64_MAX / extent ? INT64_MAX
                                                                       : elements * extent;
            return elements;
        }
        case Memory:
            return v.bytes;
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Type:
            return v.dtypes.isEmpty() ? v.type : v.type + QStringLiteral("\n") + v.dtypes;
        case Memory:
            return v.bytes < 0 ? QVariant() : QVariant(tr("%L1 bytes").arg(v.bytes));
        case Value:
            return v.repr;
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Shape || index.column() == Memory))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant VariablesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Type:
        return tr("Type");
    case Shape:
        return tr("Size");
    case Memory:
        return tr("Memory");
    case Value:
        return tr("Value");
    }
    return {};
}

QModelIndex VariablesModel::indexOf(const QString &name, int column) const
{
    const auto it = m_rowOf.constFind(name);
    return it == m_rowOf.cend() ? QModelIndex() : index(*it, column);
}

const Protocol::VariableSummary *VariablesModel::summary(const QString &name) const
{
    const auto it = m_rowOf.constFind(name);
    return it == m_rowOf.cend() ? nullptr : &m_rows.at(*it);
}

} // namespace Sandpiper::Models
