#pragma once

#include <functional>
#include <string>
#include <thread>

namespace Sandpiper::Worker {

// Starts a helper thread with every asynchronous signal blocked, so SIGINT and SIGTERM always
// reach the main thread (where Python runs); faults stay deliverable to the thread that causes
// them. On failure, *error says why (prefixed with 'what') and false is returned.
bool startQuietThread(std::thread &thread,
                      const std::function<void()> &body,
                      const char *what,
                      std::string *error);

} // namespace Sandpiper::Worker
