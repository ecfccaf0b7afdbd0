#include "fakesession.h"

#include <consoleinput.h>
#include <consolewidget.h>

#include <QElapsedTimer>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>

using namespace Sandpiper;
using Sandpiper::Testing::FakeSession;

class TestConsole : public QObject
{
    Q_OBJECT

private:
    static QString outputText(Ui::ConsoleWidget &console)
    {
        console.flush();
        return console.outputView()->toPlainText();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("SandpiperTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_console"));
    }

    void init() { QSettings().clear(); }

    void shiftEnterRunsAndEchoes()
    {
        FakeSession session;
        session.start();
        Ui::ConsoleWidget console;
        console.setSession(&session);
        console.show();
        console.input()->setFocus();
        QTest::keyClicks(console.input(), QStringLiteral("x = 1"));
        QTest::keyClick(console.input(), Qt::Key_Return); // plain Enter: a new line, no run
        QTest::keyClicks(console.input(), QStringLiteral("x"));
        QCOMPARE(session.executed.size(), 0);
        QTest::keyClick(console.input(), Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(session.executed.size(), 1);
        QCOMPARE(session.executed.first()->code(), QStringLiteral("x = 1\nx"));
        QVERIFY(console.input()->toPlainText().isEmpty());
        QVERIFY(outputText(console).contains(QStringLiteral(">>> x = 1\n... x")));
    }

    void outputErrorsAndUsageAreShown()
    {
        FakeSession session;
        session.start();
        Ui::ConsoleWidget console;
        console.setSession(&session);
        auto execution = console.run(QStringLiteral("1/0"));
        QVERIFY(execution);
        QVERIFY(session.state() == Client::SessionState::Busy);
        QVERIFY(console.findChild<QToolButton *>(QStringLiteral("InterruptButton"))->isEnabled());
        execution->deliverOutput(Protocol::StreamName::Stdout, "out\n", false);
        execution->deliverOutput(Protocol::StreamName::Stderr, "warn\n", false);
        Client::RunOutcome outcome;
        outcome.status = Client::RunStatus::Error;
        outcome.error.type = QStringLiteral("ZeroDivisionError");
        outcome.error.traceback = {QStringLiteral("Traceback (most recent call last):"),
                                   QStringLiteral("ZeroDivisionError: division by zero")};
        outcome.wallSeconds = 0.25;
        execution->finish(outcome);
        const QString text = outputText(console);
        QVERIFY(text.contains(QStringLiteral("out\nwarn\n")));
        QVERIFY(text.contains(QStringLiteral("ZeroDivisionError: division by zero")));
        QVERIFY(text.contains(QStringLiteral("0.250 s wall")));
        QVERIFY(!console.findChild<QToolButton *>(QStringLiteral("InterruptButton"))->isEnabled());

        // stderr and the traceback are coloured differently from stdout.
        QTextDocument *document = console.outputView()->document();
        const auto colourOf = [document](const QString &needle) {
            QTextCursor cursor = document->find(needle);
            return cursor.charFormat().foreground().color();
        };
        QVERIFY(colourOf(QStringLiteral("warn")) != colourOf(QStringLiteral("out")));
        QVERIFY(colourOf(QStringLiteral("division by zero")) != colourOf(QStringLiteral("out")));
    }

    void buttonsReachTheSession()
    {
        FakeSession session;
        session.start();
        Ui::ConsoleWidget console;
        console.setSession(&session);
        console.run(QStringLiteral("while True: pass"));
        QTest::mouseClick(console.findChild<QToolButton *>(QStringLiteral("InterruptButton")),
                          Qt::LeftButton);
        QCOMPARE(session.interrupts, 1);
        QTest::mouseClick(console.findChild<QToolButton *>(QStringLiteral("RestartButton")),
                          Qt::LeftButton);
        QCOMPARE(session.restarts, 1);
        QVERIFY(console.findChild<QLabel *>(QStringLiteral("ConsoleState"))
                        ->text()
                        .contains(QStringLiteral("Busy")));
    }

    void noSessionSaysSo()
    {
        Ui::ConsoleWidget console;
        QVERIFY(!console.run(QStringLiteral("1")));
        QVERIFY(outputText(console).contains(QStringLiteral("No Python session")));
    }

    void historyWalksAndPersists()
    {
        FakeSession session;
        session.start();
        {
            Ui::ConsoleWidget console;
            console.setSession(&session);
            for (const char *code : {"a = 1", "b = 2"}) {
                QTest::keyClicks(console.input(), QString::fromLatin1(code));
                QTest::keyClick(console.input(), Qt::Key_Return, Qt::ShiftModifier);
            }
            QTest::keyClicks(console.input(), QStringLiteral("dra"));
            QTest::keyClick(console.input(), Qt::Key_Up);
            QCOMPARE(console.input()->toPlainText(), QStringLiteral("b = 2"));
            QTest::keyClick(console.input(), Qt::Key_Up);
            QCOMPARE(console.input()->toPlainText(), QStringLiteral("a = 1"));
            QTest::keyClick(console.input(), Qt::Key_Up); // stays at the oldest
            QCOMPARE(console.input()->toPlainText(), QStringLiteral("a = 1"));
            QTest::keyClick(console.input(), Qt::Key_Down);
            QTest::keyClick(console.input(), Qt::Key_Down);
            QCOMPARE(console.input()->toPlainText(), QStringLiteral("dra")); // the draft is back
        }
        Ui::ConsoleWidget reopened;
        QCOMPARE(reopened.input()->history(), QStringList({"a = 1", "b = 2"}));
    }

    void carriageReturnRewritesTheLine()
    {
        FakeSession session;
        session.start();
        Ui::ConsoleWidget console;
        console.setSession(&session);
        auto execution = console.run(QStringLiteral("progress()"));
        execution->deliverOutput(Protocol::StreamName::Stdout, "10%\r50%\r100%\ndone\r\n", false);
        const QString text = outputText(console);
        QVERIFY(text.contains(QStringLiteral("\n100%\ndone")));
        QVERIFY(!text.contains(QStringLiteral("50%")));
    }

    void hostileBytesRenderSafely()
    {
        FakeSession session;
        session.start();
        Ui::ConsoleWidget console;
        console.setSession(&session);
        auto execution = console.run(QStringLiteral("evil()"));
        execution->deliverOutput(Protocol::StreamName::Stdout,
                                 QByteArrayLiteral("\x1b[2J\x1b]0;pwned\x07\xff\xfe ok\0\n"),
                                 false);
        const QString text = outputText(console);
        QVERIFY(text.contains(QStringLiteral(" ok")));
        QVERIFY(!text.contains(QStringLiteral("pwned")));
        QVERIFY(!text.contains(QChar(0x1b)));
        QVERIFY(!text.contains(QChar(0)));
    }

    void parseLocation_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("cell");
        QTest::addColumn<int>("lineNumber");
        QTest::newRow("traceback")
                << R"(  File "<cell 3>", line 2, in <module>)" << "<cell 3>" << 2;
        QTest::newRow("function") << R"(  File "<cell 12>", line 40, in f)" << "<cell 12>" << 40;
        QTest::newRow("library file") << R"(  File "/usr/lib/x.py", line 2, in g)" << "" << 0;
        QTest::newRow("plain output") << "line 2" << "" << 0;
    }

    void parseLocation()
    {
        QFETCH(QString, line);
        QFETCH(QString, cell);
        QFETCH(int, lineNumber);
        const auto location = Ui::ConsoleWidget::parseLocation(line);
        QCOMPARE(location.has_value(), !cell.isEmpty());
        if (location) {
            QCOMPARE(location->first, cell);
            QCOMPARE(location->second, lineNumber);
        }
    }

    void clickingATracebackLineReportsItsLocation()
    {
        FakeSession session;
        session.start();
        Ui::ConsoleWidget console;
        console.setSession(&session);
        console.resize(600, 300);
        console.show();
        QVERIFY(QTest::qWaitForWindowExposed(&console));
        auto execution = console.run(QStringLiteral("f()"), QStringLiteral("<cell 7>"));
        Client::RunOutcome outcome;
        outcome.status = Client::RunStatus::Error;
        outcome.error.traceback = {QStringLiteral("Traceback (most recent call last):"),
                                   QStringLiteral("  File \"<cell 7>\", line 4, in <module>"),
                                   QStringLiteral("NameError: name 'f' is not defined")};
        execution->finish(outcome);
        console.flush();
        QSignalSpy spy(&console, &Ui::ConsoleWidget::locationActivated);
        QTextDocument *document = console.outputView()->document();
        QTextCursor cursor = document->find(QStringLiteral("line 4"));
        QVERIFY(!cursor.isNull());
        const QRect rect = console.outputView()->cursorRect(cursor);
        QTest::mouseClick(console.outputView()->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.first().at(0).toString(), QStringLiteral("<cell 7>"));
        QCOMPARE(spy.first().at(1).toInt(), 4);
    }

    // The generous bound is about responsiveness, not speed: a flood of a million lines must
    // neither freeze the event loop nor grow the document without limit.
    void floodKeepsTheWindowResponsive()
    {
        FakeSession session;
        session.start();
        Ui::ConsoleWidget console;
        console.setMaximumBlockCount(2000);
        console.setSession(&session);
        console.resize(800, 400);
        console.show();
        QVERIFY(QTest::qWaitForWindowExposed(&console));
        auto execution = console.run(QStringLiteral("for i in range(10**6): print(i)"));

        QByteArray block;
        for (int i = 0; i < 10000; ++i)
            block += QByteArray::number(i) + '\n';
        int ticks = 0;
        qint64 longestGapMs = 0;
        QElapsedTimer sinceTick;
        sinceTick.start();
        QTimer ticker;
        ticker.setInterval(10);
        connect(&ticker, &QTimer::timeout, this, [&] {
            longestGapMs = qMax(longestGapMs, sinceTick.restart());
            ++ticks;
        });
        ticker.start();
        QElapsedTimer total;
        total.start();
        for (int i = 0; i < 100; ++i) { // 10^6 lines, delivered as the engine would, in bursts
            execution->deliverOutput(Protocol::StreamName::Stdout, block, false);
            QCoreApplication::processEvents();
        }
        execution->finish({});
        QTRY_VERIFY(!console.buffer()->hasPending());
        QTest::qWait(50);
        QVERIFY(console.outputView()->document()->blockCount() <= 2001);
        QVERIFY(console.outputView()->toPlainText().contains(QStringLiteral("9999\n")));
        qInfo("flood: %lld ms total, %d ticks, longest gap %lld ms",
              total.elapsed(),
              ticks,
              longestGapMs);
        QVERIFY(ticks > 0);
        QVERIFY2(longestGapMs < 2000, qPrintable(QString::number(longestGapMs)));
    }
};

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
