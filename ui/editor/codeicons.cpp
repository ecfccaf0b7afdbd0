#include "codeicons.h"

#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <functional>

namespace Sandpiper::Ui::CodeIcons {

namespace {

QPixmap badge(QChar letter, const QColor &color, int size, qreal dpr)
{
    QPixmap pixmap(QSize(size, size) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF box(0.5, 0.5, size - 1.0, size - 1.0);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawRoundedRect(box, size * 0.22, size * 0.22);
    if (!letter.isNull()) {
        QFont font;
        font.setPixelSize(qMax(7, int(size * 0.72)));
        font.setBold(true);
        painter.setFont(font);
        painter.setPen(Qt::white);
        painter.drawText(box, Qt::AlignCenter, QString(letter));
    }
    return pixmap;
}

QIcon iconFrom(const std::function<QPixmap(int, qreal)> &paint)
{
    QIcon icon;
    for (int size : {12, 16, 20, 24, 32})
        icon.addPixmap(paint(size, 1.0));
    icon.addPixmap(paint(16, 2.0));
    return icon;
}

} // namespace

QChar kindLetter(const QString &kind)
{
    static const QHash<QString, QChar> letters = {
            {QStringLiteral("module"), QLatin1Char('M')},
            {QStringLiteral("class"), QLatin1Char('C')},
            {QStringLiteral("function"), QLatin1Char('f')},
            {QStringLiteral("instance"), QLatin1Char('v')},
            {QStringLiteral("statement"), QLatin1Char('v')},
            {QStringLiteral("param"), QLatin1Char('p')},
            {QStringLiteral("keyword"), QLatin1Char('k')},
            {QStringLiteral("path"), QLatin1Char('/')},
            {QStringLiteral("property"), QLatin1Char('P')},
    };
    return letters.value(kind);
}

QColor kindColor(const QString &kind)
{
    // Hues that stay apart and keep white letters readable on light and dark paper.
    static const QHash<QString, QColor> colors = {
            {QStringLiteral("module"), QColor(0x8a, 0x5c, 0xc7)},
            {QStringLiteral("class"), QColor(0xc7, 0x7c, 0x1e)},
            {QStringLiteral("function"), QColor(0x2f, 0x7d, 0xc4)},
            {QStringLiteral("instance"), QColor(0x2e, 0x93, 0x6b)},
            {QStringLiteral("statement"), QColor(0x2e, 0x93, 0x6b)},
            {QStringLiteral("param"), QColor(0x8c, 0x8c, 0x3a)},
            {QStringLiteral("keyword"), QColor(0xb0, 0x45, 0x6b)},
            {QStringLiteral("path"), QColor(0x6b, 0x78, 0x86)},
            {QStringLiteral("property"), QColor(0x1f, 0x8f, 0x9a)},
    };
    return colors.value(kind, QColor(0x80, 0x80, 0x80));
}

QIcon kind(const QString &kind)
{
    static QHash<QString, QIcon> cache;
    auto it = cache.find(kind);
    if (it == cache.end()) {
        const QChar letter = kindLetter(kind);
        const QColor color = kindColor(kind);
        it = cache.insert(kind, iconFrom([letter, color](int size, qreal dpr) {
                              return badge(letter, color, size, dpr);
                          }));
    }
    return *it;
}

QColor severityColor(Protocol::Severity severity)
{
    switch (severity) {
    case Protocol::Severity::Error:
        return QColor(0xd9, 0x3a, 0x3a);
    case Protocol::Severity::Warning:
        return QColor(0xe0, 0x9a, 0x1a);
    case Protocol::Severity::Info:
        break;
    }
    return QColor(0x3a, 0x86, 0xd9);
}

QPixmap severityPixmap(Protocol::Severity severity, int size, qreal dpr)
{
    QPixmap pixmap(QSize(size, size) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal d = size * 0.8;
    const QRectF box((size - d) / 2, (size - d) / 2, d, d);
    painter.setPen(Qt::NoPen);
    painter.setBrush(severityColor(severity));
    if (severity == Protocol::Severity::Warning) {
        QPainterPath triangle;
        triangle.moveTo(box.center().x(), box.top());
        triangle.lineTo(box.right(), box.bottom());
        triangle.lineTo(box.left(), box.bottom());
        triangle.closeSubpath();
        painter.drawPath(triangle);
    } else {
        painter.drawEllipse(box);
    }
    // "!" for errors and warnings, "i" for notes; drawn as strokes to stay crisp when small.
    QPen pen(Qt::white, qMax(1.2, size / 9.0), Qt::SolidLine, Qt::RoundCap);
    painter.setPen(pen);
    const qreal x = box.center().x();
    const qreal top = box.top() + d * (severity == Protocol::Severity::Warning ? 0.38 : 0.25);
    const qreal bottom = box.top() + d * 0.80;
    if (severity == Protocol::Severity::Info) {
        painter.drawPoint(QPointF(x, top));
        painter.drawLine(QPointF(x, top + d * 0.2), QPointF(x, bottom));
    } else {
        painter.drawLine(QPointF(x, top), QPointF(x, bottom - d * 0.2));
        painter.drawPoint(QPointF(x, bottom));
    }
    return pixmap;
}

QIcon severity(Protocol::Severity severity)
{
    static QHash<int, QIcon> cache;
    auto it = cache.find(int(severity));
    if (it == cache.end()) {
        it = cache.insert(int(severity), iconFrom([severity](int size, qreal dpr) {
                              return severityPixmap(severity, size, dpr);
                          }));
    }
    return *it;
}

} // namespace Sandpiper::Ui::CodeIcons
