/**
 * The dashboard's graph view: the model's module hierarchy as nested, collapsible groups
 * around its ops, laid out by ELK in a Web Worker, drawn as SVG with pan and zoom, with a
 * side panel for the selected node. The shell owns run/step selection and the search box;
 * it drives this view through the GraphView interface below.
 *
 * Interaction: click a node to select it (side panel); click its +/− button, or double-click
 * it, to open or close a group; drag to pan; wheel to zoom. The root element carries
 * `data-state` = empty | layout | ready | error (`ready` once the current layout is drawn).
 */
import { defaultExpansion, expansionKey, reveal, visibleBoxCount, visibleRepresentative } from './expansion';
import { exportPng, exportSvg } from './export';
import { createTextMeasurer, FONT_FAMILY } from './geometry';
import { LayoutClient, LayoutSuperseded } from './layout_client';
import { buildLayoutGraph } from './layout_graph';
import type { LayoutNode } from './layout_protocol';
import { parseStructure, type StructureModel } from './model';
import { SidePanel } from './panel';
import { overlayFills, placeBadges, type GraphOverlay, type NodeBadge } from './overlay';
import { GraphRenderer } from './render';
import { findMatches } from './search';
import { DARK, LIGHT, type Theme } from './theme';
import { buildViewTree, isGroup, type TreeNode, type ViewTree } from './tree';
import { Viewport } from './viewport';
import { visibleGraph } from './visible';

export { StructureError } from './model';
export type { GraphOverlay, NodeBadge } from './overlay';

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
  setStep(step: unknown): void;
  /** Selects a module by layer key (opening the groups around it), or clears with null. Does not call onSelect. */
  select(layerKey: string | null): void;
  /** Highlights nodes whose name, type, layer key or op contains `query`, opening groups to show them. */
  search(query: string): void;
  /** Colours boxes by a per-layer (and per-op) value, with a legend; null restores the normal colours. */
  setOverlay(overlay: GraphOverlay | null): void;
  /** Badges on layers (e.g. health alerts); a layer inside a closed group badges that group. */
  setBadges(badges: ReadonlyMap<string, NodeBadge> | null): void;
  exportSVG(): string;
  exportPNG(): Promise<Blob>;
  setDark(dark: boolean): void;
  destroy(): void;
}

export type ViewState = 'empty' | 'layout' | 'ready' | 'error';

/**
 * Search opens groups to show at most this many matches, and stops opening once that would
 * show more than REVEAL_BOX_BUDGET boxes (a big layout); other matches are marked on the
 * closed groups that hold them.
 */
const MAX_REVEALED_MATCHES = 24;
const REVEAL_BOX_BUDGET = 250;
/** Show "Laying out…" only for layouts slower than this. */
const BUSY_NOTICE_MS = 150;

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
  private overlay: GraphOverlay | null = null;
  private badges: ReadonlyMap<string, NodeBadge> | null = null;
  private readonly measure = createTextMeasurer();
  private readonly renderer = new GraphRenderer(this.measure);
  private readonly viewport: Viewport;
  private readonly panel: SidePanel;
  private readonly client: LayoutClient;
  private readonly resizeObserver: ResizeObserver;

  private theme: Theme = LIGHT;
  private model: StructureModel | null = null;
  private tree: ViewTree | null = null;
  /** Bumped for each new structure, so layouts of an older one are never drawn. */
  private generation = 0;
  private expanded = new Set<string>();
  private selected: TreeNode | null = null;
  private query = '';
  private matches: TreeNode[] = [];
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

  constructor(container: HTMLElement, private readonly options: GraphViewOptions) {
    this.root = document.createElement('div');
    this.root.setAttribute('data-testid', 'graph-view');
    Object.assign(this.root.style, {
      display: 'flex', width: '100%', height: '100%', minHeight: '200px', overflow: 'hidden',
      fontFamily: FONT_FAMILY, position: 'relative',
    });
    this.canvasArea = document.createElement('div');
    Object.assign(this.canvasArea.style, { flex: '1 1 auto', position: 'relative', minWidth: '0', overflow: 'hidden' });
    this.canvasArea.appendChild(this.renderer.svg);
    this.root.appendChild(this.canvasArea);

    this.toolbar = document.createElement('div');
    Object.assign(this.toolbar.style, {
      position: 'absolute', top: '8px', left: '8px', display: 'flex', gap: '4px', alignItems: 'center', fontSize: '12px',
    });
    this.addButton('Fit', 'graph-fit', 'Fit the graph to the view', () => this.fit());
    this.addButton('+', 'graph-zoom-in', 'Zoom in', () => this.viewport.zoomBy(1.25));
    this.addButton('−', 'graph-zoom-out', 'Zoom out', () => this.viewport.zoomBy(0.8));
    this.addButton('Reset', 'graph-reset', 'Back to the default expansion', () => this.resetExpansion());
    this.status = document.createElement('span');
    this.status.setAttribute('data-testid', 'graph-status');
    this.status.style.marginLeft = '6px';
    this.toolbar.appendChild(this.status);
    this.canvasArea.appendChild(this.toolbar);
    this.legend = document.createElement('div');
    this.legend.setAttribute('data-testid', 'graph-legend');
    Object.assign(this.legend.style, {
      position: 'absolute', left: '8px', bottom: '8px', padding: '6px 10px', borderRadius: '6px',
      fontSize: '11px', display: 'none', maxWidth: '320px', boxSizing: 'border-box',
    });
    this.canvasArea.appendChild(this.legend);

    this.panel = new SidePanel({
      close: () => this.selectNode(null, true),
      openActivations: (key) => this.options.onOpenActivations(key),
      selectNode: (node) => this.selectNode(node, true, true),
      renderThumbnail: options.renderThumbnail,
    }, this.theme);
    this.root.appendChild(this.panel.element);

    this.viewport = new Viewport(this.renderer.svg, this.renderer.viewport);
    this.renderer.svg.addEventListener('click', (event) => this.onClick(event));
    this.renderer.svg.addEventListener('dblclick', (event) => this.onDoubleClick(event));
    this.resizeObserver = new ResizeObserver(() => {
      if (this.fitPending && this.drawnLayout !== null) this.fit(true);
    });
    this.resizeObserver.observe(this.canvasArea);

    // Start the worker now: it loads while the shell is still fetching the structure.
    this.client = new LayoutClient(options.workerUrl);
    this.applyTheme();
    this.setState('empty');
    container.appendChild(this.root);
  }

  async setStructure(structure: unknown): Promise<void> {
    let model: StructureModel;
    try {
      model = parseStructure(structure);
    } catch (error) {
      this.showError(error instanceof Error ? error.message : String(error));
      throw error;
    }
    const sameGraph = this.model !== null && this.tree !== null && model.hash !== '' && model.hash === this.model.hash;
    if (!sameGraph) {
      this.generation++;
      this.model = model;
      this.tree = buildViewTree(model);
      this.expanded = defaultExpansion(this.tree);
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

  setStep(step: unknown): void {
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

  setOverlay(overlay: GraphOverlay | null): void {
    this.overlay = overlay;
    this.legend.replaceChildren();
    if (overlay?.legend) this.legend.appendChild(overlay.legend);
    this.legend.style.display = overlay?.legend ? 'block' : 'none';
    this.root.setAttribute('data-overlay', overlay ? overlay.label : '');
    this.decorate();
  }

  setBadges(badges: ReadonlyMap<string, NodeBadge> | null): void {
    this.badges = badges;
    this.decorate();
  }

  exportSVG(): string {
    return exportSvg(this.renderer.svg, this.renderer.viewport, this.renderer.bounds, this.theme.background);
  }

  exportPNG(): Promise<Blob> {
    try {
      return exportPng(this.exportSVG());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  setDark(dark: boolean): void {
    const theme = dark ? DARK : LIGHT;
    if (theme === this.theme) return;
    this.theme = theme;
    this.applyTheme();
    this.panel.setTheme(theme);
    if (this.drawnLayout !== null && this.model !== null && this.tree !== null) {
      this.renderer.draw(this.model, this.tree, this.expanded, this.drawnLayout, this.theme);
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
    if (this.expanded.has(node.id)) this.expanded.delete(node.id);
    else this.expanded.add(node.id);
    void this.refresh();
  }

  private resetExpansion(): void {
    if (this.tree === null) return;
    this.expanded = defaultExpansion(this.tree);
    this.fitPending = true;
    void this.refresh();
  }

  private currentKey(): string {
    return `${this.generation}|${expansionKey(this.expanded)}`;
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
      this.setState('layout');
      this.showBusySoon();
      const graph = buildLayoutGraph(model, tree, this.expanded, visibleGraph(model, tree, this.expanded), this.measure);
      try {
        layout = await this.client.layout(key, graph);
      } catch (error) {
        if (error instanceof LayoutSuperseded || this.destroyed) return;
        if (key === this.currentKey()) this.showError(error instanceof Error ? error.message : String(error));
        return;
      }
      if (this.destroyed || key !== this.currentKey()) return; // a newer state is on its way
    }
    this.renderer.draw(model, tree, this.expanded, layout, this.theme);
    this.drawnKey = key;
    this.drawnLayout = layout;
    this.afterDraw();
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
    this.setState('ready');
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
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
      const layer = node !== null && node.kind === 'module' ? this.model.nodes[node.graphId!].layer : null;
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

  /** Recomputes the matches of the current query and opens groups to show the first ones. */
  private applySearch(redraw: boolean): void {
    if (this.model === null || this.tree === null) return;
    this.matches = findMatches(this.model, this.tree, this.query);
    for (const [index, match] of this.matches.slice(0, MAX_REVEALED_MATCHES).entries()) {
      const trial = new Set(this.expanded);
      if (!reveal(trial, match)) continue;
      if (index > 0 && visibleBoxCount(this.tree, trial) > REVEAL_BOX_BUDGET) break;
      this.expanded = trial;
    }
    this.revealTarget = this.matches.length > 0 ? this.matches[0].id : null;
    if (redraw) void this.refresh();
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
    this.root.setAttribute('data-matches', String(this.matches.length));
  }

  // ---- events -----------------------------------------------------------------------------

  private nodeOf(event: Event): TreeNode | null {
    const target = event.target instanceof Element ? event.target.closest('[data-testid="graph-node"]') : null;
    const id = target?.getAttribute('data-id');
    return id ? this.tree?.byId.get(id) ?? null : null;
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

  // ---- chrome -----------------------------------------------------------------------------

  private addButton(text: string, testId: string, title: string, action: () => void): void {
    const button = document.createElement('button');
    button.textContent = text;
    button.title = title;
    button.setAttribute('data-testid', testId);
    button.addEventListener('click', action);
    this.toolbar.appendChild(button);
  }

  private applyTheme(): void {
    this.root.style.background = this.theme.background;
    this.root.style.color = this.theme.text;
    this.root.setAttribute('data-theme', this.theme === DARK ? 'dark' : 'light');
    for (const button of this.toolbar.querySelectorAll('button')) {
      Object.assign(button.style, {
        background: this.theme.buttonBackground, color: this.theme.text, cursor: 'pointer', font: 'inherit',
        border: `1px solid ${this.theme.panelBorder}`, borderRadius: '4px', padding: '2px 8px', minWidth: '26px',
      });
    }
    this.status.style.color = this.root.getAttribute('data-state') === 'error' ? this.theme.error : this.theme.mutedText;
    Object.assign(this.legend.style, {
      background: this.theme.panelBackground, color: this.theme.text, border: `1px solid ${this.theme.panelBorder}`,
    });
  }

  private setState(state: ViewState): void {
    this.root.setAttribute('data-state', state);
  }

  private showBusySoon(): void {
    if (this.busyTimer !== null) return;
    this.busyTimer = setTimeout(() => {
      this.busyTimer = null;
      if (this.root.getAttribute('data-state') === 'layout') this.status.textContent = 'Laying out…';
    }, BUSY_NOTICE_MS);
  }

  private clearBusy(): void {
    if (this.busyTimer !== null) clearTimeout(this.busyTimer);
    this.busyTimer = null;
    this.status.textContent = '';
    this.status.style.color = this.theme.mutedText;
  }

  private showMatchCount(): void {
    if (this.query.trim() === '') return;
    const n = this.matches.length;
    this.status.textContent = n === 0 ? 'No matches' : n === 1 ? '1 match' : `${n} matches`;
  }

  private showError(message: string): void {
    this.clearBusy();
    this.setState('error');
    this.status.textContent = message;
    this.status.style.color = this.theme.error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(message));
  }
}

export function createGraphView(container: HTMLElement, options: GraphViewOptions): GraphView {
  return new GraphViewImpl(container, options);
}
