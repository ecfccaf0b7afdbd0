#pragma once

#include <abstractsession.h>
#include <sandboxstatus.h>

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QLineSeries;
class QValueAxis;
class QChart;

namespace Sandpiper::Ui {

class ClusterView;

// The Resources dock's content: memory and CPU of the session's process tree over the last
// minutes, the limits as lines, a one-line reading of processes, threads and open files, and the
// session's Dask cluster when it has one.
class ResourcesView : public QWidget
{
    Q_OBJECT

public:
    explicit ResourcesView(QWidget *parent = nullptr);

    Client::AbstractSession *session() const { return m_session; }
    // past: the session's readings so far (oldest first), drawn at once.
    void setSession(Client::AbstractSession *session,
                    const QList<Client::ResourceSample> &past = {});
    // 0 hides a limit line.
    void setMemoryLimit(qint64 bytes);
    void setCpuLimitPercent(double percent);
    void setWindowSeconds(int seconds) { m_windowSeconds = seconds; }

    void addSample(const Client::ResourceSample &sample);
    void clear();

    int pointCount() const;
    QString readingText() const;
    // "2 processes left running by cell 3", empty when there are none.
    QString leftoversText() const;
    QPushButton *endLeftoversButton() const { return m_endLeftovers; }
    ClusterView *clusterView() const { return m_cluster; }

private:
    struct Plot
    {
        QChart *chart = nullptr;
        QLineSeries *series = nullptr;
        QLineSeries *limit = nullptr;
        // Work that is not the user's, drawn dotted (the CPU plot's completion warm-up).
        QLineSeries *aside = nullptr;
        QValueAxis *timeAxis = nullptr;
        QValueAxis *valueAxis = nullptr;
        double limitValue = 0;
        double minimumTop = 1;
    };
    Plot createPlot(const QString &title, const QString &unit, const QColor &colour);
    void updateAxes(Plot &plot, double nowSeconds);
    void showSandbox(const Client::SandboxStatus &status);
    void showLeftovers(int count, const QString &origins);

    QPointer<Client::AbstractSession> m_session;
    QMetaObject::Connection m_connection;
    QMetaObject::Connection m_readyConnection;
    QMetaObject::Connection m_leftoversConnection;
    Plot m_memory;
    Plot m_cpu;
    QLabel *m_reading;
    ClusterView *m_cluster;
    QLabel *m_sandbox;
    QWidget *m_leftovers;
    QLabel *m_leftoversLabel;
    QPushButton *m_endLeftovers;
    int m_windowSeconds = 120;
    double m_lastSeconds = 0;
};

} // namespace Sandpiper::Ui
