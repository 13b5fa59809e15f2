import assert from "node:assert/strict";
import { test } from "node:test";

import {
  allMetrics,
  formatStatistic,
  metricThreshold,
  overTimeMetrics,
  reaches,
  scaleFor,
  setMetrics,
  statisticInfo,
} from "../src/statistics";
import type { MetricDef } from "../src/types";

/** Entries as the server's `metrics` route sends them (format/metrics.py). */
const metric = (key: string, fields: Partial<MetricDef>): MetricDef => ({
  key,
  label: key,
  description: "",
  source: "activation",
  module: "output",
  scale: "positive",
  unit: "",
  group: "max",
  log_scale: false,
  trend: "",
  thresholds: {},
  over_time: true,
  ...fields,
});

setMetrics([
  metric("dead_units", {
    label: "Dead units",
    scale: "fraction",
    unit: "fraction",
    thresholds: { alert: 0.5 },
    trend: "when_present",
  }),
  metric("grad_norm", { label: "Gradient norm", source: "grads", module: "own", log_scale: true, trend: "always" }),
  metric("flops", {
    label: "FLOPs",
    source: "structure",
    module: "totals",
    unit: "flops",
    group: "sum",
    over_time: false,
  }),
]);

test("the views list the registry's metrics in its order; the over-time pickers leave the structure's out", () => {
  assert.deepEqual(
    allMetrics().map((m) => m.name),
    ["dead_units", "grad_norm", "flops"],
  );
  assert.deepEqual(
    overTimeMetrics().map((m) => m.name),
    ["dead_units", "grad_norm"],
  );
  assert.equal(statisticInfo("flops").combine, "sum");
  assert.equal(statisticInfo("grad_norm").trend, "always");
});

test("values are formatted by the metric's unit, not its name", () => {
  assert.equal(formatStatistic("dead_units", 0.75), "75 %");
  assert.notEqual(formatStatistic("flops", 2.5e9), formatStatistic("grad_norm", 2.5e9));
  assert.equal(formatStatistic("unknown_metric", null), "–");
});

test("thresholds are the registry's levels", () => {
  assert.equal(metricThreshold("dead_units", "alert"), 0.5);
  assert.equal(metricThreshold("grad_norm", "alert"), undefined);
  assert.ok(reaches("dead_units", "alert", 0.5));
  assert.ok(!reaches("dead_units", "alert", 0.49));
  assert.ok(!reaches("grad_norm", "alert", 1e9)); // no level: never reached
  assert.ok(!reaches("dead_units", "alert", null));
});

test("the colour scale follows the metric's hints", () => {
  const fraction = statisticInfo("dead_units");
  assert.deepEqual([scaleFor(fraction.kind, [0.1, 0.2]).lo, scaleFor(fraction.kind, [0.1, 0.2]).hi], [0, 1]);
  const norm = statisticInfo("grad_norm");
  assert.equal(scaleFor(norm.kind, [0.01, 0.1], norm.preferLog).kind, "log"); // 10× is enough with log_scale
  assert.equal(scaleFor(norm.kind, [0.01, 0.1], false).kind, "linear");
});
