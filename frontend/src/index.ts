/**
 * Entry point TensorBoard loads in the plugin's iframe: `import("./index.js")` then
 * `render()`, called once.
 */

import { App } from "./app";
import styles from "./styles.css";

export function render(): void {
  const style = document.createElement("style");
  style.textContent = styles;
  document.head.appendChild(style);
  const root = document.createElement("div");
  root.className = "mv-app";
  document.body.appendChild(root);
  void new App(root).start();
}
