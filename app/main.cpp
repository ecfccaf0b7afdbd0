#include "auditcommand.h"
#include "batchrunner.h"
#include "sandboxreportcommand.h"
#include "sniffcommand.h"
#include "windowprobe.h"

#include <datasetimporter.h>
#include <filedrops.h>

#include <chartsandbox.h>
#include <chartview.h>
#include <chartwriter.h>
#include <codeintelsession.h>
#include <colorscheme.h>
#include <editortabs.h>
#include <historyrecorder.h>
#include <languageloader.h>
#include <mainwindow.h>
#include <plotsview.h>
#include <resources.h>
#include <sandbox/limitssettings.h>
#include <session.h>
#include <sessionpool.h>
#include <sessionrecorder.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <memory>

using namespace Sandpiper;

namespace {

// Batch runs get a per-cell wall-time limit unless told otherwise.
constexpr int defaultBatchTimeLimitSeconds = 10 * 60;

struct Options
{
    QString screenshotPath;
    bool startupReport = false;
    bool batch = false;
    QString sniffPath;
    bool sandboxReport = false;
    bool verifyAudit = false;
    QString exportAuditPath;
    QStringList files;    // to open in the editor
    QStringList datasets; // to import
    App::BatchOptions batchOptions;
};

[[noreturn]] void usageError(const QString &message)
{
    std::fprintf(stderr, "sandpiper: %s\n", qPrintable(message));
    std::fprintf(stderr,
                 "%s\n",
                 qPrintable(QCoreApplication::translate("main", "Try 'sandpiper --help'.")));
    std::exit(App::BatchRunner::UsageError);
}

int positiveNumber(const QCommandLineParser &parser, const QCommandLineOption &option, int fallback)
{
    if (!parser.isSet(option))
        return fallback;
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    if (!ok || value <= 0)
        usageError(
                QCoreApplication::translate("main", "--%1 needs a positive whole number, not '%2'.")
                        .arg(option.names().constFirst(), parser.value(option)));
    return value;
}

QStringList figureFormats(const QString &list)
{
    static const QStringList known{QStringLiteral("png"),
                                   QStringLiteral("jpeg"),
                                   QStringLiteral("svg"),
                                   QStringLiteral("pdf"),
                                   QStringLiteral("html")};
    QStringList formats;
    for (QString format : list.split(u',', Qt::SkipEmptyParts)) {
        format = format.trimmed().toLower();
        if (format == QLatin1String("jpg"))
            format = QStringLiteral("jpeg");
        if (!known.contains(format))
            usageError(
                    QCoreApplication::translate("main", "--figure-format: '%1' is not one of %2.")
                            .arg(format, known.join(QStringLiteral(", "))));
        if (!formats.contains(format))
            formats << format;
    }
    if (formats.isEmpty())
        usageError(QCoreApplication::translate("main", "--figure-format needs a format."));
    return formats;
}

// "6x4" (inches) as a size; a usage error for anything else.
QSizeF inches(const QString &text)
{
    const QStringList parts = text.toLower().split(u'x');
    bool wideOk = false;
    bool highOk = false;
    const double wide = parts.value(0).toDouble(&wideOk);
    const double high = parts.value(1).toDouble(&highOk);
    if (parts.size() != 2 || !wideOk || !highOk || !(wide > 0) || !(high > 0) || wide > 1000
        || high > 1000)
        usageError(QCoreApplication::translate(
                           "main",
                           "--figure-size needs <width>x<height> in inches, e.g. 6x4, "
                           "not '%1'.")
                           .arg(text));
    return {wide, high};
}

Options parseCommandLine(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QCoreApplication::translate("main", "Sandpiper, a data-science workbench."));
    parser.addHelpOption();
    parser.addPositionalArgument(
            QStringLiteral("files"),
            QCoreApplication::translate(
                    "main", "Files to open: scripts in the editor, datasets in the import dialog."),
            QStringLiteral("[files...]"));
    parser.addVersionOption();
    const QCommandLineOption screenshot(
            QStringLiteral("screenshot"),
            QCoreApplication::translate("main",
                                        "Show the main window, save a PNG of it to <file>, exit."),
            QCoreApplication::translate("main", "file"));
    const QCommandLineOption startupReport(
            QStringLiteral("startup-report"),
            QCoreApplication::translate(
                    "main",
                    "Print milliseconds from process start to the first paint, then exit."));
    const QCommandLineOption batch(
            QStringLiteral("batch"),
            QCoreApplication::translate("main",
                                        "Run <script> cell by cell without a window and write a "
                                        "report (needs --out)."),
            QCoreApplication::translate("main", "script"));
    const QCommandLineOption out(
            QStringLiteral("out"),
            QCoreApplication::translate("main", "Folder for the batch report."),
            QCoreApplication::translate("main", "dir"));
    const QCommandLineOption keepGoing(
            QStringLiteral("keep-going"),
            QCoreApplication::translate("main", "Batch: run every cell even after one fails."));
    const QCommandLineOption timeLimit(
            QStringLiteral("time-limit"),
            QCoreApplication::translate("main", "Batch: wall-time limit per cell (default 600)."),
            QCoreApplication::translate("main", "seconds"));
    const QCommandLineOption memoryLimit(
            QStringLiteral("memory-limit"),
            QCoreApplication::translate("main", "Batch: memory limit of the session."),
            QCoreApplication::translate("main", "MB"));
    const QCommandLineOption input(
            QStringLiteral("input"),
            QCoreApplication::translate("main",
                                        "Batch: copy <file> into the session's workspace before "
                                        "the script runs (repeatable)."),
            QCoreApplication::translate("main", "file"));
    const QCommandLineOption figureFormat(
            QStringLiteral("figure-format"),
            QCoreApplication::translate("main",
                                        "Batch: how figures are written, any of png, jpeg, svg, "
                                        "pdf and html; given, it applies to Plotly and Altair "
                                        "charts too; default png,svg for matplotlib and html "
                                        "for charts."),
            QCoreApplication::translate("main", "list"));
    const QCommandLineOption figureSize(
            QStringLiteral("figure-size"),
            QCoreApplication::translate("main",
                                        "Batch: draw every figure <w>x<h> inches, e.g. 6x4 "
                                        "(charts too, with --figure-format)."),
            QCoreApplication::translate("main", "WxH"));
    const QCommandLineOption figureDpi(
            QStringLiteral("figure-dpi"),
            QCoreApplication::translate(
                    "main", "Batch: resolution of figures (charts too, with --figure-format)."),
            QCoreApplication::translate("main", "N"));
    const QCommandLineOption sniff(
            QStringLiteral("sniff"),
            QCoreApplication::translate("main",
                                        "Print, as JSON, how the import dialog would read "
                                        "<file>, with the pandas code that loads it, then exit."),
            QCoreApplication::translate("main", "file"));
    const QCommandLineOption sandboxReport(
            QStringLiteral("sandbox-report"),
            QCoreApplication::translate("main",
                                        "Start a session, print what its sandbox gives it on "
                                        "this host, then exit (0: fully sandboxed, 3: partly, "
                                        "4: not at all, 1: the engine did not start)."));
    const QCommandLineOption verifyAudit(
            QStringLiteral("verify-audit"),
            QCoreApplication::translate("main",
                                        "Check the audit log's hash chain, name the first "
                                        "record that was changed or removed, then exit."));
    const QCommandLineOption exportAudit(
            QStringLiteral("export-audit"),
            QCoreApplication::translate("main",
                                        "Write the audit log to <file> (CSV, or JSON when it "
                                        "ends in .json), then exit."),
            QCoreApplication::translate("main", "file"));
    parser.addOptions({screenshot,
                       startupReport,
                       batch,
                       out,
                       keepGoing,
                       timeLimit,
                       memoryLimit,
                       input,
                       figureFormat,
                       figureSize,
                       figureDpi,
                       sniff,
                       sandboxReport,
                       verifyAudit,
                       exportAudit});
    if (!parser.parse(app.arguments()))
        usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    // Qt's own options too; only process() prints those (and exits).
    if (parser.isSet(QStringLiteral("help-all")))
        parser.process(app.arguments());
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();

    Options options;
    options.screenshotPath = parser.value(screenshot);
    options.startupReport = parser.isSet(startupReport);
    options.batch = parser.isSet(batch);
    options.sniffPath = parser.value(sniff);
    options.sandboxReport = parser.isSet(sandboxReport);
    options.verifyAudit = parser.isSet(verifyAudit);
    options.exportAuditPath = parser.value(exportAudit);
    if ((options.verifyAudit || parser.isSet(exportAudit))
        && (options.batch || parser.isSet(sniff) || !parser.positionalArguments().isEmpty()
            || (options.verifyAudit && parser.isSet(exportAudit))
            || (parser.isSet(exportAudit) && options.exportAuditPath.isEmpty())))
        usageError(QCoreApplication::translate(
                "main", "--verify-audit and --export-audit FILE are used alone."));
    if (parser.isSet(sniff)
        && (options.sniffPath.isEmpty() || options.batch
            || !parser.positionalArguments().isEmpty()))
        usageError(QCoreApplication::translate("main", "--sniff takes one file and nothing else."));
    if (options.sandboxReport
        && parser.optionNames().size() + parser.positionalArguments().size() > 1)
        usageError(QCoreApplication::translate("main", "--sandbox-report is used alone."));
    for (const QString &file : parser.positionalArguments())
        (Ui::DroppedFiles::isSurelyDataset(file) ? options.datasets : options.files).append(file);
    if (options.batch && !options.datasets.isEmpty())
        options.files += options.datasets;
    if (options.batch && !options.files.isEmpty())
        usageError(QCoreApplication::translate("main", "unexpected argument '%1'.")
                           .arg(options.files.constFirst()));
    if (!options.batch) {
        for (const auto &batchOnly :
             {out, keepGoing, timeLimit, memoryLimit, input, figureFormat, figureSize, figureDpi}) {
            if (parser.isSet(batchOnly))
                usageError(QCoreApplication::translate("main", "--%1 is only for --batch.")
                                   .arg(batchOnly.names().constFirst()));
        }
        return options;
    }
    if (!parser.isSet(out))
        usageError(QCoreApplication::translate("main", "--batch needs --out DIR."));
    options.batchOptions.scriptPath = parser.value(batch);
    options.batchOptions.outputDir = parser.value(out);
    options.batchOptions.keepGoing = parser.isSet(keepGoing);
    options.batchOptions.timeLimitSeconds
            = positiveNumber(parser, timeLimit, defaultBatchTimeLimitSeconds);
    options.batchOptions.memoryLimitMb = positiveNumber(parser, memoryLimit, 0);
    options.batchOptions.inputFiles = parser.values(input);
    if (parser.isSet(figureFormat)) {
        options.batchOptions.figureFormats = figureFormats(parser.value(figureFormat));
        options.batchOptions.chartPictures
                = !Ui::ChartWriter::pictureFormats(options.batchOptions.figureFormats).isEmpty();
    }
    if (parser.isSet(figureSize))
        options.batchOptions.figureSize = inches(parser.value(figureSize));
    options.batchOptions.figureDpi = positiveNumber(parser, figureDpi, 0);
    return options;
}

Client::SessionOptions sessionOptions(const App::BatchOptions *batch)
{
    Client::SessionOptions options;
    if (!batch) {
        // The user's limits (Run > Session Limits); batch runs take theirs from the command line.
        options.limits = Ui::LimitsSettings::load();
        options.keepWorkspace = Ui::LimitsSettings::keepWorkspace();
        // Interactive sessions warm jedi for pandas and numpy while idle, so the first `df.`
        // completes quickly; batch runs have no editor and skip it.
        options.arguments << QStringLiteral("--warm-completion");
        // A new session imports the data stack while the user has not run anything yet, as
        // the standby engine that Restart takes has.
        options.arguments << QStringLiteral("--preload")
                          << Client::Session::standbyPreload().join(u',');
    } else {
        options.limits.wallTimeMs = qint64(batch->timeLimitSeconds) * 1000;
        if (batch->memoryLimitMb > 0)
            options.limits.memoryBytes = quint64(batch->memoryLimitMb) * 1024 * 1024;
    }
    return options;
}

int runSniff(const QString &path)
{
    App::SniffCommand command(path);
    QObject::connect(
            &command, &App::SniffCommand::finished, [](int code) { QCoreApplication::exit(code); });
    command.start();
    return QCoreApplication::exec();
}

int runSandboxReport()
{
    App::SandboxReportCommand command;
    QObject::connect(&command, &App::SandboxReportCommand::finished, [](int code) {
        QCoreApplication::exit(code);
    });
    command.start();
    return QCoreApplication::exec();
}

int runBatch(QCoreApplication &app, const App::BatchOptions &options)
{
    Client::Session session(sessionOptions(&options));
    App::BatchRunner runner(&session, options);
    // Batch runs go into the history and audit log like the window's.
    Ui::HistoryRecorder history;
    history.setRetention(Ui::HistoryRecorder::savedRetention());
    Ui::SessionRecorder recorder(&history);
    const QString script = QFileInfo(options.scriptPath).fileName();
    recorder.watch(&session, QStringLiteral("batch"));
    recorder.setOriginResolver([script, &runner](const QString &cellName) {
        if (!cellName.startsWith(QLatin1String("<cell ")))
            return Ui::SessionRecorder::defaultOrigin(cellName);
        return Ui::SessionRecorder::Origin{QString::fromLatin1(Ui::RunRecord::Source::Batch),
                                           script + QLatin1String(", ")
                                                   + cellName.mid(1, cellName.size() - 2),
                                           runner.findingsJson(cellName)};
    });
    // Charts as pictures: one offscreen chart page draws them all.
    std::unique_ptr<Ui::ChartSandbox> chartSandbox;
    std::unique_ptr<Ui::ChartView> chartView;
    std::unique_ptr<Ui::ChartWriter> charts;
    if (options.chartPictures && qobject_cast<QApplication *>(&app)) {
        chartSandbox = std::make_unique<Ui::ChartSandbox>();
        chartView = std::make_unique<Ui::ChartView>(chartSandbox.get());
        chartView->resize(800, 600);
        chartView->show(); // offscreen; a hidden page may not draw
        charts = std::make_unique<Ui::ChartWriter>(
                chartView.get(), options.figureFormats, options.figureSize, options.figureDpi);
        runner.setCharts(charts.get());
    }
    QObject::connect(&runner, &App::BatchRunner::finished, &app, [](int code) {
        QCoreApplication::exit(code);
    });
    runner.start();
    const int code = QCoreApplication::exec();
    session.shutdown();
    return code;
}

void saveScreenshotAndQuit(QWidget *window, const QString &path)
{
    const bool saved = window->grab().save(path, "PNG");
    if (!saved)
        std::fprintf(stderr, "sandpiper: cannot write screenshot to %s\n", qPrintable(path));
    QCoreApplication::exit(saved ? 0 : 1);
}

int runWindow(const Options &options)
{
    Ui::applyColorScheme(Ui::ColorSchemeSetting::load());
    // Run > New Session makes more, each with the user's limits as they are then.
    Client::SessionPool sessions([] { return new Client::Session(sessionOptions(nullptr)); });
    Client::AbstractSession &session = *sessions.create();
    // Static completion, black and flake8 for every editor; it starts on the first question.
    Client::CodeIntelSession codeIntel;
    Ui::HistoryRecorder history;
    history.setRetention(Ui::HistoryRecorder::savedRetention());
    Ui::MainWindow window;
    window.setSessionPool(&sessions);
    window.setCodeIntelSession(&codeIntel);
    window.setHistory(&history);
    window.restoreLayout();
    for (const QString &file : options.files)
        window.editor()->openFile(file);
    auto probe = new App::WindowProbe(&window);
    QObject::connect(probe, &App::WindowProbe::firstPainted, &window, [&] {
        if (options.startupReport) {
            QTextStream(stdout) << "startup_ms " << App::millisecondsSinceProcessStart()
                                << Qt::endl;
            QCoreApplication::exit(0);
            return;
        }
        // The engine starts after the window is on screen, so it never delays the first paint.
        session.start();
        if (!options.datasets.isEmpty())
            window.importer()->importFiles(options.datasets);
        // The chart page loads once the window has settled: the first chart then shows at
        // once, and start-up never waits for the web engine.
        QTimer::singleShot(1500, &window, [&] { window.plots()->warmUp(); });
    });
    if (!options.screenshotPath.isEmpty()) {
        // The picture shows the session as a user first sees it: started (with a first
        // resource reading), or failed to start.
        QObject::connect(probe, &App::WindowProbe::settled, &window, [&] {
            const auto capture = [&] {
                QTimer::singleShot(700, &window, [&] {
                    saveScreenshotAndQuit(&window, options.screenshotPath);
                });
            };
            const auto state = session.state();
            if (state == Client::SessionState::Starting
                || state == Client::SessionState::NotStarted)
                QObject::connect(&session,
                                 &Client::AbstractSession::stateChanged,
                                 &window,
                                 capture,
                                 Qt::SingleShotConnection);
            else
                capture();
        });
    }
    window.show();
    const int code = QApplication::exec();
    for (Client::AbstractSession *open : sessions.sessions())
        open->shutdown();
    codeIntel.shutdown();
    return code;
}

// A batch run that writes Plotly and Altair charts as pictures draws them in a chart page:
// that needs Qt WebEngine and so an (offscreen) platform, decided before the application
// object exists, hence this look at the arguments ahead of the parser.
bool batchDrawsCharts(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        QByteArray list;
        const QByteArray argument(argv[i]);
        if (argument == "--figure-format" && i + 1 < argc)
            list = argv[i + 1];
        else if (argument.startsWith("--figure-format="))
            list = argument.mid(int(qstrlen("--figure-format=")));
        for (const QByteArray &format : list.toLower().split(',')) {
            const QByteArray name = format.trimmed();
            if (!name.isEmpty() && name != "html")
                return true;
        }
    }
    return false;
}

// Batch runs, --sniff, the reports, the audit commands, --help and --version need no display:
// they must not even load a platform plugin (on a machine without one, loading it aborts).
bool wantsNoWindow(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char *option : {"--batch",
                                   "--sniff",
                                   "--sandbox-report",
                                   "--verify-audit",
                                   "--export-audit",
                                   "--help",
                                   "--help-all",
                                   "-h",
                                   "--version",
                                   "-v"}) {
            const size_t length = std::strlen(option);
            if (std::strncmp(argv[i], option, length) == 0
                && (argv[i][length] == '\0' || argv[i][length] == '='))
                return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    const bool batch = wantsNoWindow(argc, argv);
    const bool charts = !batch || batchDrawsCharts(argc, argv);
    if (charts) {
        // Both must come before the application object (Qt WebEngine's rules).
        Ui::ChartSandbox::registerScheme();
        QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    }
    if (batch && charts)
        qputenv("QT_QPA_PLATFORM", "offscreen"); // drawn, never shown
    std::unique_ptr<QCoreApplication> app = batch && !charts
                                                    ? std::make_unique<QCoreApplication>(argc, argv)
                                                    : std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Sandpiper"));
    QCoreApplication::setApplicationName(QStringLiteral("Sandpiper"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SANDPIPER_VERSION));
    Ui::LanguageLoader::install(app.get(), QLocale::system());
    if (!batch) {
        QApplication::setWindowIcon(QIcon(Resources::appIconPath()));
        // Desktops match the window to its installed entry (and icon) by this name.
        QGuiApplication::setDesktopFileName(QStringLiteral("org.sandpiper.Sandpiper"));
    }

    const Options options = parseCommandLine(*app);
    if (!options.sniffPath.isEmpty())
        return runSniff(options.sniffPath);
    if (options.sandboxReport)
        return runSandboxReport();
    if (options.verifyAudit)
        return App::verifyAudit();
    if (!options.exportAuditPath.isEmpty())
        return App::exportAudit(options.exportAuditPath);
    if (options.batch)
        return runBatch(*app, options.batchOptions);
    return runWindow(options);
}
