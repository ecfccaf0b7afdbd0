// The audit log as the real sandpiper executable writes and checks it: batch runs recorded,
// the database surviving SIGKILL mid-run, --verify-audit naming a record edited with sqlite3,
// --export-audit.
#include <historystore.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using Sandpiper::Ui::HistoryStore;
using Sandpiper::Ui::RunRecord;

class TestAudit : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_serial = 0;

    // A data folder of its own, so each case has its own history.
    QProcessEnvironment freshEnvironment(QString *databasePath)
    {
        const QString data = m_dir.filePath(QStringLiteral("data%1").arg(++m_serial));
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_DATA_HOME"), data);
        *databasePath = data + QStringLiteral("/Sandpiper/Sandpiper/history.sqlite");
        return environment;
    }

    QString writeScript(int cells)
    {
        const QString path = m_dir.filePath(QStringLiteral("cells%1.py").arg(++m_serial));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        for (int i = 1; i <= cells; ++i)
            file.write(QStringLiteral("# %%\nx_%1 = %1\n").arg(i).toUtf8());
        return path;
    }

    static int run(const QProcessEnvironment &environment,
                   const QStringList &arguments,
                   QByteArray *out = nullptr)
    {
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(SANDPIPER_APP_PATH), arguments);
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            return -1;
        }
        if (out)
            *out = process.readAllStandardOutput() + process.readAllStandardError();
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    }

    static QString sqlite3(const QString &path, const QString &sql)
    {
        QProcess process;
        process.start(QStringLiteral("sqlite3"), {path, sql});
        process.waitForFinished(20000);
        return QString::fromUtf8(process.readAllStandardError()).trimmed();
    }

private Q_SLOTS:
    // The app killed with SIGKILL while a batch of 1,000 quick cells runs: the database opens,
    // its chain is whole, and every cell that had finished before the one running then is in
    // it, in order. (Cell N starts only after cell N-1's record was journalled; what the
    // database did not get yet, --verify-audit adds from the journal first.)
    void sigkillDuringQuickRunsLosesNoFinishedRun()
    {
        QString database;
        const QProcessEnvironment environment = freshEnvironment(&database);
        const QString script = writeScript(1000);
        QProcess app;
        app.setProcessEnvironment(environment);
        app.setProcessChannelMode(QProcess::SeparateChannels);
        app.start(QStringLiteral(SANDPIPER_APP_PATH),
                  {QStringLiteral("--batch"),
                   script,
                   QStringLiteral("--out"),
                   m_dir.filePath("out")});
        QVERIFY(app.waitForStarted());
        app.setReadChannel(QProcess::StandardError); // where the progress goes
        static const QRegularExpression progress(QStringLiteral("cell (\\d+)/1000"));
        int started = 0;
        QElapsedTimer clock;
        clock.start();
        while (started < 400 && clock.elapsed() < 90000) {
            app.waitForReadyRead(1000);
            while (app.canReadLine()) {
                const auto match = progress.match(QString::fromUtf8(app.readLine()));
                if (match.hasMatch())
                    started = std::max(started, match.captured(1).toInt());
            }
        }
        // Never kill(0): that would be this whole process group.
        QVERIFY2(app.processId() > 0, "it ended before it was killed");
        ::kill(pid_t(app.processId()), SIGKILL);
        QVERIFY(app.waitForFinished());
        QVERIFY2(started >= 400, qPrintable(QString::number(started)));

        // Checked by the command a user would run.
        QByteArray out;
        QCOMPARE(run(environment, {QStringLiteral("--verify-audit")}, &out), 0);
        QVERIFY2(out.contains("is intact"), out.constData());

        HistoryStore store(database);
        QVERIFY(store.openExisting());
        const auto result = store.verify();
        QVERIFY2(result.ok, qPrintable(result.problem));
        HistoryStore::Query query;
        query.source = QStringLiteral("batch");
        query.limit = 2000;
        QList<RunRecord> cells = store.search(query);
        std::reverse(cells.begin(), cells.end());
        qInfo("cell %d had started when the app was killed; %d cells recorded",
              started,
              int(cells.size()));
        QVERIFY2(cells.size() >= started - 1,
                 qPrintable(QStringLiteral("%1 recorded, cell %2 had started")
                                    .arg(cells.size())
                                    .arg(started)));
        for (int i = 0; i < cells.size(); ++i) {
            QCOMPARE(cells.at(i).code, QStringLiteral("x_%1 = %1").arg(i + 1));
            QCOMPARE(cells.at(i).status, QStringLiteral("ok"));
            QVERIFY(cells.at(i).location.endsWith(QStringLiteral(", cell %1").arg(i + 1)));
            QCOMPARE(cells.at(i).session, QStringLiteral("batch"));
        }
        // The journal was taken in, once.
        QCOMPARE(run(environment, {QStringLiteral("--verify-audit")}, &out), 0);
        QCOMPARE(store.count(), result.records);
        const QStringList left = QDir(QFileInfo(database).absolutePath())
                                         .entryList({QStringLiteral("history.sqlite.pending-*")});
        QVERIFY2(left.isEmpty(), qPrintable(left.join(u' ')));
    }

    void verifyAuditNamesTheRecordEditedWithSqlite3()
    {
        QString database;
        const QProcessEnvironment environment = freshEnvironment(&database);
        QByteArray out;
        QCOMPARE(run(environment, {QStringLiteral("--verify-audit")}, &out), 2);
        QVERIFY2(out.contains("no audit log"), out.constData());

        QCOMPARE(run(environment,
                     {QStringLiteral("--batch"),
                      writeScript(4),
                      QStringLiteral("--out"),
                      m_dir.filePath(QStringLiteral("out%1").arg(m_serial))}),
                 0);
        QCOMPARE(run(environment, {QStringLiteral("--verify-audit")}, &out), 0);
        QVERIFY2(out.contains("is intact: 5 records (1 to 5)"), out.constData()); // setup + 4 cells

        // A plain edit is refused by the database itself.
        QVERIFY(sqlite3(database, QStringLiteral("UPDATE runs SET status = 'ok' WHERE id = 3"))
                        .contains(u"append-only"));
        // Someone who knows to drop the guard first is still found out.
        QCOMPARE(sqlite3(database,
                         QStringLiteral("DROP TRIGGER runs_no_update; UPDATE runs SET "
                                        "error_message = 'nothing to see' WHERE id = 3")),
                 QString());
        QCOMPARE(run(environment, {QStringLiteral("--verify-audit")}, &out), 1);
        QVERIFY2(out.contains("first broken record: 3"), out.constData());

        const QString json = m_dir.filePath(QStringLiteral("audit.json"));
        QCOMPARE(run(environment, {QStringLiteral("--export-audit"), json}, &out), 0);
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray records = QJsonDocument::fromJson(file.readAll()).array();
        QCOMPARE(records.size(), 5);
        QCOMPARE(records.at(3)["code"].toString(), QStringLiteral("x_3 = 3"));
        QCOMPARE(records.at(2)["error_message"].toString(), QStringLiteral("nothing to see"));
        QCOMPARE(run(environment,
                     {QStringLiteral("--export-audit"), QStringLiteral("/proc/none/audit.csv")},
                     &out),
                 2);
        QVERIFY2(out.contains("cannot write"), out.constData());
        QCOMPARE(run(environment, {QStringLiteral("--verify-audit"), QStringLiteral("x.py")}, &out),
                 2);
        QVERIFY2(out.contains("used alone"), out.constData());
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
