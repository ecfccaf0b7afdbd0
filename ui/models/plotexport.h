#pragma once

#include <QCoreApplication>
#include <QSize>
#include <QString>

namespace Sandpiper::Models {

// What the Plots dock's Export… asks for: a kept matplotlib figure drawn again by the session
// with `sandpiper.save_plot(number, path, ...)` (engine/python/sandpiper_runtime/figures.py),
// whose keyword names and values these fields mirror. code() is the line the session runs.
struct PlotExport
{
    Q_DECLARE_TR_FUNCTIONS(Sandpiper::Models::PlotExport)

public:
    QString format = QStringLiteral("png"); // png, jpeg, svg, pdf
    QString fileName;                       // in the workspace
    double width = 6;
    double height = 4;
    QString unit = QStringLiteral("in"); // in, cm, px
    int dpi = 300;

    static QString extension(const QString &format);
    // The picture's size in inches, and in pixels for PNG and JPEG.
    double inchesWide() const;
    double inchesHigh() const;
    QSize pixels() const;
    QString code(int figure) const;
    // What the file will be: "1800 × 1200 px" for an image, "6 × 4 in page" for SVG and PDF.
    QString resultText() const;
    // Why it cannot be written, empty when it can (the engine checks again).
    QString problem() const;
};

} // namespace Sandpiper::Models
