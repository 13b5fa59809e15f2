/** Full-area messages: nothing logged yet, loading, and errors with a way forward. */

import { el, icon } from "./dom";

export function loadingState(text: string): HTMLElement {
  return el(
    "div",
    { class: "mv-message", testid: "loading-state", attrs: { role: "status" } },
    el("div", { class: "mv-spinner" }),
    el("p", {}, text),
  );
}

export function errorState(title: string, message: string, retry: () => void): HTMLElement {
  return el(
    "div",
    { class: "mv-message is-error", testid: "error-state", attrs: { role: "alert" } },
    el("h2", {}, title),
    el("p", { class: "mv-error-text", testid: "error-message" }, message),
    el(
      "button",
      { class: "mv-button", attrs: { type: "button" }, on: { click: retry } },
      icon("retry", 14),
      "Try again",
    ),
  );
}

export function emptyState(): HTMLElement {
  const code = (text: string, highlight = false) =>
    el("span", { class: highlight ? "mv-code-line is-highlight" : "mv-code-line" }, text);
  return el(
    "div",
    { class: "mv-message", testid: "empty-state" },
    el("h2", {}, "No model visualizations in this log directory yet"),
    el("p", {}, "Record your model's graph, layer table and activations by adding one line to your training loop:"),
    el(
      "pre",
      { class: "mv-code", testid: "empty-state-code" },
      code("from tensorboard_modelviz import SummaryWriter"),
      code(""),
      code('writer = SummaryWriter("runs/exp1")'),
      code("for step, (x, y) in enumerate(loader):"),
      code("    ...  # forward, backward, optimizer step"),
      code("    if step % 100 == 0:"),
      code("        writer.add_model_viz(model, x, step)", true),
    ),
    el(
      "p",
      { class: "mv-muted" },
      "Data appears here after TensorBoard's next reload; press TensorBoard's reload button (top right) to check now.",
    ),
  );
}
