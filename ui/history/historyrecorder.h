#pragma once

#include "historystore.h"
#include "runjournal.h"

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
// (problem()) and tries again every second. Until it is written, a record is also in a journal
// file (RunJournal), written before record() returns: when the app is killed, the next start
// records what the journal holds. A damaged database is moved aside and a new one
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
    // Applied now and after every few hundred records; none until it is set (the app sets the
    // user's, savedRetention(); the audit commands never remove anything).
    void setRetention(const HistoryStore::Retention &retention);
    // Blocks until every record given so far is written or has failed (tests, quitting); true
    // when all are written.
    bool flush();

    // The retention the user chose (Settings: history/retentionDays, history/maxMegabytes).
    static HistoryStore::Retention savedRetention();
    static void saveRetention(const HistoryStore::Retention &retention);

Q_SIGNALS:
    // count more records are in the database (those already there not written again); the
    // last one written has lastId.
    void recorded(qint64 lastId, int count);
    void searched(quint64 serial,
                  const QList<Sandpiper::Ui::RunRecord> &records,
                  const QString &error);
    void exported(const QString &file, const QString &error);
    // Something the user must know about the history itself.
    void problem(const QString &message);

private:
    friend class HistoryWriter;
    void hand(const RunRecord &record);
    void confirm(qint64 lastId, int count);

    QString m_path;
    RunJournal m_journal;
    qint64 m_outstanding = 0; // given to the writer, not yet confirmed
    QThread m_thread;
    HistoryWriter *m_writer = nullptr; // lives on m_thread
    quint64 m_nextSerial = 1;
};

} // namespace Sandpiper::Ui
