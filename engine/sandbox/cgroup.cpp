#include "internal.h"

#include <fstream>
#include <sys/statfs.h>
#include <unistd.h>

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

namespace Sandpiper::Sandbox::Internal {

// Only reports, so far: cgroup v2 limits need a delegated, writable subtree (systemd gives one to
// user services with Delegate=yes), which build and CI containers rarely have. rlimits, the pid
// namespace's pid_max and the client's monitor stand in for memory.max and pids.max.
PrimitiveStatus probeCgroup()
{
    PrimitiveStatus status{"cgroup", false, {}};
    struct statfs fs{};
    if (statfs("/sys/fs/cgroup", &fs) != 0) {
        status.detail = errnoText("/sys/fs/cgroup", errno);
        return status;
    }
    if (fs.f_type != CGROUP2_SUPER_MAGIC) {
        status.detail = "/sys/fs/cgroup is not a cgroup v2 hierarchy";
        return status;
    }
    std::ifstream self("/proc/self/cgroup");
    std::string line, path;
    while (std::getline(self, line)) {
        if (line.rfind("0::", 0) == 0)
            path = line.substr(3);
    }
    if (path.empty()) {
        status.detail = "the process is in no cgroup v2 group";
        return status;
    }
    const std::string dir = "/sys/fs/cgroup" + path;
    if (access(dir.c_str(), W_OK) != 0) {
        status.detail = "cgroup " + path + " is not delegated to this user (not writable)";
        return status;
    }
    std::ifstream controllers(dir + "/cgroup.controllers");
    std::string available((std::istreambuf_iterator<char>(controllers)), {});
    if (available.find("memory") == std::string::npos
        || available.find("pids") == std::string::npos) {
        status.detail = "cgroup " + path + " lacks the memory or pids controller";
        return status;
    }
    status.detail = "delegated cgroup " + path
                    + " found; limits are enforced by rlimits and pid_max instead (not yet used)";
    return status;
}

} // namespace Sandpiper::Sandbox::Internal
