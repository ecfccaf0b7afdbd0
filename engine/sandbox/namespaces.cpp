#include "internal.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/capability.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace Sandpiper::Sandbox::Internal {

namespace {

bool writeFile(const char *path, const std::string &text, std::string *error)
{
    const int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = errnoText(std::string("open ") + path, errno);
        return false;
    }
    const ssize_t written = write(fd, text.data(), text.size());
    const int writeErrno = errno;
    close(fd);
    if (written != static_cast<ssize_t>(text.size())) {
        *error = errnoText(std::string("write ") + path, writeErrno);
        return false;
    }
    return true;
}

} // namespace

bool unshareUser(uid_t uid, gid_t gid, std::string *error)
{
    if (unshare(CLONE_NEWUSER) != 0) {
        *error = errnoText("unshare(CLONE_NEWUSER)", errno);
        return false;
    }
    // "deny" first: an unprivileged gid_map write requires it, and it also stops setgroups()
    // from dropping a group that a "deny group" permission relies on.
    std::string ignored;
    writeFile("/proc/self/setgroups", "deny", &ignored);
    return writeFile("/proc/self/uid_map",
                     std::to_string(uid) + ' ' + std::to_string(uid) + " 1",
                     error)
           && writeFile("/proc/self/gid_map",
                        std::to_string(gid) + ' ' + std::to_string(gid) + " 1",
                        error);
}

bool bringUpLoopback(std::string *detail)
{
    const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *detail = errnoText("no loopback: socket", errno);
        return false;
    }
    ifreq request{};
    std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
    bool up = ioctl(fd, SIOCGIFFLAGS, &request) == 0;
    if (up && !(request.ifr_flags & IFF_UP)) {
        request.ifr_flags |= IFF_UP | IFF_RUNNING;
        up = ioctl(fd, SIOCSIFFLAGS, &request) == 0;
    }
    const int error = errno;
    close(fd);
    if (!up) {
        *detail = errnoText("no loopback: bringing lo up", error);
        return false;
    }
    // Only a namespace with nothing but lo may have TCP and UDP: any other interface could
    // lead out.
    struct if_nameindex *names = if_nameindex();
    if (!names) {
        *detail = errnoText("no loopback: listing interfaces", errno);
        return false;
    }
    std::string others;
    for (const struct if_nameindex *name = names; name->if_index != 0; ++name) {
        if (std::strcmp(name->if_name, "lo") != 0)
            others += (others.empty() ? "" : ", ") + std::string(name->if_name);
    }
    if_freenameindex(names);
    if (!others.empty()) {
        *detail = "no loopback: the namespace also holds " + others;
        return false;
    }
    *detail = "its own loopback only (lo up, no other interface)";
    return true;
}

PrimitiveStatus unshareOne(const char *name, int flag)
{
    if (unshare(flag) == 0)
        return {name, true, "new namespace"};
    return {name, false, errnoText("unshare", errno)};
}

PrimitiveStatus limitPids(std::uint64_t processes)
{
    // Before 6.14 kernel.pid_max is global: writing it as root would throttle the whole host.
    utsname name{};
    int major = 0, minor = 0;
    if (uname(&name) != 0 || std::sscanf(name.release, "%d.%d", &major, &minor) != 2 || major < 6
        || (major == 6 && minor < 14))
        return {"process-limit", false, "pid_max is per pid namespace only from Linux 6.14"};
    // Since Linux 6.14 pid_max is per pid namespace. New pids are taken from [1, pid_max), and
    // after the first wrap from [300, pid_max), so 300 + N keeps at least N pids free for reuse
    // while bounding the namespace to fewer than 300 + N tasks.
    constexpr std::uint64_t reserved = 300;
    const std::uint64_t pidMax = reserved + processes;
    std::string error;
    if (!writeFile("/proc/sys/kernel/pid_max", std::to_string(pidMax), &error))
        return {"process-limit", false, error};
    std::FILE *file = std::fopen("/proc/sys/kernel/pid_max", "re");
    unsigned long long readBack = 0;
    if (file) {
        if (std::fscanf(file, "%llu", &readBack) != 1)
            readBack = 0;
        std::fclose(file);
    }
    if (readBack != pidMax)
        return {"process-limit", false, "pid_max did not take the new value"};
    return {"process-limit",
            true,
            "pid_max " + std::to_string(pidMax) + " in the pid namespace (fewer than "
                    + std::to_string(pidMax) + " tasks)"};
}

PrimitiveStatus dropCapabilities()
{
    int lastCap = CAP_LAST_CAP;
    if (std::FILE *file = std::fopen("/proc/sys/kernel/cap_last_cap", "re")) {
        if (std::fscanf(file, "%d", &lastCap) != 1)
            lastCap = CAP_LAST_CAP;
        std::fclose(file);
    }
    int bounding = 0;
    for (int cap = 0; cap <= lastCap; ++cap) {
        if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1 && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0)
            ++bounding;
    }
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    syscall(SYS_capset, &header, data);
    if (syscall(SYS_capget, &header, data) != 0)
        return {"capabilities", false, errnoText("capget", errno)};
    const bool none = (data[0].effective | data[0].permitted | data[1].effective | data[1].permitted
                       | data[0].inheritable | data[1].inheritable)
                      == 0;
    if (!none)
        return {"capabilities", false, "capabilities are still held after capset"};
    // uid 0 would regain the bounding set on execve; anyone else only through set-id or file
    // capabilities, which no_new_privs blocks.
    if (bounding > 0)
        return {"capabilities",
                getuid() != 0,
                "none held; " + std::to_string(bounding) + " remain in the bounding set"};
    return {"capabilities", true, "none held, bounding set empty"};
}

} // namespace Sandpiper::Sandbox::Internal
