/**
 * The graph view as part of the one dashboard (`npm test`): its colours come from the
 * stylesheet's variables in both themes, text on overlay fills stays readable, the panel's
 * histogram follows the Activations tab's log rule, a stored node is filled in to the
 * graph's view model, and folded blocks combine their values by the metric's rule.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { readableTextOn } from "../src/colormap";
import { parseStructure } from "../src/graph/model";
import { overlayFills, type GraphOverlay } from "../src/graph/overlay";
import { readTheme, THEME_VARIABLES } from "../src/graph/theme";
import { buildViewTree } from "../src/graph/tree";
import { spikyHistogram } from "../src/stats_grid";
import styles from "../src/styles.css";
import { gpt2Like } from "./fixtures";

/** The custom properties a top-level rule of the stylesheet defines, by name. */
function ruleVariables(selector: string): Map<string, string> {
  const start = styles.indexOf(`\n${selector} {`);
  assert.ok(start >= 0, `styles.css has no ${selector} rule`);
  const body = styles.slice(start, styles.indexOf("\n}", start));
  return new Map([...body.matchAll(/^\s*(--[\w-]+):\s*([^;]+);/gm)].map((m) => [m[1], m[2].trim()]));
}

test("every colour of the graph drawing is a variable of both themes in styles.css", () => {
  const light = ruleVariables(":root");
  const dark = ruleVariables(":root.mv-dark");
  for (const variable of Object.values(THEME_VARIABLES)) {
    assert.ok(light.has(variable), `${variable} missing from :root`);
    assert.ok(dark.has(variable), `${variable} missing from :root.mv-dark`);
  }
  // The selection outline the browser tests look for, and the exported background.
  assert.equal(light.get("--mv-graph-selected"), "#e8590c");
  assert.equal(light.get("--mv-bg"), "#ffffff");
  assert.notEqual(dark.get("--mv-graph-module-fill"), light.get("--mv-graph-module-fill"));
});

test("the theme is read from the variables, and a missing one is named", () => {
  const light = ruleVariables(":root");
  const theme = readTheme({ getPropertyValue: (name) => ` ${light.get(name) ?? ""}` });
  assert.equal(theme.selected, "#e8590c");
  assert.equal(theme.frameFillOpacity, "0.05");
  assert.equal(theme.background, "#ffffff");
  assert.equal(Object.keys(theme).length, Object.keys(THEME_VARIABLES).length);
  assert.throws(
    () => readTheme({ getPropertyValue: (name) => (name === "--mv-graph-edge" ? "" : "#000000") }),
    (error) => error instanceof Error && /defines no --mv-graph-edge:/.test(error.message),
  );
});

test("text on an overlay fill is dark on light fills and light on dark ones", () => {
  assert.deepEqual(readableTextOn("#ffffff"), ["#111418", "#2c323c"]);
  assert.deepEqual(readableTextOn("rgb(255, 243, 163)"), ["#111418", "#2c323c"]);
  assert.deepEqual(readableTextOn("#053061"), ["#ffffff", "#e4e8ee"]);
  assert.deepEqual(readableTextOn("rgb(68, 1, 84)"), ["#ffffff", "#e4e8ee"]);
  // A form it cannot read (a named colour, a gradient) keeps the ordinary dark text.
  assert.deepEqual(readableTextOn("transparent"), ["#1f2430", "#3d4452"]);
});

test("a histogram is drawn with log counts when one bin holds most values", () => {
  assert.equal(spikyHistogram({ lo: 0, hi: 1, counts: [90, 3, 4, 3] }), true);
  assert.equal(spikyHistogram({ lo: 0, hi: 1, counts: [50, 50] }), false);
  assert.equal(spikyHistogram({ lo: -1, hi: 1, counts: [10, 20, 30, 20, 10] }), false);
  assert.equal(spikyHistogram({ lo: null, hi: null, counts: [] }), false);
  assert.equal(spikyHistogram(null), false);
});

test("a stored node is filled in to the view model; layer rows keep their stored fields", () => {
  const model = parseStructure({
    hash: "h",
    model_type: "M",
    nodes: [
      { id: 0, kind: "module", parent: null, label: "", name: "", type: "M", layer: "#0" },
      { id: 1, kind: "op", parent: 0, label: "relu" },
    ],
    edges: [],
    layers: [{ key: "#0", node: 0, name: "", type: "M", tied_params: { "b.weight": "a.weight" }, params_tied: 3 }],
  });
  const op = model.nodes[1];
  assert.deepEqual(
    {
      op: op.op,
      flops: op.flops,
      inplace: op.inplace,
      shape: op.shape,
      dtype: op.dtype,
      call: op.call,
      layer: op.layer,
      children: op.children,
    },
    { op: "", flops: null, inplace: false, shape: null, dtype: "", call: 0, layer: null, children: [] },
  );
  assert.deepEqual(model.nodes[0].children, [1]);
  const row = model.layers.get("#0");
  assert.deepEqual(row?.tied_params, { "b.weight": "a.weight" });
  assert.equal(row?.params_tied, 3);
});

test("a folded run of blocks combines its members by the metric rule, and shows each in its gradient", () => {
  const model = parseStructure(gpt2Like(3, 8, 16, 2));
  const tree = buildViewTree(model);
  const repeat = [...tree.byId.values()].find((node) => node.kind === "repeat");
  assert.ok(repeat !== undefined, "the three blocks fold");
  const keys = repeat.children.map((member) => model.nodes[member.graphId!].layer!);
  const values = new Map(keys.map((key, i) => [key, [1, -5, 2][i]]));
  const overlay = (combine: GraphOverlay["combine"]): GraphOverlay => ({
    label: "metric",
    values,
    combine,
    color: (v) => `rgb(${v + 10}, 0, 0)`,
    format: (v) => String(v),
  });
  const fillOf = (combine: GraphOverlay["combine"]) =>
    overlayFills(model, tree, overlay(combine), () => true).get(repeat.id);
  assert.equal(fillOf("sum")?.fill, "rgb(8, 0, 0)");
  assert.ok(/total -2, first 1, last 2/.test(fillOf("sum")?.note ?? ""), fillOf("sum")?.note);
  assert.equal(fillOf("max")?.fill, "rgb(12, 0, 0)");
  assert.equal(fillOf("maxAbs")?.fill, "rgb(5, 0, 0)");
  assert.deepEqual(fillOf("max")?.stops, ["rgb(11, 0, 0)", "rgb(5, 0, 0)", "rgb(12, 0, 0)"]);
});
