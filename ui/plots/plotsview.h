#pragma once

#include <plotexport.h>

#include <QWidget>

#include <functional>

class QLabel;
class QListView;
class QStackedWidget;
class QToolBar;
class QToolButton;

namespace Sandpiper::Models {
class PlotHistory;
}

namespace Sandpiper::Ui {

class ChartSandbox;
class ChartView;
class PlotCanvas;

// The Plots dock: the figure chosen in the history (the newest when one arrives), a strip of
// thumbnails, previous and next (also Left and Right), fit or 1:1 with zoom, delete one or
// clear all, open in a window of its own, and Go to Code for the run that drew it.
class PlotsView : public QWidget
{
    Q_OBJECT

public:
    explicit PlotsView(Models::PlotHistory *history, QWidget *parent = nullptr);

    // Each session has its own figures: the window shows the selected session's.
    void setHistory(Models::PlotHistory *history);
    Models::PlotHistory *history() const { return m_history; }
    int currentRow() const { return m_current; }
    void setCurrentRow(int row);
    PlotCanvas *canvas() const { return m_canvas; }
    // The one warm chart view for Plotly and Altair, made by warmUp() or the first chart.
    ChartView *chartView() const { return m_chart; }
    ChartSandbox *chartSandbox() const { return m_sandbox; }
    // Makes the chart view now (its page loads in the background), so the first chart shows
    // at once. The window calls it when idle after start-up.
    void warmUp();
    QListView *strip() const { return m_strip; }
    QToolButton *button(const QString &objectName) const;
    // The position label, e.g. "2 / 5".
    QString position() const;

    void showPrevious();
    void showNext();
    void removeCurrent();
    // The figure in a window of its own, deleted when closed.
    QWidget *openInWindow();
    // Writes the figure shown, as the session drew it (PNG or SVG), to path; the error, or
    // empty when it was written whole.
    QString saveCurrentAs(const QString &path) const;
    // The figure shown, as an image on the clipboard.
    void copyCurrent() const;
    // Writes every figure into folder as figure-001.EXT, figure-002.EXT…: pictures as the
    // session drew them (PNG or SVG), charts as chartFormat (html, or png, jpeg, svg or pdf
    // drawn by the chart page at 6.4 × 4.8 in and 100 DPI). done gets the files written and
    // what failed, once all are done. Existing files of those names are replaced.
    void saveAll(
            const QString &folder,
            const QString &chartFormat,
            const std::function<void(const QStringList &written, const QStringList &errors)> &done);
    // The names saveAll would write in folder that already exist there.
    QStringList saveAllClashes(const QString &folder, const QString &chartFormat) const;

    // Draws the chart of `row` in the warm page as `options` ask (not HTML) and calls back
    // with the file's bytes or why not; the dock shows that chart.
    void drawChart(int row,
                   const Models::PlotExport &options,
                   const std::function<void(const QByteArray &file, const QString &error)> &done);
    // Writes the chart of `row` as `options` ask (PNG, JPEG, SVG, PDF or HTML) to path, then
    // calls done with the error, or empty when the file was written whole.
    void exportChart(int row,
                     const Models::PlotExport &options,
                     const QString &path,
                     const std::function<void(const QString &error)> &done);

Q_SIGNALS:
    // "Go to Code": the run (e.g. "<cell 3>") that drew the figure shown.
    void goToCodeRequested(const QString &origin);
    // "Export…": draw the figure of this row again at another size (see PlotExportDialog).
    void exportRequested(int row);

private:
    void attachHistory();
    void showCurrent();
    ChartView *ensureChartView();
    void drawThumbnail();
    void showChartOf(ChartView *view, int row) const;
    static QString writeImage(const QByteArray &bytes, const QString &path);
    // What Save… writes for the figure of row (a chart as a standalone page), and its suffix.
    QByteArray savedBytes(int row, QString *error) const;
    QString savedSuffix(int row) const;
    void chooseAndSave();
    void chooseAndSaveAll();
    QString saveAllName(int row, const QString &chartFormat) const;
    void updateControls();
    QToolButton *addButton(const QString &objectName,
                           const QString &text,
                           const QString &toolTip,
                           const std::function<void()> &action);

    Models::PlotHistory *m_history;
    QStackedWidget *m_pages;
    PlotCanvas *m_canvas;
    ChartSandbox *m_sandbox = nullptr;
    ChartView *m_chart = nullptr;
    quint64 m_currentChartSerial = 0; // the chart page's serial for the current row's chart
    QListView *m_strip;
    QLabel *m_position;
    QToolBar *m_toolBar; // what does not fit goes behind its » button
    int m_current = -1;
    bool m_removing = false; // the strip's current row moves during a removal: not a choice
};

} // namespace Sandpiper::Ui
