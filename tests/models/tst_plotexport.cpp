// The line the Plots dock's Export… runs, and what it says the file will be.
#include "plotexport.h"

#include <QTest>

using Sandpiper::Models::PlotExport;

class TestPlotExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void codeAndResult()
    {
        PlotExport png;
        png.fileName = QStringLiteral("figure-3.png");
        QCOMPARE(png.code(3),
                 QStringLiteral("sandpiper.save_plot(3, 'figure-3.png', width=6, height=4, "
                                "dpi=300);"));
        QCOMPARE(png.resultText(), QStringLiteral("1800 × 1200 px"));
        PlotExport pdf;
        pdf.format = QStringLiteral("pdf");
        pdf.fileName = QStringLiteral("it's.pdf");
        pdf.width = 15.24;
        pdf.height = 10.16;
        pdf.unit = QStringLiteral("cm");
        QCOMPARE(pdf.code(1),
                 QStringLiteral("sandpiper.save_plot(1, 'it\\'s.pdf', width=15.24, height=10.16, "
                                "unit='cm', dpi=300);"));
        QCOMPARE(pdf.resultText(), QStringLiteral("a 6 × 4 in page"));
        PlotExport jpeg;
        jpeg.format = QStringLiteral("jpeg");
        jpeg.fileName = QStringLiteral("photo.jpeg");
        jpeg.unit = QStringLiteral("px");
        jpeg.width = 1200;
        jpeg.height = 800;
        jpeg.dpi = 100;
        QVERIFY(jpeg.code(2).endsWith(QStringLiteral("unit='px', dpi=100, format='jpeg');")));
        QCOMPARE(jpeg.resultText(), QStringLiteral("1200 × 800 px"));
    }

    void problems()
    {
        PlotExport chosen;
        QVERIFY(!chosen.problem().isEmpty()); // no name
        chosen.fileName = QStringLiteral("../out.png");
        QVERIFY(!chosen.problem().isEmpty());
        chosen.fileName = QStringLiteral("out.png");
        QVERIFY(chosen.problem().isEmpty());
        chosen.width = 0;
        QVERIFY(!chosen.problem().isEmpty());
        chosen.width = 100;
        chosen.height = 100;
        chosen.dpi = 600; // 3.6e9 pixels
        QVERIFY(!chosen.problem().isEmpty());
        chosen.format = QStringLiteral("svg");
        QVERIFY(chosen.problem().isEmpty()); // a vector page of any size
    }
};

QTEST_GUILESS_MAIN(TestPlotExport)
#include "tst_plotexport.moc"
