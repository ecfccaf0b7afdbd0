#include "plotsview.h"

#include "chartexport.h"
#include "chartsandbox.h"
#include "chartview.h"
#include "plotcanvas.h"

#include <chartpage.h>
#include <plothistory.h>

#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QGuiApplication>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QSaveFile>
#include <QShortcut>
#include <QStackedWidget>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWebEngineView>

namespace Sandpiper::Ui {

PlotsView::PlotsView(Models::PlotHistory *history, QWidget *parent)
    : QWidget(parent)
    , m_history(history)
    , m_pages(new QStackedWidget)
    , m_canvas(new PlotCanvas)
    , m_strip(new QListView)
    , m_position(new QLabel)
    , m_toolBar(new QToolBar)
{
    setObjectName(QStringLiteral("PlotsView"));
    m_toolBar->setIconSize(QSize(16, 16));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    addButton(QStringLiteral("PlotPrevious"), tr("◀"), tr("Previous figure (Left)"), [this] {
        showPrevious();
    });
    m_position->setObjectName(QStringLiteral("PlotPosition"));
    m_toolBar->addWidget(m_position);
    addButton(
            QStringLiteral("PlotNext"), tr("▶"), tr("Next figure (Right)"), [this] { showNext(); });
    m_toolBar->addSeparator();
    QToolButton *fit = addButton(
            QStringLiteral("PlotFit"), tr("Fit"), tr("Fit the figure to the pane"), [this] {
                m_canvas->setFit(true);
                updateControls();
            });
    fit->defaultAction()->setCheckable(true);
    addButton(QStringLiteral("PlotActualSize"), tr("1:1"), tr("The figure's own size"), [this] {
        m_canvas->setFit(false);
        updateControls();
    });
    addButton(QStringLiteral("PlotZoomIn"), tr("+"), tr("Zoom in (Ctrl+wheel)"), [this] {
        m_canvas->zoomBy(1.25);
        updateControls();
    });
    addButton(QStringLiteral("PlotZoomOut"), tr("−"), tr("Zoom out (Ctrl+wheel)"), [this] {
        m_canvas->zoomBy(0.8);
        updateControls();
    });
    m_toolBar->addSeparator();
    addButton(QStringLiteral("PlotGoToCode"),
              tr("Go to Code"),
              tr("Show the code that drew this figure"),
              [this] {
                  if (m_current >= 0)
                      Q_EMIT goToCodeRequested(m_history->origin(m_current));
              });
    addButton(QStringLiteral("PlotOpenWindow"),
              tr("Open"),
              tr("Open the figure in a window of its own"),
              [this] { openInWindow(); });
    addButton(QStringLiteral("PlotExport"),
              tr("Export…"),
              tr("Draw the figure again at a size and DPI you choose, as PNG, JPEG, SVG or PDF"),
              [this] {
                  if (m_current >= 0)
                      Q_EMIT exportRequested(m_current);
              });
    addButton(QStringLiteral("PlotSave"),
              tr("Save…"),
              tr("Save the figure as the session drew it"),
              [this] { chooseAndSave(); });
    addButton(QStringLiteral("PlotCopy"), tr("Copy"), tr("Copy the figure as an image"), [this] {
        copyCurrent();
    });
    addButton(QStringLiteral("PlotDelete"), tr("Delete"), tr("Delete this figure"), [this] {
        removeCurrent();
    });
    addButton(QStringLiteral("PlotClear"), tr("Clear All"), tr("Delete every figure"), [this] {
        m_history->clear();
    });

    auto empty = new QLabel(tr("Figures the session draws appear here."));
    empty->setObjectName(QStringLiteral("PlotsEmpty"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setEnabled(false);
    m_pages->addWidget(empty);
    m_pages->addWidget(m_canvas);

    m_strip->setObjectName(QStringLiteral("PlotStrip"));
    m_strip->setModel(m_history);
    m_strip->setViewMode(QListView::IconMode);
    m_strip->setFlow(QListView::LeftToRight);
    m_strip->setWrapping(false);
    m_strip->setMovement(QListView::Static);
    m_strip->setUniformItemSizes(true);
    m_strip->setIconSize(Models::PlotHistory::ThumbnailSize);
    m_strip->setSpacing(2);
    m_strip->setSelectionMode(QAbstractItemView::SingleSelection);
    m_strip->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_strip->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_strip->setFixedHeight(Models::PlotHistory::ThumbnailSize.height() + 44);
    connect(m_strip->selectionModel(),
            &QItemSelectionModel::currentChanged,
            this,
            [this](const QModelIndex &index) {
                if (!m_removing && index.isValid() && index.row() != m_current)
                    setCurrentRow(index.row());
            });

    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_strip);

    for (const auto &[key, step] : {std::pair{Qt::Key_Left, -1}, std::pair{Qt::Key_Right, 1}}) {
        auto shortcut = new QShortcut(QKeySequence(key), this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, [this, step = step] {
            step < 0 ? showPrevious() : showNext();
        });
    }
    auto remove = new QShortcut(QKeySequence::Delete, this);
    remove->setContext(Qt::WidgetWithChildrenShortcut);
    connect(remove, &QShortcut::activated, this, &PlotsView::removeCurrent);

    // The newest figure is shown as it arrives; a removal keeps the neighbour in view.
    connect(m_history, &QAbstractItemModel::rowsInserted, this, [this](auto, int, int last) {
        setCurrentRow(last);
    });
    connect(m_history, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this] {
        m_removing = true;
    });
    connect(m_history, &QAbstractItemModel::rowsRemoved, this, [this](auto, int first, int last) {
        m_removing = false;
        if (m_current >= first && m_current <= last) { // the figure shown went: its neighbour
            m_current = -1;
            setCurrentRow(qMin(first, m_history->rowCount() - 1));
        } else if (m_current > last) { // the same figure, now on an earlier row
            m_current -= last - first + 1;
            m_strip->setCurrentIndex(m_history->index(m_current));
            updateControls();
        } else {
            updateControls();
        }
    });
    connect(m_history, &QAbstractItemModel::modelReset, this, [this] {
        m_current = -1;
        setCurrentRow(m_history->rowCount() - 1);
    });
    setCurrentRow(m_history->rowCount() - 1);
}

QToolButton *PlotsView::addButton(const QString &objectName,
                                  const QString &text,
                                  const QString &toolTip,
                                  const std::function<void()> &action)
{
    QAction *added = m_toolBar->addAction(text, this, action);
    added->setToolTip(toolTip);
    auto button = qobject_cast<QToolButton *>(m_toolBar->widgetForAction(added));
    button->setObjectName(objectName);
    return button;
}

QToolButton *PlotsView::button(const QString &objectName) const
{
    return m_toolBar->findChild<QToolButton *>(objectName);
}

QString PlotsView::position() const
{
    return m_position->text();
}

void PlotsView::setCurrentRow(int row)
{
    if (row >= m_history->rowCount())
        row = m_history->rowCount() - 1;
    m_current = row;
    if (row >= 0) {
        const QModelIndex index = m_history->index(row);
        m_strip->setCurrentIndex(index);
        m_strip->scrollTo(index);
    }
    showCurrent();
}

void PlotsView::showPrevious()
{
    if (m_current > 0)
        setCurrentRow(m_current - 1);
}

void PlotsView::showNext()
{
    if (m_current >= 0 && m_current + 1 < m_history->rowCount())
        setCurrentRow(m_current + 1);
}

void PlotsView::removeCurrent()
{
    if (m_current >= 0)
        m_history->remove(m_current);
}

void PlotsView::warmUp()
{
    ensureChartView();
}

ChartView *PlotsView::ensureChartView()
{
    if (!m_chart) {
        m_sandbox = new ChartSandbox(this);
        m_chart = new ChartView(m_sandbox);
        m_pages->addWidget(m_chart);
    }
    return m_chart;
}

namespace {

ChartView::Kind chartKind(const QString &mime)
{
    return mime == Models::PlotHistory::PlotlyMime ? ChartView::Kind::Plotly
                                                   : ChartView::Kind::VegaLite;
}

} // namespace

void PlotsView::showChartOf(ChartView *view, int row) const
{
    view->showChart(chartKind(m_history->mime(row)), m_history->imageData(row));
}

void PlotsView::showCurrent()
{
    if (m_current >= 0 && m_history->isChart(m_current)) {
        showChartOf(ensureChartView(), m_current);
        m_pages->setCurrentWidget(m_chart);
        updateControls();
        return;
    }
    m_pages->setCurrentIndex(m_current >= 0 ? 1 : 0);
    if (m_current >= 0) {
        QString error;
        const QImage image = m_history->image(m_current, {}, &error);
        if (image.isNull())
            m_canvas->setMessage(error);
        else
            m_canvas->setImage(image);
    }
    updateControls();
}

void PlotsView::updateControls()
{
    const int count = m_history->rowCount();
    const bool any = m_current >= 0;
    m_position->setText(any ? tr("%1 / %2").arg(m_current + 1).arg(count) : QString());
    button(QStringLiteral("PlotPrevious"))->defaultAction()->setEnabled(m_current > 0);
    button(QStringLiteral("PlotNext"))->defaultAction()->setEnabled(any && m_current + 1 < count);
    button(QStringLiteral("PlotFit"))->defaultAction()->setChecked(m_canvas->fits());
    for (const char *name : {"PlotFit",
                             "PlotActualSize",
                             "PlotZoomIn",
                             "PlotZoomOut",
                             "PlotGoToCode",
                             "PlotOpenWindow",
                             "PlotSave",
                             "PlotCopy",
                             "PlotDelete",
                             "PlotClear"})
        button(QLatin1String(name))->defaultAction()->setEnabled(any);
    // Charts zoom and pan in their own page.
    const bool chart = any && m_history->isChart(m_current);
    for (const char *name : {"PlotFit", "PlotActualSize", "PlotZoomIn", "PlotZoomOut"})
        button(QLatin1String(name))->defaultAction()->setEnabled(any && !chart);
    button(QStringLiteral("PlotExport"))
            ->defaultAction()
            ->setEnabled(chart || (any && m_history->figureNumber(m_current) > 0));
    button(QStringLiteral("PlotGoToCode"))
            ->defaultAction()
            ->setEnabled(any && !m_history->origin(m_current).isEmpty());
    m_strip->setVisible(count > 1);
}

QString PlotsView::saveCurrentAs(const QString &path) const
{
    if (m_current < 0)
        return tr("There is no figure to save.");
    QString error;
    const QByteArray bytes = savedBytes(m_current, &error);
    return error.isEmpty() ? writeImage(bytes, path) : error;
}

QByteArray PlotsView::savedBytes(int row, QString *error) const
{
    const QByteArray data = m_history->imageData(row);
    if (!m_history->isChart(row) || data.isEmpty())
        return data;
    // A chart is saved as a page that works anywhere, offline.
    const QString page
            = Resources::ChartPage::standalone(chartKind(m_history->mime(row)), data, error);
    return page.toUtf8();
}

QString PlotsView::savedSuffix(int row) const
{
    if (m_history->isChart(row))
        return QStringLiteral("html");
    return m_history->mime(row) == QLatin1String("image/svg+xml") ? QStringLiteral("svg")
                                                                  : QStringLiteral("png");
}

void PlotsView::exportChart(int row,
                            const Models::PlotExport &options,
                            const QString &path,
                            const std::function<void(const QString &error)> &done)
{
    if (!m_history->isChart(row)) {
        done(tr("Figure %1 is not an interactive chart.").arg(row + 1));
        return;
    }
    if (options.format == QLatin1String("html")) {
        QString error;
        const QByteArray page = savedBytes(row, &error);
        done(error.isEmpty() ? writeImage(page, path) : error);
        return;
    }
    // The warm page draws the chart it exports.
    if (row != m_current)
        setCurrentRow(row);
    ChartExport::render(
            ensureChartView(), options, [path, done](const QByteArray &file, const QString &error) {
                done(error.isEmpty() ? writeImage(file, path) : error);
            });
}

QString PlotsView::writeImage(const QByteArray &bytes, const QString &path)
{
    if (bytes.isEmpty())
        return tr("The figure's image is gone.");
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return {};
}

void PlotsView::chooseAndSave()
{
    if (m_current < 0)
        return;
    // Taken now: figures may arrive (and rows move) while the file dialog is open.
    QString error;
    const QByteArray bytes = savedBytes(m_current, &error);
    const QString suffix = savedSuffix(m_current);
    const QString filter = suffix == QLatin1String("html")  ? tr("Web page (*.html)")
                           : suffix == QLatin1String("svg") ? tr("SVG image (*.svg)")
                                                            : tr("PNG image (*.png)");
    const QString path = QFileDialog::getSaveFileName(
            this,
            tr("Save Figure"),
            QDir::home().filePath(QStringLiteral("figure-%1.%2").arg(m_current + 1).arg(suffix)),
            filter);
    if (path.isEmpty())
        return;
    if (error.isEmpty())
        error = writeImage(bytes, path);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Save Figure"), error);
}

void PlotsView::copyCurrent() const
{
    if (m_current >= 0 && m_history->isChart(m_current)) {
        QGuiApplication::clipboard()->setImage(m_chart->webView()->grab().toImage());
        return;
    }
    if (!m_canvas->image().isNull())
        QGuiApplication::clipboard()->setImage(m_canvas->image());
}

QWidget *PlotsView::openInWindow()
{
    if (m_current >= 0 && m_history->isChart(m_current)) {
        auto window = new ChartView(m_sandbox);
        window->setAttribute(Qt::WA_DeleteOnClose);
        window->setWindowTitle(tr("Figure %1").arg(m_current + 1));
        showChartOf(window, m_current);
        window->resize(900, 600);
        window->show();
        return window;
    }
    if (m_current < 0 || m_canvas->image().isNull())
        return nullptr;
    auto window = new PlotCanvas;
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->setWindowTitle(tr("Figure %1").arg(m_current + 1));
    window->setImage(m_canvas->image());
    const QSize size = m_canvas->image().size() / devicePixelRatioF();
    window->resize(size.boundedTo(QSize(1400, 1000)).expandedTo(QSize(320, 240)));
    window->show();
    return window;
}

} // namespace Sandpiper::Ui
