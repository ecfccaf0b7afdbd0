#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <sys/types.h>

// What the engine reads of its own processes in /proc.
namespace Sandpiper::Worker::ProcFs {

std::string firstLine(const std::string &path);

// Children of every thread of a process (/proc/<pid>/task/<tid>/children); "self" for this one.
std::vector<pid_t> childrenOf(const std::string &process);

struct Stat
{
    std::string comm;
    char state = '?';
    // Clock ticks: CPU time of the process, and of its children it has waited for.
    std::uint64_t userTicks = 0;
    std::uint64_t systemTicks = 0;
    std::uint64_t childUserTicks = 0;
    std::uint64_t childSystemTicks = 0;
    std::uint64_t startTicks = 0; // since boot
};

// /proc/<pid>/stat; false when the process is gone.
bool readStat(pid_t pid, Stat *stat);

// CPU seconds of the processes descended from this one that have not been waited for yet
// (what getrusage(RUSAGE_CHILDREN) does not count yet), their own children's included. 0, and
// no /proc read, when this process has no child at all.
double livingDescendantsCpuSeconds();

} // namespace Sandpiper::Worker::ProcFs
