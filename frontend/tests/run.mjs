// Unit tests of the dashboard's pure logic (scales, formats, URL state): each
// tests/*.test.ts is bundled with esbuild and run with node's test runner.
//
//   npm test

import * as esbuild from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), "modelviz-tests-"));
try {
  const tests = readdirSync(here).filter((f) => f.endsWith(".test.ts"));
  const built = [];
  for (const file of tests) {
    const outfile = path.join(out, file.replace(/\.ts$/, ".mjs"));
    await esbuild.build({ entryPoints: [path.join(here, file)], bundle: true, format: "esm", platform: "node", outfile, logLevel: "warning", loader: { ".css": "text" } });
    built.push(outfile);
  }
  const result = spawnSync(process.execPath, ["--test", ...built], { stdio: "inherit" });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
