/** The view in the URL (`npm test`): the runs overlaid on the Trends charts survive a round trip. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { stateFromEntries, toEntries } from "../src/url_state";

test("overlaid runs are kept in the URL as a list, whatever their names hold", () => {
  const runs = ["lr=0.1,bs=32", "seed 2/run&b", "ünïcode"];
  const entries = toEntries({ run: "a", view: "trends", trend_runs: runs });
  assert.deepEqual(entries, [
    ["run", "a"],
    ["view", "trends"],
    ["trend_runs", JSON.stringify(runs)],
  ]);
  assert.deepEqual(stateFromEntries(Object.fromEntries(entries)).trend_runs, runs);
  // None ticked: no entry at all.
  assert.deepEqual(toEntries({ run: "a", trend_runs: [] }), [["run", "a"]]);
});

test("a malformed list of runs in the URL is left out, like any malformed entry", () => {
  for (const text of ["a,b", "[1, 2]", '{"a": 1}', '["a", ""]', "[", '"a"']) {
    assert.equal(stateFromEntries({ trend_runs: text }).trend_runs, undefined, text);
  }
  assert.deepEqual(stateFromEntries({ trend_runs: '["b", "a", "b"]' }).trend_runs, ["b", "a"]);
  assert.equal(stateFromEntries({ trend_runs: "[]" }).trend_runs, undefined);
});
