#!/usr/bin/env bash
# Runtime of oversight over a large history (docs/benchmarks.md, "Early warning and audit plans"): a full
# early-warning pass over a year of 1M declarations (every detector, every week), storing the alerts, and a
# one-year post-clearance audit plan (point-in-time replay and scoring of every declaration, company evidence).
#
#   bench/oversight_1m.sh [DECLARATIONS]      # default 1000000: ~5 minutes on 2 cores, ~3 GB of disk
set -euo pipefail
cd "$(dirname "$0")/.."
declarations=${1:-1000000}
scripts/setup >/dev/null
[ -x build/aduana ] || scripts/build release >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/aduana-oversight.XXXXXX")
trap 'rm -rf "$work"' EXIT
aduana=build/aduana

seconds() { local start=$1; echo "$(( $(date +%s%N) - start ))" | awk '{printf "%.1f", $1 / 1e9}'; }

t=$(date +%s%N); $aduana generate --out "$work/data" --declarations "$declarations" --seed 1 --start 2025-01-01 \
  --days 365 >/dev/null; echo "generate: $(seconds "$t") s"
t=$(date +%s%N); $aduana ingest --db "$work/s.db" "$work/data" >/dev/null; echo "ingest: $(seconds "$t") s"
t=$(date +%s%N); $aduana train --db "$work/s.db" --until 2025-06-30 >/dev/null; echo "train (H1): $(seconds "$t") s"
echo "== early warning, the whole year (60 weeks of history read before each week's baselines)"
t=$(date +%s%N); $aduana alerts scan --db "$work/s.db" --from 2025-01-01 --to 2025-12-31
echo "alerts scan: $(seconds "$t") s"
echo "== post-clearance audit plan over the whole year, capacity 200"
t=$(date +%s%N); $aduana pca plan --db "$work/s.db" --from 2025-01-01 --to 2025-12-31 --capacity 200 \
  --csv "$work/plan.csv" > "$work/plan.txt"
echo "pca plan: $(seconds "$t") s"
head -1 "$work/plan.txt"
