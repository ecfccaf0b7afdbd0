#pragma once

#include "runrecord.h"

#include <QAbstractTableModel>
#include <QList>

namespace Sandpiper::Ui {

// Runs found in the history, newest first, as rows of a table.
class HistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Code, Status, Duration, Source, Session, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setRecords(const QList<RunRecord> &records);
    const RunRecord *record(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // "12:03:41" today, "3 Dec 12:03" before; in local time.
    static QString timeText(const QDateTime &time, const QDateTime &now);
    static QString durationText(double seconds);
    // "editor · analysis.py, line 12"; full: with the file's whole path.
    static QString sourceText(const RunRecord &run, bool full);

private:
    QList<RunRecord> m_records;
};

} // namespace Sandpiper::Ui
