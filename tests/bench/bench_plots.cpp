// Plots benchmark: the real Plots dock (offscreen) on a real sandboxed session. Prints one JSON
// object; bench_plots.sh prints the table. Every figure is the median of Samples runs at the
// same warmth (libraries imported, the chart page loaded once before for "warm").
//
//   mpl_visible_ms            a 1,000-point matplotlib scatter: from its picture reaching the
//                             window (the end of the cell) to the dock painting it
//   mpl_cell_ms               the same cell from Run to the dock's paint (engine included)
//   plotly_visible_ms.warm    a 10^4-point Plotly scatter shown in the dock's warm chart page,
//                             to Plotly's drawing done
//   plotly_visible_ms.cold    the same chart in a new chart page made for it (what a
//                             per-plot web view costs), same run, same chart
//   export_png_300dpi_ms      a kept 6 × 4 in matplotlib figure drawn again at 300 DPI by
//                             sandpiper.save_plot (PNG written in the workspace)
//   export_png_300dpi_ms.plotly  the Plotly chart as a 6 × 4 in PNG at 300 DPI by the page
//   gui_rss_mb.after_10000_figures  this process's resident memory after 10^4 matplotlib
//                             pictures went into the dock (history budget 256 MB)
//   gui_rss_mb.before        the same before them
#include "benchsession.h"
#include "residentmemory.h"
#include "waituntil.h"

#include <chartexport.h>
#include <chartsandbox.h>
#include <chartview.h>
#include <plotcanvas.h>
#include <plothistory.h>
#include <plotsview.h>
#include <session.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <cstdio>
#include <optional>

using namespace Sandpiper;
using Sandpiper::Bench::fail;
using Sandpiper::Bench::median;
using Sandpiper::Testing::residentBytes;
using Sandpiper::Testing::waitUntil;

namespace {

const int Samples = qEnvironmentVariableIsSet("SANDPIPER_BENCH_QUICK") ? 3 : 11;
const int Figures = qEnvironmentVariableIsSet("SANDPIPER_BENCH_QUICK") ? 500 : 10'000;
constexpr int Timeout = 300'000;

// Notes when a widget is painted.
class PaintWatch : public QObject
{
public:
    explicit PaintWatch(QWidget *widget) { widget->installEventFilter(this); }
    std::optional<qint64> paintedAt; // ns on the clock given to arm()

    void arm(const QElapsedTimer *clock)
    {
        m_clock = clock;
        paintedAt.reset();
    }

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && m_clock && !paintedAt)
            paintedAt = m_clock->nsecsElapsed();
        return false;
    }

private:
    const QElapsedTimer *m_clock = nullptr;
};

QByteArray scatterJson(int points)
{
    QStringList xs, ys;
    auto *random = QRandomGenerator::global();
    for (int i = 0; i < points; ++i) {
        xs << QString::number(random->generateDouble(), 'f', 6);
        ys << QString::number(random->generateDouble(), 'f', 6);
    }
    return QStringLiteral("{\"data\":[{\"type\":\"scatter\",\"mode\":\"markers\",\"x\":[%1],"
                          "\"y\":[%2]}],\"layout\":{\"title\":{\"text\":\"10^4 points\"}}}")
            .arg(xs.join(u','), ys.join(u','))
            .toUtf8();
}

double drawnMs(Ui::ChartView *view, const QByteArray &json)
{
    QElapsedTimer clock;
    clock.start();
    view->showChart(Ui::ChartView::Kind::Plotly, json);
    if (!waitUntil([view] { return view->isDrawn(); }, Timeout))
        fail("a chart was not drawn");
    return double(clock.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    Bench::benchName = "bench plots";
    qputenv("QT_QPA_PLATFORM", "offscreen");
    Ui::ChartSandbox::registerScheme();
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    Client::SessionOptions options;
    options.handshakeTimeoutMs = 60000;
    Client::Session session(options);
    session.start();
    Bench::run(session,
               QStringLiteral("import numpy as np, matplotlib.pyplot as plt, sandpiper\n"
                              "rng = np.random.default_rng(1)\n"),
               Timeout);

    Models::PlotHistory history;
    Ui::PlotsView dock(&history);
    dock.resize(700, 560);
    dock.show();
    dock.warmUp();
    if (!waitUntil([&dock] { return dock.chartView()->isReady(); }, Timeout))
        fail("the chart page did not load");
    PaintWatch watch(dock.canvas()->widget()); // the label that holds the picture
    QJsonObject result;

    // matplotlib: the picture arrives at the end of the cell, the dock shows it.
    {
        QList<double> visible, cell;
        QElapsedTimer clock;
        qint64 arrivedAt = 0;
        for (int i = 0; i < Samples; ++i) {
            clock.start();
            watch.arm(&clock);
            Client::Execution *run = session.execute(
                    QStringLiteral("fig, ax = plt.subplots()\n"
                                   "ax.scatter(rng.random(1000), rng.random(1000), s=4)\n"
                                   "plt.show()\n"));
            QObject::connect(run, &Client::Execution::display, [&](const Protocol::DisplayData &d) {
                arrivedAt = clock.nsecsElapsed();
                history.add(d, QStringLiteral("<bench>"), session.engineInfo().pid);
            });
            if (!waitUntil([&] { return watch.paintedAt.has_value(); }, 60000))
                fail("the figure was not painted");
            visible << double(*watch.paintedAt - arrivedAt) / 1e6;
            cell << double(*watch.paintedAt) / 1e6;
            waitUntil([&] { return session.state() == Client::SessionState::Idle; }, Timeout);
        }
        result.insert(QStringLiteral("mpl_visible_ms"), median(visible));
        result.insert(QStringLiteral("mpl_cell_ms"), median(cell));
    }

    // Plotly: the warm page against a page made for the chart, alternating, same chart.
    {
        const QByteArray chart = scatterJson(10'000);
        Ui::ChartView *warm = dock.chartView();
        drawnMs(warm, chart); // the libraries' first use is not what a warm page costs
        QList<double> warmSamples, coldSamples;
        for (int i = 0; i < Samples; ++i) {
            warmSamples << drawnMs(warm, chart);
            QElapsedTimer clock;
            clock.start();
            Ui::ChartSandbox sandbox;
            Ui::ChartView cold(&sandbox);
            cold.resize(700, 500);
            cold.show();
            cold.showChart(Ui::ChartView::Kind::Plotly, chart);
            if (!waitUntil([&cold] { return cold.isDrawn(); }, Timeout))
                fail("a cold chart was not drawn");
            coldSamples << double(clock.nsecsElapsed()) / 1e6;
        }
        result.insert(QStringLiteral("plotly_visible_ms.warm"), median(warmSamples));
        result.insert(QStringLiteral("plotly_visible_ms.cold"), median(coldSamples));

        QList<double> exports;
        Models::PlotExport png;
        png.width = 6;
        png.height = 4;
        png.dpi = 300;
        for (int i = 0; i < Samples; ++i) {
            bool done = false;
            QElapsedTimer clock;
            clock.start();
            Ui::ChartExport::render(warm, png, [&](const QByteArray &file, const QString &error) {
                if (!error.isEmpty() || file.isEmpty())
                    fail("the Plotly export failed");
                done = true;
            });
            if (!waitUntil([&done] { return done; }, Timeout))
                fail("the Plotly export did not end");
            exports << double(clock.nsecsElapsed()) / 1e6;
        }
        result.insert(QStringLiteral("export_png_300dpi_ms.plotly"), median(exports));
    }

    // matplotlib export: the kept figure drawn again by the session.
    {
        Client::Execution *draw = session.execute(
                QStringLiteral("fig, ax = plt.subplots(figsize=(6, 4))\n"
                               "ax.scatter(rng.random(1000), rng.random(1000), s=4)\n"
                               "plt.show()\n"));
        QObject::connect(draw, &Client::Execution::display, [&](const Protocol::DisplayData &d) {
            history.add(d, QStringLiteral("<bench>"), session.engineInfo().pid);
        });
        const int before = history.rowCount();
        if (!waitUntil(
                    [&] {
                        return history.rowCount() > before
                               && session.state() == Client::SessionState::Idle;
                    },
                    Timeout))
            fail("the figure to export did not come");
        const int figure = history.figureNumber(history.rowCount() - 1);
        if (figure <= 0)
            fail("the figure has no number to export");
        QList<double> exports;
        for (int i = 0; i < Samples; ++i) {
            QElapsedTimer clock;
            clock.start();
            Bench::run(session,
                       QStringLiteral("sandpiper.save_plot(%1, 'bench.png', width=6, height=4, "
                                      "dpi=300);\n")
                               .arg(figure),
                       Timeout);
            exports << double(clock.nsecsElapsed()) / 1e6;
        }
        result.insert(QStringLiteral("export_png_300dpi_ms"), median(exports));
    }

    // 10^4 figures into the dock: the history keeps 256 MB in memory, the rest in files.
    {
        QList<Protocol::DisplayData> pictures;
        Client::Execution *run = session.execute(
                QStringLiteral("for i in range(20):\n"
                               "    fig, ax = plt.subplots(figsize=(8, 6), dpi=150)\n"
                               "    ax.plot(rng.random(2000).cumsum(), lw=0.5)\n"
                               "    ax.set_title(f'figure {i}')\n"
                               "    plt.show()\n"));
        QObject::connect(run, &Client::Execution::display, [&](const Protocol::DisplayData &d) {
            pictures << d;
        });
        if (!waitUntil(
                    [&] {
                        return pictures.size() == 20
                               && session.state() == Client::SessionState::Idle;
                    },
                    Timeout))
            fail("the 20 pictures did not come");
        history.clear();
        QCoreApplication::processEvents();
        result.insert(QStringLiteral("gui_rss_mb.before"), double(residentBytes()) / (1 << 20));
        const QString png = QStringLiteral("image/png");
        for (int i = 0; i < Figures; ++i) {
            // Each its own bytes, as 10^4 figures drawn by a session would be.
            Protocol::DisplayData figure = pictures.at(i % pictures.size());
            const QByteArray shared = figure.data.value(png).toByteArray();
            figure.data.insert(png, QByteArray(shared.constData(), shared.size()));
            history.add(figure, QStringLiteral("<bench>"));
            if (i % 100 == 0)
                QCoreApplication::processEvents(); // the dock shows and thumbnails as it goes
        }
        QCoreApplication::processEvents();
        result.insert(QStringLiteral("gui_rss_mb.after_10000_figures"),
                      double(residentBytes()) / (1 << 20));
        result.insert(QStringLiteral("history_mb_in_memory"),
                      double(history.bytesInMemory()) / (1 << 20));
        result.insert(QStringLiteral("figures"), Figures);
        result.insert(QStringLiteral("figures_mb"),
                      double(pictures.at(0).data.value(png).toByteArray().size()) * Figures
                              / (1 << 20));
    }

    session.shutdown();
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return 0;
}
