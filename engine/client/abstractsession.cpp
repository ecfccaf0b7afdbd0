#include "abstractsession.h"

namespace Sandpiper::Client {

QString toString(SessionState state)
{
    switch (state) {
    case SessionState::NotStarted:
        return QStringLiteral("not started");
    case SessionState::Starting:
        return QStringLiteral("starting");
    case SessionState::Idle:
        return QStringLiteral("idle");
    case SessionState::Busy:
        return QStringLiteral("busy");
    case SessionState::Interrupting:
        return QStringLiteral("interrupting");
    case SessionState::Restarting:
        return QStringLiteral("restarting");
    case SessionState::Dead:
        return QStringLiteral("dead");
    }
    return QString();
}

QString toString(RunStatus status)
{
    switch (status) {
    case RunStatus::Ok:
        return QStringLiteral("ok");
    case RunStatus::Error:
        return QStringLiteral("error");
    case RunStatus::Interrupted:
        return QStringLiteral("interrupted");
    case RunStatus::Killed:
        return QStringLiteral("killed");
    case RunStatus::Crashed:
        return QStringLiteral("crashed");
    case RunStatus::Timeout:
        return QStringLiteral("timeout");
    case RunStatus::Memory:
        return QStringLiteral("memory");
    case RunStatus::OutputLimit:
        return QStringLiteral("output_limit");
    case RunStatus::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QString();
}

} // namespace Sandpiper::Client
