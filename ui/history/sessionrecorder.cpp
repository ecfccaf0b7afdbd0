#include "sessionrecorder.h"

#include "historyrecorder.h"

#include <abstractsession.h>

namespace Sandpiper::Ui {

SessionRecorder::SessionRecorder(HistoryRecorder *history, QObject *parent)
    : QObject(parent)
    , m_history(history)
{}

void SessionRecorder::watch(Client::AbstractSession *session, const QString &name)
{
    disconnect(m_connection);
    m_session = session;
    m_name = name;
    if (session)
        m_connection = connect(
                session, &Client::AbstractSession::executionQueued, this, &SessionRecorder::follow);
}

SessionRecorder::Origin SessionRecorder::defaultOrigin(const QString &cellName)
{
    using Source = RunRecord::Source;
    if (cellName.isEmpty())
        return {QString::fromLatin1(Source::Console), {}, {}};
    if (cellName == QLatin1String("<import>"))
        return {QString::fromLatin1(Source::Import), {}, {}};
    if (cellName == QLatin1String("<export>"))
        return {QString::fromLatin1(Source::Export), {}, {}};
    if (cellName.startsWith(QLatin1String("<cell ")))
        return {QString::fromLatin1(Source::Editor), {}, {}};
    return {QString::fromLatin1(Source::App), cellName, {}};
}

RunRecord SessionRecorder::recordOf(const QString &code, const Client::RunOutcome &outcome)
{
    RunRecord record;
    record.code = code;
    record.codeSha256 = RunRecord::sha256Hex(code);
    record.finished = QDateTime::currentDateTimeUtc();
    record.started = record.finished.addMSecs(-qint64(outcome.wallSeconds * 1000.0));
    record.status = Client::toString(outcome.status);
    record.wallSeconds = outcome.wallSeconds;
    record.cpuSeconds = outcome.cpuSeconds;
    record.peakMemoryBytes = outcome.peakMemoryBytes;
    record.outputBytes = outcome.outputBytes;
    record.errorType = outcome.error.type;
    record.errorMessage = outcome.error.message.isEmpty() ? outcome.detail : outcome.error.message;
    return record;
}

void SessionRecorder::follow(Client::Execution *execution, const QString &cellName)
{
    // The origin is taken now: the editor may be closed before the run ends.
    const Origin origin = m_resolver ? m_resolver(cellName) : defaultOrigin(cellName);
    connect(execution,
            &Client::Execution::finished,
            this,
            [this, code = execution->code(), origin](const Client::RunOutcome &outcome) {
                if (!m_history)
                    return;
                RunRecord record = recordOf(code, outcome);
                record.session = m_name;
                record.source = origin.source;
                record.location = origin.location;
                record.findings = origin.findings;
                m_history->record(record);
            });
}

} // namespace Sandpiper::Ui
