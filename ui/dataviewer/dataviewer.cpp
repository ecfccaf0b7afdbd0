#include "dataviewer.h"

#include "filterbar.h"
#include "partitionbar.h"
#include "rowcounter.h"
#include "summarypanel.h"
#include "tablecopy.h"
#include "tablefindbar.h"
#include "tablesearch.h"
#include "viewcode.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace Sandpiper::Ui {

using Models::TablePages;
using Models::TableView;
using Models::TableWindow;
using Protocol::FilterOp;

namespace {

// How long the engine may work on a view before the viewer says it is busy with it.
constexpr int ProgressDelayMs = 250;

// One per viewer in this process, so the engine never confuses two viewers' holds.
quint64 nextHold()
{
    static quint64 next = 0;
    return ++next;
}

} // namespace

DataViewer::DataViewer(Client::AbstractSession *session,
                       const Models::TableSource &source,
                       const QString &typeName,
                       QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_name(source.name)
    , m_path(source.path)
    , m_title(source.expression())
    , m_typeName(typeName)
    , m_filterBar(new FilterBar(this))
    , m_partitionBar(new PartitionBar(this))
    , m_rowCounter(nullptr)
    , m_summary(new QLabel(this))
    , m_noticeRow(new QWidget(this))
    , m_notice(new QLabel(m_noticeRow))
    , m_followButton(new QPushButton(m_noticeRow))
    , m_findBar(new TableFindBar(this))
    , m_hold(nextHold())
    , m_progress(new QLabel(this))
    , m_cancelView(new QPushButton(tr("Cancel"), this))
    , m_decimals(new QSpinBox(this))
    , m_filterButton(new QToolButton(this))
    , m_codeButton(new QToolButton(this))
    , m_exportButton(new QToolButton(this))
    , m_refresh(new QToolButton(this))
    , m_summaryButton(new QToolButton(this))
    , m_summaryPanel(new SummaryPanel(this))
{
    setObjectName(QStringLiteral("DataViewer"));
    QPointer<DataViewer> self(this);
    m_pages = new TablePages(
            [self](const TableWindow &window, const TableView &view, const TablePages::Done &done) {
                if (!self || !self->m_session) {
                    Protocol::Page page;
                    page.error = tr("the session is gone");
                    done(page);
                    return;
                }
                Protocol::PageRequest request = Models::pageRequest(self->source(), window, view);
                request.follow = std::exchange(self->m_followNext, false);
                Client::PageFetch *fetch = self->m_session->fetchPage(request);
                connect(fetch,
                        &Client::PageFetch::finished,
                        self.data(),
                        [self, done](const Protocol::Page &page) {
                            if (self)
                                self->onPage(page);
                            done(page);
                        });
            },
            this);
    m_grid = new DataGrid(m_pages, this);
    m_grid->setObjectName(QStringLiteral("DataGrid"));

    m_summary->setObjectName(QStringLiteral("DataViewerSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setMinimumWidth(1); // a narrow tab cuts it rather than crowd the docks
    m_notice->setObjectName(QStringLiteral("DataViewerNotice"));
    m_notice->setWordWrap(true);
    m_noticeRow->setVisible(false);
    m_noticeRow->setAutoFillBackground(true);
    m_noticeRow->setBackgroundRole(QPalette::ToolTipBase);
    m_noticeRow->setForegroundRole(QPalette::ToolTipText);
    m_followButton->setObjectName(QStringLiteral("DataViewerFollow"));
    m_followButton->setText(tr("Show “%1” Now").arg(m_title));
    m_followButton->setToolTip(tr("Show what the name names now and let go of the old object"));
    m_followButton->setVisible(false);
    connect(m_followButton, &QPushButton::clicked, this, &DataViewer::followName);
    auto noticeLayout = new QHBoxLayout(m_noticeRow);
    noticeLayout->setContentsMargins(6, 6, 6, 6);
    noticeLayout->addWidget(m_notice, 1);
    noticeLayout->addWidget(m_followButton);

    m_findBar->setVisible(false);
    connect(m_findBar, &TableFindBar::findRequested, this, &DataViewer::find);
    connect(m_findBar, &TableFindBar::stopRequested, this, [this] {
        if (m_search)
            m_search->deleteLater();
        m_findBar->setSearching(false);
        m_findBar->setStatus(tr("Stopped"));
    });
    connect(m_findBar, &TableFindBar::closed, m_grid, [this] { m_grid->setFocus(); });
    auto findShortcut = new QShortcut(QKeySequence::Find, this);
    findShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(findShortcut, &QShortcut::activated, m_findBar, &TableFindBar::open);
    for (const bool backward : {false, true}) {
        auto again = new QShortcut(backward ? QKeySequence::FindPrevious : QKeySequence::FindNext,
                                   this);
        again->setContext(Qt::WidgetWithChildrenShortcut);
        connect(again, &QShortcut::activated, this, [this, backward] {
            if (m_findBar->text().isEmpty())
                m_findBar->open();
            else
                find(m_findBar->text(), backward, m_findBar->matchCase());
        });
    }
    m_progress->setObjectName(QStringLiteral("DataViewerProgress"));
    m_progress->setVisible(false);
    m_cancelView->setVisible(false);
    m_cancelView->setToolTip(tr("Go back to the rows as they were shown before"));
    connect(m_cancelView, &QPushButton::clicked, this, &DataViewer::cancelView);
    m_progressTimer.setInterval(ProgressDelayMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &DataViewer::updateProgress);

    m_decimals->setObjectName(QStringLiteral("DataViewerDecimals"));
    m_decimals->setRange(0, Models::CellFormat::MaxDecimals);
    m_decimals->setValue(m_grid->format().decimals());
    m_decimals->setPrefix(tr("Decimals: "));
    m_decimals->setToolTip(tr("Digits after the decimal point for floating-point cells"));
    connect(m_decimals, &QSpinBox::valueChanged, this, [this](int decimals) {
        Models::CellFormat format = m_grid->format();
        format.setDecimals(decimals);
        m_grid->setFormat(format);
        m_filterBar->setFormat(format);
    });
    m_filterButton->setText(tr("Filter"));
    m_filterButton->setObjectName(QStringLiteral("DataViewerFilter"));
    m_filterButton->setCheckable(true);
    m_filterButton->setToolTip(tr("Show only the rows that meet conditions (computed in the "
                                  "session, the variable is not changed)"));
    connect(m_filterButton, &QToolButton::toggled, this, &DataViewer::toggleFilterBar);
    m_codeButton->setText(tr("To Code"));
    m_codeButton->setObjectName(QStringLiteral("DataViewerToCode"));
    m_codeButton->setToolTip(tr("Write the pandas code of this sort and filter into the editor"));
    m_codeButton->setEnabled(false);
    connect(m_codeButton, &QToolButton::clicked, this, [this] {
        const QString code = viewCode();
        if (!code.isEmpty())
            Q_EMIT codeRequested(code);
    });
    m_exportButton->setText(tr("Export…"));
    m_exportButton->setObjectName(QStringLiteral("DataViewerExport"));
    m_exportButton->setToolTip(
            tr("Write the whole table to a CSV, Excel, JSON, Parquet, HTML or Markdown "
               "file"));
    connect(m_exportButton, &QToolButton::clicked, this, &DataViewer::exportRequested);
    m_summaryButton->setText(tr("Summary"));
    m_summaryButton->setObjectName(QStringLiteral("DataViewerSummaryButton"));
    m_summaryButton->setCheckable(true);
    m_summaryButton->setToolTip(tr("Summary and chart of the current column, computed in the "
                                   "session"));
    connect(m_summaryButton, &QToolButton::toggled, this, &DataViewer::toggleSummary);
    m_summaryPanel->setVisible(false);
    m_summaryTimer.setSingleShot(true);
    m_summaryTimer.setInterval(200);
    connect(&m_summaryTimer, &QTimer::timeout, this, [this] {
        summarizeColumn(m_grid->currentCell().column);
    });
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("Read the variable again from the session"));
    connect(m_refresh, &QToolButton::clicked, this, &DataViewer::refresh);

    m_rowCounter = new RowCounter(session, DataViewer::source(), this);
    m_partitionBar->setVisible(false);
    connect(m_partitionBar, &PartitionBar::partitionRequested, this, &DataViewer::showPartition);
    connect(m_partitionBar, &PartitionBar::countRequested, this, &DataViewer::countRows);
    connect(m_partitionBar, &PartitionBar::cancelRequested, this, &DataViewer::stopCountingRows);
    connect(m_rowCounter,
            &RowCounter::progressed,
            m_partitionBar,
            &PartitionBar::showCountProgress);
    connect(m_rowCounter, &RowCounter::counted, m_partitionBar, &PartitionBar::showCount);
    connect(m_rowCounter, &RowCounter::failed, m_partitionBar, &PartitionBar::showCountFailed);

    m_filterBar->setVisible(false);
    connect(m_filterBar, &FilterBar::applyRequested, this, &DataViewer::applyFilter);
    connect(m_filterBar, &FilterBar::clearRequested, this, [this] {
        m_filterBar->clear();
        TableView view = m_pages->view();
        view.filter = {};
        setView(view);
    });

    auto bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 2);
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_progress);
    bar->addWidget(m_cancelView);
    bar->addWidget(m_filterButton);
    bar->addWidget(m_codeButton);
    bar->addWidget(m_exportButton);
    bar->addWidget(m_summaryButton);
    bar->addWidget(m_decimals);
    bar->addWidget(m_refresh);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_partitionBar);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_findBar);
    layout->addWidget(m_noticeRow);
    auto split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_grid);
    split->addWidget(m_summaryPanel);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    layout->addWidget(split, 1);

    connect(m_pages, &TablePages::extentChanged, this, &DataViewer::updateSummary);
    connect(m_pages, &TablePages::extentChanged, this, &DataViewer::updatePartitions);
    // Another object (after following the name), or the same changed in place, may have other
    // columns: an open filter bar lists them once a page has their names. Filtering changes
    // only the rows, and leaves the conditions being edited alone.
    connect(m_pages, &TablePages::extentChanged, this, [this](qint64, qint64 columns) {
        m_filterColumnsStale = columns != m_filterColumnCount;
    });
    connect(m_pages, &TablePages::changed, this, [this] {
        if (m_filterColumnsStale && m_filterBar->isVisibleTo(this)
            && !m_pages->column(0).name.isEmpty())
            updateFilterColumns();
    });
    connect(m_pages, &TablePages::changed, this, &DataViewer::updateProgress);
    connect(m_pages, &TablePages::errorChanged, this, [this](const QString &error) {
        showNotice(error.isEmpty() ? QString() : tr("Nothing to show: %1.").arg(error));
    });
    connect(m_grid, &DataGrid::copyRequested, this, [this] { copySelection(); });
    connect(m_grid, &DataGrid::headerClicked, this, [this](qint64 column, Qt::KeyboardModifiers m) {
        sortByColumn(column, m & Qt::ShiftModifier);
    });
    connect(m_grid, &DataGrid::cellMenuRequested, this, &DataViewer::showCellMenu);
    connect(m_grid, &DataGrid::currentCellChanged, this, [this](qint64, qint64 column) {
        if (m_summaryButton->isChecked() && column != m_summaryColumn)
            m_summaryTimer.start();
    });
    if (session) {
        connect(session,
                &Client::AbstractSession::variablesChanged,
                this,
                &DataViewer::onVariables);
        connect(session, &Client::AbstractSession::stateChanged, this, &DataViewer::onStateChanged);
    }
    setFocusProxy(m_grid);
    setWindowTitle(m_title);
    updateSummary();
    // The first page is asked for now, before the grid is even laid out.
    m_pages->show(TableWindow{0, 60, 0, 30});
}

DataViewer::~DataViewer()
{
    if (m_session)
        m_session->releaseHold(m_hold);
}

QString DataViewer::noticeText() const
{
    return m_noticeRow->isVisibleTo(this) ? m_notice->text() : QString();
}

void DataViewer::followName()
{
    m_followNext = true;
    setRebound(false);
    refresh();
}

void DataViewer::setRebound(bool rebound)
{
    if (rebound == m_rebound)
        return;
    m_rebound = rebound;
    m_followButton->setVisible(rebound);
    m_codeButton->setEnabled(!rebound && !m_pages->view().isEmpty());
    m_exportButton->setEnabled(!rebound); // the code names what the name names now
    // Its tab says so: a viewer of the name as it is now can open beside it.
    setWindowTitle(rebound ? tr("%1 (old)").arg(m_title) : m_title);
}

void DataViewer::onPage(const Protocol::Page &page)
{
    if (!page.error.isEmpty())
        return;
    const bool wasRebound = m_rebound;
    setRebound(page.rebound);
    if (!m_rebound) {
        if (wasRebound)
            showNotice({});
        return;
    }
    showNotice(m_nameDeleted ? tr("“%1” was deleted from the session. This viewer still shows the "
                                  "object it named, which stays in memory while it is shown here.")
                                       .arg(m_title)
                             : tr("“%1” now names another object. This viewer still shows the "
                                  "one it named before, which stays in memory while it is shown "
                                  "here.")
                                       .arg(m_title));
}

void DataViewer::find(const QString &text, bool backward, bool matchCase)
{
    if (m_search)
        m_search->deleteLater();
    if (!m_findBar->isVisible())
        m_findBar->show();
    if (!m_pages->hasExtent() || text.isEmpty())
        return;
    auto search = new TableSearch(m_session, source(), m_pages->view(), this);
    m_search = search;
    m_findBar->setSearching(true);
    m_findBar->setStatus(tr("Searching…"));
    connect(search, &TableSearch::progressed, this, [this](double fraction) {
        m_findBar->setStatus(tr("Searching… %1 %").arg(int(fraction * 100)));
    });
    const auto finish = [this, search](const QString &status) {
        m_findBar->setSearching(false);
        m_findBar->setStatus(status);
        search->deleteLater();
    };
    connect(search, &TableSearch::found, this, [this, finish](qint64 row, qint64 column) {
        finish({});
        showFoundCell(row, column);
    });
    connect(search, &TableSearch::notFound, this, [finish] { finish(tr("Not found")); });
    connect(search, &TableSearch::failed, this, [finish](const QString &error) {
        finish(tr("Not searched: %1").arg(error));
    });
    const DataGrid::Cell current = m_grid->currentCell();
    search->start(text,
                  current.row,
                  current.column,
                  m_pages->rowCount(),
                  m_pages->columnCount(),
                  backward,
                  matchCase);
}

void DataViewer::showFoundCell(qint64 row, qint64 column)
{
    // The engine's answer is untrusted, and the table may have changed meanwhile.
    if (row >= m_pages->rowCount() || column >= m_pages->columnCount())
        return m_findBar->setStatus(tr("Not found"));
    m_grid->setCurrentCell({row, column});
}

QString DataViewer::summaryText() const
{
    return m_summary->text();
}

QString DataViewer::progressText() const
{
    return m_progress->isVisible() ? m_progress->text() : QString();
}

void DataViewer::refresh()
{
    showNotice({});
    m_pages->reload();
    if (m_summaryButton->isChecked() && m_summaryColumn >= 0)
        summarizeColumn(m_summaryColumn);
}

void DataViewer::toggleSummary(bool shown)
{
    m_summaryPanel->setVisible(shown);
    if (shown)
        summarizeColumn(m_grid->currentCell().column);
}

void DataViewer::summarizeColumn(qint64 column)
{
    if (!m_summaryButton->isChecked()) {
        const QSignalBlocker blocker(m_summaryButton);
        m_summaryButton->setChecked(true);
        m_summaryPanel->setVisible(true);
    }
    if (m_summaryFetch)
        m_summaryFetch->cancel();
    m_summaryColumn = column;
    if (!m_session)
        return;
    m_summaryPanel->setFormat(m_grid->format());
    m_summaryPanel->setNote(m_pages->view().filter.isEmpty()
                                    ? QString()
                                    : tr("Of every row of the variable, not only those the "
                                         "filter shows."));
    m_summaryPanel->showLoading(m_pages->column(column).name);
    m_summaryFetch
            = m_session->summarize(Protocol::SummaryRequest{0, m_name, column, m_hold, m_path});
    connect(m_summaryFetch,
            &Client::SummaryFetch::finished,
            m_summaryPanel,
            &SummaryPanel::showSummary);
}

void DataViewer::showPartition(qint64 partition)
{
    TableView view = m_pages->view();
    view.partition
            = std::clamp<qint64>(partition, 0, std::max<qint64>(0, m_pages->partitions() - 1));
    setView(view);
}

void DataViewer::countRows()
{
    m_partitionBar->showCountProgress(0, m_pages->partitions());
    m_rowCounter->start(m_pages->view());
}

void DataViewer::stopCountingRows()
{
    m_rowCounter->cancel();
    m_partitionBar->showCountFailed(tr("stopped"));
}

void DataViewer::updatePartitions()
{
    const qint64 partitions = m_pages->partitions();
    m_partitionBar->setVisible(partitions > 0);
    if (partitions > 0)
        m_partitionBar->setPartitions(m_pages->view().partition, partitions);
    // A column summary, the pandas code of a view and an export would compute the whole frame.
    m_summaryButton->setVisible(partitions == 0);
    m_codeButton->setVisible(partitions == 0);
    m_exportButton->setVisible(partitions == 0);
}

void DataViewer::setView(const TableView &asked)
{
    TableView view = asked;
    const TableView &current = m_pages->view();
    if (view.sort != current.sort || view.filter != current.filter) {
        // Other rows: the partitions and the count are those of another frame.
        view.partition = 0;
        m_rowCounter->cancel();
        m_partitionBar->showCountNotAsked();
    }
    if (view == m_pages->view())
        return;
    m_previousView = m_pages->view();
    if (m_search)
        m_search->deleteLater(); // its cell numbers belong to the old view
    m_viewClock.start();
    showNotice({});
    m_pages->setView(view);
    m_grid->setSortKeys(view.sort);
    m_codeButton->setEnabled(!m_rebound && !view.isEmpty());
    m_progressTimer.start();
    updateSummary();
}

void DataViewer::cancelView()
{
    // The engine finishes what it started; its answer for the abandoned view is dropped.
    const TableView previous = m_previousView;
    setView(previous);
    m_previousView = previous;
}

void DataViewer::updateProgress()
{
    const bool working = m_pages->isWaiting() && !m_pages->covers(m_pages->shown())
                         && m_viewClock.isValid() && m_viewClock.elapsed() >= ProgressDelayMs;
    if (!m_pages->isWaiting())
        m_progressTimer.stop();
    const double seconds = m_viewClock.isValid() ? m_viewClock.elapsed() / 1000.0 : 0.0;
    const QString text
            = m_pages->partitions() > 0
                      ? tr("Computing partition %1 in the session… %2 s")
                                .arg(m_pages->view().partition + 1)
                                .arg(seconds, 0, 'f', 1)
                      : tr("Sorting and filtering in the session… %1 s").arg(seconds, 0, 'f', 1);
    m_progress->setText(working ? text : QString());
    m_progress->setVisible(working);
    m_cancelView->setVisible(working && m_previousView != m_pages->view());
}

void DataViewer::sortByColumn(qint64 column, bool add)
{
    TableView view = m_pages->view();
    QList<Protocol::SortKey> &keys = view.sort;
    const auto it = std::find_if(keys.begin(), keys.end(), [column](const Protocol::SortKey &k) {
        return k.column == column;
    });
    if (!add) {
        // Ascending, then descending, then as the object has it.
        if (it == keys.end() || keys.size() > 1)
            keys = {{column, true}};
        else if (it->ascending)
            keys = {{column, false}};
        else
            keys.clear();
    } else if (it == keys.end()) {
        if (keys.size() < Protocol::MaxSortKeys)
            keys.append({column, true});
    } else {
        it->ascending = !it->ascending;
    }
    setView(view);
}

void DataViewer::toggleFilterBar(bool shown)
{
    showFilterBar(shown, true);
}

void DataViewer::updateFilterColumns()
{
    QList<std::pair<qint64, Protocol::PageColumn>> columns;
    const qint64 count = std::min<qint64>(m_pages->columnCount(), 1000);
    for (qint64 c = 0; c < count; ++c) {
        const Protocol::PageColumn column = m_pages->column(c);
        if (!column.name.isEmpty() || !column.dtype.isEmpty())
            columns.append({c, column});
    }
    m_filterBar->setColumns(columns);
    m_filterColumnCount = m_pages->columnCount();
    m_filterColumnsStale = false;
}

void DataViewer::showFilterBar(bool shown, bool withDefaultCondition)
{
    if (shown) {
        updateFilterColumns();
        m_filterBar->setFormat(m_grid->format());
        if (withDefaultCondition && m_filterBar->conditionCount() == 0)
            m_filterBar->addCondition(m_grid->currentCell().column);
    }
    m_filterBar->setVisible(shown);
}

void DataViewer::applyFilter()
{
    const auto filter = m_filterBar->filter();
    if (!filter)
        return;
    TableView view = m_pages->view();
    view.filter = *filter;
    setView(view);
}

void DataViewer::filterByCell(const DataGrid::Cell &cell)
{
    const QCborValue value = m_pages->cell(cell.row, cell.column);
    if (value.isInvalid())
        return;
    if (!m_filterButton->isChecked()) {
        const QSignalBlocker blocker(m_filterButton);
        m_filterButton->setChecked(true);
        showFilterBar(true, false);
    }
    const bool isNull = value.isNull();
    m_filterBar->addCondition(cell.column,
                              isNull ? FilterOp::IsNull : FilterOp::Equal,
                              isNull ? QString() : Models::CellFormat::plainText(value));
    applyFilter();
}

void DataViewer::showCellMenu(const DataGrid::Cell &cell, const QPoint &globalPos)
{
    QMenu *menu = createCellMenu(cell);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(globalPos);
}

QMenu *DataViewer::createCellMenu(const DataGrid::Cell &cell)
{
    auto menu = new QMenu(this);
    const qint64 column = cell.column;
    menu->addAction(tr("Sort Ascending"), this, [this, column] {
        setView(TableView{{{column, true}}, m_pages->view().filter});
    });
    menu->addAction(tr("Sort Descending"), this, [this, column] {
        setView(TableView{{{column, false}}, m_pages->view().filter});
    });
    if (m_pages->partitions() == 0) // of a Dask frame it would compute the whole frame
        menu->addAction(
                tr("Summary of This Column"), this, [this, column] { summarizeColumn(column); });
    if (cell.row >= 0) {
        menu->addAction(tr("Filter by This Value"), this, [this, cell] { filterByCell(cell); });
        menu->addSeparator();
        QAction *copy = menu->addAction(tr("Copy"), this, [this] { copySelection(); });
        copy->setShortcut(QKeySequence::Copy);
        menu->addAction(tr("Copy as Markdown Table"), this, [this] {
            copySelection(TableCopy::Format::Markdown);
        });
        menu->addAction(
                tr("Copy as HTML Table"), this, [this] { copySelection(TableCopy::Format::Html); });
    }
    menu->addSeparator();
    QAction *clear = menu->addAction(tr("Show All Rows in Order"), this, [this] {
        m_filterBar->clear();
        setView({});
    });
    clear->setEnabled(!m_pages->view().isEmpty());
    return menu;
}

QString DataViewer::viewCode() const
{
    const bool frame = m_typeName == QLatin1String("DataFrame");
    const bool series = m_typeName == QLatin1String("Series");
    if (!frame && !series)
        return QString();
    return Models::viewCode(m_title, m_pages->view(), series);
}

QString DataViewer::viewExpression() const
{
    const bool frame = m_typeName == QLatin1String("DataFrame");
    const bool series = m_typeName == QLatin1String("Series");
    if ((!frame && !series) || m_pages->view().isEmpty())
        return QString();
    return Models::viewExpression(m_title, m_pages->view(), series);
}

QString DataViewer::selectionExpression() const
{
    const bool frame = m_typeName == QLatin1String("DataFrame");
    const bool series = m_typeName == QLatin1String("Series");
    const TableWindow selection = m_grid->selection();
    if ((!frame && !series) || selection.isEmpty())
        return QString();
    QString table = Models::viewExpression(m_title, m_pages->view(), series);
    if (table != m_title)
        table = QStringLiteral("(%1)").arg(table);
    const QString rows
            = QStringLiteral("%1:%2").arg(selection.row).arg(selection.row + selection.rows);
    if (series)
        return QStringLiteral("%1.iloc[%2]").arg(table, rows);
    return QStringLiteral("%1.iloc[%2, %3:%4]")
            .arg(table, rows)
            .arg(selection.column)
            .arg(selection.column + selection.columns);
}

void DataViewer::onVariables(const Protocol::VariablesDiff &diff)
{
    if (diff.removed.contains(m_name)) {
        // The page says whether this viewer still holds the object (it does unless it follows).
        m_nameDeleted = true;
        m_pages->reload();
        return;
    }
    // A run may have written into the object without changing its summary (df.loc[i] = x), so
    // every run's diff (id != 0) refreshes what is in view: one page, old cells kept meanwhile.
    for (const Protocol::VariableSummary &summary : diff.changed) {
        if (summary.name == m_name) {
            m_nameDeleted = false;
            if (m_path.isEmpty())
                m_typeName = summary.type; // of the name, as To Code writes it
            return refresh();
        }
    }
    if (diff.id != 0) {
        // Only the pages: a summary of 10^7 rows after every run would keep the side thread
        // (and completion) busy. Refresh or a change of the name summarises again.
        m_pages->reload();
    }
}

void DataViewer::onStateChanged(Client::SessionState state)
{
    using Client::SessionState;
    if (state == SessionState::Restarting || state == SessionState::Dead) {
        setRebound(false); // a new engine holds nothing
        showNotice(tr("The session restarted or ended: “%1” is gone. It shows here again when "
                      "the name is defined again.")
                           .arg(m_title));
    }
}

void DataViewer::showNotice(const QString &text)
{
    m_notice->setText(text);
    m_noticeRow->setVisible(!text.isEmpty());
}

void DataViewer::updateSummary()
{
    if (m_pages->hasExtent() && m_pages->rowCount() == 0 && !m_pages->view().filter.isEmpty())
        showNotice(tr("No row meets the filter."));
    else if (noticeText() == tr("No row meets the filter."))
        showNotice({});
    QString text = QStringLiteral("<b>%1</b>").arg(m_title.toHtmlEscaped());
    if (m_pages->hasExtent()) {
        const QLocale locale;
        const bool filtered = !m_pages->view().filter.isEmpty();
        text += QStringLiteral(" &nbsp; ");
        const auto rows = [&locale](qint64 n) {
            return n == 1 ? tr("1 row") : tr("%1 rows").arg(locale.toString(n));
        };
        const qint64 columns = m_pages->columnCount();
        const QString columnText
                = columns == 1 ? tr("1 column") : tr("%1 columns").arg(locale.toString(columns));
        if (m_pages->partitions() > 0) {
            // Rows of the partition shown: the frame's own count is the partition bar's.
            text += tr("%1 in partition %2 of %3 × %4")
                            .arg(rows(m_pages->rowCount()),
                                 locale.toString(m_pages->view().partition + 1),
                                 locale.toString(m_pages->partitions()),
                                 columnText);
            if (filtered)
                text += tr(" (filtered)");
            return m_summary->setText(text);
        }
        text += filtered ? tr("%1 of %2 × %3")
                                   .arg(locale.toString(m_pages->rowCount()),
                                        rows(m_pages->sourceRowCount()),
                                        columnText)
                         : tr("%1 × %2").arg(rows(m_pages->rowCount()), columnText);
    }
    m_summary->setText(text);
}

void DataViewer::copySelection(TableCopy::Format format)
{
    const TableWindow selection = m_grid->selection();
    if (!m_pages->hasExtent() || selection.isEmpty() || m_copying)
        return;
    if (selection.rows > MaxCopyCells / selection.columns) {
        const QString message = tr("%1 cells are selected; at most %2 are copied at once. Select "
                                   "fewer, or export the table.")
                                        .arg(QLocale().toString(selection.rows * selection.columns),
                                             QLocale().toString(MaxCopyCells));
        showNotice(message);
        Q_EMIT copyFailed(message);
        return;
    }
    m_copying = true;
    auto copy = new TableCopy(m_session, source(), selection, m_pages->view(), format, this);
    connect(copy, &TableCopy::finished, this, [this, selection, format](const QString &text) {
        m_copying = false;
        auto data = new QMimeData;
        data->setText(text);
        // Rich editors (mail, documents) paste an HTML table as a table.
        if (format == TableCopy::Format::Html)
            data->setHtml(text);
        QGuiApplication::clipboard()->setMimeData(data);
        Q_EMIT copied(selection.rows, selection.columns);
    });
    connect(copy, &TableCopy::failed, this, [this](const QString &error) {
        m_copying = false;
        const QString message = tr("The selection could not be copied: %1.").arg(error);
        showNotice(message);
        Q_EMIT copyFailed(message);
    });
    copy->start();
}

} // namespace Sandpiper::Ui
