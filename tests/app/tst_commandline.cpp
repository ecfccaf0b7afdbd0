// Runs the real sandpiper executable with its command-line options.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class TestCommandLine : public QObject
{
    Q_OBJECT

private:
    static QByteArray run(const QStringList &arguments, int *exitCode)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::SeparateChannels);
        process.start(QStringLiteral(SANDPIPER_APP_PATH), arguments);
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            *exitCode = -1;
            return {};
        }
        *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        return process.readAllStandardOutput();
    }

private Q_SLOTS:
    void versionOption()
    {
        int code = 0;
        const QByteArray out = run({QStringLiteral("--version")}, &code);
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(SANDPIPER_VERSION), out.constData());
    }

    void helpListsOptions()
    {
        int code = 0;
        const QByteArray out = run({QStringLiteral("--help")}, &code);
        QCOMPARE(code, 0);
        QVERIFY(out.contains("--screenshot"));
        QVERIFY(out.contains("--startup-report"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("unknown option") << QStringList{"--no-such-option"};
        QTest::newRow("batch without out") << QStringList{"--batch", "x.py"};
        QTest::newRow("out without batch") << QStringList{"--out", "/tmp/x"};
        QTest::newRow("time limit not a number")
                << QStringList{"--batch", "x.py", "--out", "/tmp/x", "--time-limit", "soon"};
        QTest::newRow("negative memory limit")
                << QStringList{"--batch", "x.py", "--out", "/tmp/x", "--memory-limit", "-5"};
        QTest::newRow("script argument in batch mode")
                << QStringList{"--batch", "x.py", "--out", "/tmp/x", "other.py"};
        QTest::newRow("missing script")
                << QStringList{"--batch", "/nonexistent/script.py", "--out", "/tmp/sp-none"};
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        int code = 0;
        run(arguments, &code);
        QCOMPARE(code, 2);
    }

    // The example analysis, headless, against the real engine: every promised file is there.
    void batchRunsTheExample()
    {
        QTemporaryDir out;
        int code = -1;
        QProcess process;
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("DISPLAY"));
        environment.remove(QStringLiteral("QT_QPA_PLATFORM")); // batch must not need one
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(SANDPIPER_APP_PATH),
                      {QStringLiteral("--batch"),
                       QStringLiteral(SANDPIPER_SOURCE_DIR "/examples/iris_analysis.py"),
                       QStringLiteral("--out"),
                       out.path()});
        QVERIFY(process.waitForFinished(150000));
        code = process.exitCode();
        QCOMPARE(code, 0);
        QDir dir(out.path());
        for (const char *file : {"output.log",
                                 "variables.json",
                                 "cells.json",
                                 "report.html",
                                 "figures/001.png",
                                 "figures/001.svg",
                                 "figures/002.png",
                                 "figures/003.html"})
            QVERIFY2(QFileInfo(dir.filePath(QLatin1String(file))).size() > 0, file);
        QFile cells(dir.filePath(QStringLiteral("cells.json")));
        QVERIFY(cells.open(QIODevice::ReadOnly));
        const QJsonArray array = QJsonDocument::fromJson(cells.readAll()).array();
        QCOMPARE(array.size(), 7);
        for (const auto &cell : array)
            QCOMPARE(cell.toObject().value(QStringLiteral("status")).toString(),
                     QStringLiteral("ok"));
        QFile log(dir.filePath(QStringLiteral("output.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray text = log.readAll();
        QVERIFY(text.contains("150 flowers, 3 species"));
        QVERIFY(text.contains("petal_length"));
    }

    // The last cell changes a list through an alias: the engine finds that in its idle
    // refresh after the result, and variables.json waits for it.
    void batchVariablesIncludeTheLastRefresh()
    {
        QTemporaryDir work;
        const QString script = work.filePath(QStringLiteral("alias.py"));
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("items = [1]\nalias = items\n# %%\nalias.append(2)\n");
        file.close();
        int code = -1;
        run({QStringLiteral("--batch"), script, QStringLiteral("--out"), work.filePath("out")},
            &code);
        QCOMPARE(code, 0);
        QFile variables(work.filePath(QStringLiteral("out/variables.json")));
        QVERIFY(variables.open(QIODevice::ReadOnly));
        QMap<QString, QString> reprs;
        for (const auto &value : QJsonDocument::fromJson(variables.readAll()).array())
            reprs.insert(value.toObject().value("name").toString(),
                         value.toObject().value("repr").toString());
        QCOMPARE(reprs.value(QStringLiteral("alias")), QStringLiteral("[1, 2]"));
        QCOMPARE(reprs.value(QStringLiteral("items")), QStringLiteral("[1, 2]"));
    }

    void screenshotWritesPng()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("main.png"));
        int code = -1;
        run({QStringLiteral("--screenshot"), path}, &code);
        QCOMPARE(code, 0);
        QImage image(path);
        QVERIFY2(!image.isNull(), "screenshot is not a readable PNG");
        QVERIFY(image.width() >= 800);
        QVERIFY(image.height() >= 500);
        // Not a blank picture: the window has docks, text and an editor.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
    }

    void screenshotToUnwritablePathFails()
    {
        int code = 0;
        run({QStringLiteral("--screenshot"), QStringLiteral("/nonexistent-dir/x.png")}, &code);
        QCOMPARE(code, 1);
    }

    void startupReportPrintsMilliseconds()
    {
        int code = -1;
        const QByteArray out = run({QStringLiteral("--startup-report")}, &code);
        QCOMPARE(code, 0);
        const auto match = QRegularExpression(QStringLiteral("^startup_ms (\\d+)\\n$"))
                                   .match(QString::fromUtf8(out));
        QVERIFY2(match.hasMatch(), out.constData());
        QVERIFY(match.captured(1).toInt() > 0);
    }
};

QTEST_MAIN(TestCommandLine)
#include "tst_commandline.moc"
