/** Human-readable numbers: counts, FLOPs, bytes, shapes and statistics. */

import type { Shape } from "./types";

const SI = ["", "k", "M", "G", "T", "P", "E"];

function scaled(value: number, base: number, units: string[]): [string, string] {
  let i = 0;
  let v = Math.abs(value);
  while (v >= base && i < units.length - 1) {
    v /= base;
    i++;
  }
  const digits = i === 0 ? 0 : v < 10 ? 2 : v < 100 ? 1 : 0;
  const text = (value < 0 ? "-" : "") + v.toFixed(digits).replace(/\.0+$/, "");
  return [text, units[i]];
}

/** 1234567 -> "1.23 M" (parameters, elements). */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  const [text, unit] = scaled(value, 1000, SI);
  return unit ? `${text} ${unit}` : text;
}

/** 3.4e9 -> "3.4 GFLOPs". */
export function formatFlops(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (value === 0) return "0";
  const [text, unit] = scaled(value, 1000, SI);
  return `${text} ${unit}FLOPs`;
}

/** 12288 -> "12 KiB". */
export function formatBytes(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  const [text, unit] = scaled(value, 1024, ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]);
  return `${text} ${unit}`;
}

/** Exact integer with thin grouping, for tooltips: 1234567 -> "1,234,567". */
export function formatExact(value: number | null | undefined): string {
  if (typeof value !== "number") return "–";
  return value.toLocaleString("en-US");
}

export function formatShape(shape: Shape | null | undefined): string {
  if (!shape) return "–";
  return "[" + shape.join(", ") + "]";
}

/** A shape as its dimensions joined by "×" ("1×3×32×32"; "scalar" for rank 0), for compact labels. */
export function formatDims(shape: readonly number[] | null | undefined): string {
  if (shape === null || shape === undefined) return "?";
  return shape.length === 0 ? "scalar" : shape.join("×");
}

/** Several output shapes (a module may return a tuple). */
export function formatShapes(shapes: (Shape | null)[] | null | undefined): string {
  if (!shapes || shapes.length === 0) return "–";
  return shapes.map(formatShape).join(" ");
}

/** A statistic: compact, with a sign, readable for both 1e-7 and 3e5. */
export function formatValue(value: number | null | undefined): string {
  // Not a number: the server refuses such step documents (422), but a statistic must
  // never break a view ("n.toPrecision is not a function").
  if (typeof value !== "number") return "–";
  if (value === 0) return "0";
  const a = Math.abs(value);
  if (a >= 1e5 || a < 1e-3) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

/** A statistic's text, marked "≈" where its document lists the field as estimated (from a
 * subset of the tensor's values: docs/format.md), so that an estimate never reads as exact. */
export function markEstimated(estimated: unknown, field: string, text: string): string {
  return Array.isArray(estimated) && estimated.includes(field) && text !== "–" ? `≈ ${text}` : text;
}

export function formatPercent(fraction: number | null | undefined): string {
  if (typeof fraction !== "number") return "–";
  const p = fraction * 100;
  return (p === 0 || p >= 10 ? p.toFixed(0) : p.toFixed(1)) + " %";
}

/** Kernel, stride and groups of a conv or pool layer: "3×3 /2 g32". */
export function formatKernel(
  kernel: number | number[] | null | undefined,
  stride: number | number[] | null | undefined,
  groups: number | null | undefined,
): string {
  const dims = (v: number | number[]) => (Array.isArray(v) ? v.join("×") : String(v));
  const parts: string[] = [];
  if (kernel !== null && kernel !== undefined) parts.push(dims(kernel));
  if (stride !== null && stride !== undefined) {
    const s = Array.isArray(stride) ? stride : [stride];
    if (s.some((x) => x !== 1)) parts.push("/" + dims(stride));
  }
  if (groups && groups > 1) parts.push("g" + groups);
  return parts.join(" ");
}

export function formatWallTime(seconds: number | null | undefined): string {
  if (!seconds) return "";
  return new Date(seconds * 1000).toLocaleString();
}

/**
 * A module's name relative to its enclosing call's module, for indented trees:
 * "transformer.h.0" under "transformer" reads "h.0" (the ModuleList "h" never runs).
 */
export function relativeName(name: string, parentName: string | null | undefined): string {
  if (parentName && name.startsWith(parentName + ".")) return name.slice(parentName.length + 1);
  return name;
}
