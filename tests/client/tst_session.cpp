#include "processgone.h"
#include "session.h"

#include <QCborArray>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <QTimer>
#include <limits>

#include <csignal>

#include <sys/types.h>
#include <unistd.h>

using namespace Sandpiper::Client;
using namespace Sandpiper::Protocol;

Q_DECLARE_METATYPE(Sandpiper::Client::RunStatus)
Q_DECLARE_METATYPE(Sandpiper::Client::SessionState)

using Sandpiper::Testing::processGone;

namespace {

// Ticks a timer and records the longest gap: a blocked event loop shows up as a long gap.
class LoopWatch
{
public:
    LoopWatch()
    {
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            m_maxGapMs = std::max(m_maxGapMs, m_sinceTick.restart());
            ++m_ticks;
        });
        m_sinceTick.start();
        m_timer.start();
    }
    qint64 maxGapMs() const { return std::max(m_maxGapMs, m_sinceTick.elapsed()); }
    int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    qint64 m_maxGapMs = 0;
    int m_ticks = 0;
};

SessionOptions fakeOptions(const QString &behaviour,
                           const QList<std::pair<QString, QString>> &extraEnv = {})
{
    SessionOptions options;
    options.enginePath = QStringLiteral(FAKE_ENGINE_PATH);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SANDPIPER_FAKE_ENGINE"), behaviour);
    for (const auto &[name, value] : extraEnv)
        env.insert(name, value);
    options.environment = env;
    // Short, but generous enough for a loaded two-core machine.
    options.handshakeTimeoutMs = 3000;
    options.interruptGraceMs = 300;
    options.shutdownGraceMs = 1000;
    options.terminateGraceMs = 500;
    options.heartbeatIntervalMs = 100;
    options.heartbeatTimeoutMs = 1500;
    return options;
}

// Records everything a session says, and every engine pid it ever had.
struct Recorder
{
    explicit Recorder(Session *session)
        : session(session)
    {
        QObject::connect(session, &Session::stateChanged, &context, [this](SessionState s) {
            states.append(s);
            if (const qint64 pid = this->session->enginePid())
                if (!pids.contains(pid))
                    pids.append(pid);
        });
        QObject::connect(session, &Session::notice, &context, [this](const QString &n) {
            notices.append(n);
        });
        QObject::connect(session, &Session::ready, &context, [this](const Hello &) {
            ++readyCount;
            if (const qint64 pid = this->session->enginePid())
                if (!pids.contains(pid))
                    pids.append(pid);
        });
    }

    QString allNotices() const { return notices.join(QLatin1Char('\n')); }
    QString stateNames() const
    {
        QStringList names;
        for (SessionState s : states)
            names.append(toString(s));
        return names.join(QStringLiteral(", "));
    }

    QObject context; // disconnects when the recorder goes first
    Session *session;
    QList<SessionState> states;
    QStringList notices;
    QList<qint64> pids;
    int readyCount = 0;
};

// Everything an execution reports, checked for "finished exactly once".
struct RunRecord
{
    explicit RunRecord(Execution *execution)
    {
        QObject::connect(execution,
                         &Execution::output,
                         &context,
                         [this](StreamName, const QByteArray &data, bool) {
                             output += data;
                             ++outputFrames;
                         });
        QObject::connect(execution, &Execution::display, &context, [this](const DisplayData &d) {
            displays.append(d);
        });
        QObject::connect(execution, &Execution::finished, &context, [this](const RunOutcome &o) {
            outcome = o;
            ++finishedCount;
        });
    }
    QObject context; // disconnects when the record goes first
    QByteArray output;
    int outputFrames = 0;
    QList<DisplayData> displays;
    RunOutcome outcome;
    int finishedCount = 0;
};

} // namespace

class tst_Session : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void behaviours_data();
    void behaviours();
    void okSessionLifecycle();
    void inheritance();
    void workspaceAndLimits();
    void engineEnvironmentIsMinimal();
    void queueRunsInOrder();
    void queuedRunsCanBeCancelledAndMoved();
    void rateLimitHoldsRunsBack();
    void runSlotsCapSessionsRunningAtOnce();
    void restartTakesTheStandbyEngine();
    void standbyIsMadeAgainWhenLimitsChange();
    void deadOrUnwantedStandbyIsNotUsed();
    void displayVariablesBackground();
    void errorAndOutputLimit();
    void refusedStartNamesTheProcessLimit_data();
    void refusedStartNamesTheProcessLimit();
    void interruptStopsCode();
    void interruptEscalatesToRestart();
    void timeLimitInterrupts();
    void timeLimitKills();
    void restartGivesNewProcess();
    void executeAfterCrashStartsNewEngine();
    void missingEngine();
    void stubbornEngineIsKilledOnShutdown();
    void destructorStopsEngine();
    void floodKeepsLoopResponsive();
    void engineDiesWithGui();
};

void tst_Session::initTestCase()
{
    QVERIFY2(QFile::exists(QStringLiteral(FAKE_ENGINE_PATH)), FAKE_ENGINE_PATH);
}

void tst_Session::behaviours_data()
{
    QTest::addColumn<QString>("behaviour");
    QTest::addColumn<RunStatus>("status");
    QTest::addColumn<SessionState>("finalState");
    QTest::addColumn<QString>("notice");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<int>("exitSignal");

    using S = SessionState;
    using R = RunStatus;
    QTest::newRow("ok") << "ok" << R::Ok << S::Idle << "" << "" << 0;
    QTest::newRow("slow") << "slow" << R::Ok << S::Idle << "" << "" << 0;
    QTest::newRow("crash-on-execute")
            << "crash-on-execute" << R::Crashed << S::Dead << "ended unexpectedly"
            << "engine killed by signal 6 (SIGABRT)" << 6;
    QTest::newRow("segfault") << "segfault" << R::Crashed << S::Dead << "variables are lost"
                              << "engine killed by signal 11 (SIGSEGV)" << 11;
    QTest::newRow("exit3") << "exit3" << R::Crashed << S::Dead << "engine exited with code 3"
                           << "engine exited with code 3" << 0;
    QTest::newRow("no-hello") << "no-hello" << R::Cancelled << S::Dead << "could not start"
                              << "did not answer within 3 s" << 0;
    QTest::newRow("wrong-version") << "wrong-version" << R::Cancelled << S::Dead
                                   << QStringLiteral("speaks protocol version 99, this build "
                                                     "needs version %1")
                                              .arg(Sandpiper::Protocol::ProtocolVersion)
                                   << "protocol version 99" << 0;
    QTest::newRow("garbage") << "garbage" << R::Crashed << S::Dead << "protocol violation"
                             << "invalid CBOR" << 0;
    QTest::newRow("huge-frame") << "huge-frame" << R::Crashed << S::Dead << "protocol violation"
                                << "4294967295 bytes exceeds the limit" << 0;
    QTest::newRow("unknown-id") << "unknown-id" << R::Crashed << S::Dead << "protocol violation"
                                << "which was never sent" << 0;
    // Type text is shown to the user: control characters must not come through.
    QTest::newRow("unknown-type") << "unknown-type" << R::Crashed << S::Dead
                                  << "unexpected message type 'surprise?[31m'"
                                  << "protocol violation" << 0;
    QTest::newRow("wrong-field-type") << "wrong-field-type" << R::Crashed << S::Dead
                                      << "field 'status' must be text" << "protocol violation" << 0;
    QTest::newRow("stray-output") << "stray-output" << R::Crashed << S::Dead
                                  << "output for request 6, which is not running"
                                  << "protocol violation" << 0;
    // The first result is fine; the second kills the engine afterwards.
    QTest::newRow("duplicate-result")
            << "duplicate-result" << R::Ok << S::Dead << "duplicate or late result" << "" << 0;
    QTest::newRow("no-pong") << "no-pong" << R::Ok << S::Dead << "stopped responding" << "" << 0;
    QTest::newRow("partial-then-exit")
            << "partial-then-exit" << R::Crashed << S::Dead << "engine exited with code 0"
            << "engine exited with code 0" << 0;
    // The result written just before exiting must not be lost.
    QTest::newRow("exit-after-result")
            << "exit-after-result" << R::Ok << S::Dead << "engine exited with code 0" << "" << 0;
}

void tst_Session::behaviours()
{
    QFETCH(QString, behaviour);
    QFETCH(RunStatus, status);
    QFETCH(SessionState, finalState);
    QFETCH(QString, notice);
    QFETCH(QString, detail);
    QFETCH(int, exitSignal);

    LoopWatch watch;
    QElapsedTimer elapsed;
    elapsed.start();
    {
        Session session(fakeOptions(behaviour));
        Recorder recorder(&session);
        session.start();
        QCOMPARE(toString(session.state()), toString(SessionState::Starting));
        Execution *execution
                = session.execute(QStringLiteral("print('hi')"), QStringLiteral("<cell 1>"));
        RunRecord run(execution);
        QTRY_COMPARE_WITH_TIMEOUT(run.finishedCount, 1, 10000);
        QCOMPARE(toString(run.outcome.status), toString(status));
        if (!detail.isEmpty())
            QVERIFY2(run.outcome.detail.contains(detail), qPrintable(run.outcome.detail));
        QCOMPARE(run.outcome.exitSignal, exitSignal);
        if (status == RunStatus::Ok)
            QCOMPARE(run.output, QByteArray("print('hi')"));
        QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(finalState), 10000);
        if (notice.isEmpty()) {
            QVERIFY2(recorder.notices.isEmpty(), qPrintable(recorder.allNotices()));
        } else {
            QCOMPARE(recorder.notices.size(), 1);
            QVERIFY2(recorder.notices.first().contains(notice), qPrintable(recorder.allNotices()));
        }
        QVERIFY(!recorder.pids.isEmpty() || finalState == SessionState::Dead);
        if (finalState == SessionState::Dead) {
            QCOMPARE(session.enginePid(), 0);
            // A dead engine is gone without waiting for shutdown().
            for (qint64 pid : std::as_const(recorder.pids))
                QTRY_VERIFY2_WITH_TIMEOUT(processGone(pid), qPrintable(QString::number(pid)), 5000);
        }
        session.shutdown();
        QCOMPARE(toString(session.state()), toString(SessionState::NotStarted));
        for (qint64 pid : std::as_const(recorder.pids))
            QTRY_VERIFY2_WITH_TIMEOUT(processGone(pid), qPrintable(QString::number(pid)), 5000);
        QCOMPARE(run.finishedCount, 1);
    }
    // Tens of ms in the benchmark; 2 s is a loaded machine's margin, not the figure.
    QVERIFY2(watch.maxGapMs() < 2000, qPrintable(QString::number(watch.maxGapMs())));
    QVERIFY(watch.ticks() > 0);
    qInfo("%s: %lld ms, longest event-loop gap %lld ms",
          qPrintable(behaviour),
          elapsed.elapsed(),
          watch.maxGapMs());
}

void tst_Session::okSessionLifecycle()
{
    Session session(fakeOptions(QStringLiteral("ok")));
    Recorder recorder(&session);
    QSignalSpy readySpy(&session, &Session::ready);
    QCOMPARE(toString(session.state()), toString(SessionState::NotStarted));
    QCOMPARE(session.enginePid(), 0);
    session.start();
    session.start(); // no second engine
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Idle), 5000);
    QCOMPARE(readySpy.size(), 1);
    QCOMPARE(session.engineInfo().pythonVersion, QStringLiteral("3.13.0-fake"));
    QCOMPARE(session.engineInfo().pid, session.enginePid());
    QCOMPARE(session.engineInfo().libraries.value(QStringLiteral("pandas")),
             QStringLiteral("0.0-fake"));
    const qint64 pid = session.enginePid();
    QVERIFY(pid > 0);

    // Several heartbeats pass without the engine being judged hung.
    QTest::qWait(500);
    QCOMPARE(toString(session.state()), toString(SessionState::Idle));

    Execution *execution = session.execute(QStringLiteral("x = 1"));
    QCOMPARE(toString(session.state()), toString(SessionState::Busy));
    RunRecord run(execution);
    QPointer<Execution> guard(execution);
    QTRY_COMPARE_WITH_TIMEOUT(run.finishedCount, 1, 5000);
    QCOMPARE(toString(run.outcome.status), toString(RunStatus::Ok));
    QCOMPARE(toString(session.state()), toString(SessionState::Idle));
    QVERIFY(execution->isFinished() || !guard);
    QTRY_VERIFY(!guard); // deleted later by the session
    QCOMPARE(recorder.stateNames(), QStringLiteral("starting, idle, busy, idle"));

    session.shutdown();
    QCOMPARE(toString(session.state()), toString(SessionState::NotStarted));
    QVERIFY(processGone(pid));
    QVERIFY(recorder.notices.isEmpty());
    session.shutdown(); // twice is harmless
}

void tst_Session::inheritance()
{
    // A GUI started with SIGINT ignored (e.g. from a background shell job) or blocked must not
    // pass that on: KeyboardInterrupt would never reach the user's code.
    struct sigaction old = {};
    struct sigaction ignore = {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGINT, &ignore, &old);
    sigset_t block, oldMask;
    ::sigemptyset(&block);
    ::sigaddset(&block, SIGINT);
    ::pthread_sigmask(SIG_BLOCK, &block, &oldMask);

    Session session(fakeOptions(QStringLiteral("ok")));
    session.start();
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Idle), 5000);
    ::sigaction(SIGINT, &old, nullptr);
    ::pthread_sigmask(SIG_SETMASK, &oldMask, nullptr);

    const QCborMap inherited = session.engineInfo().sandbox;
    QCOMPARE(inherited.value(QStringLiteral("sigintIgnored")).toBool(true), false);
    QCOMPARE(inherited.value(QStringLiteral("sigintBlocked")).toBool(true), false);
    // Only the socket is passed on purpose; nothing else of the GUI's leaks into the engine.
    const QCborArray fds = inherited.value(QStringLiteral("fds")).toArray();
    QVERIFY2(fds.isEmpty(), qPrintable(QCborValue(fds).toDiagnosticNotation()));
}

void tst_Session::workspaceAndLimits()
{
    QTemporaryDir root;
    SessionOptions options = fakeOptions(QStringLiteral("ok"));
    options.workspaceRoot = root.filePath(QStringLiteral("workspaces"));
    options.limits.memoryBytes = 300ull << 20;
    options.limits.processes = 50;
    options.limits.openFiles = 70;
    options.limits.fileSizeBytes = 9ull << 20;
    options.limits.outputBytes = 4096;
    options.readOnlyPaths = {QStringLiteral("/data/shared")};
    Session session(options);
    session.start();
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Idle), 5000);
    const QString workspace = session.workspacePath();
    QVERIFY(workspace.startsWith(options.workspaceRoot + u'/'));
    QCOMPARE(QFileInfo(workspace).permissions()
                     & ~(QFile::ReadUser | QFile::WriteUser | QFile::ExeUser),
             QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const auto arguments = [&session] {
        QStringList list;
        for (const QCborValue &value :
             session.engineInfo().sandbox.value(QStringLiteral("args")).toArray())
            list << value.toString();
        return list.join(u' ');
    };
    QCOMPARE(arguments(),
             QStringLiteral("--fd 3 --workspace %1 --output-limit 4096 --memory-limit 314572800 "
                            "--processes 50 --open-files 70 --file-size 9437184 --read-only "
                            "/data/shared")
                     .arg(workspace));
    QCOMPARE(session.engineInfo().sandbox.value(QStringLiteral("cwd")).toString(), workspace);

    // The copy limit holds at once (copies are the GUI's, not the engine's); no limit is no
    // limit, not "nothing may be copied".
    QCOMPARE(session.workspace()->transferLimit(), SessionLimits::defaults().transferLimit());
    SessionLimits limits = session.limits();
    limits.transferBytes = 5000;
    session.setLimits(limits);
    QCOMPARE(session.workspace()->transferLimit(), 5000);
    limits.transferBytes = 0;
    session.setLimits(limits);
    QCOMPARE(session.workspace()->transferLimit(), std::numeric_limits<qint64>::max());

    // A restart is a new engine with the limits in force then, in the same workspace.
    limits.memoryBytes = 200ull << 20;
    session.setLimits(limits);
    const qint64 firstPid = session.enginePid();
    session.restart();
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Idle), 5000);
    QVERIFY(session.enginePid() != firstPid);
    QCOMPARE(session.workspacePath(), workspace);
    QVERIFY(arguments().contains(QLatin1String("--memory-limit 209715200")));

    QFile planted(QDir(workspace).filePath(QStringLiteral("result.csv")));
    QVERIFY(planted.open(QIODevice::WriteOnly));
    planted.close();
    session.shutdown();
    QVERIFY(!QFileInfo::exists(workspace));
    QCOMPARE(session.workspacePath(), QString());

    // Kept when asked; without the sandbox the engine is told so and gets no sandbox limits.
    options.sandbox = false;
    Session kept(options);
    kept.setKeepWorkspace(true);
    kept.start();
    QTRY_COMPARE_WITH_TIMEOUT(toString(kept.state()), toString(SessionState::Idle), 5000);
    const QString keptWorkspace = kept.workspacePath();
    QCOMPARE(kept.engineInfo().sandbox.value(QStringLiteral("args")).toArray().last().toString(),
             QStringLiteral("--no-sandbox"));
    QVERIFY(!arguments().isEmpty());
    kept.shutdown();
    QVERIFY(QFileInfo(keptWorkspace).isDir());
}

void tst_Session::engineEnvironmentIsMinimal()
{
    qputenv("SANDPIPER_TEST_SECRET", "token");
    SessionOptions options = fakeOptions(QStringLiteral("ok"));
    options.environment = {}; // the default: what the session chooses to pass on
    QTemporaryDir root;
    options.workspaceRoot = root.path();
    // The fake engine reads its behaviour from the environment: "ok" is the default anyway.
    Session session(options);
    session.start();
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Idle), 5000);
    qunsetenv("SANDPIPER_TEST_SECRET");
    QCOMPARE(session.engineInfo().sandbox.value(QStringLiteral("secret")).toBool(true), false);
}

void tst_Session::queueRunsInOrder()
{
    QList<quint64> finishOrder; // before the session: it outlives every execution
    QList<std::shared_ptr<RunRecord>> runs;
    Session session(fakeOptions(QStringLiteral("ok")));
    for (int i = 0; i < 50; ++i) {
        Execution *execution = session.execute(QStringLiteral("cell %1").arg(i));
        runs.append(std::make_shared<RunRecord>(execution));
        connect(execution, &Execution::finished, this, [&finishOrder, id = execution->id()] {
            finishOrder.append(id);
        });
    }
    QCOMPARE(toString(session.state()),
             toString(SessionState::Starting)); // execute() started the engine
    QTRY_COMPARE_WITH_TIMEOUT(finishOrder.size(), 50, 10000);
    QVERIFY(std::is_sorted(finishOrder.begin(), finishOrder.end()));
    for (int i = 0; i < 50; ++i) {
        QCOMPARE(runs[i]->finishedCount, 1);
        QCOMPARE(toString(runs[i]->outcome.status), toString(RunStatus::Ok));
        QCOMPARE(runs[i]->output, QStringLiteral("cell %1").arg(i).toUtf8());
    }
    QCOMPARE(toString(session.state()), toString(SessionState::Idle));
}

// Runs waiting behind a slow one are listed in order, can be taken out (they finish as
// Cancelled, said) and moved; the rest run in the new order.
void tst_Session::queuedRunsCanBeCancelledAndMoved()
{
    QList<QString> ranOrder;
    Session session(
            fakeOptions(QStringLiteral("slow"),
                        {{QStringLiteral("SANDPIPER_FAKE_DELAY_MS"), QStringLiteral("300")}}));
    QSignalSpy changed(&session, &Session::queueChanged);
    QList<std::shared_ptr<RunRecord>> runs;
    QList<quint64> ids;
    for (const char *code : {"a", "b", "c", "d"}) {
        Execution *execution = session.execute(QString::fromLatin1(code));
        ids << execution->id();
        runs << std::make_shared<RunRecord>(execution);
        connect(execution, &Execution::finished, this, [&ranOrder, code](const RunOutcome &o) {
            if (o.status == RunStatus::Ok)
                ranOrder << QString::fromLatin1(code);
        });
    }
    QVERIFY(changed.size() >= 4);
    QTRY_COMPARE(session.queuedRuns().size(), 3); // "a" runs
    QCOMPARE(session.queuedRuns().at(0).code, QStringLiteral("b"));
    QVERIFY(session.cancelQueued(ids.at(1)));  // "b" out
    QVERIFY(!session.cancelQueued(ids.at(1))); // not twice
    QVERIFY(!session.cancelQueued(ids.at(0))); // the running one is not in the queue
    QCOMPARE(runs.at(1)->finishedCount, 1);
    QCOMPARE(toString(runs.at(1)->outcome.status), toString(RunStatus::Cancelled));
    QVERIFY(runs.at(1)->outcome.detail.contains(u"queue"));
    QVERIFY(session.moveQueued(ids.at(3), -1));  // "d" before "c"
    QVERIFY(!session.moveQueued(ids.at(3), -1)); // already first
    QCOMPARE(session.queuedRuns().at(0).code, QStringLiteral("d"));
    QTRY_COMPARE_WITH_TIMEOUT(ranOrder.size(), 3, 10000);
    QCOMPARE(ranOrder, (QList<QString>{"a", "d", "c"}));
    QVERIFY(session.queuedRuns().isEmpty());
}

// With a rate limit, runs past it in a minute wait (the queue says why) instead of running or
// being refused; lifting the limit lets them go at once.
void tst_Session::rateLimitHoldsRunsBack()
{
    SessionOptions options = fakeOptions(QStringLiteral("ok"));
    options.limits.runsPerMinute = 3;
    Session session(options);
    QList<std::shared_ptr<RunRecord>> runs;
    for (int i = 0; i < 5; ++i)
        runs << std::make_shared<RunRecord>(session.execute(QStringLiteral("r%1").arg(i)));
    QTRY_COMPARE_WITH_TIMEOUT(runs.at(2)->finishedCount, 1, 5000);
    QTest::qWait(300);
    QCOMPARE(runs.at(3)->finishedCount, 0);
    QCOMPARE(session.queuedRuns().size(), 2);
    QVERIFY2(session.queueNote().contains(u"rate limit"), qPrintable(session.queueNote()));
    QCOMPARE(toString(session.state()), toString(SessionState::Idle));
    SessionLimits lifted = options.limits;
    lifted.runsPerMinute = 0;
    session.setLimits(lifted);
    QTRY_COMPARE_WITH_TIMEOUT(runs.at(4)->finishedCount, 1, 5000);
    QCOMPARE(toString(runs.at(4)->outcome.status), toString(RunStatus::Ok));
    QCOMPARE(session.queueNote(), QString());
}

// The machine-wide cap: with one slot, a second and third session wait (their queue says why)
// while the first runs; the interactive run goes before the background one that queued
// earlier; a queued run cancelled while waiting gives up its place in line.
void tst_Session::runSlotsCapSessionsRunningAtOnce()
{
    RunSlots slots(1);
    QStringList ranOrder;
    const auto options
            = fakeOptions(QStringLiteral("slow"),
                          {{QStringLiteral("SANDPIPER_FAKE_DELAY_MS"), QStringLiteral("400")}});
    Session first(options);
    Session second(options);
    Session third(options);
    Session fourth(options);
    for (Session *session : {&first, &second, &third, &fourth}) {
        session->setRunSlots(&slots);
        session->start();
    }
    for (Session *session : {&first, &second, &third, &fourth})
        QTRY_COMPARE_WITH_TIMEOUT(toString(session->state()), toString(SessionState::Idle), 5000);
    const auto follow = [&ranOrder, this](Execution *execution, const QString &name) {
        connect(execution, &Execution::finished, this, [&ranOrder, name](const RunOutcome &o) {
            ranOrder << name + u':' + toString(o.status);
        });
    };
    follow(first.execute(QStringLiteral("a")), QStringLiteral("first"));
    QTRY_COMPARE(toString(first.state()), toString(SessionState::Busy));
    follow(second.execute(QStringLiteral("b"), {}, RunPriority::Background),
           QStringLiteral("second"));
    follow(fourth.execute(QStringLiteral("d")), QStringLiteral("fourth"));
    follow(third.execute(QStringLiteral("c")), QStringLiteral("third"));
    QCOMPARE(slots.running(), 1);
    QCOMPARE(slots.waiting(), 3);
    for (Session *session : {&second, &third, &fourth}) {
        QCOMPARE(toString(session->state()), toString(SessionState::Idle));
        QVERIFY2(session->queueNote().contains(u"free run slot"), qPrintable(session->queueNote()));
        QCOMPARE(session->queuedRuns().size(), 1);
    }
    QVERIFY(fourth.cancelQueued(fourth.queuedRuns().constFirst().id));
    QCOMPARE(slots.waiting(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(ranOrder.size(), 4, 10000);
    QCOMPARE(ranOrder, (QStringList{"fourth:cancelled", "first:ok", "third:ok", "second:ok"}));
    QCOMPARE(slots.running(), 0);
    QCOMPARE(slots.waiting(), 0);
    QCOMPARE(second.queueNote(), QString());
}

namespace {
SessionOptions standbyOptions()
{
    SessionOptions options = fakeOptions(QStringLiteral("ok"));
    options.standbyDelayMs = 100;
    return options;
}

// Started, asked to keep a standby, and the standby ready.
bool startWithStandby(Session &session)
{
    session.setKeepStandby(true);
    session.start();
    return QTest::qWaitFor([&session] { return session.hasStandby(); }, 5000);
}

QStringList commandLineOf(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList arguments;
    for (const QByteArray &part : file.readAll().split('\0'))
        arguments << QString::fromLocal8Bit(part);
    return arguments;
}
} // namespace

// A restart takes the standby engine at once: the same process becomes the session's engine,
// already said hello; it runs code; a new standby is made once the session is idle again.
void tst_Session::restartTakesTheStandbyEngine()
{
    SessionOptions options = fakeOptions(QStringLiteral("ok"));
    options.arguments << QStringLiteral("--warm-completion") << QStringLiteral("--preload")
                      << QStringLiteral("numpy");
    options.standbyDelayMs = 100;
    Session session(options);
    session.setKeepStandby(true);
    session.start();
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Idle), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(session.hasStandby(), 5000);
    const qint64 standby = session.standbyPid();
    const qint64 first = session.enginePid();
    QVERIFY(standby > 0 && standby != first);
    // Preloads the data stack, and skips completion's warm-up.
    const QStringList arguments = commandLineOf(standby);
    QVERIFY2(arguments.contains(QStringLiteral("numpy,pandas,matplotlib")),
             qPrintable(arguments.join(u' ')));
    QVERIFY(!arguments.contains(QStringLiteral("--warm-completion")));
    QCOMPARE(arguments.count(QStringLiteral("--preload")), 1);
    QVERIFY(commandLineOf(first).contains(QStringLiteral("--warm-completion")));

    QSignalSpy ready(&session, &Session::ready);
    session.restart();
    QCOMPARE(toString(session.state()), toString(SessionState::Idle)); // at once
    QCOMPARE(ready.size(), 1);
    QCOMPARE(session.enginePid(), standby);
    QVERIFY(!session.hasStandby());
    QTRY_VERIFY(processGone(first));
    RunRecord run(session.execute(QStringLiteral("after")));
    QTRY_COMPARE_WITH_TIMEOUT(run.finishedCount, 1, 5000);
    QCOMPARE(toString(run.outcome.status), toString(RunStatus::Ok));
    QCOMPARE(run.output, QByteArray("after"));
    QTRY_VERIFY_WITH_TIMEOUT(session.hasStandby(), 5000);
    QVERIFY(session.standbyPid() != standby);
    const qint64 next = session.standbyPid();
    session.shutdown();
    QTRY_VERIFY(processGone(next)); // nothing outlives the session
}

// Limits changed: the standby started with the old ones is ended and a new one made; a restart
// never takes an engine with other limits.
void tst_Session::standbyIsMadeAgainWhenLimitsChange()
{
    Session session(standbyOptions());
    QVERIFY(startWithStandby(session));
    const qint64 old = session.standbyPid();
    SessionLimits limits = session.limits();
    limits.memoryBytes = 700ULL << 20;
    session.setLimits(limits);
    QVERIFY(!session.hasStandby());
    QTRY_VERIFY(processGone(old));
    QTRY_VERIFY_WITH_TIMEOUT(session.hasStandby(), 5000);
    const qint64 fresh = session.standbyPid();
    QVERIFY(commandLineOf(fresh).join(u' ').contains(QString::number(700ULL << 20)));
    session.restart();
    QCOMPARE(session.enginePid(), fresh);
}

// A standby that died is dropped and the restart starts an engine as before; a session asked
// not to keep one ends it.
void tst_Session::deadOrUnwantedStandbyIsNotUsed()
{
    Session session(standbyOptions());
    QVERIFY(startWithStandby(session));
    const qint64 killed = session.standbyPid();
    ::kill(pid_t(killed), SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(!session.hasStandby() || session.standbyPid() != killed, 5000);
    session.setKeepStandby(false);
    QVERIFY(!session.hasStandby());
    QCOMPARE(session.standbyPid(), 0);
    const qint64 before = session.enginePid();
    session.restart();
    QCOMPARE(toString(session.state()), toString(SessionState::Restarting));
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Idle), 5000);
    QVERIFY(session.enginePid() != before && session.enginePid() != killed);
    QTest::qWait(300);
    QCOMPARE(session.standbyPid(), 0); // not wanted: none made
}

void tst_Session::displayVariablesBackground()
{
    Session session(fakeOptions(QStringLiteral("ok")));
    QSignalSpy variables(&session, &Session::variablesChanged);
    QSignalSpy background(&session, &Session::backgroundOutput);
    RunRecord display(session.execute(QStringLiteral("display")));
    RunRecord bg(session.execute(QStringLiteral("background")));
    QTRY_COMPARE_WITH_TIMEOUT(bg.finishedCount, 1, 5000);
    QCOMPARE(display.displays.size(), 1);
    QCOMPARE(display.displays.first().data.value(QStringLiteral("image/png")).toByteArray(),
             QByteArray("\x89PNG\r\n\x1a\n", 8));
    QCOMPARE(variables.size(), 2);
    const auto diff = variables.at(1).at(0).value<VariablesDiff>();
    QCOMPARE(diff.changed.size(), 1);
    QCOMPARE(diff.changed.first().name, QStringLiteral("last"));
    QCOMPARE(diff.changed.first().repr, QStringLiteral("background"));
    QCOMPARE(background.size(), 1);
    QCOMPARE(background.at(0).at(1).toByteArray(), QByteArray("from a thread\n"));
    QCOMPARE(bg.output, QByteArray("background")); // not mixed with the background output
}

void tst_Session::errorAndOutputLimit()
{
    Session session(fakeOptions(QStringLiteral("ok")));
    RunRecord error(session.execute(QStringLiteral("raise")));
    RunRecord truncated(session.execute(QStringLiteral("truncate")));
    QTRY_COMPARE_WITH_TIMEOUT(truncated.finishedCount, 1, 5000);
    QCOMPARE(toString(error.outcome.status), toString(RunStatus::Error));
    QCOMPARE(error.outcome.error.type, QStringLiteral("ValueError"));
    QCOMPARE(error.outcome.error.message, QStringLiteral("bad value"));
    QCOMPARE(error.outcome.error.line, 1);
    QCOMPARE(toString(truncated.outcome.status), toString(RunStatus::OutputLimit));
    QVERIFY(truncated.outcome.outputTruncated);
    QCOMPARE(toString(session.state()), toString(SessionState::Idle));
}

void tst_Session::refusedStartNamesTheProcessLimit_data()
{
    QTest::addColumn<quint64>("limit");
    QTest::addColumn<QString>("error");
    QTest::addColumn<bool>("hinted");
    QTest::newRow("fork refused") << quint64(64)
                                  << "BlockingIOError: [Errno 11] Resource temporarily unavailable"
                                  << true;
    QTest::newRow("thread refused")
            << quint64(64) << "RuntimeError: can't start new thread" << true;
    QTest::newRow("other runtime error")
            << quint64(64) << "RuntimeError: dictionary changed" << false;
    QTest::newRow("other error") << quint64(64) << "ValueError: bad" << false;
    QTest::newRow("no process limit") << quint64(0) << "BlockingIOError: [Errno 11] x" << false;
}

void tst_Session::refusedStartNamesTheProcessLimit()
{
    QFETCH(quint64, limit);
    QFETCH(QString, error);
    QFETCH(bool, hinted);
    SessionOptions options = fakeOptions(QStringLiteral("ok"));
    options.limits.processes = limit;
    Session session(options);
    RunRecord run(session.execute(QStringLiteral("raise ") + error));
    QTRY_COMPARE_WITH_TIMEOUT(run.finishedCount, 1, 5000);
    QCOMPARE(toString(run.outcome.status), toString(RunStatus::Error));
    QCOMPARE(run.outcome.error.type, error.section(QLatin1Char(':'), 0, 0));
    if (hinted)
        QVERIFY2(run.outcome.detail.contains(QStringLiteral("limit of 64 processes")),
                 qPrintable(run.outcome.detail));
    else
        QVERIFY2(run.outcome.detail.isEmpty(), qPrintable(run.outcome.detail));
}

void tst_Session::interruptStopsCode()
{
    SessionOptions options = fakeOptions(QStringLiteral("interruptible"));
    // Stopped by the interrupt, not by the escalation, even on a loaded machine.
    options.interruptGraceMs = 5000;
    Session session(options);
    Recorder recorder(&session);
    RunRecord running(session.execute(QStringLiteral("while True: pass")));
    RunRecord queued(session.execute(QStringLiteral("never")));
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Busy), 5000);
    const qint64 pid = session.enginePid();
    QTest::qWait(100);
    QElapsedTimer timer;
    timer.start();
    session.interrupt();
    QCOMPARE(toString(session.state()), toString(SessionState::Interrupting));
    QCOMPARE(queued.finishedCount, 1); // cancelled at once
    QCOMPARE(toString(queued.outcome.status), toString(RunStatus::Cancelled));
    QTRY_COMPARE_WITH_TIMEOUT(running.finishedCount, 1, 5000);
    qInfo("interrupted after %lld ms", timer.elapsed());
    QCOMPARE(toString(running.outcome.status), toString(RunStatus::Interrupted));
    QCOMPARE(running.outcome.error.type, QStringLiteral("KeyboardInterrupt"));
    QCOMPARE(toString(session.state()), toString(SessionState::Idle));
    QCOMPARE(session.enginePid(), pid); // same process: the namespace is kept
    QVERIFY(recorder.notices.isEmpty());

    session.interrupt(); // idle: nothing happens
    QCOMPARE(toString(session.state()), toString(SessionState::Idle));
}

void tst_Session::interruptEscalatesToRestart()
{
    Session session(fakeOptions(QStringLiteral("hang")));
    Recorder recorder(&session);
    RunRecord running(session.execute(QStringLiteral("import re; re.match(...)")));
    RunRecord queued(session.execute(QStringLiteral("next")));
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Busy), 5000);
    const qint64 oldPid = session.enginePid();
    QElapsedTimer timer;
    timer.start();
    session.interrupt();
    QCOMPARE(toString(queued.outcome.status), toString(RunStatus::Cancelled));
    QTRY_COMPARE_WITH_TIMEOUT(running.finishedCount, 1, 5000);
    const qint64 took = timer.elapsed();
    // Not before the grace period (300 ms here); the wait above bounds it.
    QVERIFY2(took >= 300, qPrintable(QString::number(took)));
    QCOMPARE(toString(running.outcome.status), toString(RunStatus::Killed));
    QVERIFY2(running.outcome.detail.contains(QStringLiteral("variables were lost")),
             qPrintable(running.outcome.detail));
    QCOMPARE(recorder.notices.size(), 1);
    QVERIFY(recorder.notices.first().contains(QStringLiteral("restarted")));
    QVERIFY(recorder.states.contains(SessionState::Interrupting));
    QVERIFY(recorder.states.contains(SessionState::Restarting));
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Idle), 5000);
    QVERIFY(session.enginePid() != oldPid);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(oldPid), 5000);
    QCOMPARE(recorder.readyCount, 2);
}

void tst_Session::timeLimitInterrupts()
{
    SessionOptions options = fakeOptions(QStringLiteral("interruptible"));
    options.limits.wallTimeMs = 300;
    Session session(options);
    Recorder recorder(&session);
    RunRecord run(session.execute(QStringLiteral("while True: pass")));
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Busy), 5000);
    const qint64 pid = session.enginePid();
    QTRY_COMPARE_WITH_TIMEOUT(run.finishedCount, 1, 5000);
    QCOMPARE(toString(run.outcome.status), toString(RunStatus::Timeout));
    QVERIFY2(run.outcome.detail.contains(QStringLiteral("time limit of 0.3 s")),
             qPrintable(run.outcome.detail));
    QCOMPARE(toString(session.state()), toString(SessionState::Idle));
    QCOMPARE(session.enginePid(), pid);
    QVERIFY(recorder.notices.isEmpty());
}

void tst_Session::timeLimitKills()
{
    SessionOptions options = fakeOptions(QStringLiteral("hang"));
    options.limits.wallTimeMs = 200;
    Session session(options);
    RunRecord run(session.execute(QStringLiteral("spin in C")));
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Busy), 5000);
    const qint64 pid = session.enginePid();
    QTRY_COMPARE_WITH_TIMEOUT(run.finishedCount, 1, 5000);
    QCOMPARE(toString(run.outcome.status), toString(RunStatus::Timeout));
    QVERIFY2(run.outcome.detail.contains(QStringLiteral("variables were lost")),
             qPrintable(run.outcome.detail));
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Idle), 5000);
    QVERIFY(session.enginePid() != pid);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 5000);
}

void tst_Session::restartGivesNewProcess()
{
    Session session(fakeOptions(QStringLiteral("slow"), {{"SANDPIPER_FAKE_DELAY_MS", "3000"}}));
    Recorder recorder(&session);
    RunRecord running(session.execute(QStringLiteral("slow")));
    RunRecord queued(session.execute(QStringLiteral("queued")));
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Busy), 5000);
    const qint64 oldPid = session.enginePid();
    session.restart();
    QCOMPARE(toString(session.state()), toString(SessionState::Restarting));
    QCOMPARE(toString(running.outcome.status), toString(RunStatus::Killed));
    QCOMPARE(toString(queued.outcome.status), toString(RunStatus::Cancelled));
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Idle), 5000);
    QVERIFY(session.enginePid() != oldPid);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(oldPid), 5000);
    QCOMPARE(recorder.readyCount, 2);
    QVERIFY(recorder.notices.isEmpty()); // the user asked for it
}

void tst_Session::executeAfterCrashStartsNewEngine()
{
    Session session(fakeOptions(QStringLiteral("exit3")));
    RunRecord first(session.execute(QStringLiteral("a")));
    QTRY_COMPARE_WITH_TIMEOUT(first.finishedCount, 1, 5000);
    QCOMPARE(toString(session.state()), toString(SessionState::Dead));
    RunRecord second(session.execute(QStringLiteral("b")));
    QCOMPARE(toString(session.state()), toString(SessionState::Restarting));
    QTRY_COMPARE_WITH_TIMEOUT(second.finishedCount, 1, 5000);
    QCOMPARE(toString(second.outcome.status), toString(RunStatus::Crashed));
    QCOMPARE(second.outcome.detail, QStringLiteral("engine exited with code 3"));
}

void tst_Session::missingEngine()
{
    SessionOptions options = fakeOptions(QStringLiteral("ok"));
    options.enginePath = QStringLiteral("/nonexistent/sandpiper-engine");
    Session session(options);
    Recorder recorder(&session);
    RunRecord run(session.execute(QStringLiteral("x")));
    QTRY_COMPARE_WITH_TIMEOUT(run.finishedCount, 1, 5000);
    QCOMPARE(toString(run.outcome.status), toString(RunStatus::Cancelled));
    QCOMPARE(toString(session.state()), toString(SessionState::Dead));
    QCOMPARE(recorder.notices.size(), 1);
    QVERIFY2(recorder.notices.first().contains(QStringLiteral("/nonexistent/sandpiper-engine")),
             qPrintable(recorder.allNotices()));
}

void tst_Session::stubbornEngineIsKilledOnShutdown()
{
    SessionOptions options = fakeOptions(QStringLiteral("stubborn"));
    options.shutdownGraceMs = 200;
    options.terminateGraceMs = 200;
    Session session(options);
    session.start();
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Idle), 5000);
    const qint64 pid = session.enginePid();
    QElapsedTimer timer;
    timer.start();
    session.shutdown();
    const qint64 took = timer.elapsed();
    QVERIFY2(took >= 400 && took < 3000, qPrintable(QString::number(took)));
    QVERIFY(processGone(pid));
}

void tst_Session::destructorStopsEngine()
{
    qint64 pid = 0;
    {
        Session session(fakeOptions(QStringLiteral("hang")));
        RunRecord run(session.execute(QStringLiteral("x")));
        QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Busy), 5000);
        pid = session.enginePid();
    }
    QVERIFY(processGone(pid));
}

void tst_Session::floodKeepsLoopResponsive()
{
    constexpr int megabytes = 64;
    qint64 received = 0; // before the session: it outlives every execution
    int finished = 0;
    Session session(fakeOptions(QStringLiteral("flood"),
                                {{"SANDPIPER_FAKE_FLOOD_MB", QString::number(megabytes)}}));
    session.start();
    QTRY_COMPARE_WITH_TIMEOUT(toString(session.state()), toString(SessionState::Idle), 5000);
    LoopWatch watch;
    QElapsedTimer timer;
    timer.start();
    Execution *execution = session.execute(QStringLiteral("for i in range(10**7): print(i)"));
    connect(execution,
            &Execution::output,
            this,
            [&received](StreamName, const QByteArray &data, bool) { received += data.size(); });
    // A real event loop: QTRY_* sleeps 10 ms between event batches, which would cap throughput.
    QEventLoop loop;
    connect(execution, &Execution::finished, &loop, [&finished, &loop] {
        ++finished;
        loop.quit();
    });
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();
    QCOMPARE(finished, 1);
    const qint64 ms = std::max<qint64>(1, timer.elapsed());
    QCOMPARE(received, qint64(megabytes) << 20);
    qInfo("flood: %d MiB in %lld ms (%.0f MB/s), longest event-loop gap %lld ms, %d ticks",
          megabytes,
          ms,
          (qint64(megabytes) << 20) / 1e3 / ms,
          watch.maxGapMs(),
          watch.ticks());
    QVERIFY2(watch.maxGapMs() < 500, qPrintable(QString::number(watch.maxGapMs())));
    QCOMPARE(toString(session.state()),
             toString(SessionState::Idle)); // heartbeats got through the flood
}

void tst_Session::engineDiesWithGui()
{
    // A GUI process that is SIGKILLed cannot clean up: the engine must still go.
    QProcess gui;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SANDPIPER_TEST_SESSION_CHILD"), QStringLiteral("1"));
    gui.setProcessEnvironment(env);
    gui.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(gui.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(gui.canReadLine(), 10000);
    const qint64 enginePid = gui.readLine().trimmed().toLongLong();
    QVERIFY(enginePid > 0);
    QVERIFY(!processGone(enginePid));
    ::kill(pid_t(gui.processId()), SIGKILL);
    QVERIFY(gui.waitForFinished());
    QTRY_VERIFY_WITH_TIMEOUT(processGone(enginePid), 5000);
}

// Child mode for engineDiesWithGui: start a session, print the engine pid, wait to be killed.
static int sessionChildMain(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Session session(fakeOptions(QStringLiteral("ok")));
    QObject::connect(&session, &Session::ready, [&session] {
        std::printf("%lld\n", static_cast<long long>(session.enginePid()));
        std::fflush(stdout);
    });
    session.start();
    return app.exec();
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet("SANDPIPER_TEST_SESSION_CHILD"))
        return sessionChildMain(argc, argv);
    QCoreApplication app(argc, argv);
    tst_Session test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_session.moc"
