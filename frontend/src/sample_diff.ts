/**
 * One layer's activation samples at two steps (or in two runs) side by side and as a
 * difference: A and B on the same colour scale (per channel for conv outputs, so each
 * channel keeps its contrast), B − A on a diverging map centred on zero. Only the first
 * batch item is shown; conv outputs as a mosaic of up to 16 channels.
 */

import { colormapTable, type ColormapName } from "./colormap";
import { el } from "./dom";
import { formatShape, formatValue } from "./format";
import { planeGeometry, planeOffset } from "./heatmap";
import { colorLegend } from "./legend";
import type { Sample } from "./sample";
import { divergingScale, linearScale, type ValueScale } from "./statistics";

const MAX_PLANES = 16;

interface Plane {
  a: Float32Array;
  b: Float32Array;
  diff: Float32Array;
  lo: number;
  hi: number;
  span: number;
}

function dequantized(sample: Sample, plane: number, channel: number, size: number): Float32Array {
  const offset = planeOffset(sample, 0, plane);
  const lo = sample.lo[0][channel];
  const hi = sample.hi[0][channel];
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = lo + (sample.values[offset + i] / 255) * (hi - lo);
  return out;
}

/** Why two samples cannot be subtracted, or null when they can. */
export function mismatch(a: Sample, b: Sample): string | null {
  if (a.layout !== b.layout) return `A is stored as ${a.layout} and B as ${b.layout}`;
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => i > 0 && d !== b.shape[i])) {
    const sourceA = a.sourceShape.slice(1);
    const sourceB = b.sourceShape.slice(1);
    if (sourceA.length !== sourceB.length || sourceA.some((d, i) => d !== sourceB[i])) {
      // Two runs of models of different widths: no budget could make these line up.
      return `the layer's output is ${formatShape(sourceA)} at A and ${formatShape(sourceB)} at B: outputs of different shapes cannot be subtracted`;
    }
    return `A was stored at ${formatShape(a.shape.slice(1))} and B at ${formatShape(b.shape.slice(1))} (the byte budget downsampled them differently)`;
  }
  if (a.shape[0] === 0 || b.shape[0] === 0) return "one of the samples is empty";
  return null;
}

function planesOf(a: Sample, b: Sample): Plane[] {
  const { planes, width, height } = planeGeometry(a);
  const size = width * height;
  const result: Plane[] = [];
  for (let p = 0; p < Math.min(planes, MAX_PLANES); p++) {
    const channel = a.layout === "chw" ? p : 0;
    const va = dequantized(a, p, channel, size);
    const vb = dequantized(b, p, channel, size);
    const diff = new Float32Array(size);
    let span = 0;
    for (let i = 0; i < size; i++) {
      diff[i] = vb[i] - va[i];
      span = Math.max(span, Math.abs(diff[i]));
    }
    const lo = Math.min(a.lo[0][channel], b.lo[0][channel]);
    const hi = Math.max(a.hi[0][channel], b.hi[0][channel]);
    result.push({ a: va, b: vb, diff, lo, hi, span });
  }
  return result;
}

/** Paint planes as a mosaic onto a canvas at the sample's resolution (CSS stretches it). */
function mosaic(
  testid: string,
  planes: Plane[],
  width: number,
  height: number,
  pick: (plane: Plane) => Float32Array,
  scaleOf: (plane: Plane) => ValueScale,
  colormap: ColormapName,
): HTMLCanvasElement {
  const canvas = el("canvas", { class: "mv-compare-canvas", testid });
  const rows1d = height === 1 ? Math.max(1, Math.round(width / 12)) : height; // a vector: a strip
  const columns = Math.ceil(Math.sqrt(planes.length));
  const rows = Math.ceil(planes.length / columns);
  const gap = planes.length > 1 ? Math.max(1, Math.round(Math.max(width, rows1d) / 16)) : 0;
  canvas.width = columns * width + (columns - 1) * gap;
  canvas.height = rows * rows1d + (rows - 1) * gap;
  const context = canvas.getContext("2d");
  if (!context) return canvas;
  const table = colormapTable(colormap);
  planes.forEach((plane, index) => {
    const values = pick(plane);
    const scale = scaleOf(plane);
    const image = context.createImageData(width, rows1d);
    for (let y = 0; y < rows1d; y++) {
      for (let x = 0; x < width; x++) {
        const v = values[(height === 1 ? 0 : y) * width + x];
        const k = Math.round(scale.position(v) * 255) * 3;
        const i = (y * width + x) * 4;
        image.data[i] = table[k];
        image.data[i + 1] = table[k + 1];
        image.data[i + 2] = table[k + 2];
        image.data[i + 3] = 255;
      }
    }
    context.putImageData(image, (index % columns) * (width + gap), Math.floor(index / columns) * (rows1d + gap));
  });
  return canvas;
}

function figure(caption: string, canvas: HTMLCanvasElement, legend: HTMLElement | null): HTMLElement {
  return el("figure", { class: "mv-compare-figure" }, el("figcaption", {}, caption), canvas, legend);
}

/** A, B and B − A of one layer; `labels` name the two sides ("step 0", "run x · step 5"). */
export function sampleComparison(a: Sample, b: Sample, labels: [string, string]): HTMLElement {
  const problem = mismatch(a, b);
  const { planes: planeCount, width, height } = planeGeometry(a);
  if (problem) {
    return el("p", { class: "mv-muted", testid: "compare-sample-mismatch" }, `No difference map: ${problem}.`);
  }
  const planes = planesOf(a, b);
  const shared = (plane: Plane) => linearScale(plane.lo, plane.hi);
  const diverging = (plane: Plane) => divergingScale(plane.span);
  const single = planes.length === 1;
  const legendAB = single ? colorLegend(shared(planes[0]), { format: formatValue }) : null;
  const legendDiff = single ? colorLegend(diverging(planes[0]), { format: formatValue }) : null;
  const shown =
    planeCount > planes.length
      ? `first ${planes.length} of ${planeCount} channels`
      : planeCount > 1
        ? `${planeCount} channels`
        : "";
  return el(
    "div",
    { class: "mv-compare-samples" },
    el(
      "div",
      { class: "mv-compare-figures" },
      figure(
        `A · ${labels[0]}`,
        mosaic("compare-sample-a", planes, width, height, (p) => p.a, shared, "viridis"),
        legendAB,
      ),
      figure(
        `B · ${labels[1]}`,
        mosaic("compare-sample-b", planes, width, height, (p) => p.b, shared, "viridis"),
        legendAB ? (legendAB.cloneNode(true) as HTMLElement) : null,
      ),
      figure(
        "B − A",
        mosaic("compare-sample-diff", planes, width, height, (p) => p.diff, diverging, "diverging"),
        legendDiff,
      ),
    ),
    el(
      "p",
      { class: "mv-muted mv-compare-note" },
      [
        "First batch item",
        shown,
        single ? "" : "each channel on its own scale, shared by A and B; B − A blue where B is lower, red where higher",
        "A and B are outputs for the inputs logged at their own steps, so B − A shows a change of input as well as of the model unless the same batch was logged",
      ]
        .filter(Boolean)
        .join("; ") + ".",
    ),
  );
}
