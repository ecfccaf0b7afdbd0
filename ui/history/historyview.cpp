#include "historyview.h"

#include "historymodel.h"
#include "historyrecorder.h"
#include "retentiondialog.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace Sandpiper::Ui {

namespace {
enum Period { AnyTime, Today, LastWeek, LastMonth };

QString memoryText(qint64 bytes)
{
    return bytes < 0 ? QStringLiteral("?") : QLocale().formattedDataSize(bytes);
}
} // namespace

HistoryView::HistoryView(QWidget *parent)
    : QWidget(parent)
{
    m_search = new QLineEdit;
    m_search->setPlaceholderText(tr("Search code…"));
    m_search->setClearButtonEnabled(true);
    m_status = new QComboBox;
    m_status->addItem(tr("Any status"), QString());
    for (const char *status : {"ok",
                               "error",
                               "interrupted",
                               "killed",
                               "crashed",
                               "timeout",
                               "memory",
                               "output_limit",
                               "disk_limit",
                               "cancelled"})
        m_status->addItem(QString::fromLatin1(status), QString::fromLatin1(status));
    m_session = new QComboBox;
    m_session->addItem(tr("All sessions"), QString());
    m_period = new QComboBox;
    m_period->addItem(tr("Any time"), AnyTime);
    m_period->addItem(tr("Today"), Today);
    m_period->addItem(tr("Last 7 days"), LastWeek);
    m_period->addItem(tr("Last 30 days"), LastMonth);
    // The search gets a row of its own: the dock is often narrow.
    auto filters = new QHBoxLayout;
    filters->setContentsMargins(0, 0, 0, 0);
    filters->addWidget(m_status, 1);
    filters->addWidget(m_session, 1);
    filters->addWidget(m_period, 1);

    m_model = new HistoryModel(this);
    m_table = new QTableView;
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(HistoryModel::Code, QHeaderView::Stretch);
    m_table->setWordWrap(false);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->horizontalHeader()->setMinimumSectionSize(40);
    m_table->setColumnWidth(HistoryModel::Time, 64);
    m_table->setColumnWidth(HistoryModel::Session, 72);
    m_table->setColumnWidth(HistoryModel::Source, 110);
    m_table->setColumnWidth(HistoryModel::Status, 72);
    m_table->setColumnWidth(HistoryModel::Duration, 56);

    m_code = new QPlainTextEdit;
    m_code->setReadOnly(true);
    m_code->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_code->setLineWrapMode(QPlainTextEdit::NoWrap);
    // The dock shares its column with others: it must not make the window taller.
    m_code->setMinimumHeight(m_code->fontMetrics().height() * 2);
    m_table->setMinimumHeight(m_table->fontMetrics().height() * 4);
    m_details = new QLabel;
    m_details->setWordWrap(true);
    // Whatever a run's details hold, they wrap within the dock and never widen it.
    m_details->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Tool buttons: the dock is often narrow, and it must not widen the window.
    const auto toolButton = [](const QString &text) {
        auto made = new QToolButton;
        made->setText(text);
        return made;
    };
    m_rerun = toolButton(tr("Run Again"));
    m_toEditor = toolButton(tr("To Editor"));
    m_toConsole = toolButton(tr("To Console"));
    m_copy = toolButton(tr("Copy"));
    m_keep = toolButton(tr("Keep…"));
    m_keep->setToolTip(tr("How long the history keeps runs"));
    auto buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    for (QToolButton *button : {m_rerun, m_toEditor, m_toConsole, m_copy})
        buttons->addWidget(button);
    buttons->addStretch(1);
    buttons->addWidget(m_keep);
    auto details = new QWidget;
    auto detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_code, 1);
    detailsLayout->addWidget(m_details);
    detailsLayout->addLayout(buttons);

    auto splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_table);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    m_message = new QLabel;
    m_message->hide();
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_search);
    layout->addLayout(filters);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);

    m_refreshTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, &HistoryView::refresh);
    connect(m_search, &QLineEdit::textChanged, this, [this] { scheduleRefresh(200); });
    for (QComboBox *filter : {m_status, m_session, m_period})
        connect(filter, &QComboBox::currentIndexChanged, this, [this] { scheduleRefresh(0); });
    connect(m_table->selectionModel(),
            &QItemSelectionModel::selectionChanged,
            this,
            &HistoryView::showSelected);
    const auto withCode = [this](auto signal) {
        return [this, signal] {
            if (const RunRecord *run = selectedRecord())
                Q_EMIT(this->*signal)(run->code);
        };
    };
    connect(m_rerun, &QToolButton::clicked, this, withCode(&HistoryView::rerunRequested));
    connect(m_toEditor,
            &QToolButton::clicked,
            this,
            withCode(&HistoryView::insertIntoEditorRequested));
    connect(m_toConsole,
            &QToolButton::clicked,
            this,
            withCode(&HistoryView::insertIntoConsoleRequested));
    connect(m_copy, &QToolButton::clicked, this, &HistoryView::copySelected);
    connect(m_keep, &QToolButton::clicked, this, &HistoryView::editRetention);
    connect(m_table,
            &QTableView::doubleClicked,
            this,
            withCode(&HistoryView::insertIntoConsoleRequested));
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (!selectedRecord())
            return;
        QMenu menu;
        menu.addAction(m_rerun->text(), m_rerun, &QToolButton::click);
        menu.addAction(m_toEditor->text(), m_toEditor, &QToolButton::click);
        menu.addAction(m_toConsole->text(), m_toConsole, &QToolButton::click);
        menu.addAction(m_copy->text(), m_copy, &QToolButton::click);
        menu.exec(m_table->viewport()->mapToGlobal(pos));
    });
    showSelected();
}

void HistoryView::setRecorder(HistoryRecorder *history)
{
    if (m_history)
        disconnect(m_history, nullptr, this, nullptr);
    m_history = history;
    if (m_history) {
        connect(m_history, &HistoryRecorder::searched, this, &HistoryView::showResults);
        connect(m_history, &HistoryRecorder::recorded, this, [this] {
            if (isVisible())
                scheduleRefresh(300);
            else
                m_stale = true;
        });
    }
    m_stale = true;
    if (isVisible())
        refresh();
}

HistoryStore::Query HistoryView::query() const
{
    HistoryStore::Query query;
    query.text = m_search->text().trimmed();
    query.status = m_status->currentData().toString();
    query.session = m_session->currentData().toString();
    const QDateTime now = QDateTime::currentDateTime();
    switch (m_period->currentData().toInt()) {
    case Today:
        query.from = QDateTime(now.date(), QTime(0, 0));
        break;
    case LastWeek:
        query.from = now.addDays(-7);
        break;
    case LastMonth:
        query.from = now.addDays(-30);
        break;
    default:
        break;
    }
    return query;
}

void HistoryView::scheduleRefresh(int delayMs)
{
    m_refreshTimer.start(delayMs);
}

void HistoryView::refresh()
{
    m_refreshTimer.stop();
    m_stale = false;
    if (m_history)
        m_awaited = m_history->search(query());
}

void HistoryView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitColumns();
}

void HistoryView::fitColumns()
{
    // The dock's own width: the table's is not laid out yet when the dock first shows.
    const int width = this->width();
    // One session (the usual case) needs no column to say which.
    m_table->setColumnHidden(HistoryModel::Session, width < 640 || m_session->count() <= 2);
    m_table->setColumnHidden(HistoryModel::Source, width < 480);
    m_table->setColumnHidden(HistoryModel::Duration, width < 360);
}

void HistoryView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void HistoryView::showResults(quint64 serial, const QList<RunRecord> &records, const QString &error)
{
    if (serial != m_awaited) // an older search, overtaken by typing
        return;
    m_message->setVisible(!error.isEmpty());
    m_message->setText(tr("The history cannot be searched: %1").arg(error));
    m_model->setRecords(records);
    noteSessions(records);
    // The selected run stays selected when it is still found.
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->record(row)->id == m_selectedId) {
            m_table->selectRow(row);
            break;
        }
    }
    showSelected();
    Q_EMIT refreshed(int(records.size()));
}

void HistoryView::noteSessions(const QList<RunRecord> &records)
{
    for (const RunRecord &run : records) {
        if (m_session->findData(run.session) < 0)
            m_session->addItem(run.session, run.session);
    }
    fitColumns();
}

const RunRecord *HistoryView::selectedRecord() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_model->record(rows.constFirst().row());
}

void HistoryView::showSelected()
{
    const RunRecord *run = selectedRecord();
    for (QToolButton *button : {m_rerun, m_toEditor, m_toConsole, m_copy})
        button->setEnabled(run != nullptr);
    m_selectedId = run ? run->id : 0;
    if (!run) {
        m_code->clear();
        m_details->setText(m_model->rowCount() == 0 && !m_search->text().isEmpty()
                                   ? tr("No run matches.")
                                   : tr("Select a run to see its code."));
        return;
    }
    m_code->setPlainText(run->code);
    QStringList lines;
    lines << tr("Run %1 in %2, %3: %4 after %5; CPU %6, peak memory %7, output %8.")
                     .arg(run->id)
                     .arg(run->session,
                          QLocale().toString(run->started.toLocalTime(), QLocale::ShortFormat),
                          run->status,
                          HistoryModel::durationText(run->wallSeconds),
                          HistoryModel::durationText(run->cpuSeconds),
                          memoryText(run->peakMemoryBytes),
                          QLocale().formattedDataSize(qint64(run->outputBytes)));
    if (!run->errorType.isEmpty() || !run->errorMessage.isEmpty())
        lines << tr("Error: %1")
                         .arg((run->errorType.isEmpty() ? QString()
                                                        : run->errorType + QLatin1String(": "))
                              + run->errorMessage.left(500));
    const QJsonArray findings = QJsonDocument::fromJson(run->findings.toUtf8()).array();
    if (!findings.isEmpty())
        lines << tr("Security scan: %n finding(s).", nullptr, int(findings.size()));
    // The whole hash is in the tooltip and the audit export; a prefix tells runs apart here.
    lines << tr("SHA-256 %1…").arg(run->codeSha256.left(16));
    m_details->setToolTip(run->codeSha256);
    m_details->setText(lines.join(u'\n'));
}

void HistoryView::editRetention()
{
    RetentionDialog dialog(HistoryRecorder::savedRetention(), this);
    const bool apply
            = m_retentionPrompt ? m_retentionPrompt(dialog) : dialog.exec() == QDialog::Accepted;
    if (!apply)
        return;
    HistoryRecorder::saveRetention(dialog.retention());
    if (m_history) {
        m_history->setRetention(dialog.retention());
        scheduleRefresh(300); // what was removed leaves the list too
    }
}

void HistoryView::copySelected()
{
    if (const RunRecord *run = selectedRecord())
        QApplication::clipboard()->setText(run->code);
}

} // namespace Sandpiper::Ui
