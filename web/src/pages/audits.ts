// Post-clearance audit: plans (companies ranked by the revenue their released declarations probably kept, with a
// random control share), each candidate's evidence, and audit cases from opening to closing. Auditors only:
// this is taxpayer data.
import { api, describe } from "../api";
import { horizontalBars } from "../charts";
import { card, h, notice, onSubmit, replace, table } from "../dom";
import { count, money, when } from "../format";
import type { PageContext } from "../main";

interface Plan {
  plan_id: number;
  created_at: string;
  created_by: string;
  period_from: string;
  period_to: string;
  capacity: number;
  random_share: number;
  companies_ranked: number;
  candidates?: Candidate[];
}
interface Candidate {
  rank: number;
  company_id: string;
  selection: string;
  score: number;
  revenue_at_risk: number;
  declarations: number;
  released: number;
  declared_value: number;
  evidence: { indicators: string[]; riskiest_declarations: { declaration_id: string; expected_revenue: number }[] };
}
interface AuditCase {
  case_id: number;
  plan_id: number;
  company_id: string;
  period_from: string;
  period_to: string;
  selection: string;
  state: string;
  opened_at: string;
  auditor: string;
  non_compliant: boolean;
  amount_assessed: number;
  findings: string;
}

export async function renderAudits(root: HTMLElement, context: PageContext): Promise<void> {
  const [kind, id] = context.params;
  if (kind === "plans" && id) return renderPlan(root, context, Number(id));
  if (kind === "cases" && id) return renderCase(root, context, Number(id));
  const [{ plans }, { cases }] = await Promise.all([
    api.get<{ plans: Plan[] }>("/v1/pca/plans"),
    api.get<{ cases: AuditCase[] }>("/v1/cases"),
  ]);
  replace(root,
    h("div", { class: "page-head" }, h("h1", null, "Post-clearance audit")),
    card(
      "Audit plans",
      context.can("manage_audits") ? planForm() : null,
      table(plans, [
        { title: "Plan", cell: (p) => h("a", { href: `#/audits/plans/${p.plan_id}` }, `plan ${p.plan_id}`) },
        { title: "Period", cell: (p) => `${p.period_from} – ${p.period_to}` },
        { title: "Capacity", numeric: true, cell: (p) => count(p.capacity) },
        { title: "Random", numeric: true, cell: (p) => `${Math.round(100 * p.random_share)}%` },
        { title: "Companies ranked", numeric: true, cell: (p) => count(p.companies_ranked) },
        { title: "Made", cell: (p) => `${when(p.created_at)} by ${p.created_by}` },
      ], { "data-testid": "plans-table" }),
    ),
    card("Audit cases", casesTable(cases)),
  );
}

function planForm(): HTMLElement {
  const form = h(
    "form",
    { class: "inline" },
    h("label", null, "From ", h("input", { type: "date", name: "from", required: true })),
    h("label", null, "to ", h("input", { type: "date", name: "to", required: true })),
    h("label", null, "Capacity ", h("input", { type: "number", name: "capacity", min: 1, value: 50, required: true })),
    h("label", null, "Random share ", h("input", { type: "number", name: "random_share", min: 0, max: 1, step: "0.05", value: 0.1 })),
    h("button", { type: "submit" }, "Make a plan"),
  );
  const message = h("div", { class: "message" });
  onSubmit(form, message, async (data) => {
    const plan = await api.post<Plan>("/v1/pca/plans", {
      from: data.get("from"),
      to: data.get("to"),
      capacity: Number(data.get("capacity")),
      random_share: Number(data.get("random_share")),
    });
    location.hash = `#/audits/plans/${plan.plan_id}`;
  });
  return h("div", null, form, message);
}

function casesTable(cases: AuditCase[]): HTMLElement {
  if (cases.length === 0) return h("p", { class: "muted" }, "No case opened yet: open one from a plan's candidate.");
  return table(cases, [
    { title: "Case", cell: (c) => h("a", { href: `#/audits/cases/${c.case_id}` }, `case ${c.case_id}`) },
    { title: "Company", cell: (c) => c.company_id },
    { title: "Period", cell: (c) => `${c.period_from} – ${c.period_to}` },
    { title: "Selection", cell: (c) => c.selection },
    { title: "State", cell: (c) => c.state.replace(/_/g, " ") },
    { title: "Auditor", cell: (c) => c.auditor || "–" },
    { title: "Assessed", numeric: true, cell: (c) => money(c.amount_assessed) },
  ], { "data-testid": "cases-table" });
}

async function renderPlan(root: HTMLElement, context: PageContext, id: number): Promise<void> {
  const plan = await api.get<Plan>(`/v1/pca/plans/${id}`);
  const candidates = plan.candidates ?? [];
  const bars = h("div", { class: "chart tall" });
  replace(root,
    h("div", { class: "page-head" }, h("h1", null, `Audit plan ${plan.plan_id}`), h("span", { class: "muted" }, `${plan.period_from} – ${plan.period_to}`)),
    card("Revenue at risk of the candidates", bars),
    card(
      "Candidates",
      table(candidates, [
        { title: "#", cell: (c) => c.rank },
        { title: "Company", cell: (c) => h("strong", null, c.company_id) },
        { title: "Selection", cell: (c) => h("span", { class: `chip ${c.selection === "random" ? "random" : "red"}` }, c.selection) },
        { title: "Revenue at risk", numeric: true, cell: (c) => money(c.revenue_at_risk) },
        { title: "Released / declared", numeric: true, cell: (c) => `${count(c.released)} / ${count(c.declarations)}` },
        { title: "Evidence", cell: (c) => h("ul", { class: "compact" }, c.evidence.indicators.map((i) => h("li", null, i))) },
        {
          title: "",
          cell: (c) => (context.can("manage_audits") ? h("button", { type: "button", onclick: () => void openCase(plan.plan_id, c.company_id, root) }, "Open case") : ""),
        },
      ], { class: "rows", "data-testid": "candidates-table" }),
    ),
  );
  const top = candidates.slice(0, 25);
  horizontalBars(
    bars,
    top.map((c) => c.company_id),
    top.map((c) => ({ value: c.revenue_at_risk, itemStyle: { color: c.selection === "random" ? "#6d4c41" : "#c62828" } })),
  );
}

async function openCase(planId: number, companyId: string, root: HTMLElement): Promise<void> {
  try {
    const c = await api.post<AuditCase>("/v1/cases", { plan_id: planId, company_id: companyId });
    location.hash = `#/audits/cases/${c.case_id}`;
  } catch (error) {
    root.prepend(notice("error", describe(error)));
  }
}

async function renderCase(root: HTMLElement, context: PageContext, id: number): Promise<void> {
  const c = await api.get<AuditCase>(`/v1/cases/${id}`);
  const message = h("div", { class: "message" });
  const step = async (path: string, body: unknown) => {
    try {
      await api.post(`/v1/cases/${id}/${path}`, body);
      location.reload();
    } catch (error) {
      replace(message, notice("error", describe(error)));
    }
  };
  const auditor = h("input", { name: "auditor", placeholder: "auditor's name", value: c.auditor });
  const findings = h("textarea", { name: "findings", rows: 3 });
  findings.value = c.findings;
  const nonCompliant = h("input", { type: "checkbox", name: "non_compliant", checked: c.non_compliant });
  const amount = h("input", { type: "number", name: "amount_assessed", min: 0, step: "0.01", value: c.amount_assessed });
  const manage = context.can("manage_audits") && c.state !== "closed";
  replace(root,
    h("div", { class: "page-head" }, h("h1", null, `Audit case ${c.case_id}: ${c.company_id}`), h("span", { class: "state", "data-testid": "case-state" }, c.state.replace(/_/g, " "))),
    card(
      "Case",
      h("p", null, `Period ${c.period_from} – ${c.period_to}; ${c.selection} selection${c.plan_id ? ` from plan ${c.plan_id}` : ""}; opened ${when(c.opened_at)}.`),
      c.findings ? h("p", null, `Findings: ${c.findings} (${c.non_compliant ? "non-compliant" : "compliant"}, ${money(c.amount_assessed)} assessed)`) : null,
    ),
    manage
      ? card(
          "Work the case",
          h("div", { class: "inline" }, auditor, h("button", { type: "button", onclick: () => void step("assign", { auditor: auditor.value }) }, "Assign")),
          h(
            "div",
            { class: "stack" },
            h("label", null, nonCompliant, " non-compliant"),
            h("label", null, "Amount assessed ", amount),
            h("label", null, "Findings ", findings),
            h("button", { type: "button", onclick: () => void step("findings", { non_compliant: nonCompliant.checked, amount_assessed: Number(amount.value || 0), findings: findings.value }) }, "Record findings"),
          ),
          h("button", { type: "button", class: "primary", onclick: () => void step("close", {}) }, "Close the case"),
          message,
        )
      : null,
  );
}
