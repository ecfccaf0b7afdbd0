#include "tableexportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace Sandpiper::Ui {

using Models::TableExport;
using Format = TableExport::Format;

namespace {

enum Page { DelimitedPage, ExcelPage, JsonPage, ParquetPage, NoOptionsPage };

Page pageFor(Format format)
{
    switch (format) {
    case Format::Csv:
    case Format::Tsv:
        return DelimitedPage;
    case Format::Excel:
        return ExcelPage;
    case Format::Json:
        return JsonPage;
    case Format::Parquet:
        return ParquetPage;
    case Format::Html:
    case Format::Markdown:
        break;
    }
    return NoOptionsPage;
}

QComboBox *choices(QWidget *parent,
                   const QString &objectName,
                   const QList<std::pair<QString, QVariant>> &items)
{
    auto box = new QComboBox(parent);
    box->setObjectName(objectName);
    for (const auto &[text, value] : items)
        box->addItem(text, value);
    return box;
}

void select(QComboBox *box, const QVariant &value)
{
    const int index = box->findData(value);
    if (index >= 0)
        box->setCurrentIndex(index);
}

} // namespace

TableExportDialog::TableExportDialog(const QString &expression, QWidget *parent)
    : QDialog(parent)
    , m_expression(expression)
    , m_format(choices(this,
                       QStringLiteral("ExportFormat"),
                       {{tr("CSV (comma-separated)"), int(Format::Csv)},
                        {tr("TSV (tab-separated)"), int(Format::Tsv)},
                        {tr("Excel workbook (.xlsx)"), int(Format::Excel)},
                        {tr("JSON"), int(Format::Json)},
                        {tr("Parquet (columnar, compressed)"), int(Format::Parquet)},
                        {tr("HTML table"), int(Format::Html)},
                        {tr("Markdown table"), int(Format::Markdown)}}))
    , m_rows(new QComboBox(this))
    , m_fileName(new QLineEdit(this))
    , m_index(new QCheckBox(tr("Write the index"), this))
    , m_pages(new QStackedWidget(this))
    , m_destination(new QLineEdit(this))
    , m_preview(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("TableExportDialog"));
    setWindowTitle(tr("Export “%1”").arg(expression));
    m_fileName->setObjectName(QStringLiteral("ExportFileName"));
    m_index->setObjectName(QStringLiteral("ExportIndex"));
    m_destination->setObjectName(QStringLiteral("ExportDestination"));
    m_destination->setPlaceholderText(tr("Keep it in the workspace only"));
    m_destination->setClearButtonEnabled(true);

    // CSV and TSV
    auto delimited = new QWidget(m_pages);
    m_separator = choices(delimited,
                          QStringLiteral("ExportSeparator"),
                          {{tr("Comma ,"), QStringLiteral(",")},
                           {tr("Semicolon ;"), QStringLiteral(";")},
                           {tr("Pipe |"), QStringLiteral("|")}});
    m_encoding = choices(delimited,
                         QStringLiteral("ExportEncoding"),
                         {{tr("UTF-8"), QStringLiteral("utf-8")},
                          {tr("UTF-8 with BOM (for Excel)"), QStringLiteral("utf-8-sig")},
                          {tr("GBK (Simplified Chinese)"), QStringLiteral("gbk")},
                          {tr("Latin-1 (Western European)"), QStringLiteral("latin-1")}});
    m_decimal = choices(
            delimited,
            QStringLiteral("ExportDecimal"),
            {{tr("Point: 1.5"), QStringLiteral(".")}, {tr("Comma: 1,5"), QStringLiteral(",")}});
    m_quoting = choices(delimited,
                        QStringLiteral("ExportQuoting"),
                        {{tr("Only where needed"), QStringLiteral("minimal")},
                         {tr("Every field"), QStringLiteral("all")},
                         {tr("Every text field"), QStringLiteral("nonnumeric")},
                         {tr("Never"), QStringLiteral("none")}});
    auto delimitedForm = new QFormLayout(delimited);
    delimitedForm->addRow(tr("Separator:"), m_separator);
    delimitedForm->addRow(tr("Encoding:"), m_encoding);
    delimitedForm->addRow(tr("Decimal mark:"), m_decimal);
    delimitedForm->addRow(tr("Quotes:"), m_quoting);
    m_pages->addWidget(delimited);

    // Excel
    auto excel = new QWidget(m_pages);
    m_sheet = new QLineEdit(QStringLiteral("Sheet1"), excel);
    m_sheet->setObjectName(QStringLiteral("ExportSheet"));
    m_sheet->setMaxLength(31);
    m_freeze = new QCheckBox(tr("Freeze the header row"), excel);
    m_freeze->setChecked(true);
    m_autofit = new QCheckBox(tr("Fit column widths to their contents"), excel);
    m_autofit->setChecked(true);
    m_tooManyRows = choices(excel,
                            QStringLiteral("ExportTooManyRows"),
                            {{tr("Continue on more sheets"), true}, {tr("Refuse"), false}});
    auto excelForm = new QFormLayout(excel);
    excelForm->addRow(tr("Sheet name:"), m_sheet);
    excelForm->addRow(QString(), m_freeze);
    excelForm->addRow(QString(), m_autofit);
    excelForm->addRow(tr("Past 1,048,575 rows:"), m_tooManyRows);
    m_pages->addWidget(excel);

    // JSON
    auto json = new QWidget(m_pages);
    m_orient = choices(json,
                       QStringLiteral("ExportOrient"),
                       {{tr("Records: a list of rows"), QStringLiteral("records")},
                        {tr("JSON Lines: a row per line"), QStringLiteral("lines")},
                        {tr("Table: with its schema and index"), QStringLiteral("table")},
                        {tr("Columns: a map per column"), QStringLiteral("columns")},
                        {tr("Split: columns, index and data apart"), QStringLiteral("split")}});
    auto jsonForm = new QFormLayout(json);
    jsonForm->addRow(tr("Layout:"), m_orient);
    m_pages->addWidget(json);

    // Parquet
    auto parquet = new QWidget(m_pages);
    m_compression = choices(parquet,
                            QStringLiteral("ExportCompression"),
                            {{tr("Zstandard: small, fast to read"), QStringLiteral("zstd")},
                             {tr("Snappy: what older readers expect"), QStringLiteral("snappy")},
                             {tr("None"), QStringLiteral("none")}});
    auto parquetForm = new QFormLayout(parquet);
    parquetForm->addRow(tr("Compression:"), m_compression);
    m_pages->addWidget(parquet);
    m_pages->addWidget(new QWidget(m_pages));

    auto browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName(QStringLiteral("ExportBrowse"));
    connect(browse, &QPushButton::clicked, this, &TableExportDialog::chooseDestination);
    auto destinationRow = new QHBoxLayout;
    destinationRow->addWidget(m_destination, 1);
    destinationRow->addWidget(browse);

    m_preview->setObjectName(QStringLiteral("ExportPreview"));
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_preview->setWordWrap(true);
    m_preview->setToolTip(tr("The line the session runs; it shows in the console."));
    m_problem->setObjectName(QStringLiteral("ExportProblem"));
    m_problem->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_rows->setObjectName(QStringLiteral("ExportRows"));
    m_rows->addItem(tr("The whole table"), expression);
    auto form = new QFormLayout;
    form->addRow(tr("Rows:"), m_rows);
    form->setRowVisible(m_rows, false);
    m_rowsForm = form;
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("File in the workspace:"), m_fileName);
    form->addRow(QString(), m_index);
    auto layout = new QVBoxLayout(this);
    layout->addLayout(form);
    m_optionsBox = new QGroupBox(tr("Options"), this);
    auto optionsLayout = new QVBoxLayout(m_optionsBox);
    optionsLayout->setContentsMargins(0, 0, 0, 0);
    optionsLayout->addWidget(m_pages);
    layout->addWidget(m_optionsBox);
    auto copyForm = new QFormLayout;
    copyForm->addRow(tr("Then save a copy as:"), destinationRow);
    layout->addLayout(copyForm);
    layout->addWidget(m_preview);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    m_index->setChecked(true);
    m_fileName->setText(TableExport::suggestedFileName(expression, Format::Csv));
    connect(m_format, &QComboBox::currentIndexChanged, this, &TableExportDialog::onFormatChanged);
    for (QComboBox *box : {m_rows,
                           m_separator,
                           m_encoding,
                           m_decimal,
                           m_quoting,
                           m_tooManyRows,
                           m_orient,
                           m_compression})
        connect(box, &QComboBox::currentIndexChanged, this, &TableExportDialog::updatePreview);
    for (QLineEdit *edit : {m_fileName, m_sheet, m_destination})
        connect(edit, &QLineEdit::textChanged, this, &TableExportDialog::updatePreview);
    for (QCheckBox *box : {m_index, m_freeze, m_autofit})
        connect(box, &QCheckBox::toggled, this, &TableExportDialog::updatePreview);
    onFormatChanged();
    resize(520, sizeHint().height());
}

void TableExportDialog::onFormatChanged()
{
    const auto format = Format(m_format->currentData().toInt());
    m_pages->setCurrentIndex(pageFor(format));
    // The options box fits the current page, not the largest one.
    for (int page = 0; page < m_pages->count(); ++page) {
        const auto policy = page == pageFor(format) ? QSizePolicy::Preferred : QSizePolicy::Ignored;
        m_pages->widget(page)->setSizePolicy(policy, policy);
    }
    m_pages->updateGeometry();
    m_optionsBox->setVisible(pageFor(format) != NoOptionsPage);
    m_optionsBox->setTitle(tr("%1 options").arg(m_format->currentText().section(u' ', 0, 0)));
    m_separator->setEnabled(format == Format::Csv);
    // The file name follows the format while it ends with one of ours.
    const QString name = m_fileName->text();
    const QString ext = name.section(u'.', -1).toLower();
    for (int i = 0; i < m_format->count(); ++i) {
        if (ext == TableExport::extension(Format(m_format->itemData(i).toInt()))) {
            m_fileName->setText(name.left(name.size() - ext.size())
                                + TableExport::extension(format));
            break;
        }
    }
    updatePreview();
}

void TableExportDialog::chooseDestination()
{
    const TableExport chosen = options();
    const QString start = m_destination->text().isEmpty()
                                  ? QDir::home().filePath(QFileInfo(chosen.fileName).fileName())
                                  : m_destination->text();
    const QString path = QFileDialog::getSaveFileName(this, tr("Save a Copy As"), start);
    if (!path.isEmpty())
        m_destination->setText(QDir::toNativeSeparators(path));
}

void TableExportDialog::updatePreview()
{
    const TableExport chosen = options();
    m_preview->setText(code());
    const QString problem = chosen.problem();
    // Red that reads on the light and the dark scheme alike.
    QPalette warning = palette();
    const bool dark = warning.color(QPalette::Window).lightness() < 128;
    warning.setColor(QPalette::WindowText,
                     dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28));
    m_problem->setPalette(warning);
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

void TableExportDialog::setRowChoices(const QList<std::pair<QString, QString>> &choices)
{
    for (const auto &[label, expression] : choices)
        m_rows->addItem(label, expression);
    m_rowsForm->setRowVisible(m_rows, m_rows->count() > 1);
}

QString TableExportDialog::code() const
{
    return options().code(m_rows->currentData().toString());
}

TableExport TableExportDialog::options() const
{
    TableExport chosen;
    chosen.format = Format(m_format->currentData().toInt());
    chosen.fileName = m_fileName->text().trimmed();
    chosen.index = m_index->isChecked();
    chosen.separator = chosen.format == Format::Tsv ? QStringLiteral("\t")
                                                    : m_separator->currentData().toString();
    chosen.encoding = m_encoding->currentData().toString();
    chosen.decimal = m_decimal->currentData().toString();
    chosen.quoting = m_quoting->currentData().toString();
    chosen.sheetName = m_sheet->text();
    chosen.freezeHeader = m_freeze->isChecked();
    chosen.autofit = m_autofit->isChecked();
    chosen.splitRows = m_tooManyRows->currentData().toBool();
    chosen.orient = m_orient->currentData().toString();
    chosen.compression = m_compression->currentData().toString();
    return chosen;
}

void TableExportDialog::setOptions(const TableExport &chosen)
{
    select(m_format, int(chosen.format));
    m_fileName->setText(chosen.fileName);
    m_index->setChecked(chosen.index);
    select(m_separator, chosen.separator);
    select(m_encoding, chosen.encoding);
    select(m_decimal, chosen.decimal);
    select(m_quoting, chosen.quoting);
    m_sheet->setText(chosen.sheetName);
    m_freeze->setChecked(chosen.freezeHeader);
    m_autofit->setChecked(chosen.autofit);
    select(m_tooManyRows, chosen.splitRows);
    select(m_orient, chosen.orient);
    select(m_compression, chosen.compression);
    updatePreview();
}

QString TableExportDialog::destination() const
{
    return m_destination->text().trimmed();
}

void TableExportDialog::setDestination(const QString &path)
{
    m_destination->setText(path);
}

} // namespace Sandpiper::Ui
