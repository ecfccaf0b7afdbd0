#pragma once

#include "messages.h"
#include "requestqueue.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace Sandpiper::Worker {

class IoThread;

// The embedded interpreter and the sandpiper_runtime Session living in it.
//
// GIL rule: initialize() leaves the GIL held by the calling (main) thread; every other
// method must be called from that thread while it holds the GIL, except waitForRequest(),
// which releases it while waiting. The IO thread never calls into this class.
class PythonHost
{
public:
    struct Config
    {
        std::string runtimePath; // the folder that contains sandpiper_runtime/
        std::string nativePath;  // the folder of the native modules (sandpiper_duckdb)
        int diagnosticFd = -1;   // Python's fatal-error tracebacks go here
        // false for the code-intelligence engine: no user namespace, no execute().
        bool session = true;
    };

    explicit PythonHost(IoThread *io);
    ~PythonHost();

    bool initialize(const Config &config, std::string *error);

    // Python and library versions; pid and sandbox are the caller's.
    Protocol::Hello hello();

    // Imports a module ahead of use; failures are reported on stderr, never fatal.
    void preload(const std::string &module);

    // The next request, or nullopt after timeout; the GIL is released while waiting, so
    // background threads run.
    std::optional<Request> waitForRequest(RequestQueue &queue, std::chrono::milliseconds timeout);

    // Runs one request: display frames are sent while it runs; interrupts reach it. The result
    // has status, error and times; the IO thread fills in the output fields.
    Protocol::ExecutionResult execute(const Protocol::ExecuteRequest &request);

    // Sends the variables frame for the run with this id (what it can have changed). Returns
    // true when objects it did not name are left for refreshVariables().
    bool sendVariables(quint64 id);
    // One step (one object) of the idle refresh of variable summaries; sends its
    // diff when done. Returns true while there is more to do. Call only while idle.
    bool refreshVariables();

    // The folder sandpiper_runtime is imported from: $SANDPIPER_RUNTIME_PATH, else
    // <prefix>/share/sandpiper/python for an engine installed in <prefix>/lib/sandpiper, else
    // the sources of this build.
    static std::string defaultRuntimePath();
    // The folder of the engine's native Python modules and their private libraries:
    // $SANDPIPER_NATIVE_PATH, else the installed engine's own folder, else this build's.
    static std::string defaultNativePath();

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Sandpiper::Worker
