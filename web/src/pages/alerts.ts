// Early-warning alerts: the list (filtered by status and detector, in pages), and for each its evidence, the
// declarations behind it, the rule it suggests and its workflow (new -> acknowledged -> resolved | dismissed).
import { api, describe, query } from "../api";
import { card, h, notice, replace, table } from "../dom";
import { fixed, when } from "../format";
import type { PageContext } from "../main";

export interface Alert {
  alert_id: number;
  detector: string;
  subject: string;
  subject_kind: string;
  severity: string;
  week: string;
  evidence: string;
  observed: number;
  baseline: number;
  declarations: string[];
  suggested_rule: string;
  status: string;
  status_at: string;
  status_by: string;
  status_note: string;
  raised_at: string;
}

const STATUSES = ["", "new", "acknowledged", "resolved", "dismissed"];
const NEXT: Record<string, string[]> = { new: ["acknowledged", "dismissed"], acknowledged: ["resolved", "dismissed"] };

export async function renderAlerts(root: HTMLElement, context: PageContext): Promise<void> {
  if (context.params[0]) return renderAlert(root, context, Number(context.params[0]));
  const params = new URLSearchParams(location.hash.split("?")[1] ?? "");
  const status = params.get("status") ?? "";
  const detector = params.get("detector") ?? "";
  const before = params.get("before") ?? "";
  const page = await api.get<{ alerts: Alert[]; next_before?: number }>("/v1/alerts" + query({ status, detector, before, limit: 50 }));
  const statusSelect = h("select", { name: "status" }, STATUSES.map((s) => h("option", { value: s, selected: s === status }, s || "any status")));
  const detectorInput = h("input", { name: "detector", value: detector, placeholder: "detector, e.g. cargo.route_deviation" });
  const filter = h("form", { class: "inline" }, statusSelect, detectorInput, h("button", { type: "submit" }, "Filter"));
  filter.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = "#/alerts" + query({ status: statusSelect.value, detector: detectorInput.value.trim() });
  });
  replace(root,
    h("div", { class: "page-head" }, h("h1", null, "Early-warning alerts"), filter),
    page.alerts.length === 0
      ? notice("info", "No alert matches.")
      : table(
          page.alerts,
          [
            { title: "#", cell: (a) => h("a", { href: `#/alerts/${a.alert_id}` }, String(a.alert_id)) },
            { title: "Severity", cell: (a) => h("span", { class: `chip sev-${a.severity}` }, a.severity) },
            { title: "Detector", cell: (a) => a.detector },
            { title: "Subject", cell: (a) => (a.subject_kind === "transit" ? h("a", { href: `#/cargo/${encodeURIComponent(a.subject)}` }, a.subject) : `${a.subject_kind} ${a.subject}`) },
            { title: "Week", cell: (a) => a.week },
            { title: "Evidence", cell: (a) => h("span", { class: "why" }, a.evidence) },
            { title: "Status", cell: (a) => a.status },
          ],
          { "data-testid": "alerts-table", class: "rows" },
        ),
    page.next_before ? h("a", { class: "button", href: "#/alerts" + query({ status, detector, before: page.next_before }) }, "Older alerts") : null,
  );
}

async function renderAlert(root: HTMLElement, context: PageContext, id: number): Promise<void> {
  const a = await api.get<Alert>(`/v1/alerts/${id}`);
  const message = h("div", { class: "message" });
  const note = h("input", { name: "note", size: 60, placeholder: "why (needed to resolve or dismiss)" });
  const move = async (to: string) => {
    try {
      await api.post(`/v1/alerts/${id}/status`, { status: to, note: note.value });
      location.reload();
    } catch (error) {
      replace(message, notice("error", describe(error)));
    }
  };
  const actions = context.can("manage_alerts") && NEXT[a.status]
    ? h("div", { class: "inline" }, note, NEXT[a.status].map((to) => h("button", { type: "button", onclick: () => void move(to) }, to)))
    : null;
  replace(root,
    h("div", { class: "page-head" }, h("h1", null, `Alert ${a.alert_id}: ${a.detector}`), h("span", { class: `chip sev-${a.severity}` }, a.severity)),
    card(
      "Evidence",
      h("p", { "data-testid": "alert-evidence" }, a.evidence),
      h("p", { class: "muted" }, `Observed ${fixed(a.observed)} against a baseline of ${fixed(a.baseline)}; ${a.subject_kind} ${a.subject}, week of ${a.week}, raised ${when(a.raised_at)}.`),
      a.subject_kind === "transit" ? h("p", null, h("a", { href: `#/cargo/${encodeURIComponent(a.subject)}` }, "Show the transit on the map")) : null,
      h("h3", null, "Declarations"),
      h("ul", { class: "links" }, a.declarations.map((d) => h("li", null, h("a", { href: `#/declarations/${encodeURIComponent(d)}` }, d)))),
    ),
    a.suggested_rule ? card("Suggested rule", h("pre", { class: "code" }, a.suggested_rule)) : null,
    card("Workflow", h("p", null, `Status ${a.status} since ${when(a.status_at)}${a.status_by ? ` by ${a.status_by}` : ""}${a.status_note ? `: ${a.status_note}` : ""}.`), actions, message),
  );
}
