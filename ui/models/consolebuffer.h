#pragma once

#include <QByteArrayView>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringDecoder>
#include <QTimer>

#include <array>

namespace Sandpiper::Models {

// Turns raw session output (bytes that may be invalid UTF-8 and carry terminal escapes) into
// display-safe text, and coalesces it so that a view repaints at most once per flush interval
// however fast the output arrives. What waits between flushes is bounded to the last
// maxPendingLines lines: a flood never grows memory, and the view would drop the rest anyway.
class ConsoleBuffer : public QObject
{
    Q_OBJECT

public:
    enum class Channel { Stdout, Stderr, Input, Notice, Error, Usage };
    Q_ENUM(Channel)

    struct Chunk
    {
        Channel channel;
        QString text;
        friend bool operator==(const Chunk &, const Chunk &) = default;
    };

    explicit ConsoleBuffer(QObject *parent = nullptr);

    void setFlushInterval(int ms) { m_flushTimer.setInterval(ms); }
    void setMaxPendingLines(int lines) { m_maxPendingLines = lines; }

    // Bytes from a stream; multi-byte characters and escape sequences may be split across calls.
    void appendBytes(Channel channel, QByteArrayView bytes);
    // Text that is already clean (echo of input, notices).
    void appendText(Channel channel, const QString &text);

    // Everything since the last take, adjacent chunks of one channel merged.
    QList<Chunk> takePending();
    bool hasPending() const { return !m_pending.isEmpty(); }
    qsizetype droppedLines() const { return m_droppedLines; }

    // Removes terminal escape sequences and control characters other than \n, \t and \r.
    // 'carry' holds an unfinished escape sequence between calls.
    static QString sanitize(const QString &text, QString *carry);

Q_SIGNALS:
    // Emitted at most once per flush interval while output keeps arriving.
    void readyToFlush();

private:
    void push(Channel channel, const QString &text);
    void trimPending();

    std::array<QStringDecoder, 2> m_decoders;
    std::array<QString, 2> m_escapeCarry;
    QList<Chunk> m_pending;
    qsizetype m_pendingNewlines = 0;
    int m_maxPendingLines = 10000;
    qsizetype m_droppedLines = 0;
    QTimer m_flushTimer;
};

} // namespace Sandpiper::Models
