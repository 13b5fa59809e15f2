/**
 * Which groups of the view tree are open. The default opens the hierarchy breadth-first
 * until about `budget` boxes would be visible, so a model's first view is readable
 * whatever its size; the user then opens and closes groups one by one.
 */
import type { GraphModel } from "./model";
import { isGroup, type TreeNode, type ViewTree } from "./tree";
import { visibleGraph, type VisibleGraph } from "./visible";

export const DEFAULT_VISIBLE_BUDGET = 50;

/**
 * A group the default may open: a module with at least one group inside. Leaf modules stay
 * closed (their ops add little), and so do repeats: folding them is the point.
 */
function opensByDefault(node: TreeNode): boolean {
  return node.kind === "module" && node.children.some(isGroup);
}

/**
 * The longest chain of boxes allowed in the default view: about what the graph's area
 * (some 600 px tall under TensorBoard's bars in a 900 px window) shows top to bottom at a
 * scale where 12 px names stay 9 px tall (0.75: 800 px of drawing, a box and the gap below
 * it some 56 px). Deep CNNs (ResNet-152: stages of bottlenecks) reach it long before the
 * box budget; their stages stay folded.
 */
export const DEFAULT_CHAIN_BUDGET = 14;

/**
 * Breadth-first default expansion, level by level in execution order, while at most `budget`
 * boxes are visible and, given the model, no chain of boxes is longer than `chainBudget`
 * (a level that would make one is left closed whole, so sibling stages look alike).
 */
export function defaultExpansion(
  tree: ViewTree,
  model: GraphModel | null = null,
  budget = DEFAULT_VISIBLE_BUDGET,
  chainBudget = DEFAULT_CHAIN_BUDGET,
): Set<string> {
  const expanded = new Set<string>(["root"]);
  let visible = tree.root.children.length;
  let level = tree.root.children.filter(opensByDefault);
  while (level.length > 0) {
    const next: TreeNode[] = [];
    const opened: TreeNode[] = [];
    for (const group of level) {
      const cost = group.children.length - 1;
      if (visible + cost > budget) continue;
      visible += cost;
      expanded.add(group.id);
      opened.push(group);
      next.push(...group.children.filter(opensByDefault));
    }
    if (model !== null && opened.length > 0 && longestChain(visibleGraph(model, tree, expanded)) > chainBudget) {
      for (const group of opened) expanded.delete(group.id);
      break;
    }
    level = next;
  }
  return expanded;
}

/** Boxes on the longest path of a visible graph's edges (edges closing a cycle are not followed). */
export function longestChain(graph: VisibleGraph): number {
  const incoming = new Map<TreeNode, number>(graph.boxes.map((box) => [box, 0]));
  const outgoing = new Map<TreeNode, TreeNode[]>();
  for (const edge of graph.edges) {
    incoming.set(edge.dst, (incoming.get(edge.dst) ?? 0) + 1);
    const targets = outgoing.get(edge.src);
    if (targets === undefined) outgoing.set(edge.src, [edge.dst]);
    else targets.push(edge.dst);
  }
  const length = new Map<TreeNode, number>();
  const ready = [...incoming].filter(([, count]) => count === 0).map(([box]) => box);
  let longest = 0;
  for (const box of ready) length.set(box, 1);
  while (ready.length > 0) {
    const box = ready.pop()!;
    const here = length.get(box)!;
    longest = Math.max(longest, here);
    for (const target of outgoing.get(box) ?? []) {
      length.set(target, Math.max(length.get(target) ?? 0, here + 1));
      const left = incoming.get(target)! - 1;
      incoming.set(target, left);
      if (left === 0) ready.push(target);
    }
  }
  return longest;
}

/** Opens every group above `node` so that it becomes visible. Returns whether anything changed. */
export function reveal(expanded: Set<string>, node: TreeNode): boolean {
  let changed = false;
  for (let p = node.parent; p !== null; p = p.parent) {
    if (!expanded.has(p.id)) {
      expanded.add(p.id);
      changed = true;
    }
  }
  return changed;
}

/** A stable key of an expansion state, for the layout cache. */
export function expansionKey(expanded: Set<string>): string {
  return [...expanded].sort().join(",");
}

/** Nearest visible node for `node`: itself when visible, else its outermost closed ancestor. */
export function visibleRepresentative(expanded: Set<string>, node: TreeNode): TreeNode {
  let representative = node;
  for (let p = node.parent; p !== null; p = p.parent) {
    if (!expanded.has(p.id)) representative = p;
  }
  return representative;
}

/** How many boxes (closed groups and leaves) an expansion state shows. */
export function visibleBoxCount(tree: ViewTree, expanded: Set<string>): number {
  const count = (node: TreeNode): number =>
    isGroup(node) && node.children.length > 0 && (node.kind === "root" || expanded.has(node.id))
      ? node.children.reduce((sum, child) => sum + count(child), 0)
      : 1;
  return count(tree.root);
}

/**
 * Module nesting level of every group: the model's top modules are level 1, their child
 * modules level 2, and so on; a repeat has its members' level.
 */
function moduleLevels(tree: ViewTree): Map<TreeNode, number> {
  const levels = new Map<TreeNode, number>();
  const visit = (node: TreeNode, level: number): void => {
    for (const child of node.children) {
      if (!isGroup(child)) continue;
      levels.set(child, level);
      visit(child, child.kind === "module" ? level + 1 : level);
    }
  };
  visit(tree.root, 1);
  return levels;
}

/** The deepest module nesting level of the model (what "expand to depth" can reach). */
export function maxDepth(tree: ViewTree): number {
  let deepest = 0;
  for (const [node, level] of moduleLevels(tree))
    if (node.kind === "module" && node.children.some(isGroup)) deepest = Math.max(deepest, level);
  return deepest + 1;
}

/**
 * "Expand to depth N": every module above level N open, those at N and below closed, so
 * the modules of levels 1..N show. Folded repeats (×N) keep their state in `current`:
 * opening N blocks at once is the user's own click.
 */
export function expandToDepth(tree: ViewTree, depth: number, current: ReadonlySet<string>): Set<string> {
  const expanded = new Set<string>(["root"]);
  for (const [node, level] of moduleLevels(tree)) {
    if (node.kind === "repeat" ? current.has(node.id) : level < depth) expanded.add(node.id);
  }
  return expanded;
}

/** `base` with the groups the user opened (true) or closed (false) since applied over it. */
export function withToggles(base: ReadonlySet<string>, toggles: ReadonlyMap<string, boolean>): Set<string> {
  const expanded = new Set(base);
  for (const [id, open] of toggles) {
    if (open) expanded.add(id);
    else expanded.delete(id);
  }
  return expanded;
}
