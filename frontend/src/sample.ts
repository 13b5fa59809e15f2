/**
 * Decoding of activation samples (the `activation` route): uint8 values with a linear
 * range per channel (`chw`) or per batch item (`tf`, `vec`), value = lo + q/255*(hi-lo).
 */

import type { SampleLayout, SampleResponse, Shape } from "./types";

export interface Sample {
  key: string;
  layout: SampleLayout;
  /** [n, C, H, W] for chw, [n, T, F] for tf, [n, F] for vec. */
  shape: Shape;
  sourceShape: Shape;
  /** lo[i][c]: one range per channel for chw, a single range (c = 0) otherwise. */
  lo: number[][];
  hi: number[][];
  values: Uint8Array;
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function ranges(raw: unknown, n: number, channels: number, what: string): number[][] {
  const asNumber = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  if (!Array.isArray(raw) || raw.length !== n)
    throw new Error(`activation sample: "${what}" does not have ${n} entries`);
  return raw.map((item) => {
    if (Array.isArray(item)) {
      if (item.length !== channels) throw new Error(`activation sample: "${what}" does not have ${channels} channels`);
      return item.map(asNumber);
    }
    return [asNumber(item)];
  });
}

const RANK: Record<SampleLayout, number> = { chw: 4, tf: 3, vec: 2 };

export function decodeSample(response: SampleResponse): Sample {
  const { layout, shape } = response;
  if (!(layout in RANK)) throw new Error(`activation sample: unknown layout "${String(layout)}"`);
  if (!Array.isArray(shape) || shape.length !== RANK[layout] || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`activation sample: shape ${JSON.stringify(shape)} does not fit layout ${layout}`);
  }
  const values = decodeBase64(response.data);
  const count = shape.reduce((a, b) => a * b, 1);
  if (values.length !== count)
    throw new Error(`activation sample: ${values.length} values for shape [${shape.join(", ")}]`);
  const n = shape[0];
  const channels = layout === "chw" ? shape[1] : 1;
  return {
    key: response.key,
    layout,
    shape,
    sourceShape: Array.isArray(response.source_shape) ? response.source_shape : shape,
    lo: ranges(response.lo, n, channels, "lo"),
    hi: ranges(response.hi, n, channels, "hi"),
    values,
  };
}

/** The value of quantized `q` in a channel whose range is [lo, hi]. */
export function dequantize(q: number, lo: number, hi: number): number {
  return lo + (q / 255) * (hi - lo);
}
