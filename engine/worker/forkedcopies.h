#pragma once

#include "messages.h"

namespace Sandpiper::Worker {

// Copies of the engine that user code made with os.fork() and never exec'd.
//
// A copy ends with _exit() when its execute() returns (main.cpp), but only its parent can
// reap it. After a fork bomb that the process limit stopped, nobody will: the code that held
// the pids has raised. Such zombies would keep counting against the session's process limit,
// so the engine reaps them itself. Only then: after any other run, an exited copy may still
// be waited for (multiprocessing's Process.join()). Children that exec'd (subprocess) are
// never touched: their Popen objects wait for them.
class ForkedCopies
{
public:
    enum class Found { None, StillRunning };

    // Reaps every copy that has exited; says whether copies are still running.
    static Found reapExited();

    // The run failed because a fork was refused (EAGAIN: the process limit).
    static bool endedByProcessLimit(const Protocol::ExecutionResult &result);
};

} // namespace Sandpiper::Worker
