#pragma once

#include "codeintelrequest.h"

#include <QCborMap>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>

namespace Sandpiper::Client {

// The code-intelligence requests of one session: sends them once the engine is ready, matches
// the replies (untrusted, like every engine frame) to them, cancels stale and unwanted ones,
// and ends them all when the engine goes away.
//
// Every request sent gets exactly one reply from the engine, cancelled or not; the reply of a
// cancelled request is dropped. A reply for an id that was never sent, or of the wrong kind,
// is a protocol violation.
class CodeIntelDispatcher : public QObject
{
    Q_OBJECT

public:
    using Sender = std::function<void(const QCborMap &body)>;

    explicit CodeIntelDispatcher(Sender sender, QObject *parent = nullptr);

    // Takes over the request; body is its protocol message. code is the request's text, for
    // converting code-point columns in the reply to QChar columns (line/column: the cursor).
    // An older request of the same kind and path is cancelled.
    void submit(CodeIntelRequest *request,
                const QCborMap &body,
                const QString &code = {},
                int line = 0,
                int column = 0);

    // Ready: the engine said hello; what waits is sent. Not ready: nothing is sent.
    void setReady(bool ready);
    bool isReady() const { return m_ready; }

    // The engine is gone: every request waiting or sent ends unanswered with this reason (from
    // the event loop, so callers need not fear re-entry).
    void failAll(const QString &reason);

    static bool isReplyType(const QString &type);
    // false (and why) when the reply is malformed or answers nothing that was asked.
    bool handleReply(const QCborMap &body, QString *error);

    int pendingCount() const { return int(m_pending.size()); }

private:
    struct Pending
    {
        QPointer<CodeIntelRequest> request;
        QCborMap body;
        QString code;
        int line = 0;
        int column = 0;
        bool sent = false;
    };

    void onCancel(quint64 id);
    void deliver(const Pending &pending, const QCborMap &body, QString *error, bool *ok);

    Sender m_sender;
    bool m_ready = false;
    QList<quint64> m_order; // submission order, for sending what waited
    QHash<quint64, Pending> m_pending;
    QSet<quint64> m_cancelled; // sent, cancelled, reply still to come
};

// Columns: the protocol counts code points, Qt counts UTF-16 units.
int codePointColumn(const QString &code, int line, int qcharColumn);
int qcharColumn(const QString &code, int line, int codePointColumn);

} // namespace Sandpiper::Client
