#include "siderequest.h"

namespace Sandpiper::Client {

SideRequest::SideRequest(quint64 id, QObject *parent)
    : QObject(parent)
    , m_id(id)
{}

void SideRequest::cancel()
{
    if (m_finished || m_cancelled)
        return;
    m_cancelled = true;
    Q_EMIT cancelRequested(m_id);
    deleteLater();
}

bool SideRequest::beginFinish()
{
    if (m_finished || m_cancelled)
        return false;
    m_finished = true;
    deleteLater();
    return true;
}

} // namespace Sandpiper::Client
