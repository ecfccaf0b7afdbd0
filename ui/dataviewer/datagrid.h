#pragma once

#include "cellformat.h"
#include "tablepages.h"

#include <QAbstractScrollArea>
#include <QHash>

#include <optional>

namespace Sandpiper::Ui {

// A grid over a table that stays in the engine (Models::TablePages): it paints only the rows and
// columns in view and asks the pages for just those. Row indexes are 64-bit and the scroll bar
// maps onto them (proportionally past what an int holds), so opening and scrolling cost the same
// for 10^3 rows as for 10^9. The index is frozen on the left, a column per level of a MultiIndex
// (an outer label shows once for the rows it spans on screen); the header shows each column's
// name and dtype, and the index levels' names.
//
// Keys: arrows, Page Up/Down, Home/End (first/last column), Ctrl+Home/End (first/last row);
// Shift extends the selection. Ctrl+C asks for a copy (copyRequested).
class DataGrid : public QAbstractScrollArea
{
    Q_OBJECT

public:
    struct Cell
    {
        qint64 row = 0;
        qint64 column = 0;
        friend bool operator==(const Cell &, const Cell &) = default;
    };

    explicit DataGrid(Models::TablePages *pages, QWidget *parent = nullptr);

    void setFormat(const Models::CellFormat &format);
    // The sort keys the header shows (an arrow and, with several keys, their order).
    void setSortKeys(const QList<Protocol::SortKey> &keys);
    const Models::CellFormat &format() const { return m_format; }

    qint64 topRow() const { return m_topRow; }
    qint64 leftColumn() const { return m_leftColumn; }
    // Makes the row the top one (clamped so that the last row ends the view).
    void scrollToRow(qint64 row);
    void scrollToColumn(qint64 column);
    // Rows and columns that fit in the viewport (the last ones may show in part).
    qint64 visibleRows() const;
    qint64 visibleColumns() const;

    Cell currentCell() const { return m_current; }
    void setCurrentCell(const Cell &cell, bool extendSelection = false);
    // The selected rectangle (at least the current cell).
    Models::TableWindow selection() const;
    void selectAll();

    // Where a visible cell is painted, in viewport coordinates; empty when it is not in view.
    QRect cellRect(const Cell &cell) const;
    std::optional<Cell> cellAt(const QPoint &point) const;
    int headerHeight() const;
    // Of the whole frozen index, and of one level of it.
    int indexWidth() const { return m_indexWidth; }
    int indexLevelWidth(int level) const { return m_levelWidths.value(level); }

    // The scroll bar's range for a row count: direct up to what an int holds, proportional past.
    static constexpr int ScrollSteps = 1'000'000'000;

Q_SIGNALS:
    void currentCellChanged(qint64 row, qint64 column);
    void copyRequested();
    void headerClicked(qint64 column, Qt::KeyboardModifiers modifiers);
    // A right click on a cell (or the header, row -1).
    void cellMenuRequested(const Sandpiper::Ui::DataGrid::Cell &cell, const QPoint &globalPos);
    // A paint in which every cell in view was there: what the user waited for is on screen.
    void screenComplete();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    int rowHeight() const;
    int columnWidth(qint64 column) const;
    qint64 maxTopRow() const;
    qint64 maxLeftColumn() const;
    qint64 rowCount() const;
    qint64 columnCount() const;
    void updateScrollBars();
    void showWindow();
    void ensureVisible(const Cell &cell);
    void moveCurrent(qint64 rowDelta, qint64 columnDelta, bool extend);
    void onExtentChanged();
    void growIndexWidth();
    void resetIndexWidths();
    void setIndexWidths(const QList<int> &widths);
    void growColumnWidths();
    qint64 rowForScrollValue(int value) const;
    int scrollValueForRow(qint64 row) const;
    struct VisibleColumn
    {
        qint64 column;
        int x;
        int width;
    };
    QList<VisibleColumn> columnsInView() const;

    Models::TablePages *m_pages;
    Models::CellFormat m_format;
    QList<Protocol::SortKey> m_sortKeys;
    qint64 m_topRow = 0;
    qint64 m_leftColumn = 0;
    Cell m_current;
    // The selection's corners; the end follows the current cell, except after selectAll().
    Cell m_selectionStart;
    Cell m_selectionEnd;
    int m_indexWidth = 60; // the sum of m_levelWidths
    QList<int> m_levelWidths{60};
    bool m_syncingScrollBars = false;
    mutable QHash<qint64, int> m_widths; // measured from the header once it is known
};

} // namespace Sandpiper::Ui
