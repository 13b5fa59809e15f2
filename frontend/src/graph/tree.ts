/**
 * The view tree: the module hierarchy of a structure document with runs of repeated blocks
 * folded under a "repeat" group. It is what the user expands and collapses; the graph's
 * edges only join its leaves (ops, inputs, outputs).
 *
 * A repeat is a run of at least two consecutive children of one module (nothing else runs
 * between them) that are module calls of the same type with the same structural signature
 * (the same nested types and ops, wired the same way with the same shapes), each feeding the
 * next: a chain of blocks such as GPT-2's `h.0`..`h.11`, not parallel branches.
 */
import type { GraphModel } from "./model";

export type TreeKind = "root" | "module" | "repeat" | "op" | "input" | "output";

export interface TreeNode {
  /** `n<graph id>` for graph nodes, `r<first member's graph id>` for repeats, `root`. */
  id: string;
  kind: TreeKind;
  /** Graph node id; null for repeats and the root. */
  graphId: number | null;
  parent: TreeNode | null;
  children: TreeNode[];
}

export interface ViewTree {
  root: TreeNode;
  byId: Map<string, TreeNode>;
  /** Tree node of each graph node id. */
  byGraphId: TreeNode[];
}

export function isGroup(node: TreeNode): boolean {
  return node.kind === "root" || node.kind === "module" || node.kind === "repeat";
}

/** 64-bit-ish string hash (two FNV-1a passes with different seeds); collisions are negligible here. */
function hashText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(36) + "." + (b >>> 0).toString(36);
}

function shapeText(shape: number[] | null): string {
  return shape === null ? "?" : shape.join("x");
}

/** Structural signature of every module node (undefined for other kinds). */
export function moduleSignatures(model: GraphModel): string[] {
  const signatures: string[] = new Array(model.nodes.length);
  const leavesBelow: number[][] = new Array(model.nodes.length);

  const visit = (id: number): void => {
    const node = model.nodes[id];
    const parts: string[] = [node.type];
    const leaves: number[] = [];
    for (const childId of node.children) {
      const child = model.nodes[childId];
      if (child.kind === "module") {
        visit(childId);
        parts.push("M" + signatures[childId]);
        leaves.push(...leavesBelow[childId]);
      } else {
        parts.push(child.kind === "op" ? `O${child.op}${child.inplace ? "!" : ""}` : child.kind);
        leaves.push(childId);
      }
    }
    const local = new Map<number, number>();
    for (const [index, leaf] of leaves.entries()) local.set(leaf, index);
    // Inner edges exactly; edges that cross the boundary only as "this leaf reads/feeds the
    // outside", so the last of a run of blocks (which feeds one consumer, not two) still matches.
    const wiring = new Set<string>();
    leaves.forEach((leaf, index) => {
      for (const e of model.outEdges[leaf]) {
        const edge = model.edges[e];
        const dst = local.get(edge.dst);
        wiring.add(
          dst === undefined ? `out${index}:${shapeText(edge.shape)}` : `${index}>${dst}:${shapeText(edge.shape)}`,
        );
      }
      for (const e of model.inEdges[leaf]) {
        const edge = model.edges[e];
        if (!local.has(edge.src)) wiring.add(`in${index}:${shapeText(edge.shape)}`);
      }
    });
    signatures[id] = hashText(parts.join("|") + "#" + [...wiring].sort().join(","));
    leavesBelow[id] = leaves;
  };

  for (const id of model.roots) if (model.nodes[id].kind === "module") visit(id);
  return signatures;
}

/** Builds the view tree, folding repeated sibling blocks. */
export function buildViewTree(model: GraphModel): ViewTree {
  const signatures = moduleSignatures(model);
  const byId = new Map<string, TreeNode>();
  const byGraphId: TreeNode[] = new Array(model.nodes.length);

  const make = (id: string, kind: TreeKind, graphId: number | null, parent: TreeNode | null): TreeNode => {
    const node: TreeNode = { id, kind, graphId, parent, children: [] };
    byId.set(id, node);
    if (graphId !== null) byGraphId[graphId] = node;
    return node;
  };

  // Graph leaves below each module, to test whether one block feeds the next.
  const leafOwner = new Map<number, number>(); // leaf id -> module child of the current parent
  const feeds = (a: number, b: number): boolean => {
    for (const [leaf, owner] of leafOwner) {
      if (owner !== a) continue;
      for (const e of model.outEdges[leaf]) if (leafOwner.get(model.edges[e].dst) === b) return true;
    }
    return false;
  };
  const collectLeaves = (owner: number, id: number): void => {
    for (const child of model.nodes[id].children) {
      if (model.nodes[child].kind === "module") collectLeaves(owner, child);
      else leafOwner.set(child, owner);
    }
  };
  /** Same type, same signature, and `a`'s output flows into `b`: a chain of blocks, not parallel branches. */
  const sameBlock = (a: number, b: number): boolean => {
    const x = model.nodes[a];
    const y = model.nodes[b];
    if (x.kind !== "module" || y.kind !== "module" || x.type !== y.type || signatures[a] !== signatures[b])
      return false;
    leafOwner.clear();
    collectLeaves(a, a);
    collectLeaves(b, b);
    return feeds(a, b);
  };

  const addChildren = (parent: TreeNode, childIds: number[]): void => {
    let i = 0;
    while (i < childIds.length) {
      let end = i + 1;
      while (end < childIds.length && sameBlock(childIds[end - 1], childIds[end])) end++;
      if (end - i >= 2) {
        const repeat = make(`r${childIds[i]}`, "repeat", null, parent);
        for (let k = i; k < end; k++) repeat.children.push(addGraphNode(repeat, childIds[k]));
        parent.children.push(repeat);
      } else {
        parent.children.push(addGraphNode(parent, childIds[i]));
      }
      i = end;
    }
  };

  const addGraphNode = (parent: TreeNode, graphId: number): TreeNode => {
    const graphNode = model.nodes[graphId];
    const node = make(`n${graphId}`, graphNode.kind, graphId, parent);
    if (graphNode.kind === "module") addChildren(node, graphNode.children);
    return node;
  };

  const root = make("root", "root", null, null);
  addChildren(root, model.roots);
  return { root, byId, byGraphId };
}
