/**
 * The page's side of the layout worker: one layout at a time, the newest request replaces a
 * waiting one (an expansion clicked past is never laid out), and finished layouts are cached
 * per expansion state so going back is instant.
 */
import type { LayoutNode, LayoutRequest, LayoutResponse } from "./layout_protocol";

/** A request replaced by a newer one before the worker started it. */
export class LayoutSuperseded extends Error {
  constructor() {
    super("A newer layout request replaced this one.");
    this.name = "LayoutSuperseded";
  }
}

interface Pending {
  key: string;
  graph: LayoutNode;
  resolve(graph: LayoutNode): void;
  reject(error: Error): void;
}

const ignore = (): void => undefined;

const CACHE_SIZE = 40;

export class LayoutClient {
  private readonly worker: Worker | null = null;
  private readonly cache = new Map<string, LayoutNode>();
  private running: (Pending & { id: number }) | null = null;
  private waiting: Pending | null = null;
  private nextId = 1;
  private failure: string | null = null;

  constructor(workerUrl: string) {
    try {
      this.worker = new Worker(workerUrl);
      this.worker.onmessage = (event: MessageEvent<LayoutResponse>) => this.finish(event.data);
      this.worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        this.fail(`The layout worker failed (${workerUrl}): ${event.message || "it could not be loaded"}.`);
      };
    } catch (error) {
      this.failure = `The layout worker could not be started from ${workerUrl}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  cached(key: string): LayoutNode | undefined {
    const graph = this.cache.get(key);
    if (graph !== undefined) {
      this.cache.delete(key); // refresh its place in the LRU order
      this.cache.set(key, graph);
    }
    return graph;
  }

  layout(key: string, graph: LayoutNode): Promise<LayoutNode> {
    const hit = this.cached(key);
    if (hit !== undefined) return Promise.resolve(hit);
    if (this.failure !== null) return Promise.reject(new Error(this.failure));
    const running = this.running;
    if (running !== null && running.key === key) {
      // Asked for while it is already being laid out (a prefetch): wait for that one.
      return new Promise<LayoutNode>((resolve, reject) => {
        const [before, failed] = [running.resolve, running.reject];
        running.resolve = (result) => {
          before(result);
          resolve(result);
        };
        running.reject = (error) => {
          failed(error);
          reject(error);
        };
      });
    }
    return new Promise<LayoutNode>((resolve, reject) => {
      this.waiting?.reject(new LayoutSuperseded());
      this.waiting = { key, graph, resolve, reject };
      this.startNext();
    });
  }

  /**
   * Lays out a state the user is likely to ask for next (opening a folded ×N group) into
   * the cache, only when the worker has nothing else to do; a request for it meanwhile
   * waits for this one rather than starting again.
   */
  prefetch(key: string, build: () => LayoutNode): void {
    if (
      this.cache.has(key) ||
      this.running !== null ||
      this.waiting !== null ||
      this.worker === null ||
      this.failure !== null
    )
      return;
    this.waiting = { key, graph: build(), resolve: ignore, reject: ignore };
    this.startNext();
  }

  clearCache(): void {
    this.cache.clear();
  }

  destroy(): void {
    this.worker?.terminate();
    this.fail("The graph view was closed.");
  }

  private startNext(): void {
    if (this.running !== null || this.waiting === null || this.worker === null) return;
    const next = this.waiting;
    this.waiting = null;
    const hit = this.cached(next.key);
    if (hit !== undefined) {
      next.resolve(hit);
      return;
    }
    this.running = { ...next, id: this.nextId++ };
    const request: LayoutRequest = { id: this.running.id, graph: next.graph };
    this.worker.postMessage(request);
  }

  private finish(response: LayoutResponse): void {
    const running = this.running;
    if (running === null || running.id !== response.id) return;
    this.running = null;
    if (response.ok) {
      this.cache.set(running.key, response.graph);
      while (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
      running.resolve(response.graph);
    } else {
      running.reject(new Error(response.message));
    }
    this.startNext();
  }

  private fail(message: string): void {
    this.failure = message;
    const error = new Error(message);
    this.running?.reject(error);
    this.waiting?.reject(error);
    this.running = null;
    this.waiting = null;
  }
}
