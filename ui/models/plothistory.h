#pragma once

#include <messages.h>

#include <QAbstractListModel>
#include <QByteArray>
#include <QCache>
#include <QImage>
#include <QSize>
#include <QString>

#include <memory>
#include <vector>

class QTemporaryDir;

namespace Sandpiper::Models {

// The figures a session drew, oldest first, for the Plots dock. Image data are kept in memory
// up to a budget; older figures are written to files in a folder of their own (removed with the
// history) and read back when shown, so ten thousand figures cost the window little more than
// the budget. Thumbnails are made when a view asks for them and only the recent ones are kept.
class PlotHistory : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { OriginRole = Qt::UserRole + 1, MimeRole, PixelSizeRole };

    static constexpr qint64 DefaultBudget = 256ll << 20;
    static constexpr int MaxPlots = 100'000; // beyond it the oldest go, files and all
    static constexpr QSize ThumbnailSize{120, 90};

    explicit PlotHistory(QObject *parent = nullptr);
    ~PlotHistory() override;

    static const QString PlotlyMime;
    static const QString VegaLiteMime;

    // The display bundle's chart (Plotly or Vega-Lite JSON) or static image (PNG, else SVG) as
    // a new, last plot; false when the bundle has none. origin names the run that drew it ("<cell
    // 3>"); engine, the engine process (its numbers for figures mean nothing to another one).
    bool add(const Protocol::DisplayData &display, const QString &origin, qint64 engine = 0);
    void remove(int row);
    void clear();

    // The image's bytes, from memory or read back from its file; empty when that file is gone.
    QByteArray imageData(int row) const;
    QString mime(int row) const;
    // An interactive chart (its data are the chart's JSON), not a picture.
    bool isChart(int row) const;
    // A chart's thumbnail, drawn by the chart page (the strip shows a stand-in until then, or
    // when the cache let it go); false when the row has none.
    bool hasThumbnail(int row) const;
    void setThumbnail(int row, const QImage &thumbnail);
    QString origin(int row) const;
    // The number the session keeps the figure under (sandpiper.save_plot), or -1.
    int figureNumber(int row) const;
    qint64 engine(int row) const;
    // The image's own size in pixels (SVG: its view box), invalid when it cannot be read.
    QSize pixelSize(int row) const;
    // The image at most `bounds` (aspect kept), decoded under QImageReader's allocation limit;
    // a null image, and why in *error, when it cannot be.
    QImage image(int row, QSize bounds = {}, QString *error = nullptr) const;

    void setBudget(qint64 bytes);
    qint64 budget() const { return m_budget; }
    qint64 bytesInMemory() const { return m_bytesInMemory; }
    // Where spilled images go; empty before the first one.
    QString spillFolder() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

Q_SIGNALS:
    // Figures could not be written to files: they stay in memory (said once).
    void spillFailed(const QString &error);

private:
    struct Plot
    {
        quint64 serial = 0;
        QString mime;
        QString origin;
        int figure = -1;
        qint64 engine = 0;
        QSize size;
        QByteArray data; // empty once spilled
        QString file;    // set once spilled
    };

    void keepWithinBudget();
    bool spill(Plot &plot);
    void forget(const Plot &plot);

    std::vector<Plot> m_plots;
    qint64 m_budget = DefaultBudget;
    qint64 m_bytesInMemory = 0;
    quint64 m_nextSerial = 1;
    bool m_spillFailed = false;
    std::unique_ptr<QTemporaryDir> m_folder;
    mutable QCache<quint64, QImage> m_thumbnails{400};
};

} // namespace Sandpiper::Models
