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
    case CodeIntelKind::Scan:
        return QStringLiteral("scan");
    }
    return QString();
}

CodeIntelRequest::CodeIntelRequest(CodeIntelKind kind,
                                   quint64 id,
                                   const QString &path,
                                   QObject *parent)
    : SideRequest(id, parent)
    , m_kind(kind)
    , m_path(path)
{}

void CodeIntelRequest::setQuery(const QString &code, int line, int column)
{
    m_code = code;
    m_line = line;
    m_column = column;
}

void CodeIntelRequest::finish(const CodeIntelResult &result)
{
    if (!beginFinish())
        return;
    m_result = result;
    Q_EMIT finished(m_result);
}

void CodeIntelRequest::finishLater(const CodeIntelResult &result)
{
    QMetaObject::invokeMethod(this, [this, result] { finish(result); }, Qt::QueuedConnection);
}

} // namespace Sandpiper::Client
