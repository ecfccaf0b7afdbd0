// sandpiper_duckdb: DuckDB for the engine's Python (Parquet for pandas, SQL over workspace
// files and session frames). Imported only when first used, inside the sandbox; the window
// process never loads DuckDB.
#include "database.h"
#include "error.h"

#include <pybind11/stl.h>

namespace py = pybind11;
using namespace Sandpiper::DuckBridge;

PYBIND11_MODULE(sandpiper_duckdb, module)
{
    module.doc() = "DuckDB inside a Sandpiper session (see sandpiper_runtime.duckdb_database).";
    py::register_exception<Error>(module, "Error", PyExc_RuntimeError);
    module.def("version", [] { return std::string(duckdb_library_version()); });

    py::class_<Database>(module, "Database")
            .def(py::init([](int threads,
                             const std::optional<std::string> &memoryLimit,
                             const std::optional<std::string> &tempDirectory,
                             const std::vector<std::string> &allowedDirectories) {
                     Settings settings;
                     settings.threads = threads;
                     settings.memoryLimit = memoryLimit.value_or("");
                     settings.tempDirectory = tempDirectory.value_or("");
                     settings.allowedDirectories = allowedDirectories;
                     return std::make_unique<Database>(settings);
                 }),
                 py::arg("threads"),
                 py::arg("memory_limit"),
                 py::arg("temp_directory"),
                 py::arg("allowed_directories"))
            .def("execute",
                 &Database::execute,
                 py::arg("sql"),
                 py::arg("frames") = py::none(),
                 "Runs a statement and discards its result.")
            .def("query",
                 &Database::query,
                 py::arg("sql"),
                 py::arg("frames") = py::none(),
                 "Runs a query; returns [(name, type, values, nulls, categories)].");
}
