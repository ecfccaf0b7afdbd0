#include "runslots.h"

#include <QThread>

#include <algorithm>

namespace Sandpiper::Client {

RunSlots::RunSlots(int capacity, QObject *parent)
    : QObject(parent)
    , m_capacity(capacity > 0 ? capacity : defaultCapacity())
{}

int RunSlots::defaultCapacity()
{
    return std::max(1, QThread::idealThreadCount());
}

void RunSlots::setCapacity(int capacity)
{
    m_capacity = capacity > 0 ? capacity : defaultCapacity();
    // Runs that hold a slot keep it; a larger cap lets waiting sessions in at once.
    grantFreeSlots();
    Q_EMIT changed();
}

bool RunSlots::isWaiting(const QObject *holder) const
{
    return std::any_of(m_waiting.cbegin(), m_waiting.cend(), [holder](const Waiter &waiter) {
        return waiter.holder == holder;
    });
}

bool RunSlots::acquire(const QObject *holder, RunPriority priority)
{
    if (m_holders.contains(holder))
        return true;
    const auto waiter = std::find_if(m_waiting.begin(), m_waiting.end(), [holder](const Waiter &w) {
        return w.holder == holder;
    });
    if (waiter != m_waiting.end()) {
        waiter->priority = priority;
        return false;
    }
    // Nobody waiting with the same or a higher priority: a free slot is this one's. Otherwise
    // it joins the line, so a session that just finished a run cannot take the slot again
    // from one that has been waiting.
    const bool ahead = std::any_of(m_waiting.cbegin(),
                                   m_waiting.cend(),
                                   [priority](const Waiter &w) { return w.priority >= priority; });
    if (m_holders.size() < m_capacity && !ahead) {
        m_holders.append(holder);
        Q_EMIT changed();
        return true;
    }
    m_waiting.append({holder, priority});
    Q_EMIT changed();
    return false;
}

void RunSlots::release(const QObject *holder)
{
    const bool held = m_holders.removeOne(holder);
    const qsizetype waited = m_waiting.removeIf(
            [holder](const Waiter &waiter) { return waiter.holder == holder; });
    if (!held && waited == 0)
        return;
    grantFreeSlots();
    Q_EMIT changed();
}

void RunSlots::grantFreeSlots()
{
    while (m_holders.size() < m_capacity && !m_waiting.isEmpty()) {
        // The first of the highest priority: max_element keeps the earliest among equals.
        const auto next = std::max_element(
                m_waiting.cbegin(), m_waiting.cend(), [](const Waiter &a, const Waiter &b) {
                    return a.priority < b.priority;
                });
        const QObject *holder = next->holder;
        m_waiting.erase(next);
        m_holders.append(holder);
        Q_EMIT granted(holder);
    }
}

} // namespace Sandpiper::Client
