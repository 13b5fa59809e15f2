/** The layer table as CSV, with exact numbers, for spreadsheets and diffs. */

import type { LayerRow, StepDoc, Totals } from "../types";

/**
 * Quote a CSV field. A field that starts like a formula is prefixed with an apostrophe,
 * so a module named "=HYPERLINK(...)" stays text when the file is opened in a spreadsheet.
 */
function field(value: unknown): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = "'" + text;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const HEADER = [
  "key",
  "name",
  "type",
  "depth",
  "parent",
  "call",
  "calls",
  "input_shapes",
  "output_shapes",
  "params",
  "params_total",
  "trainable",
  "frozen",
  "flops",
  "output_bytes",
  "kernel_size",
  "stride",
  "groups",
  "out_mean",
  "out_std",
  "out_zeros",
];

export function layersCsv(rows: LayerRow[], totals: Totals, step: StepDoc | null): string {
  const lines = [HEADER.join(",")];
  for (const r of rows) {
    const stats = step?.activations[r.key];
    lines.push(
      [
        r.key,
        r.name,
        r.type,
        r.depth,
        r.parent,
        r.call,
        r.calls,
        r.input_shapes,
        r.output_shapes,
        r.params,
        r.params_total,
        r.trainable,
        r.frozen,
        r.flops,
        r.output_bytes,
        r.kernel_size,
        r.stride,
        r.groups,
        stats?.mean,
        stats?.std,
        stats?.zeros,
      ]
        .map(field)
        .join(","),
    );
  }
  lines.push(
    [
      "total",
      "",
      "",
      "",
      "",
      "",
      totals.module_calls,
      "",
      "",
      totals.params,
      totals.params,
      totals.trainable,
      totals.frozen,
      totals.flops,
      totals.output_bytes,
    ]
      .map(field)
      .join(","),
  );
  return lines.join("\r\n") + "\r\n";
}
