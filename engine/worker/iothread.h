#pragma once

#include "frame.h"
#include "messages.h"
#include "outputlimiter.h"
#include "requestqueue.h"

#include <QByteArray>
#include <QCborMap>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace Sandpiper::Worker {

// Owns the protocol socket and the read ends of the stdout/stderr pipes. Never touches
// Python (never needs the GIL), so pings are answered, output is drained and shutdown or EOF
// end the process even while Python is stuck in a C-level loop.
//
// All writes to the socket happen on this thread. The main thread hands it frames and
// execution boundaries through a queue plus an eventfd; they are sent in the order posted,
// each after the output that was written before it: a post records how far the pipes were
// filled when it was made (bytes read so far + FIONREAD, under the same lock as the reads),
// and the IO thread reads exactly up to that mark before it handles the post.
//
// Output written while no execution runs (background threads, subprocesses) is sent with
// id 0, under its own cap that starts again after each execution.
class IoThread
{
public:
    struct Config
    {
        int socketFd = -1;
        int stdoutFd = -1; // read ends, non-blocking
        int stderrFd = -1;
        int diagnosticFd = -1; // the original stderr, for the engine's own messages
        std::uint64_t defaultOutputLimit = 0;
        // Where Main and Side requests go (see request.h). A null queue: this engine does not
        // serve that lane, and its requests are answered unserved.
        RequestQueue *main = nullptr;
        RequestQueue *side = nullptr;
    };

    explicit IoThread(const Config &config);
    ~IoThread();

    IoThread(const IoThread &) = delete;
    IoThread &operator=(const IoThread &) = delete;

    // Starts the thread with every asynchronous signal blocked, so SIGINT, SIGTERM and
    // SIGALRM are delivered to the main thread.
    bool start(std::string *error);

    // Thread-safe.
    void sendFrame(const QCborMap &body);
    void beginExecution(quint64 id, std::uint64_t outputLimit);
    // Sends the result after the execution's remaining output; fills its output fields.
    void finishExecution(const Protocol::ExecutionResult &result);
    // Blocks while more than a cap of frames wait to be written (the client is not reading).
    void waitForRoom();

private:
    enum class PostKind { Frame, Begin, Finish };
    struct Post
    {
        PostKind kind = PostKind::Frame;
        QByteArray frame;
        quint64 id = 0;
        std::uint64_t limit = 0;
        Protocol::ExecutionResult result;
        std::uint64_t marks[2] = {0, 0}; // pipe positions the post comes after
    };
    enum Stream { Stdout = 0, Stderr = 1 };
    struct Pending
    {
        QByteArray data;
        std::chrono::steady_clock::time_point since;
        char lastSent = '\n';
    };

    void post(Post post, bool wake);
    void run();
    // Reads the pipes (up to the mark of the first waiting post) and handles posts whose
    // marks are reached. Bounded, so the socket is served between floods.
    void serviceOutput(int maxRounds);
    void handlePost(Post &item);
    void readSocket();
    void handleRequest(const QCborMap &body);
    void handleIoRequest(const QString &type, const QCborMap &body);
    void cancel(quint64 id);
    void onOutput(Stream stream, QByteArrayView chunk);
    void flushStream(Stream stream);
    void flushStreams();
    void flushOldStreams();
    int pollTimeoutMs() const;
    void queueFrame(const QCborMap &body);
    void queueEncoded(const QByteArray &frame);
    void writeSocket();
    void updateBacklog();
    void diagnose(const std::string &message) const;
    [[noreturn]] void shutdownNow();
    [[noreturn]] void exitProcess(int code, const std::string &why);

    Config m_config;
    int m_eventFd = -1;
    std::thread m_thread;

    // Held around every pipe read and around taking a post's marks.
    std::mutex m_readMutex;
    std::uint64_t m_consumed[2] = {0, 0}; // bytes read from each pipe so far
    std::mutex m_postMutex;
    std::vector<Post> m_posts;
    std::atomic<qint64> m_backlog{0};
    std::mutex m_roomMutex;
    std::condition_variable m_room;

    // Owned by the IO thread.
    std::deque<Post> m_inbox;
    Protocol::FrameDecoder m_decoder;
    QByteArray m_out;
    qsizetype m_outOffset = 0;
    qint64 m_countedUnsent = 0;
    quint64 m_currentId = 0;
    OutputLimiter m_limiter;
    Pending m_pending[2];
    bool m_pipeOpen[2] = {true, true};
};

} // namespace Sandpiper::Worker
