#include "database.h"

#include "error.h"
#include "resultcolumns.h"

#include <pybind11/numpy.h>

#include <chrono>
#include <thread>

namespace py = pybind11;

namespace Sandpiper::DuckBridge {

struct Database::Run
{
    py::object frames;
    std::map<std::string, std::shared_ptr<FrameTable>> tables;
    std::vector<py::object> keepAlive; // the arrays the tables point into
    std::unique_ptr<py::error_already_set> callbackError;
};

namespace {

std::string sqlText(const std::string &text)
{
    std::string quoted = "'";
    for (char c : text) {
        quoted += c;
        if (c == '\'')
            quoted += '\'';
    }
    return quoted + "'";
}

duckdb_type kindType(const std::string &kind)
{
    static const std::map<std::string, duckdb_type> kinds = {
            {"BOOLEAN", DUCKDB_TYPE_BOOLEAN},
            {"TINYINT", DUCKDB_TYPE_TINYINT},
            {"SMALLINT", DUCKDB_TYPE_SMALLINT},
            {"INTEGER", DUCKDB_TYPE_INTEGER},
            {"BIGINT", DUCKDB_TYPE_BIGINT},
            {"UTINYINT", DUCKDB_TYPE_UTINYINT},
            {"USMALLINT", DUCKDB_TYPE_USMALLINT},
            {"UINTEGER", DUCKDB_TYPE_UINTEGER},
            {"UBIGINT", DUCKDB_TYPE_UBIGINT},
            {"FLOAT", DUCKDB_TYPE_FLOAT},
            {"DOUBLE", DUCKDB_TYPE_DOUBLE},
            {"TIMESTAMP_NS", DUCKDB_TYPE_TIMESTAMP_NS},
            {"VARCHAR", DUCKDB_TYPE_VARCHAR},
    };
    const auto found = kinds.find(kind);
    return found == kinds.end() ? DUCKDB_TYPE_INVALID : found->second;
}

// Whether a numpy dtype may back a column of this type: the right kind, native byte order,
// and for timestamps nanoseconds (or plain int64 holding them).
bool dtypeFits(const py::dtype &dtype, duckdb_type type)
{
    const char order = dtype.byteorder();
    if (order != '=' && order != '|' && order != '<')
        return false;
    const char kind = dtype.kind();
    switch (type) {
    case DUCKDB_TYPE_BOOLEAN:
        return kind == 'b';
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
        return kind == 'i';
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_UBIGINT:
        return kind == 'u';
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
        return kind == 'f';
    case DUCKDB_TYPE_TIMESTAMP_NS:
        return kind == 'i' || dtype.equal(py::dtype("datetime64[ns]"));
    default:
        return false;
    }
}

py::array oneDimensional(const py::handle &object, const std::string &column, const char *what)
{
    if (!py::isinstance<py::array>(object))
        throw py::type_error("column '" + column + "': " + what + " must be a numpy array");
    py::array array = py::reinterpret_borrow<py::array>(object);
    if (array.ndim() != 1 || !(array.flags() & py::array::c_style))
        throw py::value_error("column '" + column + "': " + what
                              + " must be one-dimensional and C-contiguous");
    return array;
}

// Encodes an object array of str/None into the column's UTF-8 buffer.
void encodeText(FrameColumn &column, const py::array &values)
{
    if (values.dtype().kind() != 'O')
        throw py::type_error("column '" + column.name
                             + "': VARCHAR values must be an object array");
    const auto *objects = static_cast<PyObject *const *>(values.data());
    const auto rows = std::size_t(values.shape(0));
    column.ends.reserve(rows);
    column.textNulls.assign(rows, false);
    for (std::size_t row = 0; row < rows; ++row) {
        PyObject *object = objects[row];
        const bool missing = object == Py_None || (column.nulls && column.nulls[row]);
        if (!missing) {
            if (!PyUnicode_Check(object)) {
                throw py::type_error("column '" + column.name + "' holds a "
                                     + std::string(Py_TYPE(object)->tp_name) + " at row "
                                     + std::to_string(row) + ", not text");
            }
            Py_ssize_t size = 0;
            const char *utf8 = PyUnicode_AsUTF8AndSize(object, &size);
            if (!utf8)
                throw py::error_already_set();
            column.text.append(utf8, std::size_t(size));
        }
        column.textNulls[row] = missing;
        column.ends.push_back(column.text.size());
    }
}

} // namespace

Database::Database(const Settings &settings)
{
    duckdb_config config = nullptr;
    duckdb_create_config(&config);
    // Threads are started when the database opens: set their number before, not after.
    duckdb_set_config(config, "threads", std::to_string(std::max(1, settings.threads)).c_str());
    duckdb_set_config(config, "autoinstall_known_extensions", "false");
    duckdb_set_config(config, "autoload_known_extensions", "false");
    char *openError = nullptr;
    const duckdb_state opened = duckdb_open_ext(nullptr, &m_database, config, &openError);
    duckdb_destroy_config(&config);
    if (opened == DuckDBError) {
        const std::string message = openError ? openError : "unknown error";
        duckdb_free(openError);
        throw Error("cannot open DuckDB: " + message);
    }
    if (duckdb_connect(m_database, &m_connection) == DuckDBError) {
        duckdb_close(&m_database);
        throw Error("cannot connect to DuckDB");
    }
    try {
        registerFrameScan(m_database, m_connection, &Database::lookupFrame, this);
        applySettings(settings);
    } catch (...) { // the destructor does not run for a constructor that throws
        duckdb_disconnect(&m_connection);
        duckdb_close(&m_database);
        throw;
    }
}

Database::~Database()
{
    duckdb_disconnect(&m_connection);
    duckdb_close(&m_database);
}

void Database::applySettings(const Settings &settings)
{
    if (!settings.memoryLimit.empty())
        statement("SET memory_limit = " + sqlText(settings.memoryLimit));
    if (!settings.tempDirectory.empty())
        statement("SET temp_directory = " + sqlText(settings.tempDirectory));
    // Timestamps with a time zone come out in UTC, whatever the machine's zone.
    statement("SET TimeZone = 'UTC'");
    std::string allowed;
    for (const std::string &directory : settings.allowedDirectories) {
        std::string withSlash = directory;
        if (withSlash.empty() || withSlash.back() != '/')
            withSlash += '/';
        allowed += (allowed.empty() ? "" : ", ") + sqlText(withSlash);
    }
    statement("SET allowed_directories = [" + allowed + "]");
    // INSTALL would look for extensions below HOME (the workspace) and try the network; a
    // folder outside the allowed ones makes it a permission error at once.
    statement("SET extension_directory = '/sandpiper-has-no-extensions'");
    statement("SET enable_external_access = false");
    statement("SET lock_configuration = true");
}

void Database::statement(const std::string &sql)
{
    duckdb_result result;
    if (duckdb_query(m_connection, sql.c_str(), &result) == DuckDBError) {
        const std::string message = duckdb_result_error(&result);
        duckdb_destroy_result(&result);
        throw Error(sql + ": " + message);
    }
    duckdb_destroy_result(&result);
}

std::shared_ptr<FrameTable> Database::lookupFrame(void *owner, const std::string &name)
{
    return static_cast<Database *>(owner)->frameFor(name);
}

// Called while DuckDB binds a query, on the thread that runs it, which holds the GIL.
std::shared_ptr<FrameTable> Database::frameFor(const std::string &name)
{
    // Called from DuckDB's C code, so nothing may be thrown out of here.
    try {
        py::gil_scoped_acquire gil;
        if (!m_run || m_run->callbackError)
            return nullptr;
        if (const auto known = m_run->tables.find(name); known != m_run->tables.end())
            return known->second;
        if (m_run->frames.is_none())
            return nullptr;
        try {
            return convertFrame(name);
        } catch (py::error_already_set &error) {
            m_run->callbackError = std::make_unique<py::error_already_set>(std::move(error));
        } catch (const py::builtin_exception &error) { // type_error, value_error, cast_error
            error.set_error();
            m_run->callbackError = std::make_unique<py::error_already_set>();
        } catch (const std::exception &error) {
            PyErr_SetString(PyExc_RuntimeError, error.what());
            m_run->callbackError = std::make_unique<py::error_already_set>();
        }
    } catch (...) {
    }
    return nullptr;
}

// The frames callable's columns for `name` as a FrameTable; the GIL is held.
std::shared_ptr<FrameTable> Database::convertFrame(const std::string &name)
{
    const py::object specs = m_run->frames(name);
    if (specs.is_none())
        return nullptr;
    auto table = std::make_shared<FrameTable>();
    table->name = name;
    bool first = true;
    for (const py::handle spec : specs) {
        const auto fields = spec.cast<py::tuple>();
        if (fields.size() != 4)
            throw py::value_error("a column spec is (name, kind, values, nulls)");
        FrameColumn column;
        column.name = fields[0].cast<std::string>();
        const std::string kind = fields[1].cast<std::string>();
        column.type = kindType(kind);
        if (column.type == DUCKDB_TYPE_INVALID)
            throw py::value_error("column '" + column.name + "': unknown kind '" + kind + "'");
        const py::array values = oneDimensional(fields[2], column.name, "values");
        const auto rows = std::uint64_t(values.shape(0));
        if (first)
            table->rows = rows;
        else if (rows != table->rows)
            throw py::value_error("column '" + column.name + "' has " + std::to_string(rows)
                                  + " rows, not " + std::to_string(table->rows));
        first = false;
        if (!fields[3].is_none()) {
            const py::array nulls = oneDimensional(fields[3], column.name, "nulls");
            if (nulls.dtype().kind() != 'b' || std::uint64_t(nulls.shape(0)) != rows)
                throw py::value_error("column '" + column.name
                                      + "': nulls must be a bool array of the same length");
            column.nulls = static_cast<const bool *>(nulls.data());
            m_run->keepAlive.push_back(nulls);
        }
        if (column.type == DUCKDB_TYPE_VARCHAR) {
            encodeText(column, values);
            column.nulls = nullptr; // folded into textNulls
        } else {
            column.width = scanWidth(column.type);
            if (!dtypeFits(values.dtype(), column.type)
                || std::size_t(values.itemsize()) != column.width)
                throw py::type_error("column '" + column.name + "': a "
                                     + py::str(values.dtype()).cast<std::string>()
                                     + " array cannot be scanned as " + kind);
            column.data = static_cast<const char *>(values.data());
            m_run->keepAlive.push_back(values);
        }
        table->columns.push_back(std::move(column));
    }
    if (table->columns.empty())
        throw py::value_error("frame '" + name + "' has no columns");
    m_run->tables[name] = table;
    return table;
}

duckdb_result Database::run(const std::string &sql, const py::object &frames)
{
    if (m_run)
        throw Error("this DuckDB connection is already running a query");
    Run run;
    run.frames = frames;
    m_run = &run;
    duckdb_prepared_statement prepared = nullptr;
    duckdb_pending_result pending = nullptr;
    // Every exit frees DuckDB's objects first (their scans read the frames), then the frames.
    auto finish = [&] {
        if (pending)
            duckdb_destroy_pending(&pending);
        if (prepared)
            duckdb_destroy_prepare(&prepared);
        for (const auto &[name, table] : run.tables)
            table->valid = false;
        m_run = nullptr;
    };
    auto fail = [&](const char *message) {
        const std::string text = message ? message : "unknown DuckDB error";
        std::unique_ptr<py::error_already_set> callbackError = std::move(run.callbackError);
        finish();
        if (callbackError)
            throw std::move(*callbackError);
        throw Error(text);
    };

    if (duckdb_prepare(m_connection, sql.c_str(), &prepared) == DuckDBError)
        fail(duckdb_prepare_error(prepared));
    // A plan kept by PREPARE would outlive the frames it binds.
    const duckdb_statement_type type = duckdb_prepared_statement_type(prepared);
    if (type == DUCKDB_STATEMENT_TYPE_PREPARE || type == DUCKDB_STATEMENT_TYPE_EXECUTE)
        fail("PREPARE and EXECUTE are not available here; run the query itself");
    if (duckdb_pending_prepared(prepared, &pending) == DuckDBError)
        fail(duckdb_pending_error(pending));
    for (;;) {
        duckdb_pending_state state;
        {
            py::gil_scoped_release release;
            state = duckdb_pending_execute_task(pending);
            if (state == DUCKDB_PENDING_NO_TASKS_AVAILABLE)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        if (state == DUCKDB_PENDING_RESULT_READY)
            break;
        if (state == DUCKDB_PENDING_ERROR)
            fail(duckdb_pending_error(pending));
        if (PyErr_CheckSignals() != 0) {
            py::error_already_set interrupted;
            duckdb_interrupt(m_connection);
            {
                // The query ends (its tasks cancelled and waited for) only when driven to
                // its error; until then DuckDB's threads may still read the frames.
                py::gil_scoped_release release;
                duckdb_pending_state drained = DUCKDB_PENDING_RESULT_NOT_READY;
                while (!duckdb_pending_execution_is_finished(drained)) {
                    drained = duckdb_pending_execute_task(pending);
                    if (drained == DUCKDB_PENDING_NO_TASKS_AVAILABLE)
                        std::this_thread::sleep_for(std::chrono::milliseconds(1));
                }
                finish();
            }
            throw interrupted;
        }
    }
    duckdb_result result;
    if (duckdb_execute_pending(pending, &result) == DuckDBError) {
        const std::string message = duckdb_result_error(&result);
        duckdb_destroy_result(&result);
        fail(message.c_str());
    }
    finish();
    return result;
}

void Database::execute(const std::string &sql, const py::object &frames)
{
    duckdb_result result = run(sql, frames);
    duckdb_destroy_result(&result);
}

py::list Database::query(const std::string &sql, const py::object &frames)
{
    duckdb_result result = run(sql, frames);
    try {
        py::list columns = resultColumns(result);
        duckdb_destroy_result(&result);
        return columns;
    } catch (...) {
        duckdb_destroy_result(&result);
        throw;
    }
}

} // namespace Sandpiper::DuckBridge
