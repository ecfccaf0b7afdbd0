#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QLockFile>
#include <QObject>
#include <QString>

#include <memory>
#include <unordered_map>

namespace Sandpiper::Ui {

// A buffer found in the journal of an instance that did not exit cleanly.
struct RecoveredBuffer
{
    QString sessionDir;
    QString documentId;
    QString filePath; // empty for a buffer that was never saved
    QString title;
    QDateTime journaledAt;
    QByteArray utf8;
};

// Journals unsaved buffers so that a crash loses at most the last few seconds of typing.
//
// Each running instance owns a session directory <root>/<uuid>/ holding a QLockFile and, per
// unsaved buffer, <id>.txt (the UTF-8 text) and <id>.json (file path, title, time). The lock
// tells a live instance from a dead one: a session whose lock can be taken belongs to an
// instance that crashed (or was killed), and its buffers are offered for recovery. A clean
// exit removes the session directory.
class RecoveryJournal : public QObject
{
    Q_OBJECT

public:
    // root defaults to QStandardPaths::AppDataLocation + "/recovery".
    explicit RecoveryJournal(const QString &root = QString(), QObject *parent = nullptr);
    ~RecoveryJournal() override;

    static QString defaultRoot();
    QString root() const { return m_root; }
    QString sessionDir() const { return m_sessionDir; }
    bool isActive() const { return m_lock != nullptr; }

    bool write(const QString &documentId,
               const QString &filePath,
               const QString &title,
               const QByteArray &utf8);
    void remove(const QString &documentId);
    QStringList journaledIds() const;

    // Buffers of dead instances. Their sessions stay locked by this instance until each buffer
    // is restored or discarded, so that two instances never offer the same buffer.
    QList<RecoveredBuffer> orphans();
    // Forgets a recovered buffer (after it was restored into an editor or discarded). An
    // orphan session left empty is deleted.
    void resolve(const RecoveredBuffer &buffer);

private:
    QString m_root;
    QString m_sessionDir;
    std::unique_ptr<QLockFile> m_lock;
    std::unordered_map<QString, std::unique_ptr<QLockFile>> m_adopted; // orphan dir -> lock
};

} // namespace Sandpiper::Ui
