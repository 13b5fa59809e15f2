/**
 * The Layers view: the layer table as a collapsible call tree, like torchinfo's summary
 * but sortable, filterable and live (the last columns follow the step slider), with a
 * totals row and a CSV download of the exact numbers.
 */

import { download, el, icon, replaceChildren } from "../dom";
import {
  formatBytes,
  formatCount,
  formatExact,
  formatFlops,
  formatKernel,
  formatPercent,
  formatShapes,
  formatValue,
  relativeName,
} from "../format";
import { reaches } from "../statistics";
import type { StepDoc, StructureDoc, Totals } from "../types";
import { layersCsv } from "./layers_csv";
import { buildLayerTree, type LayerTree, type TreeNode } from "./layer_tree";
import { layerLinks } from "./layer_links";

export interface LayersHandlers {
  onSelect(key: string): void;
  onOpenActivations(key: string): void;
}

interface Cell {
  text: string;
  title?: string;
  muted?: boolean;
  warn?: boolean;
}

interface Column {
  id: string;
  label: string;
  title: string;
  numeric: boolean;
  sortValue(node: TreeNode, step: StepDoc | null): number | string | null;
  cell(node: TreeNode, step: StepDoc | null): Cell;
  total?(totals: Totals): Cell & { exact: number };
}

const COLUMNS: Column[] = [
  {
    id: "type",
    label: "Type",
    title: "Module class",
    numeric: false,
    sortValue: (n) => n.row.type,
    cell: (n) => ({ text: n.row.type, title: n.row.extra ? `${n.row.type}(${n.row.extra})` : n.row.type }),
  },
  {
    id: "output",
    label: "Output shape",
    title: "Shapes of the tensors this call returned",
    numeric: false,
    sortValue: (n) => (n.row.output_shapes?.[0] ?? []).reduce((a: number, b: number) => a * b, 1),
    cell: (n) => ({ text: formatShapes(n.row.output_shapes), muted: n.row.calls === 0 }),
  },
  {
    id: "params",
    label: "Params",
    title: "Parameters in this module's subtree (shared parameters counted once)",
    numeric: true,
    sortValue: (n) => n.row.params_total,
    cell: (n) =>
      n.row.params_total
        ? {
            text: formatCount(n.row.params_total),
            title: `${formatExact(n.row.params_total)} parameters (${formatExact(n.row.params)} registered directly)`,
          }
        : { text: "–", muted: true },
    total: (t) => ({ text: formatCount(t.params), title: `${formatExact(t.params)} parameters`, exact: t.params }),
  },
  {
    id: "trainable",
    label: "Trainable",
    title: "Parameters with requires_grad in this module's subtree",
    numeric: true,
    sortValue: (n) => n.row.trainable,
    cell: (n) => {
      if (!n.row.params_total) return { text: "–", muted: true };
      const title = `${formatExact(n.row.trainable)} trainable, ${formatExact(n.row.frozen)} frozen`;
      if (n.row.trainable === 0) return { text: "frozen", title, muted: true };
      return { text: formatCount(n.row.trainable) + (n.row.frozen ? " *" : ""), title };
    },
    total: (t) => ({
      text: formatCount(t.trainable),
      title: `${formatExact(t.trainable)} trainable, ${formatExact(t.frozen)} frozen`,
      exact: t.trainable,
    }),
  },
  {
    id: "flops",
    label: "FLOPs",
    title: "Floating-point operations of this call, children included",
    numeric: true,
    sortValue: (n) => n.row.flops,
    cell: (n) =>
      n.row.flops
        ? { text: formatFlops(n.row.flops), title: `${formatExact(n.row.flops)} FLOPs` }
        : { text: "–", muted: true },
    total: (t) => ({
      text: formatFlops(t.flops),
      title: `${formatExact(t.flops)} FLOPs in one forward pass`,
      exact: t.flops,
    }),
  },
  {
    id: "output_bytes",
    label: "Output size",
    title: "Bytes of the tensors this call returned",
    numeric: true,
    sortValue: (n) => n.row.output_bytes,
    cell: (n) =>
      n.row.output_bytes
        ? { text: formatBytes(n.row.output_bytes), title: `${formatExact(n.row.output_bytes)} bytes` }
        : { text: "–", muted: true },
    total: (t) => ({
      text: formatBytes(t.output_bytes),
      title: `${formatExact(t.output_bytes)} bytes returned by leaf calls`,
      exact: t.output_bytes,
    }),
  },
  {
    id: "kernel",
    label: "Kernel",
    title: "Kernel size, stride (/s) and groups (g)",
    numeric: false,
    sortValue: (n) => formatKernel(n.row.kernel_size, n.row.stride, n.row.groups),
    cell: (n) => ({ text: formatKernel(n.row.kernel_size, n.row.stride, n.row.groups) }),
  },
  {
    id: "std",
    label: "Out std",
    title: "Standard deviation of this call's output at the selected step",
    numeric: true,
    sortValue: (n, s) => s?.activations[n.row.key]?.std ?? null,
    cell: (n, s) => {
      const stats = s?.activations[n.row.key];
      if (!stats) return { text: "–", muted: true };
      const bad = stats.nan + stats.inf;
      return {
        text: bad ? `${bad} non-finite` : formatValue(stats.std),
        title: `mean ${formatValue(stats.mean)}, std ${formatValue(stats.std)}, min ${formatValue(stats.min)}, max ${formatValue(stats.max)}`,
        warn: bad > 0,
      };
    },
  },
  {
    id: "zeros",
    label: "Zeros",
    title: "Fraction of exact zeros in this call's output at the selected step (dead ReLUs show here)",
    numeric: true,
    sortValue: (n, s) => s?.activations[n.row.key]?.zeros ?? null,
    cell: (n, s) => {
      const zeros = s?.activations[n.row.key]?.zeros;
      if (zeros === undefined || zeros === null) return { text: "–", muted: true };
      return { text: formatPercent(zeros), warn: reaches("activation_zeros", "warning", zeros) };
    },
  },
];

type SortState = { column: string; descending: boolean } | null;

export class LayersView {
  readonly element: HTMLElement;
  private structure: StructureDoc | null = null;
  private step: StepDoc | null = null;
  private tree: LayerTree | null = null;
  private expanded = new Set<string>();
  private selected: string | null = null;
  private sort: SortState = null;
  private flat = false;
  private filterText = "";
  private filterInput: HTMLInputElement;
  private modeButton: HTMLButtonElement;
  private countLabel: HTMLElement;
  private head: HTMLTableSectionElement;
  private body: HTMLTableSectionElement;
  private foot: HTMLTableSectionElement;
  private scroller: HTMLElement;

  constructor(private readonly handlers: LayersHandlers) {
    this.filterInput = el("input", {
      class: "mv-search",
      testid: "layer-filter",
      attrs: { type: "search", placeholder: "Filter by name or type", "aria-label": "Filter layers" },
      on: {
        input: () => {
          this.filterText = this.filterInput.value.trim().toLowerCase();
          this.renderBody();
        },
      },
    });
    this.modeButton = el(
      "button",
      {
        class: "mv-button",
        testid: "layers-flat-toggle",
        attrs: { type: "button", "aria-pressed": "false" },
        title: "Show only leaf modules in one list (sorting then ranks all of them)",
        on: {
          click: () => {
            this.flat = !this.flat;
            this.modeButton.setAttribute("aria-pressed", String(this.flat));
            this.modeButton.classList.toggle("is-active", this.flat);
            this.renderBody();
          },
        },
      },
      "Leaves only",
    );
    this.countLabel = el("span", { class: "mv-muted mv-count" });
    const button = (label: string, title: string, action: () => void, testid?: string) =>
      el("button", { class: "mv-button", title, testid, attrs: { type: "button" }, on: { click: action } }, label);
    this.head = el("thead");
    this.body = el("tbody");
    this.foot = el("tfoot");
    this.scroller = el(
      "div",
      { class: "mv-table-scroll" },
      el("table", { class: "mv-table", testid: "layer-table" }, this.head, this.body, this.foot),
    );
    this.element = el(
      "section",
      { class: "mv-view mv-layers" },
      el(
        "div",
        { class: "mv-view-bar" },
        el("div", { class: "mv-search-box" }, icon("search", 14), this.filterInput),
        button("Expand all", "Expand every module", () => this.expandAll(true)),
        button("Collapse", "Show only the top-level modules", () => this.expandAll(false)),
        this.modeButton,
        this.countLabel,
        el("span", { class: "mv-spacer" }),
        el(
          "button",
          {
            class: "mv-button",
            testid: "download-csv",
            title: "Download the layer table with exact numbers",
            attrs: { type: "button" },
            on: { click: () => this.downloadCsv() },
          },
          icon("download", 14),
          "CSV",
        ),
      ),
      this.scroller,
    );
    this.renderHead();
  }

  setStructure(structure: StructureDoc): void {
    if (this.structure?.hash === structure.hash && this.structure === structure) return;
    const first = this.structure === null;
    this.structure = structure;
    this.tree = buildLayerTree(structure.layers);
    if (first || this.expanded.size === 0) {
      for (const node of this.tree.ordered) if (node.depth < 2 && node.children.length) this.expanded.add(node.row.key);
    }
    this.renderBody();
    this.renderFoot();
  }

  setStep(step: StepDoc | null): void {
    this.step = step;
    if (this.tree) this.renderBody();
  }

  /** Highlight a layer chosen elsewhere, opening its ancestors and scrolling to it. */
  select(key: string | null): void {
    this.selected = key;
    const node = key ? this.tree?.byKey.get(key) : undefined;
    let opened = false;
    for (let p = node?.parent; p; p = p.parent) {
      if (!this.expanded.has(p.row.key)) {
        this.expanded.add(p.row.key);
        opened = true;
      }
    }
    if (opened) this.renderBody();
    for (const row of this.body.querySelectorAll<HTMLTableRowElement>("tr[data-key]")) {
      const isSelected = row.dataset.key === key;
      row.classList.toggle("is-selected", isSelected);
      if (isSelected && this.element.isConnected && this.element.offsetParent) row.scrollIntoView({ block: "nearest" });
    }
  }

  private expandAll(expand: boolean): void {
    if (!this.tree) return;
    this.expanded.clear();
    for (const node of this.tree.ordered) {
      if (node.children.length && (expand || node.depth === 0)) this.expanded.add(node.row.key);
    }
    this.renderBody();
  }

  private renderHead(): void {
    const header = (id: string, label: string, title: string, numeric: boolean) => {
      const sorted = this.sort?.column === id;
      const th = el(
        "th",
        {
          class: (numeric ? "is-numeric " : "") + (sorted ? "is-sorted" : ""),
          title: `${title}. Click to sort.`,
          attrs: { scope: "col", "aria-sort": sorted ? (this.sort!.descending ? "descending" : "ascending") : "none" },
          on: { click: () => this.toggleSort(id, numeric) },
        },
        label,
        sorted ? el("span", { class: "mv-sort-arrow" }, this.sort!.descending ? "▼" : "▲") : null,
      );
      return th;
    };
    replaceChildren(
      this.head,
      el(
        "tr",
        {},
        header("name", "Layer", "Qualified module name", false),
        ...COLUMNS.map((c) => header(c.id, c.label, c.title, c.numeric)),
      ),
    );
  }

  /** Numbers sort largest first on the first click, text alphabetically; the third click restores call order. */
  private toggleSort(column: string, numeric: boolean): void {
    if (this.sort?.column !== column) this.sort = { column, descending: numeric };
    else if (this.sort.descending === numeric) this.sort = { column, descending: !numeric };
    else this.sort = null;
    this.renderHead();
    this.renderBody();
  }

  private compare(): ((a: TreeNode, b: TreeNode) => number) | null {
    const sort = this.sort;
    if (!sort) return null;
    const column = COLUMNS.find((c) => c.id === sort.column);
    const value = (n: TreeNode) => (column ? column.sortValue(n, this.step) : n.row.name);
    const sign = sort.descending ? -1 : 1;
    return (a, b) => {
      const va = value(a);
      const vb = value(b);
      // Missing values go last whatever the direction.
      if (va === null || va === undefined) return vb === null || vb === undefined ? 0 : 1;
      if (vb === null || vb === undefined) return -1;
      if (typeof va === "number" && typeof vb === "number") return sign * (va - vb);
      return sign * String(va).localeCompare(String(vb), undefined, { numeric: true });
    };
  }

  private matches(node: TreeNode): boolean {
    if (!this.filterText) return true;
    const r = node.row;
    return r.name.toLowerCase().includes(this.filterText) || r.type.toLowerCase().includes(this.filterText);
  }

  /** Rows to show, in order, with whether each matched the filter (ancestors of matches show dimmed). */
  private visibleRows(): { node: TreeNode; matched: boolean }[] {
    const tree = this.tree;
    if (!tree) return [];
    const compare = this.compare();
    if (this.flat) {
      const leaves = tree.ordered.filter((n) => n.children.length === 0 && this.matches(n));
      if (compare) leaves.sort(compare);
      return leaves.map((node) => ({ node, matched: true }));
    }
    const filtering = this.filterText !== "";
    const keep = new Set<TreeNode>();
    if (filtering) {
      for (const node of tree.ordered) {
        if (!this.matches(node)) continue;
        for (let n: TreeNode | null = node; n && !keep.has(n); n = n.parent) keep.add(n);
      }
    }
    const result: { node: TreeNode; matched: boolean }[] = [];
    const walk = (nodes: TreeNode[]) => {
      const ordered = compare ? [...nodes].sort(compare) : nodes;
      for (const node of ordered) {
        if (filtering && !keep.has(node)) continue;
        result.push({ node, matched: this.matches(node) });
        if (node.children.length && (filtering || this.expanded.has(node.row.key))) walk(node.children);
      }
    };
    walk(tree.roots);
    return result;
  }

  private renderBody(): void {
    const rows = this.visibleRows();
    const fragment = document.createDocumentFragment();
    for (const { node, matched } of rows) fragment.appendChild(this.renderRow(node, matched));
    if (rows.length === 0 && this.tree) {
      fragment.appendChild(
        el(
          "tr",
          {},
          el(
            "td",
            { class: "mv-table-empty", attrs: { colspan: COLUMNS.length + 1 } },
            this.filterText ? "No layer matches the filter." : "This model has no layers.",
          ),
        ),
      );
    }
    replaceChildren(this.body);
    this.body.appendChild(fragment);
    const total = this.tree?.ordered.length ?? 0;
    this.countLabel.textContent = this.filterText || this.flat ? `${rows.length} of ${total} rows` : `${total} rows`;
  }

  private renderRow(node: TreeNode, matched: boolean): HTMLTableRowElement {
    const row = node.row;
    const hasChildren = node.children.length > 0;
    const isOpen = this.expanded.has(row.key) || (this.filterText !== "" && !this.flat);
    const toggle =
      hasChildren && !this.flat
        ? el(
            "button",
            {
              class: "mv-tree-toggle" + (isOpen ? " is-open" : ""),
              testid: "layer-toggle",
              attrs: { type: "button", "aria-label": isOpen ? "Collapse" : "Expand", "aria-expanded": String(isOpen) },
              on: {
                click: (event) => {
                  event.stopPropagation();
                  if (this.expanded.has(row.key)) this.expanded.delete(row.key);
                  else this.expanded.add(row.key);
                  this.renderBody();
                },
              },
            },
            icon("chevron", 14),
          )
        : el("span", { class: "mv-tree-spacer" });
    const isRoot = row.name === "" && row.parent === null;
    const label = isRoot
      ? (this.structure?.model_type ?? "model")
      : this.flat
        ? row.name
        : relativeName(row.name, node.parent?.row.name);
    const nameCell = el(
      "td",
      { class: "mv-name-cell", title: isRoot ? "The whole model" : row.name },
      el(
        "div",
        { class: "mv-name", style: { paddingLeft: `${this.flat ? 0 : node.depth * 16}px` } },
        toggle,
        el("span", { class: "mv-name-text" + (isRoot ? " is-root" : "") }, label),
        row.calls > 1
          ? el(
              "span",
              { class: "mv-badge", title: `This module runs ${row.calls} times per forward pass` },
              `call ${row.call + 1}/${row.calls}`,
            )
          : null,
        row.calls === 0
          ? el(
              "span",
              { class: "mv-badge is-muted", title: "Registered but never called in the recorded forward pass" },
              "not run",
            )
          : null,
        row.node !== null
          ? el(
              "button",
              {
                class: "mv-row-action",
                testid: "open-activations",
                title: "Show this layer's activations",
                attrs: { type: "button", "aria-label": "Show activations" },
                on: {
                  click: (event) => {
                    event.stopPropagation();
                    this.handlers.onOpenActivations(row.key);
                  },
                },
              },
              icon("activations", 13),
            )
          : null,
        row.node !== null ? layerLinks(row.key, undefined, true) : null,
      ),
    );
    const cells = COLUMNS.map((column) => {
      const cell = column.cell(node, this.step);
      return el(
        "td",
        {
          class: (column.numeric ? "is-numeric" : "") + (cell.muted ? " is-muted" : "") + (cell.warn ? " is-warn" : ""),
          title: cell.title,
        },
        cell.text,
      );
    });
    return el(
      "tr",
      {
        testid: "layer-row",
        class:
          (row.key === this.selected ? "is-selected" : "") +
          (matched ? "" : " is-context") +
          (row.calls === 0 ? " is-not-run" : ""),
        dataset: { key: row.key, depth: String(node.depth) },
        on: {
          click: () => this.handlers.onSelect(row.key),
          dblclick: () => {
            if (row.node !== null) this.handlers.onOpenActivations(row.key);
          },
        },
      },
      nameCell,
      ...cells,
    );
  }

  private renderFoot(): void {
    const structure = this.structure;
    if (!structure) return;
    const totals = structure.totals;
    const cells = COLUMNS.map((column) => {
      if (column.id === "type")
        return el("td", { class: "is-muted" }, `${formatExact(totals.module_calls)} module calls`);
      if (!column.total) return el("td");
      const total = column.total(totals);
      return el(
        "td",
        { class: "is-numeric", title: total.title, dataset: { total: column.id, exact: String(total.exact) } },
        total.text,
      );
    });
    const bytes = Object.entries(totals.param_bytes ?? {})
      .map(([dtype, n]) => `${formatBytes(n)} ${dtype}`)
      .join(", ");
    replaceChildren(
      this.foot,
      el(
        "tr",
        { testid: "totals-row" },
        el(
          "td",
          { title: bytes ? `Parameter memory: ${bytes}; buffers ${formatBytes(totals.buffer_bytes)}` : undefined },
          "Total",
        ),
        ...cells,
      ),
    );
  }

  private downloadCsv(): void {
    if (!this.structure || !this.tree) return;
    const csv = layersCsv(
      this.tree.ordered.map((n) => n.row),
      this.structure.totals,
      this.step,
    );
    download(new Blob([csv], { type: "text/csv;charset=utf-8" }), `${this.structure.model_type || "model"}-layers.csv`);
  }
}
