#pragma once

#include <messages.h>

#include <QAbstractTableModel>
#include <QCoreApplication>

namespace Sandpiper::Models {

// The import dialog's preview: the first rows of a file as the tools engine read them, one
// column per column kept, its header the column's name over its type.
class ImportPreview : public QAbstractTableModel
{
    Q_OBJECT

public:
    using QAbstractTableModel::QAbstractTableModel;

    void setResult(const Protocol::SniffResult &result);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // "int" -> "Integer" and so on, for headers and the type choices.
    static QString typeLabel(const QString &dtype);

private:
    QList<Protocol::ImportColumn> m_columns;
    QList<QStringList> m_rows;
};

// Python names for variables: the one an import proposes, and whether a name is one.
struct VariableNaming
{
    Q_DECLARE_TR_FUNCTIONS(Sandpiper::Models::VariableNaming)

public:
    // A Python identifier made from a file name ("Sales 2024.csv" -> "sales_2024"), not one of
    // `taken` ("sales_2" when "sales" is taken); "df" when nothing usable is left.
    static QString suggestedName(const QString &fileName, const QStringList &taken);
    // Why `name` cannot name a variable (empty when it can): not an identifier, a keyword.
    static QString problem(const QString &name);
};

} // namespace Sandpiper::Models
