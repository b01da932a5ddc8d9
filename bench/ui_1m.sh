#!/usr/bin/env bash
# The web UI over a large store (docs/benchmarks.md, "Web UI page loads"): a year of 1M generated declarations,
# ingested and trained on, with the example rules, a quarter's early-warning scan and an audit plan, and a
# decision for every declaration; then the load time of every page in Chromium (bench/ui_page_load.mjs).
#
# Decisions are written by SQL here, not through the API: a million submissions through `aduana serve` would
# take most of an hour, and what is measured is how pages read a large decisions table. Each declaration gets
# the channel of its recorded control (red when physically inspected, yellow for documents), green otherwise
# and blue for 1 in 50 of those; a controlled declaration is released or detained by its outcome.
#
#   bench/ui_1m.sh [DECLARATIONS]        # default 1000000: ~15 minutes on 2 cores, ~3 GB of disk
#   KEEP=1 keeps the store (its folder is printed); ADUANA_BIN picks another build of aduana.
set -euo pipefail
cd "$(dirname "$0")/.."
declarations=${1:-1000000}
scripts/setup >/dev/null
[ -x build/aduana ] || scripts/build release >/dev/null
[ -f web/dist/index.html ] || scripts/web >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/aduana-ui.XXXXXX")
trap 'kill "${serve_pid:-0}" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
aduana=${ADUANA_BIN:-build/aduana}
db="$work/s.db"

seconds() { local start=$1; echo "$(( $(date +%s%N) - start ))" | awk '{printf "%.1f", $1 / 1e9}'; }

t=$(date +%s%N)
$aduana generate --out "$work/data" --declarations "$declarations" --seed 1 --start 2025-01-01 --days 365 >/dev/null
$aduana ingest --db "$db" "$work/data" >/dev/null
$aduana train --db "$db" --until 2025-09-30 >/dev/null
$aduana rules load docs/examples/selectivity.rules --db "$db" >/dev/null
$aduana alerts scan --db "$db" --from 2025-10-01 --to 2025-12-31 >/dev/null
$aduana pca plan --db "$db" --from 2025-10-01 --to 2025-12-31 --capacity 200 > /dev/null
sqlite3 "$db" <<'SQL'
INSERT INTO decisions
SELECT d.declaration_id, d.lodged_at + 60000, d.customs_office,
       CASE WHEN o.channel = 'red' THEN 'red' WHEN o.channel IS NOT NULL THEN 'yellow'
            WHEN abs(random()) % 50 = 0 THEN 'blue' ELSE 'green' END,
       CASE WHEN o.channel IS NULL THEN 'release' ELSE 'risk' END, 0, 0.1, 0.1, 0, 0.5, 1, 'rs-bench', '{}',
       'written by bench/ui_1m.sh',
       CASE WHEN o.declaration_id IS NULL THEN 'released' WHEN o.non_compliant = 1 THEN 'detained' ELSE 'released' END,
       coalesce(o.inspected_at, d.lodged_at + 60000)
FROM declarations d LEFT JOIN inspection_outcomes o ON o.declaration_id = d.declaration_id;
SQL
echo "store in $work"
echo "store prepared in $(seconds "$t") s: $(sqlite3 "$db" 'SELECT count(*) FROM decisions') decisions"

# A few declarations of today, through the API, so the queues have something in them.
token=$($aduana tokens create --db "$db" --name bench-analyst --role admin 2>/dev/null)
feed=$($aduana tokens create --db "$db" --name bench-feed --role integration 2>/dev/null)
port=18089
$aduana serve --db "$db" --port "$port" --web web/dist >"$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 600); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.5; done
$aduana feed --db "$db" --url "http://127.0.0.1:$port" --token "$feed" --rate 200 --count 400 --transits 40 \
  > "$work/feed.txt"
office=$(awk '$3 == "red" {print $2}' "$work/feed.txt" | sort | uniq -c | sort -rn | awk 'NR == 1 {print $2}')
declaration=$(awk '$3 == "red" {print $1; exit}' "$work/feed.txt")
node bench/ui_page_load.mjs "http://127.0.0.1:$port" "$token" "${office:-MX470}" "$declaration" 5
