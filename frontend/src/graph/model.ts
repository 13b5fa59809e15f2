/**
 * The structure document (docs/format.md, "Structure document") checked and indexed for the
 * graph view. Everything here comes from an event file, so every field is validated and a bad
 * document raises a StructureError with a sentence a person understands.
 */

import type { GraphEdge, GraphNode, LayerRow, Shape } from "../types";

export type NodeKind = GraphNode["kind"];

/**
 * A stored graph node (types.ts's GraphNode) as the graph view holds it: checked, every
 * optional field filled in (`''`, `0`, `false` or null), and its children listed.
 */
export interface GraphModelNode extends Omit<Required<GraphNode>, "layer" | "flops" | "shape"> {
  /** module: layer key (`name#call`); null for the other kinds. */
  layer: string | null;
  flops: number | null;
  /** input/output: tensor shape; null where unknown. */
  shape: Shape | null;
  /** Child node ids in execution (id) order; only modules have children. */
  children: number[];
}

/**
 * A structure document (types.ts's StructureDoc) checked and indexed for the graph view.
 * Layer rows are the stored LayerRow; only `key`, `node`, `name` and `type` are checked
 * here (what the graph depends on); the panel checks the type of each field it prints.
 */
export interface GraphModel {
  hash: string;
  modelType: string;
  nodes: GraphModelNode[];
  edges: GraphEdge[];
  /** Top-level node ids (parent null), in id order. */
  roots: number[];
  /** Edge indices entering / leaving each node. */
  inEdges: number[][];
  outEdges: number[][];
  layers: Map<string, LayerRow>;
  /** Module node id for each layer key. */
  nodeByLayer: Map<string, number>;
  totals: Record<string, unknown>;
}

export class StructureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StructureError";
  }
}

const KINDS: ReadonlySet<string> = new Set(["module", "op", "input", "output"]);

/** A JSON object (not null, not a list): what every part of a stored document must be before its fields are read. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isIndex(value: unknown, size: number): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) < size;
}

function optionalString(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function shapeOf(value: unknown): number[] | null {
  if (!Array.isArray(value)) return null;
  return value.every((d) => typeof d === "number" && Number.isFinite(d)) ? (value as number[]) : null;
}

function parseNode(raw: unknown, index: number): GraphModelNode {
  if (!isObject(raw)) throw new StructureError(`Graph node ${index} is not an object.`);
  if (raw.id !== index)
    throw new StructureError(`Graph node ${index} has id ${String(raw.id)}; ids must equal positions.`);
  if (typeof raw.kind !== "string" || !KINDS.has(raw.kind)) {
    throw new StructureError(`Graph node ${index} has unknown kind ${JSON.stringify(raw.kind)}.`);
  }
  if (raw.parent !== null && raw.parent !== undefined && !Number.isInteger(raw.parent)) {
    throw new StructureError(`Graph node ${index} has a parent that is not a node id.`);
  }
  const kind = raw.kind as NodeKind;
  if (kind === "module" && typeof raw.layer !== "string") {
    throw new StructureError(`Module node ${index} has no layer key.`);
  }
  return {
    id: index,
    kind,
    parent: (raw.parent as number | null | undefined) ?? null,
    label: optionalString(raw.label),
    name: optionalString(raw.name),
    type: optionalString(raw.type),
    layer: kind === "module" ? (raw.layer as string) : null,
    call: Number.isInteger(raw.call) ? (raw.call as number) : 0,
    op: optionalString(raw.op),
    flops: typeof raw.flops === "number" ? raw.flops : null,
    inplace: raw.inplace === true,
    shape: shapeOf(raw.shape),
    dtype: optionalString(raw.dtype),
    children: [],
  };
}

/** Rejects parent links that point at non-modules or form a cycle. */
function checkParents(nodes: GraphModelNode[]): void {
  const state = new Uint8Array(nodes.length); // 0 unseen, 1 on the current path, 2 known good
  for (const start of nodes) {
    const path: number[] = [];
    let id: number | null = start.id;
    while (id !== null && state[id] === 0) {
      state[id] = 1;
      path.push(id);
      const parent: number | null = nodes[id].parent;
      if (parent !== null) {
        if (!isIndex(parent, nodes.length))
          throw new StructureError(`Graph node ${id} has parent ${parent}, which does not exist.`);
        if (nodes[parent].kind !== "module")
          throw new StructureError(`Graph node ${id} has parent ${parent}, which is not a module.`);
        if (state[parent] === 1) throw new StructureError(`The module nesting of graph node ${id} forms a cycle.`);
      }
      id = parent;
    }
    for (const done of path) state[done] = 2;
  }
}

function parseEdge(raw: unknown, index: number, nodes: GraphModelNode[]): GraphEdge {
  if (!isObject(raw)) throw new StructureError(`Graph edge ${index} is not an object.`);
  for (const end of ["src", "dst"] as const) {
    const id = raw[end];
    if (!isIndex(id, nodes.length))
      throw new StructureError(`Graph edge ${index} has ${end} ${String(id)}, which is not a node id.`);
    if (nodes[id].kind === "module")
      throw new StructureError(`Graph edge ${index} ends at module node ${id}; edges join ops, inputs and outputs.`);
  }
  return {
    src: raw.src as number,
    dst: raw.dst as number,
    shape: shapeOf(raw.shape),
    dtype: optionalString(raw.dtype),
  };
}

function parseLayers(raw: unknown, nodes: GraphModelNode[]): Map<string, LayerRow> {
  if (raw === undefined) return new Map();
  if (!Array.isArray(raw)) throw new StructureError('The layer table ("layers") is not a list.');
  const layers = new Map<string, LayerRow>();
  raw.forEach((row, index) => {
    if (!isObject(row) || typeof row.key !== "string") throw new StructureError(`Layer table row ${index} has no key.`);
    if (row.node !== null && row.node !== undefined && !isIndex(row.node, nodes.length)) {
      throw new StructureError(`Layer table row ${row.key} points at node ${String(row.node)}, which does not exist.`);
    }
    // The other fields are taken as stored (see GraphModel): the panel checks what it prints.
    layers.set(row.key, {
      ...row,
      key: row.key,
      node: (row.node as number | null | undefined) ?? null,
      name: optionalString(row.name),
      type: optionalString(row.type),
    } as LayerRow);
  });
  return layers;
}

/** Validates a structure document and indexes it for the view. */
export function parseStructure(doc: unknown): GraphModel {
  if (!isObject(doc)) throw new StructureError("The structure document is not a JSON object.");
  if (!Array.isArray(doc.nodes)) throw new StructureError('The structure document has no "nodes" list.');
  if (!Array.isArray(doc.edges)) throw new StructureError('The structure document has no "edges" list.');
  const nodes = doc.nodes.map(parseNode);
  checkParents(nodes);
  const roots: number[] = [];
  for (const node of nodes) {
    if (node.parent === null) roots.push(node.id);
    else nodes[node.parent].children.push(node.id);
  }
  const edges = doc.edges.map((edge, index) => parseEdge(edge, index, nodes));
  const inEdges: number[][] = nodes.map(() => []);
  const outEdges: number[][] = nodes.map(() => []);
  edges.forEach((edge, index) => {
    outEdges[edge.src].push(index);
    inEdges[edge.dst].push(index);
  });
  const nodeByLayer = new Map<string, number>();
  for (const node of nodes) if (node.layer !== null) nodeByLayer.set(node.layer, node.id);
  return {
    hash: optionalString(doc.hash),
    modelType: optionalString(doc.model_type),
    nodes,
    edges,
    roots,
    inEdges,
    outEdges,
    layers: parseLayers(doc.layers, nodes),
    nodeByLayer,
    totals: isObject(doc.totals) ? doc.totals : {},
  };
}
