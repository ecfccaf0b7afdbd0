#include "scriptedprompts.h"

#include <codeeditor.h>
#include <editortabs.h>
#include <mainwindow.h>
#include <templatelibrary.h>
#include <templatemenu.h>

#include <QApplication>
#include <QDir>
#include <QMenuBar>
#include <QPainter>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandpiper;
using Resources::TemplateLibrary;
using Ui::CodeEditor;
using Ui::EditorTabs;
using Ui::TemplateMenu;

class TestTemplates : public QObject
{
    Q_OBJECT

private:
    static bool canUndo(CodeEditor *editor)
    {
        return editor->SendScintilla(QsciScintilla::SCI_CANUNDO) != 0;
    }
    // Pristine text without undo history, as if just opened.
    static void setPristineText(CodeEditor *editor, const QString &text)
    {
        editor->setText(text);
        editor->SendScintilla(QsciScintilla::SCI_EMPTYUNDOBUFFER);
        QVERIFY(!canUndo(editor));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("SandpiperTest"));
        QApplication::setApplicationName(QStringLiteral("tst_templates"));
        QSettings().clear();
    }

    // Every listed template has code in the resources and every resource file is listed; each
    // follows the shape the menu and the integration test rely on.
    void libraryMatchesTheResources()
    {
        const QList<Resources::CodeTemplate> templates = TemplateLibrary::templates();
        QVERIFY(templates.size() >= 12);
        QSet<QString> ids;
        QSet<QString> titles;
        for (const auto &entry : templates) {
            QVERIFY2(!ids.contains(entry.id), qPrintable(entry.id));
            QVERIFY2(!titles.contains(entry.title), qPrintable(entry.title));
            ids.insert(entry.id);
            titles.insert(entry.title);
            QVERIFY(!entry.group.isEmpty());
            QVERIFY(entry.description.size() > 20);
            const QString code = TemplateLibrary::code(entry.id);
            QVERIFY2(code.startsWith(QLatin1String("# %% ")), qPrintable(entry.id));
            QVERIFY2(code.endsWith(u'\n'), qPrintable(entry.id));
            QVERIFY2(!code.contains(u'\t') && !code.contains(u'\r'), qPrintable(entry.id));
            QCOMPARE(code.count(QRegularExpression(QStringLiteral("^DATA_PATH = "),
                                                   QRegularExpression::MultilineOption)),
                     1);
            QVERIFY2(!TemplateLibrary::dataPath(code).isEmpty(), qPrintable(entry.id));
        }
        const QStringList files = QDir(TemplateLibrary::resourceDirectory())
                                          .entryList({QStringLiteral("*.py")}, QDir::Files);
        QCOMPARE(files.size(), templates.size());
        for (const QString &file : files)
            QVERIFY2(ids.contains(QFileInfo(file).completeBaseName()), qPrintable(file));
        QVERIFY(TemplateLibrary::code(QStringLiteral("no_such_template")).isEmpty());
        QVERIFY(TemplateLibrary::code(QStringLiteral("../icons/sandpiper")).isEmpty());
    }

    void withDataPath_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("line");
        QTest::newRow("relative") << "sales.csv" << R"(DATA_PATH = "sales.csv")";
        QTest::newRow("absolute") << "/home/a b/x.xlsx" << R"(DATA_PATH = "/home/a b/x.xlsx")";
        // C:\data\"q".csv becomes "C:\\data\\\"q\".csv"
        QTest::newRow("backslashes and quotes")
                << "C:\\data\\\"q\".csv" << "DATA_PATH = \"C:\\\\data\\\\\\\"q\\\".csv\"";
        QTest::newRow("unicode") << "数据/销售.csv" << R"(DATA_PATH = "数据/销售.csv")";
    }

    void withDataPath()
    {
        QFETCH(QString, path);
        QFETCH(QString, line);
        const QString code = QStringLiteral("import pandas as pd\n\n# DATA_PATH = \"not me\"\n"
                                            "DATA_PATH = \"data.csv\"\ndf = "
                                            "pd.read_csv(DATA_PATH)\nX = \"DATA_PATH = 1\"\n");
        const QString result = TemplateLibrary::withDataPath(code, path);
        QString expected = code;
        expected.replace(QStringLiteral("DATA_PATH = \"data.csv\""), line);
        QCOMPARE(result, expected);
        QCOMPARE(TemplateLibrary::withDataPath(QStringLiteral("x = 1\n"), path),
                 QStringLiteral("x = 1\n"));
    }

    // Tools ▸ Templates lists every template under its group, in the library's order, and each
    // entry inserts that template's code.
    void menuListsEveryTemplate()
    {
        ScriptedPrompts prompts;
        Ui::MainWindow window;
        window.editor()->setPrompts(&prompts);
        auto tools = window.findChild<QMenu *>(QStringLiteral("ToolsMenu"));
        QVERIFY(tools);
        auto menu = tools->findChild<TemplateMenu *>(QStringLiteral("TemplatesMenu"));
        QVERIFY(menu);
        QVERIFY(tools->actions().contains(menu->menuAction()));

        QStringList groups;
        QStringList titles;
        QStringList ids;
        for (QAction *groupAction : menu->actions()) {
            QVERIFY(groupAction->menu());
            groups << groupAction->text();
            for (QAction *action : groupAction->menu()->actions()) {
                titles << action->text();
                ids << action->data().toString();
                QVERIFY(!action->toolTip().isEmpty());
            }
        }
        QCOMPARE(groups, TemplateLibrary::groups());
        QStringList expectedTitles;
        QStringList expectedIds;
        for (const auto &entry : TemplateLibrary::templates()) {
            expectedTitles << entry.title;
            expectedIds << entry.id;
        }
        QCOMPARE(titles, expectedTitles);
        QCOMPARE(ids, expectedIds);

        // A picture of the menu, saved next to the test for a look.
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        menu->popup(QPoint(0, 0));
        QMenu *statistics = menu->actions().at(4)->menu();
        statistics->popup(QPoint(menu->width(), 0));
        QTest::qWait(50);
        QImage picture(menu->width() + statistics->width(),
                       qMax(menu->height(), statistics->height()),
                       QImage::Format_RGB32);
        picture.fill(Qt::gray);
        {
            QPainter painter(&picture);
            painter.drawPixmap(0, 0, menu->grab());
            painter.drawPixmap(menu->width(), 0, statistics->grab());
        }
        const QString file = QDir(QCoreApplication::applicationDirPath())
                                     .filePath(QStringLiteral("templates-menu.png"));
        QVERIFY(picture.save(file));
        qInfo("screenshot: %s", qPrintable(file));
        statistics->hide();
        menu->hide();

        for (const QString &id : std::as_const(ids)) {
            CodeEditor *editor = window.editor()->newDocument();
            menu->actionFor(id)->trigger();
            QCOMPARE(window.editor()->currentEditor(), editor);
            QCOMPARE(editor->text(), TemplateLibrary::code(id));
        }
        for (CodeEditor *editor : window.editor()->editors())
            editor->setModified(false);
        window.editor()->setPrompts(nullptr);
    }

    void insertAtTheCursorAsOneUndoStep_data()
    {
        QTest::addColumn<QString>("original");
        QTest::addColumn<QList<int>>("selection"); // line, index[, line, index]
        QTest::addColumn<QString>("before");       // what precedes the code afterwards
        QTest::addColumn<QString>("after");        // what follows it
        QTest::newRow("start of a line") << "a = 1\nb = 2\n"
                                         << QList<int>{1, 0} << "a = 1\n"
                                         << "b = 2\n";
        QTest::newRow("end of a line") << "a = 1\nb = 2\n"
                                       << QList<int>{0, 5} << "a = 1\n"
                                       << "\nb = 2\n";
        QTest::newRow("middle of a line") << "a = 1\nb = 2\n"
                                          << QList<int>{0, 2} << "a \n"
                                          << "= 1\nb = 2\n";
        QTest::newRow("blank line") << "a = 1\n\nb = 2" << QList<int>{1, 0} << "a = 1\n"
                                    << "\nb = 2";
        QTest::newRow("end of the text without newline") << "a = 1" << QList<int>{0, 5} << "a = 1\n"
                                                         << "";
        QTest::newRow("empty document") << "" << QList<int>{0, 0} << "" << "";
        QTest::newRow("selection is replaced") << "a = 1\nb = 2\nc = 3\n"
                                               << QList<int>{0, 0, 1, 5} << "" << "\nc = 3\n";
        QTest::newRow("non-ASCII before the cursor") << "s = \"é\"\nb = 2\n"
                                                     << QList<int>{1, 0} << "s = \"é\"\n"
                                                     << "b = 2\n";
    }

    void insertAtTheCursorAsOneUndoStep()
    {
        QFETCH(QString, original);
        QFETCH(QList<int>, selection);
        QFETCH(QString, before);
        QFETCH(QString, after);
        EditorTabs tabs;
        TemplateMenu menu(&tabs);
        tabs.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tabs));
        CodeEditor *editor = tabs.currentEditor();
        setPristineText(editor, original);
        if (selection.size() == 4)
            editor->setSelection(selection[0], selection[1], selection[2], selection[3]);
        else
            editor->setCursorPosition(selection[0], selection[1]);

        const QString id = QStringLiteral("correlation");
        const QString code = TemplateLibrary::code(id);
        menu.actionFor(id)->trigger();
        QCOMPARE(tabs.count(), 1);
        QCOMPARE(editor->text(), before + code + after);
        // The caret ends right after the inserted code.
        int line = 0;
        int index = 0;
        editor->getCursorPosition(&line, &index);
        QCOMPARE(line, int(QString(before + code).count(u'\n')));
        QCOMPARE(index, 0);
        QVERIFY(!editor->hasSelectedText());

        // One undo step brings back exactly what was there, and nothing is left to undo.
        QVERIFY(canUndo(editor));
        editor->undo();
        QCOMPARE(editor->text(), original);
        QVERIFY(!canUndo(editor));
        editor->redo();
        QCOMPARE(editor->text(), before + code + after);
        editor->setModified(false);
    }

    void windowsLineEndingsAreKept()
    {
        EditorTabs tabs;
        TemplateMenu menu(&tabs);
        CodeEditor *editor = tabs.currentEditor();
        editor->setEolMode(QsciScintilla::EolWindows);
        setPristineText(editor, QStringLiteral("a = 1\r\nb = 2\r\n"));
        editor->setCursorPosition(0, 5);
        menu.actionFor(QStringLiteral("ttest"))->trigger();
        QString code = TemplateLibrary::code(QStringLiteral("ttest"));
        code.replace(u'\n', QStringLiteral("\r\n"));
        QCOMPARE(editor->text(),
                 QStringLiteral("a = 1\r\n") + code + QStringLiteral("\r\nb = 2\r\n"));
        editor->undo();
        QCOMPARE(editor->text(), QStringLiteral("a = 1\r\nb = 2\r\n"));
        editor->setModified(false);
    }

    // Without a Python editor to write into, a template gets a new document of its own.
    void withoutAPythonEditorANewDocumentOpens()
    {
        ScriptedPrompts prompts;
        EditorTabs tabs;
        tabs.setPrompts(&prompts);
        TemplateMenu menu(&tabs);
        QVERIFY(tabs.closeAll());
        QCOMPARE(tabs.count(), 0);
        menu.actionFor(QStringLiteral("load_csv"))->trigger();
        QCOMPARE(tabs.count(), 1);
        QCOMPARE(tabs.currentEditor()->text(), TemplateLibrary::code(QStringLiteral("load_csv")));

        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("settings.json"));
        QFile file(json);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"a\": 1}\n");
        file.close();
        CodeEditor *jsonEditor = tabs.openFile(json);
        QVERIFY(jsonEditor);
        QVERIFY(!jsonEditor->isPython());
        menu.actionFor(QStringLiteral("ols"))->trigger();
        QCOMPARE(tabs.count(), 3);
        QCOMPARE(jsonEditor->text(), QStringLiteral("{\"a\": 1}\n"));
        QVERIFY(tabs.currentEditor() != jsonEditor);
        QCOMPARE(tabs.currentEditor()->text(), TemplateLibrary::code(QStringLiteral("ols")));
        for (CodeEditor *editor : tabs.editors())
            editor->setModified(false);
        tabs.setPrompts(nullptr);
    }
};

QTEST_MAIN(TestTemplates)
#include "tst_templates.moc"
