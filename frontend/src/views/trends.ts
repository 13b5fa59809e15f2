/**
 * The Trends view: the whole model over training at a glance and one layer in detail.
 * Left, a layer × step heatmap of one statistic (rows in model order, columns the logged
 * steps; clicking a cell opens that layer at that step). Right, every statistic of the
 * selected layer as a line over the steps, the current step marked, clicking moves the
 * step. Both come from the server's cached over-time analysis (stat_matrix, layer_trends).
 */

import { el, replaceChildren } from "../dom";
import { colorLegend } from "../legend";
import { MatrixHeatmap, READABLE_ROW } from "../matrix_heatmap";
import { formatStatistic, overTimeMetrics, scaleFor, statisticInfo } from "../statistics";
import type { DataStore } from "../store";
import { GROUP_PREFIX, groupOf, trendRows, type Grouping } from "../trend_rows";
import { distributionChart } from "../distribution_chart";
import { trendChart, type OtherRunLine } from "../trend_chart";
import type { Alert, LayerTrends, StatMatrix } from "../types";
import { alertKindLabel } from "./alerts";
import { layerLinks } from "./layer_links";
import { layerLabel } from "../layer_name";

export interface TrendsHandlers {
  /** A heatmap cell: select that layer and move to that step. */
  onPick(layer: string, step: number): void;
  onStep(step: number): void;
  onStatistic(statistic: string): void;
  /** The user ticked or cleared a run to overlay: every run ticked now, in the order they were ticked. */
  onOverlaidRuns(runs: string[]): void;
}

export interface TrendsContext {
  run: string;
  tag: string;
  /** The other runs that log this tag: the layer's lines may be overlaid for them. */
  otherRuns: string[];
  step: number;
  layer: string | null;
}

export const DEFAULT_STATISTIC = "activation_std";

/** Line colours of the overlaid runs, in the order they are listed (the run's own line is the chart colour). */
const RUN_COLOURS = ["#2ca02c", "#9467bd", "#d62728", "#17becf", "#8c564b", "#e377c2", "#bcbd22", "#7f7f7f"];

/** Above this many rows the heatmap starts with numbered blocks folded. */
const GROUP_FROM_ROWS = 150;

export class TrendsView {
  readonly element: HTMLElement;
  private readonly statisticSelect: HTMLSelectElement;
  private readonly hideEmpty: HTMLInputElement;
  private readonly legendSlot: HTMLElement;
  private readonly matrixArea: HTMLElement;
  private readonly matrixMessage: HTMLElement;
  private readonly side: HTMLElement;
  private readonly distributions: HTMLElement = el("section", { class: "mv-distributions" });
  /** Runs whose lines of the same layer are overlaid on the charts. */
  private readonly overlaidRuns = new Set<string>();
  private readonly heatmap: MatrixHeatmap;
  private readonly filterInput: HTMLInputElement;
  private readonly groupSelect: HTMLSelectElement;
  private readonly countLabel: HTMLElement;
  /** Groups the user opened (their name prefixes). */
  private readonly openGroups = new Set<string>();
  /** Row heights the zoom buttons step through; "fit" shows every row at once. */
  private zoom: number | "fit" = READABLE_ROW;
  /** Whether the user chose a grouping (else large models start grouped by block). */
  private groupChosen = false;
  /** The group last opened to show the selected layer (opened once: the user may close it). */
  private revealedGroup: string | null = null;
  /** The layer the heatmap was last drawn (and scrolled) for. */
  private layerShownInMatrix: string | null = null;
  private context: TrendsContext | null = null;
  private statistic = DEFAULT_STATISTIC;
  private alerts: Alert[] = [];
  /** The run and tag `alerts` belong to (runKey): while another run loads they may be its. */
  private alertsOf = "";
  private visible = false;
  private matrix: StatMatrix | null = null;
  /** The run and tag `matrix` belongs to: after a switch it stays drawn until the next one loads. */
  private matrixRun = "";
  private matrixFor = "";
  private trendsFor = "";
  private generation = 0;

  constructor(
    private readonly store: DataStore,
    private readonly handlers: TrendsHandlers,
  ) {
    this.statisticSelect = el(
      "select",
      {
        testid: "heatmap-statistic",
        attrs: { "aria-label": "Statistic of the heatmap" },
        on: { change: () => this.handlers.onStatistic(this.statisticSelect.value) },
      },
      ...overTimeMetrics().map((s) => el("option", { attrs: { value: s.name } }, s.label)),
    );
    this.hideEmpty = el("input", {
      testid: "heatmap-hide-empty",
      attrs: { type: "checkbox", checked: true },
      on: { change: () => this.showMatrix() },
    });
    this.legendSlot = el("div", { class: "mv-legend-slot" });
    this.heatmap = new MatrixHeatmap({ onPick: (layer, step) => this.pick(layer, step) });
    this.filterInput = el("input", {
      class: "mv-search mv-trends-filter",
      testid: "heatmap-filter",
      attrs: {
        type: "search",
        placeholder: "Filter layers by name or type",
        "aria-label": "Filter the heatmap's layers",
      },
      on: { input: () => this.showMatrix() },
    });
    this.groupSelect = el(
      "select",
      {
        testid: "heatmap-group",
        attrs: { "aria-label": "Group the heatmap's rows" },
        on: {
          change: () => {
            this.groupChosen = true;
            this.showMatrix();
          },
        },
      },
      el("option", { attrs: { value: "none" } }, "every layer"),
      el("option", { attrs: { value: "block" } }, "numbered blocks (h.0, h.1, …)"),
      el("option", { attrs: { value: "top" } }, "top-level modules"),
    );
    this.countLabel = el("span", { class: "mv-muted mv-trends-count", testid: "heatmap-count" });
    const zoomButton = (label: string, title: string, testid: string, action: () => void) =>
      el("button", { class: "mv-button", title, testid, attrs: { type: "button" }, on: { click: action } }, label);
    this.matrixMessage = el("div", { class: "mv-muted mv-matrix-message", testid: "heatmap-message" });
    const tools = el(
      "div",
      { class: "mv-trends-tools" },
      this.filterInput,
      el("label", { class: "mv-field" }, el("span", { class: "mv-field-label" }, "Group"), this.groupSelect),
      el(
        "span",
        { class: "mv-trends-zoom" },
        zoomButton("−", "Thinner rows (more of them on screen)", "heatmap-zoom-out", () => this.setZoom(-1)),
        zoomButton("+", "Taller rows", "heatmap-zoom-in", () => this.setZoom(1)),
        zoomButton("Fit", "Every row on screen at once", "heatmap-zoom-fit", () => this.setZoom(0)),
      ),
      this.countLabel,
    );
    this.matrixArea = el("div", { class: "mv-trends-matrix" }, tools, this.heatmap.element, this.matrixMessage);
    this.side = el("aside", { class: "mv-trends-side", testid: "trends-panel" });
    this.element = el(
      "section",
      { class: "mv-view mv-trends" },
      el(
        "div",
        { class: "mv-view-bar" },
        el("label", { class: "mv-field" }, el("span", { class: "mv-field-label" }, "Heatmap of"), this.statisticSelect),
        el(
          "label",
          {
            class: "mv-check",
            title: "Leave out layers that have no value of this statistic (e.g. weight norms of a ReLU)",
          },
          this.hideEmpty,
          "only layers with values",
        ),
        this.legendSlot,
        el("span", { class: "mv-spacer" }),
        el("span", { class: "mv-muted mv-hint" }, "Click a cell to open that layer at that step"),
      ),
      el("div", { class: "mv-trends-body" }, this.matrixArea, this.side),
    );
  }

  setContext(context: TrendsContext): void {
    this.context = context;
    this.refresh();
  }

  setStatistic(statistic: string): void {
    this.statistic = overTimeMetrics().some((s) => s.name === statistic) ? statistic : DEFAULT_STATISTIC;
    this.statisticSelect.value = this.statistic;
    this.trendsFor = "";
    this.refresh();
  }

  /** The runs whose lines are overlaid (from the URL); runs that do not log this tag are left out when drawn. */
  setOverlaidRuns(runs: readonly string[]): void {
    const same = runs.length === this.overlaidRuns.size && runs.every((run) => this.overlaidRuns.has(run));
    if (same) return;
    this.overlaidRuns.clear();
    for (const run of runs) this.overlaidRuns.add(run);
    this.refresh();
  }

  /** The health alerts of run and tag `of` (run + NUL + tag); only the shown run's are used. */
  setAlerts(alerts: Alert[], of: string): void {
    this.alerts = alerts;
    this.alertsOf = of;
    this.trendsFor = "";
    this.refresh();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) {
      this.refresh();
      this.heatmap.redraw();
    }
  }

  /** The data may have grown (TensorBoard reloaded): fetch again on the next refresh. */
  invalidate(): void {
    this.matrixFor = "";
    this.trendsFor = "";
  }

  /** Repaint canvases after a theme change. */
  redraw(): void {
    if (this.visible) this.heatmap.redraw();
  }

  private refresh(): void {
    const context = this.context;
    if (!this.visible || !context) return;
    const matrixKey = [context.run, context.tag, this.statistic].join("\u0000");
    if (matrixKey !== this.matrixFor) {
      this.matrixFor = matrixKey;
      void this.loadMatrix(context, this.statistic, matrixKey);
    }
    this.heatmap.setSelection(this.shownLayer(), context.step);
    // Another layer on show: open its group and scroll it into view.
    if (this.matrix && this.shownLayer() !== this.layerShownInMatrix) this.showMatrix();
    const layer = this.shownLayer();
    // The overlaid runs are part of what is loaded: a late answer for other runs is not drawn.
    const trendsKey = [context.run, context.tag, context.step, layer, ...[...this.overlaidRuns].sort()].join("\u0000");
    if (trendsKey !== this.trendsFor) {
      this.trendsFor = trendsKey;
      void this.loadTrends(context, layer);
    }
  }

  /** The alerts of the context's run: another run's (it is loading) name layers this one may not have. */
  private alertsOfRun(context: TrendsContext): Alert[] {
    return this.alertsOf === runKey(context) ? this.alerts : [];
  }

  /** The selected layer, or the one the first alert names, or the first with values. */
  private shownLayer(): string | null {
    const context = this.context;
    if (context?.layer) return context.layer;
    const alerts = context ? this.alertsOfRun(context) : [];
    if (alerts.length) return alerts[0].layer;
    const matrix = this.matrix;
    // Another run's first layer may not exist in this one: wait for this run's matrix.
    if (!matrix || !context || this.matrixRun !== runKey(context)) return null;
    const row = matrix.layers.findIndex((layer, i) => layer.depth !== 0 && matrix.values[i].some((v) => v !== null));
    return row >= 0 ? matrix.layers[row].key : null;
  }

  private async loadMatrix(context: TrendsContext, statistic: string, key: string): Promise<void> {
    const generation = ++this.generation;
    this.showMatrixMessage(this.matrix ? null : "Reading every logged step…");
    try {
      const matrix = await this.store.statMatrix(context.run, context.tag, statistic);
      if (key !== this.matrixFor || generation !== this.generation) return;
      this.matrix = matrix;
      this.matrixRun = runKey(context);
      this.showMatrix();
      // The default layer may only be known now.
      this.trendsFor = "";
      this.refresh();
    } catch (error) {
      if (key !== this.matrixFor) return;
      this.matrix = null;
      this.heatmap.setData(null);
      replaceChildren(this.legendSlot);
      this.showMatrixMessage((error as Error).message, true);
    }
  }

  private showMatrix(): void {
    const matrix = this.matrix;
    if (!matrix) return;
    const withValues = matrix.layers
      .map((_, i) => i)
      .filter((i) => !this.hideEmpty.checked || matrix.values[i].some((v) => v !== null));
    if (!this.groupChosen) this.groupSelect.value = withValues.length > GROUP_FROM_ROWS ? "block" : "none";
    // The layer on show is never hidden in a closed group.
    const shownLayer = matrix.layers.find((layer) => layer.key === this.shownLayer());
    const shownGroup = shownLayer ? groupOf(shownLayer.name, this.groupSelect.value as Grouping) : null;
    if (shownGroup !== null && shownGroup !== this.revealedGroup) {
      this.openGroups.add(shownGroup);
      this.revealedGroup = shownGroup;
    }
    const info = statisticInfo(matrix.statistic);
    // The scale is the whole model's, whatever the filter: colours keep their meaning.
    const scale = scaleFor(
      info.kind,
      withValues.flatMap((i) => matrix.values[i]),
      info.preferLog,
    );
    const rows = trendRows(
      withValues.map((i) => matrix.layers[i]),
      withValues.map((i) => matrix.values[i]),
      matrix.steps.length,
      this.filterInput.value,
      this.groupSelect.value as Grouping,
      this.openGroups,
    );
    const groups = rows.filter((row) => row.group).length;
    this.countLabel.textContent =
      `${rows.length.toLocaleString("en-US")} rows` +
      (groups ? ` (${groups} groups)` : "") +
      ` of ${withValues.length.toLocaleString("en-US")} layers`;
    const format = (v: number | null) => formatStatistic(matrix.statistic, v);
    replaceChildren(
      this.legendSlot,
      colorLegend(scale, { format: (v) => format(v), missing: "no value", testid: "heatmap-legend" }),
    );
    if (rows.length === 0) {
      this.heatmap.setData(null);
      this.showMatrixMessage(
        withValues.length === 0
          ? `No layer has a value of “${info.label}” at any step.`
          : `No layer matches “${this.filterInput.value.trim()}”.`,
      );
      return;
    }
    const unreadable = matrix.unreadable.length ? ` ${matrix.unreadable.length} damaged step(s) left out.` : "";
    this.showMatrixMessage(unreadable ? unreadable.trim() : null);
    this.heatmap.setData({
      steps: matrix.steps,
      layers: rows.map((row) => row.layer),
      values: rows.map((row) => row.values),
      scale,
      format,
    });
    const shown = this.shownLayer();
    this.layerShownInMatrix = shown;
    if (shown) this.heatmap.reveal(shown);
    this.element.dataset.statistic = matrix.statistic;
  }

  /** A cell: a layer's opens it at that step; a group's opens or closes the group. */
  private pick(layer: string, step: number): void {
    if (layer.startsWith(GROUP_PREFIX)) {
      const prefix = layer.slice(GROUP_PREFIX.length);
      if (this.openGroups.has(prefix)) this.openGroups.delete(prefix);
      else this.openGroups.add(prefix);
      this.showMatrix();
      return;
    }
    this.handlers.onPick(layer, step);
  }

  /** −1 thinner rows, +1 taller, 0 fit every row on screen. */
  private setZoom(direction: number): void {
    const heights = [3, 5, 8, 11, READABLE_ROW, 18, 24];
    if (direction === 0) {
      this.zoom = "fit";
    } else {
      const current = this.heatmap.rowHeight();
      const next =
        direction > 0 ? heights.find((h) => h > current + 0.5) : [...heights].reverse().find((h) => h < current - 0.5);
      this.zoom = next ?? (direction > 0 ? heights[heights.length - 1] : heights[0]);
    }
    this.heatmap.setRowHeight(this.zoom);
  }

  private showMatrixMessage(text: string | null, isError = false): void {
    this.matrixMessage.hidden = text === null;
    this.matrixMessage.classList.toggle("mv-error-text", isError);
    this.matrixMessage.textContent = text ?? "";
  }

  private async loadTrends(context: TrendsContext, layer: string | null): Promise<void> {
    if (layer === null) {
      replaceChildren(
        this.side,
        el(
          "p",
          { class: "mv-muted mv-trends-empty" },
          "Pick a layer in the heatmap to see its statistics over training.",
        ),
      );
      return;
    }
    const key = this.trendsFor;
    if (!this.side.querySelector(".mv-trend"))
      replaceChildren(this.side, el("p", { class: "mv-muted mv-trends-empty" }, "Loading…"));
    try {
      const overlaid = context.otherRuns.filter((run) => this.overlaidRuns.has(run));
      const [trends, ...others] = await Promise.all([
        this.store.layerTrends(context.run, context.tag, layer),
        ...overlaid.map((run) =>
          this.store.layerTrends(run, context.tag, layer).then(
            (t) => ({ run, trends: t }),
            (error: Error) => ({ run, error: error.message }),
          ),
        ),
      ]);
      if (key !== this.trendsFor) return;
      this.renderTrends(trends as LayerTrends, context, others as OtherRun[]);
    } catch (error) {
      if (key !== this.trendsFor) return;
      replaceChildren(this.side, el("p", { class: "mv-error-text mv-trends-empty" }, (error as Error).message));
    }
  }

  /** Checkboxes of the other runs, each with its line's colour; a change reloads the lines. */
  private runChooser(context: TrendsContext, others: OtherRun[]): HTMLElement | null {
    const runs = context.otherRuns;
    if (runs.length === 0) return null;
    const missing = others.filter((o) => "error" in o);
    return el(
      "div",
      { class: "mv-trends-runs", testid: "trends-runs" },
      el("span", { class: "mv-field-label" }, "Overlay runs"),
      el("span", { class: "mv-run-chip is-own" }, el("span", { class: "mv-run-swatch is-own" }), context.run),
      ...runs.map((run) =>
        el(
          "label",
          { class: "mv-run-chip" },
          el("input", {
            attrs: { type: "checkbox", checked: this.overlaidRuns.has(run), "data-run": run },
            on: {
              change: (event) => {
                if ((event.target as HTMLInputElement).checked) this.overlaidRuns.add(run);
                else this.overlaidRuns.delete(run);
                this.handlers.onOverlaidRuns([...this.overlaidRuns]);
                this.refresh();
              },
            },
          }),
          el("span", { class: "mv-run-swatch", style: { background: runColour(runs, run) } }),
          run,
        ),
      ),
      ...missing.map((o) =>
        el(
          "p",
          { class: "mv-muted mv-block", testid: "trends-run-missing" },
          `${o.run}: ${(o as { error: string }).error}`,
        ),
      ),
    );
  }

  /** One layer's lines, loaded for `context` (not `this.context`, which may have moved on while hidden). */
  private renderTrends(trends: LayerTrends, context: TrendsContext, others: OtherRun[] = []): void {
    const step = context.step;
    const runs = context.otherRuns;
    const lines = (statistic: string): OtherRunLine[] =>
      others.flatMap((o) =>
        "trends" in o
          ? [
              {
                run: o.run,
                steps: o.trends.steps,
                values: o.trends.statistics[statistic] ?? o.trends.steps.map(() => null),
                colour: runColour(runs, o.run),
              },
            ]
          : [],
      );
    const layer = trends.layer;
    const inputs = inputChanges(trends);
    const alerts = this.alertsOfRun(context).filter((a) => a.layer === layer.key);
    const present = (name: string) => (trends.statistics[name] ?? []).some((v) => v !== null && v !== 0);
    // The registry's hint says which lines are drawn always and which only with something to show.
    const metrics = overTimeMetrics();
    const listed = [
      ...metrics.filter((m) => m.trend === "always").map((m) => m.name),
      ...metrics.filter((m) => m.trend === "when_present" && present(m.name)).map((m) => m.name),
    ];
    // The heatmap's statistic first, so a clicked cell's story is at the top.
    const shown = [this.statistic, ...listed.filter((name) => name !== this.statistic)];
    replaceChildren(
      this.side,
      el(
        "div",
        { class: "mv-trends-head" },
        el("h2", { class: "mv-mono", testid: "trends-layer-name", title: layerLabel(layer) }, layerLabel(layer)),
        el("span", { class: "mv-type-chip" }, layer.type ?? "?"),
        el("span", { class: "mv-spacer" }),
        layerLinks(layer.key, "trends"),
      ),
      ...alerts.map((alert) =>
        el(
          "div",
          { class: "mv-trends-alert", testid: "trends-alert" },
          el("span", { class: "mv-alert-kind", dataset: { kind: alert.kind } }, alertKindLabel(alert.kind)),
          alert.message,
        ),
      ),
      inputs.distinct > 1 ? differentInputsNote(inputs) : null,
      this.runChooser(context, others),
      el(
        "div",
        { class: "mv-trend-grid" },
        ...shown.map((statistic) =>
          trendChart({
            statistic,
            description: trends.descriptions[statistic] ?? "",
            steps: trends.steps,
            values: trends.statistics[statistic] ?? trends.steps.map(() => null),
            currentStep: step,
            alertSteps: alerts.filter((a) => a.statistic === statistic).map((a) => a.step),
            inputChangeSteps: inputs.ticked ? inputs.steps : [],
            highlighted: statistic === this.statistic,
            others: lines(statistic),
            onPick: (picked) => this.handlers.onStep(picked),
          }),
        ),
      ),
      el(
        "p",
        { class: "mv-muted mv-trends-note" },
        "Weight and gradient norms combine the layer's own parameters; the update ratio is ‖W(t) − W(t′)‖ / ‖W(t′)‖ since the previous logged step.",
      ),
      this.distributions,
    );
    void this.loadDistributions(context, layer.key, this.trendsFor);
  }

  /** The layer's output, weights and gradients as distributions over the steps (stored histograms). */
  private async loadDistributions(context: TrendsContext, layer: string, key: string): Promise<void> {
    const step = context.step;
    replaceChildren(
      this.distributions,
      el("h3", { class: "mv-distributions-title" }, "Distributions over the steps"),
      el("p", { class: "mv-muted" }, "Loading histograms…"),
    );
    try {
      const answer = await this.store.histograms(context.run, context.tag, layer);
      if (key !== this.trendsFor) return;
      const charts = [
        distributionChart({
          title: "output",
          testid: "distribution-chart",
          steps: answer.steps,
          histograms: answer.activation,
          currentStep: step,
        }),
        ...Object.entries(answer.params).map(([name, histograms]) =>
          distributionChart({ title: name, steps: answer.steps, histograms, currentStep: step }),
        ),
        ...Object.entries(answer.grads).map(([name, histograms]) =>
          distributionChart({ title: `${name} gradient`, steps: answer.steps, histograms, currentStep: step }),
        ),
      ];
      replaceChildren(
        this.distributions,
        el("h3", { class: "mv-distributions-title" }, "Distributions over the steps"),
        el("div", { class: "mv-trend-grid", testid: "distributions" }, ...charts),
        el(
          "p",
          { class: "mv-muted mv-trends-note" },
          "One ridge per logged step, the earliest at the back; each is the step's stored histogram (32 bins) as a density. The current step is outlined.",
        ),
      );
    } catch (error) {
      if (key !== this.trendsFor) return;
      replaceChildren(
        this.distributions,
        el("p", { class: "mv-error-text" }, `Could not read the histograms: ${(error as Error).message}`),
      );
    }
  }
}

/** Another run's lines of the layer, or why it has none (no such layer there). */
type OtherRun = { run: string; trends: LayerTrends } | { run: string; error: string };

function runColour(runs: string[], run: string): string {
  return RUN_COLOURS[Math.max(0, runs.indexOf(run)) % RUN_COLOURS.length];
}

function runKey(context: TrendsContext): string {
  return context.run + "\u0000" + context.tag;
}

/** Input changes worth a tick each; beyond this many the note alone says it. */
const MAX_TICKED_CHANGES = 12;

interface InputChanges {
  /** How many distinct inputs the steps ran on (those with a fingerprint). */
  distinct: number;
  /** Steps that ran on other inputs than the logged step before them. */
  steps: number[];
  /** Whether each step had inputs of its own: the loop logs its training batches. */
  everyStep: boolean;
  /** Whether the changes are few enough to tick on the charts (MAX_TICKED_CHANGES). */
  ticked: boolean;
}

function inputChanges(trends: LayerTrends): InputChanges {
  const inputs = trends.inputs ?? [];
  const known = inputs.filter((group): group is number => group !== null);
  const steps = trends.steps.filter(
    (_, i) => i > 0 && inputs[i] != null && inputs[i - 1] != null && inputs[i] !== inputs[i - 1],
  );
  const distinct = new Set(known).size;
  const everyStep = distinct === known.length;
  return { distinct, steps, everyStep, ticked: !everyStep && steps.length <= MAX_TICKED_CHANGES };
}

function differentInputsNote(changes: InputChanges): HTMLElement {
  const title = changes.everyStep
    ? "Each logged step ran on different inputs"
    : `The logged steps ran on ${changes.distinct} different inputs`;
  const where = changes.ticked ? " Ticks on the step axis mark where they changed." : "";
  return el(
    "div",
    {
      class: "mv-trends-alert mv-inputs-note",
      testid: "trends-different-inputs",
      dataset: { inputs: String(changes.distinct) },
    },
    el("strong", {}, title),
    el(
      "span",
      {},
      ` The lines mix how the model changed with how its inputs differ.${where} To follow the model alone, log the same inputs at every step (a fixed probe batch).`,
    ),
  );
}
