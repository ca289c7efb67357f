/**
 * Element building for the webview. Text is always set with `textContent`: nothing here parses HTML, so
 * no server string can become markup.
 */
export {
  formatMs as ms,
  formatPercent as pct,
  formatInterval as interval,
  formatSigned as signed,
} from '../shared/units';

type Child = Node | string | null | undefined | false;

/** `h('p', { class: 'x' }, 'text', child)`: an element with attributes (strings only) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  append(el, children);
  return el;
}

/** A custom element (the @vscode-elements components) built the same way. */
export function custom(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  append(el, children);
  return el;
}

function append(el: HTMLElement, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** A section with a heading. */
export function section(title: string, id: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'section', id }, h('h2', {}, title), ...children);
}
