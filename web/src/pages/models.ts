// Model versions: what each was trained on, how it did on the held-out latest part of its history (precision,
// recall and revenue share when a given share of declarations is inspected; lift by tenth of the ranking) and
// which inputs carry it (total gain).
import { api } from "../api";
import { chart, horizontalBars } from "../charts";
import { card, h, replace, table } from "../dom";
import { count, fixed, percent, when } from "../format";
import type { PageContext } from "../main";

interface Validation {
  declarations: number;
  non_compliant: number;
  auc: number | null;
  lift?: { decile: number; hit_rate: number; lift: number }[];
}
interface ModelSummary {
  model_id: number;
  created_at: string;
  label: string;
  trained_until: string;
  training_rows: number;
  active: boolean;
  metrics: { validation?: Validation; training_positive_rate?: number };
}
interface ModelDetail extends ModelSummary {
  features: string[];
  feature_importance: { feature: string; total_gain: number; splits: number }[];
  curves: { inspection_rate: number; precision: number; recall: number; revenue_share: number }[];
}

export async function renderModels(root: HTMLElement, context: PageContext): Promise<void> {
  const { models } = await api.get<{ models: ModelSummary[] }>("/v1/models");
  const chosen = Number(context.params[0] ?? models.find((m) => m.active)?.model_id ?? models[0]?.model_id ?? 0);
  replace(root,
    h("div", { class: "page-head" }, h("h1", null, "Models")),
    card(
      "Versions",
      models.length === 0
        ? h("p", { class: "muted" }, "No model trained yet: `aduana train --db PATH`.")
        : table(
            models,
            [
              { title: "Version", cell: (m) => h("a", { href: `#/models/${m.model_id}` }, `model ${m.model_id}`) },
              { title: "Label", cell: (m) => m.label },
              { title: "Created", cell: (m) => when(m.created_at) },
              { title: "Trained until", cell: (m) => when(m.trained_until) },
              { title: "Training rows", numeric: true, cell: (m) => count(m.training_rows) },
              { title: "Validation AUC", numeric: true, cell: (m) => fixed(m.metrics.validation?.auc ?? null) },
              { title: "", cell: (m) => (m.active ? h("span", { class: "chip green" }, "active") : "") },
            ],
            { "data-testid": "models-table" },
          ),
    ),
  );
  if (!chosen) return;
  const m = await api.get<ModelDetail>(`/v1/models/${chosen}`);
  const curves = h("div", { class: "chart", "data-testid": "chart-curves" });
  const importance = h("div", { class: "chart tall", "data-testid": "chart-importance" });
  const lift = h("div", { class: "chart" });
  const v = m.metrics.validation;
  root.append(
    h("h2", null, `Model ${m.model_id}`),
    h(
      "p",
      { class: "muted" },
      v
        ? `Validated on ${count(v.declarations)} inspected declarations (${count(v.non_compliant)} non-compliant), the latest of its history; AUC ${fixed(v.auc)}.`
        : "No validation figures were stored with this model.",
    ),
    h("div", { class: "grid2" }, card("Precision, recall and revenue at an inspection rate", curves), card("Lift by tenth of the ranking", lift)),
    card("What the model relies on (total gain, top 30 inputs)", importance),
  );
  chart(curves, {
    tooltip: { trigger: "axis", valueFormatter: (x: number) => percent(x) },
    legend: { top: 0, data: ["precision", "recall", "revenue share"] },
    grid: { left: 50, right: 20, top: 40, bottom: 40 },
    xAxis: { type: "category", name: "inspected", nameLocation: "middle", nameGap: 25, data: m.curves.map((c) => percent(c.inspection_rate, 0)) },
    yAxis: { type: "value", max: 1, axisLabel: { formatter: (x: number) => percent(x, 0) } },
    series: [
      { name: "precision", type: "line", data: m.curves.map((c) => c.precision) },
      { name: "recall", type: "line", data: m.curves.map((c) => c.recall) },
      { name: "revenue share", type: "line", data: m.curves.map((c) => c.revenue_share) },
    ],
  });
  chart(lift, {
    tooltip: { trigger: "axis" },
    grid: { left: 50, right: 20, top: 20, bottom: 40 },
    xAxis: { type: "category", name: "tenth", nameLocation: "middle", nameGap: 25, data: (v?.lift ?? []).map((r) => r.decile) },
    yAxis: { type: "value" },
    series: [{ type: "bar", itemStyle: { color: "#5e35b1" }, data: (v?.lift ?? []).map((r) => r.lift) }],
  });
  horizontalBars(importance, m.feature_importance.map((f) => f.feature), m.feature_importance.map((f) => f.total_gain));
}
