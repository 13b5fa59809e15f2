/**
 * Health alerts of the selected run (the server's `alerts` route): a full list in the
 * Alerts tab and a one-line strip under the toolbar that names the first problem without
 * being asked. Every alert links to its layer at the step where the problem starts.
 */

import { el, replaceChildren } from "../dom";
import type { Alert, AlertsResponse } from "../types";
import { formatPercent } from "../format";
import { layerLabel } from "../layer_name";
import { metricThreshold } from "../statistics";
import { layerLinks } from "./layer_links";

const KIND_LABELS: Record<string, string> = {
  nonfinite: "NaN / Inf",
  exploding: "exploding",
  vanishing: "vanishing",
  dead: "dead units",
  saturated: "saturated",
  not_learning: "not learning",
  lr_too_high: "learning rate too high",
  no_gradient: "no gradient",
};

/** What each check looks for; the levels of the metric-based ones are the registry's. */
const checkTexts = (): [string, string][] => [
  ["NaN / Inf", "the first step and layer where a non-finite value appears"],
  [
    "dead units",
    `layers where at least ${formatPercent(metricThreshold("dead_units", "alert"))} of the units are ≤ 0 for every input where they enter a ReLU (module or function)`,
  ],
  [
    "saturated",
    `tanh/sigmoid outputs with at least ${formatPercent(metricThreshold("activation_saturated", "alert"))} near their bounds`,
  ],
  [
    "exploding / vanishing",
    "output or gradient norms that jump 100× between logged steps, or early layers' gradients 1000× off the last layer's",
  ],
  ["not learning", "trainable layers whose weights stop changing while others train"],
  ["learning rate too high", "weights that change by more than 10 % of their size per step"],
  [
    "no gradient",
    "trainable parameters the backward graph's scalar cannot reach (a detach, a no-grad region, an argmax, never used)",
  ],
];

export function alertKindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

export interface AlertsHandlers {
  onOpen(alert: Alert): void;
}

export class AlertsView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;

  constructor(private readonly handlers: AlertsHandlers) {
    this.body = el("div", { class: "mv-alerts-body", testid: "alerts-view" });
    this.element = el("section", { class: "mv-view mv-alerts" }, this.body);
  }

  showLoading(): void {
    replaceChildren(this.body, el("p", { class: "mv-muted" }, "Checking every logged step…"));
  }

  showError(message: string): void {
    replaceChildren(this.body, el("p", { class: "mv-error-text", testid: "alerts-error" }, message));
  }

  setAlerts(answer: AlertsResponse, run: string): void {
    const checks = el(
      "details",
      { class: "mv-alert-checks" },
      el("summary", {}, "What is checked"),
      el("ul", {}, ...checkTexts().map(([name, text]) => el("li", {}, el("strong", {}, name), ": ", text))),
    );
    const stepsText = `${answer.steps.length} logged step${answer.steps.length === 1 ? "" : "s"} of “${run}”`;
    const unreadable = answer.unreadable.length
      ? el(
          "p",
          { class: "mv-muted" },
          `${answer.unreadable.length} damaged step(s) could not be read and were left out: ${answer.unreadable.map((u) => u.step).join(", ")}.`,
        )
      : null;
    if (answer.alerts.length === 0) {
      replaceChildren(
        this.body,
        el(
          "div",
          { class: "mv-alerts-ok", testid: "alerts-none" },
          el("h2", {}, "No problems found"),
          el("p", { class: "mv-muted" }, `Checked ${stepsText}.`),
        ),
        unreadable,
        checks,
      );
      return;
    }
    replaceChildren(
      this.body,
      el(
        "h2",
        { class: "mv-alerts-title" },
        `${answer.alerts.length} problem${answer.alerts.length === 1 ? "" : "s"} found in ${stepsText}`,
      ),
      el(
        "p",
        { class: "mv-muted" },
        "Each starts at the layer and step shown; click one to open that layer at that step in Trends.",
      ),
      el("ol", { class: "mv-alert-list" }, ...answer.alerts.map((alert) => this.item(alert))),
      unreadable,
      checks,
    );
  }

  private item(alert: Alert): HTMLElement {
    return el(
      "li",
      {},
      el(
        "button",
        {
          class: "mv-alert",
          testid: "alert-item",
          dataset: { kind: alert.kind, layer: alert.layer, step: String(alert.step) },
          attrs: { type: "button" },
          on: { click: () => this.handlers.onOpen(alert) },
        },
        el(
          "div",
          { class: "mv-alert-head" },
          el("span", { class: "mv-alert-kind", dataset: { kind: alert.kind } }, alertKindLabel(alert.kind)),
          el("span", { class: "mv-mono mv-alert-layer" }, layerLabel(alert)),
          alert.type ? el("span", { class: "mv-muted" }, alert.type) : null,
          el("span", { class: "mv-spacer" }),
          el("span", { class: "mv-alert-step" }, `from step ${alert.step}`),
        ),
        el("div", { class: "mv-alert-message" }, alert.message),
      ),
      layerLinks(alert.layer),
    );
  }
}

/** The strip under the toolbar: the first alert, and how many more there are. */
export class AlertStrip {
  readonly element: HTMLElement;

  constructor(private readonly handlers: { onOpen(alert: Alert): void; onShowAll(): void }) {
    this.element = el("div", { class: "mv-alert-strip", testid: "alert-strip", attrs: { role: "alert" } });
    this.element.hidden = true;
  }

  setAlerts(alerts: Alert[] | null): void {
    if (!alerts || alerts.length === 0) {
      this.element.hidden = true;
      replaceChildren(this.element);
      return;
    }
    const first = alerts[0];
    this.element.hidden = false;
    replaceChildren(
      this.element,
      el("span", { class: "mv-alert-icon", attrs: { "aria-hidden": "true" } }, "!"),
      el(
        "button",
        {
          class: "mv-alert-strip-text",
          title: first.message,
          attrs: { type: "button" },
          on: { click: () => this.handlers.onOpen(first) },
        },
        el("span", { class: "mv-alert-kind", dataset: { kind: first.kind } }, alertKindLabel(first.kind)),
        el("span", {}, first.message),
      ),
      alerts.length > 1
        ? el(
            "button",
            {
              class: "mv-link-button",
              testid: "alert-strip-more",
              attrs: { type: "button" },
              on: { click: () => this.handlers.onShowAll() },
            },
            `all ${alerts.length} alerts`,
          )
        : null,
    );
  }
}
