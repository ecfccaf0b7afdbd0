#include "dataviewer.h"

#include "datagrid.h"
#include "tablecopy.h"
#include "tablepages.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace Sandpiper::Ui {

using Models::TablePages;
using Models::TableWindow;

DataViewer::DataViewer(Client::AbstractSession *session, const QString &name, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_name(name)
    , m_summary(new QLabel(this))
    , m_notice(new QLabel(this))
    , m_decimals(new QSpinBox(this))
    , m_refresh(new QToolButton(this))
{
    setObjectName(QStringLiteral("DataViewer"));
    QPointer<DataViewer> self(this);
    m_pages = new TablePages(
            [self](const TableWindow &window, const TablePages::Done &done) {
                if (!self || !self->m_session) {
                    Protocol::Page page;
                    page.error = tr("the session is gone");
                    done(page);
                    return;
                }
                Client::PageFetch *fetch = self->m_session->fetchPage(self->m_name,
                                                                      window.row,
                                                                      int(window.rows),
                                                                      window.column,
                                                                      int(window.columns));
                connect(fetch, &Client::PageFetch::finished, self.data(), done);
            },
            this);
    m_grid = new DataGrid(m_pages, this);
    m_grid->setObjectName(QStringLiteral("DataGrid"));

    m_summary->setObjectName(QStringLiteral("DataViewerSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->setObjectName(QStringLiteral("DataViewerNotice"));
    m_notice->setWordWrap(true);
    m_notice->setMargin(6);
    m_notice->setVisible(false);
    m_notice->setAutoFillBackground(true);
    m_notice->setBackgroundRole(QPalette::ToolTipBase);
    m_notice->setForegroundRole(QPalette::ToolTipText);

    m_decimals->setObjectName(QStringLiteral("DataViewerDecimals"));
    m_decimals->setRange(0, Models::CellFormat::MaxDecimals);
    m_decimals->setValue(m_grid->format().decimals());
    m_decimals->setPrefix(tr("Decimals: "));
    m_decimals->setToolTip(tr("Digits after the decimal point for floating-point cells"));
    connect(m_decimals, &QSpinBox::valueChanged, this, [this](int decimals) {
        Models::CellFormat format = m_grid->format();
        format.setDecimals(decimals);
        m_grid->setFormat(format);
    });
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("Read the variable again from the session"));
    connect(m_refresh, &QToolButton::clicked, this, &DataViewer::refresh);

    auto bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 2);
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_decimals);
    bar->addWidget(m_refresh);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_notice);
    layout->addWidget(m_grid, 1);

    connect(m_pages, &TablePages::extentChanged, this, &DataViewer::updateSummary);
    connect(m_pages, &TablePages::errorChanged, this, [this](const QString &error) {
        showNotice(error.isEmpty() ? QString() : tr("Nothing to show: %1.").arg(error));
    });
    connect(m_grid, &DataGrid::copyRequested, this, &DataViewer::copySelection);
    if (session) {
        connect(session,
                &Client::AbstractSession::variablesChanged,
                this,
                &DataViewer::onVariables);
        connect(session, &Client::AbstractSession::stateChanged, this, &DataViewer::onStateChanged);
    }
    setFocusProxy(m_grid);
    updateSummary();
    // The first page is asked for now, before the grid is even laid out.
    m_pages->show(TableWindow{0, 60, 0, 30});
}

QString DataViewer::noticeText() const
{
    return m_notice->isVisible() ? m_notice->text() : QString();
}

QString DataViewer::summaryText() const
{
    return m_summary->text();
}

void DataViewer::refresh()
{
    showNotice({});
    m_pages->reload();
}

void DataViewer::onVariables(const Protocol::VariablesDiff &diff)
{
    if (diff.removed.contains(m_name)) {
        showNotice(tr("“%1” was deleted from the session.").arg(m_name));
        return;
    }
    // A run may have written into the object without changing its summary (df.loc[i] = x), so
    // every run's diff (id != 0) refreshes what is in view: one page, old cells kept meanwhile.
    const bool named = std::any_of(diff.changed.cbegin(),
                                   diff.changed.cend(),
                                   [this](const Protocol::VariableSummary &summary) {
                                       return summary.name == m_name;
                                   });
    if (named || diff.id != 0)
        refresh();
}

void DataViewer::onStateChanged(Client::SessionState state)
{
    using Client::SessionState;
    if (state == SessionState::Restarting || state == SessionState::Dead)
        showNotice(tr("The session restarted or ended: “%1” is gone. It shows here again when "
                      "the name is defined again.")
                           .arg(m_name));
}

void DataViewer::showNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

void DataViewer::updateSummary()
{
    if (!m_pages->hasExtent()) {
        m_summary->setText(QStringLiteral("<b>%1</b>").arg(m_name.toHtmlEscaped()));
        return;
    }
    const QLocale locale;
    m_summary->setText(tr("<b>%1</b> &nbsp; %2 rows × %3 columns")
                               .arg(m_name.toHtmlEscaped(),
                                    locale.toString(m_pages->rowCount()),
                                    locale.toString(m_pages->columnCount())));
}

void DataViewer::copySelection()
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
    auto copy = new TableCopy(m_session, m_name, selection, this);
    connect(copy, &TableCopy::finished, this, [this, selection](const QString &tsv) {
        m_copying = false;
        QGuiApplication::clipboard()->setText(tsv);
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
