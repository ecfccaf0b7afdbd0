// Editor benchmark: completion, black and flake8 through the real client and engines (a
// session for live completion, the code-intelligence session for the rest). Prints one JSON object;
// bench_editor.sh runs the plain peer (editor_plain.py) in the same run.
//
//   bench_editor DIR     (DIR made by editor_inputs.py)

#include <codeintelsession.h>
#include <session.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Sandpiper;

namespace {

// The setup cell is followed by this long a pause in the "first completion" case: a user who
// started the app, opened a file and wrote a cell (warm-up runs meanwhile).
constexpr int ThinkingMs = 8000;
constexpr int LiveRequests = 200;
constexpr int BusyRequests = 100;
constexpr int StaticRequests = 200;

double percentile(QList<double> samples, double fraction)
{
    if (samples.isEmpty())
        return -1;
    std::sort(samples.begin(), samples.end());
    const qsizetype index = std::min(samples.size() - 1, qsizetype(fraction * samples.size()));
    return samples.at(index);
}

double median(const QList<double> &samples)
{
    return percentile(samples, 0.5);
}

void wait(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

void fail(const QString &what)
{
    std::fprintf(stderr, "bench_editor: %s\n", qPrintable(what));
    std::exit(1);
}

// Milliseconds from the call to finished(); the result in *result.
double timed(const std::function<Client::CodeIntelRequest *()> &make,
             Client::CodeIntelResult *result = nullptr)
{
    QEventLoop loop;
    QElapsedTimer timer;
    timer.start();
    Client::CodeIntelRequest *request = make();
    double ms = -1;
    QObject::connect(request,
                     &Client::CodeIntelRequest::finished,
                     &loop,
                     [&](const Client::CodeIntelResult &r) {
                         ms = double(timer.nsecsElapsed()) / 1e6;
                         if (result)
                             *result = r;
                         loop.quit();
                     });
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    loop.exec();
    if (ms < 0)
        fail(QStringLiteral("a %1 request got no answer in 2 minutes")
                     .arg(toString(request->kind())));
    return ms;
}

void runToEnd(Client::Session &session, const QString &code)
{
    QEventLoop loop;
    Client::Execution *execution = session.execute(code);
    QObject::connect(execution, &Client::Execution::finished, &loop, &QEventLoop::quit);
    loop.exec();
    if (execution->outcome().status != Client::RunStatus::Ok)
        fail(QStringLiteral("the setup cell failed: %1").arg(execution->outcome().error.message));
}

void waitReady(Client::Session &session)
{
    QEventLoop loop;
    QObject::connect(&session, &Client::Session::ready, &loop, &QEventLoop::quit);
    QObject::connect(&session, &Client::Session::notice, &loop, [](const QString &n) { fail(n); });
    session.start();
    loop.exec();
}

QString readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        fail(QStringLiteral("cannot read %1").arg(path));
    return QString::fromUtf8(file.readAll());
}

int endColumn(const QString &text)
{
    return int(text.size() - text.lastIndexOf(u'\n') - 1);
}

int lineCount(const QString &text)
{
    return int(text.count(u'\n') + (text.endsWith(u'\n') ? 0 : 1));
}

Client::SessionOptions sessionOptions()
{
    Client::SessionOptions options;
    options.arguments = {QStringLiteral("--warm-completion")};
    options.handshakeTimeoutMs = 60000;
    return options;
}

// The first `df.` of a session: right after the hello (cold), or after the user's pause.
double firstCompletion(const QString &setup, int pauseMs)
{
    Client::Session session(sessionOptions());
    waitReady(session);
    wait(pauseMs);
    runToEnd(session, setup);
    Client::CodeIntelResult result;
    const double ms = timed([&] { return session.complete(QStringLiteral("df."), 1, 3); }, &result);
    if (!result.answered || result.completions.items.isEmpty())
        fail(QStringLiteral("no first completion: %1").arg(result.error));
    session.shutdown();
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2)
        fail(QStringLiteral("usage: bench_editor DIR"));
    const QDir dir(QString::fromLocal8Bit(argv[1]));
    const QJsonObject live
            = QJsonDocument::fromJson(readFile(dir.filePath(QStringLiteral("live.json"))).toUtf8())
                      .object();
    const QString setup = live.value(QStringLiteral("setup")).toString();
    QStringList liveTexts;
    for (const QJsonValue &v : live.value(QStringLiteral("texts")).toArray())
        liveTexts << v.toString();
    QJsonObject out;

    std::fprintf(stderr, "  first completion in a session ...\n");
    out[QStringLiteral("complete_first_cold_ms")] = firstCompletion(setup, 0);
    out[QStringLiteral("complete_first_ms")] = firstCompletion(setup, ThinkingMs);

    std::fprintf(stderr, "  live completion, idle and while a loop runs ...\n");
    {
        Client::Session session(sessionOptions());
        waitReady(session);
        wait(ThinkingMs);
        runToEnd(session, setup);
        for (const QString &text : liveTexts) // one round to settle
            timed([&] { return session.complete(text, 1, endColumn(text)); });
        QList<double> idle;
        for (int i = 0; i < LiveRequests; ++i) {
            const QString &text = liveTexts.at(i % liveTexts.size());
            idle << timed([&] { return session.complete(text, 1, endColumn(text)); });
        }
        out[QStringLiteral("complete_live_p50_ms")] = median(idle);
        out[QStringLiteral("complete_live_p95_ms")] = percentile(idle, 0.95);

        Client::Execution *loop = session.execute(QStringLiteral("while True:\n    pass"));
        wait(200);
        QList<double> busy;
        for (int i = 0; i < BusyRequests; ++i) {
            const QString &text = liveTexts.at(i % liveTexts.size());
            busy << timed([&] { return session.complete(text, 1, endColumn(text)); });
        }
        if (loop->isFinished())
            fail(QStringLiteral("the loop ended early"));
        out[QStringLiteral("complete_live_busy_p50_ms")] = median(busy);
        out[QStringLiteral("complete_live_busy_p95_ms")] = percentile(busy, 0.95);
        session.interrupt();
        session.shutdown();
    }

    std::fprintf(stderr, "  code-intelligence engine: static completion, black, flake8 ...\n");
    {
        Client::CodeIntelSession codeIntel;
        const QJsonArray positions
                = QJsonDocument::fromJson(
                          readFile(dir.filePath(QStringLiteral("static_positions.json"))).toUtf8())
                          .array();
        const QString staticPath = dir.filePath(QStringLiteral("static.py"));
        const auto staticRequest = [&](int i) {
            const QJsonObject p = positions.at(i % positions.size()).toObject();
            const QString text = p.value(QStringLiteral("text")).toString();
            return timed([&] {
                return codeIntel.complete(text,
                                          p.value(QStringLiteral("line")).toInt(),
                                          p.value(QStringLiteral("column")).toInt(),
                                          staticPath);
            });
        };
        // From a cold start of the code-intelligence engine, as the first editor sees it.
        out[QStringLiteral("complete_static_first_ms")] = staticRequest(0);
        wait(ThinkingMs); // warm-up while idle
        for (int i = 0; i < positions.size(); ++i)
            staticRequest(i);
        QList<double> samples;
        for (int i = 0; i < StaticRequests; ++i)
            samples << staticRequest(i);
        out[QStringLiteral("complete_static_p50_ms")] = median(samples);
        out[QStringLiteral("complete_static_p95_ms")] = percentile(samples, 0.95);

        QList<double> format;
        QList<double> lint;
        int formattedLines = 0;
        int lintedLines = 0;
        int diagnostics = 0;
        for (int i = 0; i < 5; ++i) {
            const QString ugly = readFile(dir.filePath(QStringLiteral("format_%1.py").arg(i)));
            Client::CodeIntelResult result;
            format << timed([&] { return codeIntel.format(ugly); }, &result);
            if (!result.answered || !result.formatted.ok)
                fail(QStringLiteral("format failed: %1 %2")
                             .arg(result.error, result.formatted.errorMessage));
            // The peer compares its output with this one: the same work, the same result.
            QFile ours(dir.filePath(QStringLiteral("format_%1.sandpiper.py").arg(i)));
            if (ours.open(QIODevice::WriteOnly))
                ours.write(result.formatted.code.toUtf8());
            formattedLines = lineCount(ugly);
            const QString code = readFile(dir.filePath(QStringLiteral("lint_%1.py").arg(i)));
            lint << timed([&] { return codeIntel.lint(code); }, &result);
            if (!result.answered)
                fail(QStringLiteral("lint failed: %1").arg(result.error));
            lintedLines = lineCount(code);
            diagnostics = int(result.diagnostics.items.size());
        }
        out[QStringLiteral("format_1k_lines_ms")] = median(format);
        out[QStringLiteral("lint_2k_lines_ms")] = median(lint);
        out[QStringLiteral("format_lines")] = formattedLines;
        out[QStringLiteral("lint_lines")] = lintedLines;
        out[QStringLiteral("lint_diagnostics")] = diagnostics;
        codeIntel.shutdown();
    }

    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
