// sandpiper-engine: one Python session, driven over a socketpair by the GUI (engine/client).
//
// Threads: the main thread runs Python; the IO thread (iothread.h) owns the socket and the
// stdout/stderr pipes and never needs the GIL. The process ends when the client says
// shutdown, when the socket reaches EOF (the GUI is gone) or when the parent dies.

#include "forkedcopies.h"
#include "interrupt.h"
#include "iothread.h"
#include "messages.h"
#include "policydefaults.h"
#include "pythonhost.h"
#include "requestqueue.h"
#include "sidethread.h"
#include "workeroptions.h"

#include <QCborArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

using namespace Sandpiper;
using namespace Sandpiper::Worker;

namespace {

constexpr int UsageExit = 2;
constexpr int SetupExit = 3;
constexpr int PipeBytes = 1024 * 1024;
// How often, and for how long after a fork bomb was stopped, exited forked copies are reaped;
// and how often an idle engine looks whether the client just had strays ended.
constexpr std::chrono::milliseconds ReapInterval{100};
constexpr std::chrono::seconds ReapCopiesFor{30};
constexpr std::chrono::milliseconds IdleCheckInterval{250};

// Set by killOtherProcesses(): the copies it killed may become zombies after it returns.
std::atomic<int> straysEnded{0};
static_assert(std::atomic<int>::is_always_lock_free, "set from a signal handler");

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

bool isPipe(int fd)
{
    struct stat st{};
    return fd >= 0 && fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode);
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

Sandbox::Limits limitsFrom(const WorkerOptions &options)
{
    Sandbox::Limits limits = Sandbox::PolicyDefaults::defaultLimits();
    limits.memoryBytes = options.memoryBytes.value_or(limits.memoryBytes);
    limits.cpuSeconds = options.cpuSeconds.value_or(limits.cpuSeconds);
    limits.processes = options.processes.value_or(limits.processes);
    limits.openFiles = options.openFiles.value_or(limits.openFiles);
    limits.fileSizeBytes = options.fileSizeBytes.value_or(limits.fileSizeBytes);
    return limits;
}

std::string currentDirectory()
{
    char buffer[4096];
    return getcwd(buffer, sizeof buffer) ? std::string(buffer) : std::string();
}

std::string canonicalPath(const std::string &path)
{
    char *resolved = realpath(path.c_str(), nullptr);
    if (!resolved)
        return {};
    std::string result(resolved);
    std::free(resolved);
    return result;
}

// What the sandbox report says, as the hello's "sandbox" map: the report itself (see
// Sandbox::Report::toJson) plus the limits the engine applied and its workspace.
QCborMap sandboxMap(const std::string &reportJson,
                    const Sandbox::Limits &limits,
                    const std::string &workspace,
                    bool enabled)
{
    QCborMap map = QCborMap::fromJsonObject(
            QJsonDocument::fromJson(QByteArray::fromStdString(reportJson)).object());
    map.insert(QStringLiteral("enabled"), enabled);
    QCborMap applied;
    applied.insert(QStringLiteral("memoryBytes"), qint64(limits.memoryBytes));
    applied.insert(QStringLiteral("cpuSeconds"), qint64(limits.cpuSeconds));
    applied.insert(QStringLiteral("processes"), qint64(limits.processes));
    applied.insert(QStringLiteral("openFiles"), qint64(limits.openFiles));
    applied.insert(QStringLiteral("fileSizeBytes"), qint64(limits.fileSizeBytes));
    map.insert(QStringLiteral("limits"), applied);
    map.insert(QStringLiteral("workspace"), QString::fromStdString(workspace));
    return map;
}

// Inside the sandbox $HOME and the caller's cache folders do not exist: caches and configs of
// Python libraries go to the workspace (HOME), temporary files to the private /tmp. Thread
// pools are kept small because RLIMIT_DATA counts every thread's stack and BLAS buffer.
void prepareEnvironment(const std::string &workspace, const Sandbox::Limits &limits)
{
    setenv("HOME", workspace.c_str(), 1);
    setenv("XDG_CONFIG_HOME", (workspace + "/.config").c_str(), 1);
    setenv("XDG_CACHE_HOME", (workspace + "/.cache").c_str(), 1);
    setenv("XDG_DATA_HOME", (workspace + "/.local/share").c_str(), 1);
    setenv("MPLCONFIGDIR", (workspace + "/.config/matplotlib").c_str(), 1);
    setenv("TMPDIR", "/tmp", 1);
    // What the runtime sizes DuckDB by (sandpiper_runtime/duckdb_database.py).
    setenv("SANDPIPER_WORKSPACE", workspace.c_str(), 1);
    setenv("SANDPIPER_MEMORY_BYTES", std::to_string(limits.memoryBytes).c_str(), 1);
    setenv("SANDPIPER_PROCESSES", std::to_string(limits.processes).c_str(), 1);
    // Debian's Dask comes without dask-expr: its classic DataFrames, chosen (the runtime keeps
    // the warning about them quiet; it would tell the user to pip install, which a session
    // cannot).
    setenv("DASK_DATAFRAME__QUERY_PLANNING", "False", 1);
    unsetenv("XDG_RUNTIME_DIR");
    unsetenv("DBUS_SESSION_BUS_ADDRESS");
    unsetenv("SSH_AUTH_SOCK");
    constexpr std::uint64_t bytesPerThread = 512ull << 20;
    unsigned threads = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
    if (limits.memoryBytes > 0)
        threads = unsigned(
                std::clamp<std::uint64_t>(limits.memoryBytes / bytesPerThread, 1, threads));
    const std::string count = std::to_string(threads);
    for (const char *name : {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"})
        setenv(name, count.c_str(), 0);
}

// SIGUSR2 (from the client, through the sandbox's supervisor and init) kills every other
// process of the session's pid namespace: kill(-1) spares only init and the caller. The client
// sends it when a limit stopped a run, so a fork bomb or runaway children end with the run.
// Installed only when the engine is pid 2 of its own namespace; elsewhere kill(-1) would reach
// the user's other processes.
void killOtherProcesses(int)
{
    const int savedErrno = errno;
    kill(-1, SIGKILL);
    // The engine's own children are now zombies (or about to be) that would keep their pids and
    // count against the process limit: reap them, waiting a little for the last to die. Whoever
    // else waits for them (subprocess) then gets ECHILD, which Python handles.
    const timespec millisecond{0, 1000000};
    for (int round = 0; round < 200; ++round) {
        const pid_t pid = waitpid(-1, nullptr, WNOHANG);
        if (pid > 0)
            continue;
        if (pid < 0 && errno != EINTR)
            break; // ECHILD: none left
        nanosleep(&millisecond, nullptr);
    }
    straysEnded.store(1);
    errno = savedErrno;
}

void installStrayKiller(const Sandbox::Report &report)
{
    const Sandbox::PrimitiveStatus *pidNamespace = report.find("pid-namespace");
    if (!pidNamespace || !pidNamespace->active || getpid() != 2)
        return;
    struct sigaction action{};
    action.sa_handler = killOtherProcesses;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGUSR2, &action, nullptr);
}

// Execute is the only Main request so far; the IO thread has validated it.
Protocol::ExecuteRequest executeRequest(const Request &request)
{
    QString error;
    return Protocol::ExecuteRequest::fromCbor(request.body, &error)
            .value_or(Protocol::ExecuteRequest());
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
    // Nothing the starter left open may cross into the sandbox: Landlock cannot see descriptors
    // opened before it applies. Subprocesses of user code do not inherit the socket either.
    Sandbox::closeDescriptorsExcept({options->socketFd});
    fcntl(options->socketFd, F_SETFD, FD_CLOEXEC);
    fcntl(options->socketFd, F_SETFL, fcntl(options->socketFd, F_GETFL) | O_NONBLOCK);

    // The engine's own messages go to the stderr it was started with: the client's pipe.
    int diagnosticFd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    stdinFromDevNull();
    int outputFds[2] = {-1, -1};
    if (!redirectOutput(outputFds, &error))
        fail(diagnosticFd, error);

    // ---- Sandbox ---------------------------------------------------------------------------
    // After argument parsing and fd set-up, while the process is still single-threaded (before
    // the IO thread and Py_Initialize). enter() forks: this process stays outside as the
    // supervisor (the pid the client knows), the engine continues below as a grandchild.
    const pid_t clientVisiblePid = getpid();
    const std::string runtimePath = PythonHost::defaultRuntimePath();
    const std::string nativePath = PythonHost::defaultNativePath();
    std::string workspace = options->workspace.empty() ? currentDirectory() : options->workspace;
    workspace = canonicalPath(workspace);
    if (workspace.empty())
        fail(diagnosticFd, errnoText("workspace"));
    QCborMap sandboxReport;
    if (options->sandbox) {
        // A terminal or a file (the engine started by hand) would let user code write outside
        // the sandbox, and on a terminal, type escape sequences at the user: only a pipe goes in.
        if (!isPipe(diagnosticFd)) {
            close(diagnosticFd);
            diagnosticFd = -1;
        }
        const Sandbox::Limits limits = limitsFrom(*options);
        std::vector<std::string> readOnly{runtimePath, nativePath};
        readOnly.insert(
                readOnly.end(), options->extraReadOnly.begin(), options->extraReadOnly.end());
        const Sandbox::Report report
                = Sandbox::enter(Sandbox::PolicyDefaults::forSession(workspace, readOnly, limits));
        prepareEnvironment(workspace, limits);
        sandboxReport = sandboxMap(report.toJson(), limits, workspace, true);
        installStrayKiller(report);
    } else {
        if (chdir(workspace.c_str()) != 0)
            fail(diagnosticFd, errnoText("chdir to the workspace"));
        sandboxReport = sandboxMap("{\"fullyIsolated\":false,\"landlockAbi\":0,\"primitives\":[]}",
                                   Sandbox::Limits(),
                                   workspace,
                                   false);
    }
    // ---------------------------------------------------------------------------------------

    // One queue per lane that Python serves (request.h says which request goes where).
    RequestQueue mainRequests;
    RequestQueue sideRequests;
    const bool codeIntelRole = options->role == "codeintel";
    IoThread::Config ioConfig;
    ioConfig.socketFd = options->socketFd;
    ioConfig.stdoutFd = outputFds[0];
    ioConfig.stderrFd = outputFds[1];
    ioConfig.diagnosticFd = diagnosticFd;
    ioConfig.defaultOutputLimit = options->outputLimit;
    ioConfig.main = &mainRequests;
    ioConfig.side = &sideRequests;
    IoThread io(ioConfig);
    if (!io.start(&error))
        fail(diagnosticFd, error);

    PythonHost python(&io);
    PythonHost::Config pythonConfig;
    pythonConfig.runtimePath = runtimePath;
    pythonConfig.nativePath = nativePath;
    pythonConfig.diagnosticFd = diagnosticFd;
    pythonConfig.session = !codeIntelRole;
    if (!python.initialize(pythonConfig, &error))
        fail(diagnosticFd, error);
    if (!Interrupt::install())
        fail(diagnosticFd, errnoText("sigaction(SIGINT)"));

    Protocol::Hello hello = python.hello();
    hello.pid = clientVisiblePid;
    hello.sandbox = sandboxReport;
    io.sendFrame(hello.toCbor());

    // Completion, signatures and docs (and format and lint) on a thread of their own.
    SideThread side(&io, &sideRequests);
    SideThread::Config sideConfig;
    sideConfig.live = !codeIntelRole;
    sideConfig.warm = options->warmCompletion;
    sideConfig.diagnosticFd = diagnosticFd;
    if (!side.start(sideConfig, &error))
        fail(diagnosticFd, error);

    if (codeIntelRole) {
        // No user code in the code-intelligence engine: every Main request is refused.
        for (;;) {
            const std::optional<Request> request
                    = python.waitForRequest(mainRequests, IdleCheckInterval);
            if (!request)
                continue;
            Interrupt::requestTaken(request->id);
            Protocol::ExecutionResult refused;
            refused.id = request->id;
            refused.status = Protocol::ExecutionStatus::Error;
            refused.error.type = QStringLiteral("NotSupported");
            refused.error.message
                    = QStringLiteral("this engine has the codeintel role and does not run code");
            io.beginExecution(request->id, executeRequest(*request).outputLimitBytes);
            io.finishExecution(refused);
        }
    }

    const pid_t enginePid = getpid();
    std::vector<std::string> preload = options->preload;
    // Set after a run the process limit stopped: forked copies are reaped while the engine waits.
    ForkedCopies copies;
    std::optional<std::chrono::steady_clock::time_point> reapCopiesUntil;
    // The idle refresh of variable summaries goes on: an object at a time while no request waits.
    bool refreshing = false;
    for (;;) {
        // A request that arrives meanwhile waits for one import at most.
        while (!preload.empty() && mainRequests.empty()) {
            python.preload(preload.front());
            preload.erase(preload.begin());
        }
        std::optional<Request> next;
        while (!next) {
            if (straysEnded.exchange(0)) {
                copies.note(std::nullopt); // all were killed
                reapCopiesUntil = std::chrono::steady_clock::now() + ReapCopiesFor;
            }
            if (reapCopiesUntil
                && (copies.reapExited() == ForkedCopies::Found::None
                    || std::chrono::steady_clock::now() > *reapCopiesUntil))
                reapCopiesUntil.reset();
            if (refreshing)
                refreshing = python.refreshVariables();
            next = python.waitForRequest(mainRequests,
                                         refreshing        ? std::chrono::milliseconds(0)
                                         : reapCopiesUntil ? ReapInterval
                                                           : IdleCheckInterval);
        }
        Interrupt::requestTaken(next->id);
        const Protocol::ExecuteRequest request = executeRequest(*next);
        io.beginExecution(request.id, request.outputLimitBytes);
        side.setBusy(true);
        const std::uint64_t runStartTicks = ForkedCopies::nowInTicks();
        const Protocol::ExecutionResult result = python.execute(request);
        // A child forked by the code (os.fork without exec) returns here with a copy of the
        // engine but without its IO thread: it must not act as the engine.
        if (getpid() != enginePid)
            _exit(result.status == Protocol::ExecutionStatus::Ok ? 0 : 1);
        side.setBusy(false);
        // The result first, so the prompt comes back at once; then what the run changed.
        io.finishExecution(result);
        if (!request.silent) // a silent run's changes come with the next diff
            refreshing = python.sendVariables(request.id);
        if (ForkedCopies::endedByProcessLimit(result)) {
            copies.note(runStartTicks); // this run's copies, not earlier runs' children
            reapCopiesUntil = std::chrono::steady_clock::now() + ReapCopiesFor;
        }
    }
}
