#pragma once

#include <QImage>
#include <QScrollArea>

class QLabel;

namespace Sandpiper::Ui {

// One figure, fitted to the pane with its aspect kept or at 1:1 with zoom, panned with the
// scroll bars or by dragging. Drawn at the screen's device pixel ratio, so it stays sharp on
// HiDPI screens. A figure that cannot be shown shows why instead.
class PlotCanvas : public QScrollArea
{
    Q_OBJECT

public:
    explicit PlotCanvas(QWidget *parent = nullptr);

    void setImage(const QImage &image);
    void setMessage(const QString &message);
    QImage image() const { return m_image; }

    bool fits() const { return m_fit; }
    void setFit(bool fit);
    double zoom() const { return m_zoom; }
    void zoomBy(double factor);
    // What is on screen, for tests: the label's pixmap size in device pixels.
    QSize shownPixels() const;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;

private:
    void redraw();

    QLabel *m_label;
    QImage m_image;
    bool m_fit = true;
    double m_zoom = 1.0;
    QPoint m_dragFrom;
};

} // namespace Sandpiper::Ui
