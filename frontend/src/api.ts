/**
 * The plugin server's JSON routes (docs/routes.md), fetched relative to the iframe's
 * `<base href="plugin/modelviz/">`, so they also work under `--path_prefix`.
 */

import type {
  AlertsResponse,
  ArchitectureDiff,
  LayerHistograms,
  LayerTrends,
  LayerValues,
  MetricsResponse,
  RunsResponse,
  SampleResponse,
  StatMatrix,
  StepDiff,
  StepDoc,
  StructureDoc,
} from "./types";

/** A failed request, carrying the sentence the server wrote for people when it wrote one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * The answers a standalone snapshot carries (tensorboard_modelviz/server/snapshot.py), keyed as
 * `snapshotKey` writes them; null in TensorBoard, where every answer is fetched.
 */
const SNAPSHOT: Map<string, unknown> | null = readSnapshot();

function readSnapshot(): Map<string, unknown> | null {
  const element = typeof document === "undefined" ? null : document.getElementById("modelviz-snapshot");
  if (!element?.textContent) return null;
  try {
    return new Map(Object.entries(JSON.parse(element.textContent) as Record<string, unknown>));
  } catch {
    return null;
  }
}

/** Whether the dashboard runs from a snapshot file (no server behind it). */
export const IN_SNAPSHOT = SNAPSHOT !== null;

/** [route, [[name, value], ...]] with the parameters sorted by name: snapshot.answer_key. */
export function snapshotKey(route: string, params: Record<string, string | number>): string {
  const pairs = Object.entries(params)
    .map(([name, value]) => [name, String(value)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([route, pairs]);
}

async function getJson<T>(
  route: string,
  params: Record<string, string | number> = {},
  signal?: AbortSignal,
): Promise<T> {
  if (SNAPSHOT) {
    const answer = SNAPSHOT.get(snapshotKey(route, params));
    if (answer === undefined) {
      throw new ApiError(
        "This snapshot holds one step of one run (its graph, layer table, statistics, activation maps and alerts); open the run in TensorBoard for the rest.",
        404,
      );
    }
    return answer as T;
  }
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) query.set(name, String(value));
  const url = "./" + route + (query.toString() ? "?" + query.toString() : "");
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError("Could not reach the TensorBoard server. Is it still running?", 0);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const serverMessage =
      body && typeof body === "object" && typeof (body as { error?: unknown }).error === "string"
        ? (body as { error: string }).error
        : `The server answered ${response.status} ${response.statusText || ""}`.trim() + ` for ${route}.`;
    throw new ApiError(serverMessage, response.status);
  }
  if (body === null || typeof body !== "object") {
    throw new ApiError(`The server sent something that is not JSON for ${route}.`, response.status);
  }
  return body as T;
}

export interface RunTagStep {
  run: string;
  tag: string;
  step: number;
}

export const api = {
  runs: (signal?: AbortSignal) => getJson<RunsResponse>("runs", {}, signal),
  metrics: () => getJson<MetricsResponse>("metrics"),
  layerValues: (at: RunTagStep) => getJson<LayerValues>("layer_values", { run: at.run, tag: at.tag, step: at.step }),
  structure: (at: RunTagStep, signal?: AbortSignal) =>
    getJson<StructureDoc>("structure", { run: at.run, tag: at.tag, step: at.step }, signal),
  step: (at: RunTagStep, signal?: AbortSignal) =>
    getJson<StepDoc>("step", { run: at.run, tag: at.tag, step: at.step }, signal),
  activation: (at: RunTagStep, layer: string, signal?: AbortSignal) =>
    getJson<SampleResponse>("activation", { run: at.run, tag: at.tag, step: at.step, layer }, signal),
  statMatrix: (run: string, tag: string, statistic: string) =>
    getJson<StatMatrix>("stat_matrix", { run, tag, statistic }),
  layerTrends: (run: string, tag: string, layer: string) => getJson<LayerTrends>("layer_trends", { run, tag, layer }),
  alerts: (run: string, tag: string) => getJson<AlertsResponse>("alerts", { run, tag }),
  histograms: (run: string, tag: string, layer: string) => getJson<LayerHistograms>("histograms", { run, tag, layer }),
  stepDiff: (a: RunTagStep, b: RunTagStep) => getJson<StepDiff>("step_diff", pairParams(a, b)),
  architectureDiff: (a: RunTagStep, b: RunTagStep) => getJson<ArchitectureDiff>("architecture_diff", pairParams(a, b)),
};

/** Query parameters of the two-step routes: A as run/tag/step, B as run_b/tag_b/step_b. */
function pairParams(a: RunTagStep, b: RunTagStep): Record<string, string | number> {
  return { run: a.run, tag: a.tag, step: a.step, run_b: b.run, tag_b: b.tag, step_b: b.step };
}

export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === "AbortError";
}
