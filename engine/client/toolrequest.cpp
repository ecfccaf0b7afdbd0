#include "toolrequest.h"

namespace Sandpiper::Client {

QString toString(ToolKind kind)
{
    switch (kind) {
    case ToolKind::Complete:
        return QStringLiteral("complete");
    case ToolKind::Signature:
        return QStringLiteral("signature");
    case ToolKind::Inspect:
        return QStringLiteral("inspect");
    case ToolKind::Format:
        return QStringLiteral("format");
    case ToolKind::Lint:
        return QStringLiteral("lint");
    }
    return QString();
}

ToolRequest::ToolRequest(ToolKind kind, quint64 id, const QString &path, QObject *parent)
    : QObject(parent)
    , m_kind(kind)
    , m_id(id)
    , m_path(path)
{}

void ToolRequest::cancel()
{
    if (m_finished || m_cancelled)
        return;
    m_cancelled = true;
    Q_EMIT cancelRequested(m_id);
    deleteLater();
}

void ToolRequest::finish(const ToolResult &result)
{
    if (m_finished || m_cancelled)
        return;
    m_finished = true;
    m_result = result;
    Q_EMIT finished(m_result);
    deleteLater();
}

void ToolRequest::finishLater(const ToolResult &result)
{
    QMetaObject::invokeMethod(this, [this, result] { finish(result); }, Qt::QueuedConnection);
}

} // namespace Sandpiper::Client
