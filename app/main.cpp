#include "windowprobe.h"

#include <colorscheme.h>
#include <languageloader.h>
#include <mainwindow.h>
#include <resources.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTextStream>

#include <cstdio>

using namespace Sandpiper;

namespace {

struct Options
{
    QString screenshotPath;
    bool startupReport = false;
};

Options parseCommandLine(const QApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QApplication::translate("main", "Sandpiper, a data-science workbench."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(
            QStringLiteral("screenshot"),
            QApplication::translate("main", "Show the main window, save a PNG of it to <file>, exit."),
            QApplication::translate("main", "file"));
    const QCommandLineOption startupReport(
            QStringLiteral("startup-report"),
            QApplication::translate(
                    "main", "Print milliseconds from process start to the first paint, then exit."));
    parser.addOption(screenshot);
    parser.addOption(startupReport);
    parser.process(app);
    return {parser.value(screenshot), parser.isSet(startupReport)};
}

void saveScreenshotAndQuit(QWidget *window, const QString &path)
{
    const bool saved = window->grab().save(path, "PNG");
    if (!saved)
        std::fprintf(stderr, "sandpiper: cannot write screenshot to %s\n", qPrintable(path));
    QCoreApplication::exit(saved ? 0 : 1);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Sandpiper"));
    QApplication::setApplicationName(QStringLiteral("Sandpiper"));
    QApplication::setApplicationVersion(QStringLiteral(SANDPIPER_VERSION));
    QApplication::setWindowIcon(QIcon(Resources::appIconPath()));
    Ui::LanguageLoader::install(&app, QLocale::system());

    const Options options = parseCommandLine(app);
    Ui::applyColorScheme(Ui::ColorSchemeSetting::load());

    Ui::MainWindow window;
    window.restoreLayout();
    auto probe = new App::WindowProbe(&window);
    if (options.startupReport) {
        QObject::connect(probe, &App::WindowProbe::firstPainted, &app, [] {
            QTextStream(stdout) << "startup_ms " << App::millisecondsSinceProcessStart() << Qt::endl;
            QCoreApplication::exit(0);
        });
    } else if (!options.screenshotPath.isEmpty()) {
        QObject::connect(probe, &App::WindowProbe::settled, &app, [&window, &options] {
            saveScreenshotAndQuit(&window, options.screenshotPath);
        });
    }
    window.show();
    return QApplication::exec();
}
