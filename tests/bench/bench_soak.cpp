// A long working day in one window: N runs (default 10 000) of a realistic mix through the real
// main window's console and a real sandboxed session, offscreen. Prints JSON:
//   gui_rss_growth_mb   the window process's resident memory, after the first 1 000 runs to the end
//   gui_fd_growth       its open descriptors, over the same span
//   engine_restarts_unexpected  new engines besides the planned restarts
//   runs_lost           runs submitted without a finished status
//   p99_run_ms          of the trivial runs (print), submit to finished, as the console sees it
// The mix: a print every run, a figure every 10th, a DataFrame display every 13th, an error every
// 7th, an interrupt every 500th and a restart every 2 000th.

#include "residentmemory.h"

#include <consolewidget.h>
#include <mainwindow.h>
#include <session.h>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Sandpiper;
using Sandpiper::Testing::residentBytes;

namespace {

int openDescriptors()
{
    return int(QDir(QStringLiteral("/proc/self/fd"))
                       .entryList(QDir::NoDotAndDotDot | QDir::System)
                       .size());
}

QString codeFor(int run)
{
    if (run % 500 == 0)
        return QStringLiteral("import time\ntime.sleep(30)"); // interrupted
    if (run % 10 == 0)
        return QStringLiteral("import matplotlib.pyplot as plt\nplt.figure()\n"
                              "plt.plot([1, 2, %1])\nplt.show()")
                .arg(run);
    if (run % 13 == 0)
        return QStringLiteral("import pandas as pd\npd.DataFrame({'a': range(100), 'b': %1})")
                .arg(run);
    if (run % 7 == 0)
        return QStringLiteral("raise ValueError('soak %1')").arg(run);
    return QStringLiteral("print(%1)").arg(run);
}

bool isTrivial(int run)
{
    return run % 500 != 0 && run % 10 != 0 && run % 13 != 0 && run % 7 != 0;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1000, QByteArray(argv[1]).toInt()) : 10000;

    Client::SessionOptions options;
    options.handshakeTimeoutMs = 60000;
    Client::Session session(options);
    Ui::MainWindow window;
    window.setSession(&session);
    window.show();
    session.start();

    int engineStarts = 0;
    QObject::connect(&session, &Client::Session::ready, [&] { ++engineStarts; });
    int plannedRestarts = 0;
    int lost = 0;
    QList<double> trivialMs;
    qint64 rssAfterWarmUp = 0;
    int fdsAfterWarmUp = 0;
    QElapsedTimer total;
    total.start();

    for (int run = 1; run <= runs; ++run) {
        if (run % 2000 == 0) {
            ++plannedRestarts;
            session.restart();
        }
        bool finished = false;
        QElapsedTimer clock;
        clock.start();
        Client::Execution *execution
                = window.console()->run(codeFor(run), QStringLiteral("<cell %1>").arg(run));
        QObject::connect(execution, &Client::Execution::finished, [&] { finished = true; });
        if (run % 500 == 0)
            QTimer::singleShot(100, &session, [&] { session.interrupt(); });
        QElapsedTimer waited;
        waited.start();
        while (!finished && waited.elapsed() < 60000)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        if (!finished) {
            ++lost;
            std::fprintf(stderr, "run %d did not finish\n", run);
            continue;
        }
        if (isTrivial(run))
            trivialMs << double(clock.nsecsElapsed()) / 1e6;
        if (run == 1000) {
            QCoreApplication::processEvents();
            rssAfterWarmUp = residentBytes();
            fdsAfterWarmUp = openDescriptors();
        }
        if (run % 1000 == 0)
            std::fprintf(stderr,
                         "soak: %d runs, %lld s, GUI %lld MiB\n",
                         run,
                         total.elapsed() / 1000,
                         residentBytes() >> 20);
    }
    // Let late frames and deletions settle before the last reading.
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 1000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    std::sort(trivialMs.begin(), trivialMs.end());
    const auto percentile = [&](double p) {
        return trivialMs.isEmpty() ? 0.0
                                   : trivialMs.at(qsizetype(p * double(trivialMs.size() - 1)));
    };
    QJsonObject result{
            {QStringLiteral("runs"), runs},
            {QStringLiteral("seconds"), double(total.elapsed()) / 1000.0},
            {QStringLiteral("gui_rss_mb_after_1000"), double(rssAfterWarmUp) / 1048576.0},
            {QStringLiteral("gui_rss_growth_mb"),
             double(residentBytes() - rssAfterWarmUp) / 1048576.0},
            {QStringLiteral("gui_fd_growth"), openDescriptors() - fdsAfterWarmUp},
            {QStringLiteral("engine_restarts_unexpected"),
             std::max(0, engineStarts - 1 - plannedRestarts)},
            {QStringLiteral("runs_lost"), lost},
            {QStringLiteral("p50_run_ms"), percentile(0.5)},
            {QStringLiteral("p99_run_ms"), percentile(0.99)},
    };
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    session.shutdown();
    return 0;
}
