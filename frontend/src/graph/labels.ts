/** The words drawn on boxes and frames, built from user-provided names (always used as text). */
import { formatDims as formatShape, formatFlops } from "../format";
import type { GraphModel } from "./model";
import type { TreeNode } from "./tree";

export interface BoxText {
  title: string;
  subtitle: string;
  tooltip: string;
}

/** Last component of a qualified module name, keeping the list name for indices (`h.0`). */
export function shortName(name: string): string {
  const parts = name.split(".");
  const last = parts[parts.length - 1];
  return /^\d+$/.test(last) && parts.length > 1 ? `${parts[parts.length - 2]}.${last}` : last;
}

function moduleTitle(model: GraphModel, graphId: number): string {
  const node = model.nodes[graphId];
  const base = node.name === "" ? node.type || model.modelType || "model" : shortName(node.name);
  return node.call > 0 ? `${base} #${node.call}` : base;
}

/** "h.0 … h.11" for the members of a repeat. */
export function repeatRange(model: GraphModel, repeat: TreeNode): string {
  const first = repeat.children[0];
  const last = repeat.children[repeat.children.length - 1];
  return `${moduleTitle(model, first.graphId!)} … ${moduleTitle(model, last.graphId!)}`;
}

export function repeatType(model: GraphModel, repeat: TreeNode): string {
  return `${model.nodes[repeat.children[0].graphId!].type} ×${repeat.children.length}`;
}

export function boxText(model: GraphModel, node: TreeNode): BoxText {
  if (node.kind === "repeat") {
    const title = repeatRange(model, node);
    const subtitle = repeatType(model, node);
    return { title, subtitle, tooltip: `${subtitle} blocks ${title} with identical structure` };
  }
  const graphNode = model.nodes[node.graphId!];
  switch (graphNode.kind) {
    case "module": {
      const title = moduleTitle(model, graphNode.id);
      const tied = tiedParameters(model, graphNode.layer);
      const subtitle = (graphNode.name === "" ? "model" : graphNode.type) + (tied.length > 0 ? " · tied" : "");
      const tooltip =
        `${graphNode.name || "(model)"} : ${graphNode.type}  [${graphNode.layer}]` +
        tied.map(([name, first]) => `\n${name} is ${first} (tied: counted once, there)`).join("");
      return { title, subtitle, tooltip };
    }
    case "op": {
      const flops = graphNode.flops ? `, ${formatFlops(graphNode.flops)}` : "";
      return { title: graphNode.op || graphNode.label || "op", subtitle: "", tooltip: `${graphNode.op}${flops}` };
    }
    default: {
      const shape = `${formatShape(graphNode.shape)} ${graphNode.dtype}`.trim();
      const title = graphNode.name || graphNode.label || graphNode.kind;
      return { title, subtitle: shape, tooltip: `${graphNode.kind} ${title}: ${shape}` };
    }
  }
}

/**
 * The module's own parameters that are another module's (tied weights, such as GPT-2's
 * lm_head.weight, which is transformer.wte.weight): [name, name it is stored under].
 */
export function tiedParameters(model: GraphModel, layer: string | null): [string, string][] {
  const row = layer === null ? undefined : model.layers.get(layer);
  const tied = row?.tied_params;
  if (typeof tied !== "object" || tied === null || Array.isArray(tied)) return [];
  return Object.entries(tied as Record<string, unknown>).filter(
    (entry): entry is [string, string] => typeof entry[1] === "string",
  );
}

/** Header text of an open group. */
export function frameText(model: GraphModel, node: TreeNode): string {
  if (node.kind === "repeat") return `${repeatRange(model, node)} · ${repeatType(model, node)}`;
  const graphNode = model.nodes[node.graphId!];
  const title = moduleTitle(model, graphNode.id);
  return graphNode.name === "" ? title : `${title} · ${graphNode.type}`;
}

/**
 * Text of an aggregate edge: the first tensor's shape, and how many more tensors it stands
 * for (tensors counted by producing node, so one tensor read by several ops counts once).
 */
export function edgeText(model: GraphModel, edgeIndices: number[]): string {
  const first = formatShape(model.edges[edgeIndices[0]].shape);
  const producers = new Set(edgeIndices.map((e) => model.edges[e].src)).size;
  return producers > 1 ? `${first} +${producers - 1}` : first;
}

/**
 * `text` broken into lines no wider than `room` (by `width`): at spaces and after dots
 * ("transformer.h.0"), and inside a word only where one word alone is wider than `room`.
 */
export function wrapLabel(text: string, room: number, width: (text: string) => number): string[] {
  const tokens = text.match(/[^\s.]*\.|[^\s.]+\s*|\s+/g) ?? [text];
  const lines: string[] = [];
  let line = "";
  const push = (token: string): void => {
    if (line === "" || width(line + token) <= room) {
      line += token;
      return;
    }
    lines.push(line.trimEnd());
    line = token.trimStart();
  };
  for (const token of tokens) {
    if (width(token.trimEnd()) <= room) {
      push(token);
      continue;
    }
    for (const char of token) push(char); // a single word wider than the room
  }
  if (line.trim() !== "" || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

/**
 * Tooltip of an aggregate edge: the tensors it stands for with their shapes and dtypes
 * (one line per producer, at most six), from which node to which.
 */
export function edgeTooltip(model: GraphModel, edgeIndices: number[]): string {
  const endName = (id: number): string => {
    const node = model.nodes[id];
    const where = node.parent === null ? "" : ` in ${model.nodes[node.parent].name || model.modelType || "model"}`;
    return node.kind === "op" ? `${node.op || node.label}${where}` : `${node.kind} ${node.name || node.label}`;
  };
  const byProducer = new Map<number, number>();
  for (const e of edgeIndices) if (!byProducer.has(model.edges[e].src)) byProducer.set(model.edges[e].src, e);
  const lines = [...byProducer.values()].slice(0, 6).map((e) => {
    const edge = model.edges[e];
    return `${formatShape(edge.shape)} ${edge.dtype || ""}`.trim() + `  ${endName(edge.src)} → ${endName(edge.dst)}`;
  });
  if (byProducer.size > 6) lines.push(`… and ${byProducer.size - 6} more tensors`);
  const head = byProducer.size === 1 ? "1 tensor" : `${byProducer.size} tensors`;
  return `${head}\n${lines.join("\n")}`;
}
