#include "plotexport.h"

#include "viewcode.h"

#include <cmath>

namespace Sandpiper::Models {

namespace {

QString number(double value)
{
    return QString::number(value, 'g', 6);
}

double perInch(const QString &unit, int dpi)
{
    return unit == QLatin1String("cm") ? 2.54 : unit == QLatin1String("px") ? dpi : 1.0;
}

} // namespace

QString PlotExport::extension(const QString &format)
{
    return format == QLatin1String("jpeg") ? QStringLiteral("jpg") : format;
}

double PlotExport::inchesWide() const
{
    return width / perInch(unit, dpi);
}

double PlotExport::inchesHigh() const
{
    return height / perInch(unit, dpi);
}

QSize PlotExport::pixels() const
{
    return QSize(int(std::lround(inchesWide() * dpi)), int(std::lround(inchesHigh() * dpi)));
}

QString PlotExport::code(int figure) const
{
    QString options = QStringLiteral(", width=%1, height=%2").arg(number(width), number(height));
    if (unit != QLatin1String("in"))
        options += QStringLiteral(", unit=%1").arg(pythonStringLiteral(unit));
    options += QStringLiteral(", dpi=%1").arg(dpi);
    if (fileName.section(u'.', -1).toLower() != extension(format))
        options += QStringLiteral(", format=%1").arg(pythonStringLiteral(format));
    // The ';' keeps the console from echoing the returned path after the line it prints.
    return QStringLiteral("sandpiper.save_plot(%1, %2%3);")
            .arg(figure)
            .arg(pythonStringLiteral(fileName.trimmed()), options);
}

QString PlotExport::resultText() const
{
    if (format == QLatin1String("png") || format == QLatin1String("jpeg"))
        return tr("%1 × %2 px").arg(pixels().width()).arg(pixels().height());
    if (format == QLatin1String("html"))
        return tr("an interactive page that works offline");
    return tr("a %1 × %2 in page").arg(number(inchesWide()), number(inchesHigh()));
}

QString PlotExport::problem() const
{
    const QString name = fileName.trimmed();
    if (name.isEmpty())
        return tr("Give the file a name.");
    if (name.startsWith(u'/') || name.split(u'/').contains(QStringLiteral("..")))
        return tr("The file goes into the session's workspace: give a name inside it.");
    if (!(width > 0) || !(height > 0) || dpi <= 0)
        return tr("Width, height and DPI must be above 0.");
    const double area = inchesWide() * dpi * inchesHigh() * dpi;
    if ((format == QLatin1String("png") || format == QLatin1String("jpeg")) && area > 4e8)
        return tr("More than 400 million pixels: choose a smaller size or DPI, or SVG or PDF.");
    return {};
}

} // namespace Sandpiper::Models
