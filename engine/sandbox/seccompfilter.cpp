#include "internal.h"

#include <cerrno>
#include <sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

namespace Sandpiper::Sandbox::Internal {

namespace {

// Denied with EPERM. Names the running libseccomp does not know are skipped.
constexpr const char *deniedSyscalls[] = {
        // other processes' memory and descriptors
        "ptrace",
        "process_vm_readv",
        "process_vm_writev",
        "process_madvise",
        "pidfd_getfd",
        "kcmp",
        // the mount table and the root
        "mount",
        "umount2",
        "pivot_root",
        "chroot",
        "move_mount",
        "open_tree",
        "open_tree_attr",
        "fsopen",
        "fsmount",
        "fsconfig",
        "fspick",
        "mount_setattr",
        // namespaces (creation through clone is filtered below)
        "unshare",
        "setns",
        // kernel attack surface user code never needs
        "kexec_load",
        "kexec_file_load",
        "bpf",
        "perf_event_open",
        "userfaultfd",
        "keyctl",
        "add_key",
        "request_key",
        "io_uring_setup",
        "io_uring_enter",
        "io_uring_register",
        "init_module",
        "finit_module",
        "delete_module",
        "open_by_handle_at",
        "name_to_handle_at",
        "fanotify_init",
        "lookup_dcookie",
        "quotactl",
        "quotactl_fd",
        "iopl",
        "ioperm",
        "swapon",
        "swapoff",
        "reboot",
        "syslog",
        "acct",
        "settimeofday",
        "clock_settime",
        "clock_adjtime",
        "adjtimex",
        "vhangup",
        "uselib",
        "nfsservctl"};

constexpr unsigned long namespaceFlags[] = {CLONE_NEWNS,
                                            CLONE_NEWCGROUP,
                                            CLONE_NEWUTS,
                                            CLONE_NEWIPC,
                                            CLONE_NEWUSER,
                                            CLONE_NEWPID,
                                            CLONE_NEWNET};

class Filter
{
public:
    Filter()
        : m_ctx(seccomp_init(SCMP_ACT_ALLOW))
    {}
    ~Filter()
    {
        if (m_ctx)
            seccomp_release(m_ctx);
    }
    Filter(const Filter &) = delete;
    Filter &operator=(const Filter &) = delete;

    scmp_filter_ctx ctx() const { return m_ctx; }

    // Records, rather than fails on, a rule that cannot be added.
    template<typename... Conditions>
    void rule(std::uint32_t action, const char *name, Conditions... conditions)
    {
        const int nr = seccomp_syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR || nr < 0) {
            ++m_unknown;
            return;
        }
        const int rc = seccomp_rule_add(m_ctx, action, nr, sizeof...(conditions), conditions...);
        if (rc == 0)
            ++m_rules;
        else
            m_errors += "; " + errnoText(std::string("rule for ") + name, -rc);
    }

    int rules() const { return m_rules; }
    int unknown() const { return m_unknown; }
    const std::string &errors() const { return m_errors; }

private:
    scmp_filter_ctx m_ctx;
    int m_rules = 0;
    int m_unknown = 0;
    std::string m_errors;
};

} // namespace

PrimitiveStatus applySeccomp(const Policy &policy, bool loopbackOnly)
{
    PrimitiveStatus status{"seccomp", false, {}};
    Filter filter;
    if (!filter.ctx()) {
        status.detail = "seccomp_init failed";
        return status;
    }
    // The filter lists native syscalls only; a 32-bit (int 0x80) or x32 call would bypass it,
    // so any other architecture kills the process.
    int rc = seccomp_attr_set(filter.ctx(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
    if (rc != 0) {
        status.detail = errnoText("seccomp_attr_set(BADARCH)", -rc);
        return status;
    }

    const std::uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
    for (const char *name : deniedSyscalls)
        filter.rule(eperm, name);
    // Each rule for one syscall is OR-ed with the others: any CLONE_NEW* bit is refused.
    for (const unsigned long flag : namespaceFlags)
        filter.rule(eperm, "clone", SCMP_A0_64(SCMP_CMP_MASKED_EQ, flag, flag));
    // clone3 passes its flags in memory that seccomp cannot read; ENOSYS makes glibc fall back
    // to clone.
    filter.rule(SCMP_ACT_ERRNO(ENOSYS), "clone3");
    // Typing into the controlling terminal would run commands outside. The kernel reads the
    // ioctl number as 32 bits, so the upper half is masked off.
    filter.rule(eperm, "ioctl", SCMP_A1_64(SCMP_CMP_MASKED_EQ, 0xffffffffUL, TIOCSTI));
    filter.rule(eperm, "ioctl", SCMP_A1_64(SCMP_CMP_MASKED_EQ, 0xffffffffUL, TIOCLINUX));
    const std::uint32_t noFamily = SCMP_ACT_ERRNO(EAFNOSUPPORT);
    if (!policy.allowNetwork && !loopbackOnly) {
        filter.rule(noFamily, "socket", SCMP_A0_64(SCMP_CMP_NE, AF_UNIX));
    } else if (!policy.allowNetwork) {
        // AF_UNIX, and AF_INET and AF_INET6 for TCP and UDP on the private loopback: every
        // other family (1, 2 and 10 are the ones allowed; the compare is 64-bit, so a value
        // with upper bits set is refused too), and raw or packet types of those two, are refused.
        static_assert(AF_UNIX == 1 && AF_INET == 2 && AF_INET6 == 10);
        for (const unsigned long family : {0UL, 3UL, 4UL, 5UL, 6UL, 7UL, 8UL, 9UL})
            filter.rule(noFamily, "socket", SCMP_A0_64(SCMP_CMP_EQ, family));
        filter.rule(noFamily, "socket", SCMP_A0_64(SCMP_CMP_GT, AF_INET6));
        constexpr unsigned long typeMask = 0xf; // SOCK_TYPE_MASK: flags are above it
        for (const unsigned long family : {unsigned(AF_INET), unsigned(AF_INET6)}) {
            for (unsigned long type = 0; type <= typeMask; ++type) {
                if (type == SOCK_STREAM || type == SOCK_DGRAM)
                    continue;
                filter.rule(noFamily,
                            "socket",
                            SCMP_A0_64(SCMP_CMP_EQ, family),
                            SCMP_A1_64(SCMP_CMP_MASKED_EQ, typeMask, type));
            }
        }
    }
    if (!policy.allowNetwork)
        filter.rule(noFamily, "socketpair", SCMP_A0_64(SCMP_CMP_NE, AF_UNIX));

    rc = seccomp_load(filter.ctx());
    if (rc != 0) {
        status.detail = errnoText("seccomp_load", -rc);
        return status;
    }
    status.active = true;
    status.detail = std::to_string(filter.rules()) + " rules"
                    + (policy.allowNetwork ? ", network allowed by policy"
                       : loopbackOnly      ? ", sockets other than AF_UNIX and TCP or UDP refused"
                                           : ", sockets other than AF_UNIX refused")
                    + ", other architectures killed";
    if (filter.unknown() > 0)
        status.detail += " (" + std::to_string(filter.unknown())
                         + " syscalls unknown to libseccomp skipped)";
    status.detail += filter.errors();
    return status;
}

} // namespace Sandpiper::Sandbox::Internal
