/**
 * Element building for the webview. Text is always set with `textContent`: nothing here parses HTML, so
 * no server string can become markup.
 */

type Child = Node | string | null | undefined | false;

/** `h('p', { class: 'x' }, 'text', child)`: an element with attributes (strings only) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
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

/** ms for people: `0.8 ms`, `23.4 ms`, `1,043 ms`. */
export function ms(value: number): string {
  if (value >= 1000) return `${Math.round(value).toLocaleString('en-US')} ms`;
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ms`;
}

/** `4.0 %` */
export function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}

/** `2.0–7.7 %` */
export function interval([low, high]: [number, number]): string {
  return `${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)} %`;
}

/** `+32`, `0`, `-3` */
export function signed(n: number): string {
  const text = Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(1);
  return n > 0 ? `+${text}` : text;
}
