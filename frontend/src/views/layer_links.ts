/**
 * "Open this layer in …": the same layer in Graph, Activations, Trends or Compare, from
 * every place that names a layer (a layer row, an alert, the heatmap's selected row, a
 * Compare or Activations header). Each is a real link to the view's URL (url_state), so
 * a middle click or "copy link" gives a shareable address; a plain click navigates in
 * place, as one history entry.
 *
 * The dashboard registers how to navigate and how to write a view's URL once
 * (`setLayerRouter`); the views only ask for links.
 */

import { el } from "../dom";

export type LayerView = "graph" | "activations" | "trends" | "compare";

const TARGETS: [LayerView, string, string][] = [
  ["graph", "Graph", "Show this layer in the graph"],
  ["activations", "Activations", "Show this layer's activation maps and statistics"],
  ["trends", "Trends", "Show this layer's statistics over the steps"],
  ["compare", "Compare", "Compare this layer between two steps or runs"],
];

export interface LayerRouter {
  open(view: LayerView, key: string): void;
  href(view: LayerView, key: string): string;
}

let router: LayerRouter | null = null;

export function setLayerRouter(value: LayerRouter): void {
  router = value;
}

/** Links to `key` in the views other than `here`. */
export function layerLinks(key: string, here?: LayerView, compact = false): HTMLElement {
  return el(
    "span",
    { class: "mv-layer-links" + (compact ? " is-compact" : ""), testid: "layer-links", dataset: { key } },
    ...TARGETS.filter(([view]) => view !== here).map(([view, label, title]) =>
      el(
        "a",
        {
          class: "mv-layer-link",
          title,
          dataset: { view },
          attrs: { href: router?.href(view, key) ?? "#", target: "_top" },
          on: {
            click: (event) => {
              event.stopPropagation();
              // Modified clicks open the address elsewhere, as links do.
              if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || !router)
                return;
              event.preventDefault();
              router.open(view, key);
            },
            mouseenter: (event) => {
              // The address follows the current run and step.
              const link = event.currentTarget as HTMLAnchorElement;
              if (router) link.href = router.href(view, key);
            },
          },
        },
        compact ? label.slice(0, 1) : label,
      ),
    ),
  );
}
