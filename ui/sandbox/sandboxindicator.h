#pragma once

#include <abstractsession.h>
#include <sandboxstatus.h>

#include <QPointer>
#include <QToolButton>

namespace Sandpiper::Ui {

// The status bar's word on what protects the session: "Sandboxed" with a green shield, or a
// visible warning ("Partly sandboxed", "Not sandboxed") when the host lacks a primitive or the
// sandbox is off. A click opens SandboxDialog with the details.
class SandboxIndicator : public QToolButton
{
    Q_OBJECT

public:
    explicit SandboxIndicator(QWidget *parent = nullptr);

    void setSession(Client::AbstractSession *session);
    void setStatus(const Client::SandboxStatus &status);
    Client::SandboxStatus status() const { return m_status; }

    // The shield (green), a warning sign (amber) or a crossed circle (red) for a level.
    static QIcon iconFor(Client::SandboxStatus::Level level);
    static QColor colourFor(Client::SandboxStatus::Level level);

Q_SIGNALS:
    void detailsRequested();

private:
    QPointer<Client::AbstractSession> m_session;
    QMetaObject::Connection m_connection;
    Client::SandboxStatus m_status;
};

} // namespace Sandpiper::Ui
