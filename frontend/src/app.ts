/**
 * The dashboard: owns the selection (run, tag, step, view, layer, and the over-time
 * views' statistic, overlay and reference step), loads what it needs and hands it to the
 * views. The selection lives in the URL so a view can be shared; TensorBoard's reload
 * button and auto-reload refresh it. The run's health alerts are loaded with the run and
 * shown everywhere: the strip under the toolbar, the Alerts tab, badges on the graph.
 */

import { isAbort, type RunTagStep } from "./api";
import { el, replaceChildren } from "./dom";
import { drawThumbnail } from "./heatmap";
import { HostBridge, watchDarkMode } from "./host";
import { emptyState, errorState, loadingState } from "./messages";
import { DataStore } from "./store";
import { Toolbar } from "./toolbar";
import type { Alert, RunEntry, StepDoc, StructureDoc } from "./types";
import {
  linkFor,
  readOwnHash,
  readParentHash,
  stateFromEntries,
  VIEW_NAMES,
  watchUrl,
  writeStateQuietly,
  type HistoryMode,
  type UrlState,
  type ViewName,
} from "./url_state";
import { ActivationsView } from "./views/activations";
import { AlertStrip, AlertsView } from "./views/alerts";
import { CompareView } from "./views/compare";
import { GraphPanel, type GraphDirection } from "./views/graph_panel";
import { setLayerRouter, type LayerView } from "./views/layer_links";
import { LayersView } from "./views/layers";
import { DEFAULT_STATISTIC, TrendsView } from "./views/trends";

/** Time each step is shown while playing, once it has loaded. */
const PLAY_INTERVAL_MS = 900;

interface Selection {
  run: string | null;
  tag: string | null;
  step: number | null;
  view: ViewName;
  layer: string | null;
  /** Statistic of the Trends heatmap and the Compare table. */
  stat: string;
  /** Metric the graph is coloured by, or null. */
  overlay: string | null;
  /** The Graph tab's direction. */
  direction: GraphDirection;
  /** Compare's reference A, when the user chose one (else the run's first step). */
  ref: { run: string; step: number } | null;
  /** Other runs whose lines the Trends charts overlay. */
  trendRuns: string[];
}

export class App {
  private readonly root: HTMLElement;
  private readonly store = new DataStore();
  private readonly bridge = new HostBridge();
  private readonly toolbar: Toolbar;
  private readonly main: HTMLElement;
  private readonly overlay: HTMLElement;
  private readonly graph: GraphPanel;
  private readonly layers: LayersView;
  private readonly activations: ActivationsView;
  private readonly trends: TrendsView;
  private readonly compare: CompareView;
  private readonly alertsView: AlertsView;
  private readonly alertStrip: AlertStrip;
  private readonly viewElements: Record<ViewName, HTMLElement>;

  private selection: Selection = {
    run: null,
    tag: null,
    step: null,
    view: "graph",
    layer: null,
    stat: DEFAULT_STATISTIC,
    overlay: null,
    direction: "forward",
    ref: null,
    trendRuns: [],
  };
  /** Health alerts of the selected run and tag, once loaded. */
  private alerts: Alert[] = [];
  private alertsFor = "";
  /** Run and tag of the alerts on screen. */
  private alertsShown = "";
  /** What the URL asked for before the runs were known. */
  private requested: UrlState = {};
  private runs: RunEntry[] = [];
  private structure: StructureDoc | null = null;
  private stepDoc: StepDoc | null = null;
  /**
   * The run, tag and step of `structure` and `stepDoc`, the documents the views show (null
   * until one is loaded and after a load failed). The selection runs ahead of it while the
   * next step loads: a view's request must name what the view shows, never the selection.
   */
  private shownAt: RunTagStep | null = null;
  private loadGeneration = 0;
  private loading = false;
  private playing = false;
  private playTimer: number | undefined;
  private followLatest = true;
  /** The history mode of the URL write scheduled for the end of this task, if any. */
  private urlWrite: HistoryMode | null = null;
  /** Set while the dashboard follows a URL it did not write (Back, Forward, a link). */
  private followingUrl = false;

  constructor(root: HTMLElement) {
    this.root = root;
    this.toolbar = new Toolbar({
      onRun: (run) => this.chooseRun(run),
      onTag: (tag) => this.chooseTag(tag),
      onStep: (step) => {
        this.stopPlaying();
        this.chooseStep(step); // the slider rewrites the entry: dragging is not a navigation
      },
      onTogglePlay: () => (this.playing ? this.stopPlaying() : this.startPlaying()),
      onView: (view) => this.showView(view),
    });
    this.graph = new GraphPanel({
      onSelect: (key) => this.selectLayer(key, "graph"),
      onOpenActivations: (key) => this.openActivations(key),
      renderThumbnail: (at, key, canvas) => this.renderThumbnail(at, key, canvas),
      onOverlay: (metric) => {
        this.selection.overlay = metric;
        this.graph.setOverlay(metric);
        this.writeUrl("push");
      },
      onDirection: (direction) => {
        this.selection.direction = direction;
        this.writeUrl("push");
      },
      layerValues: (at) => this.store.layerValues(at),
    });
    this.layers = new LayersView({
      onSelect: (key) => this.selectLayer(key, "layers"),
      onOpenActivations: (key) => this.openActivations(key),
    });
    this.activations = new ActivationsView(this.store, {
      onSelect: (key) => this.selectLayer(key, "activations"),
      onStep: (step) => this.goToStep(step),
    });
    this.trends = new TrendsView(this.store, {
      onPick: (layer, step) => {
        if (this.showsOtherRun()) return; // a cell of the run being replaced: the user chose another
        this.selectLayer(layer, "trends");
        this.goToStep(step);
      },
      onStep: (step) => this.goToStep(step),
      onStatistic: (statistic) => this.chooseStatistic(statistic),
      onOverlaidRuns: (runs) => {
        this.selection.trendRuns = runs;
        this.writeUrl("push");
      },
    });
    this.compare = new CompareView(this.store, {
      onReference: (run, step) => {
        this.selection.ref = { run, step };
        this.writeUrl("push");
        this.updateCompare();
      },
      onSelect: (key) => this.selectLayer(key, "compare"),
      onStatistic: (statistic) => this.chooseStatistic(statistic),
    });
    this.alertsView = new AlertsView({ onOpen: (alert) => this.openAlert(alert) });
    this.alertStrip = new AlertStrip({
      onOpen: (alert) => this.openAlert(alert),
      onShowAll: () => this.showView("alerts"),
    });
    this.viewElements = {
      graph: this.graph.element,
      layers: this.layers.element,
      activations: this.activations.element,
      trends: this.trends.element,
      compare: this.compare.element,
      alerts: this.alertsView.element,
    };
    this.overlay = el("div", { class: "mv-overlay", testid: "message" });
    this.main = el("main", { class: "mv-main" }, ...Object.values(this.viewElements), this.overlay);
    replaceChildren(this.root, this.toolbar.element, this.alertStrip.element, this.main);
    this.showView("graph", false);
    watchDarkMode((dark) => {
      document.documentElement.classList.toggle("mv-dark", dark);
      this.graph.setDark(dark);
      this.compare.setDark(dark);
      this.trends.redraw();
    });
    this.bridge.onDataReloaded(() => void this.reload());
    setLayerRouter({
      open: (view, key) => this.openLayerIn(view, key),
      href: (view, key) => linkFor({ ...this.urlState(), view, layer: key }),
    });
  }

  /** A layer link: that layer in that view, as one navigation. */
  private openLayerIn(view: LayerView, key: string): void {
    this.selectLayer(key, view === "graph" ? "layers" : view);
    this.showView(view);
  }

  async start(): Promise<void> {
    this.showOverlay(loadingState("Loading runs…"));
    const fromHost = readParentHash() ?? stateFromEntries(await this.bridge.urlData());
    this.requested = { ...fromHost, ...readOwnHash() };
    if (this.requested.view) this.showView(this.requested.view, false);
    if (this.requested.layer) this.selection.layer = this.requested.layer;
    if (this.requested.stat) this.selection.stat = this.requested.stat;
    this.trends.setStatistic(this.selection.stat);
    this.compare.setStatistic(this.selection.stat);
    if (this.requested.overlay) {
      this.selection.overlay = this.requested.overlay;
      this.graph.setOverlay(this.requested.overlay);
    }
    if (this.requested.direction) {
      this.selection.direction = this.requested.direction;
      this.graph.setDirection(this.requested.direction);
    }
    if (this.requested.ref_run !== undefined && this.requested.ref_step !== undefined) {
      this.selection.ref = { run: this.requested.ref_run, step: this.requested.ref_step };
    }
    if (this.requested.trend_runs) {
      this.selection.trendRuns = this.requested.trend_runs;
      this.trends.setOverlaidRuns(this.selection.trendRuns);
    }
    watchUrl((state) => this.followUrl(state));
    await this.loadRuns();
  }

  /**
   * The URL changed under the dashboard (Back, Forward, or a link opened in this tab):
   * show what it names, without adding a history entry of our own.
   */
  private followUrl(state: UrlState): void {
    this.followingUrl = true;
    try {
      this.stopPlaying();
      this.showView(state.view ?? "graph");
      this.chooseStatistic(state.stat ?? DEFAULT_STATISTIC);
      this.selection.overlay = state.overlay ?? null;
      this.graph.setOverlay(this.selection.overlay);
      this.selection.direction = state.direction ?? "forward";
      this.graph.setDirection(this.selection.direction);
      this.selection.ref =
        state.ref_run !== undefined && state.ref_step !== undefined
          ? { run: state.ref_run, step: state.ref_step }
          : null;
      this.selection.trendRuns = state.trend_runs ?? [];
      this.trends.setOverlaidRuns(this.selection.trendRuns);
      const otherRun =
        (state.run !== undefined && state.run !== this.selection.run) ||
        (state.tag !== undefined && state.tag !== this.selection.tag);
      this.selection.layer = state.layer ?? null;
      if (otherRun) {
        this.selection.run = state.run ?? this.selection.run;
        this.selection.tag = state.tag ?? null;
        this.selection.step = null;
        this.followLatest = true;
        this.requested = state;
        this.applyRuns();
      } else if (state.step !== undefined && state.step !== this.selection.step && this.steps().length) {
        this.goToStep(nearest(this.steps(), state.step));
      }
      this.selectLayer(this.selection.layer, "url");
    } finally {
      this.followingUrl = false;
    }
  }

  // ---- runs ---------------------------------------------------------------

  private async loadRuns(): Promise<void> {
    this.showOverlay(loadingState("Loading runs…"));
    try {
      this.runs = (await this.store.runs()).runs ?? [];
    } catch (error) {
      this.showOverlay(errorState("Could not list the runs", (error as Error).message, () => void this.loadRuns()));
      return;
    }
    this.applyRuns();
  }

  /** Re-resolve the selection against the current run list and load the step. */
  private applyRuns(): void {
    const runs = this.runs.filter((r) => r.tags.some((t) => t.steps.length > 0));
    this.toolbar.setHasData(runs.length > 0);
    if (runs.length === 0) {
      this.selection.run = this.selection.tag = this.selection.step = null;
      this.setAlerts(null);
      this.showOverlay(emptyState());
      return;
    }
    const wanted = this.requested;
    const run = runs.find((r) => r.run === (this.selection.run ?? wanted.run)) ?? runs[0];
    const tagName = run.run === this.selection.run ? this.selection.tag : wanted.tag;
    const tag = run.tags.find((t) => t.tag === tagName && t.steps.length) ?? run.tags.find((t) => t.steps.length)!;
    let step: number;
    if (
      this.selection.step !== null &&
      run.run === this.selection.run &&
      tag.tag === this.selection.tag &&
      !this.followLatest
    ) {
      step = nearest(tag.steps, this.selection.step);
    } else if (this.selection.step === null && wanted.step !== undefined) {
      step = nearest(tag.steps, wanted.step);
      this.followLatest = step === tag.steps[tag.steps.length - 1];
    } else {
      step = tag.steps[tag.steps.length - 1];
    }
    this.selection.run = run.run;
    this.selection.tag = tag.tag;
    this.toolbar.setRuns(runs, run.run, tag.tag);
    this.toolbar.setSteps(tag.steps, step);
    void this.loadStep(step); // first: the graph waits on it, the alerts only badge it
    void this.loadAlerts(run.run, tag.tag);
  }

  private steps(): number[] {
    const run = this.runs.find((r) => r.run === this.selection.run);
    return run?.tags.find((t) => t.tag === this.selection.tag)?.steps ?? [];
  }

  private chooseRun(run: string): void {
    this.stopPlaying();
    this.selection.run = run;
    this.selection.tag = null;
    this.selection.step = null;
    this.followLatest = true;
    this.requested = {};
    this.writeUrl("push");
    this.applyRuns();
  }

  private chooseTag(tag: string): void {
    this.stopPlaying();
    this.selection.tag = tag;
    this.selection.step = null;
    this.followLatest = true;
    this.requested = { run: this.selection.run ?? undefined, tag };
    this.writeUrl("push");
    this.applyRuns();
  }

  private chooseStep(step: number): void {
    const steps = this.steps();
    this.followLatest = step === steps[steps.length - 1];
    void this.loadStep(step);
  }

  /** TensorBoard reloaded its data: new steps or runs may have arrived. */
  private async reload(): Promise<void> {
    let runs: RunEntry[];
    try {
      runs = (await this.store.runs()).runs ?? [];
    } catch {
      return; // Keep showing what we have; the next reload tries again.
    }
    this.store.invalidate();
    this.trends.invalidate();
    this.compare.invalidate();
    this.runs = runs;
    this.alertsFor = ""; // new steps may bring new alerts
    if (this.playing) {
      const steps = this.steps();
      this.toolbar.setSteps(steps, this.selection.step ?? steps[0]);
      return;
    }
    this.applyRuns();
  }

  // ---- steps --------------------------------------------------------------

  private async loadStep(step: number): Promise<void> {
    const run = this.selection.run;
    const tag = this.selection.tag;
    if (run === null || tag === null) return;
    const generation = ++this.loadGeneration;
    const at: RunTagStep = { run, tag, step };
    const sameData = this.stepDoc && this.selection.step === step && this.stepDoc.tag === tag && this.structure;
    this.selection.step = step;
    this.writeUrl();
    this.setLoading(true);
    if (!this.structure) this.showOverlay(loadingState(`Loading step ${step} of ${run}…`));
    // The structure route answers with the structure used at this step, so a run shown for
    // the first time asks for it alongside the step instead of after it: the graph, the
    // largest document, no longer waits a round trip for the step's hash.
    // Hashes repeat across runs of one model: only this run's structure counts as known.
    const shown = this.structure && this.shownAt?.run === run && this.shownAt.tag === tag ? this.structure : null;
    const structureAlongside = shown ? null : this.store.structure(at, undefined);
    structureAlongside?.catch(() => undefined); // its failure is reported where it is awaited
    try {
      const stepDoc = await this.store.step(at);
      const structure =
        shown && shown.hash === stepDoc.structure
          ? shown
          : await (structureAlongside ?? this.store.structure(at, stepDoc.structure));
      if (generation !== this.loadGeneration) return;
      this.showOverlay(null);
      if (sameData && stepDoc.wall_time === this.stepDoc?.wall_time && structure === this.structure) {
        // The step is unchanged, but a reload may have added steps the over-time views show.
        this.updateTrends();
        this.updateCompare();
        return;
      }
      this.apply(at, structure, stepDoc);
    } catch (error) {
      if (generation !== this.loadGeneration || isAbort(error)) return;
      this.stopPlaying();
      this.structure = null;
      this.stepDoc = null;
      this.shownAt = null;
      this.toolbar.setSummary(null);
      this.showOverlay(
        errorState(
          `Could not load step ${step} of run “${run}”`,
          (error as Error).message,
          () => void this.loadStep(step),
        ),
      );
    } finally {
      if (generation === this.loadGeneration) this.setLoading(false);
    }
  }

  private apply(at: RunTagStep, structure: StructureDoc, stepDoc: StepDoc): void {
    const structureChanged = structure !== this.structure;
    this.structure = structure;
    this.stepDoc = stepDoc;
    this.shownAt = at;
    this.toolbar.setStepDetail(stepDoc.wall_time ?? null);
    if (structureChanged) {
      this.toolbar.setSummary(structure);
      if (this.selection.layer && !structure.layers.some((r) => r.key === this.selection.layer))
        this.selection.layer = null;
      this.layers.setStructure(structure);
      void this.graph.setStructure(structure).then(() => {
        if (this.structure === structure) this.graph.select(this.selection.layer);
      });
    }
    this.layers.setStep(stepDoc);
    this.graph.setStep(stepDoc, at);
    this.activations.setData(structure, stepDoc, at);
    this.layers.select(this.selection.layer);
    this.activations.setLayer(this.selection.layer);
    this.updateTrends();
    this.updateCompare();
  }

  // ---- over time: trends, compare, alerts ---------------------------------------------

  /**
   * Whether the views still show another run or tag than the selected one: between a run
   * switch and the arrival of its step, and after a failed load. Until then the selected
   * layer (or a step picked in a view) may be the old run's, which the new run has not got:
   * Trends and Compare keep what they show, and `apply` hands them the new run.
   */
  private showsOtherRun(): boolean {
    const shown = this.shownAt;
    return shown === null || shown.run !== this.selection.run || shown.tag !== this.selection.tag;
  }

  private updateTrends(): void {
    const { run, tag, step, layer } = this.selection;
    if (run === null || tag === null || step === null || this.showsOtherRun()) return;
    const otherRuns = this.runs
      .filter((r) => r.run !== run && r.tags.some((t) => t.tag === tag && t.steps.length))
      .map((r) => r.run);
    this.trends.setContext({ run, tag, step, layer, otherRuns });
  }

  /** Compare's reference: the user's choice while its run and step exist, else the first step. */
  private reference(run: string, tag: string, step: number): RunTagStep | null {
    const ref = this.selection.ref;
    if (ref) {
      const entry = this.runs.find((r) => r.run === ref.run);
      const refTag = entry?.tags.find((t) => t.tag === tag) ?? entry?.tags[0];
      if (refTag?.steps.includes(ref.step)) return { run: ref.run, tag: refTag.tag, step: ref.step };
    }
    const steps = this.steps();
    if (steps.length === 0) return null;
    // From the start of training to now; at the first step itself, against the last.
    const first = steps[0] === step && steps.length > 1 ? steps[steps.length - 1] : steps[0];
    return { run, tag, step: first };
  }

  private updateCompare(): void {
    const { run, tag, step, layer } = this.selection;
    if (run === null || tag === null || step === null || !this.structure || this.showsOtherRun()) return;
    const a = this.reference(run, tag, step);
    if (!a) return;
    this.compare.setContext({ runs: this.runs, a, b: { run, tag, step }, structure: this.structure, layer });
  }

  private async loadAlerts(run: string, tag: string): Promise<void> {
    const key = run + "\u0000" + tag;
    if (key === this.alertsFor) return;
    this.alertsFor = key;
    if (key !== this.alertsShown) {
      // Another run: its predecessor's alerts must not linger while these load.
      this.setAlerts(null);
      this.alertsView.showLoading();
    }
    try {
      const answer = await this.store.alerts(run, tag);
      if (key !== this.alertsFor) return;
      this.alertsShown = key;
      this.setAlerts(answer.alerts, key);
      this.alertsView.setAlerts(answer, run);
    } catch (error) {
      if (key !== this.alertsFor) return;
      this.alertsFor = this.alertsShown = "";
      this.setAlerts(null);
      this.alertsView.showError(`Could not check this run for problems: ${(error as Error).message}`);
    }
  }

  /** The alerts of run and tag `of` (run + NUL + tag), or none (null: not known yet). */
  private setAlerts(alerts: Alert[] | null, of = ""): void {
    this.alerts = alerts ?? [];
    this.toolbar.setAlertCount(alerts === null ? null : alerts.length);
    this.alertStrip.setAlerts(alerts);
    this.graph.setAlerts(this.alerts);
    this.trends.setAlerts(this.alerts, of);
  }

  /** An alert's layer at the step where it starts, in Trends with the statistic that shows it. */
  private openAlert(alert: Alert): void {
    this.writeUrl("push");
    this.selectLayer(alert.layer, "alerts");
    this.chooseStatistic(alert.statistic);
    this.showView("trends");
    if (this.steps().includes(alert.step)) this.goToStep(alert.step);
  }

  private chooseStatistic(statistic: string): void {
    this.selection.stat = statistic;
    this.trends.setStatistic(statistic);
    this.compare.setStatistic(statistic);
    this.writeUrl("push");
  }

  /**
   * A step picked in a view: stop playing, move the slider, load it. A step the selected
   * run has not got (picked in a view that still shows the run being replaced) is not asked for.
   */
  private goToStep(step: number): void {
    if (!this.steps().includes(step)) return;
    this.writeUrl("push");
    this.stopPlaying();
    this.toolbar.setSteps(this.steps(), step);
    this.chooseStep(step);
  }

  private setLoading(loading: boolean): void {
    this.loading = loading;
    this.toolbar.setLoading(loading);
  }

  // ---- playback -----------------------------------------------------------

  private startPlaying(): void {
    const steps = this.steps();
    if (steps.length < 2) return;
    // From the last step, start over.
    if (this.selection.step === steps[steps.length - 1]) {
      this.toolbar.setSteps(steps, steps[0]);
      void this.loadStep(steps[0]);
    }
    this.playing = true;
    this.toolbar.setPlaying(true);
    this.scheduleTick();
  }

  private stopPlaying(): void {
    this.playing = false;
    window.clearTimeout(this.playTimer);
    this.toolbar.setPlaying(false);
  }

  private scheduleTick(): void {
    window.clearTimeout(this.playTimer);
    this.playTimer = window.setTimeout(() => this.tick(), PLAY_INTERVAL_MS);
  }

  /** Advance one step once the current one has loaded; stop at the end. */
  private tick(): void {
    if (!this.playing) return;
    if (this.loading) {
      this.scheduleTick();
      return;
    }
    const steps = this.steps();
    const index = steps.indexOf(this.selection.step ?? NaN);
    if (index < 0 || index >= steps.length - 1) {
      this.stopPlaying();
      return;
    }
    const next = steps[index + 1];
    this.toolbar.setSteps(steps, next);
    this.chooseStep(next);
    // Warm the cache for the step after, so playback does not wait on the network.
    const after = steps[index + 2];
    if (after !== undefined && this.selection.run && this.selection.tag) {
      this.store.step({ run: this.selection.run, tag: this.selection.tag, step: after }).catch(() => undefined);
    }
    this.scheduleTick();
  }

  // ---- views and selection ------------------------------------------------

  private showView(view: ViewName, write = true): void {
    this.selection.view = view;
    this.toolbar.setView(view);
    for (const name of VIEW_NAMES) this.viewElements[name].hidden = name !== view;
    this.activations.setVisible(view === "activations");
    this.trends.setVisible(view === "trends");
    this.compare.setVisible(view === "compare");
    if (write) this.writeUrl("push");
  }

  private selectLayer(
    key: string | null,
    from: "graph" | "layers" | "activations" | "trends" | "compare" | "alerts" | "url",
  ): void {
    this.selection.layer = key;
    if (from !== "graph") this.graph.select(key);
    this.layers.select(key);
    this.activations.setLayer(key);
    this.updateTrends();
    this.updateCompare();
    this.writeUrl("push");
  }

  private openActivations(key: string): void {
    this.selectLayer(key, "layers");
    this.showView("activations");
  }

  /** The thumbnail of a layer at `at`: the step the graph's side panel shows, not the one loading. */
  private async renderThumbnail(at: RunTagStep, key: string, canvas: HTMLCanvasElement): Promise<void> {
    drawThumbnail(canvas, await this.store.sample(at, key));
  }

  /**
   * Writes the selection into the URL once, at the end of the current task: one user
   * action (an alert opened: its layer, statistic, tab and step) makes one history entry.
   * `push` adds an entry unless the dashboard is following the URL itself.
   */
  private writeUrl(mode: HistoryMode = "replace"): void {
    const pending = this.urlWrite;
    this.urlWrite = pending === "push" || (mode === "push" && !this.followingUrl) ? "push" : "replace";
    if (pending !== null) return;
    queueMicrotask(() => {
      const chosen = this.urlWrite ?? "replace";
      this.urlWrite = null;
      writeStateQuietly(this.urlState(), chosen);
    });
  }

  private urlState(): UrlState {
    const { run, tag, step, view, layer, stat, overlay, direction, ref, trendRuns } = this.selection;
    return {
      run: run ?? undefined,
      tag: tag ?? undefined,
      step: step ?? undefined,
      view,
      layer: layer ?? undefined,
      stat: stat === DEFAULT_STATISTIC ? undefined : stat,
      overlay: overlay ?? undefined,
      direction: direction === "backward" ? direction : undefined,
      ref_run: ref?.run,
      ref_step: ref?.step,
      trend_runs: trendRuns.length > 0 ? trendRuns : undefined,
    };
  }

  private showOverlay(content: HTMLElement | null): void {
    this.overlay.hidden = content === null;
    replaceChildren(this.overlay, content);
  }
}

/** The step in `steps` closest to `step` (steps ascending, non-empty). */
function nearest(steps: number[], step: number): number {
  let best = steps[0];
  for (const s of steps) if (Math.abs(s - step) < Math.abs(best - step)) best = s;
  return best;
}
