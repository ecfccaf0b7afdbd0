#include "batchrunner.h"

#include <runguard.h>

#include <chartwriter.h>

#include <editor/cellparser.h>
#include <editor/sqlcells.h>

#include <workspace.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTimer>

#include <cstdio>

namespace Sandpiper::App {

using Client::SessionState;

namespace {
constexpr int VariablesSettleTimeoutMs = 30000;
} // namespace

BatchRunner::BatchRunner(Client::AbstractSession *session,
                         const BatchOptions &options,
                         QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_options(options)
    , m_report(options.outputDir)
{
    m_report.setChartsAsHtml(options.figureFormats.contains(QLatin1String("html")));
    connect(session, &Client::AbstractSession::variablesChanged, this, &BatchRunner::onVariables);
    connect(session, &Client::AbstractSession::notice, this, [](const QString &message) {
        std::fprintf(stderr, "sandpiper: %s\n", qPrintable(message));
    });
}

void BatchRunner::setCharts(Ui::ChartWriter *charts)
{
    m_charts = charts;
    m_report.setChartPictures(
            [charts](Resources::ChartPage::Kind kind,
                     const QByteArray &json,
                     const QString &basePath,
                     std::function<void(const QStringList &, const QString &)> done) {
                charts->add(kind, json, basePath, std::move(done));
            });
}

void BatchRunner::whenChartsWritten(const std::function<void()> &then)
{
    if (!m_charts || m_charts->isIdle()) {
        then();
        return;
    }
    connect(m_charts, &Ui::ChartWriter::idle, this, then, Qt::SingleShotConnection);
}

void BatchRunner::start()
{
    QFile script(m_options.scriptPath);
    if (!script.open(QIODevice::ReadOnly)) {
        QTimer::singleShot(0, this, [this, error = script.errorString()] {
            complete(UsageError,
                     QStringLiteral("cannot read %1: %2").arg(m_options.scriptPath, error));
        });
        return;
    }
    const QString text = QString::fromUtf8(script.readAll());
    const QStringList lines = text.split(u'\n');
    for (const Ui::Cell &cell : Ui::CellParser::split(text)) {
        const int first = cell.bodyLine();
        QString code = first <= cell.lastLine
                               ? lines.mid(first, cell.lastLine - first + 1).join(u'\n')
                               : QString();
        code.remove(u'\r');
        if (code.trimmed().isEmpty())
            continue; // a marker with nothing under it is not a cell worth reporting
        m_report.addCell(int(m_cellCode.size()), code);
        m_cellCode << (Ui::SqlCells::isSql(cell.title) ? Ui::SqlCells::python(cell.title, code)
                                                       : code);
    }
    QString error;
    if (!m_report.open(&error)) {
        QTimer::singleShot(0, this, [this, error] { complete(UsageError, error); });
        return;
    }
    whenIdle([this] { runSetup(); });
    if (m_session->state() == SessionState::NotStarted)
        m_session->start();
}

void BatchRunner::whenIdle(const std::function<void()> &then)
{
    if (m_session->state() == SessionState::Idle) {
        QTimer::singleShot(0, this, then);
        return;
    }
    // One restart is tried when the session is (or becomes) dead; a second death ends the run
    // rather than looping.
    auto restarted = std::make_shared<bool>(false);
    auto connection = std::make_shared<QMetaObject::Connection>();
    const auto onState = [this, connection, restarted, then](SessionState state) {
        if (state == SessionState::Idle) {
            QObject::disconnect(*connection);
            then();
        } else if (state == SessionState::Dead) {
            if (*restarted) {
                QObject::disconnect(*connection);
                complete(CellFailed, QStringLiteral("the Python session could not be started"));
                return;
            }
            *restarted = true;
            m_session->restart();
        }
    };
    *connection = connect(m_session, &Client::AbstractSession::stateChanged, this, onState);
    if (m_session->state() == SessionState::Dead)
        onState(SessionState::Dead);
}

void BatchRunner::onVariables(const Protocol::VariablesDiff &diff)
{
    m_report.applyVariables(diff);
    if (diff.id == m_variablesAwaitedFor)
        m_variablesAwaitedFor = 0;
    if (m_variablesAwaitedFor == 0 || diff.id == 0)
        m_variablesSettled = diff.settled;
    if (m_whenSettled && m_variablesAwaitedFor == 0 && m_variablesSettled)
        std::exchange(m_whenSettled, nullptr)();
}

void BatchRunner::whenVariablesSettled(const std::function<void()> &then)
{
    // An engine that is not idle (it died with the last cell) sends nothing more.
    if ((m_variablesAwaitedFor == 0 && m_variablesSettled)
        || m_session->state() != SessionState::Idle) {
        then();
        return;
    }
    m_whenSettled = then;
    // An engine that dies meanwhile sends nothing more either.
    auto stopped = std::make_shared<QMetaObject::Connection>();
    *stopped = connect(m_session, &Client::AbstractSession::stateChanged, this, [this, stopped] {
        if (m_session->state() == SessionState::Idle || m_session->state() == SessionState::Busy)
            return;
        QObject::disconnect(*stopped);
        if (m_whenSettled)
            std::exchange(m_whenSettled, nullptr)();
    });
    QTimer::singleShot(VariablesSettleTimeoutMs, this, [this] {
        if (m_whenSettled) {
            std::fprintf(stderr, "sandpiper: variable summaries did not settle in time\n");
            std::exchange(m_whenSettled, nullptr)();
        }
    });
}

bool BatchRunner::copyInputs(QString *error)
{
    const QString path = m_session->workspacePath();
    if (m_options.inputFiles.isEmpty())
        return true;
    if (path.isEmpty()) {
        *error = QStringLiteral("the session has no workspace for --input files");
        return false;
    }
    Client::Workspace workspace(path);
    workspace.setTransferLimit(m_session->limits().transferLimit());
    for (const QString &input : std::as_const(m_options.inputFiles)) {
        QString why;
        // Under the name the script expects: the file's own (made safe like any copy).
        const auto copy = workspace.importFile(input, &why);
        if (!copy) {
            *error = QStringLiteral("--input %1: %2").arg(input, why);
            return false;
        }
        const QFileInfo copied(*copy);
        m_inputs.insert(QDir(path).relativeFilePath(*copy), {copied.size(), copied.lastModified()});
        std::fprintf(stderr,
                     "sandpiper: copied %s into the workspace as %s\n",
                     qPrintable(input),
                     qPrintable(QFileInfo(*copy).fileName()));
    }
    return true;
}

QString BatchOptions::figureSetup() const
{
    QStringList formats;
    for (const QString &format : figureFormats) {
        if (format != QLatin1String("html"))
            formats << QStringLiteral("'%1'").arg(format);
    }
    if (formats.isEmpty()) // interactive charts only: matplotlib's still need some picture
        formats << QStringLiteral("'png'");
    QString options;
    if (figureDpi > 0)
        options += QStringLiteral(", dpi=%1").arg(figureDpi);
    if (figureSize.isValid() && !figureSize.isEmpty())
        options += QStringLiteral(", size=(%1, %2)")
                           .arg(figureSize.width(), 0, 'g', 10)
                           .arg(figureSize.height(), 0, 'g', 10);
    return QStringLiteral("import sandpiper_runtime as _sandpiper\n"
                          "_sandpiper.set_figure_formats(%1%2)\n"
                          "del _sandpiper\n")
            .arg(formats.join(QStringLiteral(", ")), options);
}

void BatchRunner::runSetup()
{
    QString inputError;
    if (!copyInputs(&inputError)) {
        complete(UsageError, inputError);
        return;
    }
    Client::Execution *setup
            = m_session->execute(m_options.figureSetup(), QStringLiteral("<batch setup>"));
    connect(setup, &Client::Execution::finished, this, [this](const Client::RunOutcome &outcome) {
        if (outcome.status != Client::RunStatus::Ok) {
            complete(CellFailed,
                     QStringLiteral("the session could not be prepared: %1 %2")
                             .arg(outcome.error.message, outcome.detail));
            return;
        }
        whenIdle([this] { runNext(); });
    });
}

void BatchRunner::runNext()
{
    if (m_done)
        return;
    if (m_next >= m_cellCode.size() || m_stopped) {
        whenVariablesSettled([this] { complete(m_report.allSucceeded() ? Success : CellFailed); });
        return;
    }
    const int index = m_next++;
    m_report.beginCell(index);
    std::fprintf(stderr, "sandpiper: cell %d/%d\n", index + 1, int(m_cellCode.size()));
    scanThenRun(index);
}

void BatchRunner::scanThenRun(int index)
{
    Client::CodeIntelRequest *scan = m_session->scan(m_cellCode.at(index));
    connect(scan,
            &Client::CodeIntelRequest::finished,
            this,
            [this, index](const Client::CodeIntelResult &result) {
                const QList<Protocol::Diagnostic> &findings = result.diagnostics.items;
                m_report.setFindings(index, findings, result.answered ? QString() : result.error);
                m_findings.insert(cellName(index), Ui::RunGuard::toJson(findings));
                if (!findings.isEmpty())
                    std::fprintf(stderr,
                                 "sandpiper: cell %d: the security scan found %d thing(s) to "
                                 "report (report.html)\n",
                                 index + 1,
                                 int(findings.size()));
                runCell(index);
            });
}

void BatchRunner::runCell(int index)
{
    Client::Execution *execution = m_session->execute(m_cellCode.at(index), cellName(index));
    m_variablesAwaitedFor = execution->id();
    connect(execution,
            &Client::Execution::output,
            this,
            [this](Protocol::StreamName stream, const QByteArray &data, bool) {
                m_report.appendOutput(stream, data);
            });
    connect(execution,
            &Client::Execution::display,
            this,
            [this](const Protocol::DisplayData &data) { m_report.addDisplay(data); });
    connect(execution, &Client::Execution::finished, this, &BatchRunner::cellFinished);
}

QString BatchRunner::cellName(int index)
{
    return QStringLiteral("<cell %1>").arg(index + 1);
}

QString BatchRunner::findingsJson(const QString &cellName) const
{
    return m_findings.value(cellName);
}

void BatchRunner::cellFinished(const Client::RunOutcome &outcome)
{
    m_report.endCell(outcome);
    if (outcome.status != Client::RunStatus::Ok && !m_options.keepGoing)
        m_stopped = true;
    whenChartsWritten([this] {
        if (m_stopped) {
            runNext();
            return;
        }
        // A cell that killed the session leaves it restarting or dead: wait for a fresh one.
        whenIdle([this] { runNext(); });
    });
}

void BatchRunner::complete(int exitCode, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    if (!message.isEmpty())
        std::fprintf(stderr, "sandpiper: %s\n", qPrintable(message));
    if (exitCode != UsageError)
        collectWorkspaceFiles();
    QString error;
    if (exitCode != UsageError && !m_report.finish(&error)) {
        std::fprintf(stderr, "sandpiper: %s\n", qPrintable(error));
        exitCode = CellFailed;
    }
    if (exitCode != UsageError) {
        int failed = 0;
        for (const auto &cell : m_report.cells())
            failed += cell.status != QLatin1String("ok");
        std::fprintf(stderr,
                     "sandpiper: %d cells, %d did not succeed; report in %s\n",
                     int(m_report.cells().size()),
                     failed,
                     qPrintable(m_options.outputDir));
    }
    Q_EMIT finished(exitCode);
}

void BatchRunner::collectWorkspaceFiles()
{
    const QString path = m_session->workspacePath();
    if (path.isEmpty())
        return;
    const Client::Workspace workspace(path);
    bool more = false;
    const QStringList files = workspace.files(MaxCollectedFiles, &more);
    const QDir out(QDir(m_options.outputDir).filePath(QStringLiteral("files")));
    for (const QString &file : files) {
        // The script's own input is not something it wrote, unless it rewrote it.
        if (const auto input = m_inputs.constFind(file); input != m_inputs.constEnd()) {
            const QFileInfo now(QDir(path).filePath(file));
            if (now.size() == input->first && now.lastModified() == input->second)
                continue;
        }
        QString error;
        workspace.exportInto(file, out.path(), &error);
        m_report.addWorkspaceFile(QStringLiteral("files/") + file, error);
        if (!error.isEmpty())
            std::fprintf(
                    stderr, "sandpiper: %s not copied: %s\n", qPrintable(file), qPrintable(error));
    }
    if (more)
        std::fprintf(stderr,
                     "sandpiper: the workspace holds more than %d files; the first %d are in %s\n",
                     MaxCollectedFiles,
                     MaxCollectedFiles,
                     qPrintable(out.path()));
}

} // namespace Sandpiper::App
