// Private build of the graph view's dev page and checks (the dashboard's build is
// frontend/build.mjs). Uses the packages of frontend/ (`npm ci` there first).
// Output: out/ (index.html, dev_main.js, layout_worker.js, logic_test.mjs).
//
//   node frontend/src/graph/dev/build.mjs
//   node --test frontend/src/graph/dev/out/logic_test.mjs
//   .venv/bin/python frontend/src/graph/dev/browser_check.py
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
mkdirSync(out, { recursive: true });
const common = { bundle: true, minify: true, sourcemap: false, target: 'es2020', logLevel: 'warning' };
await esbuild.build({ ...common, entryPoints: [join(here, 'dev_main.ts')], outfile: join(out, 'dev_main.js'), format: 'esm' });
await esbuild.build({ ...common, entryPoints: [join(here, '..', 'layout_worker.ts')], outfile: join(out, 'layout_worker.js'), format: 'iife' });
await esbuild.build({ ...common, minify: false, entryPoints: [join(here, 'logic_test.ts')], outfile: join(out, 'logic_test.mjs'), format: 'esm', platform: 'node' });
copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
