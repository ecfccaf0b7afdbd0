#pragma once

#include "batchreport.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSizeF>
#include <QStringList>

namespace Sandpiper::Ui {
class ChartWriter;
}

namespace Sandpiper::App {

struct BatchOptions
{
    QString scriptPath;
    QString outputDir;
    bool keepGoing = false;
    int timeLimitSeconds = 0; // per cell; 0 = none
    int memoryLimitMb = 0;    // 0 = the default
    QStringList inputFiles;   // copied into the workspace before the script runs
    // How figures are written: matplotlib's in any of png, jpeg, svg, pdf; interactive charts
    // as html when "html" is listed. A size in inches draws every matplotlib figure exactly
    // that big; 0 keeps each figure's own (trimmed). A DPI of 0 keeps the figure's.
    QStringList figureFormats{QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("html")};
    // Set when --figure-format was given: interactive charts are then written as pictures in
    // those formats too (drawn by a chart page, see Ui::ChartWriter).
    bool chartPictures = false;
    QSizeF figureSize;
    int figureDpi = 0;

    // The Python that sets the session up for these choices.
    QString figureSetup() const;
};

// Runs a script cell by cell (`# %%` markers; none = one cell) in a session and writes the
// report. By default it stops at the first cell that fails and lists the rest as skipped; with
// keepGoing it runs every cell, restarting the session when a cell killed it. The files the
// script wrote into its workspace (exported tables, saved figures) are copied to DIR/files/.
class BatchRunner : public QObject
{
    Q_OBJECT

public:
    enum ExitCode { Success = 0, CellFailed = 1, UsageError = 2 };
    // Files copied out of the workspace at most (each within the session's transfer limit).
    static constexpr int MaxCollectedFiles = 10'000;

    BatchRunner(Client::AbstractSession *session,
                const BatchOptions &options,
                QObject *parent = nullptr);

    // Plotly and Altair charts also as pictures, drawn by `charts`; each cell's charts are
    // written before the next cell runs.
    void setCharts(Ui::ChartWriter *charts);

    // Reads the script and starts; finished() follows (also for errors found right away).
    void start();
    // The security scan's findings for the run named cellName ("<cell 3>"), as the history
    // keeps them; empty for none.
    QString findingsJson(const QString &cellName) const;

Q_SIGNALS:
    void finished(int exitCode);

private:
    void runSetup();
    // --input files into the workspace; false (and why) when one cannot be copied.
    bool copyInputs(QString *error);
    void runNext();
    // Scans the cell (the session's engine answers), reports what it found, then runs it.
    void scanThenRun(int index);
    void runCell(int index);
    // The name the session knows cell index by ("<cell 1>" for the first).
    static QString cellName(int index);
    void whenIdle(const std::function<void()> &then);
    void whenChartsWritten(const std::function<void()> &then);
    // The engine sends a run's result before its variables, and objects the run did not name
    // come later from its idle refresh: variables.json waits for that (bounded).
    void whenVariablesSettled(const std::function<void()> &then);
    void onVariables(const Protocol::VariablesDiff &diff);
    void cellFinished(const Client::RunOutcome &outcome);
    void complete(int exitCode, const QString &message = {});
    void collectWorkspaceFiles();

    Client::AbstractSession *m_session;
    Ui::ChartWriter *m_charts = nullptr;
    BatchOptions m_options;
    BatchReport m_report;
    QList<QString> m_cellCode;
    // --input copies, relative to the workspace: their size and time right after the copy.
    QHash<QString, std::pair<qint64, QDateTime>> m_inputs;
    int m_next = 0;
    bool m_stopped = false;
    bool m_done = false;
    quint64 m_variablesAwaitedFor = 0; // the last run, until its variables frame came
    bool m_variablesSettled = true;
    std::function<void()> m_whenSettled;
    QHash<QString, QString> m_findings; // cell name -> the scan's findings (JSON)
};

} // namespace Sandpiper::App
