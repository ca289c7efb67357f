/**
 * Colours come from the theme's CSS variables, so the page is native in light, dark and high-contrast
 * themes. Inside VS Code the variables are set by VS Code; an exported file sets a small light or dark
 * set itself, following the body class (`vscode-dark`...) when present, else the system preference.
 */

export interface Palette {
  fg: string;
  muted: string;
  grid: string;
  fast: string;
  k1: string;
  k2: string;
  latency: string;
  failed: string;
  line: string;
  band: string;
  /** Axis font: size and family. */
  font: string;
  family: string;
}

const css = (name: string, fallback: string): string =>
  getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

/** The chart colours of the current theme. */
export function palette(): Palette {
  return {
    fg: css('--vscode-foreground', '#444'),
    muted: css('--vscode-descriptionForeground', '#777'),
    grid: css('--vscode-editorWidget-border', css('--vscode-widget-border', '#8884')),
    fast: css('--vscode-charts-green', '#388a34'),
    k1: css('--vscode-charts-orange', '#d18616'),
    k2: css('--vscode-charts-red', '#e51400'),
    latency: css('--vscode-charts-blue', '#1a85ff'),
    failed: css('--vscode-errorForeground', '#e51400'),
    line: css('--vscode-charts-blue', '#1a85ff'),
    band: css('--vscode-charts-purple', '#652d90'),
    font: `${css('--vscode-font-size', '13px')} ${css('--vscode-font-family', 'system-ui, sans-serif')}`,
    family: css('--vscode-font-family', 'system-ui, sans-serif'),
  };
}

/** Colour of one attempt by its retransmission count (k) or kind. */
export function attemptColour(p: Palette, k: number | null, kind: string): string {
  if (kind === 'failed') return p.failed;
  if (k === null) return p.latency;
  return k === 0 ? p.fast : k === 1 ? p.k1 : p.k2;
}

const LIGHT: Record<string, string> = {
  '--vscode-foreground': '#3b3b3b',
  '--vscode-descriptionForeground': '#6f6f6f',
  '--vscode-editor-background': '#ffffff',
  '--vscode-sideBar-background': '#f8f8f8',
  '--vscode-editorWidget-border': '#c8c8c8',
  '--vscode-widget-border': '#d4d4d4',
  '--vscode-textLink-foreground': '#005fb8',
  '--vscode-errorForeground': '#c72e0f',
  '--vscode-charts-green': '#388a34',
  '--vscode-charts-orange': '#c66a00',
  '--vscode-charts-red': '#d1242f',
  '--vscode-charts-blue': '#005fb8',
  '--vscode-charts-purple': '#8250df',
  '--vscode-charts-yellow': '#bf8803',
  '--vscode-button-background': '#005fb8',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-secondaryBackground': '#e5e5e5',
  '--vscode-button-secondaryForeground': '#3b3b3b',
  '--vscode-badge-background': '#cccccc',
  '--vscode-badge-foreground': '#3b3b3b',
  '--vscode-textBlockQuote-background': '#f2f2f2',
  '--vscode-textBlockQuote-border': '#005fb8',
  '--vscode-focusBorder': '#005fb8',
  '--vscode-icon-foreground': '#3b3b3b',
  '--vscode-font-family': 'system-ui, -apple-system, "Segoe UI", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': 'ui-monospace, "SF Mono", Consolas, monospace',
  '--vscode-font-weight': 'normal',
  '--vscode-sideBarSectionHeader-background': '#ececec',
  '--vscode-sideBarTitle-foreground': '#3b3b3b',
  '--vscode-button-hoverBackground': '#0258a8',
  '--vscode-button-secondaryHoverBackground': '#cccccc',
  '--vscode-button-border': 'transparent',
};

const DARK: Record<string, string> = {
  ...LIGHT,
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-sideBar-background': '#181818',
  '--vscode-editorWidget-border': '#454545',
  '--vscode-widget-border': '#313131',
  '--vscode-textLink-foreground': '#4daafc',
  '--vscode-errorForeground': '#f85149',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-badge-background': '#616161',
  '--vscode-badge-foreground': '#f8f8f8',
  '--vscode-textBlockQuote-background': '#2b2b2b',
  '--vscode-textBlockQuote-border': '#616161',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-icon-foreground': '#cccccc',
  '--vscode-sideBarSectionHeader-background': '#2b2b2b',
  '--vscode-sideBarTitle-foreground': '#cccccc',
  '--vscode-button-hoverBackground': '#026ec1',
  '--vscode-button-secondaryHoverBackground': '#3c3c3c',
};

/**
 * For a page outside VS Code: sets the theme variables on `<html>` (as VS Code does, through the CSSOM,
 * which the CSP allows). A `vscode-dark`/`vscode-light`/high-contrast body class decides when present,
 * otherwise the system preference; both are followed as they change.
 */
export function applyStandaloneTheme(onChange: () => void): void {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = (): void => {
    const c = document.body.classList;
    const dark =
      c.contains('vscode-dark') ||
      (c.contains('vscode-high-contrast') && !c.contains('vscode-high-contrast-light')) ||
      (!c.contains('vscode-light') && !c.contains('vscode-high-contrast-light') && query.matches);
    for (const [k, v] of Object.entries(dark ? DARK : LIGHT)) document.documentElement.style.setProperty(k, v);
  };
  apply();
  const changed = (): void => {
    apply();
    onChange();
  };
  query.addEventListener('change', changed);
  watchTheme(changed);
}

/** Calls `onChange` when the theme switches (VS Code changes the body class). */
export function watchTheme(onChange: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    onChange();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
