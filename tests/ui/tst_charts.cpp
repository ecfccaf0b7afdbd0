// The Plots dock's chart page: Plotly and Vega-Lite drawn in one warm page that can reach
// nothing outside it, reset when a script hangs, and exported at exact sizes.
#include <chartexport.h>
#include <chartsandbox.h>
#include <chartview.h>
#include <plotcanvas.h>
#include <plothistory.h>
#include <plotsview.h>

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QWebEnginePage>
#include <QWebEngineView>

using namespace Sandpiper;
using Ui::ChartView;

namespace {

const QByteArray plotlyChart = "{\"data\":[{\"type\":\"scatter\",\"mode\":\"lines+markers\","
                               "\"x\":[1,2,3,4],\"y\":[10,15,13,17],\"name\":\"growth\"}],"
                               "\"layout\":{\"title\":{\"text\":\"Growth\"},"
                               "\"xaxis\":{\"title\":{\"text\":\"year\"}}}}";

const QByteArray vegaChart = "{\"data\":{\"values\":[{\"a\":\"A\",\"b\":28},{\"a\":\"B\",\"b\":55},"
                             "{\"a\":\"C\",\"b\":43}]},\"mark\":\"bar\",\"encoding\":{"
                             "\"x\":{\"field\":\"a\",\"type\":\"nominal\"},"
                             "\"y\":{\"field\":\"b\",\"type\":\"quantitative\"}}}";

// Runs a script in the page and waits for its (synchronous) value.
QVariant evaluate(QWebEnginePage *page, const QString &script, int timeout = 5000)
{
    QVariant result;
    bool done = false;
    page->runJavaScript(script, [&](const QVariant &value) {
        result = value;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, timeout))
        qWarning() << "no answer from the page to" << script.left(80);
    return result;
}

// Waits until the chart asked for last is drawn or has failed; true when drawn.
bool waitSettled(ChartView *view, int timeout = 20000)
{
    QSignalSpy failed(view, &ChartView::chartFailed);
    if (!QTest::qWaitFor([&] { return view->isDrawn() || !failed.isEmpty(); }, timeout))
        return false;
    return view->isDrawn();
}

bool waitDrawn(ChartView *view, int timeout = 20000)
{
    QSignalSpy failed(view, &ChartView::chartFailed);
    if (!QTest::qWaitFor([&] { return view->isDrawn() || !failed.isEmpty(); }, timeout))
        return false;
    if (!failed.isEmpty())
        qWarning() << "chart failed:" << failed.constFirst().constFirst().toString();
    return view->isDrawn();
}

struct Exported
{
    QByteArray bytes;
    QString error;
};

Exported exportChart(ChartView *view, const Models::PlotExport &options)
{
    Exported out;
    bool done = false;
    Ui::ChartExport::render(view, options, [&](const QByteArray &file, const QString &error) {
        out.bytes = file;
        out.error = error;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 60000))
        out.error = QStringLiteral("export timed out");
    // To look at: SANDPIPER_SCREENSHOT_DIR keeps every file exported.
    if (const QString dir = qEnvironmentVariable("SANDPIPER_SCREENSHOT_DIR"); !dir.isEmpty()) {
        QFile file(QStringLiteral("%1/chart-%2-%3x%4%5.%6")
                           .arg(dir, QString::fromLatin1(QTest::currentDataTag()))
                           .arg(options.width)
                           .arg(options.height)
                           .arg(options.unit)
                           .arg(Models::PlotExport::extension(options.format)));
        if (file.open(QIODevice::WriteOnly))
            file.write(out.bytes);
    }
    return out;
}

QSize pictureSize(QByteArray bytes)
{
    QBuffer buffer(&bytes);
    return QImageReader(&buffer).size();
}

} // namespace

class TstCharts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_sandbox = new Ui::ChartSandbox;
        m_view = new ChartView(m_sandbox);
        m_view->resize(640, 480);
        m_view->show();
        QTRY_VERIFY_WITH_TIMEOUT(m_view->isReady(), 30000);
    }

    void cleanup()
    {
        delete m_view;
        delete m_sandbox;
    }

    void drawsPlotlyThenVegaInTheSamePage()
    {
        QSignalSpy loads(m_view->page(), &QWebEnginePage::loadFinished);
        m_view->showChart(ChartView::Kind::Plotly, plotlyChart);
        QVERIFY(waitDrawn(m_view));
        QCOMPARE(
                evaluate(m_view->page(), "document.querySelectorAll('#chart .main-svg').length > 0")
                        .toBool(),
                true);
        m_view->showChart(ChartView::Kind::VegaLite, vegaChart);
        QVERIFY(waitDrawn(m_view));
        QCOMPARE(evaluate(m_view->page(),
                          "document.querySelectorAll('#chart svg .mark-rect path').length")
                         .toInt(),
                 3);
        QCOMPARE(evaluate(m_view->page(), "document.querySelectorAll('.main-svg').length").toInt(),
                 0);
        QCOMPARE(loads.size(), 0); // warm: the page was never loaded again
    }

    // User code decides what a chart holds: data URLs in a spec, links in Plotly text, and
    // (had it a way in) script. None of it reaches a server, a file or another page.
    void chartCannotFetchOpenFilesOrNavigate()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort());

        // A Vega-Lite chart whose data are on a server, then in a file.
        m_view->showChart(ChartView::Kind::VegaLite,
                          QStringLiteral("{\"data\":{\"url\":\"%1/data.csv\"},"
                                         "\"mark\":\"point\"}")
                                  .arg(base)
                                  .toUtf8());
        waitSettled(m_view);
        m_view->showChart(ChartView::Kind::VegaLite,
                          "{\"data\":{\"url\":\"file:///etc/hostname\"},"
                          "\"mark\":\"text\",\"encoding\":{\"text\":{\"field\":\"a\"}}}");
        waitSettled(m_view);
        QCOMPARE(evaluate(m_view->page(), "document.body.innerText.includes(\"localhost\")")
                         .toBool(),
                 false);

        // Script in the page (a stand-in for any way past the chart libraries).
        QWebEnginePage *page = m_view->page();
        const QString attempts
                = QStringLiteral(
                          "window.outcomes = [];"
                          "fetch('%1/fetch').then(() => outcomes.push('fetched'), () => "
                          "outcomes.push('no fetch'));"
                          "fetch('file:///etc/passwd').then(r => r.text()).then("
                          "  t => outcomes.push('file ' + t.length), () => outcomes.push('no "
                          "file'));"
                          "const x = new XMLHttpRequest(); x.open('GET', '%1/xhr');"
                          "x.onerror = () => outcomes.push('no xhr'); x.onload = () => "
                          "outcomes.push('xhr'); x.send();"
                          "new Image().src = '%1/image';"
                          "try { new WebSocket('ws://127.0.0.1:%2/socket'); } catch (e) {}"
                          "const frame = document.createElement('iframe'); frame.src = '%1/frame';"
                          "document.body.appendChild(frame);"
                          "outcomes.push(window.open('%1/popup') === null ? 'no popup' : 'popup');"
                          "const link = document.createElement('a'); link.href = '%1/link';"
                          "document.body.appendChild(link); link.click();"
                          "'started'")
                          .arg(base)
                          .arg(server.serverPort());
        QCOMPARE(evaluate(page, attempts).toString(), QStringLiteral("started"));
        QTRY_COMPARE_WITH_TIMEOUT(evaluate(page, "outcomes.length").toInt(), 4, 10000);
        const QStringList outcomes = evaluate(page, "outcomes").toStringList();
        QVERIFY2(outcomes.contains("no fetch") && outcomes.contains("no file")
                         && outcomes.contains("no xhr") && outcomes.contains("no popup"),
                 qPrintable(outcomes.join(", ")));
        evaluate(page, QStringLiteral("location.href = '%1/away'").arg(base));
        QTest::qWait(1000);
        QCOMPARE(page->url(), Ui::ChartSandbox::shellUrl());
        QVERIFY(!server.hasPendingConnections());
        QVERIFY(!server.waitForNewConnection(200));
        // The page still works.
        m_view->showChart(ChartView::Kind::Plotly, plotlyChart);
        QVERIFY(waitDrawn(m_view));
    }

    // Under the page's own policy, the profile refuses every request but the chart scheme's:
    // a page of the same profile without those rules still reaches nothing.
    void profileRefusesAllButTheChartScheme()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QWebEnginePage plain(m_sandbox->profile());
        QSignalSpy loaded(&plain, &QWebEnginePage::loadFinished);
        const QUrl outside(QStringLiteral("http://127.0.0.1:%1/outside").arg(server.serverPort()));
        plain.setUrl(outside);
        QVERIFY(loaded.wait(10000));
        QVERIFY(!server.waitForNewConnection(300));
        QVERIFY2(m_sandbox->refused().contains(outside.toString()),
                 qPrintable(m_sandbox->refused().join(u' ')));
        plain.setUrl(QUrl(QStringLiteral("file:///etc/hostname")));
        QVERIFY(loaded.wait(10000));
        QVERIFY(m_sandbox->refused().contains(QStringLiteral("file:///etc/hostname")));
        QCOMPARE(evaluate(&plain, "document.body ? document.body.innerText : ''").toString(),
                 QString());
    }

    // A chart whose script never ends: the page stops answering, is killed and loaded again,
    // says why, and draws the next chart.
    void loopingScriptResetsThePage()
    {
        m_view->setDrawTimeout(1500);
        m_view->showChart(ChartView::Kind::Plotly, plotlyChart);
        QVERIFY(waitDrawn(m_view));
        QSignalSpy reset(m_view, &ChartView::pageReset);
        m_view->page()->runJavaScript("setTimeout(() => { for (;;) {} }, 0)");
        m_view->showChart(ChartView::Kind::VegaLite, vegaChart);
        QVERIFY(reset.wait(15000));
        QVERIFY2(reset.constFirst().constFirst().toString().contains("reset"),
                 qPrintable(reset.constFirst().constFirst().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(m_view->isReady(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(
                evaluate(m_view->page(), "document.body.innerText").toString().contains("reset"),
                5000);
        m_view->showChart(ChartView::Kind::VegaLite, vegaChart);
        QVERIFY(waitDrawn(m_view));
    }

    // An idle page is not a hung one: a chart shown long after the last is simply drawn.
    void idlePageIsNotTakenForHung()
    {
        m_view->setDrawTimeout(800);
        m_view->showChart(ChartView::Kind::Plotly, plotlyChart);
        QVERIFY(waitDrawn(m_view));
        QSignalSpy reset(m_view, &ChartView::pageReset);
        QTest::qWait(1200);
        m_view->showChart(ChartView::Kind::VegaLite, vegaChart);
        QVERIFY(waitDrawn(m_view));
        QCOMPARE(reset.size(), 0);
    }

    void badChartsSayWhy_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not JSON") << int(ChartView::Kind::Plotly) << QByteArray("{\"data\": [1,")
                                  << "cannot be drawn";
        QTest::newRow("not an object")
                << int(ChartView::Kind::Plotly) << QByteArray("[1, 2]") << "not a JSON object";
        QTest::newRow("bad Vega-Lite")
                << int(ChartView::Kind::VegaLite) << QByteArray("{\"mark\": {\"type\": 12}}") << "";
    }

    void badChartsSayWhy()
    {
        QFETCH(int, kind);
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        QSignalSpy failed(m_view, &ChartView::chartFailed);
        m_view->showChart(ChartView::Kind(kind), json);
        QVERIFY(failed.wait(10000));
        const QString said = failed.constFirst().constFirst().toString();
        QVERIFY2(!said.isEmpty() && said.contains(message), qPrintable(said));
        QVERIFY(!m_view->isDrawn());
        QTRY_VERIFY_WITH_TIMEOUT(
                evaluate(m_view->page(), "document.body.innerText").toString() == said, 5000);
        // Exporting it says why too, and the page goes on.
        Models::PlotExport options;
        const Exported out = exportChart(m_view, options);
        QVERIFY2(!out.error.isEmpty() && out.bytes.isEmpty(), qPrintable(out.error));
        m_view->showChart(ChartView::Kind::Plotly, plotlyChart);
        QVERIFY(waitDrawn(m_view));
    }

    // 10^6 Plotly markers take far longer than the draw timeout in SVG (no WebGL here): the
    // drawing is stopped with a message, and the page draws the next chart.
    void millionPointsAreStoppedNotHung()
    {
        QByteArray points;
        points.reserve(8'000'000);
        for (int i = 0; i < 1'000'000; ++i) {
            points += QByteArray::number(i % 997);
            points += ',';
        }
        points.chop(1);
        const QByteArray json = "{\"data\":[{\"type\":\"scatter\",\"mode\":\"markers\",\"x\":["
                                + points + "],\"y\":[" + points + "]}]}";
        m_view->setDrawTimeout(2000);
        QSignalSpy failed(m_view, &ChartView::chartFailed);
        QElapsedTimer clock;
        clock.start();
        m_view->showChart(ChartView::Kind::Plotly, json);
        QVERIFY(failed.wait(30000));
        const QString said = failed.constFirst().constFirst().toString();
        QVERIFY2(said.contains("reset") || said.contains("stopped"), qPrintable(said));
        QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
        QTRY_VERIFY_WITH_TIMEOUT(m_view->isReady(), 20000);
        m_view->showChart(ChartView::Kind::Plotly, plotlyChart);
        QVERIFY(waitDrawn(m_view));
    }

    void oversizedChartIsRefusedBeforeThePage()
    {
        QSignalSpy failed(m_view, &ChartView::chartFailed);
        QByteArray huge(ChartView::MaxChartBytes + 1, ' ');
        huge[0] = '{';
        huge[huge.size() - 1] = '}';
        m_view->showChart(ChartView::Kind::Plotly, huge);
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed.constFirst().constFirst().toString().contains("HTML"));
    }

    // PNG and JPEG are exactly inches × DPI pixels; SVG and PDF pages exactly the asked
    // size, with vector paths and text.
    void exportsAtExactSizes_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("plotly") << int(ChartView::Kind::Plotly);
        QTest::newRow("vega-lite") << int(ChartView::Kind::VegaLite);
    }

    void exportsAtExactSizes()
    {
        QFETCH(int, kind);
        m_view->showChart(ChartView::Kind(kind),
                          kind == int(ChartView::Kind::Plotly) ? plotlyChart : vegaChart);
        QVERIFY(waitDrawn(m_view));
        Models::PlotExport options;
        options.width = 6;
        options.height = 4;
        options.dpi = 300;
        for (const char *format : {"png", "jpeg"}) {
            options.format = QLatin1String(format);
            const Exported out = exportChart(m_view, options);
            QVERIFY2(out.error.isEmpty(), qPrintable(out.error));
            QCOMPARE(pictureSize(out.bytes), QSize(1800, 1200));
        }
        options.format = QStringLiteral("png");
        options.unit = QStringLiteral("px");
        options.width = 1200;
        options.height = 800;
        Exported out = exportChart(m_view, options);
        QCOMPARE(pictureSize(out.bytes), QSize(1200, 800));
        // Not blank: the chart's own colours are there.
        QImage image = QImage::fromData(out.bytes);
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 10, qPrintable(QString::number(colours.size())));

        options.unit = QStringLiteral("in");
        options.width = 6;
        options.height = 4;
        options.format = QStringLiteral("svg");
        out = exportChart(m_view, options);
        QVERIFY2(out.error.isEmpty(), qPrintable(out.error));
        QVERIFY(out.bytes.contains("width=\"432pt\" height=\"288pt\""));
        QVERIFY(out.bytes.contains("<path"));
        QVERIFY(out.bytes.contains("<text"));
        QVERIFY(out.bytes.contains(kind == int(ChartView::Kind::Plotly) ? "Growth" : ">B<"));

        options.format = QStringLiteral("pdf");
        out = exportChart(m_view, options);
        QVERIFY2(out.error.isEmpty(), qPrintable(out.error));
        QVERIFY(out.bytes.startsWith("%PDF"));
        QVERIFY(QRegularExpression(
                        QStringLiteral("/MediaBox \\[\\s*0 0 432(\\.0+)? 288(\\.0+)?\\s*\\]"))
                        .match(QString::fromLatin1(out.bytes))
                        .hasMatch());
        QVERIFY(out.bytes.contains("/Font")); // text kept as text

        // 1200 × 800 px at 300 DPI: a 4 × 2.6667 in page, 288 × 192 pt (not cut to 191).
        options.unit = QStringLiteral("px");
        options.width = 1200;
        options.height = 800;
        options.format = QStringLiteral("svg");
        out = exportChart(m_view, options);
        QVERIFY(out.bytes.contains("width=\"288pt\" height=\"192pt\""));
        options.format = QStringLiteral("pdf");
        out = exportChart(m_view, options);
        QVERIFY2(out.error.isEmpty(), qPrintable(out.error));
        QVERIFY2(QRegularExpression(
                         QStringLiteral("/MediaBox \\[\\s*0 0 288(\\.0+)? 192(\\.0+)?\\s*\\]"))
                         .match(QString::fromLatin1(out.bytes))
                         .hasMatch(),
                 qPrintable(QString::fromLatin1(out.bytes).section("/MediaBox", 1, 1).left(40)));

        QVERIFY(out.bytes.contains("/Count 1")); // one page

        // matplotlib's default 6.4 × 4.8 in: not a whole number of points, still one page
        // (a fraction of a pixel used to spill onto a second one).
        {
            Models::PlotExport odd = options;
            odd.unit = QStringLiteral("in");
            odd.width = 6.4;
            odd.height = 4.8;
            const Exported page = exportChart(m_view, odd);
            QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
            QVERIFY2(page.bytes.contains("/Count 1"),
                     qPrintable(QString::fromLatin1(page.bytes).section("/Count", 1, 1).left(10)));
            QVERIFY2(QRegularExpression(QStringLiteral("/MediaBox \\[\\s*0 0 46[01](\\.\\d+)? "
                                                       "34[56](\\.\\d+)?\\s*\\]"))
                             .match(QString::fromLatin1(page.bytes))
                             .hasMatch(),
                     qPrintable(
                             QString::fromLatin1(page.bytes).section("/MediaBox", 1, 1).left(40)));
        }

        // The PDF looks like the PNG of the same page: only the exported chart is printed,
        // not the one on screen (poppler draws the page, at 72 DPI both are 288 × 192 px).
        QTemporaryDir dir;
        QFile pdfFile(dir.filePath("page.pdf"));
        QVERIFY(pdfFile.open(QIODevice::WriteOnly));
        pdfFile.write(out.bytes);
        pdfFile.close();
        QProcess poppler;
        poppler.start(
                "pdftoppm",
                {"-r", "72", "-png", "-singlefile", pdfFile.fileName(), dir.filePath("page")});
        QVERIFY2(poppler.waitForFinished(30000) && poppler.exitCode() == 0,
                 "pdftoppm (poppler-utils) missing from the toolbox?");
        const QImage printed
                = QImage(dir.filePath("page.png")).convertToFormat(QImage::Format_Grayscale8);
        options.format = QStringLiteral("png");
        options.unit = QStringLiteral("in");
        options.width = 4;
        options.height = 8.0 / 3;
        options.dpi = 72;
        out = exportChart(m_view, options);
        const QImage drawn = QImage::fromData(out.bytes)
                                     .convertToFormat(QImage::Format_ARGB32)
                                     .convertToFormat(QImage::Format_Grayscale8);
        QCOMPARE(printed.size(), drawn.size());
        double difference = 0;
        for (int y = 0; y < drawn.height(); ++y)
            for (int x = 0; x < drawn.width(); ++x)
                difference += qAbs(int(qGray(printed.pixel(x, y))) - int(qGray(drawn.pixel(x, y))));
        difference /= double(drawn.width()) * drawn.height();
        QVERIFY2(difference < 12, qPrintable(QString::number(difference)));
    }

    // In the Plots dock: a chart joins the history among pictures, is shown by the one warm
    // page, saves as a standalone page and exports through the page.
    void plotsDockShowsChartsAmongFigures()
    {
        Models::PlotHistory history;
        Ui::PlotsView view(&history);
        view.resize(700, 500);
        view.show();
        view.warmUp();
        QVERIFY(view.chartView());
        QTRY_VERIFY_WITH_TIMEOUT(view.chartView()->isReady(), 30000);
        ChartView *warm = view.chartView();

        Protocol::DisplayData plotly;
        plotly.data.insert(Models::PlotHistory::PlotlyMime, QString::fromUtf8(plotlyChart));
        Protocol::DisplayData picture;
        QImage red(40, 30, QImage::Format_RGB32);
        red.fill(Qt::red);
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        red.save(&buffer, "png");
        picture.data.insert(QStringLiteral("image/png"), png);
        Protocol::DisplayData altair;
        altair.data.insert(Models::PlotHistory::VegaLiteMime, QString::fromUtf8(vegaChart));

        QVERIFY(history.add(plotly, QStringLiteral("<cell 1>")));
        QVERIFY(history.add(picture, QStringLiteral("<cell 2>")));
        QVERIFY(history.add(altair, QStringLiteral("<cell 3>")));
        QCOMPARE(history.rowCount(), 3);
        QVERIFY(history.isChart(0) && !history.isChart(1) && history.isChart(2));
        QVERIFY(waitDrawn(warm));
        QVERIFY(warm->isVisible());
        // The strip gets the chart as the page drew it, small, in place of the stand-in.
        const QImage standIn = history.data(history.index(2), Qt::DecorationRole).value<QImage>();
        QTRY_VERIFY_WITH_TIMEOUT(history.hasThumbnail(2), 10000);
        const QImage thumbnail = history.data(history.index(2), Qt::DecorationRole).value<QImage>();
        QCOMPARE(thumbnail.size(), QSize(120, 90));
        QVERIFY(thumbnail != standIn);
        QVERIFY(!history.hasThumbnail(0));                // not drawn yet: still the stand-in
        QVERIFY(!view.button("PlotZoomIn")->isEnabled()); // the chart zooms itself
        QVERIFY(view.button("PlotExport")->isEnabled());
        // Thumbnails stand for charts.
        QVERIFY(!history.data(history.index(0), Qt::DecorationRole).value<QImage>().isNull());
        QVERIFY(history.data(history.index(2), Qt::ToolTipRole).toString().contains("Altair"));

        view.showPrevious();
        QVERIFY(!warm->isVisible());
        QVERIFY(!view.canvas()->image().isNull());
        view.showPrevious();
        QVERIFY(waitDrawn(warm));
        QCOMPARE(view.chartView(), warm); // the same page, never another
        QCOMPARE(evaluate(warm->page(), "document.querySelectorAll('.main-svg').length > 0")
                         .toBool(),
                 true);

        QTemporaryDir dir;
        // Save… writes a page that works offline, the chart's JSON kept safe inside.
        const QString html = dir.filePath("chart.html");
        QCOMPARE(view.saveCurrentAs(html), QString());
        QFile saved(html);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray page = saved.readAll();
        QVERIFY(page.contains("Plotly.newPlot") && page.contains("Growth"));

        // Export through the page, the other chart chosen by row.
        Models::PlotExport options;
        options.format = QStringLiteral("png");
        options.width = 4;
        options.height = 3;
        options.dpi = 150;
        QString error = QStringLiteral("not called");
        view.exportChart(
                2, options, dir.filePath("bars.png"), [&](const QString &e) { error = e; });
        QTRY_VERIFY_WITH_TIMEOUT(error != QLatin1String("not called"), 30000);
        QCOMPARE(error, QString());
        QCOMPARE(view.currentRow(), 2);
        QCOMPARE(QImageReader(dir.filePath("bars.png")).size(), QSize(600, 450));
        // A folder that cannot be written: said, nothing half-written.
        error = QStringLiteral("not called");
        view.exportChart(
                2, options, "/proc/no/such/bars.png", [&](const QString &e) { error = e; });
        QTRY_VERIFY_WITH_TIMEOUT(error != QLatin1String("not called"), 30000);
        QVERIFY2(error.contains("Cannot write"), qPrintable(error));
        options.format = QStringLiteral("html");
        error = QStringLiteral("not called");
        view.exportChart(
                0, options, dir.filePath("line.html"), [&](const QString &e) { error = e; });
        QCOMPARE(error, QString());
        QVERIFY(QFileInfo(dir.filePath("line.html")).size() > 1'000'000); // plotly.js inlined

        // Save All: pictures as drawn, charts as the format chosen, numbered in order.
        const QString all = dir.filePath("all");
        QVERIFY(QDir().mkpath(all));
        QStringList written, errors;
        bool allSaved = false;
        view.saveAll(all, "png", [&](const QStringList &w, const QStringList &e) {
            written = w;
            errors = e;
            allSaved = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(allSaved, 60000);
        QCOMPARE(errors, QStringList());
        QCOMPARE(written.size(), 3);
        QCOMPARE(QImageReader(all + "/figure-001.png").size(), QSize(640, 480)); // 6.4 × 4.8 in
        QCOMPARE(QImageReader(all + "/figure-002.png").size(), QSize(40, 30));   // as drawn
        QCOMPARE(QImageReader(all + "/figure-003.png").size(), QSize(640, 480));
        QCOMPARE(view.currentRow(), 2);
        QCOMPARE(view.saveAllClashes(all, "png").size(), 3);
        QCOMPARE(view.saveAllClashes(all, "html").size(), 1); // the picture only
        allSaved = false;
        view.saveAll(all, "html", [&](const QStringList &w, const QStringList &e) {
            written = w;
            errors = e;
            allSaved = true;
        });
        QVERIFY(allSaved); // pages need no drawing
        QCOMPARE(errors, QStringList());
        QVERIFY(QFileInfo(all + "/figure-003.html").size() > 100'000);

        // Opened in a window of its own: another page for that chart.
        QWidget *window = view.openInWindow();
        QVERIFY(window);
        auto own = qobject_cast<ChartView *>(window);
        QVERIFY(own && own != warm);
        QVERIFY(waitDrawn(own));
        window->close();
    }

    // Save All with a chart too big to draw: said, the rest written, and the end reported (a
    // chart failing at once used to end the queue, and say so, before anyone listened).
    void saveAllReportsAChartThatCannotBeDrawn()
    {
        Models::PlotHistory history;
        Ui::PlotsView view(&history);
        view.resize(600, 400);
        view.show();
        QByteArray huge(ChartView::MaxChartBytes + 10, ' ');
        huge[0] = '{';
        huge[huge.size() - 1] = '}';
        Protocol::DisplayData chart;
        chart.data.insert(Models::PlotHistory::PlotlyMime, QString::fromUtf8(huge));
        QVERIFY(history.add(chart, QString()));
        Protocol::DisplayData picture; // and no other chart: the queue ends with the failure
        QImage red(40, 30, QImage::Format_RGB32);
        red.fill(Qt::red);
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        red.save(&buffer, "png");
        picture.data.insert(QStringLiteral("image/png"), png);
        QVERIFY(history.add(picture, QString()));
        QTemporaryDir dir;
        QStringList written, errors;
        bool done = false;
        view.saveAll(dir.path(), "png", [&](const QStringList &w, const QStringList &e) {
            written = w;
            errors = e;
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 60000);
        QCOMPARE(written.size(), 1);
        QVERIFY(written.first().endsWith("figure-002.png"));
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.first().contains("figure-001.png") && errors.first().contains("MB"),
                 qPrintable(errors.first()));
    }

    // Chart JSON counts against the history's budget and spills like pictures.
    void chartsSpillLikePictures()
    {
        Models::PlotHistory history;
        history.setBudget(1000);
        Protocol::DisplayData plotly;
        plotly.data.insert(Models::PlotHistory::PlotlyMime, QString::fromUtf8(plotlyChart));
        for (int i = 0; i < 20; ++i)
            QVERIFY(history.add(plotly, QString()));
        QVERIFY(history.bytesInMemory() <= 1000);
        QCOMPARE(history.imageData(0), plotlyChart);
        QVERIFY(QFileInfo::exists(history.spillFolder() + "/1.json"));
    }

private:
    Ui::ChartSandbox *m_sandbox = nullptr;
    ChartView *m_view = nullptr;
};

int main(int argc, char *argv[])
{
    Ui::ChartSandbox::registerScheme();
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    TstCharts test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_charts.moc"
