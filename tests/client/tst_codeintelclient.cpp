// Code intelligence through the client against the real engine: live completion while code
// runs, the code-intelligence session (static completion, black, flake8), cancellation, engine
// death.

#include "codeintelsession.h"
#include "fakesession.h"
#include "session.h"
#include "waituntil.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <memory>

using namespace Sandpiper::Client;
using namespace Sandpiper::Protocol;

using Sandpiper::Testing::waitUntil;

namespace {

struct Outcome
{
    bool finished = false;
    CodeIntelResult result;
    qint64 elapsedMs = -1;
};

// Records what a request delivers, and when.
std::shared_ptr<Outcome> watch(CodeIntelRequest *request)
{
    auto outcome = std::make_shared<Outcome>();
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    QObject::connect(
            request, &CodeIntelRequest::finished, [outcome, timer](const CodeIntelResult &r) {
                outcome->finished = true;
                outcome->result = r;
                outcome->elapsedMs = timer->elapsed();
            });
    return outcome;
}

QStringList names(const CodeIntelResult &result)
{
    QStringList out;
    for (const CompletionItem &item : result.completions.items)
        out.append(item.name);
    return out;
}

const QString Ugly = QStringLiteral("import os\n"
                                    "def f(a,b = 2):\n"
                                    "  x=[1,2,\n"
                                    "     3]\n"
                                    "  return {'a':a,'b' :b}\n");
const QString Black = QStringLiteral("import os\n"
                                     "\n"
                                     "\n"
                                     "def f(a, b=2):\n"
                                     "    x = [1, 2, 3]\n"
                                     "    return {\"a\": a, \"b\": b}\n");

} // namespace

class tst_CodeIntelClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void liveCompletionWhileCodeRuns();
    void liveSignatureAndDocumentation();
    void notRunningSessionDoesNotStart();
    void codeIntelSessionStartsOnFirstRequest();
    void staticCompletion();
    void formatWithBlack();
    void lintWithFlake8();
    void lintFindsProjectConfiguration();
    void cancellation();
    void engineDeathEndsRequestsAndCodeIntelRestarts();
    void fakeSessionSaysNotSupported();

private:
    SessionOptions options(SessionOptions base = {}) const
    {
        base.enginePath = QStringLiteral(SANDPIPER_ENGINE_PATH);
        base.handshakeTimeoutMs = 60000;
        base.interruptGraceMs = 3000;
        return base;
    }
    CodeIntelSession *codeIntel();
    std::shared_ptr<Outcome> finish(CodeIntelRequest *request, int timeoutMs = 60000);

    std::unique_ptr<Session> m_session;
    std::unique_ptr<CodeIntelSession> m_codeIntel;
    QStringList m_notices;
};

void tst_CodeIntelClient::initTestCase()
{
    QVERIFY2(QFile::exists(QStringLiteral(SANDPIPER_ENGINE_PATH)), SANDPIPER_ENGINE_PATH);
}

void tst_CodeIntelClient::cleanup()
{
    m_session.reset();
    m_codeIntel.reset();
    QVERIFY2(m_notices.isEmpty(), qPrintable(m_notices.join(u'\n')));
}

CodeIntelSession *tst_CodeIntelClient::codeIntel()
{
    if (!m_codeIntel) {
        m_codeIntel
                = std::make_unique<CodeIntelSession>(options(CodeIntelSession::defaultOptions()));
        connect(m_codeIntel.get(), &Session::notice, this, [this](const QString &n) {
            m_notices.append(n);
        });
    }
    return m_codeIntel.get();
}

std::shared_ptr<Outcome> tst_CodeIntelClient::finish(CodeIntelRequest *request, int timeoutMs)
{
    auto outcome = watch(request);
    if (!waitUntil([&] { return outcome->finished; }, timeoutMs))
        qWarning("request %llu did not finish within %d ms", request->id(), timeoutMs);
    return outcome;
}

void tst_CodeIntelClient::liveCompletionWhileCodeRuns()
{
    m_session = std::make_unique<Session>(options());
    connect(m_session.get(), &Session::notice, this, [this](const QString &n) {
        m_notices.append(n);
    });
    Execution *setup = m_session->execute(
            QStringLiteral("import pandas as pd\n"
                           "df = pd.DataFrame({'alpha': [1, 2], 'beta gamma': [3.0, 4.0]})\n"
                           "d = {'key1': 1, 'key2': 2}"));
    QSignalSpy setupDone(setup, &Execution::finished);
    QVERIFY(waitUntil([&] { return setupDone.size() == 1; }, 60000));

    Execution *loop = m_session->execute(QStringLiteral("while True:\n    pass"));
    QSignalSpy loopDone(loop, &Execution::finished);
    QVERIFY(waitUntil([&] { return m_session->state() == SessionState::Busy; }, 5000));
    QTest::qWait(100);

    // The first request loads jedi and reads pandas: allowed to be slow.
    const auto first = finish(m_session->complete(QStringLiteral("df."), 1, 3));
    QVERIFY(first->finished);
    QVERIFY2(first->result.answered, qPrintable(first->result.error));
    QVERIFY(names(first->result).contains(QStringLiteral("alpha")));
    QVERIFY(names(first->result).contains(QStringLiteral("head")));
    qInfo("first live completion while a loop runs: %lld ms", first->elapsedMs);

    // Then within 2 s (generous: typically a few ms), the loop still running.
    const auto keys = finish(m_session->complete(QStringLiteral("x = d[\"k"), 1, 8), 2000);
    QVERIFY2(keys->finished, "no live completion within 2 s while code runs");
    QCOMPARE(names(keys->result), QStringList({"\"key1\"", "\"key2\""}));
    QCOMPARE(keys->result.completions.items.first().prefixLength, 2);
    const auto columns = finish(m_session->complete(QStringLiteral("df['"), 1, 4), 2000);
    QVERIFY(columns->finished);
    QCOMPARE(names(columns->result), QStringList({"'alpha'", "'beta gamma'"}));
    const auto attributes = finish(m_session->complete(QStringLiteral("df.al"), 1, 5), 2000);
    QVERIFY(attributes->finished);
    QVERIFY(names(attributes->result).contains(QStringLiteral("alpha")));
    qInfo("live completions while a loop runs: %lld, %lld, %lld ms",
          keys->elapsedMs,
          columns->elapsedMs,
          attributes->elapsedMs);
    QCOMPARE(loopDone.size(), 0);
    QVERIFY(m_session->state() == SessionState::Busy);

    // The loop is stopped as usual and the namespace is intact.
    m_session->interrupt();
    QVERIFY(waitUntil([&] { return loopDone.size() == 1; }, 10000));
    // From the signal: the execution is deleted once it has finished.
    QVERIFY(loopDone.first().first().value<RunOutcome>().status == RunStatus::Interrupted);
    const auto after = finish(m_session->complete(QStringLiteral("alp"), 1, 3), 10000);
    QVERIFY(after->result.answered);
    QVERIFY(names(after->result).isEmpty()); // alpha is a column, not a variable
    const auto still = finish(m_session->complete(QStringLiteral("d"), 1, 1), 10000);
    QVERIFY(names(still->result).contains(QStringLiteral("d")));
    QVERIFY(names(still->result).contains(QStringLiteral("df")));

    // The completions made the run hand the GIL over sooner; the run's own setting is back.
    Execution *check
            = m_session->execute(QStringLiteral("import sys\nprint(sys.getswitchinterval())"));
    QByteArray printed;
    connect(check, &Execution::output, this, [&](StreamName, const QByteArray &data, bool) {
        printed += data;
    });
    QSignalSpy checkDone(check, &Execution::finished);
    QVERIFY(waitUntil([&] { return checkDone.size() == 1; }, 10000));
    QCOMPARE(printed.trimmed(), QByteArray("0.005"));
}

void tst_CodeIntelClient::liveSignatureAndDocumentation()
{
    m_session = std::make_unique<Session>(options());
    Execution *setup = m_session->execute(QStringLiteral("def scale(values, factor=2):\n"
                                                         "    '''Multiply values by factor.'''\n"
                                                         "    return values\n"));
    QSignalSpy setupDone(setup, &Execution::finished);
    QVERIFY(waitUntil([&] { return setupDone.size() == 1; }, 60000));

    const auto signature = finish(m_session->signature(QStringLiteral("scale(1, "), 1, 9));
    QVERIFY2(signature->result.answered, qPrintable(signature->result.error));
    QCOMPARE(signature->result.signatures.items.size(), 1);
    const SignatureInfo &info = signature->result.signatures.items.first();
    QCOMPARE(info.label, QStringLiteral("scale(values, factor=2)"));
    QCOMPARE(info.params, QStringList({"values", "factor=2"}));
    QCOMPARE(info.activeParam, 1);

    const auto doc = finish(m_session->inspect(QStringLiteral("scale"), 1, 2));
    QVERIFY(doc->result.answered);
    QCOMPARE(doc->result.documentation.name, QStringLiteral("scale"));
    QCOMPARE(doc->result.documentation.kind, QStringLiteral("function"));
    QCOMPARE(doc->result.documentation.doc, QStringLiteral("Multiply values by factor."));
}

void tst_CodeIntelClient::notRunningSessionDoesNotStart()
{
    m_session = std::make_unique<Session>(options());
    CodeIntelRequest *request = m_session->complete(QStringLiteral("x."), 1, 2);
    auto outcome = watch(request);
    QVERIFY(!outcome->finished); // never from inside the call
    QVERIFY(waitUntil([&] { return outcome->finished; }, 1000));
    QVERIFY(!outcome->result.answered);
    QVERIFY(!outcome->result.error.isEmpty());
    QVERIFY(m_session->state() == SessionState::NotStarted);
}

void tst_CodeIntelClient::codeIntelSessionStartsOnFirstRequest()
{
    QVERIFY(codeIntel()->state() == SessionState::NotStarted);
    const auto outcome = finish(codeIntel()->complete(QStringLiteral("impo"), 1, 4));
    QVERIFY2(outcome->result.answered, qPrintable(outcome->result.error));
    QVERIFY(names(outcome->result).contains(QStringLiteral("import")));
    QVERIFY(codeIntel()->state() == SessionState::Idle);
    // The codeintel role runs no code.
    Execution *execution = codeIntel()->execute(QStringLiteral("open('/tmp/x', 'w')"));
    QSignalSpy done(execution, &Execution::finished);
    QVERIFY(waitUntil([&] { return done.size() == 1; }, 10000));
    QVERIFY(execution->outcome().status == RunStatus::Error);
    QCOMPARE(execution->outcome().error.type, QStringLiteral("NotSupported"));
}

void tst_CodeIntelClient::staticCompletion()
{
    const auto outcome = finish(codeIntel()->complete(QStringLiteral("import os; os.pa"), 1, 16));
    QVERIFY2(outcome->result.answered, qPrintable(outcome->result.error));
    QVERIFY(names(outcome->result).contains(QStringLiteral("path")));
    for (const CompletionItem &item : outcome->result.completions.items) {
        QCOMPARE(item.prefixLength, 2);
        if (item.name == QLatin1StringView("path"))
            QCOMPARE(item.kind, QStringLiteral("module"));
    }
    // Names from the text itself; nothing from any session's namespace.
    const QString code = QStringLiteral("def compute_total(x):\n    return x\n\ncompute_");
    const auto local = finish(codeIntel()->complete(code, 4, 8, QStringLiteral("/work/a.py")));
    QCOMPARE(names(local->result), QStringList{"compute_total"});
    const auto definition = finish(codeIntel()->inspect(
            QStringLiteral("def compute_total(x):\n    return x\ncompute_total"),
            3,
            4,
            QStringLiteral("/work/a.py")));
    QCOMPARE(definition->result.documentation.definitionPath, QStringLiteral("/work/a.py"));
    QCOMPARE(definition->result.documentation.definitionLine, 1);
}

void tst_CodeIntelClient::formatWithBlack()
{
    const auto formatted = finish(codeIntel()->format(Ugly));
    QVERIFY2(formatted->result.answered, qPrintable(formatted->result.error));
    QVERIFY2(formatted->result.formatted.ok, qPrintable(formatted->result.formatted.errorMessage));
    QCOMPARE(formatted->result.formatted.code, Black);

    const auto broken = finish(codeIntel()->format(QStringLiteral("x = 1\ndef f(:\n    pass\n")));
    QVERIFY(broken->result.answered);
    QVERIFY(!broken->result.formatted.ok);
    QVERIFY(broken->result.formatted.code.isEmpty());
    QCOMPARE(broken->result.formatted.errorLine, 2);

    const auto range
            = finish(codeIntel()->format(QStringLiteral("a=[1,2]\nb=[1,2]\n"), {}, {{2, 2}}));
    QCOMPARE(range->result.formatted.code, QStringLiteral("a=[1,2]\nb = [1, 2]\n"));
    const QString longCall = QStringLiteral("result = compute(first_argument, second_argument)\n");
    const auto narrow = finish(codeIntel()->format(longCall, {}, {}, 30));
    QVERIFY(narrow->result.formatted.code.count(u'\n') > 1);
}

void tst_CodeIntelClient::lintWithFlake8()
{
    const auto outcome
            = finish(codeIntel()->lint(QStringLiteral("import os\ns = '\U0001F600';y=1\n")));
    QVERIFY2(outcome->result.answered, qPrintable(outcome->result.error));
    const QList<Diagnostic> &items = outcome->result.diagnostics.items;
    QCOMPARE(items.size(), 4); // F401, E702, E231, E225
    QCOMPARE(items.at(0).code, QStringLiteral("F401"));
    QCOMPARE(items.at(0).line, 1);
    QCOMPARE(items.at(0).column, 0);
    QVERIFY(items.at(0).severity == Severity::Warning);
    QCOMPARE(items.at(1).code, QStringLiteral("E702"));
    QCOMPARE(items.at(1).line, 2);
    QCOMPARE(items.at(1).column, 8); // after the emoji's two QChars
    QCOMPARE(items.at(3).code, QStringLiteral("E225"));
    QCOMPARE(items.at(3).column, 10);
    const auto clean = finish(
            codeIntel()->lint(QStringLiteral("def f(a, b=2):\n    return {\"a\": a, \"b\": b}\n")));
    QVERIFY(clean->result.answered);
    QVERIFY(clean->result.diagnostics.items.isEmpty());
}

void tst_CodeIntelClient::lintFindsProjectConfiguration()
{
    QTemporaryDir project;
    QVERIFY(project.isValid());
    QFile config(project.filePath(QStringLiteral("setup.cfg")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("[metadata]\nname = x\n\n[flake8]\nmax-line-length = 120\n"
                 "per-file-ignores =\n    tests/*: F401\n");
    config.close();
    const QString line100 = QStringLiteral("x = '%1'\n").arg(QString(94, u'a'));
    const auto withConfig
            = finish(codeIntel()->lint(line100, project.filePath(QStringLiteral("a.py"))));
    QVERIFY(withConfig->result.answered);
    QVERIFY(withConfig->result.diagnostics.items.isEmpty());
    const auto without = finish(codeIntel()->lint(line100));
    QCOMPARE(without->result.diagnostics.items.size(), 1);
    QCOMPARE(without->result.diagnostics.items.first().code, QStringLiteral("E501"));
    const auto ignored = finish(codeIntel()->lint(
            QStringLiteral("import os\n"), project.filePath(QStringLiteral("tests/test_a.py"))));
    QVERIFY(ignored->result.answered);
    QVERIFY(ignored->result.diagnostics.items.isEmpty());
}

void tst_CodeIntelClient::cancellation()
{
    // Something slow first, so that the next requests wait in the engine.
    QString big;
    for (int i = 0; i < 2000; ++i)
        big += QStringLiteral("def f%1(a,b):\n  return {'a':a,'b' :b}\n").arg(i);
    const auto slow = watch(codeIntel()->format(big, QStringLiteral("big.py")));
    CodeIntelRequest *unwanted
            = codeIntel()->lint(QStringLiteral("import os\n"), QStringLiteral("a.py"));
    const auto unwantedOutcome = watch(unwanted);
    unwanted->cancel();
    QVERIFY(unwanted->isCancelled());
    // A newer completion for the same file replaces the older one.
    CodeIntelRequest *stale = codeIntel()->complete(
            QStringLiteral("import os; os.pa"), 1, 16, QStringLiteral("a.py"));
    const auto staleOutcome = watch(stale);
    CodeIntelRequest *newer = codeIntel()->complete(
            QStringLiteral("import os; os.ge"), 1, 16, QStringLiteral("a.py"));
    // Asked now, before any event loop runs: a cancelled request deletes itself later, so
    // after finish() below `stale` would point at freed memory (what made this test flaky).
    QVERIFY(stale->isCancelled());
    const auto fresh = finish(newer);
    QVERIFY(fresh->result.answered);
    QVERIFY(names(fresh->result).contains(QStringLiteral("getcwd")));
    QVERIFY(waitUntil([&] { return slow->finished; }, 60000));
    QVERIFY(slow->result.formatted.ok);
    QTest::qWait(200); // the engine's replies to the cancelled ones have come and gone
    QVERIFY(!unwantedOutcome->finished);
    QVERIFY(!staleOutcome->finished);
    QVERIFY(codeIntel()->state() == SessionState::Idle); // no protocol violation
}

void tst_CodeIntelClient::engineDeathEndsRequestsAndCodeIntelRestarts()
{
    QVERIFY(finish(codeIntel()->complete(QStringLiteral("impo"), 1, 4))->result.answered);
    const qint64 pid = codeIntel()->enginePid();
    QVERIFY(pid > 0);
    QString big;
    for (int i = 0; i < 3000; ++i)
        big += QStringLiteral("def f%1(a,b):\n  return {'a':a,'b' :b}\n").arg(i);
    const auto pending = watch(codeIntel()->format(big));
    QTest::qWait(50);
    ::kill(pid_t(pid), SIGKILL);
    QVERIFY(waitUntil([&] { return pending->finished; }, 10000));
    QVERIFY(!pending->result.answered);
    QVERIFY(!pending->result.error.isEmpty());
    QVERIFY(waitUntil([&] { return codeIntel()->state() == SessionState::Dead; }, 10000));
    m_notices.clear(); // the death was announced, as it should be

    // The next request starts a new code-intelligence engine.
    const auto again = finish(codeIntel()->format(QStringLiteral("x=1\n")));
    QVERIFY2(again->result.answered, qPrintable(again->result.error));
    QCOMPARE(again->result.formatted.code, QStringLiteral("x = 1\n"));
    QVERIFY(codeIntel()->enginePid() != pid);
}

void tst_CodeIntelClient::fakeSessionSaysNotSupported()
{
    Sandpiper::Testing::FakeSession fake;
    fake.start();
    // Each watched at once: finished requests are deleted when the event loop runs.
    const QList<std::shared_ptr<Outcome>> outcomes{watch(fake.complete(QStringLiteral("x"), 1, 1)),
                                                   watch(fake.format(QStringLiteral("x=1\n"))),
                                                   watch(fake.lint(QStringLiteral("x=1\n")))};
    for (const auto &outcome : outcomes) {
        QVERIFY(waitUntil([&] { return outcome->finished; }, 1000));
        QVERIFY(!outcome->result.answered);
        QVERIFY(!outcome->result.error.isEmpty());
    }

    // Widget tests play the engine's part.
    fake.recordCodeIntel = true;
    QSignalSpy requested(&fake, &Sandpiper::Testing::FakeSession::codeIntelRequested);
    const auto outcome
            = watch(fake.complete(QStringLiteral("df.al"), 1, 5, QStringLiteral("a.py")));
    QCOMPARE(requested.size(), 1);
    QCOMPARE(fake.codeIntelCalls.size(), 1);
    QCOMPARE(fake.codeIntelCalls.first().code, QStringLiteral("df.al"));
    QCOMPARE(fake.codeIntelCalls.first().column, 5);
    CodeIntelResult answer;
    answer.answered = true;
    answer.completions.items = {{QStringLiteral("alpha"), QStringLiteral("instance"), {}, {}, 2}};
    fake.codeIntelCalls.first().request->finish(answer);
    QVERIFY(outcome->finished);
    QCOMPARE(names(outcome->result), QStringList{"alpha"});
}

QTEST_GUILESS_MAIN(tst_CodeIntelClient)
#include "tst_codeintelclient.moc"
