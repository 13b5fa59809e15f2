/**
 * The Graph tab: the graph view (frontend/src/graph/) under a bar with search and
 * SVG/PNG export. The graph lays itself out in a worker served by the plugin's own
 * static route (the iframe's CSP allows workers only from there).
 */

import { download, el, icon, replaceChildren } from "../dom";
import { createGraphView, type GraphView } from "../graph/index";
import type { StepDoc, StructureDoc } from "../types";

export interface GraphPanelHandlers {
  onSelect(key: string | null): void;
  onOpenActivations(key: string): void;
  renderThumbnail(key: string, canvas: HTMLCanvasElement): Promise<void>;
}

export class GraphPanel {
  readonly element: HTMLElement;
  private view: GraphView;
  private container: HTMLElement;
  private message: HTMLElement;
  private searchInput: HTMLInputElement;
  private structureHash: string | null = null;
  private modelName = "model";
  private layoutGeneration = 0;

  constructor(handlers: GraphPanelHandlers) {
    this.searchInput = el("input", {
      class: "mv-search",
      testid: "graph-search",
      attrs: { type: "search", placeholder: "Search modules and ops", "aria-label": "Search the graph" },
      on: { input: () => this.view.search(this.searchInput.value) },
    });
    const exportButton = (label: string, testid: string, title: string, action: () => void) =>
      el("button", { class: "mv-button", testid, title, attrs: { type: "button" }, on: { click: action } }, icon("download", 14), label);
    this.container = el("div", { class: "mv-graph-host", testid: "graph-host" });
    this.message = el("div", { class: "mv-graph-message", attrs: { role: "status" } });
    this.message.hidden = true;
    this.element = el(
      "section",
      { class: "mv-view mv-graph" },
      el(
        "div",
        { class: "mv-view-bar" },
        el("div", { class: "mv-search-box" }, icon("search", 14), this.searchInput),
        el("span", { class: "mv-muted mv-hint" }, "Click a module to select it, double-click to open it"),
        el("span", { class: "mv-spacer" }),
        exportButton("SVG", "export-svg", "Download the graph as it is shown, as SVG", () => this.exportSvg()),
        exportButton("PNG", "export-png", "Download the graph as it is shown, as PNG", () => void this.exportPng()),
      ),
      el("div", { class: "mv-graph-stage" }, this.container, this.message),
    );
    const workerUrl = new URL("./static/layout_worker.js", document.baseURI).href;
    this.view = createGraphView(this.container, {
      workerUrl,
      onSelect: (key) => handlers.onSelect(key),
      onOpenActivations: (key) => handlers.onOpenActivations(key),
      renderThumbnail: (key, canvas) => handlers.renderThumbnail(key, canvas),
    });
  }

  /** Lay out a new structure (no-op for the one already shown). */
  async setStructure(structure: StructureDoc): Promise<void> {
    if (structure.hash === this.structureHash) return;
    this.structureHash = structure.hash;
    this.modelName = structure.model_type || "model";
    const generation = ++this.layoutGeneration;
    this.showMessage(null, false);
    try {
      await this.view.setStructure(structure);
    } catch {
      // The graph view shows the reason itself; allow a retry with the same structure.
      if (generation === this.layoutGeneration) this.structureHash = null;
    }
  }

  setStep(step: StepDoc): void {
    this.view.setStep(step);
  }

  select(key: string | null): void {
    this.view.select(key);
  }

  setDark(dark: boolean): void {
    this.view.setDark(dark);
  }

  private showMessage(text: string | null, isError: boolean): void {
    this.message.hidden = text === null;
    this.message.classList.toggle("is-error", isError);
    replaceChildren(this.message, text ?? "");
  }

  private exportSvg(): void {
    const svg = this.view.exportSVG();
    download(new Blob([svg], { type: "image/svg+xml" }), `${this.modelName}-graph.svg`);
  }

  private async exportPng(): Promise<void> {
    try {
      download(await this.view.exportPNG(), `${this.modelName}-graph.png`);
    } catch (error) {
      this.showMessage(`PNG export failed: ${(error as Error).message}`, true);
    }
  }
}
