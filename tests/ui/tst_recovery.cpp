#include "crashhelper.h"
#include "filehelpers.h"
#include "scriptedprompts.h"

#include <codeeditor.h>
#include <editortabs.h>
#include <linediff.h>
#include <recoverydialog.h>
#include <recoveryjournal.h>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandpiper::Ui;
using Op = LineDiff::Op;

Q_DECLARE_METATYPE(QList<LineDiff::Line>)

using Sandpiper::Testing::readFile;
using Sandpiper::Testing::writeFile;

namespace {
QStringList sessionDirs(const QString &root)
{
    return QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
}

} // namespace

class TestRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("SandpiperTest"));
        QApplication::setApplicationName(QStringLiteral("tst_recovery"));
    }

    // --- LineDiff -----------------------------------------------------------------------------

    void lineDiff_data()
    {
        QTest::addColumn<QStringList>("before");
        QTest::addColumn<QStringList>("after");
        QTest::addColumn<QList<LineDiff::Line>>("expected");
        QTest::newRow("same") << QStringList{"a", "b"} << QStringList{"a", "b"}
                              << QList<LineDiff::Line>{{Op::Same, "a"}, {Op::Same, "b"}};
        QTest::newRow("both empty") << QStringList() << QStringList() << QList<LineDiff::Line>();
        QTest::newRow("all new") << QStringList() << QStringList{"x"}
                                 << QList<LineDiff::Line>{{Op::Added, "x"}};
        QTest::newRow("all gone") << QStringList{"x"} << QStringList()
                                  << QList<LineDiff::Line>{{Op::Removed, "x"}};
        QTest::newRow("changed middle")
                << QStringList{"a", "b", "c"} << QStringList{"a", "B", "c"}
                << QList<LineDiff::Line>{
                           {Op::Same, "a"}, {Op::Removed, "b"}, {Op::Added, "B"}, {Op::Same, "c"}};
        QTest::newRow("insert and delete")
                << QStringList{"1", "2", "3", "4"} << QStringList{"0", "1", "3", "4", "5"}
                << QList<LineDiff::Line>{{Op::Added, "0"},
                                         {Op::Same, "1"},
                                         {Op::Removed, "2"},
                                         {Op::Same, "3"},
                                         {Op::Same, "4"},
                                         {Op::Added, "5"}};
    }

    void lineDiff()
    {
        QFETCH(QStringList, before);
        QFETCH(QStringList, after);
        QFETCH(QList<LineDiff::Line>, expected);
        QCOMPARE(LineDiff::compute(before, after), expected);
    }

    void lineDiffFallsBackOnHugeInput()
    {
        QStringList before;
        QStringList after;
        for (int i = 0; i < 3000; ++i) {
            before << QString::number(i);
            after << QString::number(i * 7 + 1);
        }
        QElapsedTimer timer;
        timer.start();
        const auto diff = LineDiff::compute(before, after, 1000);
        QVERIFY(timer.elapsed() < 2000);
        QCOMPARE(diff.size(), 6000);
        // Whatever path it takes, the diff rebuilds both sides.
        QStringList left;
        QStringList right;
        for (const auto &line : diff) {
            if (line.op != Op::Added)
                left << line.text;
            if (line.op != Op::Removed)
                right << line.text;
        }
        QCOMPARE(left, before);
        QCOMPARE(right, after);
    }

    // --- Journal ------------------------------------------------------------------------------

    void liveSessionsAreNotOrphans()
    {
        QTemporaryDir root;
        auto live = std::make_unique<RecoveryJournal>(root.path());
        QVERIFY(live->isActive());
        QVERIFY(live->write(
                QStringLiteral("doc1"), QString(), QStringLiteral("untitled-1.py"), "x = 1\n"));
        QCOMPARE(live->journaledIds(), QStringList{QStringLiteral("doc1")});
        RecoveryJournal other(root.path());
        QVERIFY(other.orphans().isEmpty()); // the owner is alive
        QCOMPARE(sessionDirs(root.path()).size(), 2);
        live->remove(QStringLiteral("doc1"));
        QVERIFY(live->journaledIds().isEmpty());
        live.reset(); // clean exit
        QCOMPARE(sessionDirs(root.path()).size(), 1);
        QVERIFY(other.orphans().isEmpty());
    }

    void unlockedLeftoversAreOfferedOnce()
    {
        QTemporaryDir root;
        // A session whose lock file is gone (its owner died and something cleaned /tmp).
        const QString dir = root.filePath(QStringLiteral("dead-session"));
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(writeFile(dir + QStringLiteral("/d.txt"), "recovered text"));
        QVERIFY(writeFile(dir + QStringLiteral("/d.json"),
                          R"({"path": "", "title": "untitled-3.py",
                             "time": "2025-01-02T03:04:05.000Z"})"));
        QVERIFY(writeFile(dir + QStringLiteral("/half.txt"), "no metadata: incomplete"));
        RecoveryJournal first(root.path());
        const QList<RecoveredBuffer> buffers = first.orphans();
        QCOMPARE(buffers.size(), 1);
        QCOMPARE(buffers.first().utf8, QByteArray("recovered text"));
        QCOMPARE(buffers.first().title, QStringLiteral("untitled-3.py"));
        QCOMPARE(buffers.first().journaledAt,
                 QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5), QTimeZone::UTC));
        // While the first instance holds it, a second one does not see it.
        RecoveryJournal second(root.path());
        QVERIFY(second.orphans().isEmpty());
        first.resolve(buffers.first());
        QVERIFY(!QFileInfo::exists(dir)); // nothing left: the session is gone
        QVERIFY(second.orphans().isEmpty());
    }

    void emptyDeadSessionsAreCleanedUp()
    {
        QTemporaryDir root;
        QVERIFY(QDir().mkpath(root.filePath(QStringLiteral("empty-session"))));
        RecoveryJournal journal(root.path());
        QVERIFY(journal.orphans().isEmpty());
        QCOMPARE(sessionDirs(root.path()), QStringList{QFileInfo(journal.sessionDir()).fileName()});
    }

    void comparisonShowsTheDifference()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.py"));
        QVERIFY(writeFile(path, "a = 1\nb = 2\n"));
        RecoveredBuffer buffer;
        buffer.filePath = path;
        buffer.utf8 = "a = 1\nb = 3\n";
        QCOMPARE(RecoveryDialog::comparisonText(buffer),
                 QStringLiteral("  a = 1\n- b = 2\n+ b = 3\n"));
        buffer.filePath.clear();
        QCOMPARE(RecoveryDialog::comparisonText(buffer), QStringLiteral("+ a = 1\n+ b = 3\n"));
    }

    void dialogRestoresAndDiscards()
    {
        RecoveredBuffer a;
        a.title = QStringLiteral("a.py");
        a.filePath = QStringLiteral("/home/user/project/a.py");
        a.journaledAt = QDateTime::currentDateTimeUtc();
        RecoveredBuffer b;
        b.title = QStringLiteral("untitled-2.py");
        b.journaledAt = QDateTime::currentDateTimeUtc().addSecs(-90);
        RecoveryDialog dialog({a, b});
        QStringList calls;
        connect(&dialog, &RecoveryDialog::restoreRequested, this, [&](const RecoveredBuffer &r) {
            calls << QStringLiteral("restore ") + r.title;
        });
        connect(&dialog, &RecoveryDialog::discardRequested, this, [&](const RecoveredBuffer &r) {
            calls << QStringLiteral("discard ") + r.title;
        });
        dialog.show();
        auto button = [&](const QString &text) {
            for (auto candidate : dialog.findChildren<QPushButton *>()) {
                if (candidate->text() == text)
                    return candidate;
            }
            return static_cast<QPushButton *>(nullptr);
        };
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QString picture = QDir(QCoreApplication::applicationDirPath())
                                        .filePath(QStringLiteral("recovery-dialog.png"));
        QVERIFY(dialog.grab().save(picture));
        qInfo("screenshot: %s", qPrintable(picture));
        QVERIFY(button(QStringLiteral("&Discard")));
        button(QStringLiteral("&Discard"))->click();
        QCOMPARE(dialog.remaining(), 1);
        QVERIFY(dialog.isVisible());
        button(QStringLiteral("&Restore"))->click();
        QCOMPARE(calls,
                 QStringList({QStringLiteral("discard a.py"),
                              QStringLiteral("restore untitled-2.py")}));
        QVERIFY(!dialog.isVisible()); // nothing left to decide
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    // --- The editor journals and restores -----------------------------------------------------

    void editorJournalsWithinSeconds()
    {
        QTemporaryDir root;
        EditorTabs tabs;
        tabs.enableRecovery(root.path());
        CodeEditor *editor = tabs.currentEditor();
        QVERIFY(tabs.journal()->journaledIds().isEmpty()); // nothing typed, nothing journaled
        QTest::keyClicks(editor, QStringLiteral("abc"));
        QElapsedTimer timer;
        timer.start();
        // Written a second after the last key; 10 s is a loaded machine's margin.
        QTRY_VERIFY_WITH_TIMEOUT(!tabs.journal()->journaledIds().isEmpty(), 10000);
        qInfo("journaled after %lld ms", timer.elapsed());
        const QString text = tabs.journal()->sessionDir() + QLatin1Char('/') + editor->documentId()
                             + QStringLiteral(".txt");
        QFile file(text);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("abc"));
        // Undoing back to the pristine state takes it out of the journal again.
        editor->undo();
        QVERIFY(!editor->isModified());
        QTRY_VERIFY_WITH_TIMEOUT(tabs.journal()->journaledIds().isEmpty(), 10000);
        // Saving does too.
        QTest::keyClicks(editor, QStringLiteral("x"));
        tabs.flushJournal();
        QCOMPARE(tabs.journal()->journaledIds().size(), 1);
        ScriptedPrompts prompts;
        tabs.setPrompts(&prompts);
        QTemporaryDir dir;
        prompts.saveAsAnswers << dir.filePath(QStringLiteral("s.py"));
        QVERIFY(tabs.save(editor));
        QVERIFY(tabs.journal()->journaledIds().isEmpty());
        // Closing a modified buffer with "discard" forgets it.
        QTest::keyClicks(editor, QStringLiteral("y"));
        tabs.flushJournal();
        QCOMPARE(tabs.journal()->journaledIds().size(), 1);
        prompts.saveChoices << EditorPrompts::SaveChoice::Discard;
        QVERIFY(tabs.closeEditor(editor));
        QVERIFY(tabs.journal()->journaledIds().isEmpty());
        tabs.setPrompts(nullptr);
    }

    void crashedEditorIsOfferedAfterSigkill()
    {
        QTemporaryDir root;
        QTemporaryDir files;
        const QString path = files.filePath(QStringLiteral("analysis.py"));
        QVERIFY(writeFile(path, "print('on disk')\n"));

        QProcess helper;
        helper.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        helper.start(QStringLiteral(CRASH_HELPER_PATH),
                     {QStringLiteral("crash"), root.path(), path});
        QVERIFY2(helper.waitForStarted(), qPrintable(helper.errorString()));
        QVERIFY2(helper.waitForReadyRead(30000), "the helper did not finish typing");
        QCOMPARE(helper.readLine().trimmed(), QByteArray(CrashHelper::typedLine));
        // Kill within three seconds of the last keystroke: everything typed must be there.
        QTest::qWait(2500);
        {
            // While it lives, nobody may take its buffers.
            RecoveryJournal probe(root.path());
            QVERIFY(probe.orphans().isEmpty());
        }
        helper.kill(); // SIGKILL: no destructor, no cleanup
        QVERIFY(helper.waitForFinished(10000));
        QCOMPARE(helper.exitStatus(), QProcess::CrashExit);
        QCOMPARE(sessionDirs(root.path()).size(), 1); // the dead session is still there

        // The next start offers both buffers.
        ScriptedPrompts prompts;
        EditorTabs tabs;
        tabs.setPrompts(&prompts);
        tabs.enableRecovery(root.path());
        tabs.offerRecovery();
        QCOMPARE(prompts.offered.size(), 2);
        QMap<QString, RecoveredBuffer> byTitle;
        for (const auto &buffer : std::as_const(prompts.offered))
            byTitle.insert(buffer.title, buffer);
        QVERIFY2(byTitle.contains(QStringLiteral("untitled-1.py")),
                 qPrintable(byTitle.keys().join(u',')));
        QVERIFY(byTitle.contains(QStringLiteral("analysis.py")));
        QCOMPARE(byTitle.value(QStringLiteral("untitled-1.py")).utf8,
                 QByteArray(CrashHelper::untitledText));
        QVERIFY(byTitle.value(QStringLiteral("untitled-1.py")).filePath.isEmpty());
        QCOMPARE(byTitle.value(QStringLiteral("analysis.py")).utf8,
                 QByteArray(CrashHelper::fileEdit) + "print('on disk')\n");
        QCOMPARE(byTitle.value(QStringLiteral("analysis.py")).filePath, path);

        // Restored: the untitled buffer as an unsaved buffer, the file with its edit on top of
        // the disk version (one undo away).
        CodeEditor *restoredFile = tabs.editorForFile(path);
        QVERIFY(restoredFile);
        QCOMPARE(restoredFile->utf8Text(), byTitle.value(QStringLiteral("analysis.py")).utf8);
        QVERIFY(restoredFile->isModified());
        restoredFile->undo();
        QCOMPARE(restoredFile->text(), QStringLiteral("print('on disk')\n"));
        restoredFile->redo();
        CodeEditor *restoredUntitled = nullptr;
        for (CodeEditor *editor : tabs.editors()) {
            if (editor->isUntitled() && editor->displayName() == QStringLiteral("untitled-1.py"))
                restoredUntitled = editor;
        }
        QVERIFY(restoredUntitled);
        QCOMPARE(restoredUntitled->utf8Text(), QByteArray(CrashHelper::untitledText));
        QVERIFY(restoredUntitled->isModified());
        // The dead session is gone; the restored buffers are journaled by this instance now.
        QCOMPARE(sessionDirs(root.path()),
                 QStringList{QFileInfo(tabs.journal()->sessionDir()).fileName()});
        QTRY_COMPARE_WITH_TIMEOUT(tabs.journal()->journaledIds().size(), 2, 10000);
        // Nothing is offered twice.
        prompts.offered.clear();
        tabs.offerRecovery();
        QVERIFY(prompts.offered.isEmpty());
        for (CodeEditor *editor : tabs.editors())
            editor->setModified(false);
        tabs.setPrompts(nullptr);
    }

    void cleanExitOffersNothing()
    {
        QTemporaryDir root;
        QTemporaryDir files;
        const QString path = files.filePath(QStringLiteral("f.py"));
        QVERIFY(writeFile(path, "x\n"));
        QProcess helper;
        helper.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        helper.start(QStringLiteral(CRASH_HELPER_PATH),
                     {QStringLiteral("quit"), root.path(), path});
        QVERIFY(helper.waitForFinished(30000));
        QCOMPARE(helper.exitStatus(), QProcess::NormalExit);
        QCOMPARE(helper.exitCode(), 0);
        QVERIFY(sessionDirs(root.path()).isEmpty());
        ScriptedPrompts prompts;
        EditorTabs tabs;
        tabs.setPrompts(&prompts);
        tabs.enableRecovery(root.path());
        tabs.offerRecovery();
        QVERIFY(prompts.offered.isEmpty());
        tabs.setPrompts(nullptr);
    }
};

QTEST_MAIN(TestRecovery)
#include "tst_recovery.moc"
