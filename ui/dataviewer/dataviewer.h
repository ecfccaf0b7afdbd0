#pragma once

#include "cellformat.h"

#include <abstractsession.h>

#include <QPointer>
#include <QWidget>

class QLabel;
class QSpinBox;
class QToolButton;

namespace Sandpiper::Models {
class TablePages;
}

namespace Sandpiper::Ui {

class DataGrid;

// A tab showing one table-like variable of a session (DataFrame, Series, numpy array, list of
// records, dict of lists) through a DataGrid: the data stays in the engine and only the cells in
// view are fetched, while code runs too. It follows the name: when a run changes the object the
// view refreshes in place; when the name is deleted, rebound to something that is not a table, or
// the session restarts, it says so and shows the object again as soon as the name is a table
// again.
class DataViewer : public QWidget
{
    Q_OBJECT

public:
    DataViewer(Client::AbstractSession *session, const QString &name, QWidget *parent = nullptr);

    QString name() const { return m_name; }
    Client::AbstractSession *session() const { return m_session; }
    DataGrid *grid() const { return m_grid; }
    Models::TablePages *pages() const { return m_pages; }
    // What the viewer tells the user (why there is nothing to show, a refresh); empty when quiet.
    QString noticeText() const;
    QString summaryText() const;
    QSpinBox *decimalsBox() const { return m_decimals; }

    void refresh();
    // The selection as TSV with a header line, fetched from the engine; at most MaxCopyCells.
    void copySelection();
    static constexpr qint64 MaxCopyCells = 100'000;

Q_SIGNALS:
    // The copy went to the clipboard, or could not be made (message for the user).
    void copied(qint64 rows, qint64 columns);
    void copyFailed(const QString &message);

private:
    void onVariables(const Protocol::VariablesDiff &diff);
    void onStateChanged(Client::SessionState state);
    void updateSummary();
    void showNotice(const QString &text);

    QPointer<Client::AbstractSession> m_session;
    QString m_name;
    Models::TablePages *m_pages;
    DataGrid *m_grid;
    QLabel *m_summary;
    QLabel *m_notice;
    QSpinBox *m_decimals;
    QToolButton *m_refresh;
    bool m_copying = false;
};

} // namespace Sandpiper::Ui
