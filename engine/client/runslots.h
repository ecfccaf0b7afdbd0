#pragma once

#include <QList>
#include <QObject>

namespace Sandpiper::Client {

// Interactive runs (a cell, the console) go before batch-like ones (Run File) when sessions wait
// for a run slot.
enum class RunPriority { Background, Interactive };

// The machine-wide cap on sessions running code at once, shared by every session of the app.
// A session holds a slot while one of its runs executes. A session that cannot have one waits;
// when a slot frees, the waiting session whose next run has the highest priority gets it (the
// one that waited longest among equals) and is told by granted().
class RunSlots : public QObject
{
    Q_OBJECT

public:
    // capacity <= 0: the number of cores.
    explicit RunSlots(int capacity = 0, QObject *parent = nullptr);

    int capacity() const { return m_capacity; }
    void setCapacity(int capacity);
    int running() const { return int(m_holders.size()); }
    int waiting() const { return int(m_waiting.size()); }
    static int defaultCapacity();

    // true: holder holds a slot now (it may already have). false: it waits, with this priority
    // (a second call only updates the priority), until granted(holder).
    bool acquire(const QObject *holder, RunPriority priority);
    // Gives back the slot, or stops waiting for one; a freed slot goes to the next in line.
    void release(const QObject *holder);
    bool holds(const QObject *holder) const { return m_holders.contains(holder); }
    bool isWaiting(const QObject *holder) const;

Q_SIGNALS:
    void granted(const QObject *holder);
    void changed();

private:
    struct Waiter
    {
        const QObject *holder;
        RunPriority priority;
    };
    void grantFreeSlots();

    int m_capacity;
    QList<const QObject *> m_holders;
    QList<Waiter> m_waiting; // in arrival order
};

} // namespace Sandpiper::Client
