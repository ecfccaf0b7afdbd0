#pragma once

#include "cellformat.h"
#include "messages.h"

#include <QWidget>

class QChart;
class QChartView;
class QLabel;

namespace Sandpiper::Ui {

// The summary of one column beside the data viewer's grid: counts, nulls, distinct values,
// statistics, the most frequent values, and a chart (a histogram of numbers, a bar chart of the
// most frequent values otherwise). The summary is computed in the engine; figures from a
// sample say so.
class SummaryPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SummaryPanel(QWidget *parent = nullptr);

    void setFormat(const Models::CellFormat &format) { m_format = format; }
    void showLoading(const QString &column);
    // A line under the figures (e.g. that they cover rows the view does not show).
    void setNote(const QString &note) { m_note = note; }
    void showSummary(const Protocol::ColumnSummary &summary);
    QString text() const; // what the figures say, for tests and copying
    QChart *chart() const { return m_chart; }
    int chartPoints() const { return m_chartPoints; }

private:
    void clearChart();
    void drawHistogram(const Protocol::ColumnSummary &summary);
    void drawTopValues(const Protocol::ColumnSummary &summary);

    Models::CellFormat m_format;
    QString m_note;
    QLabel *m_title;
    QLabel *m_figures;
    QChart *m_chart;
    QChartView *m_chartView;
    int m_chartPoints = 0;
};

} // namespace Sandpiper::Ui
