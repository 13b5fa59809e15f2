/**
 * One statistic of one layer over every logged step, as a small SVG line chart: a log
 * axis when the values span orders of magnitude, gaps where a step has no value, the
 * current step marked, alert steps flagged, steps whose inputs changed ticked; hovering
 * reads a value, clicking picks the nearest step. Colours come from CSS classes (dark mode).
 */

import { el, svgElement as svg } from "./dom";
import { formatStatistic, scaleFor, statisticInfo } from "./statistics";

const WIDTH = 360;
const HEIGHT = 118;
const PAD = { left: 62, right: 10, top: 8, bottom: 20 };

export interface TrendChartOptions {
  statistic: string;
  description: string;
  steps: number[];
  values: (number | null)[];
  currentStep: number | null;
  /** Steps where an alert about this statistic starts. */
  alertSteps: number[];
  /** Steps that ran on other inputs than the logged step before them: ticks on the step axis. */
  inputChangeSteps?: number[];
  /** The statistic the heatmap shows: drawn first and marked. */
  highlighted?: boolean;
  /** The same layer's statistic in other runs, overlaid (issue 25: one layer across runs). */
  others?: OtherRunLine[];
  onPick(step: number): void;
}

export interface OtherRunLine {
  run: string;
  steps: number[];
  values: (number | null)[];
  /** CSS colour of its line (the legend uses the same). */
  colour: string;
}

function label(parent: Element, x: number, y: number, text: string, anchor: string): void {
  svg("text", { x, y, "text-anchor": anchor, class: "mv-axis-label" }, parent).textContent = text;
}

export function trendChart(options: TrendChartOptions): HTMLElement {
  const info = statisticInfo(options.statistic);
  const { steps, values } = options;
  const format = (v: number | null | undefined) => formatStatistic(options.statistic, v);
  const currentIndex = options.currentStep === null ? -1 : steps.indexOf(options.currentStep);
  const readout = el(
    "span",
    { class: "mv-trend-value mv-mono" },
    currentIndex >= 0 ? format(values[currentIndex]) : "",
  );
  const card = el(
    "div",
    {
      class: "mv-trend" + (options.highlighted ? " is-highlighted" : ""),
      testid: "trend-chart",
      dataset: { statistic: options.statistic },
      title: options.description,
    },
    el("div", { class: "mv-trend-head" }, el("span", { class: "mv-trend-label" }, info.label), readout),
  );
  const chart = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: "mv-chart mv-trend-svg",
    role: "img",
    "aria-label": `${info.label} over steps`,
  });
  card.appendChild(chart);
  const others = options.others ?? [];
  const isNumber = (v: number | null): v is number => v !== null && Number.isFinite(v);
  const finite = [...values, ...others.flatMap((o) => o.values)].filter(isNumber);
  if (finite.length === 0) {
    label(chart, WIDTH / 2, HEIGHT / 2, "not recorded for this layer", "middle");
    card.classList.add("is-empty");
    return card;
  }

  const scale = scaleFor(info.kind, finite, info.preferLog);
  const log = scale.kind === "log";
  // A colour scale is symmetric around zero for signed values; an axis follows the data.
  let lo = scale.kind === "diverging" ? Math.min(...finite) : scale.lo;
  let hi = scale.kind === "diverging" ? Math.max(...finite) : scale.hi;
  if (!log && hi - lo <= 0) {
    const pad = Math.abs(hi) * 0.5 || 1;
    lo = info.kind === "signed" ? lo - pad : Math.max(0, lo - pad);
    hi = hi + pad;
  }
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const allSteps = [...steps, ...others.flatMap((o) => o.steps)];
  const s0 = Math.min(...allSteps);
  const s1 = Math.max(...allSteps);
  const x = (step: number) => PAD.left + (s1 === s0 ? plotW / 2 : ((step - s0) / (s1 - s0)) * plotW);
  const y = (v: number) => {
    const t = log
      ? v <= 0
        ? 0
        : (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo) || 1)
      : (v - lo) / (hi - lo);
    return PAD.top + plotH - Math.max(0, Math.min(1, t)) * plotH;
  };

  svg(
    "line",
    { x1: PAD.left, x2: WIDTH - PAD.right, y1: PAD.top + plotH + 0.5, y2: PAD.top + plotH + 0.5, class: "mv-axis" },
    chart,
  );
  if (!log && lo < 0 && hi > 0)
    svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0), class: "mv-zero-line" }, chart);
  label(chart, PAD.left - 5, PAD.top + 8, format(hi), "end");
  label(chart, PAD.left - 5, PAD.top + plotH, format(lo), "end");
  if (log) label(chart, PAD.left - 5, PAD.top + plotH / 2 + 4, "log", "end");
  label(chart, PAD.left, HEIGHT - 5, `step ${s0}`, "start");
  label(chart, WIDTH - PAD.right, HEIGHT - 5, `step ${s1}`, "end");

  for (const step of options.inputChangeSteps ?? []) {
    svg(
      "line",
      { x1: x(step), x2: x(step), y1: PAD.top + plotH - 5, y2: PAD.top + plotH + 4, class: "mv-trend-input-change" },
      chart,
    );
  }
  for (const step of options.alertSteps) {
    svg("line", { x1: x(step), x2: x(step), y1: PAD.top, y2: PAD.top + plotH, class: "mv-trend-alert" }, chart);
  }
  // The line, broken where a step has no value.
  const path = (lineSteps: number[], lineValues: (number | null)[]) => {
    let d = "";
    let pen = false;
    lineValues.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${x(lineSteps[i]).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    return d;
  };
  for (const other of others) {
    svg(
      "path",
      { d: path(other.steps, other.values), class: "mv-trend-other", stroke: other.colour, "data-run": other.run },
      chart,
    );
  }
  svg("path", { d: path(steps, values), class: "mv-trend-line" }, chart);
  if (steps.length <= 40) {
    values.forEach((v, i) => {
      if (v !== null && Number.isFinite(v))
        svg("circle", { cx: x(steps[i]), cy: y(v), r: 1.8, class: "mv-trend-point" }, chart);
    });
  }
  if (currentIndex >= 0) {
    const cx = x(steps[currentIndex]);
    svg("line", { x1: cx, x2: cx, y1: PAD.top, y2: PAD.top + plotH, class: "mv-cursor" }, chart);
    const v = values[currentIndex];
    if (v !== null && Number.isFinite(v)) svg("circle", { cx, cy: y(v), r: 3.5, class: "mv-cursor-dot" }, chart);
  }
  const guide = svg(
    "line",
    { x1: 0, x2: 0, y1: PAD.top, y2: PAD.top + plotH, class: "mv-trend-guide", visibility: "hidden" },
    chart,
  );

  const nearest = (event: MouseEvent): number => {
    const box = chart.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * WIDTH;
    let best = 0;
    for (let i = 1; i < steps.length; i++) if (Math.abs(x(steps[i]) - px) < Math.abs(x(steps[best]) - px)) best = i;
    return best;
  };
  const current = readout.textContent ?? "";
  chart.addEventListener("mousemove", (event) => {
    const i = nearest(event);
    guide.setAttribute("x1", String(x(steps[i])));
    guide.setAttribute("x2", String(x(steps[i])));
    guide.setAttribute("visibility", "visible");
    readout.textContent = `step ${steps[i]}: ${format(values[i])}`;
  });
  chart.addEventListener("mouseleave", () => {
    guide.setAttribute("visibility", "hidden");
    readout.textContent = current;
  });
  chart.addEventListener("click", (event) => options.onPick(steps[nearest(event)]));
  return card;
}
