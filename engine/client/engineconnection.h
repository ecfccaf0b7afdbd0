#pragma once

#include "enginediagnostics.h"
#include "frame.h"

#include <QByteArray>
#include <QCborMap>
#include <QObject>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>

#include <functional>

QT_BEGIN_NAMESPACE
class QProcess;
class QSocketNotifier;
QT_END_NAMESPACE

namespace Sandpiper::Client {

// One engine process and the GUI's end of its socketpair: starting it, frames in and out, its
// diagnostic pipe and how it ended. What the frames mean is the session's business, so this
// class can be read (and changed) without the state machine. An engine ends with kill() or
// shutdown() and is then deleted, which drops whatever it had still to report: a stale engine
// never reaches the session.
class EngineConnection : public QObject
{
    Q_OBJECT

public:
    explicit EngineConnection(quint32 maxFrameBytes, QObject *parent = nullptr);
    ~EngineConnection() override;

    // Makes the socketpair; false, with *error, when the system refuses.
    bool open(QString *error);
    // Starts program with its end of the socketpair as fd 3 ("--fd 3" goes before arguments)
    // and an environment without the GUI's secrets when environment is empty. False, with
    // nothing started, when program is not an executable. failedToStart() may come from inside
    // this call, and delete the connection.
    bool start(const QString &program,
               const QStringList &arguments,
               const QProcessEnvironment &environment,
               const QString &workingDirectory);

    // Process id, 0 before start().
    qint64 pid() const { return m_pid; }
    // Queued and written as the socket takes it; dropped once the connection has closed.
    void send(const QCborMap &body);
    // Reads what is waiting now, as much as one socket notification would.
    void readWaiting();

    // The last lines the engine wrote on its diagnostic pipe, printable.
    QString diagnosticsTail() const { return m_diagnostics.tail(); }
    // The signal that killed the process, 0 while it runs or when it exited.
    int exitSignal() const;
    QString exitDescription() const;

    // SIGKILL to the engine's process group, and the connection closed. Returns the process
    // when it still has to be reaped: it is then a child of this connection's parent, and
    // deletes itself once finished.
    QProcess *kill();
    // Ends the engine politely: the frame farewell() makes when given (unless a frame is partly
    // written), EOF, then SIGTERM and SIGKILL after the graces. Blocks until it is gone.
    void shutdown(const std::function<QCborMap()> &farewell, int graceMs, int terminateGraceMs);

Q_SIGNALS:
    void frameReceived(const QCborMap &body);
    // Bytes that are not a well-formed frame; nothing more is read.
    void malformed(const QString &reason);
    // The process exited, or its connection closed and the exit status came or was waited
    // for long enough: exitDescription() says how.
    void ended();
    void failedToStart(const QString &error);

private:
    void read(qsizetype budget);
    // Returns false when the connection went away while they were handled.
    bool deliverFrames();
    void flush();
    void onEndOfStream();
    void onFinished();
    void readDiagnostics();

    QProcess *m_process = nullptr;
    qint64 m_pid = 0;
    int m_fd = -1;
    int m_childFd = -1; // the engine's end, until start()
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    Protocol::FrameDecoder m_decoder;
    EngineDiagnostics m_diagnostics;
    QByteArray m_writeBuffer;
    qsizetype m_writeOffset = 0;
    bool m_endOfStream = false;
    bool m_exited = false;
    // After EOF, the exit status usually follows within milliseconds and says more.
    QTimer m_reapTimer;
};

} // namespace Sandpiper::Client
