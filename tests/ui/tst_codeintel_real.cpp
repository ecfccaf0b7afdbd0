// The editor's code intelligence against the real engines: a session with a DataFrame in its
// namespace and the shared code-intelligence engine (static jedi, black, flake8), driven with key
// events as a user would. With SANDPIPER_SCREENSHOT_DIR set, pictures of the completion list, a
// call tip and lint marks are saved there, in the light and the dark theme.

#include "typing.h"

#include <calltipcontroller.h>
#include <codeeditor.h>
#include <codeintelsession.h>
#include <colorscheme.h>
#include <completioncontroller.h>
#include <editorassistant.h>
#include <editortabs.h>
#include <helpview.h>
#include <lintmarks.h>
#include <mainwindow.h>
#include <problemsview.h>
#include <session.h>

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>
#include <optional>

using namespace Sandpiper;
using namespace Sandpiper::Ui;

using Sandpiper::Testing::typeInto;

namespace {
using Base = QsciScintillaBase;

constexpr int Slow = 30000; // first answers load jedi and read pandas; machines are shared

Client::SessionOptions withEngine(Client::SessionOptions options)
{
    options.enginePath = QStringLiteral(SANDPIPER_ENGINE_PATH);
    options.handshakeTimeoutMs = 60000;
    return options;
}

const QString Ugly = QStringLiteral("import os\n"
                                    "def f(a,b = 2):\n"
                                    "  x=[1,2,\n"
                                    "     3]\n"
                                    "  return {'a':a,'b' :b, 'x': x}\n"
                                    "print(f(1), os.sep)\n");
const QString Black = QStringLiteral("import os\n"
                                     "\n"
                                     "\n"
                                     "def f(a, b=2):\n"
                                     "    x = [1, 2, 3]\n"
                                     "    return {\"a\": a, \"b\": b, \"x\": x}\n"
                                     "\n"
                                     "\n"
                                     "print(f(1), os.sep)\n");
} // namespace

class TestCodeIntelReal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void completionListsTheDataFramesColumns();
    void completionListsDictKeys();
    void callTipInsideReadCsv();
    void formatIsBlacksOutputAndOneUndo();
    void unusedImportIsMarked();
    void projectConfigurationApplies();
    void f1ShowsDocumentation();
    void lateRepliesChangeNothing();
    void darkTheme();

private:
    CodeEditor *editor() const { return m_window->editor()->currentEditor(); }
    EditorAssistant *assistant() const { return m_window->editor()->assistant(editor()); }
    void setText(const QString &text)
    {
        editor()->setUtf8Text(text.toUtf8(), true);
        editor()->SendScintilla(Base::SCI_DOCUMENTEND);
        editor()->setFocus();
    }
    void snap(const QString &name);
    void showCompletionAndCallTip(const QString &theme);
    void showLintMarks(const QString &theme);

    std::unique_ptr<Client::Session> m_session;
    std::unique_ptr<Client::CodeIntelSession> m_codeIntel;
    std::unique_ptr<MainWindow> m_window;
    QStringList m_notices;
    QElapsedTimer m_clock;
};

void TestCodeIntelReal::initTestCase()
{
    m_clock.start();
    QApplication::setOrganizationName(QStringLiteral("SandpiperTest"));
    QApplication::setApplicationName(QStringLiteral("tst_codeintel_real"));
    QSettings().clear();
    ColorSchemeSetting::save(ColorScheme::Light);
    applyColorScheme(ColorScheme::Light);
    // As the app starts it: jedi warms up for pandas and numpy while the session is idle.
    Client::SessionOptions live;
    live.arguments << QStringLiteral("--warm-completion");
    m_session = std::make_unique<Client::Session>(withEngine(live));
    m_codeIntel = std::make_unique<Client::CodeIntelSession>(
            withEngine(Client::CodeIntelSession::defaultOptions()));
    for (Client::Session *s :
         {m_session.get(), static_cast<Client::Session *>(m_codeIntel.get())}) {
        connect(s, &Client::Session::notice, this, [this](const QString &n) { m_notices << n; });
    }
    m_window = std::make_unique<MainWindow>();
    m_window->setSession(m_session.get());
    m_window->setCodeIntelSession(m_codeIntel.get());
    m_window->resize(800, 600);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    m_session->start();
    Client::Execution *setup = m_session->execute(
            QStringLiteral("import pandas as pd\n"
                           "df = pd.DataFrame({'alpha': [1, 2], 'beta': [3.0, 4.0], "
                           "'gamma_ratio': [0.5, 0.25]})\n"
                           "d = {'key_one': 1, 'key_two': 2}\n"));
    // The execution is deleted after it finished: keep what it said.
    std::optional<Client::RunOutcome> outcome;
    connect(setup, &Client::Execution::finished, this, [&outcome](const Client::RunOutcome &o) {
        outcome = o;
    });
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 60000);
    QVERIFY2(outcome->status == Client::RunStatus::Ok,
             qPrintable(Client::toString(outcome->status) + QLatin1Char(' ')
                        + outcome->error.message + outcome->detail
                        + m_notices.join(QLatin1Char('\n'))));
    qInfo("session ready with a DataFrame after %lld ms", m_clock.elapsed());
}

void TestCodeIntelReal::cleanupTestCase()
{
    m_window.reset();
    if (m_session)
        m_session->shutdown();
    if (m_codeIntel)
        m_codeIntel->shutdown();
    QVERIFY2(m_notices.isEmpty(), qPrintable(m_notices.join(QLatin1Char('\n'))));
    qInfo("all of it took %lld ms", m_clock.elapsed());
}

void TestCodeIntelReal::init()
{
    m_window->activateWindow();
    setText(QString());
}

void TestCodeIntelReal::snap(const QString &name)
{
    const QString dir = qEnvironmentVariable("SANDPIPER_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QTest::qWait(150); // let the popups paint
    // The screen, not the window: call tips are windows of their own.
    const QRect area = m_window->frameGeometry();
    const QPixmap picture
            = m_window->screen()->grabWindow(0, area.x(), area.y(), area.width(), area.height());
    QVERIFY(picture.save(QDir(dir).filePath(name + QStringLiteral(".png"))));
}

void TestCodeIntelReal::completionListsTheDataFramesColumns()
{
    QElapsedTimer timer;
    timer.start();
    typeInto(editor(), QStringLiteral("df."));
    CompletionController *completion = assistant()->completion();
    QTRY_VERIFY_WITH_TIMEOUT(completion->shownNames().contains(QStringLiteral("alpha")), Slow);
    qInfo("df. listed the columns after %lld ms", timer.elapsed());
    const QStringList names = completion->shownNames();
    QVERIFY(names.contains(QStringLiteral("beta")));
    QVERIFY(names.contains(QStringLiteral("gamma_ratio")));
    QVERIFY(names.contains(QStringLiteral("head")));
    // Narrowing and accepting with Tab.
    typeInto(editor(), QStringLiteral("gam"));
    QTRY_COMPARE(completion->shownNames(), QStringList({"gamma_ratio"}));
    QTest::keyClick(editor(), Qt::Key_Tab);
    QCOMPARE(editor()->codeText(), QStringLiteral("df.gamma_ratio"));
    QVERIFY(!completion->isVisible());
}

void TestCodeIntelReal::completionListsDictKeys()
{
    QElapsedTimer timer;
    timer.start();
    typeInto(editor(), QStringLiteral("value = d[\""));
    CompletionController *completion = assistant()->completion();
    QTRY_COMPARE_WITH_TIMEOUT(
            completion->shownNames(), QStringList({"\"key_one\"", "\"key_two\""}), Slow);
    // Typing, the pause before asking (150 ms) and both engines' answers.
    qInfo("d[\" listed the keys after %lld ms", timer.elapsed());
    QTest::keyClick(editor(), Qt::Key_Down);
    QTest::keyClick(editor(), Qt::Key_Return);
    QCOMPARE(editor()->codeText(), QStringLiteral("value = d[\"key_two\""));
}

void TestCodeIntelReal::callTipInsideReadCsv()
{
    QElapsedTimer timer;
    timer.start();
    typeInto(editor(), QStringLiteral("frame = pd.read_csv("));
    CallTipController *tips = assistant()->callTips();
    QTRY_VERIFY_WITH_TIMEOUT(tips->isShown(), Slow);
    qInfo("the call tip showed after %lld ms", timer.elapsed());
    const CallTipController::Tip tip = tips->shownTip();
    QVERIFY2(tip.text.startsWith(QStringLiteral("read_csv(")), qPrintable(tip.text));
    const QString highlighted
            = tip.text.mid(tip.highlightStart, tip.highlightEnd - tip.highlightStart);
    QVERIFY2(highlighted.startsWith(QStringLiteral("filepath_or_buffer")), qPrintable(tip.text));
    // The second argument is highlighted once the comma is typed.
    typeInto(editor(), QStringLiteral("\"data.csv\", "));
    QTRY_VERIFY_WITH_TIMEOUT(tips->shownTip().text.mid(tips->shownTip().highlightStart,
                                                       tips->shownTip().highlightEnd
                                                               - tips->shownTip().highlightStart)
                                     != highlighted,
                             Slow);
    QVERIFY(tips->isShown());
    QTest::keyClick(editor(), Qt::Key_Escape);
    QVERIFY(!tips->isShown());
}

void TestCodeIntelReal::formatIsBlacksOutputAndOneUndo()
{
    setText(Ugly);
    editor()->setCursorPosition(4, 4); // in "return"
    QSignalSpy status(assistant(), &EditorAssistant::statusMessage);
    QElapsedTimer timer;
    timer.start();
    QTest::keyClick(editor(), Qt::Key_L, Qt::ControlModifier | Qt::AltModifier);
    QTRY_COMPARE_WITH_TIMEOUT(editor()->codeText(), Black, Slow);
    qInfo("formatted after %lld ms", timer.elapsed());
    // The caret is still in "return", on its new line.
    QCOMPARE(editor()->currentLine(), 5);
    QCOMPARE(
            editor()->text(5).mid(
                    editor()->lineColumnAt(editor()->SendScintilla(Base::SCI_GETCURRENTPOS)).second,
                    2),
            QStringLiteral("tu"));
    QTest::keyClick(editor(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(editor()->codeText(), Ugly);

    // A syntax error changes nothing and says where.
    setText(QStringLiteral("x = 1\ny = (\n"));
    status.clear();
    m_window->editor()->action(EditorTabs::FormatCode)->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), Slow);
    QVERIFY2(status.last().first().toString().contains(QStringLiteral("line")),
             qPrintable(status.last().first().toString()));
    QCOMPARE(editor()->codeText(), QStringLiteral("x = 1\ny = (\n"));
    QVERIFY(!editor()->isUndoAvailable());
}

void TestCodeIntelReal::unusedImportIsMarked()
{
    setText(QStringLiteral("import os\nimport sys\n\nprint(sys.path)\n"));
    assistant()->lint();
    LintMarks *marks = assistant()->lintMarks();
    // (Marks of the text before stay, moved, until this lint answers.)
    QTRY_VERIFY_WITH_TIMEOUT(marks->count() > 0
                                     && marks->diagnostics().first().code != QLatin1String("black"),
                             Slow);
    const Protocol::Diagnostic first = marks->diagnostics().first();
    QCOMPARE(first.code, QStringLiteral("F401"));
    QCOMPARE(first.line, 1);
    QCOMPARE(marks->count(), 1); // sys is used; black's line length, no style noise
    QVERIFY(editor()->markersAtLine(0) & (1 << marks->markerFor(first.severity)));
    ProblemsView *problems = m_window->problems();
    QTRY_COMPARE(problems->problemCount(), 1);
    QCOMPARE(problems->topLevelItem(0)->text(1), QStringLiteral("F401"));
    QVERIFY(problems->topLevelItem(0)->text(2).contains(QStringLiteral("'os'")));

    // A pause after typing lints again: the mark goes once os is used.
    editor()->SendScintilla(Base::SCI_DOCUMENTEND);
    typeInto(editor(), QStringLiteral("print(os.sep)\n"));
    QTRY_COMPARE_WITH_TIMEOUT(marks->count(), 0, Slow);
    QTRY_COMPARE(problems->problemCount(), 0);
}

void TestCodeIntelReal::projectConfigurationApplies()
{
    // The project's setup.cfg next to the file: F401 ignored, lines up to 20 characters.
    QTemporaryDir project;
    QVERIFY(project.isValid());
    QFile config(project.filePath(QStringLiteral("setup.cfg")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("[flake8]\nextend-ignore = F401\nmax-line-length = 20\n");
    config.close();
    const QString path = project.filePath(QStringLiteral("analysis.py"));
    QFile script(path);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("import os\nvalue = 'a fairly long string'\n");
    script.close();
    CodeEditor *opened = m_window->editor()->openFile(path);
    QVERIFY(opened);
    LintMarks *marks = m_window->editor()->assistant(opened)->lintMarks();
    // Opening lints (after the pause) without being asked.
    QTRY_VERIFY_WITH_TIMEOUT(marks->count() > 0, Slow);
    const QList<Protocol::Diagnostic> found = marks->diagnostics();
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().code, QStringLiteral("E501"));
    QCOMPARE(found.first().line, 2);
    m_window->editor()->closeEditor(opened);
}

void TestCodeIntelReal::f1ShowsDocumentation()
{
    setText(QStringLiteral("import pandas as pd\npd.read_csv"));
    editor()->setCursorPosition(1, 6);
    QTest::keyClick(editor(), Qt::Key_F1);
    HelpView *help = m_window->help();
    QTRY_VERIFY_WITH_TIMEOUT(help->documentation().name == QLatin1String("read_csv"), Slow);
    QVERIFY2(help->toPlainText().contains(QStringLiteral("comma-separated")),
             qPrintable(help->toPlainText().right(900)));
    // numpydoc rendered: headings without their rules, parameters with their types.
    const QString shown = help->toPlainText();
    QVERIFY2(!shown.contains(u"----------") && shown.contains(u"Parameters\n"),
             qPrintable(shown.left(1500)));
    QVERIFY2(shown.contains(u"filepath_or_buffer : str, path object or file-like object"),
             qPrintable(shown.left(1500)));
    QVERIFY(!shown.contains(u":func:`") && !shown.contains(u"``"));
    QVERIFY(m_window->dock(QStringLiteral("HelpDock"))->isVisible());
    snap(QStringLiteral("help-light"));
}

void TestCodeIntelReal::lateRepliesChangeNothing()
{
    // black's answer comes after a key: the text keeps the key and is not formatted.
    setText(QStringLiteral("x=1\n"));
    QSignalSpy status(assistant(), &EditorAssistant::statusMessage);
    m_window->editor()->action(EditorTabs::FormatCode)->trigger();
    typeInto(editor(), QStringLiteral("y=2"));
    QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), Slow);
    QCOMPARE(editor()->codeText(), QStringLiteral("x=1\ny=2"));
    QVERIFY(editor()->isUndoAvailable());
    editor()->undo();
    QCOMPARE(editor()->codeText(), QStringLiteral("x=1\n"));

    // A completion answer for a place the caret has left opens no list.
    setText(QString());
    typeInto(editor(), QStringLiteral("df."));
    QTest::qWait(CompletionController::DebounceMs + 20); // asked, not answered yet
    typeInto(editor(), QStringLiteral("\nz = 3"));
    QTest::qWait(1500);
    QVERIFY(!assistant()->completion()->isVisible());
    QCOMPARE(editor()->codeText(), QStringLiteral("df.\nz = 3"));
}

void TestCodeIntelReal::showCompletionAndCallTip(const QString &theme)
{
    setText(QStringLiteral("import pandas as pd\n\n# %% Load\n"
                           "frame = pd.read_csv(\"data.csv\", sep=\";\")\n\n"
                           "# %% Summary\nsummary = df"));
    typeInto(editor(), QStringLiteral(".a"));
    QTRY_VERIFY_WITH_TIMEOUT(
            assistant()->completion()->shownNames().contains(QStringLiteral("alpha")), Slow);
    snap(QStringLiteral("completion-") + theme);
    QTest::keyClick(editor(), Qt::Key_Escape);
    typeInto(editor(), QStringLiteral("lpha.sum()\ntable = pd.read_csv(\"data.csv\", usecols="));
    QTRY_VERIFY_WITH_TIMEOUT(assistant()->callTips()->isShown()
                                     && assistant()->callTips()->shownTip().highlightEnd > 0,
                             Slow);
    snap(QStringLiteral("calltip-") + theme);
    QTest::keyClick(editor(), Qt::Key_Escape);
}

void TestCodeIntelReal::showLintMarks(const QString &theme)
{
    setText(QStringLiteral("import os\nimport numpy as np\n\n\ndef total(values):\n"
                           "    result = 0\n    for v in values:\n        result += v\n"
                           "    return undefined_name\n\n\nprint(total([1, 2]), np.pi)\n"));
    assistant()->lint();
    QTRY_VERIFY_WITH_TIMEOUT(assistant()->lintMarks()->count() >= 2, Slow);
    m_window->dock(QStringLiteral("ProblemsDock"))->raise();
    snap(QStringLiteral("lint-") + theme);
}

void TestCodeIntelReal::darkTheme()
{
    // Pictures of the editor: the side docks make room for it.
    const QStringList side = {"FilesDock", "VariablesDock", "PlotsDock", "HelpDock"};
    for (const QString &name : side)
        m_window->dock(name)->hide();
    showCompletionAndCallTip(QStringLiteral("light"));
    showLintMarks(QStringLiteral("light"));
    // As a user switches: View > Color Scheme > Dark.
    const auto scheme = [this](const QString &text) {
        for (QAction *action : m_window->findChildren<QAction *>()) {
            if (action->text() == text && action->isCheckable()) {
                action->trigger();
                return true;
            }
        }
        return false;
    };
    QVERIFY(scheme(QStringLiteral("&Dark")));
    const long paper = editor()->SendScintilla(Base::SCI_STYLEGETBACK, Base::STYLE_DEFAULT);
    QVERIFY(QColor(paper & 0xff, (paper >> 8) & 0xff, (paper >> 16) & 0xff).lightness() < 128);
    showCompletionAndCallTip(QStringLiteral("dark"));
    showLintMarks(QStringLiteral("dark"));
    QVERIFY(scheme(QStringLiteral("&Light")));
    for (const QString &name : side)
        m_window->dock(name)->show();
}

QTEST_MAIN(TestCodeIntelReal)
#include "tst_codeintel_real.moc"
