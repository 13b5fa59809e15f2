/**
 * The side panel for the selected node: what it is, its shapes, parameters and FLOPs, the
 * activation thumbnail, and its statistics at the selected step (the same statistics grid
 * and histogram as the Activations tab). Built with DOM calls and textContent only; every
 * value shown may come from a user's model. Styled by the `mv-graph-panel` classes of
 * styles.css.
 */
import { histogramChart } from "../charts";
import { el } from "../dom";
import { formatBytes, formatCount, formatDims as formatShape, formatFlops } from "../format";
import { spikyHistogram, statsGrid } from "../stats_grid";
import type { Stats, StepDoc } from "../types";
import { repeatRange, repeatType, shortName, tiedParameters } from "./labels";
import { isObject, type GraphModel } from "./model";
import type { TreeNode } from "./tree";

export interface PanelActions {
  close(): void;
  openActivations(layerKey: string): void;
  selectNode(node: TreeNode): void;
  renderThumbnail?(layerKey: string, canvas: HTMLCanvasElement): Promise<void>;
}

/** Whether a stored statistics entry has the fields the grid prints (a step document is data from a file). */
function isStats(value: unknown): value is Stats {
  return (
    isObject(value) && typeof value.numel === "number" && typeof value.nan === "number" && typeof value.inf === "number"
  );
}

function shapesText(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return "–";
  return value.map((shape) => (Array.isArray(shape) ? formatShape(shape as number[]) : String(shape))).join(", ");
}

function table(parent: HTMLElement, rows: [string, string][]): void {
  parent.appendChild(
    el(
      "table",
      { class: "mv-graph-panel-table" },
      ...rows.map(([name, value]) => el("tr", {}, el("td", {}, name), el("td", {}, value))),
    ),
  );
}

export class SidePanel {
  readonly element: HTMLDivElement;
  private node: TreeNode | null = null;
  private model: GraphModel | null = null;
  private step: StepDoc | null = null;
  /** Bumped on every redraw so a late thumbnail cannot land in a newer panel. */
  private generation = 0;

  constructor(private readonly actions: PanelActions) {
    this.element = el("div", { class: "mv-graph-panel", testid: "graph-panel", style: { display: "none" } });
  }

  show(model: GraphModel, node: TreeNode | null): void {
    this.model = model;
    this.node = node;
    this.redraw();
  }

  setStep(step: StepDoc | null): void {
    this.step = step;
    this.redraw();
  }

  private redraw(): void {
    this.generation++;
    this.element.replaceChildren();
    const { node, model } = this;
    if (node === null || model === null) {
      this.element.style.display = "none";
      return;
    }
    this.element.style.display = "block";
    if (node.kind === "repeat") this.drawRepeat(model, node);
    else if (node.kind === "module") this.drawModule(model, node);
    else if (node.kind === "op") this.drawOp(model, node);
    else this.drawEndpoint(model, node);
  }

  private header(title: string, subtitle: string): void {
    this.element.appendChild(
      el(
        "div",
        { class: "mv-graph-panel-head" },
        el(
          "div",
          { class: "mv-graph-panel-words" },
          el("div", { class: "mv-graph-panel-title", testid: "graph-panel-title" }, title),
          el("div", { class: "mv-muted" }, subtitle),
        ),
        el(
          "button",
          { title: "Close", attrs: { "aria-label": "Close" }, on: { click: () => this.actions.close() } },
          "×",
        ),
      ),
    );
  }

  private section(title: string): HTMLDivElement {
    this.element.appendChild(el("div", { class: "mv-graph-panel-section" }, title));
    return this.element.appendChild(el("div"));
  }

  private drawModule(model: GraphModel, node: TreeNode): void {
    const graphNode = model.nodes[node.graphId!];
    const key = graphNode.layer!;
    const row = model.layers.get(key);
    this.header(graphNode.name === "" ? graphNode.type || model.modelType : shortName(graphNode.name), graphNode.type);

    const identity: [string, string][] = [
      ["name", graphNode.name || "(model)"],
      ["key", key],
      ["type", graphNode.type],
    ];
    if (row !== undefined && typeof row.calls === "number" && row.calls > 1)
      identity.push(["call", `${graphNode.call + 1} of ${row.calls}`]);
    table(this.section("Module"), identity);

    if (row !== undefined) {
      table(this.section("Shapes"), [
        ["inputs", shapesText(row.input_shapes)],
        ["outputs", shapesText(row.output_shapes)],
      ]);
      const tied = tiedParameters(model, key);
      const tiedCount = typeof row.params_tied === "number" ? row.params_tied : 0;
      const numbers: [string, string][] = [
        ["parameters", formatCount(row.params_total)],
        ["own parameters", formatCount(row.params)],
      ];
      if (tied.length > 0) {
        numbers.push(["tied", `${formatCount(tiedCount)} of them are another module's: counted once, there`]);
        for (const [name, first] of tied) numbers.push(["", `${name} = ${first}`]);
      }
      if (typeof row.frozen === "number" && row.frozen > 0) numbers.push(["frozen", formatCount(row.frozen)]);
      if (isObject(row.param_bytes)) {
        const bytes = Object.values(row.param_bytes).reduce<number>(
          (sum, v) => sum + (typeof v === "number" ? v : 0),
          0,
        );
        numbers.push(["parameter bytes", formatBytes(bytes)]);
      }
      numbers.push(["FLOPs", formatFlops(row.flops)]);
      if (typeof row.output_bytes === "number") numbers.push(["output bytes", formatBytes(row.output_bytes)]);
      table(this.section("Size"), numbers);
      if (typeof row.extra === "string" && row.extra !== "") {
        this.section("Configuration").appendChild(el("div", { class: "mv-mono mv-graph-panel-extra" }, row.extra));
      }
    }

    this.element.appendChild(
      el(
        "button",
        {
          class: "mv-graph-panel-open",
          testid: "graph-open-activations",
          on: { click: () => this.actions.openActivations(key) },
        },
        "Open activations",
      ),
    );

    this.drawThumbnail(key);
    this.drawStats(key);
  }

  private drawThumbnail(key: string): void {
    const samples = this.step !== null && isObject(this.step.samples) ? this.step.samples : null;
    if (this.actions.renderThumbnail === undefined || samples === null || !(key in samples)) return;
    const box = this.section("Activation sample");
    const canvas = box.appendChild(el("canvas", { class: "mv-graph-thumbnail", testid: "graph-thumbnail" }));
    const note = box.appendChild(el("div", { class: "mv-muted" }, "Loading…"));
    const generation = this.generation;
    this.actions.renderThumbnail(key, canvas).then(
      () => {
        if (generation === this.generation) note.remove();
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        canvas.remove();
        note.textContent = `No thumbnail: ${error instanceof Error ? error.message : String(error)}`;
      },
    );
  }

  private drawStats(key: string): void {
    if (this.step === null) return;
    const box = this.section("Output at this step");
    const stats = isObject(this.step.activations) ? this.step.activations[key] : undefined;
    if (!isStats(stats)) {
      box.appendChild(el("div", { class: "mv-muted" }, "Not recorded at this step."));
      return;
    }
    box.appendChild(statsGrid(stats, "graph-stats"));
    if (stats.hist && Array.isArray(stats.hist.counts) && stats.hist.counts.length > 0) {
      const chart = box.appendChild(histogramChart(stats.hist, spikyHistogram(stats.hist)));
      chart.setAttribute("data-testid", "graph-histogram");
    }
  }

  private drawRepeat(model: GraphModel, node: TreeNode): void {
    this.header(repeatRange(model, node), repeatType(model, node));
    this.element.appendChild(
      el(
        "div",
        { class: "mv-muted" },
        `${node.children.length} consecutive blocks with identical structure. Select one:`,
      ),
    );
    const list = this.element.appendChild(el("div", { class: "mv-graph-panel-members" }));
    for (const member of node.children) {
      const graphNode = model.nodes[member.graphId!];
      list.appendChild(
        el(
          "button",
          { title: graphNode.layer ?? "", on: { click: () => this.actions.selectNode(member) } },
          shortName(graphNode.name) || graphNode.type,
        ),
      );
    }
  }

  private drawOp(model: GraphModel, node: TreeNode): void {
    const graphNode = model.nodes[node.graphId!];
    this.header(graphNode.op || graphNode.label, "operator");
    const inputs = model.inEdges[graphNode.id].map((e) => formatShape(model.edges[e].shape));
    const outputs = model.outEdges[graphNode.id].map((e) => formatShape(model.edges[e].shape));
    const parent = graphNode.parent === null ? null : model.nodes[graphNode.parent];
    const rows: [string, string][] = [
      ["inputs", inputs.length > 0 ? inputs.join(", ") : "–"],
      ["outputs", outputs.length > 0 ? [...new Set(outputs)].join(", ") : "–"],
      ["FLOPs", formatFlops(graphNode.flops)],
      ["in place", graphNode.inplace ? "yes" : "no"],
    ];
    if (parent !== null) rows.push(["in module", parent.layer ?? parent.name]);
    table(this.section("Operator"), rows);
  }

  private drawEndpoint(model: GraphModel, node: TreeNode): void {
    const graphNode = model.nodes[node.graphId!];
    this.header(graphNode.name || graphNode.label, graphNode.kind === "input" ? "model input" : "model output");
    table(this.section("Tensor"), [
      ["shape", formatShape(graphNode.shape)],
      ["dtype", graphNode.dtype || "–"],
    ]);
  }
}
