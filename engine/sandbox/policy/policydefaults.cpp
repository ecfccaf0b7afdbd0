#include "policydefaults.h"

#include <algorithm>
#include <sys/stat.h>
#include <unistd.h>

namespace Sandpiper::Sandbox::PolicyDefaults {

namespace {

bool exists(const std::string &path)
{
    struct stat st{};
    return !path.empty() && stat(path.c_str(), &st) == 0;
}

void appendExisting(std::vector<std::string> &to, const std::string &path)
{
    if (exists(path) && std::find(to.begin(), to.end(), path) == to.end())
        to.push_back(path);
}

} // namespace

const std::vector<std::string> &systemReadOnlyPaths()
{
    static const std::vector<std::string> paths = {
            // programs, libraries, Python's stdlib and dist-packages, fonts, zoneinfo
            "/usr",
            "/lib",
            "/lib64",
            "/lib32",
            "/bin",
            "/sbin",
            // the dynamic loader and glibc's name services (getpwuid for Path.home())
            "/etc/ld.so.cache",
            "/etc/ld.so.conf",
            "/etc/ld.so.conf.d",
            "/etc/nsswitch.conf",
            "/etc/passwd",
            "/etc/group",
            "/etc/localtime",
            "/etc/timezone",
            "/etc/os-release",
            "/etc/hosts",
            // symlinks only: libblas/liblapack (numpy, scipy) resolve through them
            "/etc/alternatives",
            "/etc/mime.types",
            // Python and its libraries' system configuration
            "/etc/python3",
            "/etc/python3.13",
            "/etc/matplotlibrc",
            "/etc/fonts",
            "/var/cache/fontconfig",
            // the sandbox's own /proc; CPU topology for numpy/OpenBLAS thread counts
            "/proc",
            "/sys/devices/system/cpu",
            "/sys/fs/cgroup",
    };
    return paths;
}

Policy forSession(const std::string &workspace,
                  const std::vector<std::string> &extraReadOnly,
                  Limits limits)
{
    Policy policy;
    policy.workspace = workspace;
    for (const std::string &path : systemReadOnlyPaths())
        appendExisting(policy.readOnlyPaths, path);
    for (const std::string &path : extraReadOnly)
        appendExisting(policy.readOnlyPaths, path);
    policy.limits = limits;
    policy.allowNetwork = false;
    return policy;
}

Limits defaultLimits()
{
    constexpr std::uint64_t gib = 1ULL << 30;
    Limits limits;
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGESIZE);
    const std::uint64_t ram
            = pages > 0 && pageSize > 0
                      ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(pageSize)
                      : 0;
    limits.memoryBytes = ram > 0 ? std::min<std::uint64_t>(4 * gib, ram / 2) : 4 * gib;
    limits.openFiles = 1024;
    limits.processes = 256;
    limits.fileSizeBytes = gib;
    limits.cpuSeconds = 0;
    return limits;
}

} // namespace Sandpiper::Sandbox::PolicyDefaults
