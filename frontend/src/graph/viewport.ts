/**
 * Pan and zoom of the SVG drawing: the wheel zooms around the pointer, dragging pans. A drag
 * swallows the click that ends it, so panning over a node does not select it.
 */
import type { Rect } from "./render";

export interface Transform {
  x: number;
  y: number;
  k: number;
}

const MIN_SCALE = 0.005;
const MAX_SCALE = 4;
const DRAG_THRESHOLD = 4;
/** The view's own buttons sit over the drawing's top: a fitted drawing starts below them. */
const TOP_INSET = 30;

export class Viewport {
  private transform: Transform = { x: 0, y: 0, k: 1 };
  private drag: { pointerId: number; startX: number; startY: number; origin: Transform; moving: boolean } | null = null;
  private swallowClick = false;
  private readonly listeners: [string, EventListener, AddEventListenerOptions?][] = [];
  /** Called after every change of the transform (minimap, level of detail). */
  onChange: ((transform: Transform) => void) | null = null;

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly target: SVGGElement,
  ) {
    this.listen("wheel", (event) => this.onWheel(event as WheelEvent), { passive: false });
    this.listen("pointerdown", (event) => this.onPointerDown(event as PointerEvent));
    this.listen("pointermove", (event) => this.onPointerMove(event as PointerEvent));
    this.listen("pointerup", (event) => this.onPointerUp(event as PointerEvent));
    this.listen("pointercancel", (event) => this.onPointerUp(event as PointerEvent));
    // Capture phase: runs before the view's own click handling.
    this.listen(
      "click",
      (event) => {
        if (this.swallowClick) {
          event.stopPropagation();
          event.preventDefault();
          this.swallowClick = false;
        }
      },
      { capture: true },
    );
  }

  get current(): Transform {
    return { ...this.transform };
  }

  set(transform: Transform): void {
    this.transform = { ...transform, k: clamp(transform.k, MIN_SCALE, MAX_SCALE) };
    this.target.setAttribute(
      "transform",
      `translate(${this.transform.x},${this.transform.y}) scale(${this.transform.k})`,
    );
    this.onChange?.(this.current);
  }

  /** Centres graph point (x, y) in the view, at the current scale (minimap clicks). */
  centreOn(x: number, y: number): void {
    const { width, height } = this.size();
    this.pin(x, y, { x: width / 2, y: height / 2 });
  }

  /** The visible area's size in screen pixels. */
  viewSize(): { width: number; height: number } {
    return this.size();
  }

  /** Scales and centres `bounds` (graph coordinates) in the visible area; never zooms above 1.5. */
  fit(bounds: Rect, margin = 16): void {
    const { width, height } = this.size();
    const room = height - TOP_INSET;
    if (width <= 0 || room <= 0 || bounds.width <= 0 || bounds.height <= 0) return;
    const k = Math.min((width - 2 * margin) / bounds.width, (room - 2 * margin) / bounds.height, 1.5);
    this.set({
      k,
      x: (width - bounds.width * k) / 2 - bounds.x * k,
      y: TOP_INSET + (room - bounds.height * k) / 2 - bounds.y * k,
    });
  }

  /**
   * First view of a graph: the whole of it when its boxes' names can be read at that scale
   * (`readable`: the overview level of detail draws them larger below 0.55); else a
   * readable scale (fitting the width when possible) showing its top, where the inputs are.
   */
  overview(bounds: Rect, readable = 0.3, margin = 16): void {
    const { width, height } = this.size();
    if (width <= 0 || height <= 0 || bounds.width <= 0 || bounds.height <= 0) return;
    const whole = Math.min((width - 2 * margin) / bounds.width, (height - TOP_INSET - 2 * margin) / bounds.height, 1.5);
    if (whole >= readable) {
      this.fit(bounds, margin);
      return;
    }
    const k = Math.max(whole, Math.min(readable, (width - 2 * margin) / bounds.width));
    this.set({ k, x: (width - bounds.width * k) / 2 - bounds.x * k, y: TOP_INSET + margin - bounds.y * k });
  }

  /** Pans so `rect` is in view, centring it if any part of it is outside. */
  ensureVisible(rect: Rect): void {
    const { width, height } = this.size();
    const { x, y, k } = this.transform;
    const left = rect.x * k + x;
    const top = rect.y * k + y;
    if (left >= 0 && top >= 0 && left + rect.width * k <= width && top + rect.height * k <= height) return;
    this.set({ k, x: width / 2 - (rect.x + rect.width / 2) * k, y: height / 2 - (rect.y + rect.height / 2) * k });
  }

  /** Screen position (relative to the SVG) of a graph point. */
  toScreen(x: number, y: number): { x: number; y: number } {
    return { x: x * this.transform.k + this.transform.x, y: y * this.transform.k + this.transform.y };
  }

  /** Moves the drawing so that graph point (x, y) shows at screen point `screen`. */
  pin(x: number, y: number, screen: { x: number; y: number }): void {
    const { k } = this.transform;
    this.set({ k, x: screen.x - x * k, y: screen.y - y * k });
  }

  zoomBy(factor: number, center?: { x: number; y: number }): void {
    const { width, height } = this.size();
    const c = center ?? { x: width / 2, y: height / 2 };
    const { x, y, k } = this.transform;
    const next = clamp(k * factor, MIN_SCALE, MAX_SCALE);
    this.set({ k: next, x: c.x - ((c.x - x) * next) / k, y: c.y - ((c.y - y) * next) / k });
  }

  destroy(): void {
    for (const [type, listener, options] of this.listeners) this.svg.removeEventListener(type, listener, options);
  }

  private size(): { width: number; height: number } {
    const box = this.svg.getBoundingClientRect();
    return { width: box.width, height: box.height };
  }

  private listen(type: string, listener: EventListener, options?: AddEventListenerOptions): void {
    this.svg.addEventListener(type, listener, options);
    this.listeners.push([type, listener, options]);
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1;
    const box = this.svg.getBoundingClientRect();
    this.zoomBy(Math.exp(-event.deltaY * unit * 0.0015), { x: event.clientX - box.left, y: event.clientY - box.top });
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0 || this.drag !== null) return;
    this.swallowClick = false;
    this.drag = {
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      origin: this.current,
      moving: false,
    };
  }

  private onPointerMove(event: PointerEvent): void {
    const drag = this.drag;
    if (drag === null || drag.pointerId !== event.pointerId) return;
    const dx = event.clientX - drag.startX;
    const dy = event.clientY - drag.startY;
    if (!drag.moving) {
      if (Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      drag.moving = true;
      // Capture only once it is a drag: capturing earlier would retarget a plain click.
      this.svg.setPointerCapture(event.pointerId);
      this.svg.style.cursor = "grabbing";
    }
    this.set({ ...drag.origin, x: drag.origin.x + dx, y: drag.origin.y + dy });
  }

  private onPointerUp(event: PointerEvent): void {
    const drag = this.drag;
    if (drag === null || drag.pointerId !== event.pointerId) return;
    this.drag = null;
    if (drag.moving) {
      this.swallowClick = true;
      this.svg.style.cursor = "";
      if (this.svg.hasPointerCapture(event.pointerId)) this.svg.releasePointerCapture(event.pointerId);
    }
  }
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}
