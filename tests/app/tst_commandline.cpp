// Runs the real sandpiper executable with its command-line options.
#include <QImage>
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

    void unknownOptionFails()
    {
        int code = 0;
        run({QStringLiteral("--no-such-option")}, &code);
        QVERIFY(code != 0);
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
