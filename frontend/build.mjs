// Builds the dashboard into tensorboard_modelviz/static/.
//
// The output is committed and CI rebuilds it and runs `git diff --exit-code` on the
// static folder, so the build must be deterministic: no timestamps, no absolute paths,
// no source maps that embed the machine's directory layout.
//
//   node build.mjs          build once
//   node build.mjs --watch  rebuild on change (development)

import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, "..", "tensorboard_modelviz", "static");

const common = {
  absWorkingDir: here,
  bundle: true,
  minify: true,
  target: ["es2020", "chrome100", "firefox100", "safari15"],
  legalComments: "eof",
  charset: "utf8",
  logLevel: "info",
  sourcemap: false,
  // Stylesheets are imported as strings and injected by render(): one file to serve.
  loader: { ".css": "text" },
};

const builds = [
  // The ES module TensorBoard imports in the plugin iframe; it must export `render`.
  { ...common, entryPoints: ["src/index.ts"], format: "esm", outfile: path.join(outdir, "index.js") },
  // The graph layout runs in a classic worker (loaded with `new Worker(url)`), served by
  // the plugin's own route because the iframe's CSP forbids workers from elsewhere.
  {
    ...common,
    entryPoints: ["src/graph/layout_worker.ts"],
    format: "iife",
    outfile: path.join(outdir, "layout_worker.js"),
  },
];

if (process.argv.includes("--watch")) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
