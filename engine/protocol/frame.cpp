#include "frame.h"

#include <QCborParserError>
#include <QCborStreamReader>
#include <QCborValue>
#include <QCoreApplication>

namespace Sandpiper::Protocol {

namespace {

// QCborValue::fromCbor recurses once per nesting level. Our messages nest a few levels deep;
// anything deeper is hostile and is rejected by an iterative scan before the recursive parse.
constexpr int MaxNestingDepth = 64;
// Tags prefix an item and also cost a recursion level each when parsed into a QCborValue.
constexpr int MaxConsecutiveTags = 4;

quint32 readLittleEndian32(const char *p)
{
    const auto *u = reinterpret_cast<const uchar *>(p);
    return quint32(u[0]) | (quint32(u[1]) << 8) | (quint32(u[2]) << 16) | (quint32(u[3]) << 24);
}

// Walks the whole item without recursion, so a malicious body cannot overflow the stack, and
// checks that every announced string length and container count is backed by actual bytes
// (the QCborStreamReader checks lengths against the data) before anything is built from it.
bool checkStructure(const QByteArray &body, QString *error)
{
    QCborStreamReader reader(body);
    int depth = 0;
    int tags = 0;
    bool started = false;
    while (true) {
        if (reader.lastError() != QCborError::NoError) {
            *error = reader.lastError().toString();
            return false;
        }
        if (started && depth == 0)
            break;
        if (depth > 0 && !reader.hasNext()) {
            if (!reader.leaveContainer()) {
                *error = reader.lastError().toString();
                return false;
            }
            --depth;
            continue;
        }
        started = true;
        if (reader.isTag()) {
            if (++tags > MaxConsecutiveTags) {
                *error = QStringLiteral("too many consecutive tags");
                return false;
            }
            reader.next();
            started = false; // the tagged item is still to come
            continue;
        }
        tags = 0;
        if (reader.isContainer()) {
            if (++depth > MaxNestingDepth) {
                *error = QStringLiteral("nesting deeper than %1 levels").arg(MaxNestingDepth);
                return false;
            }
            if (!reader.enterContainer()) {
                *error = reader.lastError().toString();
                return false;
            }
            continue;
        }
        if (reader.type() == QCborStreamReader::Invalid) {
            *error = reader.lastError() != QCborError::NoError
                             ? reader.lastError().toString()
                             : QStringLiteral("invalid CBOR item");
            return false;
        }
        reader.next();
    }
    if (reader.currentOffset() != body.size()) {
        *error = QStringLiteral("%1 trailing bytes after the body")
                         .arg(body.size() - reader.currentOffset());
        return false;
    }
    return true;
}

} // namespace

QByteArray encodeFrame(const QCborMap &body)
{
    const QByteArray cbor = body.toCborValue().toCbor();
    const auto size = quint32(cbor.size());
    QByteArray frame;
    frame.reserve(FrameHeaderBytes + cbor.size());
    frame.append(char(size & 0xff));
    frame.append(char((size >> 8) & 0xff));
    frame.append(char((size >> 16) & 0xff));
    frame.append(char((size >> 24) & 0xff));
    frame.append(cbor);
    return frame;
}

FrameDecoder::FrameDecoder(quint32 maxFrameBytes)
    : m_maxFrameBytes(maxFrameBytes)
{}

void FrameDecoder::append(QByteArrayView bytes)
{
    if (m_error != Error::None || bytes.isEmpty())
        return;
    compact();
    m_buffer.append(bytes);
}

std::optional<QCborMap> FrameDecoder::next()
{
    if (m_error != Error::None)
        return std::nullopt;
    const qsizetype available = m_buffer.size() - m_offset;
    if (available < FrameHeaderBytes)
        return std::nullopt;

    const quint32 length = readLittleEndian32(m_buffer.constData() + m_offset);
    if (length == 0) {
        fail(Error::EmptyFrame, QStringLiteral("frame with an empty body"));
        return std::nullopt;
    }
    if (length > m_maxFrameBytes) {
        fail(Error::FrameTooLarge,
             QStringLiteral("frame of %1 bytes exceeds the limit of %2 bytes")
                     .arg(length)
                     .arg(m_maxFrameBytes));
        return std::nullopt;
    }
    if (available - FrameHeaderBytes < qsizetype(length))
        return std::nullopt;

    // A view on the buffer, not a copy; the buffer is not touched until this function returns.
    const QByteArray body = QByteArray::fromRawData(
            m_buffer.constData() + m_offset + FrameHeaderBytes, qsizetype(length));
    QString structureError;
    if (!checkStructure(body, &structureError)) {
        fail(Error::InvalidCbor, QStringLiteral("invalid CBOR body: %1").arg(structureError));
        return std::nullopt;
    }
    QCborParserError parseError;
    const QCborValue value = QCborValue::fromCbor(body, &parseError);
    if (parseError.error != QCborError::NoError) {
        fail(Error::InvalidCbor,
             QStringLiteral("invalid CBOR body: %1").arg(parseError.errorString()));
        return std::nullopt;
    }
    if (!value.isMap()) {
        fail(Error::NotAMap, QStringLiteral("frame body is not a CBOR map"));
        return std::nullopt;
    }
    m_offset += FrameHeaderBytes + qsizetype(length);
    if (m_offset == m_buffer.size()) {
        m_buffer.clear();
        m_offset = 0;
    }
    return value.toMap();
}

void FrameDecoder::fail(Error error, const QString &message)
{
    m_error = error;
    m_errorString = message;
    // Nothing more will be decoded: release what the stream sent.
    m_buffer = QByteArray();
    m_offset = 0;
}

void FrameDecoder::compact()
{
    // Drop consumed frames only when they are at least half of the buffer: amortised linear.
    if (m_offset > 0 && m_offset >= m_buffer.size() / 2) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
}

} // namespace Sandpiper::Protocol
