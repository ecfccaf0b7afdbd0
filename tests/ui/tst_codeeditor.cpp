#include "filehelpers.h"

#include <codeeditor.h>
#include <editortheme.h>
#include <syntaxlexer.h>
#include <textcodec.h>

#include <KSyntaxHighlighting/Repository>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandpiper::Ui;
using KSyntaxHighlighting::Repository;
using KSyntaxHighlighting::Theme;

using Sandpiper::Testing::readFile;
using Sandpiper::Testing::writeFile;

namespace {
using Base = QsciScintillaBase;

QColor styleFore(const CodeEditor &editor, int style)
{
    const long bgr = editor.SendScintilla(Base::SCI_STYLEGETFORE, style);
    return QColor(bgr & 0xff, (bgr >> 8) & 0xff, (bgr >> 16) & 0xff);
}

QColor styleBack(const CodeEditor &editor, int style)
{
    const long bgr = editor.SendScintilla(Base::SCI_STYLEGETBACK, style);
    return QColor(bgr & 0xff, (bgr >> 8) & 0xff, (bgr >> 16) & 0xff);
}

int styleAt(const CodeEditor &editor, int line, int index)
{
    editor.SendScintilla(Base::SCI_COLOURISE, 0L, -1L);
    const long pos = editor.positionFromLineIndex(line, index);
    return int(editor.SendScintilla(Base::SCI_GETSTYLEAT, pos));
}
} // namespace

Q_DECLARE_METATYPE(TextEncoding)

class TestCodeEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("SandpiperTest"));
        QApplication::setApplicationName(QStringLiteral("tst_codeeditor"));
        QSettings().clear();
        QVERIFY(m_dir.isValid());
    }

    // --- Encodings ----------------------------------------------------------------------------

    void codec_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<TextEncoding>("encoding");
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QByteArray() << TextEncoding::Utf8 << QString();
        QTest::newRow("ascii") << QByteArray("x = 1\n") << TextEncoding::Utf8 << "x = 1\n";
        QTest::newRow("utf-8") << QByteArray("s = 'h\xc3\xa9llo \xe6\x95\xb0'\n")
                               << TextEncoding::Utf8 << QString::fromUtf8("s = 'héllo 数'\n");
        QTest::newRow("utf-8 bom") << QByteArray("\xef\xbb\xbfx = '\xc3\xa9'\n")
                                   << TextEncoding::Utf8Bom << QString::fromUtf8("x = 'é'\n");
        QTest::newRow("bom only") << QByteArray("\xef\xbb\xbf") << TextEncoding::Utf8Bom
                                  << QString();
        QTest::newRow("utf-16le") << QByteArray("\xff\xfex\0=\0\xe9\0", 8) << TextEncoding::Utf16LE
                                  << QString::fromUtf8("x=é");
        QTest::newRow("utf-16be") << QByteArray("\xfe\xff\0x\0=\0\xe9", 8) << TextEncoding::Utf16BE
                                  << QString::fromUtf8("x=é");
        QTest::newRow("latin-1") << QByteArray("caf\xe9\n") << TextEncoding::Latin1
                                 << QString::fromUtf8("café\n");
        QTest::newRow("truncated utf-8 is latin-1")
                << QByteArray("ab\xe6\x95") << TextEncoding::Latin1
                << QString::fromLatin1("ab\xe6\x95");
    }

    void codec()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(TextEncoding, encoding);
        QFETCH(QString, text);
        const TextCodec::Decoded decoded = TextCodec::decode(bytes);
        QCOMPARE(decoded.encoding, encoding);
        QCOMPARE(QString::fromUtf8(decoded.utf8), text);
        bool ok = false;
        QCOMPARE(TextCodec::encode(decoded.utf8, decoded.encoding, &ok), bytes);
        QVERIFY(ok);
    }

    void loadAndSaveKeepTheBytes_data() { codec_data(); }

    void loadAndSaveKeepTheBytes()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(TextEncoding, encoding);
        QFETCH(QString, text);
        const QString path = m_dir.filePath(QStringLiteral("roundtrip.py"));
        QVERIFY(writeFile(path, bytes));
        CodeEditor editor;
        QString error;
        QVERIFY2(editor.loadFile(path, &error), qPrintable(error));
        QCOMPARE(editor.encoding(), encoding);
        QCOMPARE(editor.text(), text);
        QVERIFY(!editor.isModified());
        QVERIFY(!editor.isUndoAvailable()); // loading is not an edit
        QVERIFY(editor.saveFile(path, &error));
        QCOMPARE(readFile(path), bytes);
        // An edit keeps the encoding (and the BOM).
        editor.append(QStringLiteral("#"));
        QVERIFY(editor.saveFile(path, &error));
        const TextCodec::Decoded again = TextCodec::decode(readFile(path));
        QCOMPARE(again.encoding, encoding);
        QCOMPARE(QString::fromUtf8(again.utf8), text + QLatin1Char('#'));
    }

    void latin1FileGainsUtf8WhenNeeded()
    {
        const QString path = m_dir.filePath(QStringLiteral("latin.py"));
        QVERIFY(writeFile(path, "caf\xe9\n"));
        CodeEditor editor;
        QVERIFY(editor.loadFile(path));
        editor.append(QStringLiteral("数据"));
        QVERIFY(editor.saveFile(path));
        QCOMPARE(editor.encoding(), TextEncoding::Utf8);
        QCOMPARE(QString::fromUtf8(readFile(path)), QString::fromUtf8("café\n数据"));
    }

    void nulBytesSurvive()
    {
        const QString path = m_dir.filePath(QStringLiteral("nul.txt"));
        const QByteArray bytes("a\0b\nc", 5);
        QVERIFY(writeFile(path, bytes));
        CodeEditor editor;
        QVERIFY(editor.loadFile(path));
        QCOMPARE(editor.utf8Text(), bytes);
        QVERIFY(editor.saveFile(path));
        QCOMPARE(readFile(path), bytes);
    }

    void crlfFilesGetCrlfLines()
    {
        const QString path = m_dir.filePath(QStringLiteral("crlf.py"));
        QVERIFY(writeFile(path, "a = 1\r\nb = 2\r\n"));
        CodeEditor editor;
        QVERIFY(editor.loadFile(path));
        editor.setCursorPosition(0, 5);
        QTest::keyClick(&editor, Qt::Key_Return);
        QCOMPARE(editor.utf8Text(), QByteArray("a = 1\r\n\r\nb = 2\r\n"));
    }

    void missingFileIsAnError()
    {
        CodeEditor editor;
        QString error;
        QVERIFY(!editor.loadFile(m_dir.filePath(QStringLiteral("nope.py")), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(editor.isUntitled());
        QVERIFY(!editor.saveFile(m_dir.filePath(QStringLiteral("no/such/dir/x.py")), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(editor.isUntitled());
    }

    void opensTenMegabytesQuickly()
    {
        const QString path = m_dir.filePath(QStringLiteral("big.py"));
        int markers = 0;
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QByteArray chunk;
            for (int i = 0; i < 1000; ++i) {
                chunk += "value_" + QByteArray::number(i)
                         + " = compute('text', 3.14, [1, 2, 3])  # comment " + "\n";
                if (i % 100 == 0)
                    chunk += "# %% cell\n";
            }
            while (file.size() < 10 * 1024 * 1024) {
                file.write(chunk);
                markers += 10;
            }
        }
        QElapsedTimer timer;
        timer.start();
        CodeEditor editor;
        editor.resize(900, 700);
        QVERIFY(editor.loadFile(path));
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QCoreApplication::processEvents();
        const qint64 openMs = timer.elapsed();
        editor.goToLine(editor.lines()); // jump to the end and paint there
        editor.repaint();
        QTest::qWait(200); // let the cell timer parse all of it
        const qsizetype cells = editor.cells().size();
        const qint64 totalMs = timer.elapsed();
        qInfo("10 MB: open and first paint %lld ms, to the end and parse cells %lld ms",
              openMs,
              totalMs);
        QVERIFY2(openMs < 5000, qPrintable(QString::number(openMs)));
        QVERIFY2(totalMs < 5000, qPrintable(QString::number(totalMs)));
        QCOMPARE(cells, markers + 1); // the code before the first marker is a cell too
        QCOMPARE(editor.utf8Text().size(), QFileInfo(path).size());
    }

    // --- Editing ------------------------------------------------------------------------------

    void toggleComment_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("lineFrom");
        QTest::addColumn<int>("lineTo"); // -1: no selection, cursor on lineFrom
        QTest::addColumn<QString>("expected");
        QTest::newRow("one line") << "a.py" << "x = 1\ny = 2\n" << 0 << -1 << "# x = 1\ny = 2\n";
        QTest::newRow("uncomment") << "a.py" << "# x = 1\ny = 2\n" << 0 << -1 << "x = 1\ny = 2\n";
        QTest::newRow("uncomment without space") << "a.py" << "#x = 1\n" << 0 << -1 << "x = 1\n";
        QTest::newRow("block at the common indent, blank lines untouched")
                << "a.py" << "if a:\n    b()\n\n        c()\n"
                << 1 << 4 << "if a:\n    # b()\n\n    #     c()\n";
        QTest::newRow("mixed lines are all commented") << "a.py" << "# a\nb\n"
                                                       << 0 << 2 << "# # a\n# b\n";
        QTest::newRow("indented uncomment") << "a.py" << "    # b()\n    # c()\n"
                                            << 0 << 2 << "    b()\n    c()\n";
        QTest::newRow("SQL uses --") << "q.sql" << "select 1;\n" << 0 << -1 << "-- select 1;\n";
        QTest::newRow("YAML uses #") << "c.yaml" << "a: 1\n" << 0 << -1 << "# a: 1\n";
        QTest::newRow("JSON has no comments") << "d.json" << "{}\n" << 0 << -1 << "{}\n";
        QTest::newRow("blank only") << "a.py" << "\n\n" << 0 << 1 << "\n\n";
    }

    void toggleComment()
    {
        QFETCH(QString, fileName);
        QFETCH(QString, text);
        QFETCH(int, lineFrom);
        QFETCH(int, lineTo);
        QFETCH(QString, expected);
        CodeEditor editor;
        editor.setLanguageForFileName(fileName);
        editor.setText(text);
        editor.SendScintilla(Base::SCI_EMPTYUNDOBUFFER);
        if (lineTo < 0)
            editor.setCursorPosition(lineFrom, 1);
        else
            editor.setSelection(lineFrom, 0, lineTo, 0);
        editor.toggleComment();
        QCOMPARE(editor.text(), expected);
        if (expected != text) {
            editor.undo(); // one step
            QCOMPARE(editor.text(), text);
            editor.redo();
            QCOMPARE(editor.text(), expected);
        }
        // Toggling twice gives the text back when toggling added the markers.
        if (expected.count(QLatin1Char('#')) + expected.count(QLatin1String("--"))
            > text.count(QLatin1Char('#')) + text.count(QLatin1String("--"))) {
            if (lineTo < 0)
                editor.setCursorPosition(lineFrom, 1);
            else
                editor.setSelection(lineFrom, 0, lineTo, 0);
            editor.toggleComment();
            QCOMPARE(editor.text(), text);
        }
    }

    void indentAndDedent()
    {
        CodeEditor editor;
        editor.setText(QStringLiteral("a\nb\nc\n"));
        editor.SendScintilla(Base::SCI_EMPTYUNDOBUFFER);
        editor.setSelection(0, 0, 2, 0);
        editor.indentSelection();
        QCOMPARE(editor.text(), QStringLiteral("    a\n    b\nc\n"));
        editor.dedentSelection();
        QCOMPARE(editor.text(), QStringLiteral("a\nb\nc\n"));
        editor.undo();
        QCOMPARE(editor.text(), QStringLiteral("    a\n    b\nc\n"));
        editor.undo();
        QCOMPARE(editor.text(), QStringLiteral("a\nb\nc\n"));
        // Tab on a selection indents too (QScintilla's own binding, kept).
        editor.setSelection(1, 0, 2, 0);
        QTest::keyClick(&editor, Qt::Key_Tab);
        QCOMPARE(editor.text(), QStringLiteral("a\n    b\nc\n"));
    }

    void goToLine_data()
    {
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("expected");
        QTest::newRow("first") << 1 << 0;
        QTest::newRow("middle") << 50 << 49;
        QTest::newRow("past the end") << 1000 << 99;
        QTest::newRow("zero") << 0 << 0;
    }

    void goToLine()
    {
        QFETCH(int, line);
        QFETCH(int, expected);
        CodeEditor editor;
        QStringList lines;
        for (int i = 0; i < 99; ++i)
            lines << QStringLiteral("x%1 = %1").arg(i);
        editor.setText(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
        editor.goToLine(line);
        QCOMPARE(editor.currentLine(), expected);
    }

    void autoIndentAfterColon()
    {
        CodeEditor editor;
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QTest::keyClicks(&editor, QStringLiteral("if x:"));
        QTest::keyClick(&editor, Qt::Key_Return);
        QTest::keyClicks(&editor, QStringLiteral("pass"));
        QCOMPARE(editor.text(), QStringLiteral("if x:\n    pass"));
    }

    void foldingFoldsBlocks()
    {
        CodeEditor editor;
        editor.setText(QStringLiteral("def f():\n    a = 1\n    return a\n\nx = 2\n"));
        editor.SendScintilla(Base::SCI_COLOURISE, 0L, -1L);
        QVERIFY(editor.SendScintilla(Base::SCI_GETFOLDLEVEL, 0L) & Base::SC_FOLDLEVELHEADERFLAG);
        editor.SendScintilla(Base::SCI_TOGGLEFOLD, 0L);
        QVERIFY(!editor.SendScintilla(Base::SCI_GETLINEVISIBLE, 1L));
        QVERIFY(!editor.SendScintilla(Base::SCI_GETLINEVISIBLE, 2L));
        QVERIFY(editor.SendScintilla(Base::SCI_GETLINEVISIBLE, 4L));
    }

    void editorSettings()
    {
        CodeEditor editor;
        QCOMPARE(editor.braceMatching(), QsciScintilla::SloppyBraceMatch);
        QVERIFY(editor.indentationGuides());
        QVERIFY(!editor.indentationsUseTabs());
        QCOMPARE(editor.indentationWidth(), 4);
        QVERIFY(editor.marginLineNumbers(0));
        QVERIFY(editor.marginWidth(0) > 0);
        QCOMPARE(editor.folding(), QsciScintilla::BoxedTreeFoldStyle);
        QCOMPARE(editor.edgeColumn(), 88);
        // The line number margin grows with the line count.
        const int narrow = editor.marginWidth(0);
        editor.setText(QString(100000, QLatin1Char('\n')));
        QVERIFY(editor.marginWidth(0) > narrow);
    }

    void releasedKeysReachActions()
    {
        CodeEditor editor;
        const int ctrlL = QKeySequence(Qt::CTRL | Qt::Key_L)[0].toCombined();
        const int shiftReturn = QKeySequence(Qt::SHIFT | Qt::Key_Return)[0].toCombined();
        QVERIFY(editor.standardCommands()->boundTo(ctrlL)); // QScintilla: cut line
        editor.releaseKeys(
                {QKeySequence(Qt::CTRL | Qt::Key_L), QKeySequence(Qt::SHIFT | Qt::Key_Return)});
        QVERIFY(!editor.standardCommands()->boundTo(ctrlL));
        QVERIFY(!editor.standardCommands()->boundTo(shiftReturn));
        // Other bindings stay.
        QVERIFY(editor.standardCommands()->boundTo(
                QKeySequence(QKeySequence::Undo)[0].toCombined()));
    }

    // --- Languages ----------------------------------------------------------------------------

    void languageFromFileName_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("language");
        QTest::addColumn<bool>("python");
        QTest::newRow("untitled") << "" << "Python" << true;
        QTest::newRow("py") << "a.py" << "Python" << true;
        QTest::newRow("pyi") << "a.pyi" << "Python" << true;
        QTest::newRow("json") << "a.json" << "JSON" << false;
        QTest::newRow("yaml") << "a.yaml" << "YAML" << false;
        QTest::newRow("toml") << "pyproject.toml" << "TOML" << false;
        QTest::newRow("sql") << "q.sql" << "SQL" << false;
        QTest::newRow("markdown") << "README.md" << "Markdown" << false;
        QTest::newRow("csv") << "d.csv" << "CSV" << false;
        QTest::newRow("ini") << "setup.cfg" << "INI Files" << false;
        QTest::newRow("unknown") << "x.nothing-knows-this" << "" << false;
    }

    void languageFromFileName()
    {
        QFETCH(QString, fileName);
        QFETCH(QString, language);
        QFETCH(bool, python);
        CodeEditor editor;
        editor.setLanguageForFileName(fileName);
        QCOMPARE(editor.languageName(), language);
        QCOMPARE(editor.isPython(), python);
    }

    void syntaxLexerHighlightsAndFollowsState()
    {
        CodeEditor editor;
        editor.setTheme(EditorTheme::repository().defaultTheme(Repository::LightTheme));
        editor.setLanguageForFileName(QStringLiteral("q.sql"));
        editor.setText(QStringLiteral("select 1 from t; /* a\nstill comment\n*/ select 2;\n"));
        const int keyword = styleAt(editor, 0, 1);
        const int number = styleAt(editor, 0, 7);
        const int comment = styleAt(editor, 0, 19);
        QVERIFY(keyword != 0);
        QVERIFY(keyword != number);
        QVERIFY(comment != keyword);
        // The multi-line comment carries over to the next lines...
        QCOMPARE(styleAt(editor, 1, 2), comment);
        QCOMPARE(styleAt(editor, 2, 5), keyword); // ...and ends where it should.
        // Colours come from the theme (a comment is not drawn in the text colour).
        QVERIFY(styleFore(editor, comment) != styleFore(editor, 0));
        // Removing the opener restyles the following lines.
        editor.setSelection(0, 17, 0, 19);
        editor.removeSelectedText();
        QVERIFY(styleAt(editor, 1, 2) != comment);
        // Non-ASCII text keeps styles aligned: the keyword after it is still a keyword.
        editor.setText(QStringLiteral("-- 数据 é\nselect 1;\n"));
        QCOMPARE(styleAt(editor, 1, 2), keyword);
        QVERIFY(styleAt(editor, 0, 1) != keyword);
    }

    // --- Themes -------------------------------------------------------------------------------

    void pythonColoursComeFromTheTheme_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }

    void pythonColoursComeFromTheTheme()
    {
        QFETCH(bool, dark);
        const Theme theme = EditorTheme::repository().defaultTheme(dark ? Repository::DarkTheme
                                                                        : Repository::LightTheme);
        CodeEditor editor;
        editor.setTheme(theme);
        const EditorColors colors = EditorTheme::colors(theme);
        QCOMPARE(colors.background, QColor::fromRgb(theme.editorColor(Theme::BackgroundColor)));
        QCOMPARE(dark, colors.background.lightness() < 128);
        QCOMPARE(styleBack(editor, QsciLexerPython::Default), colors.background);
        QCOMPARE(styleBack(editor, Base::STYLE_DEFAULT), colors.background);
        const std::pair<int, Theme::TextStyle> mapped[] = {
                {QsciLexerPython::Keyword, Theme::Keyword},
                {QsciLexerPython::Comment, Theme::Comment},
                {QsciLexerPython::Number, Theme::DecVal},
                {QsciLexerPython::DoubleQuotedString, Theme::String},
                {QsciLexerPython::Decorator, Theme::Attribute},
                {QsciLexerPython::FunctionMethodName, Theme::Function},
                {QsciLexerPython::ClassName, Theme::DataType},
                {QsciLexerPython::Operator, Theme::Operator},
                {QsciLexerPython::HighlightedIdentifier, Theme::BuiltIn},
        };
        for (const auto &[style, textStyle] : mapped) {
            QCOMPARE(styleFore(editor, style), QColor::fromRgb(theme.textColor(textStyle)));
            QCOMPARE(editor.lexer()->font(style).bold(), theme.isBold(textStyle));
            QCOMPARE(editor.lexer()->font(style).italic(), theme.isItalic(textStyle));
        }
        QCOMPARE(styleFore(editor, Base::STYLE_LINENUMBER), colors.lineNumbers);
        QCOMPARE(styleBack(editor, Base::STYLE_LINENUMBER), colors.margin);
        // The lexer really uses those styles: a keyword is styled as one.
        editor.setText(QStringLiteral("import os\nprint(len('x'))  # c\n"));
        QCOMPARE(styleAt(editor, 0, 1), int(QsciLexerPython::Keyword));
        QCOMPARE(styleAt(editor, 1, 1), int(QsciLexerPython::HighlightedIdentifier));
        QCOMPARE(styleAt(editor, 1, 18), int(QsciLexerPython::Comment));
    }

    void themeFollowsTheColorSchemeAndSettings()
    {
        QCOMPARE(EditorTheme::theme(ColorScheme::Light).name(),
                 EditorTheme::repository().defaultTheme(Repository::LightTheme).name());
        QCOMPARE(EditorTheme::theme(ColorScheme::Dark).name(),
                 EditorTheme::repository().defaultTheme(Repository::DarkTheme).name());
        QSettings().setValue(QStringLiteral("editor/darkTheme"), QStringLiteral("Monokai"));
        QCOMPARE(EditorTheme::theme(ColorScheme::Dark).name(), QStringLiteral("Monokai"));
        QSettings().setValue(QStringLiteral("editor/darkTheme"), QStringLiteral("No Such Theme"));
        QCOMPARE(EditorTheme::theme(ColorScheme::Dark).name(),
                 EditorTheme::repository().defaultTheme(Repository::DarkTheme).name());
        QSettings().clear();
        // The console's formats come from the same theme.
        const Theme dark = EditorTheme::theme(ColorScheme::Dark);
        QCOMPARE(EditorTheme::format(dark, Theme::Error).foreground().color(),
                 QColor::fromRgb(dark.textColor(Theme::Error)));
    }

    // Other file types in both themes: saved for people to look at, and checked to be drawn
    // in several colours on the theme's paper.
    void syntaxRendering_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("dark");
        const QByteArray yaml = "# settings\nname: sales\nsources:\n  - path: data/a.csv\n"
                                "    rows: 1200\n    enabled: true\n";
        const QByteArray markdown = "# Report\n\nSome *emphasis* and `code`.\n\n"
                                    "```python\nimport pandas as pd\n```\n- item\n";
        const QByteArray sql = "-- totals\nSELECT region, SUM(amount) AS total\nFROM sales\n"
                               "WHERE year = 2024 AND name LIKE 'A%'\nGROUP BY region;\n";
        const QByteArray json = "{\n  \"name\": \"sales\",\n  \"rows\": 1200,\n"
                                "  \"ok\": true,\n  \"tags\": [null, 1.5]\n}\n";
        QTest::newRow("yaml light") << "config.yaml" << yaml << false;
        QTest::newRow("yaml dark") << "config.yaml" << yaml << true;
        QTest::newRow("markdown light") << "notes.md" << markdown << false;
        QTest::newRow("sql dark") << "query.sql" << sql << true;
        QTest::newRow("json dark") << "data.json" << json << true;
    }

    void syntaxRendering()
    {
        QFETCH(QString, fileName);
        QFETCH(QByteArray, content);
        QFETCH(bool, dark);
        const QString path = m_dir.filePath(fileName);
        QVERIFY(writeFile(path, content));
        CodeEditor editor;
        const Theme theme = EditorTheme::repository().defaultTheme(dark ? Repository::DarkTheme
                                                                        : Repository::LightTheme);
        editor.setTheme(theme);
        QVERIFY(editor.loadFile(path));
        editor.resize(560, 220);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QTest::qWait(50);
        const QImage image = editor.viewport()->grab().toImage();
        const QString picture
                = QDir(QCoreApplication::applicationDirPath())
                          .filePath(QStringLiteral("syntax-%1.png")
                                            .arg(QString::fromLatin1(QTest::currentDataTag())
                                                         .replace(u' ', u'-')));
        QVERIFY(image.save(picture));
        qInfo("screenshot: %s", qPrintable(picture));
        const QColor paper = EditorTheme::colors(theme).background;
        QSet<QRgb> inks;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                // Saturated or far-from-paper pixels are glyph ink, not antialiasing.
                if (qAbs(c.lightness() - paper.lightness()) > 90 || c.saturation() > 120)
                    inks.insert(c.rgb() & 0xf0f0f0);
            }
        }
        QVERIFY2(inks.size() >= 4, qPrintable(QString::number(inks.size())));
        QCOMPARE(image.pixelColor(image.width() - 20, image.height() - 5).name(), paper.name());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestCodeEditor)
#include "filehelpers.h"
#include "tst_codeeditor.moc"
