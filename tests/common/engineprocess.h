#pragma once

// One sandpiper-engine process and our end of its socket, spoken to with the protocol codec
// only (no client library): for the tests that check the engine itself.

#include "frame.h"

#include <QCborMap>
#include <QElapsedTimer>
#include <QStringList>
#include <QTest>

#include <optional>
#include <vector>

#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace Sandpiper::Testing {

class EngineProcess
{
public:
    EngineProcess(const QByteArray &enginePath, const QStringList &arguments)
    {
        int fds[2];
        QVERIFY(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0);
        QList<QByteArray> args{enginePath, "--fd", QByteArray::number(fds[1])};
        for (const QString &a : arguments)
            args.append(a.toUtf8());
        std::vector<char *> argv;
        for (QByteArray &a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        m_sinceStart.start();
        const pid_t pid = fork();
        QVERIFY(pid >= 0);
        if (pid == 0) {
            fcntl(fds[1], F_SETFD, 0); // the engine's end survives exec
            execv(argv[0], argv.data());
            _exit(127);
        }
        close(fds[1]);
        m_fd = fds[0];
        m_pid = pid;
    }
    ~EngineProcess() { kill(); }
    EngineProcess(const EngineProcess &) = delete;
    EngineProcess &operator=(const EngineProcess &) = delete;

    bool isRunning() const { return m_pid > 0; }
    pid_t pid() const { return m_pid; }
    int fd() const { return m_fd; }
    // Milliseconds since the process was started.
    double elapsedMs() const { return double(m_sinceStart.nsecsElapsed()) / 1e6; }

    void send(const QCborMap &body)
    {
        const QByteArray frame = Protocol::encodeFrame(body);
        qsizetype offset = 0;
        while (offset < frame.size()) {
            const ssize_t n = ::send(
                    m_fd, frame.constData() + offset, size_t(frame.size() - offset), MSG_NOSIGNAL);
            if (n <= 0)
                return;
            offset += n;
        }
    }

    // The next frame, or nullopt after timeoutMs, at EOF or on a framing error.
    std::optional<QCborMap> next(int timeoutMs = 10000)
    {
        QElapsedTimer timer;
        timer.start();
        for (;;) {
            if (auto body = m_decoder.next())
                return body;
            if (m_decoder.error() != Protocol::FrameDecoder::Error::None) {
                qWarning() << "decoder:" << m_decoder.errorString();
                return std::nullopt;
            }
            const int left = timeoutMs - int(timer.elapsed());
            if (left <= 0)
                return std::nullopt;
            pollfd p{m_fd, POLLIN, 0};
            if (poll(&p, 1, left) <= 0)
                continue;
            char buffer[65536];
            const ssize_t n = read(m_fd, buffer, sizeof buffer);
            if (n <= 0)
                return std::nullopt;
            m_decoder.append(QByteArrayView(buffer, n));
        }
    }

    // Waits for the process to end; its exit status, or -1 on timeout.
    int waitForExit(int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            int status = 0;
            if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = -1;
                return status;
            }
            QTest::qSleep(5);
        }
        return -1;
    }

    void closeSocket()
    {
        if (m_fd >= 0)
            close(m_fd);
        m_fd = -1;
    }

    void kill()
    {
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            waitpid(m_pid, nullptr, 0);
            m_pid = -1;
        }
        closeSocket();
    }

private:
    pid_t m_pid = -1;
    int m_fd = -1;
    Protocol::FrameDecoder m_decoder;
    QElapsedTimer m_sinceStart;
};

} // namespace Sandpiper::Testing
