/**
 * The rows of the Trends heatmap on a model of a thousand modules: filtered by name or
 * type, and grouped, so that a GPT-2's twelve (or eighty) blocks read as one row each
 * until one is opened. Pure functions of the matrix: no DOM.
 *
 * A group's row shows, at each step, the value of its member with the largest magnitude
 * (the member that stands out, sign kept): a dead or exploding layer inside a block
 * colours the block.
 */

import type { LayerRef } from "./types";

/** none: every layer; block: numbered blocks (h.0, layer1.2) fold; top: by the first name segment. */
export type Grouping = "none" | "block" | "top";

export const GROUP_PREFIX = "group:";

export interface TrendRow {
  layer: LayerRef;
  values: (number | null)[];
  /** For a group's row: its members' keys and whether it is open. */
  group?: { prefix: string; members: string[]; open: boolean };
}

/** The group a layer name falls in, or null: "transformer.h.3.attn" → "transformer.h.3" (block). */
export function groupOf(name: string, grouping: Grouping): string | null {
  if (grouping === "none" || name === "") return null;
  const parts = name.split(".");
  if (grouping === "top") return parts.length > 1 ? parts[0] : null;
  const numbered = parts.findIndex((part) => /^\d+$/.test(part));
  return numbered < 0 ? null : parts.slice(0, numbered + 1).join(".");
}

/** Whether a layer matches the filter text (case-insensitive, in its name or type). */
export function matches(layer: LayerRef, filter: string): boolean {
  const text = filter.trim().toLowerCase();
  if (!text) return true;
  return layer.name.toLowerCase().includes(text) || (layer.type ?? "").toLowerCase().includes(text);
}

/** The value of largest magnitude at each step among `rows` (null where none has one). */
export function strongest(rows: (number | null)[][], steps: number): (number | null)[] {
  const out: (number | null)[] = new Array(steps).fill(null);
  for (const row of rows) {
    for (let c = 0; c < steps; c++) {
      const v = row[c];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      const best = out[c];
      if (best === null || Math.abs(v) > Math.abs(best)) out[c] = v;
    }
  }
  return out;
}

/**
 * The heatmap's rows, in model order: layers matching `filter`, grouped by `grouping`,
 * the groups in `open` shown with their members under them. A group of one layer is
 * shown as that layer.
 */
export function trendRows(
  layers: LayerRef[],
  values: (number | null)[][],
  steps: number,
  filter: string,
  grouping: Grouping,
  open: ReadonlySet<string>,
): TrendRow[] {
  const kept = layers.map((layer, i) => ({ layer, values: values[i] })).filter((row) => matches(row.layer, filter));
  const members = new Map<string, TrendRow[]>();
  for (const row of kept) {
    const prefix = groupOf(row.layer.name, grouping);
    if (prefix === null) continue;
    const list = members.get(prefix);
    if (list) list.push(row);
    else members.set(prefix, [row]);
  }
  const rows: TrendRow[] = [];
  const placed = new Set<string>();
  for (const row of kept) {
    const prefix = groupOf(row.layer.name, grouping);
    const group = prefix === null ? undefined : members.get(prefix);
    if (!group || group.length < 2) {
      rows.push(row);
      continue;
    }
    if (placed.has(prefix!)) {
      if (open.has(prefix!)) rows.push(row);
      continue;
    }
    placed.add(prefix!);
    const isOpen = open.has(prefix!);
    const depth = Math.min(...group.map((member) => member.layer.depth ?? 0));
    rows.push({
      layer: {
        key: GROUP_PREFIX + prefix,
        name: `${isOpen ? "▾" : "▸"} ${prefix} · ${group.length} layers`,
        type: "group",
        depth: Math.max(0, depth - 1),
      },
      values: strongest(
        group.map((member) => member.values),
        steps,
      ),
      group: { prefix: prefix!, members: group.map((member) => member.layer.key), open: isOpen },
    });
    if (isOpen) rows.push(row);
  }
  return rows;
}
