/**
 * Tests of the graph view's logic that need no browser: document checks, repeat folding,
 * default expansion, edge aggregation, search (`npm test`).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultExpansion, longestChain, reveal, visibleBoxCount } from "../src/graph/expansion";
import { parseStructure, StructureError } from "../src/graph/model";
import { findMatches } from "../src/graph/search";
import { buildViewTree, type TreeNode } from "../src/graph/tree";
import { visibleGraph } from "../src/graph/visible";
import { gpt2Like, smallCnn } from "./fixtures";

const repeats = (nodes: Iterable<TreeNode>): TreeNode[] => [...nodes].filter((n) => n.kind === "repeat");

function minimal(): Record<string, unknown> {
  return {
    hash: "h",
    model_type: "M",
    nodes: [
      { id: 0, kind: "module", parent: null, label: "", name: "", type: "M", call: 0, layer: "#0" },
      { id: 1, kind: "input", parent: null, label: "x", name: "x", shape: [1], dtype: "float32" },
      { id: 2, kind: "op", parent: 0, label: "relu", op: "relu", flops: 1, inplace: false },
    ],
    edges: [{ src: 1, dst: 2, shape: [1], dtype: "float32" }],
    layers: [{ key: "#0", node: 0, name: "", type: "M" }],
  };
}

test("a valid document parses and is indexed", () => {
  const model = parseStructure(minimal());
  assert.deepEqual(model.roots, [0, 1]);
  assert.deepEqual(model.nodes[0].children, [2]);
  assert.equal(model.nodeByLayer.get("#0"), 0);
  assert.deepEqual(model.inEdges[2], [0]);
});

test("bad documents are refused with a clear message", () => {
  const cases: [(doc: Record<string, unknown>) => unknown, RegExp][] = [
    [() => "text", /not a JSON object/],
    [(d) => ({ ...d, nodes: undefined }), /no "nodes" list/],
    [
      (d) => {
        (d.nodes as Record<string, unknown>[])[1].id = 7;
        return d;
      },
      /node 1 has id 7/,
    ],
    [
      (d) => {
        (d.nodes as Record<string, unknown>[])[2].kind = "layer";
        return d;
      },
      /unknown kind/,
    ],
    [
      (d) => {
        (d.nodes as Record<string, unknown>[])[0].parent = 2;
        return d;
      },
      /not a module/,
    ],
    [
      (d) => {
        (d.nodes as Record<string, unknown>[])[0].parent = 0;
        return d;
      },
      /cycle/,
    ],
    [
      (d) => {
        (d.edges as Record<string, unknown>[])[0].dst = 0;
        return d;
      },
      /ends at module node 0/,
    ],
    [
      (d) => {
        (d.edges as Record<string, unknown>[])[0].src = 9;
        return d;
      },
      /not a node id/,
    ],
    [
      (d) => {
        delete (d.nodes as Record<string, unknown>[])[0].layer;
        return d;
      },
      /no layer key/,
    ],
    [(d) => ({ ...d, layers: [{ node: 0 }] }), /row 0 has no key/],
  ];
  for (const [mutate, message] of cases) {
    assert.throws(
      () => parseStructure(mutate(minimal())),
      (error: unknown) => error instanceof StructureError && message.test(error.message),
    );
  }
});

test("GPT-2 blocks fold into one x12 repeat; parallel embeddings do not fold", () => {
  const model = parseStructure(gpt2Like(12));
  const tree = buildViewTree(model);
  const found = repeats(tree.byId.values());
  assert.equal(found.length, 1);
  assert.equal(found[0].children.length, 12);
  assert.deepEqual(
    found[0].children.map((c) => model.nodes[c.graphId!].name),
    Array.from({ length: 12 }, (_, i) => `transformer.h.${i}`),
  );
  assert.equal(tree.byGraphId[model.nodeByLayer.get("transformer.wte#0")!].parent!.kind, "module");
});

test("blocks with a different inside do not fold (ResNet stage with a downsample)", () => {
  const model = parseStructure(smallCnn());
  const tree = buildViewTree(model);
  const found = repeats(tree.byId.values());
  assert.equal(found.length, 1);
  assert.deepEqual(
    found[0].children.map((c) => model.nodes[c.graphId!].name),
    ["layer1.0", "layer1.1"],
  );
  const layer2 = tree.byGraphId[model.nodeByLayer.get("layer2#0")!];
  assert.deepEqual(
    layer2.children.map((c) => c.kind),
    ["module", "module"],
  );
});

test("default expansion stays near the budget, keeps repeats closed, and scales to 24 blocks", () => {
  for (const doc of [smallCnn(), gpt2Like(12), gpt2Like(24)]) {
    const tree = buildViewTree(parseStructure(doc));
    const expanded = defaultExpansion(tree);
    assert.ok(visibleBoxCount(tree, expanded) <= 50);
    assert.ok(visibleBoxCount(tree, expanded) >= 10);
    for (const repeat of repeats(tree.byId.values())) assert.ok(!expanded.has(repeat.id));
  }
});

test("default expansion leaves a level closed where it would draw a chain too long to read", () => {
  const model = parseStructure(smallCnn());
  const tree = buildViewTree(model);
  const free = defaultExpansion(tree, model, 50, 1000);
  const freeChain = longestChain(visibleGraph(model, tree, free));
  const rootChain = longestChain(visibleGraph(model, tree, new Set(["root"])));
  assert.ok(freeChain > rootChain, `${freeChain} vs ${rootChain}`);
  // A budget below the opened chain keeps the level that made it closed.
  const bounded = defaultExpansion(tree, model, 50, freeChain - 1);
  assert.ok(bounded.size < free.size);
  assert.ok(longestChain(visibleGraph(model, tree, bounded)) <= Math.max(freeChain - 1, rootChain));
  // Without the model, only the box budget applies (as before).
  assert.deepEqual([...defaultExpansion(tree)].sort(), [...free].sort());
});

test("edges of closed groups are aggregated between visible boxes", () => {
  const model = parseStructure(gpt2Like(12));
  const tree = buildViewTree(model);
  const expanded = defaultExpansion(tree);
  const visible = visibleGraph(model, tree, expanded);
  const repeat = repeats(tree.byId.values())[0];
  assert.ok(visible.boxes.includes(repeat));
  for (const edge of visible.edges) assert.notEqual(edge.src, edge.dst);
  const into = visible.edges.filter((e) => e.dst === repeat).map((e) => model.nodes[e.src.graphId!].name);
  const out = visible.edges.filter((e) => e.src === repeat).map((e) => model.nodes[e.dst.graphId!].name);
  assert.deepEqual(into, ["transformer.drop"]);
  assert.deepEqual(out, ["transformer.ln_f"]);
  // Every underlying edge is either inside one box or carried by exactly one visible edge.
  const carried = visible.edges.reduce((n, e) => n + e.edges.length, 0);
  const internal = model.edges.filter((e) => visible.boxOfLeaf[e.src] === visible.boxOfLeaf[e.dst]).length;
  assert.equal(carried + internal, model.edges.length);
});

test("reveal opens exactly the groups above a node", () => {
  const model = parseStructure(gpt2Like(12));
  const tree = buildViewTree(model);
  const expanded = defaultExpansion(tree);
  const target = tree.byGraphId[model.nodeByLayer.get("transformer.h.3.attn.c_proj#0")!];
  assert.ok(reveal(expanded, target));
  const visible = visibleGraph(model, tree, expanded);
  assert.ok(visible.boxes.includes(target));
  assert.ok(!reveal(expanded, target));
});

test("search matches names, types, layer keys and ops, case-insensitively", () => {
  const model = parseStructure(gpt2Like(12));
  const tree = buildViewTree(model);
  assert.equal(findMatches(model, tree, "SOFTMAX").length, 12);
  assert.equal(findMatches(model, tree, "gpt2block").length, 12);
  assert.equal(findMatches(model, tree, "h.11.mlp#0").length, 1);
  assert.equal(findMatches(model, tree, "  ").length, 0);
});
