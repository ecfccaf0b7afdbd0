// Side requests in the real sandpiper-engine, spoken to with the protocol codec only: completion
// and pages of tables answered while a cell runs, the codeintel role, cancellation, invalid
// requests.

#include "engineprocess.h"
#include "frame.h"
#include "messages.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <optional>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace Sandpiper::Protocol;

namespace {

// One engine process that keeps every frame it read (seen()).
class Engine : public Sandpiper::Testing::EngineProcess
{
public:
    explicit Engine(const QStringList &arguments)
        : EngineProcess(SANDPIPER_ENGINE_PATH, arguments)
    {}

    // The next frame of the given type and id, skipping others (streams, variables, pongs).
    std::optional<QCborMap> waitFor(const QString &type, quint64 id, int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            const auto body = next(timeoutMs - int(timer.elapsed()));
            if (!body)
                return std::nullopt;
            m_seen.append(*body);
            if (messageType(*body) == type && messageId(*body) == id)
                return body;
        }
        return std::nullopt;
    }

    bool hello() { return waitFor(QString(MessageType::Hello), 0, 60000).has_value(); }

    void execute(quint64 id, const QString &code)
    {
        ExecuteRequest request;
        request.id = id;
        request.code = code;
        send(request.toCbor());
    }
    // Runs code to its end.
    bool run(quint64 id, const QString &code)
    {
        execute(id, code);
        return waitFor(QString(MessageType::Result), id, 30000).has_value();
    }
    // Starts a loop that holds the main thread until SIGINT (the run with this id).
    void startLoop(quint64 id)
    {
        execute(id, QStringLiteral("while True:\n    pass"));
        QTest::qWait(200); // the loop is running
    }

    const QList<QCborMap> &seen() const { return m_seen; }

private:
    QList<QCborMap> m_seen;
};

CodeQuery query(QLatin1StringView type,
                quint64 id,
                const QString &code,
                CodeSource source,
                int line = -1,
                int column = -1)
{
    CodeQuery q;
    q.type = type;
    q.id = id;
    q.code = code;
    const QStringList lines = code.split(QLatin1Char('\n'));
    q.line = line > 0 ? line : int(lines.size());
    q.column = column >= 0 ? column : int(lines.last().size());
    q.source = source;
    return q;
}

QStringList names(const Completions &completions)
{
    QStringList out;
    for (const CompletionItem &item : completions.items)
        out.append(item.name);
    return out;
}

} // namespace

class tst_SideLane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void liveCompletionWhileCodeRuns();
    void codeIntelRole();
    void cancelTakesQueuedRequests();
    void invalidRequestsAreAnsweredEmpty_data();
    void invalidRequestsAreAnsweredEmpty();
    void pageWhileCodeRuns();
    void pageErrorsAreReplies();

private:
    QStringList arguments(const QStringList &extra = {}) const
    {
        return QStringList{QStringLiteral("--workspace"), m_workspace.path()} + extra;
    }

    QTemporaryDir m_workspace;
};

void tst_SideLane::initTestCase()
{
    QVERIFY(m_workspace.isValid());
}

void tst_SideLane::liveCompletionWhileCodeRuns()
{
    Engine engine(arguments());
    QVERIFY(engine.hello());
    QVERIFY(engine.run(1, QStringLiteral("alpha_beta = {'key_one': 1}\nalpha_gamma = 2")));
    engine.startLoop(2);

    // First request loads jedi: generous. Then typical requests must be quick.
    QElapsedTimer timer;
    timer.start();
    engine.send(
            query(MessageType::Complete, 3, QStringLiteral("alpha_"), CodeSource::Live).toCbor());
    const auto first = engine.waitFor(QString(MessageType::Completions), 3, 20000);
    QVERIFY(first);
    QString error;
    const auto completions = Completions::fromCbor(*first, &error);
    QVERIFY2(completions, qPrintable(error));
    QCOMPARE(names(*completions), QStringList({"alpha_beta", "alpha_gamma"}));
    qInfo("first live completion while a loop runs: %lld ms", timer.elapsed());

    timer.restart();
    engine.send(query(MessageType::Complete, 4, QStringLiteral("alpha_beta[\"k"), CodeSource::Live)
                        .toCbor());
    const auto keys = engine.waitFor(QString(MessageType::Completions), 4, 2000);
    QVERIFY2(keys, "no answer within 2 s while the loop runs");
    QCOMPARE(names(*Completions::fromCbor(*keys, &error)), QStringList{"\"key_one\""});
    qInfo("next live completion while a loop runs: %lld ms", timer.elapsed());

    // The loop is still running: no result for it yet.
    for (const QCborMap &frame : engine.seen())
        QVERIFY(!(messageType(frame) == MessageType::Result && messageId(frame) == 2u));
    ::kill(engine.pid(), SIGINT);
    const auto result = engine.waitFor(QString(MessageType::Result), 2, 10000);
    QVERIFY(result);
    QVERIFY(ExecutionResult::fromCbor(*result, &error)->status == ExecutionStatus::Interrupted);
}

void tst_SideLane::codeIntelRole()
{
    Engine engine(arguments({QStringLiteral("--role"), QStringLiteral("codeintel")}));
    QVERIFY(engine.hello());
    QString error;

    engine.send(
            query(MessageType::Complete, 1, QStringLiteral("import os; os.pa"), CodeSource::Static)
                    .toCbor());
    const auto completions = engine.waitFor(QString(MessageType::Completions), 1, 30000);
    QVERIFY(completions);
    QVERIFY(names(*Completions::fromCbor(*completions, &error)).contains(QStringLiteral("path")));

    FormatRequest format;
    format.id = 2;
    format.code = QStringLiteral("x=[1,2]\n");
    engine.send(format.toCbor());
    const auto formatted = engine.waitFor(QString(MessageType::Formatted), 2, 30000);
    QVERIFY(formatted);
    const auto formatResult = FormatResult::fromCbor(*formatted, &error);
    QVERIFY2(formatResult, qPrintable(error));
    QVERIFY2(formatResult->ok, qPrintable(formatResult->errorMessage));
    QCOMPARE(formatResult->code, QStringLiteral("x = [1, 2]\n"));

    LintRequest lint;
    lint.id = 3;
    lint.code = QStringLiteral("import os\n");
    engine.send(lint.toCbor());
    const auto diagnostics = engine.waitFor(QString(MessageType::Diagnostics), 3, 30000);
    QVERIFY(diagnostics);
    const auto items = Diagnostics::fromCbor(*diagnostics, &error);
    QVERIFY2(items, qPrintable(error));
    QCOMPARE(items->items.size(), 1);
    QCOMPARE(items->items.first().code, QStringLiteral("F401"));

    // No user code in the code-intelligence engine, and no namespace to complete from.
    engine.execute(4, QStringLiteral("import os; os.remove('x')"));
    const auto refused = engine.waitFor(QString(MessageType::Result), 4, 10000);
    QVERIFY(refused);
    const auto result = ExecutionResult::fromCbor(*refused, &error);
    QVERIFY(result->status == ExecutionStatus::Error);
    QCOMPARE(result->error.type, QStringLiteral("NotSupported"));
    engine.send(query(MessageType::Complete, 5, QStringLiteral("o"), CodeSource::Live).toCbor());
    const auto live = engine.waitFor(QString(MessageType::Completions), 5, 10000);
    QVERIFY(live);
    QVERIFY(!names(*Completions::fromCbor(*live, &error)).contains(QStringLiteral("os")));
}

void tst_SideLane::cancelTakesQueuedRequests()
{
    Engine engine(arguments({QStringLiteral("--role"), QStringLiteral("codeintel")}));
    QVERIFY(engine.hello());
    // A long format keeps the side thread busy; the small ones wait behind it.
    QString big;
    for (int i = 0; i < 3000; ++i)
        big += QStringLiteral("def f%1(a,b):\n  return {'a':a,'b' :b}\n").arg(i);
    FormatRequest slow;
    slow.id = 1;
    slow.code = big;
    engine.send(slow.toCbor());
    FormatRequest queued;
    queued.id = 2;
    queued.code = QStringLiteral("x=1\n");
    engine.send(queued.toCbor());
    queued.id = 3;
    engine.send(queued.toCbor());
    engine.send(CancelRequest{2}.toCbor());
    engine.send(CancelRequest{77}.toCbor()); // unknown: ignored

    QString error;
    const auto cancelled = engine.waitFor(QString(MessageType::Formatted), 2, 10000);
    QVERIFY(cancelled);
    const auto cancelledResult = FormatResult::fromCbor(*cancelled, &error);
    QVERIFY2(cancelledResult, qPrintable(error));
    QVERIFY(!cancelledResult->ok);
    QCOMPARE(cancelledResult->errorMessage, QStringLiteral("cancelled"));
    // Answered at once, before the long one ended.
    for (const QCborMap &frame : engine.seen())
        QVERIFY(!(messageType(frame) == MessageType::Formatted && messageId(frame) == 1u));

    const auto done = engine.waitFor(QString(MessageType::Formatted), 3, 60000);
    QVERIFY(done);
    QCOMPARE(FormatResult::fromCbor(*done, &error)->code, QStringLiteral("x = 1\n"));
    bool slowAnswered = false;
    int answersFor2 = 0;
    for (const QCborMap &frame : engine.seen()) {
        slowAnswered |= messageType(frame) == MessageType::Formatted && messageId(frame) == 1u;
        answersFor2 += messageId(frame) == 2u ? 1 : 0;
    }
    QVERIFY(slowAnswered); // requests are answered in order
    QCOMPARE(answersFor2, 1);
}

void tst_SideLane::invalidRequestsAreAnsweredEmpty_data()
{
    QTest::addColumn<QCborMap>("request");
    QTest::addColumn<QString>("replyType");
    QCborMap badLine
            = query(MessageType::Complete, 11, QStringLiteral("x"), CodeSource::Live).toCbor();
    badLine.insert(QStringLiteral("line"), 0);
    QTest::newRow("complete line 0") << badLine << QString(MessageType::Completions);
    QCborMap noCode
            = query(MessageType::Inspect, 11, QStringLiteral("x"), CodeSource::Live).toCbor();
    noCode.remove(QStringLiteral("code"));
    QTest::newRow("inspect without code") << noCode << QString(MessageType::Documentation);
    FormatRequest format;
    format.id = 11;
    QCborMap badRange = format.toCbor();
    badRange.insert(QStringLiteral("lineRanges"), QCborArray{QCborArray{4, 2}});
    QTest::newRow("format reversed range") << badRange << QString(MessageType::Formatted);
    LintRequest lint;
    lint.id = 11;
    QCborMap badConfig = lint.toCbor();
    badConfig.insert(QStringLiteral("config"), 5);
    QTest::newRow("lint config number") << badConfig << QString(MessageType::Diagnostics);
}

void tst_SideLane::invalidRequestsAreAnsweredEmpty()
{
    QFETCH(QCborMap, request);
    QFETCH(QString, replyType);
    Engine engine(arguments({QStringLiteral("--role"), QStringLiteral("codeintel")}));
    QVERIFY(engine.hello());
    engine.send(request);
    const auto reply = engine.waitFor(replyType, 11, 10000);
    QVERIFY(reply);
    QString error;
    if (replyType == MessageType::Formatted) {
        const auto formatted = FormatResult::fromCbor(*reply, &error);
        QVERIFY2(formatted, qPrintable(error));
        QVERIFY(!formatted->ok);
        QVERIFY2(formatted->errorMessage.startsWith(QStringLiteral("invalid format request")),
                 qPrintable(formatted->errorMessage));
    } else if (replyType == MessageType::Documentation) {
        QVERIFY(Documentation::fromCbor(*reply, &error)->name.isEmpty());
    } else if (replyType == MessageType::Completions) {
        QVERIFY(Completions::fromCbor(*reply, &error)->items.isEmpty());
    } else {
        QVERIFY(Diagnostics::fromCbor(*reply, &error)->items.isEmpty());
    }
    // A request without an id cannot be answered; the engine goes on.
    QCborMap anonymous = request;
    anonymous.remove(QStringLiteral("id"));
    engine.send(anonymous);
    engine.send(Ping{12}.toCbor());
    QVERIFY(engine.waitFor(QString(MessageType::Pong), 12, 10000));
}

// A window of a frame, read while a cell holds the main thread.
void tst_SideLane::pageWhileCodeRuns()
{
    Engine engine(arguments());
    QVERIFY(engine.hello());
    QVERIFY(engine.run(1,
                       QStringLiteral("import pandas as pd\ndf = pd.DataFrame({'n': range(100000), "
                                      "'x': [0.5, None] * 50000})")));
    engine.startLoop(2);

    PageRequest request;
    request.id = 3;
    request.name = QStringLiteral("df");
    request.rowStart = 99998;
    request.rowCount = 50; // past the end: clipped
    request.columnStart = 0;
    request.columnCount = 2;
    engine.send(request.toCbor());
    const auto reply = engine.waitFor(QString(MessageType::Rows), 3, 5000);
    QVERIFY2(reply, "no page within 5 s while the loop runs");
    QString error;
    const auto page = Page::fromCbor(*reply, &error);
    QVERIFY2(page, qPrintable(error));
    QCOMPARE(page->error, QString());
    QCOMPARE(page->totalRows, 100000);
    QCOMPARE(page->index, (QStringList{"99998", "99999"}));
    QCOMPARE(page->columns.at(1).dtype, QStringLiteral("float64"));
    QCOMPARE(page->rows.at(0), (QCborArray{99998, 0.5}));
    QVERIFY(page->rows.at(1).at(1).isNull()); // None in a float column: NaN, shown as null
    for (const QCborMap &frame : engine.seen())
        QVERIFY(!(messageType(frame) == MessageType::Result && messageId(frame) == 2u));
    ::kill(engine.pid(), SIGINT);
    QVERIFY(engine.waitFor(QString(MessageType::Result), 2, 10000));
}

// What is not a table, not there, or not in this engine gets a page with an error; an invalid
// request an unserved reply saying why.
void tst_SideLane::pageErrorsAreReplies()
{
    Engine engine(arguments());
    QVERIFY(engine.hello());
    QVERIFY(engine.run(1, QStringLiteral("n = 5")));
    const auto errorOf = [](Engine &target, const QString &name, quint64 id) {
        PageRequest request;
        request.id = id;
        request.name = name;
        request.rowCount = 10;
        request.columnCount = 10;
        target.send(request.toCbor());
        const auto reply = target.waitFor(QString(MessageType::Rows), id, 10000);
        QString error;
        const auto page = reply ? Page::fromCbor(*reply, &error) : std::nullopt;
        return page ? page->error : QStringLiteral("no valid reply: ") + error;
    };
    QVERIFY(errorOf(engine, QStringLiteral("n"), 2).contains(QStringLiteral("not a table")));
    QVERIFY(errorOf(engine, QStringLiteral("gone"), 3).contains(QStringLiteral("no variable")));

    QCborMap invalid = PageRequest{4, QStringLiteral("n"), 0, 10, 0, 10, {}, {}}.toCbor();
    invalid.insert(QStringLiteral("rowCount"), MaxPageRows + 1);
    engine.send(invalid);
    const auto reply = engine.waitFor(QString(MessageType::Rows), 4, 10000);
    QVERIFY(reply);
    QString error;
    QVERIFY(Page::fromCbor(*reply, &error)->error.startsWith(QStringLiteral("invalid page")));

    Engine codeIntel(arguments({QStringLiteral("--role"), QStringLiteral("codeintel")}));
    QVERIFY(codeIntel.hello());
    QVERIFY(errorOf(codeIntel, QStringLiteral("n"), 5).contains(QStringLiteral("no session")));
}

QTEST_GUILESS_MAIN(tst_SideLane)
#include "tst_sidelane.moc"
