#include "variablesview.h"

#include <variablesmodel.h>
#include <viewcode.h>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace Sandpiper::Ui {

using Models::VariablesModel;

namespace {

bool askDelete(QWidget *parent, const QStringList &names)
{
    const QString text = names.size() == 1
                                 ? VariablesView::tr("Delete the variable “%1” from the session?")
                                           .arg(names.first())
                                 : VariablesView::tr("Delete %n variables from the session?",
                                                     nullptr,
                                                     int(names.size()));
    return QMessageBox::question(parent,
                                 VariablesView::tr("Delete Variables"),
                                 text,
                                 QMessageBox::Yes | QMessageBox::Cancel,
                                 QMessageBox::Cancel)
           == QMessageBox::Yes;
}

// Sorts each level by the column's SortRole, keeping a level's status row ("Show 100 more")
// last in either order; the filter box filters the variables, not their members.
class VariablesProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override
    {
        const bool leftStatus = isStatus(left);
        const bool rightStatus = isStatus(right);
        if (leftStatus || rightStatus) // the status row is "greatest" ascending, "least" not
            return (sortOrder() == Qt::AscendingOrder) ? rightStatus && !leftStatus
                                                       : leftStatus && !rightStatus;
        return QSortFilterProxyModel::lessThan(left, right);
    }

    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        return parent.isValid() || QSortFilterProxyModel::filterAcceptsRow(row, parent);
    }

private:
    static bool isStatus(const QModelIndex &index)
    {
        return index.data(VariablesModel::RowKindRole).toInt()
               == int(VariablesModel::RowKind::Status);
    }
};

} // namespace

VariablesView::VariablesView(QWidget *parent)
    : QWidget(parent)
    , m_model(new VariablesModel(this))
    , m_proxy(new VariablesProxy(this))
    , m_view(new QTreeView(this))
    , m_filter(new QLineEdit(this))
    , m_notice(new QLabel(this))
    , m_confirmDelete(askDelete)
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(VariablesModel::SortRole);
    m_proxy->setFilterKeyColumn(VariablesModel::Name);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);

    m_filter->setObjectName(QStringLiteral("VariablesFilter"));
    m_filter->setPlaceholderText(tr("Filter names"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        updateEmptyText();
    });

    m_view->setObjectName(QStringLiteral("VariablesTable"));
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(true);
    m_view->setExpandsOnDoubleClick(false); // activate() decides: view, expand or show more
    m_view->setIndentation(12);             // members keep room for their names in a side dock
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &VariablesView::onRowsInserted);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        if (!m_nameToShow.isEmpty())
            showName(m_nameToShow);
    });
    m_view->setUniformRowHeights(true); // 5 000 names stay smooth
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(VariablesModel::Name, Qt::AscendingOrder);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    // Narrow enough that the value preview keeps room in a side dock: it takes what is left
    // (never a horizontal scroll bar); the user can widen the others.
    QHeaderView *header = m_view->header();
    header->setMinimumSectionSize(40);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(VariablesModel::Value, QHeaderView::Stretch);
    header->resizeSection(VariablesModel::Name, 85);
    header->resizeSection(VariablesModel::Type, 75);
    header->resizeSection(VariablesModel::Shape, 70);
    header->resizeSection(VariablesModel::Memory, 75);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        QMenu *menu = createContextMenu(this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_view->viewport()->mapToGlobal(at));
    });

    connect(m_view, &QTreeView::activated, this, &VariablesView::activate);

    // Keys on the table: Ctrl+C copies the names, Delete asks to delete them; Enter (activated)
    // opens a viewer.
    auto copy = new QAction(this);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &VariablesView::copySelectedNames);
    auto remove = new QAction(this);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    connect(remove, &QAction::triggered, this, &VariablesView::deleteSelected);
    m_view->addActions({copy, remove});

    m_notice->setObjectName(QStringLiteral("VariablesNotice"));
    m_notice->setWordWrap(true);
    m_notice->setAlignment(Qt::AlignCenter);
    m_notice->setMargin(8);
    m_notice->setEnabled(false);

    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_notice);
    updateEmptyText();
}

void VariablesView::setSession(Client::AbstractSession *session,
                               const QList<Protocol::VariableSummary> &known)
{
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_session = session;
    m_model->clear();
    QPointer<Client::AbstractSession> target(session);
    m_model->setMembersFetcher([this, target](const Protocol::ExpandRequest &request,
                                              const VariablesModel::MembersDone &done) {
        if (!target) {
            Protocol::MemberList none;
            none.error = tr("the session is gone");
            return done(none);
        }
        Client::MembersFetch *fetch = target->expand(request);
        connect(fetch, &Client::MembersFetch::finished, this, done);
    });
    if (session) {
        m_connections << connect(session,
                                 &Client::AbstractSession::variablesChanged,
                                 this,
                                 &VariablesView::onVariables)
                      << connect(session,
                                 &Client::AbstractSession::stateChanged,
                                 this,
                                 &VariablesView::onStateChanged);
    }
    showNotice({});
    if (!known.isEmpty()) {
        Protocol::VariablesDiff all;
        all.reset = true;
        all.changed = known;
        onVariables(all);
    }
}

void VariablesView::onVariables(const Protocol::VariablesDiff &diff)
{
    // A reset replaces every row: keep what was selected by name.
    const QStringList selected = diff.reset ? selectedNames() : QStringList();
    const QString current
            = diff.reset && m_view->currentIndex().isValid()
                      ? m_view->currentIndex().data(VariablesModel::NameRole).toString()
                      : QString();
    m_model->apply(diff);
    for (const QString &name : selected)
        selectName(name);
    if (const QModelIndex index = m_proxy->mapFromSource(m_model->indexOf(current));
        index.isValid())
        m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    if (m_model->rowCount() > 0)
        showNotice({});
    else
        updateEmptyText();
}

void VariablesView::onStateChanged(Client::SessionState state)
{
    using Client::SessionState;
    if (state != SessionState::Restarting && state != SessionState::Dead)
        return;
    const bool had = m_model->rowCount() > 0;
    m_model->clear();
    if (!had) {
        updateEmptyText();
        return;
    }
    showNotice(state == SessionState::Restarting
                       ? tr("The session restarted: its variables are gone.")
                       : tr("The session ended: its variables are gone."));
}

void VariablesView::showNotice(const QString &text)
{
    m_noticeText = text;
    updateEmptyText();
}

// A notice (restart, failed delete) wins; else an empty table says what will appear in it.
void VariablesView::updateEmptyText()
{
    QString text = m_noticeText;
    if (text.isEmpty() && m_model->rowCount() == 0)
        text = tr("Names the session defines appear here.");
    else if (text.isEmpty() && m_proxy->rowCount() == 0)
        text = tr("No name matches the filter.");
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

QModelIndexList VariablesView::selectedRows() const
{
    // In view order: by the rows from the top level down, so parents come before members.
    QList<std::pair<QList<int>, QModelIndex>> keyed;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows(VariablesModel::Name)) {
        QList<int> rows;
        for (QModelIndex at = index; at.isValid(); at = at.parent())
            rows.prepend(at.row());
        keyed.append({rows, index});
    }
    std::sort(keyed.begin(), keyed.end(), [](const auto &a, const auto &b) {
        return a.first < b.first;
    });
    QModelIndexList rows;
    for (const auto &[key, index] : std::as_const(keyed))
        rows.append(index);
    return rows;
}

QStringList VariablesView::selectedNames() const
{
    QStringList names;
    for (const QModelIndex &index : selectedRows()) {
        if (index.data(VariablesModel::RowKindRole).toInt() != int(VariablesModel::RowKind::Status))
            names.append(index.data(VariablesModel::NameRole).toString());
    }
    return names;
}

QStringList VariablesView::selectedVariables() const
{
    QStringList names = selectedNames();
    names.removeIf([this](const QString &name) { return !m_model->summary(name); });
    return names;
}

void VariablesView::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    spanStatusRows(parent, first, last);
    if (!parent.isValid() && !m_nameToShow.isEmpty())
        showName(m_nameToShow);
    if (parent.isValid())
        widenNamesForMembers();
}

// Members are indented and named by their access: the Name column grows to show them, up to
// half the width, never shrinking what the user set.
void VariablesView::widenNamesForMembers()
{
    QHeaderView *header = m_view->header();
    const int before = header->sectionSize(VariablesModel::Name);
    m_view->resizeColumnToContents(VariablesModel::Name); // of the rows in view
    const int wanted
            = std::min(header->sectionSize(VariablesModel::Name), m_view->viewport()->width() / 2);
    header->resizeSection(VariablesModel::Name, std::max(before, wanted));
}

void VariablesView::spanStatusRows(const QModelIndex &parent, int first, int last)
{
    for (int row = first; row <= last; ++row) {
        if (m_proxy->index(row, 0, parent).data(VariablesModel::RowKindRole).toInt()
            == int(VariablesModel::RowKind::Status))
            m_view->setFirstColumnSpanned(row, parent, true);
    }
}

void VariablesView::selectName(const QString &name)
{
    // Through the model's own lookup: restoring thousands of selected names stays linear.
    const QModelIndex index = m_proxy->mapFromSource(m_model->indexOf(name));
    if (index.isValid())
        m_view->selectionModel()->select(index,
                                         QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

void VariablesView::showName(const QString &name)
{
    const QModelIndex index = m_proxy->mapFromSource(m_model->indexOf(name));
    if (!index.isValid()) {
        m_nameToShow = name;
        return;
    }
    m_nameToShow.clear();
    m_view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

bool VariablesView::isViewable(const Protocol::VariableSummary &summary)
{
    return summary.kind == QLatin1String("dataframe") || summary.kind == QLatin1String("series")
           || summary.kind == QLatin1String("daskframe") // a partition at a time
           || (summary.kind == QLatin1String("array") && summary.shape.size() <= 2)
           || summary.type == QLatin1String("list") || summary.type == QLatin1String("dict");
}

bool VariablesView::hasHistogram(const Protocol::VariableSummary &summary)
{
    const bool oneColumn = summary.kind == QLatin1String("series")
                           || (summary.kind == QLatin1String("array") && summary.shape.size() == 1);
    const QString dtype = summary.dtypes;
    const bool numeric
            = dtype.startsWith(QLatin1String("int")) || dtype.startsWith(QLatin1String("uint"))
              || dtype.startsWith(QLatin1String("float")) || dtype.startsWith(QLatin1String("Int"))
              || dtype.startsWith(QLatin1String("Float"));
    return oneColumn && numeric;
}

void VariablesView::plotHistogramOfCurrent()
{
    const Protocol::VariableSummary *summary = currentSummary();
    if (summary && hasHistogram(*summary))
        Q_EMIT histogramRequested(m_model->sourceAt(currentSourceIndex()), summary->type);
}

bool VariablesView::canExportCurrent() const
{
    const Protocol::VariableSummary *summary = currentSummary();
    // A Dask frame is written by Dask itself (to_csv, to_parquet): one file per partition.
    if (!summary || !isViewable(*summary) || summary->kind == QLatin1String("daskframe"))
        return false;
    // "[<Key>]": a key shown by its type has no literal to write the code with.
    const Models::TableSource source = m_model->sourceAt(currentSourceIndex());
    return std::none_of(source.path.cbegin(), source.path.cend(), [](const auto &step) {
        return step.name.contains(u'<');
    });
}

void VariablesView::exportCurrent()
{
    if (canExportCurrent())
        Q_EMIT exportRequested(m_model->sourceAt(currentSourceIndex()));
}

QModelIndex VariablesView::currentSourceIndex() const
{
    return m_proxy->mapToSource(m_view->currentIndex());
}

const Protocol::VariableSummary *VariablesView::currentSummary() const
{
    return m_model->summaryAt(currentSourceIndex());
}

void VariablesView::viewCurrent()
{
    const Protocol::VariableSummary *summary = currentSummary();
    if (summary && isViewable(*summary))
        Q_EMIT viewRequested(m_model->sourceAt(currentSourceIndex()), summary->type);
}

void VariablesView::activate(const QModelIndex &index)
{
    const QModelIndex source = m_proxy->mapToSource(index.siblingAtColumn(VariablesModel::Name));
    if (m_model->rowKind(source) == VariablesModel::RowKind::Status)
        return m_model->fetchNextMembers(source);
    const Protocol::VariableSummary *summary = m_model->summaryAt(source);
    if (!summary)
        return;
    // A dict or list is a container first: it opens (View in the menu shows it as a table);
    // a DataFrame, Series or array opens in a viewer.
    const QModelIndex name = index.siblingAtColumn(VariablesModel::Name);
    const bool container = summary->kind == QLatin1String("collection") && summary->expandable;
    if (isViewable(*summary) && !container)
        return viewCurrent();
    if (summary->expandable)
        m_view->setExpanded(name, !m_view->isExpanded(name));
}

void VariablesView::copySelectedNames() const
{
    const QStringList names = selectedNames();
    if (!names.isEmpty())
        QGuiApplication::clipboard()->setText(names.join(QLatin1Char('\n')));
}

void VariablesView::copySelectedValues() const
{
    QStringList values;
    for (const QModelIndex &index : selectedRows()) {
        if (const Protocol::VariableSummary *summary
            = m_model->summaryAt(m_proxy->mapToSource(index)))
            values.append(summary->repr);
    }
    if (!values.isEmpty())
        QGuiApplication::clipboard()->setText(values.join(QLatin1Char('\n')));
}

void VariablesView::deleteSelected()
{
    const QStringList names = selectedVariables();
    if (names.isEmpty() || !m_session || !m_confirmDelete(this, names))
        return;
    // One run for all, queued after whatever runs now; the engine's diff removes the rows.
    // One statement per name and no helper variable, so no other name of the user's is touched.
    QString code;
    for (const QString &name : names)
        code += QStringLiteral("globals().pop(%1, None)\n").arg(Models::pythonStringLiteral(name));
    Client::Execution *run = m_session->execute(code, QStringLiteral("<variables>"));
    connect(run, &Client::Execution::finished, this, [this](const Client::RunOutcome &outcome) {
        if (outcome.status != Client::RunStatus::Ok)
            showNotice(tr("The variables could not be deleted: %1")
                               .arg(outcome.error.message.isEmpty() ? outcome.detail
                                                                    : outcome.error.message));
    });
}

QMenu *VariablesView::createContextMenu(QWidget *parent)
{
    auto menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("VariablesMenu"));
    const bool any = !selectedNames().isEmpty();
    const Protocol::VariableSummary *current = currentSummary();
    QAction *view = menu->addAction(tr("View"), this, &VariablesView::viewCurrent);
    view->setShortcut(Qt::Key_Return);
    view->setToolTip(tr("Open the table in a data viewer"));
    view->setEnabled(current && isViewable(*current));
    menu->setDefaultAction(view);
    QAction *histogram
            = menu->addAction(tr("Plot Histogram"), this, &VariablesView::plotHistogramOfCurrent);
    histogram->setToolTip(tr("The distribution of the values, computed in the session"));
    histogram->setEnabled(current && hasHistogram(*current));
    QAction *exportTable = menu->addAction(tr("Export…"), this, &VariablesView::exportCurrent);
    exportTable->setToolTip(
            tr("Write the whole table to a CSV, Excel, JSON, Parquet, HTML or Markdown "
               "file"));
    exportTable->setEnabled(canExportCurrent());
    menu->addSeparator();
    QAction *copyName = menu->addAction(tr("Copy Name"), this, &VariablesView::copySelectedNames);
    copyName->setShortcut(QKeySequence::Copy);
    copyName->setEnabled(any);
    QAction *copyValue
            = menu->addAction(tr("Copy Value Preview"), this, &VariablesView::copySelectedValues);
    copyValue->setToolTip(tr("The value as shown, up to 200 characters"));
    copyValue->setEnabled(any);
    menu->addSeparator();
    QAction *remove
            = menu->addAction(tr("Delete from Session…"), this, &VariablesView::deleteSelected);
    remove->setShortcut(QKeySequence::Delete);
    remove->setEnabled(!selectedVariables().isEmpty() && m_session);
    return menu;
}

} // namespace Sandpiper::Ui
