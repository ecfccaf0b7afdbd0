#include "forkedcopies.h"

#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

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
    return true;
}

} // namespace

ForkedCopies::Found ForkedCopies::reapExited()
{
    const std::string ownName = firstLine("/proc/self/comm");
    Found found = Found::None;
    for (const pid_t pid : children()) {
        ChildState child;
        if (!readState(pid, &child) || child.comm != ownName)
            continue;
        if (child.state == 'Z')
            waitpid(pid, nullptr, WNOHANG);
        else
            found = Found::StillRunning;
    }
    return found;
}

bool ForkedCopies::endedByProcessLimit(const Protocol::ExecutionResult &result)
{
    return result.status == Protocol::ExecutionStatus::Error
           && result.error.type == QLatin1String("BlockingIOError");
}

} // namespace Sandpiper::Worker
