#pragma once

#include "runrecord.h"

#include <QFile>
#include <QList>
#include <QLockFile>

#include <memory>

namespace Sandpiper::Ui {

// Finished runs not yet in the history database, one JSON line each, written the moment a run
// ends (one write(), no fsync: the kernel keeps it when the app is killed). The database is
// written on another thread a little later; if the app dies in between, the next start finds
// the journal and records what it holds.
//
// Each running app has a journal of its own, "<database>.pending-<uuid>", held by a lock file;
// journals whose owner is gone are adopted.
class RunJournal
{
public:
    explicit RunJournal(const QString &databasePath);
    ~RunJournal();

    bool append(const RunRecord &record);
    // Everything appended so far is in the database.
    void clear();

    // Journals left by apps that are no longer running, with what they hold (oldest first); a
    // line cut short by the crash is skipped. takeOrphans() locks them: remove them with
    // removeOrphans() once their records are in the database.
    QList<RunRecord> takeOrphans();
    void removeOrphans();

    static QByteArray encode(const RunRecord &record);
    static std::optional<RunRecord> decode(const QByteArray &line);

private:
    QString m_databasePath;
    QFile m_file;
    std::unique_ptr<QLockFile> m_lock;
    QList<std::pair<QString, std::shared_ptr<QLockFile>>> m_orphans;
};

} // namespace Sandpiper::Ui
