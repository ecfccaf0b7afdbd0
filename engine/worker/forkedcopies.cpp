#include "forkedcopies.h"

#include "procfs.h"

#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>

namespace Sandpiper::Worker {

std::uint64_t ForkedCopies::nowInTicks()
{
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const std::uint64_t hz = std::uint64_t(sysconf(_SC_CLK_TCK));
    return std::uint64_t(now.tv_sec) * hz + std::uint64_t(now.tv_nsec) * hz / 1000000000u;
}

void ForkedCopies::note(std::optional<std::uint64_t> bornSince)
{
    const std::string ownName = ProcFs::firstLine("/proc/self/comm");
    for (const pid_t pid : ProcFs::childrenOf("self")) {
        ProcFs::Stat child;
        if (!ProcFs::readStat(pid, &child) || child.comm != ownName)
            continue;
        if (bornSince && child.startTicks < *bornSince)
            continue;
        const bool known = std::any_of(
                m_noted.begin(), m_noted.end(), [&](const Copy &copy) { return copy.pid == pid; });
        if (!known)
            m_noted.push_back({pid, child.startTicks});
    }
}

ForkedCopies::Found ForkedCopies::reapExited()
{
    std::erase_if(m_noted, [](const Copy &copy) {
        ProcFs::Stat child;
        if (!ProcFs::readStat(copy.pid, &child) || child.startTicks != copy.startTicks)
            return true; // gone, or someone else's pid by now
        if (child.state != 'Z')
            return false;
        waitpid(copy.pid, nullptr, WNOHANG);
        return true;
    });
    return m_noted.empty() ? Found::None : Found::StillRunning;
}

bool ForkedCopies::endedByProcessLimit(const Protocol::ExecutionResult &result)
{
    return result.status == Protocol::ExecutionStatus::Error
           && result.error.type == QLatin1String("BlockingIOError");
}

} // namespace Sandpiper::Worker
