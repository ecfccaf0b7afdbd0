#include "plotsview.h"

#include "chartexport.h"
#include "chartsandbox.h"
#include "chartview.h"
#include "chartwriter.h"
#include "plotcanvas.h"

#include <chartpage.h>
#include <plothistory.h>

#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QGuiApplication>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPointer>
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
    addButton(QStringLiteral("PlotSaveAll"),
              tr("Save All…"),
              tr("Save every figure into a folder, numbered"),
              [this] { chooseAndSaveAll(); });
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

    attachHistory();
}

void PlotsView::setHistory(Models::PlotHistory *history)
{
    if (!history || history == m_history)
        return;
    disconnect(m_history, nullptr, this, nullptr);
    disconnect(m_strip->selectionModel(), nullptr, this, nullptr);
    m_history = history;
    attachHistory();
}

void PlotsView::attachHistory()
{
    m_current = -1;
    m_removing = false;
    QItemSelectionModel *previous = m_strip->selectionModel();
    m_strip->setModel(m_history);
    if (previous && previous != m_strip->selectionModel())
        previous->deleteLater();
    connect(m_strip->selectionModel(),
            &QItemSelectionModel::currentChanged,
            this,
            [this](const QModelIndex &index) {
                if (!m_removing && index.isValid() && index.row() != m_current)
                    setCurrentRow(index.row());
            });

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
        connect(m_chart, &ChartView::chartDrawn, this, &PlotsView::drawThumbnail);
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

// The strip's picture of the chart just drawn: the page draws it small, laid out as a 5 × 3.75 in
// chart (its text too small to read, its shape true).
void PlotsView::drawThumbnail()
{
    const int row = m_current;
    // Only for the dock's own chart: Save All and exports show others in the same page.
    if (row < 0 || !m_history->isChart(row) || m_history->hasThumbnail(row)
        || m_chart->chartSerial() != m_currentChartSerial)
        return;
    Models::PlotExport small;
    small.format = QStringLiteral("png");
    small.width = 5;
    small.height = 3.75;
    small.dpi = 24; // 120 × 90 px
    const QPointer<Models::PlotHistory> history = m_history;
    const QByteArray json = m_history->imageData(row);
    ChartExport::render(
            m_chart, small, [history, row, json](const QByteArray &file, const QString &) {
                // Still the same chart on that row (none removed meanwhile)?
                if (history && history->imageData(row) == json)
                    history->setThumbnail(row, QImage::fromData(file));
            });
}

void PlotsView::showChartOf(ChartView *view, int row) const
{
    view->showChart(chartKind(m_history->mime(row)), m_history->imageData(row));
}

void PlotsView::showCurrent()
{
    if (m_current >= 0 && m_history->isChart(m_current)) {
        showChartOf(ensureChartView(), m_current);
        m_currentChartSerial = m_chart->chartSerial();
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
                             "PlotSaveAll",
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
    drawChart(row, options, [path, done](const QByteArray &file, const QString &error) {
        done(error.isEmpty() ? writeImage(file, path) : error);
    });
}

void PlotsView::drawChart(
        int row,
        const Models::PlotExport &options,
        const std::function<void(const QByteArray &file, const QString &error)> &done)
{
    if (!m_history->isChart(row)) {
        done({}, tr("Figure %1 is not an interactive chart.").arg(row + 1));
        return;
    }
    // The warm page draws the chart it exports.
    if (row != m_current)
        setCurrentRow(row);
    ChartExport::render(ensureChartView(), options, done);
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

QString PlotsView::saveAllName(int row, const QString &chartFormat) const
{
    const int digits = qMax(3, int(QString::number(m_history->rowCount()).size()));
    const QString suffix = m_history->isChart(row) ? Models::PlotExport::extension(chartFormat)
                                                   : savedSuffix(row);
    return QStringLiteral("figure-%1.%2").arg(row + 1, digits, 10, QLatin1Char('0')).arg(suffix);
}

QStringList PlotsView::saveAllClashes(const QString &folder, const QString &chartFormat) const
{
    QStringList clashes;
    const QDir dir(folder);
    for (int row = 0; row < m_history->rowCount(); ++row) {
        if (dir.exists(saveAllName(row, chartFormat)))
            clashes << saveAllName(row, chartFormat);
    }
    return clashes;
}

void PlotsView::saveAll(
        const QString &folder,
        const QString &chartFormat,
        const std::function<void(const QStringList &written, const QStringList &errors)> &done)
{
    const QDir dir(folder);
    const bool chartPictures = chartFormat != QLatin1String("html");
    ChartWriter *writer = nullptr;
    auto results = std::make_shared<std::pair<QStringList, QStringList>>();
    for (int row = 0; row < m_history->rowCount(); ++row) {
        const QString path = dir.filePath(saveAllName(row, chartFormat));
        if (m_history->isChart(row) && chartPictures) {
            if (!writer)
                writer = new ChartWriter(ensureChartView(), {chartFormat}, {}, 0, this);
            const QString base = path.left(path.lastIndexOf(u'.'));
            writer->add(chartKind(m_history->mime(row)),
                        m_history->imageData(row),
                        base,
                        [results, path](const QStringList &files, const QString &error) {
                            results->first += files;
                            if (!error.isEmpty())
                                results->second << QStringLiteral("%1: %2").arg(
                                        QDir::toNativeSeparators(path), error);
                        });
            continue;
        }
        QString error;
        const QByteArray bytes = savedBytes(row, &error);
        if (error.isEmpty())
            error = writeImage(bytes, path);
        if (error.isEmpty())
            results->first << path;
        else
            results->second << error;
    }
    if (!writer) {
        done(results->first, results->second);
        return;
    }
    // Charts are written in the order of the history, after the pictures; then the dock shows
    // again the figure it showed.
    connect(writer, &ChartWriter::idle, this, [this, writer, results, done] {
        writer->deleteLater();
        showCurrent();
        done(results->first, results->second);
    });
}

void PlotsView::chooseAndSaveAll()
{
    if (m_history->rowCount() == 0)
        return;
    const QString folder = QFileDialog::getExistingDirectory(
            this, tr("Save All Figures Into"), QDir::homePath());
    if (folder.isEmpty())
        return;
    QString chartFormat = QStringLiteral("html");
    bool anyChart = false;
    for (int row = 0; row < m_history->rowCount() && !anyChart; ++row)
        anyChart = m_history->isChart(row);
    if (anyChart) {
        const QStringList formats{QStringLiteral("html"),
                                  QStringLiteral("png"),
                                  QStringLiteral("svg"),
                                  QStringLiteral("pdf")};
        const QStringList labels{tr("HTML pages (interactive)"),
                                 tr("PNG pictures"),
                                 tr("SVG (vector)"),
                                 tr("PDF (vector)")};
        bool ok = false;
        const QString chosen = QInputDialog::getItem(this,
                                                     tr("Save All Figures"),
                                                     tr("Save Plotly and Altair charts as:"),
                                                     labels,
                                                     0,
                                                     false,
                                                     &ok);
        if (!ok)
            return;
        chartFormat = formats.value(labels.indexOf(chosen), QStringLiteral("html"));
    }
    const QStringList clashes = saveAllClashes(folder, chartFormat);
    if (!clashes.isEmpty()
        && QMessageBox::question(this,
                                 tr("Save All Figures"),
                                 tr("%n file(s) in %1 would be replaced, %2 among them. Replace "
                                    "them?",
                                    nullptr,
                                    int(clashes.size()))
                                         .arg(QDir::toNativeSeparators(folder), clashes.first()))
                   != QMessageBox::Yes)
        return;
    saveAll(folder,
            chartFormat,
            [this, folder](const QStringList &written, const QStringList &errors) {
                if (errors.isEmpty())
                    return;
                QMessageBox::warning(this,
                                     tr("Save All Figures"),
                                     tr("%1 of the figures were saved in %2; these were not:\n%3")
                                             .arg(written.size())
                                             .arg(QDir::toNativeSeparators(folder),
                                                  errors.mid(0, 10).join(u'\n')));
            });
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
