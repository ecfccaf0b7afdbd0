#include "sandboxreportcommand.h"

#include <sandboxstatus.h>
#include <session.h>

#include <QLocale>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

namespace Sandpiper::App {

SandboxReportCommand::SandboxReportCommand(QObject *parent)
    : QObject(parent)
{}

SandboxReportCommand::~SandboxReportCommand()
{
    if (m_session)
        m_session->shutdown();
}

void SandboxReportCommand::start()
{
    // The window's sessions and limits, without the warm-up and preload it adds: the report
    // needs only the hello, which the engine sends after entering its sandbox and before any
    // user code.
    m_session = std::make_unique<Client::Session>(Client::SessionOptions{});
    connect(m_session.get(), &Client::Session::notice, this, [this](const QString &message) {
        m_lastNotice = message;
    });
    connect(m_session.get(), &Client::Session::ready, this, [this](const Protocol::Hello &hello) {
        const auto status = Client::SandboxStatus::fromHello(hello.sandbox);
        std::fputs(qPrintable(format(
                           status, hello.pythonVersion, Client::Session::resolveEnginePath({}))),
                   stdout);
        complete(exitCodeFor(status));
    });
    connect(m_session.get(),
            &Client::Session::stateChanged,
            this,
            [this](Client::SessionState state) {
                if (state != Client::SessionState::Dead)
                    return;
                std::fprintf(stderr,
                             "sandpiper: %s\n",
                             qPrintable(m_lastNotice.isEmpty()
                                                ? tr("the session's engine did not start.")
                                                : m_lastNotice));
                complete(EngineFailed);
            });
    m_session->start();
}

QString SandboxReportCommand::format(const Client::SandboxStatus &status,
                                     const QString &python,
                                     const QString &engine)
{
    QString text;
    QTextStream out(&text);
    out << tr("Engine: %1").arg(engine) << '\n';
    out << tr("Python: %1").arg(python.isEmpty() ? tr("unknown") : python) << '\n';
    out << tr("Sandbox: %1 (Landlock ABI %2)").arg(status.summary()).arg(status.landlockAbi)
        << '\n';
    for (const Client::SandboxStatus::Primitive &primitive : status.primitives) {
        out << "  " << (primitive.active ? tr("on ") : tr("OFF")) << "  "
            << Client::SandboxStatus::displayName(primitive.name);
        if (!primitive.detail.isEmpty())
            out << ": " << primitive.detail;
        out << '\n';
    }
    const QLocale locale = QLocale::c();
    const auto limit = [&](const QString &name, qint64 value, const QString &shown) {
        out << "  " << name << ": " << (value > 0 ? shown : tr("none")) << '\n';
    };
    out << tr("Limits:") << '\n';
    limit(tr("memory"), status.memoryBytes, locale.formattedDataSize(status.memoryBytes));
    limit(tr("CPU time"), status.cpuSeconds, tr("%1 s").arg(status.cpuSeconds));
    limit(tr("processes"), status.processes, QString::number(status.processes));
    limit(tr("open files"), status.openFiles, QString::number(status.openFiles));
    limit(tr("file size"), status.fileSizeBytes, locale.formattedDataSize(status.fileSizeBytes));
    return text;
}

SandboxReportCommand::ExitCode SandboxReportCommand::exitCodeFor(
        const Client::SandboxStatus &status)
{
    switch (status.level()) {
    case Client::SandboxStatus::Level::Full:
        return Sandboxed;
    case Client::SandboxStatus::Level::Partial:
        return PartlySandboxed;
    case Client::SandboxStatus::Level::None:
        return NotSandboxed;
    case Client::SandboxStatus::Level::Unknown:
        break;
    }
    return EngineFailed;
}

void SandboxReportCommand::complete(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    QTimer::singleShot(0, this, [this, exitCode] { Q_EMIT finished(exitCode); });
}

} // namespace Sandpiper::App
