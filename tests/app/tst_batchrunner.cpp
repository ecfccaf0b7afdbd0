// BatchRunner and BatchReport against an in-process fake session: cell splitting, stop at the
// first failure, --keep-going with a restart, and the files written.
#include "fakesession.h"

#include <batchrunner.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <QTimer>
#include <unistd.h>

using namespace Sandpiper;
using Sandpiper::Testing::FakeSession;

namespace {

// A minimal valid PNG header is enough: the report copies bytes, it does not decode them.
const QByteArray pngBytes = QByteArray::fromHex("89504e470d0a1a0a0000000d49484452");

// Plays the engine: "print" writes output, "plot" displays a figure, "fail" raises, "crash"
// kills the session, "chart" displays a Plotly figure with a hostile string in it.
void playEngine(FakeSession *session, Client::Execution *execution)
{
    const QString code = execution->code();
    Client::RunOutcome outcome;
    outcome.wallSeconds = 0.5;
    if (code.contains(QLatin1String("print")))
        execution->deliverOutput(Protocol::StreamName::Stdout, "hello \xe6\x95\xb0\n", false);
    if (code.contains(QLatin1String("plot"))) {
        Protocol::DisplayData display;
        display.data.insert(QStringLiteral("image/png"), pngBytes);
        display.data.insert(QStringLiteral("image/svg+xml"), QStringLiteral("<svg/>"));
        execution->deliverDisplay(display);
    }
    if (code.contains(QLatin1String("chart"))) {
        Protocol::DisplayData display;
        display.data.insert(QStringLiteral("application/vnd.plotly.v1+json"),
                            QStringLiteral("{\"data\":[{\"name\":\"</script><b>x\"}]}"));
        execution->deliverDisplay(display);
    }
    if (code.contains(QLatin1String("fail"))) {
        outcome.status = Client::RunStatus::Error;
        outcome.error.type = QStringLiteral("ValueError");
        outcome.error.message = QStringLiteral("bad value");
        outcome.error.traceback = {QStringLiteral("ValueError: bad value")};
    }
    if (code.contains(QLatin1String("crash"))) {
        outcome.status = Client::RunStatus::Crashed;
        outcome.detail = QStringLiteral("engine killed by signal 11 (SIGSEGV)");
        // As the real session does: the state changes first, then the runs are told.
        session->setState(Client::SessionState::Dead);
        execution->finish(outcome);
        return;
    }
    // As the real engine does: the result, then what the run changed (not settled), and
    // later, before the next run, what its idle refresh found elsewhere (an object changed
    // through an alias).
    execution->finish(outcome);
    const auto summary = [](const QString &name, const QString &repr) {
        Protocol::VariableSummary s;
        s.name = name;
        s.type = QStringLiteral("list");
        s.repr = repr;
        return s;
    };
    Protocol::VariablesDiff diff;
    diff.id = execution->id();
    diff.changed << summary(QStringLiteral("x"), QStringLiteral("[1]"));
    diff.settled = false;
    Q_EMIT session->variablesChanged(diff);
    if (code.contains(QLatin1String("dies while idle"))) {
        // The engine dies before its refresh is done: nothing more will come.
        QTimer::singleShot(
                0, session, [session] { session->setState(Client::SessionState::Dead); });
        return;
    }
    QTimer::singleShot(0, session, [session, summary, code = execution->code()] {
        Protocol::VariablesDiff refresh;
        refresh.changed << summary(QStringLiteral("alias"), code.trimmed().left(20));
        Q_EMIT session->variablesChanged(refresh);
    });
}

QJsonArray readArray(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).array();
}

} // namespace

class TestBatchRunner : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QJsonArray cells;
        FakeSession *session = nullptr;
    };

    Run runScript(const QString &script,
                  bool keepGoing,
                  const QString &outDir,
                  const QString &workspace = {})
    {
        QTemporaryDir scriptDir;
        const QString path = scriptDir.filePath(QStringLiteral("script.py"));
        QFile file(path);
        file.open(QIODevice::WriteOnly);
        file.write(script.toUtf8());
        file.close();

        auto session = new FakeSession(this);
        session->autoRestart = true;
        session->workspace = workspace;
        connect(session, &FakeSession::executeCalled, session, [session](Client::Execution *e) {
            QTimer::singleShot(0, session, [session, e] { playEngine(session, e); });
        });
        App::BatchOptions options;
        options.scriptPath = path;
        options.outputDir = outDir;
        options.keepGoing = keepGoing;
        App::BatchRunner runner(session, options);
        QSignalSpy finished(&runner, &App::BatchRunner::finished);
        session->start();
        runner.start();
        if (!finished.wait(5000))
            return {};
        return {finished.first().first().toInt(),
                readArray(outDir + QStringLiteral("/cells.json")),
                session};
    }

private Q_SLOTS:
    void allCellsSucceed()
    {
        QTemporaryDir out;
        const Run run = runScript(QStringLiteral("x = 1\n# %% second\nprint(x)\n# %%\nplot()\n"
                                                 "# %%\n\n# %% charts\nchart()\n"),
                                  false,
                                  out.path());
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.cells.size(), 4); // the empty cell is not reported
        for (const auto &cell : run.cells)
            QCOMPARE(cell.toObject().value("status").toString(), QStringLiteral("ok"));
        QCOMPARE(run.cells.at(1).toObject().value("first_line").toString(),
                 QStringLiteral("print(x)"));
        const QJsonObject usage = run.cells.at(0).toObject().value("usage").toObject();
        QVERIFY(usage.contains("cpu_seconds"));
        QVERIFY(usage.contains("peak_memory_bytes"));
        QCOMPARE(usage.value("exit_signal").toInt(-1), 0);

        QDir dir(out.path());
        QFile log(dir.filePath(QStringLiteral("output.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray logText = log.readAll();
        QVERIFY(logText.contains("# ---- cell 2: print(x)\nhello \xe6\x95\xb0\n"));
        QFile png(dir.filePath(QStringLiteral("figures/001.png")));
        QVERIFY(png.open(QIODevice::ReadOnly));
        QCOMPARE(png.readAll(), pngBytes);
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("figures/001.svg"))));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("variables.json"))));
        // The last cell's refresh came after its result, and is in the report.
        const QJsonArray variables = readArray(dir.filePath(QStringLiteral("variables.json")));
        QCOMPARE(variables.size(), 2);
        QCOMPARE(variables.at(0).toObject().value("name").toString(), QStringLiteral("alias"));
        QCOMPARE(variables.at(0).toObject().value("repr").toString(), QStringLiteral("chart()"));

        QFile report(dir.filePath(QStringLiteral("report.html")));
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QByteArray html = report.readAll();
        QVERIFY(html.contains("<img src=\"figures/001.png\""));
        QVERIFY(html.contains("All 4 cells succeeded"));

        // The Plotly page is standalone and the hostile name cannot close its script element.
        QFile chart(dir.filePath(QStringLiteral("figures/002.html")));
        QVERIFY2(chart.open(QIODevice::ReadOnly), "plotly.js missing from the toolbox?");
        const QByteArray page = chart.readAll();
        QVERIFY(page.contains("Plotly.newPlot"));
        QVERIFY(!page.contains("</script><b>x"));
        QVERIFY(page.size() > 1000000); // plotly.js is inlined: the page works offline
    }

    void workspaceFilesComeBackInFiles()
    {
        // What the script wrote into its workspace outlives the session: DIR/files/.
        QTemporaryDir workspace;
        QDir root(workspace.path());
        QVERIFY(root.mkpath(QStringLiteral("tables")) && root.mkpath(QStringLiteral(".config")));
        const auto write = [&root](const QString &name, const QByteArray &data) {
            QFile file(root.filePath(name));
            return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
        };
        QVERIFY(write(QStringLiteral("tables/sales.csv"), "a,b\n1,2\n"));
        QVERIFY(write(QStringLiteral("plot & notes.txt"), "x"));
        QVERIFY(write(QStringLiteral(".config/settings"), "private"));
        QVERIFY(QFile::link(QStringLiteral("/etc/hostname"),
                            root.filePath(QStringLiteral("link.csv"))));
        QVERIFY(write(QStringLiteral("twice.csv"), "y"));
        QVERIFY(::link(QFile::encodeName(root.filePath(QStringLiteral("twice.csv"))).constData(),
                       QFile::encodeName(root.filePath(QStringLiteral("tables/again.csv")))
                               .constData())
                == 0);

        QTemporaryDir out;
        const Run run = runScript(QStringLiteral("x = 1\n"), false, out.path(), workspace.path());
        QCOMPARE(run.exitCode, 0);
        QDir files(QDir(out.path()).filePath(QStringLiteral("files")));
        QFile sales(files.filePath(QStringLiteral("tables/sales.csv")));
        QVERIFY(sales.open(QIODevice::ReadOnly));
        QCOMPARE(sales.readAll(), QByteArray("a,b\n1,2\n"));
        QVERIFY(QFile::exists(files.filePath(QStringLiteral("plot & notes.txt"))));
        QVERIFY(!QFile::exists(files.filePath(QStringLiteral(".config/settings")))); // hidden
        QVERIFY(!QFileInfo::exists(files.filePath(QStringLiteral("link.csv"))));     // a link
        QVERIFY(!QFile::exists(files.filePath(QStringLiteral("twice.csv"))));        // hard-linked
        QFile report(QDir(out.path()).filePath(QStringLiteral("report.html")));
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QByteArray html = report.readAll();
        QVERIFY(html.contains("<a href=\"files/tables/sales.csv\">files/tables/sales.csv</a>"));
        QVERIFY(html.contains(
                "<a href=\"files/plot%20%26%20notes.txt\">files/plot &amp; notes.txt</a>"));
        QVERIFY2(html.contains("files/twice.csv: <span class=\"error\">"), html.constData());
    }

    void stopsAtTheFirstFailure()
    {
        QTemporaryDir out;
        const Run run = runScript(
                QStringLiteral("a = 1\n# %%\nfail()\n# %%\nprint(2)\n"), false, out.path());
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.cells.size(), 3);
        QCOMPARE(run.cells.at(1).toObject().value("status").toString(), QStringLiteral("error"));
        QCOMPARE(run.cells.at(1).toObject().value("error_type").toString(),
                 QStringLiteral("ValueError"));
        QCOMPARE(run.cells.at(2).toObject().value("status").toString(), QStringLiteral("skipped"));
        QCOMPARE(run.session->executed.size(), 3); // the setup, then two cells
        QVERIFY(run.session->executed.first()->code().contains(
                QLatin1String("set_figure_formats")));
    }

    void keepGoingRestartsAfterACrash()
    {
        QTemporaryDir out;
        const Run run = runScript(
                QStringLiteral("crash()\n# %%\nfail()\n# %%\nprint(3)\n"), true, out.path());
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.cells.size(), 3);
        QCOMPARE(run.cells.at(0).toObject().value("status").toString(), QStringLiteral("crashed"));
        QVERIFY(run.cells.at(0).toObject().value("detail").toString().contains("SIGSEGV"));
        QCOMPARE(run.cells.at(1).toObject().value("status").toString(), QStringLiteral("error"));
        QCOMPARE(run.cells.at(2).toObject().value("status").toString(), QStringLiteral("ok"));
        QCOMPARE(run.session->restarts, 1);
    }

    // The last cell's variables are not settled and the engine dies before its refresh: the
    // report is written at once, not after the wait's time-out.
    void engineDeathEndsTheWaitForVariables()
    {
        QTemporaryDir out;
        const Run run = runScript(
                QStringLiteral("x = 1\n# %%\n# dies while idle\ny = 2\n"), false, out.path());
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.cells.size(), 2);
    }

    void scriptWithoutMarkersIsOneCell()
    {
        QTemporaryDir out;
        const Run run = runScript(QStringLiteral("a = 1\nprint(a)\n"), false, out.path());
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.cells.size(), 1);
    }

    void missingScriptIsAUsageError()
    {
        QTemporaryDir out;
        FakeSession session;
        App::BatchOptions options;
        options.scriptPath = QStringLiteral("/nonexistent/script.py");
        options.outputDir = out.path();
        App::BatchRunner runner(&session, options);
        QSignalSpy finished(&runner, &App::BatchRunner::finished);
        runner.start();
        QVERIFY(finished.wait(2000));
        QCOMPARE(finished.first().first().toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(TestBatchRunner)
#include "tst_batchrunner.moc"
