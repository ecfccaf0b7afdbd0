#pragma once

#include <QString>

namespace Sandpiper::App {

// `sandpiper --verify-audit`: checks the history's hash chain and names the first broken
// record. Exit code 0 when the log is whole, 1 when it is not, 2 when it cannot be read.
int verifyAudit(const QString &databasePath = {});

// `sandpiper --export-audit FILE`: every record as CSV, or JSON when FILE ends in .json.
int exportAudit(const QString &file, const QString &databasePath = {});

} // namespace Sandpiper::App
