// sandpiper-engine: one Python session, driven over a socketpair by the GUI (engine/client).
//
// Threads: the main thread runs Python; the IO thread (iothread.h) owns the socket and the
// stdout/stderr pipes and never needs the GIL. The process ends when the client says
// shutdown, when the socket reaches EOF (the GUI is gone) or when the parent dies.

#include "interrupt.h"
#include "iothread.h"
#include "messages.h"
#include "pythonhost.h"
#include "requestqueue.h"
#include "workeroptions.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

using namespace Sandpiper;
using namespace Sandpiper::Worker;

namespace {

constexpr int UsageExit = 2;
constexpr int SetupExit = 3;
constexpr int PipeBytes = 1024 * 1024;

[[noreturn]] void fail(int diagnosticFd, const std::string &message, int code = SetupExit)
{
    const std::string line = "sandpiper-engine: " + message + "\n";
    [[maybe_unused]] const ssize_t ignored = write(diagnosticFd, line.data(), line.size());
    _exit(code);
}

std::string errnoText(const char *what)
{
    return std::string(what) + ": " + std::strerror(errno);
}

// Subprocesses of user code must not inherit the protocol socket or anything else the
// client leaked into this process: close-on-exec for every fd above stderr.
void closeOnExecAbove2()
{
#ifdef SYS_close_range
    syscall(SYS_close_range, 3u, ~0u, CLOSE_RANGE_CLOEXEC);
#endif
}

// fd 1 and 2 become pipes read by the IO thread, so output of C extensions and
// subprocesses is captured too. Returns the read ends (non-blocking, close-on-exec).
bool redirectOutput(int readEnds[2], std::string *error)
{
    for (int target : {STDOUT_FILENO, STDERR_FILENO}) {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) < 0) {
            *error = errnoText("pipe2");
            return false;
        }
        // A bigger pipe means fewer wake-ups and fewer stalls for a fast writer.
        fcntl(fds[0], F_SETPIPE_SZ, PipeBytes);
        fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
        if (dup2(fds[1], target) < 0) { // the duplicate is inherited by subprocesses
            *error = errnoText("dup2");
            return false;
        }
        close(fds[1]);
        readEnds[target == STDOUT_FILENO ? 0 : 1] = fds[0];
    }
    return true;
}

// Nothing reads the keyboard: input() is refused by the runtime, and a subprocess that
// reads stdin sees end of file instead of hanging.
void stdinFromDevNull()
{
    const int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        dup2(fd, STDIN_FILENO);
        if (fd != STDIN_FILENO)
            close(fd);
    }
}

} // namespace

int main(int argc, char **argv)
{
    // No orphan engines: die with the process that started us.
    prctl(PR_SET_PDEATHSIG, SIGKILL);

    std::string error;
    const auto options = WorkerOptions::parse(argc, argv, &error);
    if (!options) {
        std::fprintf(
                stderr, "sandpiper-engine: %s\n%s", error.c_str(), WorkerOptions::usage().c_str());
        return UsageExit;
    }

    struct stat st = {};
    if (fstat(options->socketFd, &st) < 0 || !S_ISSOCK(st.st_mode)) {
        std::fprintf(stderr, "sandpiper-engine: --fd %d is not a socket\n", options->socketFd);
        return UsageExit;
    }
    closeOnExecAbove2();
    fcntl(options->socketFd, F_SETFL, fcntl(options->socketFd, F_GETFL) | O_NONBLOCK);

    // The engine's own messages go to the stderr it was started with (the client's log).
    const int diagnosticFd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    stdinFromDevNull();
    int outputFds[2] = {-1, -1};
    if (!redirectOutput(outputFds, &error))
        fail(diagnosticFd, error);

    // ---- Sandbox hook ---------------------------------------------------------------------
    // Sandpiper::Sandbox::enter(policy) goes here: after argument parsing and fd set-up,
    // while the process is still single-threaded (before the IO thread and Py_Initialize).
    // Its report is what hello.sandbox carries below.
    QCborMap sandboxReport;
    // ---------------------------------------------------------------------------------------

    RequestQueue<Protocol::ExecuteRequest> requests;
    IoThread::Config ioConfig;
    ioConfig.socketFd = options->socketFd;
    ioConfig.stdoutFd = outputFds[0];
    ioConfig.stderrFd = outputFds[1];
    ioConfig.diagnosticFd = diagnosticFd;
    ioConfig.defaultOutputLimit = options->outputLimit;
    IoThread io(ioConfig, &requests);
    if (!io.start(&error))
        fail(diagnosticFd, error);

    PythonHost python(&io);
    PythonHost::Config pythonConfig;
    pythonConfig.runtimePath = PythonHost::defaultRuntimePath();
    pythonConfig.diagnosticFd = diagnosticFd;
    if (!python.initialize(pythonConfig, &error))
        fail(diagnosticFd, error);
    if (!Interrupt::install())
        fail(diagnosticFd, errnoText("sigaction(SIGINT)"));

    Protocol::Hello hello = python.hello();
    hello.pid = getpid();
    hello.sandbox = sandboxReport;
    io.sendFrame(hello.toCbor());

    std::vector<std::string> preload = options->preload;
    for (;;) {
        // A request that arrives meanwhile waits for one import at most.
        while (!preload.empty() && requests.empty()) {
            python.preload(preload.front());
            preload.erase(preload.begin());
        }
        const Protocol::ExecuteRequest request = python.waitForRequest(requests);
        io.beginExecution(request.id, request.outputLimitBytes);
        const PythonHost::Outcome outcome = python.execute(request);
        io.finishExecution(outcome.result,
                           outcome.diff ? std::optional(outcome.diff->toCbor()) : std::nullopt);
    }
}
