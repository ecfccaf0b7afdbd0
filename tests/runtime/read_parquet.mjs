// Prints the rows of a Parquet file as JSON, read by hyparquet: a reader that shares nothing
// with DuckDB, so the tests can check the files Sandpiper writes.
//
// Usage: NODE_PATH=$SANDPIPER_NPM_MODULES node read_parquet.mjs FILE
//
// Output: {"columns": [names], "rows": [[values]]}. Integers are JSON numbers when exact, else
// text; timestamps ISO 8601 text; NaN and infinities text; NULL is null.
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

// ES module imports ignore NODE_PATH; require.resolve honours it.
const require = createRequire(import.meta.url)

async function load(name) {
  return import(pathToFileURL(require.resolve(name)).href)
}

function plain(value) {
  if (typeof value === 'bigint') {
    const number = Number(value)
    return Number.isSafeInteger(number) ? number : value.toString()
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Uint8Array) return Array.from(value)
  return value
}

const path = process.argv[2]
if (!path) {
  console.error('usage: node read_parquet.mjs FILE')
  process.exit(2)
}
const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } =
  await load('hyparquet')
const { compressors } = await load('hyparquet-compressors')

const file = await asyncBufferFromFile(path)
const metadata = await parquetMetadataAsync(file)
const columns = parquetSchema(metadata).children.map((child) => child.element.name)
const objects = await parquetReadObjects({ file, metadata, compressors })
const rows = objects.map((row) => columns.map((name) => plain(row[name])))
console.log(JSON.stringify({ columns, rows }))
