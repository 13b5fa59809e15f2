/**
 * Small SVG charts for the Activations view: a value histogram and a statistic over
 * steps. Drawn with DOM calls; colours come from CSS classes so dark mode just works.
 */

import { svgElement as svgEl } from "./dom";
import { formatValue } from "./format";
import type { Histogram } from "./types";

function svgText(
  parent: Element,
  x: number,
  y: number,
  text: string,
  anchor: "start" | "middle" | "end",
  cls = "mv-axis-label",
): SVGTextElement {
  const node = svgEl("text", { x, y, "text-anchor": anchor, class: cls }, parent);
  node.textContent = text;
  return node;
}

/** Bars of a 32-bin histogram over [lo, hi]; `logScale` compresses a spike (ReLU zeros). */
export function histogramChart(hist: Histogram, logScale: boolean, width = 420, height = 150): SVGSVGElement {
  const svg = svgEl("svg", {
    viewBox: `0 0 ${width} ${height}`,
    class: "mv-chart",
    role: "img",
    "aria-label": "Histogram of output values",
  });
  const pad = { left: 8, right: 8, top: 8, bottom: 22 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const counts = hist.counts ?? [];
  const lo = hist.lo ?? 0;
  const hi = hist.hi ?? 0;
  const scale = (c: number) => (logScale ? Math.log10(1 + c) : c);
  const peak = Math.max(1e-12, ...counts.map(scale));
  const barW = counts.length ? plotW / counts.length : plotW;
  const total = counts.reduce((a, b) => a + b, 0);
  counts.forEach((count, i) => {
    const h = (scale(count) / peak) * plotH;
    const x0 = lo + ((hi - lo) * i) / counts.length;
    const x1 = lo + ((hi - lo) * (i + 1)) / counts.length;
    const bar = svgEl(
      "rect",
      {
        x: pad.left + i * barW + 0.5,
        y: pad.top + plotH - h,
        width: Math.max(0.5, barW - 1),
        height: Math.max(count > 0 ? 1 : 0, h),
        class: "mv-bar",
      },
      svg,
    );
    svgEl("title", {}, bar).textContent =
      `[${formatValue(x0)}, ${formatValue(x1)}): ${count.toLocaleString("en-US")} values (${total ? ((100 * count) / total).toFixed(1) : 0} %)`;
  });
  svgEl(
    "line",
    { x1: pad.left, x2: width - pad.right, y1: pad.top + plotH + 0.5, y2: pad.top + plotH + 0.5, class: "mv-axis" },
    svg,
  );
  if (lo < 0 && hi > 0) {
    const zx = pad.left + ((0 - lo) / (hi - lo)) * plotW;
    svgEl("line", { x1: zx, x2: zx, y1: pad.top, y2: pad.top + plotH, class: "mv-zero-line" }, svg);
    if (zx > pad.left + 40 && zx < width - pad.right - 40) svgText(svg, zx, height - 6, "0", "middle");
  }
  svgText(svg, pad.left, height - 6, formatValue(lo), "start");
  svgText(svg, width - pad.right, height - 6, formatValue(hi), "end");
  return svg;
}

/** One step of a layer's output statistics (layer_trends: null where the step has none). */
export interface SeriesPoint {
  step: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
}

type Described = SeriesPoint & { mean: number; std: number };

/**
 * A statistic over training steps: the mean with a ±std band and the min/max range,
 * a marker at the selected step; clicking picks the nearest step.
 */
export function historyChart(
  points: SeriesPoint[],
  currentStep: number,
  onPick: (step: number) => void,
  width = 420,
  height = 150,
): SVGSVGElement {
  const svg = svgEl("svg", {
    viewBox: `0 0 ${width} ${height}`,
    class: "mv-chart mv-history",
    role: "img",
    "aria-label": "Output statistics over steps",
  });
  const pad = { left: 48, right: 10, top: 8, bottom: 22 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const usable = points.filter((p): p is Described => p.mean !== null && p.std !== null);
  if (usable.length === 0) {
    svgText(svg, width / 2, height / 2, "No statistics recorded for this layer", "middle");
    return svg;
  }
  if (points.length < 2) {
    svgText(svg, width / 2, height / 2, "One step so far: the history appears from the second step", "middle");
    return svg;
  }
  const steps = points.map((p) => p.step);
  const s0 = Math.min(...steps);
  const s1 = Math.max(...steps);
  let v0 = Infinity;
  let v1 = -Infinity;
  for (const p of usable) {
    v0 = Math.min(v0, p.min ?? p.mean - p.std, p.mean - p.std);
    v1 = Math.max(v1, p.max ?? p.mean + p.std, p.mean + p.std);
  }
  if (v0 === v1) {
    v0 -= 1;
    v1 += 1;
  }
  const x = (step: number) => pad.left + (s1 === s0 ? plotW / 2 : ((step - s0) / (s1 - s0)) * plotW);
  const y = (v: number) => pad.top + plotH - ((v - v0) / (v1 - v0)) * plotH;
  const path = (values: [number, number][]) =>
    values.map(([sx, v], i) => `${i ? "L" : "M"}${x(sx).toFixed(1)},${y(v).toFixed(1)}`).join("");
  const range = usable.filter((p) => p.min !== null && p.max !== null);
  if (range.length) {
    const upper = range.map((p) => [p.step, p.max!] as [number, number]);
    const lower = range.map((p) => [p.step, p.min!] as [number, number]).reverse();
    svgEl("path", { d: path(upper) + path(lower).replace(/^M/, "L") + "Z", class: "mv-band-range" }, svg);
  }
  const upper = usable.map((p) => [p.step, p.mean + p.std] as [number, number]);
  const lower = usable.map((p) => [p.step, p.mean - p.std] as [number, number]).reverse();
  svgEl("path", { d: path(upper) + path(lower).replace(/^M/, "L") + "Z", class: "mv-band-std" }, svg);
  svgEl("path", { d: path(usable.map((p) => [p.step, p.mean])), class: "mv-line-mean" }, svg);
  if (v0 < 0 && v1 > 0)
    svgEl("line", { x1: pad.left, x2: width - pad.right, y1: y(0), y2: y(0), class: "mv-zero-line" }, svg);
  svgText(svg, pad.left - 6, pad.top + 8, formatValue(v1), "end");
  svgText(svg, pad.left - 6, pad.top + plotH, formatValue(v0), "end");
  svgText(svg, pad.left, height - 6, `step ${s0}`, "start");
  svgText(svg, width - pad.right, height - 6, `step ${s1}`, "end");
  const cx = x(currentStep);
  svgEl("line", { x1: cx, x2: cx, y1: pad.top, y2: pad.top + plotH, class: "mv-cursor" }, svg);
  const current = usable.find((p) => p.step === currentStep);
  if (current) svgEl("circle", { cx, cy: y(current.mean), r: 3.5, class: "mv-cursor-dot" }, svg);
  svg.addEventListener("click", (event) => {
    const box = svg.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * width;
    let best = points[0].step;
    for (const p of points) if (Math.abs(x(p.step) - px) < Math.abs(x(best) - px)) best = p.step;
    onPick(best);
  });
  return svg;
}
