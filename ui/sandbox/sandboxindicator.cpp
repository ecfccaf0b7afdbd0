#include "sandboxindicator.h"

#include <QPainter>
#include <QPainterPath>

namespace Sandpiper::Ui {

using Level = Client::SandboxStatus::Level;

SandboxIndicator::SandboxIndicator(QWidget *parent)
    : QToolButton(parent)
{
    setObjectName(QStringLiteral("SandboxIndicator"));
    setAutoRaise(true);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setCursor(Qt::PointingHandCursor);
    connect(this, &QToolButton::clicked, this, &SandboxIndicator::detailsRequested);
    setStatus({});
}

void SandboxIndicator::setSession(Client::AbstractSession *session)
{
    disconnect(m_connection);
    m_session = session;
    setStatus(session ? Client::SandboxStatus::fromHello(session->engineInfo().sandbox)
                      : Client::SandboxStatus());
    if (session)
        m_connection = connect(session,
                               &Client::AbstractSession::ready,
                               this,
                               [this](const Protocol::Hello &info) {
                                   setStatus(Client::SandboxStatus::fromHello(info.sandbox));
                               });
}

QColor SandboxIndicator::colourFor(Level level)
{
    switch (level) {
    case Level::Full:
        return QColor(0x2e, 0x7d, 0x32);
    case Level::Partial:
        return QColor(0xc7, 0x7c, 0x02);
    case Level::None:
        return QColor(0xc6, 0x28, 0x28);
    case Level::Unknown:
        break;
    }
    return QColor(0x80, 0x80, 0x80);
}

QIcon SandboxIndicator::iconFor(Level level)
{
    QIcon icon;
    for (const int size : {16, 24, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(size / 16.0, size / 16.0);
        const QColor fill = colourFor(level);
        painter.setPen(QPen(fill.darker(130), 0.8));
        painter.setBrush(fill);
        if (level == Level::Partial) {
            // A warning triangle with an exclamation mark.
            QPainterPath triangle;
            triangle.moveTo(8, 1.5);
            triangle.lineTo(15, 14.5);
            triangle.lineTo(1, 14.5);
            triangle.closeSubpath();
            painter.drawPath(triangle);
            painter.setPen(QPen(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(QPointF(8, 6), QPointF(8, 10));
            painter.drawPoint(QPointF(8, 12.6));
        } else if (level == Level::None) {
            painter.drawEllipse(QRectF(1.5, 1.5, 13, 13));
            painter.setPen(QPen(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(QPointF(5, 5), QPointF(11, 11));
            painter.drawLine(QPointF(11, 5), QPointF(5, 11));
        } else {
            // A shield; with a check mark when the sandbox is complete.
            QPainterPath shield;
            shield.moveTo(8, 1);
            shield.cubicTo(10.5, 2.5, 12.5, 3, 14.5, 3);
            shield.cubicTo(14.5, 9, 12, 13, 8, 15);
            shield.cubicTo(4, 13, 1.5, 9, 1.5, 3);
            shield.cubicTo(3.5, 3, 5.5, 2.5, 8, 1);
            painter.drawPath(shield);
            if (level == Level::Full) {
                painter.setPen(QPen(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
                painter.drawPolyline(
                        QPolygonF({QPointF(5, 8.2), QPointF(7.2, 10.4), QPointF(11, 5.8)}));
            }
        }
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

void SandboxIndicator::setStatus(const Client::SandboxStatus &status)
{
    m_status = status;
    const Level level = status.level();
    setIcon(iconFor(level));
    setText(status.summary());
    QPalette palette = this->palette();
    palette.setColor(QPalette::ButtonText, colourFor(level));
    setPalette(palette);
    QFont font = this->font();
    font.setBold(level == Level::Partial || level == Level::None);
    setFont(font);
    QString tip;
    switch (level) {
    case Level::Unknown:
        tip = tr("The Python session has not started yet.");
        break;
    case Level::Full:
        tip = tr("The Python session runs in an operating-system sandbox: no network but its "
                 "own loopback, no access outside its workspace, limited memory and processes. "
                 "Click for details.");
        break;
    case Level::Partial: {
        QStringList names;
        for (const QString &name : status.missing())
            names << Client::SandboxStatus::displayName(name);
        tip = tr("This system lacks part of the sandbox: %1. Click for details.")
                      .arg(names.join(QStringLiteral(", ")));
        break;
    }
    case Level::None:
        tip = tr("The Python session runs WITHOUT a sandbox: its code can do whatever you can. "
                 "Click for details.");
        break;
    }
    setToolTip(tip);
}

} // namespace Sandpiper::Ui
