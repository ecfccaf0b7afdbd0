#include "chartwriter.h"

#include "chartexport.h"
#include "chartview.h"

#include <plotexport.h>

#include <QSaveFile>

namespace Sandpiper::Ui {

ChartWriter::ChartWriter(
        ChartView *view, const QStringList &formats, QSizeF inches, int dpi, QObject *parent)
    : QObject(parent)
    , m_formats(pictureFormats(formats))
    , m_inches(inches.isEmpty() ? DefaultSize : inches)
    , m_dpi(dpi > 0 ? dpi : DefaultDpi)
    , m_view(view)
{
    // The view may be shared (the Plots dock's): another chart shown there meanwhile ends the
    // job rather than being written under its name.
    connect(m_view, &ChartView::chartDrawn, this, [this] {
        if (!m_busy)
            return;
        if (m_view->chartSerial() == m_serial)
            writeNext(0);
        else
            finishJob(tr("another chart was shown before this one was drawn"));
    });
    connect(m_view, &ChartView::chartFailed, this, [this](const QString &why) {
        if (m_busy)
            finishJob(why);
    });
}

QStringList ChartWriter::pictureFormats(const QStringList &formats)
{
    QStringList pictures;
    for (const QString &format : formats) {
        if (format != QLatin1String("html"))
            pictures << format;
    }
    return pictures;
}

void ChartWriter::add(Resources::ChartPage::Kind kind,
                      const QByteArray &json,
                      const QString &basePath,
                      Done done)
{
    m_queue.enqueue({kind, json, basePath, std::move(done)});
    // Started from the event loop, never inside add(): a chart that fails at once (too big)
    // would otherwise end the queue, and emit idle, before the caller has added the rest.
    if (!m_busy && !m_startScheduled) {
        m_startScheduled = true;
        QMetaObject::invokeMethod(
                this,
                [this] {
                    m_startScheduled = false;
                    if (!m_busy)
                        startNext();
                },
                Qt::QueuedConnection);
    }
}

void ChartWriter::startNext()
{
    if (m_queue.isEmpty()) {
        Q_EMIT idle();
        return;
    }
    m_busy = true;
    m_job = m_queue.dequeue();
    m_written.clear();
    m_errors.clear();
    m_view->showChart(m_job.kind, m_job.json);
    m_serial = m_view->chartSerial();
}

void ChartWriter::writeNext(int format)
{
    if (format >= m_formats.size()) {
        finishJob(m_errors.join(QStringLiteral("; ")));
        return;
    }
    Models::PlotExport options;
    options.format = m_formats.at(format);
    options.width = m_inches.width();
    options.height = m_inches.height();
    options.unit = QStringLiteral("in");
    options.dpi = m_dpi;
    const QString path = m_job.basePath + u'.' + Models::PlotExport::extension(options.format);
    ChartExport::render(
            m_view, options, [this, format, path](const QByteArray &file, const QString &error) {
                if (error.isEmpty()) {
                    QSaveFile out(path);
                    if (out.open(QIODevice::WriteOnly) && out.write(file) == file.size()
                        && out.commit())
                        m_written << path;
                    else
                        m_errors << QStringLiteral("%1: %2").arg(path, out.errorString());
                } else {
                    m_errors << error;
                }
                writeNext(format + 1);
            });
}

void ChartWriter::finishJob(const QString &error)
{
    const Done done = std::move(m_job.done);
    m_job = {};
    m_busy = false;
    done(m_written, error);
    startNext();
}

} // namespace Sandpiper::Ui
