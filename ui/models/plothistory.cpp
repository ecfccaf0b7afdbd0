#include "plothistory.h"

#include <QBuffer>
#include <QCborValue>
#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QPainter>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>

#include <climits>

namespace Sandpiper::Models {

namespace {

const QString png = QStringLiteral("image/png");
const QString svg = QStringLiteral("image/svg+xml");

bool isChartMime(const QString &mime)
{
    return mime == PlotHistory::PlotlyMime || mime == PlotHistory::VegaLiteMime;
}

QByteArray formatOf(const QString &mime)
{
    if (isChartMime(mime))
        return QByteArrayLiteral("json");
    return mime == svg ? QByteArrayLiteral("svg") : QByteArrayLiteral("png");
}

// Stands for a chart in the strip: charts are drawn by the chart page, not here.
QImage chartThumbnail(const QString &mime)
{
    QImage image(PlotHistory::ThumbnailSize, QImage::Format_ARGB32_Premultiplied);
    image.fill(QColor(0xf4, 0xf6, 0xfa));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(0x3b, 0x6e, 0xc9), 2));
    const QPointF line[]{{12, 70}, {35, 48}, {55, 58}, {80, 28}, {108, 38}};
    painter.drawPolyline(line, 5);
    painter.setPen(QColor(0x33, 0x33, 0x33));
    QFont font = painter.font();
    font.setPixelSize(12);
    painter.setFont(font);
    painter.drawText(QRect(0, 72, image.width(), 16),
                     Qt::AlignCenter,
                     mime == PlotHistory::PlotlyMime ? PlotHistory::tr("Plotly")
                                                     : PlotHistory::tr("Altair"));
    return image;
}

// The largest picture the window draws from a figure, in pixels: what QImageReader's default
// allocation limit (256 MB) allows at 4 bytes a pixel.
constexpr qint64 maxPixels = (256ll << 20) / 4;

QSize imageSize(QByteArray bytes, const QString &mime)
{
    if (mime == svg)
        return QSvgRenderer(bytes).defaultSize();
    QBuffer buffer(&bytes);
    return QImageReader(&buffer, "png").size();
}

QImage renderSvg(const QByteArray &bytes, QSize size, QString *error)
{
    QSvgRenderer renderer(bytes);
    if (!renderer.isValid() || size.isEmpty()) {
        if (error)
            *error = PlotHistory::tr("This SVG figure cannot be drawn.");
        return {};
    }
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    renderer.render(&painter);
    return image;
}

} // namespace

const QString PlotHistory::PlotlyMime = QStringLiteral("application/vnd.plotly.v1+json");
const QString PlotHistory::VegaLiteMime = QStringLiteral("application/vnd.vegalite.v5+json");

PlotHistory::PlotHistory(QObject *parent)
    : QAbstractListModel(parent)
{}

PlotHistory::~PlotHistory() = default;

bool PlotHistory::add(const Protocol::DisplayData &display, const QString &origin, qint64 engine)
{
    Plot plot;
    if (display.data.value(PlotlyMime).isString()) {
        plot.mime = PlotlyMime;
        plot.data = display.data.value(PlotlyMime).toString().toUtf8();
    } else if (display.data.value(VegaLiteMime).isString()) {
        plot.mime = VegaLiteMime;
        plot.data = display.data.value(VegaLiteMime).toString().toUtf8();
    } else if (display.data.value(png).isByteArray()) {
        plot.mime = png;
        plot.data = display.data.value(png).toByteArray();
    } else if (display.data.value(svg).isString()) {
        plot.mime = svg;
        plot.data = display.data.value(svg).toString().toUtf8();
    } else {
        return false;
    }
    if (plot.data.isEmpty())
        return false;
    plot.serial = m_nextSerial++;
    plot.origin = origin;
    plot.engine = engine;
    // The engine's number for the figure; untrusted like all it sends, so only a sane one.
    if (const QCborValue figure = display.metadata.value(QStringLiteral("figure"));
        figure.isInteger() && figure.toInteger() > 0 && figure.toInteger() < INT_MAX)
        plot.figure = int(figure.toInteger());
    if (!isChartMime(plot.mime))
        plot.size = imageSize(plot.data, plot.mime);
    if (int(m_plots.size()) >= MaxPlots)
        remove(0);
    const int row = int(m_plots.size());
    beginInsertRows({}, row, row);
    m_bytesInMemory += plot.data.size();
    m_plots.push_back(std::move(plot));
    endInsertRows();
    keepWithinBudget();
    return true;
}

void PlotHistory::remove(int row)
{
    if (row < 0 || row >= int(m_plots.size()))
        return;
    beginRemoveRows({}, row, row);
    forget(m_plots[row]);
    m_plots.erase(m_plots.begin() + row);
    endRemoveRows();
}

void PlotHistory::clear()
{
    beginResetModel();
    for (const Plot &plot : m_plots)
        forget(plot);
    m_plots.clear();
    endResetModel();
}

void PlotHistory::forget(const Plot &plot)
{
    m_bytesInMemory -= plot.data.size();
    if (!plot.file.isEmpty())
        QFile::remove(plot.file);
    m_thumbnails.remove(plot.serial);
}

void PlotHistory::setBudget(qint64 bytes)
{
    m_budget = qMax<qint64>(0, bytes);
    keepWithinBudget();
}

// The newest figure always stays in memory: it is the one on screen.
void PlotHistory::keepWithinBudget()
{
    for (std::size_t i = 0; !m_spillFailed && m_bytesInMemory > m_budget && i + 1 < m_plots.size();
         ++i) {
        Plot &plot = m_plots[i];
        if (plot.data.isEmpty())
            continue;
        const qint64 size = plot.data.size();
        if (!spill(plot)) {
            // Kept in memory rather than lost; said once, and no more files are tried.
            if (!m_spillFailed)
                Q_EMIT spillFailed(tr("Figures cannot be written to the cache folder %1, so "
                                      "they stay in memory, over the budget.")
                                           .arg(QDir::toNativeSeparators(spillFolder())));
            m_spillFailed = true;
            return;
        }
        plot.data.clear();
        plot.data.squeeze();
        m_bytesInMemory -= size;
    }
}

bool PlotHistory::spill(Plot &plot)
{
    if (!m_folder) {
        const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
        QDir().mkpath(cache);
        m_folder = std::make_unique<QTemporaryDir>(
                QDir(cache).filePath(QStringLiteral("plots-XXXXXX")));
    }
    if (!m_folder->isValid())
        return false;
    QFile file(m_folder->filePath(QStringLiteral("%1.%2")
                                          .arg(plot.serial)
                                          .arg(QString::fromLatin1(formatOf(plot.mime)))));
    if (!file.open(QIODevice::WriteOnly) || file.write(plot.data) != plot.data.size())
        return false;
    plot.file = file.fileName();
    return true;
}

QString PlotHistory::spillFolder() const
{
    return m_folder ? m_folder->path() : QString();
}

QByteArray PlotHistory::imageData(int row) const
{
    if (row < 0 || row >= int(m_plots.size()))
        return {};
    const Plot &plot = m_plots[row];
    if (!plot.data.isEmpty() || plot.file.isEmpty())
        return plot.data;
    QFile file(plot.file);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString PlotHistory::mime(int row) const
{
    return row >= 0 && row < int(m_plots.size()) ? m_plots[row].mime : QString();
}

bool PlotHistory::isChart(int row) const
{
    return isChartMime(mime(row));
}

bool PlotHistory::hasThumbnail(int row) const
{
    return row >= 0 && row < int(m_plots.size()) && m_thumbnails.contains(m_plots[row].serial);
}

void PlotHistory::setThumbnail(int row, const QImage &thumbnail)
{
    if (row < 0 || row >= int(m_plots.size()) || thumbnail.isNull())
        return;
    m_thumbnails.insert(m_plots[row].serial,
                        new QImage(thumbnail.scaled(
                                ThumbnailSize, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, {Qt::DecorationRole});
}

QString PlotHistory::origin(int row) const
{
    return row >= 0 && row < int(m_plots.size()) ? m_plots[row].origin : QString();
}

int PlotHistory::figureNumber(int row) const
{
    return row >= 0 && row < int(m_plots.size()) ? m_plots[row].figure : -1;
}

qint64 PlotHistory::engine(int row) const
{
    return row >= 0 && row < int(m_plots.size()) ? m_plots[row].engine : 0;
}

QSize PlotHistory::pixelSize(int row) const
{
    return row >= 0 && row < int(m_plots.size()) ? m_plots[row].size : QSize();
}

QImage PlotHistory::image(int row, QSize bounds, QString *error) const
{
    if (isChart(row)) {
        if (error)
            *error = tr("This is an interactive chart; it is drawn by the chart view.");
        return {};
    }
    QByteArray bytes = imageData(row);
    if (bytes.isEmpty()) {
        if (error)
            *error = tr("The figure's image is gone from %1.")
                             .arg(QDir::toNativeSeparators(spillFolder()));
        return {};
    }
    const QSize size = pixelSize(row);
    const QSize wanted
            = bounds.isValid() && size.isValid() ? size.scaled(bounds, Qt::KeepAspectRatio) : size;
    if (mime(row) == svg) {
        if (qint64(wanted.width()) * wanted.height() > maxPixels) {
            if (error)
                *error = tr("This figure (%1 × %2 px) is too large to show here.")
                                 .arg(size.width())
                                 .arg(size.height());
            return {};
        }
        return renderSvg(bytes, wanted, error);
    }
    QBuffer buffer(&bytes);
    QImageReader reader(&buffer, "png");
    if (wanted != size)
        reader.setScaledSize(wanted);
    QImage image = reader.read();
    if (image.isNull() && error) {
        *error = tr("This figure (%1 × %2 px) cannot be shown: %3.")
                         .arg(size.width())
                         .arg(size.height())
                         .arg(reader.errorString());
    }
    return image;
}

int PlotHistory::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_plots.size());
}

QVariant PlotHistory::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_plots.size()))
        return {};
    const Plot &plot = m_plots[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return QString::number(index.row() + 1);
    case Qt::ToolTipRole:
        if (isChartMime(plot.mime))
            return plot.mime == PlotlyMime
                           ? tr("Figure %1 · interactive Plotly chart").arg(index.row() + 1)
                           : tr("Figure %1 · interactive Altair chart").arg(index.row() + 1);
        return plot.size.isValid() ? tr("Figure %1 · %2 × %3 px")
                                             .arg(index.row() + 1)
                                             .arg(plot.size.width())
                                             .arg(plot.size.height())
                                   : tr("Figure %1").arg(index.row() + 1);
    case Qt::DecorationRole: {
        if (const QImage *cached = m_thumbnails.object(plot.serial))
            return *cached;
        if (isChartMime(plot.mime)) { // the stand-in until the chart page draws one
            static const QImage plotly = chartThumbnail(PlotlyMime);
            static const QImage altair = chartThumbnail(VegaLiteMime);
            return plot.mime == PlotlyMime ? plotly : altair;
        }
        QImage thumbnail = image(index.row(), ThumbnailSize);
        if (thumbnail.isNull())
            return {};
        m_thumbnails.insert(plot.serial, new QImage(thumbnail));
        return thumbnail;
    }
    case OriginRole:
        return plot.origin;
    case MimeRole:
        return plot.mime;
    case PixelSizeRole:
        return plot.size;
    default:
        return {};
    }
}

} // namespace Sandpiper::Models
