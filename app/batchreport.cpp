#include "batchreport.h"

#include <runguard.h>

#include <chartpage.h>
#include <consolebuffer.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStringDecoder>

#include <QUrl>
#include <algorithm>
#include <iterator>

namespace Sandpiper::App {

namespace {
// The report shows at most this much output per cell; output.log has all of it.
constexpr qsizetype maxReportTextPerCell = 1024 * 1024;

QString firstLine(const QString &code)
{
    for (const QString &line : code.split(u'\n')) {
        if (!line.trimmed().isEmpty())
            return line.trimmed().left(120);
    }
    return {};
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size() && file.commit();
}
} // namespace

BatchReport::BatchReport(const QString &outputDir)
    : m_dir(outputDir)
{}

bool BatchReport::open(QString *error)
{
    if (!m_dir.mkpath(QStringLiteral("figures"))) {
        *error = QStringLiteral("cannot create %1").arg(m_dir.filePath(QStringLiteral("figures")));
        return false;
    }
    m_log.setFileName(m_dir.filePath(QStringLiteral("output.log")));
    if (!m_log.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("cannot write %1: %2").arg(m_log.fileName(), m_log.errorString());
        return false;
    }
    return true;
}

void BatchReport::addCell(int index, const QString &code)
{
    CellRecord record;
    record.index = index;
    record.code = code;
    m_cells.append(record);
}

BatchReport::CellRecord *BatchReport::current()
{
    return m_current >= 0 && m_current < m_cells.size() ? &m_cells[m_current] : nullptr;
}

void BatchReport::beginCell(int index)
{
    m_current = index;
    m_log.write(QStringLiteral("# ---- cell %1: %2\n")
                        .arg(index + 1)
                        .arg(firstLine(m_cells.value(index).code))
                        .toUtf8());
    m_log.flush();
}

void BatchReport::appendReportText(const QString &text)
{
    CellRecord *cell = current();
    if (!cell || cell->output.size() >= maxReportTextPerCell)
        return;
    cell->output += text.left(maxReportTextPerCell - cell->output.size());
    if (cell->output.size() >= maxReportTextPerCell)
        cell->output += QStringLiteral("\n[… more in output.log]\n");
}

void BatchReport::appendOutput(Protocol::StreamName, const QByteArray &data)
{
    m_log.write(data);
    m_log.flush();
    appendReportText(Models::ConsoleBuffer::sanitize(m_decoder.decode(data), &m_escapeCarry));
}

QString BatchReport::nextFigureBase()
{
    return QStringLiteral("figures/%1").arg(++m_figureCount, 3, 10, QLatin1Char('0'));
}

void BatchReport::addDisplay(const Protocol::DisplayData &display)
{
    CellRecord *cell = current();
    const QCborMap &bundle = display.data;
    const auto content = [&bundle](const char *mime) {
        const QCborValue value = bundle.value(QLatin1String(mime));
        return value.isByteArray() ? value.toByteArray() : value.toString().toUtf8();
    };
    // A figure's pictures, one file each under one number.
    static const std::pair<const char *, const char *> pictures[] = {
            {"image/png", ".png"},
            {"image/jpeg", ".jpg"},
            {"image/svg+xml", ".svg"},
            {"application/pdf", ".pdf"},
    };
    const bool hasPicture
            = std::any_of(std::begin(pictures), std::end(pictures), [&bundle](const auto &picture) {
                  return bundle.contains(QLatin1String(picture.first));
              });
    const bool isChart = bundle.contains(QLatin1String("application/vnd.plotly.v1+json"))
                         || bundle.contains(QLatin1String("application/vnd.vegalite.v5+json"));
    QStringList written;
    if (hasPicture) {
        const QString base = nextFigureBase();
        for (const auto &[mime, suffix] : pictures) {
            if (bundle.contains(QLatin1String(mime))
                && writeFile(m_dir.filePath(base + QLatin1String(suffix)), content(mime)))
                written << base + QLatin1String(suffix);
        }
    } else if (isChart && !m_chartsAsHtml && !m_chartPictures) {
        appendReportText(QStringLiteral("[interactive chart not written: --figure-format "
                                        "has no html]\n"));
    } else if (isChart) {
        const bool plotly = bundle.contains(QLatin1String("application/vnd.plotly.v1+json"));
        const auto kind = plotly ? Resources::ChartPage::Kind::Plotly
                                 : Resources::ChartPage::Kind::VegaLite;
        const QByteArray json = content(plotly ? "application/vnd.plotly.v1+json"
                                               : "application/vnd.vegalite.v5+json");
        const QString base = nextFigureBase();
        if (m_chartsAsHtml) {
            QString error;
            const QString page = Resources::ChartPage::standalone(kind, json, &error);
            if (page.isEmpty())
                appendReportText(QStringLiteral("[chart not written: %1]\n").arg(error));
            else if (writeFile(m_dir.filePath(base + QStringLiteral(".html")), page.toUtf8()))
                written << base + QStringLiteral(".html");
        }
        if (m_chartPictures) {
            const int cellIndex = m_current;
            m_chartPictures(kind,
                            json,
                            m_dir.filePath(base),
                            [this, cellIndex](const QStringList &files, const QString &error) {
                                addChartPictures(cellIndex, files, error);
                            });
        }
    } else {
        const QString text = bundle.value(QLatin1String("text/plain")).toString();
        if (!text.isEmpty()) {
            const QByteArray line = text.endsWith(u'\n') ? text.toUtf8() : (text + u'\n').toUtf8();
            m_log.write(line);
            QString carry;
            appendReportText(Models::ConsoleBuffer::sanitize(QString::fromUtf8(line), &carry));
        }
    }
    if (cell)
        cell->figureFiles += written;
    for (const QString &file : std::as_const(written))
        m_log.write(QStringLiteral("[figure: %1]\n").arg(file).toUtf8());
    m_log.flush();
}

void BatchReport::addChartPictures(int cell, const QStringList &files, const QString &error)
{
    QStringList relative;
    for (const QString &file : files)
        relative << m_dir.relativeFilePath(file);
    if (cell >= 0 && cell < m_cells.size())
        m_cells[cell].figureFiles += relative;
    for (const QString &file : std::as_const(relative))
        m_log.write(QStringLiteral("[figure: %1]\n").arg(file).toUtf8());
    if (!error.isEmpty()) {
        const QString line = QStringLiteral("[chart not drawn as a picture: %1]\n").arg(error);
        m_log.write(line.toUtf8());
        if (cell >= 0 && cell < m_cells.size())
            m_cells[cell].output += line;
    }
    m_log.flush();
}

void BatchReport::endCell(const Client::RunOutcome &outcome)
{
    CellRecord *cell = current();
    if (!cell)
        return;
    cell->status = statusName(outcome.status);
    cell->outcome = outcome;
    if (!outcome.error.traceback.isEmpty()) {
        const QString traceback = outcome.error.traceback.join(u'\n') + u'\n';
        m_log.write(traceback.toUtf8());
        appendReportText(traceback);
    }
    if (!outcome.detail.isEmpty()) {
        m_log.write((outcome.detail + u'\n').toUtf8());
        appendReportText(outcome.detail + u'\n');
    }
    m_log.flush();
    m_current = -1;
}

void BatchReport::applyVariables(const Protocol::VariablesDiff &diff)
{
    if (diff.reset)
        m_variables.clear();
    for (const QString &name : diff.removed)
        m_variables.remove(name);
    for (const auto &summary : diff.changed)
        m_variables.insert(summary.name, summary);
}

bool BatchReport::allSucceeded() const
{
    return std::all_of(m_cells.cbegin(), m_cells.cend(), [](const CellRecord &cell) {
        return cell.status == QLatin1String("ok");
    });
}

QString BatchReport::statusName(Client::RunStatus status)
{
    // A cell that never ran because an earlier one failed was skipped, as far as the report goes.
    return status == Client::RunStatus::Cancelled ? QStringLiteral("skipped")
                                                  : Client::toString(status);
}

QByteArray BatchReport::cellsJson() const
{
    QJsonArray cells;
    for (const CellRecord &cell : m_cells) {
        QJsonObject object{{"index", cell.index + 1},
                           {"first_line", firstLine(cell.code)},
                           {"status", cell.status},
                           {"duration", cell.outcome.wallSeconds}};
        if (!cell.outcome.error.type.isEmpty()) {
            object.insert("error_type", cell.outcome.error.type);
            object.insert("error_message", cell.outcome.error.message);
        }
        if (!cell.outcome.detail.isEmpty())
            object.insert("detail", cell.outcome.detail);
        if (cell.status != QLatin1String("skipped")) {
            object.insert("usage",
                          QJsonObject{{"status", cell.status},
                                      {"wall_seconds", cell.outcome.wallSeconds},
                                      {"cpu_seconds", cell.outcome.cpuSeconds},
                                      {"output_bytes", qint64(cell.outcome.outputBytes)},
                                      {"output_truncated", cell.outcome.outputTruncated},
                                      {"peak_memory_bytes", cell.outcome.peakMemoryBytes},
                                      {"exit_signal", cell.outcome.exitSignal}});
        }
        object.insert("figures", QJsonArray::fromStringList(cell.figureFiles));
        if (cell.status != QLatin1String("skipped")) {
            QJsonObject security{{"findings", Ui::RunGuard::toJsonArray(cell.findings)},
                                 {"scanned", cell.scanError.isEmpty()}};
            if (!cell.scanError.isEmpty())
                security.insert("error", cell.scanError);
            object.insert("security", security);
        }
        cells.append(object);
    }
    return QJsonDocument(cells).toJson();
}

QByteArray BatchReport::variablesJson() const
{
    QJsonArray variables;
    for (const auto &summary : m_variables) {
        QJsonArray shape;
        for (qint64 extent : summary.shape)
            shape.append(extent);
        variables.append(QJsonObject{{"name", summary.name},
                                     {"type", summary.type},
                                     {"kind", summary.kind},
                                     {"shape", shape},
                                     {"dtypes", summary.dtypes},
                                     {"bytes", summary.bytes},
                                     {"repr", summary.repr}});
    }
    return QJsonDocument(variables).toJson();
}

void BatchReport::setFindings(int index,
                              const QList<Protocol::Diagnostic> &findings,
                              const QString &error)
{
    if (index < 0 || index >= m_cells.size())
        return;
    m_cells[index].findings = findings;
    m_cells[index].scanError = error;
}

QString BatchReport::securityHtml(const CellRecord &cell)
{
    if (!cell.scanError.isEmpty())
        return QStringLiteral("<p class=\"scan\">Security scan: not scanned (%1).</p>\n")
                .arg(cell.scanError.toHtmlEscaped());
    if (cell.findings.isEmpty())
        return {};
    QString html = QStringLiteral("<div class=\"scan\"><b>Security scan: %1 finding(s)</b><ul>\n")
                           .arg(cell.findings.size());
    for (const Protocol::Diagnostic &finding : cell.findings)
        html += QStringLiteral("<li>line %1 · %2 · %3</li>\n")
                        .arg(finding.line)
                        .arg(finding.code.toHtmlEscaped(), finding.message.toHtmlEscaped());
    return html + QStringLiteral("</ul></div>\n");
}

QString BatchReport::reportHtml() const
{
    QString html = QStringLiteral(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Sandpiper batch report"
            "</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;"
            "color:#222}pre{background:#f5f5f3;padding:.6em;overflow-x:auto;"
            "white-space:pre-wrap}pre.code{border-left:4px solid #1f5fa8}"
            ".cell{margin-bottom:2em}.status{font-weight:bold}.ok{color:#2e7d32}"
            ".error,.crashed,.timeout,.memory,.interrupted,.killed,.output_limit,"
            ".disk_limit{color:#c62828}"
            ".skipped{color:#888}img{max-width:100%}iframe{width:100%;height:480px;"
            "border:1px solid #ddd}.scan{border-left:4px solid #e0a000;padding:.2em .6em;"
            "background:#fff8e1}</style></head><body>\n<h1>Sandpiper batch report</h1>\n");
    int failed = 0;
    for (const CellRecord &cell : m_cells)
        failed += cell.status != QLatin1String("ok");
    html += failed == 0 ? QStringLiteral("<p class=\"ok\">All %1 cells succeeded.</p>\n")
                                  .arg(m_cells.size())
                        : QStringLiteral("<p class=\"error\">%1 of %2 cells did not succeed.</p>\n")
                                  .arg(failed)
                                  .arg(m_cells.size());
    for (const CellRecord &cell : m_cells) {
        html += QStringLiteral("<div class=\"cell\"><h2>Cell %1</h2>\n").arg(cell.index + 1);
        html += QStringLiteral("<p class=\"status %1\">%1 · %2 s</p>\n")
                        .arg(cell.status)
                        .arg(cell.outcome.wallSeconds, 0, 'f', 3);
        html += QStringLiteral("<pre class=\"code\">%1</pre>\n").arg(cell.code.toHtmlEscaped());
        html += securityHtml(cell);
        if (!cell.output.isEmpty())
            html += QStringLiteral("<pre>%1</pre>\n").arg(cell.output.toHtmlEscaped());
        for (const QString &file : cell.figureFiles) {
            if (file.endsWith(QLatin1String(".png")))
                html += QStringLiteral("<p><img src=\"%1\" alt=\"figure\"></p>\n").arg(file);
            else if (file.endsWith(QLatin1String(".html")))
                html += QStringLiteral("<p><iframe src=\"%1\"></iframe></p>\n").arg(file);
        }
        html += QStringLiteral("</div>\n");
    }
    if (!m_files.isEmpty()) {
        html += QStringLiteral("<h2>Files</h2>\n<ul>\n");
        for (const auto &[path, problem] : m_files) {
            const QString shown = path.toHtmlEscaped();
            html += problem.isEmpty()
                            ? QStringLiteral("<li><a href=\"%1\">%2</a></li>\n")
                                      .arg(QString::fromUtf8(QUrl::toPercentEncoding(path, "/")),
                                           shown)
                            : QStringLiteral("<li>%1: <span class=\"error\">%2</span></li>\n")
                                      .arg(shown, problem.toHtmlEscaped());
        }
        html += QStringLiteral("</ul>\n");
    }
    html += QStringLiteral("</body></html>\n");
    return html;
}

bool BatchReport::writeJson(const QString &name, const QByteArray &json, QString *error) const
{
    if (writeFile(m_dir.filePath(name), json))
        return true;
    *error = QStringLiteral("cannot write %1").arg(m_dir.filePath(name));
    return false;
}

void BatchReport::addWorkspaceFile(const QString &path, const QString &error)
{
    m_files.append({path, error});
}

bool BatchReport::finish(QString *error)
{
    m_log.close();
    return writeJson(QStringLiteral("cells.json"), cellsJson(), error)
           && writeJson(QStringLiteral("variables.json"), variablesJson(), error)
           && writeJson(QStringLiteral("report.html"), reportHtml().toUtf8(), error);
}

} // namespace Sandpiper::App
