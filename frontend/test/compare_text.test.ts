import assert from "node:assert/strict";
import { test } from "node:test";

import { describeField, formatRelative } from "../src/views/compare";

test("the architecture diff writes shapes as people do", () => {
  // Output shapes are stored as a list of shapes, each a list of dimensions.
  assert.equal(describeField([[32, 10]]), "32×10");
  assert.equal(describeField([[[32, 10]]]), "32×10");
  assert.equal(
    describeField([
      [1, 8, 28, 28],
      [1, 8],
    ]),
    "1×8×28×28, 1×8",
  );
  assert.equal(describeField(1234567), "1,234,567");
  assert.equal(describeField({ float32: 1024 }), "float32 1,024");
  assert.equal(describeField(null), "–");
});

test("a ragged size (null, docs/format.md) is a shape's unknown dimension, not a value of a list", () => {
  assert.equal(describeField([[[2, null, 4]]]), "2×?×4");
  assert.equal(describeField([[2, null, 4], [2]]), "2×?×4, 2");
});

test("relative changes fit their column", () => {
  assert.equal(formatRelative(-1), "-100 %");
  assert.equal(formatRelative(0.005), "+0.5 %");
  assert.equal(formatRelative(123), "+12,300 %");
  assert.equal(formatRelative(15083.31), "+1.51 M %");
});
