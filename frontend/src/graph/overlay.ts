/**
 * Per-layer decorations of the graph: an overlay that colours boxes by a value (FLOPs,
 * gradient norm, a change between two steps, ...) and badges that mark layers (health
 * alerts). Both are keyed by layer key; this module maps them onto what is drawn for the
 * current expansion state: a folded repeat group combines its members' values, and a
 * badge on a layer inside a closed group goes to that group.
 */
import { visibleRepresentative } from "./expansion";
import type { GraphModel } from "./model";
import type { DrawnBadge, NodeFill } from "./render";
import type { TreeNode, ViewTree } from "./tree";

export interface GraphOverlay {
  /** What the colours mean, e.g. "FLOPs"; also the tooltip's label. */
  label: string;
  /** Layer key -> value. */
  values: ReadonlyMap<string, number>;
  /** Graph node id of an op -> value, for metrics ops have too (FLOPs). */
  ops?: ReadonlyMap<number, number>;
  /** Fill colour of a value: 'rgb(r, g, b)' or '#rrggbb'. */
  color(value: number): string;
  format(value: number): string;
  /** How a folded repeat group shows its members: their total, largest, or largest magnitude. */
  combine: "sum" | "max" | "maxAbs";
  /** Shown in the graph's corner while the overlay is on. */
  legend?: HTMLElement;
}

export interface NodeBadge {
  /** Tooltip text (several are joined by line breaks when a group holds several layers). */
  text: string;
}

function nodeValue(model: GraphModel, node: TreeNode, overlay: GraphOverlay): number | undefined {
  if (node.graphId === null) return undefined;
  const graphNode = model.nodes[node.graphId];
  if (graphNode.kind === "op") return overlay.ops?.get(node.graphId);
  return graphNode.layer !== null ? overlay.values.get(graphNode.layer) : undefined;
}

function combined(model: GraphModel, node: TreeNode, overlay: GraphOverlay): number | undefined {
  if (node.kind !== "repeat") return nodeValue(model, node, overlay);
  let result: number | undefined;
  for (const member of node.children) {
    const v = nodeValue(model, member, overlay);
    if (v === undefined || !Number.isFinite(v)) continue;
    if (result === undefined) result = v;
    else if (overlay.combine === "sum") result += v;
    else if (overlay.combine === "max") result = Math.max(result, v);
    else if (Math.abs(v) > Math.abs(result)) result = v;
  }
  return result;
}

/**
 * Fills of the drawn boxes that have a value, by tree id. A folded repeat group is painted
 * left to right in its members' colours (a gradient), so a trend along the stack (gradients
 * vanishing towards the first block) shows without opening it.
 */
export function overlayFills(
  model: GraphModel,
  tree: ViewTree,
  overlay: GraphOverlay,
  isDrawn: (id: string) => boolean,
): Map<string, NodeFill> {
  const fills = new Map<string, NodeFill>();
  for (const node of tree.byId.values()) {
    if (!isDrawn(node.id)) continue;
    // The whole model's total lies outside a scale made for its parts (graph_panel leaves it out).
    if (
      node.graphId !== null &&
      model.nodes[node.graphId].parent === null &&
      model.nodes[node.graphId].kind === "module"
    )
      continue;
    const value = combined(model, node, overlay);
    if (value === undefined || !Number.isFinite(value)) continue;
    if (node.kind !== "repeat") {
      fills.set(node.id, { fill: overlay.color(value), note: `${overlay.label}: ${overlay.format(value)}` });
      continue;
    }
    const members = node.children
      .map((member) => nodeValue(model, member, overlay))
      .filter((v): v is number => v !== undefined && Number.isFinite(v));
    const first = members[0];
    const last = members[members.length - 1];
    const summary = overlay.combine === "sum" ? `total ${overlay.format(value)}, ` : "";
    fills.set(node.id, {
      fill: overlay.color(value),
      stops: members.length > 1 ? members.map((v) => overlay.color(v)) : undefined,
      note: `${overlay.label} of the ${node.children.length} blocks: ${summary}first ${overlay.format(first)}, last ${overlay.format(last)}`,
    });
  }
  return fills;
}

/** Badges by drawn tree id: each badged layer's own node, or the closed group hiding it. */
export function placeBadges(
  model: GraphModel,
  tree: ViewTree,
  expanded: Set<string>,
  badges: ReadonlyMap<string, NodeBadge>,
  isDrawn: (id: string) => boolean,
): Map<string, DrawnBadge> {
  const placed = new Map<string, DrawnBadge>();
  for (const [layer, badge] of badges) {
    const graphId = model.nodeByLayer.get(layer);
    if (graphId === undefined) continue;
    const node = tree.byGraphId[graphId];
    if (node === undefined) continue;
    const shown = visibleRepresentative(expanded, node);
    if (!isDrawn(shown.id)) continue;
    const existing = placed.get(shown.id);
    if (existing) {
      existing.count += 1;
      existing.text += "\n" + badge.text;
    } else {
      placed.set(shown.id, { count: 1, text: badge.text, layer });
    }
  }
  return placed;
}
