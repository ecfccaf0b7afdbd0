#include "resourcesview.h"

#include "clusterview.h"

#include <sandbox/sandboxindicator.h>
#include <sandboxstatus.h>

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPen>
#include <QPushButton>
#include <QVBoxLayout>
#include <QValueAxis>

namespace Sandpiper::Ui {

namespace {
constexpr double mebibyte = 1024.0 * 1024.0;
}

ResourcesView::ResourcesView(QWidget *parent)
    : QWidget(parent)
    , m_reading(new QLabel(this))
    , m_cluster(new ClusterView(this))
    , m_sandbox(new QLabel(this))
    , m_leftovers(new QWidget(this))
    , m_leftoversLabel(new QLabel(m_leftovers))
    , m_endLeftovers(new QPushButton(tr("End Them"), m_leftovers))
{
    setObjectName(QStringLiteral("ResourcesView"));
    m_memory = createPlot(tr("Memory"), tr("MiB"), QColor(0x1f, 0x77, 0xb4));
    m_memory.minimumTop = 100; // an idle session has tens of MiB: keep the scale readable
    m_cpu = createPlot(tr("CPU"), tr("%"), QColor(0xd9, 0x82, 0x2b));
    m_cpu.aside = new QLineSeries(m_cpu.chart);
    m_cpu.aside->setPen(QPen(QColor(0x8a, 0x8a, 0x8a), 1.5, Qt::DotLine));
    m_cpu.chart->addSeries(m_cpu.aside);
    m_cpu.aside->attachAxis(m_cpu.timeAxis);
    m_cpu.aside->attachAxis(m_cpu.valueAxis);
    m_cpu.minimumTop = 100;
    m_reading->setObjectName(QStringLiteral("ResourcesReading"));
    m_reading->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto charts = new QHBoxLayout;
    charts->setSpacing(0);
    for (QChart *chart : {m_memory.chart, m_cpu.chart}) {
        auto view = new QChartView(chart, this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(220, 140);
        charts->addWidget(view);
    }
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(charts, 1);
    layout->addWidget(m_cluster, 1);
    auto footer = new QHBoxLayout;
    footer->addWidget(m_reading, 1);
    m_sandbox->setObjectName(QStringLiteral("ResourcesSandbox"));
    m_sandbox->setContentsMargins(0, 0, 4, 0);
    footer->addWidget(m_sandbox);
    layout->addLayout(footer);
    // Processes that finished runs left running, and a way to end them.
    auto leftovers = new QHBoxLayout(m_leftovers);
    leftovers->setContentsMargins(0, 0, 0, 0);
    m_leftoversLabel->setObjectName(QStringLiteral("ResourcesLeftovers"));
    m_leftoversLabel->setWordWrap(true);
    m_endLeftovers->setObjectName(QStringLiteral("EndLeftovers"));
    m_endLeftovers->setToolTip(tr("End the processes that earlier runs left running; the "
                                  "session and its variables stay."));
    leftovers->addWidget(m_leftoversLabel, 1);
    leftovers->addWidget(m_endLeftovers);
    connect(m_endLeftovers, &QPushButton::clicked, this, [this] {
        if (m_session)
            m_session->endLeftoverProcesses();
    });
    layout->addWidget(m_leftovers);
    m_leftovers->hide();
    clear();
}

void ResourcesView::showLeftovers(int count, const QString &origins)
{
    m_leftoversLabel->setText(
            count > 0 ? tr("Processes left running by %1: %2").arg(origins).arg(count) : QString());
    m_leftovers->setVisible(count > 0);
}

QString ResourcesView::leftoversText() const
{
    return m_leftovers->isVisibleTo(this) ? m_leftoversLabel->text() : QString();
}

ResourcesView::Plot ResourcesView::createPlot(const QString &title,
                                              const QString &unit,
                                              const QColor &colour)
{
    Plot plot;
    plot.chart = new QChart;
    plot.chart->setTitle(title);
    plot.chart->legend()->hide();
    plot.chart->setMargins(QMargins(2, 2, 2, 2));
    plot.chart->setBackgroundRoundness(0);
    plot.chart->setTheme(palette().color(QPalette::Base).lightness() < 128
                                 ? QChart::ChartThemeDark
                                 : QChart::ChartThemeLight);
    plot.series = new QLineSeries(plot.chart);
    plot.series->setPen(QPen(colour, 2));
    plot.limit = new QLineSeries(plot.chart);
    QPen limitPen(QColor(0xc8, 0x37, 0x2d), 1.5, Qt::DashLine);
    plot.limit->setPen(limitPen);
    plot.chart->addSeries(plot.series);
    plot.chart->addSeries(plot.limit);
    plot.timeAxis = new QValueAxis(plot.chart);
    plot.timeAxis->setLabelFormat(QStringLiteral("%.0f s"));
    plot.timeAxis->setTickCount(3);
    plot.valueAxis = new QValueAxis(plot.chart);
    plot.valueAxis->setLabelFormat(QStringLiteral("%.0f ") + unit);
    plot.valueAxis->setTickCount(3);
    plot.chart->addAxis(plot.timeAxis, Qt::AlignBottom);
    plot.chart->addAxis(plot.valueAxis, Qt::AlignLeft);
    for (QLineSeries *series : {plot.series, plot.limit}) {
        series->attachAxis(plot.timeAxis);
        series->attachAxis(plot.valueAxis);
    }
    return plot;
}

void ResourcesView::setSession(Client::AbstractSession *session,
                               const QList<Client::ResourceSample> &past)
{
    disconnect(m_connection);
    disconnect(m_readyConnection);
    disconnect(m_leftoversConnection);
    m_session = session;
    m_cluster->setSession(session);
    clear();
    showLeftovers(0, {});
    if (!session)
        return;
    m_leftoversConnection = connect(session,
                                    &Client::AbstractSession::leftoverProcesses,
                                    this,
                                    &ResourcesView::showLeftovers);
    m_connection = connect(
            session, &Client::AbstractSession::resourcesSampled, this, &ResourcesView::addSample);
    // The limit line shows what the engine applied (a restart may bring a new one).
    const auto showLimit = [this](const Protocol::Hello &info) {
        const Client::SandboxStatus status = Client::SandboxStatus::fromHello(info.sandbox);
        qint64 limit = status.memoryBytes;
        if (limit <= 0 && m_session)
            limit = qint64(m_session->limits().memoryBytes);
        setMemoryLimit(limit);
        showSandbox(status);
    };
    m_readyConnection = connect(session, &Client::AbstractSession::ready, this, showLimit);
    showLimit(session->engineInfo());
    for (const Client::ResourceSample &sample : past)
        addSample(sample);
}

void ResourcesView::showSandbox(const Client::SandboxStatus &status)
{
    const Client::SandboxStatus::Level level = status.level();
    m_sandbox->setText(level == Client::SandboxStatus::Level::Unknown
                               ? QString()
                               : QStringLiteral("<span style='color:%1'>%2</span>")
                                         .arg(SandboxIndicator::colourFor(level).name(),
                                              status.summary().toHtmlEscaped()));
    m_sandbox->setToolTip(tr("Limits apply to the whole session: memory, processes and threads, "
                             "open files and file size. See Run > Session Limits."));
}

void ResourcesView::setMemoryLimit(qint64 bytes)
{
    m_memory.limitValue = bytes > 0 ? double(bytes) / mebibyte : 0;
    updateAxes(m_memory, m_lastSeconds);
}

void ResourcesView::setCpuLimitPercent(double percent)
{
    m_cpu.limitValue = percent;
    updateAxes(m_cpu, m_lastSeconds);
}

void ResourcesView::clear()
{
    m_memory.series->clear();
    m_cpu.series->clear();
    m_cpu.aside->clear();
    m_lastSeconds = 0;
    updateAxes(m_memory, 0);
    updateAxes(m_cpu, 0);
    m_reading->setText(m_session ? tr("Waiting for the first reading…")
                                 : tr("No session running."));
}

int ResourcesView::pointCount() const
{
    return int(m_memory.series->count());
}

QString ResourcesView::readingText() const
{
    return m_reading->text();
}

void ResourcesView::addSample(const Client::ResourceSample &sample)
{
    const double seconds = double(sample.elapsedMs) / 1000.0;
    if (seconds < m_lastSeconds) // a new engine process: its clock starts again
        clear();
    m_lastSeconds = seconds;
    m_memory.series->append(seconds, double(sample.memoryBytes) / mebibyte);
    m_cpu.series->append(seconds, sample.cpuPercent);
    m_cpu.aside->append(seconds, sample.warmUpCpuPercent);
    // Keep only the visible window (plus one point so the line reaches the left edge).
    for (QLineSeries *series : {m_memory.series, m_cpu.series, m_cpu.aside}) {
        int drop = 0;
        while (drop + 1 < series->count() && series->at(drop + 1).x() < seconds - m_windowSeconds)
            ++drop;
        if (drop > 0)
            series->removePoints(0, drop);
    }
    updateAxes(m_memory, seconds);
    updateAxes(m_cpu, seconds);
    const QLocale locale;
    QString reading = tr("Memory %1 · CPU %2% · processes %3 · threads %4 · open files %5")
                              .arg(locale.formattedDataSize(sample.memoryBytes),
                                   locale.toString(sample.cpuPercent, 'f', 0))
                              .arg(sample.processes)
                              .arg(sample.threads)
                              .arg(sample.openFiles);
    // Not the user's work: the engine preparing completion, at idle priority, after start.
    if (sample.warmingUp)
        reading += tr(" · warming up completion (CPU %1%, idle priority)")
                           .arg(locale.toString(sample.warmUpCpuPercent, 'f', 0));
    // Files in /tmp and /dev/shm are memory too; say how much of the figure they are.
    if (sample.temporaryBytes > 0)
        reading += tr(" · temporary files %1").arg(locale.formattedDataSize(sample.temporaryBytes));
    m_reading->setText(reading);
}

void ResourcesView::updateAxes(Plot &plot, double nowSeconds)
{
    const double left = qMax(0.0, nowSeconds - m_windowSeconds);
    const double right = qMax(left + 10.0, nowSeconds);
    plot.timeAxis->setRange(left, right);
    double top = plot.limitValue;
    for (const QLineSeries *series : {plot.series, plot.aside}) {
        for (const QPointF &point : series ? series->points() : QList<QPointF>())
            top = qMax(top, point.y());
    }
    plot.valueAxis->setRange(0, qMax(plot.minimumTop, top * 1.15));
    plot.valueAxis->applyNiceNumbers();
    plot.limit->clear();
    if (plot.limitValue > 0)
        plot.limit->append({QPointF(left, plot.limitValue), QPointF(right, plot.limitValue)});
}

} // namespace Sandpiper::Ui
