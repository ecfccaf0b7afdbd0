#include "internal.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

// The mount namespace's view of the filesystem. Preferred: a new root (a read-only tmpfs) that
// holds only the policy's paths, entered with pivot_root, so anything unlisted does not exist
// for the session, including UNIX sockets, which Landlock cannot stop a connect() to (D-Bus,
// docker.sock, agents). Fallback: the host's tree with private /tmp and /dev/shm on top.

namespace Sandpiper::Sandbox::Internal {

namespace {

constexpr const char *stagingDir = "/tmp"; // covered by the staging tmpfs, becomes "/"

bool isUnder(const std::string &path, const std::string &root)
{
    if (root == "/")
        return path.size() > 1 && path[0] == '/';
    return path.size() > root.size() && path.compare(0, root.size(), root) == 0
           && path[root.size()] == '/';
}

std::string canonical(const std::string &path)
{
    char resolved[PATH_MAX];
    return !path.empty() && realpath(path.c_str(), resolved) ? std::string(resolved)
                                                             : std::string();
}

bool inPrivateTmp(const std::string &path, bool devShm)
{
    return isUnder(path, "/tmp") || (devShm && isUnder(path, "/dev/shm"));
}

// A policy path under /tmp or /dev/shm would vanish under the private tmpfs; it is held open
// before the tmpfs is mounted and bound back at the same place afterwards.
struct Carried
{
    std::string path;
    int fd = -1;
    bool directory = false;
    bool readOnly = false;
};

std::vector<Carried> collectCarried(const Policy &policy, bool devShm)
{
    std::vector<std::pair<std::string, bool>> paths{{policy.workspace, false}};
    for (const std::string &path : policy.readWritePaths)
        paths.emplace_back(path, false);
    for (const std::string &path : policy.readOnlyPaths)
        paths.emplace_back(path, true);
    std::vector<Carried> carried;
    for (const auto &[path, readOnly] : paths) {
        const std::string real = canonical(path);
        if (real.empty() || !inPrivateTmp(real, devShm))
            continue;
        if (std::any_of(carried.begin(), carried.end(), [&](const Carried &c) {
                return c.path == real;
            }))
            continue;
        const int fd = open(real.c_str(), O_PATH | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct stat st{};
        fstat(fd, &st);
        carried.push_back({real, fd, S_ISDIR(st.st_mode), readOnly});
    }
    return carried;
}

void closeCarried(std::vector<Carried> &carried)
{
    for (Carried &c : carried)
        close(c.fd);
    carried.clear();
}

bool makeParents(const std::string &path)
{
    for (std::size_t slash = path.find('/', 1); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
        if (mkdir(path.substr(0, slash).c_str(), 0755) != 0 && errno != EEXIST)
            return false;
    }
    return true;
}

// Creates what a bind mount needs at path; an existing entry (e.g. inside an earlier bind) is
// used as it is.
bool makeMountPoint(const std::string &path, bool directory)
{
    struct stat st{};
    if (lstat(path.c_str(), &st) == 0)
        return true;
    if (!makeParents(path))
        return false;
    if (directory)
        return mkdir(path.c_str(), 0755) == 0 || errno == EEXIST;
    const int fd = open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

// A read-only remount must repeat the flags the kernel locked on the source mount (nosuid,
// nodev, noexec, atime) or a user namespace gets EPERM.
unsigned long keptFlags(const std::string &path)
{
    struct statvfs vfs{};
    if (statvfs(path.c_str(), &vfs) != 0)
        return 0;
    unsigned long flags = 0;
    if (vfs.f_flag & ST_NOSUID)
        flags |= MS_NOSUID;
    if (vfs.f_flag & ST_NODEV)
        flags |= MS_NODEV;
    if (vfs.f_flag & ST_NOEXEC)
        flags |= MS_NOEXEC;
    if (vfs.f_flag & ST_NOATIME)
        flags |= MS_NOATIME;
    if (vfs.f_flag & ST_NODIRATIME)
        flags |= MS_NODIRATIME;
    if (vfs.f_flag & ST_RELATIME)
        flags |= MS_RELATIME;
    return flags;
}

bool bindMount(const std::string &source,
               const std::string &target,
               bool readOnly,
               std::string *error)
{
    struct stat st{};
    if (stat(source.c_str(), &st) != 0 || !makeMountPoint(target, S_ISDIR(st.st_mode))) {
        *error = errnoText("mount point for " + source, errno);
        return false;
    }
    if (mount(source.c_str(), target.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) {
        *error = errnoText("bind " + source, errno);
        return false;
    }
    if (readOnly
        && mount(nullptr,
                 target.c_str(),
                 nullptr,
                 MS_REMOUNT | MS_BIND | MS_RDONLY | keptFlags(target),
                 nullptr)
                   != 0) {
        *error = errnoText("read-only " + source, errno);
        return false;
    }
    return true;
}

std::string tmpfsOptions(const Limits &limits)
{
    std::string options = "mode=0755";
    // tmpfs pages are memory that RLIMIT_DATA does not see: one budget, the memory limit, for
    // /tmp and /dev/shm together (and the client counts them as the session's memory).
    if (limits.memoryBytes > 0)
        options += ",size=" + std::to_string(limits.memoryBytes);
    return options;
}

bool makeStickyFolder(const std::string &path)
{
    return (mkdir(path.c_str(), 01777) == 0 || errno == EEXIST) && chmod(path.c_str(), 01777) == 0;
}

// /tmp and /dev/shm as two folders of one tmpfs: the tmpfs is mounted on tmp, its "shm" folder
// is bound on shm (when not empty), and its "tmp" folder on tmp itself, which covers the tmpfs's
// own root for good. Returns "" or what failed.
std::string mountSharedTemporarySpace(const std::string &tmp,
                                      const std::string &shm,
                                      const Limits &limits,
                                      MountSetup &setup)
{
    if (mount("tmpfs", tmp.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, tmpfsOptions(limits).c_str())
        != 0)
        return errnoText("mount tmpfs on /tmp", errno);
    const std::string tmpPart = tmp + "/tmp";
    const std::string shmPart = tmp + "/shm";
    if (!makeStickyFolder(tmpPart) || (!shm.empty() && !makeStickyFolder(shmPart))) {
        const std::string why = errnoText("folders of the temporary tmpfs", errno);
        umount2(tmp.c_str(), MNT_DETACH);
        return why;
    }
    std::string error;
    if (!shm.empty()) {
        if (mount(shmPart.c_str(), shm.c_str(), nullptr, MS_BIND, nullptr) == 0)
            setup.devShmIsPrivate = true;
        else
            error = errnoText("bind the temporary tmpfs on /dev/shm", errno);
    }
    if (mount(tmpPart.c_str(), tmp.c_str(), nullptr, MS_BIND, nullptr) != 0) {
        const std::string why = errnoText("bind the temporary tmpfs on /tmp", errno);
        if (setup.devShmIsPrivate)
            umount2(shm.c_str(), MNT_DETACH);
        setup.devShmIsPrivate = false;
        umount2(tmp.c_str(), MNT_DETACH);
        return why;
    }
    setup.tmpIsPrivate = true;
    return error;
}

std::string tmpDetail(const Policy &policy, const std::string &where)
{
    std::string detail = "one tmpfs for /tmp and /dev/shm" + where;
    if (policy.limits.memoryBytes > 0)
        detail += ", at most " + std::to_string(policy.limits.memoryBytes >> 20)
                  + " MiB together, counted as the session's memory";
    return detail;
}

void mountProc(const std::string &target, bool pidNamespace, MountSetup &setup)
{
    if (!pidNamespace) {
        setup.privateProc.detail = "no pid namespace: /proc shows the host's processes";
    } else if (mount("proc", target.c_str(), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr)
               == 0) {
        setup.privateProc = {"private-proc", true, "/proc of the new pid namespace"};
        return;
    } else {
        setup.privateProc.detail
                = errnoText("mount proc", errno) + " (the host's /proc has covered entries)";
    }
    if (target != "/proc")
        mount("/proc", target.c_str(), nullptr, MS_BIND | MS_REC, nullptr);
}

class RootBuilder
{
public:
    RootBuilder(const Policy &policy, bool pidNamespace, bool devShm, MountSetup &setup)
        : m_policy(policy)
        , m_pidNamespace(pidNamespace)
        , m_devShm(devShm)
        , m_setup(setup)
    {}

    bool build(std::vector<Carried> &carried)
    {
        if (std::find(m_policy.readOnlyPaths.begin(), m_policy.readOnlyPaths.end(), "/")
            != m_policy.readOnlyPaths.end())
            return fail("the policy shows the whole filesystem");
        if (mount("tmpfs", stagingDir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=16m") != 0)
            return fail(errnoText("staging tmpfs", errno));
        m_mounted = true;

        std::vector<std::string> readOnly = m_policy.readOnlyPaths;
        std::sort(readOnly.begin(), readOnly.end()); // parents before children
        for (const std::string &path : readOnly) {
            if (!addPath(path, true))
                return false;
        }
        std::vector<std::string> readWrite{m_policy.workspace};
        readWrite.insert(
                readWrite.end(), m_policy.readWritePaths.begin(), m_policy.readWritePaths.end());
        for (const std::string &path : readWrite) {
            if (!addPath(path, false))
                return false;
        }
        if (!addDevices())
            return false;
        const std::string tmp = root("/tmp");
        const std::string shm = root("/dev/shm");
        if (!makeMountPoint(tmp, true) || !makeMountPoint(shm, true))
            return fail(errnoText("mount points for /tmp and /dev/shm", errno));
        if (const std::string error = mountSharedTemporarySpace(tmp, shm, m_policy.limits, m_setup);
            !error.empty())
            return fail(error);
        for (const Carried &c : carried) {
            std::string error;
            if (!bindMount(
                        "/proc/self/fd/" + std::to_string(c.fd), root(c.path), c.readOnly, &error))
                return fail(error);
            ++(c.readOnly ? m_readOnly : m_readWrite);
        }
        const std::string proc = root("/proc");
        if (!makeMountPoint(proc, true))
            return fail(errnoText("mount point for /proc", errno));
        mountProc(proc, m_pidNamespace, m_setup);

        // Nothing may be created beside the policy's paths.
        if (mount(nullptr,
                  stagingDir,
                  nullptr,
                  MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
                  nullptr)
            != 0)
            return fail(errnoText("read-only root", errno));
        // pivot_root(".", ".") stacks the old root on the new one; detaching it leaves no way back.
        if (chdir(stagingDir) != 0 || syscall(SYS_pivot_root, ".", ".") != 0)
            return fail(errnoText("pivot_root", errno));
        m_mounted = false;
        if (umount2(".", MNT_DETACH) != 0 || chdir("/") != 0) {
            // Cannot happen in practice; report it rather than pretend.
            m_setup.privateRoot.detail = errnoText("detaching the old root", errno);
            return true;
        }
        m_setup.privateRoot
                = {"private-root",
                   true,
                   "pivot_root into a read-only tmpfs with " + std::to_string(m_readOnly)
                           + " read-only and " + std::to_string(m_readWrite) + " read-write paths"};
        m_setup.privateTmp = {"private-tmp", true, tmpDetail(m_policy, "")};
        return true;
    }

private:
    std::string root(const std::string &path) const { return stagingDir + path; }

    bool fail(const std::string &why)
    {
        if (m_mounted)
            umount2(stagingDir, MNT_DETACH);
        m_mounted = false;
        m_setup.tmpIsPrivate = m_setup.devShmIsPrivate = false;
        m_setup.privateProc = {"private-proc", false, {}};
        m_setup.privateRoot.detail = why;
        return false;
    }

    bool covered(const std::string &real, bool readOnly) const
    {
        for (const auto &[bound, boundReadOnly] : m_bound) {
            if ((real == bound || isUnder(real, bound)) && (boundReadOnly == readOnly || !readOnly))
                return true;
        }
        return false;
    }

    // Missing paths are skipped, like Landlock does. A symlink is recreated as it is (so
    // /lib -> usr/lib and /etc/localtime -> ../usr/share/zoneinfo/... keep working) and its
    // target is made visible too.
    bool addPath(const std::string &path, bool readOnly)
    {
        struct stat st{};
        if (path.empty() || path[0] != '/' || lstat(path.c_str(), &st) != 0)
            return true;
        if (path == "/proc" || isUnder(path, "/proc"))
            return true; // mounted anew below
        if (S_ISLNK(st.st_mode)) {
            char target[PATH_MAX];
            const ssize_t length = readlink(path.c_str(), target, sizeof target - 1);
            if (length <= 0)
                return true;
            target[length] = '\0';
            const std::string link = root(path);
            struct stat existing{};
            if (lstat(link.c_str(), &existing) != 0
                && (!makeParents(link) || symlink(target, link.c_str()) != 0))
                return fail(errnoText("symlink " + path, errno));
        }
        const std::string real = canonical(path);
        if (real.empty() || real == "/tmp" || real == "/dev/shm" || real == "/")
            return true; // /tmp and /dev/shm are private anyway
        if (inPrivateTmp(real, m_devShm) || covered(real, readOnly))
            return true; // carried, or inside a path already bound
        std::string error;
        if (!bindMount(real, root(real), readOnly, &error))
            return fail(error);
        m_bound.emplace_back(real, readOnly);
        ++(readOnly ? m_readOnly : m_readWrite);
        return true;
    }

    bool addDevices()
    {
        for (const char *device :
             {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"}) {
            std::string error;
            if (access(device, F_OK) == 0 && !bindMount(device, root(device), false, &error))
                return fail(error);
        }
        const std::pair<const char *, const char *> links[] = {{"/dev/fd", "/proc/self/fd"},
                                                               {"/dev/stdin", "/proc/self/fd/0"},
                                                               {"/dev/stdout", "/proc/self/fd/1"},
                                                               {"/dev/stderr", "/proc/self/fd/2"}};
        for (const auto &[link, target] : links) {
            if (symlink(target, root(link).c_str()) != 0 && errno != EEXIST)
                return fail(errnoText(std::string("symlink ") + link, errno));
        }
        return true;
    }

    const Policy &m_policy;
    const bool m_pidNamespace;
    const bool m_devShm;
    MountSetup &m_setup;
    bool m_mounted = false;
    std::vector<std::pair<std::string, bool>> m_bound;
    int m_readOnly = 0;
    int m_readWrite = 0;
};

// Without a new root: the host's tree, with private /tmp, /dev/shm and /proc on top.
void coverHostTree(const Policy &policy,
                   bool pidNamespace,
                   bool devShm,
                   std::vector<Carried> &carried,
                   MountSetup &setup)
{
    std::string detail
            = mountSharedTemporarySpace("/tmp", devShm ? "/dev/shm" : "", policy.limits, setup);
    for (const Carried &c : carried) {
        const bool covered = isUnder(c.path, "/tmp") ? setup.tmpIsPrivate : setup.devShmIsPrivate;
        std::string error;
        if (covered
            && !bindMount("/proc/self/fd/" + std::to_string(c.fd), c.path, c.readOnly, &error)) {
            detail += (detail.empty() ? "" : "; ") + error;
            setup.tmpIsPrivate = false; // the policy is not what was asked for
        }
    }
    setup.privateTmp.active = setup.tmpIsPrivate && (!devShm || setup.devShmIsPrivate);
    setup.privateTmp.detail = detail.empty() ? tmpDetail(policy, " over the host's tree") : detail;
    mountProc("/proc", pidNamespace, setup);
}

} // namespace

MountSetup setUpMounts(const Policy &policy, bool pidNamespace)
{
    MountSetup setup;
    // Nothing we mount may propagate back to the host's mount table.
    if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
        const std::string why = errnoText("making / private", errno);
        setup.privateRoot.detail = why;
        setup.privateTmp.detail = why;
        setup.privateProc.detail = why;
        return setup;
    }
    struct stat st{};
    const bool devShm = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode);
    std::vector<Carried> carried = collectCarried(policy, devShm);
    RootBuilder builder(policy, pidNamespace, devShm, setup);
    if (disabledForTest("private-root")) {
        setup.privateRoot.detail = "turned off for a test";
        coverHostTree(policy, pidNamespace, devShm, carried, setup);
    } else if (!builder.build(carried)) {
        coverHostTree(policy, pidNamespace, devShm, carried, setup);
    }
    closeCarried(carried);
    return setup;
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

} // namespace Sandpiper::Sandbox::Internal
