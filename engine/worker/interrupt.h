#pragma once

namespace Sandpiper::Worker::Interrupt {

// SIGINT raises KeyboardInterrupt in the running code, and only there: while no execution
// runs it is ignored, so an interrupt that arrives between executions never leaks into the
// next one. install() must run after Py_Initialize (which sets Python's own handler).
bool install();

// Brackets the user's code. Call with the GIL held, on the main thread.
void beginExecution();
void endExecution();

} // namespace Sandpiper::Worker::Interrupt
