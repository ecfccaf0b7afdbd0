#include "plotcanvas.h"

#include <QLabel>
#include <QMouseEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include <cmath>

namespace Sandpiper::Ui {

PlotCanvas::PlotCanvas(QWidget *parent)
    : QScrollArea(parent)
    , m_label(new QLabel)
{
    setObjectName(QStringLiteral("PlotCanvas"));
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setWordWrap(true);
    setWidget(m_label);
    setAlignment(Qt::AlignCenter);
    setWidgetResizable(false);
    setFrameShape(QFrame::NoFrame);
}

void PlotCanvas::setImage(const QImage &image)
{
    m_image = image;
    redraw();
}

void PlotCanvas::setMessage(const QString &message)
{
    m_image = QImage();
    m_label->setPixmap(QPixmap());
    m_label->setText(message);
    m_label->resize(viewport()->size());
}

void PlotCanvas::setFit(bool fit)
{
    m_fit = fit;
    m_zoom = 1.0;
    redraw();
}

void PlotCanvas::zoomBy(double factor)
{
    if (m_image.isNull())
        return;
    const double dpr = devicePixelRatioF();
    // Zooming starts from what fitting showed, so the picture does not jump.
    if (m_fit && m_label->pixmap().width() > 0)
        m_zoom = m_label->pixmap().width() / double(m_image.width());
    m_fit = false;
    // Never more pixels than the window decodes a figure into (QImageReader's 256 MB).
    constexpr double maxPixels = (256.0 * 1024 * 1024) / 4;
    const double largest = std::sqrt(maxPixels / (double(m_image.width()) * m_image.height()));
    m_zoom = qBound(0.05, m_zoom * factor, qMin(16.0 * dpr, largest));
    redraw();
}

QSize PlotCanvas::shownPixels() const
{
    return m_label->pixmap().size();
}

void PlotCanvas::redraw()
{
    if (m_image.isNull())
        return;
    const double dpr = devicePixelRatioF();
    QSize pixels;
    if (m_fit) {
        const QSize room = viewport()->size() * dpr;
        // Never larger than the figure itself: a small figure stays crisp, not blown up.
        pixels = m_image.size().boundedTo(m_image.size().scaled(room, Qt::KeepAspectRatio));
    } else {
        pixels = m_image.size() * m_zoom;
    }
    QPixmap pixmap = QPixmap::fromImage(
            pixels == m_image.size()
                    ? m_image
                    : m_image.scaled(pixels, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    pixmap.setDevicePixelRatio(dpr);
    m_label->setText(QString());
    m_label->setPixmap(pixmap);
    const QSize logical = (QSizeF(pixmap.size()) / dpr).toSize();
    m_label->resize(m_fit ? logical.expandedTo(viewport()->size()) : logical);
}

void PlotCanvas::resizeEvent(QResizeEvent *event)
{
    QScrollArea::resizeEvent(event);
    if (m_fit)
        redraw();
    else if (m_image.isNull())
        m_label->resize(viewport()->size());
}

void PlotCanvas::mousePressEvent(QMouseEvent *event)
{
    m_dragFrom = event->position().toPoint();
    QScrollArea::mousePressEvent(event);
}

void PlotCanvas::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton) {
        const QPoint moved = event->position().toPoint() - m_dragFrom;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - moved.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - moved.y());
        m_dragFrom = event->position().toPoint();
    }
    QScrollArea::mouseMoveEvent(event);
}

void PlotCanvas::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        zoomBy(event->angleDelta().y() > 0 ? 1.25 : 0.8);
        event->accept();
        return;
    }
    QScrollArea::wheelEvent(event);
}

} // namespace Sandpiper::Ui
