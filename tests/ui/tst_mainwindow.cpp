#include "fakesession.h"
#include "scriptedprompts.h"

#include <aboutdialog.h>
#include <codeeditor.h>
#include <colorscheme.h>
#include <consolewidget.h>
#include <editortabs.h>
#include <mainwindow.h>
#include <sandbox/workspacetransfer.h>

#include <QApplication>
#include <QDockWidget>
#include <QFormLayout>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Sandpiper::Ui;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("SandpiperTest"));
        QApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
    }

    void docksExist_data()
    {
        QTest::addColumn<QString>("objectName");
        QTest::addColumn<QString>("title");
        QTest::newRow("files") << "FilesDock" << "Files";
        QTest::newRow("variables") << "VariablesDock" << "Variables";
        QTest::newRow("plots") << "PlotsDock" << "Plots";
        QTest::newRow("console") << "ConsoleDock" << "Console";
        QTest::newRow("resources") << "ResourcesDock" << "Resources";
        QTest::newRow("help") << "HelpDock" << "Help";
        QTest::newRow("problems") << "ProblemsDock" << "Problems";
        QTest::newRow("history") << "HistoryDock" << "History";
        QTest::newRow("security") << "SecurityDock" << "Security";
    }

    void docksExist()
    {
        QFETCH(QString, objectName);
        QFETCH(QString, title);
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QDockWidget *dock = window.dock(objectName);
        QVERIFY2(dock, qPrintable(objectName));
        QCOMPARE(dock->windowTitle(), title);
        QVERIFY(dock->widget());
        QVERIFY(dock->isVisible());
        // A placeholder says what will be there, not just the dock's name.
        if (auto label = qobject_cast<QLabel *>(dock->widget()))
            QVERIFY(label->text().size() > 20);
    }

    void centralEditorAreaExists()
    {
        MainWindow window;
        QVERIFY(window.centralWidget());
        QCOMPARE(window.centralWidget()->objectName(), QStringLiteral("EditorTabs"));
        QVERIFY(window.findChild<QWidget *>(QStringLiteral("Editor")));
    }

    void menusExist()
    {
        MainWindow window;
        QStringList titles;
        for (auto action : window.menuBar()->actions())
            titles << action->text();
        QCOMPARE(titles, QStringList({"&File", "&Edit", "&View", "&Run", "&Tools", "&Help"}));
        auto fileMenu = window.findChild<QMenu *>(QStringLiteral("FileMenu"));
        QVERIFY(fileMenu);
        bool hasQuit = false;
        for (auto action : fileMenu->actions())
            hasQuit = hasQuit || action->shortcut() == QKeySequence(QKeySequence::Quit);
        QVERIFY(hasQuit);
    }

    void editorActionsAreInTheMenus_data()
    {
        QTest::addColumn<QString>("menu");
        QTest::addColumn<QStringList>("texts");
        QTest::newRow("file") << "FileMenu"
                              << QStringList{"&New", "&Open...", "Save &As...", "&Quit"};
        QTest::newRow("edit") << "EditMenu"
                              << QStringList{"&Undo",
                                             "&Find...",
                                             "R&eplace...",
                                             "&Go to Line...",
                                             "Toggle C&omment"};
        QTest::newRow("run") << "RunMenu"
                             << QStringList{"Run &Cell",
                                            "Run Cell and &Advance",
                                            "Run &Selection or Line",
                                            "Run &File",
                                            "Run from &Top to Here"};
    }

    void editorActionsAreInTheMenus()
    {
        QFETCH(QString, menu);
        QFETCH(QStringList, texts);
        MainWindow window;
        auto found = window.findChild<QMenu *>(menu);
        QVERIFY(found);
        QStringList present;
        for (auto action : found->actions()) {
            present << action->text();
            if (texts.contains(action->text()) && action->text() != QStringLiteral("&Undo"))
                QVERIFY2(action->isEnabled(), qPrintable(action->text()));
        }
        for (const QString &text : std::as_const(texts))
            QVERIFY2(present.contains(text), qPrintable(present.join(u',')));
    }

    void runKeysReachTheWindowSignal()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        CodeEditor *editor = window.editor()->currentEditor();
        editor->setText(QStringLiteral("# %%\nx = 1\n# %%\ny = 2\n"));
        editor->setCursorPosition(1, 0);
        editor->setFocus();
        QSignalSpy spy(&window, &MainWindow::runCodeRequested);
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("x = 1"));
        QTest::keyClick(editor, Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(spy.size(), 2);
        QCOMPARE(editor->currentLine(), 3);
        // F5 works from anywhere in the window, the Run menu too.
        window.dock(QStringLiteral("ConsoleDock"))->setFocus();
        for (auto action : window.findChild<QMenu *>(QStringLiteral("RunMenu"))->actions()) {
            if (action->text() == QStringLiteral("Run &File"))
                action->trigger();
        }
        QCOMPARE(spy.size(), 3);
        QCOMPARE(spy.at(2).at(0).toString(), QStringLiteral("# %%\nx = 1\n# %%\ny = 2"));
        editor->setModified(false);
    }

    // Editor runs reach the session through the console, each with its own cell name, and a
    // traceback line in the console leads back to the editor line that raised.
    void runsReachTheSessionAndTracebacksLeadBack()
    {
        Sandpiper::Testing::FakeSession session;
        session.start();
        MainWindow window;
        window.setSession(&session);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        CodeEditor *editor = window.editor()->currentEditor();
        editor->setText(QStringLiteral("# %%\nx = 1\n# %%\ny = 2\nboom()\n"));
        editor->setCursorPosition(3, 0);
        editor->setFocus();
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(session.executed.size(), 1);
        QCOMPARE(session.executed.first()->code(), QStringLiteral("y = 2\nboom()"));
        session.executed.first()->finish({});
        editor->setCursorPosition(0, 0);
        Q_EMIT window.console()->locationActivated(QStringLiteral("<cell 1>"), 2);
        QCOMPARE(editor->currentLine(), 4); // the cell's code starts at line 3 (0-based)
        Q_EMIT window.console()->locationActivated(QStringLiteral("<cell 99>"), 1);
        QCOMPARE(editor->currentLine(), 4); // unknown runs go nowhere
        editor->setModified(false);
    }

    void recentFilesMenu()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("recent.py"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("x = 1\n");
        file.close();
        MainWindow window;
        window.editor()->clearRecentFiles();
        QVERIFY(window.editor()->openFile(path));
        window.editor()->closeEditor(window.editor()->currentEditor());
        auto menu = window.findChild<QMenu *>(QStringLiteral("RecentFilesMenu"));
        QVERIFY(menu);
        Q_EMIT menu->aboutToShow();
        QAction *entry = menu->actions().value(0);
        QVERIFY(entry);
        QVERIFY2(entry->text().endsWith(QDir::toNativeSeparators(path)), qPrintable(entry->text()));
        entry->trigger();
        QVERIFY(window.editor()->editorForFile(path));
        menu->actions().last()->trigger(); // Clear Recent Files
        QVERIFY(window.editor()->recentFiles().isEmpty());
    }

    void closingAsksAboutUnsavedWork()
    {
        ScriptedPrompts prompts;
        MainWindow window;
        window.editor()->setPrompts(&prompts);
        QVERIFY(window.editor()->journal() && window.editor()->journal()->isActive());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::keyClicks(window.editor()->currentEditor(), QStringLiteral("unsaved"));
        prompts.saveChoices << EditorPrompts::SaveChoice::Cancel;
        QVERIFY(!window.close());
        QVERIFY(window.isVisible());
        QCOMPARE(prompts.asked, QStringList{QStringLiteral("save:untitled-1.py")});
        prompts.saveChoices << EditorPrompts::SaveChoice::Discard;
        QVERIFY(window.close());
        window.editor()->setPrompts(nullptr);
    }

    // Quitting deletes the workspace: files the code wrote there are offered to be saved first.
    // A dataset copied in from the user's disk is not lost when the workspace goes; once the
    // session changes it, it is.
    void copiedInFilesAskOnlyOnceChanged()
    {
        QTemporaryDir workspace;
        QTemporaryDir outside;
        QFile source(QDir(outside.path()).filePath(QStringLiteral("data.csv")));
        QVERIFY(source.open(QIODevice::WriteOnly));
        source.write("a\n1\n");
        source.close();
        Sandpiper::Testing::FakeSession session;
        session.workspace = workspace.path();
        session.start();
        MainWindow window;
        window.setSession(&session);
        QStringList offered;
        int asked = 0;
        window.setWorkspaceFilesPrompt([&](const QString &, const QStringList &files, QString *) {
            ++asked;
            offered = files;
            return MainWindow::WorkspaceChoice::Cancel;
        });
        window.show();
        QSignalSpy copied(window.workspaceTransfer(), &WorkspaceTransfer::finished);
        QVERIFY(window.workspaceTransfer()->importFiles({source.fileName()}));
        QVERIFY(copied.wait(10000));
        QVERIFY(window.close()); // only a copy of the user's own file: no question
        QCOMPARE(asked, 0);
        window.show();
        QFile inWorkspace(QDir(workspace.path()).filePath(QStringLiteral("data.csv")));
        QVERIFY(inWorkspace.open(QIODevice::Append));
        inWorkspace.write("2\n"); // the session changed it
        inWorkspace.close();
        QVERIFY(!window.close());
        QCOMPARE(offered, QStringList{QStringLiteral("data.csv")});
        // A file saved out is still asked about: its copy outside may be overwritten later.
        QFile result(QDir(workspace.path()).filePath(QStringLiteral("result.csv")));
        QVERIFY(result.open(QIODevice::WriteOnly));
        result.write("r\n");
        result.close();
        QVERIFY(window.workspaceTransfer()->exportFile(
                result.fileName(), QDir(outside.path()).filePath(QStringLiteral("result.csv"))));
        QVERIFY(copied.wait(10000));
        QVERIFY(!window.close());
        QVERIFY(offered.contains(QStringLiteral("result.csv")));
        window.setWorkspaceFilesPrompt([](const QString &, const QStringList &, QString *) {
            return MainWindow::WorkspaceChoice::Discard;
        });
    }

    void quittingWithWorkspaceFilesAsks()
    {
        QTemporaryDir workspace;
        QDir root(workspace.path());
        QVERIFY(root.mkpath(QStringLiteral("out")) && root.mkpath(QStringLiteral(".config")));
        for (const QString &name : {QStringLiteral("out/table.csv"), QStringLiteral(".config/x")}) {
            QFile file(root.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("a,b\n1,2\n");
        }
        Sandpiper::Testing::FakeSession session;
        session.workspace = workspace.path();
        session.start();
        QTemporaryDir saved;
        QList<MainWindow::WorkspaceChoice> choices{MainWindow::WorkspaceChoice::Cancel,
                                                   MainWindow::WorkspaceChoice::SaveToFolder,
                                                   MainWindow::WorkspaceChoice::Keep};
        QStringList offered;
        const auto prompt = [&](const QString &, const QStringList &files, QString *folder) {
            offered = files;
            *folder = saved.path();
            return choices.takeFirst();
        };
        {
            MainWindow window;
            window.setSession(&session);
            window.setWorkspaceFilesPrompt(prompt);
            window.show();
            QVERIFY(!window.close()); // Cancel: the window stays
            QVERIFY(window.isVisible());
            QCOMPARE(offered, QStringList{QStringLiteral("out/table.csv")}); // hidden ones not
            QVERIFY(window.close()); // saved to the folder, then quits
            QFile copy(QDir(saved.path()).filePath(QStringLiteral("out/table.csv")));
            QVERIFY(copy.open(QIODevice::ReadOnly));
            QCOMPARE(copy.readAll(), QByteArray("a,b\n1,2\n"));
            QVERIFY(!session.keepWorkspace);
        }
        {
            MainWindow window;
            window.setSession(&session);
            window.setWorkspaceFilesPrompt(prompt);
            window.show();
            QVERIFY(window.close()); // keeps the workspace
            QVERIFY(session.keepWorkspace);
        }
        // An empty workspace asks nothing.
        QVERIFY(QFile::remove(root.filePath(QStringLiteral("out/table.csv"))));
        MainWindow window;
        window.setSession(&session);
        bool asked = false;
        window.setWorkspaceFilesPrompt([&asked](const QString &, const QStringList &, QString *) {
            asked = true;
            return MainWindow::WorkspaceChoice::Cancel;
        });
        window.show();
        QVERIFY(window.close());
        QVERIFY(!asked);
    }

    void colorSchemeMenuRecoloursTheEditor()
    {
        MainWindow window;
        auto paper = [&window] {
            const long bgr = window.editor()->currentEditor()->SendScintilla(
                    QsciScintillaBase::SCI_STYLEGETBACK, QsciScintillaBase::STYLE_DEFAULT);
            return QColor(bgr & 0xff, (bgr >> 8) & 0xff, (bgr >> 16) & 0xff);
        };
        const auto trigger = [&window](const QString &text) {
            for (auto action : window.findChildren<QAction *>()) {
                if (action->text() == text && action->isCheckable())
                    action->trigger();
            }
        };
        trigger(QStringLiteral("&Dark"));
        QVERIFY(paper().lightness() < 128);
        trigger(QStringLiteral("&Light"));
        QVERIFY(paper().lightness() > 128);
        ColorSchemeSetting::save(ColorScheme::System);
    }

    void colorSchemeMenuRecoloursTheConsole()
    {
        MainWindow window;
        QCOMPARE(window.console()->theme().name(), window.editor()->theme().name());
        const auto trigger = [&window](const QString &text) {
            for (auto action : window.findChildren<QAction *>()) {
                if (action->text() == text && action->isCheckable())
                    action->trigger();
            }
        };
        const auto base = [&window] {
            return window.console()->outputView()->palette().color(QPalette::Base);
        };
        trigger(QStringLiteral("&Dark"));
        QCOMPARE(window.console()->theme().name(), window.editor()->theme().name());
        QVERIFY(base().lightness() < 128);
        trigger(QStringLiteral("&Light"));
        QCOMPARE(window.console()->theme().name(), window.editor()->theme().name());
        QVERIFY(base().lightness() > 128);
        ColorSchemeSetting::save(ColorScheme::System);
    }

    // Restart asks when the session holds variables; "don't ask again" is remembered only when
    // the restart happened.
    void restartAsksWhenVariablesWouldBeLost()
    {
        QSettings().remove(QStringLiteral("console/confirmRestart"));
        Sandpiper::Testing::FakeSession session;
        MainWindow window;
        window.setSession(&session);
        int asked = 0;
        bool answer = false;
        bool tick = false;
        window.setRestartPrompt([&](int variables, bool *dontAskAgain) {
            ++asked;
            *dontAskAgain = tick;
            return variables == 2 && answer;
        });
        QToolButton *restart = window.console()->restartButton();
        QTest::mouseClick(restart, Qt::LeftButton);
        QCOMPARE(asked, 0); // nothing to lose
        QCOMPARE(session.restarts, 1);
        Sandpiper::Protocol::VariablesDiff diff;
        diff.reset = true;
        for (const char *name : {"df", "x"}) {
            Sandpiper::Protocol::VariableSummary summary;
            summary.name = QString::fromLatin1(name);
            summary.type = QStringLiteral("int");
            diff.changed << summary;
        }
        Q_EMIT session.variablesChanged(diff);
        tick = true; // ticked, then Cancel: still asks next time
        QTest::mouseClick(restart, Qt::LeftButton);
        QCOMPARE(asked, 1);
        QCOMPARE(session.restarts, 1);
        answer = true;
        tick = false;
        QTest::mouseClick(restart, Qt::LeftButton);
        QCOMPARE(asked, 2);
        QCOMPARE(session.restarts, 2);
        tick = true;
        QTest::mouseClick(restart, Qt::LeftButton);
        QCOMPARE(asked, 3);
        QCOMPARE(session.restarts, 3);
        QTest::mouseClick(restart, Qt::LeftButton); // not asked again
        QCOMPARE(asked, 3);
        QCOMPARE(session.restarts, 4);
        QSettings().remove(QStringLiteral("console/confirmRestart"));
    }

    // At the default size the console shows more than eight lines of output.
    void consoleShowsMoreThanEightLines()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QPlainTextEdit *output = window.console()->outputView();
        const int lines = output->viewport()->height() / output->fontMetrics().lineSpacing();
        QVERIFY2(lines > 8, qPrintable(QString::number(lines)));
    }

    void layoutRoundTripsThroughSettings()
    {
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(720, 520); // within the offscreen platform's 800x600 screen
            window.dock(QStringLiteral("ResourcesDock"))->hide();
            window.dock(QStringLiteral("FilesDock"))->setFloating(true);
            window.saveLayout();
        }
        MainWindow restored;
        restored.restoreLayout();
        restored.show();
        QVERIFY(QTest::qWaitForWindowExposed(&restored));
        QCOMPARE(restored.size(), QSize(720, 520));
        QVERIFY(!restored.dock(QStringLiteral("ResourcesDock"))->isVisible());
        QVERIFY(restored.dock(QStringLiteral("FilesDock"))->isFloating());
        QSettings().clear();
    }

    void corruptSettingsAreIgnored()
    {
        QSettings().setValue(QStringLiteral("mainWindow/state"), QByteArray("\xff\x00garbage", 9));
        QSettings().setValue(QStringLiteral("mainWindow/geometry"), QStringLiteral("nonsense"));
        MainWindow window;
        window.restoreLayout();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.docks().size(), 9);
        QVERIFY(window.dock(QStringLiteral("ConsoleDock"))->isVisible());
        QSettings().clear();
    }

    void aboutDialogListsLibraryVersions()
    {
        const VersionList versions = AboutDialog::libraryVersions();
        QStringList names;
        for (const auto &[name, version] : versions) {
            names << name;
            QVERIFY2(!version.isEmpty(), qPrintable(name));
        }
        QVERIFY(names.contains("Qt"));
        QVERIFY(names.contains("QScintilla"));
        QVERIFY(names.contains("KSyntaxHighlighting"));
        QVERIFY(versions.at(1).second.startsWith(QLatin1String("6.")));

        AboutDialog dialog(nullptr, {{QStringLiteral("Python"), QStringLiteral("3.13.5")}});
        QStringList shown;
        for (auto label : dialog.findChildren<QLabel *>())
            shown << label->text();
        QVERIFY(shown.contains(QStringLiteral("3.13.5")));
        QVERIFY(shown.contains(QString::fromLatin1(qVersion())));
    }

    void colorSchemesChangeThePalette()
    {
        applyColorScheme(ColorScheme::Dark);
        const QColor darkWindow = QApplication::palette().color(QPalette::Window);
        QVERIFY(darkWindow.lightness() < 100);
        applyColorScheme(ColorScheme::Light);
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 150);

        ColorSchemeSetting::save(ColorScheme::Dark);
        QCOMPARE(ColorSchemeSetting::load(), ColorScheme::Dark);
        ColorSchemeSetting::save(ColorScheme::System);
        QCOMPARE(ColorSchemeSetting::load(), ColorScheme::System);
        QVERIFY(effectiveColorScheme(ColorScheme::System) != ColorScheme::System);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
