#include "tableexport.h"

#include "viewcode.h"

#include <QRegularExpression>

#include <algorithm>

namespace Sandpiper::Models {

namespace {

QString keyword(const QString &name, const QString &text)
{
    return QStringLiteral(", %1=%2").arg(name, pythonStringLiteral(text));
}

QString keyword(const QString &name, bool value)
{
    return QStringLiteral(", %1=%2").arg(name,
                                         value ? QStringLiteral("True") : QStringLiteral("False"));
}

} // namespace

QString TableExport::extension(Format format)
{
    switch (format) {
    case Format::Csv:
        return QStringLiteral("csv");
    case Format::Tsv:
        return QStringLiteral("tsv");
    case Format::Excel:
        return QStringLiteral("xlsx");
    case Format::Json:
        return QStringLiteral("json");
    case Format::Parquet:
        return QStringLiteral("parquet");
    case Format::Html:
        return QStringLiteral("html");
    case Format::Markdown:
        return QStringLiteral("md");
    }
    return {};
}

QString TableExport::suggestedFileName(const QString &expression, Format format)
{
    // data['sales'][0] -> data_sales_0
    static const QRegularExpression unsafe(QStringLiteral("[^\\w]+"));
    QString stem = expression;
    stem.replace(unsafe, QStringLiteral("_"));
    while (stem.startsWith(u'_'))
        stem.remove(0, 1);
    while (stem.endsWith(u'_'))
        stem.chop(1);
    if (stem.isEmpty())
        stem = QStringLiteral("table");
    return stem.left(100) + u'.' + extension(format);
}

QString TableExport::problem() const
{
    const QString name = fileName.trimmed();
    if (name.isEmpty())
        return tr("Give the file a name.");
    if (std::any_of(name.cbegin(), name.cend(), [](QChar c) {
            return c.category() == QChar::Other_Control;
        }))
        return tr("A file name cannot hold line breaks or other control characters.");
    if (name.startsWith(u'/') || name.split(u'/').contains(QStringLiteral("..")))
        return tr("The file goes into the session's workspace: give a name inside it.");
    if (format == Format::Csv && separator == decimal)
        return tr("The separator and the decimal mark must differ.");
    if (format == Format::Excel) {
        static const QRegularExpression badSheet(QStringLiteral("[\\[\\]:*?/\\\\]"));
        if (sheetName.isEmpty() || sheetName.size() > 31 || sheetName.contains(badSheet))
            return tr("A sheet name has 1 to 31 characters, none of [ ] : * ? / \\.");
    }
    return {};
}

QString TableExport::code(const QString &expression) const
{
    const TableExport defaults;
    QString options;
    const QString ext = fileName.section(u'.', -1).toLower();
    if (ext != extension(format))
        options += keyword(QStringLiteral("format"), extension(format));
    if (index != defaults.index)
        options += keyword(QStringLiteral("index"), index);
    switch (format) {
    case Format::Csv:
        if (separator != defaults.separator)
            options += keyword(QStringLiteral("sep"), separator);
        [[fallthrough]];
    case Format::Tsv:
        if (encoding != defaults.encoding)
            options += keyword(QStringLiteral("encoding"), encoding);
        if (decimal != defaults.decimal)
            options += keyword(QStringLiteral("decimal"), decimal);
        if (quoting != defaults.quoting)
            options += keyword(QStringLiteral("quoting"), quoting);
        break;
    case Format::Excel:
        if (sheetName != defaults.sheetName)
            options += keyword(QStringLiteral("sheet_name"), sheetName);
        if (freezeHeader != defaults.freezeHeader)
            options += keyword(QStringLiteral("freeze_header"), freezeHeader);
        if (autofit != defaults.autofit)
            options += keyword(QStringLiteral("autofit"), autofit);
        if (splitRows != defaults.splitRows)
            options += keyword(QStringLiteral("too_many_rows"), QStringLiteral("refuse"));
        break;
    case Format::Json:
        if (orient != defaults.orient)
            options += keyword(QStringLiteral("orient"), orient);
        break;
    case Format::Parquet:
        if (compression != defaults.compression)
            options += keyword(QStringLiteral("compression"), compression);
        break;
    case Format::Html:
    case Format::Markdown:
        break;
    }
    // The ';' keeps the console from echoing the returned path after the line export prints.
    return QStringLiteral("sandpiper.export(%1, %2%3);")
            .arg(expression, pythonStringLiteral(fileName.trimmed()), options);
}

} // namespace Sandpiper::Models
