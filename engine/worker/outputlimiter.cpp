#include "outputlimiter.h"

#include <algorithm>

namespace Sandpiper::Worker {

QByteArrayView OutputLimiter::accept(QByteArrayView chunk, bool *crossedLimit)
{
    *crossedLimit = false;
    const std::uint64_t before = m_total;
    m_total += std::uint64_t(chunk.size());
    if (m_truncated)
        return {};
    if (m_total <= m_limit)
        return chunk;
    m_truncated = true;
    *crossedLimit = true;
    const std::uint64_t room = m_limit - std::min(before, m_limit);
    return chunk.first(qsizetype(room));
}

QByteArray OutputLimiter::marker(std::uint64_t limit)
{
    QByteArray text("\n[output truncated: limit of ");
    text.append(QByteArray::number(quint64(limit)));
    text.append(" bytes reached]\n");
    return text;
}

} // namespace Sandpiper::Worker
