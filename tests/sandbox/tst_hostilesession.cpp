// Hostile code against the real engine, through the client, as a user would run it. Each case
// asserts what should happen to it specifically, and also that: the client stayed responsive
// (a timer kept ticking), a usage record came back, the session afterwards runs code with its
// limits applied again (a new engine when it had to be killed), nothing outside the workspace
// changed, and no process of the session survives its shutdown. A case that depends on a
// primitive the host lacks is skipped with the reason the sandbox report gives.

#include "codeintelsession.h"
#include "descriptorprobe.h"
#include "foldersnapshot.h"
#include "hostsupport.h"
#include "processgone.h"
#include "processmonitor.h"
#include "sandboxstatus.h"
#include "session.h"
#include "waituntil.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QNetworkDatagram>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSettings>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUdpSocket>

#include <QScopeGuard>

#include <csignal>
#include <cstdio>
#include <memory>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

using namespace Sandpiper::Client;
using namespace Qt::StringLiterals;
using namespace Sandpiper::Protocol;

using Sandpiper::Testing::folderSnapshot;
using Sandpiper::Testing::processGone;
using Sandpiper::Testing::waitUntil;

namespace {

constexpr quint64 MemoryLimit = 512ull << 20;
constexpr quint64 FileSizeLimit = 16ull << 20;
constexpr quint64 OpenFilesLimit = 128;
constexpr quint64 ProcessLimit = 64;
constexpr quint64 OutputLimit = 256ull << 10;

// A process as seen at one moment: pid and start time, so a reused pid is not mistaken for it.
struct ProcessId
{
    qint64 pid = 0;
    QByteArray startTime;
    friend bool operator==(const ProcessId &, const ProcessId &) = default;
};

QByteArray startTimeOf(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return {};
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    return fields.size() > 19 ? fields.at(19) : QByteArray();
}

// Still running: exists, is the same process, and is not a zombie.
bool alive(const ProcessId &process)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(process.pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    return fields.size() > 19 && fields.at(19) == process.startTime && fields.at(0) != "Z";
}

QList<qint64> processesWithArgument(const QByteArray &text)
{
    QList<qint64> found;
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid || pid == QCoreApplication::applicationPid())
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(text))
            found << pid;
    }
    return found;
}

// Everything one session did during a case.
class Watch : public QObject
{
public:
    explicit Watch(Session *session)
        : m_session(session)
    {
        m_ticker.setInterval(20);
        QObject::connect(&m_ticker, &QTimer::timeout, this, [this] {
            if (m_sinceTick.isValid())
                maxGapMs = std::max(maxGapMs, m_sinceTick.elapsed());
            m_sinceTick.start();
        });
        m_ticker.start();
        QObject::connect(
                session, &Session::notice, this, [this](const QString &text) { notices << text; });
        QObject::connect(
                session, &Session::resourcesSampled, this, [this](const ResourceSample &sample) {
                    maxThreads = std::max(maxThreads, sample.threads);
                    lastProcesses = sample.processes;
                    record();
                });
        QObject::connect(session, &Session::ready, this, [this] { record(); });
    }

    // Every process of the session's tree seen so far.
    void record()
    {
        const qint64 root = m_session->enginePid();
        if (root <= 0)
            return;
        for (const pid_t pid : ProcessTreeReader::tree(pid_t(root))) {
            const ProcessId process{pid, startTimeOf(pid)};
            if (!process.startTime.isEmpty() && !seen.contains(process))
                seen.append(process);
        }
    }

    QList<ProcessId> survivors() const
    {
        QList<ProcessId> living;
        for (const ProcessId &process : seen) {
            if (alive(process))
                living << process;
        }
        return living;
    }

    qint64 maxGapMs = 0;
    int maxThreads = 0;
    int lastProcesses = 0;
    QStringList notices;
    QList<ProcessId> seen;

private:
    Session *m_session;
    QTimer m_ticker;
    QElapsedTimer m_sinceTick;
};

struct RunRecord
{
    QByteArray out;
    QByteArray err;
    int displays = 0;
    bool finished = false;
    RunOutcome outcome;
};

std::shared_ptr<RunRecord> track(Execution *execution)
{
    auto record = std::make_shared<RunRecord>();
    QObject::connect(execution,
                     &Execution::output,
                     execution,
                     [record](StreamName stream, const QByteArray &data, bool) {
                         (stream == StreamName::Stdout ? record->out : record->err) += data;
                     });
    QObject::connect(execution, &Execution::display, execution, [record](const DisplayData &) {
        ++record->displays;
    });
    QObject::connect(execution, &Execution::finished, execution, [record](const RunOutcome &o) {
        record->outcome = o;
        record->finished = true;
    });
    return record;
}

} // namespace

class tst_HostileSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void hostile_data();
    void hostile();
    void forkBombLeftoversAreEndedWithItsRun();
    void leftoversAtTheLimitDoNotStopTheNextRun();
    void onlyTheEnginesDescriptorsCrossIn_data();
    void onlyTheEnginesDescriptorsCrossIn();
    void leftoversAreInvisibleToTheNextSession();
    void plantedLinksDoNotRedirectTransfers();
    void diskLimitStopsWritersInEveryProcess();
    void diskLimitStopsAnExportAndLeavesNoFile_data();
    void diskLimitStopsAnExportAndLeavesNoFile();
    void nearlyFullDiskStopsWritersEvenWhenIdle();
    void shutdownWhileCodeIgnoresSignals();

private:
    SessionOptions options(qint64 wallMs = 0, qint64 cpuMs = 0) const;
    QString expand(QString code) const;
    // Starts a session and waits for its engine.
    bool startAndWait(Session &session, int timeoutMs = 30000);
    // Runs code and waits for its end.
    std::shared_ptr<RunRecord> run(Session &session, const QString &code, int timeoutMs);
    // The session runs code and has its limits, whatever happened before.
    void verifyUsableWithLimits(Session &session);
    void verifyShutdownLeavesNothing(Session &session, Watch &watch);
    void skipUnlessActive(const QStringList &primitives);
    QList<Diagnostic> scanFindings(const QString &code);
    std::unique_ptr<CodeIntelSession> m_scanner;

    SandboxStatus m_status;
    std::unique_ptr<QTemporaryDir> m_workspaces;
    std::unique_ptr<QTemporaryDir> m_outside; // not under /tmp: only the private root hides it
    QString m_secretPath;
    QString m_configPath;
    QByteArray m_token;
    QTcpServer m_tcp;
    QUdpSocket m_udp;
    int m_tcpConnections = 0;
    int m_udpDatagrams = 0;
    QMap<QString, QByteArray> m_outsideBefore;
};

namespace {

// The build's engine, or a copy named by $SANDPIPER_ENGINE (as_ordinary_user.sh).
QString enginePath()
{
    const QString copy = qEnvironmentVariable("SANDPIPER_ENGINE");
    return copy.isEmpty() ? QStringLiteral(SANDPIPER_ENGINE_PATH) : copy;
}

} // namespace

SessionOptions tst_HostileSession::options(qint64 wallMs, qint64 cpuMs) const
{
    SessionOptions options;
    options.enginePath = enginePath();
    options.workspaceRoot = m_workspaces->path();
    options.limits.memoryBytes = MemoryLimit;
    options.limits.fileSizeBytes = FileSizeLimit;
    options.limits.openFiles = OpenFilesLimit;
    options.limits.processes = ProcessLimit;
    options.limits.outputBytes = OutputLimit;
    options.limits.wallTimeMs = wallMs;
    options.limits.cpuTimeMs = cpuMs;
    options.handshakeTimeoutMs = 30000;
    options.interruptGraceMs = 1000;
    options.shutdownGraceMs = 1500;
    options.terminateGraceMs = 500;
    options.monitorIntervalMs = 100;
    return options;
}

void tst_HostileSession::initTestCase()
{
    QVERIFY2(QFile::exists(enginePath()), qPrintable(enginePath()));
    // The GUI's own settings file, as the application names it.
    QCoreApplication::setOrganizationName(QStringLiteral("Sandpiper"));
    QCoreApplication::setApplicationName(QStringLiteral("Sandpiper"));
    m_token = QByteArray::number(QRandomGenerator::global()->generate64() % 1000000000);
    m_workspaces = std::make_unique<QTemporaryDir>();
    m_outside = std::make_unique<QTemporaryDir>(
            QDir::current().filePath(QStringLiteral("hostile-outside-XXXXXX")));
    QVERIFY(m_workspaces->isValid() && m_outside->isValid());

    // Things that belong to the user and the GUI, which the session must never reach.
    m_secretPath = m_outside->filePath(QStringLiteral("secret.txt"));
    QFile secret(m_secretPath);
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("secret " + m_token);
    secret.close();
    QVERIFY(QDir(m_outside->path()).mkpath(QStringLiteral("home/.ssh")));
    QFile key(m_outside->filePath(QStringLiteral("home/.ssh/id_ed25519")));
    QVERIFY(key.open(QIODevice::WriteOnly));
    key.write("PRIVATE KEY " + m_token);
    key.close();
    {
        QSettings settings;
        settings.setValue(QStringLiteral("hostile/secret"), QString::fromLatin1(m_token));
        settings.sync();
        m_configPath = settings.fileName();
    }
    QVERIFY(QFile::exists(m_configPath));
    qputenv("SANDPIPER_HOSTILE_SECRET", QByteArray(QByteArray("env-") + m_token));
    m_outsideBefore = folderSnapshot(m_outside->path());

    QVERIFY(m_tcp.listen(QHostAddress::LocalHost));
    connect(&m_tcp, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_tcp.nextPendingConnection()) {
            ++m_tcpConnections;
            socket->deleteLater();
        }
    });
    QVERIFY(m_udp.bind(QHostAddress::LocalHost));
    connect(&m_udp, &QUdpSocket::readyRead, this, [this] {
        while (m_udp.hasPendingDatagrams()) {
            m_udp.receiveDatagram();
            ++m_udpDatagrams;
        }
    });

    // What this host offers, for the record and for skips.
    Session probe(options());
    QVERIFY(startAndWait(probe));
    m_status = SandboxStatus::fromHello(probe.engineInfo().sandbox);
    probe.shutdown();
    for (const SandboxStatus::Primitive &primitive : std::as_const(m_status.primitives)) {
        qInfo("%-18s %-3s %s",
              qPrintable(primitive.name),
              primitive.active ? "on" : "OFF",
              qPrintable(primitive.detail));
    }
    qInfo("sandbox: %s", qPrintable(m_status.summary()));
    QVERIFY(m_status.enabled);
    // What the host supports must be active: a silently broken protection fails here.
    const QStringList broken = Sandpiper::Testing::supportedButInactive(
            m_status.primitives,
            [](const SandboxStatus::Primitive &p) { return p.name; },
            [](const SandboxStatus::Primitive &p) { return p.active; },
            [](const SandboxStatus::Primitive &p) { return p.detail; });
    QVERIFY2(broken.isEmpty(), qPrintable(broken.join(QLatin1String("; "))));
}

void tst_HostileSession::cleanupTestCase()
{
    if (m_scanner)
        m_scanner->shutdown();
    m_scanner.reset();
    // Every workspace was removed with its session.
    QCOMPARE(QDir(m_workspaces->path())
                     .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());
}

QString tst_HostileSession::expand(QString code) const
{
    code.replace(QLatin1String("{TOKEN}"), QString::fromLatin1(m_token));
    code.replace(QLatin1String("{OUTSIDE}"), m_outside->path());
    code.replace(QLatin1String("{SECRET}"), m_secretPath);
    code.replace(QLatin1String("{CONFIG}"), m_configPath);
    code.replace(QLatin1String("{HOME}"), QDir::homePath());
    code.replace(QLatin1String("{GUI_PID}"), QString::number(QCoreApplication::applicationPid()));
    code.replace(QLatin1String("{TCP_PORT}"), QString::number(m_tcp.serverPort()));
    code.replace(QLatin1String("{UDP_PORT}"), QString::number(m_udp.localPort()));
    return code;
}

bool tst_HostileSession::startAndWait(Session &session, int timeoutMs)
{
    session.start();
    return waitUntil([&] { return session.state() == SessionState::Idle; }, timeoutMs);
}

std::shared_ptr<RunRecord> tst_HostileSession::run(Session &session,
                                                   const QString &code,
                                                   int timeoutMs)
{
    auto record = track(session.execute(code));
    waitUntil([&] { return record->finished; }, timeoutMs);
    return record;
}

void tst_HostileSession::skipUnlessActive(const QStringList &primitives)
{
    for (const QString &name : primitives) {
        const SandboxStatus::Primitive *primitive = m_status.find(name);
        if (!primitive || !primitive->active) {
            // initTestCase failed already unless the host cannot do it.
            const QString lacks = Sandpiper::Testing::hostLacks(name);
            const QString reason = QStringLiteral("needs %1, which this host lacks: %2")
                                           .arg(name,
                                                !lacks.isEmpty() ? lacks
                                                : primitive      ? primitive->detail
                                                                 : QStringLiteral("not reported"));
            QSKIP(qPrintable(reason));
        }
    }
}

void tst_HostileSession::verifyUsableWithLimits(Session &session)
{
    // After a crash the session is dead until the next run starts a new engine.
    QVERIFY2(waitUntil(
                     [&] {
                         return session.state() == SessionState::Idle
                                || session.state() == SessionState::Dead;
                     },
                     30000),
             qPrintable(toString(session.state())));
    // The namespace may hold what the case left (open files, big lists): drop it first.
    const auto check
            = run(session,
                  QStringLiteral("for _k in [k for k in globals() if not k.startswith('_')]:\n"
                                 "    del globals()[_k]\n"
                                 "import gc, os, resource\n"
                                 "gc.collect()\n"
                                 "print(resource.getrlimit(resource.RLIMIT_DATA)[0],\n"
                                 "      resource.getrlimit(resource.RLIMIT_NOFILE)[0],\n"
                                 "      resource.getrlimit(resource.RLIMIT_FSIZE)[0],\n"
                                 "      os.getcwd() == os.environ['HOME'], 6 * 7)\n"),
                  20000);
    QVERIFY(check->finished);
    QVERIFY2(check->outcome.status == RunStatus::Ok,
             qPrintable(check->outcome.error.type + u' ' + check->outcome.error.message + u' '
                        + check->outcome.detail));
    QCOMPARE(check->out.trimmed(),
             QByteArray::number(MemoryLimit) + ' ' + QByteArray::number(OpenFilesLimit) + ' '
                     + QByteArray::number(FileSizeLimit) + " True 42");
    const SandboxStatus status = SandboxStatus::fromHello(session.engineInfo().sandbox);
    QCOMPARE(quint64(status.memoryBytes), MemoryLimit);
    QCOMPARE(quint64(status.openFiles), OpenFilesLimit);
    QCOMPARE(quint64(status.processes), ProcessLimit);
    QCOMPARE(quint64(status.fileSizeBytes), FileSizeLimit);
}

void tst_HostileSession::verifyShutdownLeavesNothing(Session &session, Watch &watch)
{
    watch.record();
    QVERIFY(!watch.seen.isEmpty());
    QElapsedTimer timer;
    timer.start();
    session.shutdown();
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    // The kernel may take a moment to tear a namespace down.
    QVERIFY(waitUntil([&] { return watch.survivors().isEmpty(); }, 3000));
    QVERIFY(processesWithArgument("86400." + m_token).isEmpty());
    QCOMPARE(folderSnapshot(m_outside->path()), m_outsideBefore);
    QCOMPARE(session.workspacePath(), QString());
}

QList<Diagnostic> tst_HostileSession::scanFindings(const QString &code)
{
    if (!m_scanner) {
        SessionOptions tools = CodeIntelSession::defaultOptions();
        tools.enginePath = options().enginePath;
        m_scanner = std::make_unique<CodeIntelSession>(tools);
    }
    CodeIntelRequest *request = m_scanner->scan(code);
    CodeIntelResult result;
    bool done = false;
    QObject::connect(request, &CodeIntelRequest::finished, request, [&](const CodeIntelResult &r) {
        result = r;
        done = true;
    });
    if (!waitUntil([&] { return done; }, 30000) || !result.answered) {
        qWarning("the scan was not answered: %s", qPrintable(result.error));
        return {};
    }
    return result.diagnostics.items;
}

void tst_HostileSession::hostile_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("wallMs");
    QTest::addColumn<int>("cpuMs");
    QTest::addColumn<QStringList>("statuses"); // any of these (toString(RunStatus))
    QTest::addColumn<QString>("errorType");    // a pattern found in the error's type ("" any)
    QTest::addColumn<QString>("expectText");   // in output, error message or detail
    QTest::addColumn<int>("restart");          // 1 a new engine, 0 the same one, -1 either
    QTest::addColumn<QStringList>("needs");    // primitives that must be active
    QTest::addColumn<QString>("check");        // an extra check by name

    const QStringList none;
    const auto row = [](const char *name) -> QTestData & {
        return QTest::newRow(name);
    };

    // CPU and time.
    row("busy loop, wall limit") << "while True:\n    pass" << 1200 << 0 << QStringList{"timeout"}
                                 << "" << "time limit" << 0 << none << "";
    row("C-level loop, wall limit")
            << "import itertools\nsum(itertools.repeat(1))" << 800 << 0 << QStringList{"timeout"}
            << "" << "did not stop" << 1 << none << "";
    row("sleep forever, wall limit")
            << "import time\ntime.sleep(1e9)" << 800 << 0 << QStringList{"timeout"} << ""
            << "time limit" << 0 << none << "";
    row("busy loop, CPU limit") << "while True:\n    pass" << 0 << 800 << QStringList{"timeout"}
                                << "" << "CPU time limit" << 0 << none << "";
    row("C-level loop, CPU limit")
            << "import itertools\nsum(itertools.repeat(1))" << 0 << 800 << QStringList{"timeout"}
            << "" << "CPU time limit" << 1 << none << "";

    // Memory.
    row("list doubling") << "x = [0]\nwhile True:\n    x = x + x" << 0 << 0 << QStringList{"error"}
                         << "MemoryError" << "" << 0 << QStringList{"rlimits"} << "";
    row("numpy.ones(10**11)") << "import numpy\nnumpy.ones(10**11)" << 0 << 0
                              << QStringList{"error"} << "MemoryError" << "" << 0 << none << "";
    row("page-touching leak") << "chunks = []\nwhile True:\n    chunks.append(b'x' * (16 << 20))"
                              << 0 << 0 << QStringList{"error"} << "MemoryError" << "" << 0
                              << QStringList{"rlimits"} << "";
    row("memory spread over children")
            << "import os, time\n"
               "for i in range(6):\n"
               "    if os.fork() == 0:\n"
               "        b = b'x' * (150 << 20)\n"
               "        time.sleep(60)\n"
               "        os._exit(0)\n"
               "time.sleep(60)"
            << 20000 << 0 << QStringList{"memory"} << "" << "memory" << 1 << none << "";

    // Temporary files and shared memory are memory: one budget, the memory limit. Files of 8 MiB
    // stay under RLIMIT_FSIZE; together they would hold far more than the limit.
    row("fill /tmp and /dev/shm") << "import os\n"
                                     "total = 0\n"
                                     "for i in range(1000):\n"
                                     "    folder = '/tmp' if i % 2 else '/dev/shm'\n"
                                     "    with open(f'{folder}/fill-{i}', 'wb') as f:\n"
                                     "        f.write(b'x' * (8 << 20))\n"
                                     "    total += 8\n"
                                     "    print('held', total, flush=True)"
                                  << 30000 << 0 << QStringList{"memory", "error"} << "" << "" << -1
                                  << QStringList{"private-tmp"} << "temporary-total";
    row("temporary files in the usage record")
            << "import time\n"
               "for i in range(25):\n"
               "    with open(f'/dev/shm/part-{i}' if i % 2 else f'/tmp/part-{i}', 'wb') as f:\n"
               "        f.write(b'x' * (8 << 20))\n"
               "time.sleep(1)\n"
               "print('200 MiB written')"
            << 0 << 0 << QStringList{"ok"} << "" << "200 MiB written" << 0
            << QStringList{"private-tmp"} << "peak-at-least-200";
    row("shared anonymous memory")
            << "import mmap, time\n"
               "m = mmap.mmap(-1, 1 << 30)\n"
               "for i in range(0, len(m), 4096):\n"
               "    m[i] = 1\n"
               "time.sleep(10)"
            << 0 << 0 << QStringList{"memory"} << "" << "memory" << 1 << none << "";

    // Processes.
    row("fork bomb") << "import os\nwhile True:\n    os.fork()" << 10000 << 0
                     << QStringList{"error", "killed", "timeout"} << "" << "" << -1 << none
                     << "process-cap";
    row("fork bomb that ignores errors")
            << "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n"
               "        pass"
            << 10000 << 0 << QStringList{"killed", "timeout"} << "" << "" << -1 << none
            << "process-cap";
    row("thread bomb") << "import threading, time\nfor i in range(100000):\n"
                          "    threading.Thread(target=time.sleep, args=(3600,), daemon=True)"
                          ".start()"
                       << 10000 << 0 << QStringList{"error", "killed"} << "" << "" << -1 << none
                       << "process-cap";
    row("setsid and double fork escape")
            << "import os\n"
               "if os.fork() == 0:\n"
               "    os.setsid()\n"
               "    if os.fork() == 0:\n"
               "        os.execv('/bin/sleep', ['sleep', '86400.{TOKEN}'])\n"
               "    os._exit(0)\n"
               "os.wait()\n"
               "import time\ntime.sleep(0.5)\nprint('escaped?')"
            << 0 << 0 << QStringList{"ok"} << "" << "escaped?" << 0 << none << "escape";
    row("1000 unreaped children")
            << "import os\nfor i in range(1000):\n    if os.fork() == 0:\n        os._exit(0)"
            << 10000 << 0 << QStringList{"error", "killed", "ok"} << "" << "" << -1 << none
            << "process-cap";
    row("kill the parent") << "import os, time\nos.kill(os.getppid(), 9)\ntime.sleep(1)\n"
                              "print('still here')"
                           << 0 << 0 << QStringList{"ok"} << "" << "still here" << 0
                           << QStringList{"pid-namespace"} << "";
    row("kill every process it can") << "import os, subprocess\n"
                                        "child = subprocess.Popen(['sleep', '30'])\n"
                                        "os.kill(-1, 9)\n"
                                        "print('still here', child.wait())"
                                     << 0 << 0 << QStringList{"ok"} << "" << "still here -9" << 0
                                     << QStringList{"pid-namespace"} << "";
    row("ignore SIGINT and SIGTERM") << "import signal, time\n"
                                        "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                                        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                                        "time.sleep(1e9)"
                                     << 800 << 0 << QStringList{"timeout"} << ""
                                     << "did not stop" << 1 << none << "";
    row("os._exit") << "import os\nos._exit(3)" << 0 << 0 << QStringList{"crashed"} << ""
                    << "code 3" << 1 << none << "";
    row("abort") << "import os\nos.abort()" << 0 << 0 << QStringList{"crashed"} << "" << "SIGABRT"
                 << 1 << none << "signal:6";
    row("segfault") << "import ctypes\nctypes.string_at(0)" << 0 << 0 << QStringList{"crashed"}
                    << "" << "SIGSEGV" << 1 << none << "signal:11";

    // Files.
    row("read /etc/shadow") << "open('/etc/shadow').read()" << 0 << 0 << QStringList{"error"}
                            << "Error" << "" << 0 << none << "";
    row("read ~/.ssh") << "open('{OUTSIDE}/home/.ssh/id_ed25519').read()" << 0 << 0
                       << QStringList{"error"} << "FileNotFoundError" << "" << 0
                       << QStringList{"private-root"} << "";
    // Hidden (as root) or an empty, unreadable mount point (as an ordinary user, whose workspace
    // lies under the home): either way nothing of the home can be listed.
    row("list the real home") << "import os\nprint(os.listdir('{HOME}'))" << 0 << 0
                              << QStringList{"error"} << "FileNotFoundError|PermissionError" << ""
                              << 0 << QStringList{"private-root"} << "";
    row("read the GUI's config") << "open('{CONFIG}').read()" << 0 << 0 << QStringList{"error"}
                                 << "FileNotFoundError" << "" << 0 << QStringList{"private-root"}
                                 << "";
    row("environment secrets") << "import os\n"
                                  "e = open('/proc/1/environ', 'rb').read()\n"
                                  "print('env-{TOKEN}' in str(dict(os.environ)),\n"
                                  "      b'env-{TOKEN}' in e)"
                               << 0 << 0 << QStringList{"ok"} << "" << "False False" << 0
                               << QStringList{"private-proc"} << "";
    row("read the GUI's /proc") << "open('/proc/{GUI_PID}/environ', 'rb').read()" << 0 << 0
                                << QStringList{"error"} << "Error" << "" << 0
                                << QStringList{"private-proc"} << "";
    row("write outside the workspace") << "open('{OUTSIDE}/pwned.txt', 'w').write('x')" << 0 << 0
                                       << QStringList{"error"} << "Error" << "" << 0 << none << "";
    row("write into /usr") << "open('/usr/pwned.txt', 'w').write('x')" << 0 << 0
                           << QStringList{"error"} << "Error" << "" << 0 << none << "";
    row("fill the disk") << "with open('big.bin', 'wb') as f:\n"
                            "    while True:\n"
                            "        f.write(b'x' * (1 << 20))"
                         << 20000 << 0 << QStringList{"error"} << "OSError" << "File too large" << 0
                         << QStringList{"rlimits"} << "file-size";
    row("exhaust file descriptors")
            << "files = []\nwhile True:\n    files.append(open('/dev/null'))" << 10000 << 0
            << QStringList{"error"} << "OSError"
            << "Too many open files" << 0 << QStringList{"rlimits"} << "";

    // DuckDB: its own settings refuse what lies outside the workspace, before Landlock would.
    const QString refused = QStringLiteral("disabled by configuration");
    row("SQL reads a file outside")
            << "sandpiper.sql(\"SELECT * FROM read_text('/etc/passwd')\")" << 0 << 0
            << QStringList{"error"} << "SQLError" << refused << 0 << none << "";
    row("SQL copies to a file outside")
            << "sandpiper.sql(\"COPY (SELECT 1 AS x) TO '{OUTSIDE}/pwned.csv'\")" << 0 << 0
            << QStringList{"error"} << "SQLError" << refused << 0 << none << "";
    row("SQL attaches a database outside")
            << "sandpiper.sql(\"ATTACH '{OUTSIDE}/pwned.duckdb'\")" << 0 << 0
            << QStringList{"error"} << "SQLError" << refused << 0 << none << "";
    row("SQL installs an extension")
            << "sandpiper.sql('INSTALL httpfs')" << 10000 << 0 << QStringList{"error"} << "SQLError"
            << refused << 0 << none << "";
    row("SQL loads an extension") << "sandpiper.sql(\"LOAD 'httpfs'\")" << 10000 << 0
                                  << QStringList{"error"} << "SQLError" << "disabled" << 0 << none
                                  << "";
    row("SQL turns file access back on")
            << "sandpiper.sql('SET enable_external_access = true')" << 0 << 0
            << QStringList{"error"} << "SQLError" << "locked" << 0 << none << "";
    row("SQL reads a URL") << "sandpiper.sql(\"SELECT * FROM 'https://example.com/x.csv'\")"
                           << 10000 << 0 << QStringList{"error"} << "SQLError" << "" << 0 << none
                           << "";

    // Network. The session has a loopback of its own: 127.0.0.1 there is not the host's.
    row("TCP to a loopback listener")
            << "import socket\nsocket.create_connection(('127.0.0.1', {TCP_PORT}), timeout=2)" << 0
            << 0 << QStringList{"error"} << "ConnectionRefused" << "" << 0
            << QStringList{"network-namespace"} << "tcp";
    // Sent, to the session's own loopback, where nobody listens: the host's listener gets
    // nothing.
    row("UDP to a loopback listener") << "import socket\n"
                                         "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                                         "s.sendto(b'x', ('127.0.0.1', {UDP_PORT}))"
                                      << 0 << 0 << QStringList{"ok", "error"} << "" << "" << 0
                                      << QStringList{"network-namespace"} << "udp";
    row("network interfaces besides the loopback")
            << "print(sorted(line.split(':')[0].strip()\n"
               "             for line in open('/proc/net/dev').readlines()[2:]))"
            << 0 << 0 << QStringList{"ok"} << "" << "['lo']" << 0
            << QStringList{"network-namespace"} << "";
    row("TCP within the session, on its own loopback")
            << "import socket, threading\n"
               "server = socket.create_server(('127.0.0.1', 0))\n"
               "def answer():\n"
               "    connection, _ = server.accept()\n"
               "    connection.sendall(connection.recv(4)[::-1])\n"
               "threading.Thread(target=answer).start()\n"
               "client = socket.create_connection(server.getsockname(), timeout=5)\n"
               "client.sendall(b'ping')\n"
               "print(client.recv(4))"
            << 10000 << 0 << QStringList{"ok"} << "" << "b'gnip'" << 0
            << QStringList{"network-namespace"} << "";
    row("DNS resolution") << "import socket\nsocket.getaddrinfo('deb.debian.org', 443)" << 5000 << 0
                          << QStringList{"error"} << "gaierror" << "" << 0
                          << QStringList{"network-namespace"} << "dns";
    row("raw socket") << "import socket\nsocket.socket(socket.AF_INET, socket.SOCK_RAW, 1)" << 0
                      << 0 << QStringList{"error"} << "Error" << "" << 0 << QStringList{"seccomp"}
                      << "";
    row("netlink socket") << "import socket\nsocket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)"
                          << 0 << 0 << QStringList{"error"} << "Error" << "" << 0
                          << QStringList{"seccomp"} << "";

    // Escalation.
    row("io_uring") << "import ctypes\n"
                       "libc = ctypes.CDLL(None, use_errno=True)\n"
                       "params = ctypes.create_string_buffer(120)\n"
                       "print(libc.syscall(425, 4, params), ctypes.get_errno())"
                    << 0 << 0 << QStringList{"ok"} << "" << "-1 1" << 0 << QStringList{"seccomp"}
                    << "";
    row("raise rlimits back") << "import resource\n"
                                 "resource.setrlimit(resource.RLIMIT_DATA,\n"
                                 "    (resource.RLIM_INFINITY, resource.RLIM_INFINITY))"
                              << 0 << 0 << QStringList{"error"} << "ValueError" << "" << 0
                              << QStringList{"rlimits"} << "";
    row("setuid") << "import os\nos.setuid(1 if os.getuid() == 0 else 0)" << 0 << 0
                  << QStringList{"error"} << "Error" << "" << 0 << QStringList{"capabilities"}
                  << "";
    row("nested user namespace") << "import os\nos.unshare(os.CLONE_NEWUSER)" << 0 << 0
                                 << QStringList{"error"} << "PermissionError" << "" << 0
                                 << QStringList{"seccomp"} << "";
    row("ptrace the GUI") << "import ctypes\n"
                             "libc = ctypes.CDLL(None, use_errno=True)\n"
                             "print(libc.ptrace(16, {GUI_PID}, 0, 0), ctypes.get_errno())"
                          << 0 << 0 << QStringList{"ok"} << "" << "-1 " << 0
                          << QStringList{"seccomp"} << "not-traced";

    // Floods.
    row("endless stdout") << "while True:\n    print('x' * 1000)" << 0 << 0
                          << QStringList{"output_limit"} << "" << "output limit" << 0 << none
                          << "output";
    row("endless stderr") << "import sys\nwhile True:\n    sys.stderr.write('e' * 1000 + '\\n')"
                          << 0 << 0 << QStringList{"output_limit"} << "" << "output limit" << 0
                          << none << "output";
    row("endless output from C") << "import os\nwhile True:\n    os.write(1, b'y' * 65536)" << 0
                                 << 0 << QStringList{"output_limit"} << "" << "output limit" << 0
                                 << none << "output";
    row("10 000 figures") << "import matplotlib.pyplot as plt\n"
                             "for i in range(10000):\n"
                             "    plt.figure()\n"
                             "    plt.plot([0, i])\n"
                             "    plt.show()"
                          << 6000 << 0 << QStringList{"ok", "timeout"} << "" << "" << 0 << none
                          << "figures";
    row("giant figure") << "import matplotlib.pyplot as plt\n"
                           "plt.figure(figsize=(200, 200), dpi=200)\n"
                           "plt.plot([1, 2])\n"
                           "plt.show()"
                        << 20000 << 0 << QStringList{"ok", "error"} << "" << "MemoryError" << 0
                        << none << "";
}

void tst_HostileSession::hostile()
{
    QFETCH(QString, code);
    QFETCH(int, wallMs);
    QFETCH(int, cpuMs);
    QFETCH(QStringList, statuses);
    QFETCH(QString, errorType);
    QFETCH(QString, expectText);
    QFETCH(int, restart);
    QFETCH(QStringList, needs);
    QFETCH(QString, check);
    // Before it runs, the security scan flags every case (whatever this host's sandbox offers).
    const QList<Diagnostic> findings = scanFindings(expand(code));
    QVERIFY2(!findings.isEmpty(), "the security scan found nothing to report");
    qInfo("scan: %s", qPrintable(findings.constFirst().message));
    skipUnlessActive(needs);

    // Network attacks prove themselves first: without the sandbox the same code reaches the
    // listener (or the name server), so its failure below is the sandbox's doing.
    if (check == QLatin1String("tcp") || check == QLatin1String("udp")
        || check == QLatin1String("dns")) {
        SessionOptions unsandboxed = options(wallMs, cpuMs);
        unsandboxed.sandbox = false;
        Session plain(unsandboxed);
        QVERIFY(startAndWait(plain));
        const int tcp = m_tcpConnections;
        const int udp = m_udpDatagrams;
        const auto control = run(plain, expand(code), 30000);
        plain.shutdown();
        const QString why = control->outcome.error.type + u' ' + control->outcome.error.message;
        if (check == QLatin1String("dns") && control->outcome.status != RunStatus::Ok)
            QSKIP(qPrintable(u"this host resolves no names even without the sandbox: "_s + why));
        QVERIFY2(control->outcome.status == RunStatus::Ok, qPrintable(why));
        if (check == QLatin1String("tcp"))
            QVERIFY(waitUntil([&] { return m_tcpConnections > tcp; }, 5000));
        if (check == QLatin1String("udp"))
            QVERIFY(waitUntil([&] { return m_udpDatagrams > udp; }, 5000));
    }

    QElapsedTimer clock;
    clock.start();
    const int tcpBefore = m_tcpConnections;
    const int udpBefore = m_udpDatagrams;
    Session session(options(wallMs, cpuMs));
    Watch watch(&session);
    QVERIFY(startAndWait(session));
    const qint64 firstEngine = session.enginePid();
    const QString workspace = session.workspacePath();
    QVERIFY(QFileInfo(workspace).isDir());

    const auto result = run(session, expand(code), 60000);
    QVERIFY2(result->finished, "the run never finished");
    const RunOutcome &outcome = result->outcome;
    const QString said = QString::fromUtf8(result->out + result->err) + u'\n' + outcome.error.type
                         + u' ' + outcome.error.message + u'\n' + outcome.detail + u'\n'
                         + watch.notices.join(u'\n');
    qInfo("%s after %.2f s wall, %.2f s CPU, peak %lld MiB, signal %d; %s %s",
          qPrintable(toString(outcome.status)),
          outcome.wallSeconds,
          outcome.cpuSeconds,
          outcome.peakMemoryBytes >> 20,
          outcome.exitSignal,
          qPrintable(outcome.error.type),
          qPrintable(
                  (outcome.detail.isEmpty() ? outcome.error.message : outcome.detail).left(160)));

    // The specific outcome.
    QVERIFY2(statuses.contains(toString(outcome.status)), qPrintable(said.left(2000)));
    if (!errorType.isEmpty())
        QVERIFY2(QRegularExpression(errorType).match(outcome.error.type).hasMatch(),
                 qPrintable(said.left(2000)));
    if (!expectText.isEmpty())
        QVERIFY2(said.contains(expectText), qPrintable(said.left(2000)));

    // A usage record.
    QVERIFY(outcome.wallSeconds > 0);
    QVERIFY(outcome.cpuSeconds >= 0);
    QVERIFY2(outcome.peakMemoryBytes > 0, qPrintable(QString::number(outcome.peakMemoryBytes)));

    if (check.startsWith(QLatin1String("signal:")))
        QCOMPARE(outcome.exitSignal, check.mid(7).toInt());
    // The engine's last words, from its diagnostics pipe: Python's fatal-error report.
    if (check == QLatin1String("signal:11"))
        QVERIFY2(said.contains(QLatin1String("Fatal Python error: Segmentation fault")),
                 qPrintable(said.left(2000)));
    if (check == QLatin1String("process-cap")) {
        // pid_max (or RLIMIT_NPROC) caps the tree; the client ended what was left.
        QVERIFY2(watch.maxThreads <= 400, qPrintable(QString::number(watch.maxThreads)));
        QVERIFY(waitUntil(
                [&] {
                    return session.state() == SessionState::Idle
                           && ProcessTreeReader::tree(pid_t(session.enginePid())).size() <= 3;
                },
                10000));
    }
    if (check == QLatin1String("escape")) {
        // The escaped process ran (so its absence after the shutdown below means something).
        QVERIFY(waitUntil([&] { return !processesWithArgument("86400." + m_token).isEmpty(); },
                          5000));
    }
    if (check == QLatin1String("tcp")) {
        QTest::qWait(200);
        QCOMPARE(m_tcpConnections, tcpBefore);
    }
    if (check == QLatin1String("udp")) {
        QTest::qWait(200);
        QCOMPARE(m_udpDatagrams, udpBefore);
    }
    if (check == QLatin1String("file-size"))
        QVERIFY(QFileInfo(QDir(workspace).filePath(QStringLiteral("big.bin"))).size()
                <= qint64(FileSizeLimit));
    if (check == QLatin1String("output")) {
        QVERIFY(outcome.outputTruncated);
        QVERIFY(quint64(result->out.size() + result->err.size()) <= OutputLimit + 4096);
    }
    if (check == QLatin1String("temporary-total")) {
        // Never more than the limit in /tmp and /dev/shm together, and the run either ended on
        // the memory limit or was refused space.
        qint64 held = 0;
        for (const QByteArray &line : result->out.split('\n')) {
            if (line.startsWith("held "))
                held = line.mid(5).toLongLong();
        }
        qInfo("held %lld MiB in /tmp and /dev/shm", held);
        QVERIFY2(held > 0 && held <= qint64(MemoryLimit >> 20), qPrintable(said.left(2000)));
        if (outcome.status == RunStatus::Error) {
            QVERIFY2(outcome.error.message.contains(QLatin1String("No space left")),
                     qPrintable(said.left(2000)));
            // The full /tmp stays, and with the engine's own memory the session is over its
            // limit while idle: the watchdog restarts it.
            QVERIFY(waitUntil(
                    [&] {
                        return session.enginePid() != firstEngine
                               && session.state() == SessionState::Idle;
                    },
                    15000));
        }
    }
    if (check == QLatin1String("peak-at-least-200"))
        QVERIFY2(outcome.peakMemoryBytes >= (200ll << 20),
                 qPrintable(QString::number(outcome.peakMemoryBytes >> 20)));
    if (check == QLatin1String("figures"))
        QVERIFY2(result->displays <= 51, qPrintable(QString::number(result->displays)));
    if (check == QLatin1String("not-traced")) {
        QFile status(QStringLiteral("/proc/self/status"));
        QVERIFY(status.open(QIODevice::ReadOnly));
        QVERIFY(status.readAll().contains("TracerPid:\t0\n"));
    }

    // The session goes on, with its limits.
    verifyUsableWithLimits(session);
    if (restart == 1)
        QVERIFY(session.enginePid() != firstEngine);
    else if (restart == 0)
        QCOMPARE(session.enginePid(), firstEngine);
    QCOMPARE(session.workspacePath(), workspace); // kept across restarts
    // The window's loop never stalls on the session (tens of ms; 3 s is a loaded machine's margin).
    QVERIFY2(watch.maxGapMs < 3000, qPrintable(QString::number(watch.maxGapMs)));

    verifyShutdownLeavesNothing(session, watch);
    QVERIFY(!QFileInfo::exists(workspace));
    qInfo("case took %lld ms; longest pause of the client %lld ms; %d processes seen",
          clock.elapsed(),
          watch.maxGapMs,
          int(watch.seen.size()));
}

namespace {

// Forks copies that leave their parent (setsid and a double fork) and sleep, until the process
// limit refuses a fork or count copies exist.
QString escapedSleepers(int count)
{
    return QStringLiteral("import os, time\n"
                          "made = 0\n"
                          "while made < %1:\n"
                          "    pid = os.fork()\n"
                          "    if pid == 0:\n"
                          "        os.setsid()\n"
                          "        if os.fork() == 0:\n"
                          "            time.sleep(600)\n"
                          "        os._exit(0)\n"
                          "    os.waitpid(pid, 0)\n"
                          "    made += 1\n"
                          "print('made', made)\n")
            .arg(count);
}

} // namespace

// The first order: a run forks until the process limit refuses it and leaves setsid'd copies.
// They go when it ends; the next run, a plain loop, runs into its own time limit.
void tst_HostileSession::forkBombLeftoversAreEndedWithItsRun()
{
    Session session(options(5000));
    Watch watch(&session);
    QVERIFY(startAndWait(session));
    const auto bomb = run(session, escapedSleepers(100000), 30000);
    QVERIFY(bomb->finished);
    qInfo("fork run: %s %s",
          qPrintable(toString(bomb->outcome.status)),
          qPrintable(bomb->outcome.error.type));
    // The copies existed: the limit refused a fork, or the client saw the session at it (or,
    // on a slow machine, the time limit came first). Whichever limit ended it, its copies go.
    QVERIFY2(bomb->outcome.error.type == QLatin1String("BlockingIOError")
                     || bomb->outcome.status == RunStatus::Killed
                     || bomb->outcome.status == RunStatus::Timeout,
             qPrintable(bomb->outcome.detail));
    QVERIFY(waitUntil(
            [&] { return ProcessTreeReader::tree(pid_t(session.enginePid())).size() <= 3; },
            10000));
    const auto loop = run(session, QStringLiteral("while True:\n    pass"), 30000);
    QVERIFY(loop->finished);
    QCOMPARE(toString(loop->outcome.status), toString(RunStatus::Timeout));
    QVERIFY2(loop->outcome.detail.contains(QLatin1String("time limit"))
                     && !loop->outcome.detail.contains(QLatin1String("process")),
             qPrintable(loop->outcome.detail));
    verifyShutdownLeavesNothing(session, watch);
}

// The other order: a run leaves copies behind without reaching the limit (reported as its
// leftovers); the next run's threads bring the session to the limit. The leftovers are ended,
// named, and the run goes on to its own end.
void tst_HostileSession::leftoversAtTheLimitDoNotStopTheNextRun()
{
    skipUnlessActive({QStringLiteral("private-proc")}); // the run counts its namespace's tasks
    Session session(options(4000));
    Watch watch(&session);
    int leftovers = -1;
    QString origins;
    connect(&session, &Session::leftoverProcesses, this, [&](int count, const QString &from) {
        leftovers = count;
        origins = from;
    });
    QVERIFY(startAndWait(session));
    const auto sleepers = run(session, escapedSleepers(40), 30000);
    QCOMPARE(toString(sleepers->outcome.status), toString(RunStatus::Ok));
    QCOMPARE(sleepers->out.trimmed(), QByteArray("made 40"));
    QVERIFY2(waitUntil([&] { return leftovers == 40; }, 10000),
             qPrintable(QString::number(leftovers)));
    QCOMPARE(origins, QStringLiteral("run %1").arg(1));

    const auto threads
            = run(session,
                  // Up to 60 tasks in the namespace (of 64): at the limit.
                  QStringLiteral("import os, threading, time\n"
                                 "def tasks():\n"
                                 "    return sum(len(os.listdir(f'/proc/{p}/task'))\n"
                                 "               for p in os.listdir('/proc') if p.isdigit())\n"
                                 "while tasks() < 60:\n"
                                 "    threading.Thread(target=time.sleep, args=(600,),\n"
                                 "                     daemon=True).start()\n"
                                 "while True:\n"
                                 "    pass"),
                  30000);
    QVERIFY(threads->finished);
    QCOMPARE(toString(threads->outcome.status), toString(RunStatus::Timeout));
    QVERIFY2(threads->outcome.detail.contains(QLatin1String("time limit")),
             qPrintable(threads->outcome.detail));
    const QString notices = watch.notices.join(u'\n');
    QVERIFY2(notices.contains(QLatin1String("left running by run 1")), qPrintable(notices));
    QVERIFY2(notices.contains(QLatin1String("was not stopped")), qPrintable(notices));
    verifyShutdownLeavesNothing(session, watch);
}

void tst_HostileSession::onlyTheEnginesDescriptorsCrossIn_data()
{
    QTest::addColumn<bool>("terminal");
    QTest::newRow("the GUI's stdout and stderr on a file") << false;
    QTest::newRow("the GUI's stdout and stderr on a terminal") << true;
}

// Landlock cannot see a descriptor opened before it applied: one that leads to the GUI's log or
// terminal would be a way out. User code lists its descriptors, then writes to each (the
// protocol socket aside: writing there ends the session, as the garbage-frame tests show).
void tst_HostileSession::onlyTheEnginesDescriptorsCrossIn()
{
    QFETCH(bool, terminal);
    const QByteArray marker = "escaped-" + m_token;
    int master = -1;
    int target = -1;
    // Outside the workspace and the private /tmp, like a real log.
    QTemporaryDir logDir(QDir::current().filePath(QStringLiteral("gui-log-XXXXXX")));
    QVERIFY(logDir.isValid());
    const QString logPath = logDir.filePath(QStringLiteral("gui-output.log"));
    if (terminal)
        QVERIFY(Sandpiper::Testing::openTerminal(&master, &target));
    else
        target = ::open(QFile::encodeName(logPath).constData(),
                        O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                        0600);
    QVERIFY(target >= 0);
    // And what a library of the GUI might leave open without close-on-exec.
    const int leaked = ::open(QFile::encodeName(m_secretPath).constData(), O_RDONLY);
    QVERIFY(leaked >= 0);

    // The GUI's own stdout and stderr are the log or the terminal while the session runs.
    std::fflush(stdout);
    std::fflush(stderr);
    const int savedOut = ::dup(STDOUT_FILENO);
    const int savedErr = ::dup(STDERR_FILENO);
    ::dup2(target, STDOUT_FILENO);
    ::dup2(target, STDERR_FILENO);
    bool restored = false;
    const auto restore = [&] {
        if (restored)
            return;
        restored = true;
        std::fflush(stdout);
        std::fflush(stderr);
        ::dup2(savedOut, STDOUT_FILENO);
        ::dup2(savedErr, STDERR_FILENO);
        for (const int fd : {savedOut, savedErr, target, leaked})
            ::close(fd);
    };
    const auto cleanup = qScopeGuard(restore);

    std::shared_ptr<RunRecord> result;
    {
        Session session(options());
        Watch watch(&session);
        QVERIFY(startAndWait(session));
        result = run(session, Sandpiper::Testing::descriptorProbeCode(marker), 20000);
        QVERIFY(result->finished);
        QCOMPARE(toString(result->outcome.status), toString(RunStatus::Ok));
        verifyShutdownLeavesNothing(session, watch);
    }
    restore();

    const QString unexpected = Sandpiper::Testing::unexpectedDescriptors(result->out);
    QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected));
    QVERIFY(result->out.contains("done"));
    // Nothing reached the GUI's terminal or log.
    QByteArray seen;
    if (terminal) {
        seen = Sandpiper::Testing::drainTerminal(master);
        ::close(master);
    } else {
        QFile log(logPath);
        QVERIFY(log.open(QIODevice::ReadOnly));
        seen = log.readAll();
    }
    QVERIFY2(!seen.contains(marker), seen.constData());
}

void tst_HostileSession::leftoversAreInvisibleToTheNextSession()
{
    skipUnlessActive({QStringLiteral("private-tmp")});
    Session session(options());
    Watch watch(&session);
    QVERIFY(startAndWait(session));
    auto planted = run(session,
                       expand(QStringLiteral("open('/tmp/leftover-{TOKEN}', 'w').write('x')\n"
                                             "open('/dev/shm/leftover-{TOKEN}', 'w').write('x')\n"
                                             "open('kept-{TOKEN}', 'w').write('x')\n")),
                       10000);
    QCOMPARE(toString(planted->outcome.status), toString(RunStatus::Ok));
    QVERIFY(!QFile::exists(QStringLiteral("/tmp/leftover-") + QString::fromLatin1(m_token)));

    const QString probe
            = expand(QStringLiteral("import os\n"
                                    "print(os.path.exists('/tmp/leftover-{TOKEN}'),\n"
                                    "      os.path.exists('/dev/shm/leftover-{TOKEN}'),\n"
                                    "      os.path.exists('kept-{TOKEN}'))"));
    // A restart is a new engine with fresh /tmp and /dev/shm; the workspace stays.
    session.restart();
    QVERIFY(waitUntil([&] { return session.state() == SessionState::Idle; }, 30000));
    QCOMPARE(run(session, probe, 10000)->out.trimmed(), QByteArray("False False True"));
    verifyShutdownLeavesNothing(session, watch);

    // Another session sees none of it, not even the workspace file.
    Session next(options());
    Watch nextWatch(&next);
    QVERIFY(startAndWait(next));
    QCOMPARE(run(next, probe, 10000)->out.trimmed(), QByteArray("False False False"));
    verifyShutdownLeavesNothing(next, nextWatch);
}

void tst_HostileSession::diskLimitStopsAnExportAndLeavesNoFile_data()
{
    QTest::addColumn<QString>("code");
    QTest::newRow("csv") << QStringLiteral("import pandas as pd\n"
                                           "big = pd.DataFrame({'s': ['x' * 200] * 2_000_000})\n"
                                           "sandpiper.export(big, 'big.csv')\n");
    // Random doubles do not compress: about 64 MB of Parquet, written by DuckDB's threads.
    QTest::newRow("parquet") << QStringLiteral(
            "import numpy as np, pandas as pd\n"
            "big = pd.DataFrame({'v': np.random.rand(8_000_000)})\n"
            "sandpiper.export(big, 'big.parquet')\n");
    QTest::newRow("to_parquet") << QStringLiteral(
            "import numpy as np, pandas as pd\n"
            "pd.DataFrame({'v': np.random.rand(8_000_000)}).to_parquet('big.parquet')\n");
}

void tst_HostileSession::diskLimitStopsAnExportAndLeavesNoFile()
{
    // sandpiper.export and to_parquet write a hidden temporary file and rename it when done:
    // stopped by a limit, they leave neither the file nor the temporary one.
    QFETCH(QString, code);
    SessionOptions opts = options();
    opts.limits.diskBytes = 32ull << 20;
    Session session(opts);
    Watch watch(&session);
    QVERIFY(startAndWait(session));
    const auto result = run(session, code, 60000);
    QVERIFY2(result->finished, "the run never finished");
    qInfo("%s: %s %s",
          qPrintable(toString(result->outcome.status)),
          qPrintable(result->outcome.error.message),
          qPrintable(result->outcome.detail));
    // The file size limit (a share of the disk limit) stops the file with a message that says
    // which limit; the disk limit stops the run when the file size limit is higher.
    const RunStatus status = result->outcome.status;
    QVERIFY2(status == RunStatus::DiskLimit
                     || (status == RunStatus::Error
                         && result->outcome.error.message.contains(
                                 QStringLiteral("Session Limits"))),
             qPrintable(toString(status) + u' ' + result->outcome.error.message));
    QVERIFY(waitUntil([&] { return session.state() == SessionState::Idle; }, 10000));
    const QStringList left = QDir(session.workspacePath())
                                     .entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    QVERIFY2(left.filter(QStringLiteral("big")).isEmpty(), qPrintable(left.join(u',')));
    verifyShutdownLeavesNothing(session, watch);
}

void tst_HostileSession::diskLimitStopsWritersInEveryProcess()
{
    // Each file stays under RLIMIT_FSIZE; together, from two processes, they go over the disk
    // written per run.
    SessionOptions opts = options();
    opts.limits.diskBytes = 48ull << 20;
    Session session(opts);
    Watch watch(&session);
    QVERIFY(startAndWait(session));
    const qint64 firstEngine = session.enginePid();
    QElapsedTimer clock;
    clock.start();
    const auto result = run(session,
                            QStringLiteral("import os, time\n"
                                           "chunk = b'x' * (8 << 20)\n"
                                           "child = os.fork()\n"
                                           "for i in range(10000):\n"
                                           "    with open(f'part-{child}-{i}.bin', 'wb') as f:\n"
                                           "        f.write(chunk)\n"
                                           "    time.sleep(0.01)\n"),
                            60000);
    QVERIFY2(result->finished, "the run never finished");
    const RunOutcome &outcome = result->outcome;
    qInfo("%s after %.2f s: %s",
          qPrintable(toString(outcome.status)),
          outcome.wallSeconds,
          qPrintable(outcome.detail));
    QCOMPARE(toString(outcome.status), toString(RunStatus::DiskLimit));
    QVERIFY2(outcome.detail.contains(QLatin1String("disk limit")), qPrintable(outcome.detail));
    QVERIFY(clock.elapsed() < 30000);

    // The writers, the forked one too, are gone; what they wrote stays for the user to see.
    QVERIFY(waitUntil(
            [&] {
                return session.state() == SessionState::Idle
                       && ProcessTreeReader::tree(pid_t(session.enginePid())).size() <= 3;
            },
            10000));
    QDir workspace(session.workspacePath());
    const QStringList parts = workspace.entryList({QStringLiteral("part-*.bin")}, QDir::Files);
    QVERIFY(parts.size() >= 6);
    QTest::qWait(500);
    QCOMPARE(workspace.entryList({QStringLiteral("part-*.bin")}, QDir::Files).size(), parts.size());
    QCOMPARE(session.enginePid(), firstEngine); // interrupted, not restarted
    verifyUsableWithLimits(session);
    verifyShutdownLeavesNothing(session, watch);
}

void tst_HostileSession::nearlyFullDiskStopsWritersEvenWhenIdle()
{
    // Pretend the disk is nearly full: keep all but 64 MiB of today's free space in reserve.
    const auto free = DiskBudget::spaceOf(m_workspaces->path());
    QVERIFY2(free && free->availableBytes > (1ull << 30), "this test needs 1 GiB of free disk");
    SessionOptions opts = options();
    opts.limits.diskBytes = 0; // no limit of the user's: only the reserve
    opts.diskReserveBytes = free->availableBytes - (64ull << 20);
    const QString writer = QStringLiteral("import os, threading, time\n"
                                          "def write(tag):\n"
                                          "    chunk = b'x' * (4 << 20)\n"
                                          "    for i in range(512):\n"
                                          "        with open(f'{tag}-{i}.bin', 'wb') as f:\n"
                                          "            f.write(chunk)\n"
                                          "        time.sleep(0.02)\n");

    // A run that returns at once and leaves a thread writing: stopped while the session idles.
    {
        Session session(opts);
        Watch watch(&session);
        QVERIFY(startAndWait(session));
        const qint64 firstEngine = session.enginePid();
        const auto started = run(session,
                                 writer
                                         + QStringLiteral("threading.Thread(target=write, "
                                                          "args=('idle',), daemon=True).start()"),
                                 10000);
        QCOMPARE(toString(started->outcome.status), toString(RunStatus::Ok));
        QVERIFY(waitUntil(
                [&] {
                    return session.enginePid() != firstEngine
                           && session.state() == SessionState::Idle;
                },
                30000));
        QVERIFY2(watch.notices.join(u'\n').contains(QLatin1String("nearly full")),
                 qPrintable(watch.notices.join(u'\n')));
        QVERIFY(processGone(firstEngine));
        const int written = QDir(session.workspacePath())
                                    .entryList({QStringLiteral("idle-*.bin")}, QDir::Files)
                                    .size();
        QTest::qWait(500);
        QCOMPARE(QDir(session.workspacePath())
                         .entryList({QStringLiteral("idle-*.bin")}, QDir::Files)
                         .size(),
                 written);
        verifyUsableWithLimits(session);
        verifyShutdownLeavesNothing(session, watch);
    }

    // The same writing in the run itself: the run ends with the disk status, without the grace
    // period an interrupt would give it.
    {
        Session session(opts);
        Watch watch(&session);
        QVERIFY(startAndWait(session));
        const auto result = run(session, writer + QStringLiteral("write('run')"), 30000);
        QVERIFY(result->finished);
        QCOMPARE(toString(result->outcome.status), toString(RunStatus::DiskLimit));
        QVERIFY2(result->outcome.detail.contains(QLatin1String("nearly full")),
                 qPrintable(result->outcome.detail));
        verifyUsableWithLimits(session);
        verifyShutdownLeavesNothing(session, watch);
    }
}

void tst_HostileSession::plantedLinksDoNotRedirectTransfers()
{
    SessionOptions opts = options();
    opts.limits.transferBytes = 4096;
    Session session(opts);
    Watch watch(&session);
    QVERIFY(startAndWait(session));
    // Links planted where the GUI will write (an upload's name) and read (an export).
    const auto planted
            = run(session,
                  expand(QStringLiteral("import os\n"
                                        "os.symlink('{SECRET}', 'result.csv')\n"
                                        "os.symlink('{SECRET}', 'upload.csv')\n"
                                        "os.mkfifo('pipe.csv')\n"
                                        "try:\n"
                                        "    os.link('{SECRET}', 'hard.csv')\n"
                                        "    print('linked')\n"
                                        "except OSError as e:\n"
                                        "    print('no hard link:', type(e).__name__)\n")),
                  10000);
    QCOMPARE(toString(planted->outcome.status), toString(RunStatus::Ok));
    Workspace *workspace = session.workspace();
    QVERIFY(workspace);
    const QString destination = m_outside->filePath(QStringLiteral("exported.csv"));
    QString error;
    for (const char *name : {"result.csv", "pipe.csv", "hard.csv", "../secret.txt"}) {
        QVERIFY2(!workspace->exportFile(QLatin1String(name), destination, &error), name);
        qInfo("export %s refused: %s", name, qPrintable(error));
        QVERIFY(!QFile::exists(destination));
    }

    QTemporaryDir sources;
    const QString upload = sources.filePath(QStringLiteral("upload.csv"));
    QFile source(upload);
    QVERIFY(source.open(QIODevice::WriteOnly));
    source.write("a,b\n1,2\n");
    source.close();
    const auto imported = workspace->importFile(upload, &error);
    QVERIFY2(imported, qPrintable(error));
    QCOMPARE(QFileInfo(*imported).fileName(), QStringLiteral("upload (2).csv"));
    const auto traversal = workspace->importFile(upload, &error, QStringLiteral("../../evil.py"));
    QVERIFY2(traversal, qPrintable(error));
    QCOMPARE(QFileInfo(*traversal).absolutePath(), workspace->path());
    QVERIFY(!workspace->importFile(upload, &error, QStringLiteral("..")));
    QFile big(upload);
    QVERIFY(big.open(QIODevice::WriteOnly));
    big.write(QByteArray(4097, 'x'));
    big.close();
    QVERIFY(!workspace->importFile(upload, &error));
    qInfo("over the limit: %s", qPrintable(error));

    // The session reads what was imported; the secret was never touched.
    const auto read
            = run(session, QStringLiteral("print(open('upload (2).csv').read().split())"), 10000);
    QCOMPARE(read->out.trimmed(), QByteArray("['a,b', '1,2']"));
    QFile secret(m_secretPath);
    QVERIFY(secret.open(QIODevice::ReadOnly));
    QCOMPARE(secret.readAll(), "secret " + m_token);
    verifyShutdownLeavesNothing(session, watch);
}

void tst_HostileSession::shutdownWhileCodeIgnoresSignals()
{
    Session session(options());
    Watch watch(&session);
    QVERIFY(startAndWait(session));
    auto record = track(session.execute(
            QStringLiteral("import signal, itertools\n"
                           "for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):\n"
                           "    signal.signal(s, signal.SIG_IGN)\n"
                           "sum(itertools.repeat(1))")));
    QTest::qWait(500);
    watch.record();
    verifyShutdownLeavesNothing(session, watch);
    QVERIFY(record->finished);
    QCOMPARE(toString(record->outcome.status), toString(RunStatus::Killed));
}

QTEST_GUILESS_MAIN(tst_HostileSession)

#include "tst_hostilesession.moc"
