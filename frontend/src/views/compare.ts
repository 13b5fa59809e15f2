/**
 * The Compare view: the selected step (B, the toolbar's run and step) against a
 * reference A (another step of the run, or a step of another run). It shows what changed
 * in the architecture (two runs), every layer's statistic at A and B with the change
 * (sortable by change), the graph coloured by the change, and for the selected layer all
 * statistics side by side with its activation maps A, B and B − A.
 */

import { isAbort, type RunTagStep } from "../api";
import { colormapCss } from "../colormap";
import { el, replaceChildren } from "../dom";
import { formatCount } from "../format";
import { createGraphView, type GraphView } from "../graph/index";
import { colorLegend } from "../legend";
import { sampleComparison } from "../sample_diff";
import { changeScale, formatStatistic, overTimeMetrics, statisticInfo, type ValueScale } from "../statistics";
import type { DataStore } from "../store";
import { elidedName, layerLabel } from "../layer_name";
import { layerLinks } from "./layer_links";
import type { ArchitectureDiff, ModuleBrief, RunEntry, StepDiff, StepDiffLayer, StructureDoc } from "../types";

export interface CompareHandlers {
  /** The user picked another reference (A). */
  onReference(run: string, step: number): void;
  onSelect(layer: string): void;
  onStatistic(statistic: string): void;
}

export interface CompareContext {
  runs: RunEntry[];
  a: RunTagStep;
  b: RunTagStep;
  /** The structure used at B (the graph is drawn from it). */
  structure: StructureDoc;
  layer: string | null;
}

type SortKey = "order" | "a" | "b" | "delta" | "relative";

const DEFAULT_STATISTIC = "param_norm";

export class CompareView {
  readonly element: HTMLElement;
  private readonly runSelect: HTMLSelectElement;
  private readonly stepSelect: HTMLSelectElement;
  private readonly statisticSelect: HTMLSelectElement;
  private readonly bLabel: HTMLElement;
  private readonly body: HTMLElement;
  private readonly inputsSlot: HTMLElement;
  private readonly archSlot: HTMLElement;
  private readonly tableSlot: HTMLElement;
  private readonly graphHost: HTMLElement;
  private readonly graphLegend: HTMLElement;
  private readonly detail: HTMLElement;
  private graph: GraphView | null = null;
  private context: CompareContext | null = null;
  private statistic = DEFAULT_STATISTIC;
  private sort: { key: SortKey; descending: boolean } = { key: "relative", descending: true };
  private diff: StepDiff | null = null;
  private diffFor = "";
  private detailFor = "";
  private visible = false;
  private dark = false;

  constructor(
    private readonly store: DataStore,
    private readonly handlers: CompareHandlers,
  ) {
    this.runSelect = el("select", {
      testid: "compare-run",
      attrs: { "aria-label": "Run of A" },
      on: { change: () => this.pickRun() },
    });
    this.stepSelect = el("select", {
      testid: "compare-step",
      attrs: { "aria-label": "Step of A" },
      on: { change: () => this.handlers.onReference(this.runSelect.value, Number(this.stepSelect.value)) },
    });
    this.statisticSelect = el(
      "select",
      {
        testid: "compare-statistic",
        attrs: { "aria-label": "Statistic to compare" },
        on: { change: () => this.handlers.onStatistic(this.statisticSelect.value) },
      },
      ...overTimeMetrics().map((s) => el("option", { attrs: { value: s.name } }, s.label)),
    );
    this.statisticSelect.value = this.statistic;
    this.bLabel = el("span", { class: "mv-compare-b mv-mono", testid: "compare-b" });
    this.inputsSlot = el("div", { testid: "compare-inputs" });
    this.archSlot = el("div", { testid: "compare-architecture" });
    this.tableSlot = el("div", { class: "mv-compare-table" });
    this.graphHost = el("div", { class: "mv-compare-graph", testid: "compare-graph" });
    this.graphLegend = el("div", { class: "mv-muted mv-compare-graph-note" });
    this.detail = el("div", { class: "mv-card", testid: "compare-detail" });
    this.body = el(
      "div",
      { class: "mv-compare-body" },
      this.inputsSlot,
      this.archSlot,
      el(
        "div",
        { class: "mv-compare-row" },
        el(
          "div",
          { class: "mv-card mv-compare-table-card" },
          el(
            "h3",
            {},
            "Every layer",
            el("span", { class: "mv-card-note" }, "click a header to sort, a row to open the layer"),
          ),
          this.tableSlot,
        ),
        el(
          "div",
          { class: "mv-card mv-compare-graph-card" },
          el("h3", {}, "Graph coloured by the change"),
          this.graphHost,
          this.graphLegend,
        ),
      ),
      this.detail,
    );
    this.element = el(
      "section",
      { class: "mv-view mv-compare" },
      el(
        "div",
        { class: "mv-view-bar" },
        el("span", { class: "mv-compare-side" }, "A"),
        el("label", { class: "mv-field" }, el("span", { class: "mv-field-label" }, "Run"), this.runSelect),
        el("label", { class: "mv-field" }, el("span", { class: "mv-field-label" }, "Step"), this.stepSelect),
        el("span", { class: "mv-compare-arrow" }, "→"),
        el("span", { class: "mv-compare-side" }, "B"),
        this.bLabel,
        el("span", { class: "mv-spacer" }),
        el("label", { class: "mv-field" }, el("span", { class: "mv-field-label" }, "Compare"), this.statisticSelect),
      ),
      this.body,
    );
  }

  setContext(context: CompareContext): void {
    this.context = context;
    this.refresh();
  }

  setStatistic(statistic: string): void {
    this.statistic = overTimeMetrics().some((s) => s.name === statistic) ? statistic : DEFAULT_STATISTIC;
    this.statisticSelect.value = this.statistic;
    if (this.diff) this.renderDiff();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.refresh();
  }

  /** The data may have grown (TensorBoard reloaded): fetch again on the next refresh. */
  invalidate(): void {
    this.diffFor = "";
  }

  setDark(dark: boolean): void {
    this.dark = dark;
    this.graph?.setDark(dark);
  }

  private refresh(): void {
    const context = this.context;
    if (!this.visible || !context) return;
    this.renderSelectors(context);
    const { a, b } = context;
    const key = [a.run, a.tag, a.step, b.run, b.tag, b.step].join("\u0000");
    if (key !== this.diffFor) {
      this.diffFor = key;
      this.detailFor = "";
      void this.load(context, key);
    } else if (this.diff) {
      // The graph keeps its own selection (its side panel would take half of the card).
      this.renderDetail();
      this.highlightRow();
    }
  }

  private renderSelectors(context: CompareContext): void {
    const runs = context.runs.filter((r) => r.tags.some((t) => t.steps.length));
    replaceChildren(this.runSelect, ...runs.map((r) => el("option", { attrs: { value: r.run } }, r.run)));
    this.runSelect.value = context.a.run;
    const steps = this.stepsOf(context.a.run, context.a.tag);
    replaceChildren(this.stepSelect, ...steps.map((s) => el("option", { attrs: { value: s } }, String(s))));
    this.stepSelect.value = String(context.a.step);
    this.bLabel.textContent = `${context.b.run} · step ${context.b.step}`;
    this.bLabel.title = "B is the run and step chosen in the toolbar";
  }

  private stepsOf(run: string, tag: string): number[] {
    const entry = this.context?.runs.find((r) => r.run === run);
    return (entry?.tags.find((t) => t.tag === tag) ?? entry?.tags[0])?.steps ?? [];
  }

  /** Another run as A: the same step as B if it has one, else the nearest. */
  private pickRun(): void {
    const context = this.context;
    if (!context) return;
    const steps = this.stepsOf(this.runSelect.value, context.b.tag);
    if (steps.length === 0) return;
    const target = context.b.step;
    const step = steps.reduce((best, s) => (Math.abs(s - target) < Math.abs(best - target) ? s : best), steps[0]);
    this.handlers.onReference(this.runSelect.value, step);
  }

  private async load(context: CompareContext, key: string): Promise<void> {
    const { a, b } = context;
    this.diff = null;
    replaceChildren(this.tableSlot, el("p", { class: "mv-muted" }, "Loading…"));
    replaceChildren(this.detail);
    replaceChildren(this.inputsSlot);
    const twoModels = a.run !== b.run || a.tag !== b.tag;
    try {
      const [diff, architecture] = await Promise.all([
        this.store.stepDiff(a, b),
        twoModels ? this.store.architectureDiff(a, b) : Promise.resolve(null),
      ]);
      if (key !== this.diffFor) return;
      this.diff = diff;
      const structuresDiffer = diff.structures[0] !== diff.structures[1];
      const shownArchitecture = architecture ?? (structuresDiffer ? await this.store.architectureDiff(a, b) : null);
      if (key !== this.diffFor) return;
      replaceChildren(this.inputsSlot, diff.same_inputs === false ? differentInputsNote() : null);
      replaceChildren(this.archSlot, shownArchitecture ? architectureCard(shownArchitecture, a, b) : null);
      this.ensureGraph();
      void this.graph!.setStructure(context.structure).catch(() => undefined); // the view shows why
      this.renderDiff();
    } catch (error) {
      if (key !== this.diffFor || isAbort(error)) return;
      replaceChildren(this.archSlot);
      replaceChildren(
        this.tableSlot,
        el("p", { class: "mv-error-text", testid: "compare-error" }, (error as Error).message),
      );
    }
  }

  private ensureGraph(): void {
    if (this.graph) return;
    this.graph = createGraphView(this.graphHost, {
      workerUrl: new URL("./static/layout_worker.js", document.baseURI).href,
      onSelect: (key) => {
        if (key) this.handlers.onSelect(key);
      },
      onOpenActivations: (key) => this.handlers.onSelect(key),
    });
    this.graph.setDark(this.dark);
  }

  // ---- the per-layer table and the graph ---------------------------------------------------

  private renderDiff(): void {
    const diff = this.diff;
    if (!diff) return;
    const statistic = this.statistic;
    const rows = diff.layers.filter((layer) => layer.a[statistic] !== null || layer.b[statistic] !== null);
    const scale = changeScale(rows.map((layer) => layer.relative[statistic]));
    this.renderTable(rows, statistic, scale);
    this.colourGraph(rows, statistic, scale);
    this.renderDetail();
  }

  private renderTable(rows: StepDiffLayer[], statistic: string, scale: ValueScale): void {
    const info = statisticInfo(statistic);
    if (rows.length === 0) {
      replaceChildren(
        this.tableSlot,
        el(
          "p",
          { class: "mv-muted", testid: "compare-empty" },
          `Neither step has a value of “${info.label}” for any layer.`,
        ),
      );
      return;
    }
    const order = new Map(rows.map((layer, i) => [layer.key, i]));
    const layerValue = (layer: StepDiffLayer): number | null => {
      switch (this.sort.key) {
        case "a":
          return layer.a[statistic];
        case "b":
          return layer.b[statistic];
        case "delta":
          return absolute(layer.delta[statistic]);
        case "relative":
          return absolute(layer.relative[statistic]);
        default:
          return order.get(layer.key)!;
      }
    };
    const sorted = [...rows].sort((x, y) => {
      const vx = layerValue(x);
      const vy = layerValue(y);
      if (vx === null || vy === null) return vx === vy ? order.get(x.key)! - order.get(y.key)! : vx === null ? 1 : -1;
      return this.sort.descending ? vy - vx : vx - vy;
    });
    const heading = (key: SortKey, text: string, title: string) =>
      el(
        "th",
        {
          class: (key === "order" ? "" : "is-numeric") + (this.sort.key === key ? " is-sorted" : ""),
          title,
          dataset: { sort: key },
          on: {
            click: () => {
              this.sort = { key, descending: this.sort.key === key ? !this.sort.descending : key !== "order" };
              this.renderTable(rows, statistic, scale);
            },
          },
        },
        text,
        this.sort.key === key ? el("span", { class: "mv-sort-arrow" }, this.sort.descending ? "▼" : "▲") : null,
      );
    const format = (v: number | null) => formatStatistic(statistic, v);
    const body = el(
      "tbody",
      {},
      ...sorted.map((layer) => {
        const relative = layer.relative[statistic];
        return el(
          "tr",
          {
            testid: "compare-row",
            dataset: { key: layer.key },
            class: layer.key === this.context?.layer ? "is-selected" : "",
            on: { click: () => this.handlers.onSelect(layer.key) },
          },
          el(
            "td",
            { class: "mv-compare-name" },
            elidedName(layerLabel(layer), `${layerLabel(layer)} (${layer.type ?? "?"})`),
          ),
          el("td", { class: "is-numeric", title: format(layer.a[statistic]) }, format(layer.a[statistic])),
          el("td", { class: "is-numeric", title: format(layer.b[statistic]) }, format(layer.b[statistic])),
          el(
            "td",
            { class: "is-numeric", title: signed(layer.delta[statistic], format) },
            signed(layer.delta[statistic], format),
          ),
          el(
            "td",
            { class: "is-numeric mv-compare-change" },
            relative === null
              ? "–"
              : el("span", {
                  class: "mv-change-swatch",
                  style: { background: colormapCss("diverging", scale.position(relative)) },
                }),
            relative === null ? null : formatRelative(relative),
          ),
        );
      }),
    );
    replaceChildren(
      this.tableSlot,
      el(
        "div",
        { class: "mv-table-scroll mv-scroll-visible", testid: "compare-table-scroll" },
        el(
          "table",
          { class: "mv-table mv-compact mv-sortable mv-compare-grid", testid: "compare-table" },
          // Fixed widths for the numbers; the name takes what is left and shrinks first.
          el(
            "colgroup",
            {},
            el("col", {}),
            el("col", { class: "mv-col-value" }),
            el("col", { class: "mv-col-value" }),
            el("col", { class: "mv-col-delta" }),
            el("col", { class: "mv-col-change" }),
          ),
          el(
            "thead",
            {},
            el(
              "tr",
              {},
              heading("order", "layer", "Model order"),
              heading("a", "A", `${info.label} at A`),
              heading("b", "B", `${info.label} at B`),
              heading("delta", "B − A", "Difference (sorted by size)"),
              heading("relative", "change", "(B − A) / |A| (sorted by size)"),
            ),
          ),
          body,
        ),
      ),
    );
  }

  private highlightRow(): void {
    for (const row of this.tableSlot.querySelectorAll<HTMLElement>("tr[data-key]")) {
      row.classList.toggle("is-selected", row.dataset.key === this.context?.layer);
    }
  }

  private colourGraph(rows: StepDiffLayer[], statistic: string, scale: ValueScale): void {
    if (!this.graph) return;
    const values = new Map<string, number>();
    for (const layer of rows) {
      const relative = layer.relative[statistic];
      if (relative !== null && Number.isFinite(relative)) values.set(layer.key, relative);
    }
    const label = `Change of ${statisticInfo(statistic).label}`;
    this.graph.setOverlay({
      label,
      values,
      color: (v) => colormapCss("diverging", scale.position(v)),
      format: formatRelative,
      combine: "maxAbs",
      legend: colorLegend(scale, {
        title: `${label}, (B − A) / |A|`,
        format: formatRelative,
        missing: "no value at A or B",
        testid: "compare-legend",
      }),
    });
    this.graphLegend.textContent =
      values.size === 0 ? "No layer has this statistic at both A and B." : "Blue: lower at B; red: higher at B.";
  }

  // ---- the selected layer ----------------------------------------------------------------

  private renderDetail(): void {
    const context = this.context;
    const diff = this.diff;
    if (!context || !diff) return;
    const layer = diff.layers.find((l) => l.key === context.layer) ?? this.mostChanged(diff);
    const key = [this.diffFor, layer?.key].join("\u0000");
    if (key === this.detailFor) return;
    this.detailFor = key;
    if (!layer) {
      replaceChildren(this.detail, el("p", { class: "mv-muted" }, "Pick a layer in the table or the graph."));
      return;
    }
    const statistics = overTimeMetrics().filter((s) => layer.a[s.name] !== null || layer.b[s.name] !== null);
    const samples = el("div", { class: "mv-muted mv-chart-placeholder" }, "Loading activation samples…");
    replaceChildren(
      this.detail,
      el(
        "div",
        { class: "mv-detail-header" },
        el("h2", { class: "mv-mono", testid: "compare-layer-name" }, layerLabel(layer)),
        el("span", { class: "mv-type-chip" }, layer.type ?? "?"),
        diff.only_in_a.includes(layer.key) ? el("span", { class: "mv-badge" }, "only in A") : null,
        diff.only_in_b.includes(layer.key) ? el("span", { class: "mv-badge" }, "only in B") : null,
        el("span", { class: "mv-spacer" }),
        layerLinks(layer.key, "compare"),
      ),
      el(
        "div",
        { class: "mv-compare-detail-row" },
        el(
          "table",
          { class: "mv-table mv-compact", testid: "compare-layer-stats" },
          el(
            "thead",
            {},
            el(
              "tr",
              {},
              el("th", {}, "statistic"),
              el("th", { class: "is-numeric" }, "A"),
              el("th", { class: "is-numeric" }, "B"),
              el("th", { class: "is-numeric" }, "B − A"),
              el("th", { class: "is-numeric" }, "change"),
            ),
          ),
          el(
            "tbody",
            {},
            ...statistics.map((s) => {
              const format = (v: number | null) => formatStatistic(s.name, v);
              const relative = layer.relative[s.name];
              return el(
                "tr",
                { class: s.name === this.statistic ? "is-selected" : "" },
                el("td", {}, s.label),
                el("td", { class: "is-numeric" }, format(layer.a[s.name])),
                el("td", { class: "is-numeric" }, format(layer.b[s.name])),
                el("td", { class: "is-numeric" }, signed(layer.delta[s.name], format)),
                el("td", { class: "is-numeric" }, relative === null ? "–" : formatRelative(relative)),
              );
            }),
          ),
        ),
        el("div", { class: "mv-compare-sample-slot" }, samples),
      ),
    );
    void this.loadSamples(context, layer.key, samples, key);
  }

  /** Without a selection: the layer whose compared statistic changed most. */
  private mostChanged(diff: StepDiff): StepDiffLayer | undefined {
    let best: StepDiffLayer | undefined;
    for (const layer of diff.layers) {
      if (layer.depth === 0) continue; // the model's output repeats its last layer's
      const v = absolute(layer.relative[this.statistic]);
      if (v !== null && (best === undefined || v > absolute(best.relative[this.statistic])!)) best = layer;
    }
    return best ?? diff.layers.find((l) => l.depth !== 0);
  }

  private async loadSamples(context: CompareContext, layer: string, slot: HTMLElement, key: string): Promise<void> {
    const { a, b } = context;
    const label = (at: RunTagStep) => (a.run === b.run ? `step ${at.step}` : `${at.run} · step ${at.step}`);
    // The step documents' sample directories say which side has a sample (no 404s asked for).
    const sample = async (at: RunTagStep) => {
      const step = await this.store.step(at);
      if (!(layer in step.samples)) throw new Error(`no activation sample of this layer was stored at ${label(at)}`);
      return this.store.sample(at, layer);
    };
    const results = await Promise.allSettled([sample(a), sample(b)]);
    if (key !== this.detailFor) return;
    const [ra, rb] = results;
    if (ra.status === "fulfilled" && rb.status === "fulfilled") {
      slot.replaceChildren(sampleComparison(ra.value, rb.value, [label(a), label(b)]));
      return;
    }
    const reason = (r: PromiseSettledResult<unknown>, side: string) =>
      r.status === "rejected" ? `${side}: ${(r.reason as Error).message}` : null;
    slot.replaceChildren(
      el(
        "p",
        { class: "mv-muted", testid: "compare-no-sample" },
        "No activation maps to compare.",
        ...[reason(ra, "A"), reason(rb, "B")].filter(Boolean).map((t) => el("span", { class: "mv-block" }, t)),
      ),
    );
  }
}

/** A and B ran on different inputs: their changes are not the model's alone. */
function differentInputsNote(): HTMLElement {
  return el(
    "div",
    { class: "mv-card mv-inputs-note", testid: "compare-different-inputs" },
    el("h3", {}, "A and B ran on different inputs"),
    el(
      "p",
      {},
      "The changes below mix how the model changed with how its inputs differ, and the maps B − A subtract the activations of different inputs. " +
        "To compare the model alone, log the same inputs at every step (a fixed probe batch).",
    ),
  );
}

function absolute(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : Math.abs(v);
}

function signed(v: number | null | undefined, format: (v: number | null) => string): string {
  if (v === null || v === undefined) return "–";
  return (v > 0 ? "+" : "") + format(v);
}

/** (B − A) / |A| as a signed percentage: "+12 %", "−0.5 %", "+12,300 %", and from a
 * million per cent on with a unit prefix ("+1.51 M %"), so that it fits its column. */
export function formatRelative(v: number): string {
  const percent = v * 100;
  const magnitude = Math.abs(percent);
  const sign = v > 0 ? "+" : v < 0 ? "-" : "";
  if (magnitude >= 1e6) return sign + formatCount(magnitude) + " %";
  const text = magnitude >= 10 ? Math.round(magnitude).toLocaleString("en-US") : magnitude.toFixed(1);
  return sign + text + " %";
}

// ---- architecture diff ---------------------------------------------------------------------

function architectureCard(diff: ArchitectureDiff, a: RunTagStep, b: RunTagStep): HTMLElement {
  const side = (at: RunTagStep) => `${at.run} · step ${at.step}`;
  const summary = (label: string, at: RunTagStep, s: ArchitectureDiff["a"]) =>
    el(
      "div",
      { class: "mv-arch-side" },
      el("span", { class: "mv-compare-side" }, label),
      el("span", { class: "mv-mono" }, side(at)),
      el("span", { class: "mv-mono" }, s.model_type ?? "?"),
      el("span", { class: "mv-muted" }, `${formatCount(s.params)} parameters, ${formatCount(s.frozen)} frozen`),
    );
  if (diff.identical) {
    return el(
      "div",
      { class: "mv-card mv-arch", testid: "arch-diff" },
      el("h3", {}, "Architecture"),
      el(
        "p",
        { testid: "arch-identical" },
        `Same architecture in both: ${diff.b.model_type ?? "model"}, ${formatCount(diff.b.params)} parameters.`,
      ),
    );
  }
  const item = (
    kind: string,
    sign: string,
    module: ModuleBrief | { name: string; type: string | null },
    detail: string,
  ) =>
    el(
      "li",
      { class: "mv-arch-item", testid: "arch-diff-item", dataset: { change: kind } },
      el("span", { class: "mv-arch-sign" }, sign),
      el("span", { class: "mv-mono" }, layerLabel(module)),
      el("span", { class: "mv-muted" }, module.type ?? ""),
      el("span", {}, detail),
    );
  const items = [
    ...diff.added.map((m) => item("added", "+", m, `added, ${formatCount(m.params_total)} parameters`)),
    ...diff.removed.map((m) => item("removed", "−", m, `removed, ${formatCount(m.params_total)} parameters`)),
    ...diff.changed.map((m) =>
      item(
        "changed",
        "~",
        m,
        Object.entries(m.changes)
          .map(([field, [from, to]]) => `${field.replace(/_/g, " ")}: ${describeField(from)} → ${describeField(to)}`)
          .join("; "),
      ),
    ),
    ...diff.frozen.map((m) =>
      item("frozen", "❄", m, `frozen (${formatCount(m.params)} parameters no longer trainable)`),
    ),
    ...diff.unfrozen.map((m) =>
      item("unfrozen", "✎", m, `unfrozen (${formatCount(m.params)} parameters trainable again)`),
    ),
  ];
  return el(
    "div",
    { class: "mv-card mv-arch", testid: "arch-diff" },
    el(
      "h3",
      {},
      "Architecture",
      el("span", { class: "mv-card-note" }, `${items.length} difference${items.length === 1 ? "" : "s"}`),
    ),
    el("div", { class: "mv-arch-sides" }, summary("A", a, diff.a), summary("B", b, diff.b)),
    items.length
      ? el("ul", { class: "mv-arch-list" }, ...items)
      : el("p", { class: "mv-muted" }, "Same modules; the graphs differ in how they are called."),
  );
}

/** A field value of the architecture diff as text: numbers grouped, shapes as "32×10"
 * (a list of shapes, as input and output shapes are stored, comma-separated), a ragged
 * size (null in a shape, docs/format.md) as "?". */
export function describeField(value: unknown): string {
  if (value === null || value === undefined) return "–";
  if (typeof value === "number") return value.toLocaleString("en-US");
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return "none";
    if (value.some((d) => typeof d === "number") && value.every((d) => typeof d === "number" || d === null)) {
      return value.map((d) => d ?? "?").join("×");
    }
    return value.map(describeField).join(", ");
  }
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k} ${describeField(v)}`)
      .join(", ");
  }
  return String(value);
}
