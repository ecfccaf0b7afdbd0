#include "importsession.h"

namespace Sandpiper::Client {

SessionOptions ImportSession::defaultOptions(const QString &readableFolder)
{
    SessionOptions options;
    options.arguments = {QStringLiteral("--role"), QStringLiteral("codeintel")};
    options.limits.wallTimeMs = 0;
    options.limits.cpuTimeMs = 0;
    if (!readableFolder.isEmpty())
        options.readOnlyPaths = {readableFolder};
    return options;
}

ImportSession::ImportSession(const QString &readableFolder, QObject *parent)
    : Session(defaultOptions(readableFolder), parent)
{}

ImportSession::ImportSession(const SessionOptions &options, QObject *parent)
    : Session(options, parent)
{}

SniffFetch *ImportSession::sniff(const Protocol::SniffRequest &request)
{
    if (state() == SessionState::NotStarted || state() == SessionState::Dead)
        start();
    return Session::sniff(request);
}

} // namespace Sandpiper::Client
