#pragma once

#include "tablepages.h"

#include <QString>

namespace Sandpiper::Models {

// A Python string literal for any text (control characters and lone surrogates escaped), so
// that generated code names exactly what the user has.
QString pythonStringLiteral(const QString &text);
// A filter value or cell as a Python literal: None, True, 42, 2.5, 'text'.
QString pythonLiteral(const QCborValue &value);

// The pandas code of a view of the DataFrame (or Series) `name`: the rows the filter keeps, in
// the order of the sort keys, as the engine computed them (sort_values, nulls last). Columns are
// taken by position (iloc, columns[i]), so labels of any type work. Empty for an empty view.
QString viewCode(const QString &name, const TableView &view, bool isSeries);
// The same rows as one expression that binds no name ("df[...].sort_values(...)"); `name` itself
// for an empty view.
QString viewExpression(const QString &name, const TableView &view, bool isSeries);

} // namespace Sandpiper::Models
