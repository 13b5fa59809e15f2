// Development server for the dashboard: a stand-in for TensorBoard that serves the built
// frontend inside the same iframe page and CSP TensorBoard uses, and answers the plugin's
// routes (docs/routes.md) from hand-made fixtures (fixtures.mjs).
//
//   npm run build && node dev/server.mjs [port]      then open http://127.0.0.1:6007/
//
// The host page has buttons for dark mode, TensorBoard's reload broadcast, a growing run,
// an empty log directory and server errors.

import { createHash } from "node:crypto";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeFixtures } from "./fixtures.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const staticDir = path.resolve(here, "..", "..", "tensorboard_modelviz", "static");
const port = Number(process.argv[2] ?? 6007);
const fixtures = makeFixtures();
let mode = "normal"; // normal | empty | error
let visibleSteps = 18; // mnist-cnn grows one step per "grow"

const CSP = [
  "default-src 'self'",
  "font-src 'self'",
  "frame-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "style-src 'self' data: 'unsafe-inline'",
  "connect-src 'self'",
  "script-src 'self' 'unsafe-eval' 'sha256-REPLACED'",
].join(";");

const ENTRY_SCRIPT = 'import("./index.js").then((m) => void m.render());';

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-cache", ...headers });
  res.end(body);
}

function json(res, status, body) {
  send(res, status, "application/json", JSON.stringify(body));
}

/** Answers a JSON error for a lookup that failed; the null tells the route to stop there. */
function refuse(res, status, error) {
  json(res, status, { error });
  return null;
}

function stepsOf(run, tag) {
  const data = fixtures[run]?.[tag];
  if (!data) return null;
  return run === "mnist-cnn" ? data.steps.slice(0, visibleSteps) : data.steps;
}

function lookup(query, res) {
  const run = query.get("run");
  const tag = query.get("tag");
  const step = query.get("step");
  if (!run || !tag || step === null) return refuse(res, 400, "Missing parameter: run, tag and step are required.");
  if (!/^-?\d+$/.test(step)) return refuse(res, 400, `Parameter step must be an integer, got "${step}".`);
  const data = fixtures[run]?.[tag];
  if (!data) return refuse(res, 404, `No model visualization "${tag}" in run "${run}".`);
  const doc = data.docs.get(Number(step));
  if (!doc || !stepsOf(run, tag).includes(Number(step)))
    return refuse(res, 404, `Run "${run}" has no step ${step} for "${tag}".`);
  return { data, doc, step: Number(step) };
}

function plugin(route, query, res) {
  if (mode === "error" && route !== "index.js" && !route.startsWith("static/")) {
    return json(res, 422, {
      error: 'The event file of run "mnist-cnn" holds a corrupt structure blob (dev server error mode).',
    });
  }
  if (route === "index.js" || route.startsWith("static/")) {
    const file = path.join(staticDir, route === "index.js" ? "index.js" : route.slice("static/".length));
    if (!file.startsWith(staticDir + path.sep) || !fs.existsSync(file))
      return json(res, 404, { error: "No such file." });
    return send(res, 200, "text/javascript; charset=utf-8", fs.readFileSync(file));
  }
  if (route === "runs") {
    if (mode === "empty") return json(res, 200, { runs: [] });
    const runs = Object.keys(fixtures)
      .sort()
      .map((run) => ({
        run,
        tags: Object.keys(fixtures[run])
          .sort()
          .map((tag) => ({ tag, steps: stepsOf(run, tag) })),
      }));
    return json(res, 200, { runs });
  }
  if (route === "structure") {
    const found = lookup(query, res);
    if (found) json(res, 200, found.data.structure);
    return;
  }
  if (route === "step") {
    const found = lookup(query, res);
    if (found) json(res, 200, found.doc);
    return;
  }
  if (route === "activation") {
    const found = lookup(query, res);
    if (!found) return;
    const layer = query.get("layer");
    const sample = found.data.samples.get(found.step).get(layer);
    if (!sample) return json(res, 404, { error: `Layer "${layer}" has no activation sample at step ${found.step}.` });
    return setTimeout(() => json(res, 200, sample), 60);
  }
  if (route === "layer_trends") {
    // The output statistics only (what the Activations tab's history chart draws); the
    // server's other statistics, alerts and heatmap are not mocked here.
    const run = query.get("run");
    const tag = query.get("tag");
    const key = query.get("layer");
    const data = fixtures[run]?.[tag];
    if (!data) return json(res, 404, { error: `No model visualization "${tag}" in run "${run}".` });
    const row = data.structure.layers.find((r) => r.key === key);
    if (!row) return json(res, 404, { error: `The run's latest model has no layer "${key}".` });
    const steps = stepsOf(run, tag);
    const series = (field) => steps.map((s) => data.docs.get(s).activations[key]?.[field] ?? null);
    const statistics = Object.fromEntries(
      ["mean", "std", "min", "max", "absmax", "zeros"].map((f) => [`activation_${f}`, series(f)]),
    );
    const layer = { key, name: row.name, type: row.type, depth: row.depth };
    return json(res, 200, {
      layer,
      steps,
      statistics,
      descriptions: {},
      inputs: steps.map(() => null),
      unreadable: [],
    });
  }
  json(res, 404, { error: `Unknown route ${route}.` });
}

const HOST_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>modelviz dev host</title>
<style>
  body { margin: 0; font: 13px Roboto, sans-serif; display: flex; flex-direction: column; height: 100vh; }
  body.dark-mode { background: #303030; color: #eee; }
  header { display: flex; gap: 8px; align-items: center; padding: 6px 12px; background: #f57c00; color: #fff; }
  header b { margin-right: auto; }
  iframe { flex: 1; border: 0; width: 100%; }
</style></head>
<body>
<header><b>TensorBoard (dev stand-in)</b>
  <button id="dark">dark mode</button><button id="reload">reload data</button><button id="grow">add a step</button>
  <button id="empty">empty logdir</button><button id="error">server errors</button><button id="normal">normal</button>
</header>
<iframe src="data/plugin_entry.html?name=modelviz"></iframe>
<script src="/dev-host.js"></script>
</body></html>`;

// The host half of TensorBoard's plugin API: accept the guest's port, broadcast reloads.
const HOST_SCRIPT = `
const ports = [];
let id = 0;
window.addEventListener("message", (e) => { if (e.data === "experimental.bootstrap" && e.ports[0]) { e.ports[0].start(); ports.push(e.ports[0]);
  e.ports[0].addEventListener("message", (m) => { const msg = JSON.parse(m.data); if (!msg.isReply) e.ports[0].postMessage(JSON.stringify({ type: msg.type, id: msg.id, payload: msg.type === "experimental.GetURLPluginData" ? Object.fromEntries(location.hash.slice(1).split("&").filter((p) => p.startsWith("p.modelviz.")).map((p) => p.slice(11).split("=").map(decodeURIComponent))) : null, error: null, isReply: true })); }); } });
const broadcast = () => ports.forEach((p) => p.postMessage(JSON.stringify({ type: "experimental.DataReloaded", id: id++, payload: null, error: null, isReply: false })));
document.getElementById("dark").onclick = () => document.body.classList.toggle("dark-mode");
document.getElementById("reload").onclick = broadcast;
for (const m of ["empty", "error", "normal", "grow"]) document.getElementById(m).onclick = () => fetch("/dev/" + m).then(broadcast);
`;

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  const p = url.pathname;
  if (p === "/") return send(res, 200, "text/html; charset=utf-8", HOST_PAGE);
  if (p === "/dev-host.js") return send(res, 200, "text/javascript", HOST_SCRIPT);
  if (p.startsWith("/dev/")) {
    const m = p.slice(5);
    if (m === "grow") visibleSteps = Math.min(visibleSteps + 1, 20);
    else mode = m;
    return json(res, 200, { mode, visibleSteps });
  }
  if (p === "/data/plugin_entry.html") {
    const html = `<!DOCTYPE html>\n<head><base href="plugin/modelviz/" /></head>\n<body><script type="module">${ENTRY_SCRIPT}</script></body>\n`;
    return send(res, 200, "text/html; charset=utf-8", html, {
      "Content-Security-Policy": CSP.replace("sha256-REPLACED", "sha256-" + sha256(ENTRY_SCRIPT)),
    });
  }
  const prefix = "/data/plugin/modelviz/";
  if (p.startsWith(prefix)) return plugin(p.slice(prefix.length), url.searchParams, res);
  json(res, 404, { error: "Not found" });
});

function sha256(text) {
  return createHash("sha256").update(text).digest("base64");
}

server.listen(port, "127.0.0.1", () => console.log(`modelviz dev server on http://127.0.0.1:${port}/`));
