#pragma once

#include "sandbox.h"

#include <string>
#include <sys/types.h>

// Pieces of enter(), one file per mechanism. Not part of the public API.
namespace Sandpiper::Sandbox::Internal {

// "what: strerror(errno)" for report details.
std::string errnoText(const std::string &what, int error);

bool hasCapability(int capability);
// Only in a build with SANDPIPER_SANDBOX_TEST_SWITCH: whether the comma-separated
// $SANDPIPER_SANDBOX_TEST_DISABLE names this protection. Always false otherwise.
bool disabledForTest(const char *name);
bool isRootOnHost(); // uid 0 that the kernel sees as uid 0 (RLIMIT_NPROC never applies to it)

// namespaces.cpp and mounts.cpp
bool unshareUser(uid_t uid, gid_t gid, std::string *error);
PrimitiveStatus unshareOne(const char *name, int flag);
// In a new network namespace: lo brought up; true when it is the only interface. *detail says
// what was done or why not.
bool bringUpLoopback(std::string *detail);
struct MountSetup
{
    PrimitiveStatus privateRoot{"private-root", false, {}};
    PrimitiveStatus privateTmp{"private-tmp", false, {}};
    PrimitiveStatus privateProc{"private-proc", false, {}};
    bool tmpIsPrivate = false;
    bool devShmIsPrivate = false;
};
MountSetup setUpMounts(const Policy &policy, bool pidNamespace);
PrimitiveStatus limitPids(std::uint64_t processes); // pid_max of the new pid namespace
void coverProcReadOnly(std::string *detail);
PrimitiveStatus dropCapabilities();

// rlimits.cpp
PrimitiveStatus applyRlimits(const Limits &limits, bool *nprocSet);

// landlock.cpp
int landlockAbi();
PrimitiveStatus applyLandlock(const Policy &policy,
                              const MountSetup &mounts,
                              int abi,
                              bool loopbackOnly);

// seccompfilter.cpp
PrimitiveStatus applySeccomp(const Policy &policy, bool loopbackOnly);

// cgroup.cpp
PrimitiveStatus probeCgroup();

} // namespace Sandpiper::Sandbox::Internal
