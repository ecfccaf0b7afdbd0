#include "request.h"

#include "messages.h"

namespace Sandpiper::Worker {

using namespace Protocol;

std::optional<Lane> laneFor(const QString &type)
{
    if (type == MessageType::Ping || type == MessageType::Cancel || type == MessageType::Shutdown)
        return Lane::Io;
    if (type == MessageType::Execute)
        return Lane::Main;
    if (!replyTypeFor(type).isEmpty()) // complete, ..., page, summarize, find, release, expand,
                                       // sniff, count, cluster
        return Lane::Side;
    return std::nullopt;
}

bool isValidRequest(const QString &type, const QCborMap &body, QString *error)
{
    if (type == MessageType::Execute)
        return ExecuteRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Format)
        return FormatRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Lint)
        return LintRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Scan)
        return ScanRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Page)
        return PageRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Summarize)
        return SummaryRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Find)
        return FindRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Release)
        return ReleaseRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Expand)
        return ExpandRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Sniff)
        return SniffRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Count)
        return RowCountRequest::fromCbor(body, error).has_value();
    if (type == MessageType::Cluster)
        return ClusterRequest::fromCbor(body, error).has_value();
    return CodeQuery::fromCbor(body, error).has_value();
}

QCborMap unservedReply(const QString &type, quint64 id, const QString &why)
{
    if (type == MessageType::Execute) {
        ExecutionResult result;
        result.id = id;
        result.status = ExecutionStatus::Error;
        result.error.type = QStringLiteral("ProtocolError");
        result.error.message = why;
        return result.toCbor();
    }
    return emptyReplyFor(type, id, why).value_or(QCborMap());
}

} // namespace Sandpiper::Worker
