// Files into and out of the session's workspace from the GUI: File > Copy Files into Workspace
// and Save Workspace File As, through WorkspaceTransfer (worker thread, Client::Workspace rules).

#include "consolewidget.h"
#include "fakesession.h"
#include "filehelpers.h"
#include "mainwindow.h"
#include "sandbox/workspacetransfer.h"
#include "screenshotpath.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Sandpiper;
using Testing::readFile;
using Testing::writeFile;
using Ui::WorkspaceTransfer;

namespace {

// Runs one transfer to its end and returns its report.
struct Finished
{
    explicit Finished(WorkspaceTransfer *transfer)
    {
        QObject::connect(transfer,
                         &WorkspaceTransfer::finished,
                         transfer,
                         [this](const WorkspaceTransfer::Report &r) {
                             report = r;
                             ++count;
                         });
    }
    WorkspaceTransfer::Report report;
    int count = 0;
};

// Whether line index of lines exists and contains text.
bool says(const QStringList &lines, int index, const char *text)
{
    return index < lines.size() && lines.at(index).contains(QLatin1String(text));
}

} // namespace

class tst_WorkspaceTransfer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void importCopiesUnderSafeNames();
    void importRefusesWhatItMustNot();
    void exportSavesOnlyWorkspaceFiles();
    void oneTransferAtATime();
    void stopCancelsACopyInProgress();
    void exportResolvesFoldersNotFiles();
    void sessionNamesAreShownOnOneLine();
    void withoutWorkspaceNothingStarts();
    void mainWindowReportsInTheConsole();

private:
    // Imports with a transfer of its own and waits for its report.
    WorkspaceTransfer::Report importAndWait(const QStringList &paths);

    std::unique_ptr<QTemporaryDir> m_workspace;
    std::unique_ptr<QTemporaryDir> m_user; // the user's own files
    std::unique_ptr<Testing::FakeSession> m_session;
};

void tst_WorkspaceTransfer::init()
{
    m_workspace = std::make_unique<QTemporaryDir>();
    m_user = std::make_unique<QTemporaryDir>();
    QVERIFY(m_workspace->isValid() && m_user->isValid());
    m_session = std::make_unique<Testing::FakeSession>();
    m_session->workspace = m_workspace->path();
    m_session->sessionLimits = Client::SessionLimits::defaults();
    m_session->sessionLimits.transferBytes = 1024;
}

WorkspaceTransfer::Report tst_WorkspaceTransfer::importAndWait(const QStringList &paths)
{
    WorkspaceTransfer transfer;
    transfer.setSession(m_session.get());
    Finished done(&transfer);
    if (!transfer.importFiles(paths) || !QTest::qWaitFor([&] { return done.count == 1; }, 5000))
        return {{}, {QStringLiteral("the import did not start or never finished")}};
    return done.report;
}

void tst_WorkspaceTransfer::importCopiesUnderSafeNames()
{
    const QString csv = m_user->filePath(QStringLiteral("iris.csv"));
    const QString odd = m_user->filePath(QStringLiteral("bad\tname\x01.csv"));
    QVERIFY(writeFile(csv, "a,b\n1,2\n"));
    QVERIFY(writeFile(odd, "x\n"));
    const WorkspaceTransfer::Report report = importAndWait({csv, odd, csv});
    QCOMPARE(report.failed, QStringList());
    QCOMPARE(report.copied.size(), 3);
    QVERIFY2(report.copied.at(0).endsWith(QLatin1String("as iris.csv")),
             qPrintable(report.copied.at(0)));
    // The same name again never replaces the first copy.
    QVERIFY2(report.copied.at(2).endsWith(QLatin1String("as iris (2).csv")),
             qPrintable(report.copied.at(2)));
    QCOMPARE(readFile(m_workspace->filePath(QStringLiteral("iris.csv"))), QByteArray("a,b\n1,2\n"));
    QCOMPARE(readFile(m_workspace->filePath(QStringLiteral("iris (2).csv"))),
             QByteArray("a,b\n1,2\n"));
    // No control characters reach the workspace.
    const QStringList names = QDir(m_workspace->path()).entryList(QDir::Files);
    QCOMPARE(names.size(), 3);
    for (const QString &name : names) {
        for (const QChar c : name)
            QVERIFY2(c.unicode() >= 0x20, qPrintable(name));
    }
}

void tst_WorkspaceTransfer::importRefusesWhatItMustNot()
{
    const QString big = m_user->filePath(QStringLiteral("big.bin"));
    QVERIFY(writeFile(big, QByteArray(2048, 'x'))); // over the 1 KiB limit
    const QString folder = m_user->filePath(QStringLiteral("folder"));
    QVERIFY(QDir().mkpath(folder));
    const QString missing = m_user->filePath(QStringLiteral("missing.csv"));
    const WorkspaceTransfer::Report report = importAndWait({big, folder, missing});
    QCOMPARE(report.copied, QStringList());
    QCOMPARE(report.failed.size(), 3);
    const QByteArray failed = report.failed.join(u'|').toUtf8();
    QVERIFY2(says(report.failed, 0, "larger than the limit"), failed.constData());
    QVERIFY2(says(report.failed, 1, "not a regular file"), failed.constData());
    QVERIFY2(says(report.failed, 2, "cannot open"), failed.constData());
    QVERIFY(QDir(m_workspace->path()).isEmpty()); // nothing half-copied is left
}

void tst_WorkspaceTransfer::exportSavesOnlyWorkspaceFiles()
{
    QVERIFY(QDir(m_workspace->path()).mkpath(QStringLiteral("out")));
    const QString table = m_workspace->filePath(QStringLiteral("out/table.csv"));
    QVERIFY(writeFile(table, "x,y\n"));
    const QString secret = m_user->filePath(QStringLiteral("secret.txt"));
    QVERIFY(writeFile(secret, "secret\n"));
    // Planted by the session's code: a link to the user's file, and a hard link to it.
    const QString link = m_workspace->filePath(QStringLiteral("link.txt"));
    QVERIFY(QFile::link(secret, link));
    const QString hard = m_workspace->filePath(QStringLiteral("hard.txt"));
    const bool hardLinked
            = ::link(QFile::encodeName(secret).constData(), QFile::encodeName(hard).constData())
              == 0;

    WorkspaceTransfer transfer;
    transfer.setSession(m_session.get());
    Finished done(&transfer);
    const QString saved = m_user->filePath(QStringLiteral("saved.csv"));
    QVERIFY(transfer.exportFile(table, saved));
    QTRY_COMPARE(done.count, 1);
    QCOMPARE(done.report.failed, QStringList());
    QCOMPARE(readFile(saved), QByteArray("x,y\n"));

    const auto refused = [&](const QString &file, const char *why) {
        const QString destination = m_user->filePath(QStringLiteral("refused.txt"));
        const int before = done.count;
        if (!transfer.exportFile(file, destination))
            return QStringLiteral("not started");
        if (!QTest::qWaitFor([&] { return done.count > before; }, 5000))
            return QStringLiteral("never finished");
        if (QFile::exists(destination))
            return QStringLiteral("written");
        if (done.report.failed.size() != 1
            || !done.report.failed.first().contains(QLatin1String(why)))
            return done.report.failed.join(u'|');
        return QString();
    };
    QCOMPARE(refused(link, "link"), QString());
    if (hardLinked)
        QCOMPARE(refused(hard, "hard links"), QString());
    QCOMPARE(refused(secret, "not in the session's workspace"), QString());
    QCOMPARE(refused(m_workspace->filePath(QStringLiteral("../x")), "not in the session's"),
             QString());
    QCOMPARE(refused(m_workspace->path(), "not in the session's"), QString());
    QCOMPARE(readFile(secret), QByteArray("secret\n"));
}

void tst_WorkspaceTransfer::oneTransferAtATime()
{
    m_session->sessionLimits.transferBytes = 0; // no limit
    const QString csv = m_user->filePath(QStringLiteral("a.csv"));
    QVERIFY(writeFile(csv, "1\n"));
    WorkspaceTransfer transfer;
    transfer.setSession(m_session.get());
    QList<bool> busy;
    connect(&transfer, &WorkspaceTransfer::busyChanged, this, [&](bool b) { busy << b; });
    Finished done(&transfer);
    QVERIFY(transfer.importFiles({csv}));
    // However fast the copy is, a second request before the report is refused.
    QVERIFY(transfer.isBusy());
    QVERIFY(!transfer.importFiles({csv}));
    QVERIFY(!transfer.exportFile(csv, csv));
    QTRY_COMPARE(done.count, 1);
    QCOMPARE(busy, (QList<bool>{true, false}));
    QVERIFY(!transfer.isBusy());
    QCOMPARE(done.report.copied.size(), 1);
    QVERIFY(transfer.importFiles({csv}));
    QTRY_COMPARE(done.count, 2);
    QCOMPARE(QDir(m_workspace->path()).entryList(QDir::Files).size(), 2);
}

void tst_WorkspaceTransfer::stopCancelsACopyInProgress()
{
    m_session->sessionLimits.transferBytes = 0; // no limit
    const QString big = m_user->filePath(QStringLiteral("big.bin"));
    {
        QFile file(big);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(qint64(512) << 20)); // sparse: quick to make, slow enough to copy
    }
    WorkspaceTransfer transfer;
    transfer.setSession(m_session.get());
    Finished done(&transfer);
    QVERIFY(transfer.importFiles({big, big}));
    transfer.stop(); // as when the window closes
    QTRY_COMPARE(done.count, 1);
    QCOMPARE(done.report.copied, QStringList());
    QVERIFY2(says(done.report.failed, 0, "cancelled"), qPrintable(done.report.failed.join(u'|')));
    QVERIFY(QDir(m_workspace->path()).isEmpty()); // nothing half-copied is left
}

void tst_WorkspaceTransfer::exportResolvesFoldersNotFiles()
{
    // The user reaches the workspace through a link of their own: still the workspace.
    QVERIFY(QDir(m_workspace->path()).mkpath(QStringLiteral("out")));
    QVERIFY(writeFile(m_workspace->filePath(QStringLiteral("out/t.csv")), "t\n"));
    const QString alias = m_user->filePath(QStringLiteral("my-workspace"));
    QVERIFY(QFile::link(m_workspace->path(), alias));
    // The session planted a folder link to the user's files.
    QVERIFY(writeFile(m_user->filePath(QStringLiteral("secret.txt")), "secret\n"));
    QVERIFY(QFile::link(m_user->path(), m_workspace->filePath(QStringLiteral("mine"))));

    WorkspaceTransfer transfer;
    transfer.setSession(m_session.get());
    Finished done(&transfer);
    const QString saved = m_user->filePath(QStringLiteral("saved.csv"));
    QVERIFY(transfer.exportFile(alias + QStringLiteral("/out/t.csv"), saved));
    QTRY_COMPARE(done.count, 1);
    QCOMPARE(done.report.failed, QStringList());
    QCOMPARE(readFile(saved), QByteArray("t\n"));

    const QString leaked = m_user->filePath(QStringLiteral("leaked.txt"));
    QVERIFY(transfer.exportFile(m_workspace->filePath(QStringLiteral("mine/secret.txt")), leaked));
    QTRY_COMPARE(done.count, 2);
    QVERIFY2(says(done.report.failed, 0, "not in the session's workspace"),
             qPrintable(done.report.failed.join(u'|')));
    QVERIFY(!QFile::exists(leaked));
}

void tst_WorkspaceTransfer::sessionNamesAreShownOnOneLine()
{
    QCOMPARE(WorkspaceTransfer::printable(QStringLiteral("a\nb\u202Ec\td")),
             QStringLiteral("a\uFFFDb\uFFFDc\uFFFDd"));
    const QString name = QStringLiteral("line\nCopied secrets.txt into the workspace as x.csv");
    QVERIFY(writeFile(m_workspace->filePath(name), "x\n"));
    WorkspaceTransfer transfer;
    transfer.setSession(m_session.get());
    Finished done(&transfer);
    QVERIFY(transfer.exportFile(m_workspace->filePath(name),
                                m_user->filePath(QStringLiteral("o"))));
    QTRY_COMPARE(done.count, 1);
    QCOMPARE(done.report.copied.size(), 1);
    QVERIFY(!done.report.copied.first().contains(u'\n'));
}

void tst_WorkspaceTransfer::withoutWorkspaceNothingStarts()
{
    WorkspaceTransfer transfer;
    QVERIFY(!transfer.importFiles({QStringLiteral("/etc/hostname")}));
    m_session->workspace.clear();
    transfer.setSession(m_session.get());
    QVERIFY(!transfer.importFiles({QStringLiteral("/etc/hostname")}));
    QVERIFY(!transfer.isBusy());
}

void tst_WorkspaceTransfer::mainWindowReportsInTheConsole()
{
    Ui::MainWindow window;
    window.setSession(m_session.get());
    const QString csv = m_user->filePath(QStringLiteral("sales.csv"));
    QVERIFY(writeFile(csv, "q,n\n"));
    const QString big = m_user->filePath(QStringLiteral("huge.bin"));
    QVERIFY(writeFile(big, QByteArray(4096, 'x')));
    auto *copyAction = window.findChild<QAction *>(QStringLiteral("CopyIntoWorkspace"));
    auto *saveAction = window.findChild<QAction *>(QStringLiteral("SaveWorkspaceFile"));
    QVERIFY(copyAction && saveAction);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *fileMenu = window.findChild<QMenu *>(QStringLiteral("FileMenu"));
    QVERIFY(fileMenu && fileMenu->actions().contains(copyAction));
    fileMenu->popup(window.mapToGlobal(QPoint(0, 20)));
    QTRY_VERIFY(fileMenu->isVisible());
    QVERIFY(fileMenu->grab().save(Testing::screenshotPath(QStringLiteral("file-menu.png"))));
    fileMenu->hide();

    QVERIFY(window.workspaceTransfer()->importFiles({csv, big}));
    QVERIFY(!copyAction->isEnabled() && !saveAction->isEnabled());
    QTRY_VERIFY(copyAction->isEnabled() && saveAction->isEnabled());
    window.console()->flush();
    const QString text = window.console()->outputView()->toPlainText();
    QVERIFY2(text.contains(QLatin1String("as sales.csv")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("huge.bin is larger than the limit")), qPrintable(text));
    // The failure is also shown where the user looks, without blocking the window.
    QTRY_VERIFY(window.findChild<QMessageBox *>(QStringLiteral("TransferFailed")));
    auto *box = window.findChild<QMessageBox *>(QStringLiteral("TransferFailed"));
    QVERIFY(box->text().contains(QLatin1String("huge.bin")));
    QVERIFY(!box->text().contains(QLatin1String("sales.csv")));
    QVERIFY(window.grab().save(Testing::screenshotPath(QStringLiteral("transfer-report.png"))));
    QVERIFY(box->grab().save(Testing::screenshotPath(QStringLiteral("transfer-failed.png"))));
    box->close();
    QTRY_VERIFY(!window.findChild<QMessageBox *>(QStringLiteral("TransferFailed")));

    // Closing the window cancels a copy in progress; its report warns nobody afterwards.
    m_session->sessionLimits.transferBytes = 0;
    const QString sparse = m_user->filePath(QStringLiteral("sparse.bin"));
    {
        QFile file(sparse);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(qint64(512) << 20));
    }
    QVERIFY(window.workspaceTransfer()->importFiles({sparse}));
    QStringList offered;
    window.setWorkspaceFilesPrompt(
            [&offered](const QString &, const QStringList &files, QString *) {
                offered = files;
                return Ui::MainWindow::WorkspaceChoice::Discard;
            });
    QVERIFY(window.close());
    // sales.csv is an unchanged copy of the user's own file: quitting does not ask about it.
    QVERIFY2(!offered.contains(QStringLiteral("sales.csv")), qPrintable(offered.join(u',')));
    QTRY_VERIFY(!window.workspaceTransfer()->isBusy());
    QTest::qWait(100);
    QVERIFY(!window.findChild<QMessageBox *>(QStringLiteral("TransferFailed")));
    QVERIFY(!QFile::exists(m_workspace->filePath(QStringLiteral("sparse.bin"))));
}

QTEST_MAIN(tst_WorkspaceTransfer)
#include "tst_workspacetransfer.moc"
