#!/usr/bin/env bash
# HTTP throughput and latency of `aduana serve` under wrk on loopback (docs/benchmarks.md): four submissions of
# new declarations (each decided and written durably: group commit, fsync) for each read of a decision, with
# the shipped model (300 trees) and 1,000 active rules.
#
# In the same run: bare cpp-httplib configured alike under the same load (bench_http_baseline: the library
# baseline), and a light load of 4 connections for the latency of one decision when the server is not saturated.
#
#   bench/serve_wrk.sh [DECLARATIONS] [CONNECTIONS] [SECONDS]      # defaults 50000 32 30
set -euo pipefail
cd "$(dirname "$0")/.."
declarations=${1:-50000}
connections=${2:-32}
seconds=${3:-30}
scripts/setup >/dev/null
[ -x build/aduana ] && [ -x build/bench/bench_engine ] && [ -x build/bench/bench_http_baseline ] || \
  scripts/build release >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/aduana-wrk.XXXXXX")
trap 'kill "${serve_pid:-0}" "${baseline_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

build/aduana generate --out "$work/data" --declarations "$declarations" --seed 11 --start 2025-01-01 --days 365 >/dev/null
build/aduana ingest --db "$work/s.db" "$work/data" >/dev/null
build/aduana train --db "$work/s.db" >/dev/null
echo "== engine time per decision (bench_engine, 3,000 declarations, 1,000 rules)"
build/bench/bench_engine --db "$work/s.db" --count 3000
token=$(build/aduana tokens create --db "$work/s.db" --name wrk --role admin 2>/dev/null)
python3 - "$work/data" > "$work/bodies.jsonl" <<'PY'
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/declarations.csv")))[-2000:]
ids = {r["declaration_id"] for r in rows}
items = {}
for r in csv.DictReader(open(d + "/goods_items.csv")):
    if r["declaration_id"] in ids:
        items.setdefault(r["declaration_id"], []).append(r)
numbers = {"exchange_rate", "invoice_amount", "freight", "insurance", "customs_value", "gross_mass_kg", "packages",
           "transport_mode", "item_number", "quantity", "net_mass_kg", "duty_rate", "duty_declared"}
def record(r, skip=()):
    out = {}
    for k, v in r.items():
        if k in skip or v == "":
            continue
        out[k] = (int(v) if v.lstrip("-").isdigit() else float(v)) if k in numbers else v
    return out
for r in rows:
    if r["declaration_id"] not in items:
        continue
    j = record(r)
    j["items"] = [record(i, ("declaration_id",)) for i in items[r["declaration_id"]]]
    print(json.dumps(j, separators=(",", ":")))
PY
# The port from a server's "listening on http://HOST:PORT" line in the file $1.
port_of() {
  for _ in $(seq 1 240); do grep -q listening "$1" 2>/dev/null && break; sleep 0.5; done
  sed -n 's/.*:\([0-9]*\)$/\1/p' "$1"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# load PID PORT CONNECTIONS: wrk's summary, then the server's CPU time per request over the run.
load() {
  local before after
  before=$(cpu_ticks "$1")
  wrk -t2 -c"$3" -d"${seconds}s" --latency -s bench/serve_wrk.lua "http://127.0.0.1:$2" -- "$work/bodies.jsonl" \
    "$token" | tee "$work/wrk.out"
  after=$(cpu_ticks "$1")
  awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" '/requests in/ {
    printf "server CPU per request: %.3f ms\n", 1000 * t / hz / $1 }' "$work/wrk.out"
}
rate() { awk '/Requests\/sec/ {print $2}' "$work/wrk.out"; }

build/bench/bench_http_baseline 64 1800 > "$work/baseline.out" &
baseline_pid=$!
baseline_port=$(port_of "$work/baseline.out")
echo "== bare cpp-httplib (bench_http_baseline): $connections connections, $seconds s, same requests"
load "$baseline_pid" "$baseline_port" "$connections"
baseline_rate=$(rate)
kill "$baseline_pid"

build/aduana serve --db "$work/s.db" --port 0 --threads 64 > "$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
port=$(port_of "$work/serve.out")
echo "== aduana serve, light load: 4 connections, $seconds s, 4 submissions : 1 read"
load "$serve_pid" "$port" 4
echo "== aduana serve: $connections connections, $seconds s, 4 submissions : 1 read"
load "$serve_pid" "$port" "$connections"
awk -v a="$(rate)" -v b="$baseline_rate" 'BEGIN { printf "ratio to bare cpp-httplib, requests/s: %.3f\n", a / b }'
echo "== the server's own count"
curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/metrics" | \
  grep -E '^aduana_(decisions_total|commits_total|committed_jobs_total|http_responses_total|wal_)'
