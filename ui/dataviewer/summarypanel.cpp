#include "summarypanel.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

namespace Sandpiper::Ui {

namespace {

QString statLabel(const QString &key)
{
    if (key == QLatin1String("min"))
        return SummaryPanel::tr("Minimum");
    if (key == QLatin1String("max"))
        return SummaryPanel::tr("Maximum");
    if (key == QLatin1String("mean"))
        return SummaryPanel::tr("Mean");
    if (key == QLatin1String("std"))
        return SummaryPanel::tr("Standard deviation");
    if (key == QLatin1String("25%"))
        return SummaryPanel::tr("25th percentile");
    if (key == QLatin1String("50%"))
        return SummaryPanel::tr("Median");
    if (key == QLatin1String("75%"))
        return SummaryPanel::tr("75th percentile");
    return key.toHtmlEscaped();
}

} // namespace

SummaryPanel::SummaryPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_figures(new QLabel(this))
    , m_chart(new QChart)
    , m_chartView(new QChartView(m_chart, this))
{
    setObjectName(QStringLiteral("SummaryPanel"));
    m_title->setWordWrap(true);
    m_figures->setWordWrap(true);
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_figures->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_chart->legend()->hide();
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->setBackgroundRoundness(0);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumSize(160, 120);
    // The figures first: the chart takes what is left.
    m_figures->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    // Beside the grid, never crowding the window's docks.
    setMinimumWidth(220);
    setMaximumWidth(420);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_figures);
    layout->addWidget(m_chartView, 1);
    showLoading(QString());
}

QString SummaryPanel::text() const
{
    return m_title->text() + QLatin1Char('\n') + m_figures->text();
}

void SummaryPanel::clearChart()
{
    m_chart->removeAllSeries();
    for (QAbstractAxis *axis : m_chart->axes())
        m_chart->removeAxis(axis);
    m_chart->setTheme(palette().color(QPalette::Base).lightness() < 128 ? QChart::ChartThemeDark
                                                                        : QChart::ChartThemeLight);
    m_chartPoints = 0;
}

void SummaryPanel::showLoading(const QString &column)
{
    m_title->setText(column.isEmpty() ? tr("Select a cell to summarise its column.")
                                      : tr("<b>%1</b>: summarising…").arg(column.toHtmlEscaped()));
    m_figures->clear();
    clearChart();
}

void SummaryPanel::showSummary(const Protocol::ColumnSummary &summary)
{
    clearChart();
    if (!summary.error.isEmpty()) {
        m_title->setText(tr("No summary: %1.").arg(summary.error.toHtmlEscaped()));
        m_figures->clear();
        return;
    }
    const QLocale locale;
    m_title->setText(QStringLiteral("<b>%1</b> &nbsp; %2")
                             .arg(summary.name.toHtmlEscaped(), summary.dtype.toHtmlEscaped()));
    const qint64 present = summary.rows - summary.nulls;
    const bool sampled = summary.sampled < present;
    QString rows = QStringLiteral("<table cellspacing='2'>");
    const auto row = [&rows](const QString &label, const QString &value) {
        rows += QStringLiteral("<tr><td>%1</td><td align='right'>&nbsp;%2</td></tr>")
                        .arg(label, value.toHtmlEscaped());
    };
    row(tr("Rows"), locale.toString(summary.rows));
    row(tr("Nulls"),
        summary.rows > 0
                ? tr("%1 (%2 %)")
                          .arg(locale.toString(summary.nulls),
                               locale.toString(100.0 * summary.nulls / summary.rows, 'f', 1))
                : locale.toString(summary.nulls));
    if (summary.distinct >= 0)
        row(sampled ? tr("Distinct (in the sample)") : tr("Distinct"),
            locale.toString(summary.distinct));
    for (const auto &[key, value] : summary.stats)
        row(statLabel(key), m_format.text(value, summary.dtype));
    rows += QStringLiteral("</table>");
    if (sampled)
        rows += tr("<p>Quartiles, distinct and frequent values from a sample of %1 rows; minimum, "
                   "maximum, mean, deviation and histogram from all of them.</p>")
                        .arg(locale.toString(summary.sampled));
    if (!m_note.isEmpty())
        rows += QStringLiteral("<p>%1</p>").arg(m_note.toHtmlEscaped());
    m_figures->setText(rows);
    if (!summary.counts.isEmpty())
        drawHistogram(summary);
    else if (!summary.top.isEmpty())
        drawTopValues(summary);
}

void SummaryPanel::drawHistogram(const Protocol::ColumnSummary &summary)
{
    // A filled step line over the bins: a true numeric axis, whatever the bins' width.
    auto upper = new QLineSeries(m_chart);
    auto lower = new QLineSeries(m_chart);
    qint64 highest = 0;
    for (qsizetype i = 0; i < summary.counts.size(); ++i) {
        const double count = double(summary.counts.at(i));
        upper->append(summary.edges.at(i), count);
        upper->append(summary.edges.at(i + 1), count);
        highest = std::max(highest, summary.counts.at(i));
    }
    lower->append(summary.edges.first(), 0);
    lower->append(summary.edges.last(), 0);
    auto area = new QAreaSeries(upper, lower);
    area->setColor(palette().color(QPalette::Highlight));
    area->setBorderColor(palette().color(QPalette::Highlight).darker(130));
    m_chart->addSeries(area);
    auto x = new QValueAxis(m_chart);
    const double low = summary.edges.first();
    const double high = summary.edges.last();
    x->setRange(low, high > low ? high : low + 1);
    x->setLabelFormat(QStringLiteral("%.4g"));
    x->setTickCount(4);
    auto y = new QValueAxis(m_chart);
    y->setRange(0, double(std::max<qint64>(highest, 1)) * 1.05);
    y->setLabelFormat(QStringLiteral("%.0f"));
    y->setTickCount(4);
    y->applyNiceNumbers();
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    area->attachAxis(x);
    area->attachAxis(y);
    m_chart->setTitle(tr("Histogram"));
    m_chartPoints = int(summary.counts.size());
}

void SummaryPanel::drawTopValues(const Protocol::ColumnSummary &summary)
{
    auto set = new QBarSet(tr("Count"));
    set->setColor(palette().color(QPalette::Highlight));
    QStringList labels;
    qint64 highest = 0;
    // The most frequent on top.
    for (qsizetype i = summary.top.size() - 1; i >= 0; --i) {
        const Protocol::ValueCount &item = summary.top.at(i);
        labels.append(QFontMetrics(font()).elidedText(item.value, Qt::ElideRight, 120));
        *set << double(item.count);
        highest = std::max(highest, item.count);
    }
    auto series = new QHorizontalBarSeries(m_chart);
    series->append(set);
    m_chart->addSeries(series);
    auto categories = new QBarCategoryAxis(m_chart);
    categories->append(labels);
    auto counts = new QValueAxis(m_chart);
    counts->setRange(0, double(std::max<qint64>(highest, 1)) * 1.05);
    counts->setLabelFormat(QStringLiteral("%.0f"));
    counts->setTickCount(3);
    m_chart->addAxis(categories, Qt::AlignLeft);
    m_chart->addAxis(counts, Qt::AlignBottom);
    series->attachAxis(categories);
    series->attachAxis(counts);
    m_chart->setTitle(tr("Most frequent values"));
    m_chartPoints = int(summary.top.size());
}

} // namespace Sandpiper::Ui
