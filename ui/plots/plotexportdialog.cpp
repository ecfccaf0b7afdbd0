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
#include <QPushButton>
#include <QSpinBox>

namespace Sandpiper::Ui {

using Models::PlotExport;

PlotExportDialog::PlotExportDialog(int figure, QWidget *parent)
    : QDialog(parent)
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
{
    setObjectName(QStringLiteral("PlotExportDialog"));
    setWindowTitle(tr("Export Figure %1").arg(figure));
    m_format->setObjectName(QStringLiteral("PlotExportFormat"));
    m_format->addItem(tr("PNG image"), QStringLiteral("png"));
    m_format->addItem(tr("JPEG image"), QStringLiteral("jpeg"));
    m_format->addItem(tr("SVG (vector)"), QStringLiteral("svg"));
    m_format->addItem(tr("PDF (vector)"), QStringLiteral("pdf"));
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
    m_destination->setPlaceholderText(tr("Keep it in the workspace only"));
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
    auto form = new QFormLayout;
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("Size:"), size);
    form->addRow(tr("Resolution (DPI):"), m_dpi);
    form->addRow(tr("File in the workspace:"), m_fileName);
    form->addRow(tr("Then save a copy as:"), destination);
    form->addRow(tr("Result:"), m_result);
    auto layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_line);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    PlotExport defaults;
    defaults.fileName = QStringLiteral("figure-%1.png").arg(figure);
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

void PlotExportDialog::onFormatChanged()
{
    // The file name follows the format while it ends with one of ours.
    const QString name = m_fileName->text();
    const QString ext = QFileInfo(name).suffix().toLower();
    for (const char *known : {"png", "jpg", "svg", "pdf"}) {
        if (ext == QLatin1String(known)) {
            m_fileName->setText(name.left(name.size() - ext.size())
                                + PlotExport::extension(m_format->currentData().toString()));
            break;
        }
    }
    updatePreview();
}

void PlotExportDialog::updatePreview()
{
    const PlotExport chosen = options();
    m_result->setText(chosen.resultText());
    m_line->setText(code());
    const QString problem = chosen.problem();
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

void PlotExportDialog::chooseDestination()
{
    const QString start = m_destination->text().isEmpty()
                                  ? QDir::home().filePath(QFileInfo(m_fileName->text()).fileName())
                                  : m_destination->text();
    const QString path = QFileDialog::getSaveFileName(this, tr("Save a Copy As"), start);
    if (!path.isEmpty())
        m_destination->setText(QDir::toNativeSeparators(path));
}

PlotExport PlotExportDialog::options() const
{
    PlotExport chosen;
    chosen.format = m_format->currentData().toString();
    chosen.fileName = m_fileName->text().trimmed();
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
