#pragma once

#include "cellformat.h"
#include "datagrid.h"
#include "tablepages.h"

#include <abstractsession.h>

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace Sandpiper::Ui {

class FilterBar;
class SummaryPanel;

// A tab showing one table-like variable of a session (DataFrame, Series, numpy array, list of
// records, dict of lists) through a DataGrid: the data stays in the engine and only the cells in
// view are fetched, while code runs too.
//
// Sorting (click a column's header; Shift+click adds a key) and filtering (the filter bar) run
// in the engine and never change the object; while the engine works the viewer says so and the
// user can go back to the previous view. "To Code" writes the pandas code of the view.
//
// It follows the name: every run refreshes the rows in view; when the name is deleted, rebound
// to something that is not a table, or the session restarts, it says so, and shows the object
// again as soon as the name is a table again.
class DataViewer : public QWidget
{
    Q_OBJECT

public:
    DataViewer(Client::AbstractSession *session,
               const QString &name,
               const QString &typeName = {},
               QWidget *parent = nullptr);

    QString name() const { return m_name; }
    Client::AbstractSession *session() const { return m_session; }
    DataGrid *grid() const { return m_grid; }
    Models::TablePages *pages() const { return m_pages; }
    FilterBar *filterBar() const { return m_filterBar; }
    SummaryPanel *summaryPanel() const { return m_summaryPanel; }
    // Shows the summary panel with this column's summary (asked of the engine; an older request
    // still out is cancelled).
    void summarizeColumn(qint64 column);
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

    // The selection as TSV with a header line, fetched from the engine; at most MaxCopyCells.
    void copySelection();
    static constexpr qint64 MaxCopyCells = 100'000;

Q_SIGNALS:
    // The copy went to the clipboard, or could not be made (message for the user).
    void copied(qint64 rows, qint64 columns);
    void copyFailed(const QString &message);
    // "To Code": the window puts it into an editor.
    void codeRequested(const QString &code);

private:
    void onVariables(const Protocol::VariablesDiff &diff);
    void onStateChanged(Client::SessionState state);
    void updateSummary();
    void updateProgress();
    void showNotice(const QString &text);
    void showCellMenu(const DataGrid::Cell &cell, const QPoint &globalPos);
    void toggleFilterBar(bool shown);
    void showFilterBar(bool shown, bool withDefaultCondition);
    void toggleSummary(bool shown);

    QPointer<Client::AbstractSession> m_session;
    QString m_name;
    QString m_typeName;
    Models::TablePages *m_pages;
    DataGrid *m_grid;
    FilterBar *m_filterBar;
    QLabel *m_summary;
    QLabel *m_notice;
    QLabel *m_progress;
    QPushButton *m_cancelView;
    QSpinBox *m_decimals;
    QToolButton *m_filterButton;
    QToolButton *m_codeButton;
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
