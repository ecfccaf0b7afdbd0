#include "scriptedprompts.h"

#include <cellparser.h>
#include <codeeditor.h>
#include <editortabs.h>
#include <editortheme.h>
#include <sqlcells.h>

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QImage>
#include <QSignalSpy>
#include <QTest>

using namespace Sandpiper::Ui;

Q_DECLARE_METATYPE(QList<Cell>)

namespace {
const char script[] = "import numpy as np\n" // 0
                      "\n"                   // 1
                      "# %% First\n"         // 2
                      "a = 1\n"              // 3
                      "b = 2\n"              // 4
                      "\n"                   // 5
                      "# %% Second\n"        // 6
                      "c = a + b\n"          // 7
                      "# %%\n"               // 8
                      "# %% Last\n"          // 9
                      "if c:\n"              // 10
                      "    print(c)\n";      // 11, then the empty line 12

Cell cell(int header, int first, int last, const QString &title = QString())
{
    return Cell{header, first, last, title};
}
} // namespace

class TestCells : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("SandpiperTest"));
        QApplication::setApplicationName(QStringLiteral("tst_cells"));
    }

    void init()
    {
        m_prompts = std::make_unique<ScriptedPrompts>();
        m_tabs = std::make_unique<EditorTabs>();
        m_tabs->setPrompts(m_prompts.get());
        m_tabs->resize(800, 600);
        m_tabs->show();
        QVERIFY(QTest::qWaitForWindowActive(m_tabs.get()));
        m_editor = m_tabs->currentEditor();
        m_editor->setText(QString::fromUtf8(script));
        m_editor->setFocus();
        m_spy = std::make_unique<QSignalSpy>(m_tabs.get(), &EditorTabs::runRequested);
    }

    void cleanup()
    {
        QVERIFY2(m_prompts->unexpectedQuestions.isEmpty(),
                 qPrintable(m_prompts->unexpectedQuestions.join(u',')));
        m_spy.reset();
        m_tabs->setPrompts(nullptr);
        // Nothing is saved in these tests: close without questions.
        for (CodeEditor *editor : m_tabs->editors())
            editor->setModified(false);
        m_tabs.reset();
    }

    // --- CellParser ---------------------------------------------------------------------------

    void split_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<Cell>>("expected");
        QTest::newRow("empty") << "" << QList<Cell>{cell(-1, 0, 0)};
        QTest::newRow("no markers") << "a = 1\nb = 2\n" << QList<Cell>{cell(-1, 0, 2)};
        QTest::newRow("leading code") << "import x\n# %% Load\ndf = 1\n"
                                      << QList<Cell>{cell(-1, 0, 0), cell(1, 1, 3, "Load")};
        QTest::newRow("leading blank lines are no cell") << "\n  \n# %%\nx\n"
                                                         << QList<Cell>{cell(2, 2, 4)};
        QTest::newRow("leading comment is code")
                << "#!/usr/bin/env python\n# %%\nx" << QList<Cell>{cell(-1, 0, 0), cell(1, 1, 2)};
        QTest::newRow("title trimmed")
                << "# %%   Load data  \nx" << QList<Cell>{cell(0, 0, 1, "Load data")};
        QTest::newRow("non-ASCII title")
                << "# %% Données 数据\nx" << QList<Cell>{cell(0, 0, 1, "Données 数据")};
        QTest::newRow("no space") << "#%%\nx" << QList<Cell>{cell(0, 0, 1)};
        QTest::newRow("spaces and tab")
                << "#  %%\ttabbed\nx" << QList<Cell>{cell(0, 0, 1, "tabbed")};
        QTest::newRow("three percent is not a marker") << "# %%%\nx" << QList<Cell>{cell(-1, 0, 1)};
        QTest::newRow("magic comment is not a marker")
                << "#%%timeit\nx" << QList<Cell>{cell(-1, 0, 1)};
        QTest::newRow("indented marker does not split") << "if x:\n    # %%\n    y\n"
                                                        << QList<Cell>{cell(-1, 0, 3)};
        QTest::newRow("trailing comment is not a marker") << "x = 1  # %%\n"
                                                          << QList<Cell>{cell(-1, 0, 1)};
        QTest::newRow("empty cells")
                << "# %%\n# %%\nx = 1" << QList<Cell>{cell(0, 0, 0), cell(1, 1, 2)};
        QTest::newRow("marker on the last line")
                << "x\n# %%" << QList<Cell>{cell(-1, 0, 0), cell(1, 1, 1)};
        QTest::newRow("CRLF") << "a\r\n# %% b\r\nc\r\n"
                              << QList<Cell>{cell(-1, 0, 0), cell(1, 1, 3, "b")};
        QTest::newRow("lone CR") << "a\r# %%\rc" << QList<Cell>{cell(-1, 0, 0), cell(1, 1, 2)};
        QTest::newRow("mixed breaks") << "a\n\r\n# %%\rb\r\n"
                                      << QList<Cell>{cell(-1, 0, 1), cell(2, 2, 4)};
        QTest::newRow("script") << QString::fromUtf8(script)
                                << QList<Cell>{cell(-1, 0, 1),
                                               cell(2, 2, 5, "First"),
                                               cell(6, 6, 7, "Second"),
                                               cell(8, 8, 8),
                                               cell(9, 9, 12, "Last")};
    }

    void split()
    {
        QFETCH(QString, text);
        QFETCH(QList<Cell>, expected);
        const QList<Cell> cells = CellParser::split(QStringView(text));
        QCOMPARE(cells, expected);
        // The UTF-8 variant the editor uses must agree exactly.
        QCOMPARE(CellParser::split(QByteArrayView(text.toUtf8())), expected);
        // Cells are contiguous and in order.
        for (qsizetype i = 1; i < cells.size(); ++i)
            QCOMPARE(cells.at(i).firstLine, cells.at(i - 1).lastLine + 1);
    }

    void bodyLine()
    {
        QCOMPARE(cell(-1, 0, 3).bodyLine(), 0);
        QCOMPARE(cell(4, 4, 9).bodyLine(), 5);
        QVERIFY(cell(4, 4, 4).bodyLine() > cell(4, 4, 4).lastLine); // empty
    }

    void indexAt_data()
    {
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("index");
        QTest::newRow("before the first cell") << 0 << -1;
        QTest::newRow("blank lead") << 1 << -1;
        QTest::newRow("first header") << 2 << 0;
        QTest::newRow("first body") << 3 << 0;
        QTest::newRow("second") << 5 << 1;
        QTest::newRow("last line") << 7 << 1;
        QTest::newRow("past the end") << 8 << -1;
        QTest::newRow("negative") << -1 << -1;
    }

    void indexAt()
    {
        QFETCH(int, line);
        QFETCH(int, index);
        const QList<Cell> cells = CellParser::split(QStringView(u"\n\n# %%\nx\n\n# %%\ny\n"));
        QCOMPARE(cells.size(), 2);
        QCOMPARE(CellParser::indexAt(cells, line), index);
    }

    // --- Running from the editor --------------------------------------------------------------

    void runCellWithCtrlEnter_data()
    {
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("firstLine");
        QTest::newRow("leading code") << 0 << "import numpy as np" << 0;
        QTest::newRow("header line runs its cell") << 2 << "a = 1\nb = 2" << 3;
        QTest::newRow("inside") << 4 << "a = 1\nb = 2" << 3;
        QTest::newRow("trailing blank line of a cell") << 5 << "a = 1\nb = 2" << 3;
        QTest::newRow("second") << 7 << "c = a + b" << 7;
        QTest::newRow("last, indented") << 11 << "if c:\n    print(c)" << 10;
    }

    void runCellWithCtrlEnter()
    {
        QFETCH(int, line);
        QFETCH(QString, code);
        QFETCH(int, firstLine);
        m_editor->setCursorPosition(line, 0);
        QTest::keyClick(m_editor, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(m_spy->size(), 1);
        QCOMPARE(m_spy->at(0).at(0).toString(), code);
        QCOMPARE(m_spy->at(0).at(1).toInt(), firstLine);
        // The key ran the cell; it did not also type a line break.
        QCOMPARE(m_editor->text(), QString::fromUtf8(script));
    }

    // A [cache] cell is sent with its header, so the session sees the mark; its lines count
    // from the header. A header alone runs nothing; Run File never marks the whole file.
    void cachedCellGoesWithItsHeader()
    {
        m_editor->setText(QStringLiteral("x = 1\n# %% Load [cache]\ndf = make()\n\n"
                                         "# %% [CACHE]\n# %%\ny = 2\n"));
        m_editor->setCursorPosition(2, 0);
        QTest::keyClick(m_editor, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(m_spy->size(), 1);
        QCOMPARE(m_spy->at(0).at(0).toString(), QStringLiteral("# %% Load [cache]\ndf = make()"));
        QCOMPARE(m_spy->at(0).at(1).toInt(), 1);
        m_editor->setCursorPosition(4, 0);
        QTest::keyClick(m_editor, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(m_spy->size(), 1);
        m_editor->runFile();
        QCOMPARE(m_spy->size(), 2);
        QVERIFY(m_spy->at(1).at(0).toString().startsWith(u"x = 1"));
        QCOMPARE(m_spy->at(1).at(2).toBool(), true); // Run File
        m_editor->setText(QString::fromUtf8(script));
    }

    // Run > Cache This Cell's Results marks the cell's header, adds a header to a cell without
    // one, and takes the mark away again; each is one undo step.
    void toggleCellCacheMarksTheHeader()
    {
        m_editor->setText(QStringLiteral("x = 1\n# %% Load  \ndf = make()\n"));
        m_editor->setCursorPosition(2, 3);
        m_tabs->action(EditorTabs::ToggleCellCache)->trigger();
        QCOMPARE(m_editor->text(), QStringLiteral("x = 1\n# %% Load [cache]\ndf = make()\n"));
        m_tabs->action(EditorTabs::ToggleCellCache)->trigger();
        QCOMPARE(m_editor->text(), QStringLiteral("x = 1\n# %% Load\ndf = make()\n"));
        m_editor->setCursorPosition(0, 0); // the cell before any header
        m_editor->toggleCellCache();
        QCOMPARE(m_editor->text(), QStringLiteral("# %% [cache]\nx = 1\n# %% Load\ndf = make()\n"));
        m_editor->undo();
        QCOMPARE(m_editor->text(), QStringLiteral("x = 1\n# %% Load\ndf = make()\n"));
        m_editor->setText(QString::fromUtf8(script));
    }

    void emptyCellRunsNothing()
    {
        m_editor->setCursorPosition(8, 2);
        QTest::keyClick(m_editor, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(m_spy->size(), 0);
    }

    void runCellAndAdvance()
    {
        m_editor->setCursorPosition(3, 0);
        QTest::keyClick(m_editor, Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(m_spy->size(), 1);
        QCOMPARE(m_spy->at(0).at(0).toString(), QStringLiteral("a = 1\nb = 2"));
        QCOMPARE(m_editor->currentLine(), 7); // body of "Second"
        QCOMPARE(m_editor->text(), QString::fromUtf8(script));

        QTest::keyClick(m_editor, Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(m_spy->size(), 2);
        QCOMPARE(m_spy->at(1).at(0).toString(), QStringLiteral("c = a + b"));
        QCOMPARE(m_editor->currentLine(), 8); // the empty cell's header

        QTest::keyClick(m_editor, Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(m_spy->size(), 2);            // the empty cell ran nothing...
        QCOMPARE(m_editor->currentLine(), 10); // ...but the cursor moved on

        QTest::keyClick(m_editor, Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(m_spy->size(), 3);
        QCOMPARE(m_editor->currentLine(), 12); // after the last cell: the end
        QTest::keyClick(m_editor, Qt::Key_Enter, Qt::ShiftModifier | Qt::KeypadModifier);
        QCOMPARE(m_spy->size(), 4); // the keypad Enter works as well
        QCOMPARE(m_editor->text(), QString::fromUtf8(script));
    }

    void runSelection_data()
    {
        QTest::addColumn<int>("lineFrom");
        QTest::addColumn<int>("indexFrom");
        QTest::addColumn<int>("lineTo");
        QTest::addColumn<int>("indexTo");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("firstLine");
        QTest::newRow("whole lines") << 10 << 0 << 12 << 0 << "if c:\n    print(c)" << 10;
        QTest::newRow("indented line is dedented") << 11 << 4 << 11 << 12 << "print(c)" << 11;
        QTest::newRow("part of a line") << 7 << 4 << 7 << 9 << "a + b" << 7;
        QTest::newRow("two cells")
                << 3 << 0 << 7 << 9 << "a = 1\nb = 2\n\n# %% Second\nc = a + b" << 3;
    }

    void runSelection()
    {
        QFETCH(int, lineFrom);
        QFETCH(int, indexFrom);
        QFETCH(int, lineTo);
        QFETCH(int, indexTo);
        QFETCH(QString, code);
        QFETCH(int, firstLine);
        m_editor->setSelection(lineFrom, indexFrom, lineTo, indexTo);
        QTest::keyClick(m_editor, Qt::Key_F9);
        QCOMPARE(m_spy->size(), 1);
        QCOMPARE(m_spy->at(0).at(0).toString(), code);
        QCOMPARE(m_spy->at(0).at(1).toInt(), firstLine);
    }

    void runCurrentLineAndMoveOn()
    {
        m_editor->setCursorPosition(11, 2);
        QTest::keyClick(m_editor, Qt::Key_F9);
        QCOMPARE(m_spy->size(), 1);
        QCOMPARE(m_spy->at(0).at(0).toString(), QStringLiteral("print(c)"));
        QCOMPARE(m_spy->at(0).at(1).toInt(), 11);
        QCOMPARE(m_editor->currentLine(), 12);
        QTest::keyClick(m_editor, Qt::Key_F9); // the empty last line: nothing to run
        QCOMPARE(m_spy->size(), 1);
    }

    void runFile()
    {
        m_editor->setCursorPosition(4, 0);
        QTest::keyClick(m_editor, Qt::Key_F5);
        QCOMPARE(m_spy->size(), 1);
        QString expected = QString::fromUtf8(script);
        expected.chop(1); // the trailing line break
        QCOMPARE(m_spy->at(0).at(0).toString(), expected);
        QCOMPARE(m_spy->at(0).at(1).toInt(), 0);
    }

    void runToHere()
    {
        m_editor->setCursorPosition(4, 3);
        m_tabs->action(EditorTabs::RunToHere)->trigger();
        QCOMPARE(m_spy->size(), 1);
        QCOMPARE(m_spy->at(0).at(0).toString(),
                 QStringLiteral("import numpy as np\n\n# %% First\na = 1\nb = 2"));
        QCOMPARE(m_spy->at(0).at(1).toInt(), 0);
    }

    void crlfCodeHasPlainLineBreaks()
    {
        m_editor->setText(QStringLiteral("# %%\r\na = 1\r\nb = 2\r\n# %%\r\nc = 3\r\n"));
        m_editor->setCursorPosition(1, 0);
        QTest::keyClick(m_editor, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(m_spy->size(), 1);
        QCOMPARE(m_spy->at(0).at(0).toString(), QStringLiteral("a = 1\nb = 2"));
        QCOMPARE(m_spy->at(0).at(1).toInt(), 1);
    }

    void typingAMarkerSplitsTheCell()
    {
        m_editor->setCursorPosition(4, 0);
        QTest::keyClicks(m_editor, QStringLiteral("# %% Inserted"));
        QTest::keyClick(m_editor, Qt::Key_Return);
        // Run immediately: the cells must not wait for the repaint timer.
        QTest::keyClick(m_editor, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(m_spy->size(), 1);
        QCOMPARE(m_spy->at(0).at(0).toString(), QStringLiteral("b = 2"));
        QCOMPARE(m_spy->at(0).at(1).toInt(), 5);
    }

    void nonPythonFilesDoNotRun()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("data.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"a\": 1}\n");
        file.close();
        CodeEditor *json = m_tabs->openFile(path);
        QVERIFY(json);
        QVERIFY(!json->isPython());
        QVERIFY(!m_tabs->action(EditorTabs::RunCell)->isEnabled());
        QVERIFY(!m_tabs->action(EditorTabs::RunFile)->isEnabled());
        QTest::keyClick(json, Qt::Key_F5);
        QCOMPARE(m_spy->size(), 0);
        m_tabs->setCurrentEditor(m_editor);
        QVERIFY(m_tabs->action(EditorTabs::RunCell)->isEnabled());
    }

    // --- Drawing ------------------------------------------------------------------------------

    void separatorsAndCurrentCellMarkers()
    {
        const auto hasMarker = [this](int line, int marker) {
            return (m_editor->markersAtLine(line) & (1 << marker)) != 0;
        };
        m_editor->setCursorPosition(7, 0);
        QTRY_COMPARE(m_editor->highlightedCell(), std::make_pair(6, 7));
        // A rule under the line before each header.
        for (int line = 0; line <= 12; ++line) {
            const bool expected = line == 1 || line == 5 || line == 7 || line == 8;
            QVERIFY2(hasMarker(line, m_editor->cellSeparatorMarker()) == expected,
                     qPrintable(QString::number(line)));
            QVERIFY2(hasMarker(line, m_editor->currentCellMarker()) == (line == 6 || line == 7),
                     qPrintable(QString::number(line)));
        }
        m_editor->setCursorPosition(3, 0);
        QTRY_COMPARE(m_editor->highlightedCell(), std::make_pair(2, 5));
        QVERIFY(!hasMarker(7, m_editor->currentCellMarker()));
        QVERIFY(hasMarker(2, m_editor->currentCellMarker()));
        QVERIFY(hasMarker(5, m_editor->currentCellMarker()));

        // Without markers nothing is highlighted or separated.
        m_editor->setText(QStringLiteral("a = 1\nb = 2\n"));
        QTRY_COMPARE(m_editor->highlightedCell(), std::make_pair(-1, -1));
        for (int line = 0; line < m_editor->lines(); ++line)
            QCOMPARE(m_editor->markersAtLine(line), 0u);
    }

    // Draws the editor in both themes, saves the pictures next to the test for people to look
    // at, and checks the pixels that matter: the band of the current cell, the rule between
    // cells, the paper elsewhere.
    void rendering_data()
    {
        QTest::addColumn<int>("scheme");
        QTest::newRow("light") << int(ColorScheme::Light);
        QTest::newRow("dark") << int(ColorScheme::Dark);
    }

    void rendering()
    {
        QFETCH(int, scheme);
        m_tabs->setColorScheme(ColorScheme(scheme));
        m_tabs->resize(760, 420);
        m_editor->setText(QStringLiteral(
                "import numpy as np\nimport pandas as pd\n\n# %% Load the data\n"
                "df = pd.read_csv(\"data/sales.csv\", parse_dates=[\"date\"])\n"
                "df.head()\n\n# %% Monthly totals\n@cache\ndef monthly(frame: pd.DataFrame) -> "
                "pd.Series:\n    \"\"\"Sum of sales per month.\"\"\"\n    return "
                "frame.resample(\"ME\", on=\"date\")[\"amount\"].sum()  # noqa\n\n"
                "totals = monthly(df)\nprint(len(totals), totals.max() * 1.5)\n\n"
                "# %% Plot\nclass Chart:\n    pass\n"));
        m_editor->setCursorPosition(12, 0); // the blank line in the second cell
        QTRY_COMPARE(m_editor->highlightedCell(), std::make_pair(7, 15));
        QTest::qWait(50);
        const QString name = scheme == int(ColorScheme::Dark) ? QStringLiteral("dark")
                                                              : QStringLiteral("light");
        const QString file = QDir(QCoreApplication::applicationDirPath())
                                     .filePath(QStringLiteral("editor-%1.png").arg(name));
        QVERIFY(m_tabs->grab().save(file));
        qInfo("screenshot: %s", qPrintable(file));

        const EditorColors colors = EditorTheme::colors(m_tabs->theme());
        const QImage image = m_editor->viewport()->grab().toImage();
        const int x = image.width() - 12; // right of the text, left of any scroll bar
        const auto lineY = [this](int line) {
            const long pos = m_editor->SendScintilla(QsciScintillaBase::SCI_POSITIONFROMLINE, line);
            return int(
                    m_editor->SendScintilla(QsciScintillaBase::SCI_POINTYFROMPOSITION, 0UL, pos));
        };
        const int height = int(m_editor->SendScintilla(QsciScintillaBase::SCI_TEXTHEIGHT, 0UL));
        const auto colourAt = [&](int line, int offset) {
            return image.pixelColor(x * image.devicePixelRatio(),
                                    (lineY(line) + offset) * image.devicePixelRatio());
        };
        QCOMPARE(colourAt(9, height / 2).name(),
                 colors.currentCell.name()); // inside the current cell
        QCOMPARE(colourAt(12, height / 2).name(), colors.currentLine.name()); // the caret line wins
        QCOMPARE(colourAt(4, height / 2).name(), colors.background.name());   // another cell
        QCOMPARE(colourAt(17, height / 2).name(), colors.background.name());
        // The rule under the line before a header, in the separator colour.
        QCOMPARE(colourAt(2, height - 1).name(), colors.separator.name());
        QCOMPARE(colourAt(15, height - 1).name(), colors.separator.name());
        QVERIFY(colors.currentCell != colors.background);
        QVERIFY(colors.separator != colors.background);
    }

    // --- SQL cells ----------------------------------------------------------------------------

    void sqlCellTitles()
    {
        QVERIFY(SqlCells::isSql(QStringLiteral("[sql]")));
        QVERIFY(SqlCells::isSql(QStringLiteral("[SQL] -> totals")));
        QVERIFY(!SqlCells::isSql(QStringLiteral("Load [sql]")));
        QVERIFY(!SqlCells::isSql(QString()));
    }

    void sqlCellPython()
    {
        QCOMPARE(SqlCells::python(QStringLiteral("[sql]"), QStringLiteral("SELECT 1")),
                 QStringLiteral("sandpiper.sql(\"\"\"SELECT 1\"\"\")"));
        QCOMPARE(SqlCells::python(QStringLiteral("[sql] monthly -> totals"),
                                  QStringLiteral("SELECT *\nFROM df")),
                 QStringLiteral("totals = sandpiper.sql(\"\"\"SELECT *\nFROM df\"\"\"); totals"));
        // Quotes and backslashes cannot end the literal early or run as Python.
        const QString hostile
                = QStringLiteral("SELECT '\"\"\"); import os; (\"\"\"' AS x, '\\' AS y");
        const QString code = SqlCells::python(QStringLiteral("[sql]"), hostile);
        QCOMPARE(code,
                 QStringLiteral("sandpiper.sql(\"\"\"SELECT '\\\"\\\"\\\"); import os; "
                                "(\\\"\\\"\\\"' AS x, '\\\\' AS y\"\"\")"));
        // A bad name is an error in the session, not a crash or a silent skip.
        QVERIFY(SqlCells::python(QStringLiteral("[sql] -> 2x"), QStringLiteral("SELECT 1"))
                        .startsWith(QStringLiteral("raise ValueError(")));
        QVERIFY(SqlCells::python(QStringLiteral("[sql] -> class"), QStringLiteral("SELECT 1"))
                        .startsWith(QStringLiteral("raise ValueError(")));
    }

    void sqlCellsInAScriptKeepTheirLines()
    {
        const QString text = QStringLiteral("x = 1\n# %% [sql] -> t\nSELECT *\n\nFROM df\n"
                                            "# %% Python\nprint(t)");
        const QString converted = SqlCells::script(text);
        QCOMPARE(converted.count(u'\n'), text.count(u'\n'));
        QCOMPARE(converted,
                 QStringLiteral("x = 1\n# %% [sql] -> t\nt = sandpiper.sql(\"\"\"SELECT *\n\n"
                                "FROM df\"\"\"); t\n# %% Python\nprint(t)"));
        const QString plain = QStringLiteral("# %% A\nprint(1)\n");
        QCOMPARE(SqlCells::script(plain), plain);
    }

    void sqlCellsForTheLinter()
    {
        const QString text = QStringLiteral("x = 1\n# %% [sql] -> t\nSELECT *\n\n  FROM df\n"
                                            "# %% [sql]\nSELECT 1\n# %% Python\nprint(t)");
        QCOMPARE(SqlCells::lintable(text),
                 QStringLiteral("x = 1\n# %% [sql] -> t\nt = ...\n\npass\n"
                                "# %% [sql]\npass\n# %% Python\nprint(t)"));
    }

    void runSqlCellWithCtrlEnter()
    {
        m_editor->setText(
                QStringLiteral("# %% [sql] -> big\nSELECT a\nFROM df\n\n# %% Next\nbig\n"));
        m_editor->setCursorPosition(2, 1);
        QTest::keyClick(m_editor, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(m_spy->size(), 1);
        QCOMPARE(m_spy->at(0).at(0).toString(),
                 QStringLiteral("big = sandpiper.sql(\"\"\"SELECT a\nFROM df\"\"\"); big"));
        QCOMPARE(m_spy->at(0).at(1).toInt(), 1);
        // An SQL cell with nothing in it runs nothing.
        m_editor->setText(QStringLiteral("# %% [sql]\n\n# %% Next\nx = 1\n"));
        m_editor->setCursorPosition(0, 0);
        QTest::keyClick(m_editor, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(m_spy->size(), 1);
        // Run File converts SQL cells too.
        m_editor->setText(QStringLiteral("# %% [sql]\nSELECT 42\n# %% Next\nx = 1"));
        QTest::keyClick(m_editor, Qt::Key_F5);
        QCOMPARE(m_spy->size(), 2);
        QCOMPARE(m_spy->at(1).at(0).toString(),
                 QStringLiteral(
                         "# %% [sql]\nsandpiper.sql(\"\"\"SELECT 42\"\"\")\n# %% Next\nx = 1"));
    }

private:
    std::unique_ptr<ScriptedPrompts> m_prompts;
    std::unique_ptr<EditorTabs> m_tabs;
    std::unique_ptr<QSignalSpy> m_spy;
    CodeEditor *m_editor = nullptr;
};

QTEST_MAIN(TestCells)
#include "tst_cells.moc"
