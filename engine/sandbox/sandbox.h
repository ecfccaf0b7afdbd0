#pragma once

#include <cstdint>
#include <string>
#include <vector>

// The OS sandbox of an engine process. Mechanism only: which paths and limits to use is decided by
// policy/policydefaults.h. Depends on libc and libseccomp, nothing else.
//
// Use from the engine's main(), first thing, while the process is still single-threaded (before
// Py_Initialize, before any std::thread or library that starts threads):
//
//     const auto policy = PolicyDefaults::forSession(workspace, runtimeDirs, limits);
//     const Sandbox::Report report = Sandbox::enter(policy);   // returns in the sandboxed process
//     // send report.toJson() in the handshake; warn when !report.fullyIsolated()

namespace Sandpiper::Sandbox {

// Every value 0 means "no limit".
struct Limits
{
    std::uint64_t memoryBytes = 0;   // RLIMIT_DATA (heap and private mappings; not RLIMIT_AS);
                                     // also the size of each private tmpfs (/tmp, /dev/shm)
    std::uint64_t cpuSeconds = 0;    // RLIMIT_CPU, total for the session: SIGXCPU, then SIGKILL
    std::uint64_t fileSizeBytes = 0; // RLIMIT_FSIZE: a bigger write fails with EFBIG/SIGXFSZ
    std::uint64_t openFiles = 0;     // RLIMIT_NOFILE
    std::uint64_t processes = 0;     // tasks (processes and threads): RLIMIT_NPROC / pid_max
};

struct Policy
{
    std::string workspace;                   // read-write, becomes the cwd
    std::vector<std::string> readOnlyPaths;  // what Python and its packages need
    std::vector<std::string> readWritePaths; // besides the workspace; /tmp and /dev/shm are
                                             // always private tmpfs
    Limits limits;
    bool allowNetwork = false;
    // In the session's own network namespace, bring its loopback up and allow TCP and UDP
    // sockets when lo is the namespace's only interface: the session reaches itself (a Dask
    // cluster's scheduler and workers) and nothing else.
    bool privateLoopback = true;
};

// One protection mechanism. Names (stable, used by the GUI and tests): user-namespace,
// mount-namespace, pid-namespace, network-namespace, ipc-namespace, private-root, private-tmp,
// private-proc, capabilities, workspace, rlimits, process-limit, no-new-privs, landlock,
// seccomp, cgroup.
struct PrimitiveStatus
{
    std::string name;
    bool active = false;
    std::string detail; // what was applied (e.g. "ABI 6"), or why it is unavailable
};

struct Report
{
    std::vector<PrimitiveStatus> primitives;
    int landlockAbi = 0; // 0 when the kernel has no Landlock

    const PrimitiveStatus *find(const std::string &name) const;
    // True when every primitive is active except "cgroup", which is optional (rlimits, the pid
    // namespace and the client's monitor cover what it would add).
    bool fullyIsolated() const;
    // {"fullyIsolated":b,"landlockAbi":n,"primitives":[{"name":s,"active":b,"detail":s},...]}
    std::string toJson() const;
};

// Applies everything, in this order: namespaces (user, mount, pid, net, ipc), a private root,
// capabilities dropped, cwd = workspace, rlimits, PR_SET_NO_NEW_PRIVS, Landlock, seccomp.
//
// The private root is a read-only tmpfs entered with pivot_root that holds only the policy's
// paths (readOnlyPaths read-only, workspace and readWritePaths read-write, at the same places),
// /dev/null, zero, full, random and urandom, private tmpfs on /tmp and /dev/shm and a fresh
// /proc. Anything else, e.g. $HOME or a UNIX socket such as the D-Bus session bus, does not
// exist for the session. So whatever the engine needs after enter() (its Python runtime package,
// plugins next to the executable) must be in the policy. Without a mount namespace, or when the
// root cannot be built, the host's tree stays visible (with private /tmp and /dev/shm when
// possible) and Landlock alone limits it; the report says so.
//
// Process layout. A new pid namespace only applies to children, so enter() forks twice:
//
//   caller (supervisor, never returns) -> init (pid 1 of the namespace) -> engine (returns)
//
// - The supervisor closes its descriptors >= 3, forwards SIGINT, SIGTERM, SIGHUP, SIGQUIT,
//   SIGUSR1 and SIGUSR2 and exits with the engine's status: the same exit code, or it re-raises
//   the signal that killed the engine.
// - init starts a new session (setsid), so a signal to the caller's process group reaches the
//   engine once, through the supervisor, and nothing inside has a controlling terminal.
// - init is a few lines that forward those signals to the engine and reap orphans. It exists so
//   that the engine is NOT pid 1: pid 1 ignores every signal it has no handler for (a SIGTERM
//   would do nothing to Python) and inherits every orphan as a zombie. When init exits, the
//   kernel kills everything left in the namespace, so nothing escapes with setsid/double fork.
// - The engine (pid 2) returns from enter() with PR_SET_PDEATHSIG=SIGKILL; init has the same
//   towards the supervisor, so killing the supervisor kills the whole session.
//
// Each primitive the host lacks is reported (active=false, detail=why) and skipped, never fatal.
// The caller must be single-threaded (unshare(CLONE_NEWUSER) refuses threaded processes). Paths
// of the policy may lie under /tmp or /dev/shm: they are bound into the private tmpfs at the same
// place. Inherited descriptors (e.g. the client's socket) stay open in the engine, and Landlock
// does not apply to them: the caller closes all it does not need first (closeDescriptorsExcept).
// processes counts init and the engine too.
Report enter(const Policy &policy);

// Closes every descriptor >= 3 except those in keep (entries < 3 are ignored).
void closeDescriptorsExcept(std::vector<int> keep);

} // namespace Sandpiper::Sandbox
