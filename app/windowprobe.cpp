#include "windowprobe.h"

#include <QEvent>
#include <QFile>
#include <QWidget>

#include <ctime>
#include <unistd.h>

namespace Sandpiper::App {

WindowProbe::WindowProbe(QWidget *window, int quietMs)
    : QObject(window)
    , m_window(window)
{
    m_quietTimer.setSingleShot(true);
    m_quietTimer.setInterval(quietMs);
    connect(&m_quietTimer, &QTimer::timeout, this, &WindowProbe::settled);
    window->installEventFilter(this);
}

bool WindowProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Paint) {
        if (!m_painted) {
            m_painted = true;
            // The window's own paint event comes first; its children paint in the same pass,
            // so the pass is complete once control returns to the event loop.
            QTimer::singleShot(0, this, &WindowProbe::firstPainted);
        }
    }
    if (m_painted
        && (event->type() == QEvent::Paint || event->type() == QEvent::LayoutRequest
            || event->type() == QEvent::UpdateRequest))
        m_quietTimer.start();
    return false;
}

qint64 millisecondsSinceProcessStart()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // Field 2 (comm) may contain spaces and parentheses: count fields after its last ')'.
    const qsizetype close = line.lastIndexOf(')');
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = line.mid(close + 2).split(' ');
    // starttime is field 22 overall, i.e. index 19 after pid and comm.
    if (fields.size() < 20)
        return -1;
    const double startSeconds = fields.at(19).toDouble() / double(sysconf(_SC_CLK_TCK));
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const double nowSeconds = double(now.tv_sec) + double(now.tv_nsec) / 1e9;
    return qint64((nowSeconds - startSeconds) * 1000.0);
}

} // namespace Sandpiper::App
