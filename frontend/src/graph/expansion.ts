/**
 * Which groups of the view tree are open. The default opens the hierarchy breadth-first
 * until about `budget` boxes would be visible, so a model's first view is readable
 * whatever its size; the user then opens and closes groups one by one.
 */
import { isGroup, type TreeNode, type ViewTree } from './tree';

export const DEFAULT_VISIBLE_BUDGET = 50;

/**
 * A group the default may open: a module with at least one group inside. Leaf modules stay
 * closed (their ops add little), and so do repeats: folding them is the point.
 */
function opensByDefault(node: TreeNode): boolean {
  return node.kind === 'module' && node.children.some(isGroup);
}

/** Breadth-first default expansion, level by level in execution order. */
export function defaultExpansion(tree: ViewTree, budget = DEFAULT_VISIBLE_BUDGET): Set<string> {
  const expanded = new Set<string>(['root']);
  let visible = tree.root.children.length;
  let level = tree.root.children.filter(opensByDefault);
  while (level.length > 0) {
    const next: TreeNode[] = [];
    for (const group of level) {
      const cost = group.children.length - 1;
      if (visible + cost > budget) continue;
      visible += cost;
      expanded.add(group.id);
      next.push(...group.children.filter(opensByDefault));
    }
    level = next;
  }
  return expanded;
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
  return [...expanded].sort().join(',');
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
    isGroup(node) && node.children.length > 0 && (node.kind === 'root' || expanded.has(node.id))
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
      visit(child, child.kind === 'module' ? level + 1 : level);
    }
  };
  visit(tree.root, 1);
  return levels;
}

/** The deepest module nesting level of the model (what "expand to depth" can reach). */
export function maxDepth(tree: ViewTree): number {
  let deepest = 0;
  for (const [node, level] of moduleLevels(tree)) if (node.kind === 'module' && node.children.some(isGroup)) deepest = Math.max(deepest, level);
  return deepest + 1;
}

/**
 * "Expand to depth N": every module above level N open, those at N and below closed, so
 * the modules of levels 1..N show. Folded repeats (×N) keep their state in `current`:
 * opening N blocks at once is the user's own click.
 */
export function expandToDepth(tree: ViewTree, depth: number, current: ReadonlySet<string>): Set<string> {
  const expanded = new Set<string>(['root']);
  for (const [node, level] of moduleLevels(tree)) {
    if (node.kind === 'repeat' ? current.has(node.id) : level < depth) expanded.add(node.id);
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
