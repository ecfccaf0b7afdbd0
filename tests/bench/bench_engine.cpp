// Engine benchmark: trivial executes and spawn → ready through the real client and engine,
// and output throughput into the console model. Prints one JSON object; bench_engine.sh runs
// the ipykernel peer in the same run and puts the two side by side.
#include <codeintelsession.h>
#include <consolebuffer.h>
#include <historyrecorder.h>
#include <historystore.h>
#include <session.h>
#include <sessionrecorder.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace Sandpiper;

namespace {

double percentile(QList<double> samples, double fraction)
{
    std::sort(samples.begin(), samples.end());
    const qsizetype index = std::min(samples.size() - 1, qsizetype(fraction * samples.size()));
    return samples.at(index);
}

// Runs code and waits for its outcome in a local event loop.
Client::RunOutcome runToEnd(Client::Session &session, const QString &code)
{
    QEventLoop loop;
    Client::RunOutcome outcome;
    Client::Execution *execution = session.execute(code);
    QObject::connect(
            execution, &Client::Execution::finished, &loop, [&](const Client::RunOutcome &o) {
                outcome = o;
                loop.quit();
            });
    loop.exec();
    return outcome;
}

QList<double> timeExecutes(Client::Session &session, const QString &code, int iterations)
{
    QList<double> samples;
    samples.reserve(iterations);
    QElapsedTimer timer;
    for (int i = 0; i < iterations; ++i) {
        timer.start();
        runToEnd(session, code);
        samples << double(timer.nsecsElapsed()) / 1e6;
    }
    return samples;
}

Client::SessionOptions sessionOptions(bool sandbox)
{
    Client::SessionOptions options;
    options.sandbox = sandbox;
    return options;
}

// Spawn -> ready, rounds times: the first (cold) and the median of the others (warm). The
// peer (ipykernel_peer.py) starts the same number of times and splits them the same way.
std::pair<double, double> spawnReadyMs(int rounds, bool sandbox)
{
    QList<double> samples;
    for (int i = 0; i < rounds; ++i) {
        Client::Session session(sessionOptions(sandbox));
        QEventLoop loop;
        QObject::connect(&session, &Client::AbstractSession::ready, &loop, &QEventLoop::quit);
        QElapsedTimer timer;
        timer.start();
        session.start();
        loop.exec();
        samples << double(timer.nsecsElapsed()) / 1e6;
        if (session.state() != Client::SessionState::Idle) {
            std::fprintf(stderr, "bench engine: a session did not start\n");
            std::exit(1);
        }
        session.shutdown();
    }
    const double cold = samples.takeFirst();
    return {cold, percentile(samples, 0.5)};
}

// CPU ticks a process has used so far (user + system), -1 when it is gone.
qint64 cpuTicks(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 12 ? fields.at(11).toLongLong() + fields.at(12).toLongLong() : -1;
}

// Waits until the session has a standby that has stopped using CPU for a second: its preload
// of numpy, pandas and matplotlib is done, as a user who restarts after working a while finds it.
void waitForSettledStandby(Client::Session &session)
{
    QElapsedTimer waited;
    waited.start();
    qint64 last = -2;
    while (waited.elapsed() < 60'000) {
        QTest::qWait(1000);
        const qint64 ticks = session.hasStandby() ? cpuTicks(session.standbyPid()) : -1;
        if (ticks >= 0 && ticks == last)
            return;
        last = ticks;
    }
    std::fprintf(stderr, "bench engine: no standby engine settled\n");
    std::exit(1);
}

// Restart -> `import pandas as pd` has run in the new engine, rounds times; the median. With
// the standby, each round starts once a new one has settled; without, a new engine starts.
double restartReadyMs(int rounds, bool standby)
{
    Client::SessionOptions options;
    options.standbyDelayMs = 200;
    Client::Session session(options);
    session.setKeepStandby(standby);
    runToEnd(session, QStringLiteral("pass"));
    QList<double> samples;
    for (int i = 0; i < rounds; ++i) {
        if (standby)
            waitForSettledStandby(session);
        QElapsedTimer timer;
        timer.start();
        session.restart();
        const Client::RunOutcome outcome = runToEnd(session, QStringLiteral("import pandas as pd"));
        samples << double(timer.nsecsElapsed()) / 1e6;
        if (outcome.status != Client::RunStatus::Ok) {
            std::fprintf(stderr, "bench engine: import pandas failed after a restart\n");
            std::exit(1);
        }
    }
    session.shutdown();
    return percentile(samples, 0.5);
}

// A `# %% [cache]` cell that makes a 10^6-row frame: run (a miss: each round reads another
// seed) against restored from the cache (a hit), five of each in the same session; medians.
std::pair<double, double> cacheMissAndHitMs()
{
    Client::Session session;
    runToEnd(session, QStringLiteral("import numpy as np, pandas as pd"));
    const QString cell = QStringLiteral(
            "# %% [cache]\n"
            "rng = np.random.default_rng(seed)\n"
            "frame = pd.DataFrame({'key': rng.integers(0, 1000, 10**6).astype(str),\n"
            "                      'value': rng.random(10**6)})\n"
            "frame['scaled'] = frame['value'] * 2\n"
            "print(len(frame))");
    QList<double> misses;
    QList<double> hits;
    for (int round = 0; round < 5; ++round) {
        runToEnd(session, QStringLiteral("seed = %1").arg(round));
        QElapsedTimer timer;
        timer.start();
        runToEnd(session, cell);
        misses << double(timer.nsecsElapsed()) / 1e6;
        timer.start();
        const Client::RunOutcome outcome = runToEnd(session, cell);
        hits << double(timer.nsecsElapsed()) / 1e6;
        if (outcome.status != Client::RunStatus::Ok) {
            std::fprintf(stderr, "bench engine: the cached cell failed\n");
            std::exit(1);
        }
    }
    session.shutdown();
    return {percentile(misses, 0.5), percentile(hits, 0.5)};
}

// Bytes per second from print() in the engine to text in the console model, with the
// longest pause of the event loop while it happened.
std::pair<double, qint64> outputThroughput(qint64 megabytes)
{
    Client::SessionOptions options;
    options.limits.outputBytes = quint64(megabytes + 16) * 1024 * 1024;
    Client::Session session(options);
    runToEnd(session, QStringLiteral("pass"));
    Models::ConsoleBuffer buffer;
    qint64 received = 0;
    QObject::connect(&buffer, &Models::ConsoleBuffer::readyToFlush, &buffer, [&buffer] {
        buffer.takePending();
    });
    qint64 longestGap = 0;
    QElapsedTimer sinceTick;
    QTimer ticker;
    ticker.setInterval(5);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        longestGap = std::max(longestGap, sinceTick.restart());
    });
    QEventLoop loop;
    const QString code
            = QStringLiteral("import sys\nline = 'x' * 99 + '\\n'\nblock = line * 10000\n"
                             "for _ in range(%1):\n    sys.stdout.write(block)\n")
                      .arg(megabytes);
    QElapsedTimer timer;
    timer.start();
    sinceTick.start();
    ticker.start();
    Client::Execution *execution = session.execute(code);
    QObject::connect(execution,
                     &Client::Execution::output,
                     &buffer,
                     [&](Protocol::StreamName, const QByteArray &data, bool) {
                         received += data.size();
                         buffer.appendBytes(Models::ConsoleBuffer::Channel::Stdout, data);
                     });
    QObject::connect(execution, &Client::Execution::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    session.shutdown();
    return {double(received) / 1e6 / seconds, longestGap};
}

Ui::RunRecord sampleRecord(int i)
{
    static const QStringList codes{
            QStringLiteral("df = pd.read_csv('sales_%1.csv')\ndf.head()"),
            QStringLiteral("summary = df.groupby('region')['amount'].sum()  # %1"),
            QStringLiteral("x = %1\nprint(x * 2)"),
            QStringLiteral("model = LinearRegression().fit(X_%1, y)"),
            QStringLiteral("fig, ax = plt.subplots()\nax.plot(values[%1:])")};
    Ui::RunRecord record;
    record.session = QStringLiteral("Session %1").arg(1 + i % 3);
    record.source = QStringLiteral("editor");
    record.location = QStringLiteral("analysis.py, line %1").arg(i % 400);
    record.code = codes.at(i % codes.size()).arg(i);
    record.finished = QDateTime::currentDateTimeUtc().addSecs(-(100000 - i));
    record.started = record.finished.addMSecs(-5);
    record.status = i % 17 == 0 ? QStringLiteral("error") : QStringLiteral("ok");
    record.wallSeconds = 0.005;
    return record;
}

// History and audit: one run recorded on the writer's side (its own transaction, the worst
// case), record() on the GUI thread (the journal's write), and searches over 10^5 records.
void historyFigures(QJsonObject &result)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    {
        Ui::HistoryStore store(path);
        store.open();
        QList<double> perRecord;
        QElapsedTimer timer;
        for (int i = 0; i < 1000; ++i) {
            QList<Ui::RunRecord> one{sampleRecord(i)};
            timer.start();
            store.append(one);
            perRecord << double(timer.nsecsElapsed()) / 1e3;
        }
        result.insert("audit_record_us", percentile(perRecord, 0.5));
        result.insert("audit_record_us_p99", percentile(perRecord, 0.99));
        // Fill to 10^5 records in batches, as the writer does under load.
        for (int start = 1000; start < 100000; start += 1000) {
            QList<Ui::RunRecord> batch;
            for (int i = start; i < start + 1000; ++i)
                batch << sampleRecord(i);
            store.append(batch);
        }
        QList<double> searches;
        const QStringList terms{QStringLiteral("read_csv"),
                                QStringLiteral("groupby region"),
                                QStringLiteral("x = 4"),
                                QStringLiteral("LinearRegression"),
                                QStringLiteral("no such text")};
        for (int round = 0; round < 11; ++round) {
            for (const QString &term : terms) {
                Ui::HistoryStore::Query query;
                query.text = term;
                timer.start();
                const auto found = store.search(query);
                searches << double(timer.nsecsElapsed()) / 1e6;
                Q_UNUSED(found);
            }
        }
        result.insert("history_search_ms", percentile(searches, 0.5));
        result.insert("history_search_ms_p95", percentile(searches, 0.95));
        result.insert("history_records", double(store.count()));
    }
    Ui::HistoryRecorder recorder(dir.filePath(QStringLiteral("gui.sqlite")));
    QList<double> handOver;
    QElapsedTimer timer;
    for (int i = 0; i < 1000; ++i) {
        const Ui::RunRecord record = sampleRecord(i);
        timer.start();
        recorder.record(record);
        handOver << double(timer.nsecsElapsed()) / 1e3;
    }
    recorder.flush();
    result.insert("audit_record_gui_us", percentile(handOver, 0.5));
}

// The security scan of a 1,000-line cell (the templates, repeated), through the tools engine as
// the window asks for it: median of 21 after one warm-up scan.
void scanFigures(QJsonObject &result)
{
    QString code;
    const QDir templates(QStringLiteral(SANDPIPER_SOURCE_DIR "/resources/templates"));
    while (code.count(u'\n') < 1000) {
        for (const QString &name : templates.entryList({QStringLiteral("*.py")})) {
            QFile file(templates.filePath(name));
            if (file.open(QIODevice::ReadOnly))
                code += QString::fromUtf8(file.readAll()) + u'\n';
        }
    }
    code = code.section(u'\n', 0, 999);
    Client::CodeIntelSession tools;
    const auto scanOnce = [&tools, &code] {
        QEventLoop loop;
        Client::CodeIntelRequest *request = tools.scan(code);
        bool answered = false;
        QObject::connect(request,
                         &Client::CodeIntelRequest::finished,
                         &loop,
                         [&](const Client::CodeIntelResult &r) {
                             answered = r.answered;
                             loop.quit();
                         });
        loop.exec();
        return answered;
    };
    if (!scanOnce()) {
        std::fprintf(stderr, "bench engine: the tools engine did not scan\n");
        std::exit(1);
    }
    QList<double> samples;
    QElapsedTimer timer;
    for (int i = 0; i < 21; ++i) {
        timer.start();
        scanOnce();
        samples << double(timer.nsecsElapsed()) / 1e6;
    }
    result.insert("scan_ms", percentile(samples, 0.5));
    result.insert("scan_lines", 1000);
    tools.shutdown();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int iterations = argc > 1 ? QByteArray(argv[1]).toInt() : 1000;
    const int warmup = 100;

    QJsonObject result;
    const auto [cold, warm] = spawnReadyMs(11, true);
    result.insert("spawn_ready_cold_ms", cold);
    result.insert("spawn_ready_ms", warm);
    // The same without the OS sandbox: what the sandbox costs.
    result.insert("spawn_ready_no_sandbox_ms", spawnReadyMs(11, false).second);
    // Five restarts each; the peer restarts its kernel five times the same way.
    result.insert("restart_ready_ms", restartReadyMs(5, true));
    result.insert("restart_ready_no_standby_ms", restartReadyMs(5, false));
    const auto [cacheMiss, cacheHit] = cacheMissAndHitMs();
    result.insert("cache_miss_ms", cacheMiss);
    result.insert("cache_hit_ms", cacheHit);
    for (const bool sandbox : {true, false}) {
        Client::Session session(sessionOptions(sandbox));
        runToEnd(session, QStringLiteral("pass"));
        timeExecutes(session, QStringLiteral("pass"), warmup);
        const QList<double> passes = timeExecutes(session, QStringLiteral("pass"), iterations);
        if (!sandbox) {
            result.insert("exec_pass_p50_no_sandbox_ms", percentile(passes, 0.5));
            session.shutdown();
            continue;
        }
        const QList<double> exprs = timeExecutes(session, QStringLiteral("1+1"), iterations);
        result.insert("exec_pass_p50_ms", percentile(passes, 0.5));
        {
            // The same session, every run recorded in history and the audit log as the window
            // does it; same warm-up and number of samples.
            QTemporaryDir dir;
            Ui::HistoryRecorder history(dir.filePath(QStringLiteral("history.sqlite")));
            Ui::SessionRecorder recorder(&history);
            recorder.watch(&session, QStringLiteral("bench"));
            timeExecutes(session, QStringLiteral("pass"), warmup);
            result.insert(
                    "exec_pass_p50_ms.recording",
                    percentile(timeExecutes(session, QStringLiteral("pass"), iterations), 0.5));
            recorder.watch(nullptr, {});
        }
        result.insert("exec_pass_p99_ms", percentile(passes, 0.99));
        result.insert("exec_expr_p50_ms", percentile(exprs, 0.5));
        session.shutdown();
    }
    // The same 'pass', after a first cell filled the namespace: a run's cost must not grow
    // with what the session holds. Same sandbox, warm-up and number of samples as above.
    const QList<std::pair<const char *, QString>> namespaces{
            {"exec_pass_p50_ms.ns_pandas_imported", QStringLiteral("import numpy, pandas\n")},
            {"exec_pass_p50_ms.ns_5000_ints",
             QStringLiteral("import numpy, pandas\nfor _i in range(5000):\n"
                            "    globals()[f'v{_i}'] = _i\n")},
            {"exec_pass_p50_ms.ns_50_frames",
             QStringLiteral("import numpy as np, pandas as pd\nfor _i in range(50):\n"
                            "    globals()[f'f{_i}'] = pd.DataFrame({'a': np.arange(10**5),\n"
                            "        'b': np.random.rand(10**5), 's': ['text'] * 10**5})\n")}};
    for (const auto &[key, setup] : namespaces) {
        Client::Session session(sessionOptions(true));
        if (runToEnd(session, setup).status != Client::RunStatus::Ok) {
            std::fprintf(stderr, "bench engine: the namespace for %s could not be made\n", key);
            std::exit(1);
        }
        timeExecutes(session, QStringLiteral("pass"), warmup);
        result.insert(key,
                      percentile(timeExecutes(session, QStringLiteral("pass"), iterations), 0.5));
        session.shutdown();
    }
    historyFigures(result);
    scanFigures(result);
    const auto [mbPerSecond, longestGap] = outputThroughput(200);
    result.insert("output_mb_per_s", mbPerSecond);
    result.insert("output_longest_event_loop_gap_ms", longestGap);
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return 0;
}
