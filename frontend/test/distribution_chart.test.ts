import assert from "node:assert/strict";
import { test } from "node:test";

import { densities, ridgeIndices } from "../src/distribution_chart";

test("a histogram becomes a density over its own range", () => {
  // 4 values over [0, 2] in 2 bins of width 1: densities 0.75 and 0.25 per unit.
  assert.deepEqual(densities({ lo: 0, hi: 2, counts: [3, 1] }), [0.75, 0.25]);
  assert.deepEqual(densities({ lo: 1, hi: 1, counts: [5, 0] }), [1, 0]);
  assert.deepEqual(densities({ lo: 0, hi: 1, counts: [0, 0] }), [0, 0]);
});

test("long runs are thinned evenly, keeping the first, last and current steps", () => {
  assert.deepEqual(ridgeIndices(5, 2), [0, 1, 2, 3, 4]);
  const thinned = ridgeIndices(1000, 501, 40);
  assert.ok(thinned.length <= 41);
  assert.equal(thinned[0], 0);
  assert.equal(thinned[thinned.length - 1], 999);
  assert.ok(thinned.includes(501));
});
