/**
 * How a layer's name is shown in every view: the model itself (the root, whose name is
 * empty) by its class name, as the graph and the layer table show it, and long
 * qualified names elided in the middle, so that both the start (which block) and the
 * leaf (which module) stay readable in a narrow column; the full name on hover.
 */

import { el } from "./dom";

/** The name a person reads: the qualified name, or the model's class for the root. */
export function layerLabel(layer: { name: string; type?: string | null }): string {
  return layer.name || layer.type || "(model)";
}

/**
 * A name that shrinks in the middle: "…h.0.attn.resid_dropout". The leaf (after the last
 * dot) is kept whole; the path before it is cut from its start by CSS when the column
 * is narrow, so the block number next to the leaf stays in view. `title` (default: the full name) shows on hover.
 */
export function elidedName(text: string, title: string = text, testid?: string): HTMLElement {
  const cut = text.lastIndexOf(".", text.length - 2);
  const head = cut > 0 ? text.slice(0, cut + 1) : "";
  const tail = cut > 0 ? text.slice(cut + 1) : text;
  return el(
    "span",
    { class: "mv-elide mv-mono", title, testid, attrs: { "aria-label": text } },
    head ? el("span", { class: "mv-elide-head" }, el("bdi", {}, head)) : null,
    el("span", { class: "mv-elide-tail" }, tail),
  );
}
