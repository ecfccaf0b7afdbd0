#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCborMap>
#include <QString>

#include <optional>

namespace Sandpiper::Protocol {

// Wire format: a 4-byte little-endian body length, then a CBOR body that is a map.
inline constexpr quint32 DefaultMaxFrameBytes = 64u * 1024u * 1024u;
inline constexpr int FrameHeaderBytes = 4;

// Encodes one frame (header + CBOR body).
QByteArray encodeFrame(const QCborMap &body);

// Incremental decoder for a byte stream of frames. Gives identical results whether bytes arrive
// one at a time or many frames per read. The announced length is checked against the cap before
// anything is allocated for it; memory held is only what has actually arrived.
// Once an error is reported the decoder stays in that state: the stream is not trustworthy.
class FrameDecoder
{
public:
    enum class Error { None, EmptyFrame, FrameTooLarge, InvalidCbor, NotAMap };

    explicit FrameDecoder(quint32 maxFrameBytes = DefaultMaxFrameBytes);

    void append(QByteArrayView bytes);

    // The next complete frame, or nullopt when more bytes are needed or an error occurred.
    std::optional<QCborMap> next();

    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }

    // Bytes of an incomplete frame that are buffered; non-zero at EOF means a truncated frame.
    qsizetype pendingBytes() const { return m_buffer.size() - m_offset; }

private:
    void fail(Error error, const QString &message);
    void compact();

    quint32 m_maxFrameBytes;
    QByteArray m_buffer;
    qsizetype m_offset = 0;
    Error m_error = Error::None;
    QString m_errorString;
};

} // namespace Sandpiper::Protocol
