/**
 * Draws a laid-out graph as SVG and restyles it for selection and search. Every name goes in
 * through SVG text nodes (textContent), never markup. Data attributes are hooks for the
 * browser tests: `data-testid="graph-node"` with `data-id`, `data-kind`, `data-key`,
 * `data-expanded`; `data-testid="graph-edge"` with `data-src`/`data-dst`.
 *
 * Layers, bottom to top: open groups' frames, edges, open groups' headers (opaque, so an
 * edge entering a group passes under its name), boxes, level-of-detail labels, badges.
 * Elements marked `data-detail` (box texts, edge labels) are hidden at low zoom (the svg's
 * `data-lod="low"`, a rule in styles.css), where `data-role="lod-labels"` shows each box's
 * name alone (a block of an open ×N group: its number), scaled to be read.
 */
import { FONT_FAMILY, METRICS, MONO_FAMILY, type MeasureText } from "./geometry";
import { boxText } from "./labels";
import { frameHeader } from "./layout_graph";
import type { LayoutEdge, LayoutNode } from "./layout_protocol";
import type { GraphModel } from "./model";
import type { Theme } from "./theme";
import { isGroup, type TreeNode, type ViewTree } from "./tree";
import { readableTextOn } from "../colormap";
import { isolateBidi, svgElement } from "../dom";
import { isOpen } from "./visible";

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Highlight {
  selected: string | null;
  /** Visible nodes that match the search. */
  matches: ReadonlySet<string>;
  /** Closed groups that hide matches. */
  hiding: ReadonlySet<string>;
}

function svgText(parent: Element, text: string, attributes: Record<string, string | number>): SVGTextElement {
  const element = svgElement("text", attributes, parent);
  element.textContent = isolateBidi(text);
  return element;
}

interface DrawnNode {
  tree: TreeNode;
  /** The node's element (an open group's header). */
  group: SVGGElement;
  /** The outline that shows selection and matches (an open group's frame). */
  shape: SVGRectElement;
  /** An open group's header band, which carries its overlay colour. */
  band: SVGPathElement | null;
  open: boolean;
  /** Title and subtitle (recoloured for contrast on an overlay fill). */
  texts: SVGTextElement[];
  tooltip: string;
}

/** A drawn box's name for the level-of-detail labels. */
interface LodLabel {
  id: string;
  text: string;
  rect: Rect;
  /** The room for it: the box less its +/− button. */
  room: number;
  /** Its width at font size 1. */
  unitWidth: number;
}

/** An overlay colour for a drawn box: its fill, and the tooltip line that explains it. */
export interface NodeFill {
  fill: string;
  /** Colours painted left to right instead (a folded group's members, in order). */
  stops?: string[];
  note: string;
}

/** A badge on a drawn node: how many problems it holds and what they are. */
export interface DrawnBadge {
  count: number;
  text: string;
  /** The layer the badge is about (for tests and links); the first one when several. */
  layer: string;
}

let markerCounter = 0;

export class GraphRenderer {
  readonly svg: SVGSVGElement;
  /** Pan/zoom transform target. */
  readonly viewport: SVGGElement;
  private readonly markerId = `mvz-arrow-${++markerCounter}`;
  private drawn = new Map<string, DrawnNode>();
  private rects = new Map<string, Rect>();
  private size = { width: 0, height: 0 };
  private fills = new Map<string, NodeFill>();
  /** The fill attribute of each overlaid box: a colour, or a gradient's url(). */
  private paints = new Map<string, string>();
  private gradientDefs: SVGDefsElement | null = null;
  private badgeLayer: SVGGElement | null = null;
  private lodLayer: SVGGElement | null = null;
  private lodLabels: LodLabel[] = [];
  /** One-line headers of open groups, enlarged too at low zoom as far as their band allows. */
  private frameTitles: { text: SVGTextElement; room: number; unitWidth: number }[] = [];
  private lodScale = 0;
  private edgeTips = new Map<string, string>();

  constructor(private readonly measure: MeasureText) {
    this.svg = svgElement("svg", { "data-testid": "graph-svg", width: "100%", height: "100%" });
    this.svg.style.display = "block";
    this.svg.style.userSelect = "none";
    this.viewport = svgElement("g", { "data-role": "viewport" }, this.svg);
  }

  get bounds(): { width: number; height: number } {
    return this.size;
  }

  /** Position of a drawn node (box or frame) in graph coordinates. */
  rectOf(treeId: string): Rect | undefined {
    return this.rects.get(treeId);
  }

  isDrawn(treeId: string): boolean {
    return this.drawn.has(treeId);
  }

  /** Drawn tree ids with their rectangles, in drawing order (frames before what they hold). */
  drawnRects(): IterableIterator<[string, Rect]> {
    return this.rects.entries();
  }

  /** Whether a drawn node is an open group (a frame). */
  isFrame(treeId: string): boolean {
    return this.drawn.get(treeId)?.open ?? false;
  }

  /** The tooltip of a drawn node: what it is, and its overlay value when coloured. */
  nodeTooltip(treeId: string): string | null {
    const drawn = this.drawn.get(treeId);
    if (drawn === undefined) return null;
    const fill = this.fills.get(treeId);
    return fill ? `${drawn.tooltip}\n${fill.note}` : drawn.tooltip;
  }

  /** Tooltips of the edges of the next `draw`, by edge id. */
  setEdgeTooltips(tips: Map<string, string>): void {
    this.edgeTips = tips;
  }

  edgeTooltip(edgeId: string): string | null {
    return this.edgeTips.get(edgeId) ?? null;
  }

  /**
   * Level of detail for zoom `scale`: below LOD_SCALE the small print (subtitles, op names,
   * edge labels, buttons) hides and each box shows its name as large as its box allows,
   * so a whole large model stays readable when fitted.
   */
  setScale(scale: number): void {
    const low = scale < LOD_SCALE;
    this.svg.setAttribute("data-lod", low ? "low" : "full");
    if (!low) {
      if (this.lodScale !== 0) for (const title of this.frameTitles) this.sizeFrameTitle(title.text, METRICS.titleSize);
      this.lodScale = 0;
      return;
    }
    // Quantised, so a wheel gesture restyles the labels a few times, not on every event.
    const step = 2 ** (Math.round(Math.log2(scale) * 4) / 4);
    if (step === this.lodScale || this.lodLayer === null) return;
    this.lodScale = step;
    for (const title of this.frameTitles) {
      const fits = title.room / Math.max(1, title.unitWidth);
      this.sizeFrameTitle(
        title.text,
        Math.max(METRICS.titleSize, Math.min(LOD_SCREEN_SIZE / step, fits, METRICS.frameHeader * 0.72)),
      );
    }
    for (const [index, label] of this.lodLabels.entries()) {
      const text = this.lodLayer.children[index] as SVGTextElement;
      const fits = (label.room * 0.9) / Math.max(1, label.unitWidth);
      const size = Math.max(METRICS.titleSize, Math.min(LOD_SCREEN_SIZE / step, fits, label.rect.height * 0.8));
      text.setAttribute("font-size", String(round(size)));
      text.setAttribute("stroke-width", String(round(size * 0.2)));
      text.setAttribute("y", String(round(label.rect.y + label.rect.height / 2 + size * 0.35)));
    }
  }

  private sizeFrameTitle(text: SVGTextElement, size: number): void {
    text.setAttribute("font-size", String(round(size)));
    text.setAttribute("y", String(round(METRICS.frameHeader / 2 + size * 0.4)));
  }

  clear(): void {
    this.viewport.replaceChildren();
    this.frameTitles = [];
    this.drawn.clear();
    this.rects.clear();
    this.lodLayer = null;
    this.lodLabels = [];
    this.lodScale = 0;
    this.badgeLayer = null;
    this.gradientDefs = null;
    this.size = { width: 0, height: 0 };
  }

  /**
   * Overlay fills of closed boxes by tree id (empty: the normal colours). Applied by the
   * next `highlight`, which the view calls after every change.
   */
  setFills(fills: Map<string, NodeFill>): void {
    this.fills = fills;
    this.paints.clear();
    this.gradientDefs?.remove();
    this.gradientDefs = svgElement("defs", { "data-role": "overlay-gradients" }, this.viewport);
    let index = 0;
    for (const [id, fill] of fills) {
      if (!fill.stops) {
        this.paints.set(id, fill.fill);
        continue;
      }
      const gradientId = `${this.markerId}-g${index++}`;
      const gradient = svgElement("linearGradient", { id: gradientId, x1: 0, x2: 1, y1: 0, y2: 0 }, this.gradientDefs);
      fill.stops.forEach((color, i) => {
        svgElement(
          "stop",
          { offset: fill.stops!.length > 1 ? i / (fill.stops!.length - 1) : 0, "stop-color": color },
          gradient,
        );
      });
      this.paints.set(id, `url(#${gradientId})`);
    }
    for (const [id, drawn] of this.drawn) drawn.group.toggleAttribute("data-overlay", fills.has(id));
  }

  /** Red badges at the top-right corner of drawn nodes, by tree id; replaces the previous ones. */
  drawBadges(badges: Map<string, DrawnBadge>, theme: Theme): void {
    this.badgeLayer?.remove();
    this.badgeLayer = svgElement("g", { "data-role": "badges" }, this.viewport);
    for (const [id, badge] of badges) {
      const rect = this.rects.get(id);
      if (rect === undefined) continue;
      const group = svgElement(
        "g",
        {
          "data-testid": "graph-badge",
          "data-id": id,
          "data-key": badge.layer,
          transform: `translate(${round(rect.x + rect.width - 3)},${round(rect.y + 3)})`,
        },
        this.badgeLayer,
      );
      svgElement("circle", { r: 8.5, fill: theme.error, stroke: theme.background, "stroke-width": 1.5 }, group);
      svgText(group, badge.count > 1 ? String(badge.count) : "!", {
        y: 3.5,
        "text-anchor": "middle",
        "font-size": 10.5,
        "font-weight": 700,
        fill: "#ffffff",
      });
      svgElement("title", {}, group).textContent = badge.text;
    }
  }

  draw(model: GraphModel, tree: ViewTree, expanded: Set<string>, layout: LayoutNode, theme: Theme): void {
    this.clear();
    this.size = { width: layout.width ?? 0, height: layout.height ?? 0 };
    this.svg.setAttribute("font-family", FONT_FAMILY);

    const defs = svgElement("defs", {}, this.viewport);
    const marker = svgElement(
      "marker",
      {
        id: this.markerId,
        viewBox: "0 0 10 10",
        refX: 9,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: "auto-start-reverse",
        markerUnits: "userSpaceOnUse",
      },
      defs,
    );
    svgElement("path", { d: "M0,0L10,5L0,10z", fill: theme.edge }, marker);

    const frameLayer = svgElement("g", { "data-role": "frames" }, this.viewport);
    const edgeLayer = svgElement("g", { "data-role": "edges" }, this.viewport);
    const headerLayer = svgElement("g", { "data-role": "headers" }, this.viewport);
    const boxLayer = svgElement("g", { "data-role": "boxes" }, this.viewport);

    const visit = (node: LayoutNode): void => {
      const treeNode = tree.byId.get(node.id);
      if (treeNode !== undefined) {
        const rect = { x: node.x ?? 0, y: node.y ?? 0, width: node.width ?? 0, height: node.height ?? 0 };
        this.rects.set(node.id, rect);
        const open = isOpen(expanded, treeNode);
        const drawn = open
          ? this.drawFrame(model, treeNode, rect, theme, frameLayer, headerLayer)
          : this.drawBox(model, treeNode, rect, theme, boxLayer);
        this.drawn.set(node.id, drawn);
        if (!open) {
          // A block of an open ×N group is summed up by its number: the group's header names them.
          const title = boxText(model, treeNode).title;
          const text = treeNode.parent?.kind === "repeat" ? title.replace(/^.*\./, "") : title;
          const room = rect.width - (isGroup(treeNode) && treeNode.children.length > 0 ? METRICS.toggleSpace : 0);
          this.lodLabels.push({ id: node.id, text, rect, room, unitWidth: this.measure(text, 1, { bold: true }) });
        }
      }
      node.children?.forEach(visit);
    };
    layout.children?.forEach(visit);
    for (const edge of layout.edges ?? []) this.drawEdge(edge, theme, edgeLayer);
    this.lodLayer = svgElement("g", { "data-role": "lod-labels", "pointer-events": "none" }, this.viewport);
    for (const label of this.lodLabels) {
      svgText(this.lodLayer, label.text, {
        x: round(label.rect.x + label.room / 2),
        y: round(label.rect.y + label.rect.height / 2),
        "text-anchor": "middle",
        "font-weight": 600,
        fill: theme.text,
        stroke: theme.background,
        "paint-order": "stroke",
      });
    }
  }

  /** Restyles boxes and frames for the current selection and search matches. */
  highlight(state: Highlight, theme: Theme): void {
    for (const [id, drawn] of this.drawn) {
      const base = baseStyle(drawn, theme);
      let { fill, stroke } = base;
      const overlay = this.fills.get(id);
      const paint = overlay !== undefined ? (this.paints.get(id) ?? overlay.fill) : null;
      if (paint !== null && !drawn.open) fill = paint;
      // An open group keeps its colour on its header band (its body stays clear for what it holds).
      drawn.band?.setAttribute("fill", paint ?? headerFill(drawn, theme));
      // Text starts at the left: on a gradient, read it against the first colour.
      const textColors = overlay !== undefined ? readableTextOn(overlay.stops?.[0] ?? overlay.fill) : null;
      drawn.texts.forEach((text, i) => {
        const title = i === 0 || drawn.open || drawn.tree.kind === "op";
        text.setAttribute("fill", textColors ? textColors[title ? 0 : 1] : title ? theme.text : theme.mutedText);
      });
      let strokeWidth = drawn.open ? 1 : 1.2;
      let dash = drawn.open && drawn.tree.kind === "repeat" ? "5 3" : "";
      if (state.matches.has(id)) {
        if (!drawn.open) fill = theme.matchFill;
        stroke = theme.matchStroke;
        strokeWidth = 2;
      } else if (state.hiding.has(id)) {
        stroke = theme.matchStroke;
        strokeWidth = 2;
        dash = "4 2";
      }
      if (state.selected === id) {
        stroke = theme.selected;
        strokeWidth = 2.5;
      }
      drawn.shape.setAttribute("fill", fill);
      drawn.shape.setAttribute("stroke", stroke);
      drawn.shape.setAttribute("stroke-width", String(strokeWidth));
      if (dash) drawn.shape.setAttribute("stroke-dasharray", dash);
      else drawn.shape.removeAttribute("stroke-dasharray");
      drawn.group.toggleAttribute("data-selected", state.selected === id);
      drawn.group.toggleAttribute("data-match", state.matches.has(id));
    }
  }

  private nodeGroup(model: GraphModel, node: TreeNode, rect: Rect, open: boolean, layer: Element): SVGGElement {
    const group = svgElement(
      "g",
      {
        "data-testid": "graph-node",
        "data-id": node.id,
        "data-kind": node.kind,
        transform: `translate(${rect.x},${rect.y})`,
      },
      layer,
    );
    group.style.cursor = "pointer";
    if (node.graphId !== null && model.nodes[node.graphId].layer !== null) {
      group.setAttribute("data-key", model.nodes[node.graphId].layer!);
    }
    if (isGroup(node)) group.setAttribute("data-expanded", String(open));
    if (node.kind === "repeat") group.setAttribute("data-count", String(node.children.length));
    group.setAttribute("role", "treeitem");
    group.setAttribute("aria-label", boxText(model, node).tooltip);
    if (isGroup(node) && node.children.length > 0) group.setAttribute("aria-expanded", String(open));
    return group;
  }

  private drawnNode(
    model: GraphModel,
    tree: TreeNode,
    group: SVGGElement,
    shape: SVGRectElement,
    open: boolean,
    texts: SVGTextElement[],
    band: SVGPathElement | null = null,
  ): DrawnNode {
    return { tree, group, shape, band, open, texts, tooltip: boxText(model, tree).tooltip };
  }

  /**
   * An open group: its frame below the edges, and its header above them, the name in full
   * (the layout made the frame wide and its top padding tall enough for it).
   */
  private drawFrame(
    model: GraphModel,
    node: TreeNode,
    rect: Rect,
    theme: Theme,
    frameLayer: Element,
    headerLayer: Element,
  ): DrawnNode {
    const body = svgElement(
      "g",
      { "data-role": "frame", "data-id": node.id, transform: `translate(${rect.x},${rect.y})` },
      frameLayer,
    );
    const shape = svgElement(
      "rect",
      {
        width: rect.width,
        height: rect.height,
        rx: 8,
        "fill-opacity": theme.frameFillOpacity,
        "pointer-events": "none",
      },
      body,
    );
    // Only the header takes clicks: the body's empty space belongs to panning.
    const group = this.nodeGroup(model, node, rect, true, headerLayer);
    const header = frameHeader(model, node, this.measure);
    const h = header.height;
    const r = Math.min(8, h / 2);
    const w = rect.width;
    const band = svgElement(
      "path",
      {
        "data-role": "frame-header",
        d: `M0,${h}V${r}Q0,0 ${r},0H${w - r}Q${w},0 ${w},${r}V${h}Z`,
      },
      group,
    );
    const texts = header.lines.map((line, i) =>
      svgText(group, line, {
        x: METRICS.padX,
        y: METRICS.frameHeader / 2 + 5 + i * METRICS.headerLine,
        "font-size": METRICS.titleSize,
        "font-weight": 600,
        fill: theme.text,
      }),
    );
    this.drawToggle(group, rect.width - METRICS.toggleSpace / 2 - 4, METRICS.frameHeader / 2 + 1, true, theme);
    if (header.lines.length === 1) {
      const room = rect.width - 2 * METRICS.padX - METRICS.toggleSpace;
      this.frameTitles.push({ text: texts[0], room, unitWidth: this.measure(header.lines[0], 1, { bold: true }) });
    }
    const drawn = this.drawnNode(model, node, group, shape, true, texts, band);
    applyBase(drawn, theme);
    return drawn;
  }

  private drawBox(model: GraphModel, node: TreeNode, rect: Rect, theme: Theme, layer: Element): DrawnNode {
    const group = this.nodeGroup(model, node, rect, false, layer);
    const text = boxText(model, node);
    if (node.kind === "repeat") {
      // Two offset cards behind the box say "a stack of blocks".
      for (const offset of [6, 3]) {
        svgElement(
          "rect",
          {
            x: offset,
            y: -offset,
            width: rect.width,
            height: rect.height,
            rx: 6,
            fill: theme.repeatFill,
            stroke: theme.repeatStroke,
            "stroke-width": 1,
          },
          group,
        );
      }
    }
    const radius = node.kind === "op" ? rect.height / 2 : node.kind === "input" || node.kind === "output" ? 12 : 6;
    const shape = svgElement("rect", { width: rect.width, height: rect.height, rx: radius }, group);
    const toggle = isGroup(node) && node.children.length > 0;
    const room = rect.width - 2 * METRICS.padX - (toggle ? METRICS.toggleSpace : 0) + 1;
    const texts: SVGTextElement[] = [];
    if (node.kind === "op") {
      texts.push(
        svgText(group, this.fitText(text.title, room, METRICS.opSize, false), {
          x: rect.width / 2,
          y: rect.height / 2 + 4,
          "text-anchor": "middle",
          "font-size": METRICS.opSize,
          fill: theme.text,
          "data-detail": "",
        }),
      );
    } else {
      texts.push(
        svgText(group, this.fitText(text.title, room, METRICS.titleSize, true), {
          x: METRICS.padX,
          y: 16,
          "font-size": METRICS.titleSize,
          "font-weight": 600,
          fill: theme.text,
          "data-detail": "",
        }),
      );
      texts.push(
        svgText(group, this.fitText(text.subtitle, room, METRICS.subtitleSize, false), {
          x: METRICS.padX,
          y: node.kind === "input" || node.kind === "output" ? 28 : 30,
          "font-size": METRICS.subtitleSize,
          fill: theme.mutedText,
          "data-detail": "",
        }),
      );
    }
    if (toggle) this.drawToggle(group, rect.width - METRICS.toggleSpace / 2 - 2, rect.height / 2, false, theme);
    const drawn = this.drawnNode(model, node, group, shape, false, texts);
    applyBase(drawn, theme);
    return drawn;
  }

  /** `text`, cut with an ellipsis to fit `room` pixels (the full text is in the tooltip). */
  private fitText(text: string, room: number, size: number, bold: boolean): string {
    if (this.measure(text, size, { bold }) <= room) return text;
    // Binary search for the longest prefix that fits with the ellipsis.
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.measure(text.slice(0, mid) + "…", size, { bold }) <= room) lo = mid;
      else hi = mid - 1;
    }
    return text.slice(0, lo) + "…";
  }

  private drawToggle(parent: Element, x: number, y: number, open: boolean, theme: Theme): void {
    const toggle = svgElement(
      "g",
      {
        "data-testid": "graph-toggle",
        "data-role": "toggle",
        transform: `translate(${x},${y})`,
      },
      parent,
    );
    svgElement(
      "circle",
      { r: METRICS.toggleRadius, fill: theme.toggleFill, stroke: theme.mutedText, "stroke-width": 1 },
      toggle,
    );
    svgElement(
      "path",
      {
        d: open ? "M-3.5,0H3.5" : "M-3.5,0H3.5M0,-3.5V3.5",
        stroke: theme.text,
        "stroke-width": 1.4,
        "stroke-linecap": "round",
      },
      toggle,
    );
    toggle.setAttribute("data-tip", open ? "Close this group" : "Open this group");
  }

  private drawEdge(edge: LayoutEdge, theme: Theme, layer: Element): void {
    const group = svgElement(
      "g",
      {
        "data-testid": "graph-edge",
        "data-id": edge.id,
        "data-src": edge.sources[0],
        "data-dst": edge.targets[0],
      },
      layer,
    );
    for (const section of edge.sections ?? []) {
      const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
      const d = points.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)},${round(p.y)}`).join("");
      svgElement(
        "path",
        {
          d,
          fill: "none",
          stroke: theme.edge,
          "stroke-width": 1.2,
          "marker-end": `url(#${this.markerId})`,
        },
        group,
      );
      // A wide invisible stroke to hover: the tooltip of a 1-pixel line is hard to reach.
      svgElement("path", { d, fill: "none", stroke: "transparent", "stroke-width": 9, "data-role": "edge-hit" }, group);
    }
    for (const label of edge.labels ?? []) {
      group.setAttribute("data-label", label.text);
      svgText(group, label.text, {
        x: round((label.x ?? 0) + 2),
        y: round((label.y ?? 0) + label.height - 3),
        "font-family": MONO_FAMILY,
        "font-size": METRICS.edgeLabelSize,
        fill: theme.edgeLabel,
        stroke: theme.background,
        "stroke-width": 3,
        "paint-order": "stroke",
        "stroke-linejoin": "round",
        "data-detail": "",
      });
    }
  }
}

/** Below this zoom the drawing switches to its overview level of detail. */
export const LOD_SCALE = 0.55;
/** Screen size (px) the overview labels aim for. */
const LOD_SCREEN_SIZE = 13;

function headerFill(drawn: DrawnNode, theme: Theme): string {
  return drawn.tree.kind === "repeat" ? theme.repeatHeaderFill : theme.frameHeaderFill;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function baseStyle(drawn: DrawnNode, theme: Theme): { fill: string; stroke: string } {
  if (drawn.open) return { fill: theme.frameFill, stroke: theme.frameStroke };
  switch (drawn.tree.kind) {
    case "repeat":
      return { fill: theme.repeatFill, stroke: theme.repeatStroke };
    case "op":
      return { fill: theme.opFill, stroke: theme.opStroke };
    case "input":
    case "output":
      return { fill: theme.ioFill, stroke: theme.ioStroke };
    default:
      return { fill: theme.moduleFill, stroke: theme.moduleStroke };
  }
}

function applyBase(drawn: DrawnNode, theme: Theme): void {
  const { fill, stroke } = baseStyle(drawn, theme);
  drawn.band?.setAttribute("fill", headerFill(drawn, theme));
  drawn.shape.setAttribute("fill", fill);
  drawn.shape.setAttribute("stroke", stroke);
  drawn.shape.setAttribute("stroke-width", drawn.open ? "1" : "1.2");
  if (drawn.open && drawn.tree.kind === "repeat") drawn.shape.setAttribute("stroke-dasharray", "5 3");
}
