#include "filehelpers.h"
#include "scriptedprompts.h"

#include <codeeditor.h>
#include <editortabs.h>
#include <findbar.h>

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandpiper::Ui;
using SaveChoice = EditorPrompts::SaveChoice;

using Sandpiper::Testing::readFile;
using Sandpiper::Testing::writeFile;

namespace {

// Another program saving the way many editors do: a new file renamed over the old one.
bool replaceAtomically(const QString &path, const QByteArray &bytes)
{
    const QString temporary = path + QStringLiteral(".tmp");
    return writeFile(temporary, bytes) && QFile::remove(path) && QFile::rename(temporary, path);
}
} // namespace

class TestEditorTabs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("SandpiperTest"));
        QApplication::setApplicationName(QStringLiteral("tst_editortabs"));
    }

    void init()
    {
        QSettings().clear();
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_prompts = std::make_unique<ScriptedPrompts>();
        m_tabs = std::make_unique<EditorTabs>();
        m_tabs->setPrompts(m_prompts.get());
        m_tabs->resize(800, 600);
        m_tabs->show();
        QVERIFY(QTest::qWaitForWindowActive(m_tabs.get()));
    }

    void cleanup()
    {
        QVERIFY2(m_prompts->unexpectedQuestions.isEmpty(),
                 qPrintable(m_prompts->unexpectedQuestions.join(u',')));
        QVERIFY2(m_prompts->errors.isEmpty() || m_expectErrors,
                 qPrintable(m_prompts->errors.join(u',')));
        m_expectErrors = false;
        for (CodeEditor *editor : m_tabs->editors())
            editor->setModified(false);
        m_tabs.reset();
    }

    QString file(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir->filePath(name);
        if (!writeFile(path, content))
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    void startsWithOneUntitledBuffer()
    {
        QCOMPARE(m_tabs->count(), 1);
        QCOMPARE(m_tabs->tabTitle(m_tabs->currentEditor()), QStringLiteral("untitled-1.py"));
        QVERIFY(m_tabs->currentEditor()->isPython());
        m_tabs->action(EditorTabs::New)->trigger();
        QCOMPARE(m_tabs->count(), 2);
        QCOMPARE(m_tabs->tabTitle(m_tabs->currentEditor()), QStringLiteral("untitled-2.py"));
    }

    void modifiedMarkerInTitle()
    {
        CodeEditor *editor = m_tabs->currentEditor();
        QTest::keyClicks(editor, QStringLiteral("x = 1"));
        QCOMPARE(m_tabs->tabTitle(editor), QStringLiteral("untitled-1.py*"));
        const QString path = m_dir->filePath(QStringLiteral("saved.py"));
        m_prompts->saveAsAnswers << path;
        QTest::keyClick(editor, Qt::Key_S, Qt::ControlModifier);
        QCOMPARE(m_prompts->asked.size(), 1);
        QVERIFY(m_prompts->asked.first().startsWith(QStringLiteral("saveAs:")));
        QVERIFY(m_prompts->asked.first().endsWith(QStringLiteral("/untitled-1.py")));
        QCOMPARE(readFile(path), QByteArray("x = 1"));
        QCOMPARE(m_tabs->tabTitle(editor), QStringLiteral("saved.py"));
        QCOMPARE(m_tabs->tabWidget()->tabToolTip(0), QDir::toNativeSeparators(path));
        // Undo back to the saved state clears the marker; the redo sets it again.
        QTest::keyClick(editor, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(editor->text(), QString());
        QCOMPARE(m_tabs->tabTitle(editor), QStringLiteral("saved.py*"));
        QTest::keyClick(editor, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(editor->text(), QStringLiteral("x = 1"));
        QCOMPARE(m_tabs->tabTitle(editor), QStringLiteral("saved.py"));
    }

    void openReplacesPristineUntitledAndReusesTabs()
    {
        const QString a = file(QStringLiteral("a.py"), "a = 1\n");
        const QString b = file(QStringLiteral("b.json"), "{}\n");
        m_prompts->openAnswers << QStringList{a, b};
        m_tabs->action(EditorTabs::Open)->trigger();
        QCOMPARE(m_tabs->count(), 2); // the empty untitled-1 gave way
        QCOMPARE(m_tabs->tabTitle(m_tabs->editors().at(0)), QStringLiteral("a.py"));
        QCOMPARE(m_tabs->tabTitle(m_tabs->editors().at(1)), QStringLiteral("b.json"));
        QCOMPARE(m_tabs->currentEditor()->languageName(), QStringLiteral("JSON"));
        // Opening an open file shows its tab instead of a second copy.
        CodeEditor *again = m_tabs->openFile(a);
        QCOMPARE(again, m_tabs->editors().at(0));
        QCOMPARE(m_tabs->currentEditor(), again);
        QCOMPARE(m_tabs->count(), 2);
        QCOMPARE(m_tabs->recentFiles(), QStringList({b, a}));
    }

    void typedUntitledIsNotReplaced()
    {
        QTest::keyClicks(m_tabs->currentEditor(), QStringLiteral("keep me"));
        QVERIFY(m_tabs->openFile(file(QStringLiteral("a.py"), "a\n")));
        QCOMPARE(m_tabs->count(), 2);
    }

    void openMissingFileTellsAndForgetsIt()
    {
        const QString path = file(QStringLiteral("gone.py"), "x\n");
        QVERIFY(m_tabs->openFile(path));
        QCOMPARE(m_tabs->recentFiles(), QStringList{path});
        m_tabs->closeEditor(m_tabs->currentEditor());
        QVERIFY(QFile::remove(path));
        m_expectErrors = true;
        QVERIFY(!m_tabs->openFile(path));
        QCOMPARE(m_prompts->errors.size(), 1);
        QVERIFY(m_prompts->errors.first().contains(QStringLiteral("gone.py")));
        QVERIFY(m_tabs->recentFiles().isEmpty());
        QCOMPARE(m_tabs->count(), 1);
    }

    void recentFilesAreBoundedAndOrdered()
    {
        QSignalSpy changed(m_tabs.get(), &EditorTabs::recentFilesChanged);
        QStringList paths;
        for (int i = 0; i < 12; ++i) {
            paths.prepend(file(QStringLiteral("f%1.py").arg(i), "x\n"));
            QVERIFY(m_tabs->openFile(paths.first()));
        }
        QCOMPARE(m_tabs->recentFiles(), paths.mid(0, 10));
        QCOMPARE(changed.size(), 12);
        m_tabs->closeEditor(m_tabs->editorForFile(paths.at(5)));
        m_tabs->openFile(paths.at(5));
        QCOMPARE(m_tabs->recentFiles().first(), paths.at(5));
        QCOMPARE(m_tabs->recentFiles().size(), 10);
        QCOMPARE(m_tabs->recentFiles().count(paths.at(5)), 1);
        m_tabs->clearRecentFiles();
        QVERIFY(m_tabs->recentFiles().isEmpty());
    }

    void saveAsChangesLanguage()
    {
        CodeEditor *editor = m_tabs->currentEditor();
        QTest::keyClicks(editor, QStringLiteral("{\"a\": 1}"));
        const QString path = m_dir->filePath(QStringLiteral("data.json"));
        m_prompts->saveAsAnswers << path;
        QVERIFY(m_tabs->saveAs(editor));
        QCOMPARE(editor->languageName(), QStringLiteral("JSON"));
        QVERIFY(!m_tabs->action(EditorTabs::RunCell)->isEnabled());
        QCOMPARE(m_tabs->recentFiles(), QStringList{path});
    }

    void saveAsCancelledChangesNothing()
    {
        CodeEditor *editor = m_tabs->currentEditor();
        QTest::keyClicks(editor, QStringLiteral("x"));
        m_prompts->saveAsAnswers << QString();
        QVERIFY(!m_tabs->save(editor));
        QVERIFY(editor->isUntitled());
        QVERIFY(editor->isModified());
    }

    void closeAsks_data()
    {
        QTest::addColumn<int>("choice");
        QTest::addColumn<bool>("closed");
        QTest::addColumn<bool>("saved");
        QTest::newRow("cancel") << int(SaveChoice::Cancel) << false << false;
        QTest::newRow("discard") << int(SaveChoice::Discard) << true << false;
        QTest::newRow("save") << int(SaveChoice::Save) << true << true;
    }

    void closeAsks()
    {
        QFETCH(int, choice);
        QFETCH(bool, closed);
        QFETCH(bool, saved);
        const QString path = file(QStringLiteral("c.py"), "old\n");
        CodeEditor *editor = m_tabs->openFile(path);
        QTest::keyClicks(editor, QStringLiteral("new "));
        m_prompts->saveChoices << SaveChoice(choice);
        QCOMPARE(m_tabs->closeEditor(editor), closed);
        QCOMPARE(m_prompts->asked, QStringList{QStringLiteral("save:c.py")});
        QCOMPARE(m_tabs->editorForFile(path) != nullptr, !closed);
        QCOMPARE(readFile(path), saved ? QByteArray("new old\n") : QByteArray("old\n"));
        // The last tab closed leaves an empty buffer to type in.
        QCOMPARE(m_tabs->count(), 1);
    }

    void closeUnmodifiedDoesNotAsk()
    {
        CodeEditor *editor = m_tabs->openFile(file(QStringLiteral("c.py"), "x\n"));
        QVERIFY(m_tabs->closeEditor(editor));
        QVERIFY(m_prompts->asked.isEmpty());
    }

    void closeAllStopsAtCancel()
    {
        CodeEditor *first = m_tabs->currentEditor();
        QTest::keyClicks(first, QStringLiteral("one"));
        CodeEditor *second = m_tabs->newDocument();
        QTest::keyClicks(second, QStringLiteral("two"));
        CodeEditor *third = m_tabs->newDocument();
        QTest::keyClicks(third, QStringLiteral("three"));
        m_prompts->saveChoices << SaveChoice::Discard << SaveChoice::Cancel;
        QVERIFY(!m_tabs->closeAll());
        QCOMPARE(m_tabs->count(), 2);
        QCOMPARE(m_tabs->editors(), (QList<CodeEditor *>{second, third}));
        m_prompts->saveChoices << SaveChoice::Discard << SaveChoice::Discard;
        QVERIFY(m_tabs->closeAll());
        QCOMPARE(m_tabs->count(), 0); // no fresh buffer while quitting
    }

    void reloadsUnmodifiedFileChangedOnDisk()
    {
        const QString path = file(QStringLiteral("r.py"), "a = 1\nb = 2\nc = 3\n");
        CodeEditor *editor = m_tabs->openFile(path);
        editor->setCursorPosition(2, 1);
        QVERIFY(writeFile(path, "a = 10\nb = 20\nc = 30\n"));
        QTRY_COMPARE(editor->text(), QStringLiteral("a = 10\nb = 20\nc = 30\n"));
        QVERIFY(!editor->isModified());
        QCOMPARE(editor->currentLine(), 2); // the cursor stays where it was
        QVERIFY(m_prompts->asked.isEmpty());
        // A program that replaces the file (new inode) is still noticed afterwards.
        QVERIFY(replaceAtomically(path, "replaced\n"));
        QTRY_COMPARE(editor->text(), QStringLiteral("replaced\n"));
        QVERIFY(writeFile(path, "and again\n"));
        QTRY_COMPARE(editor->text(), QStringLiteral("and again\n"));
    }

    void asksBeforeReloadingModifiedBuffer()
    {
        const QString path = file(QStringLiteral("m.py"), "disk 1\n");
        CodeEditor *editor = m_tabs->openFile(path);
        QTest::keyClicks(editor, QStringLiteral("mine "));
        m_prompts->reloadAnswers << false;
        QVERIFY(writeFile(path, "disk 2\n"));
        QTRY_COMPARE(m_prompts->asked, QStringList{QStringLiteral("reload:m.py")});
        QTest::qWait(400);
        QCOMPARE(editor->text(), QStringLiteral("mine disk 1\n"));
        QVERIFY(editor->isModified());
        m_prompts->reloadAnswers << true;
        QVERIFY(writeFile(path, "disk 3\n"));
        QTRY_COMPARE(editor->text(), QStringLiteral("disk 3\n"));
        QCOMPARE(m_prompts->asked.size(), 2);
        QVERIFY(!editor->isModified());
    }

    void ownSaveIsNotAChangeOnDisk()
    {
        const QString path = file(QStringLiteral("own.py"), "x\n");
        CodeEditor *editor = m_tabs->openFile(path);
        QTest::keyClicks(editor, QStringLiteral("y"));
        QVERIFY(m_tabs->save(editor));
        QTest::keyClicks(editor, QStringLiteral("z")); // modified again, right after saving
        QTest::qWait(600); // the watcher's notification of our own save comes and goes
        QVERIFY(m_prompts->asked.isEmpty());
        QCOMPARE(editor->text(), QStringLiteral("yzx\n"));
        // A second save still works and is still watched.
        QVERIFY(m_tabs->save(editor));
        QVERIFY(writeFile(path, "external\n"));
        QTRY_COMPARE(editor->text(), QStringLiteral("external\n"));
    }

    void editActionsFollowTheEditor()
    {
        CodeEditor *editor = m_tabs->currentEditor();
        QVERIFY(!m_tabs->action(EditorTabs::Undo)->isEnabled());
        QVERIFY(!m_tabs->action(EditorTabs::Copy)->isEnabled());
        QTest::keyClicks(editor, QStringLiteral("abc"));
        QVERIFY(m_tabs->action(EditorTabs::Undo)->isEnabled());
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QVERIFY(m_tabs->action(EditorTabs::Copy)->isEnabled());
        QVERIFY(m_tabs->action(EditorTabs::Cut)->isEnabled());
        QTest::keyClick(editor, Qt::Key_X, Qt::ControlModifier);
        QCOMPARE(editor->text(), QString());
        QTest::keyClick(editor, Qt::Key_V, Qt::ControlModifier);
        QTest::keyClick(editor, Qt::Key_V, Qt::ControlModifier);
        QCOMPARE(editor->text(), QStringLiteral("abcabc"));
        QVERIFY(!m_tabs->action(EditorTabs::Redo)->isEnabled());
        QTest::keyClick(editor, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(editor->text(), QStringLiteral("abc"));
        QVERIFY(m_tabs->action(EditorTabs::Redo)->isEnabled());
    }

    void goToLineWithCtrlL()
    {
        CodeEditor *editor = m_tabs->currentEditor();
        editor->setText(QStringLiteral("a\nb\nc\nd\n"));
        editor->setCursorPosition(1, 0);
        m_prompts->lineAnswers << 4 << std::optional<int>();
        QTest::keyClick(editor, Qt::Key_L, Qt::ControlModifier);
        QCOMPARE(m_prompts->asked, QStringList{QStringLiteral("line:2/5")});
        QCOMPARE(editor->currentLine(), 3);
        QCOMPARE(editor->text(), QStringLiteral("a\nb\nc\nd\n")); // Ctrl+L did not cut a line
        QTest::keyClick(editor, Qt::Key_L, Qt::ControlModifier);  // cancelled
        QCOMPARE(editor->currentLine(), 3);
    }

    void commentWithCtrlSlash()
    {
        CodeEditor *editor = m_tabs->currentEditor();
        editor->setText(QStringLiteral("x = 1\n"));
        editor->setCursorPosition(0, 2);
        QTest::keyClick(editor, Qt::Key_Slash, Qt::ControlModifier);
        QCOMPARE(editor->text(), QStringLiteral("# x = 1\n"));
        QTest::keyClick(editor, Qt::Key_Slash, Qt::ControlModifier);
        QCOMPARE(editor->text(), QStringLiteral("x = 1\n"));
        editor->setSelection(0, 0, 1, 0);
        QTest::keyClick(editor, Qt::Key_BracketRight, Qt::ControlModifier);
        QCOMPARE(editor->text(), QStringLiteral("    x = 1\n"));
        QTest::keyClick(editor, Qt::Key_BracketLeft, Qt::ControlModifier);
        QCOMPARE(editor->text(), QStringLiteral("x = 1\n"));
    }

    void colourSchemeReachesEveryEditor()
    {
        CodeEditor *first = m_tabs->currentEditor();
        CodeEditor *second = m_tabs->newDocument();
        const auto paper = [](CodeEditor *editor) {
            const long bgr = editor->SendScintilla(QsciScintillaBase::SCI_STYLEGETBACK,
                                                   QsciScintillaBase::STYLE_DEFAULT);
            return QColor(bgr & 0xff, (bgr >> 8) & 0xff, (bgr >> 16) & 0xff);
        };
        m_tabs->setColorScheme(ColorScheme::Dark);
        for (CodeEditor *editor : {first, second})
            QVERIFY(paper(editor).lightness() < 128);
        CodeEditor *third = m_tabs->newDocument(); // new editors too
        QVERIFY(paper(third).lightness() < 128);
        m_tabs->setColorScheme(ColorScheme::Light);
        for (CodeEditor *editor : {first, second, third})
            QVERIFY(paper(editor).lightness() > 128);
    }

    void findShortcutOpensTheBar()
    {
        CodeEditor *editor = m_tabs->currentEditor();
        editor->setText(QStringLiteral("alpha beta alpha\n"));
        editor->setSelection(0, 6, 0, 10);
        QTest::keyClick(editor, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(m_tabs->findBar()->isVisible());
        QCOMPARE(m_tabs->findBar()->findText(), QStringLiteral("beta"));
        QVERIFY(!m_tabs->findBar()->isReplaceVisible());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QVERIFY(!m_tabs->findBar()->isVisible());
        QCOMPARE(QApplication::focusWidget(), editor);
        QTest::keyClick(editor, Qt::Key_H, Qt::ControlModifier);
        QVERIFY(m_tabs->findBar()->isReplaceVisible());
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ScriptedPrompts> m_prompts;
    std::unique_ptr<EditorTabs> m_tabs;
    bool m_expectErrors = false;
};

QTEST_MAIN(TestEditorTabs)
#include "tst_editortabs.moc"
