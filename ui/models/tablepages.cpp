#include "tablepages.h"

#include <QPointer>

#include <algorithm>

namespace Sandpiper::Models {

using namespace Protocol;

bool TableWindow::contains(const TableWindow &other) const
{
    return other.row >= row && other.column >= column && other.row - row <= rows - other.rows
           && other.column - column <= columns - other.columns;
}

QString TableSource::expression() const
{
    QString text = name;
    for (const MemberStep &step : path)
        text += step.name;
    return text;
}

PageRequest pageRequest(const TableSource &source, const TableWindow &window, const TableView &view)
{
    PageRequest request;
    request.name = source.name;
    request.path = source.path;
    request.hold = source.hold;
    request.rowStart = window.row;
    request.rowCount = int(window.rows);
    request.columnStart = window.column;
    request.columnCount = int(window.columns);
    request.sort = view.sort;
    request.filter = view.filter;
    request.partition = view.partition;
    return request;
}

TablePages::TablePages(Fetcher fetcher, QObject *parent)
    : QObject(parent)
    , m_fetcher(std::move(fetcher))
{}

void TablePages::show(const TableWindow &window)
{
    m_shown = clamped(window);
    fetchIfNeeded();
}

TableWindow TablePages::clamped(const TableWindow &window) const
{
    TableWindow shown = window;
    shown.row = std::max<qint64>(0, shown.row);
    shown.column = std::max<qint64>(0, shown.column);
    if (hasExtent()) {
        shown.row = std::min(shown.row, m_rowCount);
        shown.rows = std::clamp<qint64>(shown.rows, 0, m_rowCount - shown.row);
        shown.column = std::min(shown.column, m_columnCount);
        shown.columns = std::clamp<qint64>(shown.columns, 0, m_columnCount - shown.column);
    }
    // Never more than one page can hold.
    shown.rows = std::min<qint64>(shown.rows, MaxPageRows);
    shown.columns = std::min<qint64>(shown.columns, MaxPageColumns);
    return shown;
}

void TablePages::setView(const TableView &view)
{
    if (view == m_view)
        return;
    m_view = view;
    m_pages.clear();
    reload();
    Q_EMIT changed();
}

void TablePages::reload()
{
    ++m_generation;
    const bool hadError = !m_error.isEmpty();
    m_error.clear();
    if (hadError)
        Q_EMIT errorChanged(m_error);
    fetchIfNeeded();
}

QCborValue TablePages::cell(qint64 row, qint64 column) const
{
    const Held *held = find(row, column);
    if (!held)
        return QCborValue(QCborValue::Invalid);
    return held->page.rows.at(row - held->window.row).at(column - held->window.column);
}

QString TablePages::rowLabel(qint64 row, int level) const
{
    for (const Held &held : m_pages) {
        const qsizetype levels = held.page.indexLevels();
        if (row >= held.window.row && row - held.window.row < held.page.rows.size()) {
            return level >= 0 && level < levels
                           ? held.page.index.at((row - held.window.row) * levels + level)
                           : QString();
        }
    }
    return {};
}

PageColumn TablePages::column(qint64 column) const
{
    return m_columns.value(column);
}

bool TablePages::covers(const TableWindow &window) const
{
    for (qint64 r = window.row; r < window.row + window.rows; ++r) {
        for (qint64 c = window.column; c < window.column + window.columns; ++c) {
            const Held *held = find(r, c);
            if (!held || held->generation != m_generation)
                return false;
        }
    }
    return true;
}

qint64 TablePages::cellsHeld() const
{
    qint64 cells = 0;
    for (const Held &held : m_pages)
        cells += held.window.rows * held.window.columns;
    return cells;
}

const TablePages::Held *TablePages::find(qint64 row, qint64 column) const
{
    for (const Held &held : m_pages) {
        if (held.window.contains(row, column))
            return &held;
    }
    return nullptr;
}

TableWindow TablePages::withMargin(const TableWindow &window) const
{
    TableWindow ask;
    ask.rows = std::min<qint64>(window.rows + 2 * RowMargin, MaxPageRows);
    ask.columns = std::min<qint64>(window.columns + 2 * ColumnMargin, MaxPageColumns);
    ask.row = std::max<qint64>(0, window.row - (ask.rows - window.rows) / 2);
    ask.column = std::max<qint64>(0, window.column - (ask.columns - window.columns) / 2);
    if (hasExtent()) {
        // Near the end, the margin goes before the window instead.
        ask.row = std::max<qint64>(0, std::min(ask.row, m_rowCount - ask.rows));
        ask.column = std::max<qint64>(0, std::min(ask.column, m_columnCount - ask.columns));
    }
    ask.rows = std::max<qint64>(ask.rows, 1);
    ask.columns = std::max<qint64>(ask.columns, 1);
    return ask;
}

void TablePages::fetchIfNeeded()
{
    if (!m_error.isEmpty())
        return; // until reload(): asking again would get the same answer
    if (m_answered == m_generation && (m_shown.isEmpty() || covers(m_shown)))
        return;
    for (const InFlight &sent : std::as_const(m_inFlight)) {
        if (sent.generation == m_generation && (m_shown.isEmpty() || sent.window.contains(m_shown)))
            return;
    }
    if (m_inFlight.size() >= MaxInFlight)
        return; // asked for when one comes back
    const TableWindow ask = withMargin(m_shown);
    const quint64 generation = m_generation;
    m_inFlight.append(InFlight{ask, generation});
    ++m_requestsSent;
    QPointer<TablePages> self(this);
    m_fetcher(ask, m_view, [self, ask, generation](const Page &page) {
        if (self)
            self->accept(ask, generation, page);
    });
}

void TablePages::accept(const TableWindow &asked, quint64 generation, const Page &page)
{
    m_inFlight.removeOne(InFlight{asked, generation});
    if (generation != m_generation)
        return fetchIfNeeded(); // asked before a reload: may be old cells
    if (!page.error.isEmpty()) {
        m_pages.clear();
        m_columns.clear();
        m_rowCount = m_columnCount = m_sourceRows = -1;
        m_error = page.error;
        Q_EMIT extentChanged(m_rowCount, m_columnCount);
        Q_EMIT errorChanged(m_error);
        Q_EMIT changed();
        return;
    }
    const bool newExtent = page.totalRows != m_rowCount || page.totalColumns != m_columnCount
                           || page.sourceRows != m_sourceRows || page.partitions != m_partitions;
    if (newExtent) {
        // A new table, or the object changed since the last page: nothing older is valid.
        m_pages.clear();
        m_columns.clear();
        m_rowCount = page.totalRows;
        m_columnCount = page.totalColumns;
        m_sourceRows = page.sourceRows;
        m_partitions = page.partitions;
        m_shown = clamped(m_shown);
    }
    const TableWindow expected{asked.row,
                               std::clamp<qint64>(m_rowCount - asked.row, 0, asked.rows),
                               asked.column,
                               std::clamp<qint64>(m_columnCount - asked.column, 0, asked.columns)};
    const TableWindow got{page.rowStart, page.rows.size(), page.columnStart, page.columns.size()};
    m_answered = generation;
    if (got.rows == 0 && got == expected) {
        // No rows (an empty view): still the columns' names and dtypes for the header.
        for (qsizetype i = 0; i < page.columns.size(); ++i)
            m_columns.insert(page.columnStart + i, page.columns.at(i));
    }
    if (got == expected && !got.isEmpty()) {
        // The first fresh page after a reload replaces every stale one.
        m_pages.removeIf([this](const Held &held) { return held.generation != m_generation; });
        m_pages.prepend(Held{got, page, generation});
        m_indexNames = page.indexNames;
        if (m_columns.size() > 4 * MaxPageColumns)
            m_columns.clear();
        for (qsizetype i = 0; i < page.columns.size(); ++i)
            m_columns.insert(page.columnStart + i, page.columns.at(i));
        trim();
    }
    // Told after the page is here, so that a view reacting to it asks for nothing it has.
    if (newExtent)
        Q_EMIT extentChanged(m_rowCount, m_columnCount);
    Q_EMIT changed();
    fetchIfNeeded();
}

void TablePages::trim()
{
    while (m_pages.size() > 1 && cellsHeld() > CellBudget)
        m_pages.removeLast();
}

} // namespace Sandpiper::Models
