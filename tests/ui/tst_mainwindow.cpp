#include <aboutdialog.h>
#include <colorscheme.h>
#include <mainwindow.h>

#include <QApplication>
#include <QDockWidget>
#include <QFormLayout>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QTest>

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
        QCOMPARE(titles,
                 QStringList({"&File", "&Edit", "&View", "&Run", "&Tools", "&Help"}));
        auto fileMenu = window.findChild<QMenu *>(QStringLiteral("FileMenu"));
        QVERIFY(fileMenu);
        bool hasQuit = false;
        for (auto action : fileMenu->actions())
            hasQuit = hasQuit || action->shortcut() == QKeySequence(QKeySequence::Quit);
        QVERIFY(hasQuit);
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
        QCOMPARE(window.docks().size(), 5);
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
