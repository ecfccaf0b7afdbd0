#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>

namespace Sandpiper::Worker {

// Counts what one execution writes to stdout/stderr and decides how much of it is sent.
// Beyond the limit nothing more is sent, but everything is still counted (and read from
// the pipes, so the writer never blocks on a full pipe).
class OutputLimiter
{
public:
    explicit OutputLimiter(std::uint64_t limit = 0) { reset(limit); }

    void reset(std::uint64_t limit)
    {
        m_limit = limit;
        m_total = 0;
        m_truncated = false;
    }

    // The part of chunk that may be sent. crossedLimit is set when this chunk made the
    // output reach beyond the limit (once per execution: then send the marker).
    QByteArrayView accept(QByteArrayView chunk, bool *crossedLimit);

    std::uint64_t limit() const { return m_limit; }
    std::uint64_t total() const { return m_total; }
    bool truncated() const { return m_truncated; }

    // The visible text sent once the limit is reached.
    static QByteArray marker(std::uint64_t limit);

private:
    std::uint64_t m_limit = 0;
    std::uint64_t m_total = 0;
    bool m_truncated = false;
};

} // namespace Sandpiper::Worker
