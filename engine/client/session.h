#pragma once

#include "abstractsession.h"
#include "codeinteldispatcher.h"
#include "datarequest.h"
#include "engineconnection.h"
#include "enginestandby.h"
#include "frame.h"
#include "processmonitor.h"
#include "runlimits.h"
#include "runslots.h"
#include "workspace.h"

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
    // Passed after the ones the session makes ("--fd N", the workspace and the limits).
    QStringList arguments;
    // Empty: the engine inherits this process's environment.
    QProcessEnvironment environment;
    // Empty: the session's workspace.
    QString workingDirectory;

    // The engine enters its OS sandbox unless this is false (then the limits enforced by the
    // sandbox do not apply either; time, output and the memory watchdog still do).
    bool sandbox = true;
    SessionLimits limits = SessionLimits::defaults();
    // Where the session's workspace folder is created; empty: Workspace::defaultRoot().
    QString workspaceRoot;
    // Keep the workspace folder when the session closes (otherwise it is deleted).
    bool keepWorkspace = false;
    // Folders the code may read besides what Python needs (e.g. a data folder).
    QStringList readOnlyPaths;
    // Free space kept on the workspace's disk: a session that writes into it is stopped and
    // restarted. 0: the smaller of 1 GiB and 5 % of the disk.
    quint64 diskReserveBytes = 0;

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
    // How often the process tree is sampled (resource view, CPU limit, memory watchdog).
    int monitorIntervalMs = 500;
    // With a standby kept (setKeepStandby), idle this long before one is made.
    int standbyDelayMs = 2000;
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
// Limits. Over a limit the running execution ends with the status that names it: Timeout for
// wall or CPU time (interrupt first, kill and restart if the code does not stop), OutputLimit
// when the output cap is reached (the code is interrupted the same way), Memory when the
// session's memory (see ResourceSample) goes over the limit (killed and restarted at once) or the
// kernel killed the engine near it. A MemoryError that Python survives is an ordinary Error.
// Every restart is a new engine with the current options, so the limits apply again.
//
// Workspace. Created (0700) before the first engine starts and kept across restarts; it is
// the engine's working directory and its only writable folder. shutdown() deletes it unless
// keepWorkspace; files go in and out only through workspace()->importFile()/exportFile().
//
// Everything the engine sends is untrusted: any malformed or unexpected frame kills it.
//
// Parts: EngineConnection is the engine process and its frames, RunLimits decides when a run is
// over a limit and what follows. Session keeps the state machine, the runs and the requests.
class Session : public AbstractSession
{
    Q_OBJECT

public:
    explicit Session(const SessionOptions &options = {}, QObject *parent = nullptr);
    ~Session() override;

    SessionState state() const override { return m_state; }
    Protocol::Hello engineInfo() const override { return m_info; }

    void start() override;
    Execution *execute(const QString &code,
                       const QString &cellName = {},
                       RunPriority priority = RunPriority::Interactive) override;
    void interrupt() override;
    void restart() override;
    void shutdown() override;
    SessionLimits limits() const override { return m_options.limits; }
    void setLimits(const SessionLimits &limits) override;
    QString workspacePath() const override;

    CodeIntelRequest *complete(const QString &code,
                               int line,
                               int column,
                               const QString &path = {},
                               Protocol::CodeSource source = Protocol::CodeSource::Live) override;
    CodeIntelRequest *signature(const QString &code,
                                int line,
                                int column,
                                const QString &path = {},
                                Protocol::CodeSource source = Protocol::CodeSource::Live) override;
    CodeIntelRequest *inspect(const QString &code,
                              int line,
                              int column,
                              const QString &path = {},
                              Protocol::CodeSource source = Protocol::CodeSource::Live) override;
    CodeIntelRequest *format(const QString &code,
                             const QString &path = {},
                             const QList<std::pair<int, int>> &lineRanges = {},
                             int lineLength = 88) override;
    CodeIntelRequest *lint(const QString &code, const QString &path = {}) override;
    CodeIntelRequest *scan(const QString &code) override;
    PageFetch *fetchPage(const Protocol::PageRequest &request) override;
    RowCountFetch *countRows(const Protocol::RowCountRequest &request) override;
    ClusterFetch *clusterInfo(bool close = false) override;
    SummaryFetch *summarize(const Protocol::SummaryRequest &request) override;
    MembersFetch *expand(const Protocol::ExpandRequest &request) override;
    SniffFetch *sniff(const Protocol::SniffRequest &request) override;
    FindFetch *find(const Protocol::FindRequest &request) override;
    void releaseHold(quint64 hold) override;

    const SessionOptions &options() const { return m_options; }
    void setKeepWorkspace(bool keep) override { m_options.keepWorkspace = keep; }
    void endLeftoverProcesses() override;
    QList<QueuedRun> queuedRuns() const override;
    bool cancelQueued(quint64 id) override;
    bool moveQueued(quint64 id, int steps) override;
    QString queueNote() const override { return m_queueNote; }
    void setRunSlots(RunSlots *slots) override;
    // Keeps a standby engine (numpy, pandas and matplotlib imported, idle) that a restart takes
    // at once; a new one is made while the session is idle. The window keeps one, for the session
    // shown.
    void setKeepStandby(bool keep) override;
    bool hasStandby() const { return m_standby.isReady(); }
    qint64 standbyPid() const { return m_standby.pid(); }
    static QStringList standbyPreload();
    // The current workspace, nullptr before the first start or after shutdown().
    Workspace *workspace() const { return m_workspace.get(); }
    // The engine's command line after the program, for these options and workspace.
    static QStringList engineArguments(const SessionOptions &options, const QString &workspace);
    // Process id of the current engine, 0 when there is none.
    qint64 enginePid() const;
    // The engine that start() would run with these options.
    static QString resolveEnginePath(const SessionOptions &options);

private:
    struct Run
    {
        Execution *execution = nullptr;
        QString cellName;
        RunPriority priority = RunPriority::Interactive;
    };
    // Runs taken out of the session before it tells anyone, so that slots connected to
    // finished() may queue new work without it being cancelled too.
    struct Detached
    {
        Run running;
        QList<Run> queued;
        qint64 peakMemoryBytes = -1; // of the running one, taken before the monitor stops
        double wallSeconds = 0;
        double cpuSeconds = 0;
    };

    void spawn(SessionState startingState);
    // Listens to an engine's frames and end for as long as it is this generation's.
    void connectEngine(EngineConnection *engine, quint64 generation);
    // Takes the standby as the new engine; false when there is none for these options.
    bool adoptStandby();
    void prepareStandby();
    void scheduleStandby();
    QStringList standbyArguments() const;
    void setState(SessionState state);
    bool isCurrent(quint64 generation) const;

    // What the engine says (EngineConnection decodes it).
    void handleFrame(const QCborMap &body);
    void handleHello(const QCborMap &body);
    void send(const QCborMap &body);

    // Code intelligence: requests wait for the hello and end when the engine does.
    CodeIntelRequest *query(QLatin1StringView type,
                            CodeIntelKind kind,
                            const QString &code,
                            int line,
                            int column,
                            const QString &path,
                            Protocol::CodeSource source);
    CodeIntelRequest *submitCodeIntel(CodeIntelKind kind,
                                      quint64 id,
                                      const QCborMap &body,
                                      const QString &path,
                                      const QString &code,
                                      int line = 0,
                                      int column = 0);

    // Data requests go to the engine's side thread; without an engine they fail at once.
    // A data request as sent: the next id, the variable's name and member path within bounds.
    template<typename Request>
    Request addressed(Request request);
    template<typename Fetch>
    Fetch *submitData(Fetch *fetch);

    // Scheduling.
    void sendNext();
    // Whether the rate limit lets a run start now; if not, the note says when it will.
    bool rateLimitAllowsRun();
    // Whether the machine-wide cap lets a run start now; if not, the note says so.
    bool runSlotAllowsRun();
    // Gives the run slot back once nothing runs or waits to run.
    void releaseIdleRunSlot();
    void setQueueNote(const QString &note);
    void finishCurrent(const Protocol::ExecutionResult &result);
    void startInterrupt();
    void onGraceExpired();
    void onTimeLimit();
    void onHeartbeat();
    void onSample(const ResourceSample &sample);
    void stopAndRestart(RunStatus status, const QString &detail, const QString &message);
    // Ends every process of the session except the engine (and the sandbox's init).
    void endStrayProcesses();
    // Ends what earlier runs left running, when the current run is not the one at a limit;
    // false when there was nothing to end.
    bool endLeftoversOfEarlierRuns();
    void reportLeftovers(const ResourceSample &sample);
    // Whether the ledger knows the cluster's processes since the last run; asks once if not.
    bool knowServiceProcesses();
    static constexpr qint64 ServiceProcessesWaitMs = 5000;
    void applyTransferLimit();
    bool ensureWorkspace(QString *error);
    void releaseWorkspace();

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

    SessionOptions m_options;
    // Reads m_options.limits, so comes after it.
    RunLimits m_runLimits;
    SessionState m_state = SessionState::NotStarted;
    Protocol::Hello m_info;
    // The current engine, a new one for every start; m_generation counts them, so that queued
    // work meant for an earlier one is dropped.
    std::unique_ptr<EngineConnection> m_engine;
    quint64 m_generation = 0;
    bool m_helloReceived = false;    // from the current engine
    bool m_engineEndsStrays = false; // see endStrayProcesses()

    QList<Run> m_queue;
    Run m_current;
    QList<qint64> m_runStarts; // ms on m_rateClock, the last minute's (rate limit)
    QElapsedTimer m_rateClock;
    QTimer m_rateTimer;
    QString m_queueNote;
    QPointer<RunSlots> m_runSlots;
    quint64 m_nextId = 1;
    quint64 m_lastFinishedId = 0;
    QElapsedTimer m_runClock;
    bool m_resampleBeforeRun = false;
    std::unique_ptr<Workspace> m_workspace;
    QList<quint64> m_pendingPings;

    EngineStandby m_standby;
    bool m_keepStandby = false;
    QTimer m_standbyTimer;

    CodeIntelDispatcher m_codeIntel;
    DataDispatcher m_data;
    QTimer m_handshakeTimer;
    QTimer m_heartbeatTimer;
    QTimer m_graceTimer;
    QTimer m_timeLimitTimer;
    QElapsedTimer m_sinceLastPong;
    QList<QPointer<QProcess>> m_dying;
    // Samples the engine's process tree while it runs; peaks go into each RunOutcome.
    ProcessMonitor m_monitor;
    // Which run started which process, so a limit is never blamed on the wrong one.
    RunLedger m_runLedger;
    int m_reportedLeftovers = 0;
    QString m_reportedOrigins;
    // After a run, processes it left may be a Dask cluster's, which are the session's on purpose:
    // the engine is asked which (a cluster request) before any is called left over.
    bool m_serviceProcessesKnown = false;
    QPointer<ClusterFetch> m_serviceProcessesFetch;
    QElapsedTimer m_serviceProcessesAsked;
};

} // namespace Sandpiper::Client
