/**
 * Messages between the view and the layout worker. The graph is ELK's JSON graph format
 * (only the parts this view uses); the worker answers with the same graph, positioned, with
 * every coordinate absolute (`elk.json.shapeCoords` / `edgeCoords` = ROOT).
 */

export interface LayoutPoint {
  x: number;
  y: number;
}

export interface LayoutLabel {
  text: string;
  width: number;
  height: number;
  x?: number;
  y?: number;
}

export interface LayoutSection {
  startPoint: LayoutPoint;
  endPoint: LayoutPoint;
  bendPoints?: LayoutPoint[];
}

export interface LayoutEdge {
  id: string;
  sources: string[];
  targets: string[];
  labels?: LayoutLabel[];
  sections?: LayoutSection[];
}

export interface LayoutNode {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  children?: LayoutNode[];
  edges?: LayoutEdge[];
  layoutOptions?: Record<string, string>;
}

export interface LayoutRequest {
  id: number;
  graph: LayoutNode;
}

export type LayoutResponse = { id: number; ok: true; graph: LayoutNode } | { id: number; ok: false; message: string };
