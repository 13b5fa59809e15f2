/**
 * A tensor's distribution over the logged steps, as TensorBoard's Histograms tab draws it
 * in its "offset" mode: one ridge per step, the earliest at the back (top), the latest
 * in front, on a shared value axis. Each ridge is the stored 32-bin histogram of that
 * step (docs/format.md) drawn as a density, each ridge scaled to its own peak: a
 * distribution that widens a thousandfold (a learning rate too high) keeps its shape
 * visible, and the shared value axis shows the widening. The current step is outlined
 * in the accent colour.
 */

import { el, svgElement as svg } from "./dom";
import { formatValue } from "./format";
import type { Histogram } from "./types";

const WIDTH = 360;
const HEIGHT = 150;
const PAD = { left: 44, right: 10, top: 6, bottom: 18 };
/** Height of a ridge at its peak; the ridges overlap like a ridgeline plot. */
const RIDGE = 46;
/** More steps than this are thinned evenly (the first, last and current kept). */
export const MAX_RIDGES = 40;

export interface DistributionOptions {
  title: string;
  testid?: string;
  steps: number[];
  histograms: (Histogram | null | undefined)[];
  currentStep: number | null;
}

/** Indices of the steps drawn: all of them, or MAX_RIDGES spread evenly with `keep` included. */
export function ridgeIndices(count: number, keep: number, max = MAX_RIDGES): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  const chosen = new Set<number>();
  for (let i = 0; i < max; i++) chosen.add(Math.round((i * (count - 1)) / (max - 1)));
  if (keep >= 0) chosen.add(keep);
  return [...chosen].sort((a, b) => a - b);
}

/** Density of each bin (count per unit of value, over the histogram's total). */
export function densities(hist: Histogram): number[] {
  const total = hist.counts.reduce((a, b) => a + b, 0);
  const width = ((hist.hi ?? 0) - (hist.lo ?? 0)) / hist.counts.length;
  if (total === 0) return hist.counts.map(() => 0);
  // A constant tensor (lo = hi) has all its values in one bin of no width: draw it as a spike.
  return hist.counts.map((c) => (width > 0 ? c / total / width : c / total));
}

export function distributionChart(options: DistributionOptions): HTMLElement {
  const { steps, histograms } = options;
  const card = el(
    "div",
    {
      class: "mv-trend mv-distribution",
      testid: options.testid ?? "distribution-chart",
      dataset: { title: options.title },
    },
    el("div", { class: "mv-trend-head" }, el("span", { class: "mv-trend-label mv-mono" }, options.title)),
  );
  const chart = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: "mv-chart mv-distribution-svg",
    role: "img",
    "aria-label": `Distribution of ${options.title} over steps`,
  });
  card.appendChild(chart);
  const usable = (h: Histogram | null | undefined): h is Histogram =>
    !!h && h.lo !== null && h.hi !== null && Array.isArray(h.counts) && h.counts.length > 0;
  const current = options.currentStep === null ? -1 : steps.indexOf(options.currentStep);
  const indices = ridgeIndices(steps.length, current).filter((i) => usable(histograms[i]));
  if (indices.length === 0) {
    svg("text", { x: WIDTH / 2, y: HEIGHT / 2, "text-anchor": "middle", class: "mv-axis-label" }, chart).textContent =
      "no histogram stored";
    card.classList.add("is-empty");
    return card;
  }
  let lo = Infinity;
  let hi = -Infinity;
  const shapes = new Map<number, number[]>();
  for (const i of indices) {
    const hist = histograms[i] as Histogram;
    lo = Math.min(lo, hist.lo!);
    hi = Math.max(hi, hist.hi!);
    const d = densities(hist);
    shapes.set(i, d);
  }
  if (hi <= lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const x = (v: number) => PAD.left + ((v - lo) / (hi - lo)) * plotWidth;
  const baseTop = PAD.top + RIDGE;
  const baseBottom = HEIGHT - PAD.bottom;
  const gap = indices.length > 1 ? (baseBottom - baseTop) / (indices.length - 1) : 0;
  indices.forEach((i, order) => {
    const hist = histograms[i] as Histogram;
    const d = shapes.get(i)!;
    const base = indices.length > 1 ? baseTop + order * gap : baseBottom;
    const bins = d.length;
    const binWidth = (hist.hi! - hist.lo!) / bins;
    const peak = Math.max(...d);
    const points: string[] = [`M${x(hist.lo!).toFixed(1)},${base.toFixed(1)}`];
    for (let k = 0; k < bins; k++) {
      const h = peak > 0 ? (d[k] / peak) * RIDGE : 0;
      const centre = binWidth > 0 ? hist.lo! + (k + 0.5) * binWidth : hist.lo!;
      points.push(`L${x(centre).toFixed(1)},${(base - h).toFixed(1)}`);
    }
    points.push(`L${x(hist.hi!).toFixed(1)},${base.toFixed(1)}Z`);
    // Later steps darker, as in TensorBoard; the current step outlined.
    const age = indices.length > 1 ? order / (indices.length - 1) : 1;
    svg(
      "path",
      {
        d: points.join(""),
        class: "mv-ridge" + (i === current ? " is-current" : ""),
        "fill-opacity": (0.25 + 0.6 * age).toFixed(2),
        "data-step": steps[i],
      },
      chart,
    );
  });
  // Axes: value range below, first and last drawn step at the left.
  const axis = (tx: number, ty: number, text: string, anchor: string) => {
    svg("text", { x: tx, y: ty, "text-anchor": anchor, class: "mv-axis-label" }, chart).textContent = text;
  };
  axis(PAD.left, HEIGHT - 4, formatValue(lo), "start");
  axis(WIDTH - PAD.right, HEIGHT - 4, formatValue(hi), "end");
  if (lo < 0 && hi > 0) {
    svg("line", { x1: x(0), x2: x(0), y1: PAD.top, y2: baseBottom, class: "mv-ridge-zero" }, chart);
    axis(x(0), HEIGHT - 4, "0", "middle");
  }
  axis(PAD.left - 6, baseTop, `step ${steps[indices[0]]}`, "end");
  if (indices.length > 1) axis(PAD.left - 6, baseBottom, `${steps[indices[indices.length - 1]]}`, "end");
  return card;
}
