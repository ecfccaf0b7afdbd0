#pragma once

#include "frametable.h"

#include <pybind11/pybind11.h>

#include <map>
#include <string>
#include <vector>

namespace Sandpiper::DuckBridge {

struct Settings
{
    int threads = 1;
    std::string memoryLimit;   // e.g. "2GB"; empty: DuckDB's default
    std::string tempDirectory; // where DuckDB spills; empty: DuckDB's default
    std::vector<std::string> allowedDirectories;
};

// An in-memory DuckDB with one connection, locked down once opened: no extension is installed
// or loaded, files are reached only below the allowed directories, and nothing can change that
// later. Queries run with the GIL released, and an interrupt (Ctrl+C, the window's Interrupt)
// stops them between tasks.
//
// Frames: while execute() or query() runs, a table name DuckDB does not know is passed to the
// `frames` callable, which returns the frame's columns (see FrameTable) or None.
class Database
{
public:
    explicit Database(const Settings &settings);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    void execute(const std::string &sql, const pybind11::object &frames);
    pybind11::list query(const std::string &sql, const pybind11::object &frames);

private:
    struct Run;
    duckdb_result run(const std::string &sql, const pybind11::object &frames);
    void applySettings(const Settings &settings);
    void statement(const std::string &sql);
    static std::shared_ptr<FrameTable> lookupFrame(void *owner, const std::string &name);
    std::shared_ptr<FrameTable> frameFor(const std::string &name);
    std::shared_ptr<FrameTable> convertFrame(const std::string &name);

    duckdb_database m_database = nullptr;
    duckdb_connection m_connection = nullptr;
    // The running call's frames callable and the frames it gave, with the Python objects
    // whose buffers they point into. Only set while a call runs.
    Run *m_run = nullptr;
};

} // namespace Sandpiper::DuckBridge
