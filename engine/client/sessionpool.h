#pragma once

#include "abstractsession.h"
#include "runslots.h"

#include <QList>
#include <QObject>

#include <functional>

namespace Sandpiper::Client {

// The sessions one window holds: each with its own engine, workspace, limits and variables,
// and a name the user sees. It caps how many live at once and shares one RunSlots among them,
// so no more than the cap run code at the same time. Sessions come from a factory (the app
// makes real ones, tests fakes), or an existing session joins with adopt().
class SessionPool : public QObject
{
    Q_OBJECT

public:
    // A new session, not started; the pool becomes its parent.
    using Factory = std::function<AbstractSession *()>;
    static constexpr int DefaultMaxSessions = 8;

    explicit SessionPool(Factory factory = {}, QObject *parent = nullptr);
    ~SessionPool() override;

    bool canCreate() const { return bool(m_factory); }
    // A new session named "Session N" (the lowest N not in use). nullptr past the cap or
    // without a factory; *error then says why.
    AbstractSession *create(QString *error = nullptr);
    // An existing session joins (the pool does not own it); an empty name picks one.
    void adopt(AbstractSession *session, const QString &name = {});
    // Shuts the session down and forgets it (deleting it when the pool made it).
    bool close(AbstractSession *session);
    // Names are unique and not empty; false with *error otherwise.
    bool rename(AbstractSession *session, const QString &name, QString *error = nullptr);

    QList<AbstractSession *> sessions() const;
    bool contains(const AbstractSession *session) const { return indexOf(session) >= 0; }
    int count() const { return int(m_entries.size()); }
    QString name(const AbstractSession *session) const;
    // The latest resource reading, for listing sessions with memory and CPU.
    ResourceSample lastSample(const AbstractSession *session) const;
    // The readings of the last RecentSamples, oldest first: the Resources dock shows a session's
    // recent past when the user switches to it.
    static constexpr int RecentSamples = 600;
    QList<ResourceSample> recentSamples(const AbstractSession *session) const;
    // The session's variables as its diffs left them (empty after a restart): Variables shows
    // them at once when the user switches to it.
    QList<Protocol::VariableSummary> variables(const AbstractSession *session) const;

    int maxSessions() const { return m_maxSessions; }
    void setMaxSessions(int count) { m_maxSessions = std::max(1, count); }
    RunSlots *runSlots() { return &m_runSlots; }

Q_SIGNALS:
    void added(Sandpiper::Client::AbstractSession *session);
    void removed(Sandpiper::Client::AbstractSession *session);
    // Its name, state or resource reading changed.
    void changed(Sandpiper::Client::AbstractSession *session);
    void renamed(Sandpiper::Client::AbstractSession *session);

private:
    struct Entry
    {
        AbstractSession *session = nullptr; // its identity; forgotten when destroyed
        QString name;
        QList<ResourceSample> samples; // the recent ones, oldest first
        QList<Protocol::VariableSummary> variables;
        bool owned = false;
    };
    int indexOf(const AbstractSession *session) const;
    QString freeName() const;
    void add(AbstractSession *session, const QString &name, bool owned);
    void forget(AbstractSession *session);
    void applyVariables(AbstractSession *session, const Protocol::VariablesDiff &diff);

    Factory m_factory;
    QList<Entry> m_entries;
    int m_maxSessions = DefaultMaxSessions;
    RunSlots m_runSlots;
};

} // namespace Sandpiper::Client
