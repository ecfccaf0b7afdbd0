#pragma once

// An in-process AbstractSession for widget tests: records what is executed and lets the test
// play the engine's part through the returned Execution objects.

#include <abstractsession.h>
#include <datarequest.h>

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
    Client::Execution *execute(const QString &code,
                               const QString &cellName = {},
                               Client::RunPriority priority
                               = Client::RunPriority::Interactive) override
    {
        auto execution = new Client::Execution(++m_lastId, code, this);
        executed << execution;
        priorities << priority;
        Q_EMIT executionQueued(execution, cellName);
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

    // The Dask cluster the session reports (see Protocol::ClusterRequest); asks counts them.
    Client::ClusterFetch *clusterInfo(bool close = false) override
    {
        ++clusterAsks;
        if (close) {
            ++clusterCloses;
            cluster.workers.clear();
        }
        auto fetch = new Client::ClusterFetch({}, this);
        QMetaObject::invokeMethod(
                fetch, [fetch, info = cluster] { fetch->finish(info); }, Qt::QueuedConnection);
        return fetch;
    }
    Protocol::ClusterInfo cluster;
    int clusterAsks = 0;
    int clusterCloses = 0;

    // Code intelligence: with recordCodeIntel set, requests are kept in codeIntelCalls and the test
    // answers them (request->finish(result)); otherwise "not supported", like AbstractSession.
    struct CodeIntelCall
    {
        QPointer<Client::CodeIntelRequest> request;
        QString code;
        int line = 0;
        int column = 0;
        Protocol::CodeSource source = Protocol::CodeSource::Live;
    };
    Client::CodeIntelRequest *complete(const QString &code,
                                       int line,
                                       int column,
                                       const QString &path = {},
                                       Protocol::CodeSource source
                                       = Protocol::CodeSource::Live) override
    {
        if (!recordCodeIntel)
            return AbstractSession::complete(code, line, column, path, source);
        return record(Client::CodeIntelKind::Complete, path, {nullptr, code, line, column, source});
    }
    Client::CodeIntelRequest *signature(const QString &code,
                                        int line,
                                        int column,
                                        const QString &path = {},
                                        Protocol::CodeSource source
                                        = Protocol::CodeSource::Live) override
    {
        if (!recordCodeIntel)
            return AbstractSession::signature(code, line, column, path, source);
        return record(
                Client::CodeIntelKind::Signature, path, {nullptr, code, line, column, source});
    }
    Client::CodeIntelRequest *inspect(const QString &code,
                                      int line,
                                      int column,
                                      const QString &path = {},
                                      Protocol::CodeSource source
                                      = Protocol::CodeSource::Live) override
    {
        if (!recordCodeIntel)
            return AbstractSession::inspect(code, line, column, path, source);
        return record(Client::CodeIntelKind::Inspect, path, {nullptr, code, line, column, source});
    }
    Client::CodeIntelRequest *format(const QString &code,
                                     const QString &path = {},
                                     const QList<std::pair<int, int>> &lineRanges = {},
                                     int lineLength = 88) override
    {
        if (!recordCodeIntel)
            return AbstractSession::format(code, path, lineRanges, lineLength);
        return record(Client::CodeIntelKind::Format, path, {nullptr, code});
    }
    Client::CodeIntelRequest *lint(const QString &code, const QString &path = {}) override
    {
        if (!recordCodeIntel)
            return AbstractSession::lint(code, path);
        return record(Client::CodeIntelKind::Lint, path, {nullptr, code});
    }

    Client::CodeIntelRequest *scan(const QString &code) override
    {
        if (!recordCodeIntel)
            return AbstractSession::scan(code);
        return record(Client::CodeIntelKind::Scan, {}, {nullptr, code});
    }

    // The queue as a test sets it (queued, note); cancel and move act on it like a session.
    QList<Client::QueuedRun> queuedRuns() const override { return queued; }
    QString queueNote() const override { return note; }
    bool cancelQueued(quint64 id) override
    {
        const qsizetype removed = queued.removeIf([id](const auto &run) { return run.id == id; });
        if (removed)
            Q_EMIT queueChanged();
        return removed > 0;
    }
    bool moveQueued(quint64 id, int steps) override
    {
        for (qsizetype i = 0; i < queued.size(); ++i) {
            if (queued.at(i).id != id)
                continue;
            const qsizetype to = std::clamp<qsizetype>(i + steps, 0, queued.size() - 1);
            if (to == i)
                return false;
            queued.move(i, to);
            Q_EMIT queueChanged();
            return true;
        }
        return false;
    }
    QList<Client::QueuedRun> queued;
    QString note;

    // Dataset sniffing: requests are kept in sniffCalls and the test answers them
    // (fetch->finish(result)).
    Client::SniffFetch *sniff(const Protocol::SniffRequest &request) override
    {
        Protocol::SniffRequest sent = request;
        sent.id = ++m_lastId;
        auto fetch = new Client::SniffFetch(sent, this);
        sniffCalls << fetch;
        Q_EMIT sniffRequested(fetch);
        return fetch;
    }

    void setState(Client::SessionState state)
    {
        if (state == m_state)
            return;
        m_state = state;
        Q_EMIT stateChanged(state);
    }

    QList<Client::Execution *> executed;
    QList<Client::RunPriority> priorities; // of executed, in the same order
    bool autoRestart = false;
    int interrupts = 0;
    int leftoverEnds = 0;
    int restarts = 0;
    bool recordCodeIntel = false;
    QList<CodeIntelCall> codeIntelCalls;
    QList<QPointer<Client::SniffFetch>> sniffCalls;
    Client::SessionLimits sessionLimits;
    bool keepWorkspace = false;
    QString workspace;

Q_SIGNALS:
    void executeCalled(Sandpiper::Client::Execution *execution);
    void codeIntelRequested(Sandpiper::Client::CodeIntelRequest *request);
    void sniffRequested(Sandpiper::Client::SniffFetch *fetch);

private:
    Client::CodeIntelRequest *record(Client::CodeIntelKind kind,
                                     const QString &path,
                                     CodeIntelCall call)
    {
        call.request = new Client::CodeIntelRequest(kind, ++m_lastId, path, this);
        codeIntelCalls << call;
        Q_EMIT codeIntelRequested(call.request);
        return call.request;
    }

    Client::SessionState m_state = Client::SessionState::NotStarted;
    Protocol::Hello m_info;
    quint64 m_lastId = 0;
};

} // namespace Sandpiper::Testing
