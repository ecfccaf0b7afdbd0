#pragma once

// What the UI (console, variables, plots, batch mode) sees of a Python session. Implemented by
// Session (a real engine process); widgets can be tested against an in-process fake.

#include "codeintelrequest.h"
#include "datarequest.h"
#include "messages.h"
#include "processmonitor.h"
#include "runslots.h"

#include <QObject>
#include <QPointer>

namespace Sandpiper::Client {

enum class SessionState { NotStarted, Starting, Idle, Busy, Interrupting, Restarting, Dead };
QString toString(SessionState state);

// How an execution ended, as the user should be told. The engine itself reports only
// Ok / Error / Interrupted; the others are decided on this side.
enum class RunStatus {
    Ok,
    Error,
    Interrupted, // KeyboardInterrupt reached the code; the session kept its state
    Killed,      // interrupt did not work in the grace period: killed, session restarted
    Crashed,     // the engine died (exit, signal, protocol violation)
    Timeout,     // wall or CPU time limit
    Memory,      // memory limit
    OutputLimit, // output cap reached (the run itself may have gone on)
    DiskLimit,   // wrote more than the disk limit, or the workspace's disk is nearly full
    Cancelled,   // never started: the session died or restarted first
};
QString toString(RunStatus status);

// What a session may use; 0 means no limit. Memory, processes, open files and file size are
// enforced by the engine's sandbox (and memory also by the client's watchdog); they change with
// the next engine process (a restart). Time, output and disk limits apply from the next
// execution.
struct SessionLimits
{
    qint64 wallTimeMs = 0;     // per execution
    qint64 cpuTimeMs = 0;      // per execution, the whole process tree
    quint64 memoryBytes = 0;   // the whole session
    quint64 outputBytes = 0;   // stdout + stderr per execution; 0: the engine's default (10 MiB)
    quint64 processes = 0;     // processes and threads
    quint64 openFiles = 0;     // per process
    quint64 fileSizeBytes = 0; // the largest file the code may write
    quint64 transferBytes = 0; // the largest file copied into or out of the workspace
    quint64 diskBytes = 0;     // what one execution may add to the workspace's disk
    int runsPerMinute = 0;     // runs started in any minute (scripted use); more wait their turn

    // memory min(4 GiB, half of RAM), 256 processes, 1024 open files, 1 GiB files, 10 MiB of
    // output, 100 MiB copies in and out, 10 GiB written per run, no time limits (interactive
    // use).
    static SessionLimits defaults();
    // transferBytes as Workspace::setTransferLimit() takes it: no limit is the largest qint64.
    qint64 transferLimit() const;
    static quint64 defaultMemoryBytes();

    friend bool operator==(const SessionLimits &, const SessionLimits &) = default;
};

struct RunOutcome
{
    RunStatus status = RunStatus::Ok;
    Protocol::ExecutionError error; // for Error / Interrupted
    QString detail; // what happened, for the user (e.g. "engine killed by signal 11")
    double wallSeconds = 0;
    double cpuSeconds = 0;
    quint64 outputBytes = 0;
    bool outputTruncated = false;
    qint64 peakMemoryBytes = -1; // peak of the session's memory (see ResourceSample); -1 unknown
    int exitSignal = 0;          // the signal that ended the engine, when it died during the run
};

// One execute request. Signals arrive in the order the engine produced them; finished() is
// emitted exactly once, whatever happens to the engine.
class Execution : public QObject
{
    Q_OBJECT

public:
    Execution(quint64 id, const QString &code, QObject *parent = nullptr)
        : QObject(parent)
        , m_id(id)
        , m_code(code)
    {}

    quint64 id() const { return m_id; }
    QString code() const { return m_code; }
    bool isFinished() const { return m_finished; }
    RunOutcome outcome() const { return m_outcome; }

    // For implementations of AbstractSession.
    void deliverOutput(Protocol::StreamName stream, const QByteArray &data, bool truncated)
    {
        if (!m_finished)
            Q_EMIT output(stream, data, truncated);
    }
    void deliverDisplay(const Protocol::DisplayData &data)
    {
        if (!m_finished)
            Q_EMIT display(data);
    }
    void finish(const RunOutcome &outcome)
    {
        if (m_finished)
            return;
        m_finished = true;
        m_outcome = outcome;
        Q_EMIT finished(outcome);
    }

Q_SIGNALS:
    void output(Sandpiper::Protocol::StreamName stream, const QByteArray &data, bool truncated);
    void display(const Sandpiper::Protocol::DisplayData &data);
    void finished(const Sandpiper::Client::RunOutcome &outcome);

private:
    quint64 m_id;
    QString m_code;
    bool m_finished = false;
    RunOutcome m_outcome;
};

// A run waiting in a session's queue.
struct QueuedRun
{
    quint64 id = 0;
    QString code;
    QString cellName;
};

class AbstractSession : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual SessionState state() const = 0;
    // Versions and sandbox report from the engine's hello; empty before the first handshake.
    virtual Protocol::Hello engineInfo() const = 0;

    virtual void start() = 0;
    // Queues code; executions run one after another. The returned object is owned by the
    // session and deleted later (deleteLater after finished), so connect before returning to
    // the event loop.
    virtual Execution *execute(const QString &code,
                               const QString &cellName = {},
                               RunPriority priority = RunPriority::Interactive)
            = 0;
    // SIGINT; if the code has not stopped after the grace period, kill and restart.
    virtual void interrupt() = 0;
    // A new process; the namespace is lost. Pending executions finish as Cancelled.
    virtual void restart() = 0;
    // Ask nicely, then terminate, then kill. Synchronous up to the grace period.
    virtual void shutdown() = 0;

    // The limits the next engine (and, for time and output, the next execution) gets.
    virtual SessionLimits limits() const { return {}; }
    virtual void setLimits(const SessionLimits &limits) { Q_UNUSED(limits); }
    // The session's private folder (the engine's working directory); empty when there is none.
    virtual QString workspacePath() const { return {}; }
    // Keep that folder when the session closes (otherwise it is deleted).
    virtual void setKeepWorkspace(bool keep) { Q_UNUSED(keep); }
    // Ends the processes that earlier runs left running (see leftoverProcesses()).
    virtual void endLeftoverProcesses() {}

    // The runs waiting behind the one running, in the order they will run.
    virtual QList<QueuedRun> queuedRuns() const { return {}; }
    // Takes a waiting run out of the queue: it finishes as Cancelled. false when it is not
    // waiting (any more).
    virtual bool cancelQueued(quint64 id)
    {
        Q_UNUSED(id);
        return false;
    }
    // Moves a waiting run by steps places (negative: sooner), within the queue.
    virtual bool moveQueued(quint64 id, int steps)
    {
        Q_UNUSED(id);
        Q_UNUSED(steps);
        return false;
    }
    // Why the next run has not started although the engine is free (e.g. the rate limit);
    // empty when it has no such reason.
    virtual QString queueNote() const { return {}; }
    // The machine-wide cap on sessions running code at once (not owned; nullptr: no cap).
    virtual void setRunSlots(RunSlots *slots) { Q_UNUSED(slots); }
    // Whether to keep an engine started ahead that a restart takes at once (see Session).
    virtual void setKeepStandby(bool keep) { Q_UNUSED(keep); }

    // Code intelligence for the editor (see codeintelrequest.h). Positions: line 1-based, column
    // 0-based in QChar units of that line. path is the file the text belongs to (may be empty).
    // A live source completes from the session's namespace, even while code runs; a static one
    // from the text alone. A newer request of the same kind for the same path cancels the
    // older one. The returned request is owned by the session. By default: "not supported".
    virtual CodeIntelRequest *complete(const QString &code,
                                       int line,
                                       int column,
                                       const QString &path = {},
                                       Protocol::CodeSource source = Protocol::CodeSource::Live);
    virtual CodeIntelRequest *signature(const QString &code,
                                        int line,
                                        int column,
                                        const QString &path = {},
                                        Protocol::CodeSource source = Protocol::CodeSource::Live);
    virtual CodeIntelRequest *inspect(const QString &code,
                                      int line,
                                      int column,
                                      const QString &path = {},
                                      Protocol::CodeSource source = Protocol::CodeSource::Live);
    // black; lineRanges are 1-based inclusive (empty: the whole text).
    virtual CodeIntelRequest *format(const QString &code,
                                     const QString &path = {},
                                     const QList<std::pair<int, int>> &lineRanges = {},
                                     int lineLength = 88);
    // flake8, with the configuration found next to path (setup.cfg, tox.ini, .flake8).
    virtual CodeIntelRequest *lint(const QString &code, const QString &path = {});
    // The security scan's findings for code (diagnostics: rule, line, reason).
    virtual CodeIntelRequest *scan(const QString &code);

    // A window of a table-like variable, in a view when the request has sort keys or a filter
    // (see Protocol::PageRequest), read while code runs too. The session sets the id and clamps
    // the request to the protocol's bounds (pageRequest()). Never starts an engine. The returned
    // request is owned by the session. By default: a page saying "not supported".
    virtual PageFetch *fetchPage(const Protocol::PageRequest &request);
    // The summary of one column of a table-like variable (see Protocol::SummaryRequest). Like
    // fetchPage(); by default "not supported".
    virtual SummaryFetch *summarize(const Protocol::SummaryRequest &request);
    // The next cell matching a text in a view of a table (see Protocol::FindRequest). Like
    // fetchPage(); by default "not supported".
    virtual FindFetch *find(const Protocol::FindRequest &request);
    // Members of a variable, or of a member of it (see Protocol::ExpandRequest). Like
    // fetchPage(); by default "not supported".
    virtual MembersFetch *expand(const Protocol::ExpandRequest &request);
    // How a dataset file would be read, with a preview (see Protocol::SniffRequest). Like
    // fetchPage(); by default "not supported".
    virtual SniffFetch *sniff(const Protocol::SniffRequest &request);
    // How far the count of a Dask DataFrame's rows is (see Protocol::RowCountRequest). Like
    // fetchPage(); by default "not supported".
    virtual RowCountFetch *countRows(const Protocol::RowCountRequest &request);
    // What the session's Dask cluster does (see Protocol::ClusterRequest), after closing it
    // with close. Like fetchPage(); by default "not supported".
    virtual ClusterFetch *clusterInfo(bool close = false);
    // Lets go of the object a viewer held (see Protocol::PageRequest::hold). By default nothing.
    virtual void releaseHold(quint64 hold);

    // The request as it is sent: with this id, counts within 1..the page's bounds, no more sort
    // keys and conditions than allowed.
    static Protocol::PageRequest pageRequest(quint64 id, Protocol::PageRequest request);

Q_SIGNALS:
    void stateChanged(Sandpiper::Client::SessionState state);
    // queuedRuns() or queueNote() changed.
    void queueChanged();
    // Every execution, as execute() queues it (history and audit follow runs through this).
    void executionQueued(Sandpiper::Client::Execution *execution, const QString &cellName);
    void ready(const Sandpiper::Protocol::Hello &info);
    // Something the user must know about the session itself (crash, kill, restart, violation).
    void notice(const QString &message);
    void variablesChanged(const Sandpiper::Protocol::VariablesDiff &diff);
    // Output written while no execution was running (e.g. by a background thread); the engine
    // sends it with id 0.
    void backgroundOutput(Sandpiper::Protocol::StreamName stream, const QByteArray &data);
    // Periodic readings of the engine's whole process tree (twice a second while running).
    void resourcesSampled(const Sandpiper::Client::ResourceSample &sample);
    // Processes that finished runs left running (count 0: none any more), and which runs
    // started them ("<cell 3>, run 7").
    void leftoverProcesses(int count, const QString &origins);
};

} // namespace Sandpiper::Client
