#pragma once

#include <QString>

#include <optional>

namespace Sandpiper::Client {

// What a session may write to disk. Two rules, fed by the process monitor's samples:
// - the user's limit: what one run's processes wrote (write_bytes of /proc/<pid>/io, so only
//   the session's own writes count, any number of files, any process);
// - a reserve of free space on the disk that holds the workspace (the smaller of 1 GiB and 5 %
//   of it, unless set): once free space is below it, a session that goes on writing is
//   stopped, run or not, whoever else filled the disk first.
class DiskBudget
{
public:
    // Free and total bytes of the filesystem that holds path; nothing when it cannot be read.
    struct Space
    {
        quint64 availableBytes = 0; // to an unprivileged writer
        quint64 totalBytes = 0;
    };
    static std::optional<Space> spaceOf(const QString &path);

    explicit DiskBudget(quint64 reserveBytes = 0)
        : m_reserveSetting(reserveBytes)
    {}

    // A run starts with limitBytes (0: no limit of the user's); endRun() goes back to the
    // reserve alone.
    void startRun(quint64 limitBytes);
    void endRun();

    enum class Verdict { Within, OverLimit, DiskFull };
    // One sample: what the session wrote since the previous one, and the disk's space then.
    Verdict add(qint64 writtenBytes, const std::optional<Space> &space);

    quint64 writtenInRun() const { return m_writtenInRun; }
    quint64 reserveFor(const Space &space) const;

    // How much the session must write into the reserve before it is stopped: a little, so
    // that a session which merely exists on a full disk is left alone.
    static constexpr quint64 NoticeableBytes = 16ull << 20;

private:
    quint64 m_reserveSetting;
    quint64 m_limit = 0;
    bool m_inRun = false;
    quint64 m_writtenInRun = 0;
    quint64 m_writtenWhileLow = 0;
};

} // namespace Sandpiper::Client
