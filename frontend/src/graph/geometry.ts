/** Sizes and fonts shared by the layout request (box sizes) and the SVG drawing. */

export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';
export const MONO_FAMILY = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace';

export const METRICS = {
  titleSize: 12,
  subtitleSize: 10,
  opSize: 11,
  edgeLabelSize: 10,
  padX: 10,
  /** Room for the open/close button at the right of a group box. */
  toggleSpace: 22,
  toggleRadius: 7,
  moduleHeight: 38,
  opHeight: 24,
  ioHeight: 34,
  frameHeader: 26,
  /** Each further line of a wrapped group header. */
  headerLine: 15,
  /** A group header wider than this wraps onto more lines (the frame is at least as wide as its header). */
  maxHeaderWidth: 420,
  framePad: 12,
  minBoxWidth: 48,
  /** Longer names are cut with an ellipsis (the tooltip and side panel show them whole). */
  maxTextWidth: 240,
} as const;

/** Width in pixels of `text` at `size` px (bold or not), in FONT_FAMILY or MONO_FAMILY. */
export type MeasureText = (text: string, size: number, options?: { bold?: boolean; mono?: boolean }) => number;

/** Measures with a canvas when there is one, else estimates (unit tests, odd hosts). */
export function createTextMeasurer(): MeasureText {
  const cache = new Map<string, number>();
  let context: CanvasRenderingContext2D | null = null;
  try {
    context = typeof document !== "undefined" ? document.createElement("canvas").getContext("2d") : null;
  } catch {
    context = null;
  }
  return (text, size, options = {}) => {
    const key = `${size}|${options.bold ? 1 : 0}|${options.mono ? 1 : 0}|${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      if (context !== null) {
        context.font = `${options.bold ? "600 " : ""}${size}px ${options.mono ? MONO_FAMILY : FONT_FAMILY}`;
        width = context.measureText(text).width;
      } else {
        width = text.length * size * (options.mono ? 0.62 : 0.58);
      }
      cache.set(key, width);
    }
    return width;
  };
}
