#include "sidedispatcher.h"

#include "messages.h"

namespace Sandpiper::Client {

using namespace Protocol;

SideDispatcher::SideDispatcher(Sender sender, QObject *parent)
    : QObject(parent)
    , m_sender(std::move(sender))
{}

void SideDispatcher::track(SideRequest *request, const QCborMap &body, const QString &replyType)
{
    Pending pending{request, body, replyType, false};
    connect(request, &SideRequest::cancelRequested, this, &SideDispatcher::onCancel);
    if (m_ready) {
        pending.sent = true;
        m_sender(body);
    }
    m_pending.insert(request->id(), pending);
    m_order.append(request->id());
}

QList<SideRequest *> SideDispatcher::pendingRequests() const
{
    QList<SideRequest *> requests;
    for (quint64 id : m_order) {
        if (SideRequest *request = m_pending.value(id).request)
            requests.append(request);
    }
    return requests;
}

void SideDispatcher::setReady(bool ready)
{
    m_ready = ready;
    if (!ready)
        return;
    for (quint64 id : std::as_const(m_order)) {
        Pending &pending = m_pending[id];
        if (!pending.sent) {
            pending.sent = true;
            m_sender(pending.body);
        }
    }
}

void SideDispatcher::failAll(const QString &reason)
{
    m_ready = false;
    const QList<quint64> order = std::exchange(m_order, {});
    const QHash<quint64, Pending> pending = std::exchange(m_pending, {});
    m_cancelled.clear();
    for (quint64 id : order) {
        if (SideRequest *request = pending.value(id).request)
            fail(request, reason);
    }
}

void SideDispatcher::onCancel(quint64 id)
{
    const auto it = m_pending.constFind(id);
    if (it == m_pending.constEnd())
        return;
    const bool sent = it->sent;
    const QString replyType = it->replyType;
    m_pending.erase(it);
    m_order.removeOne(id);
    if (!sent)
        return;
    m_cancelled.insert(id, replyType);
    if (m_ready)
        m_sender(CancelRequest{id}.toCbor());
}

bool SideDispatcher::handleReply(const QCborMap &body, QString *error)
{
    const auto id = messageId(body);
    const QString type = messageType(body);
    if (!id) {
        *error = tr("a '%1' reply without an id").arg(type);
        return false;
    }
    QString expected;
    SideRequest *request = nullptr;
    if (const auto cancelled = m_cancelled.constFind(*id); cancelled != m_cancelled.constEnd()) {
        expected = *cancelled;
        m_cancelled.erase(cancelled);
    } else {
        const auto it = m_pending.constFind(*id);
        if (it == m_pending.constEnd() || !it->sent) {
            *error = tr("a '%1' reply for request %2, which was not asked").arg(type).arg(*id);
            return false;
        }
        expected = it->replyType;
        request = it->request;
        if (type == expected) {
            m_pending.erase(it);
            m_order.removeOne(*id);
        }
    }
    if (type != expected) {
        *error = tr("a '%1' reply to a request for '%2'").arg(type, expected);
        return false;
    }
    // A cancelled request's reply is still checked: it is a frame like any other.
    return deliver(request, body, error);
}

} // namespace Sandpiper::Client
