/**
 * Tests of the graph view's pure parts added for large models and readable labels:
 * header wrapping and the room ELK leaves for it, search that gives the expansion back,
 * expand-to-depth, keyboard navigation, edge tooltips and the one number format.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import ELK from "elkjs/lib/elk.bundled.js";
import { formatCount, formatDims, formatFlops, formatPercent } from "../src/format";
import { defaultExpansion, expandToDepth, expansionKey, maxDepth, reveal, withToggles } from "../src/graph/expansion";
import { createTextMeasurer } from "../src/graph/geometry";
import { edgeTooltip, wrapLabel } from "../src/graph/labels";
import { buildLayoutGraph, frameHeader, type LayoutDirection } from "../src/graph/layout_graph";
import type { LayoutNode } from "../src/graph/layout_protocol";
import { parseStructure } from "../src/graph/model";
import { nearestInDirection } from "../src/graph/navigation";
import { findMatches } from "../src/graph/search";
import { buildViewTree } from "../src/graph/tree";
import { isOpen, visibleGraph } from "../src/graph/visible";
import { gpt2Like, smallCnn } from "./fixtures";

const measure = createTextMeasurer(); // no canvas in Node: a width estimate per character

test("a header wraps at dots and spaces, and splits only a word wider than the room", () => {
  const width = (text: string) => text.length * 7;
  assert.deepEqual(wrapLabel("attn · GPT2Attention", 400, width), ["attn · GPT2Attention"]);
  const lines = wrapLabel("transformer.h.0.attn.c_attn · Conv1D", 100, width);
  assert.ok(lines.length > 1);
  assert.equal(lines.join("").replace(/\s+/g, ""), "transformer.h.0.attn.c_attn·Conv1D");
  for (const line of lines) assert.ok(width(line) <= 100, line);
  const long = wrapLabel("x".repeat(40), 70, width);
  assert.equal(long.join(""), "x".repeat(40));
  for (const line of long) assert.ok(width(line) <= 70);
});

function findNode(layout: LayoutNode, id: string): LayoutNode | undefined {
  if (layout.id === id) return layout;
  for (const child of layout.children ?? []) {
    const found = findNode(child, id);
    if (found) return found;
  }
  return undefined;
}

for (const direction of ["DOWN", "RIGHT"] as LayoutDirection[]) {
  test(`ELK (${direction}) makes every open group as wide as its header and keeps children below it`, async () => {
    const model = parseStructure(gpt2Like(3, 16, 64, 4));
    const tree = buildViewTree(model);
    // Everything open: the repeat, its blocks, their attention and MLP modules.
    const expanded = new Set<string>([...tree.byId.values()].filter((n) => n.kind !== "op").map((n) => n.id));
    const graph = buildLayoutGraph(model, tree, expanded, visibleGraph(model, tree, expanded), measure, direction);
    const elk = new ELK();
    const layout = (await elk.layout(graph as Parameters<typeof elk.layout>[0])) as LayoutNode;
    let frames = 0;
    for (const node of tree.byId.values()) {
      if (node.kind === "root" || !isOpen(expanded, node)) continue;
      const drawn = findNode(layout, node.id)!;
      const header = frameHeader(model, node, measure);
      frames++;
      assert.ok(drawn.width! >= header.width - 0.5, `${node.id}: width ${drawn.width} < header ${header.width}`);
      for (const child of drawn.children ?? []) {
        assert.ok(child.y! >= drawn.y! + header.height, `${child.id} sits under the header of ${node.id}`);
      }
    }
    assert.ok(frames >= 5);
  });
}

test("clearing a search gives back the expansion from before it, with the user's own toggles", () => {
  const model = parseStructure(gpt2Like(12));
  const tree = buildViewTree(model);
  const before = defaultExpansion(tree);
  const matches = findMatches(model, tree, "attn");
  assert.ok(matches.length > 10);
  // What showing a match opens is dropped: cleared with no clicks in between, the old expansion.
  const shown = new Set(before);
  reveal(shown, matches[5]);
  assert.notEqual(expansionKey(shown), expansionKey(before));
  assert.equal(expansionKey(withToggles(before, new Map())), expansionKey(before));
  // A group the user opened or closed during the search keeps that state after it.
  const transformer = tree.byGraphId[model.nodeByLayer.get("transformer#0")!];
  const toggles = new Map([[transformer.id, !before.has(transformer.id)]]);
  assert.equal(withToggles(before, toggles).has(transformer.id), !before.has(transformer.id));
});

test("expand to depth opens module levels and leaves folded blocks folded", () => {
  const model = parseStructure(gpt2Like(12));
  const tree = buildViewTree(model);
  const repeat = [...tree.byId.values()].find((n) => n.kind === "repeat")!;
  assert.equal(expansionKey(expandToDepth(tree, 1, new Set())), "root");
  const deep = expandToDepth(tree, maxDepth(tree), new Set());
  assert.ok(!deep.has(repeat.id));
  const opened = expandToDepth(tree, maxDepth(tree), new Set([repeat.id]));
  assert.ok(opened.has(repeat.id));
  const block = repeat.children[0];
  assert.ok(opened.has(block.id), "a block inside an open repeat opens to the depth");
  // The model is level 1, its transformer level 2, the blocks level 3: depth 3 shows the
  // blocks, closed, in the open transformer.
  const three = expandToDepth(tree, 3, new Set([repeat.id]));
  assert.ok(three.has(tree.byGraphId[model.nodeByLayer.get("transformer#0")!].id));
  assert.ok(!three.has(block.id));
  assert.ok(!expandToDepth(tree, 2, new Set()).has(tree.byGraphId[model.nodeByLayer.get("transformer#0")!].id));
});

test("arrow keys go to the nearest node that way", () => {
  const rects: [string, { x: number; y: number; width: number; height: number }][] = [
    ["a", { x: 0, y: 0, width: 50, height: 20 }],
    ["b", { x: 0, y: 60, width: 50, height: 20 }],
    ["c", { x: 100, y: 60, width: 50, height: 20 }],
    ["d", { x: 0, y: 200, width: 50, height: 20 }],
  ];
  const noFrames = () => false;
  assert.equal(nearestInDirection(rects, null, "down", noFrames), "a");
  assert.equal(nearestInDirection(rects, "a", "down", noFrames), "b");
  assert.equal(nearestInDirection(rects, "b", "right", noFrames), "c");
  assert.equal(nearestInDirection(rects, "c", "left", noFrames), "b");
  assert.equal(nearestInDirection(rects, "b", "down", noFrames), "d");
  assert.equal(nearestInDirection(rects, "a", "up", noFrames), null);
});

test("an edge tooltip names its tensors with shape and dtype", () => {
  const model = parseStructure(smallCnn());
  const tree = buildViewTree(model);
  const visible = visibleGraph(model, tree, defaultExpansion(tree));
  const edge = visible.edges[0];
  const text = edgeTooltip(model, edge.edges);
  const first = model.edges[edge.edges[0]];
  assert.ok(text.includes(formatDims(first.shape)), text);
  assert.ok(text.includes(first.dtype), text);
  assert.ok(text.includes("→"), text);
});

test("numbers are written one way: a space before the unit", () => {
  assert.equal(formatCount(1234567), "1.23 M");
  assert.equal(formatCount(38597376), "38.6 M");
  assert.equal(formatFlops(9.22e6), "9.22 MFLOPs");
  assert.equal(formatPercent(0.45), "45 %");
  assert.equal(formatDims([1, 3, 32, 32]), "1×3×32×32");
  assert.equal(formatDims([]), "scalar");
});
