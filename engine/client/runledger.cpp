#include "runledger.h"

#include <QHash>
#include <QSet>

namespace Sandpiper::Client {

void RunLedger::clear()
{
    m_runs.clear();
    m_serviceProcesses.clear();
    m_engineReady = 0;
    m_engineReadyKnown = false;
}

void RunLedger::noteEngineReady(quint64 ticks)
{
    m_engineReady = ticks;
    m_engineReadyKnown = true;
}

void RunLedger::noteRunStarted(quint64 ticks, const QString &label)
{
    m_runs.append({ticks, label});
    if (m_runs.size() > MaxRuns)
        m_runs.remove(0, m_runs.size() - MaxRuns);
}

void RunLedger::setServiceProcesses(const QList<quint64> &startTicks)
{
    m_serviceProcesses = QSet<quint64>(startTicks.cbegin(), startTicks.cend());
}

QString RunLedger::runAt(quint64 ticks) const
{
    for (auto it = m_runs.crbegin(); it != m_runs.crend(); ++it) {
        if (it->ticks <= ticks)
            return it->label;
    }
    return {};
}

QList<ProcessInfo> RunLedger::processesOfRuns(const QList<ProcessInfo> &tree) const
{
    QList<ProcessInfo> result;
    if (!m_engineReadyKnown)
        return result;
    for (const ProcessInfo &process : tree) {
        // A tick is 10 ms: the engine's own processes may share the tick it said hello in.
        if (!process.zombie && process.startTicks > m_engineReady
            && !m_serviceProcesses.contains(process.startTicks))
            result.append(process);
    }
    return result;
}

QList<ProcessInfo> RunLedger::leftoversOfEarlierRuns(const QList<ProcessInfo> &tree) const
{
    QList<ProcessInfo> result;
    if (m_runs.isEmpty())
        return result;
    const quint64 currentStart = m_runs.constLast().ticks;
    QHash<pid_t, const ProcessInfo *> byPid;
    for (const ProcessInfo &process : tree)
        byPid.insert(process.pid, &process);
    // Older than the current run, or the offspring of such a process.
    QHash<pid_t, bool> earlier;
    const auto isEarlier = [&](const ProcessInfo &process, auto &&self) -> bool {
        if (const auto known = earlier.constFind(process.pid); known != earlier.constEnd())
            return known.value();
        earlier.insert(process.pid, false); // breaks a cycle a racing read could show
        bool older = process.startTicks < currentStart;
        if (!older) {
            const ProcessInfo *parent = byPid.value(process.parent);
            older = parent && parent->startTicks > m_engineReady && self(*parent, self);
        }
        earlier.insert(process.pid, older);
        return older;
    };
    for (const ProcessInfo &process : processesOfRuns(tree)) {
        if (isEarlier(process, isEarlier))
            result.append(process);
    }
    return result;
}

QString RunLedger::originsOf(const QList<ProcessInfo> &processes) const
{
    QHash<pid_t, const ProcessInfo *> byPid;
    for (const ProcessInfo &process : processes)
        byPid.insert(process.pid, &process);
    QStringList labels;
    for (const ProcessInfo &process : processes) {
        // A child of one of these belongs to the run that started its oldest ancestor here.
        const ProcessInfo *oldest = &process;
        QSet<pid_t> visited{process.pid};
        while (const ProcessInfo *parent = byPid.value(oldest->parent)) {
            if (visited.contains(parent->pid))
                break;
            visited.insert(parent->pid);
            oldest = parent;
        }
        const QString label = runAt(oldest->startTicks);
        if (!label.isEmpty() && !labels.contains(label))
            labels.append(label);
    }
    return labels.join(QLatin1String(", "));
}

} // namespace Sandpiper::Client
