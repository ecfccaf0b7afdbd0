#pragma once

// What this host's kernel lets a process do, found without the sandbox's own code, each in a
// forked child. The sandbox suites compare it with the sandbox report: a protection the host
// supports but the report shows inactive fails the suite (a broken sandbox must not pass as a
// host without that feature); only what the host cannot do is skipped, with the reason.

#include <QHash>
#include <QString>
#include <QStringList>

#include <cerrno>
#include <cstring>

#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace Sandpiper::Testing {

namespace HostSupportDetail {

// Namespaces as the sandbox makes them: with privileges directly, without through a user
// namespace first.
inline bool unshareLikeTheSandbox(int flags)
{
    return ::unshare(flags) == 0 || ::unshare(CLONE_NEWUSER | flags) == 0;
}

// Runs probe in a forked child (only system calls there); true when it returned true.
template<typename Probe>
bool inChild(Probe probe)
{
    const pid_t pid = ::fork();
    if (pid < 0)
        return false;
    if (pid == 0)
        ::_exit(probe() ? 0 : 1);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

inline bool privateMounts()
{
    return unshareLikeTheSandbox(CLONE_NEWNS)
           && ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0
           && ::mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m") == 0;
}

inline bool privateProc()
{
    if (!unshareLikeTheSandbox(CLONE_NEWNS | CLONE_NEWPID)
        || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        return false;
    // The new pid namespace holds the children only.
    return inChild(
            [] { return ::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV, nullptr) == 0; });
}

inline bool seccompFilter()
{
    sock_filter allow[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
    sock_fprog program{1, allow};
    return ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0
           && ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0;
}

inline bool landlock()
{
    return ::syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION) > 0;
}

} // namespace HostSupportDetail

// Why the host cannot provide the named protection (the names of Sandbox::PrimitiveStatus), or
// an empty string when it can. "cgroup" is optional and always reported as not required.
inline QString hostLacks(const QString &primitive)
{
    using namespace HostSupportDetail;
    static QHash<QString, QString> cache;
    if (const auto it = cache.constFind(primitive); it != cache.constEnd())
        return it.value();
    const auto namespaceProbe = [](int flag) {
        return inChild([flag] { return unshareLikeTheSandbox(flag); });
    };
    QString why;
    if (primitive == QLatin1String("user-namespace")) {
        if (!inChild([] { return ::unshare(CLONE_NEWUSER) == 0; }))
            why = QStringLiteral("unshare(CLONE_NEWUSER) is refused here");
    } else if (primitive == QLatin1String("mount-namespace")) {
        if (!namespaceProbe(CLONE_NEWNS))
            why = QStringLiteral("no mount namespace can be made here");
    } else if (primitive == QLatin1String("pid-namespace")) {
        if (!namespaceProbe(CLONE_NEWPID))
            why = QStringLiteral("no pid namespace can be made here");
    } else if (primitive == QLatin1String("network-namespace")) {
        if (!namespaceProbe(CLONE_NEWNET))
            why = QStringLiteral("no network namespace can be made here");
    } else if (primitive == QLatin1String("ipc-namespace")) {
        if (!namespaceProbe(CLONE_NEWIPC))
            why = QStringLiteral("no IPC namespace can be made here");
    } else if (primitive == QLatin1String("private-root")
               || primitive == QLatin1String("private-tmp")) {
        if (!inChild(privateMounts))
            why = QStringLiteral("a tmpfs cannot be mounted in a new mount namespace here");
    } else if (primitive == QLatin1String("private-proc")) {
        if (!inChild(privateProc))
            why = QStringLiteral("proc cannot be mounted in a new pid namespace here");
    } else if (primitive == QLatin1String("landlock")) {
        if (!landlock())
            why = QStringLiteral("the kernel has no Landlock (or it is disabled)");
    } else if (primitive == QLatin1String("seccomp")) {
        if (!inChild(seccompFilter))
            why = QStringLiteral("the kernel refuses a seccomp filter");
    } else if (primitive == QLatin1String("cgroup")) {
        why = QStringLiteral("optional: no delegated cgroup is required");
    }
    // capabilities, workspace, rlimits, no-new-privs and process-limit need nothing special.
    cache.insert(primitive, why);
    return why;
}

// A protection the policy itself turned off is not the host's doing, nor a failure.
inline bool offByPolicy(const QString &detail)
{
    return detail.contains(QLatin1String("the policy sets no limit"))
           || detail.contains(QLatin1String("allowed by policy"));
}

// For each protection of a sandbox report that is inactive although this host supports it (and
// the policy did not turn it off), a line naming it: a non-empty list fails the suite.
template<typename Primitives, typename Name, typename Active, typename Detail>
QStringList supportedButInactive(const Primitives &primitives,
                                 Name name,
                                 Active active,
                                 Detail detail)
{
    QStringList failures;
    for (const auto &primitive : primitives) {
        if (active(primitive) || offByPolicy(detail(primitive)))
            continue;
        const QString lacks = hostLacks(name(primitive));
        if (lacks.isEmpty())
            failures << QStringLiteral(
                                "the sandbox left %1 inactive (%2), but this host supports it")
                                .arg(name(primitive), detail(primitive));
    }
    return failures;
}

} // namespace Sandpiper::Testing
