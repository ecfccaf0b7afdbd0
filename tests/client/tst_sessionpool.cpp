#include "fakesession.h"
#include "sessionpool.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace Sandpiper::Client;
using Sandpiper::Testing::FakeSession;

// The window's sessions: names, the cap, closing, and the run slots they share.
class tst_SessionPool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesAreTheLowestFreeNumber();
    void capSaysWhyAndHowToGoOn();
    void closeShutsDownAndDeletesWhatItMade();
    void renameRefusesEmptyLongAndDuplicateNames();
    void adoptedSessionsAreNotOwned();
    void sessionsShareTheRunSlots();
    void remembersTheLatestResourceReading();
    void withoutAFactoryNothingIsMade();
    void keepsEachSessionsVariables();
};

namespace {
SessionPool::Factory fakes(QList<QPointer<FakeSession>> *made = nullptr)
{
    return [made]() -> AbstractSession * {
        auto session = new FakeSession;
        if (made)
            made->append(session);
        return session;
    };
}
} // namespace

void tst_SessionPool::namesAreTheLowestFreeNumber()
{
    SessionPool pool(fakes());
    AbstractSession *one = pool.create();
    AbstractSession *two = pool.create();
    AbstractSession *three = pool.create();
    QCOMPARE(pool.name(one), QStringLiteral("Session 1"));
    QCOMPARE(pool.name(three), QStringLiteral("Session 3"));
    pool.close(two);
    QCOMPARE(pool.name(pool.create()), QStringLiteral("Session 2"));
    QVERIFY(pool.rename(one, QStringLiteral("Session 4")));
    QCOMPARE(pool.name(pool.create()), QStringLiteral("Session 1"));
    QCOMPARE(pool.name(pool.create()), QStringLiteral("Session 5"));
}

void tst_SessionPool::capSaysWhyAndHowToGoOn()
{
    SessionPool pool(fakes());
    QCOMPARE(pool.maxSessions(), 8);
    for (int i = 0; i < 8; ++i)
        QVERIFY(pool.create());
    QString error;
    QCOMPARE(pool.create(&error), nullptr);
    QVERIFY2(error.contains(u"8") && error.contains(u"Close"), qPrintable(error));
    QCOMPARE(pool.count(), 8);
    pool.close(pool.sessions().constFirst());
    QVERIFY(pool.create());
    pool.setMaxSessions(0); // at least one
    QCOMPARE(pool.maxSessions(), 1);
}

void tst_SessionPool::closeShutsDownAndDeletesWhatItMade()
{
    QList<QPointer<FakeSession>> made;
    SessionPool pool(fakes(&made));
    AbstractSession *session = pool.create();
    session->start();
    QSignalSpy removed(&pool, &SessionPool::removed);
    QVERIFY(pool.close(session));
    QVERIFY(!pool.close(session)); // not twice
    QCOMPARE(removed.size(), 1);
    QCOMPARE(toString(made.at(0)->state()), toString(SessionState::Dead));
    QTRY_VERIFY(made.at(0).isNull());
    QCOMPARE(pool.count(), 0);
}

void tst_SessionPool::renameRefusesEmptyLongAndDuplicateNames()
{
    SessionPool pool(fakes());
    AbstractSession *one = pool.create();
    AbstractSession *two = pool.create();
    QSignalSpy changed(&pool, &SessionPool::changed);
    QString error;
    QVERIFY(!pool.rename(one, QStringLiteral("   "), &error));
    QVERIFY(error.contains(u"name"));
    QVERIFY(!pool.rename(one, QString(61, u'x'), &error));
    QVERIFY(!pool.rename(one, QStringLiteral("Session 2"), &error));
    QVERIFY(error.contains(u"Session 2"));
    QCOMPARE(changed.size(), 0);
    QVERIFY(pool.rename(one, QStringLiteral("  model   fitting ")));
    QCOMPARE(pool.name(one), QStringLiteral("model fitting"));
    QVERIFY(pool.rename(two, QStringLiteral("Session 2"))); // its own name again
    QCOMPARE(changed.size(), 2);
}

void tst_SessionPool::adoptedSessionsAreNotOwned()
{
    FakeSession outside;
    {
        SessionPool pool;
        pool.adopt(&outside, QStringLiteral("Mine"));
        pool.adopt(&outside); // once
        QCOMPARE(pool.count(), 1);
        QCOMPARE(pool.name(&outside), QStringLiteral("Mine"));
        QVERIFY(pool.close(&outside));
        QCOMPARE(outside.parent(), nullptr);
        pool.adopt(&outside);
    }
    QCOMPARE(outside.executed.size(), 0); // still alive after the pool went
    // Deleted by its owner: it leaves the pool.
    SessionPool pool;
    auto gone = new FakeSession;
    pool.adopt(gone);
    QSignalSpy removed(&pool, &SessionPool::removed);
    delete gone;
    QCOMPARE(removed.size(), 1);
    QCOMPARE(pool.count(), 0);
}

// The real sessions' use of the slots is in tst_session; here, that every session gets them and
// gives them back when it leaves.
class SlotsProbe : public FakeSession
{
public:
    void setRunSlots(RunSlots *slots) override { given = slots; }
    RunSlots *given = nullptr;
};

void tst_SessionPool::sessionsShareTheRunSlots()
{
    auto probe = new SlotsProbe;
    SessionPool pool([probe] { return probe; });
    pool.create();
    QCOMPARE(probe->given, pool.runSlots());
    QCOMPARE(pool.runSlots()->capacity(), QThread::idealThreadCount());
    SlotsProbe adopted;
    pool.adopt(&adopted);
    QCOMPARE(adopted.given, pool.runSlots());
    pool.close(&adopted);
    QCOMPARE(adopted.given, nullptr);
}

void tst_SessionPool::remembersTheLatestResourceReading()
{
    QList<QPointer<FakeSession>> made;
    SessionPool pool(fakes(&made));
    AbstractSession *session = pool.create();
    QSignalSpy changed(&pool, &SessionPool::changed);
    ResourceSample sample;
    sample.memoryBytes = 123 << 20;
    sample.cpuPercent = 87;
    Q_EMIT made.at(0)->resourcesSampled(sample);
    QCOMPARE(pool.lastSample(session).memoryBytes, sample.memoryBytes);
    QCOMPARE(pool.lastSample(session).cpuPercent, 87.0);
    session->start();
    QCOMPARE(changed.size(), 2);
}

void tst_SessionPool::withoutAFactoryNothingIsMade()
{
    SessionPool pool;
    QVERIFY(!pool.canCreate());
    QString error;
    QCOMPARE(pool.create(&error), nullptr);
    QVERIFY(!error.isEmpty());
}

void tst_SessionPool::keepsEachSessionsVariables()
{
    QList<QPointer<FakeSession>> made;
    SessionPool pool(fakes(&made));
    AbstractSession *session = pool.create();
    const auto summary = [](const char *name, const char *repr) {
        Sandpiper::Protocol::VariableSummary variable;
        variable.name = QString::fromLatin1(name);
        variable.repr = QString::fromLatin1(repr);
        return variable;
    };
    Sandpiper::Protocol::VariablesDiff diff;
    diff.reset = true;
    diff.changed = {summary("a", "1"), summary("b", "2")};
    Q_EMIT made.at(0)->variablesChanged(diff);
    diff = {};
    diff.changed = {summary("b", "3"), summary("c", "4")};
    diff.removed = {QStringLiteral("a")};
    Q_EMIT made.at(0)->variablesChanged(diff);
    const auto variables = pool.variables(session);
    QCOMPARE(variables.size(), 2);
    QCOMPARE(variables.at(0).name, QStringLiteral("b"));
    QCOMPARE(variables.at(0).repr, QStringLiteral("3"));
    QCOMPARE(variables.at(1).name, QStringLiteral("c"));
    Q_EMIT made.at(0)->stateChanged(SessionState::Restarting);
    QCOMPARE(pool.variables(session).size(), 0);
}

QTEST_GUILESS_MAIN(tst_SessionPool)
#include "tst_sessionpool.moc"
