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

quint64 DiskBudget::reserveFor(const Space &space) const
{
    return m_reserveSetting > 0 ? m_reserveSetting
                                : std::min<quint64>(1ull << 30, space.totalBytes / 20);
}

void DiskBudget::startRun(quint64 limitBytes)
{
    m_inRun = true;
    m_limit = limitBytes;
    m_writtenInRun = 0;
}

void DiskBudget::endRun()
{
    m_inRun = false;
    m_limit = 0;
}

DiskBudget::Verdict DiskBudget::add(qint64 writtenBytes, const std::optional<Space> &space)
{
    const quint64 written = quint64(std::max<qint64>(0, writtenBytes));
    if (m_inRun)
        m_writtenInRun += written;
    // The host's disk first: it is what cannot wait for an interrupt's grace period.
    if (space && space->availableBytes < reserveFor(*space)) {
        m_writtenWhileLow += written;
        if (m_writtenWhileLow >= NoticeableBytes)
            return Verdict::DiskFull;
    } else {
        m_writtenWhileLow = 0;
    }
    if (m_inRun && m_limit > 0 && m_writtenInRun > m_limit)
        return Verdict::OverLimit;
    return Verdict::Within;
}

} // namespace Sandpiper::Client
