// The data viewer against the real engine, used as a person would: a double-click in the
// Variables dock opens it, keys and clicks move through 10^6 and 10^9 rows, Ctrl+C copies, runs
// change and delete what it shows, the session restarts and crashes under it, and hostile or
// huge objects give a message instead of a hang. With SANDPIPER_SCREENSHOT_DIR set, pictures of
// the viewer are saved there, light and dark.

#include "screenshotpath.h"

#include <chartsandbox.h>
#include <chartview.h>
#include <codeeditor.h>
#include <colorscheme.h>
#include <consolewidget.h>
#include <datagrid.h>
#include <dataviewer.h>
#include <editortabs.h>
#include <filterbar.h>
#include <mainwindow.h>
#include <partitionbar.h>
#include <plotcanvas.h>
#include <plotexportdialog.h>
#include <plotsview.h>
#include <sandbox/workspacetransfer.h>
#include <session.h>
#include <summarypanel.h>
#include <tableexportdialog.h>
#include <tablefindbar.h>
#include <tablepages.h>
#include <variablesmodel.h>
#include <variablesview.h>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

#include <algorithm>
#include <memory>
#include <optional>

using namespace Sandpiper;
using namespace Sandpiper::Ui;

namespace {

constexpr int Slow = 20000; // building 10^9 rows and starting the engine on a shared machine

Client::SessionOptions engineOptions()
{
    Client::SessionOptions options;
    options.enginePath = QStringLiteral(SANDPIPER_ENGINE_PATH);
    options.handshakeTimeoutMs = 60000;
    return options;
}

QString cellText(DataViewer *viewer, qint64 row, qint64 column)
{
    const Models::TablePages *pages = viewer->pages();
    return viewer->grid()->format().text(pages->cell(row, column), pages->column(column).dtype);
}

} // namespace

class tst_DataViewer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void doubleClickInVariablesOpensTheViewer();
    void jumpToTheEndIsOneRequest();
    void billionRowsScrollEndToEnd();
    void copySelectionAsTsv();
    void copyPastTheBoundSaysSo();
    void runsRefreshAndStaleNamesAreShown();
    void closingAViewerLetsGoOfItsObject();
    void findCellsInTheEngine();
    void multiIndexLevelsAreFrozenColumns();
    void pagesArriveWhileCodeRuns();
    void headerClicksSortInTheEngine();
    void filterBarShowsMatchingRows();
    void viewCodeGivesTheSameRows();
    void filterByCellAndEmptyViews();
    void columnsWidenForWiderCells();
    void longSortShowsProgressAndCancels();
    void daskFrameByPartition();
    void summaryWithChart();
    void histogramFromVariablesMenu();
    void membersExpandInTheVariablesDock();
    void filterColumnsFollowTheObject();
    void exportFromTheDockAndTheViewer();
    void exportEachFormatAndReadItBack_data();
    void exportEachFormatAndReadItBack();
    void viewMagicOpensAViewer();
    void badInputsGiveMessages();
    void restartAndCrashUnderTheViewer();
    void figuresFromTheEditorReachThePlotsDock();
    void sessionCrashDuringAPlotExport();
    void darkTheme();

private:
    std::optional<Client::RunOutcome> run(const QString &code, int timeoutMs = Slow);
    DataViewer *open(const QString &name);
    bool exportFromTheDock(const QString &name);
    void snap(DataViewer *viewer, const QString &name);
    void snapWidget(QWidget *widget, const QString &name);

    std::unique_ptr<Client::Session> m_session;
    std::unique_ptr<MainWindow> m_window;
    QStringList m_notices;
};

void tst_DataViewer::initTestCase()
{
    QApplication::setOrganizationName(QStringLiteral("SandpiperTest"));
    QApplication::setApplicationName(QStringLiteral("tst_dataviewer"));
    QSettings().clear();
    applyColorScheme(ColorScheme::Light);
    m_session = std::make_unique<Client::Session>(engineOptions());
    connect(m_session.get(), &Client::Session::notice, this, [this](const QString &n) {
        m_notices << n;
    });
    m_window = std::make_unique<MainWindow>();
    m_window->setSession(m_session.get());
    m_window->resize(1200, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_session->start();
    const auto outcome = run(
            QStringLiteral("import numpy as np\n"
                           "import pandas as pd\n"
                           "n = 1_000_000\n"
                           "df = pd.DataFrame({'id': np.arange(n), 'price': np.arange(n) * 0.5,\n"
                           "    'label': np.array(['alpha', 'beta', 'gamma'])[np.arange(n) % 3],\n"
                           "    'when': pd.date_range('2024-01-01', periods=n, freq='min')})\n"
                           "df.loc[3, 'price'] = np.nan\n"
                           "df.loc[4, 'when'] = pd.NaT\n"
                           "small = pd.DataFrame({'a': [1, 2, 3], 'b': [0.5, None, 2.25],\n"
                           "    's': ['x', 'tab\\there', 'q\"uote']})\n"));
    QVERIFY(outcome && outcome->status == Client::RunStatus::Ok);
}

void tst_DataViewer::cleanupTestCase()
{
    m_window.reset();
    if (m_session)
        m_session->shutdown();
}

std::optional<Client::RunOutcome> tst_DataViewer::run(const QString &code, int timeoutMs)
{
    std::optional<Client::RunOutcome> outcome;
    Client::Execution *execution = m_session->execute(code);
    connect(execution, &Client::Execution::finished, this, [&outcome](const Client::RunOutcome &o) {
        outcome = o;
    });
    if (!QTest::qWaitFor([&outcome] { return outcome.has_value(); }, timeoutMs))
        qWarning("the run did not finish: %s", qPrintable(code));
    if (outcome && outcome->status != Client::RunStatus::Ok)
        qWarning("%s: %s %s",
                 qPrintable(code),
                 qPrintable(outcome->error.message),
                 qPrintable(outcome->detail));
    return outcome;
}

// The viewer of that name, once it shows its first screen or says why it cannot.
DataViewer *tst_DataViewer::open(const QString &name)
{
    DataViewer *viewer = m_window->openDataViewer(name);
    if (!viewer)
        return nullptr;
    const Models::TablePages *pages = viewer->pages();
    if (!QTest::qWaitFor(
                [pages] {
                    return !pages->error().isEmpty()
                           || (pages->hasExtent() && pages->covers(pages->shown()));
                },
                Slow)) {
        qWarning("the viewer of %s showed nothing", qPrintable(name));
    }
    QCoreApplication::processEvents(); // painted
    return viewer;
}

void tst_DataViewer::snapWidget(QWidget *widget, const QString &name)
{
    if (!qEnvironmentVariableIsEmpty("SANDPIPER_SCREENSHOT_DIR"))
        widget->grab().save(QDir(qEnvironmentVariable("SANDPIPER_SCREENSHOT_DIR")).filePath(name));
}

void tst_DataViewer::snap(DataViewer *viewer, const QString &name)
{
    if (qEnvironmentVariableIsEmpty("SANDPIPER_SCREENSHOT_DIR"))
        return;
    m_window->grab().save(QDir(qEnvironmentVariable("SANDPIPER_SCREENSHOT_DIR")).filePath(name));
    Q_UNUSED(viewer);
}

void tst_DataViewer::doubleClickInVariablesOpensTheViewer()
{
    VariablesView *variables = m_window->variables();
    QTRY_VERIFY_WITH_TIMEOUT(variables->model()->indexOf(QStringLiteral("df")).isValid(), Slow);
    variables->selectName(QStringLiteral("df"));
    QTreeView *table = variables->view();
    QModelIndex index;
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, 0).data().toString() == QLatin1String("df"))
            index = table->model()->index(row, 0);
    }
    QVERIFY(index.isValid());
    const QPoint at = table->visualRect(index).center();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, at);

    auto viewer = qobject_cast<DataViewer *>(m_window->editor()->tabWidget()->currentWidget());
    QVERIFY(viewer);
    QCOMPARE(viewer->name(), QStringLiteral("df"));
    QSignalSpy complete(viewer->grid(), &DataGrid::screenComplete);
    QVERIFY(complete.wait(Slow));
    const Models::TablePages *pages = viewer->pages();
    QCOMPARE(pages->rowCount(), 1'000'000);
    QCOMPARE(pages->columnCount(), 4);
    QVERIFY2(viewer->summaryText().contains(QLocale().toString(1'000'000)),
             qPrintable(viewer->summaryText()));
    QCOMPARE(pages->column(1).name, QStringLiteral("price"));
    QCOMPARE(pages->column(1).dtype, QStringLiteral("float64"));
    QCOMPARE(cellText(viewer, 3, 1), QStringLiteral("NaN"));
    QCOMPARE(cellText(viewer, 4, 3), QStringLiteral("NaT"));
    QCOMPARE(cellText(viewer, 0, 3), QStringLiteral("2024-01-01 00:00:00"));
    QCOMPARE(cellText(viewer, 2, 2), QStringLiteral("gamma"));
    QCOMPARE(pages->requestsSent(), 1); // the first screen is one request
    // Four columns fit: no horizontal scrolling.
    QVERIFY2(viewer->grid()->horizontalScrollBar()->maximum() == 0,
             qPrintable(QStringLiteral("viewport %1, index %2, first cell %3")
                                .arg(viewer->grid()->viewport()->width())
                                .arg(viewer->grid()->indexWidth())
                                .arg(viewer->grid()->cellRect({0, 3}).right())));
    // A second double-click shows the same tab, not a new one.
    const int tabs = m_window->editor()->tabWidget()->count();
    QCOMPARE(m_window->openDataViewer(QStringLiteral("df")), viewer);
    QCOMPARE(m_window->editor()->tabWidget()->count(), tabs);
    snap(viewer, QStringLiteral("dataviewer-light.png"));
}

void tst_DataViewer::jumpToTheEndIsOneRequest()
{
    DataViewer *viewer = open(QStringLiteral("df"));
    DataGrid *grid = viewer->grid();
    grid->setFocus();
    const int before = viewer->pages()->requestsSent();
    QSignalSpy complete(grid, &DataGrid::screenComplete);
    QTest::keyClick(grid, Qt::Key_End, Qt::ControlModifier);
    QVERIFY(complete.wait(Slow));
    QCOMPARE(viewer->pages()->requestsSent() - before, 1);
    QCOMPARE(grid->currentCell().row, 999'999);
    QCOMPARE(viewer->pages()->rowLabel(999'999), QStringLiteral("999999"));
    QVERIFY(!grid->cellRect(grid->currentCell()).isEmpty());
    QCOMPARE(grid->verticalScrollBar()->value(), grid->verticalScrollBar()->maximum());
    QCOMPARE(cellText(viewer, 999'999, 0), QLocale().toString(999'999));
    QTest::keyClick(grid, Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(grid->topRow(), 0);
    QCOMPARE(grid->currentCell().row, 0);
}

void tst_DataViewer::billionRowsScrollEndToEnd()
{
    const auto made = run(QStringLiteral("huge = np.zeros(10**9, dtype=np.int8)\n"
                                         "huge[-1] = 7\n"));
    QVERIFY(made && made->status == Client::RunStatus::Ok);
    DataViewer *viewer = open(QStringLiteral("huge"));
    QVERIFY(viewer);
    DataGrid *grid = viewer->grid();
    QCOMPARE(viewer->pages()->rowCount(), 1'000'000'000);
    QScrollBar *bar = grid->verticalScrollBar();
    QSignalSpy complete(grid, &DataGrid::screenComplete);
    bar->setValue(bar->maximum() / 2); // a drag to the middle
    QVERIFY(complete.wait(Slow));
    QVERIFY2(std::abs(grid->topRow() - 500'000'000) < 1000,
             qPrintable(QString::number(grid->topRow())));
    bar->setValue(bar->maximum());
    QVERIFY(complete.wait(Slow));
    QCOMPARE(grid->topRow() + grid->visibleRows(), 1'000'000'000);
    QCOMPARE(cellText(viewer, 999'999'999, 0), QStringLiteral("7"));
    QCOMPARE(viewer->pages()->rowLabel(999'999'999), QStringLiteral("999999999"));
    m_window->editor()->closeTab(m_window->editor()->tabWidget()->indexOf(viewer));
    QVERIFY(run(QStringLiteral("del huge\n")));
}

void tst_DataViewer::copySelectionAsTsv()
{
    DataViewer *viewer = open(QStringLiteral("small"));
    DataGrid *grid = viewer->grid();
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, grid->cellRect({0, 0}).center());
    QTest::mouseClick(
            grid->viewport(), Qt::LeftButton, Qt::ShiftModifier, grid->cellRect({2, 2}).center());
    QVERIFY(grid->selection() == (Models::TableWindow{0, 3, 0, 3}));
    QSignalSpy copied(viewer, &DataViewer::copied);
    QTest::keyClick(grid, Qt::Key_C, Qt::ControlModifier);
    QVERIFY(copied.wait(Slow));
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QStringLiteral("a\tb\ts\n1\t0.5\tx\n2\t\t\"tab\there\"\n3\t2.25\t\"q\"\"uote\"\n"));

    // The same selection as a Markdown table, and as an HTML table (also as rich text).
    viewer->copySelection(TableCopy::Format::Markdown);
    QVERIFY(copied.wait(Slow));
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QStringLiteral("| a | b | s |\n| --- | --- | --- |\n| 1 | 0.5 | x |\n"
                            "| 2 |  | tab\there |\n| 3 | 2.25 | q\"uote |\n"));
    QVERIFY(run(QStringLiteral("small.loc[0, 's'] = 'a|b <i>'\n")));
    QTRY_COMPARE_WITH_TIMEOUT(cellText(viewer, 0, 2), QStringLiteral("a|b <i>"), Slow);
    viewer->copySelection(TableCopy::Format::Markdown);
    QVERIFY(copied.wait(Slow));
    QVERIFY2(QGuiApplication::clipboard()->text().contains(QStringLiteral("| a\\|b <i> |")),
             qPrintable(QGuiApplication::clipboard()->text()));
    viewer->copySelection(TableCopy::Format::Html);
    QVERIFY(copied.wait(Slow));
    const QString html = QGuiApplication::clipboard()->mimeData()->html();
    QVERIFY2(html.contains(QStringLiteral("<thead>\n<tr><th>a</th><th>b</th><th>s</th></tr>")),
             qPrintable(html));
    QVERIFY(html.contains(QStringLiteral("<td>a|b &lt;i&gt;</td>")));
    QVERIFY(run(QStringLiteral("small.loc[0, 's'] = 'x'\n")));
}

void tst_DataViewer::copyPastTheBoundSaysSo()
{
    DataViewer *viewer = open(QStringLiteral("df"));
    QSignalSpy failed(viewer, &DataViewer::copyFailed);
    QTest::keyClick(viewer->grid(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(viewer->grid(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(failed.size(), 1);
    QVERIFY2(viewer->noticeText().contains(QLocale().toString(DataViewer::MaxCopyCells)),
             qPrintable(viewer->noticeText()));
    viewer->refresh(); // clears the notice
}

void tst_DataViewer::runsRefreshAndStaleNamesAreShown()
{
    QVERIFY(run(QStringLiteral("live = pd.DataFrame({'a': range(5000)})\n")));
    DataViewer *viewer = open(QStringLiteral("live"));
    viewer->grid()->scrollToRow(4000);
    QTRY_VERIFY_WITH_TIMEOUT(viewer->pages()->covers({4000, 20, 0, 1}), Slow);

    // Changed in place: the engine notices and the view follows, where it was.
    QVERIFY(run(QStringLiteral("live.loc[4001, 'a'] = -5\n")));
    QTRY_COMPARE_WITH_TIMEOUT(cellText(viewer, 4001, 0), QLocale().toString(-5), Slow);
    QCOMPARE(viewer->grid()->topRow(), 4000);

    // Rebound to another frame: the viewer keeps the object it showed, and says so.
    QVERIFY(run(QStringLiteral("live = live.iloc[:10]\n")));
    QTRY_VERIFY_WITH_TIMEOUT(viewer->isShowingOldObject(), Slow);
    QVERIFY2(viewer->noticeText().contains(QLatin1String("now names another object")),
             qPrintable(viewer->noticeText()));
    QCOMPARE(viewer->pages()->rowCount(), 5000);
    QCOMPARE(cellText(viewer, 4001, 0), QLocale().toString(-5));
    QTabWidget *tabs = m_window->editor()->tabWidget();
    QCOMPARE(tabs->tabText(tabs->indexOf(viewer)), QStringLiteral("live (old)"));
    snap(viewer, QStringLiteral("dataviewer-rebound.png"));
    // Viewing the name now opens a viewer of the new object beside the old one.
    DataViewer *current = open(QStringLiteral("live"));
    QVERIFY(current != viewer);
    QCOMPARE(current->pages()->rowCount(), 10);
    m_window->editor()->closeTab(tabs->indexOf(current));

    // "Show … Now" follows the name: the extent follows and the view moves inside it.
    tabs->setCurrentWidget(viewer);
    auto follow = viewer->findChild<QPushButton *>(QStringLiteral("DataViewerFollow"));
    QVERIFY(follow && follow->isVisible());
    QTest::mouseClick(follow, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(viewer->pages()->rowCount(), 10, Slow);
    QVERIFY(viewer->summaryText().contains(QStringLiteral("10 rows")));
    QCOMPARE(viewer->grid()->topRow(), 0);
    QVERIFY(!viewer->isShowingOldObject());
    QVERIFY(viewer->noticeText().isEmpty());
    QCOMPARE(tabs->tabText(tabs->indexOf(viewer)), QStringLiteral("live"));

    // Deleted: still shown, and said; following then says why nothing shows.
    QVERIFY(run(QStringLiteral("del live\n")));
    QTRY_VERIFY_WITH_TIMEOUT(viewer->noticeText().contains(QLatin1String("was deleted")), Slow);
    QCOMPARE(viewer->pages()->rowCount(), 10);
    viewer->followName();
    QTRY_VERIFY_WITH_TIMEOUT(viewer->noticeText().contains(QLatin1String("no variable")), Slow);

    // Bound to something that is not a table, then to a table again.
    QVERIFY(run(QStringLiteral("live = 5\n")));
    QTRY_VERIFY_WITH_TIMEOUT(viewer->noticeText().contains(QLatin1String("not a table")), Slow);
    QVERIFY(run(QStringLiteral("live = pd.DataFrame({'b': ['back']})\n")));
    QTRY_COMPARE_WITH_TIMEOUT(cellText(viewer, 0, 0), QStringLiteral("back"), Slow);
    QVERIFY(viewer->noticeText().isEmpty());
}

void tst_DataViewer::closingAViewerLetsGoOfItsObject()
{
    // The engine holds the viewer's object: rebinding the name does not free it, closing the
    // viewer does.
    QVERIFY(run(QStringLiteral("import gc, weakref\n"
                               "kept = pd.DataFrame({'a': range(100)})\n"
                               "ref = weakref.ref(kept)\n")));
    DataViewer *viewer = open(QStringLiteral("kept"));
    QVERIFY(run(QStringLiteral("kept = None\ngc.collect()\nalive = ref() is not None\n")));
    QTRY_VERIFY_WITH_TIMEOUT(viewer->isShowingOldObject(), Slow);
    QCOMPARE(cellText(viewer, 99, 0), QStringLiteral("99"));
    std::optional<Client::RunOutcome> held
            = run(QStringLiteral("gc.collect()\nassert ref() is not None, 'let go too early'\n"));
    QVERIFY(held && held->status == Client::RunStatus::Ok);
    m_window->editor()->closeTab(m_window->editor()->tabWidget()->indexOf(viewer));
    QTRY_VERIFY_WITH_TIMEOUT(
            [this] {
                const auto outcome = run(QStringLiteral("gc.collect()\nassert ref() is None\n"));
                return outcome && outcome->status == Client::RunStatus::Ok;
            }(),
            Slow);
}

void tst_DataViewer::multiIndexLevelsAreFrozenColumns()
{
    QVERIFY(run(QStringLiteral(
            "mi = pd.DataFrame({'v': range(6)}, index=pd.MultiIndex.from_product(\n"
            "    [['Oslo', 'Rome'], [2023, 2024, 2025]], names=['city', 'year']))\n")));
    DataViewer *viewer = open(QStringLiteral("mi"));
    const Models::TablePages *pages = viewer->pages();
    QCOMPARE(pages->indexLevels(), 2);
    QCOMPARE(pages->indexNames(), (QStringList{QStringLiteral("city"), QStringLiteral("year")}));
    QCOMPARE(pages->rowLabel(4, 0), QStringLiteral("Rome"));
    QCOMPARE(pages->rowLabel(4, 1), QStringLiteral("2024"));
    DataGrid *grid = viewer->grid();
    QTRY_VERIFY(grid->indexLevelWidth(0) > 0 && grid->indexLevelWidth(1) > 0);
    QCOMPARE(grid->indexWidth(), grid->indexLevelWidth(0) + grid->indexLevelWidth(1));
    QVERIFY(grid->indexLevelWidth(0)
            >= grid->fontMetrics().horizontalAdvance(QStringLiteral("Rome")));
    // Sorted, the labels travel with their rows.
    viewer->setView(Models::TableView{{{0, false}}, {}});
    QTRY_COMPARE_WITH_TIMEOUT(pages->rowLabel(0, 0), QStringLiteral("Rome"), Slow);
    QCOMPARE(pages->rowLabel(0, 1), QStringLiteral("2025"));
    viewer->setView({});
    QTRY_VERIFY_WITH_TIMEOUT(pages->covers(pages->shown()), Slow);
    snap(viewer, QStringLiteral("dataviewer-multiindex.png"));
    m_window->editor()->closeTab(m_window->editor()->tabWidget()->indexOf(viewer));
}

void tst_DataViewer::findCellsInTheEngine()
{
    DataViewer *viewer = open(QStringLiteral("df"));
    DataGrid *grid = viewer->grid();
    grid->setFocus();
    grid->setCurrentCell({0, 0});
    // Ctrl+F, type, Enter: the next cell whose text contains it.
    QTest::keyClick(grid, Qt::Key_F, Qt::ControlModifier);
    TableFindBar *bar = viewer->findBar();
    QVERIFY(bar->isVisible());
    QVERIFY(bar->field()->hasFocus());
    QTest::keyClicks(bar->field(), QStringLiteral("GAMMA"));
    QTest::keyClick(bar->field(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(grid->currentCell() == (DataGrid::Cell{2, 2}), Slow);
    QTest::keyClick(bar->field(), Qt::Key_F3);
    QTRY_VERIFY_WITH_TIMEOUT(grid->currentCell() == (DataGrid::Cell{5, 2}), Slow);
    QTest::keyClick(bar->field(), Qt::Key_Return, Qt::ShiftModifier);
    QTRY_VERIFY_WITH_TIMEOUT(grid->currentCell() == (DataGrid::Cell{2, 2}), Slow);
    snap(viewer, QStringLiteral("dataviewer-find.png"));

    // A value near the end of 10^6 rows: the engine looks a bounded time per request and the
    // viewer asks again from there, showing how far it got; the grid scrolls to the cell.
    bar->field()->clear();
    QTest::keyClicks(bar->field(), QStringLiteral("499999.5"));
    QStringList statuses;
    QTest::keyClick(bar->field(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                statuses << bar->status();
                return grid->currentCell() == (DataGrid::Cell{999'999, 1});
            }(),
            Slow * 2);
    QVERIFY2(std::any_of(statuses.cbegin(),
                         statuses.cend(),
                         [](const QString &s) { return s.contains(QLatin1Char('%')); }),
             qPrintable(statuses.join(QLatin1Char('|'))));
    QVERIFY(!grid->cellRect(grid->currentCell()).isEmpty());

    // Nothing matches: said, and the current cell stays.
    bar->field()->clear();
    QTest::keyClicks(bar->field(), QStringLiteral("no such text"));
    viewer->find(QStringLiteral("no such text")); // the same search, also from code
    QTRY_COMPARE_WITH_TIMEOUT(bar->status(), QStringLiteral("Not found"), Slow * 2);
    QVERIFY(grid->currentCell() == (DataGrid::Cell{999'999, 1}));
    // In a sorted view, rows are numbered in the view.
    viewer->setView(Models::TableView{{{0, false}}, {}});
    QTRY_VERIFY_WITH_TIMEOUT(viewer->pages()->covers(viewer->pages()->shown()), Slow);
    grid->setCurrentCell({0, 0});
    viewer->find(QStringLiteral("999998"));
    QTRY_VERIFY_WITH_TIMEOUT(grid->currentCell() == (DataGrid::Cell{1, 0}), Slow);
    viewer->setView({});
    // Escape closes the bar and gives the grid the keys back.
    QTest::keyClick(bar->field(), Qt::Key_Escape);
    QVERIFY(!bar->isVisible());
}

void tst_DataViewer::pagesArriveWhileCodeRuns()
{
    DataViewer *viewer = open(QStringLiteral("df"));
    std::optional<Client::RunOutcome> outcome;
    Client::Execution *busy = m_session->execute(QStringLiteral("import time\ntime.sleep(6)\n"));
    connect(busy, &Client::Execution::finished, this, [&outcome](const Client::RunOutcome &o) {
        outcome = o;
    });
    QTRY_VERIFY(m_session->state() == Client::SessionState::Busy);
    QSignalSpy complete(viewer->grid(), &DataGrid::screenComplete);
    viewer->grid()->scrollToRow(500'000);
    QVERIFY(complete.wait(5000));
    QVERIFY(viewer->pages()->covers({500'000, 10, 0, 4}));
    QVERIFY(!outcome.has_value()); // read while the code still ran
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), Slow);
}

void tst_DataViewer::badInputsGiveMessages()
{
    const auto made = run(QStringLiteral(
            "class Hostile:\n"
            "    def __repr__(self):\n"
            "        while True: pass\n"
            "class Hangs(list):\n"
            "    def __len__(self):\n"
            "        while True: pass\n"
            "mixed = pd.DataFrame({'m': [1, 'a', None, 2.5, [1, 2], {'k': 1}, Hostile()]})\n"
            "wide = pd.DataFrame(np.zeros((3, 100_000)))\n"
            "longtext = pd.DataFrame({'s': ['x' * 10**9]})\n"
            "hanging = Hangs([{'a': 1}])\n"
            "cube = np.zeros((2, 2, 2))\n"));
    QVERIFY(made && made->status == Client::RunStatus::Ok);

    DataViewer *mixed = open(QStringLiteral("mixed"));
    const QStringList expected{QStringLiteral("1"),
                               QStringLiteral("a"),
                               QStringLiteral("None"),
                               QStringLiteral("2.500000"),
                               QStringLiteral("<list of 2>"),
                               QStringLiteral("<dict of 1>"),
                               QStringLiteral("<Hostile>")};
    for (int row = 0; row < expected.size(); ++row)
        QCOMPARE(cellText(mixed, row, 0), expected.at(row));

    DataViewer *wide = open(QStringLiteral("wide"));
    QCOMPARE(wide->pages()->columnCount(), 100'000);
    QSignalSpy complete(wide->grid(), &DataGrid::screenComplete);
    wide->grid()->setFocus();
    QTest::keyClick(wide->grid(), Qt::Key_End);
    QVERIFY(complete.wait(Slow));
    QCOMPARE(wide->grid()->currentCell().column, 99'999);
    QCOMPARE(wide->pages()->column(99'999).name, QStringLiteral("99999"));
    QVERIFY(!wide->grid()->cellRect(wide->grid()->currentCell()).isEmpty());

    DataViewer *longText = open(QStringLiteral("longtext"));
    const QString cell = cellText(longText, 0, 0);
    QCOMPARE(cell.size(), Protocol::MaxCellChars);
    QVERIFY(cell.endsWith(QChar(0x2026)));

    DataViewer *hanging = open(QStringLiteral("hanging"));
    QTRY_VERIFY_WITH_TIMEOUT(hanging->noticeText().contains(QLatin1String("list(x)")), Slow);
    DataViewer *cube = open(QStringLiteral("cube"));
    QTRY_VERIFY_WITH_TIMEOUT(cube->noticeText().contains(QLatin1String("3 dimensions")), Slow);

    // The session still answers.
    QVERIFY(run(QStringLiteral("del longtext\n")));
    for (DataViewer *viewer : {mixed, wide, longText, hanging, cube})
        m_window->editor()->closeTab(m_window->editor()->tabWidget()->indexOf(viewer));
}

void tst_DataViewer::restartAndCrashUnderTheViewer()
{
    DataViewer *viewer = open(QStringLiteral("small"));
    m_session->restart();
    QVERIFY(viewer->noticeText().contains(QLatin1String("restarted")));
    QTRY_VERIFY_WITH_TIMEOUT(m_session->state() == Client::SessionState::Idle, Slow);
    QVERIFY(run(QStringLiteral("import pandas as pd\nsmall = pd.DataFrame({'a': [42]})\n")));
    QTRY_COMPARE_WITH_TIMEOUT(cellText(viewer, 0, 0), QStringLiteral("42"), Slow);
    QVERIFY(viewer->noticeText().isEmpty());

    // A crash while the viewer is open: a notice, and the window keeps working.
    run(QStringLiteral("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"));
    QTRY_VERIFY_WITH_TIMEOUT(!viewer->noticeText().isEmpty(), Slow);
    viewer->grid()->scrollToRow(0);
    viewer->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(!viewer->noticeText().isEmpty(), Slow);
    QVERIFY(run(QStringLiteral("import pandas as pd\nsmall = pd.DataFrame({'a': [7]})\n")));
    QTRY_COMPARE_WITH_TIMEOUT(cellText(viewer, 0, 0), QStringLiteral("7"), Slow);
}

namespace {

void clickHeader(DataGrid *grid, qint64 column, Qt::KeyboardModifiers modifiers = {})
{
    const QRect cell = grid->cellRect({grid->topRow(), column});
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, modifiers, QPoint(cell.center().x(), 5));
}

bool showsView(DataViewer *viewer)
{
    const Models::TablePages *pages = viewer->pages();
    return QTest::qWaitFor([pages] { return !pages->isWaiting() && pages->covers(pages->shown()); },
                           Slow);
}

} // namespace

void tst_DataViewer::headerClicksSortInTheEngine()
{
    QVERIFY(run(QStringLiteral("sorted = pd.DataFrame({'x': [3.0, np.nan, 1.0, 2.0],\n"
                               "    'g': ['b', 'a', 'b', 'a']}, index=list('pqrs'))\n")));
    DataViewer *viewer = open(QStringLiteral("sorted"));
    DataGrid *grid = viewer->grid();
    const auto labels = [viewer] {
        QStringList out;
        for (qint64 row = 0; row < viewer->pages()->rowCount(); ++row)
            out << viewer->pages()->rowLabel(row);
        return out.join(QLatin1Char(' '));
    };
    clickHeader(grid, 0);
    QVERIFY(showsView(viewer));
    QCOMPARE(labels(), QStringLiteral("r s p q")); // NaN last
    clickHeader(grid, 0);
    QVERIFY(showsView(viewer));
    QCOMPARE(labels(), QStringLiteral("p s r q")); // NaN last descending too
    // Shift+click: a second key, g ascending, after x.
    clickHeader(grid, 1, Qt::ShiftModifier);
    QCOMPARE(viewer->pages()->view().sort.size(), 2);
    QVERIFY(showsView(viewer));
    clickHeader(grid, 1); // a plain click: g alone
    QVERIFY(showsView(viewer));
    QCOMPARE(labels(), QStringLiteral("q s p r"));
    clickHeader(grid, 1);
    clickHeader(grid, 1); // third click: as the object has it
    QVERIFY(showsView(viewer));
    QVERIFY(viewer->pages()->view().isEmpty());
    QCOMPARE(labels(), QStringLiteral("p q r s")); // the object itself never changed
    snap(viewer, QStringLiteral("dataviewer-sorted.png"));
}

void tst_DataViewer::filterBarShowsMatchingRows()
{
    DataViewer *viewer = open(QStringLiteral("df"));
    FilterBar *bar = viewer->filterBar();
    viewer->findChild<QToolButton *>(QStringLiteral("DataViewerFilter"))->click();
    QVERIFY(bar->isVisible());
    bar->clear();
    bar->addCondition(0, Protocol::FilterOp::Less, QStringLiteral("not a number"));
    viewer->applyFilter();
    QVERIFY(bar->problem().contains(QLatin1String("not a number")));
    QVERIFY(viewer->pages()->view().isEmpty());

    bar->clear();
    bar->addCondition(0, Protocol::FilterOp::Between, QStringLiteral("10"), QStringLiteral("20"));
    bar->addCondition(2, Protocol::FilterOp::Equal, QStringLiteral("beta"));
    QTest::mouseClick(bar->findChild<QPushButton *>(QStringLiteral("FilterApply")), Qt::LeftButton);
    QVERIFY(showsView(viewer));
    QCOMPARE(viewer->pages()->rowCount(), 4); // 10, 13, 16, 19
    QCOMPARE(viewer->pages()->rowLabel(0), QStringLiteral("10"));
    QVERIFY2(viewer->summaryText().contains(QStringLiteral("4 of")),
             qPrintable(viewer->summaryText()));
    bar->setMatchAll(false);
    viewer->applyFilter();
    QVERIFY(showsView(viewer));
    QCOMPARE(viewer->pages()->rowCount(), 333'333 + 11 - 4);
    snap(viewer, QStringLiteral("dataviewer-filtered.png"));
}

void tst_DataViewer::viewCodeGivesTheSameRows()
{
    DataViewer *viewer = open(QStringLiteral("df"));
    Models::TableView view;
    view.filter.conditions = {{1, Protocol::FilterOp::Greater, QCborArray{100.0}},
                              {2,
                               Protocol::FilterOp::In,
                               QCborArray{QStringLiteral("alpha"), QStringLiteral("gamma")}}};
    view.sort = {{2, false}, {1, true}};
    viewer->setView(view);
    QVERIFY(showsView(viewer));
    QStringList shown;
    for (qint64 row = 0; row < 5; ++row)
        shown << viewer->pages()->rowLabel(row);

    // "To Code" writes it into the editor; the code run in the session gives the same rows.
    QToolButton *toCode = viewer->findChild<QToolButton *>(QStringLiteral("DataViewerToCode"));
    QVERIFY(toCode->isEnabled());
    toCode->click();
    CodeEditor *editor = m_window->editor()->currentEditor();
    QVERIFY(editor);
    const QString code = viewer->viewCode();
    QVERIFY2(editor->text().endsWith(code), qPrintable(editor->text()));
    QVERIFY(run(code
                + QStringLiteral("labels = ' '.join(str(i) for i in view.index[:5])\n"
                                 "rows = len(view)\n")));
    DataViewer *labels = open(QStringLiteral("view"));
    QCOMPARE(labels->pages()->rowCount(), viewer->pages()->rowCount());
    QCOMPARE(labels->pages()->rowLabel(4), shown.at(4));
    QCOMPARE(labels->pages()->rowLabel(0), shown.at(0));
    m_window->editor()->closeTab(m_window->editor()->tabWidget()->indexOf(labels));
    // The same view as one expression (what Export… writes for "the rows shown").
    QVERIFY(run(QStringLiteral("assert view.equals(%1)\n").arg(viewer->viewExpression())));
    viewer->setView({});
}

void tst_DataViewer::filterByCellAndEmptyViews()
{
    QVERIFY(run(QStringLiteral("fb = pd.DataFrame({'r': ['a', 'b', 'a'], 'n': [1, 2, 3]})\n")));
    DataViewer *viewer = open(QStringLiteral("fb"));
    // With the filter bar closed, "Filter by This Value" adds just that condition.
    viewer->filterByCell({2, 0});
    QCOMPARE(viewer->filterBar()->conditionCount(), 1);
    QVERIFY(showsView(viewer));
    QCOMPARE(viewer->pages()->rowCount(), 2);
    // A filter no row meets: the header keeps its names and the viewer says why it is empty.
    viewer->filterBar()->clear();
    viewer->filterBar()->addCondition(1, Protocol::FilterOp::Greater, QStringLiteral("10"));
    viewer->applyFilter();
    QTRY_COMPARE_WITH_TIMEOUT(viewer->pages()->rowCount(), 0, Slow);
    QCOMPARE(viewer->pages()->column(0).name, QStringLiteral("r"));
    QVERIFY2(viewer->noticeText().contains(QLatin1String("No row")),
             qPrintable(viewer->noticeText()));
    // Keys in an empty view move nothing and break nothing.
    viewer->grid()->setFocus();
    for (const Qt::Key key : {Qt::Key_Down, Qt::Key_End, Qt::Key_PageDown, Qt::Key_Right})
        QTest::keyClick(viewer->grid(), key, Qt::ControlModifier);
    QTest::keyClick(viewer->grid(), Qt::Key_Up);
    QCOMPARE(viewer->pages()->rowCount(), 0);
    m_window->editor()->closeTab(m_window->editor()->tabWidget()->indexOf(viewer));
}

void tst_DataViewer::columnsWidenForWiderCells()
{
    QVERIFY(run(QStringLiteral("wv = pd.DataFrame({'v': [1] * 3000 + [123456789012345]})\n")));
    DataViewer *viewer = open(QStringLiteral("wv"));
    DataGrid *grid = viewer->grid();
    const int narrow = grid->cellRect({0, 0}).width();
    grid->setFocus();
    QTest::keyClick(grid, Qt::Key_End, Qt::ControlModifier);
    QVERIFY(showsView(viewer));
    const QString text = cellText(viewer, 3000, 0);
    QVERIFY(grid->cellRect({3000, 0}).width() > narrow);
    QVERIFY2(grid->fontMetrics().horizontalAdvance(text) < grid->cellRect({3000, 0}).width(),
             qPrintable(text));
    m_window->editor()->closeTab(m_window->editor()->tabWidget()->indexOf(viewer));
}

void tst_DataViewer::longSortShowsProgressAndCancels()
{
    QVERIFY(run(QStringLiteral("rng = np.random.default_rng(5)\n"
                               "long = pd.DataFrame({'x': rng.random(3_000_000).astype(str)})\n")));
    DataViewer *viewer = open(QStringLiteral("long"));
    viewer->sortByColumn(0);
    QTRY_VERIFY_WITH_TIMEOUT(!viewer->progressText().isEmpty(), 10000);
    viewer->cancelView();
    QVERIFY(viewer->pages()->view().isEmpty());
    QVERIFY(showsView(viewer));
    QCOMPARE(viewer->pages()->rowLabel(0), QStringLiteral("0"));
    QVERIFY(viewer->progressText().isEmpty());
    m_window->editor()->closeTab(m_window->editor()->tabWidget()->indexOf(viewer));
    QVERIFY(run(QStringLiteral("del long\n")));
}

// A Dask DataFrame: Variables shows its partitions without computing it; the viewer shows the
// first partition, moves between partitions with the bar's arrows, counts the rows on request,
// and sorts and filters with Dask (the partitions are those of the result).
void tst_DataViewer::daskFrameByPartition()
{
    QVERIFY(run(QStringLiteral("import dask.dataframe as dd\n"
                               "parts = pd.DataFrame({'k': [f'k{i % 7}' for i in range(1000)],\n"
                               "    'v': np.arange(1000.0)})\n"
                               "big = dd.from_pandas(parts, npartitions=4).assign(w=lambda f: "
                               "f.v * 2)\n")));
    Models::VariablesModel *model = m_window->variables()->model();
    QTRY_VERIFY_WITH_TIMEOUT(model->summary(QStringLiteral("big")), Slow);
    const Protocol::VariableSummary *summary = model->summary(QStringLiteral("big"));
    QCOMPARE(summary->kind, QStringLiteral("daskframe"));
    QCOMPARE(Models::VariablesModel::shapeText(summary->shape), QStringLiteral("? × 3"));
    QVERIFY2(summary->repr.contains(u"4 partitions · not computed"), qPrintable(summary->repr));
    QVERIFY(VariablesView::isViewable(*summary));

    DataViewer *viewer = open(QStringLiteral("big"));
    QVERIFY(viewer);
    const Models::TablePages *pages = viewer->pages();
    QCOMPARE(pages->partitions(), 4);
    QCOMPARE(pages->rowCount(), 250);
    QCOMPARE(pages->columnCount(), 3);
    QVERIFY(viewer->partitionBar()->isVisible());
    QVERIFY2(viewer->summaryText().contains(u"250 rows in partition 1 of 4"),
             qPrintable(viewer->summaryText()));
    QCOMPARE(pages->cell(3, 2).toDouble(), 6.0);
    QVERIFY(!viewer->findChild<QToolButton *>(QStringLiteral("DataViewerExport"))->isVisible());
    // A column's summary would compute the whole frame: the cell menu does not offer it.
    std::unique_ptr<QMenu> menu(viewer->createCellMenu({0, 1}));
    QStringList items;
    for (const QAction *action : menu->actions())
        items << action->text();
    menu.reset();
    QVERIFY2(items.contains(u"Filter by This Value") && !items.contains(u"Summary of This Column"),
             qPrintable(items.join(u", ")));
    snap(viewer, QStringLiteral("dataviewer-dask.png"));

    // The next partition, with a click on the bar's arrow.
    QToolButton *next = nullptr;
    for (QToolButton *button : viewer->partitionBar()->findChildren<QToolButton *>()) {
        if (button->arrowType() == Qt::RightArrow)
            next = button;
    }
    QVERIFY(next);
    QTest::mouseClick(next, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(pages->view().partition == 1 && pages->hasExtent()
                                     && pages->covers(pages->shown()),
                             Slow);
    QCOMPARE(pages->rowLabel(0), QStringLiteral("250"));
    QCOMPARE(pages->cell(0, 1).toDouble(), 250.0);
    QVERIFY2(viewer->summaryText().contains(u"partition 2 of 4"),
             qPrintable(viewer->summaryText()));

    // The rows in all, on request.
    auto count = viewer->partitionBar()->findChild<QPushButton *>(
            QStringLiteral("PartitionCountRows"));
    QTest::mouseClick(count, Qt::LeftButton);
    QTRY_VERIFY2_WITH_TIMEOUT(
            viewer->partitionBar()->countText().contains(QLocale().toString(1000)),
            qPrintable(viewer->partitionBar()->countText()),
            Slow);

    // Sorted by v, descending, with Dask: the first partition of the result starts at 999 and the
    // count is of the old rows no more.
    viewer->sortByColumn(1);
    viewer->sortByColumn(1);
    QTRY_VERIFY_WITH_TIMEOUT(pages->hasExtent() && pages->covers(pages->shown())
                                     && pages->cell(0, 1).toDouble() == 999.0,
                             Slow);
    QCOMPARE(pages->view().partition, 0);
    QVERIFY2(viewer->partitionBar()->countText().contains(u"not counted"),
             qPrintable(viewer->partitionBar()->countText()));
    // Two keys in two directions: Dask cannot, and says so.
    viewer->setView(Models::TableView{{{0, true}, {1, false}}, {}});
    QTRY_VERIFY2_WITH_TIMEOUT(viewer->noticeText().contains(u"one direction only"),
                              qPrintable(viewer->noticeText()),
                              Slow);
    // A filter keeps the rows of one key, computed partition by partition.
    Protocol::TableFilter filter;
    filter.conditions = {{0, Protocol::FilterOp::Equal, QCborArray{QStringLiteral("k3")}}};
    viewer->setView(Models::TableView{{}, filter});
    QTRY_VERIFY_WITH_TIMEOUT(pages->hasExtent() && pages->covers(pages->shown()), Slow);
    QCOMPARE(pages->cell(0, 0).toString(), QStringLiteral("k3"));
    QCOMPARE(pages->cell(1, 1).toDouble(), 10.0);
    m_window->editor()->closeTab(m_window->editor()->tabWidget()->indexOf(viewer));
    QVERIFY(run(QStringLiteral("del big, parts\n")));
}

void tst_DataViewer::summaryWithChart()
{
    DataViewer *viewer = open(QStringLiteral("df"));
    SummaryPanel *panel = viewer->summaryPanel();
    std::unique_ptr<QMenu> menu(viewer->createCellMenu({0, 1}));
    QVERIFY(std::ranges::any_of(menu->actions(), [](const QAction *action) {
        return action->text() == u"Summary of This Column";
    }));
    menu.reset(); // before the viewer, which owns it, goes
    viewer->findChild<QToolButton *>(QStringLiteral("DataViewerSummaryButton"))->click();
    QVERIFY(panel->isVisible());
    viewer->summarizeColumn(1);
    QTRY_VERIFY2_WITH_TIMEOUT(
            panel->text().contains(QLatin1String("Median")), qPrintable(panel->text()), Slow);
    QVERIFY2(panel->text().contains(QLocale().toString(1'000'000)), qPrintable(panel->text()));
    QCOMPARE(panel->chartPoints(), 30); // a histogram
    // Moving to another column summarises that one: the text column shows its top values.
    viewer->grid()->setCurrentCell({0, 2});
    QTRY_VERIFY_WITH_TIMEOUT(panel->text().contains(QLatin1String("label")), Slow);
    QTRY_COMPARE_WITH_TIMEOUT(panel->chartPoints(), 3, Slow); // alpha, beta, gamma
    snap(viewer, QStringLiteral("dataviewer-summary.png"));
    // The viewer never crowds the docks out of a small window.
    QVERIFY2(viewer->minimumSizeHint().width() < 450,
             qPrintable(QString::number(viewer->minimumSizeHint().width())));
    viewer->findChild<QToolButton *>(QStringLiteral("DataViewerSummaryButton"))->click();
    QVERIFY(!panel->isVisible());
}

void tst_DataViewer::viewMagicOpensAViewer()
{
    QTabWidget *tabs = m_window->editor()->tabWidget();
    // From the console, as a user types it: an expression gets a name of its own.
    Client::Execution *magic = m_window->console()->run(QStringLiteral("%view df.tail(3)"));
    QSignalSpy finished(magic, &Client::Execution::finished);
    QVERIFY(finished.wait(Slow));
    auto viewer = qobject_cast<DataViewer *>(tabs->currentWidget());
    QVERIFY(viewer);
    QCOMPARE(viewer->name(), QStringLiteral("_view1"));
    QVERIFY(showsView(viewer));
    QCOMPARE(viewer->pages()->rowCount(), 3);
    QCOMPARE(viewer->pages()->rowLabel(0), QStringLiteral("999997"));
    // sandpiper.view(obj) of a named object follows that name.
    m_window->editor()->setCurrentEditor(m_window->editor()->editors().first());
    Client::Execution *call = m_window->console()->run(QStringLiteral("sandpiper.view(small)"));
    QSignalSpy called(call, &Client::Execution::finished);
    QVERIFY(called.wait(Slow));
    viewer = qobject_cast<DataViewer *>(tabs->currentWidget());
    QVERIFY(viewer);
    QCOMPARE(viewer->name(), QStringLiteral("small"));
    // Python names in any script open too.
    Client::Execution *chinese
            = m_window->console()->run(QStringLiteral("销售 = small.copy()\nsandpiper.view(销售)"));
    QSignalSpy viewed(chinese, &Client::Execution::finished);
    QVERIFY(viewed.wait(Slow));
    viewer = qobject_cast<DataViewer *>(tabs->currentWidget());
    QVERIFY(viewer);
    QCOMPARE(viewer->name(), QStringLiteral("销售"));
    // What the engine names is untrusted: anything but an identifier opens nothing.
    const int count = tabs->count();
    Protocol::DisplayData forged;
    forged.data.insert(QLatin1String(MainWindow::ViewMime),
                       QStringLiteral("{\"name\": \"a b; rm -rf\"}"));
    m_window->openRequestedViewer(forged);
    forged.data.insert(QLatin1String(MainWindow::ViewMime), QStringLiteral("not json"));
    m_window->openRequestedViewer(forged);
    QCOMPARE(tabs->count(), count);
}

void tst_DataViewer::histogramFromVariablesMenu()
{
    QVERIFY(run(QStringLiteral("prices = df['price']\nlabels_only = df['label']\n")));
    VariablesView *variables = m_window->variables();
    QTRY_VERIFY_WITH_TIMEOUT(variables->model()->indexOf(QStringLiteral("labels_only")).isValid(),
                             Slow);
    const auto histogramAction = [variables](const QString &name) {
        variables->selectName(name);
        variables->view()->setCurrentIndex(
                variables->view()->selectionModel()->selectedRows().first());
        QMenu *menu = variables->createContextMenu(variables);
        QAction *found = nullptr;
        for (QAction *action : menu->actions()) {
            if (action->text() == VariablesView::tr("Plot Histogram"))
                found = action;
        }
        return std::pair{menu, found};
    };
    auto [textMenu, textAction] = histogramAction(QStringLiteral("labels_only"));
    QVERIFY(textAction);
    QVERIFY(!textAction->isEnabled()); // text has no histogram
    delete textMenu;
    variables->view()->clearSelection();
    auto [menu, action] = histogramAction(QStringLiteral("prices"));
    QVERIFY(action->isEnabled());
    action->trigger();
    delete menu;
    auto viewer = qobject_cast<DataViewer *>(m_window->editor()->tabWidget()->currentWidget());
    QVERIFY(viewer);
    QCOMPARE(viewer->name(), QStringLiteral("prices"));
    QTRY_COMPARE_WITH_TIMEOUT(viewer->summaryPanel()->chartPoints(), 30, Slow);
    QVERIFY(viewer->summaryPanel()->isVisible());
}

namespace {

// The row under parent (of the dock's view) whose name reads text; invalid when there is none.
QModelIndex rowNamed(QTreeView *tree, const QString &text, const QModelIndex &parent = {})
{
    const QAbstractItemModel *model = tree->model();
    for (int row = 0; row < model->rowCount(parent); ++row) {
        if (model->index(row, 0, parent).data().toString() == text)
            return model->index(row, 0, parent);
    }
    return {};
}

// A double click as the window system sends it: press, release, then the double click.
void doubleClick(QTreeView *tree, const QModelIndex &index)
{
    const QPoint at = tree->visualRect(index).center();
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, at);
}

// Expands a row with the Right key, as a user does.
void expandByKey(QTreeView *tree, const QModelIndex &index)
{
    tree->setFocus();
    tree->setCurrentIndex(index);
    QTest::keyClick(tree, Qt::Key_Right);
}

} // namespace

void tst_DataViewer::membersExpandInTheVariablesDock()
{
    QVERIFY(run(QStringLiteral(
            "import types\n"
            "nested = {'frame': pd.DataFrame({'id': range(50), 'price': np.linspace(0, 1, 50),\n"
            "                                 'name': ['n%d' % i for i in range(50)]}),\n"
            "          'rows': list(range(250)),\n"
            "          'obj': types.SimpleNamespace(a=1, b=[1, 2])}\n")));
    VariablesView *variables = m_window->variables();
    QTreeView *tree = variables->view();
    QTRY_VERIFY_WITH_TIMEOUT(rowNamed(tree, QStringLiteral("nested")).isValid(), Slow);
    QPersistentModelIndex nested = rowNamed(tree, QStringLiteral("nested"));
    QVERIFY(tree->model()->hasChildren(nested));
    // Enter on a dict opens it in the tree (a viewer is for tables: View in the menu).
    const int tabs = m_window->editor()->tabWidget()->count();
    tree->setFocus();
    tree->setCurrentIndex(nested);
    QTest::keyClick(tree, Qt::Key_Return);
    QVERIFY(tree->isExpanded(nested));
    QCOMPARE(m_window->editor()->tabWidget()->count(), tabs);
    // Members in the dict's order, named as code writes them.
    QTRY_COMPARE_WITH_TIMEOUT(tree->model()->rowCount(nested), 3, Slow);
    QCOMPARE(tree->model()->index(0, 0, nested).data().toString(), QStringLiteral("['frame']"));
    QCOMPARE(tree->model()->index(1, 0, nested).data().toString(), QStringLiteral("['rows']"));
    QCOMPARE(tree->model()->index(2, 0, nested).data().toString(), QStringLiteral("['obj']"));
    QCOMPARE(tree->model()->index(2, Models::VariablesModel::Type, nested).data().toString(),
             QStringLiteral("SimpleNamespace"));

    // 100 at a time: a double click on the last row shows the next ones.
    QPersistentModelIndex rows = rowNamed(tree, QStringLiteral("['rows']"), nested);
    expandByKey(tree, rows);
    QTRY_COMPARE_WITH_TIMEOUT(tree->model()->rowCount(rows), 101, Slow);
    QModelIndex more = tree->model()->index(100, 0, rows);
    QCOMPARE(more.data().toString(), QStringLiteral("Show 100 more (100 of 250 shown)"));
    QVERIFY(tree->isFirstColumnSpanned(100, rows));
    QCOMPARE(tree->model()->index(99, Models::VariablesModel::Value, rows).data().toString(),
             QStringLiteral("99"));
    tree->scrollTo(more);
    doubleClick(tree, more);
    QTRY_COMPARE_WITH_TIMEOUT(tree->model()->rowCount(rows), 201, Slow);
    more = tree->model()->index(200, 0, rows);
    tree->setCurrentIndex(more);
    QTest::keyClick(tree, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(tree->model()->rowCount(rows), 250, Slow);

    // A run that changes a member shows in place; what was expanded stays expanded.
    QVERIFY(run(QStringLiteral("nested['rows'].append(-1)\nnested['obj'].a = 'changed'\n")));
    QTRY_COMPARE_WITH_TIMEOUT(tree->model()->rowCount(rows), 251, Slow);
    QCOMPARE(tree->model()->index(250, 0, rows).data().toString(),
             QStringLiteral("Show 1 more (250 of 251 shown)"));
    QVERIFY(tree->isExpanded(rows) && tree->isExpanded(nested));
    QPersistentModelIndex obj = rowNamed(tree, QStringLiteral("['obj']"), nested);
    expandByKey(tree, obj);
    QTRY_COMPARE_WITH_TIMEOUT(tree->model()->rowCount(obj), 2, Slow);
    QCOMPARE(tree->model()->index(0, 0, obj).data().toString(), QStringLiteral(".a"));
    QCOMPARE(tree->model()->index(0, Models::VariablesModel::Value, obj).data().toString(),
             QStringLiteral("'changed'"));
    // Copy Name gives the member as code.
    tree->setCurrentIndex(tree->model()->index(0, 0, obj));
    variables->copySelectedNames();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("nested['obj'].a"));

    // A frame member opens in a viewer with a double click; its columns are members too, and a
    // numeric one plots its histogram.
    QPersistentModelIndex frame = rowNamed(tree, QStringLiteral("['frame']"), nested);
    tree->scrollTo(frame);
    doubleClick(tree, frame);
    auto viewer = qobject_cast<DataViewer *>(m_window->editor()->tabWidget()->currentWidget());
    QVERIFY(viewer);
    QPointer<DataViewer> frameViewer = viewer;
    QCOMPARE(viewer->name(), QStringLiteral("nested['frame']"));
    QTRY_COMPARE_WITH_TIMEOUT(viewer->pages()->rowCount(), 50, Slow);
    QCOMPARE(viewer->pages()->columnCount(), 3);
    QCOMPARE(m_window->editor()->tabWidget()->tabText(
                     m_window->editor()->tabWidget()->currentIndex()),
             QStringLiteral("nested['frame']"));
    expandByKey(tree, frame);
    QTRY_COMPARE_WITH_TIMEOUT(tree->model()->rowCount(frame), 3, Slow);
    const QModelIndex price = rowNamed(tree, QStringLiteral("['price']"), frame);
    QCOMPARE(price.siblingAtColumn(Models::VariablesModel::Type).data().toString(),
             QStringLiteral("Series"));
    tree->selectionModel()->clearSelection();
    tree->setCurrentIndex(price);
    QMenu *menu = variables->createContextMenu(variables);
    QAction *histogram = nullptr;
    QAction *remove = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->text() == VariablesView::tr("Plot Histogram"))
            histogram = action;
        if (action->text() == VariablesView::tr("Delete from Session…"))
            remove = action;
    }
    QVERIFY(histogram && histogram->isEnabled());
    QVERIFY(remove && !remove->isEnabled()); // members are not deleted from the dock
    histogram->trigger();
    delete menu;
    viewer = qobject_cast<DataViewer *>(m_window->editor()->tabWidget()->currentWidget());
    QVERIFY(viewer);
    QCOMPARE(viewer->name(), QStringLiteral("nested['frame']['price']"));
    QTRY_COMPARE_WITH_TIMEOUT(viewer->summaryPanel()->chartPoints(), 30, Slow);
    snap(viewer, QStringLiteral("variables-members.png"));

    // The member replaced: its viewer keeps the old object and says so; viewing the member
    // again opens the new one beside it.
    QVERIFY(run(QStringLiteral("nested['frame'] = nested['frame'].head(5)\n")));
    QVERIFY(frameViewer);
    QTRY_VERIFY_WITH_TIMEOUT(frameViewer->isShowingOldObject(), Slow);
    QCOMPARE(frameViewer->pages()->rowCount(), 50);
    DataViewer *fresh = m_window->openDataViewer(
            Models::TableSource{QStringLiteral("nested"), {{0, QStringLiteral("['frame']")}}},
            QStringLiteral("DataFrame"));
    QVERIFY(fresh && fresh != frameViewer);
    QTRY_COMPARE_WITH_TIMEOUT(fresh->pages()->rowCount(), 5, Slow);
}

void tst_DataViewer::filterColumnsFollowTheObject()
{
    // Regression: an open filter bar kept listing the columns of the object shown before.
    QVERIFY(run(QStringLiteral("cols = pd.DataFrame({'a': [1, 2, 3], 'b': [2, 3, 4]})\n")));
    DataViewer *viewer = open(QStringLiteral("cols"));
    QTRY_VERIFY_WITH_TIMEOUT(!viewer->pages()->cell(0, 1).isInvalid(), Slow);
    const auto items = [viewer] {
        QStringList texts;
        auto box = viewer->filterBar()->findChild<QComboBox *>(QStringLiteral("FilterColumn"));
        for (int i = 0; box && i < box->count(); ++i)
            texts << box->itemText(i);
        return texts;
    };
    // The filter bar opens with "b = 2"; filtering changes the rows only, so the list of
    // columns and the condition stay as they are.
    viewer->filterByCell({0, 1});
    QTRY_COMPARE_WITH_TIMEOUT(viewer->pages()->rowCount(), 1, Slow);
    QCOMPARE(items(), (QStringList{QStringLiteral("a (int64)"), QStringLiteral("b (int64)")}));
    QVERIFY(run(QStringLiteral("cols = pd.DataFrame({'z': [1.5]})\n")));
    QTRY_VERIFY_WITH_TIMEOUT(viewer->isShowingOldObject(), Slow);
    viewer->setView({});
    viewer->followName();
    QTRY_COMPARE_WITH_TIMEOUT(viewer->pages()->columnCount(), 1, Slow);
    QTRY_VERIFY_WITH_TIMEOUT(items().contains(QStringLiteral("z (float64)")), Slow);
    QVERIFY2(!items().contains(QStringLiteral("b (int64)")), qPrintable(items().join(',')));
    m_window->editor()->closeTab(m_window->editor()->tabWidget()->indexOf(viewer));
}

// Export… from the Variables dock's menu on the variable, chosen as a click does: the current
// row, alone in the selection. False when the action is missing or disabled.
bool tst_DataViewer::exportFromTheDock(const QString &name)
{
    VariablesView *variables = m_window->variables();
    variables->view()->setCurrentIndex(rowNamed(variables->view(), name));
    std::unique_ptr<QMenu> menu(variables->createContextMenu(variables));
    for (QAction *action : menu->actions()) {
        if (action->text() == VariablesView::tr("Export…") && action->isEnabled()) {
            action->trigger();
            return true;
        }
    }
    return false;
}

void tst_DataViewer::exportFromTheDockAndTheViewer()
{
    QVERIFY(run(QStringLiteral("exp = pd.DataFrame({'a': [1, 2, 3], 'price': [1.5, None, 2.25],\n"
                               "                    'city': ['Zürich', '北京', 'a;b']})\n")));
    VariablesView *variables = m_window->variables();
    QTRY_VERIFY_WITH_TIMEOUT(variables->model()->indexOf(QStringLiteral("exp")).isValid(), Slow);
    QTemporaryDir out;
    QVERIFY(out.isValid());

    // From the dock: Excel, with a copy saved out of the workspace.
    const QString xlsx = out.filePath(QStringLiteral("exp.xlsx"));
    QString shownCode;
    m_window->setExportPrompt([&](TableExportDialog &dialog) -> bool {
        [&] {
            QCOMPARE(dialog.fileNameEdit()->text(), QStringLiteral("exp.csv"));
        }();
        dialog.formatBox()->setCurrentIndex(
                dialog.formatBox()->findData(int(Models::TableExport::Format::Excel)));
        [&] {
            QCOMPARE(dialog.fileNameEdit()->text(), QStringLiteral("exp.xlsx"));
        }();
        dialog.setDestination(xlsx);
        shownCode = dialog.findChild<QLabel *>(QStringLiteral("ExportPreview"))->text();
        if (!qEnvironmentVariableIsEmpty("SANDPIPER_SCREENSHOT_DIR")) {
            dialog.show();
            dialog.grab().save(QDir(qEnvironmentVariable("SANDPIPER_SCREENSHOT_DIR"))
                                       .filePath(QStringLiteral("export-dialog.png")));
        }
        return true;
    });
    QVERIFY(exportFromTheDock(QStringLiteral("exp")));
    QCOMPARE(shownCode, QStringLiteral("sandpiper.export(exp, 'exp.xlsx');"));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(xlsx) && QFileInfo(xlsx).size() > 0, Slow);
    // The session reads back what it wrote: the same frame.
    const auto same = run(QStringLiteral(
            "pd.testing.assert_frame_equal(pd.read_excel('exp.xlsx', index_col=0), exp)\n"));
    QVERIFY(same && same->status == Client::RunStatus::Ok);
    QFile copy(xlsx);
    QVERIFY(copy.open(QIODevice::ReadOnly));
    QCOMPARE(copy.read(2), QByteArray("PK")); // a zip: an xlsx workbook

    // From the viewer's button: CSV with a semicolon, UTF-8 with a BOM, no index; the dialog
    // offers the format chosen last.
    DataViewer *viewer = open(QStringLiteral("exp"));
    const QString csv = out.filePath(QStringLiteral("exp.csv"));
    m_window->setExportPrompt([&](TableExportDialog &dialog) -> bool {
        [&] {
            QCOMPARE(dialog.options().format, Models::TableExport::Format::Excel);
        }();
        Models::TableExport chosen = dialog.options();
        chosen.format = Models::TableExport::Format::Csv;
        chosen.fileName = QStringLiteral("exp.csv");
        chosen.separator = QStringLiteral(";");
        chosen.encoding = QStringLiteral("utf-8-sig");
        chosen.index = false;
        dialog.setOptions(chosen);
        dialog.setDestination(csv);
        return true;
    });
    auto button = viewer->findChild<QToolButton *>(QStringLiteral("DataViewerExport"));
    QVERIFY(button && button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(csv) && QFileInfo(csv).size() > 0, Slow);
    QFile text(csv);
    QVERIFY(text.open(QIODevice::ReadOnly));
    const QByteArray bytes = text.readAll();
    QVERIFY(bytes.startsWith("\xef\xbb\xbf"
                             "a;price;city"));
    QVERIFY2(bytes.contains("3;2.25;\"a;b\""), bytes.constData());
    QVERIFY(bytes.contains("北京"));

    // From the viewer, the rows it shows (sorted by price, largest first) or its selection.
    viewer->setView(Models::TableView{{{1, false}}, {}});
    QVERIFY(showsView(viewer));
    DataGrid *grid = viewer->grid();
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, grid->cellRect({0, 0}).center());
    QTest::mouseClick(
            grid->viewport(), Qt::LeftButton, Qt::ShiftModifier, grid->cellRect({1, 1}).center());
    for (int choice : {1, 2}) {
        QString line;
        m_window->setExportPrompt([&](TableExportDialog &dialog) -> bool {
            [&] {
                QCOMPARE(dialog.rowsBox()->count(), 3);
            }();
            dialog.rowsBox()->setCurrentIndex(choice);
            Models::TableExport chosen = dialog.options();
            chosen.fileName = QStringLiteral("part%1.csv").arg(choice);
            chosen.separator = QStringLiteral(",");
            chosen.encoding = QStringLiteral("utf-8");
            chosen.index = true;
            dialog.setOptions(chosen);
            line = dialog.code();
            return true;
        });
        // The viewer's button offers the whole table, the rows shown and the selection.
        QTest::mouseClick(button, Qt::LeftButton);
        const QString written = QDir(m_window->workspaceTransfer()->workspacePath())
                                        .filePath(QStringLiteral("part%1.csv").arg(choice));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(written), Slow);
        QVERIFY2(line.contains(choice == 1 ? QStringLiteral(".sort_values(")
                                           : QStringLiteral(".iloc[0:2, 0:2]")),
                 qPrintable(line));
    }
    const auto parts = run(QStringLiteral(
            "shown = exp.sort_values(by=['price'], ascending=[False], na_position='last')\n"
            "pd.testing.assert_frame_equal(pd.read_csv('part1.csv', index_col=0), shown)\n"
            "pd.testing.assert_frame_equal(pd.read_csv('part2.csv', index_col=0),\n"
            "                              shown.iloc[0:2, 0:2])\n"));
    QVERIFY(parts && parts->status == Client::RunStatus::Ok);
    viewer->setView({});

    // A run that fails (GBK cannot hold the emoji) says why in the console and copies nothing.
    QVERIFY(run(QStringLiteral("exp.loc[0, 'city'] = 'smile \\U0001F600'\n")));
    const QString gbk = out.filePath(QStringLiteral("exp-gbk.csv"));
    m_window->setExportPrompt([&](TableExportDialog &dialog) {
        Models::TableExport chosen = dialog.options();
        chosen.fileName = QStringLiteral("exp-gbk.csv");
        chosen.encoding = QStringLiteral("gbk");
        dialog.setOptions(chosen);
        dialog.setDestination(gbk);
        return true;
    });
    Client::Execution *failing = m_window->exportTable(viewer->source());
    QVERIFY(failing);
    QSignalSpy failed(failing, &Client::Execution::finished);
    QVERIFY(failed.wait(Slow));
    const auto outcome = failed.first().first().value<Client::RunOutcome>();
    QVERIFY(outcome.status == Client::RunStatus::Error);
    QVERIFY2(outcome.error.message.contains(QStringLiteral("gbk")),
             qPrintable(outcome.error.message));
    QTest::qWait(300);
    QVERIFY(!QFile::exists(gbk));

    // A bad name is refused in the dialog, before anything runs.
    m_window->setExportPrompt([](TableExportDialog &dialog) {
        dialog.fileNameEdit()->setText(QStringLiteral("../escape.csv"));
        return true;
    });
    QVERIFY(!m_window->exportTable(viewer->source()));
    m_window->setExportPrompt({});
    m_window->editor()->closeTab(m_window->editor()->tabWidget()->indexOf(viewer));
}

void tst_DataViewer::exportEachFormatAndReadItBack_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("readBack"); // pandas code that gives the frame again, or a check
    using Format = Models::TableExport::Format;
    QTest::newRow("csv") << int(Format::Csv) << "pd.read_csv(PATH, index_col=0)";
    QTest::newRow("tsv") << int(Format::Tsv) << "pd.read_csv(PATH, sep='\\t', index_col=0)";
    QTest::newRow("xlsx") << int(Format::Excel) << "pd.read_excel(PATH, index_col=0)";
    QTest::newRow("json") << int(Format::Json) << "pd.read_json(PATH, orient='table')";
    QTest::newRow("parquet") << int(Format::Parquet) << "pd.read_parquet(PATH)";
    QTest::newRow("html") << int(Format::Html) << "";
    QTest::newRow("md") << int(Format::Markdown) << "";
}

// Every format from the Variables dock's Export…, saved out of the workspace, then read again
// from where it was saved: the same frame (HTML and Markdown: every value is in the file).
void tst_DataViewer::exportEachFormatAndReadItBack()
{
    QFETCH(int, format);
    QFETCH(QString, readBack);
    QVERIFY(run(QStringLiteral("every = pd.DataFrame({'n': [1, 2, 3], 'x': [1.5, -2.0, 2.25],\n"
                               "                      'city': ['Zürich', '北京', 'a;b']})\n")));
    VariablesView *variables = m_window->variables();
    QTRY_VERIFY_WITH_TIMEOUT(variables->model()->indexOf(QStringLiteral("every")).isValid(), Slow);
    QTemporaryDir out;
    const auto chosenFormat = Models::TableExport::Format(format);
    const QString saved
            = out.filePath(QStringLiteral("every.") + Models::TableExport::extension(chosenFormat));
    m_window->setExportPrompt([&](TableExportDialog &dialog) -> bool {
        // The defaults of the format, whatever an earlier export chose.
        dialog.formatBox()->setCurrentIndex(dialog.formatBox()->findData(format));
        Models::TableExport chosen;
        chosen.format = chosenFormat;
        chosen.fileName = dialog.fileNameEdit()->text();
        if (chosenFormat == Models::TableExport::Format::Json)
            chosen.orient = QStringLiteral("table");
        dialog.setOptions(chosen);
        dialog.setDestination(saved);
        if (!qEnvironmentVariableIsEmpty("SANDPIPER_SCREENSHOT_DIR")
            && chosenFormat == Models::TableExport::Format::Parquet) {
            dialog.show();
            for (const ColorScheme scheme : {ColorScheme::Dark, ColorScheme::Light}) {
                applyColorScheme(scheme);
                QApplication::processEvents();
                dialog.grab().save(
                        QDir(qEnvironmentVariable("SANDPIPER_SCREENSHOT_DIR"))
                                .filePath(scheme == ColorScheme::Dark
                                                  ? QStringLiteral("export-parquet-dark.png")
                                                  : QStringLiteral("export-parquet-light.png")));
            }
        }
        return true;
    });
    QVERIFY(exportFromTheDock(QStringLiteral("every")));
    m_window->setExportPrompt({});
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(saved) && QFileInfo(saved).size() > 0, Slow);
    if (readBack.isEmpty()) {
        QFile file(saved);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        for (const QString &value : {QStringLiteral("Zürich"),
                                     QStringLiteral("北京"),
                                     QStringLiteral("a;b"),
                                     QStringLiteral("2.25"),
                                     QStringLiteral("-2")})
            QVERIFY2(text.contains(value), qPrintable(value + u' ' + text));
        return;
    }
    // The saved copy comes back into the workspace under another name, where the session reads it.
    const QString again = QDir(m_window->workspaceTransfer()->workspacePath())
                                  .filePath(QStringLiteral("again.")
                                            + Models::TableExport::extension(chosenFormat));
    QFile::remove(again);
    QVERIFY(QFile::copy(saved, again));
    const auto same
            = run(QStringLiteral("pd.testing.assert_frame_equal(%1, every)\n")
                          .arg(QString(readBack).replace(
                                  QStringLiteral("PATH"),
                                  QStringLiteral("'again.%1'")
                                          .arg(Models::TableExport::extension(chosenFormat)))));
    QVERIFY(same && same->status == Client::RunStatus::Ok);
}

// A cell that draws with matplotlib, run from the editor as a person does (Ctrl+Enter): the
// figure shows in the Plots dock, and Go to Code leads back to the cell's line.
void tst_DataViewer::figuresFromTheEditorReachThePlotsDock()
{
    CodeEditor *editor = m_window->editor()->newDocument();
    QVERIFY(editor);
    editor->setText(QStringLiteral("x = 1\n"
                                   "# %% A plot\n"
                                   "import matplotlib.pyplot as plt\n"
                                   "plt.plot([1, 3, 2])\n"
                                   "plt.show()\n"));
    editor->setCursorPosition(3, 0);
    editor->setFocus();
    PlotsView *plots = m_window->plots();
    const int before = plots->strip()->model()->rowCount();
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(plots->strip()->model()->rowCount(), before + 1, Slow);
    QCOMPARE(plots->currentRow(), before);
    const QImage shown = plots->canvas()->image();
    QVERIFY(!shown.isNull());
    QVERIFY2(shown.width() >= 300 && shown.height() >= 200,
             qPrintable(QStringLiteral("%1x%2").arg(shown.width()).arg(shown.height())));
    snap(nullptr, QStringLiteral("plots-dock.png"));
    editor->setCursorPosition(0, 0);
    QTest::mouseClick(plots->button(QStringLiteral("PlotGoToCode")), Qt::LeftButton);
    QCOMPARE(editor->currentLine(), 2); // the cell's first line of code
    editor->setModified(false);

    // Export…: drawn again by the session at 6 × 4 in and 300 DPI, copied where asked.
    QTemporaryDir out;
    for (const QString &format : {QStringLiteral("png"), QStringLiteral("pdf")}) {
        const QString saved = out.filePath(QStringLiteral("plot.") + format);
        m_window->setPlotExportPrompt([&](PlotExportDialog &dialog) {
            Models::PlotExport chosen = dialog.options();
            chosen.format = format;
            chosen.fileName = QStringLiteral("plot.") + format;
            dialog.setOptions(chosen);
            dialog.setDestination(saved);
            if (format == QLatin1String("png")) {
                // The live preview: the session draws the figure at 6 × 4 in, small.
                [&] {
                    QTRY_VERIFY_WITH_TIMEOUT(!dialog.preview().isNull(), Slow);
                }();
                if (dialog.preview().size() != QSize(360, 240))
                    qWarning() << "preview" << dialog.preview().size();
                for (const ColorScheme scheme : {ColorScheme::Dark, ColorScheme::Light}) {
                    applyColorScheme(scheme);
                    dialog.show();
                    QApplication::processEvents();
                    snapWidget(&dialog,
                               scheme == ColorScheme::Dark
                                       ? QStringLiteral("plot-export-dark.png")
                                       : QStringLiteral("plot-export-light.png"));
                }
            }
            return true;
        });
        QVERIFY(plots->button(QStringLiteral("PlotExport"))->isEnabled());
        QTest::mouseClick(plots->button(QStringLiteral("PlotExport")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(saved).size() > 0, Slow);
        QFile file(saved);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        if (format == QLatin1String("png")) {
            QCOMPARE(QImage::fromData(bytes).size(), QSize(1800, 1200));
        } else {
            QVERIFY(bytes.startsWith("%PDF"));
            QVERIFY(bytes.contains("/MediaBox [ 0 0 432 288 ]"));
        }
    }
    m_window->setPlotExportPrompt({});

    // After a restart the engine numbers its figures anew: the old number is not sent.
    m_session->restart();
    QTRY_VERIFY_WITH_TIMEOUT(m_session->state() == Client::SessionState::Idle, Slow);
    m_window->setPlotExportPrompt([](PlotExportDialog &) { return true; });
    QVERIFY(!m_window->exportPlot(plots->currentRow()));
    m_window->setPlotExportPrompt({});
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (auto *text : m_window->console()->findChildren<QPlainTextEdit *>()) {
                    if (text->toPlainText().contains(
                                QStringLiteral("before the session restarted")))
                        return true;
                }
                return false;
            }(),
            5000);

    // A Plotly and an Altair chart from the editor: shown in the dock's chart page, exported
    // by it with a preview, at exact sizes.
    editor->setText(QStringLiteral("# %% Plotly\n"
                                   "import plotly.express as px\n"
                                   "px.scatter(x=[1, 2, 3], y=[3, 1, 2], title='Plotly here')\n"
                                   "# %% Altair\n"
                                   "import altair as alt, pandas as pd\n"
                                   "alt.Chart(pd.DataFrame({'a': ['x', 'y'], 'b': [2, 5]}))"
                                   ".mark_bar().encode(x='a', y='b')\n"));
    for (const int line : {1, 4}) {
        m_window->activateWindow(); // the export dialogs had it
        QTRY_COMPARE(QApplication::activeWindow(), m_window.get());
        const int count = plots->strip()->model()->rowCount();
        editor->setCursorPosition(line, 0);
        editor->setFocus();
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(plots->strip()->model()->rowCount(), count + 1, Slow);
        QTRY_VERIFY_WITH_TIMEOUT(plots->chartView() && plots->chartView()->isDrawn(), Slow);
        QVERIFY(plots->chartView()->isVisible());
        if (line == 1)
            snap(nullptr, QStringLiteral("plots-dock-plotly.png"));
        const QString saved = out.filePath(QStringLiteral("chart-%1.pdf").arg(line));
        QImage preview;
        m_window->setPlotExportPrompt([&](PlotExportDialog &dialog) {
            Models::PlotExport chosen = dialog.options();
            chosen.format = QStringLiteral("pdf");
            dialog.setOptions(chosen);
            dialog.setDestination(saved);
            [&] {
                QTRY_VERIFY_WITH_TIMEOUT(!dialog.preview().isNull(), Slow);
            }();
            preview = dialog.preview();
            if (line == 1) {
                dialog.show();
                QApplication::processEvents();
                snapWidget(&dialog, QStringLiteral("chart-export.png"));
            }
            return true;
        });
        QSignalSpy exported(m_window.get(), &MainWindow::chartExported);
        QTest::mouseClick(plots->button(QStringLiteral("PlotExport")), Qt::LeftButton);
        QVERIFY(exported.wait(Slow));
        m_window->setPlotExportPrompt({});
        QCOMPARE(exported.constFirst().at(1).toString(), QString());
        QCOMPARE(preview.size(), QSize(360, 240));
        QFile pdf(saved);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(QRegularExpression(QStringLiteral("/MediaBox \\[\\s*0 0 432 288\\s*\\]"))
                        .match(QString::fromLatin1(pdf.readAll()))
                        .hasMatch());
    }
    QVERIFY(run(QStringLiteral("import pandas as pd\n"))); // what later tests expect
}

// The session dies while it draws a figure again for Export…: the console says so, nothing is
// copied out, the figure stays in the dock and the restarted session works.
void tst_DataViewer::sessionCrashDuringAPlotExport()
{
    PlotsView *plots = m_window->plots();
    const int before = plots->strip()->model()->rowCount();
    Client::Execution *draw = m_window->console()->run(
            QStringLiteral("import os, matplotlib.pyplot as plt, matplotlib.artist as artist\n"
                           "class Bomb(artist.Artist):\n"
                           "    armed = False\n"
                           "    def draw(self, renderer):\n"
                           "        if Bomb.armed:\n"
                           "            os._exit(3)\n"
                           "fig, ax = plt.subplots()\n"
                           "ax.plot([1, 3, 2])\n"
                           "fig.add_artist(Bomb())\n"
                           "plt.show()\n"),
            QStringLiteral("<cell 1>"));
    QVERIFY(draw);
    QTRY_COMPARE_WITH_TIMEOUT(plots->strip()->model()->rowCount(), before + 1, Slow);
    QVERIFY(run(QStringLiteral("Bomb.armed = True\n"))); // drawn once; the next drawing dies
    QTemporaryDir out;
    const QString saved = out.filePath(QStringLiteral("bomb.png"));
    m_window->setPlotExportPrompt([&](PlotExportDialog &dialog) {
        Models::PlotExport chosen = dialog.options();
        chosen.fileName = QStringLiteral("bomb.png");
        dialog.setOptions(chosen);
        dialog.setDestination(saved);
        return true;
    });
    Client::Execution *exported = m_window->exportPlot(before);
    m_window->setPlotExportPrompt({});
    QVERIFY(exported);
    QSignalSpy finished(exported, &Client::Execution::finished);
    QVERIFY(finished.wait(Slow));
    QVERIFY(finished.constFirst().constFirst().value<Client::RunOutcome>().status
            != Client::RunStatus::Ok);
    QTest::qWait(500);
    QVERIFY(!QFileInfo::exists(saved));
    QCOMPARE(plots->strip()->model()->rowCount(), before + 1);
    QVERIFY(run(QStringLiteral("import pandas as pd\nimport numpy as np\n"))); // works again
}

void tst_DataViewer::darkTheme()
{
    QVERIFY(run(
            QStringLiteral("import numpy as np\n"
                           "n = 1_000_000\n"
                           "df = pd.DataFrame({'id': np.arange(n), 'price': np.arange(n) * 0.5,\n"
                           "    'when': pd.date_range('2024-01-01', periods=n, freq='min')})\n"
                           "df.loc[3, 'price'] = np.nan\n")));
    applyColorScheme(ColorScheme::Dark);
    m_window->editor()->setColorScheme(ColorScheme::Dark);
    DataViewer *viewer = open(QStringLiteral("df"));
    QTRY_COMPARE_WITH_TIMEOUT(cellText(viewer, 3, 1), QStringLiteral("NaN"), Slow);
    snap(viewer, QStringLiteral("dataviewer-dark.png"));
    applyColorScheme(ColorScheme::Light);
}

int main(int argc, char *argv[])
{
    // The Plots dock's chart page needs these before the application exists.
    Sandpiper::Ui::ChartSandbox::registerScheme();
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    tst_DataViewer test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_dataviewer.moc"
