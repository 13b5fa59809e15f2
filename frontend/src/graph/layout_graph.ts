/**
 * Turns a visible graph into the ELK graph the worker lays out: frames are ELK nodes with
 * children, boxes are sized from their text, aggregate edges carry their shape label. The
 * layered algorithm with INCLUDE_CHILDREN lays out the nested groups in one pass.
 */
import { METRICS, type MeasureText } from "./geometry";
import { boxText, edgeText, frameText, wrapLabel } from "./labels";
import type { LayoutEdge, LayoutNode } from "./layout_protocol";
import type { GraphModel } from "./model";
import { isGroup, type TreeNode, type ViewTree } from "./tree";
import { isOpen, type VisibleGraph } from "./visible";

/** DOWN: inputs at the top; RIGHT: inputs at the left (long chains read as a row). */
export type LayoutDirection = "DOWN" | "RIGHT";

const ROOT_OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.hierarchyHandling": "INCLUDE_CHILDREN",
  "elk.json.shapeCoords": "ROOT",
  "elk.json.edgeCoords": "ROOT",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.edgeLabels.placement": "CENTER",
  "elk.spacing.nodeNode": "16",
  "elk.spacing.edgeNode": "10",
  "elk.spacing.edgeEdge": "8",
  "elk.spacing.edgeLabel": "2",
  "elk.layered.spacing.nodeNodeBetweenLayers": "22",
  "elk.layered.spacing.edgeNodeBetweenLayers": "10",
  // Keep siblings in execution order where the layering allows: stable, readable layouts.
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  "elk.layered.thoroughness": "4",
  "elk.padding": "[top=16,left=16,bottom=16,right=16]",
};

export function boxSize(model: GraphModel, node: TreeNode, measure: MeasureText): { width: number; height: number } {
  const text = boxText(model, node);
  if (node.kind === "op") {
    const width = Math.min(METRICS.maxTextWidth, measure(text.title, METRICS.opSize)) + 2 * METRICS.padX;
    return { width: Math.max(METRICS.minBoxWidth, Math.ceil(width)), height: METRICS.opHeight };
  }
  const textWidth = Math.min(
    METRICS.maxTextWidth,
    Math.max(measure(text.title, METRICS.titleSize, { bold: true }), measure(text.subtitle, METRICS.subtitleSize)),
  );
  const toggle = isGroup(node) && node.children.length > 0 ? METRICS.toggleSpace : 0;
  const width = Math.ceil(textWidth + 2 * METRICS.padX + toggle);
  const height = node.kind === "input" || node.kind === "output" ? METRICS.ioHeight : METRICS.moduleHeight;
  return { width: Math.max(METRICS.minBoxWidth, width), height };
}

/** The header of an open group: its name in full, wrapped onto lines, and the room it takes. */
export interface FrameHeader {
  lines: string[];
  /** The least frame width that shows the header whole (text, padding and the − button). */
  width: number;
  height: number;
}

export function frameHeader(model: GraphModel, node: TreeNode, measure: MeasureText): FrameHeader {
  const width = (text: string): number => measure(text, METRICS.titleSize, { bold: true });
  const lines = wrapLabel(frameText(model, node), METRICS.maxHeaderWidth, width);
  const textWidth = Math.max(...lines.map(width));
  return {
    lines,
    width: Math.ceil(textWidth + 2 * METRICS.padX + METRICS.toggleSpace),
    height: METRICS.frameHeader + (lines.length - 1) * METRICS.headerLine,
  };
}

/**
 * ELK options of an open group: its header's room as top padding (so no child sits under
 * it), and its header's width as the frame's least width. ELK 0.12's layered algorithm
 * reads a compound node's minimum size in its own transposed coordinates when laid out
 * DOWN (tested in frontend/test), so the pair is given (height, width) there.
 */
export function frameOptions(
  header: FrameHeader,
  direction: LayoutDirection,
  wrapAspect: number | null = null,
): Record<string, string> {
  const pad = METRICS.framePad;
  return {
    ...wrapOptions(wrapAspect),
    "elk.padding": `[top=${header.height + pad / 2},left=${pad},bottom=${pad},right=${pad}]`,
    "elk.nodeSize.constraints": "MINIMUM_SIZE",
    "elk.nodeSize.minimum": direction === "DOWN" ? `(0,${header.width})` : `(${header.width},0)`,
  };
}

/**
 * Graph wrapping: ELK cuts a long chain of layers (80 transformer blocks) into pieces laid
 * side by side, so the whole fits a view of aspect ratio `aspect` (width / height) at a
 * scale where its names can be read. Set on every graph level, as each lays out its own.
 */
function wrapOptions(aspect: number | null): Record<string, string> {
  if (aspect === null) return {};
  // SINGLE_EDGE throws inside ELK 0.12 on nested graphs (NoSuchElementException); MULTI_EDGE
  // works, and the worker lays out again unwrapped if it ever fails.
  return { [WRAPPING]: "MULTI_EDGE", "elk.aspectRatio": aspect.toFixed(2) };
}

export const WRAPPING = "elk.layered.wrapping.strategy";

/** The same graph without wrapping (the worker's fallback). */
export function withoutWrapping(node: LayoutNode): LayoutNode {
  const options =
    node.layoutOptions === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(node.layoutOptions).filter(([name]) => name !== WRAPPING && name !== "elk.aspectRatio"),
        );
  return { ...node, layoutOptions: options, children: node.children?.map(withoutWrapping) };
}

/** Above this many drawn boxes, a layout wraps its long chains to the view's shape. */
export const WRAP_BOXES = 60;
/** Only a level with this many children wraps: cutting a short one only bends its edges. */
const WRAP_CHILDREN = 12;

export function buildLayoutGraph(
  model: GraphModel,
  tree: ViewTree,
  expanded: Set<string>,
  visible: VisibleGraph,
  measure: MeasureText,
  direction: LayoutDirection = "DOWN",
  wrapAspect: number | null = null,
): LayoutNode {
  const toLayoutNode = (node: TreeNode): LayoutNode => {
    if (!isOpen(expanded, node)) return { id: node.id, ...boxSize(model, node, measure) };
    return {
      id: node.id,
      layoutOptions: frameOptions(
        frameHeader(model, node, measure),
        direction,
        node.children.length >= WRAP_CHILDREN ? wrapAspect : null,
      ),
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
      labels: [
        { text, width: Math.ceil(measure(text, METRICS.edgeLabelSize, { mono: true })) + 4, height: labelHeight },
      ],
    };
  });
  return {
    id: "root",
    layoutOptions: {
      ...ROOT_OPTIONS,
      "elk.direction": direction,
      ...wrapOptions(tree.root.children.length >= WRAP_CHILDREN ? wrapAspect : null),
    },
    children: tree.root.children.map(toLayoutNode),
    edges,
  };
}
