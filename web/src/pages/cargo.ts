// Cargo monitoring: approved routes with their stop zones, the live position of every transit in flight and the
// alerts raised on it, drawn offline (d3-geo over world-atlas, no tile server); and one consignment's timeline
// with its track against its route.
import { geoMercator, geoPath, type GeoPermissibleObjects } from "d3-geo";
import { feature } from "topojson-client";
import type { Topology, GeometryCollection } from "topojson-specification";
import countries50m from "world-atlas/countries-50m.json";
import { api } from "../api";
import { card, h, replace, table } from "../dom";
import { percent, when } from "../format";
import type { PageContext } from "../main";

interface Zone { zone_id: string; lat: number; lon: number; radius_m: number; max_stop_minutes: number }
interface Route { route_id: string; name: string; polyline: string; tolerance_m: number; stop_zones: Zone[] }
interface Transit {
  transit_id: string;
  declaration_id: string;
  route_id: string;
  device_id?: string;
  carrier_id?: string;
  departed_at?: string;
  deadline?: string;
  destination_office?: string;
  arrived: boolean;
  progress: number;
  last_fix?: { at: string; lat: number; lon: number };
  alerts: string[];
}
interface Timeline {
  transit: Transit;
  timeline: { at: string; stage: string; what: string }[];
  track: { at: string; lat: number; lon: number; speed_kmh?: number }[];
}

const SVG = "http://www.w3.org/2000/svg";
type LonLat = [number, number];

export async function renderCargo(root: HTMLElement, context: PageContext): Promise<void> {
  if (context.params[0]) return renderTransit(root, context.params[0]);
  const [{ routes }, { transits }] = await Promise.all([
    api.get<{ routes: Route[] }>("/v1/routes"),
    api.get<{ transits: Transit[] }>("/v1/transits"),
  ]);
  const alerted = transits.filter((t) => t.alerts.length > 0);
  const map = drawMap(routes, transits, []);
  replace(root,
    h("div", { class: "page-head" }, h("h1", null, "Cargo monitoring"), h("span", { class: "muted" }, `${transits.length} transits in flight, ${alerted.length} with alerts, ${routes.length} approved routes`)),
    card("Map", map, legend()),
    card(
      "Transits with alerts",
      alerted.length === 0
        ? h("p", { class: "muted" }, "No transit in flight has raised an alert.")
        : table(alerted, [
            { title: "Transit", cell: (t) => h("a", { href: `#/cargo/${encodeURIComponent(t.transit_id)}` }, t.transit_id) },
            { title: "Declaration", cell: (t) => h("a", { href: `#/declarations/${encodeURIComponent(t.declaration_id)}` }, t.declaration_id) },
            { title: "Route", cell: (t) => t.route_id },
            { title: "Progress", numeric: true, cell: (t) => percent(t.progress, 0) },
            { title: "Last fix", cell: (t) => when(t.last_fix?.at) },
            { title: "Alerts", cell: (t) => t.alerts.map((a) => h("span", { class: "chip red" }, a.replace(/_/g, " "))) },
          ], { "data-testid": "cargo-alerts" }),
    ),
  );
}

async function renderTransit(root: HTMLElement, id: string): Promise<void> {
  const [t, { routes }] = await Promise.all([
    api.get<Timeline>(`/v1/transits/${encodeURIComponent(id)}`),
    api.get<{ routes: Route[] }>("/v1/routes"),
  ]);
  const route = routes.filter((r) => r.route_id === t.transit.route_id);
  replace(root,
    h("div", { class: "page-head" }, h("h1", null, `Transit ${t.transit.transit_id}`), h("a", { href: `#/declarations/${encodeURIComponent(t.transit.declaration_id)}` }, `declaration ${t.transit.declaration_id}`)),
    h(
      "div",
      { class: "grid2" },
      card("Track against the approved route", drawMap(route, [], t.track.map((p) => [p.lon, p.lat] as LonLat))),
      card(
        "Timeline",
        h("ol", { class: "timeline", "data-testid": "transit-timeline" }, t.timeline.map((e) => h("li", { class: `stage-${e.stage}` }, h("time", null, when(e.at)), h("strong", null, ` ${e.stage}`), ` ${e.what}`))),
      ),
    ),
  );
}

function points(polyline: string): LonLat[] {
  return polyline
    .split(";")
    .map((pair) => pair.trim().split(/\s+/).map(Number))
    .filter((p) => p.length === 2 && p.every(Number.isFinite))
    .map(([lat, lon]) => [lon, lat] as LonLat);
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

function drawMap(routes: Route[], transits: Transit[], track: LonLat[]): SVGSVGElement {
  const width = 960;
  const height = 560;
  const lines = routes.map((r) => ({ route: r, coords: points(r.polyline) }));
  const extentPoints: LonLat[] = [
    ...lines.flatMap((l) => l.coords),
    ...transits.flatMap((t) => (t.last_fix ? [[t.last_fix.lon, t.last_fix.lat] as LonLat] : [])),
    ...track,
  ];
  const frame: GeoPermissibleObjects = extentPoints.length
    ? { type: "MultiPoint", coordinates: extentPoints }
    : { type: "MultiPoint", coordinates: [[-118, 14], [-86, 33]] }; // Mexico when there is nothing to show
  const projection = geoMercator().fitExtent([[30, 30], [width - 30, height - 30]], frame);
  const path = geoPath(projection);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "map", role: "img", "aria-label": "map of routes and transits", "data-testid": "cargo-map" });
  root.appendChild(svg("rect", { x: 0, y: 0, width, height, class: "sea" }));
  const topology = countries50m as unknown as Topology<{ countries: GeometryCollection }>;
  const land = feature(topology, topology.objects.countries);
  for (const country of land.features) root.appendChild(svg("path", { d: path(country) ?? "", class: "land" }));
  for (const { route, coords } of lines) {
    const line = svg("path", { d: path({ type: "LineString", coordinates: coords }) ?? "", class: "route", "data-route": route.route_id });
    line.appendChild(title(`${route.route_id}: ${route.name} (corridor ${route.tolerance_m} m)`));
    root.appendChild(line);
    for (const z of route.stop_zones) {
      const [x, y] = projection([z.lon, z.lat]) ?? [0, 0];
      const zone = svg("circle", { cx: x, cy: y, r: 5, class: "zone" });
      zone.appendChild(title(`stop zone ${z.zone_id}: up to ${z.max_stop_minutes} min`));
      root.appendChild(zone);
    }
  }
  if (track.length > 1) root.appendChild(svg("path", { d: path({ type: "LineString", coordinates: track }) ?? "", class: "track" }));
  for (const t of transits) {
    if (!t.last_fix) continue;
    const [x, y] = projection([t.last_fix.lon, t.last_fix.lat]) ?? [0, 0];
    const link = svg("a", { href: `#/cargo/${encodeURIComponent(t.transit_id)}` });
    const marker = svg("circle", { cx: x, cy: y, r: t.alerts.length ? 8 : 5, class: t.alerts.length ? "transit alerted" : "transit", "data-transit": t.transit_id });
    marker.appendChild(title(`${t.transit_id} (${percent(t.progress, 0)} of route ${t.route_id})${t.alerts.length ? ": " + t.alerts.join(", ") : ""}`));
    link.appendChild(marker);
    if (t.alerts.length) {
      const label = svg("text", { x: x + 11, y: y + 4, class: "alert-label" });
      label.textContent = t.alerts.map((a) => a.replace(/_/g, " ")).join(", ");
      link.appendChild(label);
    }
    root.appendChild(link);
  }
  return root;
}

function title(text: string): SVGTitleElement {
  const t = document.createElementNS(SVG, "title");
  t.textContent = text;
  return t;
}

function legend(): HTMLElement {
  return h(
    "p",
    { class: "legend" },
    h("span", { class: "swatch route" }), " approved route ",
    h("span", { class: "swatch zone" }), " stop zone ",
    h("span", { class: "swatch transit" }), " transit in flight ",
    h("span", { class: "swatch alerted" }), " transit with an alert",
  );
}
