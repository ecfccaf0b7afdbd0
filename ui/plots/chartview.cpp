#include "chartview.h"

#include "chartsandbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPageLayout>
#include <QPointer>
#include <QTimer>
#include <QVBoxLayout>
#include <QWebEnginePage>
#include <QWebEngineView>

#include <cmath>
#include <csignal>

namespace Sandpiper::Ui {

namespace {

constexpr int pollInterval = 10;       // ms: a chart shows within one of these
constexpr int exportTimeout = 120'000; // ms: a 10^6-point chart at 600 DPI takes a while

// text as a JavaScript string literal (JSON's string syntax is a subset of JavaScript's).
QString scriptString(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QString kindName(ChartView::Kind kind)
{
    return kind == ChartView::Kind::Plotly ? QStringLiteral("plotly") : QStringLiteral("vegalite");
}

} // namespace

ChartView::ChartView(ChartSandbox *sandbox, QWidget *parent)
    : QWidget(parent)
    , m_view(new QWebEngineView(this))
    , m_page(sandbox->newPage(m_view))
    , m_pollTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("ChartView"));
    m_view->setPage(m_page);
    m_view->setContextMenuPolicy(Qt::NoContextMenu); // no "Back", "Save page", "Inspect"
    m_view->setAcceptDrops(false);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    m_pollTimer->setInterval(pollInterval);
    connect(m_pollTimer, &QTimer::timeout, this, &ChartView::poll);
    connect(m_page, &QWebEnginePage::loadFinished, this, &ChartView::onLoaded);
    connect(m_page,
            &QWebEnginePage::renderProcessTerminated,
            this,
            &ChartView::onRenderProcessGone,
            Qt::QueuedConnection);
    m_page->setUrl(ChartSandbox::shellUrl());
}

// Exports still waiting are dropped unanswered: whoever asked may be going away too.
ChartView::~ChartView() = default;

void ChartView::onLoaded(bool ok)
{
    if (!ok && m_ready)
        return; // a navigation the sandbox refused: the page stays as it was
    if (!ok) {
        m_ready = false;
        Q_EMIT chartFailed(tr("The chart page cannot be loaded: the Plotly or Vega libraries "
                              "are missing (see the installer's package list)."));
        failExports(tr("The chart page cannot be loaded."));
        return;
    }
    m_ready = true;
    if (!m_messageAfterLoad.isEmpty()) {
        m_page->runJavaScript(
                QStringLiteral("sandpiperMessage(%1)").arg(scriptString(m_messageAfterLoad)));
        m_messageAfterLoad.clear();
    }
    Q_EMIT ready();
    if (!m_sent)
        send();
    for (auto it = m_exportScripts.cbegin(); it != m_exportScripts.cend(); ++it)
        m_page->runJavaScript(it.value());
    m_exportScripts.clear();
    if (!m_exports.isEmpty())
        m_pollTimer->start();
}

void ChartView::showChart(Kind kind, const QByteArray &json)
{
    ++m_serial;
    m_kind = kind;
    m_drawn = false;
    if (json.size() > MaxChartBytes) {
        const QString why = tr("This chart's data are %1 MB, more than the %2 MB the viewer "
                               "draws. Save it as HTML to open it in a browser, or draw fewer "
                               "points.")
                                    .arg(json.size() >> 20)
                                    .arg(MaxChartBytes >> 20);
        m_json.clear();
        m_sent = true;
        m_drawing = false;
        if (m_ready)
            m_page->runJavaScript(QStringLiteral("sandpiperMessage(%1)").arg(scriptString(why)));
        Q_EMIT chartFailed(why);
        return;
    }
    m_json = json;
    m_sent = false;
    if (m_ready)
        send();
}

void ChartView::send()
{
    const QString script = QStringLiteral("sandpiperShow(%1, '%2', %3)")
                                   .arg(m_serial)
                                   .arg(kindName(m_kind), scriptString(QString::fromUtf8(m_json)));
    m_json.clear();
    m_sent = true;
    m_drawing = true;
    m_drawClock.start();
    m_page->runJavaScript(script);
    m_pollTimer->start();
}

void ChartView::exportImage(const QString &format, QSizeF cssSize, double scale, ImageDone done)
{
    const int id = m_nextExport++;
    PendingExport pending{std::move(done), {}};
    pending.clock.start();
    m_exports.insert(id, std::move(pending));
    const QString script = QStringLiteral("sandpiperExport(%1, %2, '%3', %4, %5, %6)")
                                   .arg(id)
                                   .arg(m_serial)
                                   .arg(format == QLatin1String("jpeg")  ? QStringLiteral("jpeg")
                                        : format == QLatin1String("svg") ? QStringLiteral("svg")
                                                                         : QStringLiteral("png"))
                                   .arg(cssSize.width(), 0, 'g', 10)
                                   .arg(cssSize.height(), 0, 'g', 10)
                                   .arg(scale, 0, 'g', 10);
    if (!m_ready) {
        m_exportScripts.insert(id, script);
        return;
    }
    m_page->runJavaScript(script);
    m_pollTimer->start();
}

void ChartView::printSvgToPdf(const QByteArray &svg, QSizeF points, ImageDone done)
{
    if (!m_ready) {
        done({}, tr("The chart page is not ready; try again."));
        return;
    }
    // Pending like an image export, so a hung page or a reset still answers.
    const int id = m_nextExport++;
    PendingExport pending{std::move(done), {}};
    pending.clock.start();
    m_exports.insert(id, std::move(pending));
    m_pollTimer->start();
    const QPointer<ChartView> self(this);
    // Page sizes are whole points (QPageSize keeps them so); 2.6667 in × 72 computed as
    // 191.99999 must be 192, not cut to 191.
    const QSizeF whole(std::round(points.width()), std::round(points.height()));
    const QPageLayout layout(QPageSize(whole, QPageSize::Point, {}, QPageSize::ExactMatch),
                             QPageLayout::Portrait,
                             QMarginsF());
    m_page->runJavaScript(
            QStringLiteral("sandpiperPrintable(%1, %2, %3)")
                    .arg(scriptString(QString::fromUtf8(svg)))
                    .arg(points.width(), 0, 'g', 10)
                    .arg(points.height(), 0, 'g', 10),
            [self, id, layout](const QVariant &printable) {
                if (!self)
                    return;
                if (!printable.toBool()) {
                    self->finishExport(id, {}, tr("The chart's SVG cannot be printed."));
                    return;
                }
                self->m_page->printToPdf(
                        [self, id](const QByteArray &pdf) {
                            if (self)
                                self->finishExport(id,
                                                   pdf,
                                                   pdf.isEmpty() ? tr("Printing the chart as PDF "
                                                                      "failed.")
                                                                 : QString());
                        },
                        layout);
            });
}

void ChartView::finishExport(int id, const QByteArray &result, const QString &error)
{
    const auto pending = m_exports.constFind(id);
    if (pending == m_exports.cend())
        return;
    const ImageDone done = pending->done;
    m_exports.remove(id);
    done(result, error);
}

void ChartView::poll()
{
    // A page that has not answered for the draw timeout is hung (a script that loops).
    if (m_pollOutstanding) {
        if (m_pollClock.elapsed() > m_drawTimeout)
            reset(tr("The chart's page stopped answering for %1 s (a script that never ends?) "
                     "and was reset.")
                          .arg(m_drawTimeout / 1000));
        return;
    }
    if (m_drawing && m_drawClock.elapsed() > m_drawTimeout) {
        reset(tr("The chart did not finish drawing in %1 s and was stopped; it may have too "
                 "many points to draw interactively. Save it as HTML to open it in a browser.")
                      .arg(m_drawTimeout / 1000));
        return;
    }
    for (auto it = m_exports.begin(); it != m_exports.end();) {
        if (it->clock.elapsed() > exportTimeout) {
            const ImageDone done = it->done;
            it = m_exports.erase(it);
            done({},
                 tr("Drawing the chart for export took longer than %1 s.")
                         .arg(exportTimeout / 1000));
        } else {
            ++it;
        }
    }
    if (!m_drawing && m_exports.isEmpty()) {
        m_pollTimer->stop();
        return;
    }
    QStringList ids; // prints answer by themselves; asking about them is harmless
    for (auto it = m_exports.cbegin(); it != m_exports.cend(); ++it)
        ids << QString::number(it.key());
    m_pollOutstanding = true;
    m_pollClock.start();
    const QPointer<ChartView> self(this);
    m_page->runJavaScript(QStringLiteral("sandpiperPoll([%1])").arg(ids.join(u',')),
                          [self](const QVariant &answer) {
                              if (self)
                                  self->onPolled(answer);
                          });
}

void ChartView::onPolled(const QVariant &answer)
{
    m_pollOutstanding = false;
    const QVariantMap state = answer.toMap();
    if (m_drawing && state.value(QStringLiteral("serial")).toULongLong() == m_serial) {
        const QString status = state.value(QStringLiteral("status")).toString();
        if (status == QLatin1String("done")) {
            m_drawing = false;
            m_drawn = true;
            Q_EMIT chartDrawn();
        } else if (status == QLatin1String("error")) {
            m_drawing = false;
            Q_EMIT chartFailed(state.value(QStringLiteral("message")).toString());
        }
    }
    const QVariantMap results = state.value(QStringLiteral("results")).toMap();
    for (auto it = results.cbegin(); it != results.cend(); ++it) {
        const QVariantMap result = it.value().toMap();
        if (result.value(QStringLiteral("status")).toString() == QLatin1String("done"))
            finishExport(
                    it.key().toInt(), result.value(QStringLiteral("url")).toString().toUtf8(), {});
        else
            finishExport(it.key().toInt(),
                         {},
                         tr("The chart cannot be drawn for export: %1")
                                 .arg(result.value(QStringLiteral("message")).toString()));
    }
}

void ChartView::reset(const QString &why)
{
    m_pollTimer->stop();
    m_pollOutstanding = false;
    m_drawing = false;
    m_ready = false;
    m_resetReason = why;
    // Killing the renderer is the one sure way to stop a script; the page loads afresh.
    const qint64 pid = m_page->renderProcessPid();
    if (pid > 0)
        ::kill(pid_t(pid), SIGKILL);
    else
        onRenderProcessGone();
}

void ChartView::onRenderProcessGone()
{
    const QString why = m_resetReason.isEmpty()
                                ? tr("The chart's page stopped (out of memory?) and was reset.")
                                : m_resetReason;
    m_resetReason.clear();
    m_pollTimer->stop();
    m_pollOutstanding = false;
    m_drawing = false;
    m_drawn = false;
    m_ready = false;
    m_sent = true; // the chart that did this is not drawn again
    m_json.clear();
    failExports(why);
    m_messageAfterLoad = why;
    m_page->setUrl(ChartSandbox::shellUrl());
    Q_EMIT chartFailed(why);
    Q_EMIT pageReset(why);
}

void ChartView::failExports(const QString &why)
{
    const auto exports = std::exchange(m_exports, {});
    m_exportScripts.clear();
    for (const PendingExport &pending : exports)
        pending.done({}, why);
}

} // namespace Sandpiper::Ui
