/**
 * The graph as the user sees it for one expansion state: open groups become frames, closed
 * groups and leaves become boxes, and every data edge is lifted to the boxes that hold its
 * ends. Several underlying edges between the same two boxes become one aggregate edge.
 */
import type { GraphModel } from "./model";
import { isGroup, type TreeNode, type ViewTree } from "./tree";

export interface VisibleEdge {
  /** `e<src tree id>-<dst tree id>`. */
  id: string;
  src: TreeNode;
  dst: TreeNode;
  /** Indices into model.edges that this edge stands for, in document order. */
  edges: number[];
}

export interface VisibleGraph {
  /** Closed groups and leaves, drawn as boxes (open groups are frames around their children). */
  boxes: TreeNode[];
  edges: VisibleEdge[];
  /** Box that stands for each graph leaf (op, input, output), by graph id. */
  boxOfLeaf: (TreeNode | undefined)[];
}

export function isOpen(expanded: Set<string>, node: TreeNode): boolean {
  return node.kind === "root" || (isGroup(node) && node.children.length > 0 && expanded.has(node.id));
}

export function visibleGraph(model: GraphModel, tree: ViewTree, expanded: Set<string>): VisibleGraph {
  const boxes: TreeNode[] = [];
  const boxOfLeaf: (TreeNode | undefined)[] = new Array(model.nodes.length);

  const claimLeaves = (node: TreeNode, box: TreeNode): void => {
    if (node.graphId !== null && !isGroup(node)) boxOfLeaf[node.graphId] = box;
    for (const child of node.children) claimLeaves(child, box);
  };
  const walk = (node: TreeNode): void => {
    if (isOpen(expanded, node)) {
      for (const child of node.children) walk(child);
    } else {
      boxes.push(node);
      claimLeaves(node, node);
    }
  };
  walk(tree.root);

  const byPair = new Map<string, VisibleEdge>();
  const edges: VisibleEdge[] = [];
  model.edges.forEach((edge, index) => {
    const src = boxOfLeaf[edge.src];
    const dst = boxOfLeaf[edge.dst];
    if (src === undefined || dst === undefined || src === dst) return;
    const id = `e${src.id}-${dst.id}`;
    let visible = byPair.get(id);
    if (visible === undefined) {
      visible = { id, src, dst, edges: [] };
      byPair.set(id, visible);
      edges.push(visible);
    }
    visible.edges.push(index);
  });
  return { boxes, edges, boxOfLeaf };
}
