#include "toolssession.h"

namespace Sandpiper::Client {

SessionOptions ToolsSession::defaultOptions()
{
    SessionOptions options;
    options.arguments = {
            QStringLiteral("--role"), QStringLiteral("tools"), QStringLiteral("--warm-completion")};
    options.limits.wallTimeMs = 0;
    options.limits.cpuTimeMs = 0;
    return options;
}

ToolsSession::ToolsSession(const SessionOptions &options, QObject *parent)
    : Session(options, parent)
{}

void ToolsSession::ensureStarted()
{
    if (state() == SessionState::NotStarted || state() == SessionState::Dead)
        start();
}

ToolRequest *ToolsSession::complete(
        const QString &code, int line, int column, const QString &path, Protocol::CodeSource)
{
    ensureStarted();
    return Session::complete(code, line, column, path, Protocol::CodeSource::Static);
}

ToolRequest *ToolsSession::signature(
        const QString &code, int line, int column, const QString &path, Protocol::CodeSource)
{
    ensureStarted();
    return Session::signature(code, line, column, path, Protocol::CodeSource::Static);
}

ToolRequest *ToolsSession::inspect(
        const QString &code, int line, int column, const QString &path, Protocol::CodeSource)
{
    ensureStarted();
    return Session::inspect(code, line, column, path, Protocol::CodeSource::Static);
}

ToolRequest *ToolsSession::format(const QString &code,
                                  const QString &path,
                                  const QList<std::pair<int, int>> &lineRanges,
                                  int lineLength)
{
    ensureStarted();
    return Session::format(code, path, lineRanges, lineLength);
}

ToolRequest *ToolsSession::lint(const QString &code, const QString &path)
{
    ensureStarted();
    return Session::lint(code, path);
}

} // namespace Sandpiper::Client
