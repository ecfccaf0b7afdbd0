#include "procfs.h"

#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unordered_set>

namespace Sandpiper::Worker::ProcFs {

namespace {
// A fork bomb is stopped by the process limit; past this many the walk gives up counting.
constexpr std::size_t MostDescendants = 8192;
} // namespace

std::string firstLine(const std::string &path)
{
    std::ifstream file(path);
    std::string line;
    std::getline(file, line);
    return line;
}

std::vector<pid_t> childrenOf(const std::string &process)
{
    std::vector<pid_t> pids;
    const std::string folder = "/proc/" + process + "/task";
    DIR *tasks = opendir(folder.c_str());
    if (!tasks)
        return pids;
    while (const dirent *task = readdir(tasks)) {
        if (task->d_name[0] == '.')
            continue;
        std::ifstream list(folder + "/" + task->d_name + "/children");
        pid_t pid = 0;
        while (list >> pid)
            pids.push_back(pid);
    }
    closedir(tasks);
    return pids;
}

// /proc/<pid>/stat is "pid (comm) state ...", and comm may itself hold ") ".
bool readStat(pid_t pid, Stat *stat)
{
    const std::string line = firstLine("/proc/" + std::to_string(pid) + "/stat");
    const auto open = line.find('(');
    const auto close = line.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close + 2 >= line.size())
        return false;
    stat->comm = line.substr(open + 1, close - open - 1);
    stat->state = line[close + 2];
    // After ") ": state is field 3, utime 14, stime 15, cutime 16, cstime 17, starttime 22.
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    for (int index = 3; index <= 22 && rest >> field; ++index) {
        const auto value = std::strtoull(field.c_str(), nullptr, 10); // never throws
        switch (index) {
        case 14:
            stat->userTicks = value;
            break;
        case 15:
            stat->systemTicks = value;
            break;
        case 16:
            stat->childUserTicks = value;
            break;
        case 17:
            stat->childSystemTicks = value;
            break;
        case 22:
            stat->startTicks = value;
            break;
        default:
            break;
        }
    }
    return true;
}

double livingDescendantsCpuSeconds()
{
    // One system call when there is no child: most runs start none.
    siginfo_t info{};
    if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0)
        return 0;
    std::uint64_t ticks = 0;
    std::unordered_set<pid_t> seen;
    std::vector<pid_t> next = childrenOf("self");
    while (!next.empty() && seen.size() < MostDescendants) {
        const pid_t pid = next.back();
        next.pop_back();
        if (!seen.insert(pid).second)
            continue;
        Stat stat;
        if (!readStat(pid, &stat))
            continue; // gone meanwhile: waited for, so counted by its parent
        ticks += stat.userTicks + stat.systemTicks + stat.childUserTicks + stat.childSystemTicks;
        for (const pid_t child : childrenOf(std::to_string(pid)))
            next.push_back(child);
    }
    return double(ticks) / double(sysconf(_SC_CLK_TCK));
}

} // namespace Sandpiper::Worker::ProcFs
