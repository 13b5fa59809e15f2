/** Search over the view tree by module name, type, layer key, op name or input/output name. */
import type { GraphModel } from "./model";
import type { TreeNode, ViewTree } from "./tree";

/** The searchable words of a node, lower-cased. */
function haystack(model: GraphModel, node: TreeNode): string {
  if (node.graphId === null) return "";
  const graphNode = model.nodes[node.graphId];
  switch (graphNode.kind) {
    case "module":
      return `${graphNode.name}\n${graphNode.type}\n${graphNode.layer ?? ""}`.toLowerCase();
    case "op":
      return `${graphNode.op}\n${graphNode.label}`.toLowerCase();
    default:
      return `${graphNode.name}\n${graphNode.label}`.toLowerCase();
  }
}

/** Nodes matching `query` (case-insensitive substring), in execution order; none for a blank query. */
export function findMatches(model: GraphModel, tree: ViewTree, query: string): TreeNode[] {
  const needle = query.trim().toLowerCase();
  if (needle === "") return [];
  const matches: TreeNode[] = [];
  for (const node of tree.byGraphId) {
    if (node !== undefined && haystack(model, node).includes(needle)) matches.push(node);
  }
  return matches;
}
