#pragma once

#include "cellformat.h"
#include "datagrid.h"
#include "tablecopy.h"
#include "tablepages.h"

#include <abstractsession.h>

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QMenu;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace Sandpiper::Ui {

class FilterBar;
class PartitionBar;
class RowCounter;
class TableFindBar;
class SummaryPanel;
class TableSearch;

// A tab showing one table-like variable of a session (DataFrame, Series, numpy array, list of
// records, dict of lists) through a DataGrid: the data stays in the engine and only the cells in
// view are fetched, while code runs too.
//
// Sorting (click a column's header; Shift+click adds a key) and filtering (the filter bar) run
// in the engine and never change the object; while the engine works the viewer says so and the
// user can go back to the previous view. "To Code" writes the pandas code of the view.
//
// The engine holds the viewer's object (see Protocol::PageRequest::hold): every run refreshes
// the rows in view, so changes made in place show; when the name is deleted or bound to another
// object, the viewer says so and keeps showing the object it had (until "Show … Now" follows the
// name, or the viewer closes and lets go of it). After a restart it shows the name again as soon
// as the name is a table again.
//
// Ctrl+F searches the cells (in the engine) for a text or a number.
//
// A Dask DataFrame is shown a partition at a time (the partition bar moves between them); its
// sort and filter are Dask operations on the whole frame, and its rows are counted only when the
// user asks.
class DataViewer : public QWidget
{
    Q_OBJECT

public:
    // source: the variable, or a member of it (its hold is the viewer's own).
    DataViewer(Client::AbstractSession *session,
               const Models::TableSource &source,
               const QString &typeName = {},
               QWidget *parent = nullptr);

    ~DataViewer() override;

    // The variable, or the member as code writes it ("data['sales']").
    QString name() const { return m_title; }
    Models::TableSource source() const { return {m_name, m_path, m_hold}; }
    // The object shown is no longer what the name names (deleted or bound to another).
    bool isShowingOldObject() const { return m_rebound; }
    // Shows what the name names now and lets go of the old object.
    void followName();
    TableFindBar *findBar() const { return m_findBar; }
    // Selects the next (or previous) cell matching text, searched for in the engine.
    void find(const QString &text, bool backward = false, bool matchCase = false);
    Client::AbstractSession *session() const { return m_session; }
    DataGrid *grid() const { return m_grid; }
    Models::TablePages *pages() const { return m_pages; }
    FilterBar *filterBar() const { return m_filterBar; }
    PartitionBar *partitionBar() const { return m_partitionBar; }
    // Of a Dask DataFrame: shows that partition of the view (0-based).
    void showPartition(qint64 partition);
    // Of a Dask DataFrame: counts the rows of the view in the engine, or stops counting.
    void countRows();
    void stopCountingRows();
    SummaryPanel *summaryPanel() const { return m_summaryPanel; }
    // Shows the summary panel with this column's summary (asked of the engine; an older request
    // still out is cancelled).
    void summarizeColumn(qint64 column);
    // The menu of a cell (row -1: of a header); the caller owns it.
    QMenu *createCellMenu(const DataGrid::Cell &cell);
    // What the viewer tells the user (why there is nothing to show, a refresh); empty when quiet.
    QString noticeText() const;
    QString summaryText() const;
    QString progressText() const;
    QSpinBox *decimalsBox() const { return m_decimals; }

    void refresh();
    // Sort by this column: a click cycles ascending, descending, unsorted; with add, the column
    // becomes (or stays) one more key after the others.
    void sortByColumn(qint64 column, bool add = false);
    void setView(const Models::TableView &view);
    // Adds the condition "column = this cell's value" (or "is null") and applies the filter.
    void filterByCell(const DataGrid::Cell &cell);
    // Applies what the filter bar says (nothing when a value does not fit its column).
    void applyFilter();
    // Back to the view before the one the engine is computing.
    void cancelView();
    // The pandas code of the current view (empty without sort or filter, or when the variable
    // is not a DataFrame or Series).
    QString viewCode() const;
    // The rows shown (sorted and filtered) as one expression, and the selected cells of them
    // ("....iloc[0:10, 2:4]"); empty when there is no view, no selection, or the object is not
    // a DataFrame or Series. Export… offers them beside the whole table.
    QString viewExpression() const;
    QString selectionExpression() const;

    // The selection as TSV (or a Markdown or HTML table) with a header line, fetched from the
    // engine; at most MaxCopyCells.
    void copySelection(TableCopy::Format format = TableCopy::Format::Tsv);
    static constexpr qint64 MaxCopyCells = 100'000;

Q_SIGNALS:
    // The copy went to the clipboard, or could not be made (message for the user).
    void copied(qint64 rows, qint64 columns);
    void copyFailed(const QString &message);
    // "To Code": the window puts it into an editor.
    void codeRequested(const QString &code);
    // "Export…": the window asks how and runs the export (see source()).
    void exportRequested();

private:
    void onVariables(const Protocol::VariablesDiff &diff);
    void onStateChanged(Client::SessionState state);
    void updateSummary();
    void updatePartitions();
    void updateProgress();
    void showNotice(const QString &text);
    void showCellMenu(const DataGrid::Cell &cell, const QPoint &globalPos);
    void toggleFilterBar(bool shown);
    void updateFilterColumns();
    void showFilterBar(bool shown, bool withDefaultCondition);
    void toggleSummary(bool shown);
    void onPage(const Protocol::Page &page);
    void setRebound(bool rebound);
    void showFoundCell(qint64 row, qint64 column);

    QPointer<Client::AbstractSession> m_session;
    QString m_name; // of the variable
    QList<Protocol::MemberStep> m_path;
    QString m_title; // the variable or member as code writes it
    QString m_typeName;
    Models::TablePages *m_pages;
    DataGrid *m_grid;
    FilterBar *m_filterBar;
    PartitionBar *m_partitionBar;
    RowCounter *m_rowCounter;
    QLabel *m_summary;
    QWidget *m_noticeRow;
    QLabel *m_notice;
    QPushButton *m_followButton;
    TableFindBar *m_findBar;
    QPointer<TableSearch> m_search;
    quint64 m_hold;
    bool m_followNext = false; // the next page takes what the name names now
    bool m_rebound = false;
    bool m_nameDeleted = false;
    // The filter bar's column list was made for this many columns; stale: the extent changed.
    qint64 m_filterColumnCount = -1;
    bool m_filterColumnsStale = false;
    QLabel *m_progress;
    QPushButton *m_cancelView;
    QSpinBox *m_decimals;
    QToolButton *m_filterButton;
    QToolButton *m_codeButton;
    QToolButton *m_exportButton;
    QToolButton *m_refresh;
    QToolButton *m_summaryButton;
    SummaryPanel *m_summaryPanel;
    QPointer<Client::SummaryFetch> m_summaryFetch;
    qint64 m_summaryColumn = -1;
    QTimer m_summaryTimer; // the current cell settles before its column is summarised
    Models::TableView m_previousView;
    QElapsedTimer m_viewClock;
    QTimer m_progressTimer;
    bool m_copying = false;
};

} // namespace Sandpiper::Ui
