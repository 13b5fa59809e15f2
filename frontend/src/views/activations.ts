/**
 * The Activations view: pick a layer, see its output at the selected step — summary
 * statistics, a histogram, how the statistics moved over training, the stored sample
 * drawn as heatmaps, and the layer's parameters and gradients. Samples are fetched
 * lazily, one layer at a time, only while the view is visible.
 */

import { isAbort, type RunTagStep } from "../api";
import { historyChart, histogramChart } from "../charts";
import { el, replaceChildren } from "../dom";
import { formatShapes, formatValue, relativeName } from "../format";
import { spikyHistogram, statsGrid } from "../stats_grid";
import type { DataStore } from "../store";
import type { LayerRow, Stats, StepDoc, StructureDoc } from "../types";
import { SampleView, type SampleViewOptions } from "./sample_view";
import { layerLinks } from "./layer_links";

export interface ActivationsHandlers {
  onSelect(key: string): void;
  onStep(step: number): void;
}

export class ActivationsView {
  readonly element: HTMLElement;
  private pickerFilter: HTMLInputElement;
  private pickerList: HTMLElement;
  private detail: HTMLElement;
  private structure: StructureDoc | null = null;
  private stepDoc: StepDoc | null = null;
  private at: RunTagStep | null = null;
  private layer: string | null = null;
  private visible = false;
  /** Log-scaled histogram counts; null: automatic (on when one bin holds most values, e.g. ReLU zeros). */
  private logHistogram: boolean | null = null;
  private sampleOptions: SampleViewOptions = { colormap: "auto", scale: "shared", item: 0, showAllChannels: false };
  /** Bumped whenever what the detail shows changes, so late answers are dropped. */
  private generation = 0;
  private renderedFor = "";

  constructor(
    private readonly store: DataStore,
    private readonly handlers: ActivationsHandlers,
  ) {
    this.pickerFilter = el("input", {
      class: "mv-search",
      testid: "activation-layer-filter",
      attrs: { type: "search", placeholder: "Find a layer", "aria-label": "Find a layer" },
      on: { input: () => this.renderPicker() },
    });
    this.pickerList = el("div", {
      class: "mv-picker-list",
      testid: "activation-layer-list",
      attrs: { role: "listbox", "aria-label": "Layers" },
    });
    this.detail = el("div", { class: "mv-activation-detail", testid: "activation-detail" });
    this.element = el(
      "section",
      { class: "mv-view mv-activations" },
      el(
        "aside",
        { class: "mv-picker" },
        el("div", { class: "mv-picker-head" }, this.pickerFilter),
        this.pickerList,
        el(
          "div",
          { class: "mv-picker-foot mv-muted" },
          el("span", { class: "mv-sample-dot is-legend" }),
          "activation sample stored at this step",
        ),
      ),
      this.detail,
    );
  }

  setData(structure: StructureDoc, stepDoc: StepDoc, at: RunTagStep): void {
    const structureChanged = structure !== this.structure;
    this.structure = structure;
    this.stepDoc = stepDoc;
    this.at = at;
    if (structureChanged) this.renderPicker();
    else this.updatePickerMarks();
    if (this.layer === null || !structure.layers.some((r) => r.key === this.layer)) this.layer = this.defaultLayer();
    this.refresh();
  }

  setLayer(key: string | null): void {
    if (key === null || key === this.layer) return;
    this.layer = key;
    this.sampleOptions = { ...this.sampleOptions, showAllChannels: false };
    for (const item of this.pickerList.querySelectorAll<HTMLElement>("[data-key]")) {
      const selected = item.dataset.key === key;
      item.classList.toggle("is-selected", selected);
      item.setAttribute("aria-selected", String(selected));
      if (selected && this.visible) item.scrollIntoView({ block: "nearest" });
    }
    this.refresh();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) {
      this.pickerList.querySelector(".is-selected")?.scrollIntoView({ block: "nearest" });
      this.refresh();
    }
  }

  /** The layer shown when none was chosen: the first one with a stored sample. */
  private defaultLayer(): string | null {
    const samples = this.stepDoc?.samples ?? {};
    const rows = this.structure?.layers ?? [];
    return (
      rows.find((r) => r.key in samples)?.key ??
      rows.find((r) => r.node !== null && r.parent !== null)?.key ??
      rows[0]?.key ??
      null
    );
  }

  private renderPicker(): void {
    const rows = this.structure?.layers ?? [];
    const filter = this.pickerFilter.value.trim().toLowerCase();
    const samples = this.stepDoc?.samples ?? {};
    const fragment = document.createDocumentFragment();
    let count = 0;
    const nameOf = new Map(rows.map((r) => [r.key, r.name]));
    for (const row of rows) {
      if (row.node === null) continue;
      if (filter && !row.name.toLowerCase().includes(filter) && !row.type.toLowerCase().includes(filter)) continue;
      count++;
      const isRoot = row.parent === null;
      fragment.appendChild(
        el(
          "button",
          {
            class:
              "mv-picker-item" +
              (row.key === this.layer ? " is-selected" : "") +
              (row.key in samples ? " has-sample" : ""),
            testid: "activation-layer",
            dataset: { key: row.key },
            title: `${row.name || this.structure?.model_type || "model"} (${row.type})${row.calls > 1 ? `, call ${row.call + 1} of ${row.calls}` : ""}`,
            attrs: { type: "button", role: "option", "aria-selected": String(row.key === this.layer) },
            style: { paddingLeft: `${8 + (filter ? 0 : Math.min(row.depth, 8) * 12)}px` },
            on: { click: () => this.handlers.onSelect(row.key) },
          },
          el("span", { class: "mv-sample-dot", title: "Has an activation sample at this step" }),
          el(
            "span",
            { class: "mv-picker-name" },
            isRoot
              ? (this.structure?.model_type ?? "model")
              : filter
                ? row.name
                : relativeName(row.name, row.parent === null ? null : nameOf.get(row.parent)),
          ),
          row.calls > 1 ? el("span", { class: "mv-badge" }, `#${row.call + 1}`) : null,
          el("span", { class: "mv-picker-type" }, row.type),
        ),
      );
    }
    replaceChildren(this.pickerList);
    this.pickerList.appendChild(fragment);
    if (count === 0) this.pickerList.appendChild(el("div", { class: "mv-muted mv-picker-empty" }, "No layer matches."));
  }

  private updatePickerMarks(): void {
    const samples = this.stepDoc?.samples ?? {};
    for (const item of this.pickerList.querySelectorAll<HTMLElement>("[data-key]")) {
      item.classList.toggle("has-sample", item.dataset.key! in samples);
    }
  }

  /** Redraw the detail for the current layer and step, if visible and not already drawn. */
  private refresh(): void {
    if (!this.visible || !this.structure || !this.stepDoc || !this.at) return;
    const key = [this.at.run, this.at.tag, this.at.step, this.layer, this.structure.hash].join("\u0000");
    if (key === this.renderedFor) return;
    const layerChanged = !this.renderedFor.endsWith("\u0000" + this.layer + "\u0000" + this.structure.hash);
    this.renderedFor = key;
    this.renderDetail(layerChanged);
  }

  private renderDetail(layerChanged: boolean): void {
    const generation = ++this.generation;
    const structure = this.structure!;
    const stepDoc = this.stepDoc!;
    const at = this.at!;
    const row = structure.layers.find((r) => r.key === this.layer);
    if (!row) {
      replaceChildren(
        this.detail,
        el("div", { class: "mv-placeholder" }, el("p", {}, "Pick a layer on the left to see its activations.")),
      );
      return;
    }
    const stats = stepDoc.activations[row.key] ?? null;
    const sampleEntry = stepDoc.samples[row.key];

    const sampleCard = el("div", { class: "mv-card mv-sample-card" }, el("h3", {}, "Output sample"));
    const previous = this.detail.querySelector<HTMLElement>(".mv-sample-card .mv-sample");
    const historyCard = el(
      "div",
      { class: "mv-card" },
      el("h3", {}, "Over training"),
      el("div", { class: "mv-muted mv-chart-placeholder" }, "Loading…"),
    );
    replaceChildren(
      this.detail,
      this.header(row, structure),
      this.statsGrid(stats),
      el("div", { class: "mv-card-row" }, this.histogramCard(stats), historyCard),
      sampleCard,
      this.parametersCard(row, stepDoc),
    );
    if (stepDoc.capture?.warnings?.length) {
      this.detail.appendChild(
        el(
          "div",
          { class: "mv-card mv-warnings" },
          el("h3", {}, "Capture warnings"),
          ...stepDoc.capture.warnings.map((w) => el("p", {}, w)),
        ),
      );
    }

    if (!sampleEntry) {
      sampleCard.appendChild(
        el(
          "p",
          { class: "mv-muted", testid: "no-sample" },
          stats
            ? `No sample of this layer's output was stored at step ${at.step}; the statistics above cover the whole output.`
            : `This call did not record its output at step ${at.step}.`,
        ),
      );
    } else {
      // Keep the previous picture while the next one loads, so playback does not flicker.
      if (previous && !layerChanged) sampleCard.appendChild(previous);
      else
        sampleCard.appendChild(
          el("div", { class: "mv-muted mv-chart-placeholder", testid: "sample-loading" }, "Loading sample…"),
        );
      this.store.sample(at, row.key).then(
        (sample) => {
          if (generation !== this.generation) return;
          const view = new SampleView(this.sampleOptions, (options) => (this.sampleOptions = options));
          view.setSample(sample);
          replaceChildren(sampleCard, el("h3", {}, "Output sample"), view.element);
        },
        (error: unknown) => {
          if (generation !== this.generation || isAbort(error)) return;
          replaceChildren(
            sampleCard,
            el("h3", {}, "Output sample"),
            el("p", { class: "mv-error-text" }, (error as Error).message),
          );
        },
      );
    }

    // The run's over-time analysis, which the alerts have usually computed already.
    this.store.layerTrends(at.run, at.tag, row.key).then(
      (trends) => {
        if (generation !== this.generation) return;
        const value = (name: string, i: number) => trends.statistics[name]?.[i] ?? null;
        const points = trends.steps.map((step, i) => ({
          step,
          mean: value("activation_mean", i),
          std: value("activation_std", i),
          min: value("activation_min", i),
          max: value("activation_max", i),
        }));
        replaceChildren(
          historyCard,
          el("h3", {}, "Over training", el("span", { class: "mv-card-note" }, "mean ± std, min–max; click to jump")),
          historyChart(points, at.step, (step) => this.handlers.onStep(step)),
        );
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        replaceChildren(
          historyCard,
          el("h3", {}, "Over training"),
          el("p", { class: "mv-error-text" }, (error as Error).message),
        );
      },
    );
  }

  private header(row: LayerRow, structure: StructureDoc): HTMLElement {
    const title = row.parent === null ? structure.model_type : row.name;
    return el(
      "div",
      { class: "mv-detail-header" },
      el("h2", { class: "mv-mono", testid: "activation-layer-name" }, title),
      el("span", { class: "mv-type-chip", title: row.extra ? `${row.type}(${row.extra})` : row.type }, row.type),
      row.calls > 1 ? el("span", { class: "mv-badge" }, `call ${row.call + 1} of ${row.calls}`) : null,
      el(
        "span",
        { class: "mv-muted mv-mono" },
        `${formatShapes(row.input_shapes)} → ${formatShapes(row.output_shapes)}`,
      ),
      el("span", { class: "mv-spacer" }),
      layerLinks(row.key, "activations"),
    );
  }

  private statsGrid(stats: Stats | null): HTMLElement {
    return stats
      ? statsGrid(stats, "activation-stats")
      : el("div", { class: "mv-card mv-muted" }, "No statistics were recorded for this call at this step.");
  }

  private histogramCard(stats: Stats | null): HTMLElement {
    const card = el("div", { class: "mv-card" });
    const counts = stats?.hist?.counts ?? [];
    const spiky = spikyHistogram(stats?.hist);
    const draw = () => {
      const log = this.logHistogram ?? spiky;
      const logToggle = el(
        "label",
        { class: "mv-check", title: "Logarithmic counts: shows the tails next to a spike" },
        el("input", {
          testid: "histogram-log",
          attrs: { type: "checkbox", checked: log },
          on: {
            change: (event) => {
              this.logHistogram = (event.target as HTMLInputElement).checked;
              draw();
            },
          },
        }),
        "log",
      );
      replaceChildren(
        card,
        el("h3", {}, "Histogram", el("span", { class: "mv-card-note" }, logToggle)),
        stats?.hist && counts.length
          ? histogramChart(stats.hist, log)
          : el("p", { class: "mv-muted" }, "No histogram recorded."),
      );
    };
    draw();
    return card;
  }

  private parametersCard(row: LayerRow, stepDoc: StepDoc): HTMLElement | null {
    const names = row.param_names ?? [];
    if (names.length === 0) return null;
    const headings: [string, string][] = [
      ["parameter", "Qualified parameter name"],
      ["mean", "Mean of the weights"],
      ["std", "Standard deviation of the weights"],
      ["norm", "L2 norm of the weights"],
      ["grad norm", "L2 norm of the gradient when the step was recorded"],
      ["update", "Relative change since the previous recorded step: ‖W(t) − W(t′)‖ / ‖W(t′)‖"],
    ];
    const header = el(
      "tr",
      {},
      ...headings.map(([h, title], i) => el("th", { class: i ? "is-numeric" : "", title }, h)),
    );
    const rows = names.map((name) => {
      const p = stepDoc.params[name];
      const g = stepDoc.grads[name];
      const update = stepDoc.updates?.[name];
      return el(
        "tr",
        {},
        el("td", { class: "mv-mono" }, name),
        el("td", { class: "is-numeric" }, formatValue(p?.mean)),
        el("td", { class: "is-numeric" }, formatValue(p?.std)),
        el("td", { class: "is-numeric" }, formatValue(p?.norm)),
        el(
          "td",
          {
            class: "is-numeric" + (g ? "" : " is-muted"),
            title: g ? undefined : "No gradient was set when this step was recorded",
          },
          g ? formatValue(g.norm) : "–",
        ),
        el(
          "td",
          {
            class: "is-numeric" + (update === undefined || update === null ? " is-muted" : ""),
            title: update === undefined ? "Not tracked (first recorded step, or update tracking off)" : undefined,
          },
          formatValue(update),
        ),
      );
    });
    return el(
      "div",
      { class: "mv-card" },
      el("h3", {}, "Parameters"),
      el("table", { class: "mv-table mv-compact" }, el("thead", {}, header), el("tbody", {}, ...rows)),
    );
  }
}
