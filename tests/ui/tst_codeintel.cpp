// The editor's code intelligence against fake sessions that the test answers: completion
// (both sources, triggers, debounce, cancellation, keys), call tips, documentation, go to
// definition, black and flake8 in the editor, the Help and Problems docks.

#include "fakesession.h"
#include "typing.h"

#include <calltipcontroller.h>
#include <codeeditor.h>
#include <completioncontroller.h>
#include <completionpopup.h>
#include <editorassistant.h>
#include <editortabs.h>
#include <editortheme.h>
#include <helpview.h>
#include <lintmarks.h>
#include <mainwindow.h>
#include <problemsview.h>

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

using namespace Sandpiper;
using namespace Sandpiper::Ui;
using Client::CodeIntelKind;
using Client::CodeIntelRequest;
using Client::CodeIntelResult;
using Protocol::CompletionItem;
using Protocol::Diagnostic;
using Protocol::Severity;
using Testing::FakeSession;

using Sandpiper::Testing::typeInto;

namespace {
using Base = QsciScintillaBase;

// A fake that also remembers black's line ranges and the kind of every request.
class Session : public FakeSession
{
    Q_OBJECT

public:
    explicit Session(bool running)
    {
        recordCodeIntel = true;
        if (running)
            start();
    }
    CodeIntelRequest *format(const QString &code,
                             const QString &path,
                             const QList<std::pair<int, int>> &lineRanges,
                             int lineLength) override
    {
        formatRanges.append(lineRanges);
        return FakeSession::format(code, path, lineRanges, lineLength);
    }
    // Calls of a kind, in order (requests may be gone once answered).
    QList<CodeIntelCall> calls(CodeIntelKind kind) const
    {
        QList<CodeIntelCall> out;
        for (int i = 0; i < codeIntelCalls.size(); ++i) {
            if (kinds.value(i) == kind)
                out.append(codeIntelCalls.at(i));
        }
        return out;
    }
    CodeIntelCall last(CodeIntelKind kind) const
    {
        return calls(kind).value(calls(kind).size() - 1);
    }
    int count(CodeIntelKind kind) const { return int(calls(kind).size()); }

    QList<QList<std::pair<int, int>>> formatRanges;
    QList<CodeIntelKind> kinds;

    void track()
    {
        connect(this, &FakeSession::codeIntelRequested, this, [this](CodeIntelRequest *request) {
            kinds.append(request->kind());
        });
    }
};

CompletionItem item(const QString &name, const QString &kind, int prefix, const QString &doc = {})
{
    CompletionItem i;
    i.name = name;
    i.kind = kind;
    i.prefixLength = prefix;
    i.doc = doc;
    return i;
}

void answer(CodeIntelRequest *request, const QList<CompletionItem> &items)
{
    CodeIntelResult result;
    result.answered = true;
    result.completions.items = items;
    request->finish(result);
}

void answer(CodeIntelRequest *request, const Protocol::SignatureInfo &signature)
{
    CodeIntelResult result;
    result.answered = true;
    if (!signature.label.isEmpty())
        result.signatures.items.append(signature);
    request->finish(result);
}

void answer(CodeIntelRequest *request, const QList<Diagnostic> &items)
{
    CodeIntelResult result;
    result.answered = true;
    result.diagnostics.items = items;
    request->finish(result);
}

void answerFormat(CodeIntelRequest *request,
                  const QString &code,
                  bool ok = true,
                  int errorLine = -1)
{
    CodeIntelResult result;
    result.answered = true;
    result.formatted.ok = ok;
    result.formatted.code = ok ? code : QString();
    result.formatted.errorMessage = ok ? QString() : code;
    result.formatted.errorLine = errorLine;
    request->finish(result);
}

void answer(CodeIntelRequest *request, const Protocol::Documentation &documentation)
{
    CodeIntelResult result;
    result.answered = true;
    result.documentation = documentation;
    request->finish(result);
}

Diagnostic diagnostic(int line, int column, const QString &code, const QString &message, Severity s)
{
    Diagnostic d;
    d.line = line;
    d.column = column;
    d.code = code;
    d.message = message;
    d.severity = s;
    return d;
}

long caret(const CodeEditor &editor)
{
    return editor.SendScintilla(Base::SCI_GETCURRENTPOS);
}

// An editor on screen with its assistant, a running live session and the code-intelligence engine.
struct Fixture
{
    Session live{true};
    Session codeIntel{false};
    CodeEditor editor;
    EditorAssistant *assistant = nullptr;

    Fixture()
    {
        live.track();
        codeIntel.track();
        editor.resize(720, 420);
        assistant = new EditorAssistant(&editor);
        assistant->setSessions(&live, &codeIntel);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.activateWindow();
        editor.setFocus();
    }
    CompletionController *completion() const { return assistant->completion(); }
    void type(const QString &text) { typeInto(&editor, text); }
    void setText(const QString &text)
    {
        editor.setUtf8Text(text.toUtf8(), true);
        editor.SendScintilla(Base::SCI_DOCUMENTEND);
    }
};

} // namespace

class TestCodeIntel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("SandpiperTest"));
        QApplication::setApplicationName(QStringLiteral("tst_codeintel"));
        QSettings().clear();
    }

    // --- Completion ---------------------------------------------------------------------------

    void merge_data()
    {
        QTest::addColumn<QList<CompletionItem>>("live");
        QTest::addColumn<QList<CompletionItem>>("text");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("live only")
                << QList<CompletionItem>{item("b", "instance", 0), item("a", "instance", 0)}
                << QList<CompletionItem>{} << QStringList{"a", "b"};
        QTest::newRow("text adds what live lacks, no duplicates")
                << QList<CompletionItem>{item("alpha", "instance", 0), item("beta", "instance", 0)}
                << QList<CompletionItem>{item("beta", "statement", 0), item("count", "function", 0)}
                << QStringList{"alpha", "beta", "count"};
        QTest::newRow("private names and dunders last, keyword arguments first")
                << QList<CompletionItem>{item("__len__", "function", 0), item("_x", "instance", 0)}
                << QList<CompletionItem>{item("Zed", "class", 0), item("sep=", "param", 0)}
                << QStringList{"sep=", "Zed", "_x", "__len__"};
        QTest::newRow("file names give way to live keys")
                << QList<CompletionItem>{item("\"key_one\"", "instance", 1)}
                << QList<CompletionItem>{item("data/", "path", 0)} << QStringList{"\"key_one\""};
        QTest::newRow("file names stay when live knows nothing")
                << QList<CompletionItem>{} << QList<CompletionItem>{item("data/", "path", 0)}
                << QStringList{"data/"};
    }

    void merge()
    {
        QFETCH(QList<CompletionItem>, live);
        QFETCH(QList<CompletionItem>, text);
        QFETCH(QStringList, names);
        QStringList merged;
        for (const CompletionItem &i : CompletionController::merge(live, text))
            merged << i.name;
        QCOMPARE(merged, names);
    }

    void triggers_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<bool>("asks");
        QTest::newRow("attribute") << "df." << true;
        QTest::newRow("two characters of a name") << "pr" << true;
        QTest::newRow("one character") << "p" << false;
        QTest::newRow("one character of an attribute") << "df.a" << true;
        QTest::newRow("call result attribute") << "f()." << true;
        QTest::newRow("dict key") << "d[\"" << true;
        QTest::newRow("column with single quote") << "df['" << true;
        QTest::newRow("number") << "1." << false;
        QTest::newRow("digits") << "x = 12" << false;
        QTest::newRow("comment") << "# ab" << false;
        QTest::newRow("string") << "s = 'ab" << false;
        QTest::newRow("dot in a string") << "s = 'a." << false;
        QTest::newRow("operator") << "a +" << false;
    }

    void triggers()
    {
        QFETCH(QString, typed);
        QFETCH(bool, asks);
        Fixture f;
        f.type(typed);
        QTest::qWait(CompletionController::DebounceMs + 150);
        QCOMPARE(f.live.count(CodeIntelKind::Complete), asks ? 1 : 0);
        QCOMPARE(f.codeIntel.count(CodeIntelKind::Complete), asks ? 1 : 0);
        if (!asks)
            return;
        // Both are asked about the same place: line 1-based, the caret's column.
        const auto call = f.live.last(CodeIntelKind::Complete);
        QCOMPARE(call.line, 1);
        QCOMPARE(call.column, int(typed.size()));
        QCOMPARE(call.code, typed);
        QVERIFY(call.source == Protocol::CodeSource::Live);
        QVERIFY(f.codeIntel.last(CodeIntelKind::Complete).source == Protocol::CodeSource::Static);
    }

    void typingFastAsksOnceAndNewerCancelsOlder()
    {
        Fixture f;
        f.type(QStringLiteral("value"));
        QTest::qWait(CompletionController::DebounceMs + 150);
        QCOMPARE(f.live.count(CodeIntelKind::Complete), 1); // not one per key
        QPointer<CodeIntelRequest> first = f.live.last(CodeIntelKind::Complete).request;
        QPointer<CodeIntelRequest> firstStatic = f.codeIntel.last(CodeIntelKind::Complete).request;
        QVERIFY(first && !first->isCancelled());
        f.editor.SendScintilla(Base::SCI_NEWLINE);
        f.type(QStringLiteral("df."));
        QTRY_COMPARE(f.live.count(CodeIntelKind::Complete), 2);
        QVERIFY(!first || first->isCancelled());
        QVERIFY(!firstStatic || firstStatic->isCancelled());
    }

    void popupMergesAndNarrows()
    {
        Fixture f;
        f.type(QStringLiteral("df."));
        QTRY_COMPARE(f.codeIntel.count(CodeIntelKind::Complete), 1);
        // The code-intelligence engine answers first; the list shows at once and grows with the
        // live one.
        answer(f.codeIntel.last(CodeIntelKind::Complete).request,
               {item("count", "function", 0), item("beta", "statement", 0)});
        QTRY_VERIFY(f.completion()->isVisible());
        QCOMPARE(f.completion()->shownNames(), QStringList({"beta", "count"}));
        answer(f.live.last(CodeIntelKind::Complete).request,
               {item("alpha", "instance", 0), item("beta", "instance", 0)});
        QTRY_COMPARE(f.completion()->shownNames(), QStringList({"alpha", "beta", "count"}));
        // Typing narrows the list without asking again.
        f.type(QStringLiteral("c"));
        QTRY_COMPARE(f.completion()->shownNames(), QStringList({"count"}));
        QCOMPARE(f.live.count(CodeIntelKind::Complete), 1);
        // Backspace widens it again.
        QTest::keyClick(&f.editor, Qt::Key_Backspace);
        QTRY_COMPARE(f.completion()->shownNames().size(), 3);
        // The popup lies over the editor's window, under the text being completed.
        const CompletionPopup *popup = f.completion()->popup();
        QCOMPARE(popup->window(), f.editor.window());
        QVERIFY(!popup->isWindow());
        const QPoint lineBottom = f.editor.viewport()->mapTo(
                f.editor.window(),
                QPoint(0, int(f.editor.SendScintilla(Base::SCI_TEXTHEIGHT, 0UL))));
        QVERIFY(popup->geometry().top() >= lineBottom.y());
        QVERIFY(f.editor.hasFocus()); // the caret never leaves the editor
    }

    void keysAcceptAndClose_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<int>("downs");
        QTest::addColumn<QString>("result");
        QTest::newRow("tab takes the first") << int(Qt::Key_Tab) << 0 << "df.alpha";
        QTest::newRow("enter takes the selected") << int(Qt::Key_Return) << 1 << "df.beta";
        QTest::newRow("down wraps around") << int(Qt::Key_Tab) << 3 << "df.alpha";
        QTest::newRow("escape closes, text stays") << int(Qt::Key_Escape) << 1 << "df.";
    }

    void keysAcceptAndClose()
    {
        QFETCH(int, key);
        QFETCH(int, downs);
        QFETCH(QString, result);
        Fixture f;
        f.type(QStringLiteral("df."));
        QTRY_COMPARE(f.live.count(CodeIntelKind::Complete), 1);
        answer(f.live.last(CodeIntelKind::Complete).request,
               {item("alpha", "instance", 0),
                item("beta", "instance", 0),
                item("gamma", "instance", 0)});
        QTRY_VERIFY(f.completion()->isVisible());
        for (int i = 0; i < downs; ++i)
            QTest::keyClick(&f.editor, Qt::Key_Down);
        QTest::keyClick(&f.editor, Qt::Key(key));
        QVERIFY(!f.completion()->isVisible());
        QCOMPARE(f.editor.codeText(), result); // no tab, no newline
        // Accepting is one undo step.
        if (result != QLatin1String("df.")) {
            f.editor.undo();
            QCOMPARE(f.editor.codeText(), QStringLiteral("df."));
        }
    }

    void acceptReplacesTheTypedPrefix()
    {
        Fixture f;
        f.type(QStringLiteral("import pandas as pd\npd.read_c"));
        QTRY_COMPARE(f.live.count(CodeIntelKind::Complete), 1);
        answer(f.live.last(CodeIntelKind::Complete).request,
               {item("read_csv", "function", 6), item("read_clipboard", "function", 6)});
        QTRY_VERIFY(f.completion()->isVisible());
        f.type(QStringLiteral("s"));
        QTRY_COMPARE(f.completion()->shownNames(), QStringList({"read_csv"}));
        QTest::keyClick(&f.editor, Qt::Key_Tab);
        QCOMPARE(f.editor.codeText(), QStringLiteral("import pandas as pd\npd.read_csv"));
    }

    void dictKeys()
    {
        Fixture f;
        f.type(QStringLiteral("d[\""));
        QTRY_COMPARE(f.live.count(CodeIntelKind::Complete), 1);
        answer(f.live.last(CodeIntelKind::Complete).request,
               {item("\"key_one\"", "instance", 1, "int64"), item("\"other\"", "instance", 1)});
        answer(f.codeIntel.last(CodeIntelKind::Complete).request, {item("data.csv", "path", 0)});
        QTRY_COMPARE(f.completion()->shownNames(), QStringList({"\"key_one\"", "\"other\""}));
        f.type(QStringLiteral("k"));
        QTRY_COMPARE(f.completion()->shownNames(), QStringList({"\"key_one\""}));
        QTest::keyClick(&f.editor, Qt::Key_Return);
        QCOMPARE(f.editor.codeText(), QStringLiteral("d[\"key_one\""));
    }

    void staleCompletionIsIgnored()
    {
        Fixture f;
        f.type(QStringLiteral("df."));
        QTRY_COMPARE(f.live.count(CodeIntelKind::Complete), 1);
        QPointer<CodeIntelRequest> request = f.live.last(CodeIntelKind::Complete).request;
        // The user moved on (another line) before the answer came.
        QTest::keyClick(&f.editor, Qt::Key_Return);
        f.type(QStringLiteral("x = 1"));
        const QString text = f.editor.codeText();
        QVERIFY(request); // not cancelled: the answer comes, and must be ignored
        answer(request, {item("alpha", "instance", 0)});
        QTest::qWait(50);
        QVERIFY(!f.completion()->isVisible());
        QCOMPARE(f.editor.codeText(), text);
        // Still the same word after more typing: the answer is still good.
        f.type(QStringLiteral("\ndf."));
        QTRY_COMPARE(f.live.count(CodeIntelKind::Complete), 2);
        request = f.live.last(CodeIntelKind::Complete).request;
        f.type(QStringLiteral("al"));
        answer(request, {item("alpha", "instance", 0), item("beta", "instance", 0)});
        QTRY_COMPARE(f.completion()->shownNames(), QStringList({"alpha"}));
    }

    void staticOnlyWithoutRunningSession()
    {
        Fixture f;
        f.live.setState(Client::SessionState::Dead);
        f.type(QStringLiteral("df."));
        QTRY_COMPARE(f.codeIntel.count(CodeIntelKind::Complete), 1);
        QTest::qWait(50);
        QCOMPARE(f.live.count(CodeIntelKind::Complete), 0);
        answer(f.codeIntel.last(CodeIntelKind::Complete).request, {item("head", "function", 0)});
        QTRY_COMPARE(f.completion()->shownNames(), QStringList({"head"}));
        // Ctrl+Space asks at once, whatever was typed.
        QTest::keyClick(&f.editor, Qt::Key_Escape);
        f.completion()->trigger();
        QCOMPARE(f.codeIntel.count(CodeIntelKind::Complete), 2);
    }

    void popupWearsTheTheme()
    {
        Fixture f;
        const EditorColors colors = EditorTheme::colors(f.editor.theme());
        const QPalette palette = f.completion()->popup()->palette();
        QCOMPARE(palette.color(QPalette::Text), colors.foreground);
        QCOMPARE(palette.color(QPalette::Highlight), colors.selection);
        QVERIFY(qAbs(palette.color(QPalette::Base).lightness() - colors.background.lightness())
                < 40);
    }

    // --- Call tips ----------------------------------------------------------------------------

    void layout_data()
    {
        QTest::addColumn<QString>("label");
        QTest::addColumn<QStringList>("params");
        QTest::addColumn<int>("active");
        QTest::addColumn<int>("width");
        QTest::addColumn<QString>("highlighted");
        QTest::addColumn<int>("lines");
        QTest::newRow("short") << "f(a, b=2)" << QStringList{"a", "b=2"} << 1 << 80 << "b=2" << 1;
        QTest::newRow("no argument") << "f()" << QStringList{} << -1 << 80 << "" << 1;
        QTest::newRow("none active") << "f(a)" << QStringList{"a"} << -1 << 80 << "" << 1;
        QTest::newRow("wrapped") << "g(alpha, beta, gamma, delta) -> int"
                                 << QStringList{"alpha", "beta", "gamma", "delta"} << 2 << 16
                                 << "gamma" << 2;
    }

    void layout()
    {
        QFETCH(QString, label);
        QFETCH(QStringList, params);
        QFETCH(int, active);
        QFETCH(int, width);
        QFETCH(QString, highlighted);
        QFETCH(int, lines);
        Protocol::SignatureInfo signature;
        signature.label = label;
        signature.params = params;
        signature.activeParam = active;
        const auto tip = CallTipController::layout(signature, width);
        QCOMPARE(tip.text.split(QLatin1Char('\n')).size(), lines);
        QCOMPARE(tip.text.mid(tip.highlightStart, tip.highlightEnd - tip.highlightStart),
                 highlighted);
        // Nothing of the signature is lost in the wrapping.
        QString joined = tip.text;
        joined.replace(QRegularExpression(QStringLiteral("\\n +")), QStringLiteral(" "));
        QCOMPARE(joined, label);
    }

    void longSignatureKeepsTheActiveArgument()
    {
        Protocol::SignatureInfo signature;
        QStringList params;
        for (int i = 0; i < 50; ++i)
            params << QStringLiteral("parameter_%1=None").arg(i);
        signature.label = QStringLiteral("read_csv(%1)").arg(params.join(QStringLiteral(", ")));
        signature.params = params;
        signature.activeParam = 40;
        signature.doc = QStringLiteral(
                "\nRead a comma-separated values (csv) file into DataFrame.\n\nMore.");
        const auto tip = CallTipController::layout(signature, 80, 8);
        const QStringList lines = tip.text.split(QLatin1Char('\n'));
        QVERIFY2(lines.size() <= 11, qPrintable(tip.text));
        QVERIFY(lines.first().startsWith(QStringLiteral("read_csv(parameter_0=None")));
        QCOMPARE(tip.text.mid(tip.highlightStart, tip.highlightEnd - tip.highlightStart),
                 QStringLiteral("parameter_40=None"));
        QVERIFY(tip.text.contains(QStringLiteral("\u2026")));
        QCOMPARE(lines.last(),
                 QStringLiteral("Read a comma-separated values (csv) file into DataFrame."));
        for (const QString &line : lines)
            QVERIFY2(line.size() <= 80, qPrintable(line));
    }

    void callTipWhileTypingArguments()
    {
        Fixture f;
        f.type(QStringLiteral("f("));
        QTRY_COMPARE(f.live.count(CodeIntelKind::Signature), 1);
        auto call = f.live.last(CodeIntelKind::Signature);
        QCOMPARE(call.column, 2);
        Protocol::SignatureInfo signature;
        signature.label = QStringLiteral("f(a, b=2)");
        signature.params = {QStringLiteral("a"), QStringLiteral("b=2")};
        signature.activeParam = 0;
        answer(call.request, signature);
        QTRY_VERIFY(f.assistant->callTips()->isShown());
        auto tip = f.assistant->callTips()->shownTip();
        QCOMPARE(tip.text.mid(tip.highlightStart, tip.highlightEnd - tip.highlightStart),
                 QStringLiteral("a"));
        // The next argument: asked again, the highlight moves.
        f.type(QStringLiteral("1,"));
        QTRY_COMPARE(f.live.count(CodeIntelKind::Signature), 2);
        signature.activeParam = 1;
        answer(f.live.last(CodeIntelKind::Signature).request, signature);
        QTRY_COMPARE(f.assistant->callTips()->shownTip().highlightEnd
                             - f.assistant->callTips()->shownTip().highlightStart,
                     3);
        QVERIFY(f.assistant->callTips()->isShown());
        // Leaving the call: asked again, nothing to show.
        f.type(QStringLiteral(" 2)"));
        QTRY_COMPARE(f.live.count(CodeIntelKind::Signature), 3);
        answer(f.live.last(CodeIntelKind::Signature).request, Protocol::SignatureInfo());
        // The live session knew nothing: the text is asked too, and knows nothing either.
        QTRY_COMPARE(f.codeIntel.count(CodeIntelKind::Signature), 1);
        answer(f.codeIntel.last(CodeIntelKind::Signature).request, Protocol::SignatureInfo());
        QTRY_VERIFY(!f.assistant->callTips()->isShown());
    }

    void callTipFromTheTextWhenTheNameWasNotRun()
    {
        Fixture f;
        f.type(QStringLiteral("g("));
        QTRY_COMPARE(f.live.count(CodeIntelKind::Signature), 1);
        answer(f.live.last(CodeIntelKind::Signature).request, Protocol::SignatureInfo());
        QTRY_COMPARE(f.codeIntel.count(CodeIntelKind::Signature), 1);
        Protocol::SignatureInfo signature;
        signature.label = QStringLiteral("g(x)");
        signature.params = {QStringLiteral("x")};
        signature.activeParam = 0;
        answer(f.codeIntel.last(CodeIntelKind::Signature).request, signature);
        QTRY_VERIFY(f.assistant->callTips()->isShown());
        QCOMPARE(f.assistant->callTips()->shownTip().text, QStringLiteral("g(x)"));
    }

    void lateCallTipForChangedTextIsIgnored()
    {
        Fixture f;
        f.type(QStringLiteral("f("));
        QTRY_COMPARE(f.live.count(CodeIntelKind::Signature), 1);
        QPointer<CodeIntelRequest> request = f.live.last(CodeIntelKind::Signature).request;
        QTest::keyClick(&f.editor, Qt::Key_Backspace); // the "(" is gone
        Protocol::SignatureInfo signature;
        signature.label = QStringLiteral("f(a)");
        signature.params = {QStringLiteral("a")};
        QVERIFY(request);
        answer(request, signature);
        QTest::qWait(50);
        QVERIFY(!f.assistant->callTips()->isShown());
    }

    // --- black --------------------------------------------------------------------------------

    void formatIsOneUndoStep()
    {
        Fixture f;
        const QString ugly
                = QStringLiteral("import os\ndef f(a,b = 2):\n  x=[1,2,\n     3]\n  return x\n");
        const QString black = QStringLiteral(
                "import os\n\n\ndef f(a, b=2):\n    x = [1, 2, 3]\n    return x\n");
        f.setText(ugly);
        f.editor.setCursorPosition(4, 10); // after "return x"
        QSignalSpy status(f.assistant, &EditorAssistant::statusMessage);
        bool changed = false;
        bool done = false;
        f.assistant->format([&](bool c) {
            changed = c;
            done = true;
        });
        QTRY_COMPARE(f.codeIntel.count(CodeIntelKind::Format), 1);
        QCOMPARE(f.codeIntel.last(CodeIntelKind::Format).code, ugly);
        QCOMPARE(f.codeIntel.formatRanges.last(), (QList<std::pair<int, int>>()));
        QCOMPARE(f.live.count(CodeIntelKind::Format),
                 0); // black runs in the code-intelligence engine
        answerFormat(f.codeIntel.last(CodeIntelKind::Format).request, black);
        QTRY_VERIFY(done);
        QVERIFY(changed);
        QCOMPARE(f.editor.codeText(), black);
        // Still after "return x".
        QCOMPARE(f.editor.lineColumnAt(caret(f.editor)), (std::pair<int, int>(5, 12)));
        QVERIFY(!status.isEmpty());
        f.editor.undo();
        QCOMPARE(f.editor.codeText(), ugly);
    }

    void formatSyntaxErrorChangesNothing()
    {
        Fixture f;
        const QString broken = QStringLiteral("x = 1\ny = (\n");
        f.setText(broken);
        QSignalSpy status(f.assistant, &EditorAssistant::statusMessage);
        f.assistant->format();
        QTRY_COMPARE(f.codeIntel.count(CodeIntelKind::Format), 1);
        answerFormat(f.codeIntel.last(CodeIntelKind::Format).request,
                     QStringLiteral("Cannot parse for target version Python 3.13: 3:0: EOF"),
                     false,
                     2);
        QTRY_VERIFY(!status.isEmpty());
        QVERIFY2(status.last().first().toString().contains(QStringLiteral("line 2")),
                 qPrintable(status.last().first().toString()));
        QCOMPARE(f.editor.codeText(), broken);
        QVERIFY(!f.editor.isUndoAvailable());
        // The line is marked until the next lint.
        const LintMarks *marks = f.assistant->lintMarks();
        QCOMPARE(marks->count(), 1);
        QCOMPARE(marks->diagnostics().first().line, 2);
        QVERIFY(f.editor.markersAtLine(1) & (1 << marks->markerFor(Severity::Error)));
    }

    void formatReplyForOlderTextIsIgnored()
    {
        Fixture f;
        f.setText(QStringLiteral("x=1\n"));
        QSignalSpy status(f.assistant, &EditorAssistant::statusMessage);
        f.assistant->format();
        QTRY_COMPARE(f.codeIntel.count(CodeIntelKind::Format), 1);
        f.type(QStringLiteral("y=2"));
        answerFormat(f.codeIntel.last(CodeIntelKind::Format).request, QStringLiteral("x = 1\n"));
        QTRY_VERIFY(!status.isEmpty());
        QCOMPARE(f.editor.codeText(), QStringLiteral("x=1\ny=2"));
    }

    void formatSelectionUsesLineRanges()
    {
        Fixture f;
        f.setText(QStringLiteral("a=1\nb=2\nc=3\nd=4\n"));
        f.editor.setSelection(1, 1, 2, 2);
        f.assistant->format();
        QTRY_COMPARE(f.codeIntel.count(CodeIntelKind::Format), 1);
        QCOMPARE(f.codeIntel.formatRanges.last(), (QList<std::pair<int, int>>{{2, 3}}));
        answerFormat(f.codeIntel.last(CodeIntelKind::Format).request,
                     QStringLiteral("a=1\nb = 2\nc = 3\nd=4\n"));
        QTRY_COMPARE(f.editor.codeText(), QStringLiteral("a=1\nb = 2\nc = 3\nd=4\n"));
    }

    void formatOnSave()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("script.py"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("x=1\n");
        }
        Session live(true);
        Session codeIntel(false);
        codeIntel.track();
        EditorTabs tabs;
        tabs.setSessions(&live, &codeIntel);
        CodeEditor *editor = tabs.openFile(path);
        QVERIFY(editor);
        editor->append(QStringLiteral("y=2\n"));
        tabs.action(EditorTabs::FormatOnSave)->setChecked(true);
        tabs.action(EditorTabs::Save)->trigger();
        QTRY_COMPARE(codeIntel.count(CodeIntelKind::Format), 1);
        QVERIFY(editor->isModified()); // saved only once black has answered
        answerFormat(codeIntel.last(CodeIntelKind::Format).request,
                     QStringLiteral("x = 1\ny = 2\n"));
        QTRY_VERIFY(!editor->isModified());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("x = 1\ny = 2\n"));
        // Saving lints.
        QTRY_VERIFY(codeIntel.count(CodeIntelKind::Lint) >= 1);
        QCOMPARE(QSettings().value(QStringLiteral("editor/formatOnSave")).toBool(), true);
        tabs.action(EditorTabs::FormatOnSave)->setChecked(false);
    }

    // --- flake8 -------------------------------------------------------------------------------

    void lintAfterATypingPause()
    {
        Fixture f;
        f.type(QStringLiteral("import os\nx = 1"));
        QTest::qWait(EditorAssistant::LintDelayMs / 2);
        QCOMPARE(f.codeIntel.count(CodeIntelKind::Lint), 0);
        QTRY_COMPARE(f.codeIntel.count(CodeIntelKind::Lint), 1);
        QCOMPARE(f.codeIntel.last(CodeIntelKind::Lint).code, QStringLiteral("import os\nx = 1"));
        QCOMPARE(f.live.count(CodeIntelKind::Lint), 0);
        QSignalSpy changed(f.assistant, &EditorAssistant::diagnosticsChanged);
        answer(f.codeIntel.last(CodeIntelKind::Lint).request,
               QList<Diagnostic>{
                       diagnostic(1, 0, "F401", "'os' imported but unused", Severity::Warning),
                       diagnostic(2, 5, "W292", "no newline at end of file", Severity::Info)});
        QTRY_COMPARE(changed.size(), 1);
        const LintMarks *marks = f.assistant->lintMarks();
        QCOMPARE(marks->count(), 2);
        QVERIFY(f.editor.markersAtLine(0) & (1 << marks->markerFor(Severity::Warning)));
        QVERIFY(f.editor.markersAtLine(1) & (1 << marks->markerFor(Severity::Info)));
        QVERIFY(f.editor.marginWidth(LintMarks::Margin) > 0);
        // A squiggle under "import", none under "os".
        const int indicator = marks->indicatorFor(Severity::Warning);
        QCOMPARE(f.editor.SendScintilla(Base::SCI_INDICATORVALUEAT, indicator, 2L), 1L);
        QCOMPARE(f.editor.SendScintilla(Base::SCI_INDICATORVALUEAT, indicator, 8L), 0L);
        // The message on hover, over the squiggle and over the margin sign.
        const int x = int(f.editor.SendScintilla(Base::SCI_POINTXFROMPOSITION, 0UL, 2L));
        const int y = int(f.editor.SendScintilla(Base::SCI_POINTYFROMPOSITION, 0UL, 2L));
        Q_EMIT f.editor.SCN_DWELLSTART(2, x, y + 2);
        QTRY_VERIFY(QToolTip::isVisible());
        QCOMPARE(QToolTip::text(), QStringLiteral("F401 'os' imported but unused"));
        Q_EMIT f.editor.SCN_DWELLEND(2, x, y + 2);
        QTRY_VERIFY(!QToolTip::isVisible());
        Q_EMIT f.editor.SCN_DWELLSTART(-1, 3, y + 2);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY(QToolTip::text().startsWith(QStringLiteral("F401")));
        Q_EMIT f.editor.SCN_DWELLEND(-1, 3, y + 2);
        // Edits move the marks with their lines.
        f.editor.SendScintilla(Base::SCI_DOCUMENTSTART);
        f.editor.SendScintilla(Base::SCI_NEWLINE);
        QCOMPARE(marks->diagnostics().first().line, 2);
    }

    void lintForOlderTextIsIgnored()
    {
        Fixture f;
        f.setText(QStringLiteral("import os\n"));
        f.assistant->lint();
        QTRY_COMPARE(f.codeIntel.count(CodeIntelKind::Lint), 1);
        f.type(QStringLiteral("x"));
        answer(f.codeIntel.last(CodeIntelKind::Lint).request,
               QList<Diagnostic>{diagnostic(1, 0, "F401", "unused", Severity::Warning)});
        QTest::qWait(30);
        QCOMPARE(f.assistant->lintMarks()->count(), 0);
        // ...and the pause after typing lints the new text.
        QTRY_COMPARE(f.codeIntel.count(CodeIntelKind::Lint), 2);
    }

    // --- Documentation and definitions --------------------------------------------------------

    void f1ShowsDocumentation()
    {
        Fixture f;
        f.setText(QStringLiteral("import pandas as pd\npd.read_csv"));
        QSignalSpy ready(f.assistant, &EditorAssistant::documentationReady);
        f.assistant->showDocumentation();
        QTRY_COMPARE(f.live.count(CodeIntelKind::Inspect), 1);
        QCOMPARE(f.live.last(CodeIntelKind::Inspect).line, 2);
        // The live session knows the name only from the import in the text (pandas' overloads
        // have no docstring): it is asked about the object itself, the dotted name alone.
        Protocol::Documentation bare;
        bare.name = QStringLiteral("read_csv");
        answer(f.live.last(CodeIntelKind::Inspect).request, bare);
        QTRY_COMPARE(f.live.count(CodeIntelKind::Inspect), 2);
        QCOMPARE(f.live.last(CodeIntelKind::Inspect).code, QStringLiteral("pd.read_csv"));
        QCOMPARE(f.live.last(CodeIntelKind::Inspect).line, 1);
        QCOMPARE(f.live.last(CodeIntelKind::Inspect).column, 11);
        // Not in the namespace either (not run): the text is asked.
        answer(f.live.last(CodeIntelKind::Inspect).request, Protocol::Documentation());
        QTRY_COMPARE(f.codeIntel.count(CodeIntelKind::Inspect), 1);
        Protocol::Documentation documentation;
        documentation.name = QStringLiteral("read_csv");
        documentation.doc = QStringLiteral("Read a comma-separated values (csv) file.");
        answer(f.codeIntel.last(CodeIntelKind::Inspect).request, documentation);
        QTRY_COMPARE(ready.size(), 1);
        QCOMPARE(ready.first().at(0).value<Protocol::Documentation>().name,
                 QStringLiteral("read_csv"));
        QCOMPARE(ready.first().at(1).toBool(), true);
    }

    void hoverShowsDocumentationQuietly()
    {
        Fixture f;
        f.setText(QStringLiteral("value = len([1])\n"));
        QSignalSpy ready(f.assistant, &EditorAssistant::documentationReady);
        const long position = f.editor.positionAt(0, 9); // in "len"
        const int x = int(f.editor.SendScintilla(Base::SCI_POINTXFROMPOSITION, 0UL, position));
        const int y = int(f.editor.SendScintilla(Base::SCI_POINTYFROMPOSITION, 0UL, position));
        Q_EMIT f.editor.SCN_DWELLSTART(int(position), x, y + 2);
        QTRY_COMPARE(f.live.count(CodeIntelKind::Inspect), 1);
        QCOMPARE(f.live.last(CodeIntelKind::Inspect).column, 9);
        Protocol::Documentation documentation;
        documentation.name = QStringLiteral("len");
        documentation.doc = QStringLiteral("Return the number of items in a container.");
        answer(f.live.last(CodeIntelKind::Inspect).request, documentation);
        QTRY_COMPARE(ready.size(), 1);
        QCOMPARE(ready.first().at(1).toBool(), false); // shown, but the dock is not raised
        // Resting on blanks or punctuation asks nothing.
        const long blank = f.editor.positionAt(0, 5);
        Q_EMIT f.editor.SCN_DWELLSTART(int(blank), x, y + 2);
        QTest::qWait(30);
        QCOMPARE(f.live.count(CodeIntelKind::Inspect), 1);
    }

    void goToDefinition()
    {
        Session live(true);
        Session codeIntel(false);
        live.track();
        EditorTabs tabs;
        tabs.resize(700, 400);
        tabs.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tabs));
        tabs.setSessions(&live, &codeIntel);
        CodeEditor *editor = tabs.currentEditor();
        editor->setUtf8Text("def foo():\n    pass\n\nfoo()\n", true);
        editor->setCursorPosition(3, 1);
        tabs.action(EditorTabs::GoToDefinition)->trigger();
        QTRY_COMPARE(live.count(CodeIntelKind::Inspect), 1);
        Protocol::Documentation documentation;
        documentation.name = QStringLiteral("foo");
        documentation.definitionPath = editor->codeIntelPath(); // this unsaved buffer
        documentation.definitionLine = 1;
        documentation.definitionColumn = 4;
        answer(live.last(CodeIntelKind::Inspect).request, documentation);
        QTRY_COMPARE(editor->currentLine(), 0);
        QCOMPARE(editor->lineColumnAt(caret(*editor)).second, 4);

        // Library code is not opened; the caret stays.
        editor->setCursorPosition(3, 1);
        QSignalSpy status(&tabs, &EditorTabs::statusMessage);
        tabs.action(EditorTabs::GoToDefinition)->trigger();
        QTRY_COMPARE(live.count(CodeIntelKind::Inspect), 2);
        documentation.definitionPath
                = QStringLiteral("/usr/lib/python3/dist-packages/pandas/core/frame.py");
        documentation.definitionLine = 500;
        answer(live.last(CodeIntelKind::Inspect).request, documentation);
        QTRY_VERIFY(!status.isEmpty());
        QVERIFY(status.last().first().toString().contains(QStringLiteral("outside")));
        QCOMPARE(editor->currentLine(), 3);
        QCOMPARE(tabs.count(), 1);

        // A late answer after an edit does not move the caret.
        tabs.action(EditorTabs::GoToDefinition)->trigger();
        QTRY_COMPARE(live.count(CodeIntelKind::Inspect), 3);
        QTest::keyClicks(editor, QStringLiteral("x"));
        documentation.definitionPath = editor->codeIntelPath();
        documentation.definitionLine = 1;
        answer(live.last(CodeIntelKind::Inspect).request, documentation);
        QTest::qWait(30);
        QCOMPARE(editor->currentLine(), 3);
    }

    void ctrlClickGoesToDefinition()
    {
        Fixture f;
        f.setText(QStringLiteral("def foo():\n    pass\n\nfoo()\n"));
        const long position = f.editor.positionAt(3, 1);
        const int x = int(f.editor.SendScintilla(Base::SCI_POINTXFROMPOSITION, 0UL, position));
        const int y = int(f.editor.SendScintilla(Base::SCI_POINTYFROMPOSITION, 0UL, position));
        QTest::mouseClick(
                f.editor.viewport(), Qt::LeftButton, Qt::ControlModifier, QPoint(x, y + 3));
        QTRY_COMPARE(f.live.count(CodeIntelKind::Inspect), 1);
        QCOMPARE(f.live.last(CodeIntelKind::Inspect).line, 4);
        QVERIFY(f.live.last(CodeIntelKind::Inspect).column <= 2);
    }

    // --- The window ---------------------------------------------------------------------------

    void windowDocksAndActions()
    {
        Session live(true);
        Session codeIntel(false);
        live.track();
        codeIntel.track();
        MainWindow window;
        QAction *format = window.editor()->action(EditorTabs::FormatCode);
        QVERIFY(!format->isEnabled()); // nothing to format with yet
        window.setSession(&live);
        window.setCodeIntelSession(&codeIntel);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(format->isEnabled());
        QCOMPARE(format->shortcut(), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_L));
        QVERIFY(window.editor()->action(EditorTabs::LintCode)->isEnabled());

        CodeEditor *editor = window.editor()->currentEditor();
        editor->setFocus();
        typeInto(editor, QStringLiteral("import os\nimport sys\nprint(sys)"));
        QTRY_COMPARE(codeIntel.count(CodeIntelKind::Lint), 1);
        answer(codeIntel.last(CodeIntelKind::Lint).request,
               QList<Diagnostic>{
                       diagnostic(1, 0, "F401", "'os' imported but unused", Severity::Warning),
                       diagnostic(3, 10, "W292", "no newline at end of file", Severity::Info)});
        ProblemsView *problems = window.problems();
        QTRY_COMPARE(problems->problemCount(), 2);
        QCOMPARE(problems->topLevelItem(0)->text(1), QStringLiteral("F401"));
        QCOMPARE(problems->topLevelItem(0)->text(0), QStringLiteral("1"));
        QCOMPARE(problems->topLevelItem(1)->text(2), QStringLiteral("no newline at end of file"));
        // A click leads to the line.
        editor->setCursorPosition(0, 0);
        const QRect row = problems->visualItemRect(problems->topLevelItem(1));
        window.dock(QStringLiteral("ProblemsDock"))->raise();
        QTest::qWait(20);
        QTest::mouseClick(problems->viewport(), Qt::LeftButton, {}, row.center());
        QTRY_COMPARE(editor->currentLine(), 2);

        // F1 fills the Help dock and shows it.
        editor->setFocus();
        QTest::keyClick(editor, Qt::Key_F1);
        QTRY_COMPARE(live.count(CodeIntelKind::Inspect), 1);
        Protocol::Documentation documentation;
        documentation.name = QStringLiteral("print");
        documentation.kind = QStringLiteral("function");
        documentation.signature = QStringLiteral("print(*args, sep=' ', end='\\n')");
        documentation.doc = QStringLiteral("Prints the values to a stream.");
        answer(live.last(CodeIntelKind::Inspect).request, documentation);
        QTRY_VERIFY(window.help()->toPlainText().contains(QStringLiteral("Prints the values")));
        QVERIFY(window.dock(QStringLiteral("HelpDock"))->isVisible());

        // Ctrl+Alt+L formats (through the code-intelligence engine).
        QTest::keyClick(editor, Qt::Key_L, Qt::ControlModifier | Qt::AltModifier);
        QTRY_COMPARE(codeIntel.count(CodeIntelKind::Format), 1);
        answerFormat(codeIntel.last(CodeIntelKind::Format).request,
                     QStringLiteral("import os\nimport sys\n\nprint(sys)\n"));
        QTRY_COMPARE(editor->codeText(), QStringLiteral("import os\nimport sys\n\nprint(sys)\n"));
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("black")));
    }
};

QTEST_MAIN(TestCodeIntel)
#include "tst_codeintel.moc"
