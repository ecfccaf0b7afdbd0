// The hostile example script in batch mode through the real application:
//   sandpiper --batch hostile_batch.py --out DIR --keep-going --time-limit 5 --memory-limit 1024
// Each cell ends with the status that names what stopped it, and nothing outside DIR and the
// session's workspace changes.

#include "foldersnapshot.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <pwd.h>
#include <unistd.h>

using Sandpiper::Testing::folderSnapshot;

namespace {

QStringList markerPaths()
{
    QStringList paths;
    for (const char *folder : {"/tmp", "/var/tmp", "/dev/shm"})
        paths << QDir(QLatin1String(folder)).filePath(QStringLiteral("sandpiper-hostile-marker"));
    if (const passwd *entry = ::getpwuid(::getuid()))
        paths << QDir(QString::fromLocal8Bit(entry->pw_dir))
                         .filePath(QStringLiteral("sandpiper-hostile-marker"));
    return paths;
}

} // namespace

class tst_HostileBatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyCellEndsWithItsLimit();
};

void tst_HostileBatch::everyCellEndsWithItsLimit()
{
    for (const QString &marker : markerPaths())
        QFile::remove(marker); // from an unsandboxed run, if any

    // The script in a folder of its own, so that any change next to it shows.
    QTemporaryDir scriptDir(QDir::current().filePath(QStringLiteral("hostile-batch-XXXXXX")));
    QVERIFY(scriptDir.isValid());
    const QString script = scriptDir.filePath(QStringLiteral("hostile_batch.py"));
    QVERIFY(QFile::copy(QStringLiteral(SANDPIPER_SOURCE_DIR "/tests/sandbox/hostile_batch.py"),
                        script));
    const QMap<QString, QByteArray> scriptDirBefore = folderSnapshot(scriptDir.path());
    const QString out = scriptDir.filePath(QStringLiteral("out"));
    const QString dataHome = scriptDir.filePath(QStringLiteral("data"));

    QProcess app;
    app.setProcessChannelMode(QProcess::ForwardedChannels);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_DATA_HOME"), dataHome); // where workspaces go
    app.setProcessEnvironment(environment);
    QElapsedTimer timer;
    timer.start();
    app.start(QStringLiteral(SANDPIPER_APP_PATH),
              {QStringLiteral("--batch"),
               script,
               QStringLiteral("--out"),
               out,
               QStringLiteral("--keep-going"),
               QStringLiteral("--time-limit"),
               QStringLiteral("5"),
               QStringLiteral("--memory-limit"),
               QStringLiteral("1024")});
    QVERIFY(app.waitForFinished(120000));
    qInfo("batch run took %lld ms", timer.elapsed());
    QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    QCOMPARE(app.exitCode(), 1); // cells failed, as they should

    QFile cellsFile(QDir(out).filePath(QStringLiteral("cells.json")));
    QVERIFY(cellsFile.open(QIODevice::ReadOnly));
    const QJsonArray cells = QJsonDocument::fromJson(cellsFile.readAll()).array();
    const QList<QStringList> expected = {
            {QStringLiteral("ok")}, // the comments before the first cell marker
            {QStringLiteral("timeout")},
            {QStringLiteral("error")},
            {QStringLiteral("memory")},
            {QStringLiteral("killed"), QStringLiteral("timeout")},
            {QStringLiteral("error")},
            {QStringLiteral("error")},
            {QStringLiteral("output_limit")},
            {QStringLiteral("ok")},
    };
    QCOMPARE(cells.size(), expected.size());
    for (qsizetype i = 0; i < cells.size(); ++i) {
        const QJsonObject cell = cells.at(i).toObject();
        const QString status = cell.value(QStringLiteral("status")).toString();
        qInfo("cell %lld: %s %s %s",
              i + 1,
              qPrintable(status),
              qPrintable(cell.value(QStringLiteral("error_type")).toString()),
              qPrintable(cell.value(QStringLiteral("detail")).toString().left(120)));
        QVERIFY2(expected.at(i).contains(status),
                 qPrintable(QStringLiteral("cell %1: %2").arg(i + 1).arg(status)));
        const QJsonObject usage = cell.value(QStringLiteral("usage")).toObject();
        QVERIFY(usage.value(QStringLiteral("wall_seconds")).toDouble() > 0);
        QVERIFY(usage.contains(QStringLiteral("peak_rss_bytes")));
        QVERIFY(usage.contains(QStringLiteral("exit_signal")));
    }
    QCOMPARE(cells.at(2).toObject().value(QStringLiteral("error_type")).toString(),
             QStringLiteral("MemoryError"));
    QFile log(QDir(out).filePath(QStringLiteral("output.log")));
    QVERIFY(log.open(QIODevice::ReadOnly));
    QVERIFY(log.readAll().contains("survived 1024 MiB"));

    // Nothing changed outside the report folder and the (removed) workspace.
    for (const QString &marker : markerPaths())
        QVERIFY2(!QFile::exists(marker), qPrintable(marker));
    QMap<QString, QByteArray> scriptDirAfter = folderSnapshot(scriptDir.path());
    for (auto it = scriptDirAfter.begin(); it != scriptDirAfter.end();) {
        if (it.key().startsWith(out) || it.key().startsWith(dataHome))
            it = scriptDirAfter.erase(it);
        else
            ++it;
    }
    QCOMPARE(scriptDirAfter, scriptDirBefore);
    const QStringList workspaces
            = folderSnapshot(dataHome).keys().filter(QStringLiteral("/session-"));
    QVERIFY2(workspaces.isEmpty(), qPrintable(workspaces.join(u'\n')));
}

QTEST_GUILESS_MAIN(tst_HostileBatch)

#include "tst_hostilebatch.moc"
