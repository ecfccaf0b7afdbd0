#pragma once

#include <messages.h>

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace Sandpiper::Models {

// The session's variables as the engine summarised them, one row per name, kept up to date
// by applying the engine's diffs. Rows stay in arrival order; a QSortFilterProxyModel sorts
// and filters them (SortRole gives each column's natural order: sizes as numbers).
class VariablesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Type, Shape, Memory, Value, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, NameRole };

    using QAbstractTableModel::QAbstractTableModel;

    // A reset diff replaces everything; otherwise changed names are updated or added and
    // removed names go.
    void apply(const Protocol::VariablesDiff &diff);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    const Protocol::VariableSummary *summary(const QString &name) const;
    // The row of a name (in the given column), invalid when it is not listed.
    QModelIndex indexOf(const QString &name, int column = Name) const;
    const Protocol::VariableSummary &summaryAt(int row) const { return m_rows.at(row); }

    // "1,000 × 4" for a shape, "3" for a length; empty when there is none.
    static QString shapeText(const QList<qint64> &shape);

private:
    void remove(const QStringList &names);
    void reindex();

    QList<Protocol::VariableSummary> m_rows;
    QHash<QString, int> m_rowOf;
};

} // namespace Sandpiper::Models
