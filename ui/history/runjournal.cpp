#include "runjournal.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace Sandpiper::Ui {

namespace {
QString lockPath(const QString &journal)
{
    return journal + QLatin1String(".lock");
}
} // namespace

RunJournal::RunJournal(const QString &databasePath)
    : m_databasePath(databasePath)
{
    QDir().mkpath(QFileInfo(databasePath).absolutePath());
    const QString path = databasePath + QLatin1String(".pending-")
                         + QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_lock = std::make_unique<QLockFile>(lockPath(path));
    m_lock->setStaleLockTime(0); // only a dead owner frees a journal, never its age
    if (!m_lock->tryLock(0)) {
        m_lock.reset();
        return;
    }
    m_file.setFileName(path);
    // Unbuffered: each record is one write() straight to the kernel.
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        qWarning("Cannot write the run journal %s", qPrintable(path));
}

RunJournal::~RunJournal()
{
    // Called once every record is in the database (see HistoryRecorder).
    if (m_file.isOpen()) {
        m_file.close();
        if (m_file.size() == 0)
            m_file.remove();
    }
}

bool RunJournal::append(const RunRecord &record)
{
    return m_file.isOpen() && m_file.write(encode(record) + '\n') > 0;
}

void RunJournal::clear()
{
    if (m_file.isOpen() && m_file.size() > 0)
        m_file.resize(0);
}

QList<RunRecord> RunJournal::takeOrphans()
{
    QList<RunRecord> records;
    const QFileInfo database(m_databasePath);
    const QStringList journals = database.dir().entryList(
            {database.fileName() + QLatin1String(".pending-*")}, QDir::Files, QDir::Name);
    for (const QString &name : journals) {
        if (name.endsWith(QLatin1String(".lock")))
            continue;
        const QString path = database.dir().filePath(name);
        if (path == m_file.fileName())
            continue;
        auto lock = std::make_shared<QLockFile>(lockPath(path));
        lock->setStaleLockTime(0);
        if (!lock->tryLock(0))
            continue; // its app is still running
        QFile file(path);
        if (file.open(QIODevice::ReadOnly)) {
            while (!file.atEnd()) {
                if (const auto record = decode(file.readLine()))
                    records << *record;
            }
        }
        m_orphans.append({path, lock});
    }
    return records;
}

void RunJournal::removeOrphans()
{
    for (const auto &[path, lock] : std::as_const(m_orphans)) {
        QFile::remove(path);
        lock->unlock();
    }
    m_orphans.clear();
}

QByteArray RunJournal::encode(const RunRecord &record)
{
    QJsonObject object{{QStringLiteral("key"), record.key},
                       {QStringLiteral("session"), record.session},
                       {QStringLiteral("source"), record.source},
                       {QStringLiteral("location"), record.location},
                       {QStringLiteral("code"), record.code},
                       {QStringLiteral("started"), record.started.toString(Qt::ISODateWithMs)},
                       {QStringLiteral("finished"), record.finished.toString(Qt::ISODateWithMs)},
                       {QStringLiteral("status"), record.status},
                       {QStringLiteral("wall"), record.wallSeconds},
                       {QStringLiteral("cpu"), record.cpuSeconds},
                       {QStringLiteral("peak"), record.peakMemoryBytes},
                       {QStringLiteral("output"), qint64(record.outputBytes)},
                       {QStringLiteral("errorType"), record.errorType},
                       {QStringLiteral("errorMessage"), record.errorMessage},
                       {QStringLiteral("sha256"), record.codeSha256},
                       {QStringLiteral("findings"), record.findings}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<RunRecord> RunJournal::decode(const QByteArray &line)
{
    const QJsonObject object = QJsonDocument::fromJson(line.trimmed()).object();
    if (object.value(QStringLiteral("key")).toString().isEmpty())
        return std::nullopt; // not a whole record: the crash cut it short
    RunRecord record;
    record.key = object.value(QStringLiteral("key")).toString();
    record.session = object.value(QStringLiteral("session")).toString();
    record.source = object.value(QStringLiteral("source")).toString();
    record.location = object.value(QStringLiteral("location")).toString();
    record.code = object.value(QStringLiteral("code")).toString();
    record.started = QDateTime::fromString(object.value(QStringLiteral("started")).toString(),
                                           Qt::ISODateWithMs);
    record.finished = QDateTime::fromString(object.value(QStringLiteral("finished")).toString(),
                                            Qt::ISODateWithMs);
    record.status = object.value(QStringLiteral("status")).toString();
    record.wallSeconds = object.value(QStringLiteral("wall")).toDouble();
    record.cpuSeconds = object.value(QStringLiteral("cpu")).toDouble();
    record.peakMemoryBytes = object.value(QStringLiteral("peak")).toInteger(-1);
    record.outputBytes = quint64(object.value(QStringLiteral("output")).toInteger());
    record.errorType = object.value(QStringLiteral("errorType")).toString();
    record.errorMessage = object.value(QStringLiteral("errorMessage")).toString();
    record.codeSha256 = object.value(QStringLiteral("sha256")).toString();
    record.findings = object.value(QStringLiteral("findings")).toString();
    return record;
}

} // namespace Sandpiper::Ui
