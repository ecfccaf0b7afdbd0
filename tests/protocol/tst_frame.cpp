#include "frame.h"
#include "messages.h"

#include <QCborArray>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

#include <malloc.h>

using namespace Sandpiper::Protocol;

// The frame decoder reads bytes written by an untrusted process: everything here is what a
// hostile or broken engine could send.
class tst_Frame : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodeLayout();
    void roundTrip();
    void chunking_data();
    void chunking();
    void oversized_data();
    void oversized();
    void announcedSizeIsNotAllocated();
    void capBoundary();
    void emptyFrame();
    void truncatedThenEof();
    void stalledPartialFrame();
    void invalidBody_data();
    void invalidBody();
    void deepNesting_data();
    void deepNesting();
    void errorIsSticky();
    void millionTinyFrames();
};

namespace {

QByteArray header(quint32 length)
{
    QByteArray h(4, '\0');
    h[0] = char(length & 0xff);
    h[1] = char((length >> 8) & 0xff);
    h[2] = char((length >> 16) & 0xff);
    h[3] = char((length >> 24) & 0xff);
    return h;
}

QByteArray rawFrame(const QByteArray &body)
{
    return header(quint32(body.size())) + body;
}

QCborMap sampleBody(int i)
{
    QCborMap m;
    m.insert(QStringLiteral("type"), QStringLiteral("stream"));
    m.insert(QStringLiteral("id"), i);
    m.insert(QStringLiteral("data"), QByteArray(i % 300, char('a' + i % 26)));
    return m;
}

// What a decoder made of a stream: the frames, the final error, the bytes left pending.
struct Outcome
{
    QList<QCborMap> frames;
    FrameDecoder::Error error = FrameDecoder::Error::None;
    qsizetype pending = 0;
};

Outcome decodeInChunks(const QByteArray &stream, const QList<qsizetype> &chunkSizes)
{
    FrameDecoder decoder;
    Outcome out;
    qsizetype pos = 0;
    qsizetype chunkIndex = 0;
    while (pos < stream.size()) {
        const qsizetype size = chunkSizes.isEmpty()
                                       ? stream.size()
                                       : chunkSizes.at(chunkIndex++ % chunkSizes.size());
        const qsizetype n = std::min(size, stream.size() - pos);
        decoder.append(QByteArrayView(stream).mid(pos, n));
        pos += n;
        while (auto frame = decoder.next())
            out.frames.append(*frame);
    }
    out.error = decoder.error();
    out.pending = decoder.pendingBytes();
    return out;
}

// Heap bytes in use, including large blocks served by mmap.
qint64 heapInUse()
{
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks) + qint64(info.hblkhd);
}

} // namespace

void tst_Frame::encodeLayout()
{
    QCborMap body;
    body.insert(QStringLiteral("type"), QStringLiteral("ping"));
    const QByteArray frame = encodeFrame(body);
    const QByteArray cbor = QCborValue(body).toCbor();
    QCOMPARE(frame.size(), FrameHeaderBytes + cbor.size());
    QCOMPARE(frame.left(4), header(quint32(cbor.size())));
    QCOMPARE(frame.mid(4), cbor);

    // Little endian for lengths that use more than one byte.
    QCborMap big;
    big.insert(QStringLiteral("data"), QByteArray(0x10203, 'x'));
    const QByteArray bigFrame = encodeFrame(big);
    const quint32 length = quint32(bigFrame.size() - 4);
    QCOMPARE(uchar(bigFrame[0]), uchar(length & 0xff));
    QCOMPARE(uchar(bigFrame[1]), uchar((length >> 8) & 0xff));
    QCOMPARE(uchar(bigFrame[2]), uchar((length >> 16) & 0xff));
    QCOMPARE(uchar(bigFrame[3]), 0);
}

void tst_Frame::roundTrip()
{
    FrameDecoder decoder;
    QVERIFY(!decoder.next());
    QCOMPARE(decoder.error(), FrameDecoder::Error::None);
    for (int i = 0; i < 5; ++i)
        decoder.append(encodeFrame(sampleBody(i)));
    for (int i = 0; i < 5; ++i) {
        const auto frame = decoder.next();
        QVERIFY(frame);
        QCOMPARE(*frame, sampleBody(i));
    }
    QVERIFY(!decoder.next());
    QCOMPARE(decoder.pendingBytes(), 0);
    QCOMPARE(decoder.error(), FrameDecoder::Error::None);
    QVERIFY(decoder.errorString().isEmpty());
}

void tst_Frame::chunking_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<int>("expectedFrames");
    QTest::addColumn<int>("expectedError");

    QByteArray valid;
    for (int i = 0; i < 40; ++i)
        valid += encodeFrame(sampleBody(i));
    QCborMap large;
    large.insert(QStringLiteral("data"), QByteArray(200000, 'L'));
    const QByteArray largeFrame = encodeFrame(large);

    using E = FrameDecoder::Error;
    QTest::newRow("valid") << valid << 40 << int(E::None);
    QTest::newRow("valid+large+valid") << valid + largeFrame + valid << 81 << int(E::None);
    QTest::newRow("then truncated") << valid + largeFrame.left(1000) << 40 << int(E::None);
    QTest::newRow("then header only") << valid + header(50) << 40 << int(E::None);
    QTest::newRow("then garbage") << valid + rawFrame("\xff\xff\xff") + valid << 40
                                  << int(E::InvalidCbor);
    QTest::newRow("then not a map") << valid + rawFrame(QCborValue(QCborArray{1}).toCbor()) + valid
                                    << 40 << int(E::NotAMap);
    QTest::newRow("then empty") << valid + header(0) + valid << 40 << int(E::EmptyFrame);
    QTest::newRow("then too large")
            << valid + header(0xffffffffu) + valid << 40 << int(E::FrameTooLarge);
}

void tst_Frame::chunking()
{
    QFETCH(QByteArray, stream);
    QFETCH(int, expectedFrames);
    QFETCH(int, expectedError);

    const Outcome whole = decodeInChunks(stream, {});
    QCOMPARE(whole.frames.size(), expectedFrames);
    QCOMPARE(int(whole.error), expectedError);

    QList<QList<qsizetype>> chunkings = {{1}, {2}, {3}, {4}, {5}, {7, 1, 4096}, {65536}};
    QRandomGenerator random(20240611);
    for (int r = 0; r < 8; ++r) {
        QList<qsizetype> sizes;
        for (int i = 0; i < 50; ++i)
            sizes.append(1 + random.bounded(r % 2 ? 10 : 20000));
        chunkings.append(sizes);
    }
    for (const auto &sizes : std::as_const(chunkings)) {
        const Outcome chunked = decodeInChunks(stream, sizes);
        QCOMPARE(chunked.frames, whole.frames);
        QCOMPARE(chunked.error, whole.error);
        QCOMPARE(chunked.pending, whole.pending);
    }
}

void tst_Frame::oversized_data()
{
    QTest::addColumn<quint32>("length");
    QTest::newRow("0xFFFFFFFF") << 0xffffffffu;
    QTest::newRow("0x80000000") << 0x80000000u;
    QTest::newRow("cap+1") << DefaultMaxFrameBytes + 1;
}

void tst_Frame::oversized()
{
    QFETCH(quint32, length);
    FrameDecoder decoder;
    // Only the header arrives: the error must not wait for a body that will never come.
    decoder.append(header(length));
    const qint64 before = heapInUse();
    QVERIFY(!decoder.next());
    QCOMPARE(decoder.error(), FrameDecoder::Error::FrameTooLarge);
    QVERIFY2(decoder.errorString().contains(QString::number(length)),
             qPrintable(decoder.errorString()));
    QVERIFY(heapInUse() - before < 1024 * 1024);
    QCOMPARE(decoder.pendingBytes(), 0);
}

void tst_Frame::announcedSizeIsNotAllocated()
{
    // A frame just under the cap is legal, but the decoder holds only what has arrived.
    FrameDecoder decoder;
    const qint64 before = heapInUse();
    decoder.append(header(DefaultMaxFrameBytes));
    decoder.append(QByteArray(100, '\xa1'));
    for (int i = 0; i < 10; ++i)
        QVERIFY(!decoder.next());
    QCOMPARE(decoder.error(), FrameDecoder::Error::None);
    QCOMPARE(decoder.pendingBytes(), 104);
    const qint64 grown = heapInUse() - before;
    QVERIFY2(grown < 1024 * 1024, qPrintable(QStringLiteral("heap grew by %1 bytes").arg(grown)));
}

void tst_Frame::capBoundary()
{
    QCborMap body;
    body.insert(QStringLiteral("d"), QByteArray(90, 'x'));
    const QByteArray frame = encodeFrame(body);
    const auto size = quint32(frame.size() - FrameHeaderBytes);

    FrameDecoder exact(size);
    exact.append(frame);
    QCOMPARE(exact.next(), std::optional<QCborMap>(body));

    FrameDecoder under(size - 1);
    under.append(frame.left(4)); // the header alone is enough to know
    QVERIFY(!under.next());
    QCOMPARE(under.error(), FrameDecoder::Error::FrameTooLarge);
}

void tst_Frame::emptyFrame()
{
    FrameDecoder decoder;
    decoder.append(header(0));
    QVERIFY(!decoder.next());
    QCOMPARE(decoder.error(), FrameDecoder::Error::EmptyFrame);
    QVERIFY(!decoder.errorString().isEmpty());
}

void tst_Frame::truncatedThenEof()
{
    const QByteArray frame = encodeFrame(sampleBody(3));
    for (qsizetype cut : {qsizetype(1), qsizetype(3), qsizetype(4), frame.size() - 1}) {
        FrameDecoder decoder;
        decoder.append(encodeFrame(sampleBody(1)));
        decoder.append(frame.left(cut));
        QVERIFY(decoder.next());
        QVERIFY(!decoder.next());
        QCOMPARE(decoder.error(), FrameDecoder::Error::None);
        // At EOF the reader sees this and reports a truncated frame.
        QCOMPARE(decoder.pendingBytes(), cut);
    }
}

void tst_Frame::stalledPartialFrame()
{
    const QByteArray frame = encodeFrame(sampleBody(200));
    FrameDecoder decoder;
    decoder.append(frame.left(frame.size() / 2));
    for (int i = 0; i < 1000; ++i)
        QVERIFY(!decoder.next());
    QCOMPARE(decoder.error(), FrameDecoder::Error::None);
    QCOMPARE(decoder.pendingBytes(), frame.size() / 2);
    decoder.append(frame.mid(frame.size() / 2));
    QCOMPARE(decoder.next(), std::optional<QCborMap>(sampleBody(200)));
    QCOMPARE(decoder.pendingBytes(), 0);
}

void tst_Frame::invalidBody_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("error");
    using E = FrameDecoder::Error;
    const int invalid = int(E::InvalidCbor);
    const int notMap = int(E::NotAMap);

    QTest::newRow("break byte") << QByteArray("\xff", 1) << invalid;
    QTest::newRow("reserved info") << QByteArray("\x1c", 1) << invalid;
    QTest::newRow("map missing value") << QByteArray("\xa1\x61k", 3) << invalid;
    QTest::newRow("map count beyond body")
            << QByteArray("\xbb\x00\x00\x00\x01\x00\x00\x00\x00", 9) << invalid;
    QTest::newRow("array count 2^32 in a map")
            << QByteArray("\xa1\x61k\x9b\x00\x00\x00\x01\x00\x00\x00\x00", 12) << invalid;
    QTest::newRow("bytes length 2^60")
            << QByteArray("\xa1\x61k\x5b\x10\x00\x00\x00\x00\x00\x00\x00", 12) << invalid;
    QTest::newRow("text length beyond body") << QByteArray("\xa1\x61k\x78\xff"
                                                           "abc",
                                                           8)
                                             << invalid;
    QTest::newRow("invalid utf-8 text") << QByteArray("\xa1\x61k\x62\xff\xfe", 6) << invalid;
    QTest::newRow("unterminated indefinite map") << QByteArray("\xbf\x61k\x01", 4) << invalid;
    QTest::newRow("trailing bytes") << QByteArray("\xa0\x00", 2) << invalid;
    QTest::newRow("two maps") << QByteArray("\xa0\xa0", 2) << invalid;
    QTest::newRow("integer") << QByteArray("\x01", 1) << notMap;
    QTest::newRow("array") << QByteArray("\x80", 1) << notMap;
    QTest::newRow("text") << QByteArray("\x61x", 2) << notMap;
    QTest::newRow("null") << QByteArray("\xf6", 1) << notMap;
    QTest::newRow("tagged map") << QByteArray("\xc1\xa0", 2) << notMap;
    QByteArray random(4096, '\0');
    QRandomGenerator gen(7);
    for (char &c : random)
        c = char(gen.bounded(256));
    random[0] = '\xff'; // make sure it does not start with something valid
    QTest::newRow("random bytes") << random << invalid;
}

void tst_Frame::invalidBody()
{
    QFETCH(QByteArray, body);
    QFETCH(int, error);
    FrameDecoder decoder;
    decoder.append(rawFrame(body));
    QVERIFY(!decoder.next());
    QCOMPARE(int(decoder.error()), error);
    QVERIFY(!decoder.errorString().isEmpty());
}

void tst_Frame::deepNesting_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("accepted");

    auto nestedArrays = [](int depth, char open) {
        // {"k": [[[...0...]]]}: the map is one level, each array one more.
        QByteArray body("\xa1\x61k", 3);
        body += QByteArray(depth, open);
        body += '\x00';
        if (open == '\x9f')
            body += QByteArray(depth, '\xff');
        return body;
    };
    QTest::newRow("63 arrays (depth 64)") << nestedArrays(63, '\x81') << true;
    QTest::newRow("64 arrays (depth 65)") << nestedArrays(64, '\x81') << false;
    QTest::newRow("100000 arrays") << nestedArrays(100000, '\x81') << false;
    QTest::newRow("100000 indefinite arrays") << nestedArrays(100000, '\x9f') << false;
    QTest::newRow("1000000 arrays, unterminated") << QByteArray(1000000, '\x81') << false;

    QByteArray maps;
    for (int i = 0; i < 100000; ++i)
        maps += QByteArray("\xa1\x61k", 3);
    maps += '\x00';
    QTest::newRow("100000 maps") << maps << false;

    QByteArray tags("\xa1\x61k", 3);
    tags += QByteArray(100000, '\xc1');
    tags += '\x00';
    QTest::newRow("100000 tags") << tags << false;
    QByteArray fewTags("\xa1\x61k", 3);
    fewTags += QByteArray(2, '\xc1');
    fewTags += '\x00';
    QTest::newRow("2 tags") << fewTags << true;
}

void tst_Frame::deepNesting()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, accepted);
    FrameDecoder decoder;
    decoder.append(rawFrame(body));
    const auto frame = decoder.next();
    QCOMPARE(frame.has_value(), accepted);
    if (!accepted) {
        QCOMPARE(decoder.error(), FrameDecoder::Error::InvalidCbor);
        QVERIFY(!decoder.errorString().isEmpty());
    }
}

void tst_Frame::errorIsSticky()
{
    FrameDecoder decoder;
    decoder.append(rawFrame("\xff"));
    QVERIFY(!decoder.next());
    const QString message = decoder.errorString();
    decoder.append(encodeFrame(sampleBody(1)));
    QVERIFY(!decoder.next());
    QCOMPARE(decoder.error(), FrameDecoder::Error::InvalidCbor);
    QCOMPARE(decoder.errorString(), message);
    QCOMPARE(decoder.pendingBytes(), 0);
}

void tst_Frame::millionTinyFrames()
{
    constexpr int count = 1000000;
    const QByteArray one = encodeFrame(Ping{1}.toCbor());
    QByteArray stream;
    stream.reserve(one.size() * count);
    for (int i = 0; i < count; ++i)
        stream += one;

    QElapsedTimer timer;
    timer.start();
    // All at once: a quadratic decoder (moving the buffer after every frame) would take hours.
    FrameDecoder all;
    all.append(stream);
    int decoded = 0;
    while (all.next())
        ++decoded;
    QCOMPARE(decoded, count);
    const qint64 allMs = timer.restart();

    // In 64 KiB reads, as from a socket; frames straddle the reads.
    FrameDecoder chunked;
    decoded = 0;
    for (qsizetype pos = 0; pos < stream.size(); pos += 65536) {
        chunked.append(QByteArrayView(stream).mid(pos, 65536));
        while (chunked.next())
            ++decoded;
    }
    QCOMPARE(decoded, count);
    QCOMPARE(chunked.pendingBytes(), 0);
    const qint64 chunkedMs = timer.elapsed();
    qInfo("10^6 frames: %lld ms at once, %lld ms in 64 KiB chunks", allMs, chunkedMs);
    // Generous: linear decoding takes a few seconds even on a slow shared machine.
    QVERIFY2(allMs < 30000, qPrintable(QString::number(allMs)));
    QVERIFY2(chunkedMs < 30000, qPrintable(QString::number(chunkedMs)));
}

QTEST_GUILESS_MAIN(tst_Frame)
#include "tst_frame.moc"
