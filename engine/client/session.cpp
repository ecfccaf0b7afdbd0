#include "session.h"

#include "lintconfig.h"
#include "sandboxstatus.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>

#include <csignal>
#include <optional>

Q_LOGGING_CATEGORY(lcSession, "sandpiper.engine.client", QtInfoMsg)

namespace Sandpiper::Client {

using namespace Protocol;

namespace {

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

Session::Session(const SessionOptions &options, QObject *parent)
    : AbstractSession(parent)
    , m_options(options)
    , m_runLimits(m_options.limits, m_options.diskReserveBytes)
    , m_standby(m_options.maxFrameBytes)
    , m_codeIntel([this](const QCborMap &body) { send(body); })
    , m_data([this](const QCborMap &body) { send(body); })
{
    m_handshakeTimer.setSingleShot(true);
    m_graceTimer.setSingleShot(true);
    m_timeLimitTimer.setSingleShot(true);
    m_heartbeatTimer.setInterval(std::max(10, m_options.heartbeatIntervalMs));
    m_monitor.setInterval(std::max(10, m_options.monitorIntervalMs));

    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        engineLost(tr("the engine did not answer within %1 s")
                           .arg(m_options.handshakeTimeoutMs / 1000.0),
                   true);
    });
    connect(&m_graceTimer, &QTimer::timeout, this, &Session::onGraceExpired);
    connect(&m_timeLimitTimer, &QTimer::timeout, this, &Session::onTimeLimit);
    m_standbyTimer.setSingleShot(true);
    m_standbyTimer.setInterval(std::max(0, m_options.standbyDelayMs));
    connect(&m_standbyTimer, &QTimer::timeout, this, &Session::prepareStandby);
    m_rateTimer.setSingleShot(true);
    connect(&m_rateTimer, &QTimer::timeout, this, &Session::sendNext);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &Session::onHeartbeat);
    connect(&m_monitor, &ProcessMonitor::sampled, this, &Session::onSample);
}

Session::~Session()
{
    shutdown();
    if (m_runSlots)
        m_runSlots->release(this);
}

void Session::setRunSlots(RunSlots *slots)
{
    if (m_runSlots == slots)
        return;
    if (m_runSlots) {
        m_runSlots->release(this);
        disconnect(m_runSlots, nullptr, this, nullptr);
    }
    m_runSlots = slots;
    if (slots)
        connect(slots, &RunSlots::granted, this, [this](const QObject *holder) {
            if (holder != this)
                return;
            sendNext();
            releaseIdleRunSlot(); // the queue may have emptied while it waited
        });
    sendNext();
}

QString Session::resolveEnginePath(const SessionOptions &options)
{
    if (!options.enginePath.isEmpty())
        return options.enginePath;
    const QString fromEnvironment = qEnvironmentVariable("SANDPIPER_ENGINE");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    // A build tree keeps the engine next to the app; an installed app (<prefix>/bin) finds it
    // in its private folder, <prefix>/lib/sandpiper.
    const QDir appDir(QCoreApplication::applicationDirPath());
    const QString beside = appDir.filePath(QStringLiteral("sandpiper-engine"));
    const QString installed
            = QDir::cleanPath(appDir.filePath(QStringLiteral("../lib/sandpiper/sandpiper-engine")));
    return QFileInfo::exists(beside) || !QFileInfo::exists(installed) ? beside : installed;
}

qint64 Session::enginePid() const
{
    return m_engine ? m_engine->pid() : 0;
}

bool Session::isCurrent(quint64 generation) const
{
    return m_engine && m_generation == generation;
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

void Session::connectEngine(EngineConnection *engine, quint64 generation)
{
    connect(engine,
            &EngineConnection::frameReceived,
            this,
            [this, generation](const QCborMap &body) {
                if (!isCurrent(generation))
                    return;
                // Any frame, pong or not, shows the engine's IO side is alive (in a flood too).
                m_sinceLastPong.start();
                handleFrame(body);
            });
    connect(engine, &EngineConnection::malformed, this, [this, generation](const QString &why) {
        if (isCurrent(generation))
            violation(why);
    });
    connect(engine, &EngineConnection::ended, this, [this, generation] {
        if (isCurrent(generation))
            engineLost(m_engine->exitDescription(), !m_helloReceived);
    });
    connect(engine, &EngineConnection::failedToStart, this, [this, generation](const QString &why) {
        if (isCurrent(generation))
            engineLost(tr("could not run %1: %2").arg(resolveEnginePath(m_options), why), true);
    });
}

void Session::spawn(SessionState startingState)
{
    Q_ASSERT(!m_engine);
    if (startingState == SessionState::Restarting && adoptStandby())
        return;
    m_info = Hello();
    m_helloReceived = false;
    m_engineEndsStrays = false;
    m_pendingPings.clear();
    m_runLimits.engineStarting();
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

    auto engine = std::make_unique<EngineConnection>(m_options.maxFrameBytes, this);
    QString error;
    if (!engine->open(&error)) {
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
    const quint64 generation = ++m_generation;
    connectEngine(engine.get(), generation);
    m_engine = std::move(engine);

    const QString program = resolveEnginePath(m_options);
    const QString workingDirectory = m_options.workingDirectory.isEmpty()
                                             ? m_workspace->path()
                                             : m_options.workingDirectory;
    if (!m_engine->start(program,
                         engineArguments(m_options, m_workspace->path()),
                         m_options.environment,
                         workingDirectory)) {
        QMetaObject::invokeMethod(
                this,
                [this, generation, program] {
                    if (isCurrent(generation))
                        engineLost(tr("no engine executable at %1").arg(program), true);
                },
                Qt::QueuedConnection);
        return;
    }
    if (isCurrent(generation))
        m_handshakeTimer.start(std::max(1, m_options.handshakeTimeoutMs));
}

// --- Standby engine ---------------------------------------------------------------------------

QStringList Session::standbyPreload()
{
    return {QStringLiteral("numpy"), QStringLiteral("pandas"), QStringLiteral("matplotlib")};
}

QStringList Session::standbyArguments() const
{
    QStringList arguments = engineArguments(m_options, m_workspace->path());
    // Completion's warm-up would keep a core busy for seconds for an engine that may never be
    // used; the preload is what makes the first `import pandas` instant.
    arguments.removeAll(QStringLiteral("--warm-completion"));
    for (qsizetype at = arguments.indexOf(QStringLiteral("--preload")); at >= 0;
         at = arguments.indexOf(QStringLiteral("--preload")))
        arguments.remove(at, std::min<qsizetype>(2, arguments.size() - at));
    arguments << QStringLiteral("--preload") << standbyPreload().join(u',');
    return arguments;
}

void Session::setKeepStandby(bool keep)
{
    m_keepStandby = keep;
    if (!keep) {
        m_standbyTimer.stop();
        m_standby.discard();
    } else if (!m_standby.isRunning()) {
        scheduleStandby();
    }
}

void Session::scheduleStandby()
{
    if (m_keepStandby)
        m_standbyTimer.start();
}

void Session::prepareStandby()
{
    if (!m_keepStandby || !m_engine || !m_helloReceived || !m_workspace)
        return;
    // Made while nothing runs, so it never slows the user's code.
    if (m_state != SessionState::Idle || !m_queue.isEmpty()) {
        scheduleStandby();
        return;
    }
    const QStringList arguments = standbyArguments();
    if (m_standby.isRunning() && m_standby.key() == arguments)
        return;
    const QString workingDirectory = m_options.workingDirectory.isEmpty()
                                             ? m_workspace->path()
                                             : m_options.workingDirectory;
    m_standby.start(
            resolveEnginePath(m_options), arguments, m_options.environment, workingDirectory);
}

bool Session::adoptStandby()
{
    if (!m_workspace)
        return false;
    std::optional<EngineStandby::Spare> spare = m_standby.take(standbyArguments());
    if (!spare)
        return false;
    m_info = Hello();
    m_helloReceived = false;
    m_engineEndsStrays = false;
    m_pendingPings.clear();
    m_runLimits.engineStarting();
    setState(SessionState::Restarting);
    spare->engine->setParent(this);
    const quint64 generation = ++m_generation;
    connectEngine(spare->engine.get(), generation);
    m_engine = std::move(spare->engine);
    qCDebug(lcSession) << "restart: took the standby engine, pid" << m_engine->pid();
    handleFrame(spare->hello);
    // Frames it sent after its hello are read as this engine's.
    if (isCurrent(generation))
        m_engine->readWaiting();
    return true;
}

void Session::handleFrame(const QCborMap &body)
{
    const QString type = messageType(body);
    if (!m_helloReceived) {
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
            if (stream->truncated && m_runLimits.record(RunLimits::Hit::Output)) {
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
    m_helloReceived = true;
    m_codeIntel.setReady(true);
    m_data.setReady(true);
    m_info = *hello;
    // Only an engine that is pid 2 of its own pid namespace turns SIGUSR2 into ending the
    // session's other processes; to any other, SIGUSR2 would be fatal.
    const SandboxStatus sandbox = SandboxStatus::fromHello(m_info.sandbox);
    const SandboxStatus::Primitive *pidNamespace = sandbox.find(QStringLiteral("pid-namespace"));
    m_engineEndsStrays = sandbox.enabled && pidNamespace && pidNamespace->active;
    m_pendingPings.clear();
    m_sinceLastPong.start();
    m_heartbeatTimer.start();
    // The private /tmp and /dev/shm are the session's memory too.
    const SandboxStatus::Primitive *privateTmp = sandbox.find(QStringLiteral("private-tmp"));
    m_monitor.watch(pid_t(m_engine->pid()), sandbox.enabled && privateTmp && privateTmp->active);
    m_runLedger.clear();
    m_runLedger.noteEngineReady(ProcessTreeReader::nowInTicks());
    m_serviceProcessesKnown = false;
    if (m_reportedLeftovers > 0) {
        m_reportedLeftovers = 0;
        m_reportedOrigins.clear();
        Q_EMIT leftoverProcesses(0, {}); // they ended with the engine before this one
    }
    m_runLimits.engineReady();
    qCDebug(lcSession) << "engine ready: pid" << m_engine->pid() << "python"
                       << m_info.pythonVersion;

    const quint64 generation = m_generation;
    setState(SessionState::Idle);
    if (!isCurrent(generation))
        return;
    scheduleStandby();
    Q_EMIT ready(m_info);
    if (isCurrent(generation))
        sendNext();
}

// --- Writing ----------------------------------------------------------------------------------

void Session::send(const QCborMap &body)
{
    if (m_engine)
        m_engine->send(body);
}

// --- End of an engine -------------------------------------------------------------------------

void Session::killEngine()
{
    m_handshakeTimer.stop();
    m_heartbeatTimer.stop();
    m_graceTimer.stop();
    m_timeLimitTimer.stop();
    m_monitor.watch(0);
    if (!m_engine)
        return;
    m_codeIntel.failAll(tr("the engine stopped before it answered"));
    m_data.failAll(tr("the engine stopped before it answered"));
    const std::unique_ptr<EngineConnection> engine = std::move(m_engine);
    if (QProcess *process = engine->kill()) {
        // Reaped asynchronously; the destructor waits for any still running.
        m_dying.removeIf([](const QPointer<QProcess> &p) { return p.isNull(); });
        m_dying.append(process);
    }
}

Session::Detached Session::detachRuns()
{
    Detached runs{m_current, m_queue};
    if (m_current.execution && m_monitor.peakMemoryBytes() > 0)
        runs.peakMemoryBytes = m_monitor.peakMemoryBytes();
    if (m_current.execution && m_runClock.isValid()) {
        runs.wallSeconds = double(m_runClock.nsecsElapsed()) / 1e9;
        runs.cpuSeconds = m_runLimits.runCpuSeconds();
    }
    m_current = Run();
    m_queue.clear();
    m_queueNote.clear();
    releaseIdleRunSlot();
    Q_EMIT queueChanged();
    return runs;
}

QList<QueuedRun> Session::queuedRuns() const
{
    QList<QueuedRun> runs;
    for (const Run &run : m_queue)
        runs.append({run.execution->id(), run.execution->code(), run.cellName});
    return runs;
}

bool Session::cancelQueued(quint64 id)
{
    const auto it = std::find_if(m_queue.begin(), m_queue.end(), [id](const Run &run) {
        return run.execution->id() == id;
    });
    if (it == m_queue.end())
        return false;
    const Detached cancelled{Run(), {*it}};
    m_queue.erase(it);
    releaseIdleRunSlot();
    Q_EMIT queueChanged();
    finishRuns(cancelled, RunStatus::Cancelled, {}, tr("not run: taken out of the queue"));
    return true;
}

bool Session::moveQueued(quint64 id, int steps)
{
    const auto it = std::find_if(m_queue.cbegin(), m_queue.cend(), [id](const Run &run) {
        return run.execution->id() == id;
    });
    if (it == m_queue.cend())
        return false;
    const qsizetype from = it - m_queue.cbegin();
    const qsizetype to = std::clamp<qsizetype>(from + steps, 0, m_queue.size() - 1);
    if (to == from)
        return false;
    m_queue.move(from, to);
    Q_EMIT queueChanged();
    return true;
}

bool Session::rateLimitAllowsRun()
{
    const int limit = m_options.limits.runsPerMinute;
    if (limit <= 0)
        return true;
    if (!m_rateClock.isValid())
        m_rateClock.start();
    const qint64 now = m_rateClock.elapsed();
    m_runStarts.removeIf([now](qint64 start) { return now - start >= 60'000; });
    if (m_runStarts.size() < limit)
        return true;
    const qint64 waitMs = m_runStarts.constFirst() + 60'000 - now;
    m_rateTimer.start(int(std::max<qint64>(1, waitMs)));
    setQueueNote(tr("waiting for the rate limit of %n run(s) a minute; the next starts in %1 s",
                    nullptr,
                    limit)
                         .arg((waitMs + 999) / 1000));
    return false;
}

bool Session::runSlotAllowsRun()
{
    if (!m_runSlots || m_runSlots->acquire(this, m_queue.constFirst().priority))
        return true;
    const int others = m_runSlots->running();
    setQueueNote(tr("waiting for a free run slot: %n session(s) running code, at most %1 at once "
                    "(Run > Sessions Running at Once)",
                    nullptr,
                    others)
                         .arg(m_runSlots->capacity()));
    return false;
}

void Session::releaseIdleRunSlot()
{
    if (m_runSlots && !m_current.execution && m_queue.isEmpty())
        m_runSlots->release(this);
}

void Session::setQueueNote(const QString &note)
{
    if (note == m_queueNote)
        return;
    m_queueNote = note;
    Q_EMIT queueChanged();
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
    const QString said = m_engine ? m_engine->diagnosticsTail() : QString();
    const QString saidText
            = said.isEmpty() ? QString() : u'\n' + tr("The engine's last messages:\n%1").arg(said);
    const Detached runs = detachRuns();
    const int exitSignal = m_engine ? m_engine->exitSignal() : 0;
    // A death that is a limit at work restarts the session like any kill for a limit.
    std::optional<std::pair<RunStatus, QString>> limit;
    if (!duringStart)
        limit = m_runLimits.deathByLimit(exitSignal, detail);
    if (limit) {
        const auto &[status, limitText] = *limit;
        killEngine();
        spawn(SessionState::Restarting);
        Q_EMIT notice(tr("The Python session was stopped by a limit (%1) and restarted. All "
                         "variables were lost.")
                              .arg(limitText)
                      + saidText);
        finishRuns(runs, status, limitText, tr("not run: the session was restarted"), exitSignal);
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
    if (!m_helloReceived) {
        engineLost(tr("protocol violation: %1").arg(reason), true);
        return;
    }
    engineLost(tr("protocol violation: %1").arg(reason), false);
}

// --- Executions -------------------------------------------------------------------------------

Execution *Session::execute(const QString &code, const QString &cellName, RunPriority priority)
{
    auto *execution = new Execution(m_nextId++, code, this);
    m_queue.append(Run{execution, cellName, priority});
    Q_EMIT executionQueued(execution, cellName);
    Q_EMIT queueChanged();
    if (!m_engine)
        spawn(m_state == SessionState::NotStarted ? SessionState::Starting
                                                  : SessionState::Restarting);
    else
        sendNext();
    return execution;
}

void Session::sendNext()
{
    if (!m_engine || !m_helloReceived || m_current.execution || m_queue.isEmpty())
        return;
    if (!rateLimitAllowsRun() || !runSlotAllowsRun())
        return;
    if (m_options.limits.runsPerMinute > 0)
        m_runStarts.append(m_rateClock.elapsed());
    m_queueNote.clear();
    m_current = m_queue.takeFirst();
    Q_EMIT queueChanged();
    ExecuteRequest request;
    request.id = m_current.execution->id();
    request.code = m_current.execution->code();
    request.cellName = m_current.cellName;
    request.outputLimitBytes = m_options.limits.outputBytes;
    m_runLimits.runStarted();
    m_runClock.start();
    if (m_resampleBeforeRun) {
        m_resampleBeforeRun = false;
        const quint64 generation = m_generation;
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
    m_serviceProcessesKnown = false; // the run may have started or closed a cluster

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
        outcome.detail = m_runLimits.processLimitHint(result.error);
        break;
    case ExecutionStatus::Interrupted:
        outcome.status = RunStatus::Interrupted;
        break;
    }
    // Whatever the run started goes with it when a limit stopped it (a fork bomb, children
    // still busy), or when it ended on a fork the process limit refused: the engine ends the
    // other processes of its namespace, so the next run does not start at the limit.
    const RunLimits::Hit hit = m_runLimits.hit();
    if (hit != RunLimits::Hit::None
        || m_runLimits.endedAtProcessLimit(result.error, pid_t(m_engine->pid())))
        endStrayProcesses();
    // A limit stopped it (the code may have turned the KeyboardInterrupt into another error).
    if (hit != RunLimits::Hit::None && result.status != ExecutionStatus::Ok) {
        outcome.status = m_runLimits.status();
        outcome.detail = m_runLimits.detail();
    } else if (hit == RunLimits::Hit::Output) {
        outcome.status = RunStatus::OutputLimit;
        outcome.detail = m_runLimits.detail();
    }
    m_runLimits.runFinished();

    const quint64 generation = m_generation;
    // The slot goes back first: another session's run that waited for it goes before this
    // session's next one.
    if (m_runSlots)
        m_runSlots->release(this);
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
    m_queueNote.clear();
    releaseIdleRunSlot();
    Q_EMIT queueChanged();
    if (m_current.execution && m_state == SessionState::Busy)
        startInterrupt();
    finishRuns(cancelled, RunStatus::Cancelled, {}, tr("not run: interrupted before it started"));
}

void Session::startInterrupt()
{
    qCDebug(lcSession) << "interrupting engine" << m_engine->pid();
    // Id 0 (no run of ours) reaches the engine as a plain SIGINT.
    const quint64 runId = m_current.execution ? m_current.execution->id() : 0;
    interruptRun(m_engine->pid(), runId);
    setState(SessionState::Interrupting);
    m_graceTimer.start(std::max(1, m_options.interruptGraceMs));
    // A KeyboardInterrupt can be lost: C code that clears whatever error is pending (Python's
    // own PyObject_HasAttr among it) swallows it, and the code goes on. Halfway through the
    // grace period the same run is interrupted once more, as a user presses Stop again, before
    // the session would be killed and its variables lost.
    const quint64 generation = m_generation;
    QTimer::singleShot(std::max(1, m_options.interruptGraceMs / 2), this, [=, this] {
        if (isCurrent(generation) && m_state == SessionState::Interrupting && m_current.execution
            && m_current.execution->id() == runId)
            interruptRun(m_engine->pid(), runId);
    });
}

void Session::onTimeLimit()
{
    if (!m_engine || !m_current.execution)
        return;
    m_runLimits.record(RunLimits::Hit::WallTime);
    if (m_state == SessionState::Busy)
        startInterrupt();
}

void Session::onGraceExpired()
{
    if (!m_engine || !m_current.execution)
        return;
    const bool atLimit = m_runLimits.hit() != RunLimits::Hit::None;
    const RunStatus status = atLimit ? m_runLimits.status() : RunStatus::Killed;
    const QString detail
            = atLimit ? tr("%1; the code did not stop when interrupted, so the session was "
                           "restarted and its variables were lost")
                                .arg(m_runLimits.detail())
                      : tr("the code did not stop within %1 s of the interrupt; the session was "
                           "restarted and its variables were lost")
                                .arg(m_options.interruptGraceMs / 1000.0);
    qCWarning(lcSession) << "interrupt did not work; killing engine" << m_engine->pid();
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

void Session::endStrayProcesses()
{
    if (m_engine && m_engineEndsStrays) {
        if (m_engine->pid() > 0)
            ::kill(pid_t(m_engine->pid()), SIGUSR2);
        // The last sample still counts them: the next run's peak starts from a fresh one.
        m_resampleBeforeRun = true;
        m_runLimits.straysEnded();
    }
}

// The limits are checked in this order; RunLimits decides, the session acts.
void Session::onSample(const ResourceSample &sample)
{
    if (!m_engine)
        return;
    if (const std::optional<RunLimits::Restart> restart = m_runLimits.checkMemory(sample)) {
        qCWarning(lcSession) << "engine tree over the memory limit:" << sample.memoryBytes;
        stopAndRestart(restart->status, restart->detail, restart->message);
        return;
    }
    // A fork bomb or a pile of children: they are ended, and the run that made them is stopped.
    if (m_runLimits.checkProcesses(sample)) {
        // What earlier runs left is ended first; the running code is stopped only when the
        // limit is its own doing.
        const bool leftoversEnded = m_current.execution && endLeftoversOfEarlierRuns();
        if (!leftoversEnded)
            endStrayProcesses();
        if (m_current.execution && !leftoversEnded && m_runLimits.record(RunLimits::Hit::Processes)
            && m_state == SessionState::Busy)
            startInterrupt();
    }
    if (m_current.execution && m_runLimits.addCpuTime(sample.cpuSeconds)
        && m_state == SessionState::Busy)
        startInterrupt();
    switch (m_runLimits.checkDisk(sample, workspacePath())) {
    case RunLimits::DiskAction::None:
        break;
    case RunLimits::DiskAction::Interrupt:
        endStrayProcesses();
        if (m_state == SessionState::Busy)
            startInterrupt();
        break;
    case RunLimits::DiskAction::Restart: {
        const RunLimits::Restart restart = RunLimits::diskFullRestart();
        stopAndRestart(restart.status, restart.detail, restart.message);
        return;
    }
    }
    reportLeftovers(sample);
    Q_EMIT resourcesSampled(sample);
}

bool Session::endLeftoversOfEarlierRuns()
{
    const QList<ProcessInfo> leftovers = m_runLedger.leftoversOfEarlierRuns(
            ProcessTreeReader::processes(pid_t(m_engine->pid())));
    int ended = 0;
    for (const ProcessInfo &process : leftovers)
        ended += ProcessTreeReader::signalProcess(process, SIGKILL);
    if (ended == 0)
        return false;
    m_runLimits.straysEnded();
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
                = m_runLedger.processesOfRuns(ProcessTreeReader::processes(pid_t(m_engine->pid())));
        if (!left.isEmpty() && !knowServiceProcesses())
            return;
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

bool Session::knowServiceProcesses()
{
    if (m_serviceProcessesKnown)
        return true;
    if (m_serviceProcessesFetch) {
        // An engine that does not answer (an old one) delays the report only a little.
        if (m_serviceProcessesAsked.elapsed() < ServiceProcessesWaitMs)
            return false;
        m_serviceProcessesFetch->cancel();
        m_serviceProcessesKnown = true;
        return true;
    }
    m_serviceProcessesFetch = clusterInfo();
    m_serviceProcessesAsked.start();
    connect(m_serviceProcessesFetch, &ClusterFetch::finished, this, [this] {
        m_serviceProcessesKnown = true;
    });
    return false;
}

void Session::endLeftoverProcesses()
{
    if (!m_engine || m_current.execution)
        return;
    const QList<ProcessInfo> left
            = m_runLedger.processesOfRuns(ProcessTreeReader::processes(pid_t(m_engine->pid())));
    // The next sample reports them gone, once the kernel has reaped them.
    for (const ProcessInfo &process : left)
        ProcessTreeReader::signalProcess(process, SIGKILL);
}

void Session::onHeartbeat()
{
    if (!m_engine || !m_helloReceived)
        return;
    const quint64 generation = m_generation;
    // Pongs may be waiting in the socket if this thread was busy; read them before judging.
    m_engine->readWaiting();
    if (!isCurrent(generation))
        return;
    if (m_sinceLastPong.elapsed() > m_options.heartbeatTimeoutMs && m_current.execution
        && m_runLimits.hit() != RunLimits::Hit::None) {
        // Starved by what the run started (a fork bomb): the limit is why, and like any kill
        // for a limit the session starts again.
        stopAndRestart(m_runLimits.status(),
                       tr("%1; the engine stopped responding, so the session was restarted and "
                          "its variables were lost")
                               .arg(m_runLimits.detail()),
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

CodeIntelRequest *Session::scan(const QString &code)
{
    ScanRequest request;
    request.id = m_nextId++;
    request.code = code;
    // Every run is scanned: a newer scan never cancels an older one (requests of a kind for the
    // same path would), so each gets a path of its own.
    return submitCodeIntel(CodeIntelKind::Scan,
                           request.id,
                           request.toCbor(),
                           QStringLiteral("<scan %1>").arg(request.id),
                           code);
}

// --- Data --------------------------------------------------------------------------------------

template<typename Request>
Request Session::addressed(Request request)
{
    request.id = m_nextId++;
    request.name = request.name.left(MaxVariableNameChars);
    request.path = request.path.mid(0, MaxMemberDepth);
    return request;
}

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

SummaryFetch *Session::summarize(const SummaryRequest &request)
{
    SummaryRequest sent = addressed(request);
    sent.column = std::max<qint64>(0, sent.column);
    return submitData(new SummaryFetch(sent, this));
}

MembersFetch *Session::expand(const ExpandRequest &request)
{
    ExpandRequest sent = addressed(request);
    sent.start = std::max<qint64>(0, sent.start);
    sent.count = std::clamp(sent.count, 1, MaxMembers);
    return submitData(new MembersFetch(sent, this));
}

SniffFetch *Session::sniff(const SniffRequest &request)
{
    SniffRequest sent = request;
    sent.id = m_nextId++;
    sent.rows = std::clamp(sent.rows, 1, MaxImportRows);
    return submitData(new SniffFetch(sent, this));
}

FindFetch *Session::find(const FindRequest &request)
{
    FindRequest sent = addressed(request);
    sent.text = sent.text.left(MaxCellChars);
    sent.sort = sent.sort.mid(0, MaxSortKeys);
    sent.filter.conditions = sent.filter.conditions.mid(0, MaxFilterConditions);
    return submitData(new FindFetch(sent, this));
}

RowCountFetch *Session::countRows(const RowCountRequest &request)
{
    RowCountRequest sent = addressed(request);
    sent.sort = sent.sort.mid(0, MaxSortKeys);
    sent.filter.conditions = sent.filter.conditions.mid(0, MaxFilterConditions);
    return submitData(new RowCountFetch(sent, this));
}

ClusterFetch *Session::clusterInfo(bool close)
{
    auto fetch = submitData(new ClusterFetch(ClusterRequest{m_nextId++, close}, this));
    // The cluster's processes are the session's on purpose: no leftovers of the run that
    // started them (nor ended with them when a run hits the process limit).
    const quint64 generation = m_generation;
    connect(fetch, &ClusterFetch::finished, this, [this, generation](const ClusterInfo &info) {
        if (isCurrent(generation) && info.error.isEmpty())
            m_runLedger.setServiceProcesses(info.processes);
    });
    return fetch;
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
    m_standbyTimer.stop();
    m_standby.discard();
    const Detached runs = detachRuns();
    m_codeIntel.failAll(tr("the session was shut down"));
    m_data.failAll(tr("the session was shut down"));
    if (m_engine) {
        const std::unique_ptr<EngineConnection> engine = std::move(m_engine);
        m_handshakeTimer.stop();
        m_heartbeatTimer.stop();
        m_graceTimer.stop();
        m_timeLimitTimer.stop();
        m_monitor.watch(0);
        std::function<QCborMap()> farewell;
        if (m_helloReceived)
            farewell = [this] {
                return ShutdownRequest{m_nextId++}.toCbor();
            };
        engine->shutdown(farewell, m_options.shutdownGraceMs, m_options.terminateGraceMs);
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
    // The standby's process too: it has the workspace as well.
    for (QProcess *process : m_standby.findChildren<QProcess *>()) {
        if (process->state() != QProcess::NotRunning)
            process->waitForFinished(2000);
    }
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
    // A standby made with the old limits would not match them: made again.
    if (m_standby.isRunning() && m_workspace && m_standby.key() != standbyArguments()) {
        m_standby.discard();
        scheduleStandby();
    }
    // A run waiting for a rate limit that was lifted or raised may start now.
    QMetaObject::invokeMethod(this, &Session::sendNext, Qt::QueuedConnection);
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
