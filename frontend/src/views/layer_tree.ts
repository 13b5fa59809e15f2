/**
 * The layer table's rows arranged as the call tree they came from (each row names its
 * enclosing call). Rows whose parent is missing (a module that never ran may name a
 * call that does not exist) hang under their nearest named ancestor, else the root.
 */

import type { LayerRow } from "../types";

export interface TreeNode {
  row: LayerRow;
  parent: TreeNode | null;
  children: TreeNode[];
  depth: number;
}

export interface LayerTree {
  roots: TreeNode[];
  byKey: Map<string, TreeNode>;
  /** Every node in table order (pre-order walk). */
  ordered: TreeNode[];
}

export function buildLayerTree(rows: LayerRow[]): LayerTree {
  const byKey = new Map<string, TreeNode>();
  const firstCallByName = new Map<string, TreeNode>();
  for (const row of rows) {
    const node: TreeNode = { row, parent: null, children: [], depth: 0 };
    byKey.set(row.key, node);
    if (!firstCallByName.has(row.name)) firstCallByName.set(row.name, node);
  }
  const roots: TreeNode[] = [];
  for (const node of byKey.values()) {
    let parent = node.row.parent !== null ? (byKey.get(node.row.parent) ?? null) : null;
    if (!parent && node.row.parent !== null) parent = nearestAncestorByName(node.row.name, firstCallByName);
    if (parent === node) parent = null;
    node.parent = parent;
    (parent ? parent.children : roots).push(node);
  }
  const ordered: TreeNode[] = [];
  const visited = new Set<TreeNode>();
  const walk = (node: TreeNode, depth: number) => {
    if (visited.has(node)) return;
    visited.add(node);
    node.depth = depth;
    ordered.push(node);
    for (const child of node.children) walk(child, depth + 1);
  };
  for (const root of roots) walk(root, 0);
  // Corrupt parent links can form a cycle that no root reaches: show those rows at top level.
  for (const node of byKey.values()) {
    if (visited.has(node)) continue;
    node.parent?.children.splice(node.parent.children.indexOf(node), 1);
    node.parent = null;
    roots.push(node);
    walk(node, 0);
  }
  return { roots, byKey, ordered };
}

function nearestAncestorByName(name: string, firstCallByName: Map<string, TreeNode>): TreeNode | null {
  let prefix = name;
  while (prefix !== "") {
    const dot = prefix.lastIndexOf(".");
    prefix = dot < 0 ? "" : prefix.slice(0, dot);
    const found = firstCallByName.get(prefix);
    if (found && found.row.name !== name) return found;
  }
  return null;
}
