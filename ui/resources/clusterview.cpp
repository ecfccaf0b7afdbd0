#include "clusterview.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace Sandpiper::Ui {

namespace {

// Workers drawn as bars; more are summed in the line above only.
constexpr int MostBars = 16;

QString bytesText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 0, QLocale::DataSizeIecFormat);
}

} // namespace

ClusterView::ClusterView(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_close(new QPushButton(tr("Close Cluster"), this))
    , m_chart(new QChart)
    , m_series(new QHorizontalBarSeries(m_chart))
    , m_memory(new QBarSet(tr("Memory, % of its limit"), m_series))
    , m_cpu(new QBarSet(tr("CPU, %"), m_series))
    , m_workersAxis(new QBarCategoryAxis(m_chart))
    , m_percentAxis(new QValueAxis(m_chart))
{
    setObjectName(QStringLiteral("ClusterView"));
    m_summary->setObjectName(QStringLiteral("ClusterSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_memory->setColor(QColor(0x1f, 0x77, 0xb4));
    m_cpu->setColor(QColor(0xd9, 0x82, 0x2b));
    m_series->append(m_memory);
    m_series->append(m_cpu);
    m_chart->addSeries(m_series);
    m_chart->setTitle(tr("Dask workers"));
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->setBackgroundRoundness(0);
    m_chart->setTheme(palette().color(QPalette::Base).lightness() < 128 ? QChart::ChartThemeDark
                                                                        : QChart::ChartThemeLight);
    // The theme sets its own colours: ours again, to match the memory and CPU charts above.
    m_memory->setColor(QColor(0x1f, 0x77, 0xb4));
    m_cpu->setColor(QColor(0xd9, 0x82, 0x2b));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_percentAxis->setRange(0, 100);
    m_percentAxis->setLabelFormat(QStringLiteral("%.0f %%"));
    m_percentAxis->setTickCount(5);
    m_chart->addAxis(m_workersAxis, Qt::AlignLeft);
    m_chart->addAxis(m_percentAxis, Qt::AlignBottom);
    m_series->attachAxis(m_workersAxis);
    m_series->attachAxis(m_percentAxis);
    auto view = new QChartView(m_chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(220, 150);
    m_close->setObjectName(QStringLiteral("CloseCluster"));
    m_close->setToolTip(tr("End the session's Dask cluster and its workers; the variables stay "
                           "(a Dask frame computes without it, on one process)"));
    connect(m_close, &QPushButton::clicked, this, &ClusterView::closeCluster);
    auto header = new QHBoxLayout;
    header->addWidget(m_summary, 1);
    header->addWidget(m_close);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(view, 1);
    setVisible(false);

    m_poll.setInterval(PollMs);
    connect(&m_poll, &QTimer::timeout, this, &ClusterView::poll);
}

void ClusterView::setSession(Client::AbstractSession *session)
{
    if (m_fetch)
        m_fetch->cancel();
    m_session = session;
    showInfo({});
    if (session)
        m_poll.start();
    else
        m_poll.stop();
}

void ClusterView::poll()
{
    // One question at a time, and none while the engine is starting or gone.
    if (!m_session || m_fetch)
        return;
    const Client::SessionState state = m_session->state();
    if (state != Client::SessionState::Idle && state != Client::SessionState::Busy) {
        showInfo({}); // a restart or a crash ended the cluster with the engine
        return;
    }
    ask(false);
}

void ClusterView::closeCluster()
{
    if (!m_session)
        return;
    if (m_fetch)
        m_fetch->cancel(); // its answer is of the cluster as it was
    m_close->setEnabled(false);
    ask(true);
}

void ClusterView::ask(bool close)
{
    m_fetch = m_session->clusterInfo(close);
    connect(m_fetch, &Client::ClusterFetch::finished, this, [this](const auto &info) {
        m_close->setEnabled(true);
        showInfo(info);
    });
}

void ClusterView::showInfo(const Protocol::ClusterInfo &info)
{
    const QList<Protocol::ClusterWorker> &workers = info.workers;
    m_workers = int(workers.size());
    setVisible(m_workers > 0);
    m_memory->remove(0, m_memory->count());
    m_cpu->remove(0, m_cpu->count());
    m_workersAxis->clear();
    if (workers.isEmpty()) {
        m_summary->clear();
        return;
    }
    qint64 running = 0;
    qint64 queued = 0;
    qint64 spilled = 0;
    qint64 memory = 0;
    double mostCpu = 100;
    QStringList names;
    for (qsizetype i = 0; i < workers.size(); ++i) {
        const Protocol::ClusterWorker &worker = workers.at(i);
        running += worker.running;
        queued += worker.queued;
        spilled += worker.spilled;
        memory += worker.memory;
        if (i >= MostBars)
            continue;
        // Category names must be unique; a worker's own name may repeat or be empty.
        names.prepend(tr("Worker %1").arg(i + 1)); // the first worker on top
        m_memory->insert(0,
                         worker.memoryLimit > 0 ? 100.0 * worker.memory / worker.memoryLimit : 0);
        m_cpu->insert(0, worker.cpu);
        mostCpu = std::max(mostCpu, worker.cpu);
    }
    m_workersAxis->append(names);
    // Ticks every 50 % (every 100 % past 300 %): round labels.
    const int step = mostCpu > 300 ? 100 : 50;
    const int top = int(std::ceil(mostCpu / step) * step);
    m_percentAxis->setRange(0, top);
    m_percentAxis->setTickCount(top / step + 1);
    const QString workersText
            = m_workers == 1 ? tr("1 worker") : tr("%1 workers").arg(QLocale().toString(m_workers));
    m_summary->setText(
            tr("Dask cluster: %1, %2 in memory · tasks: %3 running, %4 queued · spilled to "
               "disk: %5")
                    .arg(workersText,
                         bytesText(memory),
                         QLocale().toString(running),
                         QLocale().toString(queued),
                         bytesText(spilled)));
}

QString ClusterView::summaryText() const
{
    return m_summary->text();
}

int ClusterView::barCount() const
{
    return m_memory->count();
}

} // namespace Sandpiper::Ui
