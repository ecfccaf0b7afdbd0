#include "historyrecorder.h"

#include <QPointer>
#include <QSettings>
#include <QTimer>
#include <QUuid>

namespace Sandpiper::Ui {

// The database's side of HistoryRecorder; everything here runs on the recorder's thread.
class HistoryWriter : public QObject
{
public:
    HistoryWriter(const QString &path, HistoryRecorder *recorder)
        : m_store(path)
        , m_recorder(recorder)
        , m_retry(this) // a child, so it moves to the recorder's thread with the writer
    {
        m_retry.setSingleShot(true);
        m_retry.setInterval(1000);
        QObject::connect(&m_retry, &QTimer::timeout, this, [this] { write(); });
    }

    void add(const RunRecord &record)
    {
        m_pending << record;
        // Everything that arrives before the thread gets back here goes in one transaction.
        if (!m_writeQueued && !m_retry.isActive()) {
            m_writeQueued = true;
            QMetaObject::invokeMethod(this, [this] { write(); }, Qt::QueuedConnection);
        }
    }

    void write()
    {
        m_writeQueued = false;
        if (m_pending.isEmpty() || !ensureOpen())
            return;
        QString error;
        QList<RunRecord> batch = m_pending;
        const int count = int(batch.size());
        if (!m_store.append(batch, &error)) {
            failed(QObject::tr("Runs could not be recorded in the history (%1); trying again.")
                           .arg(error));
            return;
        }
        m_pending.remove(0, count);
        m_failing = false;
        m_sincePruned += batch.size();
        const qint64 lastId = batch.isEmpty() ? 0 : batch.constLast().id;
        tell([lastId, count](HistoryRecorder *r) { r->confirm(lastId, count); });
        if (m_sincePruned >= PruneEvery)
            prune();
        if (!m_pending.isEmpty())
            write();
    }

    void search(quint64 serial, const HistoryStore::Query &query)
    {
        QString error;
        QList<RunRecord> found;
        if (ensureOpen())
            found = m_store.search(query, &error);
        else
            error = m_openError;
        tell([serial, found, error](HistoryRecorder *r) {
            Q_EMIT r->searched(serial, found, error);
        });
    }

    void exportTo(const QString &file, HistoryStore::ExportFormat format)
    {
        write(); // the export includes every run recorded so far
        QString error = m_openError;
        if (ensureOpen())
            m_store.exportTo(file, format, &error);
        tell([file, error](HistoryRecorder *r) { Q_EMIT r->exported(file, error); });
    }

    bool isDrained() const { return m_pending.isEmpty(); }

    void setRetention(const HistoryStore::Retention &retention)
    {
        m_retention = retention;
        if (ensureOpen())
            prune();
    }

private:
    static constexpr int PruneEvery = 500;

    bool ensureOpen()
    {
        if (m_store.isOpen())
            return true;
        m_openError.clear();
        if (!m_store.open(&m_openError)) {
            failed(QObject::tr("The history database %1 cannot be opened (%2); runs are kept "
                               "and recorded once it can.")
                           .arg(m_store.path(), m_openError));
            return false;
        }
        if (!m_store.movedAsidePath().isEmpty()) {
            const QString message
                    = QObject::tr("The history database was damaged. It was moved to %1 and a "
                                  "new one started.")
                              .arg(m_store.movedAsidePath());
            tell([message](HistoryRecorder *r) { Q_EMIT r->problem(message); });
        }
        prune();
        return true;
    }

    void prune()
    {
        m_sincePruned = 0;
        if (m_retention.days <= 0 && m_retention.maxBytes <= 0)
            return;
        QString error;
        if (m_store.applyRetention(m_retention, &error) < 0) {
            const QString message
                    = QObject::tr("Old runs could not be removed from the history: %1").arg(error);
            tell([message](HistoryRecorder *r) { Q_EMIT r->problem(message); });
        }
    }

    void failed(const QString &message)
    {
        if (!m_failing) // said once per failure, not every second
            tell([message](HistoryRecorder *r) { Q_EMIT r->problem(message); });
        m_failing = true;
        m_retry.start();
    }

    // Signals are emitted on the recorder's own thread.
    template<typename Emit>
    void tell(Emit emit)
    {
        QMetaObject::invokeMethod(m_recorder, [recorder = m_recorder, emit] {
            if (recorder)
                emit(recorder.data());
        });
    }

    HistoryStore m_store;
    QPointer<HistoryRecorder> m_recorder;
    QList<RunRecord> m_pending;
    HistoryStore::Retention m_retention;
    QTimer m_retry;
    QString m_openError;
    bool m_writeQueued = false;
    bool m_failing = false;
    int m_sincePruned = 0;
};

HistoryRecorder::HistoryRecorder(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path.isEmpty() ? HistoryStore::defaultPath() : path)
    , m_journal(m_path)
{
    m_thread.setObjectName(QStringLiteral("history"));
    m_thread.start(QThread::LowPriority);
    // The database is opened on that thread (Qt SQL connections belong to the thread that
    // opened them), at the first thing the writer is asked to do.
    m_writer = new HistoryWriter(m_path, this);
    m_writer->moveToThread(&m_thread);
    // Runs that ended just before an app crashed are recorded now, before anything new.
    // A journal emptied just before its app died holds nothing, and goes all the same.
    const QList<RunRecord> orphans = m_journal.takeOrphans();
    for (const RunRecord &record : orphans)
        hand(record);
    if (orphans.isEmpty() || flush())
        m_journal.removeOrphans();
}

HistoryRecorder::~HistoryRecorder()
{
    const bool drained = flush();
    QMetaObject::invokeMethod(
            m_writer, [writer = m_writer] { delete writer; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    // What could not be written stays in the journal for the next start.
    if (drained)
        m_journal.clear();
}

void HistoryRecorder::record(const RunRecord &record)
{
    RunRecord keyed = record;
    if (keyed.key.isEmpty())
        keyed.key = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_journal.append(keyed);
    hand(keyed);
}

void HistoryRecorder::hand(const RunRecord &record)
{
    ++m_outstanding;
    QMetaObject::invokeMethod(m_writer, [writer = m_writer, record] { writer->add(record); });
}

void HistoryRecorder::confirm(qint64 lastId, int count)
{
    m_outstanding -= count;
    // Everything journalled is in the database: the journal starts again empty.
    if (m_outstanding == 0)
        m_journal.clear();
    Q_EMIT recorded(lastId, count);
}

quint64 HistoryRecorder::search(const HistoryStore::Query &query)
{
    const quint64 serial = m_nextSerial++;
    QMetaObject::invokeMethod(
            m_writer, [writer = m_writer, serial, query] { writer->search(serial, query); });
    return serial;
}

void HistoryRecorder::exportTo(const QString &file, HistoryStore::ExportFormat format)
{
    QMetaObject::invokeMethod(
            m_writer, [writer = m_writer, file, format] { writer->exportTo(file, format); });
}

void HistoryRecorder::setRetention(const HistoryStore::Retention &retention)
{
    QMetaObject::invokeMethod(m_writer,
                              [writer = m_writer, retention] { writer->setRetention(retention); });
}

bool HistoryRecorder::flush()
{
    bool drained = false;
    QMetaObject::invokeMethod(
            m_writer,
            [writer = m_writer, &drained] {
                writer->write();
                drained = writer->isDrained();
            },
            Qt::BlockingQueuedConnection);
    return drained;
}

HistoryStore::Retention HistoryRecorder::savedRetention()
{
    QSettings settings;
    HistoryStore::Retention retention;
    retention.days = settings.value(QStringLiteral("history/retentionDays"), 0).toInt();
    retention.maxBytes = settings.value(QStringLiteral("history/maxMegabytes"), 1024).toLongLong()
                         * 1024 * 1024;
    return retention;
}

void HistoryRecorder::saveRetention(const HistoryStore::Retention &retention)
{
    QSettings settings;
    settings.setValue(QStringLiteral("history/retentionDays"), retention.days);
    settings.setValue(QStringLiteral("history/maxMegabytes"), retention.maxBytes / (1024 * 1024));
}

} // namespace Sandpiper::Ui
