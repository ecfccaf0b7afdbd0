#pragma once

#include <QCoreApplication>
#include <QString>

namespace Sandpiper::Models {

// What the Export… dialog asks for: a table written by the session into its workspace with
// `sandpiper.export(obj, path, ...)` (engine/python/sandpiper_runtime/tableexport.py), whose
// keyword names and values these fields mirror. code() is the one line the session runs.
struct TableExport
{
    Q_DECLARE_TR_FUNCTIONS(Sandpiper::Models::TableExport)

public:
    enum class Format { Csv, Tsv, Excel, Json, Parquet, Html, Markdown };

    Format format = Format::Csv;
    QString fileName; // in the workspace
    bool index = true;
    // CSV and TSV
    QString separator = QStringLiteral(",");
    QString encoding = QStringLiteral("utf-8");
    QString decimal = QStringLiteral(".");
    QString quoting = QStringLiteral("minimal");
    // Excel
    QString sheetName = QStringLiteral("Sheet1");
    bool freezeHeader = true;
    bool autofit = true;
    bool splitRows = true; // past 1,048,575 rows: more sheets, else refused
    // JSON
    QString orient = QStringLiteral("records");
    // Parquet: "zstd", "snappy" or "none"
    QString compression = QStringLiteral("zstd");

    // The call for the object `expression` (a name or a member as code writes it), with only the
    // options of the format that differ from the defaults.
    QString code(const QString &expression) const;

    static QString extension(Format format);
    // A file name for the object: its expression made safe, with the format's extension.
    static QString suggestedFileName(const QString &expression, Format format);
    // Why the options cannot be written, empty when they can (the engine checks again).
    QString problem() const;
};

} // namespace Sandpiper::Models
