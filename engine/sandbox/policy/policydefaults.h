#pragma once

#include "sandbox.h"

#include <string>
#include <vector>

// What a Python session may see and use. Mechanism lives in sandbox.h.
namespace Sandpiper::Sandbox::PolicyDefaults {

// workspace: read-write, the cwd. extraReadOnly: e.g. the sandpiper_runtime package directory.
// Read-only besides: the system's programs and libraries (/usr, /lib*, /bin, /sbin), the few
// /etc files that glibc, Python, matplotlib and fontconfig read, /proc (the sandbox's own) and the
// CPU topology under /sys. Not $HOME, not /etc as a whole (shadow, ssh keys, credentials).
// Paths that do not exist are dropped here, so the policy says what will really be allowed.
Policy forSession(const std::string &workspace,
                  const std::vector<std::string> &extraReadOnly,
                  Limits limits);

// memory min(4 GiB, half of RAM), open files 1024, processes 256, file size 1 GiB, no CPU limit.
Limits defaultLimits();

// The read-only system paths of forSession() before the existence filter.
const std::vector<std::string> &systemReadOnlyPaths();

} // namespace Sandpiper::Sandbox::PolicyDefaults
