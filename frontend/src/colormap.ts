/**
 * Colour maps for activation heatmaps, as 256-entry RGB lookup tables interpolated
 * from a few key colours (perceptually ordered sequential maps, and a diverging map
 * centred on zero for signed activations).
 */

export type ColormapName = "viridis" | "magma" | "gray" | "diverging";
export const COLORMAPS: ColormapName[] = ["viridis", "magma", "gray", "diverging"];

const STOPS: Record<ColormapName, string[]> = {
  viridis: [
    "#440154",
    "#482878",
    "#3e4989",
    "#31688e",
    "#26828e",
    "#1f9e89",
    "#35b779",
    "#6ece58",
    "#b5de2b",
    "#fde725",
  ],
  magma: ["#000004", "#180f3d", "#440f76", "#721f81", "#9e2f7f", "#cd4071", "#f1605d", "#fd9668", "#feca8d", "#fcfdbf"],
  gray: ["#000000", "#ffffff"],
  // Blue for negative, near-white at zero, red for positive.
  diverging: [
    "#053061",
    "#2166ac",
    "#4393c3",
    "#92c5de",
    "#d1e5f0",
    "#f7f7f7",
    "#fddbc7",
    "#f4a582",
    "#d6604d",
    "#b2182b",
    "#67001f",
  ],
};

function parseHex(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

const tables = new Map<ColormapName, Uint8ClampedArray>();

/** RGB lookup table: entry i (0..255) at [3i, 3i+1, 3i+2]. */
export function colormapTable(name: ColormapName): Uint8ClampedArray {
  let table = tables.get(name);
  if (table) return table;
  const stops = STOPS[name].map(parseHex);
  table = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const x = (i / 255) * (stops.length - 1);
    const k = Math.min(Math.floor(x), stops.length - 2);
    const f = x - k;
    for (let c = 0; c < 3; c++) table[i * 3 + c] = stops[k][c] + (stops[k + 1][c] - stops[k][c]) * f;
  }
  tables.set(name, table);
  return table;
}

export function colormapCss(name: ColormapName, t: number): string {
  const table = colormapTable(name);
  const i = Math.max(0, Math.min(255, Math.round(t * 255))) * 3;
  return `rgb(${table[i]}, ${table[i + 1]}, ${table[i + 2]})`;
}

/** A horizontal colour bar for legends. */
export function drawColorbar(canvas: HTMLCanvasElement, name: ColormapName): void {
  const width = 256;
  canvas.width = width;
  canvas.height = 1;
  const context = canvas.getContext("2d");
  if (!context) return;
  const image = context.createImageData(width, 1);
  const table = colormapTable(name);
  for (let x = 0; x < width; x++) {
    image.data[x * 4] = table[x * 3];
    image.data[x * 4 + 1] = table[x * 3 + 1];
    image.data[x * 4 + 2] = table[x * 3 + 2];
    image.data[x * 4 + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

/**
 * Title and subtitle colours readable on `fill` ('rgb(r, g, b)' or '#rrggbb'): dark text
 * on light fills, light text on dark ones (relative luminance, WCAG's formula). A fill in
 * another form gets dark text.
 */
export function readableTextOn(fill: string): [string, string] {
  let rgb: number[] | null = null;
  const match = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(fill);
  if (match) rgb = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if (/^#[0-9a-f]{6}$/i.test(fill)) rgb = parseHex(fill);
  if (rgb === null) return ["#1f2430", "#3d4452"];
  const [r, g, b] = rgb.map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.22 ? ["#111418", "#2c323c"] : ["#ffffff", "#e4e8ee"];
}
