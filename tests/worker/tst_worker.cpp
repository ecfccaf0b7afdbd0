// The real sandpiper-engine, driven over a socketpair with the protocol codec only (no client
// library): handshake, execution, output capture and caps, interrupts, heartbeat, exit.

#include "engineprocess.h"
#include "frame.h"
#include "messages.h"
#include "processgone.h"

#include <QCborArray>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <optional>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace Sandpiper::Protocol;
using Sandpiper::Testing::processGone;

namespace {

// One engine process with the requests and answers these tests use.
class Engine : public Sandpiper::Testing::EngineProcess
{
public:
    explicit Engine(const QStringList &extraArguments = {})
        : EngineProcess(SANDPIPER_ENGINE_PATH, extraArguments)
    {}

    void execute(quint64 id, const QString &code, quint64 limit = 0, bool silent = false)
    {
        ExecuteRequest request;
        request.id = id;
        request.code = code;
        request.cellName = QStringLiteral("<cell %1>").arg(id);
        request.outputLimitBytes = limit;
        request.silent = silent;
        if (silent)
            m_silent.insert(id);
        send(request.toCbor());
    }

    Hello hello()
    {
        const auto body = next(20000);
        if (!body)
            return {};
        m_helloMs = elapsedMs();
        QString error;
        const auto hello = Hello::fromCbor(*body, &error);
        if (!hello)
            qWarning() << "bad hello:" << error << *body;
        return hello.value_or(Hello{});
    }
    double helloMs() const { return m_helloMs; }

    // Every frame up to and including the result for id.
    QList<QCborMap> until(quint64 id, int timeoutMs = 20000)
    {
        QList<QCborMap> frames;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            const auto body = next(timeoutMs - int(timer.elapsed()));
            if (!body)
                break;
            frames.append(*body);
            // A run's variables come right after its result (none for a silent run).
            const bool last = m_silent.contains(id) ? messageType(*body) == MessageType::Result
                                                    : messageType(*body) == MessageType::Variables;
            if (last && messageId(*body) == id)
                break;
        }
        return frames;
    }

private:
    QSet<quint64> m_silent;
    double m_helloMs = 0;
};

ExecutionResult resultOf(QList<QCborMap> frames)
{
    while (!frames.isEmpty() && messageType(frames.last()) == MessageType::Variables)
        frames.removeLast();
    if (frames.isEmpty() || messageType(frames.last()) != MessageType::Result) {
        ExecutionResult missing;
        missing.status = ExecutionStatus::Error;
        missing.error.type = QStringLiteral("NoResult");
        return missing;
    }
    QString error;
    const auto result = ExecutionResult::fromCbor(frames.last(), &error);
    if (!result)
        qWarning() << "bad result:" << error;
    return result.value_or(ExecutionResult{});
}

QList<StreamOutput> streamsOf(const QList<QCborMap> &frames)
{
    QList<StreamOutput> streams;
    for (const QCborMap &body : frames) {
        if (messageType(body) != MessageType::Stream)
            continue;
        QString error;
        const auto stream = StreamOutput::fromCbor(body, &error);
        if (!stream)
            qWarning() << "bad stream frame:" << error;
        else
            streams.append(*stream);
    }
    return streams;
}

QByteArray textOf(const QList<QCborMap> &frames, StreamName name)
{
    QByteArray text;
    for (const StreamOutput &s : streamsOf(frames)) {
        if (s.name == name)
            text += s.data;
    }
    return text;
}

QList<DisplayData> displaysOf(const QList<QCborMap> &frames)
{
    QList<DisplayData> displays;
    for (const QCborMap &body : frames) {
        if (messageType(body) != MessageType::Display)
            continue;
        QString error;
        const auto display = DisplayData::fromCbor(body, &error);
        if (!display)
            qWarning() << "bad display frame:" << error;
        else
            displays.append(*display);
    }
    return displays;
}

// The diff of the run these frames end with (an earlier run's idle refresh may come first).
std::optional<VariablesDiff> variablesOf(const QList<QCborMap> &frames)
{
    for (const QCborMap &body : frames) {
        if (messageType(body) != MessageType::Variables || messageId(body) == 0)
            continue;
        QString error;
        auto diff = VariablesDiff::fromCbor(body, &error);
        if (!diff)
            qWarning() << "bad variables frame:" << error;
        return diff;
    }
    return std::nullopt;
}

QStringList typesOf(const QList<QCborMap> &frames)
{
    QStringList types;
    for (const QCborMap &body : frames)
        types.append(messageType(body));
    return types;
}

double percentile(QList<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.at(std::min<qsizetype>(values.size() - 1, qsizetype(p * values.size())));
}

struct Child
{
    pid_t pid = 0;
    QByteArray name;
    char state = '?'; // 'Z' for a zombie
};

// Children of every thread of pid, with their command names and states.
QList<Child> childrenOf(pid_t pid)
{
    QList<Child> children;
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile list(tasks.filePath(task + QStringLiteral("/children")));
        if (!list.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &child : list.readAll().split(' ')) {
            if (child.trimmed().isEmpty())
                continue;
            QFile stat(QStringLiteral("/proc/%1/stat").arg(QString::fromLatin1(child)));
            stat.open(QIODevice::ReadOnly);
            const QByteArray line = stat.readAll();
            const qsizetype open = line.indexOf('('), close = line.lastIndexOf(')');
            if (open < 0 || close < open || close + 2 >= line.size())
                continue;
            children.append({pid_t(child.toInt()),
                             line.mid(open + 1, close - open - 1),
                             line.at(close + 2)});
        }
    }
    return children;
}

// SIGINT tagged with a run id, as the client sends it.
bool interruptRun(qint64 pid, quint64 runId)
{
    sigval value{};
    value.sival_ptr = reinterpret_cast<void *>(static_cast<std::uintptr_t>(runId));
    return ::sigqueue(pid_t(pid), SIGINT, value) == 0;
}

// The engine proper under the sandbox's init (the process with threads), and a thread of it
// other than the main one that does not block SIGINT; {0, 0} when there is none.
std::pair<pid_t, pid_t> threadTakingSigint(qint64 pid)
{
    const auto threadsOf = [](const QString &process) {
        return QDir(QStringLiteral("/proc/%1/task").arg(process))
                .entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    };
    QString worker = QString::number(pid);
    while (threadsOf(worker).size() == 1) {
        const QList<Child> children = childrenOf(pid_t(worker.toInt()));
        if (children.size() != 1)
            return {0, 0};
        worker = QString::number(children.first().pid);
    }
    for (const QString &thread : threadsOf(worker)) {
        if (thread == worker)
            continue;
        QFile status(QStringLiteral("/proc/%1/task/%2/status").arg(worker, thread));
        if (!status.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (!line.startsWith("SigBlk:"))
                continue;
            const quint64 blocked = line.mid(7).trimmed().toULongLong(nullptr, 16);
            if (!(blocked & (quint64(1) << (SIGINT - 1))))
                return {worker.toInt(), thread.toInt()};
        }
    }
    return {worker.toInt(), 0};
}

} // namespace

class tst_Worker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hello();
    void sandboxOptions();
    void noSandbox();
    void executeRoundTrip();
    void idleRefreshFindsChangesTheRunDidNotName();
    void namesWrittenThroughTemporaryKeysAreAllSeen();
    void errorPointsAtUserLine();
    void output_data();
    void output();
    void outputComesBeforeDisplayAndResult();
    void outputWhileIdleHasIdZero();
    void outputCap();
    void outputCapFromCommandLine();
    void floodDoesNotBlock();
    void pingWhileBusy_data();
    void pingWhileBusy();
    void interrupt_data();
    void interrupt();
    void interruptWhileIdleIsIgnored();
    void interruptBeforeTheRunStartsIsKept();
    void interruptLandingOnAUserThreadIsPassedOn();
    void taggedInterruptReachesOnlyItsRun();
    void isolatedInterpreter();
    void stdinAndInput();
    void displayBundlesOnTheWire();
    void hostileReprDoesNotHang();
    void forkedCopiesOfAStoppedForkBombAreReaped();
    void invalidExecuteIsAnswered();
    void eofMakesEngineExit();
    void shutdownMakesEngineExit();
    void parentDeathKillsEngine();
    void preload();
    void missingRuntimeFailsClearly();
    void badArguments_data();
    void badArguments();
    void timings();
};

void tst_Worker::hello()
{
    Engine engine;
    const Hello hello = engine.hello();
    QCOMPARE(hello.protocolVersion, ProtocolVersion);
    QCOMPARE(hello.pid, qint64(engine.pid()));
    QVERIFY2(hello.pythonVersion.startsWith(QLatin1String("3.")), qPrintable(hello.pythonVersion));
    QVERIFY(hello.libraries.contains(QStringLiteral("numpy")));
    QVERIFY(hello.libraries.contains(QStringLiteral("pandas")));
    QVERIFY(!hello.libraries.value(QStringLiteral("matplotlib")).isEmpty());
    // Sandboxed by default, with the current directory as the workspace.
    QCOMPARE(hello.sandbox.value(QStringLiteral("enabled")).toBool(), true);
    QCOMPARE(hello.sandbox.value(QStringLiteral("workspace")).toString(),
             QFileInfo(QDir::currentPath()).canonicalFilePath());
    const QCborArray primitives = hello.sandbox.value(QStringLiteral("primitives")).toArray();
    QCOMPARE(primitives.size(), 16);
    QStringList inactive;
    for (const QCborValue &primitive : primitives) {
        QVERIFY(primitive.toMap().value(QStringLiteral("name")).isString());
        if (!primitive.toMap().value(QStringLiteral("active")).toBool())
            inactive << primitive.toMap().value(QStringLiteral("name")).toString();
    }
    qInfo("inactive primitives on this host: %s", qPrintable(inactive.join(u' ')));
    const QCborMap limits = hello.sandbox.value(QStringLiteral("limits")).toMap();
    QVERIFY(limits.value(QStringLiteral("memoryBytes")).toInteger() > 0);
    QCOMPARE(limits.value(QStringLiteral("processes")).toInteger(), 256);
    QCOMPARE(limits.value(QStringLiteral("openFiles")).toInteger(), 1024);
    qInfo("spawn -> hello: %.1f ms", engine.helloMs());
}

void tst_Worker::sandboxOptions()
{
    QTemporaryDir workspace;
    QVERIFY(workspace.isValid());
    QTemporaryDir outside;
    Engine engine({QStringLiteral("--workspace"),
                   workspace.path(),
                   QStringLiteral("--memory-limit"),
                   QString::number(768ll << 20),
                   QStringLiteral("--cpu-limit"),
                   QStringLiteral("50"),
                   QStringLiteral("--processes"),
                   QStringLiteral("40"),
                   QStringLiteral("--open-files"),
                   QStringLiteral("77"),
                   QStringLiteral("--file-size"),
                   QString::number(5 << 20),
                   QStringLiteral("--read-only"),
                   outside.path()});
    const Hello hello = engine.hello();
    const QCborMap limits = hello.sandbox.value(QStringLiteral("limits")).toMap();
    QCOMPARE(limits.value(QStringLiteral("memoryBytes")).toInteger(), 768ll << 20);
    QCOMPARE(limits.value(QStringLiteral("cpuSeconds")).toInteger(), 50);
    QCOMPARE(limits.value(QStringLiteral("processes")).toInteger(), 40);
    QCOMPARE(limits.value(QStringLiteral("openFiles")).toInteger(), 77);
    QCOMPARE(limits.value(QStringLiteral("fileSizeBytes")).toInteger(), 5 << 20);
    QCOMPARE(hello.sandbox.value(QStringLiteral("workspace")).toString(),
             QFileInfo(workspace.path()).canonicalFilePath());
    QFile readable(outside.filePath(QStringLiteral("shown.txt")));
    QVERIFY(readable.open(QIODevice::WriteOnly));
    readable.write("visible");
    readable.close();

    engine.execute(1,
                   QStringLiteral("import os, resource\n"
                                  "r = lambda n: resource.getrlimit(getattr(resource, n))\n"
                                  "print(r('RLIMIT_DATA'), r('RLIMIT_CPU')[1], "
                                  "r('RLIMIT_NOFILE'), r('RLIMIT_FSIZE'), r('RLIMIT_CORE'))\n"
                                  "print(os.getcwd() == os.environ['HOME'], os.getcwd())\n"
                                  "open('inside.txt', 'w').write('ok')\n"
                                  "print(open(%1).read())\n"
                                  "try:\n"
                                  "    open(%2, 'w')\n"
                                  "except OSError as e:\n"
                                  "    print('refused', type(e).__name__)\n")
                           .arg(QStringLiteral("'%1'").arg(readable.fileName()),
                                QStringLiteral("'%1/written.txt'").arg(outside.path())));
    const QList<QCborMap> frames = engine.until(1);
    QCOMPARE(toString(resultOf(frames).status), toString(ExecutionStatus::Ok));
    const QList<QByteArray> lines = textOf(frames, StreamName::Stdout).split('\n');
    QCOMPARE(lines.value(0),
             QByteArray("(805306368, 805306368) 52 (77, 77) (5242880, 5242880) (0, 0)"));
    QCOMPARE(lines.value(1), "True " + QFileInfo(workspace.path()).canonicalFilePath().toUtf8());
    QCOMPARE(lines.value(2), QByteArray("visible"));
    QVERIFY2(lines.value(3).startsWith("refused"), lines.value(3).constData());
    QVERIFY(QFile::exists(workspace.filePath(QStringLiteral("inside.txt"))));
    QVERIFY(!QFile::exists(outside.filePath(QStringLiteral("written.txt"))));
}

void tst_Worker::noSandbox()
{
    QTemporaryDir workspace;
    Engine engine(
            {QStringLiteral("--no-sandbox"), QStringLiteral("--workspace"), workspace.path()});
    const Hello hello = engine.hello();
    QCOMPARE(hello.pid, qint64(engine.pid()));
    QCOMPARE(hello.sandbox.value(QStringLiteral("enabled")).toBool(), false);
    QCOMPARE(hello.sandbox.value(QStringLiteral("fullyIsolated")).toBool(), false);
    QVERIFY(hello.sandbox.value(QStringLiteral("primitives")).toArray().isEmpty());
    engine.execute(1,
                   QStringLiteral("import os, resource\n"
                                  "print(resource.getrlimit(resource.RLIMIT_DATA)[1] == "
                                  "resource.RLIM_INFINITY, os.getpid() == %1)\n"
                                  "print(os.getcwd())")
                           .arg(engine.pid()));
    const QList<QCborMap> frames = engine.until(1);
    const QList<QByteArray> lines = textOf(frames, StreamName::Stdout).split('\n');
    QCOMPARE(lines.value(0), QByteArray("True True"));
    QCOMPARE(lines.value(1), QFileInfo(workspace.path()).canonicalFilePath().toUtf8());
}

void tst_Worker::executeRoundTrip()
{
    Engine engine;
    engine.hello();
    engine.execute(1, QStringLiteral("x = 6 * 7"));
    QList<QCborMap> frames = engine.until(1);
    // The result first, so the prompt comes back at once; then what the run changed.
    QCOMPARE(typesOf(frames), (QStringList{"result", "variables"}));
    ExecutionResult result = resultOf(frames);
    QCOMPARE(result.id, 1u);
    QCOMPARE(toString(result.status), toString(ExecutionStatus::Ok));
    QVERIFY(result.wallSeconds >= 0 && result.wallSeconds < 5);
    QVERIFY(result.cpuSeconds >= 0);
    QCOMPARE(result.outputBytes, 0u);
    const auto diff = variablesOf(frames);
    QVERIFY(diff);
    QCOMPARE(diff->id, 1u);
    QVERIFY(diff->reset);
    QCOMPARE(diff->changed.size(), 1);
    QCOMPARE(diff->changed.first().name, QStringLiteral("x"));
    QCOMPARE(diff->changed.first().repr, QStringLiteral("42"));

    // State persists; the trailing expression is displayed.
    engine.execute(2, QStringLiteral("x + 1"));
    frames = engine.until(2);
    QCOMPARE(typesOf(frames), (QStringList{"display", "result", "variables"}));
    const QList<DisplayData> displays = displaysOf(frames);
    QCOMPARE(displays.first().id, 2u);
    QCOMPARE(displays.first().data.value(QStringLiteral("text/plain")).toString(),
             QStringLiteral("43"));
    QVERIFY(!variablesOf(frames)->reset);
    QVERIFY(variablesOf(frames)->changed.isEmpty());

    // Silent: no display, no variables.
    engine.execute(3, QStringLiteral("y = 1\ny"), 0, true);
    frames = engine.until(3);
    QCOMPARE(typesOf(frames), (QStringList{"result"}));
}

QMap<QString, VariableSummary> summariesOf(const VariablesDiff &diff)
{
    QMap<QString, VariableSummary> byName;
    for (const VariableSummary &summary : diff.changed)
        byName.insert(summary.name, summary);
    return byName;
}

// The next variables frame with id 0: the idle refresh's findings.
std::optional<VariablesDiff> nextRefresh(Engine &engine)
{
    while (const auto body = engine.next(10000)) {
        if (messageType(*body) == MessageType::Variables && messageId(*body) == 0) {
            QString error;
            return VariablesDiff::fromCbor(*body, &error);
        }
    }
    return std::nullopt;
}

// A run's diff looks at what it bound, deleted or named; objects changed through an alias or
// a function come in the idle refresh's diff right after.
void tst_Worker::idleRefreshFindsChangesTheRunDidNotName()
{
    Engine engine;
    engine.hello();
    engine.execute(1,
                   QStringLiteral("import pandas as pd\ndf0 = pd.DataFrame({'a': [1, 2]})\n"
                                  "alias = df0\nitems = [1]\nsame = items\ny = 1\n"));
    auto diff = variablesOf(engine.until(1));
    QVERIFY(diff);
    QVERIFY(diff->reset);
    QVERIFY(diff->settled); // everything was just summarised: no refresh follows

    engine.execute(2,
                   QStringLiteral("alias['b'] = alias['a'] * 2\nsame.append(2)\n"
                                  "del globals()['y']\nfor i in range(3):\n    z = [i]\n"));
    diff = variablesOf(engine.until(2));
    QVERIFY(diff);
    auto changed = summariesOf(*diff);
    QCOMPARE(QStringList(changed.keys()), (QStringList{"alias", "i", "same", "z"}));
    QCOMPARE(changed.value("alias").dtypes, QStringLiteral("int64 (2 columns)"));
    QCOMPARE(changed.value("z").repr, QStringLiteral("[2]"));
    QCOMPARE(diff->removed, QStringList{"y"});
    QVERIFY(!diff->settled);

    const auto refresh = nextRefresh(engine);
    QVERIFY(refresh);
    QVERIFY(refresh->settled);
    changed = summariesOf(*refresh);
    QCOMPARE(QStringList(changed.keys()), (QStringList{"df0", "items"}));
    QCOMPARE(changed.value("df0").dtypes, QStringLiteral("int64 (2 columns)"));
    QCOMPARE(changed.value("items").repr, QStringLiteral("[1, 2]"));
}

// The namespace watch must not take a new name for one it saw: keys made on the fly are freed
// after the write, and the next one is often allocated at the same address.
void tst_Worker::namesWrittenThroughTemporaryKeysAreAllSeen()
{
    Engine engine;
    engine.hello();
    engine.execute(1, QStringLiteral("pass"));
    QVERIFY(variablesOf(engine.until(1)));
    engine.execute(2,
                   QStringLiteral("g = globals()\n"
                                  "g[''.join(['n', '1'])] = 1\n"
                                  "g[''.join(['n', '1'])] = 2\n"
                                  "g[''.join(['z', '9'])] = 3\n"
                                  "g[''.join(['q', '7'])] = 4\n"));
    const auto diff = variablesOf(engine.until(2));
    QVERIFY(diff);
    const auto changed = summariesOf(*diff);
    for (const char *name : {"n1", "z9", "q7"})
        QVERIFY2(changed.contains(QLatin1String(name)), name);
    QCOMPARE(changed.value("n1").repr, QStringLiteral("2"));
}

void tst_Worker::errorPointsAtUserLine()
{
    Engine engine;
    engine.hello();
    engine.execute(5, QStringLiteral("a = 1\nb = 0\na / b\n"));
    const QList<QCborMap> frames = engine.until(5);
    const ExecutionResult result = resultOf(frames);
    QCOMPARE(toString(result.status), toString(ExecutionStatus::Error));
    QCOMPARE(result.error.type, QStringLiteral("ZeroDivisionError"));
    QCOMPARE(result.error.line, 3);
    const QString traceback = result.error.traceback.join(QLatin1Char('\n'));
    QVERIFY2(traceback.contains(QLatin1String("File \"<cell 5>\", line 3")), qPrintable(traceback));
    QVERIFY2(!traceback.contains(QLatin1String("sandpiper_runtime")), qPrintable(traceback));
    // The variables of the failed cell are still reported.
    QCOMPARE(variablesOf(frames)->changed.size(), 2);
}

void tst_Worker::output_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QByteArray>("out");
    QTest::addColumn<QByteArray>("err");
    QTest::newRow("print") << "print('hello')" << QByteArray("hello\n") << QByteArray();
    QTest::newRow("print-stderr") << "import sys\nprint('oops', file=sys.stderr)" << QByteArray()
                                  << QByteArray("oops\n");
    QTest::newRow("no-newline") << "print('partial', end='')" << QByteArray("partial")
                                << QByteArray();
    QTest::newRow("os.write") << "import os\nos.write(1, b'raw1\\n')\nos.write(2, b'raw2\\n')"
                              << QByteArray("raw1\n") << QByteArray("raw2\n");
    QTest::newRow("subprocess") << "import os\nos.system('echo hi; echo ho >&2')"
                                << QByteArray("hi\n") << QByteArray("ho\n");
    QTest::newRow("subprocess-module") << "import subprocess\nsubprocess.run(['printf', 'a\\\\nb'])"
                                       << QByteArray("a\nb") << QByteArray();
    QTest::newRow("invalid-utf8") << "import os\nos.write(1, b'\\xff\\xfe ok')"
                                  << QByteArray("\xff\xfe ok") << QByteArray();
    QTest::newRow("unicode") << "print('h\\u00e9 \\u4e2d')"
                             << QByteArray("h\xc3\xa9 \xe4\xb8\xad\n") << QByteArray();
}

void tst_Worker::output()
{
    QFETCH(QString, code);
    QFETCH(QByteArray, out);
    QFETCH(QByteArray, err);
    Engine engine;
    engine.hello();
    engine.execute(7, code);
    const QList<QCborMap> frames = engine.until(7);
    const ExecutionResult result = resultOf(frames);
    QCOMPARE(toString(result.status), toString(ExecutionStatus::Ok));
    QCOMPARE(textOf(frames, StreamName::Stdout), out);
    QCOMPARE(textOf(frames, StreamName::Stderr), err);
    QCOMPARE(result.outputBytes, quint64(out.size() + err.size()));
    QVERIFY(!result.outputTruncated);
    for (const StreamOutput &s : streamsOf(frames)) {
        QCOMPARE(s.id, 7u);
        QVERIFY(!s.truncated);
    }
}

void tst_Worker::outputComesBeforeDisplayAndResult()
{
    Engine engine;
    engine.hello();
    engine.execute(1,
                   QStringLiteral("import os\nprint('a')\nos.write(1, b'b\\n')\n"
                                  "display('shown')\nprint('c')\n'last'"));
    const QList<QCborMap> frames = engine.until(1);
    QStringList sequence;
    for (const QCborMap &body : frames) {
        const QString type = messageType(body);
        if (type == MessageType::Stream)
            sequence.append(QString::fromUtf8(body.value(QStringLiteral("data")).toByteArray()));
        else if (type == MessageType::Display)
            sequence.append(body.value(QStringLiteral("data"))
                                    .toMap()
                                    .value(QStringLiteral("text/plain"))
                                    .toString());
        else
            sequence.append(type);
    }
    // Coalescing may join adjacent stream chunks, never reorder them.
    QCOMPARE(sequence.join(QString()), QStringLiteral("a\nb\n'shown'c\n'last'resultvariables"));
}

void tst_Worker::outputWhileIdleHasIdZero()
{
    Engine engine;
    engine.hello();
    engine.execute(
            1,
            QStringLiteral("import threading, time, subprocess\n"
                           "def later():\n    time.sleep(0.3)\n    print('thread')\n"
                           "threading.Thread(target=later).start()\n"
                           "p = subprocess.Popen(['sh', '-c', 'sleep 0.3; echo child >&2'])\n"
                           "print('now')"));
    const QList<QCborMap> frames = engine.until(1);
    QCOMPARE(textOf(frames, StreamName::Stdout), QByteArray("now\n"));
    QList<QCborMap> idle;
    QElapsedTimer timer;
    timer.start();
    while (idle.size() < 2 && timer.elapsed() < 5000) {
        if (const auto body = engine.next(5000 - int(timer.elapsed())))
            idle.append(*body);
    }
    QCOMPARE(textOf(idle, StreamName::Stdout), QByteArray("thread\n"));
    QCOMPARE(textOf(idle, StreamName::Stderr), QByteArray("child\n"));
    for (const StreamOutput &s : streamsOf(idle))
        QCOMPARE(s.id, 0u);
}

void tst_Worker::outputCap()
{
    Engine engine;
    engine.hello();
    engine.execute(1, QStringLiteral("print('x' * 5000)\nprint('more')"), 1000);
    QList<QCborMap> frames = engine.until(1);
    ExecutionResult result = resultOf(frames);
    QCOMPARE(toString(result.status), toString(ExecutionStatus::Ok));
    QVERIFY(result.outputTruncated);
    QCOMPARE(result.outputBytes, 5001u + 5u);
    const QList<StreamOutput> streams = streamsOf(frames);
    QVERIFY(!streams.isEmpty());
    QVERIFY(streams.last().truncated);
    QCOMPARE(streams.last().data,
             QByteArray("\n[output truncated: limit of 1000 bytes reached]\n"));
    QByteArray sent;
    for (const StreamOutput &s : streams) {
        if (!s.truncated)
            sent += s.data;
    }
    QCOMPARE(sent, QByteArray(1000, 'x'));

    // The next execution has its own cap.
    engine.execute(2, QStringLiteral("print('fine')"));
    frames = engine.until(2);
    QCOMPARE(textOf(frames, StreamName::Stdout), QByteArray("fine\n"));
    QVERIFY(!resultOf(frames).outputTruncated);
}

void tst_Worker::outputCapFromCommandLine()
{
    Engine engine({QStringLiteral("--output-limit"), QStringLiteral("100")});
    engine.hello();
    engine.execute(1, QStringLiteral("import sys\nsys.stderr.write('e' * 99 + '\\nmore\\n')"));
    QList<QCborMap> frames = engine.until(1);
    QVERIFY(resultOf(frames).outputTruncated);
    // The cap fell right after a newline: the marker needs no newline in front of it.
    QCOMPARE(textOf(frames, StreamName::Stderr),
             QByteArray(99, 'e') + "\n[output truncated: limit of 100 bytes reached]\n");
    engine.execute(2, QStringLiteral("print('f' * 150)"));
    frames = engine.until(2);
    QCOMPARE(textOf(frames, StreamName::Stdout),
             QByteArray(100, 'f') + "\n[output truncated: limit of 100 bytes reached]\n");
}

void tst_Worker::floodDoesNotBlock()
{
    // Far more than the pipe holds: the engine keeps reading (and dropping) beyond the cap.
    Engine engine;
    engine.hello();
    QElapsedTimer timer;
    timer.start();
    engine.execute(1,
                   QStringLiteral("import os\nchunk = b'z' * 65536\n"
                                  "for i in range(800):\n    os.write(1, chunk)\n"
                                  "for i in range(100000):\n    print(i)\n"),
                   64 * 1024);
    const QList<QCborMap> frames = engine.until(1, 60000);
    const ExecutionResult result = resultOf(frames);
    QCOMPARE(toString(result.status), toString(ExecutionStatus::Ok));
    QVERIFY(result.outputTruncated);
    QVERIFY(result.outputBytes > 800u * 65536u);
    qsizetype sent = 0;
    for (const StreamOutput &s : streamsOf(frames))
        sent += s.truncated ? 0 : s.data.size();
    QCOMPARE(sent, 64 * 1024);
    // Coalesced: a handful of frames, not one per write.
    QVERIFY2(frames.size() < 20, qPrintable(QString::number(frames.size())));
    qInfo("%.1f MB written and dropped beyond the cap in %lld ms",
          result.outputBytes / 1e6,
          timer.elapsed());
}

void tst_Worker::pingWhileBusy_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("interruptible");
    QTest::newRow("python-loop") << "while True:\n    pass" << true;
    // A C-level loop that never checks for signals. (Catastrophic regex backtracking does
    // not qualify: CPython's sre checks for signals as it goes.)
    QTest::newRow("c-level-sum") << "import itertools\nsum(itertools.repeat(1))" << false;
    QTest::newRow("regex-backtracking") << "import re\nre.match(r'(a+)+$', 'a' * 64 + 'b')" << true;
}

void tst_Worker::pingWhileBusy()
{
    QFETCH(QString, code);
    QFETCH(bool, interruptible);
    Engine engine;
    engine.hello();
    engine.execute(1, code);
    QTest::qSleep(200);
    // The IO thread answers while the code runs (in well under a millisecond; the bound is a
    // margin for a loaded machine, not the figure).
    for (quint64 id = 100; id < 103; ++id) {
        engine.send(Ping{id}.toCbor());
        const auto body = engine.next(5000);
        QVERIFY(body);
        QCOMPARE(messageType(*body), QString(MessageType::Pong));
        QCOMPARE(messageId(*body), id);
    }
    ::kill(engine.pid(), SIGINT);
    const QList<QCborMap> frames = engine.until(1, interruptible ? 5000 : 500);
    if (interruptible) {
        QCOMPARE(toString(resultOf(frames).status), toString(ExecutionStatus::Interrupted));
    } else {
        // Only a kill ends it (the client's escalation); the engine still answers.
        QVERIFY2(frames.isEmpty(), qPrintable(typesOf(frames).join(QLatin1Char(' '))));
        engine.send(Ping{200}.toCbor());
        const auto pong = engine.next(5000);
        QVERIFY(pong);
        QCOMPARE(messageId(*pong), 200u);
    }
}

void tst_Worker::interrupt_data()
{
    QTest::addColumn<QString>("code");
    QTest::newRow("busy-loop") << "while True:\n    pass";
    QTest::newRow("sleep") << "import time\ntime.sleep(100)";
    QTest::newRow("subprocess") << "import subprocess\nsubprocess.run(['sleep', '100'])";
    QTest::newRow("catch-and-continue")
            << "try:\n    while True: pass\nexcept ValueError:\n    pass";
}

void tst_Worker::interrupt()
{
    QFETCH(QString, code);
    Engine engine;
    engine.hello();
    engine.execute(1, QStringLiteral("kept = 'yes'"));
    engine.until(1);
    engine.execute(2, code);
    QTest::qSleep(300); // let the code get going
    QElapsedTimer timer;
    timer.start();
    ::kill(engine.pid(), SIGINT);
    const QList<QCborMap> frames = engine.until(2, 5000);
    const qint64 elapsed = timer.elapsed();
    const ExecutionResult result = resultOf(frames);
    QCOMPARE(toString(result.status), toString(ExecutionStatus::Interrupted));
    QCOMPARE(result.error.type, QStringLiteral("KeyboardInterrupt"));
    // Within until()'s 5 s (a margin for a loaded machine); the figure is printed.
    qInfo("interrupted after %lld ms", elapsed);

    // The session keeps its variables and works on.
    engine.execute(3, QStringLiteral("kept"));
    const QList<QCborMap> after = engine.until(3);
    QCOMPARE(toString(resultOf(after).status), toString(ExecutionStatus::Ok));
    QCOMPARE(displaysOf(after).first().data.value(QStringLiteral("text/plain")).toString(),
             QStringLiteral("'yes'"));
}

void tst_Worker::interruptWhileIdleIsIgnored()
{
    Engine engine;
    engine.hello();
    for (int i = 0; i < 3; ++i) {
        ::kill(engine.pid(), SIGINT);
        QTest::qSleep(20);
    }
    QTest::qSleep(100);
    engine.execute(1,
                   QStringLiteral("import time\nx = 0\nfor i in range(20):\n"
                                  "    time.sleep(0.005)\n    x += 1\nx"));
    const QList<QCborMap> frames = engine.until(1);
    QCOMPARE(toString(resultOf(frames).status), toString(ExecutionStatus::Ok));
    QCOMPARE(displaysOf(frames).first().data.value(QStringLiteral("text/plain")).toString(),
             QStringLiteral("20"));
}

// The client tags its SIGINT with the run it means. The sandbox's forwarders may deliver it
// late, after that run ended and the next one began (two quick interrupts under load did
// exactly that): it stops its own run, now or as it starts, and never another.
void tst_Worker::taggedInterruptReachesOnlyItsRun()
{
    Engine engine;
    engine.hello();
    engine.execute(1, QStringLiteral("import time\ntime.sleep(100)"));
    QTest::qSleep(200);
    QVERIFY(interruptRun(engine.pid(), 1));
    QVERIFY(interruptRun(engine.pid(), 1));
    QCOMPARE(toString(resultOf(engine.until(1, 5000)).status),
             toString(ExecutionStatus::Interrupted));

    // A late one for run 1, while run 2 runs.
    engine.execute(2, QStringLiteral("import time\ntime.sleep(0.4)\n'two'"));
    QTest::qSleep(150);
    QVERIFY(interruptRun(engine.pid(), 1));
    QCOMPARE(toString(resultOf(engine.until(2)).status), toString(ExecutionStatus::Ok));

    // One for run 4, received but waiting behind run 3: run 3 goes on, run 4 stops as it starts.
    engine.execute(3, QStringLiteral("import time\ntime.sleep(0.4)\n'three'"));
    engine.execute(4, QStringLiteral("import time\ntime.sleep(100)"));
    QTest::qSleep(150);
    QVERIFY(interruptRun(engine.pid(), 4));
    QCOMPARE(toString(resultOf(engine.until(3)).status), toString(ExecutionStatus::Ok));
    QCOMPARE(toString(resultOf(engine.until(4, 5000)).status),
             toString(ExecutionStatus::Interrupted));
    engine.execute(5, QStringLiteral("'five'"));
    QCOMPARE(toString(resultOf(engine.until(5)).status), toString(ExecutionStatus::Ok));
}

// The kernel hands a SIGINT to a thread of the user's code when the main thread is busy with
// an earlier one (the engine's own threads block it). Handled there, it raced the main thread,
// and a sleep on the main thread went on, since only that thread's call returns EINTR. The
// signal, plain or tagged, is passed on to the main thread and stops the run at once.
void tst_Worker::interruptLandingOnAUserThreadIsPassedOn()
{
    Engine engine;
    engine.hello();
    const QString code = QStringLiteral("import threading, time\n"
                                        "threading.Thread(target=time.sleep, args=(100,),"
                                        " daemon=True).start()\n"
                                        "time.sleep(100)");
    for (const bool tagged : {false, true}) {
        const quint64 id = tagged ? 2 : 1;
        engine.execute(id, code);
        QTest::qSleep(300); // both threads are sleeping
        const auto [worker, thread] = threadTakingSigint(engine.pid());
        QVERIFY2(thread > 0, "no thread of the user's code takes SIGINT");
        if (tagged) {
            siginfo_t info{};
            info.si_signo = SIGINT;
            info.si_code = SI_QUEUE;
            info.si_pid = getpid();
            info.si_uid = getuid();
            info.si_value.sival_ptr = reinterpret_cast<void *>(std::uintptr_t(id));
            QCOMPARE(::syscall(SYS_rt_tgsigqueueinfo, worker, thread, SIGINT, &info), 0L);
        } else {
            QCOMPARE(::syscall(SYS_tgkill, worker, thread, SIGINT), 0L);
        }
        QCOMPARE(toString(resultOf(engine.until(id, 5000)).status),
                 toString(ExecutionStatus::Interrupted));
    }
}

// The client interrupts a run it has sent; the engine may not have started it yet (its main
// thread still preloading a module). The run stops as it starts instead of being lost, which
// would leave it running until the client killed the engine.
void tst_Worker::interruptBeforeTheRunStartsIsKept()
{
    Engine engine({QStringLiteral("--preload"),
                   QStringLiteral("pandas,matplotlib.pyplot,scipy.stats,sklearn.linear_model")});
    engine.hello();
    QTest::qSleep(300); // the main thread is importing
    engine.execute(1, QStringLiteral("import time\ntime.sleep(60)"));
    QTest::qSleep(200); // the IO thread has the request; the main thread has not started it
    QElapsedTimer clock;
    clock.start();
    ::kill(engine.pid(), SIGINT);
    const QList<QCborMap> frames = engine.until(1, 30000);
    qInfo("the run ended %lld ms after the interrupt", clock.elapsed());
    QCOMPARE(toString(resultOf(frames).status), toString(ExecutionStatus::Interrupted));
    // Nothing carries over to the next run.
    engine.execute(2, QStringLiteral("import time\ntime.sleep(0.2)\n'done'"));
    QCOMPARE(toString(resultOf(engine.until(2)).status), toString(ExecutionStatus::Ok));
}

void tst_Worker::isolatedInterpreter()
{
    Engine engine;
    engine.hello();
    engine.execute(
            1,
            QStringLiteral("import sys, os, signal\n"
                           "print(sys.flags.isolated, sys.flags.no_user_site,\n"
                           "      sys.flags.ignore_environment, sys.flags.utf8_mode)\n"
                           "print(sys.executable)\n"
                           "print('' in sys.path, os.getcwd() in sys.path)\n"
                           "print(sys.stdout.line_buffering, __name__, repr(sys.argv))\n"
                           "print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)\n"
                           "print(any(p.endswith('dist-packages') for p in sys.path))\n"));
    const QList<QCborMap> frames = engine.until(1);
    QCOMPARE(toString(resultOf(frames).status), toString(ExecutionStatus::Ok));
    const QList<QByteArray> lines = textOf(frames, StreamName::Stdout).split('\n');
    QCOMPARE(lines.value(0), QByteArray("1 1 1 1"));
    QVERIFY2(lines.value(1).contains("python3"), lines.value(1).constData());
    QVERIFY2(!lines.value(1).contains("sandpiper-engine"), lines.value(1).constData());
    QCOMPARE(lines.value(2), QByteArray("False False"));
    QCOMPARE(lines.value(3), QByteArray("True __main__ ['']"));
    QCOMPARE(lines.value(4), QByteArray("True"));
    QCOMPARE(lines.value(5), QByteArray("True"));
}

void tst_Worker::stdinAndInput()
{
    Engine engine;
    engine.hello();
    engine.execute(1,
                   QStringLiteral("import sys, subprocess\nr = sys.stdin.read()\n"
                                  "c = subprocess.run(['cat'], capture_output=True).stdout\n"
                                  "(r, c)"));
    QList<QCborMap> frames = engine.until(1, 5000);
    QCOMPARE(toString(resultOf(frames).status), toString(ExecutionStatus::Ok));
    QCOMPARE(displaysOf(frames).first().data.value(QStringLiteral("text/plain")).toString(),
             QStringLiteral("('', b'')"));
    engine.execute(2, QStringLiteral("name = input('Name? ')"));
    frames = engine.until(2, 5000);
    const ExecutionResult result = resultOf(frames);
    QCOMPARE(toString(result.status), toString(ExecutionStatus::Error));
    QVERIFY2(result.error.message.contains(
                     QLatin1String("input() is not available in Sandpiper sessions")),
             qPrintable(result.error.message));
}

void tst_Worker::displayBundlesOnTheWire()
{
    Engine engine;
    engine.hello();
    engine.execute(1,
                   QStringLiteral("import matplotlib.pyplot as plt\nimport pandas as pd\n"
                                  "plt.plot([1, 2, 3])\n"
                                  "pd.DataFrame({'a': [1, 2]})"));
    const QList<QCborMap> frames = engine.until(1, 60000);
    QCOMPARE(toString(resultOf(frames).status), toString(ExecutionStatus::Ok));
    const QList<DisplayData> displays = displaysOf(frames);
    QCOMPARE(displays.size(), 2);
    QVERIFY(displays.at(0).data.value(QStringLiteral("text/html")).toString().contains("<table"));
    const QByteArray png = displays.at(1).data.value(QStringLiteral("image/png")).toByteArray();
    QVERIFY(png.startsWith("\x89PNG\r\n\x1a\n"));
    QVERIFY(displays.at(1).metadata.value(QStringLiteral("width")).toInteger() > 100);
    const auto diff = variablesOf(frames);
    QVERIFY(diff);
    QVERIFY(diff->changed.isEmpty()); // plt and pd are modules: filtered
}

void tst_Worker::forkedCopiesOfAStoppedForkBombAreReaped()
{
    Engine engine({QStringLiteral("--no-sandbox")});
    engine.hello();
    const QByteArray engineName = "sandpiper-engin"; // comm is cut at 15 characters
    // Copies of the engine among its children: all of them, or those still running.
    const auto copies = [&](bool runningOnly = false) {
        int count = 0;
        for (const Child &child : childrenOf(engine.pid()))
            count += child.name == engineName && (!runningOnly || child.state != 'Z');
        return count;
    };
    const auto statusOf = [&](quint64 id, const QString &code) {
        engine.execute(id, code);
        return toString(resultOf(engine.until(id)).status);
    };

    // An exited copy is the code's to wait for, after a run that succeeded or failed for any
    // other reason than the process limit (multiprocessing joins its children later).
    QCOMPARE(statusOf(1,
                      QStringLiteral("import os, subprocess, time\n"
                                     "kept = os.fork()\n"
                                     "if kept == 0:\n"
                                     "    os._exit(5)\n"
                                     "time.sleep(0.3)")),
             toString(ExecutionStatus::Ok));
    QCOMPARE(statusOf(2,
                      QStringLiteral("if os.fork() == 0:\n"
                                     "    os._exit(6)\n"
                                     "time.sleep(0.3)\n"
                                     "raise ValueError('not about processes')")),
             toString(ExecutionStatus::Error));
    QTest::qWait(1000);
    QCOMPARE(copies(), 2);
    QCOMPARE(copies(true), 0);

    // A fork bomb stopped by the process limit raises BlockingIOError in every copy: its
    // exited copies are reaped, also those that exit after the run ended. The earlier runs'
    // copies and a subprocess are not.
    QCOMPARE(statusOf(3,
                      QStringLiteral("shell = subprocess.Popen(['sh', '-c', 'exit 7'])\n"
                                     "for i in range(4):\n"
                                     "    if os.fork() == 0:\n"
                                     "        time.sleep(0.3 * i)\n"
                                     "        raise BlockingIOError(11, 'copy')\n"
                                     "raise BlockingIOError(11, 'parent')")),
             toString(ExecutionStatus::Error));
    QVERIFY(copies(true) > 0); // the last copy sleeps for 0.9 s
    QTRY_COMPARE_WITH_TIMEOUT(copies(), 2, 5000);
    QTest::qWait(300);
    QCOMPARE(copies(), 2);

    // Their exit statuses are still there for the code.
    engine.execute(4, QStringLiteral("print(shell.wait(), os.waitpid(kept, 0)[1] >> 8)"));
    QCOMPARE(textOf(engine.until(4), StreamName::Stdout), QByteArray("7 5\n"));
}

void tst_Worker::hostileReprDoesNotHang()
{
    Engine engine;
    engine.hello();
    engine.execute(1,
                   QStringLiteral("class Loop:\n    def __repr__(self):\n        while True: pass\n"
                                  "class Bad:\n    def __repr__(self):\n"
                                  "        raise ValueError('boom')\n"
                                  "loop = Loop()\nbad = Bad()\n"));
    QElapsedTimer timer;
    timer.start();
    const QList<QCborMap> frames = engine.until(1, 10000);
    QCOMPARE(toString(resultOf(frames).status), toString(ExecutionStatus::Ok));
    QVERIFY(timer.elapsed() < 5000);
    const auto diff = variablesOf(frames);
    QVERIFY(diff);
    QMap<QString, QString> reprs;
    for (const VariableSummary &s : diff->changed)
        reprs.insert(s.name, s.repr);
    QCOMPARE(reprs.value(QStringLiteral("loop")), QStringLiteral("<repr timed out>"));
    QCOMPARE(reprs.value(QStringLiteral("bad")), QStringLiteral("<repr failed: ValueError: boom>"));
    engine.execute(2, QStringLiteral("1"));
    QCOMPARE(toString(resultOf(engine.until(2)).status), toString(ExecutionStatus::Ok));
}

void tst_Worker::invalidExecuteIsAnswered()
{
    Engine engine;
    engine.hello();
    QCborMap body;
    body.insert(QStringLiteral("type"), QStringLiteral("execute"));
    body.insert(QStringLiteral("id"), 9);
    body.insert(QStringLiteral("code"), 42); // not text
    engine.send(body);
    const ExecutionResult result = resultOf(engine.until(9, 5000));
    QCOMPARE(result.id, 9u);
    QCOMPARE(toString(result.status), toString(ExecutionStatus::Error));
    QCOMPARE(result.error.type, QStringLiteral("ProtocolError"));
    // Unknown types are ignored; the engine carries on.
    QCborMap unknown;
    unknown.insert(QStringLiteral("type"), QStringLiteral("future-feature"));
    unknown.insert(QStringLiteral("id"), 10);
    engine.send(unknown);
    engine.execute(11, QStringLiteral("pass"));
    QCOMPARE(toString(resultOf(engine.until(11)).status), toString(ExecutionStatus::Ok));
}

void tst_Worker::eofMakesEngineExit()
{
    Engine idle;
    idle.hello();
    idle.closeSocket();
    QCOMPARE(idle.waitForExit(3000), 0);

    // Also while Python is stuck in a loop that never checks anything.
    Engine busy;
    busy.hello();
    busy.execute(1, QStringLiteral("import itertools\nsum(itertools.repeat(1))"));
    QTest::qSleep(200);
    busy.closeSocket();
    const int status = busy.waitForExit(3000);
    QVERIFY(status != -1);
    QVERIFY(WIFEXITED(status));
}

void tst_Worker::shutdownMakesEngineExit()
{
    Engine engine;
    engine.hello();
    engine.execute(1, QStringLiteral("print('bye')"));
    engine.until(1);
    engine.send(ShutdownRequest{2}.toCbor());
    const int status = engine.waitForExit(3000);
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 0);
}

void tst_Worker::parentDeathKillsEngine()
{
    // An intermediate parent starts the engine and dies; our end of the socket stays open,
    // so only PR_SET_PDEATHSIG can end the engine.
    int fds[2];
    QVERIFY(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0);
    int report[2];
    QVERIFY(pipe(report) == 0);
    const pid_t middle = fork();
    QVERIFY(middle >= 0);
    if (middle == 0) {
        const pid_t engine = fork();
        if (engine == 0) {
            fcntl(fds[1], F_SETFD, 0);
            const QByteArray fd = QByteArray::number(fds[1]);
            execl(SANDPIPER_ENGINE_PATH, SANDPIPER_ENGINE_PATH, "--fd", fd.constData(), nullptr);
            _exit(127);
        }
        [[maybe_unused]] ssize_t n = write(report[1], &engine, sizeof engine);
        pause();
        _exit(0);
    }
    close(fds[1]);
    close(report[1]);
    pid_t enginePid = -1;
    QCOMPARE(read(report[0], &enginePid, sizeof enginePid), ssize_t(sizeof enginePid));
    close(report[0]);
    // Wait for the hello, so the engine is past its start-up.
    FrameDecoder decoder;
    pollfd p{fds[0], POLLIN, 0};
    QVERIFY(poll(&p, 1, 20000) == 1);
    QVERIFY(!processGone(enginePid));

    ::kill(middle, SIGKILL);
    waitpid(middle, nullptr, 0);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(enginePid), 10000);
    close(fds[0]);
}

void tst_Worker::preload()
{
    Engine engine({QStringLiteral("--preload"), QStringLiteral("json,,numpy,no_such_module_x")});
    engine.hello();
    // The failure is reported as output outside any execution (id 0).
    QByteArray background;
    QElapsedTimer timer;
    timer.start();
    while (!background.contains("could not preload no_such_module_x") && timer.elapsed() < 20000) {
        const auto body = engine.next(20000 - int(timer.elapsed()));
        QVERIFY(body);
        QCOMPARE(messageType(*body), QString(MessageType::Stream));
        QCOMPARE(messageId(*body), 0u);
        background += body->value(QStringLiteral("data")).toByteArray();
    }
    QVERIFY2(background.contains("could not preload no_such_module_x"), background.constData());
    engine.execute(1,
                   QStringLiteral("import sys\n'numpy' in sys.modules and 'json' in sys.modules"));
    const QList<QCborMap> frames = engine.until(1);
    QCOMPARE(displaysOf(frames).first().data.value(QStringLiteral("text/plain")).toString(),
             QStringLiteral("True"));
    // Preloaded modules are not variables.
    QVERIFY(variablesOf(frames)->changed.isEmpty());
}

void tst_Worker::missingRuntimeFailsClearly()
{
    qputenv("SANDPIPER_RUNTIME_PATH", "/nonexistent/sandpiper-runtime");
    Engine engine;
    qunsetenv("SANDPIPER_RUNTIME_PATH");
    QVERIFY(!engine.next(10000)); // EOF, no hello
    const int status = engine.waitForExit(5000);
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 3);
}

void tst_Worker::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("none") << QStringList{};
    QTest::newRow("fd-missing-value") << QStringList{"--fd"};
    QTest::newRow("fd-not-a-number") << QStringList{"--fd", "x"};
    QTest::newRow("fd-not-a-socket") << QStringList{"--fd", "0"};
    QTest::newRow("fd-closed") << QStringList{"--fd", "999"};
    QTest::newRow("bad-limit") << QStringList{"--fd", "0", "--output-limit", "-5"};
    QTest::newRow("bad-role") << QStringList{"--fd", "0", "--role", "tools"};
    QTest::newRow("bad-preload") << QStringList{"--fd", "0", "--preload", "numpy,os path"};
    QTest::newRow("unknown") << QStringList{"--frobnicate"};
    QTest::newRow("negative-memory") << QStringList{"--fd", "0", "--memory-limit", "-1"};
    QTest::newRow("memory-missing-value") << QStringList{"--fd", "0", "--memory-limit"};
    QTest::newRow("processes-not-a-number") << QStringList{"--fd", "0", "--processes", "many"};
    QTest::newRow("no-sandbox-with-value") << QStringList{"--fd", "0", "--no-sandbox=yes"};
    QTest::newRow("empty-workspace") << QStringList{"--fd", "0", "--workspace", ""};
}

void tst_Worker::badArguments()
{
    QFETCH(QStringList, arguments);
    QProcess process;
    process.start(QStringLiteral(SANDPIPER_ENGINE_PATH), arguments);
    QVERIFY(process.waitForFinished(5000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().startsWith("sandpiper-engine: "));
}

void tst_Worker::timings()
{
    // Figures for the record, not assertions: a loaded machine must not fail the suite.
    QList<double> spawn;
    QList<double> spawnUnsandboxed;
    for (int i = 0; i < 5; ++i) {
        Engine engine;
        const Hello hello = engine.hello();
        QVERIFY(hello.pid > 0);
        spawn.append(engine.helloMs());
        Engine plain({QStringLiteral("--no-sandbox")});
        QVERIFY(plain.hello().pid > 0);
        spawnUnsandboxed.append(plain.helloMs());
    }
    {
        // Execution overhead of the sandbox (seccomp filter, Landlock): the same loop without.
        Engine plain({QStringLiteral("--no-sandbox")});
        plain.hello();
        QList<double> ms;
        for (quint64 id = 1; id <= 1100; ++id) {
            QElapsedTimer timer;
            timer.start();
            plain.execute(id, QStringLiteral("pass"));
            plain.until(id);
            ms.append(timer.nsecsElapsed() / 1e6);
        }
        ms = ms.mid(100);
        qInfo("without sandbox: spawn -> hello median %.1f ms; execute 'pass' p50 %.3f ms, "
              "p99 %.3f ms",
              percentile(spawnUnsandboxed, 0.5),
              percentile(ms, 0.5),
              percentile(ms, 0.99));
    }
    Engine engine;
    engine.hello();
    quint64 id = 1;
    const auto measure = [&](const QString &code, int iterations) {
        QList<double> ms;
        for (int i = 0; i < iterations; ++i) {
            QElapsedTimer timer;
            timer.start();
            engine.execute(id, code);
            const QList<QCborMap> frames = engine.until(id);
            ms.append(timer.nsecsElapsed() / 1e6);
            if (resultOf(frames).status != ExecutionStatus::Ok)
                qWarning() << "execution failed" << code;
            ++id;
        }
        return ms.mid(100); // after warm-up
    };
    // Output throughput to our socket end: 200 MiB in 1 MiB writes.
    {
        QElapsedTimer timer;
        timer.start();
        engine.execute(id,
                       QStringLiteral("import os\nb = b'o' * (1 << 20)\n"
                                      "for _ in range(200):\n    os.write(1, b)\ndel b, _"),
                       quint64(1) << 30);
        const QList<QCborMap> frames = engine.until(id++, 60000);
        qint64 received = 0;
        for (const StreamOutput &s : streamsOf(frames))
            received += s.data.size();
        qInfo("output: %.0f MB/s (%lld bytes in %d frames)",
              received / 1e6 / (timer.nsecsElapsed() / 1e9),
              received,
              int(frames.size()));
    }
    const QList<double> pass = measure(QStringLiteral("pass"), 1100);
    const QList<double> expr = measure(QStringLiteral("1+1"), 1100);
    qInfo("spawn -> hello: median %.1f ms (min %.1f, max %.1f)",
          percentile(spawn, 0.5),
          percentile(spawn, 0),
          percentile(spawn, 1));
    qInfo("execute 'pass' to result: p50 %.3f ms, p99 %.3f ms",
          percentile(pass, 0.5),
          percentile(pass, 0.99));
    qInfo("execute '1+1' to result:  p50 %.3f ms, p99 %.3f ms",
          percentile(expr, 0.5),
          percentile(expr, 0.99));
}

QTEST_GUILESS_MAIN(tst_Worker)

#include "tst_worker.moc"
