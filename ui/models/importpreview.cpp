#include "importpreview.h"

#include <QBrush>
#include <QFileInfo>
#include <QFont>
#include <QPalette>
#include <QRegularExpression>

namespace Sandpiper::Models {

void ImportPreview::setResult(const Protocol::SniffResult &result)
{
    beginResetModel();
    m_columns = result.columns;
    m_rows = result.rows;
    endResetModel();
}

void ImportPreview::clear()
{
    setResult({});
}

int ImportPreview::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ImportPreview::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant ImportPreview::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size()
        || index.column() >= m_rows[index.row()].size())
        return {};
    const QString &cell = m_rows[index.row()][index.column()];
    const QString dtype = m_columns.value(index.column()).dtype;
    switch (role) {
    case Qt::DisplayRole:
        // A missing value reads as one, not as an empty text.
        return cell.isNull() ? QStringLiteral("NA") : cell;
    case Qt::ToolTipRole:
        return cell.isNull() ? tr("Missing value") : cell.left(500);
    case Qt::ForegroundRole:
        if (cell.isNull())
            return QPalette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::FontRole:
        if (cell.isNull()) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (dtype == QLatin1StringView("int") || dtype == QLatin1StringView("float"))
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant ImportPreview::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical)
        return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    if (section < 0 || section >= m_columns.size())
        return {};
    const Protocol::ImportColumn &column = m_columns[section];
    if (role == Qt::DisplayRole)
        return QStringLiteral("%1\n%2").arg(column.name, typeLabel(column.dtype));
    if (role == Qt::ToolTipRole)
        return column.format.isEmpty() ? typeLabel(column.dtype)
                                       : tr("%1 (%2)").arg(typeLabel(column.dtype), column.format);
    return {};
}

QString ImportPreview::typeLabel(const QString &dtype)
{
    if (dtype == QLatin1StringView("int"))
        return tr("Integer");
    if (dtype == QLatin1StringView("float"))
        return tr("Decimal");
    if (dtype == QLatin1StringView("bool"))
        return tr("True/False");
    if (dtype == QLatin1StringView("datetime"))
        return tr("Date/time");
    if (dtype == QLatin1StringView("category"))
        return tr("Category");
    if (dtype == QLatin1StringView("text"))
        return tr("Text");
    if (dtype == QLatin1StringView("auto"))
        return tr("Automatic");
    return dtype;
}

namespace {

const QStringList &pythonKeywords()
{
    static const QStringList keywords = {
            QStringLiteral("False"),  QStringLiteral("None"),     QStringLiteral("True"),
            QStringLiteral("and"),    QStringLiteral("as"),       QStringLiteral("assert"),
            QStringLiteral("async"),  QStringLiteral("await"),    QStringLiteral("break"),
            QStringLiteral("class"),  QStringLiteral("continue"), QStringLiteral("def"),
            QStringLiteral("del"),    QStringLiteral("elif"),     QStringLiteral("else"),
            QStringLiteral("except"), QStringLiteral("finally"),  QStringLiteral("for"),
            QStringLiteral("from"),   QStringLiteral("global"),   QStringLiteral("if"),
            QStringLiteral("import"), QStringLiteral("in"),       QStringLiteral("is"),
            QStringLiteral("lambda"), QStringLiteral("nonlocal"), QStringLiteral("not"),
            QStringLiteral("or"),     QStringLiteral("pass"),     QStringLiteral("raise"),
            QStringLiteral("return"), QStringLiteral("try"),      QStringLiteral("while"),
            QStringLiteral("with"),   QStringLiteral("yield"),
    };
    return keywords;
}

} // namespace

QString VariableNaming::suggestedName(const QString &fileName, const QStringList &taken)
{
    QString base = QFileInfo(fileName).completeBaseName().toLower();
    static const QRegularExpression notWord(QStringLiteral("[^\\w]+"),
                                            QRegularExpression::UseUnicodePropertiesOption);
    base.replace(notWord, QStringLiteral("_"));
    while (base.startsWith(QLatin1Char('_')))
        base.remove(0, 1);
    while (base.endsWith(QLatin1Char('_')))
        base.chop(1);
    base = base.left(40);
    if (!base.isEmpty() && base.front().isDigit())
        base.prepend(QStringLiteral("data_"));
    if (!problem(base).isEmpty())
        base = QStringLiteral("df");
    QString name = base;
    for (int n = 2; taken.contains(name); ++n)
        name = QStringLiteral("%1_%2").arg(base).arg(n);
    return name;
}

QString VariableNaming::problem(const QString &name)
{
    if (name.isEmpty())
        return tr("Give the table a variable name.");
    // Python's rule (PEP 3131, without its NFKC folding): a letter, letter number or _, then
    // those, marks, decimal digits and connector punctuation. "²x" and "a-b" are not names.
    const auto starts = [](QChar::Category c) {
        return c == QChar::Letter_Uppercase || c == QChar::Letter_Lowercase
               || c == QChar::Letter_Titlecase || c == QChar::Letter_Modifier
               || c == QChar::Letter_Other || c == QChar::Number_Letter;
    };
    const auto continues = [&](QChar::Category c) {
        return starts(c) || c == QChar::Mark_NonSpacing || c == QChar::Mark_SpacingCombining
               || c == QChar::Number_DecimalDigit || c == QChar::Punctuation_Connector;
    };
    bool first = true;
    bool valid = name.size() <= 255;
    for (const char32_t code : name.toUcs4()) {
        const auto category = QChar::category(code);
        valid = valid && (code == U'_' || (first ? starts(category) : continues(category)));
        first = false;
    }
    if (!valid)
        return tr("“%1” is not a Python name: use letters, digits and _, not starting with a "
                  "digit.")
                .arg(name.left(60));
    if (pythonKeywords().contains(name))
        return tr("“%1” is a Python keyword.").arg(name);
    return {};
}

} // namespace Sandpiper::Models
