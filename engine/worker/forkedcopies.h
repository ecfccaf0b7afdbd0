#pragma once

#include "messages.h"

#include <cstdint>
#include <optional>
#include <vector>

#include <sys/types.h>

namespace Sandpiper::Worker {

// Copies of the engine that user code made with os.fork() and never exec'd.
//
// A copy ends with _exit() when its execute() returns (main.cpp), but only its parent can
// reap it. After a fork bomb that the process limit stopped (or the client's stray killer
// ended), nobody will: the code that held the pids has raised. Such zombies would keep
// counting against the session's process limit, so the engine reaps them itself: only the
// copies noted then, so that any other child stays the code's to wait for (multiprocessing's
// Process.join()). Children that exec'd (subprocess) are never touched.
class ForkedCopies
{
public:
    enum class Found { None, StillRunning };

    // Clock ticks since boot, the unit of a process's start time in /proc/<pid>/stat.
    static std::uint64_t nowInTicks();

    // Notes the copies there are now that started at or after bornSince (all of them without
    // it); reapExited() deals with those only.
    void note(std::optional<std::uint64_t> bornSince);
    // Reaps the noted copies that have exited; says whether any of them still runs.
    Found reapExited();

    // The run failed because a fork was refused (EAGAIN: the process limit).
    static bool endedByProcessLimit(const Protocol::ExecutionResult &result);

private:
    struct Copy
    {
        pid_t pid = 0;
        std::uint64_t startTicks = 0; // tells a reused pid apart
    };
    std::vector<Copy> m_noted;
};

} // namespace Sandpiper::Worker
