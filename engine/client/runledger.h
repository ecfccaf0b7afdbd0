#pragma once

#include <QList>
#include <QSet>
#include <QString>

#include <sys/types.h>

namespace Sandpiper::Client {

// One process of a session's tree, as /proc shows it.
struct ProcessInfo
{
    pid_t pid = 0;
    pid_t parent = 0;
    quint64 startTicks = 0; // clock ticks since boot (field 22 of /proc/PID/stat)
    int threads = 0;
    bool zombie = false;
};

// Which run started which process. Every run's start is noted (in the same clock as a process's
// start time); a process belongs to the latest run that started before it, or to the run of its
// parent when that is older. Processes that started before the engine was ready are the
// sandbox's own (supervisor, init, engine). A process that left its parent (setsid and a double
// fork make it init's child) is known by its start time alone.
class RunLedger
{
public:
    static constexpr qsizetype MaxRuns = 256; // older runs are forgotten, not their processes

    void clear();
    void noteEngineReady(quint64 ticks);
    void noteRunStarted(quint64 ticks, const QString &label);
    // The run whose start came last at or before ticks; empty before any run.
    QString runAt(quint64 ticks) const;

    // Living processes (not zombies) of earlier runs, while the run started last is going.
    QList<ProcessInfo> leftoversOfEarlierRuns(const QList<ProcessInfo> &tree) const;
    // Living processes of any run, besides the sandbox's own (when no run is going).
    QList<ProcessInfo> processesOfRuns(const QList<ProcessInfo> &tree) const;
    // Processes the session runs on purpose (its Dask cluster's, Python's helpers), by start time:
    // they are never counted as left over by a run. Replaces the ones set before; clear() forgets
    // them.
    void setServiceProcesses(const QList<quint64> &startTicks);
    // "cell 3", or "cell 3 and cell 5": the runs that started these processes.
    QString originsOf(const QList<ProcessInfo> &processes) const;

private:
    struct Entry
    {
        quint64 ticks = 0;
        QString label;
    };
    QList<Entry> m_runs;
    QSet<quint64> m_serviceProcesses;
    quint64 m_engineReady = 0;
    bool m_engineReadyKnown = false;
};

} // namespace Sandpiper::Client
