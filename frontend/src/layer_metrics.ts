/**
 * Per-layer metrics at one step for the graph overlay: static ones from the layer table
 * (FLOPs, parameters, output bytes) and ones from the step's statistics (output std,
 * dead fraction, gradient norm, update ratio). Gradient norm and update ratio cover every
 * parameter inside the module, so a closed group shows its whole subtree.
 */

import { formatBytes, formatCount, formatFlops, formatPercent, formatValue } from "./format";
import type { StatisticKind } from "./statistics";
import type { StepDoc, StructureDoc } from "./types";

export interface OverlayMetric {
  name: string;
  label: string;
  kind: StatisticKind;
  /** How a folded group of repeated blocks shows its members. */
  combine: "sum" | "max";
  preferLog?: boolean;
  format(value: number): string;
}

export const OVERLAY_METRICS: OverlayMetric[] = [
  { name: "flops", label: "FLOPs", kind: "positive", combine: "sum", format: formatFlops },
  { name: "params", label: "Parameters", kind: "positive", combine: "sum", format: formatCount },
  { name: "output_bytes", label: "Output bytes", kind: "positive", combine: "sum", format: formatBytes },
  { name: "activation_std", label: "Output std", kind: "positive", combine: "max", format: formatValue },
  { name: "dead_fraction", label: "Dead (zero) fraction", kind: "fraction", combine: "max", format: formatPercent },
  { name: "grad_norm", label: "Gradient norm", kind: "positive", combine: "max", format: formatValue, preferLog: true },
  { name: "update_ratio", label: "Update ratio", kind: "positive", combine: "max", format: formatValue, preferLog: true },
  { name: "output_grad_norm", label: "Output gradient norm", kind: "positive", combine: "max", format: formatValue, preferLog: true },
];

export function overlayMetric(name: string | null | undefined): OverlayMetric | null {
  return OVERLAY_METRICS.find((m) => m.name === name) ?? null;
}

export interface MetricValues {
  /** Layer key -> value. */
  layers: Map<string, number>;
  /** Graph node id of an op -> value (FLOPs only). */
  ops: Map<number, number>;
}

const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/** The parameters inside each layer's module (all of them for the root), by layer key. */
function subtreeParameters(structure: StructureDoc, names: string[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const row of structure.layers) {
    const prefix = row.name === "" ? "" : row.name + ".";
    result.set(row.key, prefix === "" ? names : names.filter((n) => n.startsWith(prefix)));
  }
  return result;
}

export function metricValues(metric: OverlayMetric, structure: StructureDoc, step: StepDoc | null): MetricValues {
  const layers = new Map<string, number>();
  const ops = new Map<number, number>();
  const set = (key: string, v: number | null | undefined) => {
    if (finite(v)) layers.set(key, v);
  };
  switch (metric.name) {
    case "flops":
      for (const row of structure.layers) set(row.key, row.flops);
      for (const node of structure.nodes) if (node.kind === "op" && finite(node.flops)) ops.set(node.id, node.flops);
      break;
    case "params":
      for (const row of structure.layers) set(row.key, row.params_total);
      break;
    case "output_bytes":
      for (const row of structure.layers) set(row.key, row.output_bytes);
      break;
    case "activation_std":
      for (const row of structure.layers) set(row.key, step?.activations[row.key]?.std);
      break;
    case "dead_fraction":
      for (const row of structure.layers) set(row.key, step?.activations[row.key]?.zeros);
      break;
    case "output_grad_norm":
      for (const row of structure.layers) set(row.key, step?.output_grads?.[row.key]);
      break;
    case "grad_norm": {
      if (!step) break;
      const owned = subtreeParameters(structure, Object.keys(step.grads));
      for (const [key, names] of owned) {
        const norms = names.map((n) => step.grads[n]?.norm).filter(finite);
        if (norms.length) layers.set(key, Math.sqrt(norms.reduce((sum, v) => sum + v * v, 0)));
      }
      break;
    }
    case "update_ratio": {
      const updates = step?.updates;
      if (!step || !updates) break;
      // ‖ΔW‖ / ‖W‖ of the parameters together: each ratio weighed by its parameter's norm.
      const owned = subtreeParameters(structure, Object.keys(updates));
      for (const [key, names] of owned) {
        let numerator = 0;
        let denominator = 0;
        let found = false;
        for (const name of names) {
          const ratio = updates[name];
          if (!finite(ratio)) continue;
          const norm = step.params[name]?.norm;
          const base = finite(norm) ? norm : 1;
          numerator += (ratio * base) ** 2;
          denominator += base * base;
          found = true;
        }
        if (found) layers.set(key, denominator > 0 ? Math.sqrt(numerator / denominator) : 0);
      }
      break;
    }
  }
  return { layers, ops };
}
