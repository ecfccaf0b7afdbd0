// TablePages without an engine: a synthetic table answers page requests the way the engine does,
// and the tests count what is asked. What the window holds stays within its budget at any table
// size, a jump to the end is one request, and pages that do not fit what was asked are dropped.

#include "tablepages.h"

#include <QSignalSpy>
#include <QTest>

using namespace Sandpiper::Models;
using namespace Sandpiper::Protocol;

namespace {

// A table of `rows` × `columns` whose cell (r, c) is r * 1000 + c; answers later, as the engine.
struct Table
{
    Table(qint64 rows, qint64 columns)
        : rows(rows)
        , columns(columns)
    {}

    qint64 rows = 0;
    qint64 columns = 0;
    QString error;
    QList<TableWindow> asked;
    QList<TableView> views;
    QList<TablePages::Done> waiting;
    QList<TableWindow> waitingWindows;
    bool answerAtOnce = true;
    // Makes an answer that does not fit the request (an untrusted engine).
    std::function<void(Page &)> tamper;

    Page answer(const TableWindow &window) const
    {
        Page page;
        page.error = error;
        if (!error.isEmpty())
            return page;
        page.totalRows = rows;
        page.totalColumns = columns;
        page.sourceRows = rows;
        page.rowStart = std::min(window.row, rows);
        page.columnStart = std::min(window.column, columns);
        const qint64 r1 = std::min(rows, page.rowStart + window.rows);
        const qint64 c1 = std::min(columns, page.columnStart + window.columns);
        for (qint64 c = page.columnStart; c < c1; ++c)
            page.columns.append({QStringLiteral("c%1").arg(c), QStringLiteral("int64")});
        for (qint64 r = page.rowStart; r < r1; ++r) {
            page.index.append(QString::number(r));
            QCborArray row;
            for (qint64 c = page.columnStart; c < c1; ++c)
                row.append(r * 1000 + c);
            page.rows.append(row);
        }
        if (tamper)
            tamper(page);
        return page;
    }

    TablePages::Fetcher fetcher()
    {
        return [this](const TableWindow &window,
                      const TableView &view,
                      const TablePages::Done &done) {
            asked.append(window);
            views.append(view);
            if (answerAtOnce) {
                const Page page = answer(window);
                QMetaObject::invokeMethod(qApp, [done, page] { done(page); }, Qt::QueuedConnection);
            } else {
                waiting.append(done);
                waitingWindows.append(window);
            }
        };
    }

    void answerWaiting()
    {
        const auto dones = std::exchange(waiting, {});
        const auto windows = std::exchange(waitingWindows, {});
        for (qsizetype i = 0; i < dones.size(); ++i)
            dones.at(i)(answer(windows.at(i)));
    }
};

} // namespace

class tst_TablePages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstScreenIsOneRequest();
    void jumpToTheEndIsOneRequest_data();
    void jumpToTheEndIsOneRequest();
    void scrollingStaysWithinBudget();
    void noRequestWhileCovered();
    void inFlightIsCapped();
    void pageOutsideTheRequestIsDropped();
    void extentChangeDropsOlderPages();
    void reloadKeepsCellsUntilNewOnesArrive();
    void errorStopsAskingUntilReload();
    void emptyTableAsksOnce();
    void deletedWhileWaiting();
    void newViewDropsEveryPage();
};

void tst_TablePages::firstScreenIsOneRequest()
{
    Table table{1'000'000, 4};
    TablePages pages(table.fetcher());
    QSignalSpy extent(&pages, &TablePages::extentChanged);
    pages.show({0, 40, 0, 10});
    QCOMPARE(table.asked.size(), 1);
    QVERIFY(!pages.hasExtent());
    QTRY_VERIFY(pages.hasExtent());
    QCOMPARE(extent.size(), 1);
    QCOMPARE(pages.rowCount(), 1'000'000);
    QCOMPARE(pages.columnCount(), 4);
    QCOMPARE(pages.cell(0, 0).toInteger(), 0);
    QCOMPARE(pages.cell(39, 3).toInteger(), 39'003);
    QCOMPARE(pages.rowLabel(7), QStringLiteral("7"));
    QCOMPARE(pages.column(2).name, QStringLiteral("c2"));
    QVERIFY(pages.covers({0, 40, 0, 4}));
    QCOMPARE(table.asked.size(), 1);
}

void tst_TablePages::jumpToTheEndIsOneRequest_data()
{
    QTest::addColumn<qint64>("rows");
    QTest::newRow("1e3") << qint64(1000);
    QTest::newRow("1e6") << qint64(1'000'000);
    QTest::newRow("1e9") << qint64(1'000'000'000);
    QTest::newRow("2^62") << (qint64(1) << 62);
}

void tst_TablePages::jumpToTheEndIsOneRequest()
{
    QFETCH(qint64, rows);
    Table table{rows, 3};
    TablePages pages(table.fetcher());
    pages.show({0, 40, 0, 3});
    QTRY_VERIFY(pages.covers({0, 40, 0, 3}));
    const qsizetype before = table.asked.size();
    pages.show({rows - 40, 40, 0, 3});
    QTRY_VERIFY(pages.covers({rows - 40, 40, 0, 3}));
    QCOMPARE(table.asked.size() - before, 1);
    QCOMPARE(pages.cell(rows - 1, 2).toInteger(), (rows - 1) * 1000 + 2);
    QCOMPARE(pages.rowLabel(rows - 1), QString::number(rows - 1));
    QVERIFY(pages.cellsHeld() <= TablePages::CellBudget);
}

void tst_TablePages::scrollingStaysWithinBudget()
{
    Table table{1'000'000'000, 150};
    TablePages pages(table.fetcher());
    for (qint64 step = 0; step < 60; ++step) {
        const TableWindow window{step * 7'777'777, 50, (step * 13) % 100, 40};
        pages.show(window);
        QTRY_VERIFY(pages.covers(window));
        QVERIFY2(pages.cellsHeld() <= TablePages::CellBudget,
                 qPrintable(QString::number(pages.cellsHeld())));
    }
    QCOMPARE(table.asked.size(), 60);
}

void tst_TablePages::noRequestWhileCovered()
{
    Table table{100'000, 4};
    TablePages pages(table.fetcher());
    pages.show({1000, 40, 0, 4});
    QTRY_VERIFY(pages.covers({1000, 40, 0, 4}));
    // Scrolling within the margin fetched around the view asks nothing.
    for (qint64 row = 950; row <= 1050; row += 10)
        pages.show({row, 40, 0, 4});
    QCOMPARE(table.asked.size(), 1);
}

void tst_TablePages::inFlightIsCapped()
{
    Table table{1'000'000, 4};
    table.answerAtOnce = false;
    TablePages pages(table.fetcher());
    for (qint64 row = 0; row < 50'000; row += 5'000) // a fast drag of the scroll bar
        pages.show({row, 40, 0, 4});
    QCOMPARE(table.asked.size(), TablePages::MaxInFlight);
    table.answerWaiting();
    // What is shown now is asked for as soon as there is room.
    QCOMPARE(table.asked.size(), TablePages::MaxInFlight + 1);
    QVERIFY(table.asked.last().contains(TableWindow{45'000, 40, 0, 4}));
    table.answerWaiting();
    QVERIFY(pages.covers({45'000, 40, 0, 4}));
}

void tst_TablePages::pageOutsideTheRequestIsDropped()
{
    Table table{10'000, 4};
    table.tamper = [](Page &page) {
        page.rowStart += 1; // claims other rows than were asked
    };
    TablePages pages(table.fetcher());
    pages.show({0, 40, 0, 4});
    QTRY_VERIFY(pages.hasExtent());
    QCOMPARE(pages.pageCount(), 0);
    QVERIFY(pages.cell(1, 1).isInvalid());
}

void tst_TablePages::extentChangeDropsOlderPages()
{
    Table table{10'000, 4};
    TablePages pages(table.fetcher());
    pages.show({0, 40, 0, 4});
    QTRY_VERIFY(pages.covers({0, 40, 0, 4}));
    // The frame is changed between two page requests: it shrank.
    table.rows = 5'000;
    QSignalSpy extent(&pages, &TablePages::extentChanged);
    pages.show({8'000, 40, 0, 4});
    QTRY_COMPARE(extent.size(), 1);
    QCOMPARE(pages.rowCount(), 5'000);
    QVERIFY(pages.shown().row + pages.shown().rows <= 5'000);
    QVERIFY(pages.cell(0, 0).isInvalid()); // the old page is gone
    QTRY_VERIFY(pages.covers(pages.shown()));
}

void tst_TablePages::reloadKeepsCellsUntilNewOnesArrive()
{
    Table table{10'000, 4};
    TablePages pages(table.fetcher());
    pages.show({0, 40, 0, 4});
    QTRY_VERIFY(pages.covers({0, 40, 0, 4}));
    table.answerAtOnce = false;
    table.tamper = [](Page &page) {
        for (QCborArray &row : page.rows)
            row[0] = -1;
    };
    pages.reload();
    QCOMPARE(table.asked.size(), 2);
    QCOMPARE(pages.cell(5, 0).toInteger(), 5'000); // the old cell, until the new one is here
    QVERIFY(!pages.covers({0, 40, 0, 4}));
    table.answerWaiting();
    QCOMPARE(pages.cell(5, 0).toInteger(), -1);
    QCOMPARE(pages.pageCount(), 1);
}

void tst_TablePages::errorStopsAskingUntilReload()
{
    Table table{10'000, 4};
    TablePages pages(table.fetcher());
    pages.show({0, 40, 0, 4});
    QTRY_VERIFY(pages.hasExtent());
    table.error = QStringLiteral("there is no variable named df");
    QSignalSpy error(&pages, &TablePages::errorChanged);
    pages.reload();
    QTRY_COMPARE(error.size(), 1);
    QCOMPARE(pages.error(), table.error);
    QVERIFY(!pages.hasExtent());
    const qsizetype asked = table.asked.size();
    pages.show({100, 40, 0, 4});
    pages.show({0, 40, 0, 4});
    QTest::qWait(20);
    QCOMPARE(table.asked.size(), asked);
    table.error.clear();
    pages.reload();
    QTRY_VERIFY(pages.hasExtent());
    QVERIFY(pages.error().isEmpty());
    QTRY_VERIFY(pages.covers({0, 40, 0, 4}));
}

void tst_TablePages::emptyTableAsksOnce()
{
    Table table{0, 0};
    TablePages pages(table.fetcher());
    pages.show({0, 40, 0, 10});
    QTRY_VERIFY(pages.hasExtent());
    QCOMPARE(pages.rowCount(), 0);
    pages.show({0, 40, 0, 10});
    QTest::qWait(20);
    QCOMPARE(table.asked.size(), 1);
}

void tst_TablePages::deletedWhileWaiting()
{
    Table table{10'000, 4};
    table.answerAtOnce = false;
    auto pages = std::make_unique<TablePages>(table.fetcher());
    pages->show({0, 40, 0, 4});
    pages.reset();
    table.answerWaiting(); // must not touch the deleted pages
    QCOMPARE(table.asked.size(), 1);
}

void tst_TablePages::newViewDropsEveryPage()
{
    Table table{10'000, 4};
    TablePages pages(table.fetcher());
    pages.show({500, 40, 0, 4});
    QTRY_VERIFY(pages.covers({500, 40, 0, 4}));
    QVERIFY(table.views.last().isEmpty());
    TableView sorted;
    sorted.sort = {{2, false}};
    pages.setView(sorted);
    QCOMPARE(pages.pageCount(), 0); // the old order's cells are not this view's
    QVERIFY(pages.isWaiting());
    QCOMPARE(table.views.last(), sorted);
    QTRY_VERIFY(pages.covers({500, 40, 0, 4}));
    pages.setView(sorted); // the same view again asks nothing
    QCOMPARE(table.asked.size(), 2);
    QCOMPARE(pages.sourceRowCount(), 10'000);
}

QTEST_GUILESS_MAIN(tst_TablePages)
#include "tst_tablepages.moc"
