#pragma once

#include <abstractsession.h>

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QBarCategoryAxis;
class QBarSet;
class QChart;
class QHorizontalBarSeries;
class QLabel;
class QPushButton;
class QValueAxis;

namespace Sandpiper::Ui {

// The Resources dock's view of the session's Dask cluster, from its scheduler's own information
// (asked of the engine every PollMs while shown): each worker's memory against its limit and its
// CPU as bars, and the tasks running and queued and the bytes spilled to disk in a line above.
// Hidden while the session has no cluster. Its processes are the session's on purpose, not
// processes left running by a run; Close Cluster ends them (a cluster a failed cell left too).
class ClusterView : public QWidget
{
    Q_OBJECT

public:
    static constexpr int PollMs = 1000;

    explicit ClusterView(QWidget *parent = nullptr);

    void setSession(Client::AbstractSession *session);
    void showInfo(const Protocol::ClusterInfo &info);
    bool hasCluster() const { return m_workers > 0; }
    QString summaryText() const;
    // Bars drawn: one per worker (memory, CPU).
    int barCount() const;
    QPushButton *closeButton() const { return m_close; }
    // Ends the session's clusters (their workers' processes too); the variables stay.
    void closeCluster();

private:
    void poll();
    void ask(bool close);

    QPointer<Client::AbstractSession> m_session;
    QPointer<Client::ClusterFetch> m_fetch;
    QTimer m_poll;
    QLabel *m_summary;
    QPushButton *m_close;
    QChart *m_chart;
    QHorizontalBarSeries *m_series;
    QBarSet *m_memory;
    QBarSet *m_cpu;
    QBarCategoryAxis *m_workersAxis;
    QValueAxis *m_percentAxis;
    int m_workers = 0;
};

} // namespace Sandpiper::Ui
