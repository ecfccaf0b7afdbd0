#include "sidethread.h"

#include "quietthread.h"

#include "iothread.h"
#include "messages.h"
#include "pycbor.h"

#include <pybind11/embed.h>

#include <QCborArray>
#include <QScopeGuard>

#include <chrono>
#include <csignal>

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

namespace py = pybind11;

namespace Sandpiper::Worker {

namespace {

using namespace std::chrono_literals;

// How often a warming thread looks again whether the execution that paused it has ended.
constexpr auto WarmPollInterval = 100ms;
// Warm-up steps wait for this much quiet after a request or an execution: one step can take
// a second, and typing sends requests in bursts.
constexpr auto WarmAfterIdle = 300ms;
constexpr auto IdleWait = 24h;
// The warm-up thread's name once it is done (see warmUp()).
constexpr char WarmedUpThreadName[] = "sp-warmed-up";
// While a run holds the GIL, a request gets it back only when the run is asked to let go, after
// the switch interval (5 ms by default), and jedi lets go of it often (every file it stats or
// reads). For the request's duration the interval is this short, then restored.
constexpr double BusySwitchIntervalSeconds = 0.0002;

// Requests are plain CBOR (maps, arrays, text, integers, booleans) checked by the IO thread.
py::object cborToPython(const QCborValue &value)
{
    switch (value.type()) {
    case QCborValue::Integer:
        return py::int_(value.toInteger());
    case QCborValue::Double:
        return py::float_(value.toDouble());
    case QCborValue::True:
        return py::bool_(true);
    case QCborValue::False:
        return py::bool_(false);
    case QCborValue::String:
        return py::str(value.toString().toStdString());
    case QCborValue::ByteArray: {
        const QByteArray bytes = value.toByteArray();
        return py::bytes(bytes.constData(), size_t(bytes.size()));
    }
    case QCborValue::Array: {
        py::list list;
        for (const QCborValue &item : value.toArray())
            list.append(cborToPython(item));
        return list;
    }
    case QCborValue::Map: {
        py::dict dict;
        const QCborMap map = value.toMap();
        for (auto it = map.constBegin(); it != map.constEnd(); ++it)
            dict[cborToPython(it.key())] = cborToPython(it.value());
        return dict;
    }
    default:
        return py::none();
    }
}

// The reply must be the right message for the request, and valid by the protocol's strict
// readers: only what the client accepts leaves the engine.
bool validReply(const Request &request, const QCborMap &reply, QString *error)
{
    const QString type = Protocol::messageType(reply);
    if (type != Protocol::replyTypeFor(request.type)) {
        *error = QStringLiteral("a '%1' reply to '%2'").arg(type.left(64), request.type);
        return false;
    }
    if (Protocol::messageId(reply) != request.id) {
        *error = QStringLiteral("a reply with another id");
        return false;
    }
    using namespace Protocol;
    if (type == MessageType::Completions)
        return Completions::fromCbor(reply, error).has_value();
    if (type == MessageType::Signatures)
        return Signatures::fromCbor(reply, error).has_value();
    if (type == MessageType::Documentation)
        return Documentation::fromCbor(reply, error).has_value();
    if (type == MessageType::Formatted)
        return FormatResult::fromCbor(reply, error).has_value();
    if (type == MessageType::Rows)
        return Page::fromCbor(reply, error).has_value();
    if (type == MessageType::Summary)
        return ColumnSummary::fromCbor(reply, error).has_value();
    if (type == MessageType::Found)
        return FindResult::fromCbor(reply, error).has_value();
    if (type == MessageType::Released)
        return Released::fromCbor(reply, error).has_value();
    if (type == MessageType::Members)
        return MemberList::fromCbor(reply, error).has_value();
    if (type == MessageType::Sniffed)
        return SniffResult::fromCbor(reply, error).has_value();
    if (type == MessageType::Counted)
        return RowCount::fromCbor(reply, error).has_value();
    if (type == MessageType::ClusterInfo)
        return ClusterInfo::fromCbor(reply, error).has_value();
    return Diagnostics::fromCbor(reply, error).has_value();
}

} // namespace

class SideThread::Private
{
public:
    ~Private()
    {
        // Never decref without the GIL; the engine ends with _exit() anyway.
        handler.release();
    }

    void log(const std::string &message) const
    {
        if (config.diagnosticFd < 0)
            return;
        const std::string line = "sandpiper-engine: side thread: " + message + "\n";
        [[maybe_unused]] const ssize_t ignored
                = write(config.diagnosticFd, line.data(), line.size());
    }

    Config config;
    py::object handler;
};

SideThread::SideThread(IoThread *io, RequestQueue *queue)
    : m_io(io)
    , m_queue(queue)
    , d(std::make_unique<Private>())
{}

SideThread::~SideThread()
{
    if (m_thread.joinable())
        m_thread.detach();
    if (m_warmThread.joinable())
        m_warmThread.detach();
}

bool SideThread::start(const Config &config, std::string *error)
{
    d->config = config;
    try {
        const py::module_ side = py::module_::import("sandpiper_runtime.side");
        const py::object ns = config.live
                                      ? py::object(py::module_::import("__main__").attr("__dict__"))
                                      : py::object(py::none());
        Private *p = d.get();
        const py::cpp_function log([p](const std::string &message) { p->log(message); });
        d->handler = side.attr("SideRequests")(py::arg("namespace") = ns, py::arg("log") = log);
    } catch (py::error_already_set &e) {
        *error = std::string("cannot create the side request handler: ") + e.what();
        return false;
    }

    noteActivity();
    if (!startQuietThread(m_thread, [this] { run(); }, "side thread", error))
        return false;
    if (config.warm
        && !startQuietThread(m_warmThread, [this] { warmUp(); }, "warm-up thread", error))
        return false;
    return true;
}

void SideThread::noteActivity()
{
    m_lastActivity.store(std::chrono::steady_clock::now().time_since_epoch().count(),
                         std::memory_order_release);
}

void SideThread::run()
{
    for (;;) {
        const std::optional<Request> request = m_queue->pop(IdleWait);
        if (!request)
            continue;
        noteActivity();
        QCborMap reply;
        {
            const std::lock_guard handlerLock(m_handlerLock);
            py::gil_scoped_acquire gil;
            try {
                const bool busy = m_busy.load(std::memory_order_acquire);
                py::object sys;
                py::object interval; // the run's own, while the request shortens it
                if (busy) {
                    sys = py::module_::import("sys");
                    interval = sys.attr("getswitchinterval")();
                    sys.attr("setswitchinterval")(BusySwitchIntervalSeconds);
                }
                const auto restore = qScopeGuard([&] {
                    if (!interval)
                        return;
                    try {
                        sys.attr("setswitchinterval")(interval);
                    } catch (py::error_already_set &) {
                        // A float it gave back cannot be refused; nothing to undo.
                    }
                });
                const py::object answer
                        = d->handler.attr("handle")(cborToPython(request->body), busy);
                QString error;
                const auto converted = pythonToCbor(answer, &error);
                if (converted && converted->isMap())
                    reply = converted->toMap();
                else
                    d->log("unusable reply to " + request->type.toStdString() + ": "
                           + error.toStdString());
            } catch (py::error_already_set &e) {
                d->log(request->type.toStdString() + " failed: " + e.what());
            }
        }
        QString error;
        if (!reply.isEmpty() && !validReply(*request, reply, &error)) {
            d->log("invalid reply to " + request->type.toStdString() + ": " + error.toStdString());
            reply = QCborMap();
        }
        if (reply.isEmpty()) {
            reply = *Protocol::emptyReplyFor(
                    request->type, request->id, QStringLiteral("the engine could not answer"));
        }
        m_io->sendFrame(reply);
        noteActivity();
    }
}

void SideThread::warmUp()
{
    using Clock = std::chrono::steady_clock;
    // Lowest priority for this thread alone (Linux applies nice per thread): the warm-up takes
    // a core only while nothing else wants it. It cannot be raised again without privileges,
    // hence a thread of its own.
    setpriority(PRIO_PROCESS, pid_t(gettid()), 19);
    pthread_setname_np(pthread_self(), Protocol::WarmUpThreadName);
    Clock::time_point lastBusy;
    for (;;) {
        if (m_busy.load(std::memory_order_acquire) || !m_queue->empty()) {
            lastBusy = Clock::now();
            std::this_thread::sleep_for(WarmPollInterval);
            continue;
        }
        const auto lastRequest = Clock::time_point(
                Clock::duration(m_lastActivity.load(std::memory_order_acquire)));
        const auto quiet = Clock::now() - std::max(lastRequest, lastBusy);
        if (quiet < WarmAfterIdle) {
            std::this_thread::sleep_for(WarmAfterIdle - quiet);
            continue;
        }
        bool more = false;
        {
            const std::lock_guard handlerLock(m_handlerLock);
            py::gil_scoped_acquire gil;
            try {
                more = d->handler.attr("warm")().cast<bool>();
            } catch (py::error_already_set &e) {
                d->log(std::string("warming up stopped: ") + e.what());
            }
        }
        if (!more)
            break;
    }
    // Done. The thread stays, idle under another name: the client then reads its last CPU
    // ticks as the warm-up's (a thread that has ended can no longer be read apart).
    pthread_setname_np(pthread_self(), WarmedUpThreadName);
    for (;;)
        std::this_thread::sleep_for(IdleWait);
}

} // namespace Sandpiper::Worker
