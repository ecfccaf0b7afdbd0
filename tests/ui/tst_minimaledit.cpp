// CodeEditor::replaceTextMinimally: black's answer applied as an edit of the changed lines
// only, one undo step, with the cursor, the selection, markers and the scroll position kept
// on the same code.

#include <codeeditor.h>

#include <QApplication>
#include <QSettings>
#include <QTest>

using namespace Sandpiper::Ui;

namespace {
using Base = QsciScintillaBase;

// "|" marks the caret in a text; it is removed.
std::pair<QString, int> withCaret(QString text)
{
    const int at = int(text.indexOf(QLatin1Char('|')));
    text.remove(at, 1);
    return {text, at};
}

QString textWithCaret(const CodeEditor &editor)
{
    const auto [line, column] = editor.lineColumnAt(editor.SendScintilla(Base::SCI_GETCURRENTPOS));
    QString text = editor.codeText();
    qsizetype offset = 0;
    for (int i = 0; i < line; ++i)
        offset = text.indexOf(QLatin1Char('\n'), offset) + 1;
    return text.insert(offset + column, QLatin1Char('|'));
}

void placeCaret(CodeEditor &editor, int offset)
{
    const QString text = editor.codeText().left(offset);
    const int line = int(text.count(QLatin1Char('\n')));
    const int column = int(text.size() - (text.lastIndexOf(QLatin1Char('\n')) + 1));
    editor.SendScintilla(Base::SCI_GOTOPOS, editor.positionAt(line, column));
}
} // namespace

class TestMinimalEdit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("SandpiperTest"));
        QApplication::setApplicationName(QStringLiteral("tst_minimaledit"));
        QSettings().clear();
    }

    void replace_data()
    {
        QTest::addColumn<QString>("before");   // with the caret as |
        QTest::addColumn<QString>("after");    // black's answer
        QTest::addColumn<QString>("expected"); // the result with where the caret should be
        QTest::newRow("unchanged line keeps the caret") << "x=1\ny = 2|\n"
                                                        << "x = 1\ny = 2\n"
                                                        << "x = 1\ny = 2|\n";
        QTest::newRow("caret inside a changed line follows its code")
                << "def f(a,|b):\n  return a\n"
                << "def f(a, b):\n    return a\n"
                << "def f(a, |b):\n    return a\n";
        QTest::newRow("caret after the code of a changed line") << "x=[1,2,\n   3]|\ny = 1\n"
                                                                << "x = [1, 2, 3]\ny = 1\n"
                                                                << "x = [1, 2, 3]|\ny = 1\n";
        QTest::newRow("lines added above move the caret down")
                << "import os\ndef f():\n    return os|\n"
                << "import os\n\n\ndef f():\n    return os\n"
                << "import os\n\n\ndef f():\n    return os|\n";
        QTest::newRow("quotes change, caret stays in the string") << "s = 'ab|c'\n"
                                                                  << "s = \"abc\"\n"
                                                                  << "s = \"ab|c\"\n";
        QTest::newRow("every line respaced, a long split joined above the caret")
                << "import os\nx=[1,\n 2]\ndef f(a,b):\n  y=a\n  return y|+b\n"
                << "import os\n\nx = [1, 2]\n\n\ndef f(a, b):\n    y = a\n    return y + b\n"
                << "import os\n\nx = [1, 2]\n\n\ndef f(a, b):\n    y = a\n    return y |+ b\n";
        QTest::newRow("no final newline") << "a=1|" << "a = 1\n" << "a = 1|\n";
        QTest::newRow("only the last line changes") << "a = 1\nb=2|" << "a = 1\nb = 2\n"
                                                    << "a = 1\nb = 2|\n";
        QTest::newRow("everything changes") << "x=1|" << "y = 2\n" << "y = 2|\n";
        QTest::newRow("blank lines removed at the end") << "|x = 1\n\n\n\n"
                                                        << "x = 1\n"
                                                        << "|x = 1\n";
        QTest::newRow("non-ascii before the caret") << "s='日本'  ;t=1|\n"
                                                    << "s = \"日本\"\nt = 1\n"
                                                    << "s = \"日本\"\nt = 1|\n";
    }

    void replace()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(QString, expected);
        CodeEditor editor;
        const auto [text, caret] = withCaret(before);
        editor.setUtf8Text(text.toUtf8(), true);
        placeCaret(editor, caret);
        QVERIFY(editor.replaceTextMinimally(after));
        QCOMPARE(editor.codeText(), after);
        QCOMPARE(textWithCaret(editor), expected);
        // One undo step restores the original exactly, and one redo the formatted text.
        QVERIFY(editor.isUndoAvailable());
        editor.undo();
        QCOMPARE(editor.codeText(), text);
        QVERIFY(!editor.isUndoAvailable());
        editor.redo();
        QCOMPARE(editor.codeText(), after);
    }

    void sameTextIsNoEdit()
    {
        CodeEditor editor;
        editor.setUtf8Text("x = 1\n", true);
        const quint64 revision = editor.revision();
        QVERIFY(!editor.replaceTextMinimally(QStringLiteral("x = 1\n")));
        QCOMPARE(editor.revision(), revision);
        QVERIFY(!editor.isUndoAvailable());
        QVERIFY(!editor.isModified());
    }

    void onlyChangedLinesAreTouched()
    {
        // Markers live on lines: those on untouched lines stay where they are.
        CodeEditor editor;
        QStringList lines;
        for (int i = 0; i < 200; ++i)
            lines << QStringLiteral("value_%1 = %1").arg(i);
        lines[100] = QStringLiteral("value_100=100");
        editor.setUtf8Text((lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8(), true);
        const int marker = editor.markerDefine(QsciScintilla::Circle);
        const int on10 = editor.markerAdd(10, marker);
        const int on150 = editor.markerAdd(150, marker);
        const int on100 = editor.markerAdd(100, marker);
        int modifications = 0;
        connect(&editor, &QsciScintilla::textChanged, &editor, [&] { ++modifications; });
        lines[100] = QStringLiteral("value_100 = 100");
        QVERIFY(editor.replaceTextMinimally(lines.join(QLatin1Char('\n')) + QLatin1Char('\n')));
        QCOMPARE(editor.markerLine(on10), 10);
        QCOMPARE(editor.markerLine(on150), 150);
        QVERIFY(editor.markerLine(on100) >= 0); // moved to a neighbour at worst, not lost
        QCOMPARE(modifications, 2);             // one line's text out, its replacement in
    }

    void windowsLineBreaksStay()
    {
        CodeEditor editor;
        editor.setEolMode(QsciScintilla::EolWindows);
        editor.setUtf8Text("import os\r\ndef f(a,b):\r\n  return a\r\n", true);
        QVERIFY(editor.replaceTextMinimally(
                QStringLiteral("import os\n\n\ndef f(a, b):\n    return a\n")));
        QCOMPARE(editor.utf8Text(),
                 QByteArray("import os\r\n\r\n\r\ndef f(a, b):\r\n    return a\r\n"));
    }

    void selectionIsKept()
    {
        CodeEditor editor;
        editor.setUtf8Text("a=1\nb=2\nc=3\nd=4\n", true);
        editor.setSelection(1, 0, 2, 3); // "b=2\nc=3"
        QVERIFY(editor.replaceTextMinimally(QStringLiteral("a = 1\nb = 2\nc = 3\nd = 4\n")));
        QCOMPARE(editor.selectedText(), QStringLiteral("b = 2\nc = 3"));
    }

    void scrollPositionIsKept()
    {
        CodeEditor editor;
        editor.resize(600, 300);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QStringList lines;
        for (int i = 0; i < 400; ++i)
            lines << QStringLiteral("v%1=%1").arg(i);
        editor.setUtf8Text((lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8(), true);
        editor.setCursorPosition(250, 2);
        editor.setFirstVisibleLine(240);
        QCOMPARE(editor.firstVisibleLine(), 240);
        QStringList formatted;
        for (int i = 0; i < 400; ++i)
            formatted << QStringLiteral("v%1 = %1").arg(i);
        // Two blank lines added near the top: the view follows the caret's code, which moved
        // down with them.
        formatted.insert(5, QString());
        formatted.insert(5, QString());
        QVERIFY(editor.replaceTextMinimally(formatted.join(QLatin1Char('\n')) + QLatin1Char('\n')));
        QCOMPARE(editor.currentLine(), 252);
        QCOMPARE(editor.firstVisibleLine(), 242);
    }
};

QTEST_MAIN(TestMinimalEdit)
#include "tst_minimaledit.moc"
