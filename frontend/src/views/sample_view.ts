/**
 * One activation sample drawn on canvases: a grid of per-channel maps for conv outputs
 * (`chw`), a token×feature map for sequences (`tf`) and a strip per batch item for
 * vectors (`vec`), with a colour legend and a readout of the value under the pointer.
 */

import { COLORMAPS, drawColorbar, type ColormapName } from "../colormap";
import { el, replaceChildren } from "../dom";
import { formatShape, formatValue } from "../format";
import { drawPlane, planeGeometry, planeOffset, symmetric, type ValueScale } from "../heatmap";
import { dequantize, type Sample } from "../sample";

export type ScaleMode = "shared" | "channel";
export type ColormapChoice = "auto" | ColormapName;

export interface SampleViewOptions {
  colormap: ColormapChoice;
  scale: ScaleMode;
  item: number;
  showAllChannels: boolean;
}

const CHANNEL_LIMIT = 64;

/** Diverging (centred on zero) when the sample holds both signs, else viridis. */
export function resolveColormap(choice: ColormapChoice, sample: Sample): ColormapName {
  if (choice !== "auto") return choice;
  let negative = false;
  let positive = false;
  for (let i = 0; i < sample.lo.length; i++) {
    for (let c = 0; c < sample.lo[i].length; c++) {
      if (sample.lo[i][c] < 0) negative = true;
      if (sample.hi[i][c] > 0) positive = true;
    }
  }
  return negative && positive ? "diverging" : "viridis";
}

/** The shared scale of batch item `item`: the union of its channels' ranges. */
function itemScale(sample: Sample, item: number): ValueScale {
  return { lo: Math.min(...sample.lo[item]), hi: Math.max(...sample.hi[item]) };
}

export class SampleView {
  readonly element: HTMLElement;
  private controls: HTMLElement;
  private canvasArea: HTMLElement;
  private legend: HTMLElement;
  private readout: HTMLElement;
  private sample: Sample | null = null;

  constructor(
    private options: SampleViewOptions,
    private readonly onOptions: (options: SampleViewOptions) => void,
  ) {
    this.controls = el("div", { class: "mv-sample-controls" });
    this.canvasArea = el("div", { class: "mv-sample-canvases" });
    this.legend = el("div", { class: "mv-legend", testid: "activation-legend" });
    this.readout = el("div", { class: "mv-readout mv-mono" }, "\u00a0");
    this.element = el(
      "div",
      { class: "mv-sample" },
      this.controls,
      this.canvasArea,
      el("div", { class: "mv-sample-footer" }, this.legend, this.readout),
    );
  }

  setSample(sample: Sample): void {
    this.sample = sample;
    if (this.options.item >= sample.shape[0]) this.options = { ...this.options, item: 0 };
    this.render();
  }

  private update(change: Partial<SampleViewOptions>): void {
    this.options = { ...this.options, ...change };
    this.onOptions(this.options);
    this.render();
  }

  private render(): void {
    const sample = this.sample;
    if (!sample) return;
    const colormap = resolveColormap(this.options.colormap, sample);
    this.renderControls(sample);
    if (sample.layout === "chw") this.renderChannels(sample, colormap);
    else if (sample.layout === "tf") this.renderSequence(sample, colormap);
    else this.renderVectors(sample, colormap);
  }

  private renderControls(sample: Sample): void {
    const select = <T extends string>(
      label: string,
      testid: string,
      value: T,
      choices: [T, string][],
      onChange: (v: T) => void,
    ) => {
      const input = el(
        "select",
        { testid, on: { change: () => onChange(input.value as T) } },
        ...choices.map(([v, text]) => el("option", { attrs: { value: v } }, text)),
      );
      input.value = value;
      return el("label", { class: "mv-field" }, el("span", { class: "mv-field-label" }, label), input);
    };
    const n = sample.shape[0];
    const scaleToggle =
      sample.layout === "chw"
        ? el(
            "div",
            { class: "mv-segmented", attrs: { role: "group", "aria-label": "Colour scale" } },
            ...(["shared", "channel"] as ScaleMode[]).map((mode) =>
              el(
                "button",
                {
                  class: "mv-segment" + (this.options.scale === mode ? " is-active" : ""),
                  testid: `scale-${mode}`,
                  title:
                    mode === "shared"
                      ? "One colour scale for all channels: compare magnitudes"
                      : "Each channel scaled to its own range: see the pattern in weak channels",
                  attrs: { type: "button", "aria-pressed": String(this.options.scale === mode) },
                  on: { click: () => this.update({ scale: mode }) },
                },
                mode === "shared" ? "Shared scale" : "Per channel",
              ),
            ),
          )
        : null;
    replaceChildren(
      this.controls,
      n > 1
        ? select(
            "Batch item",
            "sample-item",
            String(this.options.item),
            Array.from({ length: n }, (_, i) => [String(i), `#${i}`] as [string, string]),
            (v) => this.update({ item: Number(v) }),
          )
        : null,
      select<ColormapChoice>(
        "Colours",
        "colormap-select",
        this.options.colormap,
        [["auto", "auto"], ...COLORMAPS.map((c) => [c, c] as [ColormapChoice, string])],
        (v) => this.update({ colormap: v }),
      ),
      scaleToggle,
      el(
        "span",
        { class: "mv-muted mv-sample-shape", title: "The stored sample is downsampled from the layer's output" },
        `sample ${formatShape(sample.shape)} of output ${formatShape(sample.sourceShape)}`,
      ),
    );
  }

  private renderLegend(colormap: ColormapName, scale: ValueScale | null): void {
    const bar = el("canvas", { class: "mv-colorbar" });
    drawColorbar(bar, colormap);
    const labels = scale
      ? [
          formatValue(scale.lo),
          scale.lo < 0 && scale.hi > 0 && colormap === "diverging" ? "0" : "",
          formatValue(scale.hi),
        ]
      : ["channel min", "", "channel max"];
    replaceChildren(
      this.legend,
      el(
        "div",
        { class: "mv-colorbar-wrap" },
        bar,
        el("div", { class: "mv-colorbar-labels mv-mono" }, ...labels.map((t) => el("span", {}, t))),
      ),
    );
  }

  private attachReadout(canvas: HTMLCanvasElement, describe: (x: number, y: number) => string): void {
    canvas.addEventListener("mousemove", (event) => {
      const box = canvas.getBoundingClientRect();
      const x = Math.floor(((event.clientX - box.left) / box.width) * canvas.width);
      const y = Math.floor(((event.clientY - box.top) / box.height) * canvas.height);
      if (x < 0 || y < 0 || x >= canvas.width || y >= canvas.height) return;
      this.readout.textContent = describe(x, y);
    });
    canvas.addEventListener("mouseleave", () => (this.readout.textContent = "\u00a0"));
  }

  private renderChannels(sample: Sample, colormap: ColormapName): void {
    const { planes, width, height } = planeGeometry(sample);
    const item = this.options.item;
    const shared = this.options.scale === "shared";
    const diverging = colormap === "diverging";
    let sharedScale = itemScale(sample, item);
    if (diverging) sharedScale = symmetric(sharedScale);
    // Integer zoom so that each map is roughly 64 to 128 CSS pixels wide.
    const zoom = Math.max(1, Math.floor(96 / Math.max(width, height, 1)));
    const shown = this.options.showAllChannels ? planes : Math.min(planes, CHANNEL_LIMIT);
    const grid = el("div", {
      class: "mv-channel-grid",
      style: { gridTemplateColumns: `repeat(auto-fill, minmax(${Math.max(width * zoom, 40)}px, 1fr))` },
    });
    for (let c = 0; c < shown; c++) {
      const range = { lo: sample.lo[item][c], hi: sample.hi[item][c] };
      const scale = shared ? sharedScale : diverging ? symmetric(range) : range;
      const canvas = el("canvas", {
        class: "mv-heatmap",
        testid: "activation-canvas",
        dataset: { channel: String(c) },
        style: { width: `${width * zoom}px`, maxWidth: "100%", aspectRatio: `${width} / ${height}` },
      });
      drawPlane(canvas, sample.values, planeOffset(sample, item, c), width, height, range, scale, colormap);
      const offset = planeOffset(sample, item, c);
      this.attachReadout(
        canvas,
        (x, y) =>
          `channel ${c} · (${y}, ${x}) = ${formatValue(dequantize(sample.values[offset + y * width + x], range.lo, range.hi))}`,
      );
      grid.appendChild(
        el(
          "figure",
          { class: "mv-channel", title: `channel ${c}: ${formatValue(range.lo)} … ${formatValue(range.hi)}` },
          canvas,
          el("figcaption", { class: "mv-mono" }, String(c)),
        ),
      );
    }
    const more =
      planes > shown
        ? el(
            "button",
            {
              class: "mv-button",
              testid: "show-all-channels",
              attrs: { type: "button" },
              on: { click: () => this.update({ showAllChannels: true }) },
            },
            `Show all ${planes} channels`,
          )
        : null;
    replaceChildren(this.canvasArea, grid, more);
    this.renderLegend(colormap, shared ? sharedScale : null);
  }

  private renderSequence(sample: Sample, colormap: ColormapName): void {
    const { width: features, height: tokens } = planeGeometry(sample);
    const item = this.options.item;
    const range = { lo: sample.lo[item][0], hi: sample.hi[item][0] };
    const scale = colormap === "diverging" ? symmetric(range) : range;
    const canvas = el("canvas", {
      class: "mv-heatmap mv-heatmap-wide",
      testid: "activation-canvas",
      style: { height: `${Math.min(480, Math.max(80, tokens * 6))}px` },
    });
    const offset = planeOffset(sample, item, 0);
    drawPlane(canvas, sample.values, offset, features, tokens, range, scale, colormap);
    this.attachReadout(
      canvas,
      (x, y) =>
        `token ${y} · feature ${x} = ${formatValue(dequantize(sample.values[offset + y * features + x], range.lo, range.hi))}`,
    );
    replaceChildren(
      this.canvasArea,
      el("div", { class: "mv-axis-caption mv-muted" }, `features → (${features})`),
      el(
        "div",
        { class: "mv-heatmap-row" },
        el("div", { class: "mv-axis-caption mv-axis-vertical mv-muted" }, `tokens ↓ (${tokens})`),
        canvas,
      ),
    );
    this.renderLegend(colormap, scale);
  }

  private renderVectors(sample: Sample, colormap: ColormapName): void {
    const [n, features] = sample.shape;
    const diverging = colormap === "diverging";
    // All batch items as rows of one image, on the union of their ranges.
    let scale: ValueScale = {
      lo: Math.min(...sample.lo.map((r) => r[0])),
      hi: Math.max(...sample.hi.map((r) => r[0])),
    };
    if (diverging) scale = symmetric(scale);
    const canvas = el("canvas", {
      class: "mv-heatmap mv-heatmap-wide",
      testid: "activation-canvas",
      style: { height: `${Math.min(320, Math.max(28, n * 28))}px` },
    });
    canvas.width = Math.max(1, features);
    canvas.height = Math.max(1, n);
    const context = canvas.getContext("2d");
    const row = document.createElement("canvas");
    for (let i = 0; i < n && context; i++) {
      drawPlane(
        row,
        sample.values,
        i * features,
        features,
        1,
        { lo: sample.lo[i][0], hi: sample.hi[i][0] },
        scale,
        colormap,
      );
      context.drawImage(row, 0, i);
    }
    this.attachReadout(
      canvas,
      (x, y) =>
        `item ${y} · feature ${x} = ${formatValue(dequantize(sample.values[y * features + x], sample.lo[y][0], sample.hi[y][0]))}`,
    );
    replaceChildren(
      this.canvasArea,
      el(
        "div",
        { class: "mv-axis-caption mv-muted" },
        `features → (${features})${n > 1 ? `, one row per batch item (${n})` : ""}`,
      ),
      canvas,
    );
    this.renderLegend(colormap, scale);
  }
}
