/**
 * Entry point TensorBoard loads in the plugin's iframe: `import("./index.js")` then
 * `render()`, called once.
 */

import { api } from "./api";
import { App } from "./app";
import { setMetrics } from "./statistics";
import styles from "./styles.css";

export function render(): void {
  const style = document.createElement("style");
  style.textContent = styles;
  document.head.appendChild(style);
  const root = document.createElement("div");
  root.className = "mv-app";
  document.body.appendChild(root);
  void start(root);
}

/** The metric registry first: every view builds its pickers and scales from it. */
async function start(root: HTMLElement): Promise<void> {
  try {
    setMetrics((await api.metrics()).metrics);
  } catch {
    // No server behind the page: the app says so when it lists the runs.
  }
  await new App(root).start();
}
