// A stand-in for sandpiper-engine that misbehaves on purpose, to test the client's failure paths.
// Usage: fake-engine --fd N; behaviour from SANDPIPER_FAKE_ENGINE:
//   ok                 hello; execute -> stdout echo of the code, a variables diff, result ok
//                      (code "raise" -> result error, "raise TYPE: MESSAGE" -> that error,
//                      "display" -> a PNG display, "background"
//                      -> stream output with id 0 first, "truncate" -> result ok with
//                      outputTruncated)
//   crash-on-execute   abort() on execute
//   segfault           raise(SIGSEGV) on execute
//   exit3              _exit(3) on execute
//   hang               never answers execute, ignores SIGINT, still answers pings
//   no-hello           says nothing
//   wrong-version      hello with protocol version 99
//   garbage            hello, then on execute random bytes after an invalid frame
//   huge-frame         hello, then on execute a header announcing 0xFFFFFFFF bytes
//   unknown-id         result for an id that was never sent
//   duplicate-result   two results for one execute
//   slow               answers execute after SANDPIPER_FAKE_DELAY_MS (default 500)
//   no-pong            answers executes, never pings
//   interruptible      execute runs until SIGINT, then result interrupted
//   flood              execute writes SANDPIPER_FAKE_FLOOD_MB (default 64) MiB of stdout
//   partial-then-exit  on execute, half a frame, then _exit(0)
//   exit-after-result  result ok, then _exit(0) right away (the result must not be lost)
//   unknown-type       on execute, a message of a type nobody defined
//   wrong-field-type   on execute, a result whose status is a number
//   stray-output       on execute, stream output for a request that is not running
//   stubborn           ignores the shutdown request, EOF and SIGTERM (only SIGKILL works)
// Every hello reports in its sandbox map what the engine inherited: "fds" (open descriptors
// other than 0-2 and the socket), "sigintIgnored", "sigintBlocked", "cwd", "args" (after the
// program name) and "secret" (whether SANDPIPER_TEST_SECRET reached it).

#include "frame.h"
#include "messages.h"

#include <QByteArray>
#include <QCborArray>
#include <QElapsedTimer>
#include <QRandomGenerator>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

using namespace Sandpiper::Protocol;

namespace {

int g_fd = -1;
std::atomic<bool> g_interrupted{false};
bool g_stubborn = false;
QCborMap g_inherited;

void recordInheritance(int argc, char **argv)
{
    QCborArray args;
    for (int i = 1; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    g_inherited.insert(QStringLiteral("args"), args);
    char cwd[4096];
    g_inherited.insert(QStringLiteral("cwd"),
                       QString::fromLocal8Bit(::getcwd(cwd, sizeof cwd) ? cwd : ""));
    g_inherited.insert(QStringLiteral("secret"), std::getenv("SANDPIPER_TEST_SECRET") != nullptr);
    QCborArray fds;
    for (int fd = 3; fd < 1024; ++fd) {
        if (fd != g_fd && ::fcntl(fd, F_GETFD) != -1)
            fds.append(fd);
    }
    g_inherited.insert(QStringLiteral("fds"), fds);
    struct sigaction current = {};
    ::sigaction(SIGINT, nullptr, &current);
    g_inherited.insert(QStringLiteral("sigintIgnored"), current.sa_handler == SIG_IGN);
    sigset_t mask;
    ::sigprocmask(SIG_BLOCK, nullptr, &mask);
    g_inherited.insert(QStringLiteral("sigintBlocked"), ::sigismember(&mask, SIGINT) == 1);
}

void onSigint(int)
{
    g_interrupted = true;
}

void writeAll(const QByteArray &bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(g_fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            ::_exit(0); // the client went away
        done += n;
    }
}

void sendMessage(const QCborMap &body)
{
    writeAll(encodeFrame(body));
}

void sendHello(int version = ProtocolVersion)
{
    Hello hello;
    hello.protocolVersion = version;
    hello.pid = ::getpid();
    hello.pythonVersion = QStringLiteral("3.13.0-fake");
    hello.libraries.insert(QStringLiteral("pandas"), QStringLiteral("0.0-fake"));
    hello.sandbox = g_inherited;
    sendMessage(hello.toCbor());
}

void sendResult(quint64 id, ExecutionStatus status = ExecutionStatus::Ok)
{
    ExecutionResult result;
    result.id = id;
    result.status = status;
    if (status == ExecutionStatus::Interrupted) {
        result.error.type = QStringLiteral("KeyboardInterrupt");
        result.error.traceback = {QStringLiteral("KeyboardInterrupt")};
    }
    sendMessage(result.toCbor());
}

void sendStream(quint64 id, const QByteArray &data, StreamName name = StreamName::Stdout)
{
    StreamOutput stream;
    stream.id = id;
    stream.name = name;
    stream.data = data;
    sendMessage(stream.toCbor());
}

class Reader
{
public:
    // Blocks up to timeoutMs (-1: forever) for the next frame; nullopt on timeout. Exits on EOF.
    std::optional<QCborMap> next(int timeoutMs = -1)
    {
        while (true) {
            if (auto body = m_decoder.next())
                return body;
            if (m_decoder.error() != FrameDecoder::Error::None) {
                std::fprintf(stderr,
                             "fake-engine: bad frame: %s\n",
                             qPrintable(m_decoder.errorString()));
                ::_exit(2);
            }
            pollfd p{g_fd, POLLIN, 0};
            const int ready = ::poll(&p, 1, timeoutMs);
            if (ready < 0 && errno == EINTR)
                return std::nullopt; // a signal: let the caller look at it
            if (ready == 0)
                return std::nullopt;
            char buffer[65536];
            const ssize_t n = ::read(g_fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR)
                return std::nullopt;
            if (n <= 0) {
                if (g_stubborn) {
                    while (true)
                        ::pause();
                }
                ::_exit(0); // EOF: the client is gone or asked us to stop
            }
            m_decoder.append(QByteArrayView(buffer, n));
        }
    }

private:
    FrameDecoder m_decoder;
};

// Answers pings while waiting for something else; returns the next non-ping frame, or nullopt
// after a ping or on timeout when a timeout is given.
std::optional<QCborMap> nextRequest(Reader &reader, const QString &behaviour, int timeoutMs = -1)
{
    while (true) {
        auto body = reader.next(timeoutMs);
        if (!body)
            return std::nullopt;
        const QString type = messageType(*body);
        if (type == MessageType::Ping) {
            if (behaviour != QLatin1StringView("no-pong"))
                sendMessage(Pong{messageId(*body).value_or(0)}.toCbor());
            if (timeoutMs >= 0)
                return std::nullopt; // let a caller with a deadline look at the clock
            continue;
        }
        if (type == MessageType::Shutdown && !g_stubborn)
            ::_exit(0);
        return body;
    }
}

int envInt(const char *name, int fallback)
{
    const QByteArray value = qgetenv(name);
    bool ok = false;
    const int parsed = value.toInt(&ok);
    return ok ? parsed : fallback;
}

void answerOk(quint64 id, const QString &code)
{
    if (code == QLatin1StringView("background"))
        sendStream(0, "from a thread\n");
    sendStream(id, code.toUtf8());
    if (code == QLatin1StringView("display")) {
        DisplayData display;
        display.id = id;
        display.data.insert(QStringLiteral("image/png"), QByteArray("\x89PNG\r\n\x1a\n", 8));
        display.data.insert(QStringLiteral("text/plain"), QStringLiteral("<Figure>"));
        sendMessage(display.toCbor());
    }
    VariablesDiff diff;
    diff.id = id;
    VariableSummary last;
    last.name = QStringLiteral("last");
    last.type = QStringLiteral("str");
    last.kind = QStringLiteral("scalar");
    last.repr = code.left(50);
    diff.changed = {last};
    sendMessage(diff.toCbor());
    ExecutionResult result;
    result.id = id;
    if (code == QLatin1StringView("raise")) {
        result.status = ExecutionStatus::Error;
        result.error.type = QStringLiteral("ValueError");
        result.error.message = QStringLiteral("bad value");
        result.error.line = 1;
        result.error.traceback = {QStringLiteral("ValueError: bad value")};
    } else if (code.startsWith(QLatin1StringView("raise "))) {
        result.status = ExecutionStatus::Error;
        result.error.type = code.mid(6).section(QLatin1Char(':'), 0, 0);
        result.error.message = code.section(QLatin1Char(':'), 1).trimmed();
    }
    if (code == QLatin1StringView("truncate"))
        result.outputTruncated = true;
    result.outputBytes = quint64(code.toUtf8().size());
    sendMessage(result.toCbor());
}

} // namespace

int main(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--fd") == 0)
            g_fd = std::atoi(argv[i + 1]);
    }
    if (g_fd < 0) {
        std::fprintf(stderr, "usage: fake-engine --fd N\n");
        return 64;
    }
    recordInheritance(argc, argv);
    ::signal(SIGPIPE, SIG_IGN);
    const QString behaviour = QString::fromLocal8Bit(qgetenv("SANDPIPER_FAKE_ENGINE"));
    if (behaviour == QLatin1StringView("stubborn")) {
        g_stubborn = true;
        ::signal(SIGTERM, SIG_IGN);
    }
    Reader reader;

    if (behaviour == QLatin1StringView("no-hello")) {
        while (true)
            nextRequest(reader, behaviour);
    }
    if (behaviour == QLatin1StringView("hang"))
        ::signal(SIGINT, SIG_IGN);
    if (behaviour == QLatin1StringView("interruptible")) {
        struct sigaction action = {};
        action.sa_handler = onSigint;
        ::sigaction(SIGINT, &action, nullptr); // no SA_RESTART: poll() returns EINTR
    }
    sendHello(behaviour == QLatin1StringView("wrong-version") ? 99 : ProtocolVersion);

    while (true) {
        const auto body = nextRequest(reader, behaviour);
        if (!body)
            continue;
        const quint64 id = messageId(*body).value_or(0);
        if (messageType(*body) != MessageType::Execute)
            continue;
        const QString code = ExecuteRequest::fromCbor(*body, nullptr)->code;

        if (behaviour == QLatin1StringView("crash-on-execute")) {
            std::abort();
        } else if (behaviour == QLatin1StringView("segfault")) {
            ::raise(SIGSEGV);
        } else if (behaviour == QLatin1StringView("exit3")) {
            ::_exit(3);
        } else if (behaviour == QLatin1StringView("hang")) {
            while (true)
                nextRequest(reader, behaviour);
        } else if (behaviour == QLatin1StringView("garbage")) {
            QByteArray bad("\x08\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff", 12);
            writeAll(bad);
            QByteArray noise(4096, '\0');
            for (int round = 0; round < 256; ++round) {
                for (char &c : noise)
                    c = char(QRandomGenerator::global()->bounded(256));
                writeAll(noise);
            }
            while (true)
                nextRequest(reader, behaviour);
        } else if (behaviour == QLatin1StringView("huge-frame")) {
            writeAll(QByteArray("\xff\xff\xff\xff", 4));
            while (true)
                ::pause();
        } else if (behaviour == QLatin1StringView("unknown-type")) {
            QCborMap surprise;
            surprise.insert(QStringLiteral("type"), QStringLiteral("surprise\x1b[31m"));
            surprise.insert(QStringLiteral("id"), qint64(id));
            sendMessage(surprise);
        } else if (behaviour == QLatin1StringView("wrong-field-type")) {
            ExecutionResult result;
            result.id = id;
            QCborMap bad = result.toCbor();
            bad.insert(QStringLiteral("status"), 7);
            sendMessage(bad);
        } else if (behaviour == QLatin1StringView("stray-output")) {
            sendStream(id + 5, "not yours");
        } else if (behaviour == QLatin1StringView("unknown-id")) {
            sendResult(id + 1000);
        } else if (behaviour == QLatin1StringView("duplicate-result")) {
            answerOk(id, code);
            sendResult(id);
        } else if (behaviour == QLatin1StringView("slow")) {
            const int delay = envInt("SANDPIPER_FAKE_DELAY_MS", 500);
            // Pings are still answered while "computing", like the real engine's IO thread.
            QElapsedTimer timer;
            timer.start();
            while (timer.elapsed() < delay)
                nextRequest(reader, behaviour, int(delay - timer.elapsed()));
            answerOk(id, code);
        } else if (behaviour == QLatin1StringView("interruptible")) {
            g_interrupted = false;
            while (!g_interrupted)
                nextRequest(reader, behaviour, 50);
            sendResult(id, ExecutionStatus::Interrupted);
        } else if (behaviour == QLatin1StringView("flood")) {
            const qint64 total = qint64(envInt("SANDPIPER_FAKE_FLOOD_MB", 64)) << 20;
            const QByteArray line = QByteArray(63, 'x') + '\n';
            const QByteArray chunk = line.repeated(1024);
            for (qint64 sent = 0; sent < total; sent += chunk.size()) {
                sendStream(id, chunk);
                nextRequest(reader, behaviour, 0); // pings, like the real engine's IO thread
            }
            ExecutionResult result;
            result.id = id;
            result.outputBytes = quint64(total);
            sendMessage(result.toCbor());
        } else if (behaviour == QLatin1StringView("partial-then-exit")) {
            ExecutionResult result;
            result.id = id;
            const QByteArray frame = encodeFrame(result.toCbor());
            writeAll(frame.left(frame.size() / 2));
            ::_exit(0);
        } else if (behaviour == QLatin1StringView("exit-after-result")) {
            answerOk(id, code);
            ::_exit(0);
        } else {
            answerOk(id, code);
        }
    }
}
