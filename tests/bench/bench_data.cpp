// Data viewer benchmark: the real DataViewer and grid (offscreen) on a real sandboxed session,
// against what Spyder does to show a frame (pickle it in the kernel, unpickle it in the window),
// measured in the same run on the same objects. Prints one JSON object; bench_data.sh prints
// the table. Every figure is the median of Samples runs at the same warmth: the object already
// exists in the session, and each sample opens a new viewer (or repeats the same action).
//
//   first_screen_ms.N      "View" to a painted first page (every cell in view on screen)
//   jump_to_end_ms.1e8     Ctrl+End to the last row painted
//   sort_ms.1e7            header click to the sorted first page painted; the engine's order is
//                          recomputed each time (a run in between makes it stale)
//   pandas_sort_ms.1e7     df.sort_values('x') alone, timed in the session
//   summary_ms.1e7         "Summary" of a float column to the panel showing it
//   gui_rss_delta_mb.1gb   growth of this process's resident memory after opening a 1 GB array
//                          and scrolling it end to end
//   peer_pickle_ms.1e6     pickle.dumps + pickle.loads of the 10^6-row frame, timed in the
//                          session (the window side of Spyder's way would add the transfer)
#include "benchsession.h"
#include "residentmemory.h"
#include "waituntil.h"

#include <datagrid.h>
#include <dataviewer.h>
#include <session.h>
#include <summarypanel.h>
#include <tablepages.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

using namespace Sandpiper;
using Sandpiper::Bench::fail;
using Sandpiper::Bench::median;
using Sandpiper::Testing::residentBytes;
using Sandpiper::Testing::waitUntil;

namespace {

constexpr int Samples = 5;
constexpr int Timeout = 600'000;

QString run(Client::Session &session, const QString &code)
{
    return Bench::run(session, code, Timeout);
}

bool screenShown(Ui::DataViewer *viewer)
{
    const Models::TablePages *pages = viewer->pages();
    return pages->hasExtent() && !pages->isWaiting() && pages->covers(pages->shown());
}

// Waits for the grid's next paint with every cell in view: what the user waited for.
bool waitForScreen(Ui::DataViewer *viewer)
{
    bool complete = false;
    const auto connection = QObject::connect(
            viewer->grid(), &Ui::DataGrid::screenComplete, [&complete] { complete = true; });
    viewer->grid()->viewport()->update(); // a screen already complete paints once more
    const bool ok = waitUntil([&] { return complete && screenShown(viewer); }, Timeout);
    QObject::disconnect(connection);
    return ok;
}

std::unique_ptr<Ui::DataViewer> openViewer(Client::Session &session,
                                           const QString &name,
                                           const QString &type)
{
    auto viewer = std::make_unique<Ui::DataViewer>(&session, Models::TableSource{name}, type);
    viewer->resize(1000, 700);
    viewer->show();
    return viewer;
}

double firstScreenMs(Client::Session &session, const QString &name)
{
    QList<double> samples;
    for (int i = 0; i < Samples; ++i) {
        QElapsedTimer clock;
        clock.start();
        auto viewer = openViewer(session, name, QStringLiteral("DataFrame"));
        if (!waitForScreen(viewer.get()))
            fail("a first screen never came");
        samples << double(clock.nsecsElapsed()) / 1e6;
    }
    return median(samples);
}

double sessionMs(Client::Session &session, const QString &setup, const QString &timed)
{
    QList<double> samples;
    for (int i = 0; i < Samples; ++i) {
        const QString out
                = run(session,
                      setup + QStringLiteral("import time as _t\n_s = _t.perf_counter()\n") + timed
                              + QStringLiteral("print((_t.perf_counter() - _s) * 1000)\n"));
        samples << out.trimmed().toDouble();
    }
    return median(samples);
}

const QString MakeFrame = QStringLiteral(
        "import numpy as np, pandas as pd\n"
        "def make(n):\n"
        "    rng = np.random.default_rng(1)\n"
        "    return pd.DataFrame({'id': np.arange(n), 'x': rng.random(n),\n"
        "        'label': np.array(['alpha', 'beta', 'gamma'], dtype=object)[np.arange(n) % 3],\n"
        "        'when': pd.date_range('2024-01-01', periods=n, freq='s')})\n");

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    Client::SessionOptions options;
    // 10^8 rows of four columns take about 3.2 GB, twice that while they are built.
    options.limits.memoryBytes = quint64(14) << 30;
    options.handshakeTimeoutMs = 60000;
    Client::Session session(options);
    session.start();
    run(session, MakeFrame);
    QJsonObject result;

    for (const auto &[label, rows] : {std::pair{"1e3", 1'000LL},
                                      std::pair{"1e6", 1'000'000LL},
                                      std::pair{"1e8", 100'000'000LL}}) {
        std::fprintf(stderr, "making %s rows × 4 columns ...\n", label);
        run(session, QStringLiteral("f = make(%1)\n").arg(rows));
        result.insert(QStringLiteral("first_screen_ms.%1").arg(QLatin1String(label)),
                      firstScreenMs(session, QStringLiteral("f")));
        if (rows == 1'000'000) {
            result.insert(QStringLiteral("peer_pickle_ms.1e6"),
                          sessionMs(session,
                                    QStringLiteral("import pickle\n"),
                                    QStringLiteral("pickle.loads(pickle.dumps(f, protocol=5))\n")));
        }
        if (rows == 100'000'000) {
            auto viewer = openViewer(session, QStringLiteral("f"), QStringLiteral("DataFrame"));
            if (!waitForScreen(viewer.get()))
                fail("no first screen of 10^8 rows");
            QList<double> samples;
            for (int i = 0; i < Samples; ++i) {
                QTest::keyClick(viewer->grid(), Qt::Key_Home, Qt::ControlModifier);
                waitForScreen(viewer.get());
                QElapsedTimer clock;
                clock.start();
                QTest::keyClick(viewer->grid(), Qt::Key_End, Qt::ControlModifier);
                if (!waitForScreen(viewer.get()) || viewer->grid()->currentCell().row != rows - 1)
                    fail("no end of 10^8 rows");
                samples << double(clock.nsecsElapsed()) / 1e6;
            }
            result.insert(QStringLiteral("jump_to_end_ms.1e8"), median(samples));
        }
        run(session, QStringLiteral("del f\n"));
    }

    std::fprintf(stderr, "10^9 rows × int8 (1 GB) ...\n");
    run(session, QStringLiteral("b = np.zeros(10**9, dtype=np.int8)\n"));
    result.insert(QStringLiteral("first_screen_ms.1e9"),
                  firstScreenMs(session, QStringLiteral("b")));
    {
        const qint64 before = residentBytes();
        auto viewer = openViewer(session, QStringLiteral("b"), QStringLiteral("ndarray"));
        waitForScreen(viewer.get());
        for (int i = 0; i < 20; ++i) { // scroll through, end to end
            viewer->grid()->scrollToRow(qint64(i) * 50'000'000);
            waitForScreen(viewer.get());
        }
        QTest::keyClick(viewer->grid(), Qt::Key_End, Qt::ControlModifier);
        waitForScreen(viewer.get());
        result.insert(QStringLiteral("gui_rss_delta_mb.1gb"),
                      double(residentBytes() - before) / 1048576.0);
    }
    run(session, QStringLiteral("del b\n"));

    std::fprintf(stderr, "sorting and summarising 10^7 rows ...\n");
    run(session,
        QStringLiteral("s = pd.DataFrame({'x': np.random.default_rng(2).random(10**7),"
                       " 'y': np.arange(10**7)})\n"));
    {
        auto viewer = openViewer(session, QStringLiteral("s"), QStringLiteral("DataFrame"));
        waitForScreen(viewer.get());
        QList<double> sorts;
        for (int i = 0; i < Samples; ++i) {
            viewer->setView({});
            waitForScreen(viewer.get());
            run(session, QStringLiteral("pass\n")); // the next order is computed afresh
            waitForScreen(viewer.get());
            QElapsedTimer clock;
            clock.start();
            viewer->sortByColumn(0);
            if (!waitForScreen(viewer.get()))
                fail("no sorted screen");
            sorts << double(clock.nsecsElapsed()) / 1e6;
        }
        result.insert(QStringLiteral("sort_ms.1e7"), median(sorts));
        QList<double> summaries;
        for (int i = 0; i < Samples; ++i) {
            viewer->summarizeColumn(1);
            waitUntil([&] { return viewer->summaryPanel()->chartPoints() > 0; }, Timeout);
            QElapsedTimer clock;
            clock.start();
            viewer->summarizeColumn(0);
            if (!waitUntil([&] { return viewer->summaryPanel()->chartPoints() > 0; }, Timeout))
                fail("no summary");
            summaries << double(clock.nsecsElapsed()) / 1e6;
        }
        result.insert(QStringLiteral("summary_ms.1e7"), median(summaries));
    }
    result.insert(QStringLiteral("pandas_sort_ms.1e7"),
                  sessionMs(session, QString(), QStringLiteral("s.sort_values('x')\n")));
    session.shutdown();
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return 0;
}
