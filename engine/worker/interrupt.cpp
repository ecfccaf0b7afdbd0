#include "interrupt.h"

#include <Python.h>

#include <atomic>
#include <csignal>
#include <cstdint>

namespace Sandpiper::Worker::Interrupt {

namespace {

std::atomic<bool> g_running{false};
static_assert(std::atomic<bool>::is_always_lock_free);
// Requests received so far, and how many had been received when a SIGINT came while nothing
// ran; requests are run in the order received, so the one taken as the n-th was meant by that
// SIGINT when n <= the second count.
std::atomic<std::uint64_t> g_received{0};
std::atomic<std::uint64_t> g_receivedAtIdleSignal{0};
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);
std::uint64_t g_taken = 0; // main thread only
bool g_takenWasSignalled = false;

extern "C" void onSigint(int)
{
    // Async-signal-safe: sets Python's "signal tripped" flag; the main thread raises
    // KeyboardInterrupt at its next check. No SA_RESTART, so a blocking call (sleep, read)
    // returns EINTR and Python checks at once.
    if (g_running.load(std::memory_order_acquire))
        PyErr_SetInterruptEx(SIGINT);
    else
        g_receivedAtIdleSignal.store(g_received.load(std::memory_order_acquire),
                                     std::memory_order_release);
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
    action.sa_handler = onSigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(SIGINT, &action, nullptr) == 0;
}

void requestReceived()
{
    g_received.fetch_add(1, std::memory_order_acq_rel);
}

void requestTaken()
{
    ++g_taken;
    g_takenWasSignalled = g_receivedAtIdleSignal.load(std::memory_order_acquire) >= g_taken;
}

void beginExecution()
{
    discardPending();
    g_running.store(true, std::memory_order_release);
    // Interrupted while it waited for the main thread: it stops as it starts.
    if (g_takenWasSignalled)
        PyErr_SetInterruptEx(SIGINT);
    g_takenWasSignalled = false;
}

void endExecution()
{
    g_running.store(false, std::memory_order_release);
    discardPending();
}

} // namespace Sandpiper::Worker::Interrupt
