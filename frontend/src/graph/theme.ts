/**
 * The colours the graph drawing needs as values. They are defined once, as CSS custom
 * properties in styles.css (light on `:root`, dark on `:root.mv-dark`, the dashboard's one
 * theme), and read here once per theme change: the renderer writes them as SVG presentation
 * attributes (not stylesheet classes) so an exported SVG looks the same outside the
 * dashboard, and the minimap paints them on a canvas. The view's chrome (toolbar, panel,
 * legend, tooltip) is styled by classes in styles.css and needs none of this.
 */

/** Each colour of the drawing and the custom property it is read from. */
export const THEME_VARIABLES = {
  background: "--mv-bg",
  text: "--mv-text",
  mutedText: "--mv-muted",
  error: "--mv-warn",
  frameFill: "--mv-graph-frame-fill",
  frameFillOpacity: "--mv-graph-frame-fill-opacity",
  frameStroke: "--mv-graph-frame-stroke",
  /** Opaque header band of an open group (edges pass under it), and of an open repeat. */
  frameHeaderFill: "--mv-graph-frame-header-fill",
  repeatHeaderFill: "--mv-graph-repeat-header-fill",
  moduleFill: "--mv-graph-module-fill",
  moduleStroke: "--mv-graph-module-stroke",
  repeatFill: "--mv-graph-repeat-fill",
  repeatStroke: "--mv-graph-repeat-stroke",
  opFill: "--mv-graph-op-fill",
  opStroke: "--mv-graph-op-stroke",
  ioFill: "--mv-graph-io-fill",
  ioStroke: "--mv-graph-io-stroke",
  edge: "--mv-graph-edge",
  edgeLabel: "--mv-graph-edge-label",
  selected: "--mv-graph-selected",
  matchFill: "--mv-graph-match-fill",
  matchStroke: "--mv-graph-match-stroke",
  toggleFill: "--mv-graph-toggle-fill",
} as const;

export type Theme = Record<keyof typeof THEME_VARIABLES, string>;

/** Something custom properties can be read from: a CSSStyleDeclaration (getComputedStyle). */
export interface PropertySource {
  getPropertyValue(name: string): string;
}

/**
 * The drawing's colours as the stylesheet defines them now. A property the stylesheet
 * lacks is an error naming it (the drawing would otherwise come out black).
 */
export function readTheme(style: PropertySource): Theme {
  const theme: Partial<Theme> = {};
  const missing: string[] = [];
  for (const [field, variable] of Object.entries(THEME_VARIABLES) as [keyof Theme, string][]) {
    const value = style.getPropertyValue(variable).trim();
    if (value === "") missing.push(variable);
    theme[field] = value;
  }
  if (missing.length > 0)
    throw new Error(`The stylesheet defines no ${missing.join(", ")}: the graph cannot be coloured.`);
  return theme as Theme;
}

/** The theme of the page `element` is in (the custom properties live on its root). */
export function documentTheme(element: Element): Theme {
  return readTheme(getComputedStyle(element.ownerDocument.documentElement));
}
