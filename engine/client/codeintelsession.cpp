#include "codeintelsession.h"

namespace Sandpiper::Client {

SessionOptions CodeIntelSession::defaultOptions()
{
    SessionOptions options;
    options.arguments = {QStringLiteral("--role"),
                         QStringLiteral("codeintel"),
                         QStringLiteral("--warm-completion")};
    options.limits.wallTimeMs = 0;
    options.limits.cpuTimeMs = 0;
    return options;
}

CodeIntelSession::CodeIntelSession(const SessionOptions &options, QObject *parent)
    : Session(options, parent)
{}

void CodeIntelSession::ensureStarted()
{
    if (state() == SessionState::NotStarted || state() == SessionState::Dead)
        start();
}

CodeIntelRequest *CodeIntelSession::complete(
        const QString &code, int line, int column, const QString &path, Protocol::CodeSource)
{
    ensureStarted();
    return Session::complete(code, line, column, path, Protocol::CodeSource::Static);
}

CodeIntelRequest *CodeIntelSession::signature(
        const QString &code, int line, int column, const QString &path, Protocol::CodeSource)
{
    ensureStarted();
    return Session::signature(code, line, column, path, Protocol::CodeSource::Static);
}

CodeIntelRequest *CodeIntelSession::inspect(
        const QString &code, int line, int column, const QString &path, Protocol::CodeSource)
{
    ensureStarted();
    return Session::inspect(code, line, column, path, Protocol::CodeSource::Static);
}

CodeIntelRequest *CodeIntelSession::format(const QString &code,
                                           const QString &path,
                                           const QList<std::pair<int, int>> &lineRanges,
                                           int lineLength)
{
    ensureStarted();
    return Session::format(code, path, lineRanges, lineLength);
}

CodeIntelRequest *CodeIntelSession::lint(const QString &code, const QString &path)
{
    ensureStarted();
    return Session::lint(code, path);
}

CodeIntelRequest *CodeIntelSession::scan(const QString &code)
{
    ensureStarted();
    return Session::scan(code);
}

} // namespace Sandpiper::Client
