#pragma once

#include <chartpage.h>

#include <QElapsedTimer>
#include <QHash>
#include <QWidget>

#include <functional>

class QTimer;
class QWebEnginePage;
class QWebEngineView;

namespace Sandpiper::Ui {

class ChartSandbox;

// One interactive chart page (Plotly or Vega-Lite), made once and reused: showing another
// chart swaps the data, not the page. The page runs under ChartSandbox's rules. The view polls
// it; a page that stops answering (a chart whose script loops) or takes too long to draw is
// killed and loaded afresh, and the window goes on.
class ChartView : public QWidget
{
    Q_OBJECT

public:
    using Kind = Resources::ChartPage::Kind;
    // Bigger charts are refused before they reach the page (saving as HTML still works).
    static constexpr qint64 MaxChartBytes = 96ll << 20;
    using ImageDone = std::function<void(const QByteArray &dataUrl, const QString &error)>;

    explicit ChartView(ChartSandbox *sandbox, QWidget *parent = nullptr);
    ~ChartView() override;

    bool isReady() const { return m_ready; }
    // Draws the chart in place of the one shown; chartDrawn or chartFailed follows.
    void showChart(Kind kind, const QByteArray &json);
    // The chart asked for last has been drawn.
    bool isDrawn() const { return m_drawn; }
    // Counts the charts asked for: tells whose drawing a chartDrawn was.
    quint64 chartSerial() const { return m_serial; }
    // The chart shown (once drawn) as a data URL: format png, jpeg or svg; cssSize in CSS
    // pixels, raster pixels = cssSize × scale. Called back once, also when the page resets;
    // never after the view is gone.
    void exportImage(const QString &format, QSizeF cssSize, double scale, ImageDone done);

    // The SVG (from exportImage) printed by the page as a PDF of exactly `points`: Chromium's
    // printing keeps text as text and paths as paths. Called back like exportImage.
    void printSvgToPdf(const QByteArray &svg, QSizeF points, ImageDone done);

    QWebEngineView *webView() const { return m_view; }
    QWebEnginePage *page() const { return m_page; }
    // How long a chart may take to draw, or the page go without answering, before a reset.
    void setDrawTimeout(int milliseconds) { m_drawTimeout = milliseconds; }
    int drawTimeout() const { return m_drawTimeout; }

Q_SIGNALS:
    void ready();
    void chartDrawn();
    void chartFailed(const QString &message);
    // The page was killed and loaded again; why (also shown in the page).
    void pageReset(const QString &why);

private:
    struct PendingExport
    {
        ImageDone done;
        QElapsedTimer clock;
    };

    void onLoaded(bool ok);
    void send();
    void poll();
    void onPolled(const QVariant &answer);
    void reset(const QString &why);
    void onRenderProcessGone();
    void failExports(const QString &why);
    // Takes the pending export out and calls it back; nothing when it already ended.
    void finishExport(int id, const QByteArray &result, const QString &error);

    QWebEngineView *m_view;
    QWebEnginePage *m_page;
    QTimer *m_pollTimer;
    bool m_ready = false;
    bool m_drawn = false;
    bool m_pollOutstanding = false;
    int m_drawTimeout = 10'000;
    quint64 m_serial = 0; // the chart asked for last
    Kind m_kind = Kind::Plotly;
    QByteArray m_json;  // not yet sent (the page is loading)
    bool m_sent = true; // m_json has gone to the page
    bool m_drawing = false;
    QElapsedTimer m_drawClock;  // since the chart was sent
    QElapsedTimer m_pollClock;  // since the poll in flight went out
    QString m_resetReason;      // set while a reset we asked for is under way
    QString m_messageAfterLoad; // shown in the fresh page
    int m_nextExport = 1;
    QHash<int, PendingExport> m_exports;
    QHash<int, QString> m_exportScripts;
};

} // namespace Sandpiper::Ui
