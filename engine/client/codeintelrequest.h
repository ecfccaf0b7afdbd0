#pragma once

// One code-intelligence request (completion, call signature, documentation, black, flake8) as
// the editor sees it. See AbstractSession::complete() and the rest.

#include "messages.h"
#include "siderequest.h"

namespace Sandpiper::Client {

enum class CodeIntelKind { Complete, Signature, Inspect, Format, Lint, Scan };
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
    Protocol::Diagnostics diagnostics;     // Lint, Scan
};

// See SideRequest. Positions in results are as in the request: line 1-based, column 0-based in
// QChar units of that line (CompletionItem::prefixLength too). Documentation::definitionColumn is
// in code points of the file it names.
class CodeIntelRequest : public SideRequest
{
    Q_OBJECT

public:
    CodeIntelRequest(CodeIntelKind kind,
                     quint64 id,
                     const QString &path,
                     QObject *parent = nullptr);

    CodeIntelKind kind() const { return m_kind; }
    QString path() const { return m_path; }
    const CodeIntelResult &result() const { return m_result; }

    // The text asked about and the cursor in it, for converting the reply's code-point columns.
    void setQuery(const QString &code, int line, int column);
    const QString &code() const { return m_code; }
    int line() const { return m_line; }
    int column() const { return m_column; }

    // For implementations of AbstractSession.
    void finish(const CodeIntelResult &result);
    // finish() from the event loop, so that callers can connect first.
    void finishLater(const CodeIntelResult &result);

Q_SIGNALS:
    void finished(const Sandpiper::Client::CodeIntelResult &result);

private:
    CodeIntelKind m_kind;
    QString m_path;
    QString m_code;
    int m_line = 0;
    int m_column = 0;
    CodeIntelResult m_result;
};

} // namespace Sandpiper::Client
