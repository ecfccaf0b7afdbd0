// The disk written per run: the fall in free space against the user's limit and the reserve.

#include "diskbudget.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Sandpiper::Client;

namespace {

constexpr quint64 MiB = 1ull << 20;
constexpr quint64 GiB = 1ull << 30;

DiskBudget::Space space(quint64 available, quint64 total = 100 * GiB)
{
    return {available, total};
}

} // namespace

class tst_DiskBudget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verdicts_data();
    void verdicts();
    void reserveIsSmallOnSmallDisks();
    void readsARealFilesystem();
};

void tst_DiskBudget::verdicts_data()
{
    QTest::addColumn<quint64>("limit");
    QTest::addColumn<quint64>("total");
    QTest::addColumn<quint64>("availableAtStart");
    QTest::addColumn<quint64>("availableNow");
    QTest::addColumn<int>("verdict");

    const int within = int(DiskBudget::Verdict::Within);
    const int over = int(DiskBudget::Verdict::OverLimit);
    const int full = int(DiskBudget::Verdict::DiskFull);
    QTest::newRow("under the limit")
            << 100 * MiB << 100 * GiB << 50 * GiB << 50 * GiB - 99 * MiB << within;
    QTest::newRow("over the limit")
            << 100 * MiB << 100 * GiB << 50 * GiB << 50 * GiB - 101 * MiB << over;
    QTest::newRow("space was freed") << 100 * MiB << 100 * GiB << 50 * GiB << 60 * GiB << within;
    QTest::newRow("no limit, plenty left")
            << quint64(0) << 100 * GiB << 50 * GiB << 10 * GiB << within;
    QTest::newRow("no limit, into the reserve")
            << quint64(0) << 100 * GiB << 50 * GiB << GiB - MiB << full;
    QTest::newRow("limit above what is free")
            << 80 * GiB << 100 * GiB << 50 * GiB << 512 * MiB << full;
    // A disk that was low already: a run that writes a little is not blamed for it.
    QTest::newRow("low disk, small write")
            << quint64(0) << 100 * GiB << 512 * MiB << 512 * MiB - MiB << within;
    QTest::newRow("low disk, big write")
            << quint64(0) << 100 * GiB << 512 * MiB << 512 * MiB - 32 * MiB << full;
}

void tst_DiskBudget::verdicts()
{
    QFETCH(quint64, limit);
    QFETCH(quint64, total);
    QFETCH(quint64, availableAtStart);
    QFETCH(quint64, availableNow);
    QFETCH(int, verdict);
    const DiskBudget budget(space(availableAtStart, total), limit);
    QCOMPARE(int(budget.check(space(availableNow, total))), verdict);
}

void tst_DiskBudget::reserveIsSmallOnSmallDisks()
{
    QCOMPARE(DiskBudget(space(GiB, 100 * GiB), 0).reserveBytes(), GiB);
    QCOMPARE(DiskBudget(space(GiB, 4 * GiB), 0).reserveBytes(), 4 * GiB / 20);
    QCOMPARE(DiskBudget(space(GiB, 4 * GiB), 0).writtenBytes(space(GiB - 7)), quint64(7));
    QCOMPARE(DiskBudget(space(GiB, 4 * GiB), 0, 3 * GiB).reserveBytes(), 3 * GiB);
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
