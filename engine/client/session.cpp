#include "session.h"

#include "enginediagnostics.h"
#include "lintconfig.h"
#include "sandboxstatus.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QProcess>
#include <QSocketNotifier>
#include <QStandardPaths>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcSession, "sandpiper.engine.client", QtInfoMsg)
// What engines write on their diagnostic channel; untrusted, so off unless asked for.
Q_LOGGING_CATEGORY(lcEngineDiagnostics, "sandpiper.engine.diagnostics", QtWarningMsg)

namespace Sandpiper::Client {

using namespace Protocol;

namespace {

constexpr qsizetype ReadChunkBytes = 64 * 1024;
// Bytes handled per socket notification before returning to the event loop, so that an engine
// flooding its socket cannot starve timers and the UI.
constexpr qsizetype ReadBudgetBytes = 1024 * 1024;
// When the process has exited, what is left in the socket is read at once, up to this.
constexpr qsizetype DrainBudgetBytes = 16 * 1024 * 1024;
// After EOF, how long to wait for the exit status before giving up on it.
constexpr int ReapWaitMs = 1000;
// The engine's end of the socketpair, as the engine sees it.
constexpr int EngineSocketFd = 3;

// Text from the engine shown to the user: printable only, and short.
QString printable(const QString &text, qsizetype maxLength = 64)
{
    QString out;
    for (const QChar c : text.left(maxLength)) {
        out.append(c.isPrint() ? c : QChar(u'?'));
    }
    if (text.size() > maxLength)
        out.append(QStringLiteral("…"));
    return out;
}

QString signalName(int signal)
{
    const char *abbrev = ::sigabbrev_np(signal);
    return abbrev ? QStringLiteral("SIG") + QLatin1StringView(abbrev) : QString();
}

// What the engine inherits by default: what Python and its libraries need to behave like the
// user's Python (locale, time zone, search path, thread counts), not the GUI's secrets (tokens,
// agent and bus sockets, display). The sandboxed engine replaces HOME, TMPDIR and XDG_*.
QProcessEnvironment engineEnvironment()
{
    static const QStringList kept = {
            QStringLiteral("PATH"),
            QStringLiteral("HOME"),
            QStringLiteral("USER"),
            QStringLiteral("LOGNAME"),
            QStringLiteral("LANG"),
            QStringLiteral("LANGUAGE"),
            QStringLiteral("TZ"),
            QStringLiteral("TMPDIR"),
            QStringLiteral("XDG_CONFIG_HOME"),
            QStringLiteral("XDG_CACHE_HOME"),
            QStringLiteral("XDG_DATA_HOME"),
            QStringLiteral("SANDPIPER_RUNTIME_PATH"),
            // Read only by engines built with SANDPIPER_SANDBOX_TEST_SWITCH (tests).
            QStringLiteral("SANDPIPER_SANDBOX_TEST_DISABLE"),
            QStringLiteral("OPENBLAS_NUM_THREADS"),
            QStringLiteral("OMP_NUM_THREADS"),
            QStringLiteral("MKL_NUM_THREADS"),
    };
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    QProcessEnvironment environment;
    for (const QString &name : system.keys()) {
        if (kept.contains(name) || name.startsWith(QLatin1String("LC_")))
            environment.insert(name, system.value(name));
    }
    // Not empty, or QProcess would pass the GUI's whole environment.
    if (environment.isEmpty())
        environment.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    return environment;
}

void sendSignal(qint64 pid, int signal, bool group)
{
    if (pid <= 0)
        return;
    if (group)
        ::kill(-pid_t(pid), signal);
    ::kill(pid_t(pid), signal);
}

// SIGINT tagged with the id of the run it means: the engine stops that run, now or as it
// starts, and no other, however late the signal arrives.
void interruptRun(qint64 pid, quint64 runId)
{
    if (pid <= 0)
        return;
    sigval value{};
    value.sival_ptr = reinterpret_cast<void *>(static_cast<std::uintptr_t>(runId));
    ::sigqueue(pid_t(pid), SIGINT, value);
}

} // namespace

// One engine process and its end of the socketpair.
struct Session::Engine
{
    explicit Engine(quint32 maxFrameBytes)
        : decoder(maxFrameBytes)
    {}

    quint64 generation = 0;
    QProcess *process = nullptr;
    qint64 pid = 0;
    int fd = -1;
    QSocketNotifier *readNotifier = nullptr;
    QSocketNotifier *writeNotifier = nullptr;
    FrameDecoder decoder;
    EngineDiagnostics diagnostics;
    QByteArray writeBuffer;
    qsizetype writeOffset = 0;
    bool helloReceived = false;
    bool endsStrays = false; // see endStrayProcesses()
    bool endOfStream = false;
    bool exited = false;
};

Session::Session(const SessionOptions &options, QObject *parent)
    : AbstractSession(parent)
    , m_options(options)
    , m_codeIntel([this](const QCborMap &body) { send(body); })
    , m_data([this](const QCborMap &body) { send(body); })
{
    m_handshakeTimer.setSingleShot(true);
    m_graceTimer.setSingleShot(true);
    m_timeLimitTimer.setSingleShot(true);
    m_reapTimer.setSingleShot(true);
    m_heartbeatTimer.setInterval(std::max(10, m_options.heartbeatIntervalMs));
    m_monitor.setInterval(std::max(10, m_options.monitorIntervalMs));

    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        engineLost(tr("the engine did not answer within %1 s")
                           .arg(m_options.handshakeTimeoutMs / 1000.0),
                   true);
    });
    connect(&m_graceTimer, &QTimer::timeout, this, &Session::onGraceExpired);
    connect(&m_timeLimitTimer, &QTimer::timeout, this, &Session::onTimeLimit);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &Session::onHeartbeat);
    connect(&m_monitor, &ProcessMonitor::sampled, this, &Session::onSample);
    connect(&m_reapTimer, &QTimer::timeout, this, [this] {
        engineLost(tr("the engine closed its connection"), !m_engine || !m_engine->helloReceived);
    });
}

Session::~Session()
{
    shutdown();
}

QString Session::resolveEnginePath(const SessionOptions &options)
{
    if (!options.enginePath.isEmpty())
        return options.enginePath;
    const QString fromEnvironment = qEnvironmentVariable("SANDPIPER_ENGINE");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QDir(QCoreApplication::applicationDirPath())
            .filePath(QStringLiteral("sandpiper-engine"));
}

qint64 Session::enginePid() const
{
    return m_engine ? m_engine->pid : 0;
}

bool Session::isCurrent(quint64 generation) const
{
    return m_engine && m_engine->generation == generation;
}

void Session::setState(SessionState state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

// --- Starting ---------------------------------------------------------------------------------

void Session::start()
{
    if (m_engine)
        return;
    spawn(SessionState::Starting);
}

void Session::spawn(SessionState startingState)
{
    Q_ASSERT(!m_engine);
    m_info = Hello();
    m_pendingPings.clear();
    m_limitHit = LimitHit::None;
    m_lastMemoryBytes = 0;
    m_samplesAtProcessLimit = 0;
    setState(startingState);

    QString workspaceError;
    if (!ensureWorkspace(&workspaceError)) {
        QMetaObject::invokeMethod(
                this,
                [this, workspaceError] {
                    if (!m_engine)
                        engineLost(workspaceError, true);
                },
                Qt::QueuedConnection);
        return;
    }

    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        const QString error = QString::fromLocal8Bit(std::strerror(errno));
        // Not from inside start(): callers expect signals after they return.
        QMetaObject::invokeMethod(
                this,
                [this, error] {
                    if (!m_engine)
                        engineLost(tr("could not create a socket pair: %1").arg(error), true);
                },
                Qt::QueuedConnection);
        return;
    }
    const int parentFd = fds[0];
    const int childFd = fds[1];
    ::fcntl(parentFd, F_SETFL, ::fcntl(parentFd, F_GETFL) | O_NONBLOCK);

    auto engine = std::make_unique<Engine>(m_options.maxFrameBytes);
    const quint64 generation = ++m_generation;
    engine->generation = generation;
    engine->fd = parentFd;
    engine->process = new QProcess(this);
    QProcess *process = engine->process;

    // Nothing of the GUI's own stdio reaches the engine: its stdout is /dev/null and its stderr
    // a pipe read here. A duplicate of the GUI's terminal or log file inside the sandbox would be
    // a way out of it that Landlock cannot see.
    process->setProcessChannelMode(QProcess::SeparateChannels);
    process->setStandardInputFile(QProcess::nullDevice());
    process->setStandardOutputFile(QProcess::nullDevice());
    process->setProcessEnvironment(m_options.environment.isEmpty() ? engineEnvironment()
                                                                   : m_options.environment);
    process->setWorkingDirectory(m_options.workingDirectory.isEmpty() ? m_workspace->path()
                                                                      : m_options.workingDirectory);
    // The engine inherits stdio and its end of the socketpair as fd 3, nothing else of the GUI's;
    // signal dispositions and the mask are reset (an ignored SIGINT would be inherited and stop
    // KeyboardInterrupt from working). Qt applies these after the modifier below.
    QProcess::UnixProcessParameters parameters;
    parameters.flags = QProcess::UnixProcessFlag::ResetSignalHandlers
                       | QProcess::UnixProcessFlag::CloseFileDescriptors;
    parameters.lowestFileDescriptorToClose = EngineSocketFd + 1;
    process->setUnixProcessParameters(parameters);
    const pid_t parentPid = ::getpid();
    // Runs in the child between fork and exec: async-signal-safe calls only.
    process->setChildProcessModifier([childFd, parentPid] {
        // Own process group, so that a kill reaches whatever the engine started.
        ::setpgid(0, 0);
        // No engine outlives the GUI, even when the GUI is killed.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parentPid)
            ::_exit(127);
        if (childFd == EngineSocketFd)
            ::fcntl(childFd, F_SETFD, 0);
        else if (::dup2(childFd, EngineSocketFd) < 0) // dup2 clears FD_CLOEXEC
            ::_exit(127);
    });

    connect(process, &QProcess::readyReadStandardError, this, [this, generation] {
        readDiagnostics(generation);
    });
    connect(process, &QProcess::finished, this, [this, generation] {
        onProcessFinished(generation);
    });
    connect(process, &QProcess::errorOccurred, this, [this, generation](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            onFailedToStart(generation);
    });

    engine->readNotifier = new QSocketNotifier(parentFd, QSocketNotifier::Read, this);
    connect(engine->readNotifier, &QSocketNotifier::activated, this, [this, generation] {
        onReadable(generation, ReadBudgetBytes);
    });
    engine->writeNotifier = new QSocketNotifier(parentFd, QSocketNotifier::Write, this);
    engine->writeNotifier->setEnabled(false);
    connect(engine->writeNotifier, &QSocketNotifier::activated, this, [this, generation] {
        if (isCurrent(generation))
            flush();
    });

    m_engine = std::move(engine);
    const QString program = resolveEnginePath(m_options);
    // With the descriptors closed in the child, an exec failure would only show as exit code
    // 255: say clearly what is wrong while that is easy.
    const QString found = program.contains(QLatin1Char('/'))
                                  ? program
                                  : QStandardPaths::findExecutable(program);
    if (found.isEmpty() || !QFileInfo(found).isExecutable() || QFileInfo(found).isDir()) {
        ::close(childFd);
        QMetaObject::invokeMethod(
                this,
                [this, generation, program] {
                    if (isCurrent(generation))
                        engineLost(tr("no engine executable at %1").arg(program), true);
                },
                Qt::QueuedConnection);
        return;
    }
    const QStringList arguments
            = QStringList{QStringLiteral("--fd"), QString::number(EngineSocketFd)}
              + engineArguments(m_options, m_workspace->path());
    qCDebug(lcSession) << "starting" << program << arguments;
    process->start(program, arguments);
    ::close(childFd);
    if (isCurrent(generation)) {
        m_engine->pid = process->processId();
        m_handshakeTimer.start(std::max(1, m_options.handshakeTimeoutMs));
    }
}

void Session::readDiagnostics(quint64 generation)
{
    if (!isCurrent(generation))
        return;
    QProcess *process = m_engine->process;
    const QByteArray data = process->readAllStandardError();
    if (data.isEmpty())
        return;
    qCDebug(lcEngineDiagnostics).noquote() << printable(QString::fromUtf8(data), 4096);
    if (!m_engine->diagnostics.append(data)) {
        // A flood: the engine's writes now fail with EPIPE instead of costing the GUI time.
        process->closeReadChannel(QProcess::StandardError);
        qCDebug(lcEngineDiagnostics)
                << "stopped reading after" << m_engine->diagnostics.totalBytes() << "bytes";
    }
}

void Session::onFailedToStart(quint64 generation)
{
    if (!isCurrent(generation))
        return;
    const QString detail
            = tr("could not run %1: %2")
                      .arg(resolveEnginePath(m_options), m_engine->process->errorString());
    engineLost(detail, true);
}

// --- Reading ----------------------------------------------------------------------------------

void Session::onReadable(quint64 generation, qsizetype budget)
{
    if (!isCurrent(generation) || m_engine->endOfStream)
        return;
    char buffer[ReadChunkBytes];
    while (budget > 0) {
        const ssize_t n = ::read(m_engine->fd, buffer, sizeof buffer);
        if (n > 0) {
            budget -= n;
            m_engine->decoder.append(QByteArrayView(buffer, n));
            if (!processFrames(generation))
                return;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n < 0)
            qCWarning(lcSession) << "reading from the engine failed:" << std::strerror(errno);
        onEndOfStream(generation);
        return;
    }
}

// Returns false when the engine went away while handling them (or the session was deleted).
bool Session::processFrames(quint64 generation)
{
    QPointer<Session> guard(this);
    while (isCurrent(generation)) {
        std::optional<QCborMap> body = m_engine->decoder.next();
        if (!body)
            break;
        // Any frame shows the engine's IO side is alive, pong or not (e.g. during a flood).
        m_sinceLastPong.start();
        handleFrame(*body);
        if (!guard)
            return false;
    }
    if (!isCurrent(generation))
        return false;
    if (m_engine->decoder.error() != FrameDecoder::Error::None) {
        violation(m_engine->decoder.errorString());
        return false;
    }
    return true;
}

void Session::handleFrame(const QCborMap &body)
{
    const QString type = messageType(body);
    if (!m_engine->helloReceived) {
        if (type != MessageType::Hello) {
            violation(tr("expected 'hello' first, got '%1'").arg(printable(type)));
            return;
        }
        handleHello(body);
        return;
    }

    QString error;
    if (type == MessageType::Stream) {
        const auto stream = StreamOutput::fromCbor(body, &error);
        if (!stream)
            return violation(error);
        if (m_current.execution && stream->id == m_current.execution->id()) {
            // The cap ends the run: whatever the code prints next would be dropped anyway.
            if (stream->truncated && m_limitHit == LimitHit::None) {
                m_limitHit = LimitHit::Output;
                const quint64 id = stream->id;
                QMetaObject::invokeMethod(
                        this,
                        [this, id] {
                            if (m_current.execution && m_current.execution->id() == id
                                && m_state == SessionState::Busy)
                                startInterrupt();
                        },
                        Qt::QueuedConnection);
            }
            m_current.execution->deliverOutput(stream->name, stream->data, stream->truncated);
        } else if (stream->id == 0)
            Q_EMIT backgroundOutput(stream->name, stream->data);
        else
            violation(tr("output for request %1, which is not running").arg(stream->id));
        return;
    }
    if (type == MessageType::Display) {
        const auto display = DisplayData::fromCbor(body, &error);
        if (!display)
            return violation(error);
        if (m_current.execution && display->id == m_current.execution->id())
            m_current.execution->deliverDisplay(*display);
        else if (display->id == 0)
            qCDebug(lcSession) << "dropped display data sent outside an execution";
        else
            violation(tr("display data for request %1, which is not running").arg(display->id));
        return;
    }
    if (type == MessageType::Variables) {
        const auto diff = VariablesDiff::fromCbor(body, &error);
        if (!diff)
            return violation(error);
        const bool known = diff->id == 0 || diff->id == m_lastFinishedId
                           || (m_current.execution && diff->id == m_current.execution->id());
        if (!known)
            return violation(tr("variables for unknown request %1").arg(diff->id));
        Q_EMIT variablesChanged(*diff);
        return;
    }
    if (type == MessageType::Result) {
        const auto result = ExecutionResult::fromCbor(body, &error);
        if (!result)
            return violation(error);
        if (m_current.execution && result->id == m_current.execution->id())
            return finishCurrent(*result);
        if (result->id < m_nextId)
            return violation(tr("duplicate or late result for request %1").arg(result->id));
        return violation(tr("result for request %1, which was never sent").arg(result->id));
    }
    if (type == MessageType::Pong) {
        const auto pong = Pong::fromCbor(body, &error);
        if (!pong)
            return violation(error);
        const qsizetype index = m_pendingPings.indexOf(pong->id);
        if (index < 0)
            return violation(tr("answer to unknown ping %1").arg(pong->id));
        m_pendingPings.remove(0, index + 1);
        m_sinceLastPong.start();
        return;
    }
    if (CodeIntelDispatcher::isReplyType(type)) {
        if (!m_codeIntel.handleReply(body, &error))
            violation(error);
        return;
    }
    if (DataDispatcher::isReplyType(type)) {
        if (!m_data.handleReply(body, &error))
            violation(error);
        return;
    }
    if (type == MessageType::Hello)
        return violation(tr("a second 'hello'"));
    if (type.isEmpty())
        return violation(tr("a message without a type"));
    violation(tr("unexpected message type '%1'").arg(printable(type)));
}

void Session::handleHello(const QCborMap &body)
{
    QString error;
    const auto hello = Hello::fromCbor(body, &error);
    if (!hello) {
        // Covers a protocol version mismatch: a clear message, no retry.
        engineLost(error, true);
        return;
    }
    m_handshakeTimer.stop();
    m_engine->helloReceived = true;
    m_codeIntel.setReady(true);
    m_data.setReady(true);
    m_info = *hello;
    // Only an engine that is pid 2 of its own pid namespace turns SIGUSR2 into ending the
    // session's other processes; to any other, SIGUSR2 would be fatal.
    const SandboxStatus sandbox = SandboxStatus::fromHello(m_info.sandbox);
    const SandboxStatus::Primitive *pidNamespace = sandbox.find(QStringLiteral("pid-namespace"));
    m_engine->endsStrays = sandbox.enabled && pidNamespace && pidNamespace->active;
    m_pendingPings.clear();
    m_sinceLastPong.start();
    m_heartbeatTimer.start();
    // The private /tmp and /dev/shm are the session's memory too.
    const SandboxStatus::Primitive *privateTmp = sandbox.find(QStringLiteral("private-tmp"));
    m_monitor.watch(pid_t(m_engine->pid), sandbox.enabled && privateTmp && privateTmp->active);
    m_runLedger.clear();
    m_runLedger.noteEngineReady(ProcessTreeReader::nowInTicks());
    if (m_reportedLeftovers > 0) {
        m_reportedLeftovers = 0;
        m_reportedOrigins.clear();
        Q_EMIT leftoverProcesses(0, {}); // they ended with the engine before this one
    }
    m_diskBudget = DiskBudget(m_options.diskReserveBytes);
    qCDebug(lcSession) << "engine ready: pid" << m_engine->pid << "python" << m_info.pythonVersion;

    const quint64 generation = m_engine->generation;
    setState(SessionState::Idle);
    if (!isCurrent(generation))
        return;
    Q_EMIT ready(m_info);
    if (isCurrent(generation))
        sendNext();
}

// --- Writing ----------------------------------------------------------------------------------

void Session::send(const QCborMap &body)
{
    if (!m_engine || m_engine->endOfStream)
        return;
    m_engine->writeBuffer.append(encodeFrame(body));
    if (!m_engine->writeNotifier->isEnabled())
        flush();
}

void Session::flush()
{
    Engine &e = *m_engine;
    while (e.writeOffset < e.writeBuffer.size()) {
        const ssize_t n = ::send(e.fd,
                                 e.writeBuffer.constData() + e.writeOffset,
                                 size_t(e.writeBuffer.size() - e.writeOffset),
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            e.writeOffset += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            e.writeNotifier->setEnabled(true);
            return;
        }
        // EPIPE or similar: the engine is gone. Find out how it ended outside this call, which
        // may come from execute() or interrupt().
        e.writeNotifier->setEnabled(false);
        e.writeBuffer.clear();
        e.writeOffset = 0;
        const quint64 generation = e.generation;
        QMetaObject::invokeMethod(
                this, [this, generation] { onEndOfStream(generation); }, Qt::QueuedConnection);
        return;
    }
    e.writeBuffer.clear();
    e.writeOffset = 0;
    e.writeNotifier->setEnabled(false);
}

// --- End of an engine -------------------------------------------------------------------------

void Session::onEndOfStream(quint64 generation)
{
    if (!isCurrent(generation) || m_engine->endOfStream)
        return;
    m_engine->endOfStream = true;
    m_engine->readNotifier->setEnabled(false);
    m_engine->writeNotifier->setEnabled(false);
    if (m_engine->decoder.pendingBytes() > 0) {
        qCWarning(lcSession) << "engine closed the connection inside a frame;"
                             << m_engine->decoder.pendingBytes() << "bytes left";
    }
    if (m_engine->exited) {
        engineLost(exitDescription(), !m_engine->helloReceived);
        return;
    }
    // The exit status usually follows within milliseconds and says more than "EOF".
    m_reapTimer.start(ReapWaitMs);
}

void Session::onProcessFinished(quint64 generation)
{
    if (!isCurrent(generation))
        return;
    m_engine->exited = true;
    readDiagnostics(generation);
    if (!m_engine->endOfStream) {
        // Frames written just before exiting are still in the socket: a result may be there.
        onReadable(generation, DrainBudgetBytes);
        if (!isCurrent(generation))
            return;
    }
    engineLost(exitDescription(), !m_engine->helloReceived);
}

int Session::exitSignalOfEngine() const
{
    if (!m_engine || m_engine->process->state() != QProcess::NotRunning
        || m_engine->process->exitStatus() != QProcess::CrashExit) {
        return 0;
    }
    return m_engine->process->exitCode();
}

QString Session::exitDescription() const
{
    const QProcess *process = m_engine->process;
    if (process->state() != QProcess::NotRunning)
        return tr("the engine closed its connection");
    if (process->exitStatus() == QProcess::NormalExit)
        return tr("engine exited with code %1").arg(process->exitCode());
    const int sig = process->exitCode();
    const QString name = signalName(sig);
    return name.isEmpty() ? tr("engine killed by signal %1").arg(sig)
                          : tr("engine killed by signal %1 (%2)").arg(sig).arg(name);
}

void Session::killEngine()
{
    m_handshakeTimer.stop();
    m_heartbeatTimer.stop();
    m_graceTimer.stop();
    m_timeLimitTimer.stop();
    m_reapTimer.stop();
    m_monitor.watch(0);
    if (!m_engine)
        return;
    m_codeIntel.failAll(tr("the engine stopped before it answered"));
    m_data.failAll(tr("the engine stopped before it answered"));
    std::unique_ptr<Engine> engine = std::move(m_engine);
    QProcess *process = engine->process;
    process->disconnect(this);
    const bool running = process->state() != QProcess::NotRunning;
    if (running)
        sendSignal(engine->pid, SIGKILL, true);
    delete engine->readNotifier;
    delete engine->writeNotifier;
    ::close(engine->fd);
    if (running) {
        // Reaped asynchronously; the destructor waits for any still running.
        connect(process, &QProcess::finished, process, &QObject::deleteLater);
        m_dying.removeIf([](const QPointer<QProcess> &p) { return p.isNull(); });
        m_dying.append(process);
    } else {
        process->deleteLater();
    }
}

Session::Detached Session::detachRuns()
{
    Detached runs{m_current, m_queue};
    if (m_current.execution && m_monitor.peakMemoryBytes() > 0)
        runs.peakMemoryBytes = m_monitor.peakMemoryBytes();
    if (m_current.execution && m_runClock.isValid()) {
        runs.wallSeconds = double(m_runClock.nsecsElapsed()) / 1e9;
        runs.cpuSeconds = m_runCpuSeconds;
    }
    m_current = Run();
    m_queue.clear();
    return runs;
}

void Session::finishRuns(const Detached &runs,
                         RunStatus runningStatus,
                         const QString &runningDetail,
                         const QString &queuedDetail,
                         int exitSignal)
{
    if (Execution *execution = runs.running.execution) {
        RunOutcome outcome;
        outcome.status = runningStatus;
        outcome.detail = runningDetail;
        outcome.exitSignal = exitSignal;
        outcome.peakMemoryBytes = runs.peakMemoryBytes;
        // The engine could not say: measured here (CPU from the monitor's samples).
        outcome.wallSeconds = runs.wallSeconds;
        outcome.cpuSeconds = runs.cpuSeconds;
        execution->finish(outcome);
        execution->deleteLater();
    }
    for (const Run &run : runs.queued) {
        RunOutcome outcome;
        outcome.status = RunStatus::Cancelled;
        outcome.detail = queuedDetail;
        run.execution->finish(outcome);
        run.execution->deleteLater();
    }
}

void Session::engineLost(const QString &detail, bool duringStart)
{
    qCWarning(lcSession) << "engine lost:" << detail;
    // Its last words (a start-up error, Python's fatal-error traceback) tell the user why.
    const QString said = m_engine ? m_engine->diagnostics.tail() : QString();
    const QString saidText
            = said.isEmpty() ? QString() : u'\n' + tr("The engine's last messages:\n%1").arg(said);
    const Detached runs = detachRuns();
    const int exitSignal = exitSignalOfEngine();
    const quint64 memoryLimit = m_options.limits.memoryBytes;
    // Deaths that are a limit at work: the kernel's SIGXCPU (RLIMIT_CPU), or a SIGKILL while the
    // tree was close to its memory limit (the kernel's out-of-memory killer). The session is
    // restarted like after any kill for a limit.
    std::optional<RunStatus> limit;
    QString limitText;
    if (!duringStart && exitSignal == SIGXCPU) {
        limit = RunStatus::Timeout;
        limitText = tr("the session's CPU time limit was reached (%1)").arg(detail);
    } else if (!duringStart && exitSignal == SIGKILL && memoryLimit > 0
               && double(m_lastMemoryBytes) >= 0.8 * double(memoryLimit)) {
        limit = RunStatus::Memory;
        limitText = tr("the engine was killed at %1 of memory, near its limit of %2 (%3)")
                            .arg(QLocale().formattedDataSize(m_lastMemoryBytes),
                                 QLocale().formattedDataSize(qint64(memoryLimit)),
                                 detail);
    }
    if (limit) {
        killEngine();
        spawn(SessionState::Restarting);
        Q_EMIT notice(tr("The Python session was stopped by a limit (%1) and restarted. All "
                         "variables were lost.")
                              .arg(limitText)
                      + saidText);
        finishRuns(runs, *limit, limitText, tr("not run: the session was restarted"), exitSignal);
        return;
    }
    killEngine();
    setState(SessionState::Dead);
    if (duringStart)
        Q_EMIT notice(tr("The Python engine could not start: %1.").arg(detail) + saidText);
    else
        Q_EMIT notice(tr("The Python session ended unexpectedly (%1). Its variables are lost.")
                              .arg(detail)
                      + saidText);
    finishRuns(runs,
               RunStatus::Crashed,
               detail,
               tr("not run: the session ended before it started (%1)").arg(detail),
               exitSignal);
}

void Session::violation(const QString &reason)
{
    qCWarning(lcSession) << "protocol violation by the engine:" << reason;
    if (!m_engine->helloReceived) {
        engineLost(tr("protocol violation: %1").arg(reason), true);
        return;
    }
    engineLost(tr("protocol violation: %1").arg(reason), false);
}

// --- Executions -------------------------------------------------------------------------------

Execution *Session::execute(const QString &code, const QString &cellName)
{
    auto *execution = new Execution(m_nextId++, code, this);
    m_queue.append(Run{execution, cellName});
    if (!m_engine)
        spawn(m_state == SessionState::NotStarted ? SessionState::Starting
                                                  : SessionState::Restarting);
    else
        sendNext();
    return execution;
}

void Session::sendNext()
{
    if (!m_engine || !m_engine->helloReceived || m_current.execution || m_queue.isEmpty())
        return;
    m_current = m_queue.takeFirst();
    ExecuteRequest request;
    request.id = m_current.execution->id();
    request.code = m_current.execution->code();
    request.cellName = m_current.cellName;
    request.outputLimitBytes = m_options.limits.outputBytes;
    m_limitHit = LimitHit::None;
    m_runCpuSeconds = 0;
    m_diskBudget.startRun(m_options.limits.diskBytes);
    m_runClock.start();
    if (m_resampleBeforeRun) {
        m_resampleBeforeRun = false;
        const quint64 generation = m_engine->generation;
        m_monitor.sampleNow();
        // That sample may have had the session restarted (memory, disk): the run went with it.
        if (!isCurrent(generation) || !m_current.execution)
            return;
    }
    m_monitor.markPeak();
    QString label = m_current.cellName;
    label.remove(u'<').remove(u'>');
    m_runLedger.noteRunStarted(ProcessTreeReader::nowInTicks(),
                               label.isEmpty() ? tr("run %1").arg(request.id) : label);
    if (m_options.limits.wallTimeMs > 0)
        m_timeLimitTimer.start(int(std::min<qint64>(m_options.limits.wallTimeMs, INT_MAX)));
    setState(SessionState::Busy);
    send(request.toCbor());
}

void Session::finishCurrent(const ExecutionResult &result)
{
    m_graceTimer.stop();
    m_timeLimitTimer.stop();
    Execution *execution = m_current.execution;
    m_current = Run();
    m_lastFinishedId = execution->id();

    RunOutcome outcome;
    outcome.error = result.error;
    outcome.wallSeconds = result.wallSeconds;
    outcome.cpuSeconds = result.cpuSeconds;
    outcome.outputBytes = result.outputBytes;
    outcome.outputTruncated = result.outputTruncated;
    // From the monitor's periodic samples: reading /proc here would slow every execution.
    if (m_monitor.peakMemoryBytes() > 0)
        outcome.peakMemoryBytes = m_monitor.peakMemoryBytes();
    switch (result.status) {
    case ExecutionStatus::Ok:
        outcome.status = result.outputTruncated ? RunStatus::OutputLimit : RunStatus::Ok;
        if (result.outputTruncated)
            outcome.detail = tr("the output limit was reached; later output was dropped");
        break;
    case ExecutionStatus::Error:
        outcome.status = RunStatus::Error;
        outcome.detail = processLimitHint(result.error);
        break;
    case ExecutionStatus::Interrupted:
        outcome.status = RunStatus::Interrupted;
        break;
    }
    // Whatever the run started goes with it when a limit stopped it (a fork bomb, children
    // still busy), or when it ended on a fork the process limit refused: the engine ends the
    // other processes of its namespace, so the next run does not start at the limit.
    const quint64 processLimit = m_options.limits.processes;
    bool atProcessLimit = false;
    if (processLimit > 0 && !processLimitHint(result.error).isEmpty()) {
        int threads = 0;
        for (const ProcessInfo &process : ProcessTreeReader::processes(pid_t(m_engine->pid)))
            threads += process.threads;
        atProcessLimit = double(threads) >= 0.9 * double(processLimit);
    }
    if (m_limitHit != LimitHit::None || atProcessLimit)
        endStrayProcesses();
    // A limit stopped it (the code may have turned the KeyboardInterrupt into another error).
    if (m_limitHit != LimitHit::None && result.status != ExecutionStatus::Ok) {
        outcome.status = limitStatus();
        outcome.detail = limitDetail();
    } else if (m_limitHit == LimitHit::Output) {
        outcome.status = RunStatus::OutputLimit;
        outcome.detail = limitDetail();
    }
    m_limitHit = LimitHit::None;
    m_diskBudget.endRun();

    const quint64 generation = m_engine->generation;
    sendNext();
    if (isCurrent(generation) && !m_current.execution)
        setState(SessionState::Idle);
    execution->finish(outcome);
    execution->deleteLater();
}

// --- Interrupt, time limit, heartbeat ---------------------------------------------------------

void Session::interrupt()
{
    // What is queued is cancelled: an interrupt means "stop", not "skip one".
    const Detached cancelled{Run(), m_queue};
    m_queue.clear();
    if (m_current.execution && m_state == SessionState::Busy)
        startInterrupt();
    finishRuns(cancelled, RunStatus::Cancelled, {}, tr("not run: interrupted before it started"));
}

void Session::startInterrupt()
{
    qCDebug(lcSession) << "interrupting engine" << m_engine->pid;
    // Id 0 (no run of ours) reaches the engine as a plain SIGINT.
    interruptRun(m_engine->pid, m_current.execution ? m_current.execution->id() : 0);
    setState(SessionState::Interrupting);
    m_graceTimer.start(std::max(1, m_options.interruptGraceMs));
}

void Session::onTimeLimit()
{
    if (!m_engine || !m_current.execution)
        return;
    if (m_limitHit == LimitHit::None)
        m_limitHit = LimitHit::WallTime;
    if (m_state == SessionState::Busy)
        startInterrupt();
}

RunStatus Session::limitStatus() const
{
    switch (m_limitHit) {
    case LimitHit::WallTime:
    case LimitHit::CpuTime:
        return RunStatus::Timeout;
    case LimitHit::Output:
        return RunStatus::OutputLimit;
    case LimitHit::Processes:
        return RunStatus::Killed;
    case LimitHit::Disk:
        return RunStatus::DiskLimit;
    case LimitHit::None:
        break;
    }
    return RunStatus::Killed;
}

QString Session::limitDetail() const
{
    switch (m_limitHit) {
    case LimitHit::WallTime:
        return tr("stopped after the time limit of %1 s").arg(m_options.limits.wallTimeMs / 1000.0);
    case LimitHit::CpuTime:
        return tr("stopped after the CPU time limit of %1 s")
                .arg(m_options.limits.cpuTimeMs / 1000.0);
    case LimitHit::Output:
        return tr("stopped when the output limit of %1 was reached; later output was dropped")
                .arg(QLocale().formattedDataSize(qint64(m_options.limits.outputBytes
                                                                ? m_options.limits.outputBytes
                                                                : 10ull << 20)));
    case LimitHit::Processes:
        return tr("stopped at the process limit of %1; the processes it started were ended")
                .arg(m_options.limits.processes);
    case LimitHit::Disk:
        return tr("stopped after writing more than its disk limit of %1; what it wrote is still "
                  "in the workspace")
                .arg(QLocale().formattedDataSize(qint64(m_options.limits.diskBytes)));
    case LimitHit::None:
        break;
    }
    return {};
}

void Session::onGraceExpired()
{
    if (!m_engine || !m_current.execution)
        return;
    const RunStatus status = m_limitHit != LimitHit::None ? limitStatus() : RunStatus::Killed;
    const QString detail
            = m_limitHit != LimitHit::None
                      ? tr("%1; the code did not stop when interrupted, so the session was "
                           "restarted and its variables were lost")
                                .arg(limitDetail())
                      : tr("the code did not stop within %1 s of the interrupt; the session was "
                           "restarted and its variables were lost")
                                .arg(m_options.interruptGraceMs / 1000.0);
    qCWarning(lcSession) << "interrupt did not work; killing engine" << m_engine->pid;
    stopAndRestart(status,
                   detail,
                   tr("The running code did not respond to the interrupt, so the Python session "
                      "was restarted. All variables were lost."));
}

void Session::stopAndRestart(RunStatus status, const QString &detail, const QString &message)
{
    const Detached runs = detachRuns();
    killEngine();
    spawn(SessionState::Restarting);
    Q_EMIT notice(message);
    finishRuns(runs, status, detail, tr("not run: the session was restarted"));
}

// Python reports a fork or thread start refused by the process limit as a plain error; the
// hint names the likely cause, which the monitor may not have seen when the run was short.
QString Session::processLimitHint(const Protocol::ExecutionError &error) const
{
    const quint64 limit = m_options.limits.processes;
    const bool refusedStart
            = error.type == QLatin1String("BlockingIOError")
              || (error.type == QLatin1String("RuntimeError")
                  && error.message.contains(QLatin1String("can't start new thread")));
    if (limit == 0 || !refusedStart)
        return {};
    return tr("if this came from starting a process or thread, the session has probably reached "
              "its limit of %1 processes and threads")
            .arg(limit);
}

void Session::endStrayProcesses()
{
    if (m_engine && m_engine->endsStrays) {
        sendSignal(m_engine->pid, SIGUSR2, false);
        // The last sample still counts them: the next run's peak starts from a fresh one.
        m_resampleBeforeRun = true;
        m_sinceStraysEnded.start();
    }
}

void Session::onSample(const ResourceSample &sample)
{
    if (!m_engine)
        return;
    m_lastMemoryBytes = sample.memoryBytes;
    const quint64 memoryLimit = m_options.limits.memoryBytes;
    // Without a memory cgroup each process has RLIMIT_DATA, but several processes together, and
    // shared memory and temporary files, which it does not see, can go over: this is the
    // backstop for the whole session. With forked copies the figure is a proportional one (see
    // ResourceSample), so shared pages are not taken for an excess.
    if (memoryLimit > 0 && quint64(sample.memoryBytes) > memoryLimit) {
        qCWarning(lcSession) << "engine tree over the memory limit:" << sample.memoryBytes;
        const QLocale locale;
        stopAndRestart(
                RunStatus::Memory,
                tr("the session used %1 of memory, more than its limit of %2; it was stopped and "
                   "restarted, and its variables were lost")
                        .arg(locale.formattedDataSize(sample.memoryBytes),
                             locale.formattedDataSize(qint64(memoryLimit))),
                tr("The Python session went over its memory limit of %1 and was restarted. All "
                   "variables were lost.")
                        .arg(locale.formattedDataSize(qint64(memoryLimit))));
        return;
    }
    // At the process limit (pid_max counts threads too) with processes besides the sandbox's
    // three for two samples running: a fork bomb or a pile of children. They are ended, and the
    // run that made them is stopped.
    // Processes just ended still count for a moment: they are not the next run's doing.
    const quint64 processLimit = m_options.limits.processes;
    const bool atProcessLimit = processLimit > 0
                                && double(sample.threads) >= 0.9 * double(processLimit)
                                && sample.processes > 3;
    const bool tearingDown
            = m_sinceStraysEnded.isValid() && m_sinceStraysEnded.elapsed() < StrayTeardownMs;
    if (atProcessLimit && !tearingDown) {
        if (++m_samplesAtProcessLimit >= 2) {
            m_samplesAtProcessLimit = 0;
            // What earlier runs left is ended first; the running code is stopped only when
            // the limit is its own doing.
            const bool leftoversEnded = m_current.execution && endLeftoversOfEarlierRuns();
            if (!leftoversEnded)
                endStrayProcesses();
            if (m_current.execution && m_limitHit == LimitHit::None && !leftoversEnded) {
                m_limitHit = LimitHit::Processes;
                if (m_state == SessionState::Busy)
                    startInterrupt();
            }
        }
    } else if (!atProcessLimit) {
        m_samplesAtProcessLimit = 0;
    }
    if (m_current.execution) {
        m_runCpuSeconds += sample.cpuSeconds;
        const qint64 cpuLimit = m_options.limits.cpuTimeMs;
        if (cpuLimit > 0 && m_runCpuSeconds * 1000.0 > double(cpuLimit)
            && m_limitHit == LimitHit::None) {
            m_limitHit = LimitHit::CpuTime;
            if (m_state == SessionState::Busy)
                startInterrupt();
        }
    }
    if (checkDiskBudget(sample) == DiskCheck::Restarted)
        return;
    reportLeftovers(sample);
    Q_EMIT resourcesSampled(sample);
}

bool Session::endLeftoversOfEarlierRuns()
{
    const QList<ProcessInfo> leftovers = m_runLedger.leftoversOfEarlierRuns(
            ProcessTreeReader::processes(pid_t(m_engine->pid)));
    int ended = 0;
    for (const ProcessInfo &process : leftovers)
        ended += ProcessTreeReader::signalProcess(process, SIGKILL);
    if (ended == 0)
        return false;
    m_sinceStraysEnded.start();
    Q_EMIT notice(tr("Processes left running by %1 reached the process limit of %2 and were "
                     "ended (%3 of them). The code now running was not stopped.")
                          .arg(m_runLedger.originsOf(leftovers))
                          .arg(m_options.limits.processes)
                          .arg(ended));
    return true;
}

// While no code runs, processes besides the sandbox's own were left by earlier runs: the user
// is told, once per change, and may end them.
void Session::reportLeftovers(const ResourceSample &sample)
{
    int count = 0;
    QString origins;
    if (!m_current.execution && sample.processes > ProcessMonitor::ProcessesWithoutSharing) {
        const QList<ProcessInfo> left
                = m_runLedger.processesOfRuns(ProcessTreeReader::processes(pid_t(m_engine->pid)));
        count = int(left.size());
        origins = m_runLedger.originsOf(left);
    } else if (m_current.execution) {
        return; // a running cell's processes are its own business until it ends
    }
    if (count == m_reportedLeftovers && origins == m_reportedOrigins)
        return;
    m_reportedLeftovers = count;
    m_reportedOrigins = origins;
    Q_EMIT leftoverProcesses(count, origins);
}

void Session::endLeftoverProcesses()
{
    if (!m_engine || m_current.execution)
        return;
    const QList<ProcessInfo> left
            = m_runLedger.processesOfRuns(ProcessTreeReader::processes(pid_t(m_engine->pid)));
    // The next sample reports them gone, once the kernel has reaped them.
    for (const ProcessInfo &process : left)
        ProcessTreeReader::signalProcess(process, SIGKILL);
}

Session::DiskCheck Session::checkDiskBudget(const ResourceSample &sample)
{
    switch (m_diskBudget.add(sample.diskWrittenBytes, DiskBudget::spaceOf(workspacePath()))) {
    case DiskBudget::Verdict::Within:
        break;
    case DiskBudget::Verdict::OverLimit:
        // The user's limit: the run is interrupted like for a time limit; children may be the
        // writers, so they stop with it.
        if (m_limitHit != LimitHit::None)
            break;
        m_limitHit = LimitHit::Disk;
        endStrayProcesses();
        if (m_state == SessionState::Busy)
            startInterrupt();
        break;
    case DiskBudget::Verdict::DiskFull:
        // The host's disk is at stake: no grace period, and whatever writes (a run, or threads
        // and children left by an earlier one) is stopped at once.
        stopAndRestart(RunStatus::DiskLimit,
                       tr("stopped because the disk that holds the workspace is nearly full; the "
                          "session was restarted and its variables were lost; what it wrote is "
                          "still in the workspace"),
                       tr("The disk that holds the workspace is nearly full, so the Python "
                          "session was stopped and restarted. All variables were lost; the files "
                          "it wrote are still in the workspace."));
        return DiskCheck::Restarted;
    }
    return DiskCheck::Continued;
}

void Session::onHeartbeat()
{
    if (!m_engine || !m_engine->helloReceived)
        return;
    const quint64 generation = m_engine->generation;
    // Pongs may be waiting in the socket if this thread was busy; read them before judging.
    onReadable(generation, ReadBudgetBytes);
    if (!isCurrent(generation))
        return;
    if (m_sinceLastPong.elapsed() > m_options.heartbeatTimeoutMs && m_current.execution
        && m_limitHit != LimitHit::None) {
        // Starved by what the run started (a fork bomb): the limit is why, and like any kill
        // for a limit the session starts again.
        stopAndRestart(limitStatus(),
                       tr("%1; the engine stopped responding, so the session was restarted and "
                          "its variables were lost")
                               .arg(limitDetail()),
                       tr("The running code went over a limit and the Python session stopped "
                          "responding, so it was restarted. All variables were lost."));
        return;
    }
    if (m_sinceLastPong.elapsed() > m_options.heartbeatTimeoutMs) {
        engineLost(tr("the engine stopped responding for %1 s and was stopped")
                           .arg(m_sinceLastPong.elapsed() / 1000.0, 0, 'f', 1),
                   false);
        return;
    }
    Ping ping;
    ping.id = m_nextId++;
    m_pendingPings.append(ping.id);
    send(ping.toCbor());
}

// --- Code intelligence ------------------------------------------------------------------------

CodeIntelRequest *Session::submitCodeIntel(CodeIntelKind kind,
                                           quint64 id,
                                           const QCborMap &body,
                                           const QString &path,
                                           const QString &code,
                                           int line,
                                           int column)
{
    auto request = new CodeIntelRequest(kind, id, path, this);
    if (!m_engine) {
        // Never starts an engine: a completion popup is no reason to start a session.
        CodeIntelResult result;
        result.error = tr("the session is not running");
        request->finishLater(result);
        return request;
    }
    m_codeIntel.submit(request, body, code, line, column);
    return request;
}

CodeIntelRequest *Session::query(QLatin1StringView type,
                                 CodeIntelKind kind,
                                 const QString &code,
                                 int line,
                                 int column,
                                 const QString &path,
                                 CodeSource source)
{
    CodeQuery query;
    query.type = type;
    query.id = m_nextId++;
    query.code = code;
    query.line = std::max(1, line);
    query.column = codePointColumn(code, query.line, std::max(0, column));
    query.source = source;
    query.path = path.left(MaxCodeIntelTextChars);
    return submitCodeIntel(
            kind, query.id, query.toCbor(), path, code, query.line, std::max(0, column));
}

CodeIntelRequest *Session::complete(
        const QString &code, int line, int column, const QString &path, CodeSource source)
{
    return query(MessageType::Complete, CodeIntelKind::Complete, code, line, column, path, source);
}

CodeIntelRequest *Session::signature(
        const QString &code, int line, int column, const QString &path, CodeSource source)
{
    return query(
            MessageType::Signature, CodeIntelKind::Signature, code, line, column, path, source);
}

CodeIntelRequest *Session::inspect(
        const QString &code, int line, int column, const QString &path, CodeSource source)
{
    return query(MessageType::Inspect, CodeIntelKind::Inspect, code, line, column, path, source);
}

CodeIntelRequest *Session::format(const QString &code,
                                  const QString &path,
                                  const QList<std::pair<int, int>> &lineRanges,
                                  int lineLength)
{
    FormatRequest request;
    request.id = m_nextId++;
    request.code = code;
    request.lineRanges = lineRanges.mid(0, MaxFormatRanges);
    request.lineLength = std::max(1, lineLength);
    return submitCodeIntel(CodeIntelKind::Format, request.id, request.toCbor(), path, code);
}

CodeIntelRequest *Session::lint(const QString &code, const QString &path)
{
    LintRequest request;
    request.id = m_nextId++;
    request.code = code;
    request.path = path.left(MaxCodeIntelTextChars);
    const LintConfig config = LintConfig::find(path);
    request.config = config.text;
    request.configPath = config.path.left(MaxCodeIntelTextChars);
    return submitCodeIntel(CodeIntelKind::Lint, request.id, request.toCbor(), path, code);
}

// --- Data --------------------------------------------------------------------------------------

template<typename Fetch>
Fetch *Session::submitData(Fetch *fetch)
{
    if (!m_engine)
        fetch->failLater(tr("the session is not running"));
    else
        m_data.submit(fetch);
    return fetch;
}

PageFetch *Session::fetchPage(const PageRequest &request)
{
    return submitData(new PageFetch(pageRequest(m_nextId++, request), this));
}

SummaryFetch *Session::summarize(const QString &name, qint64 column, quint64 hold)
{
    const SummaryRequest request{
            m_nextId++, name.left(MaxVariableNameChars), std::max<qint64>(0, column), hold};
    return submitData(new SummaryFetch(request, this));
}

FindFetch *Session::find(const FindRequest &request)
{
    FindRequest sent = request;
    sent.id = m_nextId++;
    sent.name = sent.name.left(MaxVariableNameChars);
    sent.text = sent.text.left(MaxCellChars);
    sent.sort = sent.sort.mid(0, MaxSortKeys);
    sent.filter.conditions = sent.filter.conditions.mid(0, MaxFilterConditions);
    return submitData(new FindFetch(sent, this));
}

void Session::releaseHold(quint64 hold)
{
    // Without an engine nothing is held.
    if (m_engine && hold != 0)
        m_data.submit(new HoldRelease(ReleaseRequest{m_nextId++, hold}, this));
}

// --- Restart and shutdown ---------------------------------------------------------------------

void Session::restart()
{
    const Detached runs = detachRuns();
    killEngine();
    spawn(SessionState::Restarting);
    finishRuns(runs,
               RunStatus::Killed,
               tr("the session was restarted while this code ran"),
               tr("not run: the session was restarted"));
}

void Session::shutdown()
{
    const Detached runs = detachRuns();
    m_codeIntel.failAll(tr("the session was shut down"));
    m_data.failAll(tr("the session was shut down"));
    if (m_engine) {
        std::unique_ptr<Engine> engine = std::move(m_engine);
        m_handshakeTimer.stop();
        m_heartbeatTimer.stop();
        m_graceTimer.stop();
        m_timeLimitTimer.stop();
        m_reapTimer.stop();
        m_monitor.watch(0);
        QProcess *process = engine->process;
        process->disconnect(this);
        delete engine->readNotifier;
        delete engine->writeNotifier;
        if (process->state() != QProcess::NotRunning) {
            // Not in the middle of a partly written frame: then EOF alone has to do.
            if (engine->helloReceived && !engine->endOfStream
                && engine->writeOffset == engine->writeBuffer.size()) {
                const QByteArray frame = encodeFrame(ShutdownRequest{m_nextId++}.toCbor());
                ::send(engine->fd,
                       frame.constData(),
                       size_t(frame.size()),
                       MSG_NOSIGNAL | MSG_DONTWAIT);
            }
            // EOF as well: an engine that missed the request still sees its peer go away.
            ::shutdown(engine->fd, SHUT_WR);
            if (!process->waitForFinished(std::max(1, m_options.shutdownGraceMs))) {
                qCWarning(lcSession) << "engine did not exit after shutdown; terminating";
                sendSignal(engine->pid, SIGTERM, true);
                if (!process->waitForFinished(std::max(1, m_options.terminateGraceMs))) {
                    qCWarning(lcSession) << "engine did not exit after SIGTERM; killing";
                    sendSignal(engine->pid, SIGKILL, true);
                    process->waitForFinished(5000);
                }
            }
        }
        ::close(engine->fd);
        delete process;
    }
    // Engines killed earlier: reaped here so that none outlives the session (their namespace
    // ends with them), before their workspace goes.
    for (const QPointer<QProcess> &process : std::as_const(m_dying)) {
        if (process && process->state() != QProcess::NotRunning) {
            process->disconnect(this);
            process->waitForFinished(2000);
        }
    }
    m_dying.removeIf([](const QPointer<QProcess> &p) {
        return p.isNull() || p->state() == QProcess::NotRunning;
    });
    releaseWorkspace();
    setState(SessionState::NotStarted);
    finishRuns(runs,
               RunStatus::Killed,
               tr("the session was shut down while this code ran"),
               tr("not run: the session was shut down"));
}

// --- Limits and workspace ---------------------------------------------------------------------

void Session::setLimits(const SessionLimits &limits)
{
    m_options.limits = limits;
    applyTransferLimit(); // copies are the GUI's own: no restart needed
}

void Session::applyTransferLimit()
{
    if (!m_workspace)
        return;
    m_workspace->setTransferLimit(m_options.limits.transferLimit());
}

QString Session::workspacePath() const
{
    return m_workspace ? m_workspace->path() : QString();
}

QStringList Session::engineArguments(const SessionOptions &options, const QString &workspace)
{
    QStringList arguments;
    const SessionLimits &limits = options.limits;
    if (!workspace.isEmpty())
        arguments << QStringLiteral("--workspace") << workspace;
    if (limits.outputBytes > 0)
        arguments << QStringLiteral("--output-limit") << QString::number(limits.outputBytes);
    if (!options.sandbox) {
        arguments << QStringLiteral("--no-sandbox");
    } else {
        arguments << QStringLiteral("--memory-limit") << QString::number(limits.memoryBytes)
                  << QStringLiteral("--processes") << QString::number(limits.processes)
                  << QStringLiteral("--open-files") << QString::number(limits.openFiles)
                  << QStringLiteral("--file-size") << QString::number(limits.fileSizeBytes);
        for (const QString &path : options.readOnlyPaths)
            arguments << QStringLiteral("--read-only") << path;
    }
    return arguments + options.arguments;
}

bool Session::ensureWorkspace(QString *error)
{
    if (m_workspace && m_workspace->isValid())
        return true;
    const QString root = m_options.workspaceRoot.isEmpty() ? Workspace::defaultRoot()
                                                           : m_options.workspaceRoot;
    QString detail;
    m_workspace = Workspace::create(root, &detail);
    if (!m_workspace) {
        *error = tr("no workspace for the session: %1").arg(detail);
        return false;
    }
    applyTransferLimit();
    qCDebug(lcSession) << "workspace" << m_workspace->path();
    return true;
}

void Session::releaseWorkspace()
{
    if (!m_workspace)
        return;
    if (!m_options.keepWorkspace) {
        QString error;
        if (!m_workspace->removeAll(&error))
            qCWarning(lcSession) << error;
    }
    m_workspace.reset();
}

} // namespace Sandpiper::Client
