#include "internal.h"

#include <cerrno>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

// Landlock through raw syscalls: glibc has no wrappers. Constants newer than the build host's
// kernel headers are spelled out (they are stable kernel ABI).
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0)
#define LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#endif
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LANDLOCK_SCOPE_SIGNAL (1ULL << 1)
#endif
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif

namespace Sandpiper::Sandbox::Internal {

namespace {

// The kernel accepts a larger struct than it knows as long as the unknown tail is zero.
struct RulesetAttr
{
    std::uint64_t handledAccessFs = 0;
    std::uint64_t handledAccessNet = 0;
    std::uint64_t scoped = 0;
};

struct PathBeneath
{
    std::uint64_t allowedAccess;
    std::int32_t parentFd;
} __attribute__((packed));

constexpr std::uint64_t readOnlyAccess
        = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
// Rights that make sense on something that is not a directory.
constexpr std::uint64_t fileAccess = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE
                                     | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE
                                     | LANDLOCK_ACCESS_FS_IOCTL_DEV;

std::uint64_t handledFs(int abi)
{
    std::uint64_t access = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE
                           | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR
                           | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE
                           | LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR
                           | LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK
                           | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK
                           | LANDLOCK_ACCESS_FS_MAKE_SYM;
    if (abi >= 2)
        access |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3)
        access |= LANDLOCK_ACCESS_FS_TRUNCATE;
    if (abi >= 5)
        access |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
    return access;
}

class RulesetBuilder
{
public:
    RulesetBuilder(int rulesetFd, std::uint64_t handled)
        : m_fd(rulesetFd)
        , m_handled(handled)
    {}

    // Missing paths are skipped: the policy lists what a typical host has.
    void allow(const std::string &path, std::uint64_t access)
    {
        if (path.empty())
            return;
        const int fd = open(path.c_str(), O_PATH | O_CLOEXEC);
        if (fd < 0) {
            ++m_missing;
            return;
        }
        struct stat st{};
        if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
            access &= fileAccess;
        PathBeneath rule{access & m_handled, fd};
        if (syscall(SYS_landlock_add_rule, m_fd, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) == 0)
            ++m_rules;
        else
            m_errors += "; " + errnoText("rule for " + path, errno);
        close(fd);
    }

    int rules() const { return m_rules; }
    int missing() const { return m_missing; }
    const std::string &errors() const { return m_errors; }

private:
    int m_fd;
    std::uint64_t m_handled;
    int m_rules = 0;
    int m_missing = 0;
    std::string m_errors;
};

} // namespace

int landlockAbi()
{
    const long abi
            = syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
    return abi > 0 ? static_cast<int>(abi) : 0;
}

PrimitiveStatus applyLandlock(const Policy &policy,
                              const MountSetup &mounts,
                              int abi,
                              bool loopbackOnly)
{
    PrimitiveStatus status{"landlock", false, {}};
    if (abi <= 0) {
        syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
        const int error = errno;
        status.detail = error == EOPNOTSUPP ? "disabled in this kernel (boot with lsm=landlock,...)"
                                            : errnoText("not available", error);
        return status;
    }
    RulesetAttr attr;
    attr.handledAccessFs = handledFs(abi);
    // With a private loopback the namespace is the boundary: TCP reaches only the session.
    const bool denyTcp = abi >= 4 && !policy.allowNetwork && !loopbackOnly;
    if (denyTcp)
        attr.handledAccessNet = LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP;
    // Abstract UNIX sockets are not files: without this a session could reach e.g. an X server
    // or D-Bus listening outside. Signals may not leave the sandbox either.
    if (abi >= 6)
        attr.scoped = LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LANDLOCK_SCOPE_SIGNAL;

    const int rulesetFd
            = static_cast<int>(syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0));
    if (rulesetFd < 0) {
        status.detail = errnoText("landlock_create_ruleset", errno);
        return status;
    }
    RulesetBuilder builder(rulesetFd, attr.handledAccessFs);
    for (const std::string &path : policy.readOnlyPaths)
        builder.allow(path, readOnlyAccess);
    builder.allow(policy.workspace, attr.handledAccessFs);
    for (const std::string &path : policy.readWritePaths)
        builder.allow(path, attr.handledAccessFs);
    // Only when private: the host's /tmp is shared with every other program.
    if (mounts.tmpIsPrivate)
        builder.allow("/tmp", attr.handledAccessFs);
    if (mounts.devShmIsPrivate)
        builder.allow("/dev/shm", attr.handledAccessFs);
    for (const char *device :
         {"/dev/null", "/dev/zero", "/dev/full", "/dev/urandom", "/dev/random"})
        builder.allow(device, fileAccess);

    if (syscall(SYS_landlock_restrict_self, rulesetFd, 0) != 0) {
        status.detail = errnoText("landlock_restrict_self", errno);
        close(rulesetFd);
        return status;
    }
    close(rulesetFd);
    status.active = true;
    status.detail
            = "ABI " + std::to_string(abi) + ": " + std::to_string(builder.rules()) + " path rules";
    if (builder.missing() > 0)
        status.detail += " (" + std::to_string(builder.missing()) + " missing paths skipped)";
    status.detail += denyTcp               ? ", TCP bind/connect denied"
                     : policy.allowNetwork ? ", network allowed by policy"
                     : loopbackOnly        ? ", TCP left to the private loopback"
                                           : ", no TCP rules before ABI 4";
    if (abi >= 6)
        status.detail += ", abstract UNIX sockets and signals scoped";
    status.detail += builder.errors();
    return status;
}

} // namespace Sandpiper::Sandbox::Internal
