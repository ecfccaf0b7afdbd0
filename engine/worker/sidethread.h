#pragma once

#include "requestqueue.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace Sandpiper::Worker {

class IoThread;

// Serves the Side lane (see request.h) on a thread of its own, through
// sandpiper_runtime.side.SideRequests (code intelligence, pages of tables), so that completion
// and browsing data work while the main thread runs a cell.
//
// GIL rule: start() is called on the main thread with the GIL held (it creates the Python
// handler). The thread itself takes the GIL for each request and each warm-up step and holds
// nothing while it waits. CPython hands the GIL between threads every few milliseconds, so a
// request is answered while Python code runs on the main thread; while a C extension keeps
// the GIL without releasing it, the request waits. Asynchronous signals are blocked on this
// thread: SIGINT and SIGALRM belong to the main thread.
//
// The warm-up runs on a second thread at the lowest priority (nice 19), named
// Protocol::WarmUpThreadName so that the client can show its CPU as warm-up and not as the
// user's session (done, it renames itself and sleeps). A request and a warm-up step never run
// at the same time (jedi is not thread-safe): a request waits for the step in progress, as it
// would on one thread.
class SideThread
{
public:
    struct Config
    {
        // Live: the handler reads the __main__ namespace (a session). Otherwise static only
        // (the code-intelligence engine).
        bool live = true;
        // Warm jedi (and black and flake8 in the code-intelligence engine) up while no request
        // waits and no execution runs.
        bool warm = false;
        int diagnosticFd = -1;
    };

    SideThread(IoThread *io, RequestQueue *queue);
    ~SideThread();

    SideThread(const SideThread &) = delete;
    SideThread &operator=(const SideThread &) = delete;

    bool start(const Config &config, std::string *error);

    // Whether an execution runs on the main thread. Thread-safe.
    void setBusy(bool busy) { m_busy.store(busy, std::memory_order_release); }

private:
    class Private;
    void run();
    void warmUp();
    void noteActivity();

    IoThread *m_io;
    RequestQueue *m_queue;
    std::atomic<bool> m_busy{false};
    // steady_clock nanoseconds of the last request's end (or start), for the warm-up's wait
    std::atomic<long long> m_lastActivity{0};
    // Taken before the GIL, by the request thread for each request and by the warm-up thread
    // for each step.
    std::mutex m_handlerLock;
    std::unique_ptr<Private> d;
    std::thread m_thread;
    std::thread m_warmThread;
};

} // namespace Sandpiper::Worker
