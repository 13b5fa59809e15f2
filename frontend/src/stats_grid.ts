/**
 * A tensor's summary statistics as a grid of labelled values, and the rule for drawing its
 * histogram with log counts: one look wherever a layer's output is summed up (the
 * Activations tab, the graph's side panel).
 */

import { el } from "./dom";
import { formatCount, formatExact, formatPercent, formatValue, markEstimated } from "./format";
import { reaches } from "./statistics";
import type { Histogram, Stats } from "./types";

/** The grid of `stats` (≈ marks estimated values; warning colours where a value is a problem). */
export function statsGrid(stats: Stats, testid: string): HTMLElement {
  const item = (field: string, label: string, value: string, title: string, warn = false) => {
    const shown = markEstimated(stats.estimated, field, value);
    return el(
      "div",
      {
        class: "mv-stat" + (warn ? " is-warn" : ""),
        title: shown === value ? title : `${title}, estimated from a subset of the values`,
      },
      el("div", { class: "mv-stat-label" }, label),
      el("div", { class: "mv-stat-value mv-mono" }, shown),
    );
  };
  return el(
    "div",
    { class: "mv-stats", testid },
    item("mean", "mean", formatValue(stats.mean), "Mean of the finite values"),
    item("std", "std", formatValue(stats.std), "Standard deviation of the finite values"),
    item("min", "min", formatValue(stats.min), "Smallest finite value"),
    item("max", "max", formatValue(stats.max), "Largest finite value"),
    item("absmax", "|max|", formatValue(stats.absmax), "Largest magnitude"),
    item(
      "zeros",
      "zeros",
      formatPercent(stats.zeros),
      "Fraction of exact zeros",
      reaches("activation_zeros", "warning", stats.zeros),
    ),
    item("nan", "NaN", formatExact(stats.nan), "Count of NaN values", stats.nan > 0),
    item("inf", "Inf", formatExact(stats.inf), "Count of infinite values", stats.inf > 0),
    item("numel", "values", formatCount(stats.numel), `${formatExact(stats.numel)} values in the whole output`),
  );
}

/**
 * Whether a histogram reads better with log counts: one bin holds most of the values (a
 * ReLU's zeros), which would flatten every other bar to nothing.
 */
export function spikyHistogram(hist: Histogram | null | undefined): boolean {
  const counts = hist?.counts ?? [];
  const total = counts.reduce((a, b) => a + b, 0);
  return total > 0 && Math.max(...counts) > 0.5 * total;
}
