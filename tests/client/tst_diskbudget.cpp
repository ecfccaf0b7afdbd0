// What a session may write: the user's limit per run, counted from the session's own writes,
// and the reserve of free space on the workspace's disk, watched at any time.

#include "diskbudget.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Sandpiper::Client;

namespace {

constexpr qint64 MiB = 1ll << 20;
constexpr quint64 GiB = 1ull << 30;

DiskBudget::Space space(quint64 available, quint64 total = 100 * GiB)
{
    return {available, total};
}

using Verdict = DiskBudget::Verdict;

} // namespace

class tst_DiskBudget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void limitCountsTheRunsOwnWrites();
    void reserveStopsOnlyAWriter();
    void reserveComesFirst();
    void withoutSpaceTheLimitStillHolds();
    void reserveIsSmallOnSmallDisks();
    void readsARealFilesystem();
};

void tst_DiskBudget::limitCountsTheRunsOwnWrites()
{
    DiskBudget budget;
    const auto plenty = space(50 * GiB);
    budget.startRun(100 * MiB);
    QCOMPARE(budget.add(60 * MiB, plenty), Verdict::Within);
    QCOMPARE(budget.add(39 * MiB, plenty), Verdict::Within);
    QCOMPARE(budget.add(2 * MiB, plenty), Verdict::OverLimit);
    QCOMPARE(budget.writtenInRun(), quint64(101 * MiB));
    // Between runs only the reserve counts; the next run starts from nothing.
    budget.endRun();
    QCOMPARE(budget.add(500 * MiB, plenty), Verdict::Within);
    budget.startRun(100 * MiB);
    QCOMPARE(budget.add(50 * MiB, plenty), Verdict::Within);
    // No limit of the user's.
    budget.startRun(0);
    QCOMPARE(budget.add(10 * qint64(GiB), plenty), Verdict::Within);
    QCOMPARE(budget.add(-5, plenty), Verdict::Within); // nonsense from /proc is no credit
}

void tst_DiskBudget::reserveStopsOnlyAWriter()
{
    DiskBudget budget; // reserve: 1 GiB of a 100 GiB disk
    const auto low = space(GiB / 2);
    // Someone else filled the disk: a session that writes nothing is left alone, run or not.
    QCOMPARE(budget.add(0, low), Verdict::Within);
    budget.startRun(0);
    QCOMPARE(budget.add(0, low), Verdict::Within);
    QCOMPARE(budget.add(15 * MiB, low), Verdict::Within);
    QCOMPARE(budget.add(MiB, low), Verdict::DiskFull);
    // Writes before the disk got low do not count; going back above the reserve forgets.
    DiskBudget other;
    QCOMPARE(other.add(900 * MiB, space(2 * GiB)), Verdict::Within);
    QCOMPARE(other.add(10 * MiB, low), Verdict::Within);
    QCOMPARE(other.add(0, space(2 * GiB)), Verdict::Within);
    QCOMPARE(other.add(10 * MiB, low), Verdict::Within);
    QCOMPARE(other.add(10 * MiB, low), Verdict::DiskFull);
}

void tst_DiskBudget::reserveComesFirst()
{
    DiskBudget budget;
    budget.startRun(10 * MiB);
    QCOMPARE(budget.add(20 * MiB, space(GiB / 2)), Verdict::DiskFull);
}

void tst_DiskBudget::withoutSpaceTheLimitStillHolds()
{
    DiskBudget budget;
    budget.startRun(10 * MiB);
    QCOMPARE(budget.add(20 * MiB, std::nullopt), Verdict::OverLimit);
}

void tst_DiskBudget::reserveIsSmallOnSmallDisks()
{
    QCOMPARE(DiskBudget().reserveFor(space(GiB, 100 * GiB)), GiB);
    QCOMPARE(DiskBudget().reserveFor(space(GiB, 4 * GiB)), 4 * GiB / 20);
    QCOMPARE(DiskBudget(3 * GiB).reserveFor(space(GiB, 4 * GiB)), 3 * GiB);
}

void tst_DiskBudget::readsARealFilesystem()
{
    QTemporaryDir dir;
    const auto here = DiskBudget::spaceOf(dir.path());
    QVERIFY(here);
    QVERIFY(here->totalBytes > 0);
    QVERIFY(here->availableBytes <= here->totalBytes);
    QVERIFY(!DiskBudget::spaceOf(dir.filePath(QStringLiteral("missing/folder"))));
    QVERIFY(!DiskBudget::spaceOf(QString()));
}

QTEST_GUILESS_MAIN(tst_DiskBudget)
#include "tst_diskbudget.moc"
