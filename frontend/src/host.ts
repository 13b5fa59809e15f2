/**
 * Talking to the TensorBoard page that hosts this iframe.
 *
 * TensorBoard's plugin host API is a MessageChannel the guest opens by posting
 * 'experimental.bootstrap' with a port to its parent. Messages are JSON strings of
 * `{type, id, payload, error, isReply}`; the host broadcasts 'experimental.DataReloaded'
 * when the user (or the auto-reload timer) reloads data and answers
 * 'experimental.GetURLPluginData' with the `p.<plugin>.*` entries of its URL hash.
 */

interface HostMessage {
  type: string;
  id: number;
  payload: unknown;
  error: string | null;
  isReply: boolean;
}

export const PLUGIN_NAME = "modelviz";
const DATA_RELOADED = "experimental.DataReloaded";
const GET_URL_DATA = "experimental.GetURLPluginData";

export class HostBridge {
  private port: MessagePort | null = null;
  private nextId = 0;
  private pending = new Map<number, (payload: unknown) => void>();
  private reloadListeners: (() => void)[] = [];

  constructor() {
    if (window.parent === window) return;
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.port.onmessage = (event) => this.receive(event.data);
    try {
      window.parent.postMessage("experimental.bootstrap", "*", [channel.port2]);
    } catch {
      this.port = null;
    }
  }

  onDataReloaded(listener: () => void): void {
    this.reloadListeners.push(listener);
  }

  /** The plugin's entries in TensorBoard's URL hash (`p.modelviz.run=...`), or {} without a host. */
  async urlData(): Promise<Record<string, string>> {
    const payload = await this.request(GET_URL_DATA, { pluginName: PLUGIN_NAME }, 1500);
    if (!payload || typeof payload !== "object") return {};
    const result: Record<string, string> = {};
    for (const [key, value] of Object.entries(payload as Record<string, unknown>)) {
      if (typeof value === "string") result[key] = value;
    }
    return result;
  }

  private request(type: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    const port = this.port;
    if (!port) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(null);
      }, timeoutMs);
      this.pending.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      port.postMessage(JSON.stringify({ type, id, payload, error: null, isReply: false } satisfies HostMessage));
    });
  }

  private receive(data: unknown): void {
    let message: HostMessage;
    try {
      message = JSON.parse(String(data)) as HostMessage;
    } catch {
      return;
    }
    if (message.isReply) {
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message.error ? null : message.payload);
      return;
    }
    if (message.type === DATA_RELOADED) {
      for (const listener of this.reloadListeners) listener();
    }
    // The host waits for an answer to every message it sends.
    const reply: HostMessage = { type: message.type, id: message.id, payload: null, error: null, isReply: true };
    this.port?.postMessage(JSON.stringify(reply));
  }
}

/**
 * Follows TensorBoard's dark mode (the `dark-mode` class on the parent page's body,
 * same origin) and, outside TensorBoard, the system colour scheme.
 */
export function watchDarkMode(onChange: (dark: boolean) => void): void {
  let parentBody: HTMLElement | null = null;
  try {
    if (window.parent !== window) parentBody = window.parent.document.body;
  } catch {
    parentBody = null;
  }
  if (parentBody) {
    const body = parentBody;
    const read = () => onChange(body.classList.contains("dark-mode"));
    new MutationObserver(read).observe(body, { attributes: true, attributeFilter: ["class"] });
    read();
    return;
  }
  const query = window.matchMedia("(prefers-color-scheme: dark)");
  query.addEventListener("change", () => onChange(query.matches));
  onChange(query.matches);
}
