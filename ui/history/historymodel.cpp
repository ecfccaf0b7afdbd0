#include "historymodel.h"

#include <QBrush>
#include <QLocale>
#include <QPalette>

namespace Sandpiper::Ui {

void HistoryModel::setRecords(const QList<RunRecord> &records)
{
    beginResetModel();
    m_records = records;
    endResetModel();
}

const RunRecord *HistoryModel::record(int row) const
{
    return row >= 0 && row < m_records.size() ? &m_records.at(row) : nullptr;
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HistoryModel::timeText(const QDateTime &time, const QDateTime &now)
{
    const QDateTime local = time.toLocalTime();
    if (local.date() == now.toLocalTime().date())
        return local.toString(QStringLiteral("HH:mm:ss"));
    return QLocale().toString(local, QStringLiteral("d MMM HH:mm"));
}

QString HistoryModel::sourceText(const RunRecord &run, bool full)
{
    if (run.location.isEmpty())
        return run.source;
    // "/home/me/analysis.py, line 12" shows as "analysis.py, line 12"; the tooltip has it all.
    QString location = run.location;
    const qsizetype pathEnd = location.lastIndexOf(QStringLiteral(", line "));
    if (!full && location.startsWith(u'/') && pathEnd > 0)
        location = location.mid(location.lastIndexOf(u'/', pathEnd) + 1);
    return run.source + QStringLiteral(" · ") + location;
}

QString HistoryModel::durationText(double seconds)
{
    if (seconds < 1.0)
        return tr("%1 ms").arg(qRound(seconds * 1000));
    if (seconds < 120.0)
        return tr("%1 s").arg(seconds, 0, 'f', 1);
    return tr("%1 min").arg(seconds / 60.0, 0, 'f', 1);
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    const RunRecord *run = record(index.row());
    if (!run)
        return {};
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Time:
            return timeText(run->started, QDateTime::currentDateTimeUtc());
        case Session:
            return run->session;
        case Source:
            return sourceText(*run, false);
        case Status:
            return run->status;
        case Duration:
            return durationText(run->wallSeconds);
        case Code: {
            // The first line that says something.
            const QStringList lines = run->code.split(u'\n');
            for (const QString &line : lines) {
                if (!line.trimmed().isEmpty())
                    return lines.size() > 1 ? line.trimmed() + QStringLiteral(" …")
                                            : line.trimmed();
            }
            return QString();
        }
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Source)
        return sourceText(*run, true);
    if (role == Qt::ToolTipRole && index.column() == Code)
        return run->code.left(4000);
    if (role == Qt::ToolTipRole && index.column() == Time)
        return QLocale().toString(run->started.toLocalTime(), QLocale::LongFormat);
    if (role == Qt::ForegroundRole && index.column() == Status
        && run->status != QLatin1String("ok"))
        return QBrush(QColor(0xc6, 0x28, 0x28));
    if (role == Qt::TextAlignmentRole && index.column() == Duration)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Started");
    case Session:
        return tr("Session");
    case Source:
        return tr("From");
    case Status:
        return tr("Status");
    case Duration:
        return tr("Took");
    case Code:
        return tr("Code");
    default:
        return {};
    }
}

} // namespace Sandpiper::Ui
