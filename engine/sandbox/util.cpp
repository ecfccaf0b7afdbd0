#include "internal.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <linux/capability.h>
#include <string>
#include <sys/syscall.h>
#include <unistd.h>

namespace Sandpiper::Sandbox::Internal {

std::string errnoText(const std::string &what, int error)
{
    return what + ": " + std::strerror(error);
}

bool hasCapability(int capability)
{
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (syscall(SYS_capget, &header, data) != 0)
        return false;
    return (data[capability / 32].effective & (1u << (capability % 32))) != 0;
}

bool isRootOnHost()
{
    if (getuid() != 0)
        return false;
    // Inside a user namespace uid 0 may stand for an ordinary uid outside ("0 1000 1").
    std::FILE *file = std::fopen("/proc/self/uid_map", "re");
    if (!file)
        return true;
    unsigned inside = 0, outside = 0, count = 0;
    const bool parsed = std::fscanf(file, "%u %u %u", &inside, &outside, &count) == 3;
    std::fclose(file);
    return !parsed || outside == 0;
}

bool disabledForTest(const char *name)
{
#ifdef SANDPIPER_SANDBOX_TEST_SWITCH
    const char *list = std::getenv("SANDPIPER_SANDBOX_TEST_DISABLE");
    if (!list)
        return false;
    const std::string names = std::string(",") + list + ",";
    return names.find(std::string(",") + name + ",") != std::string::npos;
#else
    (void)name;
    return false;
#endif
}

} // namespace Sandpiper::Sandbox::Internal
