#include "resultcolumns.h"

#include "error.h"

#include <pybind11/numpy.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace py = pybind11;

namespace Sandpiper::DuckBridge {

namespace {

enum class Conversion { Copy, Hugeint, Uhugeint, Decimal, Text, Blob, Enum };

struct ResultColumn
{
    std::string name;
    std::string typeName;
    duckdb_type type = DUCKDB_TYPE_INVALID;
    duckdb_type storage = DUCKDB_TYPE_INVALID; // DECIMAL and ENUM: the integer type inside
    Conversion conversion = Conversion::Copy;
    std::size_t width = 0; // Copy: bytes per value
    double scale = 1;      // Decimal: 10^scale
    py::array values;
    py::array nulls; // made at the first NULL
    bool hasNulls = false;
    py::object categories = py::none();
};

// Type, numpy dtype and byte width of each type copied as it is stored.
struct Stored
{
    duckdb_type type;
    const char *name;
    const char *dtype;
    std::size_t width;
};

constexpr Stored storedTypes[] = {
        {DUCKDB_TYPE_BOOLEAN, "BOOLEAN", "bool", 1},
        {DUCKDB_TYPE_TINYINT, "TINYINT", "int8", 1},
        {DUCKDB_TYPE_SMALLINT, "SMALLINT", "int16", 2},
        {DUCKDB_TYPE_INTEGER, "INTEGER", "int32", 4},
        {DUCKDB_TYPE_BIGINT, "BIGINT", "int64", 8},
        {DUCKDB_TYPE_UTINYINT, "UTINYINT", "uint8", 1},
        {DUCKDB_TYPE_USMALLINT, "USMALLINT", "uint16", 2},
        {DUCKDB_TYPE_UINTEGER, "UINTEGER", "uint32", 4},
        {DUCKDB_TYPE_UBIGINT, "UBIGINT", "uint64", 8},
        {DUCKDB_TYPE_FLOAT, "FLOAT", "float32", 4},
        {DUCKDB_TYPE_DOUBLE, "DOUBLE", "float64", 8},
        {DUCKDB_TYPE_TIMESTAMP_NS, "TIMESTAMP_NS", "int64", 8},
        {DUCKDB_TYPE_TIMESTAMP, "TIMESTAMP", "int64", 8},
        {DUCKDB_TYPE_TIMESTAMP_MS, "TIMESTAMP_MS", "int64", 8},
        {DUCKDB_TYPE_TIMESTAMP_S, "TIMESTAMP_S", "int64", 8},
        {DUCKDB_TYPE_TIMESTAMP_TZ, "TIMESTAMPTZ", "int64", 8},
        {DUCKDB_TYPE_DATE, "DATE", "int32", 4},
        {DUCKDB_TYPE_TIME, "TIME", "int64", 8},
};

const Stored *storedType(duckdb_type type)
{
    for (const Stored &stored : storedTypes) {
        if (stored.type == type)
            return &stored;
    }
    return nullptr;
}

std::string unsupportedName(duckdb_logical_type logical, duckdb_type type)
{
    if (char *alias = duckdb_logical_type_get_alias(logical)) {
        std::string name = alias;
        duckdb_free(alias);
        return name;
    }
    switch (type) {
    case DUCKDB_TYPE_LIST:
        return "LIST";
    case DUCKDB_TYPE_STRUCT:
        return "STRUCT";
    case DUCKDB_TYPE_MAP:
        return "MAP";
    case DUCKDB_TYPE_ARRAY:
        return "ARRAY";
    case DUCKDB_TYPE_UNION:
        return "UNION";
    case DUCKDB_TYPE_INTERVAL:
        return "INTERVAL";
    case DUCKDB_TYPE_UUID:
        return "UUID";
    case DUCKDB_TYPE_BIT:
        return "BIT";
    case DUCKDB_TYPE_TIME_TZ:
        return "TIME WITH TIME ZONE";
    default:
        return "type " + std::to_string(int(type));
    }
}

// A logical type freed on every way out.
struct LogicalType
{
    duckdb_logical_type type;
    ~LogicalType() { duckdb_destroy_logical_type(&type); }
};

ResultColumn describe(duckdb_result &result, idx_t index, idx_t rows)
{
    ResultColumn column;
    column.name = duckdb_column_name(&result, index);
    const LogicalType owned{duckdb_column_logical_type(&result, index)};
    const duckdb_logical_type logical = owned.type;
    column.type = duckdb_get_type_id(logical);
    const char *dtype = "object";
    if (const Stored *stored = storedType(column.type)) {
        column.typeName = stored->name;
        column.width = stored->width;
        dtype = stored->dtype;
    } else if (column.type == DUCKDB_TYPE_HUGEINT || column.type == DUCKDB_TYPE_UHUGEINT) {
        column.typeName = column.type == DUCKDB_TYPE_HUGEINT ? "HUGEINT" : "UHUGEINT";
        column.conversion
                = column.type == DUCKDB_TYPE_HUGEINT ? Conversion::Hugeint : Conversion::Uhugeint;
        dtype = "float64";
    } else if (column.type == DUCKDB_TYPE_DECIMAL) {
        column.typeName = "DECIMAL";
        column.conversion = Conversion::Decimal;
        column.storage = duckdb_decimal_internal_type(logical);
        column.scale = std::pow(10.0, duckdb_decimal_scale(logical));
        dtype = "float64";
    } else if (column.type == DUCKDB_TYPE_VARCHAR) {
        column.typeName = "VARCHAR";
        column.conversion = Conversion::Text;
    } else if (column.type == DUCKDB_TYPE_BLOB) {
        column.typeName = "BLOB";
        column.conversion = Conversion::Blob;
    } else if (column.type == DUCKDB_TYPE_ENUM) {
        column.typeName = "ENUM";
        column.conversion = Conversion::Enum;
        column.storage = duckdb_enum_internal_type(logical);
        column.width = column.storage == DUCKDB_TYPE_UTINYINT    ? 1
                       : column.storage == DUCKDB_TYPE_USMALLINT ? 2
                                                                 : 4;
        dtype = column.width == 1 ? "uint8" : column.width == 2 ? "uint16" : "uint32";
        py::list categories;
        const uint32_t size = duckdb_enum_dictionary_size(logical);
        for (uint32_t i = 0; i < size; ++i) {
            char *value = duckdb_enum_dictionary_value(logical, i);
            const std::string text = value ? value : "";
            duckdb_free(value);
            categories.append(py::str(text));
        }
        column.categories = categories;
    } else {
        const std::string name = unsupportedName(logical, column.type);
        throw Error("column '" + column.name + "' is of type " + name
                    + ", which has no pandas form here; CAST it (for example to VARCHAR)");
    }
    column.values = py::array(py::dtype(dtype), std::vector<py::ssize_t>{py::ssize_t(rows)});
    if (column.conversion == Conversion::Copy || column.conversion == Conversion::Enum)
        std::memset(column.values.mutable_data(), 0, rows * column.width);
    return column;
}

double decimalValue(const void *data, duckdb_type storage, idx_t row)
{
    switch (storage) {
    case DUCKDB_TYPE_SMALLINT:
        return static_cast<const int16_t *>(data)[row];
    case DUCKDB_TYPE_INTEGER:
        return static_cast<const int32_t *>(data)[row];
    case DUCKDB_TYPE_BIGINT:
        return double(static_cast<const int64_t *>(data)[row]);
    default: {
        const duckdb_hugeint value = static_cast<const duckdb_hugeint *>(data)[row];
        return std::ldexp(double(value.upper), 64) + double(value.lower);
    }
    }
}

// Copies one chunk's vector into rows [offset, offset + count) of the column.
void copyChunk(ResultColumn &column, duckdb_vector vector, idx_t offset, idx_t count)
{
    const void *data = duckdb_vector_get_data(vector);
    uint64_t *validity = duckdb_vector_get_validity(vector);
    auto isNull = [&](idx_t row) {
        return validity && !duckdb_validity_row_is_valid(validity, row);
    };
    if (validity) {
        for (idx_t row = 0; row < count; ++row) {
            if (!isNull(row))
                continue;
            if (!column.hasNulls) {
                const py::ssize_t rows = column.values.shape(0);
                column.nulls = py::array(py::dtype("bool"), std::vector<py::ssize_t>{rows});
                std::memset(column.nulls.mutable_data(), 0, std::size_t(rows));
                column.hasNulls = true;
            }
            static_cast<bool *>(column.nulls.mutable_data())[offset + row] = true;
        }
    }
    switch (column.conversion) {
    case Conversion::Copy:
    case Conversion::Enum: {
        auto *target = static_cast<char *>(column.values.mutable_data()) + offset * column.width;
        std::memcpy(target, data, count * column.width);
        for (idx_t row = 0; row < count; ++row) { // NULL slots hold whatever DuckDB left
            if (isNull(row))
                std::memset(target + row * column.width, 0, column.width);
        }
        return;
    }
    case Conversion::Hugeint:
    case Conversion::Uhugeint:
    case Conversion::Decimal: {
        auto *target = static_cast<double *>(column.values.mutable_data()) + offset;
        for (idx_t row = 0; row < count; ++row) {
            if (isNull(row)) {
                target[row] = 0;
            } else if (column.conversion == Conversion::Decimal) {
                target[row] = decimalValue(data, column.storage, row) / column.scale;
            } else if (column.conversion == Conversion::Hugeint) {
                const duckdb_hugeint value = static_cast<const duckdb_hugeint *>(data)[row];
                target[row] = std::ldexp(double(value.upper), 64) + double(value.lower);
            } else {
                const duckdb_uhugeint value = static_cast<const duckdb_uhugeint *>(data)[row];
                target[row] = std::ldexp(double(value.upper), 64) + double(value.lower);
            }
        }
        return;
    }
    case Conversion::Text:
    case Conversion::Blob: {
        auto *target = static_cast<PyObject **>(column.values.mutable_data()) + offset;
        auto *strings = static_cast<duckdb_string_t *>(const_cast<void *>(data));
        for (idx_t row = 0; row < count; ++row) {
            const char *bytes = "";
            Py_ssize_t size = 0;
            if (!isNull(row)) {
                bytes = duckdb_string_t_data(&strings[row]);
                size = Py_ssize_t(duckdb_string_t_length(strings[row]));
            }
            PyObject *object = column.conversion == Conversion::Text
                                       ? PyUnicode_DecodeUTF8(bytes, size, "replace")
                                       : PyBytes_FromStringAndSize(bytes, size);
            if (!object)
                throw py::error_already_set();
            Py_XSETREF(target[row], object); // numpy filled the array with None
        }
        return;
    }
    }
}

} // namespace

py::list resultColumns(duckdb_result &result)
{
    const idx_t rows = duckdb_row_count(&result);
    const idx_t count = duckdb_column_count(&result);
    std::vector<ResultColumn> columns;
    columns.reserve(count);
    for (idx_t i = 0; i < count; ++i)
        columns.push_back(describe(result, i, rows));
    idx_t offset = 0;
    while (duckdb_data_chunk chunk = duckdb_fetch_chunk(result)) {
        const idx_t size = duckdb_data_chunk_get_size(chunk);
        try {
            if (offset + size > rows)
                throw Error("DuckDB returned more rows than it counted");
            for (idx_t i = 0; i < count; ++i)
                copyChunk(columns[i], duckdb_data_chunk_get_vector(chunk, i), offset, size);
        } catch (...) {
            duckdb_destroy_data_chunk(&chunk);
            throw;
        }
        duckdb_destroy_data_chunk(&chunk);
        offset += size;
    }
    py::list out;
    for (ResultColumn &column : columns) {
        out.append(
                py::make_tuple(column.name,
                               column.typeName,
                               column.values,
                               column.hasNulls ? py::object(column.nulls) : py::object(py::none()),
                               column.categories));
    }
    return out;
}

} // namespace Sandpiper::DuckBridge
