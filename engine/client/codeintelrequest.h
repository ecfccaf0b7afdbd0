#pragma once

// One code-intelligence request (completion, call signature, documentation, black, flake8) as
// the editor sees it. See AbstractSession::complete() and the rest.

#include "messages.h"

#include <QObject>

namespace Sandpiper::Client {

enum class CodeIntelKind { Complete, Signature, Inspect, Format, Lint };
QString toString(CodeIntelKind kind);

// What came back. 'answered' is false when no engine answered (the session is not running,
// does not offer this, or its engine ended first): 'error' says why. Of the other members
// only the one for the request's kind is filled.
struct CodeIntelResult
{
    bool answered = false;
    QString error;
    Protocol::Completions completions;     // Complete
    Protocol::Signatures signatures;       // Signature
    Protocol::Documentation documentation; // Inspect
    Protocol::FormatResult formatted;      // Format: formatted.ok false on a syntax error
    Protocol::Diagnostics diagnostics;     // Lint
};

// Owned by the session that made it, deleted (deleteLater) after finished() or cancel(): keep
// it in a QPointer. finished() is emitted exactly once, always after returning to the event
// loop, unless the request is cancelled first.
//
// Positions in results are as in the request: line 1-based, column 0-based in QChar units of
// that line (CompletionItem::prefixLength too). Documentation::definitionColumn is in code
// points of the file it names.
class CodeIntelRequest : public QObject
{
    Q_OBJECT

public:
    CodeIntelRequest(CodeIntelKind kind,
                     quint64 id,
                     const QString &path,
                     QObject *parent = nullptr);

    CodeIntelKind kind() const { return m_kind; }
    quint64 id() const { return m_id; }
    QString path() const { return m_path; }
    bool isFinished() const { return m_finished; }
    bool isCancelled() const { return m_cancelled; }
    const CodeIntelResult &result() const { return m_result; }

    // No finished() after this; the engine drops the request if it has not started it.
    void cancel();

    // For implementations of AbstractSession.
    void finish(const CodeIntelResult &result);
    // finish() from the event loop, so that callers can connect first.
    void finishLater(const CodeIntelResult &result);

Q_SIGNALS:
    void finished(const Sandpiper::Client::CodeIntelResult &result);
    // For the session that made it.
    void cancelRequested(quint64 id);

private:
    CodeIntelKind m_kind;
    quint64 m_id;
    QString m_path;
    bool m_finished = false;
    bool m_cancelled = false;
    CodeIntelResult m_result;
};

} // namespace Sandpiper::Client
