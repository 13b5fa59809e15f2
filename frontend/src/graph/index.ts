/**
 * The dashboard's graph view: the model's module hierarchy as nested, collapsible groups
 * around its ops, laid out by ELK in a Web Worker, drawn as SVG with pan and zoom, with a
 * side panel for the selected node. The shell owns run/step selection and the search box;
 * it drives this view through the GraphView interface below.
 *
 * Interaction: click a node to select it (side panel); click its +/− button, or double-click
 * it, to open or close a group; drag to pan; wheel to zoom (the minimap moves too). Keys,
 * with the drawing focused: arrows move the selection to the nearest node that way, Enter
 * opens or closes the selected group, Esc clears the selection. The root element carries
 * `data-state` = empty | layout | ready | error (`ready` once the current layout is drawn).
 */
import {
  defaultExpansion,
  expandToDepth,
  expansionKey,
  maxDepth,
  reveal,
  visibleBoxCount,
  visibleRepresentative,
  withToggles,
} from "./expansion";
import { exportPng, exportSvg } from "./export";
import { createTextMeasurer, FONT_FAMILY } from "./geometry";
import { edgeTooltip } from "./labels";
import { LayoutClient, LayoutSuperseded } from "./layout_client";
import { buildLayoutGraph, WRAP_BOXES, type LayoutDirection } from "./layout_graph";
import type { LayoutNode } from "./layout_protocol";
import { Minimap } from "./minimap";
import { parseStructure, type GraphModel } from "./model";
import type { StepDoc } from "../types";
import { nearestInDirection, type Direction } from "./navigation";
import { SidePanel } from "./panel";
import { overlayFills, placeBadges, type GraphOverlay, type NodeBadge } from "./overlay";
import { GraphRenderer } from "./render";
import { findMatches } from "./search";
import { documentTheme, type Theme } from "./theme";
import { buildViewTree, isGroup, type TreeNode, type ViewTree } from "./tree";
import { Viewport } from "./viewport";
import { visibleGraph } from "./visible";

export { StructureError } from "./model";
export type { GraphOverlay, NodeBadge } from "./overlay";

export interface GraphViewOptions {
  /** URL of the layout worker script, e.g. './static/layout_worker.js'. */
  workerUrl: string;
  /** The user selected a module node (its layer key) or cleared the selection (null). */
  onSelect(layerKey: string | null): void;
  /** The user asked to open a layer in the activations view. */
  onOpenActivations(layerKey: string): void;
  /** Draws the activation thumbnail of a layer at the current step into the canvas. */
  renderThumbnail?(layerKey: string, canvas: HTMLCanvasElement): Promise<void>;
}

export interface GraphView {
  /** Shows a structure document; keeps expansion and selection when its hash is unchanged. Resolves once drawn. */
  setStructure(structure: unknown): Promise<void>;
  /** The step document (statistics, sample directory) of the selected step, or null. */
  setStep(step: StepDoc | null): void;
  /** Selects a module by layer key (opening the groups around it), or clears with null. Does not call onSelect. */
  select(layerKey: string | null): void;
  /**
   * Highlights nodes whose name, type, layer key or op contains `query` on the drawing as
   * it is (a closed group holding matches is outlined), without a new layout; a blank query
   * gives back the expansion from before the search.
   */
  search(query: string): void;
  /** Opens the groups around the next match of the search (only those), selects it and brings it into view. */
  showNextMatch(): void;
  /** Colours boxes by a per-layer (and per-op) value, with a legend; null restores the normal colours. */
  setOverlay(overlay: GraphOverlay | null): void;
  /** Badges on layers (e.g. health alerts); a layer inside a closed group badges that group. */
  setBadges(badges: ReadonlyMap<string, NodeBadge> | null): void;
  exportSVG(): string;
  exportPNG(): Promise<Blob>;
  setDark(dark: boolean): void;
  destroy(): void;
}

export type ViewState = "empty" | "layout" | "ready" | "error";

/** Show "Laying out…" only for layouts slower than this. */
const BUSY_NOTICE_MS = 150;
/** Zoom factor of one click on + or −. */
const ZOOM_STEP = 2;

/**
 * Runs `work` as a user-timing measure `modelviz:<name>`, so a profile (the Performance
 * panel, or benchmarks/graph_scale.py) splits the view's main-thread time by stage.
 */
function timed<T>(name: string, work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    performance.measure(`modelviz:${name}`, { start });
  }
}

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

class GraphViewImpl implements GraphView {
  private readonly root: HTMLDivElement;
  private readonly canvasArea: HTMLDivElement;
  private readonly status: HTMLSpanElement;
  private readonly toolbar: HTMLDivElement;
  private readonly legend: HTMLDivElement;
  private readonly tooltip: HTMLDivElement;
  private readonly depthSelect: HTMLSelectElement;
  private readonly directionButton: HTMLButtonElement;
  private readonly minimap: Minimap;
  private direction: LayoutDirection = "DOWN";
  private overlay: GraphOverlay | null = null;
  private badges: ReadonlyMap<string, NodeBadge> | null = null;
  private readonly measure = createTextMeasurer();
  private readonly renderer = new GraphRenderer(this.measure);
  private readonly viewport: Viewport;
  private readonly panel: SidePanel;
  private readonly client: LayoutClient;
  private readonly resizeObserver: ResizeObserver;

  /** The drawing's colours, read from the stylesheet (graph/theme.ts) when the theme changes. */
  private theme: Theme;
  private dark = false;
  private model: GraphModel | null = null;
  private tree: ViewTree | null = null;
  /** Bumped for each new structure, so layouts of an older one are never drawn. */
  private generation = 0;
  private expanded = new Set<string>();
  /** While a search is on: the expansion from before it, and the user's own opening and closing since. */
  private beforeSearch: Set<string> | null = null;
  private searchToggles = new Map<string, boolean>();
  private selected: TreeNode | null = null;
  private query = "";
  private matches: TreeNode[] = [];
  /** The match shown by the last showNextMatch (-1: none yet). */
  private matchCursor = -1;
  private drawnKey: string | null = null;
  private drawnLayout: LayoutNode | null = null;
  private fitPending = false;
  /** A node to keep at the same screen position across the next relayout (the one just toggled). */
  private anchor: { id: string; screen: { x: number; y: number } } | null = null;
  /** A node to bring into view after the next draw. */
  private revealTarget: string | null = null;
  private waiters: Waiter[] = [];
  private busyTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;

  constructor(
    container: HTMLElement,
    private readonly options: GraphViewOptions,
  ) {
    this.root = document.createElement("div");
    this.root.setAttribute("data-testid", "graph-view");
    this.root.className = "mv-graph-view";
    // The font the labels are measured in (geometry.ts), not a matter of theme.
    this.root.style.fontFamily = FONT_FAMILY;
    this.theme = documentTheme(this.root);
    this.canvasArea = document.createElement("div");
    this.canvasArea.className = "mv-graph-canvas";
    this.canvasArea.appendChild(this.renderer.svg);
    this.root.appendChild(this.canvasArea);

    this.toolbar = document.createElement("div");
    this.toolbar.className = "mv-graph-toolbar";
    this.addButton("Fit", "graph-fit", "Fit the whole graph to the view", () => this.fit());
    this.addButton("+", "graph-zoom-in", "Zoom in (2×)", () => this.viewport.zoomBy(ZOOM_STEP));
    this.addButton("−", "graph-zoom-out", "Zoom out (2×)", () => this.viewport.zoomBy(1 / ZOOM_STEP));
    this.addButton("Reset", "graph-reset", "Back to the default expansion", () => this.resetExpansion());
    this.depthSelect = document.createElement("select");
    this.depthSelect.setAttribute("data-testid", "graph-depth");
    this.depthSelect.setAttribute("aria-label", "Open the modules down to a depth");
    this.depthSelect.title = "Open every module down to this depth (folded ×N blocks stay as they are)";
    this.depthSelect.addEventListener("change", () => {
      const depth = Number(this.depthSelect.value);
      this.depthSelect.value = "";
      if (depth > 0) this.expandTo(depth);
    });
    this.toolbar.appendChild(this.depthSelect);
    this.directionButton = this.addButton("↓", "graph-layout", "Lay out left to right", () => this.toggleDirection());
    this.status = document.createElement("span");
    this.status.setAttribute("data-testid", "graph-status");
    this.status.className = "mv-graph-status";
    this.toolbar.appendChild(this.status);
    this.canvasArea.appendChild(this.toolbar);
    this.legend = document.createElement("div");
    this.legend.setAttribute("data-testid", "graph-legend");
    this.legend.className = "mv-graph-legend";
    this.legend.style.display = "none";
    this.canvasArea.appendChild(this.legend);
    this.tooltip = document.createElement("div");
    this.tooltip.setAttribute("data-testid", "graph-tooltip");
    this.tooltip.setAttribute("role", "tooltip");
    this.tooltip.className = "mv-graph-tooltip";
    this.tooltip.style.display = "none";
    this.canvasArea.appendChild(this.tooltip);
    this.minimap = new Minimap((x, y) => this.viewport.centreOn(x, y));
    this.canvasArea.appendChild(this.minimap.element);

    this.panel = new SidePanel({
      close: () => this.selectNode(null, true),
      openActivations: (key) => this.options.onOpenActivations(key),
      selectNode: (node) => this.selectNode(node, true, true),
      renderThumbnail: options.renderThumbnail,
    });
    this.root.appendChild(this.panel.element);

    this.viewport = new Viewport(this.renderer.svg, this.renderer.viewport);
    this.viewport.onChange = (transform) => {
      this.renderer.setScale(transform.k);
      this.minimap.follow(transform, this.viewport.viewSize());
      this.hideTooltip();
    };
    const svg = this.renderer.svg;
    svg.setAttribute("tabindex", "0");
    svg.setAttribute("role", "tree");
    svg.setAttribute("aria-label", "Model graph: arrow keys move between nodes, Enter opens or closes a group");
    svg.addEventListener("click", (event) => this.onClick(event));
    svg.addEventListener("dblclick", (event) => this.onDoubleClick(event));
    svg.addEventListener("keydown", (event) => this.onKey(event));
    svg.addEventListener("pointerover", (event) => this.onHover(event));
    svg.addEventListener("pointerleave", () => this.hideTooltip());
    this.resizeObserver = new ResizeObserver(() => {
      if (this.fitPending && this.drawnLayout !== null) this.fit(true);
    });
    this.resizeObserver.observe(this.canvasArea);

    // Start the worker now: it loads while the shell is still fetching the structure.
    this.client = new LayoutClient(options.workerUrl);
    this.root.setAttribute("data-theme", "light");
    this.setState("empty");
    container.appendChild(this.root);
  }

  async setStructure(structure: unknown): Promise<void> {
    let model: GraphModel;
    try {
      model = timed("parse", () => parseStructure(structure));
    } catch (error) {
      this.showError(error instanceof Error ? error.message : String(error));
      throw error;
    }
    const sameGraph = this.model !== null && this.tree !== null && model.hash !== "" && model.hash === this.model.hash;
    if (!sameGraph) {
      this.generation++;
      this.model = model;
      this.tree = timed("tree", () => buildViewTree(model));
      this.expanded = defaultExpansion(this.tree, model);
      this.beforeSearch = null;
      this.searchToggles.clear();
      this.fillDepths(maxDepth(this.tree));
      this.selected = null;
      this.panel.show(model, null);
      this.client.clearCache();
      this.drawnKey = null;
      this.drawnLayout = null;
      this.renderer.clear();
      this.fitPending = true;
      this.anchor = null;
      this.revealTarget = null;
      this.applySearch(false);
    }
    const drawn = this.whenReady();
    void this.refresh();
    return drawn;
  }

  setStep(step: StepDoc | null): void {
    this.panel.setStep(step);
  }

  select(layerKey: string | null): void {
    if (layerKey === null || this.model === null || this.tree === null) {
      this.selectNode(null, false);
      return;
    }
    const graphId = this.model.nodeByLayer.get(layerKey);
    this.selectNode(graphId === undefined ? null : this.tree.byGraphId[graphId], false, true);
  }

  search(query: string): void {
    this.query = query;
    this.applySearch(true);
  }

  showNextMatch(): void {
    if (this.tree === null || this.matches.length === 0) return;
    if (this.beforeSearch === null) this.beforeSearch = new Set(this.expanded);
    this.matchCursor = (this.matchCursor + 1) % this.matches.length;
    // One match at a time: the groups of the previous one close again, so the drawing stays small.
    this.expanded = withToggles(this.beforeSearch, this.searchToggles);
    this.selectNode(this.matches[this.matchCursor], true, true);
    void this.refresh();
  }

  setOverlay(overlay: GraphOverlay | null): void {
    this.overlay = overlay;
    this.legend.replaceChildren();
    if (overlay?.legend) this.legend.appendChild(overlay.legend);
    this.legend.style.display = overlay?.legend ? "block" : "none";
    this.root.setAttribute("data-overlay", overlay ? overlay.label : "");
    this.decorate();
  }

  setBadges(badges: ReadonlyMap<string, NodeBadge> | null): void {
    this.badges = badges;
    this.decorate();
  }

  /** The drawing as it is laid out, at full detail, without selection or search marks. */
  exportSVG(): string {
    this.renderer.highlight({ selected: null, matches: new Set(), hiding: new Set() }, this.theme);
    try {
      return exportSvg(this.renderer.svg, this.renderer.viewport, this.renderer.bounds, this.theme.background);
    } finally {
      this.applyHighlight();
    }
  }

  exportPNG(): Promise<Blob> {
    try {
      return exportPng(this.exportSVG());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The page's theme changed (the `mv-dark` class is already on its root): read the drawing's colours again and redraw. */
  setDark(dark: boolean): void {
    if (dark === this.dark) return;
    this.dark = dark;
    this.theme = documentTheme(this.root);
    this.root.setAttribute("data-theme", dark ? "dark" : "light");
    if (this.drawnLayout !== null && this.model !== null && this.tree !== null) {
      this.draw(this.model, this.tree, this.drawnLayout);
      this.decorate();
    }
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.client.destroy();
    this.viewport.destroy();
    this.resizeObserver.disconnect();
    if (this.busyTimer !== null) clearTimeout(this.busyTimer);
    this.root.remove();
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
  }

  // ---- expansion and layout -------------------------------------------------------------

  private toggle(node: TreeNode): void {
    if (!isGroup(node) || node.children.length === 0) return;
    const rect = this.renderer.rectOf(node.id);
    if (rect !== undefined) this.anchor = { id: node.id, screen: this.viewport.toScreen(rect.x, rect.y) };
    const open = !this.expanded.has(node.id);
    if (open) this.expanded.add(node.id);
    else this.expanded.delete(node.id);
    if (this.beforeSearch !== null) this.searchToggles.set(node.id, open);
    void this.refresh();
  }

  /** Replaces the expansion by the user's choice (Reset, a depth); a search keeps it as its base. */
  private setExpansion(expanded: Set<string>): void {
    this.expanded = expanded;
    if (this.beforeSearch !== null) {
      this.beforeSearch = new Set(expanded);
      this.searchToggles.clear();
    }
    this.fitPending = true;
    void this.refresh();
  }

  private resetExpansion(): void {
    if (this.tree !== null) this.setExpansion(defaultExpansion(this.tree, this.model));
  }

  private expandTo(depth: number): void {
    if (this.tree !== null) this.setExpansion(expandToDepth(this.tree, depth, this.expanded));
  }

  private toggleDirection(): void {
    this.direction = this.direction === "DOWN" ? "RIGHT" : "DOWN";
    this.directionButton.textContent = this.direction === "DOWN" ? "↓" : "→";
    this.directionButton.title = this.direction === "DOWN" ? "Lay out left to right" : "Lay out top to bottom";
    this.root.setAttribute("data-direction", this.direction);
    this.fitPending = true;
    void this.refresh();
  }

  private fillDepths(deepest: number): void {
    const options: HTMLOptionElement[] = [new Option("Depth…", "")];
    for (let depth = 1; depth <= deepest; depth++)
      options.push(new Option(depth === deepest ? `${depth} (all)` : String(depth), String(depth)));
    this.depthSelect.replaceChildren(...options);
    this.depthSelect.value = "";
  }

  /**
   * The aspect ratio a large drawing wraps to (the view's, in steps of a quarter), or null
   * for a drawing small enough to lay out as one piece.
   */
  private wrapAspect(expanded: Set<string> = this.expanded): number | null {
    if (this.tree === null || visibleBoxCount(this.tree, expanded) <= WRAP_BOXES) return null;
    const area = this.canvasArea.getBoundingClientRect();
    const aspect = area.width > 0 && area.height > 0 ? area.width / area.height : 1.6;
    return Math.min(4, Math.max(0.5, Math.round(aspect * 4) / 4));
  }

  private currentKey(expanded: Set<string> = this.expanded): string {
    return `${this.generation}|${this.direction}|${this.wrapAspect(expanded) ?? ""}|${expansionKey(expanded)}`;
  }

  /** The ELK graph of an expansion state, in the current direction and wrapping. */
  private layoutGraph(model: GraphModel, tree: ViewTree, expanded: Set<string>): LayoutNode {
    return buildLayoutGraph(
      model,
      tree,
      expanded,
      visibleGraph(model, tree, expanded),
      this.measure,
      this.direction,
      this.wrapAspect(expanded),
    );
  }

  /**
   * Once a drawing is ready, lays out in the background the state with its largest folded
   * ×N group opened: the click most likely next, and the slowest layout to wait for.
   */
  private prefetchLikelyNext(): void {
    const { model, tree } = this;
    if (model === null || tree === null) return;
    let largest: TreeNode | null = null;
    for (const [id] of this.renderer.drawnRects()) {
      const node = tree.byId.get(id);
      if (
        node?.kind === "repeat" &&
        !this.expanded.has(id) &&
        (largest === null || node.children.length > largest.children.length)
      )
        largest = node;
    }
    if (largest === null) return;
    const next = new Set(this.expanded).add(largest.id);
    this.client.prefetch(this.currentKey(next), () => this.layoutGraph(model, tree, next));
  }

  /** Lays out (or takes from the cache) the current expansion state and draws it. */
  private async refresh(): Promise<void> {
    const { model, tree } = this;
    if (model === null || tree === null || this.destroyed) return;
    const key = this.currentKey();
    if (key === this.drawnKey) {
      this.afterDraw();
      return;
    }
    let layout = this.client.cached(key);
    if (layout === undefined) {
      this.setState("layout");
      this.showBusySoon();
      const graph = timed("layout-graph", () => this.layoutGraph(model, tree, this.expanded));
      const asked = performance.now();
      try {
        layout = await this.client.layout(key, graph);
        performance.measure("modelviz:layout", { start: asked });
      } catch (error) {
        if (error instanceof LayoutSuperseded || this.destroyed) return;
        if (key === this.currentKey()) this.showError(error instanceof Error ? error.message : String(error));
        return;
      }
      if (this.destroyed || key !== this.currentKey()) return; // a newer state is on its way
    }
    timed("draw", () => this.draw(model, tree, layout));
    this.drawnKey = key;
    this.drawnLayout = layout;
    this.afterDraw();
  }

  /** Draws a layout of the current expansion, with its edges' tooltips and the minimap. */
  private draw(model: GraphModel, tree: ViewTree, layout: LayoutNode): void {
    const tips = new Map<string, string>();
    for (const edge of visibleGraph(model, tree, this.expanded).edges)
      tips.set(edge.id, edgeTooltip(model, edge.edges));
    this.renderer.setEdgeTooltips(tips);
    this.renderer.draw(model, tree, this.expanded, layout, this.theme);
    const boxes = [...this.renderer.drawnRects()].map(([id, rect]) => ({ rect, frame: this.renderer.isFrame(id) }));
    this.minimap.draw(boxes, this.renderer.bounds, this.theme);
    const transform = this.viewport.current;
    this.renderer.setScale(transform.k);
    this.minimap.follow(transform, this.viewport.viewSize());
  }

  /** Places the drawing (fit, anchor or reveal), restyles it and reports ready. */
  private afterDraw(): void {
    if (this.fitPending) {
      this.fit(true);
    } else if (this.anchor !== null) {
      const rect = this.renderer.rectOf(this.anchor.id);
      if (rect !== undefined) this.viewport.pin(rect.x, rect.y, this.anchor.screen);
    }
    this.anchor = null;
    if (this.revealTarget !== null) {
      const rect = this.renderer.rectOf(this.revealTarget);
      if (rect !== undefined && !this.fitPending) this.viewport.ensureVisible(rect);
      this.revealTarget = null;
    }
    this.decorate();
    this.clearBusy();
    this.showMatchCount();
    this.setState("ready");
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
    this.prefetchLikelyNext();
  }

  /** Fits the drawing to the view; `overview`: the first view of a graph (readable scale, top). */
  private fit(overview = false): void {
    const { width, height } = this.renderer.bounds;
    if (width <= 0) return;
    const area = this.canvasArea.getBoundingClientRect();
    if (area.width <= 0 || area.height <= 0) {
      this.fitPending = true; // hidden: fit when it gets a size
      return;
    }
    if (overview) this.viewport.overview({ x: 0, y: 0, width, height });
    else this.viewport.fit({ x: 0, y: 0, width, height });
    this.fitPending = false;
  }

  private whenReady(): Promise<void> {
    return new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  // ---- selection and search -------------------------------------------------------------

  private selectNode(node: TreeNode | null, byUser: boolean, revealIt = false): void {
    if (this.model === null) return;
    this.selected = node;
    this.panel.show(this.model, node);
    if (byUser) {
      const layer = node !== null && node.kind === "module" ? this.model.nodes[node.graphId!].layer : null;
      this.options.onSelect(layer);
    }
    if (node !== null && revealIt) {
      this.revealTarget = node.id;
      if (reveal(this.expanded, node)) {
        void this.refresh();
        return;
      }
      const rect = this.renderer.rectOf(node.id);
      if (rect !== undefined) this.viewport.ensureVisible(rect);
      this.revealTarget = null;
    }
    this.applyHighlight();
  }

  /**
   * Recomputes the matches of the current query and marks them on the drawing as it is
   * (typing never waits for a layout; showNextMatch opens groups). A blank query gives back
   * the expansion from before the search, with the user's own toggles since.
   */
  private applySearch(redraw: boolean): void {
    if (this.model === null || this.tree === null) return;
    this.matches = findMatches(this.model, this.tree, this.query);
    this.matchCursor = -1;
    if (this.query.trim() === "" && this.beforeSearch !== null) {
      // Exactly as before (a selected match inside a group closed again is shown by that group).
      this.expanded = withToggles(this.beforeSearch, this.searchToggles);
      this.beforeSearch = null;
      this.searchToggles.clear();
      if (redraw) void this.refresh();
      return;
    }
    if (!redraw) return;
    this.applyHighlight();
    this.status.textContent = "";
    this.showMatchCount();
  }

  /** Applies the overlay fills and badges to what is drawn, then the highlight. */
  private decorate(): void {
    if (this.model !== null && this.tree !== null) {
      const isDrawn = (id: string) => this.renderer.isDrawn(id);
      this.renderer.setFills(this.overlay ? overlayFills(this.model, this.tree, this.overlay, isDrawn) : new Map());
      this.renderer.drawBadges(
        this.badges ? placeBadges(this.model, this.tree, this.expanded, this.badges, isDrawn) : new Map(),
        this.theme,
      );
    }
    this.applyHighlight();
  }

  private applyHighlight(): void {
    const matches = new Set<string>();
    const hiding = new Set<string>();
    for (const match of this.matches) {
      if (this.renderer.isDrawn(match.id)) matches.add(match.id);
      else hiding.add(visibleRepresentative(this.expanded, match).id);
    }
    this.renderer.highlight({ selected: this.selected?.id ?? null, matches, hiding }, this.theme);
    this.root.setAttribute("data-matches", String(this.matches.length));
  }

  // ---- events -----------------------------------------------------------------------------

  private nodeOf(event: Event): TreeNode | null {
    const target = event.target instanceof Element ? event.target.closest('[data-testid="graph-node"]') : null;
    const id = target?.getAttribute("data-id");
    return id ? (this.tree?.byId.get(id) ?? null) : null;
  }

  private onClick(event: MouseEvent): void {
    const node = this.nodeOf(event);
    if (node === null) {
      if (this.selected !== null) this.selectNode(null, true);
      return;
    }
    const onToggle = event.target instanceof Element && event.target.closest('[data-role="toggle"]') !== null;
    if (onToggle) this.toggle(node);
    else this.selectNode(node, true);
  }

  private onDoubleClick(event: MouseEvent): void {
    const node = this.nodeOf(event);
    const onToggle = event.target instanceof Element && event.target.closest('[data-role="toggle"]') !== null;
    if (node !== null && !onToggle) this.toggle(node);
  }

  private static readonly ARROWS: Record<string, Direction> = {
    ArrowUp: "up",
    ArrowDown: "down",
    ArrowLeft: "left",
    ArrowRight: "right",
  };

  /** Arrows move the selection, Enter opens or closes the selected group, Esc clears it. */
  private onKey(event: KeyboardEvent): void {
    if (this.tree === null || event.altKey || event.ctrlKey || event.metaKey) return;
    const direction = GraphViewImpl.ARROWS[event.key];
    if (direction !== undefined) {
      event.preventDefault();
      const from = this.selected !== null && this.renderer.isDrawn(this.selected.id) ? this.selected.id : null;
      const next = nearestInDirection(this.renderer.drawnRects(), from, direction, (id) => this.renderer.isFrame(id));
      const node = next === null ? null : (this.tree.byId.get(next) ?? null);
      if (node !== null) this.selectNode(node, true, true);
    } else if (event.key === "Enter" && this.selected !== null) {
      event.preventDefault();
      this.toggle(this.selected);
    } else if (event.key === "Escape" && this.selected !== null) {
      event.preventDefault();
      event.stopPropagation();
      this.selectNode(null, true);
    }
  }

  // ---- tooltips ---------------------------------------------------------------------------

  private onHover(event: PointerEvent): void {
    if (!(event.target instanceof Element) || event.buttons !== 0) return;
    const toggle = event.target.closest('[data-role="toggle"]');
    const node = event.target.closest('[data-testid="graph-node"]');
    const edge = event.target.closest('[data-testid="graph-edge"]');
    let text: string | null = null;
    if (toggle !== null) text = toggle.getAttribute("data-tip");
    else if (node !== null) text = this.renderer.nodeTooltip(node.getAttribute("data-id") ?? "");
    else if (edge !== null) text = this.renderer.edgeTooltip(edge.getAttribute("data-id") ?? "");
    if (text === null) {
      this.hideTooltip();
      return;
    }
    const badge = event.target.closest('[data-testid="graph-badge"]');
    if (badge !== null) return; // the badge has its own title
    this.tooltip.textContent = text;
    this.tooltip.setAttribute("data-for", node !== null ? "node" : edge !== null ? "edge" : "button");
    this.tooltip.style.display = "block";
    const area = this.canvasArea.getBoundingClientRect();
    const x = event.clientX - area.left + 14;
    const y = event.clientY - area.top + 16;
    const width = this.tooltip.offsetWidth;
    const height = this.tooltip.offsetHeight;
    this.tooltip.style.left = `${Math.max(4, Math.min(x, area.width - width - 4))}px`;
    this.tooltip.style.top = `${y + height > area.height - 4 ? Math.max(4, y - height - 24) : y}px`;
  }

  private hideTooltip(): void {
    if (this.tooltip.style.display !== "none") this.tooltip.style.display = "none";
  }

  // ---- chrome -----------------------------------------------------------------------------

  private addButton(text: string, testId: string, title: string, action: () => void): HTMLButtonElement {
    const button = document.createElement("button");
    button.textContent = text;
    button.title = title;
    button.setAttribute("aria-label", title);
    button.setAttribute("data-testid", testId);
    button.addEventListener("click", action);
    this.toolbar.appendChild(button);
    return button;
  }

  private setState(state: ViewState): void {
    this.root.setAttribute("data-state", state);
  }

  private showBusySoon(): void {
    if (this.busyTimer !== null) return;
    this.busyTimer = setTimeout(() => {
      this.busyTimer = null;
      if (this.root.getAttribute("data-state") === "layout") this.status.textContent = "Laying out…";
    }, BUSY_NOTICE_MS);
  }

  private clearBusy(): void {
    if (this.busyTimer !== null) clearTimeout(this.busyTimer);
    this.busyTimer = null;
    this.status.textContent = "";
  }

  private showMatchCount(): void {
    if (this.query.trim() === "") return;
    const n = this.matches.length;
    this.status.textContent =
      n === 0
        ? "No matches"
        : `${n === 1 ? "1 match" : `${n} matches`} · Enter: show ${this.matchCursor < 0 ? "the first" : "the next"}`;
  }

  private showError(message: string): void {
    this.clearBusy();
    this.setState("error");
    this.status.textContent = message;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(message));
  }
}

export function createGraphView(container: HTMLElement, options: GraphViewOptions): GraphView {
  return new GraphViewImpl(container, options);
}
