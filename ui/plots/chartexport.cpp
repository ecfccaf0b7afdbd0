#include "chartexport.h"

#include "chartview.h"

#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QPainter>
#include <QPointer>
#include <QRegularExpression>
#include <QUrl>

namespace Sandpiper::Ui {

namespace {

bool isRaster(const QString &format)
{
    return format == QLatin1String("png") || format == QLatin1String("jpeg");
}

QString number(double value)
{
    return QString::number(value, 'f', 3).remove(QRegularExpression(QStringLiteral("\\.?0+$")));
}

} // namespace

void ChartExport::render(ChartView *view, const Models::PlotExport &options, FileDone done)
{
    const QPointer<ChartView> chart = view;
    view->exportImage(pageFormat(options.format),
                      cssSize(options),
                      scale(options),
                      [chart, options, done](const QByteArray &url, QString error) {
                          const QByteArray picture
                                  = error.isEmpty() ? decodeDataUrl(url, &error) : QByteArray();
                          const QByteArray file = error.isEmpty() ? finish(picture, options, &error)
                                                                  : QByteArray();
                          if (!error.isEmpty())
                              done({}, error);
                          else if (options.format != QLatin1String("pdf"))
                              done(file, {});
                          else if (chart)
                              chart->printSvgToPdf(file, points(options), done);
                      });
}

QSizeF ChartExport::cssSize(const Models::PlotExport &options)
{
    return {options.inchesWide() * CssPixelsPerInch, options.inchesHigh() * CssPixelsPerInch};
}

double ChartExport::scale(const Models::PlotExport &options)
{
    return isRaster(options.format) ? options.dpi / CssPixelsPerInch : 1.0;
}

QString ChartExport::pageFormat(const QString &format)
{
    return isRaster(format) ? format : QStringLiteral("svg");
}

QByteArray ChartExport::decodeDataUrl(const QByteArray &url, QString *error)
{
    const int comma = url.indexOf(',');
    if (!url.startsWith("data:") || comma < 0) {
        *error = tr("The chart page returned no picture.");
        return {};
    }
    const QByteArray header = url.left(comma);
    const QByteArray payload = url.mid(comma + 1);
    if (header.endsWith(";base64")) {
        auto decoded
                = QByteArray::fromBase64Encoding(payload, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            *error = tr("The chart page returned a damaged picture.");
            return {};
        }
        return *decoded;
    }
    return QByteArray::fromPercentEncoding(payload);
}

QByteArray ChartExport::finish(const QByteArray &picture,
                               const Models::PlotExport &options,
                               QString *error)
{
    if (isRaster(options.format))
        return exactRaster(picture, options, error);
    if (options.format == QLatin1String("svg") || options.format == QLatin1String("pdf"))
        return sizedSvg(picture, options);
    *error = tr("Charts cannot be exported as %1.").arg(options.format);
    return {};
}

QByteArray ChartExport::exactRaster(const QByteArray &encoded,
                                    const Models::PlotExport &options,
                                    QString *error)
{
    QByteArray bytes = encoded;
    QBuffer in(&bytes);
    QImageReader reader(&in);
    QImage image = reader.read();
    if (image.isNull()) {
        *error = tr("The chart's picture cannot be read: %1").arg(reader.errorString());
        return {};
    }
    const QSize wanted = options.pixels();
    const bool jpeg = options.format == QLatin1String("jpeg");
    // The page rounds CSS pixels × scale; a pixel or two off is drawn again to the exact size,
    // aspect kept and centred, so the file is what the dialog promised.
    if (image.size() != wanted) {
        QImage exact(wanted, QImage::Format_ARGB32_Premultiplied);
        exact.fill(jpeg ? Qt::white : Qt::transparent);
        const QImage scaled = image.scaled(wanted, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        QPainter painter(&exact);
        painter.drawImage(QPoint((wanted.width() - scaled.width()) / 2,
                                 (wanted.height() - scaled.height()) / 2),
                          scaled);
        painter.end();
        image = exact;
    }
    const int dotsPerMeter = int(std::lround(options.dpi / 0.0254));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, jpeg ? "jpeg" : "png");
    if (jpeg) {
        writer.setQuality(95);
        image = image.convertToFormat(QImage::Format_RGB32);
    }
    if (!writer.write(image)) {
        *error = tr("The picture cannot be encoded: %1").arg(writer.errorString());
        return {};
    }
    return out;
}

QByteArray ChartExport::sizedSvg(const QByteArray &svg, const Models::PlotExport &options)
{
    QString text = QString::fromUtf8(svg);
    static const QRegularExpression root(QStringLiteral("<svg\\b[^>]*>"));
    const QRegularExpressionMatch match = root.match(text);
    if (!match.hasMatch())
        return svg;
    QString tag = match.captured();
    const QSizeF css = cssSize(options);
    static const QRegularExpression size(QStringLiteral("\\s(width|height)=\"[^\"]*\""));
    tag.remove(size);
    QString attributes
            = QStringLiteral(" width=\"%1pt\" height=\"%2pt\"")
                      .arg(number(points(options).width()), number(points(options).height()));
    if (!tag.contains(QLatin1String("viewBox=")))
        attributes += QStringLiteral(" viewBox=\"0 0 %1 %2\"")
                              .arg(number(css.width()), number(css.height()));
    tag.insert(4, attributes);
    text.replace(match.capturedStart(), match.capturedLength(), tag);
    return text.toUtf8();
}

QSizeF ChartExport::points(const Models::PlotExport &options)
{
    return {options.inchesWide() * 72, options.inchesHigh() * 72};
}

} // namespace Sandpiper::Ui
