#pragma once

// An in-process AbstractSession for widget tests: records what is executed and lets the test
// play the engine's part through the returned Execution objects.

#include <abstractsession.h>

namespace Sandpiper::Testing {

class FakeSession : public Client::AbstractSession
{
    Q_OBJECT

public:
    using AbstractSession::AbstractSession;

    Client::SessionState state() const override { return m_state; }
    Protocol::Hello engineInfo() const override { return m_info; }
    void start() override
    {
        m_info.pythonVersion = QStringLiteral("3.13.0");
        setState(Client::SessionState::Idle);
        Q_EMIT ready(m_info);
    }
    Client::Execution *execute(const QString &code, const QString &) override
    {
        auto execution = new Client::Execution(++m_lastId, code, this);
        executed << execution;
        setState(Client::SessionState::Busy);
        connect(execution, &Client::Execution::finished, this, [this] {
            if (m_state == Client::SessionState::Busy)
                setState(Client::SessionState::Idle);
        });
        Q_EMIT executeCalled(execution);
        return execution;
    }
    void interrupt() override { ++interrupts; }
    void restart() override
    {
        ++restarts;
        if (autoRestart) {
            setState(Client::SessionState::Restarting);
            setState(Client::SessionState::Idle);
        }
    }
    void shutdown() override { setState(Client::SessionState::Dead); }

    void setState(Client::SessionState state)
    {
        if (state == m_state)
            return;
        m_state = state;
        Q_EMIT stateChanged(state);
    }

    QList<Client::Execution *> executed;
    bool autoRestart = false;
    int interrupts = 0;
    int restarts = 0;

Q_SIGNALS:
    void executeCalled(Sandpiper::Client::Execution *execution);

private:
    Client::SessionState m_state = Client::SessionState::NotStarted;
    Protocol::Hello m_info;
    quint64 m_lastId = 0;
};

} // namespace Sandpiper::Testing
