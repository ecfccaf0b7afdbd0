#include "codeintelrequest.h"

namespace Sandpiper::Client {

QString toString(CodeIntelKind kind)
{
    switch (kind) {
    case CodeIntelKind::Complete:
        return QStringLiteral("complete");
    case CodeIntelKind::Signature:
        return QStringLiteral("signature");
    case CodeIntelKind::Inspect:
        return QStringLiteral("inspect");
    case CodeIntelKind::Format:
        return QStringLiteral("format");
    case CodeIntelKind::Lint:
        return QStringLiteral("lint");
    }
    return QString();
}

CodeIntelRequest::CodeIntelRequest(CodeIntelKind kind,
                                   quint64 id,
                                   const QString &path,
                                   QObject *parent)
    : QObject(parent)
    , m_kind(kind)
    , m_id(id)
    , m_path(path)
{}

void CodeIntelRequest::cancel()
{
    if (m_finished || m_cancelled)
        return;
    m_cancelled = true;
    Q_EMIT cancelRequested(m_id);
    deleteLater();
}

void CodeIntelRequest::finish(const CodeIntelResult &result)
{
    if (m_finished || m_cancelled)
        return;
    m_finished = true;
    m_result = result;
    Q_EMIT finished(m_result);
    deleteLater();
}

void CodeIntelRequest::finishLater(const CodeIntelResult &result)
{
    QMetaObject::invokeMethod(this, [this, result] { finish(result); }, Qt::QueuedConnection);
}

} // namespace Sandpiper::Client
