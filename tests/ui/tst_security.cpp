// The security scan before each run: the policies, the order of runs, a scan that never
// answers, and the window's report and audit records.
#include "fakesession.h"

#include <codeeditor.h>
#include <consoleinput.h>
#include <consolewidget.h>
#include <editortabs.h>
#include <historyrecorder.h>
#include <historystore.h>
#include <mainwindow.h>
#include <runguard.h>
#include <securityview.h>

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Sandpiper;
using Testing::FakeSession;
using Ui::RunGuard;

namespace {

Protocol::Diagnostic finding(int line, const char *rule, const char *message)
{
    Protocol::Diagnostic d;
    d.line = line;
    d.code = QString::fromLatin1(rule);
    d.message = QString::fromLatin1(message);
    d.severity = Protocol::Severity::Error;
    return d;
}

// Answers the scan request the fake tools engine holds.
void answerScan(FakeSession &tools, int index, const QList<Protocol::Diagnostic> &items)
{
    Client::CodeIntelResult result;
    result.answered = true;
    result.diagnostics.items = items;
    tools.codeIntelCalls.at(index).request->finish(result);
}

// A guard whose scans a fake tools engine keeps for the test to answer.
struct GuardUnderTest
{
    explicit GuardUnderTest(RunGuard::Policy policy = RunGuard::Policy::Warn)
    {
        tools.recordCodeIntel = true;
        guard.setScanner(&tools);
        guard.setPolicy(policy);
    }
    FakeSession tools;
    RunGuard guard;
};

const QList<Protocol::Diagnostic> networkFinding{
        finding(1, "SP102", "network: imports socket, which opens network connections")};

} // namespace

class TestSecurity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void policies_data()
    {
        QTest::addColumn<int>("policy");
        QTest::addColumn<bool>("answer"); // what Ask's prompt says
        QTest::addColumn<bool>("runs");
        QTest::addColumn<int>("outcome");
        QTest::newRow("warn runs and reports")
                << int(RunGuard::Policy::Warn) << false << true << int(RunGuard::Outcome::Ran);
        QTest::newRow("ask, yes") << int(RunGuard::Policy::Ask) << true << true
                                  << int(RunGuard::Outcome::RanAfterAsking);
        QTest::newRow("ask, no") << int(RunGuard::Policy::Ask) << false << false
                                 << int(RunGuard::Outcome::Declined);
        QTest::newRow("block") << int(RunGuard::Policy::Block) << true << false
                               << int(RunGuard::Outcome::Blocked);
    }

    void policies()
    {
        QFETCH(int, policy);
        QFETCH(bool, answer);
        QFETCH(bool, runs);
        QFETCH(int, outcome);
        GuardUnderTest under{RunGuard::Policy(policy)};
        FakeSession &tools = under.tools;
        RunGuard &guard = under.guard;
        int asked = 0;
        guard.setAskPrompt(
                [&](const QString &label, const QString &, const RunGuard::Findings &findings) {
                    ++asked;
                    return label == QLatin1String("cell 1") && findings.size() == 1 && answer;
                });
        QSignalSpy flagged(&guard, &RunGuard::flagged);
        RunGuard::Findings ranWith;
        bool ran = false;
        guard.submit(QStringLiteral("import socket"),
                     QStringLiteral("cell 1"),
                     QStringLiteral("<cell 1>"),
                     [&](const RunGuard::Findings &f) {
                         ran = true;
                         ranWith = f;
                     });
        QCOMPARE(tools.codeIntelCalls.size(), 1);
        QCOMPARE(tools.codeIntelCalls.first().code, QStringLiteral("import socket"));
        QVERIFY(!ran); // not before the scan answered
        answerScan(tools, 0, networkFinding);
        QCOMPARE(ran, runs);
        if (runs)
            QCOMPARE(ranWith.size(), 1);
        QCOMPARE(asked, policy == int(RunGuard::Policy::Ask) ? 1 : 0);
        QCOMPARE(flagged.size(), 1);
        QCOMPARE(flagged.first().at(1).toString(), QStringLiteral("<cell 1>"));
        QCOMPARE(int(flagged.first().at(4).value<RunGuard::Outcome>()), outcome);

        // Clean code runs under every policy, unasked.
        bool cleanRan = false;
        guard.submit(QStringLiteral("x = 1"), QStringLiteral("cell 2"), {}, [&](const auto &) {
            cleanRan = true;
        });
        QTRY_COMPARE(tools.codeIntelCalls.size(), 2);
        answerScan(tools, 1, {});
        QVERIFY(cleanRan);
        QCOMPARE(flagged.size(), 1);
    }

    void offRunsUnscanned()
    {
        GuardUnderTest under{RunGuard::Policy::Off};
        FakeSession &tools = under.tools;
        RunGuard &guard = under.guard;
        bool ran = false;
        guard.submit(QStringLiteral("import socket"),
                     QStringLiteral("cell 1"),
                     {},
                     [&](const auto &) { ran = true; });
        QVERIFY(ran);
        QCOMPARE(tools.codeIntelCalls.size(), 0);
    }

    // A second run waits for the first one's scan: runs keep their order, even when the user
    // clicks Run twice quickly.
    void runsKeepTheirOrder()
    {
        GuardUnderTest under;
        FakeSession &tools = under.tools;
        RunGuard &guard = under.guard;
        QStringList order;
        for (const char *code : {"a = 1", "b = 2", "c = 3"})
            guard.submit(QString::fromLatin1(code),
                         QString::fromLatin1(code),
                         {},
                         [&order, code](const auto &) { order << QString::fromLatin1(code); });
        QCOMPARE(tools.codeIntelCalls.size(), 1);
        QCOMPARE(guard.waiting(), 3);
        answerScan(tools, 0, {});
        QCOMPARE(order, QStringList{"a = 1"});
        QTRY_COMPARE(tools.codeIntelCalls.size(), 2);
        QCOMPARE(tools.codeIntelCalls.at(1).code, QStringLiteral("b = 2"));
        answerScan(tools, 1, networkFinding);
        QTRY_COMPARE(tools.codeIntelCalls.size(), 3);
        answerScan(tools, 2, {});
        QCOMPARE(order, (QStringList{"a = 1", "b = 2", "c = 3"}));
        QCOMPARE(guard.waiting(), 0);
    }

    // An Ask prompt is modal: a run submitted while it is open, whose scan is answered meanwhile,
    // still runs after the one being asked about.
    void aRunSubmittedDuringAskWaits()
    {
        GuardUnderTest under{RunGuard::Policy::Ask};
        FakeSession &tools = under.tools;
        RunGuard &guard = under.guard;
        QStringList order;
        guard.setAskPrompt([&](const QString &, const QString &, const RunGuard::Findings &) {
            guard.submit(QStringLiteral("second"), QStringLiteral("second"), {}, [&](const auto &) {
                order << QStringLiteral("second");
            });
            QCoreApplication::processEvents();
            return true;
        });
        guard.submit(QStringLiteral("first"), QStringLiteral("first"), {}, [&](const auto &) {
            order << QStringLiteral("first");
        });
        answerScan(tools, 0, networkFinding);
        QTRY_COMPARE(tools.codeIntelCalls.size(), 2);
        answerScan(tools, 1, {});
        QCOMPARE(order, (QStringList{"first", "second"}));
    }

    void scanThatNeverAnswers_data()
    {
        QTest::addColumn<int>("policy");
        QTest::addColumn<bool>("runs");
        QTest::newRow("warn runs it") << int(RunGuard::Policy::Warn) << true;
        QTest::newRow("block does not") << int(RunGuard::Policy::Block) << false;
    }

    void scanThatNeverAnswers()
    {
        QFETCH(int, policy);
        QFETCH(bool, runs);
        GuardUnderTest under{RunGuard::Policy(policy)};
        FakeSession &tools = under.tools;
        RunGuard &guard = under.guard;
        guard.setScanTimeout(200);
        QSignalSpy notScanned(&guard, &RunGuard::notScanned);
        int ran = 0;
        guard.submit(QStringLiteral("x = 1"), QStringLiteral("cell 1"), {}, [&](const auto &) {
            ++ran;
        });
        QTRY_COMPARE(notScanned.size(), 1);
        QCOMPARE(ran, runs ? 1 : 0);
        QVERIFY(notScanned.first().at(3).toString().contains(u"did not answer"));
        // Its answer, coming late, changes nothing.
        answerScan(tools, 0, networkFinding);
        QTest::qWait(50);
        QCOMPARE(ran, runs ? 1 : 0);
        QCOMPARE(notScanned.size(), 1);
    }

    // A cell run from the editor is named by its file and line, and its findings show the
    // file's line numbers; activating one goes to that line.
    void editorRunsShowFileLines()
    {
        FakeSession session;
        FakeSession tools;
        tools.recordCodeIntel = true;
        Ui::MainWindow window;
        window.setSession(&session);
        window.setCodeIntelSession(&tools);
        window.runGuard()->setPolicy(RunGuard::Policy::Warn);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Ui::CodeEditor *editor = window.editor()->currentEditor();
        QVERIFY(editor);
        editor->setText(QStringLiteral("x = 1\n\n# %%\nimport socket\n"));
        editor->setCursorPosition(3, 0);
        editor->setFocus();
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(!tools.codeIntelCalls.isEmpty());
        const auto scan
                = std::find_if(tools.codeIntelCalls.cbegin(),
                               tools.codeIntelCalls.cend(),
                               [](const FakeSession::CodeIntelCall &call) {
                                   return call.request->kind() == Client::CodeIntelKind::Scan;
                               });
        QVERIFY(scan != tools.codeIntelCalls.cend());
        answerScan(tools,
                   int(scan - tools.codeIntelCalls.cbegin()),
                   {finding(1, "SP102", "network: imports socket")});
        QTRY_COMPARE(window.security()->reportCount(), 1);
        QTreeWidgetItem *run = window.security()->tree()->topLevelItem(0);
        QVERIFY2(run->text(0).startsWith(QStringLiteral("untitled-1.py, line 4")),
                 qPrintable(run->text(0)));
        QCOMPARE(run->child(0)->text(1), QStringLiteral("line 4"));
        window.security()->tree()->setCurrentItem(run->child(0));
        Q_EMIT window.security()->tree()->itemActivated(run->child(0), 0);
        int line = -1;
        int column = -1;
        editor->getCursorPosition(&line, &column);
        QCOMPARE(line, 3); // 0-based: the fourth line, `import socket`
    }

    void findingsJsonRoundTrip()
    {
        const RunGuard::Findings findings{finding(3, "SP101", "process execution: os.system()"),
                                          finding(7, "SP110", "endless loop or wait: x")};
        const QString json = RunGuard::toJson(findings);
        QCOMPARE(RunGuard::fromJson(json).size(), 2);
        QCOMPARE(RunGuard::fromJson(json).at(1).line, 7);
        QCOMPARE(RunGuard::fromJson(json).at(0).code, QStringLiteral("SP101"));
        QCOMPARE(RunGuard::toJson({}), QString());
        QVERIFY(RunGuard::fromJson(QStringLiteral("not json")).isEmpty());
    }

    // In the window: typed into the console, scanned by the tools engine, reported without
    // stopping the user (Warn), refused under Block chosen in the Security dock; both recorded
    // in the audit log with their findings.
    void windowReportsAndRecordsFindings()
    {
        QTemporaryDir dir;
        const QString database = dir.filePath(QStringLiteral("history.sqlite"));
        Ui::HistoryRecorder history(database);
        FakeSession session;
        FakeSession tools;
        tools.recordCodeIntel = true;
        Ui::MainWindow window;
        window.setSession(&session);
        window.setCodeIntelSession(&tools);
        window.setHistory(&history);
        window.runGuard()->setPolicy(RunGuard::Policy::Warn);
        window.security()->setPolicy(RunGuard::Policy::Warn);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.dock(QStringLiteral("SecurityDock"))->raise();

        Ui::ConsoleInput *input = window.console()->input();
        input->setFocus();
        QTest::keyClicks(input, QStringLiteral("import socket"));
        QTest::keyClick(input, Qt::Key_Return, Qt::ShiftModifier); // Shift+Enter runs
        QTRY_COMPARE(tools.codeIntelCalls.size(), 1);
        QCOMPARE(session.executed.size(), 0); // waits for the scan
        answerScan(tools, 0, networkFinding);
        QCOMPARE(session.executed.size(), 1);
        session.executed.first()->finish({});
        QCOMPARE(window.security()->reportCount(), 1);
        QVERIFY(window.dock(QStringLiteral("SecurityDock"))->windowTitle().contains(u"(1)"));
        window.console()->flush();
        QVERIFY2(window.console()->outputView()->toPlainText().contains(
                         u"Security scan: 1 finding(s) in console input (network); ran."),
                 qPrintable(window.console()->outputView()->toPlainText()));

        // Block, chosen in the dock as a user would.
        QComboBox *policy = window.security()->policyBox();
        policy->setFocus();
        policy->setCurrentIndex(policy->findData(int(RunGuard::Policy::Block)));
        Q_EMIT policy->activated(policy->currentIndex());
        QCOMPARE(window.runGuard()->policy(), RunGuard::Policy::Block);
        QCOMPARE(RunGuard::savedPolicy(), RunGuard::Policy::Block);
        QTest::keyClicks(input, QStringLiteral("import os; os.system('id')"));
        QTest::keyClick(input, Qt::Key_Return, Qt::ShiftModifier); // Shift+Enter runs
        QTRY_COMPARE(tools.codeIntelCalls.size(), 2);
        answerScan(tools,
                   1,
                   {finding(1,
                            "SP101",
                            "process execution: os.system() starts or replaces a process")});
        QCOMPARE(session.executed.size(), 1); // not run
        QCOMPARE(window.security()->reportCount(), 2);
        window.console()->flush();
        QVERIFY(window.console()->outputView()->toPlainText().contains(u"not run: blocked"));
        // A click on a finding shows it whole.
        QTreeWidget *tree = window.security()->tree();
        QTreeWidgetItem *blocked = tree->topLevelItem(0)->child(0);
        QTest::mouseClick(
                tree->viewport(), Qt::LeftButton, {}, tree->visualItemRect(blocked).center());
        QCOMPARE(tree->currentItem(), blocked);
        if (const QString shots = qEnvironmentVariable("SANDPIPER_SCREENSHOT_DIR");
            !shots.isEmpty())
            window.grab().save(shots + QStringLiteral("/security-dock.png"));

        QVERIFY(history.flush());
        Ui::HistoryStore store(database);
        QVERIFY(store.openExisting());
        const QList<Ui::RunRecord> records = store.search({});
        QCOMPARE(records.size(), 2);
        QCOMPARE(records.at(0).status, QStringLiteral("blocked"));
        QCOMPARE(records.at(0).code, QStringLiteral("import os; os.system('id')"));
        QCOMPARE(RunGuard::fromJson(records.at(0).findings).first().code, QStringLiteral("SP101"));
        QCOMPARE(records.at(1).status, QStringLiteral("ok"));
        QCOMPARE(RunGuard::fromJson(records.at(1).findings).first().code, QStringLiteral("SP102"));
        QVERIFY(store.verify().ok);
        RunGuard::savePolicy(RunGuard::Policy::Warn);
    }
};

QTEST_MAIN(TestSecurity)
#include "tst_security.moc"
