/**
 * Turns a visible graph into the ELK graph the worker lays out: frames are ELK nodes with
 * children, boxes are sized from their text, aggregate edges carry their shape label. The
 * layered algorithm with INCLUDE_CHILDREN lays out the nested groups in one pass.
 */
import { METRICS, type MeasureText } from './geometry';
import { boxText, edgeText } from './labels';
import type { LayoutEdge, LayoutNode } from './layout_protocol';
import type { StructureModel } from './model';
import { isGroup, type TreeNode, type ViewTree } from './tree';
import { isOpen, type VisibleGraph } from './visible';

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.spacing.nodeNode': '16',
  'elk.spacing.edgeNode': '10',
  'elk.spacing.edgeEdge': '8',
  'elk.spacing.edgeLabel': '2',
  'elk.layered.spacing.nodeNodeBetweenLayers': '22',
  'elk.layered.spacing.edgeNodeBetweenLayers': '10',
  // Keep siblings in execution order where the layering allows: stable, readable layouts.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.thoroughness': '4',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
};

export function boxSize(model: StructureModel, node: TreeNode, measure: MeasureText): { width: number; height: number } {
  const text = boxText(model, node);
  if (node.kind === 'op') {
    const width = Math.min(METRICS.maxTextWidth, measure(text.title, METRICS.opSize)) + 2 * METRICS.padX;
    return { width: Math.max(METRICS.minBoxWidth, Math.ceil(width)), height: METRICS.opHeight };
  }
  const textWidth = Math.min(METRICS.maxTextWidth, Math.max(
    measure(text.title, METRICS.titleSize, { bold: true }),
    measure(text.subtitle, METRICS.subtitleSize),
  ));
  const toggle = isGroup(node) && node.children.length > 0 ? METRICS.toggleSpace : 0;
  const width = Math.ceil(textWidth + 2 * METRICS.padX + toggle);
  const height = node.kind === 'input' || node.kind === 'output' ? METRICS.ioHeight : METRICS.moduleHeight;
  return { width: Math.max(METRICS.minBoxWidth, width), height };
}

export function buildLayoutGraph(
  model: StructureModel,
  tree: ViewTree,
  expanded: Set<string>,
  visible: VisibleGraph,
  measure: MeasureText,
): LayoutNode {
  const pad = METRICS.framePad;
  const toLayoutNode = (node: TreeNode): LayoutNode => {
    if (!isOpen(expanded, node)) return { id: node.id, ...boxSize(model, node, measure) };
    // No minimum width for the header: ELK 0.11 misapplies node-size minimums and node labels
    // of compound nodes laid out DOWN with INCLUDE_CHILDREN; the drawing shortens the header.
    return {
      id: node.id,
      layoutOptions: { 'elk.padding': `[top=${METRICS.frameHeader + pad / 2},left=${pad},bottom=${pad},right=${pad}]` },
      children: node.children.map(toLayoutNode),
    };
  };
  const labelHeight = METRICS.edgeLabelSize + 3;
  const edges: LayoutEdge[] = visible.edges.map((edge) => {
    const text = edgeText(model, edge.edges);
    return {
      id: edge.id,
      sources: [edge.src.id],
      targets: [edge.dst.id],
      labels: [{ text, width: Math.ceil(measure(text, METRICS.edgeLabelSize, { mono: true })) + 4, height: labelHeight }],
    };
  });
  return {
    id: 'root',
    layoutOptions: ROOT_OPTIONS,
    children: tree.root.children.map(toLayoutNode),
    edges,
  };
}
