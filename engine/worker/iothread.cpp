#include "iothread.h"

#include "interrupt.h"

#include "quietthread.h"

#include <cerrno>
#include <csignal>
#include <cstring>

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Sandpiper::Worker {

namespace {

using Clock = std::chrono::steady_clock;

constexpr qsizetype ReadChunk = 64 * 1024;
// Output is sent when this much is pending, or when the oldest pending byte is this old:
// a print loop becomes a few frames per millisecond-window instead of one per line.
constexpr qsizetype CoalesceBytes = 64 * 1024;
constexpr auto CoalesceWindow = std::chrono::milliseconds(2);
// Above this many unsent bytes the pipes are not read (the writers block: back-pressure)
// and the main thread waits before posting more frames.
constexpr qint64 BacklogLimit = 16 * 1024 * 1024;
// Reads per pipe when draining before a frame: output of a process that never stops
// writing must not delay the frame forever.
constexpr int DrainReads = 256;
constexpr auto ShutdownFlushTime = std::chrono::milliseconds(200);

} // namespace

IoThread::IoThread(const Config &config)
    : m_config(config)
    , m_limiter(config.defaultOutputLimit)
{}

IoThread::~IoThread()
{
    // The process ends with _exit(); the thread is never joined.
    if (m_thread.joinable())
        m_thread.detach();
}

bool IoThread::start(std::string *error)
{
    m_eventFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (m_eventFd < 0) {
        *error = std::string("eventfd: ") + std::strerror(errno);
        return false;
    }
    return startQuietThread(m_thread, [this] { run(); }, "IO thread", error);
}

// --- main-thread side ---------------------------------------------------------------------

void IoThread::post(Post item, bool wake)
{
    m_backlog.fetch_add(item.frame.size());
    {
        std::lock_guard readLock(m_readMutex);
        const int fds[2] = {m_config.stdoutFd, m_config.stderrFd};
        for (int stream : {Stdout, Stderr}) {
            int available = 0;
            if (ioctl(fds[stream], FIONREAD, &available) < 0)
                available = 0;
            item.marks[stream] = m_consumed[stream] + std::uint64_t(std::max(available, 0));
        }
        std::lock_guard postLock(m_postMutex);
        m_posts.push_back(std::move(item));
    }
    if (!wake)
        return; // picked up with the next post or the next output, in order
    const std::uint64_t one = 1;
    while (write(m_eventFd, &one, sizeof one) < 0 && errno == EINTR) {
    }
}

void IoThread::sendFrame(const QCborMap &body)
{
    Post item;
    item.kind = PostKind::Frame;
    item.frame = Protocol::encodeFrame(body);
    post(std::move(item), true);
}

void IoThread::beginExecution(quint64 id, std::uint64_t outputLimit)
{
    Post item;
    item.kind = PostKind::Begin;
    item.id = id;
    item.limit = outputLimit ? outputLimit : m_config.defaultOutputLimit;
    post(std::move(item), false);
}

void IoThread::finishExecution(const Protocol::ExecutionResult &result)
{
    Post item;
    item.kind = PostKind::Finish;
    item.id = result.id;
    item.result = result;
    post(std::move(item), true);
}

void IoThread::waitForRoom()
{
    std::unique_lock lock(m_roomMutex);
    m_room.wait(lock, [this] { return m_backlog.load() <= BacklogLimit; });
}

// --- IO thread ----------------------------------------------------------------------------

void IoThread::run()
{
    for (;;) {
        pollfd fds[4] = {};
        fds[0].fd = m_config.socketFd;
        fds[0].events = POLLIN | (m_outOffset < m_out.size() ? POLLOUT : 0);
        fds[1].fd = m_eventFd;
        fds[1].events = POLLIN;
        const bool readPipes = m_out.size() - m_outOffset <= BacklogLimit;
        fds[2].fd = m_pipeOpen[Stdout] && readPipes ? m_config.stdoutFd : -1;
        fds[2].events = POLLIN;
        fds[3].fd = m_pipeOpen[Stderr] && readPipes ? m_config.stderrFd : -1;
        fds[3].events = POLLIN;

        const int ready = poll(fds, 4, pollTimeoutMs());
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            exitProcess(4, std::string("poll: ") + std::strerror(errno));
        }
        // POLLNVAL: user code closed one of our descriptors. Without the socket or the
        // eventfd there is nothing left to do; a closed pipe just stops being read.
        if ((fds[0].revents | fds[1].revents) & POLLNVAL)
            exitProcess(5, "the protocol socket or the eventfd was closed under the engine");
        for (Stream stream : {Stdout, Stderr}) {
            if (fds[2 + stream].revents & POLLNVAL)
                m_pipeOpen[stream] = false;
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR))
            readSocket();
        if (fds[1].revents & POLLIN) {
            std::uint64_t counter = 0;
            while (read(m_eventFd, &counter, sizeof counter) < 0 && errno == EINTR) {
            }
        }
        if ((fds[1].revents | fds[2].revents | fds[3].revents) & (POLLIN | POLLHUP))
            serviceOutput(DrainReads);
        flushOldStreams();
        writeSocket();
    }
}

int IoThread::pollTimeoutMs() const
{
    int timeout = -1;
    const auto now = Clock::now();
    for (const Pending &pending : m_pending) {
        if (pending.data.isEmpty())
            continue;
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(pending.since
                                                                       + CoalesceWindow - now);
        const int ms = int(std::max<std::int64_t>(0, left.count()));
        timeout = timeout < 0 ? ms : std::min(timeout, ms);
    }
    return timeout;
}

void IoThread::serviceOutput(int maxRounds)
{
    const int fds[2] = {m_config.stdoutFd, m_config.stderrFd};
    char buffer[ReadChunk];
    for (int round = 0; round < maxRounds; ++round) {
        bool progress = false;
        for (Stream stream : {Stdout, Stderr}) {
            ssize_t n = 0;
            {
                std::lock_guard readLock(m_readMutex);
                {
                    std::lock_guard postLock(m_postMutex);
                    for (Post &item : m_posts)
                        m_inbox.push_back(std::move(item));
                    m_posts.clear();
                }
                std::uint64_t want = ReadChunk;
                if (!m_inbox.empty()) {
                    const std::uint64_t mark = m_inbox.front().marks[stream];
                    want = mark > m_consumed[stream] ? std::min(want, mark - m_consumed[stream])
                                                     : 0;
                }
                if (want > 0 && m_pipeOpen[stream]) {
                    do {
                        n = read(fds[stream], buffer, size_t(want));
                    } while (n < 0 && errno == EINTR);
                    if (n > 0)
                        m_consumed[stream] += std::uint64_t(n);
                    else if (n == 0)
                        m_pipeOpen[stream] = false; // no writer left (cannot happen: fd 1/2 stay)
                }
                // Counted bytes that cannot be read (should not happen) must not stall the post.
                if (!m_inbox.empty() && n <= 0)
                    m_inbox.front().marks[stream]
                            = std::min(m_inbox.front().marks[stream], m_consumed[stream]);
            }
            if (n > 0) {
                onOutput(stream, QByteArrayView(buffer, n));
                progress = true;
            }
        }
        // Handle the posts whose marks are reached, in order.
        while (!m_inbox.empty()) {
            Post &front = m_inbox.front();
            if (front.marks[Stdout] > m_consumed[Stdout]
                || front.marks[Stderr] > m_consumed[Stderr])
                break;
            Post item = std::move(front);
            m_inbox.pop_front();
            handlePost(item);
            progress = true;
        }
        if (!progress)
            return;
    }
}

void IoThread::handlePost(Post &item)
{
    flushStreams();
    switch (item.kind) {
    case PostKind::Frame:
        m_backlog.fetch_sub(item.frame.size());
        queueEncoded(item.frame);
        break;
    case PostKind::Begin:
        m_currentId = item.id;
        m_limiter.reset(item.limit);
        break;
    case PostKind::Finish:
        item.result.outputBytes = m_limiter.total();
        item.result.outputTruncated = m_limiter.truncated();
        queueFrame(item.result.toCbor());
        m_currentId = 0;
        m_limiter.reset(m_config.defaultOutputLimit);
        break;
    }
}

void IoThread::readSocket()
{
    char buffer[ReadChunk];
    for (;;) {
        const ssize_t n = read(m_config.socketFd, buffer, sizeof buffer);
        if (n > 0) {
            m_decoder.append(QByteArrayView(buffer, n));
            while (const auto body = m_decoder.next())
                handleRequest(*body);
            if (m_decoder.error() != Protocol::FrameDecoder::Error::None)
                exitProcess(3,
                            "invalid frame from the client: "
                                    + m_decoder.errorString().toStdString());
            if (n < qsizetype(sizeof buffer))
                return;
            continue;
        }
        if (n == 0)
            exitProcess(0, {}); // the client is gone: nobody to work for
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return;
        exitProcess(0, {}); // ECONNRESET and the like: the client is gone as well
    }
}

// Every request goes to the lane request.h gives its type. Each Main or Side request is
// answered exactly once: by the thread that serves it, or here when it is invalid, when this
// engine does not serve its lane, or when it is cancelled before it started.
void IoThread::handleRequest(const QCborMap &body)
{
    const QString type = Protocol::messageType(body);
    const std::optional<Lane> lane = laneFor(type);
    if (!lane) {
        diagnose("ignoring a message of unknown type '" + type.left(64).toStdString() + "'");
        return;
    }
    if (*lane == Lane::Io) {
        handleIoRequest(type, body);
        return;
    }
    QString error;
    const bool valid = isValidRequest(type, body, &error);
    if (!valid)
        diagnose("invalid " + type.toStdString() + " request: " + error.toStdString());
    const auto id = Protocol::messageId(body);
    if (!id)
        return; // nothing to answer
    RequestQueue *queue = *lane == Lane::Main ? m_config.main : m_config.side;
    if (valid && queue) {
        if (*lane == Lane::Main)
            Interrupt::requestReceived();
        queue->push(Request{type, *id, body});
        return;
    }
    const QString why = valid ? QStringLiteral("this engine does not answer '%1'").arg(type)
                              : QStringLiteral("invalid %1 request: %2").arg(type, error);
    queueFrame(unservedReply(type, *id, why));
}

void IoThread::handleIoRequest(const QString &type, const QCborMap &body)
{
    QString error;
    if (type == Protocol::MessageType::Ping) {
        if (const auto ping = Protocol::Ping::fromCbor(body, &error))
            queueFrame(Protocol::Pong{ping->id}.toCbor());
        else
            diagnose("invalid ping: " + error.toStdString());
    } else if (type == Protocol::MessageType::Cancel) {
        if (const auto request = Protocol::CancelRequest::fromCbor(body, &error))
            cancel(request->id);
        else
            diagnose("invalid cancel request: " + error.toStdString());
    } else if (type == Protocol::MessageType::Shutdown) {
        shutdownNow();
    }
}

// A Side request still queued is answered at once; one already running or answered gets its
// reply as usual. A run is stopped with an interrupt, not a cancel.
void IoThread::cancel(quint64 id)
{
    if (!m_config.side)
        return;
    if (const auto taken = m_config.side->take(id))
        queueFrame(unservedReply(taken->type, taken->id, QStringLiteral("cancelled")));
}

void IoThread::onOutput(Stream stream, QByteArrayView chunk)
{
    // Keep the order between the two streams as it was read.
    const Stream other = stream == Stdout ? Stderr : Stdout;
    if (!m_pending[other].data.isEmpty())
        flushStream(other);

    bool crossedLimit = false;
    const QByteArrayView part = m_limiter.accept(chunk, &crossedLimit);
    Pending &pending = m_pending[stream];
    if (!part.isEmpty()) {
        if (pending.data.isEmpty())
            pending.since = Clock::now();
        pending.data.append(part);
    }
    if (crossedLimit) {
        flushStream(stream);
        QByteArray marker = OutputLimiter::marker(m_limiter.limit());
        if (pending.lastSent == '\n')
            marker.remove(0, 1);
        Protocol::StreamOutput out;
        out.id = m_currentId;
        out.name = stream == Stdout ? Protocol::StreamName::Stdout : Protocol::StreamName::Stderr;
        out.data = marker;
        out.truncated = true;
        queueFrame(out.toCbor());
        pending.lastSent = '\n';
    } else if (pending.data.size() >= CoalesceBytes) {
        flushStream(stream);
    }
}

void IoThread::flushStream(Stream stream)
{
    Pending &pending = m_pending[stream];
    if (pending.data.isEmpty())
        return;
    Protocol::StreamOutput out;
    out.id = m_currentId;
    out.name = stream == Stdout ? Protocol::StreamName::Stdout : Protocol::StreamName::Stderr;
    out.data = pending.data;
    pending.lastSent = pending.data.back();
    pending.data.clear();
    queueFrame(out.toCbor());
}

void IoThread::flushStreams()
{
    flushStream(Stdout);
    flushStream(Stderr);
}

void IoThread::flushOldStreams()
{
    const auto now = Clock::now();
    for (Stream stream : {Stdout, Stderr}) {
        const Pending &pending = m_pending[stream];
        if (!pending.data.isEmpty() && now - pending.since >= CoalesceWindow)
            flushStream(stream);
    }
}

void IoThread::queueFrame(const QCborMap &body)
{
    queueEncoded(Protocol::encodeFrame(body));
}

void IoThread::queueEncoded(const QByteArray &frame)
{
    if (m_outOffset == m_out.size()) {
        m_out = frame; // the common case: no copy
        m_outOffset = 0;
    } else {
        m_out.append(frame);
    }
    updateBacklog();
}

void IoThread::writeSocket()
{
    while (m_outOffset < m_out.size()) {
        const ssize_t n = send(m_config.socketFd,
                               m_out.constData() + m_outOffset,
                               size_t(m_out.size() - m_outOffset),
                               MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            m_outOffset += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        exitProcess(0, {}); // EPIPE, ECONNRESET: the client is gone
    }
    if (m_outOffset == m_out.size()) {
        m_out.clear();
        m_outOffset = 0;
    } else if (m_outOffset > 1024 * 1024 && m_outOffset > m_out.size() / 2) {
        m_out.remove(0, m_outOffset);
        m_outOffset = 0;
    }
    updateBacklog();
}

void IoThread::updateBacklog()
{
    // m_backlog = frames still in m_posts (counted by post()) + unsent socket bytes.
    const qint64 unsent = m_out.size() - m_outOffset;
    const qint64 delta = unsent - m_countedUnsent;
    m_countedUnsent = unsent;
    const qint64 total = m_backlog.fetch_add(delta) + delta;
    if (total <= BacklogLimit) {
        std::lock_guard lock(m_roomMutex);
        m_room.notify_all();
    }
}

void IoThread::diagnose(const std::string &message) const
{
    if (m_config.diagnosticFd < 0)
        return;
    const std::string line = "sandpiper-engine: " + message + "\n";
    [[maybe_unused]] const ssize_t ignored = write(m_config.diagnosticFd, line.data(), line.size());
}

void IoThread::shutdownNow()
{
    serviceOutput(DrainReads);
    flushStreams();
    const auto deadline = Clock::now() + ShutdownFlushTime;
    while (m_outOffset < m_out.size() && Clock::now() < deadline) {
        writeSocket();
        pollfd fd{m_config.socketFd, POLLOUT, 0};
        poll(&fd, 1, 10);
    }
    _exit(0);
}

void IoThread::exitProcess(int code, const std::string &why)
{
    if (!why.empty())
        diagnose(why);
    _exit(code);
}

} // namespace Sandpiper::Worker
