#pragma once

#include <QObject>
#include <QTimer>

class QWidget;

namespace Sandpiper::App {

// Watches a top-level window: tells when its first complete paint has happened and when it has
// settled (no paint or layout work for a quiet period), for --startup-report and --screenshot.
class WindowProbe : public QObject
{
    Q_OBJECT

public:
    explicit WindowProbe(QWidget *window, int quietMs = 150);

Q_SIGNALS:
    void firstPainted();
    void settled();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *m_window;
    QTimer m_quietTimer;
    bool m_painted = false;
};

// Milliseconds since this process was started by the kernel (includes exec and linking).
qint64 millisecondsSinceProcessStart();

} // namespace Sandpiper::App
