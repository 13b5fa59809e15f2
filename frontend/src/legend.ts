/** A colour legend for a value scale: a colour bar with its ends (and zero) labelled. */

import { drawColorbar } from "./colormap";
import { el } from "./dom";
import { ZERO_COLOR, type ValueScale } from "./statistics";

export interface LegendOptions {
  title?: string;
  format(value: number): string;
  /** Extra swatch for cells or nodes without a value. */
  missing?: string;
  /** Colour of that swatch (default: the empty-cell colour). */
  missingColor?: string;
  testid?: string;
}

export function colorLegend(scale: ValueScale, options: LegendOptions): HTMLElement {
  const bar = el("canvas", { class: "mv-legend-bar", attrs: { "aria-hidden": "true" } });
  drawColorbar(bar, scale.colormap);
  const labels = el(
    "div",
    { class: "mv-legend-labels" },
    el("span", {}, options.format(scale.lo)),
    scale.kind === "diverging" || scale.kind === "symlog"
      ? el("span", {}, "0")
      : scale.kind === "log"
        ? el("span", { class: "mv-muted" }, "log scale")
        : null,
    el("span", {}, options.format(scale.hi)),
  );
  return el(
    "div",
    { class: "mv-legend", testid: options.testid, dataset: { scale: scale.kind } },
    options.title ? el("div", { class: "mv-legend-title" }, options.title) : null,
    el("div", { class: "mv-legend-scale" }, bar, labels),
    scale.kind === "symlog"
      ? el("div", { class: "mv-muted mv-legend-note" }, "log scale both ways: every ×10 the same step of colour")
      : null,
    scale.hasZero || options.missing
      ? el(
          "div",
          { class: "mv-legend-missing" },
          scale.hasZero ? el("span", { class: "mv-legend-swatch", style: { background: ZERO_COLOR } }) : null,
          scale.hasZero ? "exactly 0" : null,
          options.missing
            ? el("span", {
                class: "mv-legend-swatch",
                style: options.missingColor ? { background: options.missingColor } : {},
              })
            : null,
          options.missing ?? null,
        )
      : null,
  );
}
