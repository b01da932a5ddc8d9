// ECharts, with only the chart kinds and components the pages use (a smaller bundle), and charts that follow
// their container's size and are disposed of when a page is left.
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent, DatasetComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, DatasetComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

const live = new Set<echarts.ECharts>();

export function chart(container: HTMLElement, option: ChartOption): echarts.ECharts {
  const instance = echarts.init(container, undefined, { renderer: "svg" });
  instance.setOption({ animation: false, ...option });
  live.add(instance);
  return instance;
}

// Called when the page changes.
export function disposeCharts(): void {
  for (const instance of live) instance.dispose();
  live.clear();
}

window.addEventListener("resize", () => {
  for (const instance of live) instance.resize();
});

// Horizontal bars, one a label, the first label at the top; the chart grows with the number of bars.
export function horizontalBars(
  container: HTMLElement,
  labels: string[],
  values: (number | { value: number; itemStyle: { color: string } })[],
  colour = "#00838f",
): echarts.ECharts {
  container.style.height = `${80 + 20 * labels.length}px`;
  return chart(container, {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 10, right: 30, top: 10, bottom: 20, containLabel: true },
    xAxis: { type: "value" },
    yAxis: { type: "category", inverse: true, data: labels, axisLabel: { width: 320, overflow: "truncate" } },
    series: [{ type: "bar", itemStyle: { color: colour }, data: values }],
  });
}
