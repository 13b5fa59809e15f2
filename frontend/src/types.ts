/**
 * Shapes of the JSON the plugin server answers with (docs/routes.md), which in turn are
 * the documents the writer stores (docs/format.md). Everything here is data from an
 * event file: treat strings as untrusted text.
 */

export type Shape = number[];

export interface RunTag {
  tag: string;
  steps: number[];
}

export interface RunEntry {
  run: string;
  tags: RunTag[];
}

export interface RunsResponse {
  runs: RunEntry[];
}

export interface TensorSpec {
  name: string;
  shape: Shape | null;
  dtype: string;
}

export interface GraphNode {
  id: number;
  kind: "input" | "output" | "module" | "op";
  parent: number | null;
  label: string;
  name?: string;
  type?: string;
  call?: number;
  layer?: string;
  op?: string;
  flops?: number;
  inplace?: boolean;
  shape?: Shape | null;
  dtype?: string;
}

export interface GraphEdge {
  src: number;
  dst: number;
  shape: Shape | null;
  dtype: string;
}

/** One row of the layer table: one call of one module (or a module that never ran). */
export interface LayerRow {
  key: string;
  node: number | null;
  name: string;
  type: string;
  depth: number;
  parent: string | null;
  call: number;
  calls: number;
  input_shapes: (Shape | null)[];
  output_shapes: (Shape | null)[];
  params: number;
  params_total: number;
  trainable: number;
  frozen: number;
  param_bytes: Record<string, number>;
  param_names: string[];
  /** Own parameters that are the same tensor as one registered earlier: name -> that earlier name. */
  tied_params?: Record<string, string>;
  /** How many of `params` are tied (with `tied_params`). */
  params_tied?: number;
  flops: number | null;
  output_bytes: number | null;
  kernel_size?: number | number[] | null;
  stride?: number | number[] | null;
  groups?: number | null;
  extra?: string;
}

export interface Totals {
  params: number;
  trainable: number;
  frozen: number;
  param_bytes: Record<string, number>;
  buffer_bytes: number;
  flops: number;
  input_bytes: number;
  output_bytes: number;
  module_calls: number;
}

export interface StructureDoc {
  format_version: number;
  hash: string;
  model_type: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  nodes: GraphNode[];
  edges: GraphEdge[];
  layers: LayerRow[];
  totals: Totals;
  /** The autograd graph, in the shape of `nodes`/`edges` (docs/format.md); absent in older logs. */
  backward?: BackwardGraph;
}

/** A trainable parameter that the backward graph's scalar does not reach. */
export interface UnreachableParameter {
  parameter: string;
  module: string;
  reason: string | null;
  op: string | null;
  at: string | null;
  message: string;
}

export interface BackwardGraph {
  scalar: string | null;
  /** Why there is no graph (nodes and edges then empty). */
  error: string | null;
  cut: boolean;
  nodes: GraphNode[];
  edges: GraphEdge[];
  unreachable: UnreachableParameter[];
}

export interface Histogram {
  lo: number | null;
  hi: number | null;
  counts: number[];
}

/** Summary statistics of one tensor; non-finite values arrive as null. */
export interface Stats {
  numel: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
  absmax: number | null;
  zeros: number | null;
  nan: number;
  inf: number;
  hist?: Histogram | null;
  norm?: number | null;
  /** Fields estimated from a subset of the values (docs/format.md). */
  estimated?: string[];
}

export type SampleLayout = "chw" | "tf" | "vec";

export interface SampleEntry {
  blob: number;
  layout: SampleLayout;
  shape: Shape;
}

export interface StepDoc {
  format_version: number;
  structure: string;
  tag: string;
  step: number;
  wall_time: number;
  activations: Record<string, Stats>;
  params: Record<string, Stats>;
  grads: Record<string, Stats>;
  /** ‖W(t) − W(t′)‖ / ‖W(t′)‖ since the previous recorded call, per parameter. */
  updates?: Record<string, number | null>;
  /** L2 norm of the gradient arriving at each call's output (grad_flow=True only), by layer key. */
  output_grads?: Record<string, number | null>;
  samples: Record<string, SampleEntry>;
  capture?: { seconds?: number; complete?: boolean; warnings?: string[] };
}

/** The `activation` route's answer: a sample header plus base64 uint8 values. */
export interface SampleResponse {
  key: string;
  layout: SampleLayout;
  shape: Shape;
  source_shape: Shape;
  lo: (number | null)[] | (number | null)[][];
  hi: (number | null)[] | (number | null)[][];
  data: string;
}

// ---- change over time (stat_matrix, layer_trends, alerts, step_diff, architecture_diff) ----

/** A layer as the over-time routes name it: a row of the latest step's layer table. */
export interface LayerRef {
  key: string;
  name: string;
  type: string | null;
  depth: number | null;
}

/** A step that could not be read, listed instead of failing the whole series. */
export interface Unreadable {
  step: number;
  error: string;
}

/** One per-layer metric of the server's registry (format/metrics.py, the `metrics` route). */
export interface MetricDef {
  key: string;
  label: string;
  description: string;
  /** Where the server reads it: "activation", "params", "grads", "updates", a per-layer map of the step, or "structure". */
  source: string;
  /** How a module's value relates to its children's: "output", "own", "subtree" or "totals". */
  module: string;
  /** Colour hint: signed (diverging), positive (magnitudes), fraction (0..1), count (integers). */
  scale: "signed" | "positive" | "fraction" | "count";
  /** Formatting hint: "", "fraction", "count", "flops", "bytes", "parameters". */
  unit: string;
  /** How a folded run of repeated blocks shows its members. */
  group: "sum" | "max";
  log_scale: boolean;
  /** Whether Trends draws its line for every layer ("always"), where it has a non-zero value ("when_present"), or only when picked (""). */
  trend: string;
  /** Levels the alerts ("alert") and panels ("warning") use. */
  thresholds: Record<string, number>;
  /** Read from step documents (a layer × step matrix exists), not from the structure. */
  over_time: boolean;
}

export interface MetricsResponse {
  metrics: MetricDef[];
}

/** The `layer_values` route: every metric at one step, computed by the server. */
export interface LayerValues {
  step: number;
  structure: string;
  /** Metric key -> layer key -> value (layers without one left out). */
  values: Record<string, Record<string, number>>;
  /** Metric key -> graph node id -> value, for metrics ops have too (FLOPs). */
  ops: Record<string, Record<string, number>>;
}

export interface StatMatrix {
  statistic: string;
  description: string;
  steps: number[];
  layers: LayerRef[];
  /** values[layer][step index]; null where the layer has no such value at that step. */
  values: (number | null)[][];
  range: [number, number] | null;
  structure: string;
  unreadable: Unreadable[];
}

export interface LayerTrends {
  layer: LayerRef;
  steps: number[];
  statistics: Record<string, (number | null)[]>;
  descriptions: Record<string, string>;
  /** Per step, which of the run's distinct inputs it ran on (by input fingerprint); null where unknown. */
  inputs: (number | null)[];
  unreadable: Unreadable[];
}

/** The `histograms` route: one layer's stored histograms at every step. */
export interface LayerHistograms {
  layer: LayerRef;
  steps: number[];
  activation: (Histogram | null)[];
  params: Record<string, (Histogram | null)[]>;
  grads: Record<string, (Histogram | null)[]>;
  unreadable: Unreadable[];
}

export type AlertKind = "nonfinite" | "exploding" | "vanishing" | "dead" | "saturated" | "not_learning" | "lr_too_high";

export interface Alert {
  kind: AlertKind | string;
  layer: string;
  name: string;
  type: string | null;
  step: number;
  /** The stat_matrix statistic that shows the problem. */
  statistic: string;
  value: number | null;
  message: string;
}

export interface AlertsResponse {
  alerts: Alert[];
  steps: number[];
  structure: string;
  unreadable: Unreadable[];
}

export interface StepDiffLayer extends LayerRef {
  a: Record<string, number | null>;
  b: Record<string, number | null>;
  delta: Record<string, number | null>;
  relative: Record<string, number | null>;
}

export interface StepDiff {
  steps: [number | null, number | null];
  statistics: string[];
  layers: StepDiffLayer[];
  only_in_a: string[];
  only_in_b: string[];
  /** Whether both steps ran on the same inputs; null where a step has no fingerprint. */
  same_inputs: boolean | null;
  structures: [string | null, string | null];
}

export interface ModuleBrief {
  name: string;
  type: string | null;
  params_total?: number;
  params?: number;
}

export interface ArchitectureSummary {
  model_type: string | null;
  hash: string | null;
  params: number | null;
  trainable: number | null;
  frozen: number | null;
}

export interface ArchitectureDiff {
  identical: boolean;
  a: ArchitectureSummary;
  b: ArchitectureSummary;
  added: ModuleBrief[];
  removed: ModuleBrief[];
  changed: { name: string; type: string | null; changes: Record<string, [unknown, unknown]> }[];
  frozen: ModuleBrief[];
  unfrozen: ModuleBrief[];
}
