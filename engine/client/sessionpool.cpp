#include "sessionpool.h"

namespace Sandpiper::Client {

SessionPool::SessionPool(Factory factory, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
{}

SessionPool::~SessionPool()
{
    // Sessions end before the run slots they point at.
    const QList<Entry> entries = std::exchange(m_entries, {});
    for (const Entry &entry : entries) {
        disconnect(entry.session, nullptr, this, nullptr);
        entry.session->setRunSlots(nullptr);
        if (entry.owned) {
            entry.session->shutdown();
            delete entry.session;
        }
    }
}

AbstractSession *SessionPool::create(QString *error)
{
    if (!m_factory) {
        if (error)
            *error = tr("This window cannot start more sessions.");
        return nullptr;
    }
    if (count() >= m_maxSessions) {
        if (error)
            *error = tr("%n session(s) are open, the most this window keeps at once. Close one "
                        "(Run > Close Session) to start another.",
                        nullptr,
                        m_maxSessions);
        return nullptr;
    }
    AbstractSession *session = m_factory();
    if (!session) {
        if (error)
            *error = tr("The session could not be made.");
        return nullptr;
    }
    session->setParent(this);
    add(session, freeName(), true);
    return session;
}

void SessionPool::adopt(AbstractSession *session, const QString &name)
{
    if (!session || contains(session))
        return;
    add(session, name.trimmed().isEmpty() ? freeName() : name.trimmed(), false);
}

void SessionPool::add(AbstractSession *session, const QString &name, bool owned)
{
    m_entries.append({session, name, {}, {}, owned});
    session->setRunSlots(&m_runSlots);
    connect(session, &AbstractSession::stateChanged, this, [this, session](SessionState state) {
        // A new engine has no variables (as the Variables dock shows).
        if (state == SessionState::Restarting || state == SessionState::Dead) {
            if (const int index = indexOf(session); index >= 0)
                m_entries[index].variables.clear();
        }
        Q_EMIT changed(session);
    });
    connect(session,
            &AbstractSession::variablesChanged,
            this,
            [this, session](const Protocol::VariablesDiff &diff) {
                applyVariables(session, diff);
            });
    connect(session,
            &AbstractSession::resourcesSampled,
            this,
            [this, session](const ResourceSample &sample) {
                const int index = indexOf(session);
                if (index < 0)
                    return;
                QList<ResourceSample> &samples = m_entries[index].samples;
                if (samples.size() >= RecentSamples)
                    samples.remove(0, samples.size() - RecentSamples + 1);
                samples.append(sample);
                Q_EMIT changed(session);
            });
    // A session deleted by its owner leaves the pool too.
    connect(session, &QObject::destroyed, this, [this, session] { forget(session); });
    Q_EMIT added(session);
}

bool SessionPool::close(AbstractSession *session)
{
    const int index = indexOf(session);
    if (index < 0)
        return false;
    const bool owned = m_entries.at(index).owned;
    disconnect(session, nullptr, this, nullptr);
    session->setRunSlots(nullptr);
    m_entries.removeAt(index);
    Q_EMIT removed(session);
    if (owned) {
        session->shutdown();
        session->deleteLater();
    }
    return true;
}

void SessionPool::forget(AbstractSession *session)
{
    const int index = indexOf(session);
    if (index < 0)
        return;
    m_entries.removeAt(index);
    Q_EMIT removed(session);
}

bool SessionPool::rename(AbstractSession *session, const QString &name, QString *error)
{
    const int index = indexOf(session);
    const QString wanted = name.simplified();
    QString problem;
    if (index < 0)
        problem = tr("No such session.");
    else if (wanted.isEmpty())
        problem = tr("A session needs a name.");
    else if (wanted.size() > 60)
        problem = tr("A session's name has at most 60 characters.");
    else if (std::any_of(m_entries.cbegin(), m_entries.cend(), [&](const Entry &entry) {
                 return entry.session != session && entry.name == wanted;
             }))
        problem = tr("Another session is called \"%1\".").arg(wanted);
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    m_entries[index].name = wanted;
    Q_EMIT changed(session);
    Q_EMIT renamed(session);
    return true;
}

QList<AbstractSession *> SessionPool::sessions() const
{
    QList<AbstractSession *> sessions;
    for (const Entry &entry : m_entries)
        sessions.append(entry.session);
    return sessions;
}

QString SessionPool::name(const AbstractSession *session) const
{
    const int index = indexOf(session);
    return index < 0 ? QString() : m_entries.at(index).name;
}

ResourceSample SessionPool::lastSample(const AbstractSession *session) const
{
    const int index = indexOf(session);
    return index < 0 || m_entries.at(index).samples.isEmpty()
                   ? ResourceSample()
                   : m_entries.at(index).samples.constLast();
}

void SessionPool::applyVariables(AbstractSession *session, const Protocol::VariablesDiff &diff)
{
    const int index = indexOf(session);
    if (index < 0)
        return;
    QList<Protocol::VariableSummary> &variables = m_entries[index].variables;
    if (diff.reset) {
        variables = diff.changed;
        return;
    }
    variables.removeIf([&diff](const Protocol::VariableSummary &variable) {
        return diff.removed.contains(variable.name);
    });
    for (const Protocol::VariableSummary &summary : diff.changed) {
        const auto known = std::find_if(variables.begin(), variables.end(), [&](const auto &v) {
            return v.name == summary.name;
        });
        if (known != variables.end())
            *known = summary;
        else
            variables.append(summary);
    }
}

QList<Protocol::VariableSummary> SessionPool::variables(const AbstractSession *session) const
{
    const int index = indexOf(session);
    return index < 0 ? QList<Protocol::VariableSummary>() : m_entries.at(index).variables;
}

QList<ResourceSample> SessionPool::recentSamples(const AbstractSession *session) const
{
    const int index = indexOf(session);
    return index < 0 ? QList<ResourceSample>() : m_entries.at(index).samples;
}

int SessionPool::indexOf(const AbstractSession *session) const
{
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).session == session)
            return i;
    }
    return -1;
}

QString SessionPool::freeName() const
{
    for (int number = 1;; ++number) {
        const QString name = tr("Session %1").arg(number);
        const bool used = std::any_of(m_entries.cbegin(), m_entries.cend(), [&](const Entry &e) {
            return e.name == name;
        });
        if (!used)
            return name;
    }
}

} // namespace Sandpiper::Client
