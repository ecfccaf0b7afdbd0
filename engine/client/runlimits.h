#pragma once

#include "abstractsession.h"
#include "diskbudget.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QString>

#include <optional>

#include <sys/types.h>

namespace Sandpiper::Client {

// Polices a session's limits: from the process monitor's samples and the run's events it decides
// which limit stops the running code and whether the session must interrupt it or restart, and
// words the outcome. The session does what is decided, so its state machine stays in one place.
class RunLimits
{
    Q_DECLARE_TR_FUNCTIONS(Sandpiper::Client::RunLimits)

public:
    // The limit that stopped (or is stopping) the current run.
    enum class Hit { None, WallTime, CpuTime, Output, Processes, Disk };
    // A stop that needs a new engine: how the run ends and what the user is told.
    struct Restart
    {
        RunStatus status = RunStatus::Killed;
        QString detail;
        QString message;
    };
    enum class DiskAction {
        None,
        Interrupt, // the run is over its disk limit: stop it and what it started
        Restart,   // the disk is nearly full: see diskFullRestart()
    };

    // limits are the session's own, read when needed: setLimits() may change them in a run.
    RunLimits(const SessionLimits &limits, quint64 diskReserveBytes);

    void engineStarting();
    void engineReady();
    void runStarted();
    void runFinished();

    Hit hit() const { return m_hit; }
    // Records hit as what stops the current run, unless another limit already does; true if
    // it now does.
    bool record(Hit hit);
    // The run's status and detail for the limit hit.
    RunStatus status() const;
    QString detail() const;
    double runCpuSeconds() const { return m_runCpuSeconds; }

    // Python reports a fork or thread start refused by the process limit as a plain error; the
    // hint names the likely cause, which the monitor may not have seen when the run was short.
    // Empty when the error does not look like one.
    QString processLimitHint(const Protocol::ExecutionError &error) const;
    // A run that ended on such an error while the engine's tree is near the process limit.
    bool endedAtProcessLimit(const Protocol::ExecutionError &error, pid_t enginePid) const;

    // What one sample means, in the order the session asks.
    std::optional<Restart> checkMemory(const ResourceSample &sample);
    // The tree has been at the process limit for two samples, not counting processes that are
    // still going after the session ended them.
    bool checkProcesses(const ResourceSample &sample);
    // Adds the run's CPU time; true when that takes it over the limit first.
    bool addCpuTime(double seconds);
    DiskAction checkDisk(const ResourceSample &sample, const QString &workspacePath);
    static Restart diskFullRestart();
    // The session ended processes of the engine's tree; the next samples still count them.
    void straysEnded() { m_sinceStraysEnded.start(); }

    // An engine that died of a limit at work: the kernel's SIGXCPU (RLIMIT_CPU), or a SIGKILL
    // while the tree was close to its memory limit (the kernel's out-of-memory killer). The
    // status and detail of the run, with how it died; nothing for any other death.
    std::optional<std::pair<RunStatus, QString>> deathByLimit(int exitSignal,
                                                              const QString &how) const;

private:
    const SessionLimits &m_limits;
    quint64 m_diskReserveBytes;
    Hit m_hit = Hit::None;
    double m_runCpuSeconds = 0; // of the tree, during the current run
    // What the engine's processes write: the current run against the user's limit, and at any
    // time (threads and children may go on writing after a run) against the reserve.
    DiskBudget m_diskBudget;
    qint64 m_lastMemoryBytes = 0; // the latest sample's
    int m_samplesAtProcessLimit = 0;
    QElapsedTimer m_sinceStraysEnded;
    static constexpr qint64 StrayTeardownMs = 1000;
};

} // namespace Sandpiper::Client
