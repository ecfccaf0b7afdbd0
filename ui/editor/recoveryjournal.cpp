#include "recoveryjournal.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>

namespace Sandpiper::Ui {

namespace {
const char lockName[] = "lock";

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit();
}

std::unique_ptr<QLockFile> tryLock(const QString &dir)
{
    auto lock = std::make_unique<QLockFile>(dir + QLatin1Char('/') + QLatin1String(lockName));
    // Sessions live for hours: only a dead owner makes a lock stale, never its age.
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0))
        return nullptr;
    return lock;
}
} // namespace

RecoveryJournal::RecoveryJournal(const QString &root, QObject *parent)
    : QObject(parent)
    , m_root(root.isEmpty() ? defaultRoot() : root)
{
    m_sessionDir = m_root + QLatin1Char('/') + QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (QDir().mkpath(m_sessionDir))
        m_lock = tryLock(m_sessionDir);
    if (!m_lock)
        qWarning("Cannot create the recovery journal in %s", qPrintable(m_sessionDir));
}

RecoveryJournal::~RecoveryJournal()
{
    // A clean exit: nothing to recover next time.
    if (m_lock) {
        m_lock->unlock();
        QDir(m_sessionDir).removeRecursively();
    }
}

QString RecoveryJournal::defaultRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
           + QLatin1String("/recovery");
}

bool RecoveryJournal::write(const QString &documentId,
                            const QString &filePath,
                            const QString &title,
                            const QByteArray &utf8)
{
    if (!m_lock)
        return false;
    const QString base = m_sessionDir + QLatin1Char('/') + documentId;
    QJsonObject meta;
    meta.insert(QStringLiteral("path"), filePath);
    meta.insert(QStringLiteral("title"), title);
    meta.insert(QStringLiteral("time"),
                QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    // Text first: the metadata's presence says the entry is complete.
    return writeFile(base + QLatin1String(".txt"), utf8)
           && writeFile(base + QLatin1String(".json"), QJsonDocument(meta).toJson());
}

void RecoveryJournal::remove(const QString &documentId)
{
    if (!m_lock)
        return;
    const QString base = m_sessionDir + QLatin1Char('/') + documentId;
    QFile::remove(base + QLatin1String(".json"));
    QFile::remove(base + QLatin1String(".txt"));
}

QStringList RecoveryJournal::journaledIds() const
{
    QStringList ids;
    const QStringList files = QDir(m_sessionDir).entryList({QStringLiteral("*.json")}, QDir::Files);
    for (const QString &file : files)
        ids << file.chopped(5);
    return ids;
}

QList<RecoveredBuffer> RecoveryJournal::orphans()
{
    QList<RecoveredBuffer> buffers;
    const QDir rootDir(m_root);
    const QFileInfoList sessions
            = rootDir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time);
    for (const QFileInfo &session : sessions) {
        const QString dir = session.absoluteFilePath();
        if (dir == QFileInfo(m_sessionDir).absoluteFilePath())
            continue;
        if (m_adopted.find(dir) == m_adopted.end()) {
            auto lock = tryLock(dir);
            if (!lock)
                continue; // a live instance
            m_adopted.emplace(dir, std::move(lock));
        }
        const QStringList metas = QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files);
        if (metas.isEmpty()) {
            // Nothing unsaved in that session: it just did not get to clean up.
            m_adopted.erase(dir);
            QDir(dir).removeRecursively();
            continue;
        }
        for (const QString &metaName : metas) {
            const QString base = dir + QLatin1Char('/') + metaName.chopped(5);
            QFile metaFile(base + QLatin1String(".json"));
            QFile textFile(base + QLatin1String(".txt"));
            if (!metaFile.open(QIODevice::ReadOnly) || !textFile.open(QIODevice::ReadOnly))
                continue;
            const QJsonObject meta = QJsonDocument::fromJson(metaFile.readAll()).object();
            RecoveredBuffer buffer;
            buffer.sessionDir = dir;
            buffer.documentId = metaName.chopped(5);
            buffer.filePath = meta.value(QStringLiteral("path")).toString();
            buffer.title = meta.value(QStringLiteral("title")).toString();
            buffer.journaledAt = QDateTime::fromString(
                    meta.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
            buffer.utf8 = textFile.readAll();
            buffers.append(buffer);
        }
    }
    return buffers;
}

void RecoveryJournal::resolve(const RecoveredBuffer &buffer)
{
    const QString base = buffer.sessionDir + QLatin1Char('/') + buffer.documentId;
    QFile::remove(base + QLatin1String(".json"));
    QFile::remove(base + QLatin1String(".txt"));
    if (QDir(buffer.sessionDir).entryList({QStringLiteral("*.json")}, QDir::Files).isEmpty()) {
        m_adopted.erase(buffer.sessionDir); // unlocks
        QDir(buffer.sessionDir).removeRecursively();
    }
}

} // namespace Sandpiper::Ui
