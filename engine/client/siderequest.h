#pragma once

#include <QObject>

namespace Sandpiper::Client {

// A request the engine answers on its side thread (code intelligence, a page of a table), as the
// widget that asked sees it. Owned by the session that made it and deleted (deleteLater) once
// finished or cancelled: keep it in a QPointer. Subclasses carry the result and emit their own
// finished signal, exactly once, always after returning to the event loop, unless the request is
// cancelled first.
class SideRequest : public QObject
{
    Q_OBJECT

public:
    SideRequest(quint64 id, QObject *parent = nullptr);

    quint64 id() const { return m_id; }
    bool isFinished() const { return m_finished; }
    bool isCancelled() const { return m_cancelled; }

    // No finished signal after this; the engine drops the request if it has not started it.
    void cancel();

Q_SIGNALS:
    // For the session that made it.
    void cancelRequested(quint64 id);

protected:
    // true once: the caller then stores its result, emits its signal and deletes itself later.
    bool beginFinish();

private:
    quint64 m_id;
    bool m_finished = false;
    bool m_cancelled = false;
};

} // namespace Sandpiper::Client
