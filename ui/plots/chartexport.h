#pragma once

#include <plotexport.h>

#include <QByteArray>
#include <QCoreApplication>
#include <QSizeF>

#include <functional>

namespace Sandpiper::Ui {

// Turns what a chart page draws (a data URL from Plotly.toImage or vega's view) into the file
// the user asked for: PNG and JPEG exactly inches × DPI pixels, SVG and PDF with a page of
// exactly the asked size and their text kept as text. The page lays the chart out at 96 CSS
// pixels an inch, as a browser prints, so its fonts keep their size at any DPI. A PDF is the
// page's SVG printed by the chart page itself (ChartView::printSvgToPdf).
class ChartView;

class ChartExport
{
    Q_DECLARE_TR_FUNCTIONS(Sandpiper::Ui::ChartExport)

public:
    using FileDone = std::function<void(const QByteArray &file, const QString &error)>;

    // The chart shown in `view` as the file `options` ask for (PNG, JPEG, SVG or PDF; HTML is
    // ChartPage::standalone). Called back once, unless the view goes first.
    static void render(ChartView *view, const Models::PlotExport &options, FileDone done);

    static constexpr double CssPixelsPerInch = 96;

    static QSizeF cssSize(const Models::PlotExport &options);
    static double scale(const Models::PlotExport &options);
    // What to ask the page for: png, jpeg, or svg (also for PDF).
    static QString pageFormat(const QString &format);

    static QByteArray decodeDataUrl(const QByteArray &url, QString *error);
    // The file's bytes from the page's picture (for PDF: the sized SVG to print), or empty
    // with *error.
    static QByteArray finish(const QByteArray &picture,
                             const Models::PlotExport &options,
                             QString *error);

    static QByteArray exactRaster(const QByteArray &encoded,
                                  const Models::PlotExport &options,
                                  QString *error);
    // The SVG with its outer size set to the page in points (its drawing scaled to fit).
    static QByteArray sizedSvg(const QByteArray &svg, const Models::PlotExport &options);
    // The page size in points, for PDF.
    static QSizeF points(const Models::PlotExport &options);
};

} // namespace Sandpiper::Ui
