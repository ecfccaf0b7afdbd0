#include "interrupt.h"

#include <Python.h>

#include <atomic>
#include <csignal>

namespace Sandpiper::Worker::Interrupt {

namespace {

std::atomic<bool> g_running{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void onSigint(int)
{
    // Async-signal-safe: sets Python's "signal tripped" flag; the main thread raises
    // KeyboardInterrupt at its next check. No SA_RESTART, so a blocking call (sleep, read)
    // returns EINTR and Python checks at once.
    if (g_running.load(std::memory_order_acquire))
        PyErr_SetInterruptEx(SIGINT);
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

void beginExecution()
{
    discardPending();
    g_running.store(true, std::memory_order_release);
}

void endExecution()
{
    g_running.store(false, std::memory_order_release);
    discardPending();
}

} // namespace Sandpiper::Worker::Interrupt
