#!/usr/bin/env bash
# installer/sandpiper bench tables [--json FILE]
# Tables: to_parquet (zstd) against to_csv, read_parquet against read_csv, 10^5 rows to xlsx, and
# an SQL GROUP BY against pandas' groupby, on one 10^7-row frame in one sandboxed session.
# Takes about 3 minutes on 2 cores; needs about 6 GB of memory and 1 GB of disk.
set -euo pipefail
build=$1
shift
json_out=
while (($#)); do
    case $1 in
    --json) json_out=$2; shift 2 ;;
    *) echo "bench tables: unknown argument $1" >&2; exit 2 ;;
    esac
done
export SANDPIPER_ENGINE="$build/app/sandpiper-engine"
cmake --build "$build" --target bench_tables sandpiper-engine >/dev/null
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
result=$(XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" \
    "$build/tests/bench_tables" "$(dirname "$0")/bench_tables.py")
python3 - "$result" "$json_out" <<'PY'
import json, sys
ours, out = json.loads(sys.argv[1]), sys.argv[2]
print(f"{ours['rows']:,} rows (int64, float64, short text, datetime); median of {ours['samples']} runs, peers alternated")
rows = [
    ("parquet_write_s", "to_parquet, zstd (s)"),
    ("csv_write_s", "to_csv (s)"),
    ("parquet_read_s", "read_parquet (s)"),
    ("csv_read_s", "read_csv, dates parsed (s)"),
    ("xlsx_write_s.1e5", "10^5 rows to xlsx (s)"),
    ("sql_groupby_s", "sandpiper.sql GROUP BY (s)"),
    ("pandas_groupby_s", "pandas groupby (s)"),
]
for key, label in rows:
    print(f"{label:36}{ours[key]:10.2f}")
for a, b, goal in [("parquet_write_s", "csv_write_s", "<= 0.35"), ("parquet_read_s", "csv_read_s", "<= 0.35"),
                   ("sql_groupby_s", "pandas_groupby_s", "reported")]:
    print(f"{a + ' / ' + b:36}{ours[a] / ours[b]:10.2f}   {goal}")
print(f"{'file size parquet / csv':36}{ours['parquet_bytes'] / ours['csv_bytes']:10.2f}")
if out:
    with open(out, "w") as f:
        json.dump(ours, f, indent=2)
PY
