#pragma once

#include <cstdint>

namespace Sandpiper::Worker::Interrupt {

// SIGINT raises KeyboardInterrupt in the running code, and only there: an interrupt that
// arrives between executions never leaks into the next one. One exception: an execution that
// had already been received when the interrupt came, but had not started (the main thread was
// busy, e.g. preloading a module), is interrupted as it starts: the client meant it.
// The client tags its SIGINT with the id of the run it means (sigqueue; the sandbox passes the
// tag on): such a signal stops that run, now or as it starts, and never another one, however
// late it arrives. A plain SIGINT (kill, a terminal's ^C) means whatever runs or waits.
// install() must run after Py_Initialize (which sets Python's own handler).
bool install();

// The IO thread received an execute request (call before handing it to the main thread).
void requestReceived();
// The main thread took the next request from the queue (executed or refused).
void requestTaken(std::uint64_t id);

// Brackets the user's code. Call with the GIL held, on the main thread.
void beginExecution();
void endExecution();

} // namespace Sandpiper::Worker::Interrupt
