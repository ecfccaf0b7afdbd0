#pragma once

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringView>

namespace Sandpiper::Ui {

// One `# %%` cell of a script. Lines are 0-based and inclusive. Code before the first marker,
// or a script without markers, is a cell without a header (headerLine == -1).
struct Cell
{
    int headerLine = -1;
    int firstLine = 0; // the header line, or the first line of a header-less cell
    int lastLine = 0;
    QString title;

    // The first line of code: the line after the header. An empty cell has bodyLine > lastLine.
    int bodyLine() const { return headerLine >= 0 ? headerLine + 1 : firstLine; }
    bool contains(int line) const { return line >= firstLine && line <= lastLine; }

    friend bool operator==(const Cell &, const Cell &) = default;
};

// Splits a script into cells. Pure and line-based, so it is cheap to test and to rerun on the
// whole text after an edit. Line breaks are counted the way the editor counts them (\n, \r\n
// and a lone \r), so line numbers agree with the editor's.
class CellParser
{
public:
    // A cell marker: '#', optional blanks, '%%', then the end of the line or a blank.
    // Indented markers do not count: they would split a block in two.
    static bool isMarker(QStringView line);
    // The title after the marker, trimmed: "# %% Load data" -> "Load data".
    static QString title(QStringView markerLine);

    static QList<Cell> split(QStringView text);
    // The same on UTF-8 bytes: markers and line breaks are ASCII, so the editor's buffer can be
    // split without converting it to UTF-16 first.
    static QList<Cell> split(QByteArrayView utf8);

    // The index of the cell that holds a line, or -1.
    static int indexAt(const QList<Cell> &cells, int line);
};

} // namespace Sandpiper::Ui
