#include "runslots.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace Sandpiper::Client;

// The machine-wide cap on its own: who gets a freed slot, and that no slot is ever lost.
class tst_RunSlots : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void grantsUpToTheCapacity();
    void interactiveBeforeBackgroundThenArrivalOrder();
    void aFinishedRunGoesBehindThoseWaiting();
    void releasingAWaiterLeavesTheLine();
    void largerCapacityLetsWaitersIn();
    void defaultIsTheNumberOfCores();
};

void tst_RunSlots::grantsUpToTheCapacity()
{
    RunSlots slots(2);
    QObject a, b, c;
    QVERIFY(slots.acquire(&a, RunPriority::Interactive));
    QVERIFY(slots.acquire(&a, RunPriority::Interactive)); // already held: still true, one slot
    QVERIFY(slots.acquire(&b, RunPriority::Background));
    QVERIFY(!slots.acquire(&c, RunPriority::Interactive));
    QCOMPARE(slots.running(), 2);
    QCOMPARE(slots.waiting(), 1);
    QSignalSpy granted(&slots, &RunSlots::granted);
    slots.release(&a);
    QCOMPARE(granted.size(), 1);
    QCOMPARE(granted.at(0).at(0).value<const QObject *>(), &c);
    QVERIFY(slots.holds(&c));
    QCOMPARE(slots.running(), 2);
    slots.release(&a); // twice: nothing changes
    QCOMPARE(slots.running(), 2);
}

void tst_RunSlots::interactiveBeforeBackgroundThenArrivalOrder()
{
    RunSlots slots(1);
    QObject running, background1, interactive1, background2, interactive2;
    QVERIFY(slots.acquire(&running, RunPriority::Interactive));
    QVERIFY(!slots.acquire(&background1, RunPriority::Background));
    QVERIFY(!slots.acquire(&interactive1, RunPriority::Interactive));
    QVERIFY(!slots.acquire(&background2, RunPriority::Background));
    QVERIFY(!slots.acquire(&interactive2, RunPriority::Interactive));
    QList<const QObject *> order;
    connect(&slots, &RunSlots::granted, this, [&](const QObject *holder) {
        order << holder;
        slots.release(holder); // its run ends at once
    });
    slots.release(&running);
    QCOMPARE(order,
             (QList<const QObject *>{&interactive1, &interactive2, &background1, &background2}));
    QCOMPARE(slots.running(), 0);
    QCOMPARE(slots.waiting(), 0);
}

void tst_RunSlots::aFinishedRunGoesBehindThoseWaiting()
{
    RunSlots slots(1);
    QObject a, b;
    QVERIFY(slots.acquire(&a, RunPriority::Interactive));
    QVERIFY(!slots.acquire(&b, RunPriority::Interactive));
    slots.release(&a); // b gets it
    QVERIFY(!slots.acquire(&a, RunPriority::Interactive));
    QVERIFY(slots.holds(&b));
    // A background waiter does not keep an interactive run out of a free slot.
    RunSlots two(2);
    QObject x, y, z;
    QVERIFY(two.acquire(&x, RunPriority::Interactive));
    QVERIFY(two.acquire(&y, RunPriority::Interactive));
    QVERIFY(!two.acquire(&z, RunPriority::Background));
    two.release(&x); // z takes the free slot
    QVERIFY(two.holds(&z));
}

void tst_RunSlots::releasingAWaiterLeavesTheLine()
{
    RunSlots slots(1);
    QObject a, b, c;
    QVERIFY(slots.acquire(&a, RunPriority::Interactive));
    QVERIFY(!slots.acquire(&b, RunPriority::Interactive));
    QVERIFY(!slots.acquire(&c, RunPriority::Interactive));
    slots.release(&b);
    QVERIFY(!slots.isWaiting(&b));
    slots.release(&a);
    QVERIFY(slots.holds(&c));
    QVERIFY(!slots.holds(&b));
}

void tst_RunSlots::largerCapacityLetsWaitersIn()
{
    RunSlots slots(1);
    QObject a, b, c;
    QVERIFY(slots.acquire(&a, RunPriority::Interactive));
    QVERIFY(!slots.acquire(&b, RunPriority::Interactive));
    QVERIFY(!slots.acquire(&c, RunPriority::Interactive));
    slots.setCapacity(3);
    QCOMPARE(slots.running(), 3);
    slots.setCapacity(1); // runs holding a slot keep it
    QCOMPARE(slots.running(), 3);
    QObject d;
    QVERIFY(!slots.acquire(&d, RunPriority::Interactive));
    slots.release(&a);
    slots.release(&b);
    QVERIFY(!slots.holds(&d));
    slots.release(&c);
    QVERIFY(slots.holds(&d));
}

void tst_RunSlots::defaultIsTheNumberOfCores()
{
    QCOMPARE(RunSlots().capacity(), QThread::idealThreadCount());
    QCOMPARE(RunSlots(-3).capacity(), QThread::idealThreadCount());
}

QTEST_GUILESS_MAIN(tst_RunSlots)
#include "tst_runslots.moc"
