#pragma once

#include <stdexcept>

namespace Sandpiper::DuckBridge {

// DuckDB refused or failed a statement; Python sees sandpiper_duckdb.Error (a RuntimeError)
// with DuckDB's own message, which names the position in the SQL.
class Error : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

} // namespace Sandpiper::DuckBridge
