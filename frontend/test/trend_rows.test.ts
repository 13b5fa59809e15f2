import assert from "node:assert/strict";
import { test } from "node:test";

import { groupOf, strongest, trendRows } from "../src/trend_rows";

const layer = (name: string, depth: number) => ({
  key: name + "#0",
  name,
  type: name.endsWith("attn") ? "Attention" : "Linear",
  depth,
});

test("blocks are found by their number, prefixes by their first segment", () => {
  assert.equal(groupOf("transformer.h.3.attn.c_attn", "block"), "transformer.h.3");
  assert.equal(groupOf("layer1.0.conv1", "block"), "layer1.0");
  assert.equal(groupOf("lm_head", "block"), null);
  assert.equal(groupOf("transformer.ln_f", "top"), "transformer");
  assert.equal(groupOf("", "top"), null);
  assert.equal(groupOf("transformer.h.3", "none"), null);
});

test("a group's row shows its strongest member, sign kept", () => {
  assert.deepEqual(
    strongest(
      [
        [1, -5, null],
        [-2, 3, null],
      ],
      3,
    ),
    [-2, -5, null],
  );
});

test("rows: grouped, opened, filtered", () => {
  const layers = [
    layer("", 0),
    layer("transformer.h.0", 2),
    layer("transformer.h.0.attn", 3),
    layer("transformer.h.1", 2),
    layer("transformer.h.1.attn", 3),
    layer("lm_head", 1),
  ];
  const values = layers.map((_, i) => [i, -i]);
  const closed = trendRows(layers, values, 2, "", "block", new Set());
  assert.deepEqual(
    closed.map((r) => r.layer.key),
    ["#0", "group:transformer.h.0", "group:transformer.h.1", "lm_head#0"],
  );
  assert.deepEqual(closed[2].values, [4, -4]);
  assert.equal(closed[1].layer.name, "▸ transformer.h.0 · 2 layers");
  const opened = trendRows(layers, values, 2, "", "block", new Set(["transformer.h.1"]));
  assert.deepEqual(
    opened.map((r) => r.layer.key),
    [
      "#0",
      "group:transformer.h.0",
      "group:transformer.h.1",
      "transformer.h.1#0",
      "transformer.h.1.attn#0",
      "lm_head#0",
    ],
  );
  // Filtering leaves one member per block: no group of one.
  const filtered = trendRows(layers, values, 2, "ATTN", "block", new Set());
  assert.deepEqual(
    filtered.map((r) => r.layer.key),
    ["transformer.h.0.attn#0", "transformer.h.1.attn#0"],
  );
});
