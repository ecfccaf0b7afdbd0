#pragma once

#include "siderequest.h"

#include <QCborMap>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

namespace Sandpiper::Client {

// The side requests of one session, of one family (code intelligence, data): sends them once the
// engine is ready, matches the replies (untrusted, like every engine frame) to them, withdraws
// cancelled ones and ends them all when the engine goes away. Subclasses parse and deliver
// replies of their family.
//
// Every request sent gets exactly one reply from the engine, cancelled or not; the reply of a
// cancelled request is still checked, then dropped. A reply for an id that was never sent, or of
// the wrong type, is a protocol violation.
class SideDispatcher : public QObject
{
    Q_OBJECT

public:
    using Sender = std::function<void(const QCborMap &body)>;

    explicit SideDispatcher(Sender sender, QObject *parent = nullptr);

    // Ready: the engine said hello; what waits is sent. Not ready: nothing is sent.
    void setReady(bool ready);
    bool isReady() const { return m_ready; }

    // The engine is gone: every request waiting or sent ends unanswered with this reason (from
    // the event loop, so callers need not fear re-entry).
    void failAll(const QString &reason);

    // false (and why) when the reply is malformed or answers nothing that was asked.
    bool handleReply(const QCborMap &body, QString *error);

    int pendingCount() const { return int(m_pending.size()); }

protected:
    // Takes over the request: body is its message, sent now or once ready; replyType the type of
    // the reply it expects.
    void track(SideRequest *request, const QCborMap &body, const QString &replyType);
    // The requests waiting or sent, oldest first.
    QList<SideRequest *> pendingRequests() const;

    // Parses a reply of this family and hands it to the request (null for a cancelled one);
    // false and why when the reply is malformed.
    virtual bool deliver(SideRequest *request, const QCborMap &body, QString *error) = 0;
    // Ends the request unanswered, from the event loop.
    virtual void fail(SideRequest *request, const QString &reason) = 0;

private:
    struct Pending
    {
        QPointer<SideRequest> request;
        QCborMap body;
        QString replyType;
        bool sent = false;
    };

    void onCancel(quint64 id);

    Sender m_sender;
    bool m_ready = false;
    QList<quint64> m_order; // submission order, for sending what waited
    QHash<quint64, Pending> m_pending;
    QHash<quint64, QString> m_cancelled; // sent, cancelled, reply (of this type) still to come
};

} // namespace Sandpiper::Client
