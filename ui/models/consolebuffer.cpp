#include "consolebuffer.h"

namespace Sandpiper::Models {

ConsoleBuffer::ConsoleBuffer(QObject *parent)
    : QObject(parent)
    , m_decoders{QStringDecoder(QStringDecoder::Utf8), QStringDecoder(QStringDecoder::Utf8)}
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(33);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] {
        if (hasPending())
            Q_EMIT readyToFlush();
    });
}

void ConsoleBuffer::appendBytes(Channel channel, QByteArrayView bytes)
{
    const int stream = channel == Channel::Stderr ? 1 : 0;
    // The decoder keeps a split multi-byte sequence for the next call and turns invalid bytes
    // into U+FFFD.
    const QString text = m_decoders[stream].decode(bytes);
    push(channel, sanitize(text, &m_escapeCarry[stream]));
}

void ConsoleBuffer::appendText(Channel channel, const QString &text)
{
    QString carry;
    push(channel, sanitize(text, &carry));
}

void ConsoleBuffer::push(Channel channel, const QString &text)
{
    if (text.isEmpty())
        return;
    if (!m_pending.isEmpty() && m_pending.last().channel == channel)
        m_pending.last().text += text;
    else
        m_pending.append({channel, text});
    m_pendingNewlines += text.count(QLatin1Char('\n'));
    if (m_pendingNewlines > 2 * m_maxPendingLines)
        trimPending();
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void ConsoleBuffer::trimPending()
{
    // Keep the last m_maxPendingLines lines: find where they start, walking back.
    qsizetype keep = m_maxPendingLines;
    for (qsizetype i = m_pending.size() - 1; i >= 0; --i) {
        QString &text = m_pending[i].text;
        qsizetype pos = text.size();
        while (keep > 0 && (pos = text.lastIndexOf(QLatin1Char('\n'), pos - 1)) >= 0) {
            --keep;
            if (pos == 0)
                break;
        }
        if (keep == 0 && pos >= 0) {
            const qsizetype droppedHere = text.left(pos + 1).count(QLatin1Char('\n'));
            qsizetype dropped = droppedHere;
            for (qsizetype j = 0; j < i; ++j)
                dropped += m_pending[j].text.count(QLatin1Char('\n'));
            m_droppedLines += dropped;
            text.remove(0, pos + 1);
            m_pending.remove(0, i);
            m_pending.prepend({Channel::Notice,
                               tr("[… %n earlier lines not shown …]\n", nullptr, int(dropped))});
            break;
        }
    }
    m_pendingNewlines = 0;
    for (const Chunk &chunk : std::as_const(m_pending))
        m_pendingNewlines += chunk.text.count(QLatin1Char('\n'));
}

QList<ConsoleBuffer::Chunk> ConsoleBuffer::takePending()
{
    m_pendingNewlines = 0;
    return std::exchange(m_pending, {});
}

QString ConsoleBuffer::sanitize(const QString &input, QString *carry)
{
    const QString text = *carry + input;
    carry->clear();
    QString out;
    out.reserve(text.size());
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        const char16_t u = c.unicode();
        if (u == 0x1b) { // ESC: skip the whole sequence
            if (i + 1 >= n) {
                *carry = text.mid(i);
                break;
            }
            const char16_t kind = text.at(i + 1).unicode();
            qsizetype j = i + 2;
            if (kind == u'[') { // CSI: parameters, then a final byte in 0x40..0x7e
                while (j < n && !(text.at(j).unicode() >= 0x40 && text.at(j).unicode() <= 0x7e))
                    ++j;
            } else if (kind == u']' || kind == u'P' || kind == u'_' || kind == u'^') {
                // OSC/DCS/APC/PM: until BEL or ESC '\'
                while (j < n && text.at(j).unicode() != 0x07
                       && !(text.at(j).unicode() == 0x1b && j + 1 < n
                            && text.at(j + 1).unicode() == u'\\'))
                    ++j;
                if (j < n && text.at(j).unicode() == 0x1b)
                    ++j;
            } else {
                j = i + 1; // two-byte sequence: ESC + one character
            }
            if (j >= n) {
                // Unfinished: wait for the rest, but never hold more than a sane amount.
                if (n - i < 4096)
                    *carry = text.mid(i);
                break;
            }
            i = j;
            continue;
        }
        if (u < 0x20 && u != u'\n' && u != u'\t' && u != u'\r')
            continue; // other C0 controls (NUL, BEL, backspace…) have no safe rendering here
        if (u == 0x7f || (u >= 0x80 && u < 0xa0))
            continue; // DEL and C1 controls
        out.append(c);
    }
    return out;
}

} // namespace Sandpiper::Models
