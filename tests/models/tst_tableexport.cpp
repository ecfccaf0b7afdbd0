// The line the Export… dialog runs: sandpiper.export() with only the options that matter.
#include "tableexport.h"

#include <QTest>

using Sandpiper::Models::TableExport;
using Format = TableExport::Format;

class TestTableExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsGiveTheShortestCall()
    {
        TableExport csv;
        csv.fileName = QStringLiteral("df.csv");
        QCOMPARE(csv.code(QStringLiteral("df")), QStringLiteral("sandpiper.export(df, 'df.csv');"));
    }

    void optionsOfTheFormatOnly()
    {
        TableExport csv;
        csv.fileName = QStringLiteral("sales.csv");
        csv.separator = QStringLiteral(";");
        csv.decimal = QStringLiteral(",");
        csv.encoding = QStringLiteral("utf-8-sig");
        csv.index = false;
        csv.sheetName = QStringLiteral("ignored for CSV");
        QCOMPARE(csv.code(QStringLiteral("data['sales']")),
                 QStringLiteral("sandpiper.export(data['sales'], 'sales.csv', index=False, "
                                "sep=';', encoding='utf-8-sig', decimal=',');"));

        TableExport tsv = csv;
        tsv.format = Format::Tsv;
        tsv.fileName = QStringLiteral("sales.tsv");
        tsv.separator = QStringLiteral("\t");
        QVERIFY2(!tsv.code(QStringLiteral("df")).contains(QStringLiteral("sep=")),
                 qPrintable(tsv.code(QStringLiteral("df"))));

        TableExport excel;
        excel.format = Format::Excel;
        excel.fileName = QStringLiteral("report.xlsx");
        excel.sheetName = QStringLiteral("Q1 'sales'");
        excel.freezeHeader = false;
        excel.splitRows = false;
        QCOMPARE(excel.code(QStringLiteral("df")),
                 QStringLiteral("sandpiper.export(df, 'report.xlsx', sheet_name='Q1 \\'sales\\'', "
                                "freeze_header=False, too_many_rows='refuse');"));

        TableExport json;
        json.format = Format::Json;
        json.fileName = QStringLiteral("rows.json");
        json.orient = QStringLiteral("lines");
        QCOMPARE(json.code(QStringLiteral("df")),
                 QStringLiteral("sandpiper.export(df, 'rows.json', orient='lines');"));

        TableExport parquet;
        parquet.format = Format::Parquet;
        parquet.fileName = QStringLiteral("rows.parquet");
        QCOMPARE(parquet.code(QStringLiteral("df")),
                 QStringLiteral("sandpiper.export(df, 'rows.parquet');")); // zstd by default
        parquet.compression = QStringLiteral("snappy");
        parquet.orient = QStringLiteral("lines"); // another format's option
        QCOMPARE(parquet.code(QStringLiteral("df")),
                 QStringLiteral("sandpiper.export(df, 'rows.parquet', compression='snappy');"));
        QCOMPARE(TableExport::suggestedFileName(QStringLiteral("df"), Format::Parquet),
                 QStringLiteral("df.parquet"));
    }

    void aNameWithAnotherExtensionSaysTheFormat()
    {
        TableExport markdown;
        markdown.format = Format::Markdown;
        markdown.fileName = QStringLiteral("README.txt");
        QCOMPARE(markdown.code(QStringLiteral("df")),
                 QStringLiteral("sandpiper.export(df, 'README.txt', format='md');"));
    }

    void fileNamesAreLiteralsAndSuggestionsAreSafe()
    {
        TableExport csv;
        csv.fileName = QStringLiteral("it's\n.csv");
        QCOMPARE(csv.code(QStringLiteral("df")),
                 QStringLiteral("sandpiper.export(df, 'it\\'s\\U0000000a.csv');"));
        QVERIFY(!csv.problem().isEmpty()); // a line break in a file name is refused first
        QCOMPARE(TableExport::suggestedFileName(QStringLiteral("data['sales'][0]"), Format::Excel),
                 QStringLiteral("data_sales_0.xlsx"));
        QCOMPARE(TableExport::suggestedFileName(QStringLiteral("['<>']"), Format::Json),
                 QStringLiteral("table.json"));
    }

    void problemsAreSaidBeforeRunning()
    {
        TableExport csv;
        QVERIFY(!csv.problem().isEmpty()); // no name
        csv.fileName = QStringLiteral("../outside.csv");
        QVERIFY(!csv.problem().isEmpty());
        csv.fileName = QStringLiteral("/etc/passwd");
        QVERIFY(!csv.problem().isEmpty());
        csv.fileName = QStringLiteral("out/ok.csv");
        QVERIFY(csv.problem().isEmpty());
        csv.decimal = QStringLiteral(",");
        QVERIFY(!csv.problem().isEmpty()); // same as the separator
        TableExport excel;
        excel.format = Format::Excel;
        excel.fileName = QStringLiteral("a.xlsx");
        excel.sheetName = QStringLiteral("a/b");
        QVERIFY(!excel.problem().isEmpty());
        excel.sheetName = QString(32, u'x');
        QVERIFY(!excel.problem().isEmpty());
        excel.sheetName = QString(31, u'x');
        QVERIFY(excel.problem().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTableExport)
#include "tst_tableexport.moc"
