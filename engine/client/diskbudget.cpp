#include "diskbudget.h"

#include <QFile>

#include <algorithm>

#include <sys/statvfs.h>

namespace Sandpiper::Client {

std::optional<DiskBudget::Space> DiskBudget::spaceOf(const QString &path)
{
    struct statvfs fs{};
    if (path.isEmpty() || ::statvfs(QFile::encodeName(path).constData(), &fs) != 0)
        return std::nullopt;
    return Space{quint64(fs.f_bavail) * fs.f_frsize, quint64(fs.f_blocks) * fs.f_frsize};
}

DiskBudget::DiskBudget(const Space &atStart, quint64 limitBytes, quint64 reserveBytes)
    : m_start(atStart)
    , m_limit(limitBytes)
    , m_reserve(reserveBytes > 0 ? reserveBytes
                                 : std::min<quint64>(1ull << 30, atStart.totalBytes / 20))
{}

quint64 DiskBudget::writtenBytes(const Space &now) const
{
    return m_start.availableBytes > now.availableBytes ? m_start.availableBytes - now.availableBytes
                                                       : 0;
}

DiskBudget::Verdict DiskBudget::check(const Space &now) const
{
    if (m_limit > 0 && writtenBytes(now) > m_limit)
        return Verdict::OverLimit;
    // The run must have taken a share of it: a disk that was already low, or someone else's
    // small write, does not stop every run.
    constexpr quint64 noticeableBytes = 16ull << 20;
    if (now.availableBytes < m_reserve && writtenBytes(now) >= noticeableBytes)
        return Verdict::DiskFull;
    return Verdict::Within;
}

} // namespace Sandpiper::Client
