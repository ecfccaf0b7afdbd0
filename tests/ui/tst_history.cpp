// The history database and audit log: chain, search, retention, damage, recording off the GUI
// thread, a writer killed mid-stream.
#include "fakesession.h"

#include <consoleinput.h>
#include <consolewidget.h>
#include <historymodel.h>
#include <historyrecorder.h>
#include <historystore.h>
#include <historyview.h>
#include <mainwindow.h>
#include <retentiondialog.h>
#include <runjournal.h>
#include <sessionrecorder.h>

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <csignal>

using namespace Sandpiper;
using Ui::HistoryStore;
using Ui::RunRecord;

namespace {

RunRecord makeRecord(const QString &code, const QString &status = QStringLiteral("ok"))
{
    RunRecord record;
    record.session = QStringLiteral("Session 1");
    record.source = QString::fromLatin1(RunRecord::Source::Console);
    record.code = code;
    record.finished = QDateTime::currentDateTimeUtc();
    record.started = record.finished.addMSecs(-12);
    record.status = status;
    record.wallSeconds = 0.012;
    record.cpuSeconds = 0.01;
    record.peakMemoryBytes = 123456789;
    record.outputBytes = 42;
    return record;
}

bool appendAll(HistoryStore &store, QList<RunRecord> records)
{
    QString error;
    const bool ok = store.append(records, &error);
    if (!ok)
        qWarning() << error;
    return ok;
}

// Runs SQL through the sqlite3 command, as someone editing the file by hand would.
QString sqlite3(const QString &path, const QString &sql)
{
    QProcess process;
    process.start(QStringLiteral("sqlite3"), {path, sql});
    if (!process.waitForFinished(20000))
        return QStringLiteral("sqlite3 did not finish");
    return QString::fromUtf8(process.readAllStandardError()).trimmed();
}

} // namespace

class TestHistory : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_serial = 0;
    QString freshPath() { return m_dir.filePath(QStringLiteral("h%1.sqlite").arg(++m_serial)); }

private Q_SLOTS:
    void appendChainsAndVerifies()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open());
        QList<RunRecord> records;
        for (int i = 0; i < 10; ++i)
            records << makeRecord(QStringLiteral("x = %1").arg(i));
        QVERIFY(store.append(records));
        QCOMPARE(records.first().id, 1);
        QCOMPARE(records.last().id, 10);
        QCOMPARE(records.at(0).hash,
                 HistoryStore::chainHash(HistoryStore::genesisHash(), records.at(0)));
        QCOMPARE(records.at(1).hash, HistoryStore::chainHash(records.at(0).hash, records.at(1)));
        QCOMPARE(records.at(3).codeSha256, RunRecord::sha256Hex(QStringLiteral("x = 3")));
        const auto result = store.verify();
        QVERIFY2(result.ok, qPrintable(result.problem));
        QCOMPARE(result.records, 10);
        QCOMPARE(result.lastId, 10);

        // What comes back is what went in, to the millisecond and the last bit of a double.
        const auto back = store.record(4);
        QVERIFY(back);
        QCOMPARE(back->code, records.at(3).code);
        QCOMPARE(back->started, records.at(3).started);
        QCOMPARE(back->wallSeconds, records.at(3).wallSeconds);
        QCOMPARE(back->peakMemoryBytes, records.at(3).peakMemoryBytes);
        QCOMPARE(back->hash, records.at(3).hash);
    }

    void editsAndRemovalsAreRefused()
    {
        const QString path = freshPath();
        HistoryStore store(path);
        QVERIFY(store.open());
        QVERIFY(appendAll(store,
                          {makeRecord(QStringLiteral("a")), makeRecord(QStringLiteral("b"))}));
        QVERIFY(sqlite3(path, QStringLiteral("UPDATE runs SET code = 'c' WHERE id = 1"))
                        .contains(u"the audit log is append-only"));
        QVERIFY(sqlite3(path, QStringLiteral("DELETE FROM runs WHERE id = 2"))
                        .contains(u"append-only"));
        QVERIFY(store.verify().ok);
        QCOMPARE(store.count(), 2);
    }

    // Each kind of change made with the sqlite3 command, triggers dropped first, is found and
    // the first broken record named.
    void verifyFindsTampering_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<qint64>("broken");
        QTest::addColumn<QString>("problem");
        const QString unlock
                = QStringLiteral("DROP TRIGGER runs_no_update; DROP TRIGGER runs_no_delete; ");
        QTest::newRow("status") << unlock + "UPDATE runs SET status = 'ok' WHERE id = 5"
                                << qint64(5) << "record 5 was changed";
        QTest::newRow("code") << unlock + "UPDATE runs SET code = 'print(1)' WHERE id = 7"
                              << qint64(7) << "code does not match";
        QTest::newRow("code and its sha")
                << unlock
                           + "UPDATE runs SET code = 'y', code_sha256 = "
                             "'a1fce4363854ff888cff4b8e7875d600c2682390412a8cf79b37d0b11148b0fa' "
                             "WHERE id = 3"
                << qint64(3) << "record 3 was changed";
        QTest::newRow("time")
                << unlock + "UPDATE runs SET started = '2020-01-01T00:00:00.000Z' WHERE id = 1"
                << qint64(1) << "record 1 was changed";
        QTest::newRow("removed in the middle")
                << unlock + "DELETE FROM runs WHERE id = 4" << qint64(5) << "record 4 was removed";
        QTest::newRow("removed at the end") << unlock + "DELETE FROM runs WHERE id >= 9"
                                            << qint64(9) << "records 9 to 10 were removed";
        QTest::newRow("hash rewritten") << unlock + "UPDATE runs SET hash = '00' WHERE id = 6"
                                        << qint64(6) << "record 6 was changed";
    }

    void verifyFindsTampering()
    {
        QFETCH(QString, sql);
        QFETCH(qint64, broken);
        QFETCH(QString, problem);
        const QString path = freshPath();
        {
            HistoryStore store(path);
            QVERIFY(store.open());
            QList<RunRecord> records;
            for (int i = 0; i < 10; ++i)
                records << makeRecord(QStringLiteral("x = %1").arg(i), i == 4 ? "error" : "ok");
            QVERIFY(appendAll(store, records));
        }
        QCOMPARE(sqlite3(path, sql), QString());
        HistoryStore store(path);
        QVERIFY(store.openExisting());
        const auto result = store.verify();
        QVERIFY(!result.ok);
        QCOMPARE(result.brokenId, broken);
        QVERIFY2(result.problem.contains(problem), qPrintable(result.problem));
    }

    void searchMatchesSubstringsAndFilters()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open());
        RunRecord read = makeRecord(QStringLiteral("df = pd.read_csv('sales.csv')"));
        RunRecord head = makeRecord(QStringLiteral("print(df.head())"), QStringLiteral("error"));
        head.session = QStringLiteral("Session 2");
        RunRecord app = makeRecord(QStringLiteral("df.describe()"));
        app.source = QString::fromLatin1(RunRecord::Source::App);
        RunRecord old = makeRecord(QStringLiteral("DF_OLD = 1"));
        old.started = QDateTime::currentDateTimeUtc().addDays(-40);
        RunRecord quote = makeRecord(QStringLiteral("s = \"100% done\""));
        QVERIFY(appendAll(store, {read, head, app, old, quote}));

        const auto codes = [&store](HistoryStore::Query query) {
            QStringList found;
            QString error;
            for (const RunRecord &record : store.search(query, &error))
                found << record.code;
            if (!error.isEmpty())
                found << QStringLiteral("error: ") + error;
            return found;
        };
        HistoryStore::Query query;
        query.text = QStringLiteral("csv");
        QCOMPARE(codes(query), QStringList{read.code}); // inside read_csv and sales.csv
        query.text = QStringLiteral("df"); // two letters: not a trigram, still found, any case
        QCOMPARE(codes(query), (QStringList{old.code, head.code, read.code}));
        query.text = QStringLiteral("df head");
        QCOMPARE(codes(query), QStringList{head.code});
        query.text = QStringLiteral("100%");
        QCOMPARE(codes(query), QStringList{quote.code});
        query.text = QStringLiteral("\" OR 1 --");
        QCOMPARE(codes(query), QStringList());
        query.text = QStringLiteral("% _");
        QCOMPARE(codes(query), QStringList());
        query.text = QStringLiteral("df");
        query.includeAppRuns = true;
        QCOMPARE(codes(query).size(), 4);
        query.includeAppRuns = false;
        query.status = QStringLiteral("error");
        QCOMPARE(codes(query), QStringList{head.code});
        query.status.clear();
        query.session = QStringLiteral("Session 1");
        QCOMPARE(codes(query), (QStringList{old.code, read.code}));
        query.from = QDateTime::currentDateTimeUtc().addDays(-7);
        QCOMPARE(codes(query), QStringList{read.code});
        QCOMPARE(store.sessions(), (QStringList{"Session 1", "Session 2"}));
    }

    void retentionKeepsTheChainWhole()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open());
        QList<RunRecord> records;
        for (int i = 0; i < 100; ++i) {
            RunRecord record = makeRecord(QStringLiteral("x = %1").arg(i));
            if (i < 30)
                record.started = QDateTime::currentDateTimeUtc().addDays(-400);
            records << record;
        }
        QVERIFY(appendAll(store, records));
        QCOMPARE(store.applyRetention({365, 0}), 30);
        auto result = store.verify();
        QVERIFY2(result.ok, qPrintable(result.problem));
        QCOMPARE(result.firstId, 31);
        QVERIFY(appendAll(store, {makeRecord(QStringLiteral("after"))}));
        result = store.verify();
        QVERIFY2(result.ok, qPrintable(result.problem));
        QCOMPARE(result.lastId, 101);
        HistoryStore::Query query;
        query.text = QStringLiteral("x = 1");
        query.limit = 1000;
        QVERIFY(store.search(query).size() > 0); // the index forgot the removed ones only
        for (const RunRecord &found : store.search(query))
            QVERIFY(found.id > 30);

        // By size: big records until over the cap, then pruned to under it, chain intact.
        QList<RunRecord> big;
        for (int i = 0; i < 40; ++i)
            big << makeRecord(QString(20000, QChar(u'a' + i % 26)));
        QVERIFY(appendAll(store, big));
        const qint64 removed = store.applyRetention({0, 400 * 1024});
        QVERIFY2(removed > 0, qPrintable(QString::number(removed)));
        result = store.verify();
        QVERIFY2(result.ok, qPrintable(result.problem));
        QCOMPARE(result.lastId, 141);
    }

    // A recorder removes nothing until it is given a retention: the audit commands adopt a dead
    // app's journal through one and must not prune the log they check.
    void retentionOnlyWhenAsked()
    {
        const QString path = freshPath();
        {
            HistoryStore store(path);
            QVERIFY(store.open());
            RunRecord old = makeRecord(QStringLiteral("old = 1"));
            old.started = QDateTime::currentDateTimeUtc().addDays(-30);
            QVERIFY(appendAll(store, {old, old}));
        }
        Ui::HistoryRecorder::saveRetention({1, 0});
        {
            Ui::HistoryRecorder recorder(path);
            recorder.record(makeRecord(QStringLiteral("new = 1")));
            QVERIFY(recorder.flush());
            HistoryStore store(path);
            QVERIFY(store.openExisting());
            QCOMPARE(store.count(), 3);
            recorder.setRetention(Ui::HistoryRecorder::savedRetention());
            QVERIFY(recorder.flush());
            QCOMPARE(store.count(), 1);
        }
        Ui::HistoryRecorder::saveRetention({});
    }

    // Journals left by apps that are gone are taken in and removed, the empty ones too (an app
    // killed right after its writer caught up leaves an empty one); a live app's is left alone.
    void orphanJournalsAreTakenInAndRemoved()
    {
        const QString path = freshPath();
        const QString empty = path + QStringLiteral(".pending-gone-empty");
        const QString full = path + QStringLiteral(".pending-gone-full");
        QFile(empty).open(QIODevice::WriteOnly);
        {
            Ui::HistoryRecorder alone(path); // nothing to record, the journal goes all the same
        }
        QVERIFY(!QFile::exists(empty));
        {
            QFile file(full);
            QVERIFY(file.open(QIODevice::WriteOnly));
            RunRecord record = makeRecord(QStringLiteral("from = 'the journal'"));
            record.key = QStringLiteral("k-1");
            file.write(Ui::RunJournal::encode(record) + "\n" + "{\"key\": \"cut sh");
        }
        {
            Ui::HistoryRecorder first(path);
        }
        QVERIFY(!QFile::exists(full));
        QVERIFY(QDir(m_dir.path())
                        .entryList({QFileInfo(path).fileName() + ".pending-*"})
                        .isEmpty());
        // A live recorder's journal (and its lock) are left alone by the next one.
        Ui::HistoryRecorder live(path);
        {
            Ui::HistoryRecorder next(path);
        }
        QCOMPARE(QDir(m_dir.path()).entryList({QFileInfo(path).fileName() + ".pending-*"}).size(),
                 2);
        HistoryStore store(path);
        QVERIFY(store.openExisting());
        QCOMPARE(store.count(), 1); // the whole line; the cut one is skipped
    }

    void damagedDatabaseIsMovedAsideAndReported()
    {
        const QString path = freshPath();
        QFile garbage(path);
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(8192, 'x'));
        garbage.close();
        Ui::HistoryRecorder recorder(path);
        QSignalSpy problems(&recorder, &Ui::HistoryRecorder::problem);
        QSignalSpy recorded(&recorder, &Ui::HistoryRecorder::recorded);
        recorder.record(makeRecord(QStringLiteral("a = 1")));
        recorder.flush();
        QTRY_COMPARE(recorded.size(), 1);
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().first().toString().contains(u"damaged"),
                 qPrintable(problems.first().first().toString()));
        const QStringList aside
                = QDir(m_dir.path()).entryList({QFileInfo(path).fileName() + ".corrupt-*"});
        QCOMPARE(aside.size(), 1);
        QCOMPARE(QFile(m_dir.filePath(aside.first())).size(), 8192); // kept as it was
        HistoryStore store(path);
        QVERIFY(store.openExisting());
        QCOMPARE(store.count(), 1);
    }

    void lockedDatabaseKeepsRecordsUntilItIsFree()
    {
        const QString path = freshPath();
        {
            HistoryStore store(path);
            QVERIFY(store.open());
        }
        // Another writer holds the lock longer than the busy timeout.
        QProcess holder;
        holder.start(QStringLiteral("sqlite3"), {path});
        QVERIFY(holder.waitForStarted());
        holder.write("BEGIN IMMEDIATE;\nINSERT INTO meta VALUES ('x', 'y');\n");
        QTest::qWait(300);
        Ui::HistoryRecorder recorder(path);
        QSignalSpy problems(&recorder, &Ui::HistoryRecorder::problem);
        QSignalSpy recorded(&recorder, &Ui::HistoryRecorder::recorded);
        recorder.record(makeRecord(QStringLiteral("kept = 1")));
        QTRY_COMPARE_WITH_TIMEOUT(problems.size(), 1, 15000);
        QVERIFY2(problems.first().first().toString().contains(u"locked"),
                 qPrintable(problems.first().first().toString()));
        QCOMPARE(recorded.size(), 0);
        holder.write("ROLLBACK;\n.quit\n");
        QVERIFY(holder.waitForFinished());
        QTRY_COMPARE_WITH_TIMEOUT(recorded.size(), 1, 10000);
        QCOMPARE(problems.size(), 1); // said once, not at every retry
        HistoryStore store(path);
        QVERIFY(store.openExisting());
        QCOMPARE(store.count(), 1);
        QFile original(path);
        QVERIFY(QDir(m_dir.path())
                        .entryList({QFileInfo(path).fileName() + ".corrupt-*"})
                        .isEmpty());
    }

    void recorderBatchesOffTheGuiThread()
    {
        const QString path = freshPath();
        Ui::HistoryRecorder recorder(path);
        QSignalSpy recorded(&recorder, &Ui::HistoryRecorder::recorded);
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 2000; ++i)
            recorder.record(makeRecord(QStringLiteral("value = %1").arg(i)));
        // Handing over 2,000 runs costs the GUI thread next to nothing.
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
        recorder.flush();
        QTRY_VERIFY(!recorded.isEmpty() && recorded.last().first().toLongLong() == 2000);
        QVERIFY2(recorded.size() < 2000, "records were written one transaction each");
        qint64 total = 0;
        for (const auto &signal : recorded)
            total += signal.at(1).toInt();
        QCOMPARE(total, 2000);

        QSignalSpy searched(&recorder, &Ui::HistoryRecorder::searched);
        HistoryStore::Query query;
        query.text = QStringLiteral("= 1999");
        const quint64 serial = recorder.search(query);
        QTRY_COMPARE(searched.size(), 1);
        QCOMPARE(searched.first().at(0).toULongLong(), serial);
        const auto found = searched.first().at(1).value<QList<RunRecord>>();
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().code, QStringLiteral("value = 1999"));

        QSignalSpy exported(&recorder, &Ui::HistoryRecorder::exported);
        const QString csv = m_dir.filePath(QStringLiteral("audit.csv"));
        recorder.exportTo(csv, HistoryStore::ExportFormat::Csv);
        QTRY_COMPARE(exported.size(), 1);
        QCOMPARE(exported.first().at(1).toString(), QString());
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count("\r\n"), 2001);
    }

    void exportWritesCsvAndJson()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open());
        RunRecord tricky
                = makeRecord(QStringLiteral("s = \"a, b\"\nprint(s)"), QStringLiteral("error"));
        tricky.errorType = QStringLiteral("NameError");
        tricky.errorMessage = QStringLiteral("name 'x' is not defined");
        QVERIFY(appendAll(store, {makeRecord(QStringLiteral("x = 1")), tricky}));
        const QString json = m_dir.filePath(QStringLiteral("audit.json"));
        QCOMPARE(HistoryStore::formatFor(json), HistoryStore::ExportFormat::Json);
        QVERIFY(store.exportTo(json, HistoryStore::ExportFormat::Json));
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray array = QJsonDocument::fromJson(file.readAll()).array();
        QCOMPARE(array.size(), 2);
        QCOMPARE(array.at(1)["code"].toString(), tricky.code);
        QCOMPARE(array.at(1)["error_type"].toString(), QStringLiteral("NameError"));
        QCOMPARE(array.at(1)["hash"].toString().size(), 64);
        QCOMPARE(array.at(0)["id"].toInteger(), 1);

        const QString csv = m_dir.filePath(QStringLiteral("audit2.csv"));
        QVERIFY(store.exportTo(csv, HistoryStore::ExportFormat::Csv));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(csvFile.readAll());
        QVERIFY(text.startsWith(
                u"id,run_key,session,source,location,code,started,finished,status"));
        QVERIFY2(text.contains(u"\"s = \"\"a, b\"\"\nprint(s)\""), qPrintable(text));

        QVERIFY(!store.exportTo(QStringLiteral("/proc/no/such/dir/a.csv"),
                                HistoryStore::ExportFormat::Csv));
    }

    void sessionRunsAreRecordedWithTheirOrigin()
    {
        const QString path = freshPath();
        Ui::HistoryRecorder recorder(path);
        Ui::SessionRecorder sessionRecorder(&recorder);
        Testing::FakeSession session;
        sessionRecorder.watch(&session, QStringLiteral("Session 1"));
        sessionRecorder.setOriginResolver([](const QString &cellName) {
            if (cellName == QLatin1String("<cell 1>"))
                return Ui::SessionRecorder::Origin{
                        QStringLiteral("editor"), QStringLiteral("analysis.py, line 3"), {}};
            return Ui::SessionRecorder::defaultOrigin(cellName);
        });
        auto *fromEditor = session.execute(QStringLiteral("import pandas as pd"),
                                           QStringLiteral("<cell 1>"));
        auto *fromConsole = session.execute(QStringLiteral("1/0"), QString());
        auto *internal
                = session.execute(QStringLiteral("summaries()"), QStringLiteral("<variables>"));
        Client::RunOutcome failed;
        failed.status = Client::RunStatus::Error;
        failed.error.type = QStringLiteral("ZeroDivisionError");
        failed.error.message = QStringLiteral("division by zero");
        failed.wallSeconds = 0.25;
        failed.peakMemoryBytes = 1 << 20;
        fromConsole->finish(failed);
        fromEditor->finish({});
        internal->finish({});
        recorder.flush();
        HistoryStore store(path);
        QVERIFY(store.openExisting());
        HistoryStore::Query all;
        all.includeAppRuns = true;
        const QList<RunRecord> records = store.search(all);
        QCOMPARE(records.size(), 3);
        // Recorded as they finished.
        QCOMPARE(records.at(2).code, QStringLiteral("1/0"));
        QCOMPARE(records.at(2).source, QStringLiteral("console"));
        QCOMPARE(records.at(2).status, QStringLiteral("error"));
        QCOMPARE(records.at(2).errorType, QStringLiteral("ZeroDivisionError"));
        QCOMPARE(records.at(2).errorMessage, QStringLiteral("division by zero"));
        QCOMPARE(records.at(2).peakMemoryBytes, 1 << 20);
        QCOMPARE(records.at(2).started.msecsTo(records.at(2).finished), 250);
        QCOMPARE(records.at(1).source, QStringLiteral("editor"));
        QCOMPARE(records.at(1).location, QStringLiteral("analysis.py, line 3"));
        QCOMPARE(records.at(1).session, QStringLiteral("Session 1"));
        QCOMPARE(records.at(0).source, QStringLiteral("app"));
        QCOMPARE(records.at(0).location, QStringLiteral("<variables>"));
    }

    void modelShowsWhereARunCameFrom()
    {
        RunRecord run = makeRecord(QStringLiteral("x = 1\ny = 2"));
        run.source = QStringLiteral("editor");
        run.location = QStringLiteral("/home/me/work, 2026/analysis.py, line 3");
        Ui::HistoryModel model;
        model.setRecords({run});
        QCOMPARE(model.data(model.index(0, Ui::HistoryModel::Source)).toString(),
                 QStringLiteral("editor · analysis.py, line 3"));
        QCOMPARE(model.data(model.index(0, Ui::HistoryModel::Source), Qt::ToolTipRole).toString(),
                 QStringLiteral("editor · /home/me/work, 2026/analysis.py, line 3"));
        QCOMPARE(model.data(model.index(0, Ui::HistoryModel::Code)).toString(),
                 QStringLiteral("x = 1 …"));
        QCOMPARE(Ui::HistoryModel::durationText(0.25), QStringLiteral("250 ms"));
        QCOMPARE(Ui::HistoryModel::durationText(3.21), QStringLiteral("3.2 s"));
    }

    // A narrow dock keeps the code readable: the least useful columns go, and come back when
    // there is room.
    void narrowDockKeepsTheCodeReadable()
    {
        Ui::HistoryView view;
        RunRecord run = makeRecord(QStringLiteral("summary = sales.groupby('region').sum()"));
        view.model()->setRecords({run});
        view.resize(330, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.table()->isColumnHidden(Ui::HistoryModel::Source));
        QVERIFY(view.table()->isColumnHidden(Ui::HistoryModel::Session));
        QVERIFY2(view.table()->columnWidth(Ui::HistoryModel::Code) >= 120,
                 qPrintable(QString::number(view.table()->columnWidth(Ui::HistoryModel::Code))));
        view.resize(900, 400);
        QTRY_VERIFY(!view.table()->isColumnHidden(Ui::HistoryModel::Source));
        QVERIFY(!view.table()->isColumnHidden(Ui::HistoryModel::Duration));
        QVERIFY(view.table()->isColumnHidden(Ui::HistoryModel::Session)); // one session
    }

    // The History dock in the window: runs appear as they finish, typing searches, and the
    // buttons send the selected run's code where they say.
    void historyDockFindsAndReusesRuns()
    {
        Ui::HistoryRecorder recorder(freshPath());
        Testing::FakeSession session;
        Ui::MainWindow window;
        window.setSession(&session);
        window.setHistory(&recorder);
        window.show();
        window.dock(QStringLiteral("HistoryDock"))->raise();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Ui::HistoryView *view = window.history();
        QSignalSpy refreshed(view, &Ui::HistoryView::refreshed);
        for (const char *code : {"df = pd.read_csv('a.csv')", "x = 41", "print(df.shape)"}) {
            Client::Execution *run = window.console()->run(QString::fromLatin1(code));
            run->finish({});
        }
        QTRY_VERIFY(view->model()->rowCount() == 3);
        QCOMPARE(view->model()->data(view->model()->index(0, Ui::HistoryModel::Code)).toString(),
                 QStringLiteral("print(df.shape)"));
        QCOMPARE(view->model()->data(view->model()->index(0, Ui::HistoryModel::Source)).toString(),
                 QStringLiteral("console"));

        view->searchField()->setFocus();
        QTest::keyClicks(view->searchField(), QStringLiteral("csv"));
        QTRY_COMPARE(view->model()->rowCount(), 1);
        QTest::mouseClick(view->table()->viewport(),
                          Qt::LeftButton,
                          {},
                          view->table()
                                  ->visualRect(view->model()->index(0, Ui::HistoryModel::Code))
                                  .center());
        QCOMPARE(view->codeView()->toPlainText(), QStringLiteral("df = pd.read_csv('a.csv')"));
        const qsizetype before = session.executed.size();
        QTest::mouseClick(view->rerunButton(), Qt::LeftButton);
        QCOMPARE(session.executed.size(), before + 1);
        QCOMPARE(session.executed.last()->code(), QStringLiteral("df = pd.read_csv('a.csv')"));
        session.executed.last()->finish({});
        QTest::mouseDClick(view->table()->viewport(),
                           Qt::LeftButton,
                           {},
                           view->table()
                                   ->visualRect(view->model()->index(0, Ui::HistoryModel::Code))
                                   .center());
        QCOMPARE(window.console()->input()->toPlainText(),
                 QStringLiteral("df = pd.read_csv('a.csv')"));

        // The re-run is recorded too, and the status filter narrows to failures.
        QTest::keyClick(view->searchField(), Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(view->searchField(), Qt::Key_Delete);
        QTRY_COMPARE(view->model()->rowCount(), 4);
        Client::RunOutcome failed;
        failed.status = Client::RunStatus::Error;
        failed.error.type = QStringLiteral("NameError");
        window.console()->run(QStringLiteral("undefined_name"))->finish(failed);
        QTRY_COMPARE(view->model()->rowCount(), 5);
        view->statusFilter()->setCurrentIndex(
                view->statusFilter()->findData(QStringLiteral("error")));
        QTRY_COMPARE(view->model()->rowCount(), 1);
        QCOMPARE(view->model()->record(0)->errorType, QStringLiteral("NameError"));
        if (const QString dir = qEnvironmentVariable("SANDPIPER_SCREENSHOT_DIR"); !dir.isEmpty())
            window.grab().save(dir + QStringLiteral("/history-dock.png"));

        // Keep…: a size small enough removes the oldest runs, which leave the list; the chain
        // still verifies and the choice is saved.
        view->statusFilter()->setCurrentIndex(0);
        QTRY_COMPARE(view->model()->rowCount(), 5);
        QList<RunRecord> big;
        for (int i = 0; i < 30; ++i)
            big << makeRecord(QString(20000, QChar(u'a' + i % 26)));
        for (const RunRecord &record : big)
            recorder.record(record);
        QVERIFY(recorder.flush());
        view->setRetentionPrompt([](Ui::RetentionDialog &dialog) {
            dialog.megabytesBox()->setValue(1); // 1 MiB: about half of what is there
            return true;
        });
        QTest::mouseClick(view->keepButton(), Qt::LeftButton);
        QCOMPARE(Ui::HistoryRecorder::savedRetention().maxBytes, 1024 * 1024);
        QVERIFY(recorder.flush());
        QTRY_VERIFY(view->model()->rowCount() > 0 && view->model()->rowCount() < 35);
        HistoryStore store(recorder.path());
        QVERIFY(store.openExisting());
        const auto verified = store.verify();
        QVERIFY2(verified.ok, qPrintable(verified.problem));
        QVERIFY(verified.firstId > 1);
        Ui::HistoryRecorder::saveRetention({});
    }

    // A writer killed with SIGKILL while it records: every record it had handed over is there
    // once the next recorder has started (from the database, or from the journal), the
    // database opens and its chain is whole.
    void killedWriterLosesNoRecord()
    {
        const QString path = freshPath();
        QProcess writer;
        writer.setProcessChannelMode(QProcess::SeparateChannels);
        writer.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--writer"), path});
        QVERIFY(writer.waitForStarted());
        qint64 handed = 0;
        QElapsedTimer clock;
        clock.start();
        while (handed < 3000 && clock.elapsed() < 30000) {
            writer.waitForReadyRead(1000);
            while (writer.canReadLine())
                handed = std::max(handed, writer.readLine().trimmed().toLongLong());
        }
        // Never kill(0): that would be this whole process group.
        QVERIFY2(writer.processId() > 0, "it ended before it was killed");
        ::kill(pid_t(writer.processId()), SIGKILL);
        QVERIFY(writer.waitForFinished());
        QVERIFY2(handed >= 3000, qPrintable(QString::number(handed)));
        qint64 inDatabase = 0;
        {
            HistoryStore store(path);
            QVERIFY(store.openExisting());
            inDatabase = store.count();
        }
        {
            Ui::HistoryRecorder next(path);
        } // takes in the dead writer's journal
        HistoryStore store(path);
        QVERIFY(store.openExisting());
        const auto result = store.verify();
        QVERIFY2(result.ok, qPrintable(result.problem));
        qInfo("%lld handed over, %lld in the database at the kill, %lld after the journal",
              handed,
              inDatabase,
              result.records);
        QVERIFY2(result.records >= handed,
                 qPrintable(QStringLiteral("%1 < %2").arg(result.records).arg(handed)));
        QCOMPARE(result.records, result.lastId);
        // Each run once, in the order handed over.
        HistoryStore::Query query;
        query.limit = 100000;
        const QList<RunRecord> records = store.search(query);
        for (qsizetype i = 0; i < records.size(); ++i)
            QCOMPARE(records.at(i).code, QStringLiteral("run = %1").arg(records.size() - i));
        QVERIFY(QDir(m_dir.path())
                        .entryList({QFileInfo(path).fileName() + ".pending-*"})
                        .isEmpty());
    }
};

// `tst_history --writer PATH`: records runs as fast as it can and prints each id confirmed.
int main(int argc, char *argv[])
{
    if (argc == 3 && qstrcmp(argv[1], "--writer") == 0) {
        QCoreApplication app(argc, argv);
        Ui::HistoryRecorder recorder(QString::fromLocal8Bit(argv[2]));
        QTimer feed;
        int next = 0;
        QObject::connect(&feed, &QTimer::timeout, [&] {
            for (int i = 0; i < 20; ++i)
                recorder.record(makeRecord(QStringLiteral("run = %1").arg(++next)));
            std::printf("%d\n", next); // handed over: record() has returned for these
            std::fflush(stdout);
        });
        feed.start(1);
        return app.exec();
    }
    QApplication app(argc, argv);
    TestHistory test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_history.moc"
