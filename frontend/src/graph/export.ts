/**
 * Export of the whole drawn graph (not just the part in view) as a standalone SVG document
 * or a PNG rendered from it. Colours are attributes, so the SVG needs no stylesheet, and
 * it is drawn at full detail whatever the zoom (the level-of-detail rule is the page's).
 * The caller clears the selection outline and search marks before taking it.
 */

const MARGIN = 16;
/** Chromium's canvas limits: keep well inside them. */
const MAX_SIDE = 16000;
const MAX_PIXELS = 64e6;

export function exportSvg(
  svg: SVGSVGElement,
  viewport: SVGGElement,
  size: { width: number; height: number },
  background: string,
): string {
  if (size.width <= 0 || size.height <= 0) throw new Error("There is no drawn graph to export yet.");
  const width = Math.ceil(size.width + 2 * MARGIN);
  const height = Math.ceil(size.height + 2 * MARGIN);
  const copy = svg.cloneNode(false) as SVGSVGElement;
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("width", String(width));
  copy.setAttribute("height", String(height));
  copy.setAttribute("viewBox", `0 0 ${width} ${height}`);
  copy.removeAttribute("style");
  copy.removeAttribute("data-lod");
  const backdrop = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  backdrop.setAttribute("width", String(width));
  backdrop.setAttribute("height", String(height));
  backdrop.setAttribute("fill", background);
  copy.appendChild(backdrop);
  const content = viewport.cloneNode(true) as SVGGElement;
  content.setAttribute("transform", `translate(${MARGIN},${MARGIN})`);
  // What is there to use the view, not to read it: buttons, hover targets, zoomed-out labels.
  for (const element of content.querySelectorAll(
    '[data-role="toggle"], [data-role="edge-hit"], [data-role="lod-labels"]',
  ))
    element.remove();
  copy.appendChild(content);
  return new XMLSerializer().serializeToString(copy);
}

export async function exportPng(svgText: string, pixelRatio = 2): Promise<Blob> {
  const match = /width="(\d+)" height="(\d+)"/.exec(svgText.slice(0, 2000));
  if (match === null) throw new Error("The exported SVG has no size.");
  const width = Number(match[1]);
  const height = Number(match[2]);
  const scale = Math.min(pixelRatio, MAX_SIDE / width, MAX_SIDE / height, Math.sqrt(MAX_PIXELS / (width * height)));
  const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.decoding = "async";
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error("The browser could not render the graph as an image."));
      image.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.floor(width * scale));
    canvas.height = Math.max(1, Math.floor(height * scale));
    const context = canvas.getContext("2d");
    if (context === null) throw new Error("No 2-D canvas is available for the PNG export.");
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => {
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error("The PNG could not be encoded (graph too large?)."))),
        "image/png",
      );
    });
  } finally {
    URL.revokeObjectURL(url);
  }
}
