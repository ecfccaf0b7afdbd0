#include "cellparser.h"

#include <algorithm>

namespace Sandpiper::Ui {

namespace {
template<typename Char>
bool isBlank(Char c)
{
    return c == Char(' ') || c == Char('\t');
}

template<typename Char>
int code(Char c)
{
    if constexpr (std::is_same_v<Char, QChar>)
        return c.unicode();
    else
        return static_cast<unsigned char>(c);
}

// The position just after "#<blanks>%%", or -1 when the line is not a marker.
template<typename View>
qsizetype markerEnd(View line)
{
    if (line.isEmpty() || code(line.at(0)) != '#')
        return -1;
    qsizetype i = 1;
    while (i < line.size() && isBlank(code(line.at(i))))
        ++i;
    if (i + 1 >= line.size() || code(line.at(i)) != '%' || code(line.at(i + 1)) != '%')
        return -1;
    i += 2;
    if (i < line.size() && !isBlank(code(line.at(i))))
        return -1; // "#%%timeit" is a comment about a magic, not a cell
    return i;
}

template<typename View>
bool isBlankLine(View line)
{
    return std::all_of(line.begin(), line.end(), [](auto c) {
        const int u = code(c);
        return u == ' ' || u == '\t' || u == '\f' || u == '\v';
    });
}

QString toQString(QStringView view)
{
    return view.toString();
}

QString toQString(QByteArrayView view)
{
    return QString::fromUtf8(view);
}

template<typename View>
QString markerTitle(View line)
{
    const qsizetype end = markerEnd(line);
    return end < 0 ? QString() : toQString(line.mid(end)).trimmed();
}

template<typename View>
QList<Cell> splitText(View text)
{
    QList<Cell> cells;
    Cell current; // header-less until the first marker
    bool currentHasContent = false;
    int line = 0;
    qsizetype start = 0;
    const qsizetype size = text.size();
    while (true) {
        qsizetype end = start;
        while (end < size && code(text.at(end)) != '\n' && code(text.at(end)) != '\r')
            ++end;
        const View lineText = text.mid(start, end - start);
        if (markerEnd(lineText) >= 0) {
            // Code before the first marker is a cell only when there is some.
            if (current.headerLine >= 0 || currentHasContent) {
                current.lastLine = line - 1;
                cells.append(current);
            }
            current = Cell{line, line, line, markerTitle(lineText)};
        } else if (!currentHasContent && !isBlankLine(lineText)) {
            currentHasContent = true;
        }
        if (end >= size)
            break;
        // \r\n is one break, as is a lone \r or \n.
        start = end + 1;
        if (code(text.at(end)) == '\r' && start < size && code(text.at(start)) == '\n')
            ++start;
        ++line;
    }
    current.lastLine = line;
    cells.append(current);
    return cells;
}
} // namespace

bool CellParser::isMarker(QStringView line)
{
    return markerEnd(line) >= 0;
}

QString CellParser::title(QStringView markerLine)
{
    return markerTitle(markerLine);
}

QList<Cell> CellParser::split(QStringView text)
{
    return splitText(text);
}

QList<Cell> CellParser::split(QByteArrayView utf8)
{
    return splitText(utf8);
}

int CellParser::indexAt(const QList<Cell> &cells, int line)
{
    // Cells are sorted: a binary search keeps this cheap on huge scripts.
    const auto it = std::upper_bound(cells.cbegin(), cells.cend(), line, [](int l, const Cell &c) {
        return l < c.firstLine;
    });
    if (it == cells.cbegin())
        return -1;
    const auto index = int(std::distance(cells.cbegin(), it)) - 1;
    return cells.at(index).contains(line) ? index : -1;
}

} // namespace Sandpiper::Ui
