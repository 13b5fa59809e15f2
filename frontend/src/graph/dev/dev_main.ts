/**
 * Development page for the graph view: loads a hand-made fixture, wires a search box and a
 * dark-mode switch, and exposes `window.devApi` so the browser test can drive and time it.
 */
import { createGraphView, type GraphView } from '../index';
import { gpt2Like, smallCnn, stepFor } from './fixtures';
import { createTextMeasurer } from '../geometry';
import { LayoutClient } from '../layout_client';
import { buildLayoutGraph } from '../layout_graph';
import { parseStructure } from '../model';
import { buildViewTree } from '../tree';
import { visibleGraph } from '../visible';

const fixtures: Record<string, () => Record<string, unknown>> = {
  cnn: () => smallCnn(),
  gpt2: () => gpt2Like(12),
  gpt2_24: () => gpt2Like(24),
};

const events: [string, string | null][] = [];

/** Stand-in for the shell's thumbnail: a gradient seeded by the layer key. */
async function renderThumbnail(key: string, canvas: HTMLCanvasElement): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  canvas.width = 64;
  canvas.height = 16;
  const context = canvas.getContext('2d')!;
  let seed = 0;
  for (const c of key) seed = (seed * 31 + c.charCodeAt(0)) % 997;
  for (let x = 0; x < 64; x++) {
    for (let y = 0; y < 16; y++) {
      const v = Math.floor(128 + 127 * Math.sin((x + seed) / 5) * Math.cos((y * seed) / 40));
      context.fillStyle = `rgb(${v},${v},${255 - v})`;
      context.fillRect(x, y, 1, 1);
    }
  }
}

const params = new URLSearchParams(location.search);
const view: GraphView = createGraphView(document.getElementById('graph')!, {
  workerUrl: './layout_worker.js',
  onSelect: (key) => events.push(['select', key]),
  onOpenActivations: (key) => events.push(['open', key]),
  renderThumbnail,
});

async function load(name: string): Promise<number> {
  const structure = fixtures[name]();
  const started = performance.now();
  await view.setStructure(structure);
  const millis = performance.now() - started;
  view.setStep(stepFor(structure, 100));
  return millis;
}

const search = document.getElementById('search') as HTMLInputElement;
search.addEventListener('input', () => view.search(search.value));
const dark = document.getElementById('dark') as HTMLInputElement;
dark.addEventListener('change', () => {
  document.body.style.background = dark.checked ? '#111' : '#fff';
  view.setDark(dark.checked);
});
const picker = document.getElementById('fixture') as HTMLSelectElement;
picker.addEventListener('change', () => void load(picker.value));

/** Loads `<name>_structure.json` and `<name>_step.json` served beside the page (e.g. real captures). */
async function loadFiles(name: string): Promise<number> {
  const [structure, step] = await Promise.all(
    ['structure', 'step'].map((part) => fetch(`./${name}_${part}.json`).then((r) => r.json() as Promise<unknown>)),
  );
  const started = performance.now();
  await view.setStructure(structure);
  const millis = performance.now() - started;
  view.setStep(step);
  return millis;
}

const api = { view, load, loadFiles, events, fixtures, loadedIn: null as number | null };
(window as unknown as { devApi: typeof api }).devApi = api;
const initial = params.get('fixture');
const files = params.get('files');
if (files !== null) {
  void loadFiles(files).then((millis) => { api.loadedIn = millis; });
} else if (initial !== null) {
  picker.value = initial;
  void load(initial).then((millis) => { api.loadedIn = millis; });
}

/** Worst case for the worker: lays out a fixture with every group open, returns milliseconds. */
async function layoutFullyExpanded(name: string): Promise<{ millis: number; boxes: number; edges: number }> {
  const model = parseStructure(fixtures[name]());
  const tree = buildViewTree(model);
  const expanded = new Set(tree.byId.keys());
  const visible = visibleGraph(model, tree, expanded);
  const graph = buildLayoutGraph(model, tree, expanded, visible, createTextMeasurer());
  const client = new LayoutClient('./layout_worker.js');
  const started = performance.now();
  await client.layout('all', graph);
  const millis = performance.now() - started;
  client.destroy();
  return { millis, boxes: visible.boxes.length, edges: visible.edges.length };
}
Object.assign(api, { layoutFullyExpanded });
