/**
 * A tiny element builder. Strings always become text nodes, never markup: run names,
 * module names and everything else from an event file is untrusted.
 */

export type Child = Node | string | number | null | undefined | false;

export interface Attrs {
  class?: string;
  testid?: string;
  title?: string;
  style?: Partial<CSSStyleDeclaration>;
  dataset?: Record<string, string>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
  /** Plain attributes (type, value, role, aria-*, ...), set with setAttribute. */
  attrs?: Record<string, string | number | boolean | null | undefined>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.class) node.className = options.class;
  if (options.testid) node.dataset.testid = options.testid;
  if (options.title) node.title = isolateBidi(options.title);
  if (options.style) Object.assign(node.style, options.style);
  if (options.dataset) Object.assign(node.dataset, options.dataset);
  if (options.attrs) {
    for (const [name, value] of Object.entries(options.attrs)) {
      if (value === null || value === undefined || value === false) continue;
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  if (options.on) {
    for (const [type, listener] of Object.entries(options.on)) {
      node.addEventListener(type, listener as EventListener);
    }
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === "string" || typeof child === "number"
        ? document.createTextNode(isolateBidi(String(child)))
        : child,
    );
  }
}

/** Bidirectional controls: the marks, embeddings, overrides and isolates of Unicode. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * `text` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE when it holds a bidi
 * control, as `<bdi>` would: a right-to-left override in a name from an event file
 * ("\u202eRTL") then ends with that name instead of reversing the text beside it.
 */
export function isolateBidi(text: string): string {
  return BIDI_CONTROLS.test(text) ? `\u2068${text}\u2069` : text;
}

/** Replace all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.textContent = "";
  append(parent, ...children);
}

/** Offer `blob` as a file download named `filename`. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = el("a", { attrs: { href: url, download: filename }, style: { display: "none" } });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Inline SVG icons, built as DOM (no markup strings). */
export function icon(name: keyof typeof ICONS, size = 16): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const { paths, filled } = ICONS[name];
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", String(size));
  svg.setAttribute("height", String(size));
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", filled ? "icon icon-filled" : "icon");
  for (const d of paths) {
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    svg.appendChild(path);
  }
  return svg;
}

const ICONS = {
  play: { filled: true, paths: ["M8 5v14l11-7z"] },
  pause: { filled: true, paths: ["M6 5h4v14H6zM14 5h4v14h-4z"] },
  download: { filled: false, paths: ["M12 4v11m0 0l-5-5m5 5l5-5M5 20h14"] },
  search: { filled: false, paths: ["M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14zM20 20l-4.5-4.5"] },
  chevron: { filled: false, paths: ["M9 6l6 6l-6 6"] },
  activations: { filled: false, paths: ["M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z"] },
  retry: { filled: false, paths: ["M20 12a8 8 0 1 1-2.34-5.66M20 4v5h-5"] },
};

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element with its attributes set, appended to `parent` when given. */
export function svgElement<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number> = {},
  parent?: Element,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  parent?.appendChild(element);
  return element;
}
