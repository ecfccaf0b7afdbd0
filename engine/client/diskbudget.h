#pragma once

#include <QString>

#include <optional>

namespace Sandpiper::Client {

// How much one run may add to the disk that holds the session's workspace. Measured as the fall
// in the filesystem's free space while the run lasts: whatever the code writes (any number of
// files, any process of the session) counts, without walking the workspace.
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

    // limitBytes 0: no limit of the user's. Either way the run never eats into a reserve that
    // keeps the host usable: reserveBytes, or by default the smaller of 1 GiB and 5 % of the
    // filesystem.
    DiskBudget(const Space &atStart, quint64 limitBytes, quint64 reserveBytes = 0);

    enum class Verdict { Within, OverLimit, DiskFull };
    Verdict check(const Space &now) const;

    quint64 writtenBytes(const Space &now) const;
    quint64 limitBytes() const { return m_limit; }
    quint64 reserveBytes() const { return m_reserve; }

private:
    Space m_start;
    quint64 m_limit;
    quint64 m_reserve;
};

} // namespace Sandpiper::Client
