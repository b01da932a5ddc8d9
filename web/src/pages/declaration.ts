// One declaration: its goods, documents and discrepancies, the importer's risk class and why, the decision's
// reasons (the model's contributions as a chart, the rules hit, the profile flags), the timeline from the audit
// trail, and, while it awaits control, the form for the inspection result (and for an officer's re-route).
import { api } from "../api";
import { horizontalBars } from "../charts";
import { card, h, notice, onSubmit, replace, table } from "../dom";
import { CHANNEL_COLOURS, count, fixed, money, percent, when } from "../format";
import type { PageContext } from "../main";

interface Item {
  item_number: number;
  hs_code: string;
  description: string;
  country_of_origin: string;
  quantity: number;
  quantity_unit: string;
  net_mass_kg: number;
  customs_value: number;
  duty_declared: number;
}
interface Contribution { feature: string; effect: number; text: string }
interface RuleHit { id: string; version: number; action: string; instructions: string; item_numbers: number[] }
interface Decision {
  channel: string;
  basis: string;
  random: boolean;
  risk: number;
  priority: number;
  threshold: number;
  expected_revenue: number;
  explanation: string;
  state: string;
  state_at: string;
  decided_at: string;
  model_id: number;
  rule_set: string;
  reasons: { model: Contribution[]; rules: RuleHit[]; discrepancies: string[]; importer_class?: string; trusted_trader?: boolean };
}
interface TimelineEntry { seq: number; at: string; actor: string; action: string; detail: Record<string, unknown> }
interface DeclarationView {
  declaration: Record<string, string | number> & { items: Item[] };
  decision: Decision | null;
  timeline: TimelineEntry[];
}
interface Rating {
  risk_class: string;
  aeo_status: string;
  grounds: { declarations: number; controls: number; controls_with_findings: number; finding_rate: number; all_traders_finding_rate: number; revenue_recovered: number };
  history: { at: string; from: string; to: string; reason: string }[];
}

const AWAITING_CONTROL = ["documentary_check", "physical_inspection"];
const FRAUD_TYPES = ["undervaluation", "misclassification", "origin", "quantity", "prohibited", "smuggling"];

export async function renderDeclaration(root: HTMLElement, context: PageContext): Promise<void> {
  const id = context.params[0] ?? "";
  const view = await api.get<DeclarationView>(`/v1/declarations/${encodeURIComponent(id)}`);
  const d = view.declaration;
  const decision = view.decision;
  const rating = await api.get<Rating>(`/v1/traders/${encodeURIComponent(String(d.importer_id))}/rating`).catch(() => null);
  const contributions = h("div", { class: "chart", "data-testid": "chart-contributions" });
  replace(root,
    h(
      "div",
      { class: "page-head" },
      h("h1", null, `Declaration ${id}`),
      decision ? h("span", { class: `chip big ${decision.channel}`, "data-testid": "channel" }, decision.channel) : null,
      decision ? h("span", { class: "state", "data-testid": "state" }, decision.state.replace(/_/g, " ")) : null,
    ),
    h("div", { class: "grid2" }, headerCard(d), entityCard(d, rating)),
    decision ? reasonsCard(decision, contributions) : notice("info", "No decision yet."),
    card(
      "Goods items",
      table(d.items, [
        { title: "#", cell: (i) => i.item_number },
        { title: "HS code", cell: (i) => i.hs_code },
        { title: "Description", cell: (i) => i.description },
        { title: "Origin", cell: (i) => i.country_of_origin },
        { title: "Quantity", numeric: true, cell: (i) => `${count(i.quantity)} ${i.quantity_unit}` },
        { title: "Net kg", numeric: true, cell: (i) => fixed(i.net_mass_kg, 1) },
        { title: "Customs value", numeric: true, cell: (i) => money(i.customs_value) },
        { title: "Value per kg", numeric: true, cell: (i) => (i.net_mass_kg > 0 ? fixed(i.customs_value / i.net_mass_kg, 2) : "–") },
      ]),
    ),
    decision && AWAITING_CONTROL.includes(decision.state) && context.can("record_inspection") ? inspectionCard(id, decision) : null,
    decision && AWAITING_CONTROL.includes(decision.state) && context.can("reroute") ? rerouteCard(id, decision) : null,
    timelineCard(view.timeline),
  );
  if (decision && decision.reasons.model.length > 0) drawContributions(contributions, decision.reasons.model);
}

function headerCard(d: DeclarationView["declaration"]): HTMLElement {
  const fields: [string, string][] = [
    ["Lodged", when(String(d.lodged_at))],
    ["Office", String(d.customs_office)],
    ["Procedure", String(d.procedure_code)],
    ["Importer", String(d.importer_id)],
    ["Declarant", String(d.declarant_id)],
    ["Supplier", `${d.supplier_id} (${d.supplier_country})`],
    ["Transport document", String(d.transport_document_id ?? "–")],
    ["Route", `${d.port_of_loading} → ${d.port_of_entry} (mode ${d.transport_mode})`],
    ["Customs value", `${money(Number(d.customs_value))} (invoice ${money(Number(d.invoice_amount))} ${d.currency})`],
    ["Gross mass", `${fixed(Number(d.gross_mass_kg), 1)} kg, ${d.packages} packages`],
  ];
  return card("Declaration", h("dl", { class: "facts" }, fields.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])));
}

function entityCard(d: DeclarationView["declaration"], rating: Rating | null): HTMLElement {
  if (!rating) return card("Importer", h("p", { class: "muted" }, "No rating for this importer."));
  const g = rating.grounds;
  return card(
    `Importer ${d.importer_id}`,
    h("p", null, "Risk class ", h("span", { class: `chip class-${rating.risk_class}`, "data-testid": "importer-class" }, rating.risk_class), ` · AEO: ${rating.aeo_status}`),
    h(
      "p",
      { class: "muted" },
      `${count(g.declarations)} declarations, ${count(g.controls)} controls, ${count(g.controls_with_findings)} with findings ` +
        `(${percent(g.finding_rate)} smoothed, all traders ${percent(g.all_traders_finding_rate)}); ${money(g.revenue_recovered)} recovered.`,
    ),
    rating.history.length
      ? h("ul", { class: "history" }, rating.history.slice(-5).map((c) => h("li", null, `${when(c.at)}: ${c.from} → ${c.to}. ${c.reason}`)))
      : null,
  );
}

function reasonsCard(decision: Decision, contributions: HTMLElement): HTMLElement {
  const r = decision.reasons;
  return card(
    "Why this channel",
    h("p", { "data-testid": "explanation" }, decision.explanation),
    h(
      "p",
      { class: "muted" },
      `Risk ${fixed(decision.risk)}, priority ${fixed(decision.priority)} against threshold ${fixed(decision.threshold)}, ` +
        `expected revenue ${money(decision.expected_revenue)}; basis ${decision.basis}${decision.random ? " (random control sample)" : ""}; ` +
        `model ${decision.model_id || "none"}, rules ${decision.rule_set}.`,
    ),
    h(
      "div",
      { class: "grid2" },
      h("div", null, h("h3", null, "Model contributions"), r.model.length ? contributions : h("p", { class: "muted" }, "No model contribution.")),
      h(
        "div",
        { "data-testid": "rules-hit" },
        h("h3", null, "Rules hit"),
        r.rules.length
          ? h("ul", null, r.rules.map((x) => h("li", null, h("strong", null, `${x.id} v${x.version}`), ` (${x.action}`, x.item_numbers?.length ? `, items ${x.item_numbers.join(", ")}` : "", `): ${x.instructions}`)))
          : h("p", { class: "muted" }, "No rule hit."),
        h("h3", null, "Flags"),
        h(
          "ul",
          null,
          r.discrepancies.map((k) => h("li", { class: "flag" }, `Document discrepancy: ${k.replace(/_/g, " ")}`)),
          r.importer_class ? h("li", null, `Importer risk class: ${r.importer_class}`) : null,
          r.trusted_trader ? h("li", null, "Trusted trader (AEO)") : null,
        ),
      ),
    ),
  );
}

function drawContributions(container: HTMLElement, model: Contribution[]): void {
  horizontalBars(
    container,
    model.map((c) => c.text),
    model.map((c) => ({ value: c.effect, itemStyle: { color: c.effect >= 0 ? CHANNEL_COLOURS.red : CHANNEL_COLOURS.green } })),
  );
}

function inspectionCard(id: string, decision: Decision): HTMLElement {
  const indicators = [...decision.reasons.rules.map((r) => r.id), ...decision.reasons.model.map((m) => m.feature)];
  const form = h(
    "form",
    { class: "stack", "data-testid": "inspection-form" },
    h(
      "fieldset",
      null,
      h("legend", null, "Result"),
      h("label", null, h("input", { type: "radio", name: "result", value: "compliant", checked: true }), " compliant"),
      h("label", null, h("input", { type: "radio", name: "result", value: "non_compliant" }), " non-compliant"),
    ),
    h("fieldset", null, h("legend", null, "Fraud found"), FRAUD_TYPES.map((t) => h("label", null, h("input", { type: "checkbox", name: "fraud_types", value: t }), ` ${t}`))),
    h("fieldset", null, h("legend", null, "Indicators the control confirmed"), indicators.map((t) => h("label", null, h("input", { type: "checkbox", name: "confirmed", value: t }), ` ${t}`))),
    h("label", null, "Additional revenue ", h("input", { type: "number", name: "additional_revenue", min: 0, step: "0.01", value: 0 })),
    h("label", null, h("input", { type: "checkbox", name: "seizure" }), " goods seized"),
    h("label", null, "Disposition ", h("select", { name: "disposition" }, h("option", { value: "release" }, "release"), h("option", { value: "detain" }, "detain"))),
    h("label", null, "Notes ", h("textarea", { name: "notes", rows: 3 })),
    h("button", { type: "submit" }, "Record result"),
  );
  const message = h("div", { class: "message" });
  onSubmit(form, message, async (data) => {
    const nonCompliant = data.get("result") === "non_compliant";
    const body = {
      channel: decision.channel,
      inspected_at: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      result: nonCompliant ? "non_compliant" : "compliant",
      fraud_types: nonCompliant ? data.getAll("fraud_types") : [],
      additional_revenue: nonCompliant ? Number(data.get("additional_revenue") || 0) : 0,
      seizure: data.get("seizure") !== null,
      notes: String(data.get("notes") ?? ""),
      confirmed: data.getAll("confirmed"),
      disposition: String(data.get("disposition")),
    };
    await api.post(`/v1/declarations/${encodeURIComponent(id)}/inspection`, body);
    location.reload();
  });
  return card("Record the control's result", form, message);
}

function rerouteCard(id: string, decision: Decision): HTMLElement {
  const form = h(
    "form",
    { class: "inline" },
    h("label", null, "Channel ", h("select", { name: "channel" }, ["red", "yellow", "green", "blue"].filter((c) => c !== decision.channel).map((c) => h("option", { value: c }, c)))),
    h("label", null, "Justification ", h("input", { name: "justification", minlength: 10, required: true, size: 50 })),
    h("button", { type: "submit" }, "Re-route"),
  );
  const message = h("div", { class: "message" });
  onSubmit(form, message, async (data) => {
    await api.post(`/v1/declarations/${encodeURIComponent(id)}/reroute`, { channel: data.get("channel"), justification: data.get("justification") });
    location.reload();
  });
  return card("Re-route (logged with its justification)", form, message);
}

function timelineCard(entries: TimelineEntry[]): HTMLElement {
  return card(
    "Timeline",
    h(
      "ol",
      { class: "timeline", "data-testid": "timeline" },
      entries.map((e) => h("li", null, h("time", null, when(e.at)), h("strong", null, ` ${e.action.replace(/_/g, " ")}`), ` by ${e.actor}`, summary(e.detail))),
    ),
  );
}

function summary(detail: Record<string, unknown>): string {
  const parts = ["channel", "state", "result", "explanation", "justification"].filter((k) => detail?.[k] !== undefined).map((k) => String(detail[k]));
  return parts.length ? `: ${parts.join(" · ")}` : "";
}
