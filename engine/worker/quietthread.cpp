#include "quietthread.h"

#include <csignal>
#include <pthread.h>
#include <system_error>

namespace Sandpiper::Worker {

bool startQuietThread(std::thread &thread,
                      const std::function<void()> &body,
                      const char *what,
                      std::string *error)
{
    sigset_t all;
    sigset_t previous;
    sigfillset(&all);
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGSYS})
        sigdelset(&all, sig);
    // The new thread inherits the mask in force when it is created.
    pthread_sigmask(SIG_BLOCK, &all, &previous);
    bool started = true;
    try {
        thread = std::thread(body);
    } catch (const std::system_error &e) {
        *error = std::string("cannot start the ") + what + ": " + e.what();
        started = false;
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return started;
}

} // namespace Sandpiper::Worker
