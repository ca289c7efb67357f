import { createHash, randomBytes } from 'node:crypto';
import type { L10nBundle, Lang } from '../../shared/l10n/localizer';
import { DATA_ELEMENT_ID, L10N_ELEMENT_ID } from '../../shared/protocol';

/**
 * The one HTML/CSP builder for every page VPS Doctor shows: the webview panels (scripts and styles loaded
 * from the extension's `dist/` and `media/` by nonce and by source) and the exported report (everything
 * inline, allowed by sha256 hash). Pure apart from the nonce. No `'unsafe-inline'`, no `'unsafe-eval'`
 * anywhere (docs/security.md §3.4).
 */

/** Which page the webview bundle renders into `#root`. */
export type PageView = 'report' | 'sidebar';

/** A fresh nonce: 128 random bits from the OS, base64 (never Math.random, docs/security.md §0 item 10). */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or an attribute value made safe for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON that is safe inside `<script type="application/json">`: `<`, `>` and `&` become `\u003c` etc. so no
 * `</script>` or `<!--` can end or bend the element, and U+2028/2029 are escaped for older parsers.
 * `JSON.parse` of the element's text gives the value back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The CSP source that allows exactly this inline script or style text: `'sha256-…'`. */
export function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Directives in order, joined the way browsers parse them. */
export function buildCsp(directives: [string, ...string[]][]): string {
  return directives.map((d) => d.join(' ')).join('; ');
}

export interface WebviewPageInput {
  /** `webview.cspSource`: the origin VS Code serves the extension's local resources from. */
  cspSource: string;
  /** `webview.asWebviewUri` of `dist/webview.js`. */
  scriptUri: string;
  /** `webview.asWebviewUri` of `media/report.css`. */
  styleUri: string;
  view: PageView;
  title: string;
  /** The language of VS Code's display and its bundle (`vscode.l10n.bundle`), for the page's own labels. */
  l10n?: PageL10n;
}

/**
 * A webview page: CSP first in `<head>`, the stylesheet and the script by URI, the script allowed by a
 * nonce made for this render. No inline script at all; data arrives later by `postMessage`.
 */
export function webviewPage(input: WebviewPageInput): { html: string; nonce: string } {
  const nonce = newNonce();
  const csp = buildCsp([
    ['default-src', "'none'"],
    ['img-src', input.cspSource, 'data:'],
    ['style-src', input.cspSource],
    ['font-src', input.cspSource],
    ['script-src', `'nonce-${nonce}'`],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ]);
  const html = page(
    csp,
    input.title,
    `<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">`,
    input.view,
    `${l10nElement(input.l10n)}<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(input.scriptUri)}"></script>`,
    input.l10n?.lang,
  );
  return { html, nonce };
}

export interface StandalonePageInput {
  title: string;
  /** media/report.css, inlined. */
  css: string;
  /** dist/webview.js, inlined. */
  script: string;
  /** What the script renders: embedded as JSON, read with `JSON.parse`, never executed. */
  data: unknown;
  view: PageView;
  /** The page's language and its message bundle (none for English). */
  l10n?: PageL10n;
}

/** The language of a page and the bundle its script loads into `@vscode/l10n` (absent for English). */
export interface PageL10n {
  lang: Lang;
  bundle?: L10nBundle;
}

/** The bundle as inert JSON for the page script, like the data; nothing for English. */
function l10nElement(l10n: PageL10n | undefined): string {
  return l10n?.bundle === undefined
    ? ''
    : `<script type="application/json" id="${L10N_ELEMENT_ID}">${jsonForScript(l10n.bundle)}</script>\n`;
}

/**
 * A self-contained page that opens offline in any browser: style, script and data inline, a CSP of
 * `default-src 'none'` that allows this one script and this one stylesheet by their sha256 hashes (a hash
 * rather than a nonce: the file is static, so a nonce would be a constant anyone could copy).
 */
export function standalonePage(input: StandalonePageInput): string {
  // A script or style text containing its own end tag would end the element early: refuse to build that.
  const script = input.script.replace(/<\/script/gi, '<\\/script');
  const css = input.css.replace(/<\/style/gi, '<\\/style');
  const csp = buildCsp([
    ['default-src', "'none'"],
    ['img-src', 'data:'],
    ['style-src', sha256Source(css)],
    ['script-src', sha256Source(script)],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ]);
  return page(
    csp,
    input.title,
    `<style>${css}</style>`,
    input.view,
    `<script type="application/json" id="${DATA_ELEMENT_ID}">${jsonForScript(input.data)}</script>\n${l10nElement(input.l10n)}<script>${script}</script>`,
    input.l10n?.lang,
  );
}

/** The one page skeleton: the CSP first in `<head>`, then `head` (styles), the root element, then `tail` (scripts). */
function page(csp: string, title: string, head: string, view: PageView, tail: string, lang: Lang = 'en'): string {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${head}
</head>
<body>
<main id="root" data-view="${view}"></main>
${tail}
</body>
</html>
`;
}
