// What selection achieved over a period: decisions by channel per day, hit rates per channel and of the random
// control sample, revenue recovered, clearance time, the top rules and the drift of the model's scores against
// training (the newest drift alert of the early-warning scan). Every figure is aggregated by the server
// (GET /v1/dashboard), so the page costs the same with a million declarations.
import { api, query } from "../api";
import { chart } from "../charts";
import { card, h, replace, table } from "../dom";
import { CHANNEL_COLOURS, count, fixed, money, percent } from "../format";
import type { PageContext } from "../main";

interface Outcomes {
  decisions: number;
  controlled: number;
  non_compliant: number;
  hit_rate: number;
  revenue: number;
}
interface Dashboard {
  from: string;
  to: string;
  daily: { day: string; red: number; yellow: number; green: number; blue: number }[];
  channels: (Outcomes & { channel: string })[];
  bases: (Outcomes & { basis: string })[];
  revenue_recovered: number;
  clearance_minutes: { released: number; p50: number; p90: number } | null;
  top_rules: { rule_id: string; version: number; selected: number; controlled: number; non_compliant: number; hit_rate: number; revenue: number }[];
  score_drift: { psi: number; alert_id: number; week: string; evidence: string } | null;
}

const CHANNELS = ["red", "yellow", "blue", "green"] as const;

export async function renderDashboard(root: HTMLElement, context: PageContext): Promise<void> {
  const params = new URLSearchParams(location.hash.split("?")[1] ?? "");
  const d = await api.get<Dashboard>("/v1/dashboard" + query({ from: params.get("from"), to: params.get("to") }));
  const from = h("input", { type: "date", name: "from", value: d.from });
  const to = h("input", { type: "date", name: "to", value: d.to });
  const period = h(
    "form",
    { class: "inline" },
    h("label", null, "From ", from),
    h("label", null, "to ", to),
    h("button", { type: "submit" }, "Show"),
  );
  period.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `#/dashboard?from=${from.value}&to=${to.value}`;
  });

  const decisions = d.channels.reduce((n, c) => n + c.decisions, 0);
  const controlled = d.channels.reduce((n, c) => n + c.controlled, 0);
  const random = d.bases.find((b) => b.basis === "random");
  const selected = d.bases.filter((b) => b.basis !== "random" && b.basis !== "release");
  const selectedHits = selected.reduce((n, b) => n + b.non_compliant, 0);
  const selectedControlled = selected.reduce((n, b) => n + b.controlled, 0);
  const kpis = h(
    "div",
    { class: "kpis" },
    kpi("Decisions", count(decisions), "kpi-decisions"),
    kpi("Controls with a result", count(controlled), "kpi-controlled"),
    kpi("Hit rate, risk-selected", percent(selectedControlled ? selectedHits / selectedControlled : 0), "kpi-hit-selected"),
    kpi("Hit rate, random sample", percent(random?.hit_rate ?? 0), "kpi-hit-random"),
    kpi("Revenue recovered", money(d.revenue_recovered), "kpi-revenue"),
    kpi(
      "Clearance time p50 / p90",
      d.clearance_minutes ? `${fixed(d.clearance_minutes.p50, 0)} / ${fixed(d.clearance_minutes.p90, 0)} min` : "–",
      "kpi-clearance",
    ),
  );

  const byDay = h("div", { class: "chart tall", "data-testid": "chart-daily" });
  const hitRates = h("div", { class: "chart", "data-testid": "chart-hit-rates" });
  replace(root,
    h("div", { class: "page-head" }, h("h1", null, "Dashboard"), period),
    kpis,
    card("Declarations by channel, per day", byDay),
    h(
      "div",
      { class: "grid2" },
      card("Hit rate by channel and for the random control sample", hitRates),
      card(
        "Model score drift",
        d.score_drift
          ? h("p", { "data-testid": "drift-psi" }, `PSI ${fixed(d.score_drift.psi)} against training (above 0.25: retrain or investigate)`)
          : h("p", { class: "muted" }, "No drift measured yet: the early-warning scan has not compared scores with training."),
        d.score_drift ? h("p", { class: "muted" }, d.score_drift.evidence) : null,
        d.score_drift && context.can("read_alerts")
          ? h("a", { href: `#/alerts/${d.score_drift.alert_id}` }, `Alert ${d.score_drift.alert_id}, week of ${d.score_drift.week}`)
          : null,
      ),
    ),
    card("Top rules", rulesTable(d)),
  );

  chart(byDay, {
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: CHANNELS.map(String) },
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: d.daily.map((r) => r.day) },
    yAxis: { type: "value" },
    series: CHANNELS.map((c) => ({
      name: c,
      type: "bar",
      stack: "all",
      itemStyle: { color: CHANNEL_COLOURS[c] },
      data: d.daily.map((r) => r[c]),
    })),
  });
  const bars = [
    ...d.channels.filter((c) => c.channel !== "green").map((c) => ({ name: c.channel, value: c.hit_rate, colour: CHANNEL_COLOURS[c.channel] })),
    ...(random ? [{ name: "random sample", value: random.hit_rate, colour: "#6d4c41" }] : []),
  ];
  chart(hitRates, {
    tooltip: { trigger: "axis", valueFormatter: (v: number) => percent(v) },
    grid: { left: 50, right: 20, top: 20, bottom: 30 },
    xAxis: { type: "category", data: bars.map((b) => b.name) },
    yAxis: { type: "value", axisLabel: { formatter: (v: number) => percent(v, 0) } },
    series: [{ type: "bar", data: bars.map((b) => ({ value: b.value, itemStyle: { color: b.colour } })) }],
  });

}

function kpi(label: string, value: string, testid: string): HTMLElement {
  return h("div", { class: "kpi", "data-testid": testid }, h("div", { class: "kpi-value" }, value), h("div", { class: "kpi-label" }, label));
}

function rulesTable(d: Dashboard): HTMLElement {
  if (d.top_rules.length === 0) return h("p", { class: "muted" }, "No rule selected a declaration in the period.");
  const widest = Math.max(...d.top_rules.map((r) => r.selected), 1);
  return table(d.top_rules, [
    { title: "Rule", cell: (r) => `${r.rule_id} v${r.version}` },
    { title: "Selected", numeric: true, cell: (r) => h("span", { class: "bar-cell" }, h("span", { class: "bar", style: `width:${(100 * r.selected) / widest}%` }), count(r.selected)) },
    { title: "Controlled", numeric: true, cell: (r) => count(r.controlled) },
    { title: "Hit rate", numeric: true, cell: (r) => percent(r.hit_rate) },
    { title: "Revenue", numeric: true, cell: (r) => money(r.revenue) },
  ]);
}
