#include "fakesession.h"

#include <consolewidget.h>
#include <editortabs.h>
#include <mainwindow.h>
#include <plothistory.h>
#include <plotsview.h>
#include <resourcesview.h>
#include <sessionpool.h>
#include <sessionselector.h>
#include <variablesmodel.h>
#include <variablesview.h>

#include <codeeditor.h>

#include <historyrecorder.h>
#include <historystore.h>

#include <QApplication>
#include <QBuffer>
#include <QAbstractItemView>
#include <QComboBox>
#include <QImage>
#include <QListView>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPointer>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Sandpiper;
using namespace Sandpiper::Ui;
using Testing::FakeSession;

// Several sessions in one window: each with its own console, variables and plots; the docks
// follow the one selected; the cap; Close asks first and keeps the last one; an editor runs in
// the session it was given.
class tst_Sessions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("SandpiperTest"));
        QApplication::setApplicationName(QStringLiteral("tst_sessions"));
        QSettings().clear();
    }
    void cleanup() { QSettings().clear(); }

    void newSessionHasItsOwnConsoleVariablesAndPlots();
    void selectorSwitchesAndListsStateMemoryAndCpu();
    void capSaysWhyPastEightSessions();
    void closeAsksFirstAndKeepsTheLastSession();
    void editorRunsInTheSessionItWasGiven();
    void runFileWaitsBehindInteractiveRuns();
    void renameShowsInTheSelectorAndTabs();
    void resourcesShowTheSelectedSessionsPast();
    void historyNamesEachRunsSession();

private:
    struct Window
    {
        QList<QPointer<FakeSession>> made;
        Client::SessionPool pool{[this]() -> Client::AbstractSession * {
            auto session = new FakeSession;
            made << session;
            return session;
        }};
        MainWindow window;

        Window()
        {
            pool.create()->start();
            window.setSessionPool(&pool);
        }
        FakeSession *fake(int index) const { return made.at(index).data(); }
    };
};

namespace {
void defineVariables(FakeSession *session, const QStringList &names)
{
    Protocol::VariablesDiff diff;
    diff.reset = true;
    for (const QString &name : names) {
        Protocol::VariableSummary summary;
        summary.name = name;
        summary.type = QStringLiteral("int");
        diff.changed << summary;
    }
    Q_EMIT session->variablesChanged(diff);
}

Protocol::DisplayData figure()
{
    Protocol::DisplayData data;
    QImage image(8, 8, QImage::Format_RGB32);
    image.fill(Qt::red);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    data.data.insert(QStringLiteral("image/png"), png);
    return data;
}
} // namespace

void tst_Sessions::newSessionHasItsOwnConsoleVariablesAndPlots()
{
    Window w;
    MainWindow &window = w.window;
    ConsoleWidget *first = window.console();
    QCOMPARE(first->session(), w.fake(0));
    Client::Execution *run = first->run(QStringLiteral("print('one')"));
    run->deliverOutput(Protocol::StreamName::Stdout, "from the first\n", false);
    run->deliverDisplay(figure());
    run->finish({});
    defineVariables(w.fake(0), {QStringLiteral("a"), QStringLiteral("b")});
    QCOMPARE(window.variables()->model()->rowCount(), 2);
    QCOMPARE(window.plots()->history()->rowCount(), 1);

    // The selector's New button.
    QTest::mouseClick(window.sessionSelector()->newButton(), Qt::LeftButton);
    QCOMPARE(w.pool.count(), 2);
    ConsoleWidget *second = window.console();
    QVERIFY(second != first);
    QCOMPARE(second->session(), w.fake(1));
    QCOMPARE(toString(w.fake(1)->state()), toString(Client::SessionState::Idle)); // started
    QCOMPARE(window.session(), w.fake(1));
    first->flush();
    second->flush();
    QVERIFY(first->outputView()->toPlainText().contains(u"from the first"));
    QVERIFY(!second->outputView()->toPlainText().contains(u"from the first"));
    QCOMPARE(window.variables()->model()->rowCount(), 0);
    QCOMPARE(window.plots()->history()->rowCount(), 0);
    QCOMPARE(window.resources()->session(), w.fake(1));
    auto stack = window.findChild<QStackedWidget *>(QStringLiteral("ConsoleStack"));
    QCOMPARE(stack->currentWidget(), second);
    // The selector moved into the console shown.
    QVERIFY(second->isAncestorOf(window.sessionSelector()));

    // A figure the first session draws while the second is shown goes to the first's plots.
    Client::Execution *late = first->run(QStringLiteral("plot"));
    late->deliverDisplay(figure());
    late->finish({});
    QCOMPARE(window.plots()->history()->rowCount(), 0);

    window.setSession(w.fake(0));
    QCOMPARE(window.console(), first);
    QCOMPARE(window.variables()->model()->rowCount(), 2);
    QCOMPARE(window.plots()->history()->rowCount(), 2);
    QCOMPARE(window.plots()->strip()->model()->rowCount(), 2);
    QCOMPARE(window.consoleOf(w.fake(1)), second);
}

void tst_Sessions::selectorSwitchesAndListsStateMemoryAndCpu()
{
    Window w;
    MainWindow &window = w.window;
    window.newSession();
    QComboBox *combo = window.sessionSelector()->combo();
    QCOMPARE(combo->count(), 2);
    QCOMPARE(combo->currentText(), QStringLiteral("Session 2"));
    Client::ResourceSample sample;
    sample.elapsedMs = 500;
    sample.memoryBytes = 300LL << 20;
    sample.cpuPercent = 97.4;
    Q_EMIT w.fake(0)->resourcesSampled(sample);
    const QString described = window.sessionSelector()->describe(w.fake(0));
    QVERIFY2(described.startsWith(u"Session 1 — Idle") && described.contains(u"300")
                     && described.contains(u"97 % CPU"),
             qPrintable(described));
    QCOMPARE(combo->itemData(0, Qt::ToolTipRole).toString(), described);
    // The open list shows the details, the closed box the name again, however the list closes.
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    combo->showPopup();
    QTRY_VERIFY(combo->view()->isVisible());
    QCOMPARE(combo->itemText(0), described);
    combo->view()->window()->hide(); // as a click elsewhere closes it
    QCOMPARE(combo->itemText(0), QStringLiteral("Session 1"));
    QCOMPARE(combo->currentText(), QStringLiteral("Session 2"));
    // The user picks the first from the list.
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Up);
    QCOMPARE(window.session(), w.fake(0));
    QCOMPARE(window.console()->session(), w.fake(0));
}

void tst_Sessions::capSaysWhyPastEightSessions()
{
    Window w;
    MainWindow &window = w.window;
    for (int i = 1; i < 8; ++i)
        QVERIFY(window.newSession());
    QCOMPARE(w.pool.count(), 8);
    Client::AbstractSession *shown = window.session();
    QCOMPARE(window.newSession(), nullptr);
    QCOMPARE(w.pool.count(), 8);
    QCOMPARE(window.session(), shown);
    window.console()->flush();
    const QString said = window.console()->outputView()->toPlainText();
    QVERIFY2(said.contains(u"8 session") && said.contains(u"Close Session"), qPrintable(said));
    QVERIFY(window.statusBar()->currentMessage().contains(u"8 session"));
}

void tst_Sessions::closeAsksFirstAndKeepsTheLastSession()
{
    Window w;
    MainWindow &window = w.window;
    window.newSession();
    int asked = 0;
    bool answer = false;
    window.setRestartPrompt([&](int variables, bool *) {
        ++asked;
        return variables == 1 && answer;
    });
    defineVariables(w.fake(1), {QStringLiteral("model")});
    QVERIFY(!window.closeSession(w.fake(1)));
    QCOMPARE(asked, 1);
    QCOMPARE(w.pool.count(), 2);
    answer = true;
    const QPointer<ConsoleWidget> closedConsole = window.console();
    // Through the selector's menu, as the user does.
    window.sessionSelector()->closeAction()->trigger();
    QCOMPARE(asked, 2);
    QCOMPARE(w.pool.count(), 1);
    QCOMPARE(toString(w.fake(1) ? w.fake(1)->state() : Client::SessionState::Dead),
             toString(Client::SessionState::Dead));
    QCOMPARE(window.session(), w.fake(0));
    QCOMPARE(window.console()->session(), w.fake(0));
    QTRY_VERIFY(closedConsole.isNull());
    QTRY_VERIFY(w.made.at(1).isNull()); // the pool made it, so it is deleted
    // Nothing to lose: not asked; the last one stays.
    QVERIFY(!window.closeSession(w.fake(0)));
    QCOMPARE(asked, 2);
    QCOMPARE(w.pool.count(), 1);
    QVERIFY(window.statusBar()->currentMessage().contains(u"last session"));
    QVERIFY(!window.sessionSelector()->closeAction()->isEnabled());
}

void tst_Sessions::editorRunsInTheSessionItWasGiven()
{
    Window w;
    MainWindow &window = w.window;
    window.newSession();
    window.setSession(w.fake(0));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    CodeEditor *editor = window.editor()->currentEditor();
    QVERIFY(editor);
    QTabWidget *tabs = window.editor()->tabWidget();
    QVERIFY2(tabs->tabText(tabs->indexOf(editor)).endsWith(u"· Session 1"),
             qPrintable(tabs->tabText(tabs->indexOf(editor))));
    // Run > Run This Editor In > Session 2.
    auto menu = window.findChild<QMenu *>(QStringLiteral("RunInMenu"));
    QVERIFY(menu);
    QMetaObject::invokeMethod(menu, "aboutToShow");
    QAction *second = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->text() == QStringLiteral("Session 2"))
            second = action;
    }
    QVERIFY(second);
    second->trigger();
    QCOMPARE(window.sessionFor(editor), w.fake(1));
    QVERIFY(tabs->tabText(tabs->indexOf(editor)).endsWith(u"· Session 2"));
    QCOMPARE(window.session(), w.fake(0)); // choosing does not switch
    editor->setText(QStringLiteral("x = 1\n"));
    editor->setFocus();
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE(w.fake(1)->executed.size(), 1);
    QCOMPARE(w.fake(0)->executed.size(), 0);
    QCOMPARE(window.session(), w.fake(1)); // its output is in view
    // Back to following the selection.
    window.setEditorSession(editor, nullptr);
    window.setSession(w.fake(0));
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE(w.fake(0)->executed.size(), 1);
    // A closed session's editors follow the selection again.
    window.setEditorSession(editor, w.fake(1));
    window.setRestartPrompt([](int, bool *) { return true; });
    QVERIFY(window.closeSession(w.fake(1)));
    QCOMPARE(window.sessionFor(editor), w.fake(0));
    QVERIFY(!tabs->tabText(tabs->indexOf(editor)).contains(u"Session")); // one session left
}

void tst_Sessions::runFileWaitsBehindInteractiveRuns()
{
    Window w;
    MainWindow &window = w.window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    CodeEditor *editor = window.editor()->currentEditor();
    editor->setText(QStringLiteral("x = 1\n"));
    editor->setFocus();
    QTest::keyClick(editor, Qt::Key_F5);                          // Run File
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier); // Run Cell
    QTRY_COMPARE(w.fake(0)->priorities.size(), 2);
    QCOMPARE(w.fake(0)->priorities.at(0), Client::RunPriority::Background);
    QCOMPARE(w.fake(0)->priorities.at(1), Client::RunPriority::Interactive);
}

void tst_Sessions::renameShowsInTheSelectorAndTabs()
{
    Window w;
    MainWindow &window = w.window;
    window.newSession();
    window.setRenamePrompt([](const QString &current) {
        return current == QStringLiteral("Session 2") ? QStringLiteral("Model fitting") : QString();
    });
    window.sessionSelector()->renameAction()->trigger();
    QCOMPARE(w.pool.name(w.fake(1)), QStringLiteral("Model fitting"));
    QCOMPARE(window.sessionSelector()->combo()->currentText(), QStringLiteral("Model fitting"));
    CodeEditor *editor = window.editor()->currentEditor();
    QTabWidget *tabs = window.editor()->tabWidget();
    QVERIFY(tabs->tabText(tabs->indexOf(editor)).endsWith(u"· Model fitting"));
    QVERIFY(!window.renameSession(w.fake(1), QStringLiteral("Session 1")));
    QVERIFY(window.statusBar()->currentMessage().contains(u"Session 1"));
    QCOMPARE(window.sessionName(w.fake(1)), QStringLiteral("Model fitting"));
}

void tst_Sessions::resourcesShowTheSelectedSessionsPast()
{
    Window w;
    MainWindow &window = w.window;
    window.newSession();
    for (int i = 1; i <= 700; ++i) {
        Client::ResourceSample sample;
        sample.elapsedMs = i * 500;
        sample.memoryBytes = qint64(i) << 20;
        Q_EMIT w.fake(0)->resourcesSampled(sample);
    }
    QCOMPARE(w.pool.recentSamples(w.fake(0)).size(), Client::SessionPool::RecentSamples);
    QCOMPARE(w.pool.recentSamples(w.fake(0)).constLast().memoryBytes, 700LL << 20);
    QCOMPARE(w.pool.recentSamples(w.fake(1)).size(), 0);
    window.setSession(w.fake(0));
    QCOMPARE(window.resources()->session(), w.fake(0));
    QVERIFY2(window.resources()->readingText().contains(u"700"),
             qPrintable(window.resources()->readingText()));
}

// Each session's runs go into history under its name, also after a rename.
void tst_Sessions::historyNamesEachRunsSession()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    {
        HistoryRecorder history(path);
        Window w;
        MainWindow &window = w.window;
        window.setHistory(&history);
        window.newSession();
        window.console()->run(QStringLiteral("in_second = 2"))->finish({});
        window.consoleOf(w.fake(0))->run(QStringLiteral("in_first = 1"))->finish({});
        QVERIFY(window.renameSession(w.fake(1), QStringLiteral("Fitting")));
        window.console()->run(QStringLiteral("after_rename = 3"))->finish({});
        QVERIFY(history.flush());
    }
    HistoryStore store(path);
    QVERIFY(store.open());
    HistoryStore::Query query;
    query.text = QStringLiteral("in_first");
    QCOMPARE(store.search(query).value(0).session, QStringLiteral("Session 1"));
    query.text = QStringLiteral("in_second");
    QCOMPARE(store.search(query).value(0).session, QStringLiteral("Session 2"));
    query.text = QStringLiteral("after_rename");
    QCOMPARE(store.search(query).value(0).session, QStringLiteral("Fitting"));
}

QTEST_MAIN(tst_Sessions)
#include "tst_sessions.moc"
