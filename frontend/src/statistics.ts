/**
 * The per-layer metrics as the server's registry defines them (format/metrics.py, the
 * `metrics` route): how to name them, format them and map them onto colours. Every view
 * reads them from here and knows no metric by name; the numbers themselves come from the
 * server. A scale is chosen from the values and the metric's hints, so a norm spanning
 * six orders of magnitude is drawn on a log scale and a signed mean on a diverging map
 * centred on zero.
 */

import { colormapCss, type ColormapName } from "./colormap";
import { formatBytes, formatCount, formatExact, formatFlops, formatPercent, formatValue } from "./format";
import type { MetricDef } from "./types";

/** signed: may be negative (diverging map); positive: magnitudes; fraction: 0..1; count: integers ≥ 0. */
export type StatisticKind = MetricDef["scale"];

export interface StatisticInfo {
  name: string;
  label: string;
  description: string;
  kind: StatisticKind;
  /** Draw on a log scale as soon as the values span a few times (not only 100×). */
  preferLog: boolean;
  unit: string;
  /** How a folded run of repeated blocks shows its members. */
  combine: "sum" | "max";
  overTime: boolean;
  /** Trends draws its line for every layer ("always"), where it has a non-zero value ("when_present"), or when picked (""). */
  trend: string;
  thresholds: Record<string, number>;
}

let REGISTRY: StatisticInfo[] = [];
let BY_NAME = new Map<string, StatisticInfo>();

/** Take the server's registry (called once, before the views are built). */
export function setMetrics(defs: readonly MetricDef[]): void {
  REGISTRY = defs.map((m) => ({
    name: m.key,
    label: m.label,
    description: m.description,
    kind: m.scale,
    preferLog: m.log_scale,
    unit: m.unit,
    combine: m.group,
    overTime: m.over_time,
    trend: m.trend,
    thresholds: m.thresholds ?? {},
  }));
  BY_NAME = new Map(REGISTRY.map((s) => [s.name, s]));
}

/** Every metric, in the order the pickers list them (the graph overlay's choices). */
export function allMetrics(): readonly StatisticInfo[] {
  return REGISTRY;
}

/** The metrics read from step documents: the heatmap's, Trends' and Compare's choices. */
export function overTimeMetrics(): readonly StatisticInfo[] {
  return REGISTRY.filter((s) => s.overTime);
}

export function statisticInfo(name: string): StatisticInfo {
  return (
    BY_NAME.get(name) ?? {
      name,
      label: name,
      description: "",
      kind: "signed",
      preferLog: false,
      unit: "",
      combine: "max",
      overTime: true,
      trend: "",
      thresholds: {},
    }
  );
}

/** A level of the metric's (its "warning" or "alert" threshold), or undefined where it has none. */
export function metricThreshold(name: string, level: string): number | undefined {
  return statisticInfo(name).thresholds[level];
}

/** Whether a value reaches the metric's level (its "warning" or "alert" threshold); false where it has none. */
export function reaches(name: string, level: string, value: number | null | undefined): boolean {
  const threshold = metricThreshold(name, level);
  return threshold !== undefined && value !== null && value !== undefined && value >= threshold;
}

const FORMATS: Record<string, (value: number | null | undefined) => string> = {
  fraction: formatPercent,
  count: formatExact,
  flops: formatFlops,
  bytes: formatBytes,
  parameters: formatCount,
};

export function formatStatistic(name: string, value: number | null | undefined): string {
  return (FORMATS[statisticInfo(name).unit] ?? formatValue)(value);
}

/** A mapping of values onto [0, 1] (a position on a colour map) and its legend. */
export interface ValueScale {
  kind: "linear" | "log" | "diverging" | "symlog";
  lo: number;
  hi: number;
  colormap: ColormapName;
  /** Some values are exactly zero, which a log scale shows apart (ZERO_COLOR). */
  hasZero?: boolean;
  /** Position on the colour map of a value; NaN for values the scale cannot place (0 on a log scale). */
  position(value: number): number;
}

/**
 * Exactly zero on a log scale: a layer whose update ratio or gradient is 0 did not move
 * at all, which is worth seeing apart from "small".
 */
export const ZERO_COLOR = "#e8417e";

/** The CSS colour of a value on a scale. */
export function colorOf(scale: ValueScale, value: number): string {
  const t = scale.position(value);
  return Number.isNaN(t) ? ZERO_COLOR : colormapCss(scale.colormap, t);
}

/** A log scale needs positive values spanning more than this factor to be worth it. */
const LOG_SPAN = 100;
/** ... or this factor for statistics read in orders of magnitude (update ratios). */
const PREFERRED_LOG_SPAN = 3;

export function linearScale(lo: number, hi: number, colormap: ColormapName = "viridis"): ValueScale {
  const span = hi - lo;
  return {
    kind: "linear",
    lo,
    hi,
    colormap,
    position: (v) => (span > 0 ? clamp01((v - lo) / span) : 0.5),
  };
}

export function logScale(lo: number, hi: number, colormap: ColormapName = "viridis"): ValueScale {
  const l0 = Math.log10(lo);
  const span = Math.log10(hi) - l0;
  return {
    kind: "log",
    lo,
    hi,
    colormap,
    position: (v) => (v <= 0 ? NaN : span > 0 ? clamp01((Math.log10(v) - l0) / span) : 0.5),
  };
}

/** Symmetric around zero on the diverging map: blue below, white at 0, red above. */
export function divergingScale(magnitude: number): ValueScale {
  const m = magnitude > 0 && Number.isFinite(magnitude) ? magnitude : 1;
  return { kind: "diverging", lo: -m, hi: m, colormap: "diverging", position: (v) => clamp01(0.5 + v / (2 * m)) };
}

/** The scale that shows `values` of a statistic of this kind best. */
export function scaleFor(
  kind: StatisticKind,
  values: Iterable<number | null | undefined>,
  preferLog = false,
): ValueScale {
  let lo = Infinity;
  let hi = -Infinity;
  let minPositive = Infinity;
  let zeros = false;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (v > 0 && v < minPositive) minPositive = v;
    if (v === 0) zeros = true;
  }
  if (kind === "fraction") return linearScale(0, 1);
  if (lo === Infinity) return linearScale(0, 1);
  if (kind === "signed" && lo < 0 && hi > 0) return divergingScale(Math.max(-lo, hi));
  if (kind === "count") return linearScale(0, Math.max(hi, 1), "magma");
  // For update ratios and gradients an exact 0 is news (nothing moved): a log scale shows it apart.
  const wide = hi / minPositive > (preferLog ? PREFERRED_LOG_SPAN : LOG_SPAN);
  if (lo >= 0 && minPositive !== Infinity && (wide || (preferLog && zeros))) {
    return { ...logScale(minPositive, hi), hasZero: zeros };
  }
  return linearScale(lo, hi);
}

/**
 * Changes below this size are drawn on the linear part of the change scale (a fraction:
 * 0.01 is 1 %); above it each factor of ten takes the same length of the colour map.
 */
export const SYMLOG_LINEAR_ZONE = 0.01;

/**
 * A symmetric-log scale on the diverging map: 0 is white, −m and +m its ends, and in
 * between sign(v) · log10(1 + |v| / c), so that changes spanning orders of magnitude all
 * get a colour: beside a +1,508,331 % outlier, a −100 % change (a ReLU gone fully dead)
 * is still a third of the way to the end, where a linear scale would leave it white.
 */
export function symlogScale(magnitude: number, linearZone = SYMLOG_LINEAR_ZONE): ValueScale {
  const m = magnitude > 0 && Number.isFinite(magnitude) ? magnitude : 1;
  const c = Math.min(linearZone, m);
  const compress = (v: number) => Math.sign(v) * Math.log10(1 + Math.abs(v) / c);
  const end = compress(m);
  return {
    kind: "symlog",
    lo: -m,
    hi: m,
    colormap: "diverging",
    position: (v) => clamp01(0.5 + compress(v) / (2 * end)),
  };
}

/** Changes whose largest is within this factor of the linear zone are drawn linearly. */
const SYMLOG_MIN_SPAN = 10;

/**
 * The scale of relative changes ((B − A) / |A|): symmetric around zero, its ends at the
 * largest change. Where the changes span orders of magnitude it is a symmetric-log scale
 * (symlogScale), so that no layer's change, however large, washes out the others; small
 * changes (all within ±10 %) keep a linear diverging scale.
 */
export function changeScale(values: Iterable<number | null | undefined>): ValueScale {
  let largest = 0;
  for (const v of values)
    if (v !== null && v !== undefined && Number.isFinite(v)) largest = Math.max(largest, Math.abs(v));
  if (largest === 0) return divergingScale(1);
  return largest > SYMLOG_LINEAR_ZONE * SYMLOG_MIN_SPAN ? symlogScale(largest) : divergingScale(largest);
}

function clamp01(t: number): number {
  return Math.min(1, Math.max(0, t));
}
