#include <languageloader.h>
#include <mainwindow.h>
#include <translations.h>

#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QMenuBar>
#include <QTest>
#include <QTranslator>

using namespace Sandpiper::Ui;

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void compiledTranslationIsEmbedded()
    {
        const QString path = LanguageLoader::resourcePath(QLocale(QStringLiteral("zh_CN")));
        QCOMPARE(path, QStringLiteral(":/i18n/sandpiper_zh_CN.qm"));
        QVERIFY2(QFile::exists(path), qPrintable(path));
        QTranslator translator;
        QVERIFY(translator.load(path));
        QVERIFY(!translator.isEmpty());
        QVERIFY(Sandpiper::Translations::availableLocales().contains(QStringLiteral("zh_CN")));
    }

    void englishNeedsNoTranslation()
    {
        QVERIFY(!LanguageLoader::install(qApp, QLocale(QLocale::English, QLocale::UnitedStates)));
        MainWindow window;
        QCOMPARE(window.windowTitle(), QStringLiteral("Sandpiper Data Workbench"));
    }

    void chineseWindowIsTranslated()
    {
        QVERIFY(LanguageLoader::install(qApp, QLocale(QStringLiteral("zh_CN"))));
        MainWindow window;
        QCOMPARE(window.windowTitle(), QStringLiteral("Sandpiper 数据科学工作台"));
        QStringList menus;
        for (auto action : window.menuBar()->actions())
            menus << action->text();
        QCOMPARE(menus,
                 QStringList(
                         {"文件(&F)", "编辑(&E)", "视图(&V)", "运行(&R)", "工具(&T)", "帮助(&H)"}));
        QCOMPARE(window.dock(QStringLiteral("ConsoleDock"))->windowTitle(),
                 QStringLiteral("控制台"));
        // Tools ▸ Templates, whose titles come from a table rather than tr() calls.
        auto templates = window.findChild<QMenu *>(QStringLiteral("TemplatesMenu"));
        QVERIFY(templates);
        QCOMPARE(templates->title(), QStringLiteral("模板(&T)"));
        QCOMPARE(templates->actions().constFirst()->text(), QStringLiteral("加载数据"));
        QCOMPARE(templates->actions().constFirst()->menu()->actions().constFirst()->text(),
                 QStringLiteral("加载 CSV 文件"));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
