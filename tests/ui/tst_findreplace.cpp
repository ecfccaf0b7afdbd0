#include <codeeditor.h>
#include <editortabs.h>
#include <findbar.h>

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QTest>

using namespace Sandpiper::Ui;

class TestFindReplace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("SandpiperTest"));
        QApplication::setApplicationName(QStringLiteral("tst_findreplace"));
    }

    void init()
    {
        m_tabs = std::make_unique<EditorTabs>();
        m_tabs->resize(900, 600);
        m_tabs->show();
        QVERIFY(QTest::qWaitForWindowActive(m_tabs.get()));
        m_editor = m_tabs->currentEditor();
        m_bar = m_tabs->findBar();
        m_bar->setEditor(m_editor);
    }

    void cleanup()
    {
        for (CodeEditor *editor : m_tabs->editors())
            editor->setModified(false);
        m_tabs.reset();
    }

    void replaceAll_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("find");
        QTest::addColumn<QString>("replace");
        QTest::addColumn<bool>("regex");
        QTest::addColumn<bool>("matchCase");
        QTest::addColumn<bool>("words");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain, any case") << "Df df DF dfx" << "df" << "data" << false << false
                                         << false << 4 << "data data data datax";
        QTest::newRow("match case") << "Df df DF dfx" << "df" << "data" << false << true << false
                                    << 2 << "Df data DF datax";
        QTest::newRow("whole words") << "df dfx xdf df_1 df" << "df" << "d" << false << false
                                     << true << 2 << "d dfx xdf df_1 d";
        QTest::newRow("plain text is not a pattern")
                << "a.b axb a.b" << "a.b" << "c" << false << false << false << 2 << "c axb c";
        QTest::newRow("regex") << "x1 x22 y3" << "x\\d+" << "n" << true << false << false << 2
                               << "n n y3";
        QTest::newRow("regex groups")
                << "f(a, b)\nf(c, d)" << "f\\((\\w), (\\w)\\)" << "f(\\2, \\1)" << true << true
                << false << 2 << "f(b, a)\nf(d, c)";
        QTest::newRow("empty matches at line starts")
                << "a\nb\nc" << "^" << "> " << true << false << false << 3 << "> a\n> b\n> c";
        QTest::newRow("replacement contains the pattern")
                << "aa" << "a" << "aa" << false << false << false << 2 << "aaaa";
        QTest::newRow("non-ASCII") << "数据 données 数据" << "数据" << "data" << false << false
                                   << false << 2 << "data données data";
        QTest::newRow("nothing found")
                << "abc" << "zzz" << "y" << false << false << false << 0 << "abc";
        QTest::newRow("delete") << "a-b-c" << "-" << "" << false << false << false << 2 << "abc";
    }

    void replaceAll()
    {
        QFETCH(QString, text);
        QFETCH(QString, find);
        QFETCH(QString, replace);
        QFETCH(bool, regex);
        QFETCH(bool, matchCase);
        QFETCH(bool, words);
        QFETCH(int, count);
        QFETCH(QString, expected);
        m_editor->setText(text);
        m_editor->SendScintilla(QsciScintillaBase::SCI_EMPTYUNDOBUFFER);
        m_bar->showReplace();
        m_bar->setFindText(find);
        m_bar->setReplaceText(replace);
        m_bar->setRegularExpression(regex);
        m_bar->setCaseSensitive(matchCase);
        m_bar->setWholeWords(words);
        QCOMPARE(m_bar->replaceAll(), count);
        QCOMPARE(m_editor->text(), expected);
        if (count > 0) {
            QVERIFY(m_bar->statusText().contains(QString::number(count)));
            m_editor->undo(); // all replacements are one step
            QCOMPARE(m_editor->text(), text);
            QVERIFY(!m_editor->isUndoAvailable());
        } else {
            QCOMPARE(m_bar->statusText(), QStringLiteral("No matches"));
        }
    }

    void findNextWrapsAround()
    {
        m_editor->setText(QStringLiteral("one two one three one"));
        m_editor->setCursorPosition(0, 5);
        m_bar->showFind();
        m_bar->setFindText(QStringLiteral("one"));
        QVERIFY(m_bar->findNext());
        QCOMPARE(m_editor->selectedText(), QStringLiteral("one"));
        QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART), 8L);
        QVERIFY(m_bar->findNext());
        QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART), 18L);
        QVERIFY(m_bar->statusText().isEmpty());
        QVERIFY(m_bar->findNext());
        QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART), 0L);
        QCOMPARE(m_bar->statusText(), QStringLiteral("Search wrapped"));
        QVERIFY(m_bar->findPrevious()); // wraps backwards to the last one
        QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART), 18L);
        QVERIFY(m_bar->findPrevious());
        QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART), 8L);
    }

    void notFoundAndInvalidRegex()
    {
        m_editor->setText(QStringLiteral("abc"));
        m_bar->showFind();
        m_bar->setFindText(QStringLiteral("xyz"));
        QVERIFY(!m_bar->findNext());
        QCOMPARE(m_bar->statusText(), QStringLiteral("No matches"));
        m_bar->setRegularExpression(true);
        m_bar->setFindText(QStringLiteral("a(b"));
        QVERIFY(!m_bar->findNext());
        QCOMPARE(m_bar->statusText(), QStringLiteral("Invalid regular expression"));
        m_bar->setReplaceText(QStringLiteral("z"));
        QCOMPARE(m_bar->replaceAll(), 0);
        QCOMPARE(m_editor->text(), QStringLiteral("abc"));
    }

    void replaceNextReplacesOnlyAMatch()
    {
        m_editor->setText(QStringLiteral("cat cat cat"));
        m_bar->showReplace();
        m_bar->setFindText(QStringLiteral("cat"));
        m_bar->setReplaceText(QStringLiteral("dog"));
        m_editor->setSelection(0, 0, 0, 2); // "ca" is not a match: nothing replaced yet
        QVERIFY(m_bar->replaceNext());
        QCOMPARE(m_editor->text(), QStringLiteral("cat cat cat"));
        QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART), 4L);
        QVERIFY(m_bar->replaceNext());
        QCOMPARE(m_editor->text(), QStringLiteral("cat dog cat"));
        QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART), 8L);
        QVERIFY(m_bar->replaceNext());
        QCOMPARE(m_editor->text(), QStringLiteral("cat dog dog"));
        // No cat after the last one: the search wrapped to the first.
        QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART), 0L);
        QCOMPARE(m_bar->statusText(), QStringLiteral("Search wrapped"));
        const QString picture = QDir(QCoreApplication::applicationDirPath())
                                        .filePath(QStringLiteral("find-bar.png"));
        QVERIFY(m_tabs->grab().save(picture));
        qInfo("screenshot: %s", qPrintable(picture));
    }

    void keysInTheBar()
    {
        m_editor->setText(QStringLiteral("x y x y x"));
        m_editor->setFocus();
        QTest::keyClick(m_editor, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(m_bar->isVisible());
        auto field = m_bar->findChild<QLineEdit *>(QStringLiteral("FindText"));
        QCOMPARE(QApplication::focusWidget(), field);
        QTest::keyClicks(field, QStringLiteral("x")); // incremental: selects the first x
        QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART), 0L);
        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART), 4L);
        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART), 8L);
        QTest::keyClick(field, Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART), 4L);
        // F3 from the editor continues the search.
        m_editor->setFocus();
        QTest::keyClick(m_editor, Qt::Key_F3);
        QCOMPARE(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART), 8L);
        field->setFocus();
        QTest::keyClick(field, Qt::Key_Escape);
        QVERIFY(!m_bar->isVisible());
        QCOMPARE(QApplication::focusWidget(), m_editor);
        QCOMPARE(m_editor->text(), QStringLiteral("x y x y x"));
    }

    void barFollowsTheCurrentTab()
    {
        m_editor->setText(QStringLiteral("first"));
        CodeEditor *second = m_tabs->newDocument();
        second->setText(QStringLiteral("second second"));
        QTest::keyClick(second, Qt::Key_H, Qt::ControlModifier);
        m_bar->setFindText(QStringLiteral("second"));
        m_bar->setReplaceText(QStringLiteral("2"));
        QCOMPARE(m_bar->replaceAll(), 2);
        QCOMPARE(second->text(), QStringLiteral("2 2"));
        QCOMPARE(m_editor->text(), QStringLiteral("first"));
    }

private:
    std::unique_ptr<EditorTabs> m_tabs;
    CodeEditor *m_editor = nullptr;
    FindBar *m_bar = nullptr;
};

QTEST_MAIN(TestFindReplace)
#include "tst_findreplace.moc"
