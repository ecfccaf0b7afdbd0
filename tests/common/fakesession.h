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
    void endLeftoverProcesses() override { ++leftoverEnds; }
    Client::SessionLimits limits() const override { return sessionLimits; }
    void setLimits(const Client::SessionLimits &limits) override { sessionLimits = limits; }
    void setKeepWorkspace(bool keep) override { keepWorkspace = keep; }
    QString workspacePath() const override { return workspace; }
    // What the next start() reports in its hello (e.g. a sandbox map).
    void setEngineInfo(const Protocol::Hello &info) { m_info = info; }
    void restart() override
    {
        ++restarts;
        if (autoRestart) {
            setState(Client::SessionState::Restarting);
            setState(Client::SessionState::Idle);
        }
    }
    void shutdown() override { setState(Client::SessionState::Dead); }

    // Code intelligence: with recordTools set, requests are kept in toolCalls and the test
    // answers them (request->finish(result)); otherwise "not supported", like AbstractSession.
    struct ToolCall
    {
        QPointer<Client::ToolRequest> request;
        QString code;
        int line = 0;
        int column = 0;
        Protocol::CodeSource source = Protocol::CodeSource::Live;
    };
    Client::ToolRequest *complete(const QString &code,
                                  int line,
                                  int column,
                                  const QString &path = {},
                                  Protocol::CodeSource source = Protocol::CodeSource::Live) override
    {
        if (!recordTools)
            return AbstractSession::complete(code, line, column, path, source);
        return record(Client::ToolKind::Complete, path, {nullptr, code, line, column, source});
    }
    Client::ToolRequest *signature(const QString &code,
                                   int line,
                                   int column,
                                   const QString &path = {},
                                   Protocol::CodeSource source
                                   = Protocol::CodeSource::Live) override
    {
        if (!recordTools)
            return AbstractSession::signature(code, line, column, path, source);
        return record(Client::ToolKind::Signature, path, {nullptr, code, line, column, source});
    }
    Client::ToolRequest *inspect(const QString &code,
                                 int line,
                                 int column,
                                 const QString &path = {},
                                 Protocol::CodeSource source = Protocol::CodeSource::Live) override
    {
        if (!recordTools)
            return AbstractSession::inspect(code, line, column, path, source);
        return record(Client::ToolKind::Inspect, path, {nullptr, code, line, column, source});
    }
    Client::ToolRequest *format(const QString &code,
                                const QString &path = {},
                                const QList<std::pair<int, int>> &lineRanges = {},
                                int lineLength = 88) override
    {
        if (!recordTools)
            return AbstractSession::format(code, path, lineRanges, lineLength);
        return record(Client::ToolKind::Format, path, {nullptr, code});
    }
    Client::ToolRequest *lint(const QString &code, const QString &path = {}) override
    {
        if (!recordTools)
            return AbstractSession::lint(code, path);
        return record(Client::ToolKind::Lint, path, {nullptr, code});
    }

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
    int leftoverEnds = 0;
    int restarts = 0;
    bool recordTools = false;
    QList<ToolCall> toolCalls;
    Client::SessionLimits sessionLimits;
    bool keepWorkspace = false;
    QString workspace;

Q_SIGNALS:
    void executeCalled(Sandpiper::Client::Execution *execution);
    void toolRequested(Sandpiper::Client::ToolRequest *request);

private:
    Client::ToolRequest *record(Client::ToolKind kind, const QString &path, ToolCall call)
    {
        call.request = new Client::ToolRequest(kind, ++m_lastId, path, this);
        toolCalls << call;
        Q_EMIT toolRequested(call.request);
        return call.request;
    }

    Client::SessionState m_state = Client::SessionState::NotStarted;
    Protocol::Hello m_info;
    quint64 m_lastId = 0;
};

} // namespace Sandpiper::Testing
