/**
 * The layer × step heatmap: one statistic of every layer (rows, in model order) at every
 * logged step (columns), drawn on canvas so that 150 layers × 100 steps draw in a few
 * milliseconds. Cells are painted as one pixel each and scaled up without smoothing;
 * hover and selection marks live on a second canvas on top, so moving the mouse never
 * repaints the cells. Layer names are drawn as canvas text (never markup).
 *
 * Rows are drawn at a readable height (READABLE_ROW, every row labelled beside its row)
 * and the heatmap scrolls; `setRowHeight` zooms, down to fitting every row on screen.
 * Only the rows in view are painted, on canvases the size of the view (a model of a
 * thousand modules would otherwise need canvases tens of thousands of pixels tall); the
 * step axis stays on top while the rows scroll under it.
 *
 * The root element carries `data-render-ms` (time of the last full draw) and
 * `data-geometry` (JSON: left, top, cell width, row height, rows, columns, and `offset`,
 * the scrolled distance) for tests.
 */

import { colormapTable } from "./colormap";
import { el } from "./dom";
import { ZERO_COLOR, type ValueScale } from "./statistics";
import type { LayerRef } from "./types";
import { layerLabel } from "./layer_name";

export interface HeatmapData {
  steps: number[];
  layers: LayerRef[];
  /** values[row][column], one row per entry of `layers`. */
  values: (number | null)[][];
  scale: ValueScale;
  format(value: number | null): string;
}

export interface HeatmapHandlers {
  onPick(layer: string, step: number): void;
}

const TOP = 26;
const RIGHT = 12;
const MIN_ROW = 3;
const MAX_ROW = 26;
/** Rows at least this tall get every label, beside its own row. */
export const READABLE_ROW = 14;
const LABEL_FONT = "11px " + '"Roboto Mono", ui-monospace, Menlo, Consolas, monospace';
const AXIS_FONT = "10.5px " + '"Roboto Mono", ui-monospace, Menlo, Consolas, monospace';

interface Geometry {
  left: number;
  top: number;
  colWidth: number;
  rowHeight: number;
  rows: number;
  cols: number;
  width: number;
  /** Height of the canvases: the visible part. */
  height: number;
  /** Height of all rows with the axis: what scrolls. */
  contentHeight: number;
}

export class MatrixHeatmap {
  readonly element: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly view: HTMLElement;
  private readonly spacer: HTMLElement;
  /** Every value as one pixel (columns × rows), built once per data. */
  private cells: HTMLCanvasElement | null = null;
  /** Row height asked for: a number of pixels, or "fit" (every row on screen). */
  private rowHeightChoice: number | "fit" = READABLE_ROW;
  private painting = false;
  private readonly base: HTMLCanvasElement;
  private readonly marks: HTMLCanvasElement;
  private readonly tooltip: HTMLElement;
  private data: HeatmapData | null = null;
  private geometry: Geometry | null = null;
  private selectedLayer: string | null = null;
  private currentStep: number | null = null;
  private hover: { row: number; col: number } | null = null;
  private readonly resizeObserver: ResizeObserver;
  private lastSize = "";

  constructor(private readonly handlers: HeatmapHandlers) {
    this.base = el("canvas", { class: "mv-matrix-canvas" });
    this.marks = el("canvas", {
      class: "mv-matrix-canvas mv-matrix-marks",
      testid: "heatmap-canvas",
      on: {
        mousemove: (event) => this.onMove(event),
        mouseleave: () => this.setHover(null),
        click: (event) => this.onClick(event),
      },
    });
    this.tooltip = el("div", { class: "mv-matrix-tooltip", testid: "heatmap-readout", attrs: { role: "status" } });
    this.tooltip.hidden = true;
    this.view = el("div", { class: "mv-matrix-view" }, this.base, this.marks);
    this.spacer = el("div", { class: "mv-matrix-spacer" });
    this.stage = el("div", { class: "mv-matrix-stage" }, this.view, this.spacer, this.tooltip);
    this.element = el(
      "div",
      { class: "mv-matrix mv-scroll-visible", testid: "heatmap", on: { scroll: () => this.schedulePaint() } },
      this.stage,
    );
    this.resizeObserver = new ResizeObserver(() => {
      const size = `${this.element.clientWidth}x${this.element.clientHeight}`;
      if (size !== this.lastSize && this.data) this.draw();
    });
    this.resizeObserver.observe(this.element);
  }

  setData(data: HeatmapData | null): void {
    this.data = data;
    this.cells = null;
    this.hover = null;
    this.tooltip.hidden = true;
    this.draw();
  }

  /** Zoom: rows of `height` pixels (scrolling), or "fit" to show every row at once. */
  setRowHeight(height: number | "fit"): void {
    this.rowHeightChoice = height === "fit" ? "fit" : Math.max(MIN_ROW, Math.min(MAX_ROW, height));
    this.draw();
  }

  /** The row height in use (after "fit" is resolved), for the zoom buttons. */
  rowHeight(): number {
    return this.geometry?.rowHeight ?? (this.rowHeightChoice === "fit" ? MIN_ROW : this.rowHeightChoice);
  }

  /** Scroll so that `layer`'s row is in view. */
  reveal(layer: string): void {
    const geometry = this.geometry;
    const row = this.data?.layers.findIndex((l) => l.key === layer) ?? -1;
    if (!geometry || row < 0) return;
    const y = row * geometry.rowHeight;
    const room = this.element.clientHeight - geometry.top;
    if (y < this.element.scrollTop || y + geometry.rowHeight > this.element.scrollTop + room) {
      this.element.scrollTop = Math.max(0, y - room / 2);
    }
  }

  setSelection(layer: string | null, step: number | null): void {
    this.selectedLayer = layer;
    this.currentStep = step;
    this.drawMarks();
  }

  /** Repaint everything (after a theme change or becoming visible). */
  redraw(): void {
    this.draw();
  }

  // ---- drawing -------------------------------------------------------------------------

  private draw(): void {
    const data = this.data;
    const width = this.element.clientWidth;
    const available = this.element.clientHeight;
    this.lastSize = `${width}x${available}`;
    if (!data || width <= 0 || available <= 0 || data.layers.length === 0 || data.steps.length === 0) {
      this.geometry = null;
      this.spacer.style.height = "0px";
      sizeCanvas(this.base, 0, 0);
      sizeCanvas(this.marks, 0, 0);
      return;
    }
    const rows = data.layers.length;
    const cols = data.steps.length;
    // Fractional rows fill the height when fitting; scaling the one-pixel cells keeps their edges sharp.
    const fit = Math.max(MIN_ROW, Math.min(MAX_ROW, (available - TOP - 4) / rows));
    const rowHeight = this.rowHeightChoice === "fit" ? fit : Math.max(this.rowHeightChoice, Math.min(fit, MAX_ROW));
    const contentHeight = Math.ceil(TOP + rows * rowHeight + 4);
    const height = Math.min(contentHeight, available);
    const left = Math.min(280, Math.max(120, Math.round(width * 0.28)));
    const colWidth = Math.max(1, (width - left - RIGHT) / cols);
    this.geometry = { left, top: TOP, colWidth, rowHeight, rows, cols, width, height, contentHeight };
    this.view.style.height = `${height}px`;
    this.spacer.style.height = `${contentHeight - height}px`;
    this.element.classList.toggle("is-scrolling", contentHeight > available);
    if (!this.cells) this.cells = cellImage(data);
    this.paint();
  }

  private schedulePaint(): void {
    if (this.painting) return;
    this.painting = true;
    requestAnimationFrame(() => {
      this.painting = false;
      this.paint();
    });
  }

  /** The rows in view, the labels beside them and the step axis above them. */
  private paint(): void {
    const started = performance.now();
    const data = this.data;
    const geometry = this.geometry;
    if (!data || !geometry) return;
    const { left, colWidth, rowHeight, rows, cols, width, height } = geometry;
    const offset = this.offset();
    const context = sizeCanvas(this.base, width, height);
    if (!context) return;
    const colors = themeColors(this.element);
    context.clearRect(0, 0, width, height);
    const first = Math.max(0, Math.floor(offset / rowHeight));
    const last = Math.min(rows, Math.ceil((offset + height - TOP) / rowHeight));
    context.save();
    context.beginPath();
    context.rect(0, TOP, width, height - TOP);
    context.clip();
    const y0 = TOP - offset;
    if (this.cells && last > first) {
      context.fillStyle = colors.empty;
      context.fillRect(left, y0 + first * rowHeight, colWidth * cols, (last - first) * rowHeight);
      context.imageSmoothingEnabled = false;
      context.drawImage(
        this.cells,
        0,
        first,
        cols,
        last - first,
        left,
        y0 + first * rowHeight,
        colWidth * cols,
        (last - first) * rowHeight,
      );
    }
    // Thin gaps between rows and columns once cells are big enough to read one by one.
    context.fillStyle = colors.background;
    if (rowHeight >= 8)
      for (let r = Math.max(first, 1); r < last; r++) context.fillRect(left, y0 + r * rowHeight, colWidth * cols, 1);
    if (colWidth >= 8)
      for (let c = 1; c < cols; c++)
        context.fillRect(left + c * colWidth, TOP, 1, Math.min(rows * rowHeight - offset, height - TOP));

    // Layer names, indented by depth, each centred on its row; every k-th when rows are too thin for all.
    context.font = LABEL_FONT;
    context.textBaseline = "middle";
    const every = Math.max(1, Math.ceil(11 / rowHeight));
    context.fillStyle = colors.text;
    for (let r = first - (first % every); r < last; r += every) {
      const layer = data.layers[r];
      const indent = Math.min(layer.depth ?? 0, 6) * 8;
      const text = fit(context, labelOf(layer), left - 10 - indent);
      context.fillText(text, 4 + indent, y0 + (r + 0.5) * rowHeight);
    }
    context.restore();

    // Step axis: about one label per 70 pixels, above the rows whatever the scroll.
    context.font = AXIS_FONT;
    context.fillStyle = colors.muted;
    context.textBaseline = "alphabetic";
    const labelEvery = Math.max(1, Math.ceil(70 / colWidth));
    for (let c = 0; c < cols; c += labelEvery) {
      const x = left + (c + 0.5) * colWidth;
      context.textAlign = c === 0 ? "left" : "center";
      context.fillText(String(data.steps[c]), c === 0 ? left : x, TOP - 9);
      context.fillRect(Math.round(x), TOP - 5, 1, 4);
    }
    context.textAlign = "left";

    this.element.dataset.renderMs = (performance.now() - started).toFixed(2);
    this.element.dataset.geometry = JSON.stringify({ left, top: TOP, colWidth, rowHeight, rows, cols, offset });
    this.drawMarks();
  }

  /** How far the rows are scrolled (the canvases stay put in the view). */
  private offset(): number {
    const geometry = this.geometry;
    if (!geometry) return 0;
    return Math.max(0, Math.min(this.element.scrollTop, geometry.contentHeight - geometry.height));
  }

  private drawMarks(): void {
    const geometry = this.geometry;
    const data = this.data;
    if (!geometry || !data) return;
    const { left, colWidth, rowHeight, rows, cols, width, height } = geometry;
    const context = sizeCanvas(this.marks, width, height);
    if (!context) return;
    const colors = themeColors(this.element);
    context.clearRect(0, 0, width, height);
    const offset = this.offset();
    // Rows scroll: `top` is where row 0 would be drawn; marks outside the view are clipped.
    const top = TOP - offset;
    const visibleRows = Math.min(rows * rowHeight - offset, height - TOP);
    const col = this.currentStep === null ? -1 : data.steps.indexOf(this.currentStep);
    if (col >= 0) {
      // The current step: a marker on the axis and a frame around its column.
      const x = left + col * colWidth;
      context.strokeStyle = colors.accent;
      context.lineWidth = 1.5;
      context.strokeRect(x + 0.5, TOP - 0.5, Math.max(colWidth - 1, 1), visibleRows + 1);
      context.fillStyle = colors.accent;
      context.beginPath();
      context.moveTo(x + colWidth / 2 - 5, TOP - 8);
      context.lineTo(x + colWidth / 2 + 5, TOP - 8);
      context.lineTo(x + colWidth / 2, TOP - 2);
      context.fill();
    }
    const row = this.selectedLayer === null ? -1 : data.layers.findIndex((l) => l.key === this.selectedLayer);
    context.save();
    context.beginPath();
    context.rect(0, TOP - 1, width, height - TOP + 1);
    context.clip();
    if (row >= 0) {
      const y = top + row * rowHeight;
      context.fillStyle = colors.selectBand;
      context.fillRect(0, y, left - 2, rowHeight);
      context.strokeStyle = colors.accent;
      context.lineWidth = 1.5;
      context.strokeRect(left - 0.5, y - 0.5, cols * colWidth + 1, rowHeight + 1);
      if (rowHeight < 10) {
        // The selected row's name even when its neighbours' are left out.
        context.font = LABEL_FONT;
        context.textBaseline = "middle";
        const label = fit(context, labelOf(data.layers[row]), left - 10);
        const textWidth = context.measureText(label).width;
        const ty = Math.min(Math.max(y + rowHeight / 2, TOP + 7), TOP + visibleRows - 7);
        context.fillStyle = colors.background;
        context.fillRect(2, ty - 7, textWidth + 6, 14);
        context.fillStyle = colors.accent;
        context.fillText(label, 5, ty);
      }
    }
    if (this.hover) {
      context.strokeStyle = colors.text;
      context.lineWidth = 1;
      context.strokeRect(
        left + this.hover.col * colWidth + 0.5,
        top + this.hover.row * rowHeight + 0.5,
        Math.max(colWidth - 1, 1),
        Math.max(rowHeight - 1, 1),
      );
    }
    context.restore();
  }

  // ---- interaction -----------------------------------------------------------------------

  private cellAt(event: MouseEvent): { row: number; col: number } | null {
    const geometry = this.geometry;
    if (!geometry) return null;
    const box = this.marks.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    const col = Math.floor((x - geometry.left) / geometry.colWidth);
    if (y < geometry.top) return null; // the step axis
    const row = Math.floor((y - geometry.top + this.offset()) / geometry.rowHeight);
    // Clicking a name picks that layer at the current step's column (or the last).
    if (x < geometry.left && row >= 0 && row < geometry.rows) {
      const current = this.data && this.currentStep !== null ? this.data.steps.indexOf(this.currentStep) : -1;
      return { row, col: current >= 0 ? current : geometry.cols - 1 };
    }
    if (col < 0 || col >= geometry.cols || row < 0 || row >= geometry.rows) return null;
    return { row, col };
  }

  private onMove(event: MouseEvent): void {
    this.setHover(this.cellAt(event), event);
  }

  private setHover(cell: { row: number; col: number } | null, event?: MouseEvent): void {
    const same = cell && this.hover && cell.row === this.hover.row && cell.col === this.hover.col;
    this.hover = cell;
    if (!same) this.drawMarks();
    const data = this.data;
    if (!cell || !data || !event) {
      this.tooltip.hidden = true;
      return;
    }
    const layer = data.layers[cell.row];
    const value = data.values[cell.row][cell.col];
    this.tooltip.replaceChildren(
      el("div", { class: "mv-mono mv-matrix-tooltip-name" }, labelOf(layer)),
      el("div", { class: "mv-muted" }, `${layer.type ?? "?"} · step ${data.steps[cell.col]}`),
      el("div", { class: "mv-matrix-tooltip-value" }, value === null ? "no value" : data.format(value)),
    );
    this.tooltip.hidden = false;
    const box = this.stage.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    const flip = x > box.width - 220;
    this.tooltip.style.left = flip ? "" : `${x + 14}px`;
    this.tooltip.style.right = flip ? `${box.width - x + 14}px` : "";
    this.tooltip.style.top = `${y + 14}px`;
  }

  private onClick(event: MouseEvent): void {
    const cell = this.cellAt(event);
    if (!cell || !this.data) return;
    this.handlers.onPick(this.data.layers[cell.row].key, this.data.steps[cell.col]);
  }
}

/** Every value of `data` as one pixel: a columns × rows image on the scale's colour map. */
function cellImage(data: HeatmapData): HTMLCanvasElement {
  const rows = data.layers.length;
  const cols = data.steps.length;
  const cells = document.createElement("canvas");
  cells.width = cols;
  cells.height = rows;
  const cellContext = cells.getContext("2d");
  if (!cellContext) return cells;
  const image = cellContext.createImageData(cols, rows);
  const pixels = image.data;
  const table = colormapTable(data.scale.colormap);
  const zero = [1, 3, 5].map((i) => parseInt(ZERO_COLOR.slice(i, i + 2), 16));
  for (let r = 0; r < rows; r++) {
    const row = data.values[r];
    for (let c = 0; c < cols; c++) {
      const v = row[c];
      if (v === null || v === undefined || !Number.isFinite(v)) continue; // transparent: no value
      const t = data.scale.position(v);
      const i = (r * cols + c) * 4;
      if (Number.isNaN(t)) {
        [pixels[i], pixels[i + 1], pixels[i + 2]] = zero; // exactly 0 on a log scale
      } else {
        const k = Math.round(t * 255) * 3;
        pixels[i] = table[k];
        pixels[i + 1] = table[k + 1];
        pixels[i + 2] = table[k + 2];
      }
      pixels[i + 3] = 255;
    }
  }
  cellContext.putImageData(image, 0, 0);
  return cells;
}

function labelOf(layer: LayerRef): string {
  return layerLabel(layer);
}

/** Size a canvas for the device's pixel ratio; returns its context scaled to CSS pixels. */
function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(width * ratio));
  canvas.height = Math.max(1, Math.round(height * ratio));
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const context = canvas.getContext("2d");
  context?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return context;
}

/** `text` cut with an ellipsis to `room` pixels in the context's font. */
function fit(context: CanvasRenderingContext2D, text: string, room: number): string {
  if (context.measureText(text).width <= room) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (context.measureText("…" + text.slice(text.length - mid)).width <= room) lo = mid;
    else hi = mid - 1;
  }
  // Keep the end of a qualified name ("…layer4.2.conv3"): the leaf is what tells rows apart.
  return "…" + text.slice(text.length - lo);
}

interface ThemeColors {
  background: string;
  empty: string;
  text: string;
  muted: string;
  accent: string;
  selectBand: string;
}

function themeColors(element: HTMLElement): ThemeColors {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    background: read("--mv-bg", "#ffffff"),
    empty: read("--mv-panel-2", "#eef0f3"),
    text: read("--mv-text", "#1f2328"),
    muted: read("--mv-muted", "#667085"),
    accent: read("--mv-accent", "#f57c00"),
    selectBand: read("--mv-select", "rgba(245, 124, 0, 0.16)"),
  };
}
