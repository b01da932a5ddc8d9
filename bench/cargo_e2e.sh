#!/usr/bin/env bash
# End-to-end delay from a tracking event to its alert through `aduana serve` on loopback (docs/benchmarks.md):
# 200 transits registered on an approved route, then for each one batch of 20 positions and an opened seal,
# posted as NDJSON. The answer comes after the batch is stored (group commit, fsync), offered to the monitor and
# the alert stored, so the request's time is the delay from the events reaching Aduana to the alert in the
# workflow. Prints p50, p99 and max, and checks every answer carried its alert.
#
#   bench/cargo_e2e.sh [TRANSITS]      # default 200
set -euo pipefail
cd "$(dirname "$0")/.."
transits=${1:-200}
scripts/setup >/dev/null
[ -x build/aduana ] || scripts/build release >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/aduana-cargo-e2e.XXXXXX")
trap 'kill "${serve_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

build/aduana generate --out "$work/data" --declarations 3000 --seed 3 --start 2025-01-01 --days 90 >/dev/null
build/aduana ingest --db "$work/s.db" "$work/data" >/dev/null
build/aduana train --db "$work/s.db" --rounds 10 >/dev/null
admin=$(build/aduana tokens create --db "$work/s.db" --name bench-admin --role admin 2>/dev/null)
feed=$(build/aduana tokens create --db "$work/s.db" --name bench-feed --role integration 2>/dev/null)
build/aduana serve --db "$work/s.db" --port 0 --threads 8 > "$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
for _ in $(seq 1 240); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.5; done
port=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$work/serve.out")
python3 - "$port" "$admin" "$feed" "$work/data/declarations.csv" "$transits" <<'PY'
import csv, http.client, json, sys, time
from datetime import datetime, timedelta, timezone
port, admin, feed, declarations, count = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
conn = http.client.HTTPConnection("127.0.0.1", int(port))
def post(path, token, body, kind="application/json"):
    conn.request("POST", path, body, {"Authorization": "Bearer " + token, "Content-Type": kind})
    r = conn.getresponse()
    return r.status, json.loads(r.read())
ts = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
route = {"route_id": "E2E", "name": "bench corridor", "tolerance_m": 1000,
         "polyline": ";".join(f"{19 + i * 0.1:.6f} -99.000000" for i in range(11))}
assert post("/v1/routes", admin, json.dumps(route))[0] in (200, 201)
ids = [r["declaration_id"] for r in csv.DictReader(open(declarations))][:count]
now = datetime.now(timezone.utc).replace(microsecond=0)
for k, d in enumerate(ids):
    t = {"transit_id": f"TB-{k}", "declaration_id": d, "departure_office": "MX430", "destination_office": "MX200",
         "route_id": "E2E", "device_id": f"DEV-B{k}", "departed_at": ts(now - timedelta(minutes=30)),
         "deadline": ts(now + timedelta(hours=5))}
    status, body = post("/v1/transits", feed, json.dumps(t))
    assert status in (200, 201), body
times = []
for k in range(len(ids)):
    lines = []
    for i in range(20):
        at = now - timedelta(minutes=29) + timedelta(seconds=60 * i)
        lines.append(json.dumps({"device_id": f"DEV-B{k}", "event_time": ts(at), "lat": 19 + 0.01 * i, "lon": -99.0,
                                 "speed_kmh": 60, "event_type": "position", "seal_status": "closed"}))
    lines.append(json.dumps({"device_id": f"DEV-B{k}", "event_time": ts(now - timedelta(minutes=9)), "lat": 19.2,
                             "lon": -99.0, "speed_kmh": 0, "event_type": "seal_opened", "seal_status": "open"}))
    started = time.perf_counter()
    status, body = post("/v1/tracking/events", feed, "\n".join(lines) + "\n", "application/x-ndjson")
    times.append((time.perf_counter() - started) * 1000)
    assert status == 200 and body["stored"] == 21, body
    assert [a["detector"] for a in body["alerts"]] == ["cargo.seal_opened"], body
times.sort()
pick = lambda q: times[min(len(times) - 1, int(q * (len(times) - 1) + 0.5))]
print(f"{len(times)} batches of 21 events, each answered with its stored alert: "
      f"p50 {pick(0.5):.2f} ms, p99 {pick(0.99):.2f} ms, max {times[-1]:.2f} ms")
PY
