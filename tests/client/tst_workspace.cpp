// The session workspace as the GUI side handles it: creation, hostile names, and imports and
// exports that must not be redirected by links the sandboxed code planted.

#include "filehelpers.h"
#include "workspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Sandpiper::Client;
using Sandpiper::Testing::readFile;
using Sandpiper::Testing::writeFile;

namespace {} // namespace

class tst_Workspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void createIsPrivateAndUnique();
    void sanitizeName_data();
    void sanitizeName();
    void longNamesStayValidUtf8();
    void importCopiesAndNeverOverwrites();
    void importRefuses_data();
    void importRefuses();
    void importRefusesTheSessionsOwnFiles_data();
    void importRefusesTheSessionsOwnFiles();
    void importIntoPlantedLinks_data();
    void importIntoPlantedLinks();
    void exportCopies();
    void exportRefuses_data();
    void exportRefuses();
    void removeAllSurvivesHostileTrees();

private:
    void plant(const QString &kind, const QString &name);

    std::unique_ptr<QTemporaryDir> m_root;    // holds the workspaces
    std::unique_ptr<QTemporaryDir> m_outside; // the user's files the session must not reach
    std::unique_ptr<Workspace> m_workspace;
    QString m_secret; // a file outside, in the outside folder
};

void tst_Workspace::init()
{
    Workspace::setOpenat2Enabled(true);
    m_root = std::make_unique<QTemporaryDir>();
    m_outside = std::make_unique<QTemporaryDir>();
    QVERIFY(m_root->isValid() && m_outside->isValid());
    QString error;
    m_workspace = Workspace::create(m_root->filePath(QStringLiteral("workspaces")), &error);
    QVERIFY2(m_workspace, qPrintable(error));
    m_secret = m_outside->filePath(QStringLiteral("secret.txt"));
    QVERIFY(writeFile(m_secret, "the user's secret"));
}

void tst_Workspace::cleanup()
{
    if (m_workspace && m_workspace->isValid()) {
        QString error;
        QVERIFY2(m_workspace->removeAll(&error), qPrintable(error));
    }
    m_workspace.reset();
    // Nothing outside may have changed, whatever the test did.
    QCOMPARE(readFile(m_secret), QByteArray("the user's secret"));
    Workspace::setOpenat2Enabled(true);
}

void tst_Workspace::createIsPrivateAndUnique()
{
    const QString root = m_root->filePath(QStringLiteral("workspaces"));
    struct stat st{};
    QCOMPARE(::stat(QFile::encodeName(root).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0700));
    QFileInfo info(m_workspace->path());
    QVERIFY(info.isDir());
    QCOMPARE(info.absolutePath(), QFileInfo(root).absoluteFilePath());
    QVERIFY(info.fileName().startsWith(QLatin1String("session-")));
    QCOMPARE(::stat(QFile::encodeName(m_workspace->path()).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0700));

    QString error;
    const auto second = Workspace::create(root, &error);
    QVERIFY(second);
    QVERIFY(second->path() != m_workspace->path());
    QVERIFY(second->removeAll(&error));
    QVERIFY(!QFileInfo::exists(second->path()));

    QVERIFY(!Workspace::create(m_secret + QStringLiteral("/below-a-file"), &error));
    QVERIFY(!error.isEmpty());
}

void tst_Workspace::sanitizeName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << "data.csv"
                           << "data.csv";
    QTest::newRow("spaces kept inside") << "  my data.csv "
                                        << "my data.csv";
    QTest::newRow("traversal") << "../../etc/passwd"
                               << ".._.._etc_passwd";
    QTest::newRow("dot dot") << ".." << QString();
    QTest::newRow("dot") << "." << QString();
    QTest::newRow("dots only") << "...." << QString();
    QTest::newRow("empty") << "" << QString();
    QTest::newRow("blank") << " \t " << QString();
    QTest::newRow("absolute") << "/etc/shadow"
                              << "_etc_shadow";
    QTest::newRow("backslash") << "..\\..\\x"
                               << ".._.._x";
    QTest::newRow("newline") << "a\nb.txt"
                             << "a_b.txt";
    QTest::newRow("nul") << QStringLiteral("a") + QChar(0) + QStringLiteral("b") << "a_b";
    QTest::newRow("escape sequence") << "\x1b[31mred"
                                     << "_[31mred";
    QTest::newRow("delete char") << "a\x7f"
                                 << "a_";
    QTest::newRow("c1 control") << QStringLiteral("a\u0085b") << "a_b";
    QTest::newRow("bidi override")
            << QStringLiteral("invoice\u202Efdp.exe") << QStringLiteral("invoice_fdp.exe");
    QTest::newRow("zero width") << QStringLiteral("a\u200Bb") << "a_b";
    QTest::newRow("line separator") << QStringLiteral("a\u2028b") << "a_b";
    QTest::newRow("lone surrogate") << QString(QChar(0xD800)) + QStringLiteral("x") << "_x";
    QTest::newRow("emoji kept") << QStringLiteral("chart \U0001F4C8.png")
                                << QStringLiteral("chart \U0001F4C8.png");
    QTest::newRow("chinese kept") << QStringLiteral("数据.csv") << QStringLiteral("数据.csv");
    QTest::newRow("option-like") << "-rf"
                                 << "_rf";
    QTest::newRow("hidden file kept") << ".env"
                                      << ".env";
}

void tst_Workspace::sanitizeName()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    const QString clean = Workspace::sanitizeName(name);
    QCOMPARE(clean, expected);
    QVERIFY(!clean.contains(u'/'));
    // Idempotent: a clean name stays as it is.
    QCOMPARE(Workspace::sanitizeName(clean), clean);
}

void tst_Workspace::longNamesStayValidUtf8()
{
    const QString latin = QString(500, u'a') + QStringLiteral(".csv");
    QString clean = Workspace::sanitizeName(latin);
    QVERIFY(clean.toUtf8().size() <= Workspace::MaxNameBytes);
    QVERIFY(clean.endsWith(QLatin1String(".csv")));

    QString wide;
    for (int i = 0; i < 200; ++i)
        wide += QStringLiteral("数\U0001F600");
    clean = Workspace::sanitizeName(wide + QStringLiteral(".parquet"));
    QVERIFY(!clean.isEmpty());
    QVERIFY(clean.toUtf8().size() <= Workspace::MaxNameBytes);
    QVERIFY(clean.endsWith(QLatin1String(".parquet")));
    QCOMPARE(QString::fromUtf8(clean.toUtf8()), clean); // no half characters
    QVERIFY(!clean.at(clean.size() - 9).isHighSurrogate());

    // A file of that name can really be created.
    const QString source = m_outside->filePath(QStringLiteral("long.txt"));
    QVERIFY(writeFile(source, "x"));
    QString error;
    const auto imported = m_workspace->importFile(source, &error, wide);
    QVERIFY2(imported, qPrintable(error));
    QVERIFY(QFileInfo::exists(*imported));
}

void tst_Workspace::importCopiesAndNeverOverwrites()
{
    const QString source = m_outside->filePath(QStringLiteral("data.csv"));
    QVERIFY(writeFile(source, "a,b\n1,2\n"));
    QString error;
    const auto first = m_workspace->importFile(source, &error);
    QVERIFY2(first, qPrintable(error));
    QCOMPARE(*first, QDir(m_workspace->path()).filePath(QStringLiteral("data.csv")));
    QCOMPARE(readFile(*first), QByteArray("a,b\n1,2\n"));

    QVERIFY(writeFile(source, "changed"));
    const auto second = m_workspace->importFile(source, &error);
    QVERIFY2(second, qPrintable(error));
    QCOMPARE(QFileInfo(*second).fileName(), QStringLiteral("data (2).csv"));
    QCOMPARE(readFile(*first), QByteArray("a,b\n1,2\n"));
    QCOMPARE(readFile(*second), QByteArray("changed"));

    // A name given by the caller is sanitized too.
    const auto named = m_workspace->importFile(source, &error, QStringLiteral("../../escape.txt"));
    QVERIFY2(named, qPrintable(error));
    QCOMPARE(QFileInfo(*named).absolutePath(), m_workspace->path());
    QCOMPARE(QFileInfo(*named).fileName(), QStringLiteral(".._.._escape.txt"));

    // Exactly at the limit is fine; empty files too.
    m_workspace->setTransferLimit(4);
    QVERIFY(writeFile(source, "1234"));
    QVERIFY(m_workspace->importFile(source, &error, QStringLiteral("four")));
    QVERIFY(writeFile(source, ""));
    QVERIFY(m_workspace->importFile(source, &error, QStringLiteral("empty")));
    // The bytes went through a hidden file that replaced the name in one rename: none is left.
    const QStringList hidden = QDir(m_workspace->path())
                                       .entryList({QStringLiteral(".sandpiper-copy-*")},
                                                  QDir::AllEntries | QDir::Hidden | QDir::System);
    QVERIFY2(hidden.isEmpty(), qPrintable(hidden.join(u',')));
    QFile four(QDir(m_workspace->path()).filePath(QStringLiteral("four")));
    QVERIFY(four.open(QIODevice::ReadOnly));
    QCOMPARE(four.readAll(), QByteArray("1234"));
}

void tst_Workspace::importRefusesTheSessionsOwnFiles_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("a file of the session") << "own";
    QTest::newRow("a link it planted to a secret") << "file-link";
    QTest::newRow("a folder link it planted") << "folder-link";
    QTest::newRow("a link of the user's into the workspace") << "user-link";
    QTest::newRow("a planted folder link, reached by another path") << "alias-folder-link";
    QTest::newRow("the workspace itself") << "root";
}

void tst_Workspace::importRefusesTheSessionsOwnFiles()
{
    // The file dialog can browse into the workspace: what is there is the session's, and a link
    // it planted could make the GUI copy a secret in.
    QFETCH(QString, kind);
    const QDir workspace(m_workspace->path());
    QString source;
    if (kind == QLatin1String("own")) {
        source = workspace.filePath(QStringLiteral("result.csv"));
        QVERIFY(writeFile(source, "x\n"));
    } else if (kind == QLatin1String("file-link")) {
        source = workspace.filePath(QStringLiteral("result.csv"));
        QVERIFY(QFile::link(m_secret, source));
    } else if (kind == QLatin1String("folder-link")) {
        QVERIFY(QFile::link(QFileInfo(m_secret).absolutePath(), workspace.filePath("data")));
        source = workspace.filePath(QStringLiteral("data/") + QFileInfo(m_secret).fileName());
    } else if (kind == QLatin1String("alias-folder-link")) {
        QVERIFY(QFile::link(QFileInfo(m_secret).absolutePath(), workspace.filePath("data")));
        const QString alias = m_outside->filePath(QStringLiteral("my-workspace"));
        QVERIFY(QFile::link(workspace.path() + QStringLiteral("/"), alias));
        source = alias + QStringLiteral("/./data/") + QFileInfo(m_secret).fileName();
    } else if (kind == QLatin1String("root")) {
        source = workspace.path();
    } else {
        QVERIFY(writeFile(workspace.filePath(QStringLiteral("planted.csv")), "x\n"));
        const QString shortcut = m_outside->filePath(QStringLiteral("shortcut"));
        QVERIFY(QFile::link(workspace.path(), shortcut));
        source = shortcut + QStringLiteral("/planted.csv");
    }
    const QStringList before = workspace.entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
    QString error;
    QVERIFY(!m_workspace->importFile(source, &error));
    QVERIFY2(error.contains(QLatin1String("workspace already")), qPrintable(error));
    QCOMPARE(workspace.entryList(QDir::AllEntries | QDir::NoDotAndDotDot), before);
}

void tst_Workspace::importRefuses_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("name");
    QTest::newRow("over the size limit") << "big"
                                         << "";
    QTest::newRow("a directory") << "directory"
                                 << "";
    QTest::newRow("a fifo") << "fifo"
                            << "";
    QTest::newRow("missing source") << "missing"
                                    << "";
    QTest::newRow("unusable name") << "file"
                                   << "..";
    QTest::newRow("blank name") << "file"
                                << "   ";
}

void tst_Workspace::importRefuses()
{
    QFETCH(QString, kind);
    QFETCH(QString, name);
    const QString source = m_outside->filePath(QStringLiteral("source"));
    m_workspace->setTransferLimit(1000);
    if (kind == QLatin1String("big"))
        QVERIFY(writeFile(source, QByteArray(1001, 'x')));
    else if (kind == QLatin1String("directory"))
        QVERIFY(QDir().mkdir(source));
    else if (kind == QLatin1String("fifo"))
        QCOMPARE(::mkfifo(QFile::encodeName(source).constData(), 0600), 0);
    else if (kind == QLatin1String("file"))
        QVERIFY(writeFile(source, "x"));
    QString error;
    QVERIFY(!m_workspace->importFile(source, &error, name));
    QVERIFY(!error.isEmpty());
    qInfo("%s", qPrintable(error));
    // Nothing half-written is left behind.
    QCOMPARE(QDir(m_workspace->path())
                     .entryList(QDir::AllEntries | QDir::Hidden | QDir::System
                                | QDir::NoDotAndDotDot),
             QStringList());
}

void tst_Workspace::plant(const QString &kind, const QString &name)
{
    const QByteArray path = QFile::encodeName(QDir(m_workspace->path()).filePath(name));
    if (kind == QLatin1String("symlink"))
        QCOMPARE(::symlink(QFile::encodeName(m_secret).constData(), path.constData()), 0);
    else if (kind == QLatin1String("dangling symlink"))
        QCOMPARE(::symlink(QFile::encodeName(m_outside->filePath(QStringLiteral("new.txt")))
                                   .constData(),
                           path.constData()),
                 0);
    else if (kind == QLatin1String("hardlink"))
        QCOMPARE(::link(QFile::encodeName(m_secret).constData(), path.constData()), 0);
    else if (kind == QLatin1String("fifo"))
        QCOMPARE(::mkfifo(path.constData(), 0600), 0);
    else if (kind == QLatin1String("directory symlink"))
        QCOMPARE(::symlink(QFile::encodeName(m_outside->path()).constData(), path.constData()), 0);
}

void tst_Workspace::importIntoPlantedLinks_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("openat2");
    for (const bool openat2 : {true, false}) {
        const char *mode = openat2 ? "openat2" : "walk";
        for (const char *kind : {"symlink", "dangling symlink", "hardlink", "fifo"})
            QTest::addRow("%s, %s", kind, mode) << QString::fromLatin1(kind) << openat2;
    }
}

void tst_Workspace::importIntoPlantedLinks()
{
    QFETCH(QString, kind);
    QFETCH(bool, openat2);
    Workspace::setOpenat2Enabled(openat2);
    plant(kind, QStringLiteral("upload.txt"));
    const QString source = m_outside->filePath(QStringLiteral("upload.txt"));
    QVERIFY(writeFile(source, "uploaded"));
    QString error;
    const auto imported = m_workspace->importFile(source, &error);
    QVERIFY2(imported, qPrintable(error));
    // The planted entry is left alone; the copy gets a new name.
    QCOMPARE(QFileInfo(*imported).fileName(), QStringLiteral("upload (2).txt"));
    QCOMPARE(readFile(*imported), QByteArray("uploaded"));
    QVERIFY(!QFileInfo(*imported).isSymLink());
    QVERIFY(!QFileInfo::exists(m_outside->filePath(QStringLiteral("new.txt"))));
    // cleanup() checks the secret is unchanged.
}

void tst_Workspace::exportCopies()
{
    QVERIFY(QDir(m_workspace->path()).mkpath(QStringLiteral("out/tables")));
    QVERIFY(writeFile(QDir(m_workspace->path()).filePath(QStringLiteral("out/tables/t.csv")),
                      "x,y\n"));
    const QString destination = m_outside->filePath(QStringLiteral("exported.csv"));
    QString error;
    QVERIFY2(m_workspace->exportFile(QStringLiteral("out/tables/t.csv"), destination, &error),
             qPrintable(error));
    QCOMPARE(readFile(destination), QByteArray("x,y\n"));
    Workspace::setOpenat2Enabled(false);
    QVERIFY(writeFile(QDir(m_workspace->path()).filePath(QStringLiteral("out/tables/t.csv")),
                      "walked\n"));
    QVERIFY2(m_workspace->exportFile(QStringLiteral("out/tables/t.csv"), destination, &error),
             qPrintable(error));
    QCOMPARE(readFile(destination), QByteArray("walked\n"));
}

void tst_Workspace::exportRefuses_data()
{
    QTest::addColumn<QString>("plant");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("openat2");
    for (const bool openat2 : {true, false}) {
        const char *mode = openat2 ? "openat2" : "walk";
        QTest::addRow("symlink to a secret, %s", mode) << "symlink"
                                                       << "result.csv" << openat2;
        QTest::addRow("hardlink to a secret, %s", mode) << "hardlink"
                                                        << "result.csv" << openat2;
        QTest::addRow("symlinked folder, %s", mode) << "directory symlink"
                                                    << "result.csv/secret.txt" << openat2;
        QTest::addRow("fifo, %s", mode) << "fifo"
                                        << "result.csv" << openat2;
        QTest::addRow("parent folder, %s", mode) << ""
                                                 << "../x" << openat2;
        QTest::addRow("absolute path, %s", mode) << ""
                                                 << "/etc/passwd" << openat2;
        QTest::addRow("missing, %s", mode) << ""
                                           << "nothing.csv" << openat2;
        QTest::addRow("a folder, %s", mode) << "folder"
                                            << "result.csv" << openat2;
        QTest::addRow("over the limit, %s", mode) << "big"
                                                  << "result.csv" << openat2;
        QTest::addRow("empty name, %s", mode) << ""
                                              << "" << openat2;
        QTest::addRow("dot, %s", mode) << ""
                                       << "." << openat2;
    }
}

void tst_Workspace::exportRefuses()
{
    QFETCH(QString, plant);
    QFETCH(QString, name);
    QFETCH(bool, openat2);
    Workspace::setOpenat2Enabled(openat2);
    m_workspace->setTransferLimit(1000);
    const QString inside = QDir(m_workspace->path()).filePath(QStringLiteral("result.csv"));
    if (plant == QLatin1String("folder"))
        QVERIFY(QDir().mkdir(inside));
    else if (plant == QLatin1String("big"))
        QVERIFY(writeFile(inside, QByteArray(1001, 'x')));
    else if (!plant.isEmpty())
        this->plant(plant, QStringLiteral("result.csv"));
    const QString destination = m_outside->filePath(QStringLiteral("exported"));
    QString error;
    QVERIFY(!m_workspace->exportFile(name, destination, &error));
    QVERIFY(!error.isEmpty());
    qInfo("%s", qPrintable(error));
    QVERIFY(!QFileInfo::exists(destination));
}

void tst_Workspace::removeAllSurvivesHostileTrees()
{
    const QDir dir(m_workspace->path());
    plant(QStringLiteral("directory symlink"), QStringLiteral("outside"));
    plant(QStringLiteral("hardlink"), QStringLiteral("linked"));
    plant(QStringLiteral("fifo"), QStringLiteral("pipe"));
    // Locked folders and files.
    QVERIFY(dir.mkpath(QStringLiteral("locked/inner")));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("locked/inner/f")), "x"));
    QCOMPARE(
            ::chmod(QFile::encodeName(dir.filePath(QStringLiteral("locked/inner"))).constData(), 0),
            0);
    QCOMPARE(::chmod(QFile::encodeName(dir.filePath(QStringLiteral("locked"))).constData(), 0), 0);
    // Deeper than any fixed descriptor budget, built with relative paths.
    QString deep = QStringLiteral("deep");
    QVERIFY(dir.mkdir(deep));
    const int fd
            = ::open(QFile::encodeName(dir.filePath(deep)).constData(), O_RDONLY | O_DIRECTORY);
    QVERIFY(fd >= 0);
    int current = fd;
    for (int i = 0; i < 300; ++i) {
        QCOMPARE(::mkdirat(current, "d", 0700), 0);
        const int next = ::openat(current, "d", O_RDONLY | O_DIRECTORY);
        QVERIFY(next >= 0);
        if (i == 150)
            QCOMPARE(::symlinkat("/", next, "root"), 0);
        ::close(current);
        current = next;
    }
    QCOMPARE(::symlinkat(QFile::encodeName(m_outside->path()).constData(), current, "out"), 0);
    ::close(current);

    const QString path = m_workspace->path();
    QString error;
    QVERIFY2(m_workspace->removeAll(&error), qPrintable(error));
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(QFileInfo::exists(m_outside->path()));
    QVERIFY(QFileInfo(m_secret).isFile());
}

QTEST_GUILESS_MAIN(tst_Workspace)

#include "tst_workspace.moc"
