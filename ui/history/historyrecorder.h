#pragma once

#include "historystore.h"

#include <QObject>
#include <QThread>

namespace Sandpiper::Ui {

class HistoryWriter;

// The window's way into the history database: every call returns at once and the work happens
// on a thread of its own, so recording a run never blocks the GUI.
//
// Records are written as soon as that thread is free; those that arrive while it writes go
// together in the next transaction. A record is kept in memory until it is written: when the
// database is locked (another window) or cannot be written, the recorder says so once
// (problem()) and tries again every second. A damaged database is moved aside and a new one
// started, also said by problem().
class HistoryRecorder : public QObject
{
    Q_OBJECT

public:
    // path empty: HistoryStore::defaultPath().
    explicit HistoryRecorder(const QString &path = {}, QObject *parent = nullptr);
    // Writes what is still pending, then stops the thread.
    ~HistoryRecorder() override;

    QString path() const { return m_path; }
    void record(const RunRecord &record);
    // Answered by searched() with the same serial.
    quint64 search(const HistoryStore::Query &query);
    // Answered by exported().
    void exportTo(const QString &file, HistoryStore::ExportFormat format);
    // Applied now and after every few hundred records.
    void setRetention(const HistoryStore::Retention &retention);
    // Blocks until every record given so far is written or has failed (tests, quitting).
    void flush();

    // The retention the user chose (Settings: history/retentionDays, history/maxMegabytes).
    static HistoryStore::Retention savedRetention();
    static void saveRetention(const HistoryStore::Retention &retention);

Q_SIGNALS:
    // Records up to lastId are in the database.
    void recorded(qint64 lastId, int count);
    void searched(quint64 serial,
                  const QList<Sandpiper::Ui::RunRecord> &records,
                  const QString &error);
    void exported(const QString &file, const QString &error);
    // Something the user must know about the history itself.
    void problem(const QString &message);

private:
    QString m_path;
    QThread m_thread;
    HistoryWriter *m_writer = nullptr; // lives on m_thread
    quint64 m_nextSerial = 1;
};

} // namespace Sandpiper::Ui
