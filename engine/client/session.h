#pragma once

#include "abstractsession.h"
#include "frame.h"
#include "processmonitor.h"

#include <QElapsedTimer>
#include <QList>
#include <QPointer>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>

#include <memory>

QT_BEGIN_NAMESPACE
class QProcess;
QT_END_NAMESPACE

namespace Sandpiper::Client {

struct SessionOptions
{
    // Empty: $SANDPIPER_ENGINE if set, else sandpiper-engine next to the application.
    QString enginePath;
    // Passed after "--fd N".
    QStringList arguments;
    // Empty: the engine inherits this process's environment.
    QProcessEnvironment environment;
    QString workingDirectory;

    int handshakeTimeoutMs = 15000;
    // After SIGINT, how long the code may take to stop before the engine is killed and restarted.
    int interruptGraceMs = 2000;
    // shutdown(): wait this long after the shutdown request, then SIGTERM, then SIGKILL after
    // terminateGraceMs.
    int shutdownGraceMs = 2000;
    int terminateGraceMs = 1000;
    // A ping every interval; an engine that has not answered for the timeout is killed as hung.
    int heartbeatIntervalMs = 1000;
    int heartbeatTimeoutMs = 5000;
    // Wall-time limit per execution (0: none). Exceeded: interrupt, then kill as above; the run
    // ends as RunStatus::Timeout.
    qint64 executionTimeLimitMs = 0;
    // Output cap per execution, enforced by the engine (0: the engine's default).
    quint64 outputLimitBytes = 0;
    quint32 maxFrameBytes = Protocol::DefaultMaxFrameBytes;
};

// A Python session in its own sandpiper-engine process, connected by a socketpair.
//
// Lifecycle: start() spawns the engine (Starting) and waits for its hello (Idle). execute()
// queues code; one execution runs at a time (Busy). interrupt() sends SIGINT (Interrupting) and
// cancels what is queued; when the code does not stop within interruptGraceMs the engine is
// killed and a new one started (Restarting), the running execution finishing as Killed.
// A crash, a protocol violation or a hung engine ends in Dead, with a notice(); execute() on a
// dead or not started session starts a new engine. shutdown() ends in NotStarted.
//
// Everything the engine sends is untrusted: any malformed or unexpected frame kills it.
class Session : public AbstractSession
{
    Q_OBJECT

public:
    explicit Session(const SessionOptions &options = {}, QObject *parent = nullptr);
    ~Session() override;

    SessionState state() const override { return m_state; }
    Protocol::Hello engineInfo() const override { return m_info; }

    void start() override;
    Execution *execute(const QString &code, const QString &cellName = {}) override;
    void interrupt() override;
    void restart() override;
    void shutdown() override;

    const SessionOptions &options() const { return m_options; }
    // Process id of the current engine, 0 when there is none.
    qint64 enginePid() const;
    // The engine that start() would run with these options.
    static QString resolveEnginePath(const SessionOptions &options);

private:
    struct Engine;
    struct Run
    {
        Execution *execution = nullptr;
        QString cellName;
    };
    // Runs taken out of the session before it tells anyone, so that slots connected to
    // finished() may queue new work without it being cancelled too.
    struct Detached
    {
        Run running;
        QList<Run> queued;
        qint64 peakRssBytes = -1; // of the running one, taken before the monitor stops
    };

    void spawn(SessionState startingState);
    void setState(SessionState state);
    bool isCurrent(quint64 generation) const;

    // Engine I/O.
    void onReadable(quint64 generation, qsizetype budget);
    bool processFrames(quint64 generation);
    void handleFrame(const QCborMap &body);
    void handleHello(const QCborMap &body);
    void send(const QCborMap &body);
    void flush();
    void onEndOfStream(quint64 generation);
    void onProcessFinished(quint64 generation);
    void onFailedToStart(quint64 generation);

    // Scheduling.
    void sendNext();
    void finishCurrent(const Protocol::ExecutionResult &result);
    void startInterrupt();
    void onGraceExpired();
    void onTimeLimit();
    void onHeartbeat();

    // Failure paths: detach the runs, change state, then tell everyone.
    void engineLost(const QString &detail, bool duringStart);
    void violation(const QString &reason);
    void killEngine();
    Detached detachRuns();
    void finishRuns(const Detached &runs,
                    RunStatus runningStatus,
                    const QString &runningDetail,
                    const QString &queuedDetail,
                    int exitSignal = 0);
    int exitSignalOfEngine() const;
    QString exitDescription() const;

    SessionOptions m_options;
    SessionState m_state = SessionState::NotStarted;
    Protocol::Hello m_info;
    std::unique_ptr<Engine> m_engine;
    quint64 m_generation = 0;

    QList<Run> m_queue;
    Run m_current;
    quint64 m_nextId = 1;
    quint64 m_lastFinishedId = 0;
    bool m_timedOut = false;
    QList<quint64> m_pendingPings;

    QTimer m_handshakeTimer;
    QTimer m_heartbeatTimer;
    QTimer m_graceTimer;
    QTimer m_timeLimitTimer;
    QTimer m_reapTimer;
    QElapsedTimer m_sinceLastPong;
    QList<QPointer<QProcess>> m_dying;
    // Samples the engine's process tree while it runs; peaks go into each RunOutcome.
    ProcessMonitor m_monitor;
};

} // namespace Sandpiper::Client
