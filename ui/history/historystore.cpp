#include "historystore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>
#include <QVariant>

namespace Sandpiper::Ui {

namespace {

const char *const schema[] = {
        "CREATE TABLE IF NOT EXISTS runs("
        " id INTEGER PRIMARY KEY AUTOINCREMENT, run_key TEXT NOT NULL UNIQUE,"
        " session TEXT NOT NULL, source TEXT NOT NULL,"
        " location TEXT NOT NULL, code TEXT NOT NULL, started TEXT NOT NULL,"
        " finished TEXT NOT NULL, status TEXT NOT NULL, wall_s REAL NOT NULL,"
        " cpu_s REAL NOT NULL, peak_memory INTEGER NOT NULL, output_bytes INTEGER NOT NULL,"
        " error_type TEXT NOT NULL, error_message TEXT NOT NULL, code_sha256 TEXT NOT NULL,"
        " findings TEXT NOT NULL, hash TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS runs_started ON runs(started)",
        "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        // Substring search over code: trigrams match any part of an identifier (csv in read_csv).
        "CREATE VIRTUAL TABLE IF NOT EXISTS runs_fts USING fts5("
        " code, content='runs', content_rowid='id', tokenize='trigram')",
        "CREATE TRIGGER IF NOT EXISTS runs_fts_insert AFTER INSERT ON runs BEGIN"
        " INSERT INTO runs_fts(rowid, code) VALUES (new.id, new.code); END",
        "CREATE TRIGGER IF NOT EXISTS runs_fts_delete AFTER DELETE ON runs BEGIN"
        " INSERT INTO runs_fts(runs_fts, rowid, code) VALUES ('delete', old.id, old.code); END",
        // Append-only: only retention (which marks itself in meta) may remove records.
        "CREATE TRIGGER IF NOT EXISTS runs_no_update BEFORE UPDATE ON runs BEGIN"
        " SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS runs_no_delete BEFORE DELETE ON runs"
        " WHEN (SELECT value FROM meta WHERE key = 'pruning') IS NULL BEGIN"
        " SELECT RAISE(ABORT, 'the audit log is append-only'); END",
};

const char columns[]
        = "id, run_key, session, source, location, code, started, finished, status, wall_s, "
          "cpu_s, peak_memory, output_bytes, error_type, error_message, "
          "code_sha256, findings, hash";

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime timeFrom(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time.isValid() ? time.toUTC() : QDateTime();
}

RunRecord recordFrom(const QSqlQuery &query)
{
    RunRecord record;
    int column = 0;
    const auto next = [&query, &column] {
        return query.value(column++);
    };
    record.id = next().toLongLong();
    record.key = next().toString();
    record.session = next().toString();
    record.source = next().toString();
    record.location = next().toString();
    record.code = next().toString();
    record.started = timeFrom(next().toString());
    record.finished = timeFrom(next().toString());
    record.status = next().toString();
    record.wallSeconds = next().toDouble();
    record.cpuSeconds = next().toDouble();
    record.peakMemoryBytes = next().toLongLong();
    record.outputBytes = next().toULongLong();
    record.errorType = next().toString();
    record.errorMessage = next().toString();
    record.codeSha256 = next().toString();
    record.findings = next().toString();
    record.hash = next().toString();
    return record;
}

QString sqlError(const QSqlQuery &query)
{
    return query.lastError().text();
}

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

// A word the user typed, as an FTS5 phrase (quotes doubled).
QString phrase(const QString &word)
{
    QString quoted = word;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

QString likePattern(const QString &word)
{
    QString escaped = word;
    escaped.replace(u'\\', QStringLiteral("\\\\"))
            .replace(u'%', QStringLiteral("\\%"))
            .replace(u'_', QStringLiteral("\\_"));
    return u'%' + escaped + u'%';
}

QString csvField(const QString &text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n')
        && !text.contains(u'\r'))
        return text;
    QString quoted = text;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

QString removedText(qint64 first, qint64 last)
{
    return first == last ? QStringLiteral("record %1 was removed").arg(first)
                         : QStringLiteral("records %1 to %2 were removed").arg(first).arg(last);
}

QString number(double value)
{
    return QString::number(value, 'g', 17);
}

} // namespace

QString RunRecord::sha256Hex(const QString &code)
{
    return QString::fromLatin1(
            QCryptographicHash::hash(code.toUtf8(), QCryptographicHash::Sha256).toHex());
}

HistoryStore::HistoryStore(const QString &path)
    : m_path(path.isEmpty() ? defaultPath() : path)
    , m_connection(QStringLiteral("history-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

HistoryStore::~HistoryStore()
{
    close();
}

QString HistoryStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
           + QLatin1String("/history.sqlite");
}

bool HistoryStore::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && QSqlDatabase::database(m_connection).isOpen();
}

void HistoryStore::close()
{
    if (!QSqlDatabase::contains(m_connection))
        return;
    QSqlDatabase::database(m_connection, false).close();
    QSqlDatabase::removeDatabase(m_connection);
}

bool HistoryStore::openFile(QString *error)
{
    close();
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    // Another window may be writing: wait for it rather than fail.
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        setError(error, db.lastError().text());
        return false;
    }
    return true;
}

bool HistoryStore::open(QString *error)
{
    m_movedAside.clear();
    if (!openFile(error))
        return false;
    QSqlQuery check(QSqlDatabase::database(m_connection));
    const bool healthy = check.exec(QStringLiteral("PRAGMA quick_check")) && check.next()
                         && check.value(0).toString() == QLatin1String("ok");
    const QString why = healthy ? QString() : sqlError(check);
    check.finish();
    if (!healthy) {
        if (why.contains(QLatin1String("locked"), Qt::CaseInsensitive)) {
            setError(error, why); // busy, not broken: try again later
            return false;
        }
        if (!moveAside(error) || !openFile(error))
            return false;
    }
    if (!createSchema(error)) {
        close();
        return false;
    }
    return true;
}

bool HistoryStore::openExisting(QString *error)
{
    m_movedAside.clear();
    if (!openFile(error))
        return false;
    QSqlQuery check(QSqlDatabase::database(m_connection));
    if (!check.exec(QStringLiteral("PRAGMA quick_check")) || !check.next()) {
        setError(error, sqlError(check));
        return false;
    }
    if (check.value(0).toString() != QLatin1String("ok")) {
        setError(error, check.value(0).toString());
        return false;
    }
    return true;
}

bool HistoryStore::moveAside(QString *error)
{
    close();
    const QString aside
            = m_path + QLatin1String(".corrupt-")
              + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    for (const char *suffix : {"-wal", "-shm"}) {
        const QString from = m_path + QLatin1String(suffix);
        if (QFile::exists(from))
            QFile::rename(from, aside + QLatin1String(suffix));
    }
    if (!QFile::rename(m_path, aside)) {
        setError(error,
                 QStringLiteral("the history database %1 is damaged and cannot be moved aside")
                         .arg(m_path));
        return false;
    }
    m_movedAside = aside;
    return true;
}

bool HistoryStore::createSchema(QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery query(db);
    // WAL: readers never wait for the writer, and a crash of the app loses no committed record.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"}) {
        if (!query.exec(QString::fromLatin1(pragma))) {
            setError(error, sqlError(query));
            return false;
        }
    }
    for (const char *statement : schema) {
        if (!query.exec(QString::fromLatin1(statement))) {
            setError(error, sqlError(query));
            return false;
        }
    }
    return true;
}

QString HistoryStore::genesisHash()
{
    return QString(64, u'0');
}

QString HistoryStore::chainHash(const QString &previousHash, const RunRecord &record)
{
    // Each field length-prefixed, so no two records serialise alike.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const auto add = [&hash](const QString &field) {
        const QByteArray bytes = field.toUtf8();
        hash.addData(QByteArray(QByteArray::number(bytes.size()) + ':'));
        hash.addData(bytes);
    };
    add(previousHash);
    add(QString::number(record.id));
    add(record.key);
    add(record.session);
    add(record.source);
    add(record.location);
    add(record.code);
    add(timeText(record.started));
    add(timeText(record.finished));
    add(record.status);
    add(number(record.wallSeconds));
    add(number(record.cpuSeconds));
    add(QString::number(record.peakMemoryBytes));
    add(QString::number(record.outputBytes));
    add(record.errorType);
    add(record.errorMessage);
    add(record.codeSha256);
    add(record.findings);
    return QString::fromLatin1(hash.result().toHex());
}

bool HistoryStore::append(QList<RunRecord> &records, QString *error)
{
    if (records.isEmpty())
        return true;
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery query(db);
    // IMMEDIATE: the chain's head is read and extended under one write lock, even when another
    // window appends at the same time.
    if (!query.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        setError(error, sqlError(query));
        return false;
    }
    const auto rollback = [&](const QSqlQuery &failed) {
        setError(error, sqlError(failed));
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return false;
    };
    qint64 lastId = 0;
    QString lastHash;
    if (!query.exec(QStringLiteral("SELECT id, hash FROM runs ORDER BY id DESC LIMIT 1")))
        return rollback(query);
    if (query.next()) {
        lastId = query.value(0).toLongLong();
        lastHash = query.value(1).toString();
    } else {
        if (!query.exec(QStringLiteral("SELECT (SELECT value FROM meta WHERE key = 'anchor_id'),"
                                       " (SELECT value FROM meta WHERE key = 'anchor_hash')")))
            return rollback(query);
        query.next();
        lastId = query.value(0).toLongLong();
        lastHash = query.value(1).isNull() ? genesisHash() : query.value(1).toString();
    }
    query.finish();

    // A run already recorded (replayed from a journal after a crash) is not recorded again.
    QList<RunRecord> written;
    QSqlQuery known(db);
    known.prepare(QStringLiteral("SELECT 1 FROM runs WHERE run_key = ?"));
    for (const RunRecord &record : std::as_const(records)) {
        if (!record.key.isEmpty()) {
            known.bindValue(0, record.key);
            if (!known.exec())
                return rollback(known);
            const bool seen = known.next();
            known.finish();
            if (seen)
                continue;
        }
        written << record;
    }
    QSqlQuery insert(db);
    // An empty QString reaches SQLite as NULL; the columns hold empty text instead.
    QStringList placeholders(18, QStringLiteral("coalesce(?, '')"));
    insert.prepare(QStringLiteral("INSERT INTO runs(%1) VALUES (%2)")
                           .arg(QLatin1String(columns), placeholders.join(QLatin1String(", "))));
    for (RunRecord &record : written) {
        record.id = ++lastId;
        if (record.key.isEmpty())
            record.key = QUuid::createUuid().toString(QUuid::WithoutBraces);
        if (record.codeSha256.isEmpty())
            record.codeSha256 = RunRecord::sha256Hex(record.code);
        record.hash = chainHash(lastHash, record);
        lastHash = record.hash;
        const QVariantList values = {record.id,
                                     record.key,
                                     record.session,
                                     record.source,
                                     record.location,
                                     record.code,
                                     timeText(record.started),
                                     timeText(record.finished),
                                     record.status,
                                     record.wallSeconds,
                                     record.cpuSeconds,
                                     record.peakMemoryBytes,
                                     qint64(record.outputBytes),
                                     record.errorType,
                                     record.errorMessage,
                                     record.codeSha256,
                                     record.findings,
                                     record.hash};
        for (int i = 0; i < values.size(); ++i)
            insert.bindValue(i, values.at(i));
        if (!insert.exec())
            return rollback(insert);
    }
    insert.finish();
    // The head, so that removing the newest records is noticed too.
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES ('head_id', ?), "
                                 "('head_hash', ?)"));
    query.addBindValue(QString::number(lastId));
    query.addBindValue(lastHash);
    if (!query.exec())
        return rollback(query);
    if (!query.exec(QStringLiteral("COMMIT")))
        return rollback(query);
    records = written;
    return true;
}

QList<RunRecord> HistoryStore::search(const Query &request, QString *error) const
{
    QStringList where;
    QVariantList values;
    QStringList phrases;
    for (const QString &word : request.text.split(u' ', Qt::SkipEmptyParts)) {
        // Trigrams need three characters; shorter words are matched by LIKE.
        if (word.size() >= 3) {
            phrases << phrase(word);
        } else {
            where << QStringLiteral("code LIKE ? ESCAPE '\\'");
            values << likePattern(word);
        }
    }
    if (!phrases.isEmpty()) {
        where.prepend(QStringLiteral("id IN (SELECT rowid FROM runs_fts WHERE runs_fts MATCH ?)"));
        values.prepend(phrases.join(QLatin1String(" AND ")));
    }
    const auto equal = [&](const char *column, const QString &value) {
        if (value.isEmpty())
            return;
        where << QStringLiteral("%1 = ?").arg(QLatin1String(column));
        values << value;
    };
    equal("session", request.session);
    equal("status", request.status);
    equal("source", request.source);
    if (!request.includeAppRuns && request.source.isEmpty()) {
        where << QStringLiteral("source <> ?");
        values << QString::fromLatin1(RunRecord::Source::App);
    }
    if (request.from.isValid()) {
        where << QStringLiteral("started >= ?");
        values << timeText(request.from);
    }
    if (request.to.isValid()) {
        where << QStringLiteral("started < ?");
        values << timeText(request.to);
    }
    QString sql = QStringLiteral("SELECT %1 FROM runs").arg(QLatin1String(columns));
    if (!where.isEmpty())
        sql += QLatin1String(" WHERE ") + where.join(QLatin1String(" AND "));
    sql += QStringLiteral(" ORDER BY id DESC LIMIT %1").arg(std::max(1, request.limit));

    QSqlQuery query(QSqlDatabase::database(m_connection));
    query.setForwardOnly(true);
    query.prepare(sql);
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
    QList<RunRecord> found;
    if (!query.exec()) {
        setError(error, sqlError(query));
        return found;
    }
    while (query.next())
        found << recordFrom(query);
    return found;
}

QStringList HistoryStore::sessions() const
{
    QStringList names;
    QSqlQuery query(QSqlDatabase::database(m_connection));
    if (query.exec(QStringLiteral("SELECT DISTINCT session FROM runs ORDER BY session"))) {
        while (query.next())
            names << query.value(0).toString();
    }
    return names;
}

qint64 HistoryStore::count() const
{
    QSqlQuery query(QSqlDatabase::database(m_connection));
    if (query.exec(QStringLiteral("SELECT count(*) FROM runs")) && query.next())
        return query.value(0).toLongLong();
    return -1;
}

std::optional<RunRecord> HistoryStore::record(qint64 id) const
{
    QSqlQuery query(QSqlDatabase::database(m_connection));
    query.prepare(QStringLiteral("SELECT %1 FROM runs WHERE id = ?").arg(QLatin1String(columns)));
    query.addBindValue(id);
    if (query.exec() && query.next())
        return recordFrom(query);
    return std::nullopt;
}

HistoryStore::Verification HistoryStore::verify() const
{
    Verification result;
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery meta(db);
    if (!meta.exec(QStringLiteral("SELECT key, value FROM meta"))) {
        result.problem = sqlError(meta);
        return result;
    }
    QHash<QString, QString> values;
    while (meta.next())
        values.insert(meta.value(0).toString(), meta.value(1).toString());
    QString previous = values.value(QStringLiteral("anchor_hash"), genesisHash());
    qint64 expectedId
            = values.value(QStringLiteral("anchor_id"), QStringLiteral("0")).toLongLong() + 1;

    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(
                QStringLiteral("SELECT %1 FROM runs ORDER BY id").arg(QLatin1String(columns)))) {
        result.problem = sqlError(query);
        return result;
    }
    const auto broken = [&result](qint64 id, const QString &problem) {
        result.brokenId = id;
        result.problem = problem;
        return result;
    };
    while (query.next()) {
        const RunRecord record = recordFrom(query);
        if (record.id != expectedId) {
            return broken(record.id,
                          record.id > expectedId
                                  ? removedText(expectedId, record.id - 1)
                                  : QStringLiteral("record %1 is out of order").arg(record.id));
        }
        if (record.codeSha256 != RunRecord::sha256Hex(record.code))
            return broken(record.id,
                          QStringLiteral("record %1 was changed: its code does not match its "
                                         "SHA-256")
                                  .arg(record.id));
        if (chainHash(previous, record) != record.hash)
            return broken(record.id,
                          QStringLiteral("record %1 was changed: it does not match its hash")
                                  .arg(record.id));
        if (result.records == 0)
            result.firstId = record.id;
        result.lastId = record.id;
        ++result.records;
        previous = record.hash;
        ++expectedId;
    }
    const qint64 headId = values.value(QStringLiteral("head_id"), QStringLiteral("0")).toLongLong();
    if (headId > result.lastId && headId >= expectedId)
        return broken(expectedId, removedText(expectedId, headId));
    if (result.records > 0 && values.value(QStringLiteral("head_hash")) != previous)
        return broken(result.lastId,
                      QStringLiteral("record %1 is not the log's last record as written")
                              .arg(result.lastId));
    result.ok = true;
    return result;
}

HistoryStore::ExportFormat HistoryStore::formatFor(const QString &file)
{
    return file.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ? ExportFormat::Json
                                                                      : ExportFormat::Csv;
}

bool HistoryStore::exportTo(const QString &file, ExportFormat format, QString *error) const
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly)) {
        setError(error, out.errorString());
        return false;
    }
    QSqlQuery query(QSqlDatabase::database(m_connection));
    query.setForwardOnly(true);
    if (!query.exec(
                QStringLiteral("SELECT %1 FROM runs ORDER BY id").arg(QLatin1String(columns)))) {
        setError(error, sqlError(query));
        return false;
    }
    // The columns as stored, named as in the database (times in UTC, ISO 8601).
    const QStringList names = QString::fromLatin1(columns).split(QLatin1String(", "));
    bool first = true;
    if (format == ExportFormat::Csv)
        out.write(names.join(u',').toUtf8() + "\r\n");
    else
        out.write("[");
    while (query.next()) {
        QVariantList values;
        for (int i = 0; i < names.size(); ++i)
            values << query.value(i);
        if (format == ExportFormat::Csv) {
            QStringList cells;
            for (const QVariant &value : values)
                cells << csvField(value.typeId() == QMetaType::Double ? number(value.toDouble())
                                                                      : value.toString());
            out.write(cells.join(u',').toUtf8() + "\r\n");
        } else {
            QJsonObject object;
            for (int i = 0; i < names.size(); ++i)
                object.insert(names.at(i), QJsonValue::fromVariant(values.at(i)));
            out.write(first ? "\n" : ",\n");
            out.write(QJsonDocument(object).toJson(QJsonDocument::Compact));
        }
        first = false;
    }
    if (format == ExportFormat::Json)
        out.write("\n]\n");
    if (!out.commit()) {
        setError(error, out.errorString());
        return false;
    }
    return true;
}

qint64 HistoryStore::applyRetention(const Retention &retention, QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery query(db);
    // The newest record to remove; every record up to it goes.
    qint64 lastRemoved = 0;
    if (retention.days > 0) {
        query.prepare(QStringLiteral("SELECT max(id) FROM runs WHERE started < ?"));
        query.addBindValue(timeText(QDateTime::currentDateTimeUtc().addDays(-retention.days)));
        if (query.exec() && query.next())
            lastRemoved = query.value(0).toLongLong();
    }
    if (retention.maxBytes > 0
        && query.exec(QStringLiteral("SELECT (SELECT page_count FROM pragma_page_count()) - "
                                     "(SELECT freelist_count FROM pragma_freelist_count()), "
                                     "(SELECT page_size FROM pragma_page_size()), "
                                     "(SELECT min(id) FROM runs), (SELECT max(id) FROM runs)"))
        && query.next()) {
        const qint64 used = query.value(0).toLongLong() * query.value(1).toLongLong();
        const qint64 firstId = query.value(2).toLongLong();
        const qint64 lastId = query.value(3).toLongLong();
        if (used > retention.maxBytes && lastId >= firstId) {
            // Down to 90 % of the cap, so that it is not pruned again after every run.
            const double keep = 0.9 * double(retention.maxBytes) / double(used);
            const qint64 records = lastId - firstId + 1;
            lastRemoved
                    = std::max(lastRemoved, firstId + qint64(double(records) * (1.0 - keep)) - 1);
        }
    }
    query.finish();
    if (lastRemoved <= 0)
        return 0;
    if (!query.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        setError(error, sqlError(query));
        return -1;
    }
    QSqlQuery step(db);
    const auto fail = [&](const QSqlQuery &failed) {
        setError(error, sqlError(failed));
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return qint64(-1);
    };
    step.prepare(
            QStringLiteral("SELECT id, hash FROM runs WHERE id <= ? ORDER BY id DESC LIMIT 1"));
    step.addBindValue(lastRemoved);
    if (!step.exec())
        return fail(step);
    if (!step.next()) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return 0;
    }
    const qint64 anchorId = step.value(0).toLongLong();
    const QString anchorHash = step.value(1).toString();
    step.finish();
    if (!step.exec(
                QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES ('pruning', '1')")))
        return fail(step);
    step.prepare(QStringLiteral("DELETE FROM runs WHERE id <= ?"));
    step.addBindValue(anchorId);
    if (!step.exec())
        return fail(step);
    const qint64 removed = step.numRowsAffected();
    step.prepare(QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES ('anchor_id', ?), "
                                "('anchor_hash', ?)"));
    step.addBindValue(QString::number(anchorId));
    step.addBindValue(anchorHash);
    if (!step.exec())
        return fail(step);
    if (!step.exec(QStringLiteral("DELETE FROM meta WHERE key = 'pruning'"))
        || !step.exec(QStringLiteral("COMMIT")))
        return fail(step);
    return removed;
}

} // namespace Sandpiper::Ui
