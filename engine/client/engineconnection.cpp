#include "engineconnection.h"

#include <QFileInfo>
#include <QLoggingCategory>
#include <QPointer>
#include <QProcess>
#include <QSocketNotifier>
#include <QStandardPaths>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>
#include <utility>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

// The session's category: engine I/O is part of what it logs.
Q_LOGGING_CATEGORY(lcEngineConnection, "sandpiper.engine.client", QtInfoMsg)
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
            QStringLiteral("SANDPIPER_NATIVE_PATH"),
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

void sendSignal(qint64 pid, int signal)
{
    if (pid <= 0)
        return;
    ::kill(-pid_t(pid), signal);
    ::kill(pid_t(pid), signal);
}

} // namespace

EngineConnection::EngineConnection(quint32 maxFrameBytes, QObject *parent)
    : QObject(parent)
    , m_decoder(maxFrameBytes)
{
    m_reapTimer.setSingleShot(true);
    connect(&m_reapTimer, &QTimer::timeout, this, &EngineConnection::ended);
}

EngineConnection::~EngineConnection()
{
    if (m_process || m_fd >= 0)
        kill();
    if (m_childFd >= 0)
        ::close(m_childFd);
}

bool EngineConnection::open(QString *error)
{
    Q_ASSERT(m_fd < 0);
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    m_fd = fds[0];
    m_childFd = fds[1];
    ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);

    m_readNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, [this] { read(ReadBudgetBytes); });
    m_writeNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &EngineConnection::flush);
    return true;
}

bool EngineConnection::start(const QString &program,
                             const QStringList &arguments,
                             const QProcessEnvironment &environment,
                             const QString &workingDirectory)
{
    Q_ASSERT(m_fd >= 0 && m_childFd >= 0 && !m_process);
    const int childFd = m_childFd;
    m_childFd = -1;
    m_process = new QProcess(this);
    QProcess *process = m_process;

    // Nothing of the GUI's own stdio reaches the engine: its stdout is /dev/null and its stderr
    // a pipe read here. A duplicate of the GUI's terminal or log file inside the sandbox would be
    // a way out of it that Landlock cannot see.
    process->setProcessChannelMode(QProcess::SeparateChannels);
    process->setStandardInputFile(QProcess::nullDevice());
    process->setStandardOutputFile(QProcess::nullDevice());
    process->setProcessEnvironment(environment.isEmpty() ? engineEnvironment() : environment);
    process->setWorkingDirectory(workingDirectory);
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

    connect(process, &QProcess::readyReadStandardError, this, &EngineConnection::readDiagnostics);
    connect(process, &QProcess::finished, this, &EngineConnection::onFinished);
    connect(process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            Q_EMIT failedToStart(m_process->errorString());
    });

    // With the descriptors closed in the child, an exec failure would only show as exit code
    // 255: say clearly what is wrong while that is easy.
    const QString found = program.contains(QLatin1Char('/'))
                                  ? program
                                  : QStandardPaths::findExecutable(program);
    if (found.isEmpty() || !QFileInfo(found).isExecutable() || QFileInfo(found).isDir()) {
        ::close(childFd);
        return false;
    }
    const QStringList allArguments
            = QStringList{QStringLiteral("--fd"), QString::number(EngineSocketFd)} + arguments;
    qCDebug(lcEngineConnection) << "starting" << program << allArguments;
    QPointer<EngineConnection> guard(this);
    process->start(program, allArguments);
    ::close(childFd);
    if (guard)
        m_pid = process->processId();
    return true;
}

void EngineConnection::readDiagnostics()
{
    const QByteArray data = m_process->readAllStandardError();
    if (data.isEmpty())
        return;
    qCDebug(lcEngineDiagnostics).noquote() << printable(QString::fromUtf8(data), 4096);
    if (!m_diagnostics.append(data)) {
        // A flood: the engine's writes now fail with EPIPE instead of costing the GUI time.
        m_process->closeReadChannel(QProcess::StandardError);
        qCDebug(lcEngineDiagnostics)
                << "stopped reading after" << m_diagnostics.totalBytes() << "bytes";
    }
}

// --- Reading ----------------------------------------------------------------------------------

void EngineConnection::readWaiting()
{
    read(ReadBudgetBytes);
}

void EngineConnection::read(qsizetype budget)
{
    if (m_endOfStream)
        return;
    char buffer[ReadChunkBytes];
    while (budget > 0) {
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n > 0) {
            budget -= n;
            m_decoder.append(QByteArrayView(buffer, n));
            if (!deliverFrames())
                return;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n < 0)
            qCWarning(lcEngineConnection)
                    << "reading from the engine failed:" << std::strerror(errno);
        onEndOfStream();
        return;
    }
}

bool EngineConnection::deliverFrames()
{
    QPointer<EngineConnection> guard(this);
    while (std::optional<QCborMap> body = m_decoder.next()) {
        Q_EMIT frameReceived(*body);
        if (!guard)
            return false;
    }
    if (m_decoder.error() != FrameDecoder::Error::None) {
        Q_EMIT malformed(m_decoder.errorString());
        return false;
    }
    return true;
}

// --- Writing ----------------------------------------------------------------------------------

void EngineConnection::send(const QCborMap &body)
{
    if (m_fd < 0 || m_endOfStream)
        return;
    m_writeBuffer.append(encodeFrame(body));
    if (!m_writeNotifier->isEnabled())
        flush();
}

void EngineConnection::flush()
{
    while (m_writeOffset < m_writeBuffer.size()) {
        const ssize_t n = ::send(m_fd,
                                 m_writeBuffer.constData() + m_writeOffset,
                                 size_t(m_writeBuffer.size() - m_writeOffset),
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            m_writeOffset += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            m_writeNotifier->setEnabled(true);
            return;
        }
        // EPIPE or similar: the engine is gone. Find out how it ended outside this call, which
        // may come from the session's execute() or interrupt().
        m_writeNotifier->setEnabled(false);
        m_writeBuffer.clear();
        m_writeOffset = 0;
        QMetaObject::invokeMethod(this, &EngineConnection::onEndOfStream, Qt::QueuedConnection);
        return;
    }
    m_writeBuffer.clear();
    m_writeOffset = 0;
    m_writeNotifier->setEnabled(false);
}

// --- End of an engine -------------------------------------------------------------------------

void EngineConnection::onEndOfStream()
{
    if (m_endOfStream)
        return;
    m_endOfStream = true;
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(false);
    if (m_decoder.pendingBytes() > 0) {
        qCWarning(lcEngineConnection) << "engine closed the connection inside a frame;"
                                      << m_decoder.pendingBytes() << "bytes left";
    }
    if (m_exited) {
        Q_EMIT ended();
        return;
    }
    m_reapTimer.start(ReapWaitMs);
}

void EngineConnection::onFinished()
{
    m_exited = true;
    readDiagnostics();
    if (!m_endOfStream) {
        // Frames written just before exiting are still in the socket: a result may be there.
        QPointer<EngineConnection> guard(this);
        read(DrainBudgetBytes);
        if (!guard)
            return;
    }
    Q_EMIT ended();
}

int EngineConnection::exitSignal() const
{
    if (!m_process || m_process->state() != QProcess::NotRunning
        || m_process->exitStatus() != QProcess::CrashExit) {
        return 0;
    }
    return m_process->exitCode();
}

QString EngineConnection::exitDescription() const
{
    if (!m_process || m_process->state() != QProcess::NotRunning)
        return tr("the engine closed its connection");
    if (m_process->exitStatus() == QProcess::NormalExit)
        return tr("engine exited with code %1").arg(m_process->exitCode());
    const int sig = m_process->exitCode();
    const QString name = signalName(sig);
    return name.isEmpty() ? tr("engine killed by signal %1").arg(sig)
                          : tr("engine killed by signal %1 (%2)").arg(sig).arg(name);
}

QProcess *EngineConnection::kill()
{
    m_reapTimer.stop();
    QProcess *process = std::exchange(m_process, nullptr);
    bool running = false;
    if (process) {
        process->disconnect(this);
        running = process->state() != QProcess::NotRunning;
        if (running)
            sendSignal(m_pid, SIGKILL);
    }
    delete std::exchange(m_readNotifier, nullptr);
    delete std::exchange(m_writeNotifier, nullptr);
    if (m_fd >= 0)
        ::close(std::exchange(m_fd, -1));
    if (!process)
        return nullptr;
    // This connection is about to go; the process may be inside one of its own signals.
    process->setParent(parent());
    if (running) {
        // Reaped asynchronously.
        connect(process, &QProcess::finished, process, &QObject::deleteLater);
        return process;
    }
    process->deleteLater();
    return nullptr;
}

void EngineConnection::shutdown(const std::function<QCborMap()> &farewell,
                                int graceMs,
                                int terminateGraceMs)
{
    m_reapTimer.stop();
    QProcess *process = std::exchange(m_process, nullptr);
    if (process)
        process->disconnect(this);
    delete std::exchange(m_readNotifier, nullptr);
    delete std::exchange(m_writeNotifier, nullptr);
    if (process && process->state() != QProcess::NotRunning) {
        // Not in the middle of a partly written frame: then EOF alone has to do.
        if (farewell && !m_endOfStream && m_writeOffset == m_writeBuffer.size()) {
            const QByteArray frame = encodeFrame(farewell());
            ::send(m_fd, frame.constData(), size_t(frame.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        }
        // EOF as well: an engine that missed the request still sees its peer go away.
        ::shutdown(m_fd, SHUT_WR);
        if (!process->waitForFinished(std::max(1, graceMs))) {
            qCWarning(lcEngineConnection) << "engine did not exit after shutdown; terminating";
            sendSignal(m_pid, SIGTERM);
            if (!process->waitForFinished(std::max(1, terminateGraceMs))) {
                qCWarning(lcEngineConnection) << "engine did not exit after SIGTERM; killing";
                sendSignal(m_pid, SIGKILL);
                process->waitForFinished(5000);
            }
        }
    }
    if (m_fd >= 0)
        ::close(std::exchange(m_fd, -1));
    delete process;
}

} // namespace Sandpiper::Client
