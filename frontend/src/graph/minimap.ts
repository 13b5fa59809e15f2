/**
 * The minimap: the whole drawing in miniature in a corner of the view, with a rectangle
 * for the part on screen; click or drag on it to move there. The drawing is painted on a
 * canvas once per layout; following the pan only moves the rectangle (a CSS change), so it
 * costs nothing while panning. Shown only while the drawing does not fit the view.
 */
import type { Rect } from "./render";
import type { Theme } from "./theme";
import type { Transform } from "./viewport";

const WIDTH = 180;
const HEIGHT = 130;

export interface MinimapBox {
  rect: Rect;
  frame: boolean;
}

export class Minimap {
  readonly element: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly window: HTMLDivElement;
  private bounds = { width: 0, height: 0 };
  /** Graph units to minimap pixels, and the drawing's offset inside the minimap. */
  private scale = 1;
  private offset = { x: 0, y: 0 };
  private dragging: number | null = null;

  constructor(private readonly centreOn: (x: number, y: number) => void) {
    this.element = document.createElement("div");
    this.element.setAttribute("data-testid", "graph-minimap");
    this.element.setAttribute("aria-hidden", "true");
    this.element.className = "mv-graph-minimap";
    Object.assign(this.element.style, { width: `${WIDTH}px`, height: `${HEIGHT}px`, display: "none" });
    this.canvas = document.createElement("canvas");
    const ratio = Math.min(2, globalThis.devicePixelRatio || 1);
    this.canvas.width = WIDTH * ratio;
    this.canvas.height = HEIGHT * ratio;
    Object.assign(this.canvas.style, { width: `${WIDTH}px`, height: `${HEIGHT}px` });
    this.window = document.createElement("div");
    this.window.setAttribute("data-testid", "graph-minimap-window");
    this.window.className = "mv-graph-minimap-window";
    this.element.append(this.canvas, this.window);
    this.element.addEventListener("pointerdown", (event) => {
      this.dragging = event.pointerId;
      this.element.setPointerCapture(event.pointerId);
      this.moveTo(event);
      event.stopPropagation();
    });
    this.element.addEventListener("pointermove", (event) => {
      if (this.dragging === event.pointerId) this.moveTo(event);
    });
    const stop = (event: PointerEvent): void => {
      if (this.dragging !== event.pointerId) return;
      this.dragging = null;
      if (this.element.hasPointerCapture(event.pointerId)) this.element.releasePointerCapture(event.pointerId);
    };
    this.element.addEventListener("pointerup", stop);
    this.element.addEventListener("pointercancel", stop);
    this.element.addEventListener("wheel", (event) => event.stopPropagation());
  }

  /** Paints the drawing: frames as outlines, boxes filled (the canvas takes the theme's colours as values; the box around it is styled by CSS). */
  draw(boxes: Iterable<MinimapBox>, bounds: { width: number; height: number }, theme: Theme): void {
    this.bounds = bounds;
    const context = this.canvas.getContext("2d");
    if (context === null || bounds.width <= 0 || bounds.height <= 0) return;
    const pad = 4;
    this.scale = Math.min((WIDTH - 2 * pad) / bounds.width, (HEIGHT - 2 * pad) / bounds.height);
    this.offset = { x: (WIDTH - bounds.width * this.scale) / 2, y: (HEIGHT - bounds.height * this.scale) / 2 };
    const ratio = this.canvas.width / WIDTH;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, WIDTH, HEIGHT);
    context.lineWidth = 0.6;
    for (const { rect, frame } of boxes) {
      const x = this.offset.x + rect.x * this.scale;
      const y = this.offset.y + rect.y * this.scale;
      const w = Math.max(0.8, rect.width * this.scale);
      const h = Math.max(0.8, rect.height * this.scale);
      if (frame) {
        context.strokeStyle = theme.frameStroke;
        context.strokeRect(x, y, w, h);
      } else {
        context.fillStyle = theme.moduleStroke;
        context.fillRect(x, y, w, h);
      }
    }
  }

  /** Moves the on-screen rectangle; shows the minimap only while the drawing overflows the view. */
  follow(transform: Transform, view: { width: number; height: number }): void {
    const { width, height } = this.bounds;
    const overflows = width * transform.k > view.width + 1 || height * transform.k > view.height + 1;
    this.element.style.display = overflows && width > 0 && view.width > 2 * WIDTH ? "block" : "none";
    if (!overflows) return;
    const x = this.offset.x + (-transform.x / transform.k) * this.scale;
    const y = this.offset.y + (-transform.y / transform.k) * this.scale;
    Object.assign(this.window.style, {
      transform: `translate(${x}px, ${y}px)`,
      width: `${(view.width / transform.k) * this.scale}px`,
      height: `${(view.height / transform.k) * this.scale}px`,
    });
  }

  private moveTo(event: PointerEvent): void {
    const box = this.element.getBoundingClientRect();
    const x = (event.clientX - box.left - this.offset.x) / this.scale;
    const y = (event.clientY - box.top - this.offset.y) / this.scale;
    this.centreOn(x, y);
  }
}
