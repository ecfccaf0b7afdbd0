#include "forkedcopies.h"

#include <dirent.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace Sandpiper::Worker {

namespace {

std::string firstLine(const std::string &path)
{
    std::ifstream file(path);
    std::string line;
    std::getline(file, line);
    return line;
}

// Children of every thread of this process (/proc/<pid>/task/<tid>/children).
std::vector<pid_t> children()
{
    std::vector<pid_t> pids;
    DIR *tasks = opendir("/proc/self/task");
    if (!tasks)
        return pids;
    while (const dirent *task = readdir(tasks)) {
        if (task->d_name[0] == '.')
            continue;
        std::ifstream list(std::string("/proc/self/task/") + task->d_name + "/children");
        pid_t pid = 0;
        while (list >> pid)
            pids.push_back(pid);
    }
    closedir(tasks);
    return pids;
}

struct ChildState
{
    std::string comm;
    char state = '?';
    std::uint64_t startTicks = 0;
};

// /proc/<pid>/stat is "pid (comm) state ...", and comm may itself hold ") ".
bool readState(pid_t pid, ChildState *child)
{
    const std::string stat = firstLine("/proc/" + std::to_string(pid) + "/stat");
    const auto open = stat.find('(');
    const auto close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close + 2 >= stat.size())
        return false;
    child->comm = stat.substr(open + 1, close - open - 1);
    child->state = stat[close + 2];
    // After ") ": state is field 3; starttime is field 22.
    std::istringstream rest(stat.substr(close + 2));
    std::string field;
    for (int index = 3; index <= 22 && rest >> field; ++index) {
        if (index == 22)
            child->startTicks = std::strtoull(field.c_str(), nullptr, 10); // never throws
    }
    return true;
}

} // namespace

std::uint64_t ForkedCopies::nowInTicks()
{
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const std::uint64_t hz = std::uint64_t(sysconf(_SC_CLK_TCK));
    return std::uint64_t(now.tv_sec) * hz + std::uint64_t(now.tv_nsec) * hz / 1000000000u;
}

void ForkedCopies::note(std::optional<std::uint64_t> bornSince)
{
    const std::string ownName = firstLine("/proc/self/comm");
    for (const pid_t pid : children()) {
        ChildState child;
        if (!readState(pid, &child) || child.comm != ownName)
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
        ChildState child;
        if (!readState(copy.pid, &child) || child.startTicks != copy.startTicks)
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
