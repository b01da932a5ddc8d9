#!/usr/bin/env bash
# Ingest throughput against the sqlite3 shell's own `.import` of the same goods-item CSV into a bare table,
# measured in the same run on the same machine (the ratio is what counts; absolute times are noisy).
#
#   bench/ingest_vs_sqlite_import.sh [DECLARATIONS]     (default 1000000; needs a Release build in build/)
set -euo pipefail
cd "$(dirname "$0")/.."

n="${1:-1000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
aduana=build/aduana

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }
rows() { echo $(( $(wc -l < "$1") - 1 )); }

echo "generating $n declarations..."
t0=$(now); $aduana generate --out "$work/data" --declarations "$n" --seed 1 >/dev/null; t1=$(now)
gen_s=$(elapsed "$t0" "$t1")
items=$(rows "$work/data/goods_items.csv")
total_rows=0
for f in "$work"/data/*.csv; do total_rows=$(( total_rows + $(rows "$f") )); done

# 1. The whole dataset, every file, with validation, references, quarantine and discrepancy checks.
t0=$(now); $aduana ingest --db "$work/full.db" "$work/data" > "$work/full.out"; t1=$(now)
full_s=$(elapsed "$t0" "$t1")

# 2. The goods-item file alone, into a store that already holds its declarations.
mkdir "$work/items" && mv "$work/data/goods_items.csv" "$work/items/"
$aduana ingest --db "$work/items.db" "$work/data" >/dev/null
t0=$(now); $aduana ingest --db "$work/items.db" "$work/items/goods_items.csv" > "$work/items.out"; t1=$(now)
items_s=$(elapsed "$t0" "$t1")

# 3. Baseline: the sqlite3 shell imports the same file into a bare table (no checks, no keys, no indexes).
header=$(head -1 "$work/items/goods_items.csv")
sqlite3 "$work/import.db" "CREATE TABLE goods_items ($header);"
t0=$(now); sqlite3 "$work/import.db" ".import --csv --skip 1 $work/items/goods_items.csv goods_items"; t1=$(now)
import_s=$(elapsed "$t0" "$t1")
imported=$(sqlite3 "$work/import.db" "SELECT count(*) FROM goods_items")

printf '\n%-58s %12s %10s %14s\n' "step" "rows" "seconds" "rows/s"
printf '%-58s %12d %10.2f %14.0f\n' "aduana generate ($n declarations, all files)" "$total_rows" "$gen_s" "$(echo "$total_rows / $gen_s" | bc -l)"
printf '%-58s %12d %10.2f %14.0f\n' "aduana ingest, whole dataset (validate, link, integrate)" "$total_rows" "$full_s" "$(echo "$total_rows / $full_s" | bc -l)"
printf '%-58s %12d %10.2f %14.0f\n' "aduana ingest, goods_items.csv alone" "$items" "$items_s" "$(echo "$items / $items_s" | bc -l)"
printf '%-58s %12d %10.2f %14.0f\n' "sqlite3 .import goods_items.csv into a bare table" "$imported" "$import_s" "$(echo "$imported / $import_s" | bc -l)"
printf '\nsplit of the whole dataset: %s\n' "$(grep '^time:' "$work/full.out")"
printf 'split of goods_items.csv:   %s\n' "$(grep '^time:' "$work/items.out")"
printf '\nratio, goods items (aduana rows/s / sqlite3 .import rows/s): %.2f\n' "$(echo "($items / $items_s) / ($imported / $import_s)" | bc -l)"
printf 'ratio, whole dataset rows/s vs .import rows/s:                %.2f\n' "$(echo "($total_rows / $full_s) / ($imported / $import_s)" | bc -l)"
