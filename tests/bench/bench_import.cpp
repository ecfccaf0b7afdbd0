// Import benchmark: the tools engine's sniff and preview on big files, the dialog's code against
// plain pandas in the same session, and a drop on the real window to the preview on screen. Prints
// one JSON object; bench_import.sh prints the table. Figures are medians of Samples runs at the
// same warmth (files already in the page cache, engines started and warmed by a first request).
//
//   preview_ms.csv_1gb             sniff + first 200 rows of a 1 GB CSV (tools engine)
//   preview_ms.xlsx_50mb           sheet list + first 200 rows of a 50 MB xlsx (tools engine)
//   import_mb_s.csv                the dialog's generated code reading a 200 MB CSV in a session
//   pandas_mb_s.csv                plain pd.read_csv of the same file in the same session
//   drop_to_preview_ms.csv_100mb   a drop on the window to the dialog showing its preview,
//                                  copy of the 100 MB file into the workspace included
#include "benchsession.h"
#include "waituntil.h"

#include <consolewidget.h>
#include <datarequest.h>
#include <datasetimporter.h>
#include <importdialog.h>
#include <importsession.h>
#include <mainwindow.h>
#include <session.h>

#include <QApplication>
#include <QDir>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace Sandpiper;
using Sandpiper::Bench::fail;
using Sandpiper::Bench::median;
using Sandpiper::Testing::waitUntil;

namespace {

constexpr int Samples = 5;
constexpr int Timeout = 900'000;

// A CSV of `bytes` (to a whole row): an id, a float, a date, a short category and a text.
void writeCsv(const QString &path, qint64 bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        fail("cannot write a CSV");
    file.write("id,price,day,region,note\n");
    QByteArray block;
    const char *regions[] = {"north", "south", "east", "west"};
    for (int i = 0; block.size() < std::min<qint64>(8 << 20, bytes / 8); ++i)
        block += QStringLiteral("%1,%2.%3,2024-%4-%5,%6,item %7\n")
                         .arg(i)
                         .arg(i % 997)
                         .arg(i % 100, 2, 10, QLatin1Char('0'))
                         .arg(1 + i % 12, 2, 10, QLatin1Char('0'))
                         .arg(1 + i % 28, 2, 10, QLatin1Char('0'))
                         .arg(QLatin1String(regions[i % 4]))
                         .arg(i * 7919 % 100000)
                         .toLatin1();
    while (file.size() + block.size() <= bytes)
        file.write(block);
}

QString run(Client::Session &session, const QString &code)
{
    return Bench::run(session, code, Timeout);
}

Protocol::SniffResult sniff(Client::AbstractSession &tools, const QString &path)
{
    Protocol::SniffRequest request;
    request.path = path;
    request.name = QFileInfo(path).fileName();
    Protocol::SniffResult result;
    bool done = false;
    Client::SniffFetch *fetch = tools.sniff(request);
    QObject::connect(fetch, &Client::SniffFetch::finished, [&](const Protocol::SniffResult &r) {
        result = r;
        done = true;
    });
    if (!waitUntil([&done] { return done; }, Timeout))
        fail("a preview never came");
    if (!result.error.isEmpty()) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(path), qPrintable(result.error));
        fail("a preview failed");
    }
    return result;
}

double previewMs(Client::AbstractSession &tools, const QString &path)
{
    QList<double> samples;
    for (int i = 0; i < Samples; ++i) {
        QElapsedTimer clock;
        clock.start();
        sniff(tools, path);
        samples << double(clock.nsecsElapsed()) / 1e6;
    }
    return median(samples);
}

// Seconds the session took for `code`, timed inside it.
double sessionSeconds(Client::Session &session, const QString &code)
{
    const QString out = run(session,
                            QStringLiteral("import time as _t\n_s = _t.perf_counter()\n") + code
                                    + QStringLiteral("\nprint(_t.perf_counter() - _s)\n"));
    return out.trimmed().section(u'\n', -1).toDouble();
}

} // namespace

int main(int argc, char *argv[])
{
    Bench::benchName = "bench import";
    QApplication app(argc, argv);
    QTemporaryDir root;
    Client::SessionOptions options;
    options.workspaceRoot = root.path();
    options.limits.memoryBytes = 8ull << 30;
    options.limits.fileSizeBytes = 2ull << 30;
    options.limits.wallTimeMs = 0;
    options.limits.transferBytes = 1ull << 30; // the dropped file is 100 MB
    Client::Session session(options);
    session.start();
    if (!waitUntil([&] { return session.state() == Client::SessionState::Idle; }, Timeout))
        fail("the session did not start");
    const QDir workspace(session.workspacePath());
    QJsonObject out;

    std::fprintf(stderr, "bench import: writing the files\n");
    const QString csv1g = workspace.filePath(QStringLiteral("big_1gb.csv"));
    const QString csv200 = workspace.filePath(QStringLiteral("mid_200mb.csv"));
    // SANDPIPER_BENCH_QUICK=1: the same steps on files a hundred times smaller (a smoke run of the
    // benchmark itself; its figures mean nothing).
    const qint64 scale = qEnvironmentVariableIntValue("SANDPIPER_BENCH_QUICK") ? 100 : 1;
    writeCsv(csv1g, (1ll << 30) / scale);
    writeCsv(csv200, (200ll << 20) / scale);
    const QString xlsx = workspace.filePath(QStringLiteral("sheet_50mb.xlsx"));
    run(session,
        QStringLiteral("import xlsxwriter\n"
                       "wb = xlsxwriter.Workbook('sheet_50mb.xlsx', {'constant_memory': True})\n"
                       "ws = wb.add_worksheet('data')\n"
                       "ws.write_row(0, 0, ['id', 'price', 'region', 'note', 'a', 'b', 'c', 'd', "
                       "'e', 'f'])\n"
                       "r = 1\n"
                       "import os\n"
                       "while r <= 1_000_000 / %1:\n"
                       "    ws.write_row(r, 0, [r, r * 0.5, 'north', 'item %d' % r,\n"
                       "                        r * 1.5, r % 7, 'south', 'x %d' % (r % 1000),\n"
                       "                        r * 2.5, 'note %d' % (r % 5000)])\n"
                       "    r += 1\n"
                       "wb.close()\n"
                       "print(os.path.getsize('sheet_50mb.xlsx'))\n")
                .arg(scale));
    out.insert(QStringLiteral("xlsx_bytes"), QFileInfo(xlsx).size());

    Client::ImportSession tools(session.workspacePath());
    sniff(tools, csv200); // starts and warms the engine (pandas imported)
    std::fprintf(stderr, "bench import: previews\n");
    out.insert(QStringLiteral("preview_ms.csv_1gb"), previewMs(tools, csv1g));
    out.insert(QStringLiteral("preview_ms.xlsx_50mb"), previewMs(tools, xlsx));

    // The dialog's code against plain pandas on the same file, alternating, same warmth.
    std::fprintf(stderr, "bench import: full imports\n");
    const QString code = sniff(tools, csv200).code;
    const double megabytes = double(QFileInfo(csv200).size()) / (1 << 20);
    QList<double> ours;
    QList<double> plain;
    run(session, QStringLiteral("import pandas as pd\n_ = pd.read_csv('mid_200mb.csv')\ndel _\n"));
    for (int i = 0; i < 3; ++i) {
        ours << megabytes / sessionSeconds(session, code + QStringLiteral("del df\n"));
        plain << megabytes
                         / sessionSeconds(session,
                                          QStringLiteral("import pandas as pd\n"
                                                         "df = pd.read_csv('mid_200mb.csv')\n"
                                                         "del df\n"));
    }
    out.insert(QStringLiteral("import_mb_s.csv"), median(ours));
    out.insert(QStringLiteral("pandas_mb_s.csv"), median(plain));

    // A drop on the real window, to the preview in the dialog (the copy included).
    std::fprintf(stderr, "bench import: drop to preview\n");
    QTemporaryDir outside;
    const QString dropped = QDir(outside.path()).filePath(QStringLiteral("dropped_100mb.csv"));
    writeCsv(dropped, (100ll << 20) / scale);
    Ui::MainWindow window;
    window.setSession(&session);
    window.importer()->setTools(&tools);
    window.setWorkspaceFilesPrompt([](const QString &, const QStringList &, QString *) {
        return Ui::MainWindow::WorkspaceChoice::Discard;
    });
    window.show();
    QObject::connect(window.importer(), &Ui::DatasetImporter::notice, [](const QString &text) {
        std::fprintf(stderr, "%s\n", qPrintable(text));
        fail("the drop was refused");
    });
    QList<double> dropSamples;
    for (int i = 0; i < Samples; ++i) {
        QElapsedTimer clock;
        double shownMs = -1;
        window.importer()->setPrompt([&](Ui::ImportDialog &dialog) {
            dialog.show();
            waitUntil([&] { return !dialog.isReading() && !dialog.preview().code.isEmpty(); },
                      Timeout);
            QApplication::processEvents(); // painted
            shownMs = double(clock.nsecsElapsed()) / 1e6;
            return false;
        });
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(dropped)});
        clock.start();
        // As a drag ends: it enters the widget, then drops.
        QDragEnterEvent enter(
                QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(window.console(), &enter);
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(window.console(), &drop);
        if (!drop.isAccepted())
            fail("the window did not take the drop");
        if (!waitUntil([&] { return shownMs >= 0 && !window.importer()->isBusy(); }, Timeout))
            fail("the dropped file never showed a preview");
        dropSamples << shownMs;
    }
    out.insert(QStringLiteral("drop_to_preview_ms.csv_100mb"), median(dropSamples));
    window.close();
    tools.shutdown();
    session.shutdown();
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputs("\n", stdout);
    return 0;
}
