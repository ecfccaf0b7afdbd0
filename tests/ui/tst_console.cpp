#include "fakesession.h"

#include <QListWidget>
#include <colorscheme.h>
#include <consoleinput.h>
#include <consolewidget.h>
#include <editortheme.h>
#include <runqueueview.h>

#include <KSyntaxHighlighting/Repository>

#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
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

    // One piece of output on every channel.
    static void fillEveryChannel(Ui::ConsoleWidget &console, FakeSession &session)
    {
        session.start(); // "Python 3.13.0 session ready." is a notice
        auto execution = console.run(QStringLiteral("work()"));
        execution->deliverOutput(Protocol::StreamName::Stdout, "plain out\n", false);
        execution->deliverOutput(Protocol::StreamName::Stderr, "a warning\n", false);
        Client::RunOutcome outcome;
        outcome.status = Client::RunStatus::Error;
        outcome.error.traceback = {QStringLiteral("ValueError: bad value")};
        execution->finish(outcome);
        console.flush();
    }

    static QTextCharFormat formatAt(Ui::ConsoleWidget &console, const QString &needle)
    {
        QTextCursor cursor = console.outputView()->document()->find(needle);
        if (cursor.isNull())
            qWarning("not in the output: %s", qPrintable(needle));
        return cursor.charFormat();
    }

    static int distance(const QColor &a, const QColor &b)
    {
        return qAbs(a.red() - b.red()) + qAbs(a.green() - b.green()) + qAbs(a.blue() - b.blue());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("SandpiperTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_console"));
    }

    void init() { QSettings().clear(); }

    // Ctrl+L in the console clears its output; new output while the user reads above leaves
    // the view where it is and offers a jump to the end, which follows the output again.
    void clearAndJumpToTheEnd()
    {
        FakeSession session;
        Ui::ConsoleWidget console;
        console.setSession(&session);
        console.resize(600, 300);
        console.show();
        QVERIFY(QTest::qWaitForWindowExposed(&console));
        auto execution = console.run(QStringLiteral("for i in range(500): print(i)"));
        QString lines;
        for (int i = 0; i < 500; ++i)
            lines += QString::number(i) + u'\n';
        execution->deliverOutput(Protocol::StreamName::Stdout, lines.toUtf8(), false);
        console.flush();
        QScrollBar *scroll = console.outputView()->verticalScrollBar();
        QCOMPARE(scroll->value(), scroll->maximum()); // followed
        QVERIFY(!console.jumpToEndButton()->isVisible());

        scroll->setValue(scroll->maximum() / 2); // the user scrolls up to read
        const int reading = scroll->value();
        execution->deliverOutput(Protocol::StreamName::Stdout, "more\n", false);
        console.flush();
        QCOMPARE(scroll->value(), reading);
        QVERIFY(console.jumpToEndButton()->isVisible());
        QTest::mouseClick(console.jumpToEndButton(), Qt::LeftButton);
        QCOMPARE(scroll->value(), scroll->maximum());
        QVERIFY(!console.jumpToEndButton()->isVisible());
        execution->deliverOutput(Protocol::StreamName::Stdout, "and more\n", false);
        console.flush();
        QCOMPARE(scroll->value(), scroll->maximum());
        // The view shrinking (the queue appears) is not the user scrolling up: still following.
        session.queued = {{42, QStringLiteral("waiting()"), {}}};
        Q_EMIT session.queueChanged();
        QTRY_COMPARE(scroll->value(), scroll->maximum());
        execution->deliverOutput(Protocol::StreamName::Stdout, "still following\n", false);
        console.flush();
        QCOMPARE(scroll->value(), scroll->maximum());
        QVERIFY(!console.jumpToEndButton()->isVisible());
        session.queued.clear();
        Q_EMIT session.queueChanged();

        console.outputView()->setFocus();
        QTest::keyClick(console.outputView(), Qt::Key_L, Qt::ControlModifier);
        QCOMPARE(console.outputView()->toPlainText(), QString());
        console.input()->setFocus();
        QTest::keyClicks(console.input(), QStringLiteral("x"));
        execution->deliverOutput(Protocol::StreamName::Stdout, "after\n", false);
        QTest::keyClick(console.input(), Qt::Key_L, Qt::ControlModifier);
        QCOMPARE(console.outputView()->toPlainText(), QString());      // pending output too
        QCOMPARE(console.input()->toPlainText(), QStringLiteral("x")); // the prompt is kept
        execution->deliverOutput(Protocol::StreamName::Stdout, "for the button\n", false);
        console.flush();
        QVERIFY(console.outputView()->toPlainText().contains(u"for the button"));
        QTest::mouseClick(console.clearButton(), Qt::LeftButton);
        QCOMPARE(console.outputView()->toPlainText(), QString());
        execution->finish({});
    }

    // The queue under the tool bar: shown while runs wait, each by its first line; Cancel, Up
    // and Down act on the selected one; the reason the next one waits is said.
    void queueShowsWaitingRuns()
    {
        FakeSession session;
        Ui::ConsoleWidget console;
        console.setSession(&session);
        console.show();
        QVERIFY(QTest::qWaitForWindowExposed(&console));
        Ui::RunQueueView *queue = console.queue();
        QVERIFY(!queue->isVisible());
        session.queued = {{7, QStringLiteral("df = load()\nmore()"), {}},
                          {8, QStringLiteral("train(model)"), {}},
                          {9, QStringLiteral("\n  plot(df)"), {}}};
        Q_EMIT session.queueChanged();
        QVERIFY(queue->isVisible());
        QCOMPARE(queue->list()->count(), 3);
        QCOMPARE(queue->list()->item(0)->text(), QStringLiteral("df = load() …"));
        QCOMPARE(queue->list()->item(2)->text(), QStringLiteral("plot(df) …"));
        QVERIFY(!queue->cancelButton()->isEnabled());
        QTest::mouseClick(queue->list()->viewport(),
                          Qt::LeftButton,
                          {},
                          queue->list()->visualItemRect(queue->list()->item(2)).center());
        QVERIFY(queue->upButton()->isEnabled());
        QVERIFY(!queue->downButton()->isEnabled());
        QTest::mouseClick(queue->upButton(), Qt::LeftButton);
        QCOMPARE(session.queued.at(1).id, 9);
        QCOMPARE(queue->list()->currentItem()->text(), QStringLiteral("plot(df) …")); // kept
        QTest::mouseClick(queue->cancelButton(), Qt::LeftButton);
        QCOMPARE(session.queued.size(), 2);
        QCOMPARE(queue->list()->count(), 2);
        session.note = QStringLiteral("waiting for the rate limit of 3 runs a minute");
        Q_EMIT session.queueChanged();
        QVERIFY(queue->note()->isVisible());
        session.queued.clear();
        session.note.clear();
        Q_EMIT session.queueChanged();
        QVERIFY(!queue->isVisible());
    }

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
        outcome.peakMemoryBytes = 300ll << 20;
        execution->finish(outcome);
        const QString text = outputText(console);
        QVERIFY(text.contains(QStringLiteral("out\nwarn\n")));
        QVERIFY(text.contains(QStringLiteral("ZeroDivisionError: division by zero")));
        QVERIFY(text.contains(QStringLiteral("0.250 s wall")));
        QVERIFY2(text.contains(QStringLiteral("peak 300.00 MiB")), qPrintable(text));
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

    // Every theme the app can be given keeps stderr, tracebacks, notices and echoed input apart
    // from ordinary output, and tracebacks apart from stderr.
    void channelsStandOutInEveryTheme_data()
    {
        QTest::addColumn<QString>("themeName");
        for (const auto &theme : Ui::EditorTheme::repository().themes())
            QTest::newRow(qPrintable(theme.name())) << theme.name();
    }

    void channelsStandOutInEveryTheme()
    {
        QFETCH(QString, themeName);
        using Channel = Models::ConsoleBuffer::Channel;
        Ui::ConsoleWidget console;
        console.setTheme(Ui::EditorTheme::repository().theme(themeName));
        const Ui::EditorColors colors = Ui::EditorTheme::colors(console.theme());
        const QColor out = console.channelFormat(Channel::Stdout).foreground().color();
        QCOMPARE(out, colors.foreground);
        QCOMPARE(console.outputView()->palette().color(QPalette::Base), colors.background);
        QCOMPARE(console.input()->palette().color(QPalette::Base), colors.background);
        for (Channel channel : {Channel::Stderr, Channel::Error, Channel::Notice, Channel::Input}) {
            const QTextCharFormat format = console.channelFormat(channel);
            QVERIFY2(distance(format.foreground().color(), out) >= 60,
                     qPrintable(QStringLiteral("channel %1: %2 against %3")
                                        .arg(int(channel))
                                        .arg(format.foreground().color().name(), out.name())));
        }
        const QTextCharFormat stderrFormat = console.channelFormat(Channel::Stderr);
        const QTextCharFormat errorFormat = console.channelFormat(Channel::Error);
        QVERIFY(errorFormat.fontWeight() > stderrFormat.fontWeight());
        QVERIFY(errorFormat.background().style() != Qt::NoBrush);
        QVERIFY(errorFormat.background().color() != colors.background);
    }

    void lightAndDarkRendering_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }

    // The console as painted, saved next to the test for a look: a dark theme gives a dark
    // console (output and prompt), a light one a light console, with readable text.
    void lightAndDarkRendering()
    {
        QFETCH(bool, dark);
        FakeSession session;
        Ui::ConsoleWidget console;
        console.setSession(&session);
        console.resize(640, 360);
        console.setTheme(
                Ui::EditorTheme::theme(dark ? Ui::ColorScheme::Dark : Ui::ColorScheme::Light));
        console.show();
        QVERIFY(QTest::qWaitForWindowExposed(&console));
        fillEveryChannel(console, session);
        auto execution = console.run(QStringLiteral("f()"), QStringLiteral("<cell 2>"));
        Client::RunOutcome outcome;
        outcome.status = Client::RunStatus::Error;
        outcome.error.traceback = {QStringLiteral("Traceback (most recent call last):"),
                                   QStringLiteral("  File \"<cell 2>\", line 1, in <module>"),
                                   QStringLiteral("NameError: name 'f' is not defined")};
        execution->finish(outcome);
        console.flush();
        console.input()->setPlainText(QStringLiteral("df = pd.read_csv(\"data.csv\")  # load\n"
                                                     "df.describe()"));

        const auto isDark = [](const QColor &colour) {
            return colour.lightness() < 100;
        };
        QCOMPARE(isDark(console.outputView()->palette().color(QPalette::Base)), dark);
        QCOMPARE(isDark(console.input()->palette().color(QPalette::Base)), dark);
        QCOMPARE(isDark(formatAt(console, QStringLiteral("plain out")).foreground().color()),
                 !dark);
        // What is painted, not only what is asked for: the empty lower part of the output and
        // of the prompt.
        QTest::qWait(20);
        const QImage output = console.outputView()->viewport()->grab().toImage();
        const QImage input = console.input()->viewport()->grab().toImage();
        QVERIFY(!output.isNull() && !input.isNull());
        const QColor outputPaper = output.pixelColor(output.width() / 2, output.height() - 3);
        const QColor inputPaper = input.pixelColor(input.width() / 2, input.height() - 3);
        QVERIFY2(isDark(outputPaper) == dark, qPrintable(outputPaper.name()));
        QVERIFY2(isDark(inputPaper) == dark, qPrintable(inputPaper.name()));

        const QString picture = QDir(QCoreApplication::applicationDirPath())
                                        .filePath(QStringLiteral("console-%1.png")
                                                          .arg(dark ? QStringLiteral("dark")
                                                                    : QStringLiteral("light")));
        QVERIFY(console.grab().save(picture));
        qInfo("screenshot: %s", qPrintable(picture));
    }

    // Switching the theme recolours what is already shown, channel by channel.
    void themeChangeRecoloursShownOutput()
    {
        using Channel = Models::ConsoleBuffer::Channel;
        FakeSession session;
        Ui::ConsoleWidget console;
        console.setTheme(Ui::EditorTheme::theme(Ui::ColorScheme::Light));
        console.setSession(&session);
        fillEveryChannel(console, session);
        const QList<std::pair<QString, Channel>> pieces = {
                {QStringLiteral("plain out"), Channel::Stdout},
                {QStringLiteral("a warning"), Channel::Stderr},
                {QStringLiteral("bad value"), Channel::Error},
                {QStringLiteral(">>> work()"), Channel::Input},
                {QStringLiteral("session ready"), Channel::Notice},
                {QStringLiteral("s wall"), Channel::Usage},
        };
        for (const auto &[text, channel] : pieces)
            QCOMPARE(formatAt(console, text).foreground(),
                     console.channelFormat(channel).foreground());
        const QColor lightStderr
                = formatAt(console, QStringLiteral("a warning")).foreground().color();

        console.setTheme(Ui::EditorTheme::theme(Ui::ColorScheme::Dark));
        for (const auto &[text, channel] : pieces) {
            QCOMPARE(formatAt(console, text).foreground(),
                     console.channelFormat(channel).foreground());
            QCOMPARE(formatAt(console, text).fontWeight(),
                     console.channelFormat(channel).fontWeight());
        }
        QVERIFY(formatAt(console, QStringLiteral("a warning")).foreground().color() != lightStderr);
        QCOMPARE(formatAt(console, QStringLiteral("bad value")).background(),
                 console.channelFormat(Channel::Error).background());
        // The text itself is untouched.
        QVERIFY(outputText(console).contains(QStringLiteral("plain out\na warning\n")));
    }

    // A full console (10 000 lines, the channel changing on every line) is recoloured without
    // freezing the window.
    void recolouringAFullConsoleIsQuick()
    {
        FakeSession session;
        session.start();
        Ui::ConsoleWidget console;
        console.setSession(&session);
        console.setTheme(Ui::EditorTheme::theme(Ui::ColorScheme::Light));
        console.resize(640, 360);
        console.show();
        QVERIFY(QTest::qWaitForWindowExposed(&console));
        auto execution = console.run(QStringLiteral("noisy()"));
        for (int i = 0; i < 5000; ++i) {
            execution->deliverOutput(
                    Protocol::StreamName::Stdout, "out " + QByteArray::number(i) + '\n', false);
            execution->deliverOutput(
                    Protocol::StreamName::Stderr, "err " + QByteArray::number(i) + '\n', false);
            if (i % 500 == 0)
                console.flush(); // keep stdout and stderr in separate chunks
        }
        execution->finish({});
        console.flush();
        QElapsedTimer timer;
        timer.start();
        console.setTheme(Ui::EditorTheme::theme(Ui::ColorScheme::Dark));
        const qint64 elapsed = timer.elapsed();
        qInfo("recoloured %d blocks in %lld ms",
              console.outputView()->document()->blockCount(),
              elapsed);
        QVERIFY2(elapsed < 2000, qPrintable(QString::number(elapsed)));
        QCOMPARE(formatAt(console, QStringLiteral("err 4999")).foreground(),
                 console.channelFormat(Models::ConsoleBuffer::Channel::Stderr).foreground());
        QCOMPARE(formatAt(console, QStringLiteral("out 4999")).foreground(),
                 console.channelFormat(Models::ConsoleBuffer::Channel::Stdout).foreground());
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

    void leftoversAreSaidWhenMoreAreLeft()
    {
        FakeSession session;
        session.start();
        Ui::ConsoleWidget console;
        console.setSession(&session);
        Q_EMIT session.leftoverProcesses(3, QStringLiteral("cell 1"));
        Q_EMIT session.leftoverProcesses(1, QStringLiteral("cell 1")); // two have ended
        Q_EMIT session.leftoverProcesses(0, {});
        Q_EMIT session.leftoverProcesses(2, QStringLiteral("cell 5"));
        const QString text = outputText(console);
        QCOMPARE(text.count(QStringLiteral("Processes left running")), 2);
        QVERIFY(text.contains(QStringLiteral("Processes left running by cell 1: 3")));
        QVERIFY(text.contains(QStringLiteral("Processes left running by cell 5: 2")));
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
