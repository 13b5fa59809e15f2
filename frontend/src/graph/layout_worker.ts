/**
 * Web Worker entry (served as `static/layout_worker.js`): runs ELK's layered layout off the
 * page's thread. ELK's bundle runs its own engine in-process here and, seeing a worker
 * scope, installs a message handler of its own; ours replaces it below.
 */
import ELK from "elkjs/lib/elk.bundled.js";
import { withoutWrapping, WRAPPING } from "./layout_graph";
import type { LayoutNode, LayoutRequest, LayoutResponse } from "./layout_protocol";

const elk = new ELK();

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error)
    return String((error as { message: unknown }).message);
  return String(error);
}

async function layout(graph: LayoutNode): Promise<LayoutNode> {
  return (await elk.layout(graph as Parameters<typeof elk.layout>[0])) as LayoutNode;
}

async function answer(request: LayoutRequest): Promise<LayoutResponse> {
  try {
    try {
      return { id: request.id, ok: true, graph: await layout(request.graph) };
    } catch (error) {
      // Graph wrapping is the least tried part of ELK: a wrapped layout that fails is laid out whole.
      if (!JSON.stringify(request.graph).includes(WRAPPING)) throw error;
      return { id: request.id, ok: true, graph: await layout(withoutWrapping(request.graph)) };
    }
  } catch (error) {
    return { id: request.id, ok: false, message: `Graph layout failed: ${describe(error)}` };
  }
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(message: LayoutResponse): void;
};

/**
 * A first layout costs several times a later one (the engine's code is still cold). When no
 * request is waiting once the worker has started, lay out a tiny nested graph meanwhile, while
 * the page is still fetching the structure; a request already waiting goes first instead.
 */
let warmUp: Promise<unknown> = Promise.resolve();
let requested = false;
setTimeout(() => {
  if (requested) return;
  warmUp = elk
    .layout({
      id: "warm-up",
      layoutOptions: { "elk.algorithm": "layered", "elk.hierarchyHandling": "INCLUDE_CHILDREN" },
      children: [
        { id: "a", width: 40, height: 20 },
        {
          id: "g",
          children: [
            { id: "b", width: 40, height: 20 },
            { id: "c", width: 40, height: 20 },
          ],
        },
      ],
      edges: [
        { id: "ab", sources: ["a"], targets: ["b"], labels: [{ text: "1x2", width: 20, height: 10 }] },
        { id: "bc", sources: ["b"], targets: ["c"] },
        { id: "ac", sources: ["a"], targets: ["c"] },
      ],
    })
    .catch(() => undefined);
}, 0);

scope.onmessage = (event) => {
  requested = true;
  void warmUp.then(() => answer(event.data)).then((response) => scope.postMessage(response));
};
