#include "codeeditor.h"

#include "editortheme.h"
#include "linediff.h"
#include "pythonlexer.h"
#include "sqlcells.h"
#include "syntaxlexer.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QKeyEvent>
#include <QSaveFile>
#include <QSet>
#include <QTimer>
#include <QUuid>

namespace Sandpiper::Ui {

namespace {
using Base = QsciScintillaBase;

QByteArray hashOf(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha1);
}

bool isPythonFileName(const QString &fileName)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    return suffix == QLatin1String("py") || suffix == QLatin1String("pyw")
           || suffix == QLatin1String("pyi");
}

QString normalizeLineBreaks(QString text)
{
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    text.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    return text;
}

int leadingBlanks(QStringView line)
{
    int i = 0;
    while (i < line.size() && (line.at(i) == QLatin1Char(' ') || line.at(i) == QLatin1Char('\t')))
        ++i;
    return i;
}

// Removes the indentation common to all non-blank lines (like Python's textwrap.dedent), so that
// an indented block can run on its own.
QString dedent(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    int common = -1;
    QString prefix;
    for (const QString &line : std::as_const(lines)) {
        if (line.trimmed().isEmpty())
            continue;
        const int width = leadingBlanks(line);
        if (common < 0) {
            common = width;
            prefix = line.left(width);
        } else {
            int same = 0;
            while (same < qMin(common, width) && line.at(same) == prefix.at(same))
                ++same;
            common = same;
            prefix.truncate(same);
        }
    }
    if (common <= 0)
        return text;
    for (QString &line : lines)
        line = line.trimmed().isEmpty() ? QString() : line.mid(common);
    return lines.join(QLatin1Char('\n'));
}

QString trimTrailingBlankLines(QString code)
{
    QStringList lines = code.split(QLatin1Char('\n'));
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    return lines.join(QLatin1Char('\n'));
}

bool isBlank(QChar c)
{
    return c.isSpace();
}

// How many characters of text are not blanks or line breaks: what formatting keeps.
int significantCount(QStringView text)
{
    int count = 0;
    for (QChar c : text) {
        if (!isBlank(c))
            ++count;
    }
    return count;
}

// Where in text the same code is as after `count` significant characters; past the blanks
// that follow too, with skipBlanks.
qsizetype significantIndex(QStringView text, int count, bool skipBlanks)
{
    qsizetype i = 0;
    for (int seen = 0; i < text.size() && seen < count; ++i) {
        if (!isBlank(text.at(i)))
            ++seen;
    }
    if (skipBlanks || count == 0) {
        while (i < text.size() && isBlank(text.at(i)))
            ++i;
    }
    return i;
}

QString withoutBlanks(const QString &line)
{
    QString code;
    for (QChar c : line) {
        if (!isBlank(c))
            code += c;
    }
    return code;
}

// Runs of changed lines between two texts: old [oldFirst, oldFirst + oldCount) became new
// [newFirst, newFirst + newCount); kept maps each unchanged old line to its new line (-1).
struct LineMap
{
    struct Block
    {
        int oldFirst = 0;
        int oldCount = 0;
        int newFirst = 0;
        int newCount = 0;
    };
    QList<Block> blocks;
    QList<int> kept;

    static LineMap from(const QStringList &before, const QStringList &after)
    {
        LineMap map;
        map.kept.fill(-1, before.size());
        int oldLine = 0;
        int newLine = 0;
        for (const LineDiff::Line &line : LineDiff::compute(before, after)) {
            if (line.op == LineDiff::Op::Same) {
                map.kept[oldLine++] = newLine++;
                continue;
            }
            QList<Block> &blocks = map.blocks;
            if (blocks.isEmpty() || blocks.last().oldFirst + blocks.last().oldCount != oldLine
                || blocks.last().newFirst + blocks.last().newCount != newLine)
                blocks.append({oldLine, 0, newLine, 0});
            if (line.op == LineDiff::Op::Removed) {
                ++blocks.last().oldCount;
                ++oldLine;
            } else {
                ++blocks.last().newCount;
                ++newLine;
            }
        }
        return map;
    }

    Block blockOf(int line) const
    {
        for (const Block &b : blocks) {
            if (line >= b.oldFirst && line < b.oldFirst + b.oldCount)
                return b;
        }
        return {};
    }
};

QByteArray lineBreak(QsciScintilla::EolMode mode)
{
    switch (mode) {
    case QsciScintilla::EolWindows:
        return QByteArrayLiteral("\r\n");
    case QsciScintilla::EolMac:
        return QByteArrayLiteral("\r");
    case QsciScintilla::EolUnix:
        break;
    }
    return QByteArrayLiteral("\n");
}
} // namespace

CodeEditor::CodeEditor(QWidget *parent)
    : QsciScintilla(parent)
    , m_documentId(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    setObjectName(QStringLiteral("Editor"));
    setUtf8(true);
    setEolMode(EolUnix);
    setMarginType(0, NumberMargin);
    setMarginLineNumbers(0, true);
    setMarginWidth(1, 0); // symbol margin: reserved for diagnostics later
    setFolding(BoxedTreeFoldStyle, 2);
    setBraceMatching(SloppyBraceMatch);
    setIndentationGuides(true);
    setIndentationsUseTabs(false);
    setIndentationWidth(4);
    setTabWidth(4);
    setTabIndents(true);
    setBackspaceUnindents(true);
    setAutoIndent(true);
    setCaretLineVisible(true);
    setEdgeMode(EdgeLine);
    setEdgeColumn(88); // black's line length
    setScrollWidth(1);
    setScrollWidthTracking(true);
    SendScintilla(SCI_SETMARGINLEFT, 0UL, 4L); // a little air between the folding and the text

    m_separatorMarker = markerDefine(Underline);
    m_currentCellMarker = markerDefine(Background);

    connect(this, &QsciScintilla::textChanged, this, [this] { ++m_revision; });

    m_cellTimer = new QTimer(this);
    m_cellTimer->setSingleShot(true);
    m_cellTimer->setInterval(120);
    connect(m_cellTimer, &QTimer::timeout, this, [this] {
        updateCells();
        updateCellMarkers();
        updateCurrentCell();
    });
    connect(this, &QsciScintilla::textChanged, this, &CodeEditor::scheduleCellUpdate);
    connect(this, &QsciScintilla::linesChanged, this, &CodeEditor::updateLineNumberWidth);
    connect(this, &QsciScintilla::cursorPositionChanged, this, &CodeEditor::updateCurrentCell);

    m_theme = EditorTheme::currentTheme();
    setLanguageForFileName(QString());
    updateLineNumberWidth();
}

CodeEditor::~CodeEditor() = default;

QString CodeEditor::displayName() const
{
    return m_filePath.isEmpty() ? m_untitledName : QFileInfo(m_filePath).fileName();
}

void CodeEditor::setUntitledName(const QString &name)
{
    m_untitledName = name;
}

// --- File -------------------------------------------------------------------------------------

QString CodeEditor::codeText() const
{
    return normalizeLineBreaks(QString::fromUtf8(utf8Text()));
}

QString CodeEditor::codeIntelPath() const
{
    if (!m_filePath.isEmpty())
        return m_filePath;
    return QDir::cleanPath(
            QDir::tempPath() + QStringLiteral("/sandpiper-unsaved-") + m_documentId
            + QLatin1Char('/')
            + (m_untitledName.isEmpty() ? QStringLiteral("untitled.py") : m_untitledName));
}

QByteArray CodeEditor::utf8Text() const
{
    const long length = SendScintilla(SCI_GETLENGTH);
    const auto *data = reinterpret_cast<const char *>(SendScintilla(SCI_GETCHARACTERPOINTER));
    return QByteArray(data, length);
}

void CodeEditor::setUtf8Text(const QByteArray &utf8, bool resetUndo)
{
    if (resetUndo)
        SendScintilla(SCI_SETUNDOCOLLECTION, 0UL);
    else
        beginUndoAction();
    SendScintilla(SCI_CLEARALL);
    // APPENDTEXT takes a length, so NUL bytes in the file survive.
    SendScintilla(SCI_APPENDTEXT, static_cast<unsigned long>(utf8.size()), utf8.constData());
    if (resetUndo) {
        SendScintilla(SCI_SETUNDOCOLLECTION, 1UL);
        SendScintilla(SCI_EMPTYUNDOBUFFER);
        SendScintilla(SCI_SETSAVEPOINT);
    } else {
        endUndoAction();
    }
}

bool CodeEditor::loadFile(const QString &path, QString *errorMessage)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (errorMessage)
            *errorMessage = file.errorString();
        return false;
    }
    const QByteArray bytes = file.readAll();
    const TextCodec::Decoded decoded = TextCodec::decode(bytes);
    m_filePath = QFileInfo(path).absoluteFilePath();
    m_encoding = decoded.encoding;
    m_diskHash = hashOf(bytes);
    const qsizetype firstBreak = decoded.utf8.indexOf('\n');
    setEolMode(firstBreak > 0 && decoded.utf8.at(firstBreak - 1) == '\r' ? EolWindows : EolUnix);
    setLanguageForFileName(m_filePath);
    setUtf8Text(decoded.utf8, true);
    SendScintilla(SCI_GOTOPOS, 0UL);
    return true;
}

bool CodeEditor::saveFile(const QString &path, QString *errorMessage)
{
    bool representable = true;
    QByteArray bytes = TextCodec::encode(utf8Text(), m_encoding, &representable);
    TextEncoding encoding = m_encoding;
    if (!representable) {
        // Characters the file's old encoding cannot hold: UTF-8 rather than losing them.
        encoding = TextEncoding::Utf8;
        bytes = TextCodec::encode(utf8Text(), encoding);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (errorMessage)
            *errorMessage = file.errorString();
        return false;
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const bool renamed = absolute != m_filePath;
    m_filePath = absolute;
    m_encoding = encoding;
    m_diskHash = hashOf(bytes);
    setModified(false);
    if (renamed)
        setLanguageForFileName(m_filePath);
    return true;
}

bool CodeEditor::reload(QString *errorMessage)
{
    int line = 0;
    int index = 0;
    getCursorPosition(&line, &index);
    const int firstVisible = firstVisibleLine();
    if (!loadFile(m_filePath, errorMessage))
        return false;
    const int lastLine = lines() - 1;
    setCursorPosition(qMin(line, lastLine), index);
    setFirstVisibleLine(qMin(firstVisible, lastLine));
    return true;
}

// --- Language and look ------------------------------------------------------------------------

void CodeEditor::setLanguageForFileName(const QString &fileName)
{
    const KSyntaxHighlighting::Definition definition
            = fileName.isEmpty() ? KSyntaxHighlighting::Definition()
                                 : EditorTheme::repository().definitionForFileName(fileName);
    const bool python = fileName.isEmpty() || isPythonFileName(fileName)
                        || definition.name() == QLatin1String("Python");
    QsciLexer *old = m_lexer;
    if (python) {
        m_lexer = new PythonLexer(this);
        m_commentMarker = QStringLiteral("#");
    } else if (definition.isValid()) {
        m_lexer = new SyntaxLexer(definition, m_theme, EditorTheme::font(), this);
        m_commentMarker = definition.singleLineCommentMarker();
    } else {
        m_lexer = nullptr;
        m_commentMarker.clear();
    }
    m_python = python;
    setLexer(m_lexer);
    delete old;
    applyTheme();
    m_cellsDirty = true;
    updateCellMarkers();
    updateCurrentCell();
}

QString CodeEditor::languageName() const
{
    if (m_python)
        return QStringLiteral("Python");
    return m_lexer ? QString::fromUtf8(m_lexer->language()) : QString();
}

void CodeEditor::setTheme(const KSyntaxHighlighting::Theme &theme)
{
    m_theme = theme;
    if (auto syntax = qobject_cast<SyntaxLexer *>(m_lexer))
        syntax->setTheme(theme);
    applyTheme();
}

void CodeEditor::applyTheme()
{
    const QFont font = EditorTheme::font();
    if (m_python && m_lexer)
        EditorTheme::applyToPythonLexer(m_lexer, m_theme, font);
    if (!m_lexer) {
        // Without a lexer every style is the default one.
        SendScintilla(SCI_STYLESETFONT, STYLE_DEFAULT, font.family().toUtf8().constData());
        SendScintilla(SCI_STYLESETSIZE, STYLE_DEFAULT, font.pointSize());
        const EditorColors c = EditorTheme::colors(m_theme);
        SendScintilla(SCI_STYLESETFORE, STYLE_DEFAULT, c.foreground);
        SendScintilla(SCI_STYLESETBACK, STYLE_DEFAULT, c.background);
        SendScintilla(SCI_STYLECLEARALL);
    }
    EditorTheme::applyToEditor(this, m_theme);
    const EditorColors c = EditorTheme::colors(m_theme);
    setMarkerBackgroundColor(c.separator, m_separatorMarker);
    setMarkerBackgroundColor(c.currentCell, m_currentCellMarker);
    m_lineNumberDigits = 0;
    updateLineNumberWidth();
    Q_EMIT themeChanged();
}

void CodeEditor::updateLineNumberWidth()
{
    const int digits = qMax(3, int(QString::number(lines()).size()));
    if (digits == m_lineNumberDigits)
        return;
    m_lineNumberDigits = digits;
    setMarginWidth(0, QString(digits + 1, QLatin1Char('9')));
}

void CodeEditor::releaseKeys(const QList<QKeySequence> &keys)
{
    QSet<int> released;
    for (const QKeySequence &sequence : keys) {
        if (!sequence.isEmpty())
            released.insert(sequence[0].toCombined());
    }
    const QList<QsciCommand *> commands = standardCommands()->commands();
    for (QsciCommand *command : commands) {
        if (released.contains(command->key()))
            command->setKey(0);
        if (released.contains(command->alternateKey()))
            command->setAlternateKey(0);
    }
}

// --- Editing ----------------------------------------------------------------------------------

void CodeEditor::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        // Auto-indentation after ':' looks at the colon's style; Scintilla styles lazily when
        // painting, so text typed faster than a repaint would not be indented.
        const long styled = SendScintilla(SCI_GETENDSTYLED);
        const long caret = SendScintilla(SCI_GETCURRENTPOS);
        if (styled < caret) // Scintilla asserts on an empty or reversed range
            SendScintilla(SCI_COLOURISE, styled, caret);
    }
    QsciScintilla::keyPressEvent(event);
}

int CodeEditor::currentLine() const
{
    int line = 0;
    int index = 0;
    getCursorPosition(&line, &index);
    return line;
}

std::pair<int, int> CodeEditor::selectedLines() const
{
    if (!hasSelectedText()) {
        const int line = currentLine();
        return {line, line};
    }
    int lineFrom = 0;
    int indexFrom = 0;
    int lineTo = 0;
    int indexTo = 0;
    getSelection(&lineFrom, &indexFrom, &lineTo, &indexTo);
    // A selection that ends at the start of a line does not include that line.
    if (lineTo > lineFrom && indexTo == 0)
        --lineTo;
    return {lineFrom, lineTo};
}

QByteArray CodeEditor::lineBytes(int line) const
{
    const long start = SendScintilla(SCI_POSITIONFROMLINE, line);
    const long end = SendScintilla(SCI_GETLINEENDPOSITION, line);
    const auto *data = reinterpret_cast<const char *>(
            SendScintilla(SCI_GETRANGEPOINTER, start, end - start));
    return QByteArray(data, end - start);
}

void CodeEditor::replaceRange(long from, long to, const QByteArray &utf8)
{
    SendScintilla(SCI_SETTARGETSTART, from);
    SendScintilla(SCI_SETTARGETEND, to);
    SendScintilla(SCI_REPLACETARGET, static_cast<unsigned long>(utf8.size()), utf8.constData());
}

void CodeEditor::toggleComment()
{
    if (m_commentMarker.isEmpty() || isReadOnly())
        return;
    const QByteArray marker = m_commentMarker.toUtf8();
    const auto [first, last] = selectedLines();
    bool allCommented = true;
    int minIndent = INT_MAX;
    for (int line = first; line <= last; ++line) {
        const QByteArray text = lineBytes(line);
        const int indent = leadingBlanks(QString::fromLatin1(text.left(256)));
        if (indent == text.size())
            continue; // blank lines neither count nor change
        minIndent = qMin(minIndent, indent);
        if (!text.mid(indent).startsWith(marker))
            allCommented = false;
    }
    if (minIndent == INT_MAX)
        return;
    const bool restoreSelection = hasSelectedText();
    beginUndoAction();
    for (int line = first; line <= last; ++line) {
        const QByteArray text = lineBytes(line);
        const int indent = leadingBlanks(QString::fromLatin1(text.left(256)));
        if (indent == text.size())
            continue;
        const long lineStart = SendScintilla(SCI_POSITIONFROMLINE, line);
        if (allCommented) {
            qsizetype length = marker.size();
            if (text.size() > indent + length && text.at(indent + length) == ' ')
                ++length;
            replaceRange(lineStart + indent, lineStart + indent + length, QByteArray());
        } else {
            replaceRange(lineStart + minIndent, lineStart + minIndent, marker + ' ');
        }
    }
    endUndoAction();
    if (restoreSelection)
        setSelection(first, 0, last, lineLength(last));
}

void CodeEditor::indentSelection()
{
    const auto [first, last] = selectedLines();
    beginUndoAction();
    for (int line = first; line <= last; ++line)
        indent(line);
    endUndoAction();
}

void CodeEditor::dedentSelection()
{
    const auto [first, last] = selectedLines();
    beginUndoAction();
    for (int line = first; line <= last; ++line)
        unindent(line);
    endUndoAction();
}

long CodeEditor::positionAt(int line, int column) const
{
    line = qBound(0, line, lines() - 1);
    const long start = SendScintilla(SCI_POSITIONFROMLINE, line);
    const QString text = QString::fromUtf8(lineBytes(line));
    return start + text.left(qBound(0, column, int(text.size()))).toUtf8().size();
}

std::pair<int, int> CodeEditor::lineColumnAt(long position) const
{
    const int line = int(SendScintilla(SCI_LINEFROMPOSITION, position));
    const long start = SendScintilla(SCI_POSITIONFROMLINE, line);
    const QByteArray before = lineBytes(line).left(qMax(0L, position - start));
    return {line, int(QString::fromUtf8(before).size())};
}

bool CodeEditor::replaceTextMinimally(const QString &text)
{
    const QStringList before
            = normalizeLineBreaks(QString::fromUtf8(utf8Text())).split(QLatin1Char('\n'));
    const QStringList after = normalizeLineBreaks(text).split(QLatin1Char('\n'));
    if (before == after)
        return false;

    // The edit: the runs of lines that differ.
    const LineMap edits = LineMap::from(before, after);
    // Places move with the code: lines that differ only in blanks (black's usual change)
    // are the same line for the caret.
    QStringList beforeCode;
    QStringList afterCode;
    for (const QString &line : before)
        beforeCode.append(withoutBlanks(line));
    for (const QString &line : after)
        afterCode.append(withoutBlanks(line));
    const LineMap places = LineMap::from(beforeCode, afterCode);
    // A place in the old text -> the same code in the new one: after as many significant
    // characters of its line, or of its run of changed lines.
    const auto map = [&](std::pair<int, int> place) -> std::pair<int, int> {
        const auto [line, column] = place;
        const QString &oldLine = before.at(line);
        // Right before code (or after a blank): before the same code in the new text.
        const bool atCode = column < oldLine.size() && !isBlank(oldLine.at(column));
        const bool skipBlanks = atCode || column == 0 || isBlank(oldLine.at(column - 1));
        if (const int same = places.kept.at(line); same >= 0) {
            if (after.at(same) == oldLine)
                return {same, column};
            const int count = significantCount(QStringView(oldLine).left(column));
            return {same, int(significantIndex(after.at(same), count, skipBlanks))};
        }
        const LineMap::Block b = places.blockOf(line);
        if (b.newCount == 0)
            return {qMin(b.newFirst, int(after.size()) - 1), 0};
        QString oldPart = before.mid(b.oldFirst, line - b.oldFirst).join(QLatin1Char('\n'));
        if (line > b.oldFirst)
            oldPart += QLatin1Char('\n');
        oldPart += oldLine.left(column);
        const QString newPart = after.mid(b.newFirst, b.newCount).join(QLatin1Char('\n'));
        const qsizetype at = significantIndex(newPart, significantCount(oldPart), skipBlanks);
        const qsizetype lineStart = at > 0 ? newPart.lastIndexOf(QLatin1Char('\n'), at - 1) + 1 : 0;
        return {b.newFirst + int(newPart.left(at).count(QLatin1Char('\n'))), int(at - lineStart)};
    };

    const long anchor = SendScintilla(SCI_GETANCHOR);
    const long caret = SendScintilla(SCI_GETCURRENTPOS);
    const auto newAnchor = map(lineColumnAt(anchor));
    const auto newCaret = map(lineColumnAt(caret));
    const int caretLine = lineColumnAt(caret).first;
    const long firstVisible = SendScintilla(SCI_GETFIRSTVISIBLELINE);
    const long caretRow = long(SendScintilla(SCI_VISIBLEFROMDOCLINE, caretLine)) - firstVisible;
    const bool caretOnScreen = caretRow >= 0 && caretRow < long(SendScintilla(SCI_LINESONSCREEN));
    const int topLine = int(SendScintilla(SCI_DOCLINEFROMVISIBLE, firstVisible));
    const long xOffset = SendScintilla(SCI_GETXOFFSET);

    const QByteArray eol = lineBreak(eolMode());
    beginUndoAction();
    // From the bottom up, so that the line numbers of the blocks above stay valid.
    for (auto it = edits.blocks.crbegin(); it != edits.blocks.crend(); ++it) {
        const LineMap::Block &b = *it;
        const int oldEnd = b.oldFirst + b.oldCount;
        QByteArray insert;
        long from = 0;
        long to = 0;
        if (oldEnd < before.size()) {
            from = SendScintilla(SCI_POSITIONFROMLINE, b.oldFirst);
            to = SendScintilla(SCI_POSITIONFROMLINE, oldEnd);
            for (int k = b.newFirst; k < b.newFirst + b.newCount; ++k)
                insert += after.at(k).toUtf8() + eol;
        } else if (b.oldFirst > 0) {
            // The run reaches the last line, which has no line break after it.
            from = SendScintilla(SCI_GETLINEENDPOSITION, b.oldFirst - 1);
            to = SendScintilla(SCI_GETLENGTH);
            for (int k = b.newFirst; k < b.newFirst + b.newCount; ++k)
                insert += eol + after.at(k).toUtf8();
        } else {
            to = SendScintilla(SCI_GETLENGTH);
            insert = after.mid(b.newFirst, b.newCount).join(QLatin1Char('\n')).toUtf8();
            insert.replace("\n", eol);
        }
        replaceRange(from, to, insert);
    }
    endUndoAction();

    SendScintilla(SCI_SETSEL,
                  positionAt(newAnchor.first, newAnchor.second),
                  positionAt(newCaret.first, newCaret.second));
    // The caret's line stays where it was on screen; otherwise the top line stays on top.
    long top = 0;
    if (caretOnScreen) {
        top = long(SendScintilla(SCI_VISIBLEFROMDOCLINE, newCaret.first)) - caretRow;
    } else {
        const int mappedTop = map({topLine, 0}).first;
        top = long(SendScintilla(SCI_VISIBLEFROMDOCLINE, mappedTop));
    }
    SendScintilla(SCI_SETFIRSTVISIBLELINE, qMax(0L, top));
    SendScintilla(SCI_SETXOFFSET, xOffset);
    return true;
}

void CodeEditor::goToLine(int line)
{
    const int target = qBound(0, line - 1, lines() - 1);
    setCursorPosition(target, 0);
    // Put the line a third down the view rather than at the very edge.
    const int visible = int(SendScintilla(SCI_LINESONSCREEN));
    setFirstVisibleLine(qMax(0, target - visible / 3));
    setFocus();
}

// --- Cells ------------------------------------------------------------------------------------

void CodeEditor::scheduleCellUpdate()
{
    m_cellsDirty = true;
    if (m_python)
        m_cellTimer->start();
}

void CodeEditor::updateCells() const
{
    if (!m_cellsDirty)
        return;
    const long length = SendScintilla(SCI_GETLENGTH);
    const auto *data = reinterpret_cast<const char *>(SendScintilla(SCI_GETCHARACTERPOINTER));
    m_cells = CellParser::split(QByteArrayView(data, length));
    m_cellsDirty = false;
}

QList<Cell> CodeEditor::cells() const
{
    updateCells();
    return m_cells;
}

int CodeEditor::currentCellIndex() const
{
    updateCells();
    return CellParser::indexAt(m_cells, currentLine());
}

void CodeEditor::updateCellMarkers()
{
    QList<int> separators;
    if (m_python) {
        updateCells();
        for (const Cell &cell : std::as_const(m_cells)) {
            if (cell.headerLine > 0)
                separators.append(cell.headerLine - 1);
        }
    }
    if (separators == m_separatorLines)
        return;
    markerDeleteAll(m_separatorMarker);
    for (int line : std::as_const(separators))
        markerAdd(line, m_separatorMarker);
    m_separatorLines = separators;
}

void CodeEditor::updateCurrentCell()
{
    std::pair<int, int> range{-1, -1};
    if (m_python) {
        if (m_cellsDirty)
            return; // the cell timer comes back once the text is parsed again
        // A script without markers is one cell; highlighting all of it would say nothing.
        const bool hasMarkers = std::any_of(
                m_cells.cbegin(), m_cells.cend(), [](const Cell &c) { return c.headerLine >= 0; });
        const int index = hasMarkers ? CellParser::indexAt(m_cells, currentLine()) : -1;
        if (index >= 0)
            range = {m_cells.at(index).firstLine, m_cells.at(index).lastLine};
    }
    if (range == m_highlighted)
        return;
    markerDeleteAll(m_currentCellMarker);
    for (int line = range.first; range.first >= 0 && line <= range.second; ++line)
        markerAdd(line, m_currentCellMarker);
    m_highlighted = range;
}

QString CodeEditor::linesText(int fromLine, int toLine) const
{
    if (fromLine > toLine)
        return QString();
    const long start = SendScintilla(SCI_POSITIONFROMLINE, fromLine);
    const long end = SendScintilla(SCI_GETLINEENDPOSITION, toLine);
    const auto *data = reinterpret_cast<const char *>(
            SendScintilla(SCI_GETRANGEPOINTER, start, end - start));
    return normalizeLineBreaks(QString::fromUtf8(data, end - start));
}

void CodeEditor::emitRun(const QString &code, int firstLine, bool wholeFile)
{
    const QString trimmed = trimTrailingBlankLines(code);
    if (trimmed.trimmed().isEmpty())
        return; // nothing to run is not an error
    Q_EMIT runRequested(trimmed, firstLine, wholeFile);
}

void CodeEditor::runCell()
{
    updateCells();
    const int index = CellParser::indexAt(m_cells, currentLine());
    if (index < 0)
        return;
    const Cell &cell = m_cells.at(index);
    // A `# %% [cache]` cell goes with its header: the session sees the mark and restores
    // the cell's results when its code and inputs are unchanged.
    const bool cached = cell.headerLine >= 0 && !SqlCells::isSql(cell.title)
                        && cell.title.contains(QLatin1String("[cache]"), Qt::CaseInsensitive);
    const int firstLine = cached ? cell.headerLine : cell.bodyLine();
    QString code = trimTrailingBlankLines(linesText(firstLine, cell.lastLine));
    if (SqlCells::isSql(cell.title) && !code.trimmed().isEmpty())
        code = SqlCells::python(cell.title, code);
    if (cached && code.trimmed().count(u'\n') == 0)
        return; // only the header: nothing to run
    emitRun(code, firstLine);
}

void CodeEditor::toggleCellCache()
{
    if (isReadOnly())
        return;
    updateCells();
    const int index = CellParser::indexAt(m_cells, currentLine());
    if (index < 0)
        return;
    const Cell cell = m_cells.at(index);
    beginUndoAction();
    if (cell.headerLine < 0) {
        const long start = SendScintilla(SCI_POSITIONFROMLINE, cell.firstLine);
        const QByteArray lineBreak = eolMode() == EolWindows ? "\r\n"
                                     : eolMode() == EolMac   ? "\r"
                                                             : "\n";
        replaceRange(start, start, "# %% [cache]" + lineBreak);
    } else {
        const QByteArray header = lineBytes(cell.headerLine);
        const long lineStart = SendScintilla(SCI_POSITIONFROMLINE, cell.headerLine);
        const qsizetype mark = header.toLower().indexOf("[cache]");
        if (mark >= 0) {
            const qsizetype from = mark > 0 && header.at(mark - 1) == ' ' ? mark - 1 : mark;
            replaceRange(lineStart + from, lineStart + mark + 7, QByteArray());
        } else {
            qsizetype end = header.size();
            while (end > 0 && (header.at(end - 1) == ' ' || header.at(end - 1) == '\t'))
                --end;
            replaceRange(lineStart + end, lineStart + header.size(), " [cache]");
        }
    }
    endUndoAction();
    updateCells();
}

void CodeEditor::runCellAndAdvance()
{
    runCell();
    updateCells();
    const int line = currentLine();
    int index = CellParser::indexAt(m_cells, line);
    if (index < 0) {
        // Between blank lines before the first marker: the next cell is the first one.
        index = -1;
        while (index + 1 < m_cells.size() && m_cells.at(index + 1).firstLine <= line)
            ++index;
    }
    if (index + 1 < m_cells.size()) {
        const Cell &next = m_cells.at(index + 1);
        setCursorPosition(qMin(next.bodyLine(), next.lastLine), 0);
    } else {
        const int last = lines() - 1;
        setCursorPosition(last, lineLength(last));
    }
    ensureCursorVisible();
}

void CodeEditor::runSelection()
{
    if (hasSelectedText()) {
        int lineFrom = 0;
        int indexFrom = 0;
        int lineTo = 0;
        int indexTo = 0;
        getSelection(&lineFrom, &indexFrom, &lineTo, &indexTo);
        const long start = SendScintilla(SCI_GETSELECTIONSTART);
        const long end = SendScintilla(SCI_GETSELECTIONEND);
        long from = start;
        // Only blanks before the selection on its first line: take them too, so that the
        // block's indentation is consistent and can be removed as a whole.
        const long lineStart = SendScintilla(SCI_POSITIONFROMLINE, lineFrom);
        const QByteArray before = lineBytes(lineFrom).left(start - lineStart);
        if (before.trimmed().isEmpty())
            from = lineStart;
        const auto *data = reinterpret_cast<const char *>(
                SendScintilla(SCI_GETRANGEPOINTER, from, end - from));
        emitRun(dedent(normalizeLineBreaks(QString::fromUtf8(data, end - from))), lineFrom);
        return;
    }
    const int line = currentLine();
    emitRun(QString::fromUtf8(lineBytes(line)).trimmed(), line);
    if (line + 1 < lines())
        setCursorPosition(line + 1, leadingBlanks(QString::fromUtf8(lineBytes(line + 1))));
    ensureCursorVisible();
}

void CodeEditor::runFile()
{
    emitRun(SqlCells::script(linesText(0, lines() - 1)), 0, true);
}

void CodeEditor::runToHere()
{
    emitRun(SqlCells::script(linesText(0, currentLine())), 0);
}

} // namespace Sandpiper::Ui
