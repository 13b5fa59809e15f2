/**
 * Where the dashboard gets its data: the server routes behind caches. Structures are
 * keyed by their content hash (immutable); steps, samples and histories by
 * (run, tag, step, layer) and dropped when TensorBoard reloads data, since a resumed
 * run may rewrite a step.
 */

import { api, type RunTagStep } from "./api";
import { cacheKey, LruCache } from "./cache";
import { decodeSample, type Sample } from "./sample";
import type {
  AlertsResponse,
  ArchitectureDiff,
  LayerHistograms,
  LayerTrends,
  LayerValues,
  RunsResponse,
  StatMatrix,
  StepDiff,
  StepDoc,
  StructureDoc,
} from "./types";

export class DataStore {
  private structures = new LruCache<StructureDoc>(8);
  private steps = new LruCache<Promise<StepDoc>>(64);
  private samples = new LruCache<Promise<Sample>>(96);
  /** Over-time answers: matrices, trends, alerts and diffs, keyed by their parameters. */
  private overTime = new LruCache<Promise<unknown>>(48);

  runs(signal?: AbortSignal): Promise<RunsResponse> {
    return api.runs(signal);
  }

  step(at: RunTagStep): Promise<StepDoc> {
    const key = cacheKey(at.run, at.tag, at.step);
    let promise = this.steps.get(key);
    if (!promise) {
      promise = api.step(at).then(checkStep);
      this.steps.set(key, promise);
      // A failed request is not remembered: the next attempt asks again.
      promise.catch(() => this.steps.delete(key));
    }
    return promise;
  }

  /** The structure a step used; `hash` (from the step document) avoids refetching a known one. */
  async structure(at: RunTagStep, hash: string | undefined): Promise<StructureDoc> {
    const known = hash ? this.structures.get(cacheKey(at.run, at.tag, hash)) : undefined;
    if (known) return known;
    const structure = checkStructure(await api.structure(at));
    this.structures.set(cacheKey(at.run, at.tag, structure.hash || hash || String(at.step)), structure);
    return structure;
  }

  sample(at: RunTagStep, layer: string): Promise<Sample> {
    const key = cacheKey(at.run, at.tag, at.step, layer);
    let promise = this.samples.get(key);
    if (!promise) {
      promise = api.activation(at, layer).then(decodeSample);
      this.samples.set(key, promise);
      promise.catch(() => this.samples.delete(key));
    }
    return promise;
  }

  /** Every metric at one step, as the server computes it (the graph overlay's numbers). */
  layerValues(at: RunTagStep): Promise<LayerValues> {
    return this.remember(cacheKey("layer_values", at.run, at.tag, at.step), () => api.layerValues(at));
  }

  statMatrix(run: string, tag: string, statistic: string): Promise<StatMatrix> {
    return this.remember(cacheKey("matrix", run, tag, statistic), () => api.statMatrix(run, tag, statistic));
  }

  layerTrends(run: string, tag: string, layer: string): Promise<LayerTrends> {
    return this.remember(cacheKey("trends", run, tag, layer), () => api.layerTrends(run, tag, layer));
  }

  histograms(run: string, tag: string, layer: string): Promise<LayerHistograms> {
    return this.remember(cacheKey("histograms", run, tag, layer), () => api.histograms(run, tag, layer));
  }

  alerts(run: string, tag: string): Promise<AlertsResponse> {
    return this.remember(cacheKey("alerts", run, tag), () => api.alerts(run, tag));
  }

  stepDiff(a: RunTagStep, b: RunTagStep): Promise<StepDiff> {
    return this.remember(cacheKey("step_diff", a.run, a.tag, a.step, b.run, b.tag, b.step), () => api.stepDiff(a, b));
  }

  architectureDiff(a: RunTagStep, b: RunTagStep): Promise<ArchitectureDiff> {
    return this.remember(cacheKey("arch_diff", a.run, a.tag, a.step, b.run, b.tag, b.step), () =>
      api.architectureDiff(a, b),
    );
  }

  private remember<T>(key: string, fetch: () => Promise<T>): Promise<T> {
    let promise = this.overTime.get(key) as Promise<T> | undefined;
    if (!promise) {
      promise = fetch();
      this.overTime.set(key, promise);
      promise.catch(() => this.overTime.delete(key));
    }
    return promise;
  }

  /** Forget everything that may change when the event files grow. */
  invalidate(): void {
    this.steps.clear();
    this.samples.clear();
    this.overTime.clear();
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Refuse a structure document the views cannot draw, with a sentence saying why. */
function checkStructure(doc: StructureDoc): StructureDoc {
  const missing = (["nodes", "edges", "layers"] as const).filter((k) => !Array.isArray(doc[k]));
  if (!isObject(doc.totals)) missing.push("totals" as never);
  if (missing.length)
    throw new Error(
      `The structure document is incomplete (no ${missing.join(", ")}); it may come from an incompatible writer.`,
    );
  return doc;
}

/** Step documents from older or partial captures may leave out a section: use empty ones. */
function checkStep(doc: StepDoc): StepDoc {
  if (typeof doc.structure !== "string")
    throw new Error("The step document names no structure; it may come from an incompatible writer.");
  for (const section of ["activations", "params", "grads", "samples"] as const) {
    if (!isObject(doc[section])) doc[section] = {};
  }
  return doc;
}
