#pragma once

#include "session.h"

namespace Sandpiper::Client {

// The stateless code-intelligence engine (sandpiper-engine --role codeintel), shared by all
// editors: static completion, call signatures and documentation from the text, black and flake8. It
// runs no user code and has no namespace; it is sandboxed like a session.
//
// It starts on the first request and again on the next request after it died, so an editor
// never has to manage it. Completion, signature and inspect requests are always static here.
class CodeIntelSession : public Session
{
    Q_OBJECT

public:
    // Session options for the codeintel role: warm-up of jedi, black and flake8 while idle, no
    // limits on time per request (there are no executions).
    static SessionOptions defaultOptions();

    explicit CodeIntelSession(const SessionOptions &options = defaultOptions(),
                              QObject *parent = nullptr);

    CodeIntelRequest *complete(const QString &code,
                               int line,
                               int column,
                               const QString &path = {},
                               Protocol::CodeSource source = Protocol::CodeSource::Static) override;
    CodeIntelRequest *signature(const QString &code,
                                int line,
                                int column,
                                const QString &path = {},
                                Protocol::CodeSource source
                                = Protocol::CodeSource::Static) override;
    CodeIntelRequest *inspect(const QString &code,
                              int line,
                              int column,
                              const QString &path = {},
                              Protocol::CodeSource source = Protocol::CodeSource::Static) override;
    CodeIntelRequest *format(const QString &code,
                             const QString &path = {},
                             const QList<std::pair<int, int>> &lineRanges = {},
                             int lineLength = 88) override;
    CodeIntelRequest *lint(const QString &code, const QString &path = {}) override;
    CodeIntelRequest *scan(const QString &code) override;

private:
    void ensureStarted();
};

} // namespace Sandpiper::Client
