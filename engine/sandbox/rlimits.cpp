#include "internal.h"

#include <algorithm>
#include <cerrno>
#include <sys/resource.h>

namespace Sandpiper::Sandbox::Internal {

namespace {

// Sets soft and hard limit, so the sandboxed code cannot raise them back. Never raises a hard
// limit that is already lower.
bool setLimit(int resource, rlim_t soft, rlim_t hard, std::string *error)
{
    rlimit current{};
    if (getrlimit(resource, &current) == 0 && current.rlim_max != RLIM_INFINITY) {
        soft = std::min(soft, current.rlim_max);
        hard = std::min(hard, current.rlim_max);
    }
    const rlimit wanted{soft, hard};
    if (setrlimit(resource, &wanted) == 0)
        return true;
    *error = errnoText("setrlimit", errno);
    return false;
}

std::string mebibytes(std::uint64_t bytes)
{
    return std::to_string(bytes >> 20) + " MiB";
}

} // namespace

PrimitiveStatus applyRlimits(const Limits &limits, bool *nprocSet)
{
    PrimitiveStatus status{"rlimits", true, {}};
    const auto add = [&status](const char *name,
                               int resource,
                               rlim_t soft,
                               rlim_t hard,
                               const std::string &shown) {
        std::string error;
        if (!status.detail.empty())
            status.detail += ", ";
        if (setLimit(resource, soft, hard, &error)) {
            status.detail += std::string(name) + ' ' + shown;
            return true;
        }
        status.active = false;
        status.detail += std::string(name) + " failed (" + error + ')';
        return false;
    };
    add("core", RLIMIT_CORE, 0, 0, "0");
    if (limits.memoryBytes > 0)
        add("data",
            RLIMIT_DATA,
            limits.memoryBytes,
            limits.memoryBytes,
            mebibytes(limits.memoryBytes));
    if (limits.fileSizeBytes > 0)
        add("fsize",
            RLIMIT_FSIZE,
            limits.fileSizeBytes,
            limits.fileSizeBytes,
            mebibytes(limits.fileSizeBytes));
    if (limits.openFiles > 0)
        add("nofile",
            RLIMIT_NOFILE,
            limits.openFiles,
            limits.openFiles,
            std::to_string(limits.openFiles));
    *nprocSet = limits.processes > 0
                && add("nproc",
                       RLIMIT_NPROC,
                       limits.processes,
                       limits.processes,
                       std::to_string(limits.processes));
    // SIGXCPU at the soft limit (catchable), SIGKILL two seconds later.
    if (limits.cpuSeconds > 0)
        add("cpu",
            RLIMIT_CPU,
            limits.cpuSeconds,
            limits.cpuSeconds + 2,
            std::to_string(limits.cpuSeconds) + " s");
    return status;
}

} // namespace Sandpiper::Sandbox::Internal
