/** Drawing quantized activation planes onto canvases through a colour map. */

import { colormapTable, type ColormapName } from "./colormap";
import type { Sample } from "./sample";

/** The value range that maps to the two ends of the colour map. */
export interface ValueScale {
  lo: number;
  hi: number;
}

/** Make a scale symmetric around zero (for the diverging map). */
export function symmetric(scale: ValueScale): ValueScale {
  const m = Math.max(Math.abs(scale.lo), Math.abs(scale.hi)) || 1;
  return { lo: -m, hi: m };
}

/**
 * Paint a width×height plane of `sample.values` starting at `offset`, whose stored
 * range is [lo, hi], with `scale` mapped onto the colour map.
 */
export function drawPlane(
  canvas: HTMLCanvasElement,
  values: Uint8Array,
  offset: number,
  width: number,
  height: number,
  range: ValueScale,
  scale: ValueScale,
  colormap: ColormapName,
): void {
  canvas.width = Math.max(1, width);
  canvas.height = Math.max(1, height);
  const context = canvas.getContext("2d");
  if (!context || width === 0 || height === 0) return;
  const table = colormapTable(colormap);
  // One colour per quantized level: 256 lookups instead of one per pixel.
  const span = scale.hi - scale.lo || 1;
  const levels = new Uint8Array(256);
  for (let q = 0; q < 256; q++) {
    const value = range.lo + (q / 255) * (range.hi - range.lo);
    const t = (value - scale.lo) / span;
    levels[q] = Math.max(0, Math.min(255, Math.round(t * 255)));
  }
  const image = context.createImageData(width, height);
  const pixels = image.data;
  for (let i = 0; i < width * height; i++) {
    const c = levels[values[offset + i]] * 3;
    pixels[i * 4] = table[c];
    pixels[i * 4 + 1] = table[c + 1];
    pixels[i * 4 + 2] = table[c + 2];
    pixels[i * 4 + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

/** Geometry of one batch item of a sample: planes of width×height, `planes` of them. */
export function planeGeometry(sample: Sample): { planes: number; width: number; height: number } {
  const s = sample.shape;
  if (sample.layout === "chw") return { planes: s[1], height: s[2], width: s[3] };
  if (sample.layout === "tf") return { planes: 1, height: s[1], width: s[2] };
  return { planes: 1, height: 1, width: s[1] };
}

/** Offset of plane `plane` of batch item `item` in `sample.values`. */
export function planeOffset(sample: Sample, item: number, plane: number): number {
  const { planes, width, height } = planeGeometry(sample);
  return (item * planes + plane) * width * height;
}

/**
 * A small picture of a sample for the graph's side panel: for conv outputs a mosaic of
 * up to 16 channels of the first batch item, each scaled to its own range; for
 * sequences the token×feature map; for vectors a strip. The canvas is drawn at the
 * sample's resolution and stretched to the panel's width.
 */
export function drawThumbnail(canvas: HTMLCanvasElement, sample: Sample, colormap: ColormapName = "viridis"): void {
  const { planes, width, height } = planeGeometry(sample);
  canvas.style.width = "100%";
  canvas.style.height = "auto";
  canvas.style.imageRendering = "pixelated";
  if (sample.shape[0] === 0 || planes === 0 || width === 0 || height === 0) {
    throw new Error("the sample is empty");
  }
  if (sample.layout === "vec") {
    // Repeat the single row so the strip is visible.
    const rows = Math.max(1, Math.round(width / 12));
    const strip = document.createElement("canvas");
    const range = { lo: sample.lo[0][0], hi: sample.hi[0][0] };
    drawPlane(strip, sample.values, 0, width, 1, range, range, colormap);
    canvas.width = width;
    canvas.height = rows;
    const context = canvas.getContext("2d");
    if (!context) return;
    context.imageSmoothingEnabled = false;
    context.drawImage(strip, 0, 0, width, rows);
    return;
  }
  const shown = Math.min(planes, 16);
  const columns = Math.ceil(Math.sqrt(shown));
  const rows = Math.ceil(shown / columns);
  const gap = Math.max(1, Math.round(Math.max(width, height) / 16));
  canvas.width = columns * width + (columns - 1) * gap;
  canvas.height = rows * height + (rows - 1) * gap;
  const context = canvas.getContext("2d");
  if (!context) return;
  const tile = document.createElement("canvas");
  for (let c = 0; c < shown; c++) {
    const range = { lo: sample.lo[0][c], hi: sample.hi[0][c] };
    drawPlane(tile, sample.values, planeOffset(sample, 0, c), width, height, range, range, colormap);
    context.drawImage(tile, (c % columns) * (width + gap), Math.floor(c / columns) * (height + gap));
  }
}
