#pragma once

#include <chartpage.h>

#include <QObject>
#include <QQueue>
#include <QSizeF>
#include <QStringList>

#include <functional>

namespace Sandpiper::Ui {
class ChartSandbox;
class ChartView;
} // namespace Sandpiper::Ui

namespace Sandpiper::App {

// Batch runs' Plotly and Altair charts as pictures: each is drawn in one offscreen chart page
// (the Plots dock's, same sandbox) and written as base.png/.jpg/.svg/.pdf at the run's figure
// size and DPI, one chart after another.
class BatchCharts : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const QStringList &written, const QString &error)>;
    // Without --figure-size / --figure-dpi: matplotlib's defaults, so both kinds match.
    static constexpr QSizeF DefaultSize{6.4, 4.8};
    static constexpr int DefaultDpi = 100;

    BatchCharts(const QStringList &formats, QSizeF inches, int dpi, QObject *parent = nullptr);
    ~BatchCharts() override;

    // The formats among `formats` that are pictures (png, jpeg, svg, pdf).
    static QStringList pictureFormats(const QStringList &formats);

    void add(Resources::ChartPage::Kind kind,
             const QByteArray &json,
             const QString &basePath,
             Done done);
    bool isIdle() const { return !m_busy && m_queue.isEmpty(); }

Q_SIGNALS:
    void idle();

private:
    struct Job
    {
        Resources::ChartPage::Kind kind;
        QByteArray json;
        QString basePath;
        Done done;
    };

    void startNext();
    void writeNext(int format);
    void finishJob(const QString &error);

    QStringList m_formats;
    QSizeF m_inches;
    int m_dpi;
    Ui::ChartSandbox *m_sandbox;
    Ui::ChartView *m_view;
    QQueue<Job> m_queue;
    Job m_job;
    QStringList m_written;
    QStringList m_errors;
    bool m_busy = false;
};

} // namespace Sandpiper::App
