#pragma once

#include <duckdb.h>
#include <pybind11/pybind11.h>

namespace Sandpiper::DuckBridge {

// A materialized result as a list of (name, type, values, nulls, categories): numpy arrays
// filled chunk by chunk (see the module's documentation for the types). Raises Error for a
// column type that has no numpy form, naming the column.
pybind11::list resultColumns(duckdb_result &result);

} // namespace Sandpiper::DuckBridge
