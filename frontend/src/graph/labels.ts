/** The words drawn on boxes and frames, built from user-provided names (always used as text). */
import { formatCount, formatShape } from './format';
import type { StructureModel } from './model';
import type { TreeNode } from './tree';

export interface BoxText {
  title: string;
  subtitle: string;
  tooltip: string;
}

/** Last component of a qualified module name, keeping the list name for indices (`h.0`). */
export function shortName(name: string): string {
  const parts = name.split('.');
  const last = parts[parts.length - 1];
  return /^\d+$/.test(last) && parts.length > 1 ? `${parts[parts.length - 2]}.${last}` : last;
}

function moduleTitle(model: StructureModel, graphId: number): string {
  const node = model.nodes[graphId];
  const base = node.name === '' ? node.type || model.modelType || 'model' : shortName(node.name);
  return node.call > 0 ? `${base} #${node.call}` : base;
}

/** "h.0 … h.11" for the members of a repeat. */
export function repeatRange(model: StructureModel, repeat: TreeNode): string {
  const first = repeat.children[0];
  const last = repeat.children[repeat.children.length - 1];
  return `${moduleTitle(model, first.graphId!)} … ${moduleTitle(model, last.graphId!)}`;
}

export function repeatType(model: StructureModel, repeat: TreeNode): string {
  return `${model.nodes[repeat.children[0].graphId!].type} ×${repeat.children.length}`;
}

export function boxText(model: StructureModel, node: TreeNode): BoxText {
  if (node.kind === 'repeat') {
    const title = repeatRange(model, node);
    const subtitle = repeatType(model, node);
    return { title, subtitle, tooltip: `${subtitle} blocks ${title} with identical structure` };
  }
  const graphNode = model.nodes[node.graphId!];
  switch (graphNode.kind) {
    case 'module': {
      const title = moduleTitle(model, graphNode.id);
      const subtitle = graphNode.name === '' ? 'model' : graphNode.type;
      return { title, subtitle, tooltip: `${graphNode.name || '(model)'} : ${graphNode.type}  [${graphNode.layer}]` };
    }
    case 'op': {
      const flops = graphNode.flops ? `, ${formatCount(graphNode.flops)} FLOPs` : '';
      return { title: graphNode.op || graphNode.label || 'op', subtitle: '', tooltip: `${graphNode.op}${flops}` };
    }
    default: {
      const shape = `${formatShape(graphNode.shape)} ${graphNode.dtype}`.trim();
      const title = graphNode.name || graphNode.label || graphNode.kind;
      return { title, subtitle: shape, tooltip: `${graphNode.kind} ${title}: ${shape}` };
    }
  }
}

/** Header text of an open group. */
export function frameText(model: StructureModel, node: TreeNode): string {
  if (node.kind === 'repeat') return `${repeatRange(model, node)} · ${repeatType(model, node)}`;
  const graphNode = model.nodes[node.graphId!];
  const title = moduleTitle(model, graphNode.id);
  return graphNode.name === '' ? title : `${title} · ${graphNode.type}`;
}

/**
 * Text of an aggregate edge: the first tensor's shape, and how many more tensors it stands
 * for (tensors counted by producing node, so one tensor read by several ops counts once).
 */
export function edgeText(model: StructureModel, edgeIndices: number[]): string {
  const first = formatShape(model.edges[edgeIndices[0]].shape);
  const producers = new Set(edgeIndices.map((e) => model.edges[e].src)).size;
  return producers > 1 ? `${first} +${producers - 1}` : first;
}
