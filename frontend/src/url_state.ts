/**
 * The part of the view a link should reproduce: run, tag, step, tab, selected layer, and
 * the over-time views' choices (heatmap statistic, graph overlay, the runs overlaid on the
 * Trends charts, Compare's reference).
 *
 * It is written to the iframe's own hash and, when the host is TensorBoard (same
 * origin), to TensorBoard's hash as `p.modelviz.<key>` entries: the namespace
 * TensorBoard reserves for plugins and hands back through 'GetURLPluginData', so a
 * copied TensorBoard URL reopens the same view.
 */

import { PLUGIN_NAME } from "./host";

export type ViewName = "graph" | "layers" | "activations" | "trends" | "compare" | "alerts";
export const VIEW_NAMES: ViewName[] = ["graph", "layers", "activations", "trends", "compare", "alerts"];

export interface UrlState {
  run?: string;
  tag?: string;
  step?: number;
  view?: ViewName;
  layer?: string;
  /** Statistic of the Trends heatmap and of the Compare table. */
  stat?: string;
  /** Metric the graph is coloured by. */
  overlay?: string;
  /** The Graph tab's direction, when it is the backward graph. */
  direction?: "backward";
  /** Compare's reference A: run and step. */
  ref_run?: string;
  ref_step?: number;
  /** The other runs whose lines the Trends charts overlay (a JSON list in the URL: run names may hold any character). */
  trend_runs?: string[];
}

const KEYS = [
  "run",
  "tag",
  "step",
  "view",
  "layer",
  "stat",
  "overlay",
  "direction",
  "ref_run",
  "ref_step",
  "trend_runs",
] as const;
const PREFIX = `p.${PLUGIN_NAME}.`;

/** Parse `a=1&b=2` (TensorBoard's hash dialect: a bare first entry is the active plugin). */
function parseHash(hash: string): [string, string][] {
  const entries: [string, string][] = [];
  for (const part of hash.replace(/^#/, "").split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    try {
      if (eq < 0) entries.push([decodeURIComponent(part), ""]);
      else entries.push([decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1))]);
    } catch {
      // A malformed escape in someone else's entry: leave it out.
    }
  }
  return entries;
}

function formatHash(entries: [string, string][]): string {
  return entries
    .map(([key, value]) =>
      value === "" && !key.startsWith(PREFIX)
        ? encodeURIComponent(key)
        : `${encodeURIComponent(key)}=${encodeURIComponent(value)}`,
    )
    .join("&");
}

export function stateFromEntries(entries: Record<string, string>): UrlState {
  const state: UrlState = {};
  if (entries.run) state.run = entries.run;
  if (entries.tag) state.tag = entries.tag;
  if (entries.step !== undefined && /^-?\d+$/.test(entries.step)) state.step = Number(entries.step);
  if ((VIEW_NAMES as string[]).includes(entries.view)) state.view = entries.view as ViewName;
  if (entries.layer) state.layer = entries.layer;
  if (entries.stat) state.stat = entries.stat;
  if (entries.overlay) state.overlay = entries.overlay;
  if (entries.direction === "backward") state.direction = "backward";
  if (entries.ref_run) state.ref_run = entries.ref_run;
  if (entries.ref_step !== undefined && /^-?\d+$/.test(entries.ref_step)) state.ref_step = Number(entries.ref_step);
  const runs = entries.trend_runs ? runList(entries.trend_runs) : null;
  if (runs !== null && runs.length > 0) state.trend_runs = runs;
  return state;
}

/** A list of run names as the URL holds it (a JSON array of strings), or null if it is not one. */
function runList(text: string): string[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return Array.isArray(value) && value.every((run) => typeof run === "string" && run !== "")
    ? [...new Set(value as string[])]
    : null;
}

export function readOwnHash(): UrlState {
  return stateFromEntries(Object.fromEntries(parseHash(window.location.hash)));
}

/**
 * Our `p.modelviz.*` entries in TensorBoard's URL, read directly (same origin), or null
 * when the parent is out of reach. TensorBoard 2.21's 'GetURLPluginData' answers from a
 * cache that is only filled on hash changes, so it misses the URL the page was opened with.
 */
export function readParentHash(): UrlState | null {
  try {
    if (window.parent === window) return null;
    const entries: Record<string, string> = {};
    for (const [key, value] of parseHash(window.parent.location.hash)) {
      if (key.startsWith(PREFIX)) entries[key.slice(PREFIX.length)] = value;
    }
    return stateFromEntries(entries);
  } catch {
    return null;
  }
}

/** The URL entries (key, value) of a state, in KEYS order; lists as JSON. */
export function toEntries(state: UrlState): [string, string][] {
  const entries: [string, string][] = [];
  for (const key of KEYS) {
    const value = state[key];
    if (Array.isArray(value)) {
      if (value.length > 0) entries.push([key, JSON.stringify(value)]);
    } else if (value !== undefined && value !== "") {
      entries.push([key, String(value)]);
    }
  }
  return entries;
}

function withHash(href: string, hash: string): string {
  const url = new URL(href);
  url.hash = hash;
  return url.href;
}

/**
 * How a write meets the browser's history: "push" adds an entry (a navigation the user
 * may want to go Back from: another tab, layer, run, an alert opened), "replace" rewrites
 * the current one (the step slider while it is dragged or played, the URL filled in).
 */
export type HistoryMode = "push" | "replace";

/**
 * Writes the state into the URL. Inside TensorBoard the entry is pushed on the parent's
 * history only (the iframe's own hash is replaced): the two share one session history,
 * and pushing on both would take two presses of Back per navigation.
 */
export function writeState(state: UrlState, mode: HistoryMode = "replace"): void {
  const own = formatHash(toEntries(state));
  const ownChanged = window.location.hash.replace(/^#/, "") !== own;
  const pushedOnParent = ownChanged && mode === "push" && writeParent(state, "push");
  if (ownChanged) {
    // An absolute URL: a bare "#..." would resolve against the page's <base href>.
    const url = withHash(window.location.href, own);
    if (mode === "push" && !pushedOnParent && !inFrame()) history.pushState(history.state, "", url);
    else history.replaceState(history.state, "", url);
  }
  if (!pushedOnParent) writeParent(state, "replace");
}

/**
 * The address that opens `state`: TensorBoard's URL with our entries when the parent is
 * reachable and shows our tab, else this page's own with the state in its hash.
 */
export function linkFor(state: UrlState): string {
  try {
    if (window.parent !== window) {
      const parent = window.parent;
      const current = parseHash(parent.location.hash);
      const kept = current.filter(([key]) => !key.startsWith(PREFIX));
      if (kept.length === 0 || kept[0][0] !== PLUGIN_NAME) kept.unshift([PLUGIN_NAME, ""]);
      const ours = toEntries(state).map(([key, value]) => [PREFIX + key, value] as [string, string]);
      return withHash(parent.location.href, formatHash([...kept, ...ours]));
    }
  } catch {
    // Out of reach: our own address.
  }
  return withHash(window.location.href, formatHash(toEntries(state)));
}

function inFrame(): boolean {
  try {
    return window.parent !== window;
  } catch {
    return true;
  }
}

/** Our entries in TensorBoard's hash; whether the parent's URL was written. */
function writeParent(state: UrlState, mode: HistoryMode): boolean {
  try {
    if (window.parent === window) return false;
    const parent = window.parent;
    const current = parseHash(parent.location.hash);
    // Only while our tab is the active one (TensorBoard's hash starts with its id).
    if (current.length === 0 || current[0][0] !== PLUGIN_NAME || current[0][1] !== "") return false;
    const kept = current.filter(([key]) => !key.startsWith(PREFIX));
    const ours = toEntries(state).map(([key, value]) => [PREFIX + key, value] as [string, string]);
    const hash = formatHash([...kept, ...ours]);
    if (parent.location.hash.replace(/^#/, "") === hash) return false;
    const url = withHash(parent.location.href, hash);
    if (mode === "push") parent.history.pushState(parent.history.state, "", url);
    else parent.history.replaceState(parent.history.state, "", url);
    return true;
  } catch {
    // Not same-origin or no history access: the iframe's own hash still holds the state.
    return false;
  }
}

/**
 * Calls `onChange` with the state the URL holds after Back, Forward or a link opened in
 * this tab (popstate and hashchange, of the parent page inside TensorBoard, else of our
 * own): the URL changed under the dashboard, which must follow it. A change that leaves
 * our entries as they are (the same URL announced twice, another plugin's entries) is
 * not reported.
 */
export function watchUrl(onChange: (state: UrlState) => void): void {
  let last = currentHash();
  const check = () => {
    if (!ourTabActive()) return; // Back to another of TensorBoard's tabs: not ours to follow
    const hash = currentHash();
    if (hash === last) return;
    last = hash;
    onChange(readState());
  };
  const targets: Window[] = [window];
  try {
    if (window.parent !== window) {
      void window.parent.location.hash; // throws when out of reach
      targets.push(window.parent);
    }
  } catch {
    // Only our own URL to watch.
  }
  for (const target of targets) {
    target.addEventListener("popstate", check);
    target.addEventListener("hashchange", check);
  }
  // Our own writes are no news: remember them as seen.
  noteWritten = () => {
    last = currentHash();
  };
}

/**
 * The state the URL holds now: TensorBoard's entries where the parent is reachable (the
 * iframe's own hash is only ever replaced, so after Back it still holds the newer
 * state), else our own hash.
 */
export function readState(): UrlState {
  return readParentHash() ?? readOwnHash();
}

function currentHash(): string {
  return formatHash(toEntries(readState()));
}

/** Whether TensorBoard's URL names our tab as the active one (true outside TensorBoard). */
function ourTabActive(): boolean {
  try {
    if (window.parent === window) return true;
    const current = parseHash(window.parent.location.hash);
    return current.length > 0 && current[0][0] === PLUGIN_NAME && current[0][1] === "";
  } catch {
    return true;
  }
}

let noteWritten: () => void = () => undefined;

/** writeState, then remember the URL it wrote so that watchUrl does not report it. */
export function writeStateQuietly(state: UrlState, mode: HistoryMode = "replace"): void {
  writeState(state, mode);
  noteWritten();
}
