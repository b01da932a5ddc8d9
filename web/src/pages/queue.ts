// The officer's queue: what awaits control at an office, per channel, oldest first (GET /v1/queue), each with the
// reason it was selected. The office is remembered between visits.
import { api, query } from "../api";
import { h, notice, replace, table } from "../dom";
import { fixed, money, when } from "../format";
import type { PageContext } from "../main";

interface DecisionRow {
  declaration_id: string;
  decided_at: string;
  office: string;
  channel: string;
  basis: string;
  random: boolean;
  risk: number;
  priority: number;
  expected_revenue: number;
  explanation?: string;
  state?: string;
}

interface Capacity {
  office: string;
  red: number;
  yellow: number;
  blue: number;
  today: { declarations: number; red: number; yellow: number; blue: number; random: number };
}

const OFFICE_KEY = "aduana.office";
const CHANNELS = ["red", "yellow", "blue"];

export async function renderQueue(root: HTMLElement, _: PageContext): Promise<void> {
  const params = new URLSearchParams(location.hash.split("?")[1] ?? "");
  const office = params.get("office") ?? localStorage.getItem(OFFICE_KEY) ?? (await busiestOffice());
  const channel = CHANNELS.includes(params.get("channel") ?? "") ? params.get("channel")! : "red";
  const officeInput = h("input", { name: "office", value: office, placeholder: "office code, e.g. MX470", required: true, size: 10 });
  const form = h("form", { class: "inline" }, h("label", null, "Office ", officeInput), h("button", { type: "submit" }, "Open"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `#/queue?office=${encodeURIComponent(officeInput.value.trim())}&channel=${channel}`;
  });
  const tabs = h(
    "div",
    { class: "tabs", role: "tablist" },
    CHANNELS.map((c) =>
      h("a", { href: `#/queue?office=${encodeURIComponent(office)}&channel=${c}`, class: `tab ${c}${c === channel ? " active" : ""}`, role: "tab" }, c),
    ),
  );
  replace(root, h("div", { class: "page-head" }, h("h1", null, "Queue"), form), tabs);
  if (!office) {
    root.appendChild(notice("info", "Enter an office code to see its queue."));
    return;
  }
  localStorage.setItem(OFFICE_KEY, office);
  const [q, capacity] = await Promise.all([
    api.get<{ decisions: DecisionRow[]; state: string }>("/v1/queue" + query({ office, channel, limit: 200 })),
    api.get<Capacity>(`/v1/capacities/${encodeURIComponent(office)}`).catch(() => null),
  ]);
  if (capacity) root.appendChild(capacityLine(capacity));
  root.appendChild(h("p", { class: "muted" }, `${q.decisions.length} declaration(s) awaiting ${q.state.replace(/_/g, " ")} at ${office}, oldest first.`));
  if (q.decisions.length === 0) return;
  root.appendChild(decisionTable(q.decisions, "queue"));
}

// Today's use of the office's daily capacity per channel: what selection may still send to control.
function capacityLine(c: Capacity): HTMLElement {
  const used = (channel: "red" | "yellow" | "blue") =>
    h("span", { class: `capacity ${channel}` }, `${channel} ${c.today[channel]} of ${c[channel]}`);
  return h(
    "p",
    { class: "capacity-line", "data-testid": "capacity" },
    `Today at ${c.office}: ${c.today.declarations} declarations; controls used `,
    used("red"), " · ", used("yellow"), " · ", used("blue"),
    `; ${c.today.random} in the random sample.`,
  );
}

function decisionTable(rows: DecisionRow[], testid: string): HTMLTableElement {
  return table(
    rows,
    [
      { title: "Declaration", cell: (d) => h("a", { href: `#/declarations/${encodeURIComponent(d.declaration_id)}` }, d.declaration_id) },
      { title: "Decided", cell: (d) => when(d.decided_at) },
      { title: "Channel", cell: (d) => h("span", { class: `chip ${d.channel}` }, d.channel) },
      { title: "Basis", cell: (d) => (d.random ? h("span", { class: "chip random" }, "random") : d.basis) },
      { title: "Risk", numeric: true, cell: (d) => fixed(d.risk) },
      { title: "Expected revenue", numeric: true, cell: (d) => money(d.expected_revenue) },
      { title: "Why", cell: (d) => h("span", { class: "why" }, d.explanation ?? "") },
    ],
    { "data-testid": testid, class: "rows" },
  );
}

// With no office chosen yet, the one with the most recent decisions (when the server lists decisions).
async function busiestOffice(): Promise<string> {
  try {
    const recent = await api.get<{ decisions: DecisionRow[] }>("/v1/declarations?limit=1");
    return recent.decisions[0]?.office ?? "";
  } catch {
    return "";
  }
}
