// Unit tests of the dashboard's pure logic (layout options, expansion, search, colours,
// number formats), with node's own test runner: each test/*.test.ts is bundled by esbuild
// into a temporary folder and run there.
//
//   npm test

import * as esbuild from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), "modelviz-unit-"));
try {
  const entries = readdirSync(here)
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => path.join(here, name));
  await esbuild.build({
    entryPoints: entries,
    outdir: out,
    bundle: true,
    platform: "node",
    format: "esm",
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
    // As in build.mjs: a test may read the stylesheet (the theme's variables) as text.
    loader: { ".css": "text" },
  });
  const files = readdirSync(out)
    .filter((name) => name.endsWith(".mjs"))
    .map((name) => path.join(out, name));
  const result = spawnSync(process.execPath, ["--test", ...files], { stdio: "inherit" });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
