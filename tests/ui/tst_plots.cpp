// The Plots dock: its history (memory budget, files for older figures) and its view (showing
// the newest, browsing, fit and zoom, delete, clear, Go to Code, a window of its own).
#include <plotcanvas.h>
#include <plotexportdialog.h>
#include <plothistory.h>
#include <plotsview.h>

#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListView>
#include <QPainter>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QtEndian>

using namespace Sandpiper;
using Models::PlotHistory;
using Ui::PlotCanvas;
using Ui::PlotsView;

namespace {

// A PNG of the given size whose colour says which figure it is.
QByteArray png(QSize size, QColor colour, bool noisy = false)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    if (noisy) { // incompressible, so the bytes are about the pixels' size
        for (int y = 0; y < size.height(); ++y) {
            auto *line = reinterpret_cast<quint32 *>(image.scanLine(y));
            for (int x = 0; x < size.width(); ++x)
                line[x] = quint32(qHash(quint64(y) << 32 | quint64(x)));
        }
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

// A small PNG whose header claims `size`: what a reader sees first, without the memory a real
// image that large would take to make.
QByteArray pngClaiming(QSize size)
{
    QByteArray bytes = png({8, 8}, Qt::white);
    // IHDR: length (4), "IHDR" (4), width (4), height (4), ... then its CRC over type and data.
    qToBigEndian<quint32>(quint32(size.width()), bytes.data() + 16);
    qToBigEndian<quint32>(quint32(size.height()), bytes.data() + 20);
    quint32 crc = 0xffffffffu;
    for (int i = 12; i < 12 + 4 + 13; ++i) {
        crc ^= quint8(bytes.at(i));
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    qToBigEndian<quint32>(crc ^ 0xffffffffu, bytes.data() + 29);
    return bytes;
}

Protocol::DisplayData figure(const QByteArray &pngBytes)
{
    Protocol::DisplayData display;
    display.data.insert(QStringLiteral("image/png"), pngBytes);
    display.data.insert(QStringLiteral("text/plain"), QStringLiteral("<Figure>"));
    return display;
}

Protocol::DisplayData svgFigure()
{
    Protocol::DisplayData display;
    display.data.insert(QStringLiteral("image/svg+xml"),
                        QStringLiteral("<svg xmlns='http://www.w3.org/2000/svg' width='300' "
                                       "height='150'><rect width='300' height='150' "
                                       "fill='#1f77b4'/></svg>"));
    return display;
}

} // namespace

class TestPlots : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The export dialog's preview: the same page in inches at a few hundred pixels, asked again
    // (once) after a change, answers to older asks ignored, and no ask for a page too large to
    // preview or for HTML.
    void exportDialogPreview()
    {
        Ui::PlotExportDialog dialog(Ui::PlotExportDialog::Source::Chart, 1);
        QList<Models::PlotExport> asked;
        QList<std::function<void(const QImage &, const QString &)>> answers;
        dialog.setPreviewMaker([&](const Models::PlotExport &options, auto done) {
            asked << options;
            answers << done;
        });
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.last().format, QStringLiteral("png"));
        QCOMPARE(asked.last().inchesWide(), 6.0);
        QCOMPARE(asked.last().inchesHigh(), 4.0);
        QCOMPARE(asked.last().pixels(), QSize(360, 240));

        Models::PlotExport chosen = dialog.options();
        chosen.unit = QStringLiteral("px");
        chosen.width = 1200;
        chosen.height = 800;
        chosen.dpi = 300;
        dialog.setOptions(chosen);
        chosen.width = 1500; // a second change inside the delay: one ask
        dialog.setOptions(chosen);
        QTRY_COMPARE(asked.size(), 2);
        QTest::qWait(400);
        QCOMPARE(asked.size(), 2);
        QCOMPARE(asked.last().inchesWide(), 5.0);
        QCOMPARE(asked.last().pixels().width(), 360);

        QImage old(10, 10, QImage::Format_RGB32);
        old.fill(Qt::red);
        answers.first()(old, {}); // the first ask's answer comes late: ignored
        QVERIFY(dialog.preview().isNull());
        QImage current(360, 192, QImage::Format_RGB32);
        current.fill(Qt::blue);
        answers.last()(current, {});
        QCOMPARE(dialog.preview(), current);

        chosen.unit = QStringLiteral("in");
        chosen.width = 800;
        chosen.height = 2;
        dialog.setOptions(chosen);
        QTest::qWait(500);
        QCOMPARE(asked.size(), 2); // too large to preview
        QVERIFY(dialog.preview().isNull());
        QVERIFY(dialog.findChild<QLabel *>("PlotExportPreview")->text().contains("Too large"));

        chosen.width = 6;
        chosen.height = 4;
        chosen.format = QStringLiteral("html");
        dialog.setOptions(chosen);
        QTest::qWait(500);
        QCOMPARE(asked.size(), 2);
    }

    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("SandpiperTest"));
        QApplication::setApplicationName(QStringLiteral("tst_plots"));
    }

    void onlyStaticImagesEnter()
    {
        PlotHistory history;
        QVERIFY(history.add(figure(png({64, 48}, Qt::red)), QStringLiteral("<cell 1>")));
        QVERIFY(history.add(svgFigure(), QStringLiteral("<cell 2>")));
        Protocol::DisplayData text;
        text.data.insert(QStringLiteral("text/plain"), QStringLiteral("42"));
        QVERIFY(!history.add(text, {}));
        Protocol::DisplayData broken; // PNG as text: not an image
        broken.data.insert(QStringLiteral("image/png"), QStringLiteral("iVBOR"));
        QVERIFY(!history.add(broken, {}));
        QCOMPARE(history.rowCount(), 2);
        QCOMPARE(history.pixelSize(0), QSize(64, 48));
        QCOMPARE(history.pixelSize(1), QSize(300, 150));
        QCOMPARE(history.origin(1), QStringLiteral("<cell 2>"));
        QCOMPARE(history.image(1).size(), QSize(300, 150));
        QCOMPARE(history.image(0).pixelColor(3, 3), QColor(Qt::red));
    }

    // Two thousand figures of 40 KB with a 2 MB budget: the memory stays under the budget,
    // the older ones are files, and each comes back byte for byte.
    void budgetSpillsOlderFiguresToFiles()
    {
        PlotHistory history;
        history.setBudget(2 << 20);
        const QByteArray first = png({100, 100}, Qt::blue, true);
        QVERIFY(first.size() > 30'000);
        QVERIFY(history.add(figure(first), {}));
        for (int i = 1; i < 2'000; ++i) {
            QVERIFY(history.add(figure(first), {}));
            QVERIFY(history.bytesInMemory() <= history.budget());
        }
        QCOMPARE(history.rowCount(), 2'000);
        QVERIFY(!history.spillFolder().isEmpty());
        const int files = QDir(history.spillFolder()).entryList(QDir::Files).size();
        QVERIFY2(files > 1'900, qPrintable(QString::number(files)));
        QCOMPARE(history.imageData(0), first);
        QCOMPARE(history.imageData(1'999), first);
        // Deleting one removes its file; clearing removes them all.
        history.remove(0);
        QCOMPARE(QDir(history.spillFolder()).entryList(QDir::Files).size(), files - 1);
        const QString folder = history.spillFolder();
        history.clear();
        QCOMPARE(QDir(folder).entryList(QDir::Files).size(), 0);
        QCOMPARE(history.bytesInMemory(), 0);
    }

    // A cache folder that cannot be written: figures stay in memory, and that is said once.
    void unwritableCacheKeepsFiguresInMemory()
    {
        const QByteArray saved = qgetenv("XDG_CACHE_HOME");
        qputenv("XDG_CACHE_HOME", "/proc/sandpiper-cannot-write-here");
        PlotHistory history;
        QSignalSpy failed(&history, &PlotHistory::spillFailed);
        history.setBudget(0);
        for (int i = 0; i < 4; ++i)
            QVERIFY(history.add(figure(png({20, 20}, Qt::green)), {}));
        qputenv("XDG_CACHE_HOME", saved);
        QCOMPARE(failed.size(), 1);
        for (int row = 0; row < 4; ++row)
            QVERIFY(!history.imageData(row).isEmpty());
        QVERIFY(history.bytesInMemory() > history.budget());
    }

    // A figure removed before the one shown leaves that figure in view.
    void removingAnotherFigureKeepsTheShownOne()
    {
        PlotHistory history;
        PlotsView view(&history);
        view.resize(400, 300);
        view.show();
        for (const QColor colour : {QColor(Qt::red), QColor(Qt::green), QColor(Qt::blue)})
            history.add(figure(png({60, 40}, colour)), {});
        QCOMPARE(view.currentRow(), 2);
        history.remove(0);
        QCOMPARE(view.currentRow(), 1);
        QCOMPARE(view.position(), QStringLiteral("2 / 2"));
        QCOMPARE(view.canvas()->image().pixelColor(5, 5), QColor(Qt::blue));
        view.setCurrentRow(0);
        history.remove(1); // after the one shown
        QCOMPARE(view.currentRow(), 0);
        QCOMPARE(view.canvas()->image().pixelColor(5, 5), QColor(Qt::green));
    }

    // Zooming in stops before the picture would need more memory than a decoded figure may.
    void zoomIsBounded()
    {
        PlotHistory history;
        PlotsView view(&history);
        view.resize(400, 300);
        view.show();
        history.add(figure(png({2000, 1500}, Qt::white)), {});
        for (int i = 0; i < 30; ++i)
            view.canvas()->zoomBy(1.25);
        const QSize shown = view.canvas()->shownPixels();
        QVERIFY2(qint64(shown.width()) * shown.height() <= (256ll << 20) / 4,
                 qPrintable(QStringLiteral("%1x%2").arg(shown.width()).arg(shown.height())));
    }

    void spilledFileGoneSaysSo()
    {
        PlotHistory history;
        history.setBudget(0);
        history.add(figure(png({20, 20}, Qt::green)), {});
        history.add(figure(png({20, 20}, Qt::green)), {});
        QVERIFY(QFile::remove(QDir(history.spillFolder()).filePath(QStringLiteral("1.png"))));
        QString error;
        QVERIFY(history.image(0, {}, &error).isNull());
        QVERIFY2(error.contains(QStringLiteral("gone")), qPrintable(error));
    }

    // A figure too large to decode in the window says so instead of taking its memory.
    void hugeFigureIsRefusedWithAMessage()
    {
        PlotHistory history;
        QVERIFY(history.add(figure(pngClaiming({20000, 20000})), {}));
        QCOMPARE(history.pixelSize(0), QSize(20000, 20000));
        PlotsView view(&history);
        view.resize(500, 400);
        view.show();
        QVERIFY(view.canvas()->image().isNull());
        const QString shown = view.canvas()->widget()->property("text").toString();
        QVERIFY2(shown.contains(QStringLiteral("20000 × 20000")), qPrintable(shown));
        // No thumbnail either: the reader would need the whole image first.
        QVERIFY(history.data(history.index(0), Qt::DecorationRole).value<QImage>().isNull());
    }

    void viewShowsTheNewestAndBrowses()
    {
        PlotHistory history;
        PlotsView view(&history);
        view.resize(600, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.currentRow(), -1);
        const QList<QColor> colours{Qt::red, Qt::green, Qt::blue};
        for (int i = 0; i < 3; ++i) {
            history.add(figure(png({400, 300}, colours[i])),
                        QStringLiteral("<cell %1>").arg(i + 1));
            QCOMPARE(view.currentRow(), i); // the newest is shown as it arrives
        }
        QCOMPARE(view.position(), QStringLiteral("3 / 3"));
        const auto shownColour = [&] {
            return view.canvas()->image().pixelColor(10, 10);
        };
        QCOMPARE(shownColour(), QColor(Qt::blue));
        QVERIFY(!view.button(QStringLiteral("PlotNext"))->isEnabled());
        // Left and Right, as a person presses them in the dock.
        view.strip()->setFocus();
        QTest::keyClick(view.strip(), Qt::Key_Left);
        QCOMPARE(view.currentRow(), 1);
        QCOMPARE(shownColour(), QColor(Qt::green));
        QTest::mouseClick(view.button(QStringLiteral("PlotPrevious")), Qt::LeftButton);
        QCOMPARE(view.position(), QStringLiteral("1 / 3"));
        QVERIFY(!view.button(QStringLiteral("PlotPrevious"))->isEnabled());
        QTest::mouseClick(view.button(QStringLiteral("PlotNext")), Qt::LeftButton);
        QCOMPARE(view.currentRow(), 1);

        // Go to Code names the run that drew it.
        QSignalSpy goTo(&view, &PlotsView::goToCodeRequested);
        QTest::mouseClick(view.button(QStringLiteral("PlotGoToCode")), Qt::LeftButton);
        QCOMPARE(goTo.size(), 1);
        QCOMPARE(goTo.first().first().toString(), QStringLiteral("<cell 2>"));

        // Fit shows it within the pane, never larger than itself; 1:1 and zoom change that.
        QVERIFY(view.canvas()->fits());
        const double dpr = view.devicePixelRatioF();
        QVERIFY(view.canvas()->shownPixels().width()
                <= qRound(view.canvas()->viewport()->width() * dpr));
        QTest::mouseClick(view.button(QStringLiteral("PlotActualSize")), Qt::LeftButton);
        QCOMPARE(view.canvas()->shownPixels(), QSize(400, 300));
        QTest::mouseClick(view.button(QStringLiteral("PlotZoomIn")), Qt::LeftButton);
        QCOMPARE(view.canvas()->shownPixels(), QSize(500, 375));
        QTest::mouseClick(view.button(QStringLiteral("PlotFit")), Qt::LeftButton);
        QVERIFY(view.canvas()->fits());

        // A window of its own, with the same picture.
        QWidget *window = view.openInWindow();
        QVERIFY(window);
        QCOMPARE(qobject_cast<PlotCanvas *>(window)->image(), view.canvas()->image());
        window->close();

        // Save writes the figure as it came; an unwritable path says why; Copy fills the
        // clipboard.
        QTemporaryDir out;
        const QString saved = out.filePath(QStringLiteral("figure.png"));
        QCOMPARE(view.saveCurrentAs(saved), QString());
        QFile file(saved);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), history.imageData(1));
        QVERIFY(!view.saveCurrentAs(out.filePath(QStringLiteral("no/such/folder/f.png")))
                         .isEmpty());
        view.copyCurrent();
        QCOMPARE(QGuiApplication::clipboard()->image().pixelColor(10, 10), QColor(Qt::green));

        // Delete keeps the neighbour in view; Clear All empties the dock.
        QTest::mouseClick(view.button(QStringLiteral("PlotDelete")), Qt::LeftButton);
        QCOMPARE(history.rowCount(), 2);
        QCOMPARE(view.currentRow(), 1);
        QCOMPARE(shownColour(), QColor(Qt::blue));
        QTest::mouseClick(view.button(QStringLiteral("PlotClear")), Qt::LeftButton);
        QCOMPARE(history.rowCount(), 0);
        QCOMPARE(view.currentRow(), -1);
        QVERIFY(!view.button(QStringLiteral("PlotDelete"))->isEnabled());
    }
};

QTEST_MAIN(TestPlots)
#include "tst_plots.moc"
