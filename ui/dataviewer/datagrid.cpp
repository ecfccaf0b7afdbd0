#include "datagrid.h"

#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include <algorithm>

namespace Sandpiper::Ui {

using Models::CellFormat;
using Models::TablePages;
using Models::TableWindow;

namespace {

constexpr int Padding = 6;
constexpr int MinColumnWidth = 64;
constexpr int MaxColumnWidth = 260;
constexpr int UnknownColumnWidth = 100;
constexpr int MaxIndexWidth = 320;
constexpr int MinIndexLevelWidth = 48;

QColor blend(const QColor &a, const QColor &b, double amount)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * amount),
                            float(a.greenF() + (b.greenF() - a.greenF()) * amount),
                            float(a.blueF() + (b.blueF() - a.blueF()) * amount));
}

} // namespace

DataGrid::DataGrid(TablePages *pages, QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_pages(pages)
{
    setFocusPolicy(Qt::StrongFocus);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    verticalScrollBar()->setRange(0, 0);
    horizontalScrollBar()->setRange(0, 0);
    connect(pages, &TablePages::changed, this, [this] {
        growIndexWidth();
        growColumnWidths();
        updateScrollBars(); // widths are known once cells are
        viewport()->update();
    });
    connect(pages, &TablePages::extentChanged, this, &DataGrid::onExtentChanged);
}

void DataGrid::setSortKeys(const QList<Protocol::SortKey> &keys)
{
    m_sortKeys = keys;
    viewport()->update();
}

void DataGrid::setFormat(const CellFormat &format)
{
    m_format = format;
    m_widths.clear();
    updateScrollBars();
    viewport()->update();
}

int DataGrid::rowHeight() const
{
    return fontMetrics().height() + Padding;
}

int DataGrid::headerHeight() const
{
    return 2 * fontMetrics().height() + Padding + 2;
}

qint64 DataGrid::rowCount() const
{
    return std::max<qint64>(0, m_pages->rowCount());
}

qint64 DataGrid::columnCount() const
{
    return std::max<qint64>(0, m_pages->columnCount());
}

int DataGrid::columnWidth(qint64 column) const
{
    if (const auto it = m_widths.constFind(column); it != m_widths.constEnd())
        return *it;
    const Protocol::PageColumn meta = m_pages->column(column);
    if (meta.name.isEmpty() && meta.dtype.isEmpty())
        return UnknownColumnWidth;
    QFont bold = font();
    bold.setBold(true);
    int text = std::max(QFontMetrics(bold).horizontalAdvance(meta.name),
                        fontMetrics().horizontalAdvance(meta.dtype));
    // Wide enough for the cells in view too, once they are here; then the width stays.
    bool measured = false;
    const qint64 last = std::min(rowCount(), m_topRow + visibleRows());
    for (qint64 row = m_topRow; row < last; ++row) {
        const QCborValue value = m_pages->cell(row, column);
        if (value.isInvalid())
            continue;
        measured = true;
        text = std::max(text, fontMetrics().horizontalAdvance(m_format.text(value, meta.dtype)));
    }
    // Room for a sort mark beside the name too.
    text = std::max(text,
                    QFontMetrics(bold).horizontalAdvance(meta.name)
                            + fontMetrics().horizontalAdvance(QStringLiteral("▼8")));
    const int width = std::clamp(text + 2 * Padding + 4, MinColumnWidth, MaxColumnWidth);
    if (!measured)
        return width;
    if (m_widths.size() > 10'000)
        m_widths.clear();
    m_widths.insert(column, width);
    return width;
}

qint64 DataGrid::maxLeftColumn() const
{
    // The leftmost column that still fills the view up to the last column.
    const int available = viewport()->width() - m_indexWidth;
    int width = 0;
    qint64 left = columnCount();
    while (left > 0 && columnCount() - left < 500) {
        width += columnWidth(left - 1);
        if (width > available)
            break;
        --left;
    }
    return std::min(left, std::max<qint64>(0, columnCount() - 1));
}

qint64 DataGrid::visibleRows() const
{
    return std::max(1, (viewport()->height() - headerHeight()) / rowHeight());
}

QList<DataGrid::VisibleColumn> DataGrid::columnsInView() const
{
    QList<VisibleColumn> columns;
    int x = m_indexWidth;
    for (qint64 c = m_leftColumn; c < columnCount() && x < viewport()->width(); ++c) {
        const int width = columnWidth(c);
        columns.append({c, x, width});
        x += width;
    }
    return columns;
}

qint64 DataGrid::visibleColumns() const
{
    return std::max<qint64>(1, columnsInView().size());
}

qint64 DataGrid::maxTopRow() const
{
    return std::max<qint64>(0, rowCount() - visibleRows());
}

qint64 DataGrid::rowForScrollValue(int value) const
{
    const qint64 maxTop = maxTopRow();
    if (maxTop <= ScrollSteps)
        return std::clamp<qint64>(value, 0, maxTop);
    return qint64(static_cast<long double>(value) * maxTop / ScrollSteps);
}

int DataGrid::scrollValueForRow(qint64 row) const
{
    const qint64 maxTop = maxTopRow();
    if (maxTop <= ScrollSteps)
        return int(row);
    return int(static_cast<long double>(row) * ScrollSteps / maxTop + 0.5L);
}

void DataGrid::updateScrollBars()
{
    m_syncingScrollBars = true;
    QScrollBar *vertical = verticalScrollBar();
    const qint64 maxTop = maxTopRow();
    const qint64 visible = visibleRows();
    if (maxTop <= ScrollSteps) {
        vertical->setRange(0, int(maxTop));
        vertical->setPageStep(int(visible));
    } else {
        vertical->setRange(0, ScrollSteps);
        vertical->setPageStep(int(
                std::max<qint64>(1, static_cast<long double>(ScrollSteps) * visible / rowCount())));
    }
    vertical->setSingleStep(1);
    vertical->setValue(scrollValueForRow(m_topRow));
    QScrollBar *horizontal = horizontalScrollBar();
    horizontal->setRange(0,
                         int(std::min<qint64>(maxLeftColumn(), std::numeric_limits<int>::max())));
    horizontal->setPageStep(int(visibleColumns()));
    horizontal->setValue(int(m_leftColumn));
    m_syncingScrollBars = false;
}

void DataGrid::showWindow()
{
    m_pages->show(TableWindow{m_topRow, visibleRows() + 1, m_leftColumn, visibleColumns()});
}

void DataGrid::scrollToRow(qint64 row)
{
    m_topRow = std::clamp<qint64>(row, 0, maxTopRow());
    updateScrollBars();
    showWindow();
    viewport()->update();
}

void DataGrid::scrollToColumn(qint64 column)
{
    m_leftColumn = std::clamp<qint64>(column, 0, maxLeftColumn());
    updateScrollBars();
    showWindow();
    viewport()->update();
}

void DataGrid::scrollContentsBy(int, int)
{
    if (m_syncingScrollBars)
        return;
    m_topRow = rowForScrollValue(verticalScrollBar()->value());
    m_leftColumn = horizontalScrollBar()->value();
    showWindow();
    viewport()->update();
}

void DataGrid::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    m_topRow = std::clamp<qint64>(m_topRow, 0, maxTopRow());
    updateScrollBars();
    showWindow();
}

void DataGrid::onExtentChanged()
{
    m_widths.clear();
    m_topRow = std::clamp<qint64>(m_topRow, 0, maxTopRow());
    m_leftColumn = std::clamp<qint64>(m_leftColumn, 0, std::max<qint64>(0, columnCount() - 1));
    const auto clampCell = [this](Cell cell) {
        return Cell{std::clamp<qint64>(cell.row, 0, std::max<qint64>(0, rowCount() - 1)),
                    std::clamp<qint64>(cell.column, 0, std::max<qint64>(0, columnCount() - 1))};
    };
    // Other rows now (a new view, a changed object): the selection shrinks to the current cell.
    m_current = clampCell(m_current);
    m_selectionStart = m_selectionEnd = m_current;
    resetIndexWidths();
    updateScrollBars();
    showWindow();
    viewport()->update();
}

void DataGrid::growColumnWidths()
{
    // Wider cells scrolled or sorted into view widen their column (never narrower while open).
    const qint64 last = std::min(rowCount(), m_topRow + visibleRows());
    for (const VisibleColumn &column : columnsInView()) {
        const auto it = m_widths.find(column.column);
        if (it == m_widths.end() || *it >= MaxColumnWidth)
            continue;
        const QString dtype = m_pages->column(column.column).dtype;
        int widest = 0;
        for (qint64 row = m_topRow; row < last; ++row) {
            const QCborValue value = m_pages->cell(row, column.column);
            if (!value.isInvalid())
                widest = std::max(widest,
                                  fontMetrics().horizontalAdvance(m_format.text(value, dtype)));
        }
        *it = std::max(*it, std::min(widest + 2 * Padding + 4, MaxColumnWidth));
    }
}

void DataGrid::resetIndexWidths()
{
    // Each level as wide as its name; the last also as the largest row number of a default
    // index.
    const int levels = m_pages->indexLevels();
    const QFontMetrics bold(QFont(font().family(), font().pointSize(), QFont::Bold));
    const QString widest(QString::number(std::max<qint64>(1, rowCount())).size(), QLatin1Char('8'));
    QList<int> widths;
    for (int level = 0; level < levels; ++level) {
        int width = bold.horizontalAdvance(m_pages->indexNames().value(level)) + 2 * Padding;
        if (level == levels - 1)
            width = std::max(width, fontMetrics().horizontalAdvance(widest) + 2 * Padding + 8);
        widths.append(std::clamp(width, MinIndexLevelWidth, MaxIndexWidth));
    }
    setIndexWidths(widths);
}

void DataGrid::setIndexWidths(const QList<int> &widths)
{
    m_levelWidths = widths;
    m_indexWidth = 0;
    for (int width : widths)
        m_indexWidth += width;
}

void DataGrid::growIndexWidth()
{
    if (m_levelWidths.size() != m_pages->indexLevels())
        resetIndexWidths();
    // Only ever wider while the viewer is open: a column that jumps while scrolling is worse.
    // Several levels share what one may take.
    const int cap = std::max(MinIndexLevelWidth * 2, MaxIndexWidth / int(m_levelWidths.size()));
    QList<int> widths = m_levelWidths;
    const qint64 last = std::min(rowCount(), m_topRow + visibleRows() + 1);
    for (int level = 0; level < widths.size(); ++level) {
        for (qint64 row = m_topRow; row < last; ++row) {
            const int text = fontMetrics().horizontalAdvance(m_pages->rowLabel(row, level));
            widths[level] = std::max(widths[level], std::min(text + 2 * Padding + 8, cap));
        }
    }
    if (widths != m_levelWidths) {
        setIndexWidths(widths);
        updateScrollBars();
        showWindow();
    }
}

TableWindow DataGrid::selection() const
{
    const qint64 top = std::min(m_selectionStart.row, m_selectionEnd.row);
    const qint64 left = std::min(m_selectionStart.column, m_selectionEnd.column);
    return TableWindow{top,
                       std::max(m_selectionStart.row, m_selectionEnd.row) - top + 1,
                       left,
                       std::max(m_selectionStart.column, m_selectionEnd.column) - left + 1};
}

void DataGrid::selectAll()
{
    if (rowCount() == 0 || columnCount() == 0)
        return;
    m_selectionStart = Cell{0, 0};
    m_selectionEnd = Cell{rowCount() - 1, columnCount() - 1};
    viewport()->update();
}

void DataGrid::setCurrentCell(const Cell &cell, bool extendSelection)
{
    if (rowCount() == 0 || columnCount() == 0)
        return;
    const Cell clamped{std::clamp<qint64>(cell.row, 0, rowCount() - 1),
                       std::clamp<qint64>(cell.column, 0, columnCount() - 1)};
    m_current = clamped;
    m_selectionEnd = clamped;
    if (!extendSelection)
        m_selectionStart = clamped;
    ensureVisible(clamped);
    viewport()->update();
    Q_EMIT currentCellChanged(clamped.row, clamped.column);
}

void DataGrid::ensureVisible(const Cell &cell)
{
    const qint64 rows = visibleRows();
    if (cell.row < m_topRow)
        m_topRow = cell.row;
    else if (cell.row >= m_topRow + rows)
        m_topRow = cell.row - rows + 1;
    if (cell.column < m_leftColumn) {
        m_leftColumn = cell.column;
    } else {
        const int available = viewport()->width() - m_indexWidth;
        const auto widthFrom = [this, &cell](qint64 left) {
            int width = 0;
            for (qint64 c = left; c <= cell.column; ++c)
                width += columnWidth(c);
            return width;
        };
        // Wide jumps (End on 10^4 columns) start near the cell, not at the old left edge.
        if (cell.column - m_leftColumn > 200)
            m_leftColumn = cell.column - 200;
        while (m_leftColumn < cell.column && widthFrom(m_leftColumn) > available)
            ++m_leftColumn;
    }
    m_topRow = std::clamp<qint64>(m_topRow, 0, maxTopRow());
    updateScrollBars();
    showWindow();
}

void DataGrid::moveCurrent(qint64 rowDelta, qint64 columnDelta, bool extend)
{
    if (rowCount() == 0 || columnCount() == 0)
        return; // an empty view (a filter no row meets) has no cell to move to
    // Saturating: a delta may be "to the end" of 10^9 rows.
    const qint64 row = std::clamp<qint64>(m_current.row + rowDelta, 0, rowCount() - 1);
    const qint64 column = std::clamp<qint64>(m_current.column + columnDelta, 0, columnCount() - 1);
    setCurrentCell(Cell{row, column}, extend);
}

void DataGrid::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        Q_EMIT copyRequested();
        return;
    }
    if (event->matches(QKeySequence::SelectAll)) {
        selectAll();
        return;
    }
    const bool extend = event->modifiers() & Qt::ShiftModifier;
    const bool control = event->modifiers() & Qt::ControlModifier;
    const qint64 far = std::numeric_limits<qint64>::max() / 2;
    switch (event->key()) {
    case Qt::Key_Up:
        return moveCurrent(control ? -far : -1, 0, extend);
    case Qt::Key_Down:
        return moveCurrent(control ? far : 1, 0, extend);
    case Qt::Key_Left:
        return moveCurrent(0, control ? -far : -1, extend);
    case Qt::Key_Right:
        return moveCurrent(0, control ? far : 1, extend);
    case Qt::Key_PageUp:
        return moveCurrent(-visibleRows(), 0, extend);
    case Qt::Key_PageDown:
        return moveCurrent(visibleRows(), 0, extend);
    case Qt::Key_Home:
        return control ? moveCurrent(-far, 0, extend) : moveCurrent(0, -far, extend);
    case Qt::Key_End:
        return control ? moveCurrent(far, 0, extend) : moveCurrent(0, far, extend);
    default:
        QAbstractScrollArea::keyPressEvent(event);
    }
}

std::optional<DataGrid::Cell> DataGrid::cellAt(const QPoint &point) const
{
    if (point.y() < headerHeight() || point.x() < m_indexWidth)
        return std::nullopt;
    const qint64 row = m_topRow + (point.y() - headerHeight()) / rowHeight();
    if (row >= rowCount())
        return std::nullopt;
    for (const VisibleColumn &column : columnsInView()) {
        if (point.x() < column.x + column.width)
            return Cell{row, column.column};
    }
    return std::nullopt;
}

QRect DataGrid::cellRect(const Cell &cell) const
{
    if (cell.row < m_topRow || cell.row >= rowCount())
        return {};
    const qint64 offset = cell.row - m_topRow;
    const int y
            = headerHeight() + int(std::min<qint64>(offset, viewport()->height())) * rowHeight();
    if (y >= viewport()->height())
        return {};
    for (const VisibleColumn &column : columnsInView()) {
        if (column.column == cell.column)
            return QRect(column.x, y, column.width, rowHeight());
    }
    return {};
}

void DataGrid::mousePressEvent(QMouseEvent *event)
{
    QPoint point = event->position().toPoint();
    if (point.y() < headerHeight() && point.x() >= m_indexWidth) {
        // The header: a click sorts (the viewer decides how), a right click offers a menu.
        const auto cell = cellAt(QPoint(point.x(), headerHeight()));
        if (cell && event->button() == Qt::LeftButton)
            Q_EMIT headerClicked(cell->column, event->modifiers());
        else if (cell && event->button() == Qt::RightButton)
            Q_EMIT cellMenuRequested(Cell{-1, cell->column}, event->globalPosition().toPoint());
        return;
    }
    if (event->button() == Qt::RightButton) {
        if (const auto cell = cellAt(point)) {
            if (!selection().contains(cell->row, cell->column))
                setCurrentCell(*cell);
            Q_EMIT cellMenuRequested(*cell, event->globalPosition().toPoint());
        }
        return;
    }
    if (event->button() != Qt::LeftButton)
        return QAbstractScrollArea::mousePressEvent(event);
    if (point.x() < m_indexWidth && point.y() >= headerHeight()) // the index: that row
        point.setX(m_indexWidth);
    if (const auto cell = cellAt(point))
        setCurrentCell(*cell, event->modifiers() & Qt::ShiftModifier);
}

void DataGrid::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton))
        return QAbstractScrollArea::mouseMoveEvent(event);
    if (const auto cell = cellAt(event->position().toPoint()))
        setCurrentCell(*cell, true);
}

void DataGrid::wheelEvent(QWheelEvent *event)
{
    const QPoint steps = event->angleDelta() / 120;
    if (event->modifiers() & Qt::ShiftModifier || steps.y() == 0) {
        const int columns = steps.x() != 0 ? steps.x() : steps.y();
        scrollToColumn(m_leftColumn - columns);
    } else {
        scrollToRow(m_topRow - qint64(steps.y()) * 3);
    }
    event->accept();
}

bool DataGrid::viewportEvent(QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return QAbstractScrollArea::viewportEvent(event);
    auto help = static_cast<QHelpEvent *>(event);
    const auto cell = cellAt(help->pos());
    if (!cell) {
        QToolTip::hideText();
        return true;
    }
    const QCborValue value = m_pages->cell(cell->row, cell->column);
    const QString text = m_format.text(value, m_pages->column(cell->column).dtype);
    const QRect rect = cellRect(*cell);
    // Only what does not fit: a tooltip for every cell would get in the way.
    if (fontMetrics().horizontalAdvance(text) > rect.width() - 2 * Padding
        || text.contains(QLatin1Char('\n'))) {
        QToolTip::showText(help->globalPos(), text, viewport(), rect);
    } else {
        QToolTip::hideText();
    }
    return true;
}

void DataGrid::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    const QPalette pal = palette();
    const QRect area = viewport()->rect();
    painter.fillRect(area, pal.base());
    if (!m_pages->hasExtent())
        return;

    const QColor gridLine = blend(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.14);
    const QColor headerFill = blend(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.07);
    const QColor stripe = blend(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.03);
    const QColor selectedFill
            = blend(pal.color(QPalette::Base), pal.color(QPalette::Highlight), 0.3);
    const QColor muted = pal.color(QPalette::PlaceholderText);
    QFont italic = font();
    italic.setItalic(true);
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics metrics = fontMetrics();

    const int header = headerHeight();
    const int rowH = rowHeight();
    const qint64 rows
            = std::min<qint64>(rowCount() - m_topRow, (area.height() - header + rowH - 1) / rowH);
    const QList<VisibleColumn> columns = columnsInView();
    const TableWindow selected = selection();
    bool complete = true;

    for (qint64 i = 0; i < rows; ++i) {
        const qint64 row = m_topRow + i;
        const int y = header + int(i) * rowH;
        if (row % 2)
            painter.fillRect(QRect(m_indexWidth, y, area.width(), rowH), stripe);
        for (const VisibleColumn &column : columns) {
            const QRect cell(column.x, y, column.width, rowH);
            if (selected.contains(row, column.column))
                painter.fillRect(cell, selectedFill);
            const QCborValue value = m_pages->cell(row, column.column);
            const CellFormat::Kind kind = CellFormat::kindOf(value);
            if (kind == CellFormat::Kind::Missing) {
                complete = false;
                continue;
            }
            const QString text = m_format.text(value, m_pages->column(column.column).dtype);
            const bool isNull = kind == CellFormat::Kind::Null;
            painter.setFont(isNull ? italic : font());
            painter.setPen(isNull ? muted : pal.color(QPalette::Text));
            const QRect inner = cell.adjusted(Padding, 0, -Padding, 0);
            const Qt::Alignment align = Qt::AlignVCenter
                                        | (CellFormat::alignsRight(value)   ? Qt::AlignRight
                                           : kind == CellFormat::Kind::Bool ? Qt::AlignHCenter
                                                                            : Qt::AlignLeft);
            QString shown = text;
            shown.replace(QLatin1Char('\n'), QChar(0x21b5));
            painter.drawText(
                    inner, align, metrics.elidedText(shown, Qt::ElideRight, inner.width()));
        }
    }
    painter.setFont(font());

    // Grid lines.
    painter.setPen(gridLine);
    for (const VisibleColumn &column : columns)
        painter.drawLine(
                column.x + column.width - 1, header, column.x + column.width - 1, area.height());
    for (qint64 i = 1; i <= rows; ++i)
        painter.drawLine(
                m_indexWidth, header + int(i) * rowH - 1, area.width(), header + int(i) * rowH - 1);

    // The current cell.
    const QRect current = cellRect(m_current);
    if (!current.isEmpty()) {
        painter.setPen(QPen(pal.color(QPalette::Highlight), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(current.adjusted(1, 1, -1, -1));
    }

    // The frozen index: a column per level. An outer level's label shows once for the rows
    // it spans on screen, as pandas prints a MultiIndex.
    painter.fillRect(QRect(0, header, m_indexWidth, area.height() - header), headerFill);
    const int levels = int(m_levelWidths.size());
    for (qint64 i = 0; i < rows; ++i) {
        const qint64 row = m_topRow + i;
        const int y = header + int(i) * rowH;
        if (row >= selected.row && row - selected.row < selected.rows)
            painter.fillRect(QRect(0, y, m_indexWidth, rowH), selectedFill);
        bool sameAsAbove = i > 0;
        int x = 0;
        for (int level = 0; level < levels; ++level) {
            const QRect cell(x, y, m_levelWidths.at(level), rowH);
            x += cell.width();
            const QString label = m_pages->rowLabel(row, level);
            sameAsAbove = sameAsAbove && level < levels - 1
                          && label == m_pages->rowLabel(row - 1, level);
            if (sameAsAbove)
                continue;
            painter.setPen(muted);
            painter.drawText(
                    cell.adjusted(Padding, 0, -Padding, 0),
                    Qt::AlignVCenter | Qt::AlignLeft,
                    metrics.elidedText(label, Qt::ElideMiddle, cell.width() - 2 * Padding));
        }
    }

    // The header: name over dtype.
    painter.fillRect(QRect(0, 0, area.width(), header), headerFill);
    const int line = metrics.height();
    for (const VisibleColumn &column : columns) {
        const Protocol::PageColumn meta = m_pages->column(column.column);
        const QRect name(column.x + Padding, Padding / 2, column.width - 2 * Padding, line);
        const QRect dtype = name.translated(0, line);
        QRect nameRect = name;
        for (qsizetype k = 0; k < m_sortKeys.size(); ++k) {
            if (m_sortKeys.at(k).column != column.column)
                continue;
            // ▲ ascending, ▼ descending; the key's rank when there are several.
            QString mark = m_sortKeys.at(k).ascending ? QStringLiteral("▲") : QStringLiteral("▼");
            if (m_sortKeys.size() > 1)
                mark += QString::number(k + 1);
            painter.setFont(font());
            painter.setPen(pal.color(QPalette::Highlight));
            painter.drawText(name, Qt::AlignVCenter | Qt::AlignRight, mark);
            nameRect.setRight(name.right() - metrics.horizontalAdvance(mark) - 2);
        }
        painter.setFont(bold);
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(
                nameRect,
                Qt::AlignVCenter | Qt::AlignLeft,
                QFontMetrics(bold).elidedText(meta.name, Qt::ElideRight, nameRect.width()));
        painter.setFont(font());
        painter.setPen(muted);
        painter.drawText(dtype,
                         Qt::AlignVCenter | Qt::AlignLeft,
                         metrics.elidedText(meta.dtype, Qt::ElideRight, dtype.width()));
        painter.setPen(gridLine);
        painter.drawLine(column.x + column.width - 1, 0, column.x + column.width - 1, header);
    }
    // Over the index: its levels' names.
    int levelX = 0;
    for (int level = 0; level < levels; ++level) {
        const int width = m_levelWidths.at(level);
        const QRect name(levelX + Padding, Padding / 2, width - 2 * Padding, line);
        painter.setFont(bold);
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(name,
                         Qt::AlignVCenter | Qt::AlignLeft,
                         QFontMetrics(bold).elidedText(
                                 m_pages->indexNames().value(level), Qt::ElideRight, name.width()));
        levelX += width;
        if (level < levels - 1) {
            painter.setPen(gridLine);
            painter.drawLine(levelX - 1, 0, levelX - 1, area.height());
        }
    }
    painter.setFont(font());
    painter.setPen(gridLine);
    painter.drawLine(0, header - 1, area.width(), header - 1);
    painter.drawLine(m_indexWidth - 1, 0, m_indexWidth - 1, area.height());

    if (complete)
        Q_EMIT screenComplete();
}

} // namespace Sandpiper::Ui
