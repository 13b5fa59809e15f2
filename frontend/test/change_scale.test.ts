import assert from "node:assert/strict";
import { test } from "node:test";

import { changeScale, divergingScale, symlogScale } from "../src/statistics";

// healthy against lr_too_high at step 299 (issue 25): one layer's +1,508,331 % set the
// linear scale's end, and a ReLU gone fully dead (−100 %) was drawn white.
const OUTLIER = 15083.31;

test("a fully dead ReLU is coloured beside a +1,508,331 % outlier", () => {
  const scale = changeScale([OUTLIER, -1, 0.05, -0.02, 0]);
  assert.equal(scale.kind, "symlog");
  assert.equal(scale.position(OUTLIER), 1);
  assert.equal(scale.position(0), 0.5);
  // −100 % lies a third of the way to the blue end, far from the white centre.
  assert.ok(scale.position(-1) < 0.36, `−100 % at ${scale.position(-1)}`);
  // A linear scale would have left it within 0.0001 of white.
  assert.ok(divergingScale(OUTLIER).position(-1) > 0.4999);
});

test("the symmetric-log scale is symmetric, monotone and clamped", () => {
  const scale = symlogScale(100);
  let previous = -Infinity;
  for (const v of [-1000, -100, -10, -1, -0.1, -0.01, -0.001, 0, 0.001, 0.01, 0.1, 1, 10, 100, 1000]) {
    const t = scale.position(v);
    assert.ok(t >= previous, `not monotone at ${v}`);
    assert.ok(t >= 0 && t <= 1);
    assert.ok(Math.abs(scale.position(-v) - (1 - t)) < 1e-12, `not symmetric at ${v}`);
    previous = t;
  }
  assert.equal(scale.position(-1000), 0);
  assert.equal(scale.position(1000), 1);
  // Every factor of ten above the linear zone takes the same length.
  const step = scale.position(10) - scale.position(1);
  assert.ok(Math.abs(scale.position(100) - scale.position(10) - step) < 0.01);
});

test("small changes keep a linear diverging scale", () => {
  const scale = changeScale([0.05, -0.03, 0.01]);
  assert.equal(scale.kind, "diverging");
  assert.equal(scale.hi, 0.05);
  assert.equal(scale.position(0.05), 1);
  assert.equal(scale.position(-0.05), 0);
});

test("no changes at all: a neutral scale", () => {
  const scale = changeScale([null, undefined, NaN, 0]);
  assert.equal(scale.position(0), 0.5);
});
