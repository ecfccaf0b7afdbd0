#include "internal.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <linux/capability.h>
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace Sandpiper::Sandbox {

using namespace Internal;

namespace {

constexpr int forwardedSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};

volatile sig_atomic_t g_forwardTo = 0;

// A signal sent with sigqueue keeps its value on the way (the client tags its SIGINT with the
// id of the run it means).
void forwardSignal(int signal, siginfo_t *info, void *)
{
    const int savedErrno = errno;
    const auto target = static_cast<pid_t>(g_forwardTo);
    if (target > 0) {
        if (info && info->si_code == SI_QUEUE)
            sigqueue(target, signal, info->si_value);
        else
            kill(target, signal);
    }
    errno = savedErrno;
}

sigset_t forwardedSet()
{
    sigset_t set;
    sigemptyset(&set);
    for (const int signal : forwardedSignals)
        sigaddset(&set, signal);
    return set;
}

// Installs the forwarding handlers, then lets the (so far blocked) signals in.
void startForwarding(pid_t target)
{
    g_forwardTo = target;
    struct sigaction action{};
    action.sa_sigaction = forwardSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART | SA_SIGINFO;
    for (const int signal : forwardedSignals)
        sigaction(signal, &action, nullptr);
    const sigset_t set = forwardedSet();
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
}

// Ends this process the way the engine ended: same exit code, or death by the same signal.
[[noreturn]] void exitLike(int status)
{
    if (WIFEXITED(status))
        _exit(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        const rlimit noCore{0, 0};
        setrlimit(RLIMIT_CORE, &noCore);
        std::signal(signal, SIG_DFL);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, signal);
        sigprocmask(SIG_UNBLOCK, &set, nullptr);
        kill(getpid(), signal);
        _exit(128 + signal); // a signal whose default action is not to terminate
    }
    _exit(255);
}

pid_t waitForChild(pid_t pid, int *status)
{
    pid_t result;
    do {
        result = waitpid(pid, status, 0);
    } while (result < 0 && errno == EINTR);
    return result;
}

// The caller's process after the first fork: waits for init and mirrors the engine's end.
[[noreturn]] void supervise(pid_t init, int statusFd)
{
    closeDescriptorsExcept({statusFd});
    startForwarding(init);
    int initStatus = 0;
    if (waitForChild(init, &initStatus) < 0)
        _exit(255);
    int engineStatus = 0;
    if (statusFd >= 0 && read(statusFd, &engineStatus, sizeof engineStatus) == sizeof engineStatus)
        exitLike(engineStatus);
    exitLike(initStatus);
}

// Without a pid namespace init is a child subreaper: escaped descendants are reparented to it
// when their parent dies, and are killed here, round after round, until none is left.
void killRemainingChildren(int childrenFd)
{
    if (childrenFd < 0)
        return;
    for (int round = 0; round < 10000; ++round) {
        char buffer[4096];
        const ssize_t size = pread(childrenFd, buffer, sizeof buffer - 1, 0);
        if (size <= 0)
            return;
        buffer[size] = '\0';
        std::vector<pid_t> children;
        for (char *cursor = buffer; *cursor;) {
            char *end = nullptr;
            const long pid = std::strtol(cursor, &end, 10);
            if (end == cursor)
                break;
            children.push_back(static_cast<pid_t>(pid));
            cursor = end;
        }
        if (children.empty())
            return;
        // Unreaped children keep their pid, so these kills cannot hit a stranger.
        for (const pid_t child : children)
            kill(child, SIGKILL);
        for (const pid_t child : children)
            waitForChild(child, nullptr);
    }
}

// pid 1 of the namespace: forwards signals to the engine, reaps orphans, reports the engine's
// status to the supervisor and exits with it, which makes the kernel kill everything left.
[[noreturn]] void runInit(pid_t engine, int statusFd, int childrenFd)
{
    closeDescriptorsExcept({statusFd, childrenFd});
    startForwarding(engine);
    int engineStatus = 0;
    for (;;) {
        int status = 0;
        const pid_t pid = waitForChild(-1, &status);
        if (pid < 0)
            break; // ECHILD: cannot happen before the engine was reaped
        if (pid == engine) {
            engineStatus = status;
            break;
        }
    }
    if (statusFd >= 0) {
        const ssize_t written = write(statusFd, &engineStatus, sizeof engineStatus);
        (void)written;
    }
    killRemainingChildren(childrenFd);
    _exit(0);
}

bool peerGone(int writeFd)
{
    if (writeFd < 0)
        return false;
    pollfd poller{writeFd, 0, 0};
    return poll(&poller, 1, 0) == 1 && (poller.revents & (POLLERR | POLLHUP)) != 0;
}

PrimitiveStatus noNewPrivs()
{
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return {"no-new-privs", false, errnoText("PR_SET_NO_NEW_PRIVS", errno)};
    if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
        return {"no-new-privs", false, "PR_GET_NO_NEW_PRIVS does not confirm it"};
    return {"no-new-privs", true, "set: execve cannot gain privileges (set-id, file caps)"};
}

PrimitiveStatus processLimit(const Limits &limits,
                             bool nprocSet,
                             bool rootOnHost,
                             const PrimitiveStatus &pidMax)
{
    if (limits.processes == 0)
        return {"process-limit", false, "the policy sets no limit"};
    std::string detail;
    bool active = pidMax.active;
    if (!nprocSet) {
        detail = "RLIMIT_NPROC could not be set";
    } else if (rootOnHost) {
        detail = "RLIMIT_NPROC is not enforced for uid 0";
    } else {
        active = true;
        detail = "RLIMIT_NPROC " + std::to_string(limits.processes);
    }
    return {"process-limit", active, detail + "; " + pidMax.detail};
}

} // namespace

void closeDescriptorsExcept(std::vector<int> keep)
{
    keep.erase(std::remove_if(keep.begin(), keep.end(), [](int fd) { return fd < 3; }), keep.end());
    std::sort(keep.begin(), keep.end());
    unsigned first = 3;
    for (const int fd : keep) {
        if (static_cast<unsigned>(fd) > first)
            close_range(first, static_cast<unsigned>(fd) - 1, 0);
        first = static_cast<unsigned>(fd) + 1;
    }
    close_range(first, ~0U, 0);
}

Report enter(const Policy &policy)
{
    Report report;
    const uid_t uid = geteuid();
    const gid_t gid = getegid();
    const bool rootOnHost = isRootOnHost();
    const PrimitiveStatus cgroup = probeCgroup(); // before Landlock hides /sys

    // Without privileges, a user namespace first gives the capabilities the others need.
    std::string outerError;
    const bool outerUserNs = !hasCapability(CAP_SYS_ADMIN) && unshareUser(uid, gid, &outerError);
    PrimitiveStatus mountNs = unshareOne("mount-namespace", CLONE_NEWNS);
    PrimitiveStatus pidNs = unshareOne("pid-namespace", CLONE_NEWPID);
    PrimitiveStatus netNs
            = policy.allowNetwork
                      ? PrimitiveStatus{"network-namespace", false, "network allowed by policy"}
                      : unshareOne("network-namespace", CLONE_NEWNET);
    // While this process still holds CAP_NET_ADMIN over the new namespace.
    bool loopbackOnly = false;
    if (netNs.active && policy.privateLoopback) {
        std::string detail;
        loopbackOnly = bringUpLoopback(&detail);
        netNs.detail = detail;
    } else if (netNs.active) {
        netNs.detail = "no interface up";
    }
    const PrimitiveStatus ipcNs = unshareOne("ipc-namespace", CLONE_NEWIPC);

    const sigset_t forwarded = forwardedSet();
    sigset_t originalMask;
    sigprocmask(SIG_BLOCK, &forwarded, &originalMask);

    int statusPipe[2] = {-1, -1};
    if (pipe2(statusPipe, O_CLOEXEC) != 0)
        statusPipe[0] = statusPipe[1] = -1;
    const pid_t init = fork();
    if (init > 0) {
        close(statusPipe[1]);
        if (statusPipe[0] >= 0)
            fcntl(statusPipe[0], F_SETFL, O_NONBLOCK);
        supervise(init, statusPipe[0]);
    }
    if (init < 0) {
        pidNs = {"pid-namespace", false, errnoText("fork", errno)};
        close(statusPipe[0]);
        close(statusPipe[1]);
        statusPipe[0] = statusPipe[1] = -1;
    } else {
        close(statusPipe[0]);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (peerGone(statusPipe[1]))
            _exit(1); // the supervisor died before PDEATHSIG was armed
        // A session of its own: a signal to the caller's process group (Ctrl+C in a terminal)
        // reaches the engine once, through the supervisor, and the sandbox has no controlling
        // terminal to type into.
        setsid();
    }
    const bool pidNamespace = pidNs.active && getpid() == 1;
    if (pidNs.active && !pidNamespace)
        pidNs = {"pid-namespace", false, "not pid 1 after fork"};

    MountSetup mounts;
    if (mountNs.active) {
        mounts = setUpMounts(policy, pidNamespace);
    } else {
        mounts.privateRoot.detail = "no mount namespace";
        mounts.privateTmp.detail = "no mount namespace";
        mounts.privateProc.detail = "no mount namespace";
    }
    PrimitiveStatus pidMax{"process-limit", false, "no pid namespace for pid_max"};
    if (pidNamespace && policy.limits.processes > 0)
        pidMax = limitPids(policy.limits.processes);
    if (mountNs.active)
        coverProcReadOnly(&mounts.privateProc.detail);

    // The final user namespace owns none of the namespaces above: the process keeps no
    // capability over its mounts, network or pid namespace. Without privileges it nests in the
    // first one.
    std::string finalError;
    const bool finalUserNs = unshareUser(uid, gid, &finalError);
    PrimitiveStatus userNs{"user-namespace", outerUserNs || finalUserNs, {}};
    if (finalUserNs)
        userNs.detail = "uid " + std::to_string(uid) + " and gid " + std::to_string(gid)
                        + " mapped to themselves; no capability outside";
    else if (outerUserNs)
        userNs.detail = "only the first namespace: " + finalError;
    else
        userNs.detail = outerError.empty() ? finalError : outerError;
    const PrimitiveStatus capabilities = dropCapabilities();

    PrimitiveStatus workspace{"workspace", false, {}};
    if (policy.workspace.empty())
        workspace.detail = "no workspace in the policy";
    else if (chdir(policy.workspace.c_str()) != 0)
        workspace.detail = errnoText("chdir " + policy.workspace, errno);
    else
        workspace = {"workspace", true, policy.workspace};

    // Without a pid namespace, orphans come to init, which kills them when the engine ends.
    int childrenFd = -1;
    if (!pidNamespace && init == 0) {
        prctl(PR_SET_CHILD_SUBREAPER, 1);
        const std::string children = "/proc/self/task/" + std::to_string(gettid()) + "/children";
        childrenFd = open(children.c_str(), O_RDONLY | O_CLOEXEC);
    }

    bool nprocSet = false;
    const PrimitiveStatus rlimits = applyRlimits(policy.limits, &nprocSet);
    const PrimitiveStatus processes = processLimit(policy.limits, nprocSet, rootOnHost, pidMax);
    const PrimitiveStatus nnp = noNewPrivs();
    report.landlockAbi = landlockAbi();
    const PrimitiveStatus landlock
            = disabledForTest("landlock")
                      ? PrimitiveStatus{"landlock", false, "turned off for a test"}
                      : applyLandlock(policy, mounts, report.landlockAbi, loopbackOnly);
    const PrimitiveStatus seccomp
            = disabledForTest("seccomp")
                      ? PrimitiveStatus{"seccomp", false, "turned off for a test"}
                      : applySeccomp(policy, loopbackOnly);

    report.primitives = {userNs,
                         mountNs,
                         pidNs,
                         netNs,
                         ipcNs,
                         mounts.privateRoot,
                         mounts.privateTmp,
                         mounts.privateProc,
                         capabilities,
                         workspace,
                         rlimits,
                         processes,
                         nnp,
                         landlock,
                         seccomp,
                         cgroup};

    if (init == 0) {
        const pid_t initPid = getpid();
        const pid_t engine = fork();
        if (engine > 0)
            runInit(engine, statusPipe[1], childrenFd);
        if (engine == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != initPid)
                _exit(1);
        }
        // engine < 0: init carries on as the engine, with pid 1's signal semantics.
        close(statusPipe[1]);
        if (childrenFd >= 0)
            close(childrenFd);
    }
    sigprocmask(SIG_SETMASK, &originalMask, nullptr);
    return report;
}

} // namespace Sandpiper::Sandbox
