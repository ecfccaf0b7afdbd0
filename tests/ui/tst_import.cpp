// Importing datasets against the real engines, used as a person would: a file dropped on the
// window is copied into the workspace, the import dialog previews it through the sandboxed tools
// engine, a click on Import runs the code in the session, and the new frame is selected in
// Variables and shown in a data viewer. With SANDPIPER_SCREENSHOT_DIR set, pictures of the dialog
// are saved there for each kind of file, light and dark, English and Chinese.

#include <colorscheme.h>
#include <consolewidget.h>
#include <datasetimporter.h>
#include <dataviewer.h>
#include <editortabs.h>
#include <importdialog.h>
#include <importsession.h>
#include <languageloader.h>
#include <mainwindow.h>
#include <session.h>
#include <variablesmodel.h>
#include <variablesview.h>

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QTreeView>

using namespace Sandpiper;
using namespace Sandpiper::Ui;

namespace {

constexpr int Slow = 60000; // starting engines on a shared machine

const QString dataDir = QStringLiteral(SANDPIPER_SOURCE_DIR "/tests/data/import/");

Client::SessionOptions engineOptions(const QString &workspaceRoot)
{
    Client::SessionOptions options;
    options.enginePath = QStringLiteral(SANDPIPER_ENGINE_PATH);
    options.handshakeTimeoutMs = Slow;
    options.workspaceRoot = workspaceRoot;
    return options;
}

void saveScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("SANDPIPER_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(QDir(dir).filePath(name));
}

// Drops files on a widget of the window the way a file manager's drag ends.
void dropFiles(QWidget *target, const QStringList &paths)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString &path : paths)
        urls << QUrl::fromLocalFile(path);
    mime.setUrls(urls);
    const QPointF at(target->width() / 2.0, target->height() / 2.0);
    QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
}

bool waitForPreview(ImportDialog &dialog)
{
    return QTest::qWaitFor(
            [&] { return !dialog.isReading() && !dialog.preview().options.format.isEmpty(); },
            Slow);
}

} // namespace

class tst_Import : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The window makes its tools engine itself; it finds the engine like the app does.
        qputenv("SANDPIPER_ENGINE", SANDPIPER_ENGINE_PATH);
        QVERIFY(m_root.isValid());
    }

    void dropPreviewImportAndView()
    {
        Client::Session session(engineOptions(m_root.path()));
        MainWindow window;
        window.setSession(&session);
        window.setWorkspaceFilesPrompt([](const QString &, const QStringList &, QString *) {
            return MainWindow::WorkspaceChoice::Discard;
        });
        window.resize(1400, 900);
        window.show();
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(session.state() == Client::SessionState::Idle, Slow);

        Protocol::SniffResult seen;
        window.importer()->setPrompt([&](ImportDialog &dialog) {
            dialog.show();
            if (!waitForPreview(dialog))
                return false;
            seen = dialog.preview();
            saveScreenshot(&dialog, QStringLiteral("import-gbk.png"));
            QTest::mouseClick(dialog.importButton(), Qt::LeftButton);
            return dialog.result() == QDialog::Accepted;
        });
        dropFiles(window.console(), {dataDir + QStringLiteral("sales_gbk.csv")});
        QTRY_VERIFY_WITH_TIMEOUT(!seen.options.format.isEmpty(), Slow);
        QCOMPARE(seen.error, QString());
        QCOMPARE(seen.options.encoding, QStringLiteral("gb18030"));
        QCOMPARE(seen.options.delimiter, QStringLiteral(";"));
        QCOMPARE(seen.options.decimal, QStringLiteral(","));
        QCOMPARE(seen.rows.size(), 30);

        // The frame arrives in Variables, selected, and opens in a viewer.
        Models::VariablesModel *variables = window.variables()->model();
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY_WITH_TIMEOUT(variables->summary(QStringLiteral("sales_gbk")), Slow);
        qInfo() << "imported after" << clock.elapsed() << "ms";
        QCOMPARE(variables->summary(QStringLiteral("sales_gbk"))->shape, (QList<qint64>{30, 6}));
        QTRY_COMPARE_WITH_TIMEOUT(window.variables()->selectedNames(),
                                  QStringList{QStringLiteral("sales_gbk")},
                                  Slow);
        QTRY_VERIFY_WITH_TIMEOUT(window.findChild<DataViewer *>(), Slow);
        saveScreenshot(&window, QStringLiteral("import-gbk-window.png"));

        // A JSON Lines file and a two-sheet workbook dropped together: one dialog each, in turn.
        QStringList titles;
        QStringList sheets;
        window.importer()->setPrompt([&](ImportDialog &dialog) {
            dialog.show();
            if (!waitForPreview(dialog))
                return false;
            titles << dialog.windowTitle();
            if (dialog.preview().options.format == QLatin1String("excel")) {
                sheets = dialog.preview().sheets;
                // The second sheet, chosen as a person would in the list.
                QComboBox *sheet = dialog.sheetBox();
                sheet->setCurrentIndex(1);
                (void)QTest::qWaitFor([&] { return dialog.isReading(); }, 2000);
                if (!waitForPreview(dialog) || dialog.preview().options.sheet != sheets.value(1))
                    return false;
                saveScreenshot(&dialog, QStringLiteral("import-xlsx.png"));
            } else {
                saveScreenshot(
                        &dialog,
                        QStringLiteral("import-%1.png").arg(dialog.preview().options.format));
            }
            QTest::mouseClick(dialog.importButton(), Qt::LeftButton);
            return dialog.result() == QDialog::Accepted;
        });
        dropFiles(window.editor(),
                  {dataDir + QStringLiteral("events.jsonl"),
                   dataDir + QStringLiteral("two_sheets.xlsx"),
                   dataDir + QStringLiteral("readings.parquet")});
        QTRY_VERIFY_WITH_TIMEOUT(variables->summary(QStringLiteral("two_sheets")), Slow);
        QTRY_VERIFY_WITH_TIMEOUT(variables->summary(QStringLiteral("events")), Slow);
        // Parquet, read by DuckDB in the tools engine and then in the session, dtypes and all.
        QTRY_VERIFY_WITH_TIMEOUT(variables->summary(QStringLiteral("readings")), Slow);
        QCOMPARE(variables->summary(QStringLiteral("readings"))->shape, (QList<qint64>{50, 4}));
        QCOMPARE(titles.size(), 3);
        QCOMPARE(sheets.size(), 2);
        window.close();
        session.shutdown();
    }

    // The dialog for each kind of file in light and dark, English and Chinese.
    void screenshots()
    {
        if (qEnvironmentVariableIsEmpty("SANDPIPER_SCREENSHOT_DIR"))
            QSKIP("pictures only when SANDPIPER_SCREENSHOT_DIR is set");
        QTemporaryDir workspace;
        for (const QString &file : {QStringLiteral("sales_gbk.csv"),
                                    QStringLiteral("two_sheets.xlsx"),
                                    QStringLiteral("events.jsonl"),
                                    QStringLiteral("readings.parquet")})
            QVERIFY(QFile::copy(dataDir + file, QDir(workspace.path()).filePath(file)));
        Client::ImportSession tools(Client::ImportSession::defaultOptions(workspace.path()),
                                    nullptr);
        for (const bool chinese : {false, true}) {
            if (chinese)
                QVERIFY(LanguageLoader::install(qApp, QLocale(QStringLiteral("zh_CN"))));
            for (const ColorScheme scheme : {ColorScheme::Light, ColorScheme::Dark}) {
                applyColorScheme(scheme);
                for (const QString &file : {QStringLiteral("sales_gbk.csv"),
                                            QStringLiteral("two_sheets.xlsx"),
                                            QStringLiteral("events.jsonl"),
                                            QStringLiteral("readings.parquet")}) {
                    ImportDialog dialog(&tools, QDir(workspace.path()).filePath(file), file, {});
                    dialog.show();
                    QVERIFY(waitForPreview(dialog));
                    QVERIFY2(dialog.preview().error.isEmpty(), qPrintable(dialog.preview().error));
                    saveScreenshot(
                            &dialog,
                            QStringLiteral("import-%1-%2-%3.png")
                                    .arg(QFileInfo(file).suffix(),
                                         scheme == ColorScheme::Dark ? QStringLiteral("dark")
                                                                     : QStringLiteral("light"),
                                         chinese ? QStringLiteral("zh") : QStringLiteral("en")));
                }
            }
        }
        applyColorScheme(ColorScheme::Light);
        tools.shutdown();
    }

private:
    QTemporaryDir m_root;
};

QTEST_MAIN(tst_Import)
#include "tst_import.moc"
