#include <consolebuffer.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using Sandpiper::Models::ConsoleBuffer;
using Channel = ConsoleBuffer::Channel;

class TestConsoleBuffer : public QObject
{
    Q_OBJECT

private:
    static QString joined(const QList<ConsoleBuffer::Chunk> &chunks)
    {
        QString text;
        for (const auto &chunk : chunks)
            text += chunk.text;
        return text;
    }

private Q_SLOTS:
    void sanitize_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << "hello\n" << "hello\n";
        QTest::newRow("tab and cr kept") << "a\tb\r\n" << "a\tb\r\n";
        QTest::newRow("sgr colour") << "\x1b[31mred\x1b[0m" << "red";
        QTest::newRow("cursor movement") << "a\x1b[2K\x1b[1Gb" << "ab";
        QTest::newRow("osc title bel") << "\x1b]0;title\x07text" << "text";
        QTest::newRow("osc title st") << "\x1b]2;t\x1b\\x" << "x";
        QTest::newRow("two-byte escape") << "a\x1b"
                                            "cb"
                                         << "ab";
        QTest::newRow("nul and bell") << QString::fromLatin1("a\0b\x07"
                                                             "c",
                                                             5)
                                      << "abc";
        QTest::newRow("backspace and delete") << "a\bb\x7f"
                                                 "c"
                                              << "abc";
        QTest::newRow("c1 control") << QString(u"a\u009bb") << "ab";
        QTest::newRow("unicode kept") << QString(u"数据 ✓") << QString(u"数据 ✓");
    }

    void sanitize()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QString carry;
        QCOMPARE(ConsoleBuffer::sanitize(input, &carry), expected);
        QVERIFY(carry.isEmpty());
    }

    void escapeSplitAcrossCalls()
    {
        ConsoleBuffer buffer;
        for (const char *part : {"x\x1b", "[3", "1mred\x1b", "[0m\n"})
            buffer.appendBytes(Channel::Stdout, QByteArrayView(part));
        QCOMPARE(joined(buffer.takePending()), QStringLiteral("xred\n"));
    }

    void unfinishedEscapeIsBounded()
    {
        ConsoleBuffer buffer;
        // An OSC that never ends must not make the buffer hold everything after it forever.
        buffer.appendBytes(Channel::Stdout,
                           QByteArray(QByteArray("\x1b]") + QByteArray(10000, 'a')));
        buffer.appendBytes(Channel::Stdout, "\nvisible\n");
        QVERIFY(joined(buffer.takePending()).contains(QStringLiteral("visible")));
    }

    void utf8SplitAcrossCalls()
    {
        ConsoleBuffer buffer;
        const QByteArray text = QStringLiteral(u"数据\n").toUtf8();
        for (char byte : text)
            buffer.appendBytes(Channel::Stdout, QByteArrayView(&byte, 1));
        QCOMPARE(joined(buffer.takePending()), QStringLiteral(u"数据\n"));
    }

    void invalidUtf8BecomesReplacementCharacters()
    {
        ConsoleBuffer buffer;
        buffer.appendBytes(Channel::Stdout, QByteArray("ok \xff\xfe\xc3 end\n"));
        const QString text = joined(buffer.takePending());
        QVERIFY(text.startsWith(QStringLiteral("ok ")));
        QVERIFY(text.endsWith(QStringLiteral(" end\n")));
        QVERIFY(text.contains(QChar(QChar::ReplacementCharacter)));
    }

    void streamsDecodeIndependently()
    {
        ConsoleBuffer buffer;
        const QByteArray euro = QStringLiteral(u"€").toUtf8();
        buffer.appendBytes(Channel::Stdout, euro.left(1));
        buffer.appendBytes(Channel::Stderr, "err\n");
        buffer.appendBytes(Channel::Stdout, euro.mid(1));
        const auto chunks = buffer.takePending();
        QCOMPARE(chunks.size(), 2);
        QCOMPARE(chunks.at(0), (ConsoleBuffer::Chunk{Channel::Stderr, QStringLiteral("err\n")}));
        QCOMPARE(chunks.at(1), (ConsoleBuffer::Chunk{Channel::Stdout, QStringLiteral(u"€")}));
    }

    void adjacentChunksMerge()
    {
        ConsoleBuffer buffer;
        buffer.appendText(Channel::Stdout, QStringLiteral("a"));
        buffer.appendText(Channel::Stdout, QStringLiteral("b"));
        buffer.appendText(Channel::Stderr, QStringLiteral("c"));
        buffer.appendText(Channel::Stdout, QStringLiteral("d"));
        const auto chunks = buffer.takePending();
        QCOMPARE(chunks.size(), 3);
        QCOMPARE(chunks.at(0).text, QStringLiteral("ab"));
        QVERIFY(!buffer.hasPending());
    }

    void flushIsCoalesced()
    {
        ConsoleBuffer buffer;
        buffer.setFlushInterval(20);
        QSignalSpy spy(&buffer, &ConsoleBuffer::readyToFlush);
        for (int i = 0; i < 1000; ++i)
            buffer.appendText(Channel::Stdout, QStringLiteral("line\n"));
        QTRY_COMPARE(spy.size(), 1);
        QTest::qWait(60);
        QCOMPARE(spy.size(), 1); // nothing new arrived, no new signal
        QCOMPARE(joined(buffer.takePending()).size(), 5000);
    }

    void floodIsBounded()
    {
        ConsoleBuffer buffer;
        buffer.setMaxPendingLines(1000);
        QByteArray block;
        for (int i = 0; i < 1000; ++i)
            block += QByteArray::number(i) + '\n';
        QElapsedTimer timer;
        timer.start();
        qsizetype bytes = 0;
        for (int i = 0; i < 1000; ++i) { // about 1 000 000 lines
            buffer.appendBytes(Channel::Stdout, block);
            bytes += block.size();
        }
        const qint64 ms = timer.elapsed();
        const auto chunks = buffer.takePending();
        const QString text = joined(chunks);
        QVERIFY2(text.count(u'\n') <= 2 * 1000 + 1, qPrintable(QString::number(text.count(u'\n'))));
        QVERIFY(text.endsWith(QStringLiteral("999\n")));
        QCOMPARE(chunks.first().channel, Channel::Notice);
        QVERIFY(buffer.droppedLines() > 990000);
        // Generous bound: the point is linear work, not a benchmark.
        QVERIFY2(ms < 10000, qPrintable(QStringLiteral("%1 bytes in %2 ms").arg(bytes).arg(ms)));
        qInfo("console buffer: %.1f MB/s", bytes / 1e3 / qMax<qint64>(ms, 1));
    }
};

QTEST_GUILESS_MAIN(TestConsoleBuffer)
#include "tst_consolebuffer.moc"
