#include "abstractsession.h"

#include <algorithm>
#include <limits>

#include <unistd.h>

namespace Sandpiper::Client {

quint64 SessionLimits::defaultMemoryBytes()
{
    constexpr quint64 gib = 1ull << 30;
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || pageSize <= 0)
        return 4 * gib;
    return std::min(4 * gib, quint64(pages) * quint64(pageSize) / 2);
}

SessionLimits SessionLimits::defaults()
{
    SessionLimits limits;
    limits.memoryBytes = defaultMemoryBytes();
    limits.outputBytes = 10ull << 20;
    limits.processes = 256;
    limits.openFiles = 1024;
    limits.fileSizeBytes = 1ull << 30;
    limits.transferBytes = 100ull << 20;
    limits.diskBytes = 10ull << 30;
    return limits;
}

qint64 SessionLimits::transferLimit() const
{
    constexpr quint64 unlimited = std::numeric_limits<qint64>::max();
    return qint64(transferBytes > 0 ? qMin(transferBytes, unlimited) : unlimited);
}

QString toString(SessionState state)
{
    switch (state) {
    case SessionState::NotStarted:
        return QStringLiteral("not started");
    case SessionState::Starting:
        return QStringLiteral("starting");
    case SessionState::Idle:
        return QStringLiteral("idle");
    case SessionState::Busy:
        return QStringLiteral("busy");
    case SessionState::Interrupting:
        return QStringLiteral("interrupting");
    case SessionState::Restarting:
        return QStringLiteral("restarting");
    case SessionState::Dead:
        return QStringLiteral("dead");
    }
    return QString();
}

QString toString(RunStatus status)
{
    switch (status) {
    case RunStatus::Ok:
        return QStringLiteral("ok");
    case RunStatus::Error:
        return QStringLiteral("error");
    case RunStatus::Interrupted:
        return QStringLiteral("interrupted");
    case RunStatus::Killed:
        return QStringLiteral("killed");
    case RunStatus::Crashed:
        return QStringLiteral("crashed");
    case RunStatus::Timeout:
        return QStringLiteral("timeout");
    case RunStatus::Memory:
        return QStringLiteral("memory");
    case RunStatus::OutputLimit:
        return QStringLiteral("output_limit");
    case RunStatus::DiskLimit:
        return QStringLiteral("disk_limit");
    case RunStatus::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QString();
}

namespace {

CodeIntelRequest *unsupported(AbstractSession *session, CodeIntelKind kind, const QString &path)
{
    auto request = new CodeIntelRequest(kind, 0, path, session);
    CodeIntelResult result;
    result.error = AbstractSession::tr("not supported by this session");
    request->finishLater(result);
    return request;
}

} // namespace

CodeIntelRequest *AbstractSession::complete(
        const QString &, int, int, const QString &path, Protocol::CodeSource)
{
    return unsupported(this, CodeIntelKind::Complete, path);
}

CodeIntelRequest *AbstractSession::signature(
        const QString &, int, int, const QString &path, Protocol::CodeSource)
{
    return unsupported(this, CodeIntelKind::Signature, path);
}

CodeIntelRequest *AbstractSession::inspect(
        const QString &, int, int, const QString &path, Protocol::CodeSource)
{
    return unsupported(this, CodeIntelKind::Inspect, path);
}

CodeIntelRequest *AbstractSession::format(const QString &,
                                          const QString &path,
                                          const QList<std::pair<int, int>> &,
                                          int)
{
    return unsupported(this, CodeIntelKind::Format, path);
}

CodeIntelRequest *AbstractSession::scan(const QString &)
{
    return unsupported(this, CodeIntelKind::Scan, {});
}

CodeIntelRequest *AbstractSession::lint(const QString &, const QString &path)
{
    return unsupported(this, CodeIntelKind::Lint, path);
}

PageFetch *AbstractSession::fetchPage(const Protocol::PageRequest &request)
{
    auto fetch = new PageFetch(pageRequest(0, request), this);
    fetch->failLater(tr("this session does not show tables"));
    return fetch;
}

SummaryFetch *AbstractSession::summarize(const Protocol::SummaryRequest &request)
{
    auto fetch = new SummaryFetch(request, this);
    fetch->failLater(tr("this session does not show tables"));
    return fetch;
}

FindFetch *AbstractSession::find(const Protocol::FindRequest &request)
{
    auto fetch = new FindFetch(request, this);
    fetch->failLater(tr("this session does not show tables"));
    return fetch;
}

MembersFetch *AbstractSession::expand(const Protocol::ExpandRequest &request)
{
    auto fetch = new MembersFetch(request, this);
    fetch->failLater(tr("this session has no variables"));
    return fetch;
}

SniffFetch *AbstractSession::sniff(const Protocol::SniffRequest &request)
{
    auto fetch = new SniffFetch(request, this);
    fetch->failLater(tr("this session does not read dataset files"));
    return fetch;
}

RowCountFetch *AbstractSession::countRows(const Protocol::RowCountRequest &request)
{
    auto fetch = new RowCountFetch(request, this);
    fetch->failLater(tr("this session does not show tables"));
    return fetch;
}

ClusterFetch *AbstractSession::clusterInfo(bool)
{
    auto fetch = new ClusterFetch({}, this);
    fetch->failLater(tr("this session runs no cluster"));
    return fetch;
}

void AbstractSession::releaseHold(quint64) {}

Protocol::PageRequest AbstractSession::pageRequest(quint64 id, Protocol::PageRequest request)
{
    using namespace Protocol;
    request.id = id;
    request.name = request.name.left(MaxVariableNameChars);
    request.path = request.path.mid(0, MaxMemberDepth);
    request.rowStart = std::max<qint64>(0, request.rowStart);
    request.rowCount = std::clamp(request.rowCount, 1, MaxPageRows);
    request.columnStart = std::max<qint64>(0, request.columnStart);
    request.columnCount = std::clamp(request.columnCount, 1, MaxPageColumns);
    request.sort = request.sort.mid(0, MaxSortKeys);
    request.filter.conditions = request.filter.conditions.mid(0, MaxFilterConditions);
    return request;
}

} // namespace Sandpiper::Client
