#pragma once

#include "runrecord.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Sandpiper::Ui {

// The history of runs and their audit log: one SQLite database (WAL) in the app's data folder.
//
// The log is append-only: triggers refuse UPDATE and DELETE, and every record carries a SHA-256
// hash over its own fields and the previous record's hash, so a record changed or removed by
// other means (the sqlite3 command, a hex editor) breaks the chain at that record. verify()
// names the first broken one. Retention removes the oldest records and keeps the last removed
// hash as the chain's new anchor.
//
// Synchronous and bound to the thread that opened it (Qt SQL's rule): the window uses it
// through HistoryRecorder, the command line directly.
class HistoryStore
{
public:
    explicit HistoryStore(const QString &path);
    ~HistoryStore();
    HistoryStore(const HistoryStore &) = delete;
    HistoryStore &operator=(const HistoryStore &) = delete;

    // history.sqlite in the app's data folder.
    static QString defaultPath();
    QString path() const { return m_path; }

    // Opens the database, creating it when missing. A file that is not a database or fails
    // SQLite's check is renamed to "<name>.corrupt-<time>" (see movedAsidePath()) and a new one
    // started. false when even that fails.
    bool open(QString *error = nullptr);
    // Opens the database as it is: nothing created, nothing moved aside (for checking it).
    bool openExisting(QString *error = nullptr);
    bool isOpen() const;
    // Where a corrupt database was moved this time; empty when none was.
    QString movedAsidePath() const { return m_movedAside; }

    // Appends the records in one transaction, in order, filling in their id and hash; a record
    // whose key is already there is left out. On success records holds what was written; on
    // failure nothing is written and the records are untouched.
    bool append(QList<RunRecord> &records, QString *error = nullptr);

    struct Query
    {
        QString text; // words that must all occur in the code (substrings, any case)
        QString session;
        QString status;
        QString source;
        QDateTime from; // started at or after
        QDateTime to;   // started before
        bool includeAppRuns = false;
        int limit = 500;
    };
    // Newest first.
    QList<RunRecord> search(const Query &query, QString *error = nullptr) const;
    QStringList sessions() const;
    qint64 count() const;
    std::optional<RunRecord> record(qint64 id) const;

    struct Verification
    {
        bool ok = false;
        qint64 records = 0;
        qint64 firstId = 0;
        qint64 lastId = 0;
        qint64 brokenId = 0; // the first record that does not match, 0 when ok
        QString problem;     // what is wrong, for the user
    };
    Verification verify() const;

    enum class ExportFormat { Csv, Json };
    // Every record, oldest first, with its hash.
    bool exportTo(const QString &file, ExportFormat format, QString *error = nullptr) const;
    static ExportFormat formatFor(const QString &file);

    struct Retention
    {
        int days = 0;        // older records are removed; 0: kept
        qint64 maxBytes = 0; // the oldest are removed until the records fit; 0: no cap
    };
    // Returns how many records were removed, -1 on error.
    qint64 applyRetention(const Retention &retention, QString *error = nullptr);

    // SHA-256 (hex) of a record's fields chained to the previous record's hash.
    static QString chainHash(const QString &previousHash, const RunRecord &record);
    static QString genesisHash();

private:
    bool createSchema(QString *error);
    bool openFile(QString *error);
    void close();
    bool moveAside(QString *error);

    QString m_path;
    QString m_connection;
    QString m_movedAside;
};

} // namespace Sandpiper::Ui
