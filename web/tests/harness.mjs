// A hermetic Aduana for the browser tests: four months of generated trade, the first 100 days ingested as history
// (trained on, with the example rules, an early-warning scan and an audit plan), the last three weeks replayed
// through the API with the controls' results (`aduana replay`), so the store holds decisions and outcomes day by
// day; then a token per role, `aduana serve` on a free port serving the built UI, declarations and the latest
// transits fed through it now (`aduana feed`), and a transit that leaves its route.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, "../..");
const aduana = process.env.ADUANA_BIN ?? join(repo, "build/aduana");
export const ROLES = ["admin", "analyst", "officer", "auditor", "integration"];
export const REPLAYED = { from: "2025-04-10", to: "2025-04-30" };

function run(...args) {
  return execFileSync(aduana, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export async function startAduana() {
  const dir = mkdtempSync(join(tmpdir(), "aduana-ui-"));
  const db = join(dir, "ui.db");
  const data = join(dir, "data");
  run("generate", "--out", data, "--declarations", "4000", "--seed", "7", "--start", "2025-01-01", "--days", "120",
      "--malformed-rate", "0");
  execFileSync(join(repo, "scripts/split-history"), [data, join(dir, "history"), REPLAYED.from]);
  run("ingest", "--db", db, join(dir, "history"));
  run("train", "--db", db);
  run("rules", "load", join(repo, "docs/examples/selectivity.rules"), "--db", db);
  run("alerts", "scan", "--db", db, "--from", "2025-02-01", "--to", "2025-04-09");
  run("pca", "plan", "--db", db, "--from", "2025-01-01", "--to", "2025-04-09", "--capacity", "20");
  run("replay", "--db", db, "--data", data, "--from", REPLAYED.from, "--random-rate", "0.02");
  const tokens = {};
  for (const role of ROLES) tokens[role] = run("tokens", "create", "--db", db, "--name", `${role}-ui`, "--role", role).trim();

  const server = spawn(aduana, ["serve", "--db", db, "--port", "0", "--web", join(repo, "web/dist")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  server.stderr.on("data", (chunk) => (stderr += chunk));
  const base = await new Promise((resolvePort, reject) => {
    let out = "";
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) resolvePort(m[1]);
    });
    server.on("exit", (code) => reject(new Error(`aduana serve exited (${code}): ${stderr}`)));
  });
  const aduanaServer = {
    base,
    db,
    tokens,
    async api(role, method, path, body, contentType = "application/json") {
      const response = await fetch(base + path, {
        method,
        headers: { Authorization: `Bearer ${tokens[role]}`, "Content-Type": contentType },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return JSON.parse(text);
    },
    async stop() {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  run("feed", "--db", db, "--url", base, "--token", tokens.integration, "--rate", "500", "--count", "120", "--transits", "12");
  return aduanaServer;
}

// A transit on route `route` whose device reports along the first part of the route, then 3 to 20 km off it:
// the monitor raises a route deviation. Times are recent, so the transit is in flight.
export async function planDeviatingTransit(server, declarationId) {
  const { routes } = await server.api("admin", "GET", "/v1/routes");
  const route = routes[0];
  const points = route.polyline.split(";").map((p) => p.trim().split(/\s+/).map(Number));
  const now = Date.now();
  const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
  const transit = {
    transit_id: "T-UI-DEVIATES",
    declaration_id: declarationId,
    departure_office: "MX430",
    destination_office: "MX200",
    route_id: route.route_id,
    device_id: "GPS-UI-DEVIATES",
    departed_at: iso(now - 150 * 60_000),
    deadline: iso(now + 6 * 3_600_000),
  };
  await server.api("integration", "POST", "/v1/transits", transit);
  const fixes = [];
  for (let i = 0; i + 1 < Math.min(points.length, 6); i++) {
    const [a, b] = [points[i], points[i + 1]];
    for (let k = 0; k < 4; k++) fixes.push([a[0] + ((b[0] - a[0]) * k) / 4, a[1] + ((b[1] - a[1]) * k) / 4]);
  }
  const [lat, lon] = fixes[fixes.length - 1];
  for (let k = 1; k <= 8; k++) fixes.push([lat + 0.02 * k, lon - 0.03 * k]);
  let t = now - 140 * 60_000;
  const lines = fixes.map(([la, lo]) => {
    t += 4 * 60_000;
    return JSON.stringify({ device_id: transit.device_id, event_time: iso(t), lat: +la.toFixed(6), lon: +lo.toFixed(6), event_type: "position", seal_status: "closed" });
  });
  const result = await server.api("integration", "POST", "/v1/tracking/events", lines.join("\n") + "\n", "application/x-ndjson");
  return { transit, result };
}
