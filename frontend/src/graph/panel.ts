/**
 * The side panel for the selected node: what it is, its shapes, parameters and FLOPs, the
 * activation thumbnail, and its statistics at the selected step. Built with DOM calls and
 * textContent only; every value shown may come from a user's model.
 */
import { formatBytes, formatCount, formatDims as formatShape, formatFlops, formatPercent, formatValue as formatStat, markEstimated } from '../format';
import { repeatRange, repeatType, shortName, tiedParameters } from './labels';
import type { LayerRow, StructureModel } from './model';
import type { Theme } from './theme';
import type { TreeNode } from './tree';

export interface PanelActions {
  close(): void;
  openActivations(layerKey: string): void;
  selectNode(node: TreeNode): void;
  renderThumbnail?(layerKey: string, canvas: HTMLCanvasElement): Promise<void>;
}

interface Stats {
  numel?: number;
  mean?: number | null;
  std?: number | null;
  min?: number | null;
  max?: number | null;
  absmax?: number | null;
  zeros?: number | null;
  nan?: number;
  inf?: number;
  hist?: { lo: number | null; hi: number | null; counts: number[] };
  estimated?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, parent: HTMLElement, text?: string): HTMLElementTagNameMap[K] {
  const child = document.createElement(tag);
  if (text !== undefined) child.textContent = text;
  parent.appendChild(child);
  return child;
}

function shapesText(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return '–';
  return value.map((shape) => (Array.isArray(shape) ? formatShape(shape as number[]) : String(shape))).join(', ');
}

export class SidePanel {
  readonly element: HTMLDivElement;
  private node: TreeNode | null = null;
  private model: StructureModel | null = null;
  private step: unknown = null;
  private theme: Theme;
  /** Bumped on every redraw so a late thumbnail cannot land in a newer panel. */
  private generation = 0;

  constructor(private readonly actions: PanelActions, theme: Theme) {
    this.theme = theme;
    this.element = document.createElement('div');
    this.element.setAttribute('data-testid', 'graph-panel');
    Object.assign(this.element.style, {
      width: '300px', flex: '0 0 300px', overflowY: 'auto', boxSizing: 'border-box',
      padding: '10px 12px', fontSize: '12px', lineHeight: '1.4', display: 'none',
    });
    this.applyTheme();
  }

  show(model: StructureModel, node: TreeNode | null): void {
    this.model = model;
    this.node = node;
    this.redraw();
  }

  setStep(step: unknown): void {
    this.step = step;
    this.redraw();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.applyTheme();
    this.redraw();
  }

  private applyTheme(): void {
    Object.assign(this.element.style, {
      background: this.theme.panelBackground,
      color: this.theme.text,
      borderLeft: `1px solid ${this.theme.panelBorder}`,
    });
  }

  private redraw(): void {
    this.generation++;
    this.element.replaceChildren();
    const { node, model } = this;
    if (node === null || model === null) {
      this.element.style.display = 'none';
      return;
    }
    this.element.style.display = 'block';
    if (node.kind === 'repeat') this.drawRepeat(model, node);
    else if (node.kind === 'module') this.drawModule(model, node);
    else if (node.kind === 'op') this.drawOp(model, node);
    else this.drawEndpoint(model, node);
  }

  private header(title: string, subtitle: string): void {
    const bar = element('div', this.element);
    Object.assign(bar.style, { display: 'flex', alignItems: 'flex-start', gap: '8px', marginBottom: '8px' });
    const words = element('div', bar);
    words.style.flex = '1';
    words.style.minWidth = '0';
    const heading = element('div', words, title);
    Object.assign(heading.style, { fontWeight: '600', fontSize: '14px', wordBreak: 'break-all' });
    heading.setAttribute('data-testid', 'graph-panel-title');
    const sub = element('div', words, subtitle);
    sub.style.color = this.theme.mutedText;
    const close = element('button', bar, '×');
    close.title = 'Close';
    close.setAttribute('aria-label', 'Close');
    this.styleButton(close);
    close.addEventListener('click', () => this.actions.close());
  }

  private styleButton(button: HTMLButtonElement): void {
    Object.assign(button.style, {
      background: this.theme.buttonBackground, color: this.theme.text, cursor: 'pointer',
      border: `1px solid ${this.theme.panelBorder}`, borderRadius: '4px', padding: '2px 8px', font: 'inherit',
    });
  }

  private section(title: string): HTMLDivElement {
    const heading = element('div', this.element, title);
    Object.assign(heading.style, {
      marginTop: '12px', marginBottom: '4px', fontWeight: '600', color: this.theme.mutedText,
      textTransform: 'uppercase', fontSize: '10px', letterSpacing: '0.05em',
    });
    return element('div', this.element);
  }

  private table(parent: HTMLElement, rows: [string, string][]): void {
    const table = element('table', parent);
    Object.assign(table.style, { borderCollapse: 'collapse', width: '100%' });
    for (const [name, value] of rows) {
      const row = element('tr', table);
      const label = element('td', row, name);
      Object.assign(label.style, { color: this.theme.mutedText, padding: '1px 8px 1px 0', verticalAlign: 'top', whiteSpace: 'nowrap' });
      const cell = element('td', row, value);
      Object.assign(cell.style, { padding: '1px 0', overflowWrap: 'anywhere' });
    }
  }

  private drawModule(model: StructureModel, node: TreeNode): void {
    const graphNode = model.nodes[node.graphId!];
    const key = graphNode.layer!;
    const row: LayerRow | undefined = model.layers.get(key);
    this.header(graphNode.name === '' ? graphNode.type || model.modelType : shortName(graphNode.name), graphNode.type);

    const identity: [string, string][] = [['name', graphNode.name || '(model)'], ['key', key], ['type', graphNode.type]];
    if (row !== undefined && typeof row.calls === 'number' && row.calls > 1) identity.push(['call', `${graphNode.call + 1} of ${row.calls}`]);
    this.table(this.section('Module'), identity);

    if (row !== undefined) {
      const shapes: [string, string][] = [['inputs', shapesText(row.input_shapes)], ['outputs', shapesText(row.output_shapes)]];
      this.table(this.section('Shapes'), shapes);
      const tied = tiedParameters(model, key);
      const tiedCount = typeof row.params_tied === 'number' ? row.params_tied : 0;
      const numbers: [string, string][] = [
        ['parameters', formatCount(row.params_total as number)],
        ['own parameters', formatCount(row.params as number)],
      ];
      if (tied.length > 0) {
        numbers.push(['tied', `${formatCount(tiedCount)} of them are another module's: counted once, there`]);
        for (const [name, first] of tied) numbers.push(['', `${name} = ${first}`]);
      }
      if (typeof row.frozen === 'number' && row.frozen > 0) numbers.push(['frozen', formatCount(row.frozen)]);
      if (isRecord(row.param_bytes)) {
        const bytes = Object.values(row.param_bytes).reduce<number>((sum, v) => sum + (typeof v === 'number' ? v : 0), 0);
        numbers.push(['parameter bytes', formatBytes(bytes)]);
      }
      numbers.push(['FLOPs', formatFlops(row.flops as number)]);
      if (typeof row.output_bytes === 'number') numbers.push(['output bytes', formatBytes(row.output_bytes)]);
      this.table(this.section('Size'), numbers);
      if (typeof row.extra === 'string' && row.extra !== '') {
        const extra = element('div', this.section('Configuration'), row.extra);
        Object.assign(extra.style, { fontFamily: 'monospace', whiteSpace: 'pre-wrap', wordBreak: 'break-all' });
      }
    }

    const open = element('button', this.element, 'Open activations');
    open.setAttribute('data-testid', 'graph-open-activations');
    this.styleButton(open);
    open.style.marginTop = '12px';
    open.addEventListener('click', () => this.actions.openActivations(key));

    this.drawThumbnail(key);
    this.drawStats(key);
  }

  private drawThumbnail(key: string): void {
    const samples = isRecord(this.step) && isRecord(this.step.samples) ? this.step.samples : null;
    if (this.actions.renderThumbnail === undefined || samples === null || !(key in samples)) return;
    const box = this.section('Activation sample');
    const canvas = element('canvas', box);
    canvas.setAttribute('data-testid', 'graph-thumbnail');
    Object.assign(canvas.style, { width: '100%', height: 'auto', imageRendering: 'pixelated', display: 'block' });
    const note = element('div', box, 'Loading…');
    note.style.color = this.theme.mutedText;
    const generation = this.generation;
    this.actions.renderThumbnail(key, canvas).then(
      () => { if (generation === this.generation) note.remove(); },
      (error: unknown) => {
        if (generation !== this.generation) return;
        canvas.remove();
        note.textContent = `No thumbnail: ${error instanceof Error ? error.message : String(error)}`;
      },
    );
  }

  private drawStats(key: string): void {
    if (!isRecord(this.step)) return;
    const box = this.section('Output at this step');
    const activations = isRecord(this.step.activations) ? this.step.activations : {};
    const stats = activations[key];
    if (!isRecord(stats)) {
      element('div', box, 'Not recorded at this step.').style.color = this.theme.mutedText;
      return;
    }
    const s = stats as Stats;
    const mark = (field: string, text: string) => markEstimated(s.estimated, field, text);
    this.table(box, [
      ['values', formatCount(s.numel)],
      ['mean', mark('mean', formatStat(s.mean))],
      ['std', mark('std', formatStat(s.std))],
      ['min', mark('min', formatStat(s.min))],
      ['max', mark('max', formatStat(s.max))],
      ['|max|', mark('absmax', formatStat(s.absmax))],
      ['zeros', mark('zeros', formatPercent(s.zeros))],
      ['NaN / inf', `${mark('nan', String(s.nan ?? 0))} / ${mark('inf', String(s.inf ?? 0))}`],
    ]);
    if (s.hist !== undefined && Array.isArray(s.hist.counts) && s.hist.counts.length > 0) this.drawHistogram(box, s.hist);
  }

  private drawHistogram(parent: HTMLElement, hist: NonNullable<Stats['hist']>): void {
    const width = 260;
    const height = 48;
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.setAttribute('data-testid', 'graph-histogram');
    svg.style.display = 'block';
    svg.style.marginTop = '6px';
    const counts = hist.counts.map((c) => (typeof c === 'number' && c > 0 ? c : 0));
    const peak = Math.max(1, ...counts);
    const barWidth = width / counts.length;
    counts.forEach((count, i) => {
      const barHeight = (count / peak) * (height - 2);
      const bar = document.createElementNS(ns, 'rect');
      bar.setAttribute('x', String(i * barWidth));
      bar.setAttribute('y', String(height - barHeight));
      bar.setAttribute('width', String(Math.max(1, barWidth - 1)));
      bar.setAttribute('height', String(barHeight));
      bar.setAttribute('fill', this.theme.moduleStroke);
      svg.appendChild(bar);
    });
    parent.appendChild(svg);
    const range = element('div', parent);
    Object.assign(range.style, { display: 'flex', justifyContent: 'space-between', color: this.theme.mutedText, width: `${width}px` });
    element('span', range, formatStat(hist.lo));
    element('span', range, formatStat(hist.hi));
  }

  private drawRepeat(model: StructureModel, node: TreeNode): void {
    this.header(repeatRange(model, node), repeatType(model, node));
    const note = element('div', this.element, `${node.children.length} consecutive blocks with identical structure. Select one:`);
    note.style.color = this.theme.mutedText;
    const list = element('div', this.element);
    Object.assign(list.style, { display: 'flex', flexWrap: 'wrap', gap: '4px', marginTop: '6px' });
    for (const member of node.children) {
      const graphNode = model.nodes[member.graphId!];
      const button = element('button', list, shortName(graphNode.name) || graphNode.type);
      button.title = graphNode.layer ?? '';
      this.styleButton(button);
      button.addEventListener('click', () => this.actions.selectNode(member));
    }
  }

  private drawOp(model: StructureModel, node: TreeNode): void {
    const graphNode = model.nodes[node.graphId!];
    this.header(graphNode.op || graphNode.label, 'operator');
    const inputs = model.inEdges[graphNode.id].map((e) => formatShape(model.edges[e].shape));
    const outputs = model.outEdges[graphNode.id].map((e) => formatShape(model.edges[e].shape));
    const parent = graphNode.parent === null ? null : model.nodes[graphNode.parent];
    const rows: [string, string][] = [
      ['inputs', inputs.length > 0 ? inputs.join(', ') : '–'],
      ['outputs', outputs.length > 0 ? [...new Set(outputs)].join(', ') : '–'],
      ['FLOPs', formatFlops(graphNode.flops)],
      ['in place', graphNode.inplace ? 'yes' : 'no'],
    ];
    if (parent !== null) rows.push(['in module', parent.layer ?? parent.name]);
    this.table(this.section('Operator'), rows);
  }

  private drawEndpoint(model: StructureModel, node: TreeNode): void {
    const graphNode = model.nodes[node.graphId!];
    this.header(graphNode.name || graphNode.label, graphNode.kind === 'input' ? 'model input' : 'model output');
    this.table(this.section('Tensor'), [['shape', formatShape(graphNode.shape)], ['dtype', graphNode.dtype || '–']]);
  }
}
