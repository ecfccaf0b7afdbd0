#include "importdialog.h"

#include <abstractsession.h>
#include <datarequest.h>
#include <importpreview.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace Sandpiper::Ui {

using namespace Protocol;

namespace {

// A choice's value travels in the item's data; an editable box also takes what is typed.
void addChoices(QComboBox *box, const QList<std::pair<QString, QString>> &choices)
{
    for (const auto &[label, value] : choices)
        box->addItem(label, value);
}

QString valueOf(const QComboBox *box)
{
    const int index = box->findText(box->currentText());
    if (index >= 0)
        return box->itemData(index).toString();
    return box->isEditable() ? box->currentText() : box->currentData().toString();
}

void showValue(QComboBox *box, const QString &value)
{
    int index = box->findData(value);
    if (index < 0) {
        // A value the engine found that the list lacks (an unusual delimiter or codec).
        box->addItem(value, value);
        index = box->count() - 1;
    }
    box->setCurrentIndex(index);
}

const QStringList &dtypes()
{
    static const QStringList list = {QStringLiteral("auto"),
                                     QStringLiteral("int"),
                                     QStringLiteral("float"),
                                     QStringLiteral("bool"),
                                     QStringLiteral("datetime"),
                                     QStringLiteral("category"),
                                     QStringLiteral("text")};
    return list;
}

// Columns of the column table.
enum ColumnField { KeepField, NameField, RenameField, TypeField };

// Choices that change which columns the file has: column settings made before no longer apply.
bool reshapes(QLatin1StringView key)
{
    return key == ImportKey::Format || key == ImportKey::Encoding || key == ImportKey::Delimiter
           || key == ImportKey::Quotechar || key == ImportKey::SkipRows || key == ImportKey::Header
           || key == ImportKey::Sheet || key == ImportKey::JsonOrient;
}

} // namespace

ImportDialog::ImportDialog(Client::AbstractSession *tools,
                           const QString &filePath,
                           const QString &workspaceName,
                           const QStringList &variables,
                           QWidget *parent)
    : QDialog(parent)
    , m_tools(tools)
    , m_filePath(filePath)
    , m_workspaceName(workspaceName)
    , m_variables(variables)
    , m_debounce(new QTimer(this))
    , m_watchdog(new QTimer(this))
{
    setObjectName(QStringLiteral("ImportDialog"));
    setWindowTitle(tr("Import %1 as DataFrame").arg(QFileInfo(workspaceName).fileName()));
    // Typing coalesces into one preview; a preview takes the engine tens of milliseconds.
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(40);
    connect(m_debounce, &QTimer::timeout, this, &ImportDialog::requestPreview);
    m_watchdog->setSingleShot(true);
    m_watchdog->setInterval(PreviewTimeoutMs);
    connect(m_watchdog, &QTimer::timeout, this, [this] {
        if (!m_fetch || !m_tools)
            return;
        m_timedOut = true;
        m_again = false;
        m_tools->restart(); // the request fails, and onPreview says why
    });

    auto layout = new QVBoxLayout(this);
    m_file = new QLabel(tr("Reading %1…").arg(workspaceName));
    m_file->setTextFormat(Qt::PlainText);
    layout->addWidget(m_file);

    auto splitter = new QSplitter(Qt::Horizontal);
    auto optionsBox = new QGroupBox(tr("How to read it"));
    auto form = new QFormLayout(optionsBox);
    buildOptions(form);
    splitter->addWidget(optionsBox);

    auto right = new QSplitter(Qt::Vertical);
    m_model = new Models::ImportPreview(this);
    m_preview = new QTableView;
    m_preview->setObjectName(QStringLiteral("ImportPreview"));
    m_preview->setModel(m_model);
    m_preview->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_preview->verticalHeader()->setDefaultSectionSize(m_preview->fontMetrics().height() + 6);
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto previewBox = new QWidget;
    auto previewLayout = new QVBoxLayout(previewBox);
    previewLayout->setContentsMargins(0, 0, 0, 0);
    previewLayout->addWidget(m_preview, 1);
    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("ImportMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    previewLayout->addWidget(m_message);
    right->addWidget(previewBox);

    m_columns = new QTableWidget(0, 4);
    m_columns->setObjectName(QStringLiteral("ImportColumns"));
    m_columns->setHorizontalHeaderLabels({tr("Keep"), tr("Column"), tr("Rename to"), tr("Type")});
    m_columns->verticalHeader()->hide();
    m_columns->horizontalHeader()->setStretchLastSection(true);
    m_columns->setSelectionMode(QAbstractItemView::NoSelection);
    connect(m_columns, &QTableWidget::itemChanged, this, [this] { chooseColumns(); });
    right->addWidget(m_columns);

    auto codeBox = new QWidget;
    auto codeLayout = new QVBoxLayout(codeBox);
    codeLayout->setContentsMargins(0, 0, 0, 0);
    auto codeHeader = new QHBoxLayout;
    codeHeader->addWidget(new QLabel(tr("Code that runs (you may edit it):")), 1);
    m_resetCode = new QPushButton(tr("Reset Code"));
    m_resetCode->setEnabled(false);
    connect(m_resetCode, &QPushButton::clicked, this, [this] {
        m_codeEdited = false;
        m_code->setPlainText(m_generatedCode);
        m_codeEdited = false;
        updateState();
    });
    codeHeader->addWidget(m_resetCode);
    codeLayout->addLayout(codeHeader);
    m_code = new QPlainTextEdit;
    m_code->setObjectName(QStringLiteral("ImportCode"));
    m_code->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_code->setLineWrapMode(QPlainTextEdit::NoWrap);
    connect(m_code, &QPlainTextEdit::textChanged, this, [this] {
        if (m_showing)
            return;
        m_codeEdited = m_code->toPlainText() != m_generatedCode;
        updateState();
    });
    codeLayout->addWidget(m_code);
    right->addWidget(codeBox);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 1);
    right->setStretchFactor(2, 1);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    auto nameRow = new QHBoxLayout;
    nameRow->addWidget(new QLabel(tr("Variable &name:")));
    m_name = new QLineEdit(Models::VariableNaming::suggestedName(workspaceName, variables));
    m_name->setObjectName(QStringLiteral("ImportName"));
    m_name->setMaxLength(255);
    qobject_cast<QLabel *>(nameRow->itemAt(0)->widget())->setBuddy(m_name);
    nameRow->addWidget(m_name);
    m_replace = new QCheckBox(tr("Replace the existing variable"));
    m_replace->setVisible(false);
    nameRow->addWidget(m_replace);
    m_nameProblem = new QLabel;
    m_nameProblem->setStyleSheet(QStringLiteral("color: #c62828;"));
    nameRow->addWidget(m_nameProblem, 1);
    layout->addLayout(nameRow);
    connect(m_name, &QLineEdit::textChanged, this, [this] {
        m_replace->setChecked(false);
        choose(ImportKey::Variable);
    });
    connect(m_replace, &QCheckBox::toggled, this, &ImportDialog::updateState);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_importButton = m_buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_insertButton = m_buttons->addButton(tr("Insert &Code"), QDialogButtonBox::ActionRole);
    m_importButton->setDefault(true);
    connect(m_importButton, &QPushButton::clicked, this, [this] { finishWith(Action::Import); });
    connect(m_insertButton, &QPushButton::clicked, this, [this] {
        finishWith(Action::InsertCode);
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);

    resize(1100, 720);
    updateState();
    requestPreview();
}

ImportDialog::~ImportDialog()
{
    if (m_fetch)
        m_fetch->cancel();
}

void ImportDialog::buildOptions(QFormLayout *form)
{
    const auto combo = [this, form](const QString &label,
                                    QLatin1StringView key,
                                    const QList<std::pair<QString, QString>> &choices,
                                    bool editable = false) {
        auto box = new QComboBox;
        box->setObjectName(QStringLiteral("Import_%1").arg(key));
        addChoices(box, choices);
        box->setEditable(editable);
        if (editable)
            box->setInsertPolicy(QComboBox::NoInsert);
        connect(box, &QComboBox::currentTextChanged, this, [this, key] { choose(key); });
        form->addRow(label, box);
        return box;
    };
    m_format = combo(tr("&Format:"),
                     ImportKey::Format,
                     {{tr("Delimited text (CSV, TSV, TXT)"), QStringLiteral("csv")},
                      {tr("Excel or OpenDocument sheet"), QStringLiteral("excel")},
                      {tr("JSON or JSON Lines"), QStringLiteral("json")},
                      {tr("Parquet"), QStringLiteral("parquet")}});
    m_encoding = combo(tr("&Encoding:"),
                       ImportKey::Encoding,
                       {{tr("UTF-8"), QStringLiteral("utf-8")},
                        {tr("UTF-8 with BOM"), QStringLiteral("utf-8-sig")},
                        {tr("UTF-16"), QStringLiteral("utf-16")},
                        {tr("Chinese, simplified (GBK, GB18030)"), QStringLiteral("gb18030")},
                        {tr("Chinese, traditional (Big5)"), QStringLiteral("big5")},
                        {tr("Japanese (Shift-JIS)"), QStringLiteral("shift_jis")},
                        {tr("Western (Windows-1252)"), QStringLiteral("cp1252")},
                        {tr("Western (Latin-1)"), QStringLiteral("latin-1")}},
                       true);
    m_delimiter = combo(tr("&Delimiter:"),
                        ImportKey::Delimiter,
                        {{tr("Comma ,"), QStringLiteral(",")},
                         {tr("Semicolon ;"), QStringLiteral(";")},
                         {tr("Tab"), QStringLiteral("\t")},
                         {tr("Pipe |"), QStringLiteral("|")},
                         {tr("Space"), QStringLiteral(" ")}},
                        true);
    m_quote = combo(tr("&Quote:"),
                    ImportKey::Quotechar,
                    {{tr("Double \""), QStringLiteral("\"")},
                     {tr("Single '"), QStringLiteral("'")},
                     {tr("None"), QString()}});
    m_escape = combo(
            tr("E&scape:"),
            ImportKey::Escapechar,
            {{tr("None (quotes doubled)"), QString()}, {tr("Backslash \\"), QStringLiteral("\\")}});
    m_decimal = combo(
            tr("Decimal &mark:"),
            ImportKey::Decimal,
            {{tr("Point 1.5"), QStringLiteral(".")}, {tr("Comma 1,5"), QStringLiteral(",")}});
    m_thousands = combo(tr("&Thousands:"),
                        ImportKey::Thousands,
                        {{tr("None"), QString()},
                         {tr("Comma 1,000"), QStringLiteral(",")},
                         {tr("Point 1.000"), QStringLiteral(".")},
                         {tr("Space 1 000"), QStringLiteral(" ")},
                         {tr("Apostrophe 1'000"), QStringLiteral("'")}});
    m_skipRows = new QSpinBox;
    m_skipRows->setObjectName(QStringLiteral("Import_skip_rows"));
    m_skipRows->setRange(0, 1'000'000);
    connect(m_skipRows, &QSpinBox::valueChanged, this, [this] { choose(ImportKey::SkipRows); });
    form->addRow(tr("S&kip lines:"), m_skipRows);
    m_header = new QCheckBox(tr("First row holds the column &names"));
    m_header->setObjectName(QStringLiteral("Import_header"));
    connect(m_header, &QCheckBox::toggled, this, [this] { choose(ImportKey::Header); });
    form->addRow(QString(), m_header);
    m_comment = combo(tr("C&omments:"),
                      ImportKey::Comment,
                      {{tr("None"), QString()},
                       {tr("# lines"), QStringLiteral("#")},
                       {tr("% lines"), QStringLiteral("%")},
                       {tr("; lines"), QStringLiteral(";")}});
    m_naValues = new QLineEdit;
    m_naValues->setObjectName(QStringLiteral("Import_na_values"));
    m_naValues->setPlaceholderText(tr("e.g. NA, n/a, -"));
    m_naValues->setToolTip(tr("Texts that mean a missing value, separated by commas, besides "
                              "pandas' own (empty, NA, NaN, null…)."));
    connect(m_naValues, &QLineEdit::textEdited, this, [this] { choose(ImportKey::NaValues); });
    form->addRow(tr("Missing &values:"), m_naValues);
    m_sheet = combo(tr("S&heet:"), ImportKey::Sheet, {});
    m_orient = combo(tr("&JSON layout:"),
                     ImportKey::JsonOrient,
                     {{tr("One object per line (JSON Lines)"), QStringLiteral("lines")},
                      {tr("List of records"), QStringLiteral("records")},
                      {tr("Columns"), QStringLiteral("columns")},
                      {tr("Index"), QStringLiteral("index")},
                      {tr("Split"), QStringLiteral("split")},
                      {tr("Values"), QStringLiteral("values")}});
    m_badLines = combo(tr("&Bad lines:"),
                       ImportKey::OnBadLines,
                       {{tr("Stop with an error"), QStringLiteral("error")},
                        {tr("Skip them"), QStringLiteral("skip")},
                        {tr("Skip them and warn"), QStringLiteral("warn")}});
    m_rowLimit = new QSpinBox;
    m_rowLimit->setObjectName(QStringLiteral("Import_nrows"));
    m_rowLimit->setRange(0, std::numeric_limits<int>::max());
    m_rowLimit->setSpecialValueText(tr("All rows"));
    m_rowLimit->setGroupSeparatorShown(true);
    m_rowLimit->setSingleStep(1000);
    connect(m_rowLimit, &QSpinBox::valueChanged, this, [this] { choose(ImportKey::Nrows); });
    form->addRow(tr("&Read:"), m_rowLimit);
}

void ImportDialog::choose(QLatin1StringView key)
{
    if (m_showing)
        return;
    const QString name(key);
    if (key == ImportKey::Format) {
        // Another format: everything else is sniffed again for it.
        m_chosen.clear();
    } else if (reshapes(key)) {
        m_chosen.remove(QString(ImportKey::Columns));
    }
    m_chosen.insert(name);
    m_debounce->start();
    updateState();
}

void ImportDialog::chooseColumns()
{
    if (m_showing)
        return;
    m_chosen.insert(QString(ImportKey::Columns));
    m_debounce->start();
    updateState();
}

ImportOptions ImportDialog::optionsShown() const
{
    ImportOptions options;
    options.format = valueOf(m_format);
    options.encoding = valueOf(m_encoding).trimmed();
    QString delimiter = valueOf(m_delimiter);
    if (delimiter == QLatin1StringView("\\t"))
        delimiter = QStringLiteral("\t");
    options.delimiter = delimiter;
    options.quotechar = valueOf(m_quote);
    options.escapechar = valueOf(m_escape);
    options.decimal = valueOf(m_decimal);
    options.thousands = valueOf(m_thousands);
    options.skipRows = m_skipRows->value();
    options.header = m_header->isChecked();
    options.comment = valueOf(m_comment);
    for (const QString &marker : m_naValues->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!marker.trimmed().isEmpty())
            options.naValues.append(marker.trimmed());
    }
    options.naValues = options.naValues.mid(0, MaxImportWarnings);
    options.sheet = valueOf(m_sheet);
    options.jsonOrient = valueOf(m_orient);
    options.nrows = m_rowLimit->value();
    options.onBadLines = valueOf(m_badLines);
    options.variable = variableName();
    options.columns = columnsShown();
    return options;
}

QList<ImportColumn> ImportDialog::columnsShown() const
{
    QList<ImportColumn> columns;
    for (int row = 0; row < m_columns->rowCount(); ++row) {
        ImportColumn column;
        column.name = m_columns->item(row, NameField)->data(Qt::UserRole).toString();
        column.keep = m_columns->item(row, KeepField)->checkState() == Qt::Checked;
        column.rename = m_columns->item(row, RenameField)->text().trimmed();
        if (column.rename == column.name)
            column.rename.clear();
        auto type = qobject_cast<QComboBox *>(m_columns->cellWidget(row, TypeField));
        column.dtype = type ? type->currentData().toString() : QStringLiteral("auto");
        column.format = m_columns->item(row, TypeField)
                                ? m_columns->item(row, TypeField)->data(Qt::UserRole).toString()
                                : QString();
        columns.append(column);
    }
    return columns;
}

void ImportDialog::requestPreview()
{
    if (!m_tools)
        return;
    if (m_fetch) {
        // One preview at a time: the engine reads the newest choices when this one is back.
        m_again = true;
        return;
    }
    SniffRequest request;
    request.path = m_filePath;
    request.name = m_workspaceName;
    QStringList keys(m_chosen.cbegin(), m_chosen.cend());
    keys.removeAll(QString(ImportKey::Variable));
    // A name being typed that is not one yet is not the engine's to judge.
    if (Models::VariableNaming::problem(variableName()).isEmpty())
        keys.append(QString(ImportKey::Variable));
    request.options = optionsShown().toCbor(keys);
    request.rows = MaxImportRows;
    m_fetch = m_tools->sniff(request);
    m_watchdog->start();
    connect(m_fetch, &Client::SniffFetch::finished, this, &ImportDialog::onPreview);
    updateState();
}

void ImportDialog::onPreview(const SniffResult &incoming)
{
    m_fetch.clear();
    m_watchdog->stop();
    SniffResult result = incoming;
    if (std::exchange(m_timedOut, false)) {
        result.error = tr("Reading the file took longer than %1 s, so it was stopped. Check the "
                          "file, or change an option to try again.")
                               .arg(m_watchdog->interval() / 1000.0);
    }
    if (m_again) {
        m_again = false;
        requestPreview();
        return;
    }
    m_result = result;
    m_showing = true;
    // A reply without options (the engine refused the request, or died) says why and leaves
    // the user's choices where they were.
    if (!result.options.format.isEmpty()) {
        showOptions(result.options, result.sheets);
        showColumns(result.options.columns, result.columns);
    }
    m_model->setResult(result);
    m_generatedCode = result.code;
    if (!m_codeEdited)
        m_code->setPlainText(result.code);
    m_showing = false;

    const QLocale locale;
    const QString size = locale.formattedDataSize(result.bytes);
    if (!result.error.isEmpty())
        m_file->setText(tr("%1 (%2)").arg(m_workspaceName, size));
    else if (result.more)
        m_file->setText(tr("%1 (%2): the first %3 rows of more")
                                .arg(m_workspaceName, size, locale.toString(result.rows.size())));
    else
        m_file->setText(tr("%1 (%2): all %3 rows")
                                .arg(m_workspaceName, size, locale.toString(result.rows.size())));
    QStringList lines;
    if (!result.error.isEmpty())
        lines.append(result.error);
    lines.append(result.warnings.mid(0, 5));
    if (result.warnings.size() > 5)
        lines.append(tr("(%1 more warnings)").arg(result.warnings.size() - 5));
    m_message->setText(lines.join(QLatin1Char('\n')));
    m_message->setStyleSheet(result.error.isEmpty() ? QStringLiteral("color: #b26a00;")
                                                    : QStringLiteral("color: #c62828;"));
    m_preview->resizeColumnsToContents();
    for (int column = 0; column < m_model->columnCount(); ++column)
        m_preview->setColumnWidth(column, std::min(m_preview->columnWidth(column), 260));
    updateState();
    Q_EMIT previewed();
}

void ImportDialog::showOptions(const ImportOptions &options, const QStringList &sheets)
{
    showValue(m_format, options.format);
    showValue(m_encoding, options.encoding);
    showValue(m_delimiter, options.delimiter);
    showValue(m_quote, options.quotechar);
    showValue(m_escape, options.escapechar);
    showValue(m_decimal, options.decimal.isEmpty() ? QStringLiteral(".") : options.decimal);
    showValue(m_thousands, options.thousands);
    m_skipRows->setValue(int(std::min<qint64>(options.skipRows, m_skipRows->maximum())));
    m_header->setChecked(options.header);
    showValue(m_comment, options.comment);
    if (!m_chosen.contains(QString(ImportKey::NaValues)))
        m_naValues->setText(options.naValues.join(QStringLiteral(", ")));
    m_sheet->clear();
    for (const QString &sheet : sheets)
        m_sheet->addItem(sheet, sheet);
    if (!options.sheet.isEmpty())
        showValue(m_sheet, options.sheet);
    showValue(m_orient,
              options.jsonOrient.isEmpty() ? QStringLiteral("records") : options.jsonOrient);
    showValue(m_badLines,
              options.onBadLines.isEmpty() ? QStringLiteral("error") : options.onBadLines);
    m_rowLimit->setValue(int(std::min<qint64>(options.nrows, m_rowLimit->maximum())));

    // Only what applies to the format is shown enabled.
    const bool text = options.format == QLatin1StringView("csv");
    for (QWidget *widget : {static_cast<QWidget *>(m_encoding),
                            static_cast<QWidget *>(m_delimiter),
                            static_cast<QWidget *>(m_quote),
                            static_cast<QWidget *>(m_escape),
                            static_cast<QWidget *>(m_decimal),
                            static_cast<QWidget *>(m_thousands),
                            static_cast<QWidget *>(m_comment),
                            static_cast<QWidget *>(m_badLines)})
        widget->setEnabled(text);
    m_skipRows->setEnabled(text || options.format == QLatin1StringView("excel"));
    m_header->setEnabled(text || options.format == QLatin1StringView("excel"));
    m_sheet->setEnabled(options.format == QLatin1StringView("excel"));
    m_naValues->setEnabled(text || options.format == QLatin1StringView("excel"));
    m_orient->setEnabled(options.format == QLatin1StringView("json"));
}

void ImportDialog::showColumns(const QList<ImportColumn> &columns, const QList<ImportColumn> &read)
{
    // What "Automatic" chose for each column, by its final name.
    QHash<QString, QString> readTypes;
    for (const ImportColumn &column : read)
        readTypes.insert(column.name, column.dtype);
    const QSignalBlocker blocker(m_columns);
    bool sameRows = columns.size() == m_columns->rowCount();
    for (int row = 0; row < columns.size() && sameRows; ++row)
        sameRows = m_columns->item(row, NameField)->data(Qt::UserRole).toString()
                   == columns[row].name;
    if (sameRows && m_chosen.contains(QString(ImportKey::Columns)))
        return; // the user is editing these rows
    // The same columns again (most choices keep them): the rows are updated where they are,
    // so a wide file does not rebuild a type box per column on every change.
    if (!sameRows) {
        m_columns->setRowCount(0);
        m_columns->setRowCount(int(columns.size()));
    }
    for (int row = 0; row < columns.size(); ++row) {
        const ImportColumn &column = columns[row];
        if (!sameRows)
            addColumnRow(row, column.name);
        m_columns->item(row, KeepField)->setCheckState(column.keep ? Qt::Checked : Qt::Unchecked);
        m_columns->item(row, RenameField)->setText(column.rename);
        m_columns->item(row, TypeField)->setData(Qt::UserRole, column.format);
        auto type = qobject_cast<QComboBox *>(m_columns->cellWidget(row, TypeField));
        const QSignalBlocker typeBlocker(type);
        const QString chosen
                = readTypes.value(column.rename.isEmpty() ? column.name : column.rename);
        type->setItemText(
                0,
                chosen.isEmpty()
                        ? Models::ImportPreview::typeLabel(QStringLiteral("auto"))
                        : tr("Automatic (%1)").arg(Models::ImportPreview::typeLabel(chosen)));
        type->setCurrentIndex(std::max<int>(0, type->findData(column.dtype)));
    }
    if (!sameRows)
        m_columns->resizeColumnsToContents();
}

void ImportDialog::addColumnRow(int row, const QString &columnName)
{
    auto keep = new QTableWidgetItem;
    keep->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
    m_columns->setItem(row, KeepField, keep);
    auto name = new QTableWidgetItem(columnName);
    name->setData(Qt::UserRole, columnName);
    name->setFlags(Qt::ItemIsEnabled);
    m_columns->setItem(row, NameField, name);
    auto rename = new QTableWidgetItem;
    rename->setFlags(Qt::ItemIsEnabled | Qt::ItemIsEditable);
    m_columns->setItem(row, RenameField, rename);
    auto typeItem = new QTableWidgetItem;
    typeItem->setFlags(Qt::ItemIsEnabled);
    m_columns->setItem(row, TypeField, typeItem);
    auto type = new QComboBox;
    for (const QString &dtype : dtypes())
        type->addItem(Models::ImportPreview::typeLabel(dtype), dtype);
    connect(type, &QComboBox::currentIndexChanged, this, [this] { chooseColumns(); });
    m_columns->setCellWidget(row, TypeField, type);
}

QString ImportDialog::code() const
{
    return m_code->toPlainText();
}

QString ImportDialog::variableName() const
{
    return m_name->text().trimmed();
}

void ImportDialog::updateState()
{
    const QString name = variableName();
    QString problem = Models::VariableNaming::problem(name);
    const bool exists = problem.isEmpty() && m_variables.contains(name);
    m_replace->setVisible(exists);
    if (exists && !m_replace->isChecked())
        problem = tr("The session already has “%1”.").arg(name);
    m_nameProblem->setText(problem);
    m_resetCode->setEnabled(m_codeEdited);
    // Edited code runs as the user wrote it, even when the preview disagrees with it.
    // A choice still waiting for its preview has not reached the code yet.
    const bool current = !isReading() && !m_debounce->isActive();
    const bool readable = !m_code->toPlainText().trimmed().isEmpty()
                          && (m_codeEdited || (m_result.error.isEmpty() && current));
    m_importButton->setEnabled(readable && problem.isEmpty());
    m_insertButton->setEnabled(!m_code->toPlainText().trimmed().isEmpty());
}

void ImportDialog::finishWith(Action action)
{
    m_action = action;
    accept();
}

} // namespace Sandpiper::Ui
