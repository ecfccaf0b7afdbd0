#include "interrupt.h"

#include <Python.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>

#include <sys/syscall.h>
#include <unistd.h>

namespace Sandpiper::Worker::Interrupt {

namespace {

std::atomic<bool> g_running{false};
static_assert(std::atomic<bool>::is_always_lock_free);
// Requests received so far, and how many had been received when an untagged SIGINT came while
// nothing ran; requests are run in the order received, so the one taken as the n-th was meant
// by that SIGINT when n <= the second count.
std::atomic<std::uint64_t> g_received{0};
std::atomic<std::uint64_t> g_receivedAtIdleSignal{0};
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);
// Written by the main thread; read by the handler, which runs on the main thread too.
std::uint64_t g_taken = 0;
std::uint64_t g_takenId = 0;
// The run a tagged SIGINT named when it could not act on it at once: that run had not started
// (it stops as it starts) or had ended (its id never starts again). 0: none.
std::atomic<std::uint64_t> g_interruptFor{0};

// Whether a SIGINT was tagged by sigqueue with a run's id (ids start at 1), and the id; false
// for a plain kill (a terminal's ^C).
bool taggedId(const siginfo_t *info, std::uint64_t *id)
{
    if (!info || info->si_code != SI_QUEUE)
        return false;
    *id = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(info->si_value.sival_ptr));
    return *id != 0;
}

// The kernel may hand a process-wide SIGINT to a thread of the user's code (when the main
// thread is still handling an earlier one; the engine's own threads block it). There the
// handler would race the main thread (see "running", then trip Python's flag after the run
// ended and the next began), and a blocking call on the main thread would not return EINTR.
// So another thread passes the signal, tag included, on to the main thread and does no more.
bool forwardedToMainThread(const siginfo_t *info)
{
    const pid_t process = getpid();
    if (static_cast<pid_t>(syscall(SYS_gettid)) == process)
        return false;
    if (info && info->si_code == SI_QUEUE) {
        siginfo_t copy = *info;
        syscall(SYS_rt_tgsigqueueinfo, process, process, SIGINT, &copy);
    } else {
        syscall(SYS_tgkill, process, process, SIGINT);
    }
    return true;
}

// Async-signal-safe. PyErr_SetInterruptEx sets Python's "signal tripped" flag; the main
// thread raises KeyboardInterrupt at its next check. No SA_RESTART, so a blocking call
// (sleep, read) returns EINTR and Python checks at once. Runs on the main thread, whose flow
// is paused meanwhile: "running" and the taken id cannot change under it.
extern "C" void onSigint(int, siginfo_t *info, void *)
{
    const int savedErrno = errno;
    if (!forwardedToMainThread(info)) {
        const bool running = g_running.load(std::memory_order_acquire);
        std::uint64_t id = 0;
        if (taggedId(info, &id)) {
            if (running && id == g_takenId)
                PyErr_SetInterruptEx(SIGINT);
            else
                g_interruptFor.store(id, std::memory_order_release);
        } else if (running) {
            PyErr_SetInterruptEx(SIGINT);
        } else {
            g_receivedAtIdleSignal.store(g_received.load(std::memory_order_acquire),
                                         std::memory_order_release);
        }
    }
    errno = savedErrno;
}

// Runs pending Python-level signal handlers and drops what they raise: an interrupt that
// was tripped just as the code finished belongs to no execution.
void discardPending()
{
    if (PyErr_CheckSignals() < 0)
        PyErr_Clear();
}

} // namespace

bool install()
{
    struct sigaction action = {};
    action.sa_sigaction = onSigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_SIGINFO;
    return sigaction(SIGINT, &action, nullptr) == 0;
}

void requestReceived()
{
    g_received.fetch_add(1, std::memory_order_acq_rel);
}

void requestTaken(std::uint64_t id)
{
    ++g_taken;
    g_takenId = id;
}

void beginExecution()
{
    discardPending();
    g_running.store(true, std::memory_order_release);
    // Interrupted while it waited for the main thread (up to the line above; later signals
    // trip Python's flag themselves): it stops as it starts.
    const std::uint64_t meant = g_interruptFor.load(std::memory_order_acquire);
    if ((meant != 0 && meant == g_takenId)
        || g_receivedAtIdleSignal.load(std::memory_order_acquire) >= g_taken)
        PyErr_SetInterruptEx(SIGINT);
}

void endExecution()
{
    g_running.store(false, std::memory_order_release);
    discardPending();
}

} // namespace Sandpiper::Worker::Interrupt
