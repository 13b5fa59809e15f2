/**
 * The dashboard's top bar: run and tag selectors, the step slider with play/pause, the
 * view tabs and a one-line summary of the model. It only reports what the user did;
 * the app decides what that means.
 */

import { el, icon, replaceChildren } from "./dom";
import { formatBytes, formatCount, formatFlops, formatShape, formatWallTime } from "./format";
import type { RunEntry, StructureDoc } from "./types";
import type { ViewName } from "./url_state";

export interface ToolbarHandlers {
  onRun(run: string): void;
  onTag(tag: string): void;
  onStep(step: number): void;
  onTogglePlay(): void;
  onView(view: ViewName): void;
}

const VIEW_LABELS: [ViewName, string][] = [
  ["graph", "Graph"],
  ["layers", "Layers"],
  ["activations", "Activations"],
  ["trends", "Trends"],
  ["compare", "Compare"],
  ["alerts", "Alerts"],
];

export class Toolbar {
  readonly element: HTMLElement;
  private runSelect: HTMLSelectElement;
  private tagSelect: HTMLSelectElement;
  private tagField: HTMLElement;
  private slider: HTMLInputElement;
  private stepLabel: HTMLElement;
  private stepDetail: HTMLElement;
  private playButton: HTMLButtonElement;
  private stepField: HTMLElement;
  private tabs = new Map<ViewName, HTMLButtonElement>();
  private alertCount: HTMLElement;
  private summary: HTMLElement;
  private progress: HTMLElement;
  private steps: number[] = [];

  constructor(handlers: ToolbarHandlers) {
    this.runSelect = el("select", {
      testid: "run-select",
      attrs: { "aria-label": "Run" },
      on: { change: () => handlers.onRun(this.runSelect.value) },
    });
    this.tagSelect = el("select", {
      testid: "tag-select",
      attrs: { "aria-label": "Model tag" },
      on: { change: () => handlers.onTag(this.tagSelect.value) },
    });
    this.tagField = el(
      "label",
      { class: "mv-field" },
      el("span", { class: "mv-field-label" }, "Model"),
      this.tagSelect,
    );
    this.slider = el("input", {
      testid: "step-slider",
      class: "mv-slider",
      attrs: { type: "range", min: 0, max: 0, step: 1, value: 0, "aria-label": "Step" },
      on: {
        input: () => {
          const step = this.steps[Number(this.slider.value)];
          if (step === undefined) return;
          this.showStepLabel(step);
          handlers.onStep(step);
        },
      },
    });
    this.playButton = el("button", {
      testid: "play-button",
      class: "mv-icon-button",
      title: "Play through the steps",
      attrs: { type: "button", "aria-label": "Play" },
      on: { click: () => handlers.onTogglePlay() },
    });
    this.stepLabel = el("span", { class: "mv-step-value", testid: "step-value" });
    this.stepDetail = el("span", { class: "mv-step-detail" });
    this.stepField = el(
      "div",
      { class: "mv-step" },
      this.playButton,
      el("span", { class: "mv-field-label" }, "Step"),
      this.slider,
      el("span", { class: "mv-step-readout" }, this.stepLabel, this.stepDetail),
    );
    const tabBar = el("nav", { class: "mv-tabs", attrs: { role: "tablist" } });
    for (const [view, label] of VIEW_LABELS) {
      const tab = el(
        "button",
        {
          class: "mv-tab",
          testid: `tab-${view}`,
          dataset: { view },
          attrs: { type: "button", role: "tab" },
          on: { click: () => handlers.onView(view) },
        },
        label,
      );
      this.tabs.set(view, tab);
      tabBar.appendChild(tab);
    }
    this.alertCount = el("span", { class: "mv-tab-count", testid: "alert-count" });
    this.alertCount.hidden = true;
    this.tabs.get("alerts")!.appendChild(this.alertCount);
    this.summary = el("div", { class: "mv-summary", testid: "model-summary" });
    this.progress = el("div", { class: "mv-progress", attrs: { "aria-hidden": "true" } });
    this.element = el(
      "header",
      { class: "mv-toolbar" },
      el(
        "div",
        { class: "mv-toolbar-row" },
        el("label", { class: "mv-field" }, el("span", { class: "mv-field-label" }, "Run"), this.runSelect),
        this.tagField,
        this.stepField,
      ),
      el("div", { class: "mv-toolbar-row mv-toolbar-tabs" }, tabBar, this.summary),
      this.progress,
    );
    this.setPlaying(false);
  }

  setRuns(runs: RunEntry[], run: string, tag: string): void {
    replaceChildren(this.runSelect, ...runs.map((r) => el("option", { attrs: { value: r.run } }, r.run)));
    this.runSelect.value = run;
    this.runSelect.title = run;
    const tags = runs.find((r) => r.run === run)?.tags ?? [];
    replaceChildren(this.tagSelect, ...tags.map((t) => el("option", { attrs: { value: t.tag } }, t.tag)));
    this.tagSelect.value = tag;
    this.tagField.hidden = tags.length < 2;
  }

  setSteps(steps: number[], step: number): void {
    this.steps = steps;
    this.slider.max = String(Math.max(0, steps.length - 1));
    const index = steps.indexOf(step);
    this.slider.value = String(Math.max(0, index));
    this.slider.disabled = steps.length < 2;
    this.playButton.disabled = steps.length < 2;
    this.showStepLabel(step);
  }

  /** Wall time and position of the loaded step, once its document arrived. */
  setStepDetail(wallTime: number | null): void {
    const index = this.steps.indexOf(Number(this.stepLabel.dataset.step));
    const position = this.steps.length > 1 ? `${index + 1} of ${this.steps.length}` : "only step";
    this.stepDetail.textContent = wallTime ? `${position} · ${formatWallTime(wallTime)}` : position;
  }

  private showStepLabel(step: number): void {
    this.stepLabel.textContent = String(step);
    this.stepLabel.dataset.step = String(step);
  }

  setPlaying(playing: boolean): void {
    replaceChildren(this.playButton, icon(playing ? "pause" : "play", 18));
    this.playButton.title = playing ? "Pause" : "Play through the steps";
    this.playButton.setAttribute("aria-label", playing ? "Pause" : "Play");
    this.playButton.classList.toggle("is-active", playing);
  }

  setView(view: ViewName): void {
    for (const [name, tab] of this.tabs) {
      tab.classList.toggle("is-active", name === view);
      tab.setAttribute("aria-selected", String(name === view));
    }
  }

  /** The number of health alerts on the Alerts tab (null: not known yet). */
  setAlertCount(count: number | null): void {
    this.alertCount.hidden = count === null;
    this.alertCount.textContent = count === null ? "" : String(count);
    this.alertCount.classList.toggle("is-alert", (count ?? 0) > 0);
  }

  setLoading(loading: boolean): void {
    this.progress.classList.toggle("is-loading", loading);
  }

  /** Hide the data controls (no runs yet). */
  setHasData(hasData: boolean): void {
    this.element.classList.toggle("is-empty", !hasData);
  }

  setSummary(structure: StructureDoc | null): void {
    if (!structure) {
      this.summary.textContent = "";
      return;
    }
    const t = structure.totals;
    const chip = (label: string, value: string, title: string) =>
      el("span", { class: "mv-chip", title }, el("span", { class: "mv-chip-label" }, label), value);
    const input = structure.inputs[0];
    replaceChildren(
      this.summary,
      el("span", { class: "mv-model-type", title: "Model class" }, structure.model_type),
      chip(
        "params",
        formatCount(t.params),
        `${t.params.toLocaleString("en-US")} parameters, ${t.trainable.toLocaleString("en-US")} trainable`,
      ),
      chip("compute", formatFlops(t.flops), "Floating-point operations of one forward pass"),
      chip("activations", formatBytes(t.output_bytes), "Bytes returned by all leaf module calls in one forward pass"),
      input ? chip("input", formatShape(input.shape), `${input.name}: ${input.dtype}`) : null,
    );
  }
}
