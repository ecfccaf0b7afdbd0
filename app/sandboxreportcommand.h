#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace Sandpiper::Client {
class Session;
struct SandboxStatus;
} // namespace Sandpiper::Client

namespace Sandpiper::App {

// `sandpiper --sandbox-report`: starts one session the way the window does, prints what its
// sandbox gives it on this host (each primitive, the limits, the Python found), then ends it.
// The exit code says how well the session is protected, so scripts and package checks can test
// it.
class SandboxReportCommand : public QObject
{
    Q_OBJECT

public:
    enum ExitCode { Sandboxed = 0, EngineFailed = 1, PartlySandboxed = 3, NotSandboxed = 4 };

    explicit SandboxReportCommand(QObject *parent = nullptr);
    ~SandboxReportCommand() override;

    void start();
    // The report as printed, for a status received from an engine's hello.
    static QString format(const Client::SandboxStatus &status,
                          const QString &python,
                          const QString &engine);
    static ExitCode exitCodeFor(const Client::SandboxStatus &status);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void complete(int exitCode);

    std::unique_ptr<Client::Session> m_session;
    QString m_lastNotice;
    bool m_done = false;
};

} // namespace Sandpiper::App
