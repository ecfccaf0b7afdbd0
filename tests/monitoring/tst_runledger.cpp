#include <runledger.h>

#include <QTest>

using Sandpiper::Client::ProcessInfo;
using Sandpiper::Client::RunLedger;

namespace {

// The sandbox's own three processes, ready at tick 100: supervisor 10, init 11, engine 12.
QList<ProcessInfo> sandbox()
{
    return {{10, 1, 90, 1, false}, {11, 10, 91, 1, false}, {12, 11, 95, 8, false}};
}

QList<pid_t> pids(const QList<ProcessInfo> &processes)
{
    QList<pid_t> result;
    for (const ProcessInfo &process : processes)
        result << process.pid;
    return result;
}

} // namespace

class TestRunLedger : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void leftovers_data()
    {
        QTest::addColumn<QList<ProcessInfo>>("extra");
        QTest::addColumn<QList<pid_t>>("leftovers");
        QTest::addColumn<QString>("origins");
        // cell 1 started at 200, cell 2 (running) at 300.
        QTest::newRow("nothing but the sandbox") << QList<ProcessInfo>{} << QList<pid_t>{} << "";
        QTest::newRow("the running cell's child")
                << QList<ProcessInfo>{{20, 12, 305, 1, false}} << QList<pid_t>{} << "";
        QTest::newRow("an earlier cell's child")
                << QList<ProcessInfo>{{20, 12, 250, 1, false}} << QList<pid_t>{20} << "cell 1";
        QTest::newRow("setsid and double fork: init's child, by start time")
                << QList<ProcessInfo>{{21, 11, 210, 1, false}} << QList<pid_t>{21} << "cell 1";
        QTest::newRow("a leftover's new child is a leftover")
                << QList<ProcessInfo>{{20, 12, 250, 1, false}, {22, 20, 320, 1, false}}
                << QList<pid_t>{20, 22} << "cell 1";
        QTest::newRow("zombies are not ended again")
                << QList<ProcessInfo>{{20, 12, 250, 1, true}} << QList<pid_t>{} << "";
        QTest::newRow("started in the tick the engine said hello: the engine's own")
                << QList<ProcessInfo>{{23, 12, 100, 1, false}} << QList<pid_t>{} << "";
    }

    void leftovers()
    {
        QFETCH(QList<ProcessInfo>, extra);
        QFETCH(QList<pid_t>, leftovers);
        QFETCH(QString, origins);
        RunLedger ledger;
        ledger.noteEngineReady(100);
        ledger.noteRunStarted(200, QStringLiteral("cell 1"));
        ledger.noteRunStarted(300, QStringLiteral("cell 2"));
        const QList<ProcessInfo> found = ledger.leftoversOfEarlierRuns(sandbox() + extra);
        QCOMPARE(pids(found), leftovers);
        QCOMPARE(ledger.originsOf(found), origins);
    }

    void processesOfRunsLeaveTheSandboxOut()
    {
        RunLedger ledger;
        QVERIFY(ledger.processesOfRuns(sandbox()).isEmpty()); // not ready yet: nothing known
        ledger.noteEngineReady(100);
        ledger.noteRunStarted(200, QStringLiteral("cell 1"));
        const QList<ProcessInfo> tree = sandbox() + QList<ProcessInfo>{{30, 11, 220, 1, false}};
        QCOMPARE(pids(ledger.processesOfRuns(tree)), QList<pid_t>{30});
        QCOMPARE(ledger.runAt(150), QString());
        QCOMPARE(ledger.runAt(200), QStringLiteral("cell 1"));
    }

    void serviceProcessesAreNoRunsLeftovers()
    {
        RunLedger ledger;
        ledger.noteEngineReady(100);
        ledger.noteRunStarted(200, QStringLiteral("cell 1"));
        ledger.noteRunStarted(300, QStringLiteral("cell 2"));
        // cell 1 started a Dask cluster: two workers (250, 251) and a stray process (260).
        const QList<ProcessInfo> tree = sandbox()
                                        + QList<ProcessInfo>{{50, 12, 250, 1, false},
                                                             {51, 12, 251, 1, false},
                                                             {52, 12, 260, 1, false}};
        QCOMPARE(pids(ledger.leftoversOfEarlierRuns(tree)), (QList<pid_t>{50, 51, 52}));
        ledger.setServiceProcesses({250, 251});
        QCOMPARE(pids(ledger.leftoversOfEarlierRuns(tree)), QList<pid_t>{52});
        QCOMPARE(pids(ledger.processesOfRuns(tree)), QList<pid_t>{52});
        ledger.setServiceProcesses({}); // the cluster closed: its processes count again
        QCOMPARE(pids(ledger.processesOfRuns(tree)), (QList<pid_t>{50, 51, 52}));
        ledger.setServiceProcesses({250});
        ledger.clear(); // a restart
        ledger.noteEngineReady(100);
        QCOMPARE(pids(ledger.processesOfRuns(tree)), (QList<pid_t>{50, 51, 52}));
    }

    void oldRunsAreForgottenNotTheirProcesses()
    {
        RunLedger ledger;
        ledger.noteEngineReady(100);
        for (int i = 0; i < RunLedger::MaxRuns + 10; ++i)
            ledger.noteRunStarted(200 + quint64(i), QStringLiteral("run %1").arg(i));
        const QList<ProcessInfo> tree = sandbox() + QList<ProcessInfo>{{40, 11, 150, 1, false}};
        QCOMPARE(pids(ledger.leftoversOfEarlierRuns(tree)), QList<pid_t>{40});
        QCOMPARE(ledger.runAt(205), QString()); // before the oldest run still noted
    }
};

QTEST_GUILESS_MAIN(TestRunLedger)
#include "tst_runledger.moc"
