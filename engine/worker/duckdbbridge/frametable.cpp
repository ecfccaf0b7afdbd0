#include "frametable.h"

#include <algorithm>
#include <atomic>
#include <cstring>

namespace Sandpiper::DuckBridge {

namespace {

constexpr const char *scanFunctionName = "sandpiper_frame";

struct ScanOwner
{
    FrameLookup lookup = nullptr;
    void *owner = nullptr;
};

// Bind data: the table, held for the query's lifetime.
struct BoundFrame
{
    std::shared_ptr<FrameTable> table;
};

struct ScanState
{
    std::atomic<std::uint64_t> next{0};
    std::vector<std::size_t> projected; // frame column per output column
};

void deleteBound(void *data)
{
    delete static_cast<BoundFrame *>(data);
}

void deleteState(void *data)
{
    delete static_cast<ScanState *>(data);
}

void bindFrame(duckdb_bind_info info)
{
    const auto *scan = static_cast<ScanOwner *>(duckdb_bind_get_extra_info(info));
    duckdb_value parameter = duckdb_bind_get_parameter(info, 0);
    char *text = duckdb_get_varchar(parameter);
    const std::string name = text ? text : "";
    duckdb_free(text);
    duckdb_destroy_value(&parameter);
    std::shared_ptr<FrameTable> table = scan->lookup(scan->owner, name);
    if (!table) {
        duckdb_bind_set_error(info, ("no frame named '" + name + "' in this query").c_str());
        return;
    }
    for (const FrameColumn &column : table->columns) {
        duckdb_logical_type type = duckdb_create_logical_type(column.type);
        duckdb_bind_add_result_column(info, column.name.c_str(), type);
        duckdb_destroy_logical_type(&type);
    }
    duckdb_bind_set_bind_data(info, new BoundFrame{std::move(table)}, deleteBound);
}

void initFrame(duckdb_init_info info)
{
    auto *state = new ScanState;
    const idx_t count = duckdb_init_get_column_count(info);
    for (idx_t i = 0; i < count; ++i)
        state->projected.push_back(duckdb_init_get_column_index(info, i));
    duckdb_init_set_init_data(info, state, deleteState);
}

void fillColumn(const FrameColumn &column, duckdb_vector vector, std::uint64_t first, idx_t count)
{
    uint64_t *validity = nullptr;
    auto markNull = [&](idx_t row) {
        if (!validity) {
            duckdb_vector_ensure_validity_writable(vector);
            validity = duckdb_vector_get_validity(vector);
        }
        duckdb_validity_set_row_invalid(validity, row);
    };
    if (column.type == DUCKDB_TYPE_VARCHAR) {
        for (idx_t row = 0; row < count; ++row) {
            const std::uint64_t at = first + row;
            if (column.textNulls[at]) {
                markNull(row);
                continue;
            }
            const std::uint64_t begin = at == 0 ? 0 : column.ends[at - 1];
            duckdb_vector_assign_string_element_len(
                    vector, row, column.text.data() + begin, column.ends[at] - begin);
        }
        return;
    }
    std::memcpy(duckdb_vector_get_data(vector),
                column.data + first * column.width,
                count * column.width);
    if (column.nulls) {
        for (idx_t row = 0; row < count; ++row) {
            if (column.nulls[first + row])
                markNull(row);
        }
    }
}

void scanFrame(duckdb_function_info info, duckdb_data_chunk output)
{
    const auto *bound = static_cast<BoundFrame *>(duckdb_function_get_bind_data(info));
    auto *state = static_cast<ScanState *>(duckdb_function_get_init_data(info));
    const FrameTable &table = *bound->table;
    if (!table.valid.load()) {
        duckdb_function_set_error(info,
                                  ("frame '" + table.name + "' is no longer available").c_str());
        return;
    }
    const std::uint64_t first = state->next.fetch_add(duckdb_vector_size());
    if (first >= table.rows) {
        duckdb_data_chunk_set_size(output, 0);
        return;
    }
    const idx_t count = idx_t(std::min<std::uint64_t>(duckdb_vector_size(), table.rows - first));
    for (std::size_t out = 0; out < state->projected.size(); ++out) {
        // count(*) projects the row id, which a frame does not have and nobody reads.
        if (state->projected[out] >= table.columns.size())
            continue;
        fillColumn(table.columns[state->projected[out]],
                   duckdb_data_chunk_get_vector(output, out),
                   first,
                   count);
    }
    duckdb_data_chunk_set_size(output, count);
}

void replaceWithFrame(duckdb_replacement_scan_info info, const char *tableName, void *data)
{
    const auto *scan = static_cast<ScanOwner *>(data);
    if (!scan->lookup(scan->owner, tableName))
        return;
    duckdb_replacement_scan_set_function_name(info, scanFunctionName);
    duckdb_value name = duckdb_create_varchar(tableName);
    duckdb_replacement_scan_add_parameter(info, name);
    duckdb_destroy_value(&name);
}

void deleteOwner(void *data)
{
    delete static_cast<ScanOwner *>(data);
}

} // namespace

std::size_t scanWidth(duckdb_type type)
{
    switch (type) {
    case DUCKDB_TYPE_BOOLEAN:
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_UTINYINT:
        return 1;
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_USMALLINT:
        return 2;
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_FLOAT:
        return 4;
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_TIMESTAMP_NS:
        return 8;
    default:
        return 0;
    }
}

void registerFrameScan(duckdb_database database,
                       duckdb_connection connection,
                       FrameLookup lookup,
                       void *owner)
{
    duckdb_table_function function = duckdb_create_table_function();
    duckdb_table_function_set_name(function, scanFunctionName);
    duckdb_logical_type varchar = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
    duckdb_table_function_add_parameter(function, varchar);
    duckdb_destroy_logical_type(&varchar);
    duckdb_table_function_set_extra_info(function, new ScanOwner{lookup, owner}, deleteOwner);
    duckdb_table_function_set_bind(function, bindFrame);
    duckdb_table_function_set_init(function, initFrame);
    duckdb_table_function_set_function(function, scanFrame);
    duckdb_table_function_supports_projection_pushdown(function, true);
    duckdb_register_table_function(connection, function);
    duckdb_destroy_table_function(&function);
    duckdb_add_replacement_scan(
            database, replaceWithFrame, new ScanOwner{lookup, owner}, deleteOwner);
}

} // namespace Sandpiper::DuckBridge
