/**
 * Colours of the graph, light and dark. They are written as SVG presentation attributes (not
 * stylesheet classes) so an exported SVG looks the same outside the dashboard.
 */

export interface Theme {
  background: string;
  text: string;
  mutedText: string;
  frameFill: string;
  frameFillOpacity: string;
  frameStroke: string;
  /** Opaque header band of an open group (edges pass under it), and of an open repeat. */
  frameHeaderFill: string;
  repeatHeaderFill: string;
  moduleFill: string;
  moduleStroke: string;
  repeatFill: string;
  repeatStroke: string;
  opFill: string;
  opStroke: string;
  ioFill: string;
  ioStroke: string;
  edge: string;
  edgeLabel: string;
  selected: string;
  matchFill: string;
  matchStroke: string;
  toggleFill: string;
  panelBackground: string;
  panelBorder: string;
  buttonBackground: string;
  error: string;
}

export const LIGHT: Theme = {
  background: '#ffffff',
  text: '#1f2430',
  mutedText: '#5f6877',
  frameFill: '#3a66c4',
  frameFillOpacity: '0.05',
  frameStroke: '#a9b6cc',
  frameHeaderFill: '#e8eef9',
  repeatHeaderFill: '#fbeed8',
  moduleFill: '#e7efff',
  moduleStroke: '#7d9fe0',
  repeatFill: '#fff2dc',
  repeatStroke: '#e0a043',
  opFill: '#ffffff',
  opStroke: '#a2abb8',
  ioFill: '#e4f5e9',
  ioStroke: '#5fb77c',
  edge: '#8891a0',
  edgeLabel: '#5b6575',
  selected: '#e8590c',
  matchFill: '#fff3a3',
  matchStroke: '#e0a800',
  toggleFill: '#ffffff',
  panelBackground: '#f7f8fa',
  panelBorder: '#d5d9e0',
  buttonBackground: '#ffffff',
  error: '#c62828',
};

export const DARK: Theme = {
  background: '#1b1d21',
  text: '#e3e6eb',
  mutedText: '#9aa3b0',
  frameFill: '#8fb0ff',
  frameFillOpacity: '0.06',
  frameStroke: '#4a5262',
  frameHeaderFill: '#262d3a',
  repeatHeaderFill: '#342a1b',
  moduleFill: '#1f3150',
  moduleStroke: '#5b84d6',
  repeatFill: '#3b2f1b',
  repeatStroke: '#c58b34',
  opFill: '#262a30',
  opStroke: '#687284',
  ioFill: '#1b3a27',
  ioStroke: '#4fa56d',
  edge: '#7e8898',
  edgeLabel: '#a2abb8',
  selected: '#ff8a50',
  matchFill: '#5a5218',
  matchStroke: '#f2d036',
  toggleFill: '#2b2f36',
  panelBackground: '#23262b',
  panelBorder: '#3a3f47',
  buttonBackground: '#2d3137',
  error: '#ff8a80',
};
