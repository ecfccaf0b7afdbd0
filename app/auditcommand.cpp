#include "auditcommand.h"

#include <historyrecorder.h>
#include <historystore.h>

#include <QCoreApplication>
#include <QFileInfo>
#include <QTextStream>

namespace Sandpiper::App {

namespace {

// Opened as found: a missing or damaged database is reported, never created or moved aside.
// Runs that an app which ended abruptly had journalled but not yet written are added first:
// they belong to the log.
bool openExisting(Ui::HistoryStore &store, QTextStream &err)
{
    if (!QFileInfo::exists(store.path())) {
        err << QCoreApplication::translate("audit", "sandpiper: there is no audit log at %1 yet.")
                        .arg(store.path())
            << Qt::endl;
        return false;
    }
    QString error;
    if (!store.openExisting(&error)) {
        err << QCoreApplication::translate("audit", "sandpiper: cannot read the audit log %1: %2")
                        .arg(store.path(), error)
            << Qt::endl;
        return false;
    }
    Ui::HistoryRecorder adopter(store.path());
    return true;
}

} // namespace

int verifyAudit(const QString &databasePath)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    Ui::HistoryStore store(databasePath);
    if (!openExisting(store, err))
        return 2;
    const Ui::HistoryStore::Verification result = store.verify();
    if (result.ok) {
        if (result.records == 0)
            out << QCoreApplication::translate("audit", "The audit log %1 holds no records.")
                            .arg(store.path())
                << Qt::endl;
        else
            out << QCoreApplication::translate("audit",
                                               "The audit log %1 is intact: %2 records (%3 to %4).")
                            .arg(store.path())
                            .arg(result.records)
                            .arg(result.firstId)
                            .arg(result.lastId)
                << Qt::endl;
        return 0;
    }
    if (result.brokenId == 0) {
        err << QCoreApplication::translate("audit", "sandpiper: cannot read the audit log %1: %2")
                        .arg(store.path(), result.problem)
            << Qt::endl;
        return 2;
    }
    out << QCoreApplication::translate(
                   "audit", "The audit log %1 was tampered with: %2 (first broken record: %3).")
                    .arg(store.path(), result.problem)
                    .arg(result.brokenId)
        << Qt::endl;
    return 1;
}

int exportAudit(const QString &file, const QString &databasePath)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    Ui::HistoryStore store(databasePath);
    if (!openExisting(store, err))
        return 2;
    QString error;
    if (!store.exportTo(file, Ui::HistoryStore::formatFor(file), &error)) {
        err << QCoreApplication::translate("audit", "sandpiper: cannot write %1: %2")
                        .arg(file, error)
            << Qt::endl;
        return 2;
    }
    out << QCoreApplication::translate("audit", "Wrote %1 records of the audit log to %2.")
                    .arg(store.count())
                    .arg(file)
        << Qt::endl;
    return 0;
}

} // namespace Sandpiper::App
