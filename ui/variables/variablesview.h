#pragma once

#include <abstractsession.h>
#include <tablepages.h>

#include <QModelIndexList>
#include <QPointer>
#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QMenu;
class QSortFilterProxyModel;
class QTreeView;

namespace Sandpiper::Models {
class VariablesModel;
}

namespace Sandpiper::Ui {

// The Variables dock's content: the live session's names with type, size, memory and a value
// preview, sortable by any column and filtered by name. It follows the engine's variable
// diffs; a restart or crash clears it with a notice. The selection is kept across runs.
// A dict, list, DataFrame, module or object expands into its members, 100 at a time; a member
// that is a table opens in a data viewer like a variable.
class VariablesView : public QWidget
{
    Q_OBJECT

public:
    explicit VariablesView(QWidget *parent = nullptr);

    // known: the session's variables so far, listed at once (the window's other sessions keep
    // theirs while another is shown).
    void setSession(Client::AbstractSession *session,
                    const QList<Protocol::VariableSummary> &known = {});

    // Asks before a name is deleted from the session; tests answer without a dialog.
    using DeleteConfirmation = std::function<bool(QWidget *parent, const QStringList &names)>;
    void setDeleteConfirmation(DeleteConfirmation confirm) { m_confirmDelete = std::move(confirm); }

    // The names selected, in view order: members as code writes them ("d['a']").
    QStringList selectedNames() const;
    // The variables selected (members left out), in view order.
    QStringList selectedVariables() const;
    void selectName(const QString &name);
    // Makes the variable the only one selected, current and scrolled to; one that is not listed
    // yet is shown when it arrives (an import's frame comes with the run's variables).
    void showName(const QString &name);

    // A table-like variable (DataFrame, Series, array, list or dict) can open in a data viewer.
    static bool isViewable(const Protocol::VariableSummary &summary);
    // Asks for a data viewer of the current variable or member, when it is viewable.
    void viewCurrent();
    // Enter or a double click: "show more" on its row; a dict or list expands or collapses; a
    // DataFrame, Series or array opens in a viewer.
    void activate(const QModelIndex &index);
    // A numeric Series or 1-D array: its histogram can be plotted.
    static bool hasHistogram(const Protocol::VariableSummary &summary);
    void plotHistogramOfCurrent();
    // A table named by code (not a member whose key has no literal) can be exported.
    bool canExportCurrent() const;
    void exportCurrent();

    void copySelectedNames() const;
    void copySelectedValues() const;
    // Deletes the selected names from the session after confirmation.
    void deleteSelected();

    QTreeView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    QLabel *noticeLabel() const { return m_notice; }
    Models::VariablesModel *model() const { return m_model; }
    // Builds the context menu for the current selection (shown by a right click).
    QMenu *createContextMenu(QWidget *parent);

Q_SIGNALS:
    void viewRequested(const Sandpiper::Models::TableSource &source, const QString &typeName);
    void histogramRequested(const Sandpiper::Models::TableSource &source, const QString &typeName);
    void exportRequested(const Sandpiper::Models::TableSource &source);

private:
    QModelIndexList selectedRows() const;
    QModelIndex currentSourceIndex() const;
    const Protocol::VariableSummary *currentSummary() const;
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void spanStatusRows(const QModelIndex &parent, int first, int last);
    void widenNamesForMembers();
    void onVariables(const Protocol::VariablesDiff &diff);
    void onStateChanged(Client::SessionState state);
    void showNotice(const QString &text);
    void updateEmptyText();

    QPointer<Client::AbstractSession> m_session;
    QList<QMetaObject::Connection> m_connections;
    Models::VariablesModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTreeView *m_view;
    QLineEdit *m_filter;
    QLabel *m_notice;
    QString m_noticeText;
    QString m_nameToShow; // showName() of a variable not listed yet
    DeleteConfirmation m_confirmDelete;
};

} // namespace Sandpiper::Ui
