#pragma once

#include "messages.h"

#include <QCborArray>
#include <QList>
#include <QMap>
#include <QObject>

#include <functional>

namespace Sandpiper::Models {

// A rectangle of a table: rows [row, row + rows), columns [column, column + columns).
struct TableWindow
{
    qint64 row = 0;
    qint64 rows = 0;
    qint64 column = 0;
    qint64 columns = 0;

    bool contains(qint64 r, qint64 c) const
    {
        return r >= row && r - row < rows && c >= column && c - column < columns;
    }
    bool contains(const TableWindow &other) const;
    bool isEmpty() const { return rows <= 0 || columns <= 0; }
    friend bool operator==(const TableWindow &, const TableWindow &) = default;
};

// Which rows of the table are shown, in which order: computed in the engine.
struct TableView
{
    QList<Protocol::SortKey> sort;
    Protocol::TableFilter filter;
    // Of a Dask DataFrame: the partition shown (see Protocol::Page::partitions).
    qint64 partition = 0;
    // No sort and no filter (the partition shown is no view of its own).
    bool isEmpty() const { return sort.isEmpty() && filter.isEmpty(); }
    friend bool operator==(const TableView &, const TableView &) = default;
};

// The object a viewer shows: the variable `name` (or a member of it, by `path`), or with a hold,
// the object the engine holds for the viewer under that id (taken from `name` and `path` first;
// see Protocol::PageRequest::hold).
struct TableSource
{
    QString name;
    QList<Protocol::MemberStep> path{};
    quint64 hold = 0;

    // As code writes it: "df", "data['sales']", "model.coef_".
    QString expression() const;
    // The same variable or member, whatever the holds.
    bool isSamePlace(const TableSource &other) const
    {
        return name == other.name && path == other.path;
    }
};

// The page request for a window of the source in a view (the session sets its id).
Protocol::PageRequest pageRequest(const TableSource &source,
                                  const TableWindow &window,
                                  const TableView &view);

// The window's copy of a table that stays in the engine: only the pages around what is visible,
// within a fixed budget of cells, whatever the table's size. Row and column indexes are 64-bit.
//
// show() says what the view shows; when some of it is not here, one page covering it and a
// margin around it is asked for (the fetcher sends it to the engine). Pages arrive untrusted: one
// that does not fit what was asked is dropped. When the table's extent changes (the object was
// changed between two pages), every older page is dropped. reload() asks again for what is
// shown, keeping the old cells on screen until the new ones arrive.
class TablePages : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const Protocol::Page &page)>;
    // Sends a page request for the window; calls done (once, later) with the reply.
    using Fetcher = std::function<void(
            const TableWindow &window, const TableView &view, const Done &done)>;

    // Rows and columns added around the shown window when fetching.
    static constexpr int RowMargin = 100;
    static constexpr int ColumnMargin = 8;
    // Cells kept: the oldest pages go first past this.
    static constexpr qint64 CellBudget = 400'000;
    // Requests in flight at once; what is shown meanwhile is asked for when one returns.
    static constexpr int MaxInFlight = 2;

    explicit TablePages(Fetcher fetcher, QObject *parent = nullptr);

    // The table's extent, known from the first page; -1 before. Rows are the view's.
    qint64 rowCount() const { return m_rowCount; }
    // Rows of the object before the view's filter.
    qint64 sourceRowCount() const { return m_sourceRows; }
    qint64 columnCount() const { return m_columnCount; }
    bool hasExtent() const { return m_rowCount >= 0; }
    // A Dask DataFrame's partitions, as the latest page says (0: the table is not partitioned);
    // rowCount() is then the rows of the partition shown.
    qint64 partitions() const { return m_partitions; }
    // Why the table cannot be shown (from the engine), empty when it can.
    QString error() const { return m_error; }

    void show(const TableWindow &window);
    TableWindow shown() const { return m_shown; }
    void reload();
    // Shows rows of the table filtered and sorted in the engine (an empty view: all, in order).
    // Every page held belongs to the old view and goes at once.
    void setView(const TableView &view);
    const TableView &view() const { return m_view; }
    // A request is out (e.g. the engine is sorting).
    bool isWaiting() const { return !m_inFlight.isEmpty(); }

    // An invalid value (isInvalid()) when the cell is not here (yet); null for a null cell.
    QCborValue cell(qint64 row, qint64 column) const;
    // The row's index label at that level (see indexLevels()); empty when not here.
    QString rowLabel(qint64 row, int level = 0) const;
    // The index's levels (several for a MultiIndex) and their names (empty text for none), as
    // the latest page says; one unnamed level before.
    int indexLevels() const { return std::max(1, int(m_indexNames.size())); }
    const QStringList &indexNames() const { return m_indexNames; }
    // Name and dtype of a column; empty when not known yet.
    Protocol::PageColumn column(qint64 column) const;
    // Everything in the window is here.
    bool covers(const TableWindow &window) const;

    qint64 cellsHeld() const;
    int pageCount() const { return int(m_pages.size()); }
    int requestsSent() const { return m_requestsSent; }
    int inFlight() const { return int(m_inFlight.size()); }

Q_SIGNALS:
    // New cells, a new extent or a new error: repaint.
    void changed();
    void extentChanged(qint64 rows, qint64 columns);
    void errorChanged(const QString &error);

private:
    struct Held
    {
        TableWindow window;
        Protocol::Page page;
        quint64 generation = 0;
    };

    struct InFlight
    {
        TableWindow window;
        quint64 generation = 0;
        friend bool operator==(const InFlight &, const InFlight &) = default;
    };

    TableWindow clamped(const TableWindow &window) const;
    void fetchIfNeeded();
    TableWindow withMargin(const TableWindow &window) const;
    void accept(const TableWindow &asked, quint64 generation, const Protocol::Page &page);
    const Held *find(qint64 row, qint64 column) const;
    void trim();

    Fetcher m_fetcher;
    qint64 m_rowCount = -1;
    qint64 m_columnCount = -1;
    qint64 m_sourceRows = -1;
    qint64 m_partitions = 0;
    TableView m_view;
    QStringList m_indexNames;
    QString m_error;
    TableWindow m_shown;
    QList<Held> m_pages; // newest first
    QList<InFlight> m_inFlight;
    quint64 m_generation = 0;         // reload() starts a new one; older pages are stale
    quint64 m_answered = ~quint64(0); // the generation of the latest answer
    QMap<qint64, Protocol::PageColumn> m_columns;
    int m_requestsSent = 0;
};

} // namespace Sandpiper::Models
