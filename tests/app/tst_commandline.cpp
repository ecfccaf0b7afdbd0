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
#include <QSet>
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

    // --help-all once opened the window (only --help was looked at): it prints Qt's options
    // too, and exits.
    void helpAllPrintsQtOptionsAndExits()
    {
        int code = 0;
        const QByteArray out = run({QStringLiteral("--help-all")}, &code);
        QCOMPARE(code, 0);
        QVERIFY2(out.contains("--qmljsdebugger"), out.constData());
        QVERIFY(out.contains("--sandbox-report"));
    }

    // On a machine without a display (over ssh, in a package check) --version and --help
    // aborted: the window's platform plugin was loaded first.
    void versionAndHelpNeedNoDisplay_data()
    {
        QTest::addColumn<QString>("option");
        for (const char *option : {"--version", "-v", "--help", "-h", "--help-all"})
            QTest::newRow(option) << QString::fromLatin1(option);
    }

    void versionAndHelpNeedNoDisplay()
    {
        QFETCH(QString, option);
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("DISPLAY"));
        environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(SANDPIPER_APP_PATH), {option});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(!process.readAllStandardOutput().isEmpty());
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
        QTest::newRow("input without batch") << QStringList{"--input", "a.csv"};
        QTest::newRow("sniff with batch")
                << QStringList{"--sniff", "a.csv", "--batch", "x.py", "--out", "/tmp/x"};
        QTest::newRow("sniff with a second file") << QStringList{"--sniff", "a.csv", "b.csv"};
        QTest::newRow("sandbox report with a file") << QStringList{"--sandbox-report", "a.py"};
        QTest::newRow("sandbox report with batch")
                << QStringList{"--sandbox-report", "--batch", "x.py", "--out", "/tmp/x"};
        QTest::newRow("missing script")
                << QStringList{"--batch", "/nonexistent/script.py", "--out", "/tmp/sp-none"};
        const QStringList batch{"--batch", "x.py", "--out", "/tmp/x"};
        QTest::newRow("figure size not WxH") << batch + QStringList{"--figure-size", "6by4"};
        QTest::newRow("figure size zero") << batch + QStringList{"--figure-size", "0x4"};
        QTest::newRow("figure format unknown") << batch + QStringList{"--figure-format", "png,gif"};
        QTest::newRow("figure format empty") << batch + QStringList{"--figure-format", ","};
        QTest::newRow("figure dpi zero") << batch + QStringList{"--figure-dpi", "0"};
        QTest::newRow("figure dpi without batch") << QStringList{"--figure-dpi", "300"};
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
                                 "figures/003.html",
                                 "figures/004.html"})
            QVERIFY2(QFileInfo(dir.filePath(QLatin1String(file))).size() > 0, file);
        QFile cells(dir.filePath(QStringLiteral("cells.json")));
        QVERIFY(cells.open(QIODevice::ReadOnly));
        const QJsonArray array = QJsonDocument::fromJson(cells.readAll()).array();
        QCOMPARE(array.size(), 8);
        for (const auto &cell : array) {
            QCOMPARE(cell.toObject().value(QStringLiteral("status")).toString(),
                     QStringLiteral("ok"));
            // Scanned, and clean: the example does nothing a user should be warned about.
            const QJsonObject security
                    = cell.toObject().value(QStringLiteral("security")).toObject();
            QVERIFY(security.value(QStringLiteral("scanned")).toBool());
            QCOMPARE(security.value(QStringLiteral("findings")).toArray().size(), 0);
        }
        QFile log(dir.filePath(QStringLiteral("output.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray text = log.readAll();
        QVERIFY(text.contains("150 flowers, 3 species"));
        QVERIFY(text.contains("petal_length"));
    }

    // --sniff on the messy test set: every field the import dialog would choose, as written down
    // by hand in tests/data/import/expected.json.
    void sniffTestSet_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QJsonObject>("expected");
        QFile file(QStringLiteral(SANDPIPER_SOURCE_DIR "/tests/data/import/expected.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject all = QJsonDocument::fromJson(file.readAll()).object();
        QVERIFY(all.size() >= 20);
        for (auto it = all.constBegin(); it != all.constEnd(); ++it)
            QTest::newRow(qPrintable(it.key())) << it.key() << it.value().toObject();
    }

    void sniffTestSet()
    {
        QFETCH(QString, file);
        QFETCH(QJsonObject, expected);
        int code = -1;
        const QByteArray out
                = run({QStringLiteral("--sniff"),
                       QStringLiteral(SANDPIPER_SOURCE_DIR "/tests/data/import/") + file},
                      &code);
        const QJsonObject sniffed = QJsonDocument::fromJson(out).object();
        // A file that cannot be read: exit 1 and the reason, in the output too.
        if (expected.contains(QStringLiteral("error"))) {
            QCOMPARE(code, 1);
            const QString error = sniffed.value(QStringLiteral("error")).toString();
            QVERIFY2(error.contains(expected.value(QStringLiteral("error")).toString(),
                                    Qt::CaseInsensitive),
                     qPrintable(error));
            return;
        }
        QCOMPARE(code, 0);
        for (const char *key : {"format",
                                "encoding",
                                "delimiter",
                                "quotechar",
                                "decimal",
                                "thousands",
                                "skip_rows",
                                "sheet",
                                "sheets"}) {
            const QString name = QLatin1String(key);
            QVERIFY2(sniffed.contains(name), key);
            QVERIFY2(sniffed.value(name) == expected.value(name),
                     qPrintable(QStringLiteral("%1: %2, expected %3")
                                        .arg(name,
                                             QJsonDocument(QJsonArray{sniffed.value(name)})
                                                     .toJson(QJsonDocument::Compact),
                                             QJsonDocument(QJsonArray{expected.value(name)})
                                                     .toJson(QJsonDocument::Compact))));
        }
        const QJsonArray columns = sniffed.value(QStringLiteral("columns")).toArray();
        const QJsonArray expectedColumns = expected.value(QStringLiteral("columns")).toArray();
        QCOMPARE(columns.size(), expectedColumns.size());
        for (qsizetype i = 0; i < columns.size(); ++i) {
            const QJsonObject column = columns.at(i).toObject();
            const QJsonObject want = expectedColumns.at(i).toObject();
            QCOMPARE(column.value(QStringLiteral("name")).toString(),
                     want.value(QStringLiteral("name")).toString());
            QCOMPARE(column.value(QStringLiteral("dtype")).toString(),
                     want.value(QStringLiteral("dtype")).toString());
        }
        // The code loads the file by its workspace name into df.
        const QString loads = sniffed.value(QStringLiteral("code")).toString();
        QVERIFY2(loads.contains(QStringLiteral("import pandas as pd")), qPrintable(loads));
        // One statement binds df: the reader alone, or the reader and a method chain.
        static const QRegularExpression binds(QStringLiteral("\\ndf = \\(?\\s*pd\\.read_"));
        QVERIFY2(binds.match(loads).hasMatch(), qPrintable(loads));
        QVERIFY2(loads.contains(QLatin1Char('"') + file + QLatin1Char('"')), qPrintable(loads));
    }

    // Files that cannot be read say why (exit 1), or are refused before reading (exit 2); none
    // hangs.
    void sniffBadInput_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("says");
        const QString data = QStringLiteral(SANDPIPER_SOURCE_DIR "/tests/data/import/");
        QTest::newRow("empty") << data + "empty.csv" << 1 << "empty";
        QTest::newRow("a picture named .csv") << data + "chart_renamed.csv" << 1 << "not a text";
        QTest::newRow("undetectable encoding") << data + "russian_cp1251.csv" << 1 << "encoding";
        QTest::newRow("quote never closed") << data + "unclosed_quote.csv" << 1 << "line 3";
        QTest::newRow("password-protected xlsx") << data + "protected.xlsx" << 1 << "password";
        QTest::newRow("truncated xlsx") << data + "truncated.xlsx" << 1 << "";
        QTest::newRow("broken JSON") << data + "broken.json" << 1 << "";
        QTest::newRow("not really Parquet") << data + "measurements.parquet" << 1 << "as Parquet";
        QTest::newRow("a folder") << data << 2 << "";
        QTest::newRow("missing") << data + "no-such-file.csv" << 2 << "";
    }

    void sniffBadInput()
    {
        QFETCH(QString, file);
        QFETCH(int, exitCode);
        QFETCH(QString, says);
        QProcess process;
        process.start(QStringLiteral(SANDPIPER_APP_PATH), {QStringLiteral("--sniff"), file});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), exitCode);
        const QString error = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(error.startsWith(QStringLiteral("sandpiper: ")), qPrintable(error));
        QVERIFY2(error.contains(says, Qt::CaseInsensitive), qPrintable(error));
    }

    // --input copies a dataset into the workspace before the script runs; what the script writes
    // comes back in files/, the input does not.
    void batchInputFiles()
    {
        QTemporaryDir work;
        const QString script = work.filePath(QStringLiteral("convert.py"));
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("import pandas as pd\n"
                   "df = pd.read_csv('sales_gbk.csv', sep=';', decimal=',', encoding='gb18030')\n"
                   "df.to_csv('sales_utf8.csv', index=False)\n"
                   "print(len(df), 'rows')\n");
        file.close();
        const QString out = work.filePath(QStringLiteral("out"));
        int code = -1;
        run({QStringLiteral("--batch"),
             script,
             QStringLiteral("--out"),
             out,
             QStringLiteral("--input"),
             QStringLiteral(SANDPIPER_SOURCE_DIR "/tests/data/import/sales_gbk.csv")},
            &code);
        QCOMPARE(code, 0);
        QVERIFY(QFileInfo(out + QStringLiteral("/files/sales_utf8.csv")).size() > 0);
        QVERIFY(!QFileInfo::exists(out + QStringLiteral("/files/sales_gbk.csv")));
        // An input the script rewrote is its output too.
        const QString rewrite = work.filePath(QStringLiteral("rewrite.py"));
        QFile rewriting(rewrite);
        QVERIFY(rewriting.open(QIODevice::WriteOnly));
        rewriting.write("with open('sales_gbk.csv', 'ab') as f:\n    f.write(b'\\n')\n");
        rewriting.close();
        const QString out3 = work.filePath(QStringLiteral("out3"));
        run({QStringLiteral("--batch"),
             rewrite,
             QStringLiteral("--out"),
             out3,
             QStringLiteral("--input"),
             QStringLiteral(SANDPIPER_SOURCE_DIR "/tests/data/import/sales_gbk.csv")},
            &code);
        QCOMPARE(code, 0);
        QVERIFY(QFileInfo::exists(out3 + QStringLiteral("/files/sales_gbk.csv")));
        // An input that cannot be copied is a usage error, before any cell runs.
        run({QStringLiteral("--batch"),
             script,
             QStringLiteral("--out"),
             work.filePath(QStringLiteral("out2")),
             QStringLiteral("--input"),
             work.filePath(QStringLiteral("missing.csv"))},
            &code);
        QCOMPARE(code, 2);
    }

    // Parquet and SQL in a batch run: to_parquet through DuckDB, a `# %% [sql] -> name` cell over
    // the file and a session frame, the tables back in files/ and the SQL cell in the report.
    void batchParquetAndSqlCells()
    {
        QTemporaryDir work;
        const QString script = work.filePath(QStringLiteral("tables.py"));
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("import pandas as pd\n"
                   "sales = pd.DataFrame({'region': ['north', 'south', 'north'],\n"
                   "                      'amount': [1.5, 2.0, 3.5]})\n"
                   "sales.to_parquet('sales.parquet')\n"
                   "# %% [sql] -> totals\n"
                   "SELECT region, SUM(amount) AS amount\n"
                   "FROM 'sales.parquet'\n"
                   "GROUP BY region ORDER BY region\n"
                   "# %% back\n"
                   "print(totals.to_dict('list'))\n"
                   "sandpiper.export(totals, 'totals.parquet')\n"
                   "print(pd.read_parquet('totals.parquet').equals(totals))\n");
        file.close();
        const QString out = work.filePath(QStringLiteral("out"));
        int code = -1;
        run({QStringLiteral("--batch"), script, QStringLiteral("--out"), out}, &code);
        QCOMPARE(code, 0);
        QFile log(out + QStringLiteral("/output.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray printed = log.readAll();
        QVERIFY2(printed.contains("{'region': ['north', 'south'], 'amount': [5.0, 2.0]}"),
                 printed.constData());
        QVERIFY2(printed.contains("True"), printed.constData());
        for (const char *name : {"sales.parquet", "totals.parquet"}) {
            QFile parquet(out + QStringLiteral("/files/") + QLatin1String(name));
            QVERIFY2(parquet.open(QIODevice::ReadOnly), name);
            const QByteArray bytes = parquet.readAll();
            QVERIFY(bytes.startsWith("PAR1") && bytes.endsWith("PAR1"));
        }
        QFile cells(out + QStringLiteral("/cells.json"));
        QVERIFY(cells.open(QIODevice::ReadOnly));
        // The report shows the SQL, not the Python it became.
        QVERIFY(cells.readAll().contains(
                "\"first_line\": \"SELECT region, SUM(amount) AS amount\""));
        QFile report(out + QStringLiteral("/report.html"));
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QByteArray html = report.readAll();
        QVERIFY(html.contains("GROUP BY region") && !html.contains("sandpiper.sql("));
    }

    // --figure-size 6x4 --figure-dpi 300: each PNG is 1800 × 1200 px and each PDF page
    // 432 × 288 pt; formats not asked for are not written.
    void batchFigureSizeDpiAndFormats()
    {
        QTemporaryDir work;
        const QString script = work.filePath(QStringLiteral("plots.py"));
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("import matplotlib.pyplot as plt\n"
                   "plt.plot([1, 3, 2])\n"
                   "plt.title('exact size')\n"
                   "plt.show()\n"
                   "# %%\n"
                   "import plotly.express as px\n"
                   "px.line(x=[1, 2, 3], y=[1, 3, 2], title='plotly size')\n"
                   "# %%\n"
                   "import altair as alt, pandas as pd\n"
                   "alt.Chart(pd.DataFrame({'a': ['x', 'y'], 'b': [1, 2]}))"
                   ".mark_bar().encode(x='a', y='b')\n");
        file.close();
        const QString out = work.filePath(QStringLiteral("out"));
        int code = -1;
        run({QStringLiteral("--batch"),
             script,
             QStringLiteral("--out"),
             out,
             QStringLiteral("--figure-size"),
             QStringLiteral("6x4"),
             QStringLiteral("--figure-dpi"),
             QStringLiteral("300"),
             QStringLiteral("--figure-format"),
             QStringLiteral("png,jpg,pdf")},
            &code);
        QCOMPARE(code, 0);
        QCOMPARE(QImage(out + QStringLiteral("/figures/001.png")).size(), QSize(1800, 1200));
        QCOMPARE(QImage(out + QStringLiteral("/figures/001.jpg")).size(), QSize(1800, 1200));
        QFile pdf(out + QStringLiteral("/figures/001.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        const QByteArray bytes = pdf.readAll();
        QVERIFY(bytes.startsWith("%PDF"));
        QVERIFY(bytes.contains("/MediaBox [ 0 0 432 288 ]"));
        QVERIFY(!QFileInfo::exists(out + QStringLiteral("/figures/001.svg")));
        // The Plotly and the Altair chart: the same sizes, drawn by the chart page.
        for (const char *chart : {"002", "003"}) {
            const QString base = out + QStringLiteral("/figures/") + QLatin1String(chart);
            QCOMPARE(QImage(base + QStringLiteral(".png")).size(), QSize(1800, 1200));
            QCOMPARE(QImage(base + QStringLiteral(".jpg")).size(), QSize(1800, 1200));
            QFile chartPdf(base + QStringLiteral(".pdf"));
            QVERIFY(chartPdf.open(QIODevice::ReadOnly));
            const QByteArray page = chartPdf.readAll();
            QVERIFY(QRegularExpression(QStringLiteral("/MediaBox \\[\\s*0 0 432 288\\s*\\]"))
                            .match(QString::fromLatin1(page))
                            .hasMatch());
            QVERIFY(!QFileInfo::exists(base + QStringLiteral(".html")));
        }
        QFile log(out + QStringLiteral("/output.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray text = log.readAll();
        QVERIFY2(text.contains("[figure: figures/003.pdf]"), text.constData());
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

    // The man page documents exactly the options --help lists (tests the installed page's
    // source, resources/desktop/sandpiper.1).
    void manPageMatchesHelp()
    {
        int code = 0;
        const QString help = QString::fromUtf8(run({QStringLiteral("--help")}, &code));
        QCOMPARE(code, 0);
        QSet<QString> helpOptions;
        static const QRegularExpression optionLine(QStringLiteral("^\\s+(?:-\\w, )?--([\\w-]+)"),
                                                   QRegularExpression::MultilineOption);
        for (auto it = optionLine.globalMatch(help); it.hasNext();)
            helpOptions.insert(it.next().captured(1));
        QVERIFY2(helpOptions.size() > 15, qPrintable(help));

        QFile page(QStringLiteral(SANDPIPER_SOURCE_DIR "/resources/desktop/sandpiper.1"));
        QVERIFY(page.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(page.readAll());
        const qsizetype options = text.indexOf(QStringLiteral(".SH OPTIONS"));
        const qsizetype end = text.indexOf(QStringLiteral(".SH "), options + 1);
        QVERIFY(options > 0 && end > options);
        // Each option's tag: the line after ".TP", e.g. ".BR \\-h \", \" \\-\\-help".
        QSet<QString> pageOptions;
        const QStringList lines = text.mid(options, end - options).split(u'\n');
        static const QRegularExpression longOption(QStringLiteral("\\\\-\\\\-([\\w\\\\-]+)"));
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            if (lines.at(i) != QLatin1String(".TP"))
                continue;
            for (auto it = longOption.globalMatch(lines.at(i + 1)); it.hasNext();)
                pageOptions.insert(it.next().captured(1).remove(u'\\'));
        }
        QCOMPARE(pageOptions, helpOptions);
    }

    // What a package check and a user run to see the sandbox on their host.
    void sandboxReportDescribesTheSession()
    {
        int code = 0;
        const QString out = QString::fromUtf8(run({QStringLiteral("--sandbox-report")}, &code));
        // 0 fully, 3 partly sandboxed: which one depends on the host, and the sandbox tests
        // judge that; the report must be there either way.
        QVERIFY2(code == 0 || code == 3, qPrintable(QString::number(code) + u'\n' + out));
        QVERIFY2(out.contains(QStringLiteral("Python: 3.")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("Sandbox: ")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("  on   Landlock")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("  memory: ")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("sandpiper-engine")), qPrintable(out));
    }

    void sandboxReportSaysWhenTheEngineFails()
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("SANDPIPER_ENGINE"),
                           QStringLiteral("/nonexistent/sandpiper-engine"));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(SANDPIPER_APP_PATH), {QStringLiteral("--sandbox-report")});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 1);
        const QByteArray error = process.readAllStandardError();
        QVERIFY2(error.contains("/nonexistent/sandpiper-engine"), error.constData());
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
