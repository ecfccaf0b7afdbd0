#include "internal.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
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

bool isUnder(const std::string &path, const std::string &root)
{
    return path.size() > root.size() && path.compare(0, root.size(), root) == 0
           && path[root.size()] == '/';
}

bool isDirectory(const char *path)
{
    struct stat st{};
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

// A policy path that lives under /tmp or /dev/shm would vanish under the private tmpfs; it is
// held open before the tmpfs is mounted and bound back at the same place afterwards.
struct Carried
{
    std::string path;
    int fd = -1;
    bool directory = false;
};

std::vector<Carried> collectCarried(const Policy &policy, bool devShm)
{
    std::vector<std::string> paths{policy.workspace};
    paths.insert(paths.end(), policy.readWritePaths.begin(), policy.readWritePaths.end());
    paths.insert(paths.end(), policy.readOnlyPaths.begin(), policy.readOnlyPaths.end());
    std::vector<Carried> carried;
    for (const std::string &path : paths) {
        if (path.empty())
            continue;
        char resolved[PATH_MAX];
        if (!realpath(path.c_str(), resolved))
            continue;
        const std::string real = resolved;
        if (!isUnder(real, "/tmp") && !(devShm && isUnder(real, "/dev/shm")))
            continue;
        bool duplicate = false;
        for (const Carried &c : carried)
            duplicate = duplicate || c.path == real;
        if (duplicate)
            continue;
        const int fd = open(real.c_str(), O_PATH | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct stat st{};
        fstat(fd, &st);
        carried.push_back({real, fd, S_ISDIR(st.st_mode)});
    }
    return carried;
}

// Creates the parents of path (mode 0755) and the mount point itself.
bool makeMountPoint(const Carried &c)
{
    for (std::size_t slash = c.path.find('/', 1); slash != std::string::npos;
         slash = c.path.find('/', slash + 1)) {
        const std::string parent = c.path.substr(0, slash);
        if (mkdir(parent.c_str(), 0755) != 0 && errno != EEXIST)
            return false;
    }
    if (c.directory)
        return mkdir(c.path.c_str(), 0700) == 0 || errno == EEXIST;
    const int fd = open(c.path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

std::string tmpfsOptions(const Limits &limits)
{
    std::string options = "mode=1777";
    // tmpfs pages are memory that RLIMIT_DATA does not see: cap each at the memory limit.
    if (limits.memoryBytes > 0)
        options += ",size=" + std::to_string(limits.memoryBytes);
    return options;
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

PrimitiveStatus unshareOne(const char *name, int flag)
{
    if (unshare(flag) == 0)
        return {name, true, "new namespace"};
    return {name, false, errnoText("unshare", errno)};
}

MountSetup setUpMounts(const Policy &policy, bool pidNamespace)
{
    MountSetup setup;
    // Nothing we mount may propagate back to the host's mount table.
    if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
        const std::string why = errnoText("making / private", errno);
        setup.privateTmp.detail = why;
        setup.privateProc.detail = why;
        return setup;
    }

    const bool devShm = isDirectory("/dev/shm");
    std::vector<Carried> carried = collectCarried(policy, devShm);
    const std::string options = tmpfsOptions(policy.limits);
    std::string tmpDetail;
    if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0) {
        setup.tmpIsPrivate = true;
        tmpDetail = "tmpfs on /tmp";
    } else {
        tmpDetail = errnoText("mount tmpfs on /tmp", errno);
    }
    if (devShm) {
        if (mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0) {
            setup.devShmIsPrivate = true;
            tmpDetail += " and /dev/shm";
        } else {
            tmpDetail += "; " + errnoText("mount tmpfs on /dev/shm", errno);
        }
    }
    if (policy.limits.memoryBytes > 0 && setup.tmpIsPrivate)
        tmpDetail += " (each at most " + std::to_string(policy.limits.memoryBytes >> 20) + " MiB)";
    for (Carried &c : carried) {
        const bool covered = isUnder(c.path, "/tmp") ? setup.tmpIsPrivate : setup.devShmIsPrivate;
        const std::string source = "/proc/self/fd/" + std::to_string(c.fd);
        if (covered
            && (!makeMountPoint(c)
                || mount(source.c_str(), c.path.c_str(), nullptr, MS_BIND | MS_REC, nullptr)
                           != 0)) {
            tmpDetail += "; " + errnoText("could not keep " + c.path + " visible", errno);
            setup.tmpIsPrivate = false; // the policy is not what was asked for
        }
        close(c.fd);
    }
    setup.privateTmp.active = setup.tmpIsPrivate && (!devShm || setup.devShmIsPrivate);
    setup.privateTmp.detail = tmpDetail;

    if (!pidNamespace) {
        setup.privateProc.detail = "no pid namespace: /proc shows the host's processes";
    } else if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) == 0) {
        setup.privateProc.active = true;
        setup.privateProc.detail = "/proc of the new pid namespace";
    } else {
        setup.privateProc.detail = errnoText("mount proc", errno);
    }
    return setup;
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

void coverProcReadOnly(std::string *detail)
{
    // Like bwrap: uid 0 without capabilities may still write root-owned sysctls by plain file
    // permissions (kernel.core_pattern, sysrq-trigger), so these are read-only mounts.
    for (const char *path : {"/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus"}) {
        if (access(path, F_OK) != 0)
            continue;
        if (mount(path, path, nullptr, MS_BIND | MS_REC, nullptr) != 0
            || mount(nullptr,
                     path,
                     nullptr,
                     MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                     nullptr)
                       != 0) {
            *detail += "; " + errnoText(std::string("read-only ") + path, errno);
        }
    }
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
