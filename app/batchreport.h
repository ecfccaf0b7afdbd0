#pragma once

#include <abstractsession.h>
#include <chartpage.h>

#include <QDir>
#include <QFile>
#include <QMap>
#include <QStringDecoder>

#include <functional>

namespace Sandpiper::App {

// Writes what a batch run produced into the output folder:
//   output.log        everything printed, cell by cell
//   figures/NNN.*     figures (png/svg) and interactive charts (standalone html, and the
//                     pictures asked for when a chart drawer is set)
//   variables.json    the final variable summaries
//   cells.json        one record per cell: status, duration, error, usage
//   report.html       code, output and figures, readable offline
class BatchReport
{
public:
    struct CellRecord
    {
        int index = 0;
        QString code;
        QString status = QStringLiteral("skipped");
        Client::RunOutcome outcome;
        QString output;          // display-safe text for the report (bounded)
        QStringList figureFiles; // relative to the output folder
        // The security scan's findings (none: clean); scanError says why it was not scanned.
        QList<Protocol::Diagnostic> findings;
        QString scanError;
    };

    explicit BatchReport(const QString &outputDir);

    bool open(QString *error);
    // Interactive charts (Plotly, Altair) as standalone HTML pages; on by default.
    void setChartsAsHtml(bool write) { m_chartsAsHtml = write; }
    // Draws a chart as pictures named basePath.EXT, then calls back with the files written
    // (absolute) or why not; the cell's record and the log get them when they come.
    using ChartPictures = std::function<void(
            Resources::ChartPage::Kind kind,
            const QByteArray &json,
            const QString &basePath,
            std::function<void(const QStringList &files, const QString &error)> done)>;
    void setChartPictures(ChartPictures draw) { m_chartPictures = std::move(draw); }
    void addCell(int index, const QString &code); // every cell, before running any
    void beginCell(int index);
    void setFindings(int index, const QList<Protocol::Diagnostic> &findings, const QString &error);
    void appendOutput(Protocol::StreamName stream, const QByteArray &data);
    void addDisplay(const Protocol::DisplayData &display);
    void endCell(const Client::RunOutcome &outcome);
    void applyVariables(const Protocol::VariablesDiff &diff);
    // A file the script wrote into its workspace, copied to `path` (relative to the output
    // folder), or why not.
    void addWorkspaceFile(const QString &path, const QString &error);
    bool finish(QString *error);

    const QList<CellRecord> &cells() const { return m_cells; }
    bool allSucceeded() const;

    static QString statusName(Client::RunStatus status);

private:
    bool m_chartsAsHtml = true;
    ChartPictures m_chartPictures;
    void addChartPictures(int cell, const QStringList &files, const QString &error);
    CellRecord *current();
    QString nextFigureBase();
    void appendReportText(const QString &text);
    bool writeJson(const QString &name, const QByteArray &json, QString *error) const;
    QByteArray cellsJson() const;
    QByteArray variablesJson() const;
    QString reportHtml() const;
    static QString securityHtml(const CellRecord &cell);

    QDir m_dir;
    QFile m_log;
    QStringDecoder m_decoder{QStringDecoder::Utf8};
    QString m_escapeCarry;
    QList<CellRecord> m_cells;
    QList<std::pair<QString, QString>> m_files; // path, error
    int m_current = -1;
    int m_figureCount = 0;
    QMap<QString, Protocol::VariableSummary> m_variables;
};

} // namespace Sandpiper::App
