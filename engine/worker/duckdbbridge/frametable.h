#pragma once

#include <duckdb.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace Sandpiper::DuckBridge {

// One column of a session's frame as DuckDB scans it. Numeric data are the frame's own numpy
// buffers, read in place: the Python objects that own them are kept alive by whoever made the
// FrameTable for as long as a query may scan it. Text is encoded to UTF-8 up front, because a
// scan runs on DuckDB's threads, which cannot touch Python objects.
struct FrameColumn
{
    std::string name;
    duckdb_type type = DUCKDB_TYPE_INVALID;
    const char *data = nullptr; // numeric values, `width` bytes each
    std::size_t width = 0;
    const bool *nulls = nullptr;     // true where the value is missing; may be null
    std::string text;                // VARCHAR: every value's bytes, one after the other
    std::vector<std::uint64_t> ends; // VARCHAR: where each value's bytes end in `text`
    std::vector<bool> textNulls;     // VARCHAR: missing values (None)
};

struct FrameTable
{
    std::string name;
    std::uint64_t rows = 0;
    std::vector<FrameColumn> columns;
    // Cleared when the call that made the table ends and its buffers may go: a plan DuckDB
    // kept (a prepared statement, say) then fails instead of reading freed memory.
    std::atomic<bool> valid{true};
};

// The table function `sandpiper_frame(name)` scans the FrameTable that `lookup` gives for the
// name; a replacement scan turns `FROM name` into that call for names `lookup` knows.
using FrameLookup = std::shared_ptr<FrameTable> (*)(void *owner, const std::string &name);

void registerFrameScan(duckdb_database database,
                       duckdb_connection connection,
                       FrameLookup lookup,
                       void *owner);

// Numpy-compatible byte width of a scalar DuckDB type the scan accepts, or 0.
std::size_t scanWidth(duckdb_type type);

} // namespace Sandpiper::DuckBridge
