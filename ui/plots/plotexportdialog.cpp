#include "plotexportdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>

namespace Sandpiper::Ui {

using Models::PlotExport;

PlotExportDialog::PlotExportDialog(int figure, QWidget *parent)
    : PlotExportDialog(Source::SessionFigure, figure, parent)
{}

PlotExportDialog::PlotExportDialog(Source source, int figure, QWidget *parent)
    : QDialog(parent)
    , m_source(source)
    , m_figure(figure)
    , m_format(new QComboBox(this))
    , m_fileName(new QLineEdit(this))
    , m_width(new QDoubleSpinBox(this))
    , m_height(new QDoubleSpinBox(this))
    , m_unit(new QComboBox(this))
    , m_dpi(new QSpinBox(this))
    , m_destination(new QLineEdit(this))
    , m_result(new QLabel(this))
    , m_line(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_form(new QFormLayout)
    , m_preview(new QLabel(this))
    , m_previewTimer(new QTimer(this))
{
    const bool chart = source == Source::Chart;
    setObjectName(QStringLiteral("PlotExportDialog"));
    setWindowTitle(tr("Export Figure %1").arg(figure));
    m_format->setObjectName(QStringLiteral("PlotExportFormat"));
    m_format->addItem(tr("PNG image"), QStringLiteral("png"));
    m_format->addItem(tr("JPEG image"), QStringLiteral("jpeg"));
    m_format->addItem(tr("SVG (vector)"), QStringLiteral("svg"));
    m_format->addItem(tr("PDF (vector)"), QStringLiteral("pdf"));
    if (chart)
        m_format->addItem(tr("HTML (interactive, works offline)"), QStringLiteral("html"));
    m_fileName->setObjectName(QStringLiteral("PlotExportFileName"));
    for (QDoubleSpinBox *box : {m_width, m_height}) {
        box->setRange(0.01, 100000);
        box->setDecimals(2);
    }
    m_width->setObjectName(QStringLiteral("PlotExportWidth"));
    m_height->setObjectName(QStringLiteral("PlotExportHeight"));
    m_unit->setObjectName(QStringLiteral("PlotExportUnit"));
    m_unit->addItem(tr("inches"), QStringLiteral("in"));
    m_unit->addItem(tr("centimetres"), QStringLiteral("cm"));
    m_unit->addItem(tr("pixels"), QStringLiteral("px"));
    m_dpi->setObjectName(QStringLiteral("PlotExportDpi"));
    m_dpi->setRange(10, 2400);
    m_destination->setObjectName(QStringLiteral("PlotExportDestination"));
    m_destination->setPlaceholderText(chart ? tr("Choose where to save it")
                                            : tr("Keep it in the workspace only"));
    m_destination->setClearButtonEnabled(true);
    m_result->setObjectName(QStringLiteral("PlotExportResult"));
    m_line->setObjectName(QStringLiteral("PlotExportLine"));
    m_line->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_line->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_line->setWordWrap(true);
    m_line->setToolTip(tr("The line the session runs; it shows in the console."));
    m_problem->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto size = new QHBoxLayout;
    size->addWidget(m_width);
    size->addWidget(new QLabel(QStringLiteral("×"), this));
    size->addWidget(m_height);
    size->addWidget(m_unit);
    auto browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &PlotExportDialog::chooseDestination);
    auto destination = new QHBoxLayout;
    destination->addWidget(m_destination, 1);
    destination->addWidget(browse);
    m_form->addRow(tr("Format:"), m_format);
    m_form->addRow(tr("Size:"), size);
    m_form->addRow(tr("Resolution (DPI):"), m_dpi);
    m_form->addRow(tr("File in the workspace:"), m_fileName);
    m_form->addRow(chart ? tr("Save as:") : tr("Then save a copy as:"), destination);
    m_form->addRow(tr("Result:"), m_result);
    // A chart is drawn by the window, not the session: no workspace file, no line to run.
    m_form->setRowVisible(m_fileName, !chart);
    m_line->setVisible(!chart);
    m_preview->setObjectName(QStringLiteral("PlotExportPreview"));
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setMinimumSize(PreviewPixels + 8, PreviewPixels * 2 / 3 + 8);
    m_preview->setFrameShape(QFrame::StyledPanel);
    m_preview->setVisible(false);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(300);
    connect(m_previewTimer, &QTimer::timeout, this, &PlotExportDialog::askForPreview);
    auto layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_preview, 0, Qt::AlignHCenter);
    layout->addWidget(m_line);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    if (chart)
        setWindowTitle(tr("Export Chart %1").arg(figure));
    PlotExport defaults;
    defaults.fileName = QStringLiteral("figure-%1.png").arg(figure);
    if (chart)
        m_destination->setText(QDir::toNativeSeparators(QDir::home().filePath(defaults.fileName)));
    setOptions(defaults);
    connect(m_format, &QComboBox::currentIndexChanged, this, &PlotExportDialog::onFormatChanged);
    connect(m_unit, &QComboBox::currentIndexChanged, this, &PlotExportDialog::updatePreview);
    for (QDoubleSpinBox *box : {m_width, m_height})
        connect(box, &QDoubleSpinBox::valueChanged, this, &PlotExportDialog::updatePreview);
    connect(m_dpi, &QSpinBox::valueChanged, this, &PlotExportDialog::updatePreview);
    for (QLineEdit *edit : {m_fileName, m_destination})
        connect(edit, &QLineEdit::textChanged, this, &PlotExportDialog::updatePreview);
    resize(520, sizeHint().height());
}

namespace {

// The file name follows the format while it ends with one of ours.
void followFormat(QLineEdit *edit, const QString &format)
{
    const QString name = edit->text();
    const QString ext = QFileInfo(name).suffix().toLower();
    for (const char *known : {"png", "jpg", "jpeg", "svg", "pdf", "html"}) {
        if (ext == QLatin1String(known)) {
            edit->setText(name.left(name.size() - ext.size()) + PlotExport::extension(format));
            return;
        }
    }
}

} // namespace

void PlotExportDialog::onFormatChanged()
{
    const QString format = m_format->currentData().toString();
    followFormat(m_fileName, format);
    followFormat(m_destination, format);
    // Size and DPI mean nothing to an interactive page.
    const bool page = m_format->currentData().toString() == QLatin1String("html");
    for (QWidget *field : std::initializer_list<QWidget *>{m_width, m_height, m_unit, m_dpi})
        field->setEnabled(!page);
    updatePreview();
}

void PlotExportDialog::updatePreview()
{
    const PlotExport chosen = options();
    m_result->setText(chosen.resultText());
    m_line->setText(code());
    QString problem = chosen.problem();
    if (m_source == Source::Chart && destination().isEmpty())
        problem = tr("Choose where to save it.");
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
    if (m_previewMaker)
        m_previewTimer->start();
}

void PlotExportDialog::setPreviewMaker(PreviewMaker maker)
{
    m_previewMaker = std::move(maker);
    m_preview->setVisible(bool(m_previewMaker));
    m_preview->setText(tr("Drawing a preview…"));
    askForPreview();
}

PlotExport PlotExportDialog::previewOptions(const PlotExport &chosen)
{
    // The same page in inches, so text and lines sit where they will; fewer dots per inch.
    PlotExport preview = chosen;
    preview.format = QStringLiteral("png");
    preview.unit = QStringLiteral("in");
    preview.width = chosen.inchesWide();
    preview.height = chosen.inchesHigh();
    const double longest = qMax(preview.width, preview.height);
    preview.dpi = qMin(int(PreviewPixels / qMax(longest, 0.01)), chosen.dpi);
    return preview;
}

void PlotExportDialog::askForPreview()
{
    const PlotExport chosen = options();
    if (!m_previewMaker)
        return;
    if (chosen.format == QLatin1String("html") || !(chosen.width > 0 && chosen.height > 0)) {
        m_previewPicture = {};
        m_preview->setPixmap({});
        m_preview->setText(chosen.format == QLatin1String("html")
                                   ? tr("An interactive page: no preview.")
                                   : QString());
        return;
    }
    const quint64 asked = ++m_previewAsked;
    // A page so large that a few hundred pixels give it under 10 DPI draws no legible preview
    // (matplotlib refuses fonts that small): say so instead of asking.
    if (previewOptions(chosen).dpi < MinPreviewDpi) {
        m_previewPicture = {};
        m_preview->setPixmap({});
        m_preview->setText(
                tr("Too large to preview; the file will be %1.").arg(chosen.resultText()));
        return;
    }
    const QPointer<PlotExportDialog> self(this);
    m_previewMaker(previewOptions(chosen),
                   [self, asked](const QImage &picture, const QString &error) {
                       if (!self || asked != self->m_previewAsked)
                           return; // the dialog changed since, or is gone
                       self->m_previewPicture = picture;
                       if (picture.isNull()) {
                           self->m_preview->setPixmap({});
                           self->m_preview->setText(error);
                           return;
                       }
                       self->m_preview->setPixmap(QPixmap::fromImage(picture));
                   });
}

void PlotExportDialog::chooseDestination()
{
    const QString start = m_destination->text().isEmpty()
                                  ? QDir::home().filePath(QFileInfo(m_fileName->text()).fileName())
                                  : m_destination->text();
    const QString path = QFileDialog::getSaveFileName(
            this, m_source == Source::Chart ? tr("Save Chart As") : tr("Save a Copy As"), start);
    if (!path.isEmpty())
        m_destination->setText(QDir::toNativeSeparators(path));
}

PlotExport PlotExportDialog::options() const
{
    PlotExport chosen;
    chosen.format = m_format->currentData().toString();
    // A chart goes straight to its destination; its name stands for the file.
    chosen.fileName = m_source == Source::Chart ? QFileInfo(destination()).fileName()
                                                : m_fileName->text().trimmed();
    chosen.width = m_width->value();
    chosen.height = m_height->value();
    chosen.unit = m_unit->currentData().toString();
    chosen.dpi = m_dpi->value();
    return chosen;
}

void PlotExportDialog::setOptions(const PlotExport &chosen)
{
    const QSignalBlocker blockFormat(m_format);
    m_format->setCurrentIndex(qMax(0, m_format->findData(chosen.format)));
    m_unit->setCurrentIndex(qMax(0, m_unit->findData(chosen.unit)));
    m_width->setValue(chosen.width);
    m_height->setValue(chosen.height);
    m_dpi->setValue(chosen.dpi);
    m_fileName->setText(chosen.fileName);
    if (m_source == Source::Chart)
        followFormat(m_destination, chosen.format);
    updatePreview();
}

QString PlotExportDialog::code() const
{
    return options().code(m_figure);
}

QString PlotExportDialog::destination() const
{
    return m_destination->text().trimmed();
}

void PlotExportDialog::setDestination(const QString &path)
{
    m_destination->setText(path);
}

} // namespace Sandpiper::Ui
