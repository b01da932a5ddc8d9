// Analyst rules: the active set with what each version selected and found (live and over history), and an editor
// for the whole set in the rule language (docs/rules.md). A rule that does not compile is shown in place (line
// and column from the server's 422 rule_error); a dry run over history gives each rule's selections and hit rate
// before the set is activated.
import { api, ApiError, describe } from "../api";
import { card, h, notice, replace, table } from "../dom";
import { count, money, percent, when } from "../format";
import type { PageContext } from "../main";

interface Figures { selected: number; controlled?: number; inspected?: number; non_compliant: number; revenue: number }
interface StoredRule {
  id: string;
  version: number;
  active: boolean;
  author: string;
  loaded_at: string;
  source: string;
  live?: Figures & { since: string };
  statistics?: Figures & { period_from?: string; period_to?: string };
}
interface DryRun {
  declarations: number;
  inspected: number;
  non_compliant: number;
  hit_rate: number;
  rules: { id: string; version: number; selected: number; inspected: number; non_compliant: number; hit_rate: number; revenue: number; judgement: string }[];
}

export async function renderRules(root: HTMLElement, context: PageContext): Promise<void> {
  const { rules } = await api.get<{ rules: StoredRule[] }>("/v1/rules");
  const active = rules.filter((r) => r.active);
  const editable = context.can("manage_rules");
  replace(root,
    h("div", { class: "page-head" }, h("h1", null, "Rules"), h("span", { class: "muted" }, `${active.length} active, ${rules.length} versions stored`)),
    card("Active rules", activeTable(active)),
    editorCard(active, editable),
  );
}

function activeTable(active: StoredRule[]): HTMLElement {
  return table(
    active,
    [
      { title: "Rule", cell: (r) => h("strong", null, `${r.id} v${r.version}`) },
      { title: "Author", cell: (r) => r.author },
      { title: "Loaded", cell: (r) => when(r.loaded_at) },
      { title: "Selected (live)", numeric: true, cell: (r) => count(r.live?.selected ?? 0) },
      { title: "Controlled", numeric: true, cell: (r) => count(r.live?.controlled ?? 0) },
      { title: "Hit rate (live)", numeric: true, cell: (r) => rate(r.live) },
      { title: "Hit rate (history)", numeric: true, cell: (r) => rate(r.statistics) },
      { title: "Revenue (history)", numeric: true, cell: (r) => money(r.statistics?.revenue) },
    ],
    { "data-testid": "rules-table" },
  );
}

function rate(f?: Figures): string {
  if (!f) return "–";
  const controlled = f.controlled ?? f.inspected ?? 0;
  return controlled > 0 ? percent(f.non_compliant / controlled) : "–";
}

function editorCard(active: StoredRule[], editable: boolean): HTMLElement {
  const source = active.map((r) => r.source.trimEnd()).join("\n\n") + "\n";
  const gutter = h("pre", { class: "gutter", "aria-hidden": "true" });
  const editor = h("textarea", { class: "code", name: "source", spellcheck: "false", rows: 24, "data-testid": "rule-editor", readonly: !editable });
  editor.value = source;
  const problem = h("div", { class: "problem", "data-testid": "rule-error" });
  const results = h("div", { "data-testid": "dry-run" });
  const status = h("div", { class: "message", "data-testid": "rule-status" });
  const lines = () => {
    const n = editor.value.split("\n").length;
    gutter.textContent = Array.from({ length: n }, (_, i) => String(i + 1)).join("\n");
    gutter.scrollTop = editor.scrollTop;
  };
  editor.addEventListener("input", () => {
    lines();
    replace(problem);
    gutter.querySelectorAll(".bad").forEach((e) => e.classList.remove("bad"));
  });
  editor.addEventListener("scroll", () => (gutter.scrollTop = editor.scrollTop));
  lines();

  const from = h("input", { type: "date", name: "from" });
  const to = h("input", { type: "date", name: "to" });
  const run = async (what: "dry-run" | "activate") => {
    replace(problem);
    replace(status, notice("info", what === "dry-run" ? "Running the rules over history…" : "Activating…"));
    try {
      if (what === "dry-run") {
        const body: Record<string, string> = { source: editor.value };
        if (from.value) body.from = from.value;
        if (to.value) body.to = to.value;
        const r = await api.post<DryRun>("/v1/rules/dry-run", body);
        replace(results, dryRunTable(r));
        replace(status, notice("info", `Dry run done: ${count(r.declarations)} declarations of history.`));
      } else {
        await api.post("/v1/rules/activate", { source: editor.value });
        replace(status, notice("info", "Activated: the next decision uses these rules."));
      }
    } catch (error) {
      replace(status);
      if (error instanceof ApiError && error.code === "rule_error") showProblem(error.message, editor, gutter, problem);
      else replace(status, notice("error", describe(error)));
    }
  };
  return card(
    editable ? "Edit the rule set" : "Rule set (read only for your role)",
    h("div", { class: "editor" }, gutter, editor),
    problem,
    editable
      ? h(
          "div",
          { class: "inline" },
          h("label", null, "History from ", from),
          h("label", null, "to ", to),
          h("button", { type: "button", onclick: () => void run("dry-run") }, "Dry run"),
          h("button", { type: "button", class: "primary", onclick: () => void run("activate") }, "Activate"),
        )
      : null,
    status,
    results,
  );
}

// "rules:4:35: expected a value after '>'": marks line 4 in the gutter, puts the caret at column 35 and says why.
function showProblem(message: string, editor: HTMLTextAreaElement, gutter: HTMLElement, problem: HTMLElement): void {
  const m = /^rules:(\d+):(\d+): (.*)$/s.exec(message);
  if (!m) {
    replace(problem, notice("error", message));
    return;
  }
  const line = Number(m[1]);
  const column = Number(m[2]);
  const numbers = (gutter.textContent ?? "").split("\n");
  gutter.replaceChildren(...numbers.map((n, i) => (i + 1 === line ? h("span", { class: "bad" }, n + "\n") : document.createTextNode(n + "\n"))));
  const offset = editor.value.split("\n").slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + Math.max(0, column - 1);
  editor.focus();
  editor.setSelectionRange(offset, offset + 1);
  replace(problem, notice("error", `Line ${line}, column ${column}: ${m[3]}`));
  problem.dataset.line = String(line);
}

function dryRunTable(r: DryRun): HTMLElement {
  return h(
    "div",
    null,
    h("p", null, `Over ${count(r.declarations)} declarations the set selects declarations of which ${count(r.inspected)} were inspected; ${count(r.non_compliant)} non-compliant (hit rate ${percent(r.hit_rate)}).`),
    table(r.rules, [
      { title: "Rule", cell: (x) => `${x.id} v${x.version}` },
      { title: "Selected", numeric: true, cell: (x) => count(x.selected) },
      { title: "Inspected", numeric: true, cell: (x) => count(x.inspected) },
      { title: "Non-compliant", numeric: true, cell: (x) => count(x.non_compliant) },
      { title: "Hit rate", numeric: true, cell: (x) => percent(x.hit_rate) },
      { title: "Revenue", numeric: true, cell: (x) => money(x.revenue) },
      { title: "Judgement", cell: (x) => (x.judgement ? h("span", { class: "chip warn" }, x.judgement) : "") },
    ]),
  );
}
