#include "runlimits.h"

#include <QLocale>

#include <csignal>

namespace Sandpiper::Client {

RunLimits::RunLimits(const SessionLimits &limits, quint64 diskReserveBytes)
    : m_limits(limits)
    , m_diskReserveBytes(diskReserveBytes)
    , m_diskBudget(diskReserveBytes)
{}

void RunLimits::engineStarting()
{
    m_hit = Hit::None;
    m_lastMemoryBytes = 0;
    m_samplesAtProcessLimit = 0;
}

void RunLimits::engineReady()
{
    m_diskBudget = DiskBudget(m_diskReserveBytes);
}

void RunLimits::runStarted()
{
    m_hit = Hit::None;
    m_runCpuSeconds = 0;
    m_diskBudget.startRun(m_limits.diskBytes);
}

void RunLimits::runFinished()
{
    m_hit = Hit::None;
    m_diskBudget.endRun();
}

bool RunLimits::record(Hit hit)
{
    if (m_hit != Hit::None)
        return false;
    m_hit = hit;
    return true;
}

RunStatus RunLimits::status() const
{
    switch (m_hit) {
    case Hit::WallTime:
    case Hit::CpuTime:
        return RunStatus::Timeout;
    case Hit::Output:
        return RunStatus::OutputLimit;
    case Hit::Processes:
        return RunStatus::Killed;
    case Hit::Disk:
        return RunStatus::DiskLimit;
    case Hit::None:
        break;
    }
    return RunStatus::Killed;
}

QString RunLimits::detail() const
{
    switch (m_hit) {
    case Hit::WallTime:
        return tr("stopped after the time limit of %1 s").arg(m_limits.wallTimeMs / 1000.0);
    case Hit::CpuTime:
        return tr("stopped after the CPU time limit of %1 s").arg(m_limits.cpuTimeMs / 1000.0);
    case Hit::Output:
        return tr("stopped when the output limit of %1 was reached; later output was dropped")
                .arg(QLocale().formattedDataSize(
                        qint64(m_limits.outputBytes ? m_limits.outputBytes : 10ull << 20)));
    case Hit::Processes:
        return tr("stopped at the process limit of %1; the processes it started were ended")
                .arg(m_limits.processes);
    case Hit::Disk:
        return tr("stopped after writing more than its disk limit of %1; what it wrote is still "
                  "in the workspace")
                .arg(QLocale().formattedDataSize(qint64(m_limits.diskBytes)));
    case Hit::None:
        break;
    }
    return {};
}

QString RunLimits::processLimitHint(const Protocol::ExecutionError &error) const
{
    const quint64 limit = m_limits.processes;
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

bool RunLimits::endedAtProcessLimit(const Protocol::ExecutionError &error, pid_t enginePid) const
{
    const quint64 processLimit = m_limits.processes;
    if (processLimit == 0 || processLimitHint(error).isEmpty())
        return false;
    int threads = 0;
    for (const ProcessInfo &process : ProcessTreeReader::processes(enginePid))
        threads += process.threads;
    return double(threads) >= 0.9 * double(processLimit);
}

std::optional<RunLimits::Restart> RunLimits::checkMemory(const ResourceSample &sample)
{
    m_lastMemoryBytes = sample.memoryBytes;
    const quint64 memoryLimit = m_limits.memoryBytes;
    // Without a memory cgroup each process has RLIMIT_DATA, but several processes together, and
    // shared memory and temporary files, which it does not see, can go over: this is the
    // backstop for the whole session. With forked copies the figure is a proportional one (see
    // ResourceSample), so shared pages are not taken for an excess.
    if (memoryLimit == 0 || quint64(sample.memoryBytes) <= memoryLimit)
        return std::nullopt;
    const QLocale locale;
    Restart restart;
    restart.status = RunStatus::Memory;
    restart.detail = tr("the session used %1 of memory, more than its limit of %2; it was stopped "
                        "and restarted, and its variables were lost")
                             .arg(locale.formattedDataSize(sample.memoryBytes),
                                  locale.formattedDataSize(qint64(memoryLimit)));
    restart.message = tr("The Python session went over its memory limit of %1 and was restarted. "
                         "All variables were lost.")
                              .arg(locale.formattedDataSize(qint64(memoryLimit)));
    return restart;
}

bool RunLimits::checkProcesses(const ResourceSample &sample)
{
    // At the process limit (pid_max counts threads too) with processes besides the sandbox's
    // three for two samples running: a fork bomb or a pile of children.
    // Processes just ended still count for a moment: they are not the next run's doing.
    const quint64 processLimit = m_limits.processes;
    const bool atProcessLimit = processLimit > 0
                                && double(sample.threads) >= 0.9 * double(processLimit)
                                && sample.processes > 3;
    const bool tearingDown
            = m_sinceStraysEnded.isValid() && m_sinceStraysEnded.elapsed() < StrayTeardownMs;
    if (atProcessLimit && !tearingDown) {
        if (++m_samplesAtProcessLimit >= 2) {
            m_samplesAtProcessLimit = 0;
            return true;
        }
    } else if (!atProcessLimit) {
        m_samplesAtProcessLimit = 0;
    }
    return false;
}

bool RunLimits::addCpuTime(double seconds)
{
    m_runCpuSeconds += seconds;
    const qint64 cpuLimit = m_limits.cpuTimeMs;
    return cpuLimit > 0 && m_runCpuSeconds * 1000.0 > double(cpuLimit) && record(Hit::CpuTime);
}

RunLimits::DiskAction RunLimits::checkDisk(const ResourceSample &sample,
                                           const QString &workspacePath)
{
    switch (m_diskBudget.add(sample.diskWrittenBytes, DiskBudget::spaceOf(workspacePath))) {
    case DiskBudget::Verdict::Within:
        break;
    case DiskBudget::Verdict::OverLimit:
        // The user's limit: the run is interrupted like for a time limit; children may be the
        // writers, so they stop with it.
        if (record(Hit::Disk))
            return DiskAction::Interrupt;
        break;
    case DiskBudget::Verdict::DiskFull:
        // The host's disk is at stake: no grace period, and whatever writes (a run, or threads
        // and children left by an earlier one) is stopped at once.
        return DiskAction::Restart;
    }
    return DiskAction::None;
}

RunLimits::Restart RunLimits::diskFullRestart()
{
    Restart restart;
    restart.status = RunStatus::DiskLimit;
    restart.detail = tr("stopped because the disk that holds the workspace is nearly full; the "
                        "session was restarted and its variables were lost; what it wrote is "
                        "still in the workspace");
    restart.message = tr("The disk that holds the workspace is nearly full, so the Python "
                         "session was stopped and restarted. All variables were lost; the files "
                         "it wrote are still in the workspace.");
    return restart;
}

std::optional<std::pair<RunStatus, QString>> RunLimits::deathByLimit(int exitSignal,
                                                                     const QString &how) const
{
    const quint64 memoryLimit = m_limits.memoryBytes;
    if (exitSignal == SIGXCPU)
        return std::pair(RunStatus::Timeout,
                         tr("the session's CPU time limit was reached (%1)").arg(how));
    if (exitSignal == SIGKILL && memoryLimit > 0
        && double(m_lastMemoryBytes) >= 0.8 * double(memoryLimit)) {
        return std::pair(RunStatus::Memory,
                         tr("the engine was killed at %1 of memory, near its limit of %2 (%3)")
                                 .arg(QLocale().formattedDataSize(m_lastMemoryBytes),
                                      QLocale().formattedDataSize(qint64(memoryLimit)),
                                      how));
    }
    return std::nullopt;
}

} // namespace Sandpiper::Client
