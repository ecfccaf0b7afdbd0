#pragma once

#include <chartpage.h>

#include <QObject>
#include <QQueue>
#include <QSizeF>
#include <QStringList>

#include <functional>

namespace Sandpiper::Ui {

class ChartView;

// Writes Plotly and Altair charts as pictures, one after another: each is drawn in the chart
// view given and written as base.png/.jpg/.svg/.pdf at one size and DPI. Batch runs give it an
// offscreen view of their own; the Plots dock's Save All, its warm one.
class ChartWriter : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const QStringList &written, const QString &error)>;
    // Without --figure-size / --figure-dpi: matplotlib's defaults, so both kinds match.
    static constexpr QSizeF DefaultSize{6.4, 4.8};
    static constexpr int DefaultDpi = 100;

    ChartWriter(ChartView *view,
                const QStringList &formats,
                QSizeF inches,
                int dpi,
                QObject *parent = nullptr);

    // The formats among `formats` that are pictures (png, jpeg, svg, pdf).
    static QStringList pictureFormats(const QStringList &formats);

    void add(Resources::ChartPage::Kind kind,
             const QByteArray &json,
             const QString &basePath,
             Done done);
    // Nothing queued or being written; idle() is emitted when that becomes so.
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
    ChartView *m_view;
    QQueue<Job> m_queue;
    Job m_job;
    QStringList m_written;
    QStringList m_errors;
    bool m_busy = false;
    bool m_startScheduled = false;
    quint64 m_serial = 0; // the view's chart for the job under way
};

} // namespace Sandpiper::Ui
