/**
 * The Graph tab: the graph view (frontend/src/graph/) under a bar with search and
 * SVG/PNG export. The graph lays itself out in a worker served by the plugin's own
 * static route (the iframe's CSP allows workers only from there). The direction picker
 * shows the forward graph or the backward (autograd) graph: the structure document's
 * `backward` field has the forward graph's shape, so the same view draws it.
 */

import { download, el, icon, replaceChildren } from "../dom";
import { createGraphView, type GraphOverlay, type GraphView, type NodeBadge } from "../graph/index";
import type { RunTagStep } from "../api";
import { colorLegend } from "../legend";
import { allMetrics, colorOf, formatStatistic, scaleFor, statisticInfo, type StatisticInfo } from "../statistics";
import type { Alert, LayerValues, StepDoc, StructureDoc } from "../types";
import { alertKindLabel } from "./alerts";

export interface GraphPanelHandlers {
  onSelect(key: string | null): void;
  onOpenActivations(key: string): void;
  /** Draws a layer's activation sample at `at`, the step the side panel shows. */
  renderThumbnail(at: RunTagStep, key: string, canvas: HTMLCanvasElement): Promise<void>;
  /** The user picked an overlay metric (null: none). */
  onOverlay(metric: string | null): void;
  /** The user picked the forward or the backward graph. */
  onDirection(direction: GraphDirection): void;
  /** Every metric at a step, from the server (store.layerValues). */
  layerValues(at: RunTagStep): Promise<LayerValues>;
}

/**
 * A graph overlay colouring modules by a metric of the registry at one step, with its
 * legend: the server's numbers (`layer_values`), coloured by the metric's hints. `ops`:
 * whether graph node ids are the recorded forward graph's, which the server's op values
 * are keyed by (not the backward graph's).
 */
export function metricOverlay(
  metric: StatisticInfo,
  structure: StructureDoc,
  values: LayerValues | null,
  ops: boolean,
): GraphOverlay {
  const layers = new Map(Object.entries(values?.values[metric.name] ?? {}));
  const opValues = new Map(
    ops ? Object.entries(values?.ops[metric.name] ?? {}).map(([id, v]) => [Number(id), v] as const) : [],
  );
  const rootKey = structure.layers.find((row) => row.parent === null)?.key;
  // The root is always drawn open; its whole-model total would stretch the scale.
  const scaled = [...layers].filter(([key]) => key !== rootKey).map(([, v]) => v);
  const scale = scaleFor(metric.kind, [...scaled, ...opValues.values()], metric.preferLog);
  const format = (v: number) => formatStatistic(metric.name, v);
  const legend = colorLegend(scale, {
    title: metric.label,
    format,
    missing: layers.size > 0 ? "uncoloured: no value" : "not recorded at this step",
    missingColor: "transparent",
    testid: "graph-overlay-legend",
  });
  return {
    label: metric.label,
    values: layers,
    ops: opValues,
    color: (v) => colorOf(scale, v),
    format,
    combine: metric.combine,
    legend,
  };
}

export type GraphDirection = "forward" | "backward";

/**
 * The structure as the graph view is to draw it: as recorded (forward), or with the
 * backward graph's nodes and edges in place of the forward ones, each parameter the
 * scalar cannot reach labelled so. Null: no backward graph was recorded (the reason).
 */
export function directedStructure(structure: StructureDoc, direction: GraphDirection): StructureDoc | string {
  if (direction === "forward") return structure;
  const backward = structure.backward;
  if (!backward)
    return "No backward graph in this log: it is recorded by add_model_viz with each new structure (backward_graph=True, the default, since issue 24).";
  if (backward.error) return `No backward graph: ${backward.error}`;
  const nodes = backward.nodes.map((node) =>
    node.kind === "input" && (node as { reachable?: boolean }).reachable === false
      ? { ...node, label: `${node.label} ⊘ no gradient`, name: `${node.name} ⊘ no gradient` }
      : node,
  );
  return { ...structure, hash: `${structure.hash}:backward`, nodes, edges: backward.edges };
}

/** Badges for the graph: one per layer an alert names. */
export function alertBadges(alerts: Alert[]): Map<string, NodeBadge> {
  const badges = new Map<string, NodeBadge>();
  for (const alert of alerts) {
    const text = `${alertKindLabel(alert.kind)} from step ${alert.step}: ${alert.message}`;
    const existing = badges.get(alert.layer);
    badges.set(alert.layer, { text: existing ? existing.text + "\n" + text : text });
  }
  return badges;
}

export class GraphPanel {
  readonly element: HTMLElement;
  private view: GraphView;
  private container: HTMLElement;
  private message: HTMLElement;
  private searchInput: HTMLInputElement;
  private overlaySelect: HTMLSelectElement;
  private directionSelect: HTMLSelectElement;
  private direction: GraphDirection = "forward";
  private structureHash: string | null = null;
  private modelName = "model";
  private layoutGeneration = 0;
  private structure: StructureDoc | null = null;
  /** The structure as recorded (`structure` is the one drawn, in the chosen direction). */
  private recorded: StructureDoc | null = null;
  private at: RunTagStep | null = null;
  private metric: StatisticInfo | null = null;
  /** The server's values at `at` once they arrived (`valuesAt` says which step they are). */
  private values: LayerValues | null = null;
  private valuesAt: string | null = null;
  private overlayGeneration = 0;

  constructor(private readonly handlers: GraphPanelHandlers) {
    this.overlaySelect = el(
      "select",
      {
        testid: "graph-overlay",
        attrs: { "aria-label": "Colour the graph by" },
        on: { change: () => handlers.onOverlay(this.overlaySelect.value || null) },
      },
      el("option", { attrs: { value: "" } }, "nothing"),
      ...allMetrics().map((m) => el("option", { attrs: { value: m.name } }, m.label)),
    );
    this.directionSelect = el(
      "select",
      {
        testid: "graph-direction",
        attrs: { "aria-label": "Graph direction" },
        on: {
          change: () => {
            const direction = this.directionSelect.value === "backward" ? "backward" : "forward";
            this.setDirection(direction);
            handlers.onDirection(direction);
          },
        },
      },
      el("option", { attrs: { value: "forward" } }, "forward"),
      el("option", { attrs: { value: "backward" } }, "backward (autograd)"),
    );
    this.searchInput = el("input", {
      class: "mv-search",
      testid: "graph-search",
      attrs: {
        type: "search",
        placeholder: "Search modules, ops ( / )",
        "aria-label": "Search the graph",
        "aria-keyshortcuts": "/",
      },
      on: {
        input: () => this.view.search(this.searchInput.value),
        keydown: (event: Event) => {
          const key = (event as KeyboardEvent).key;
          if (key === "Enter") {
            event.preventDefault();
            this.view.showNextMatch();
          } else if (key === "Escape") {
            event.preventDefault();
            this.searchInput.value = "";
            this.view.search("");
            this.searchInput.blur();
          }
        },
      },
    });
    document.addEventListener("keydown", (event) => this.onPageKey(event));
    const exportButton = (label: string, testid: string, title: string, action: () => void) =>
      el(
        "button",
        { class: "mv-button", testid, title, attrs: { type: "button" }, on: { click: action } },
        icon("download", 14),
        label,
      );
    this.container = el("div", { class: "mv-graph-host", testid: "graph-host" });
    this.message = el("div", { class: "mv-graph-message", attrs: { role: "status" } });
    this.message.hidden = true;
    this.element = el(
      "section",
      { class: "mv-view mv-graph" },
      el(
        "div",
        { class: "mv-view-bar" },
        el("div", { class: "mv-search-box" }, icon("search", 14), this.searchInput),
        el("label", { class: "mv-field" }, el("span", { class: "mv-field-label" }, "Graph"), this.directionSelect),
        el("label", { class: "mv-field" }, el("span", { class: "mv-field-label" }, "Colour by"), this.overlaySelect),
        el(
          "span",
          { class: "mv-muted mv-hint" },
          "Click a module to select it, double-click to open it; arrows and Enter on the drawing",
        ),
        el("span", { class: "mv-spacer" }),
        exportButton("SVG", "export-svg", "Download the graph as it is shown, as SVG", () => this.exportSvg()),
        exportButton("PNG", "export-png", "Download the graph as it is shown, as PNG", () => void this.exportPng()),
      ),
      el("div", { class: "mv-graph-stage" }, this.container, this.message),
    );
    const workerUrl = new URL("./static/layout_worker.js", document.baseURI).href;
    this.view = createGraphView(this.container, {
      workerUrl,
      onSelect: (key) => handlers.onSelect(key),
      onOpenActivations: (key) => handlers.onOpenActivations(key),
      // The step given with the step document the panel reads its sample directory from: a
      // thumbnail asked for while the next step (or run) loads is the shown step's, which has it.
      renderThumbnail: (key, canvas) =>
        this.at ? handlers.renderThumbnail(this.at, key, canvas) : Promise.reject(new Error("no step is shown")),
    });
  }

  /** Lay out a new structure (no-op for the one already shown), in the chosen direction. */
  async setStructure(structure: StructureDoc): Promise<void> {
    this.recorded = structure;
    const shown = directedStructure(structure, this.direction);
    this.structure = typeof shown === "string" ? structure : shown;
    this.applyOverlay();
    if (typeof shown === "string") {
      this.structureHash = null;
      this.showMessage(shown, false);
      return;
    }
    if (shown.hash === this.structureHash) return;
    this.structureHash = shown.hash;
    this.modelName = structure.model_type || "model";
    const generation = ++this.layoutGeneration;
    this.showMessage(null, false);
    try {
      await this.view.setStructure(shown);
    } catch {
      // The graph view shows the reason itself; allow a retry with the same structure.
      if (generation === this.layoutGeneration) this.structureHash = null;
    }
  }

  /** Show the forward or the backward graph of the structure shown. */
  setDirection(direction: GraphDirection): void {
    if (direction === this.direction) return;
    this.direction = direction;
    this.directionSelect.value = direction;
    this.element.dataset.direction = direction;
    if (this.recorded) void this.setStructure(this.recorded);
  }

  setStep(step: StepDoc, at: RunTagStep): void {
    this.at = at;
    this.view.setStep(step);
    this.applyOverlay();
  }

  /** Colour modules by a metric at the current step (null: the normal colours). */
  setOverlay(metric: string | null): void {
    this.metric = metric && allMetrics().some((m) => m.name === metric) ? statisticInfo(metric) : null;
    this.overlaySelect.value = this.metric?.name ?? "";
    this.applyOverlay();
  }

  setAlerts(alerts: Alert[]): void {
    this.view.setBadges(alertBadges(alerts));
  }

  /** The overlay of the chosen metric, once the server's values at the step are here. */
  private applyOverlay(): void {
    const { metric, structure, at } = this;
    const generation = ++this.overlayGeneration;
    if (!metric || !structure || !at) {
      this.view.setOverlay(null);
      return;
    }
    const key = JSON.stringify([at.run, at.tag, at.step]);
    const draw = () =>
      this.view.setOverlay(
        metricOverlay(metric, structure, this.valuesAt === key ? this.values : null, this.direction === "forward"),
      );
    if (this.valuesAt === key) {
      draw();
      return;
    }
    this.handlers.layerValues(at).then(
      (values) => {
        if (generation !== this.overlayGeneration) return;
        this.values = values;
        this.valuesAt = key;
        draw();
      },
      () => {
        if (generation === this.overlayGeneration) draw(); // the legend says: not recorded at this step
      },
    );
  }

  select(key: string | null): void {
    this.view.select(key);
  }

  setDark(dark: boolean): void {
    this.view.setDark(dark);
  }

  /** "/" anywhere on the Graph tab (outside a text field) focuses the search box. */
  private onPageKey(event: KeyboardEvent): void {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (!this.element.isConnected || this.element.offsetParent === null) return; // another tab is shown
    event.preventDefault();
    this.searchInput.focus();
    this.searchInput.select();
  }

  private showMessage(text: string | null, isError: boolean): void {
    this.message.hidden = text === null;
    this.message.classList.toggle("is-error", isError);
    replaceChildren(this.message, text ?? "");
  }

  private exportSvg(): void {
    const svg = this.view.exportSVG();
    download(
      new Blob([svg], { type: "image/svg+xml" }),
      `${this.modelName}${this.direction === "backward" ? "-backward" : ""}-graph.svg`,
    );
  }

  private async exportPng(): Promise<void> {
    try {
      download(
        await this.view.exportPNG(),
        `${this.modelName}${this.direction === "backward" ? "-backward" : ""}-graph.png`,
      );
    } catch (error) {
      this.showMessage(`PNG export failed: ${(error as Error).message}`, true);
    }
  }
}
