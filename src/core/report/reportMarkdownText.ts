import { formatInteger } from '../../shared/units';

/**
 * Text helpers of the Markdown report. Server strings (hostnames, evidence, remote output) go through
 * {@link md} so they never become markup, while plain prose stays readable when pasted raw into a ticket.
 */

/** C0/C1 controls and bidi overrides: remote text must not reorder or hide what a reader sees. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One line of inline Markdown: markup characters escaped, newlines folded, controls removed. `_` inside a
 * word (`tcp_wmem`) and `<` before a non-letter (`< 16,384`) cannot start markup, so they stay readable.
 */
export function md(text: string): string {
  return text
    .replace(UNSAFE, '')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*[\]|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|<(?=[A-Za-z/!?])/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#>]|[+\-](?=\s))/, (_m, space: string, mark: string) => `${space}\\${mark}`)
    // "1. " starts an ordered list; CommonMark escapes the punctuation, not the digit.
    .replace(/^(\s*\d+)([.)])(?=\s)/, (_m, number: string, mark: string) => `${number}\\${mark}`);
}

/** Milliseconds for people: `0.8 ms`, `23.4 ms`, `1,043 ms`. */
export function ms(value: number): string {
  if (value >= 1000) return `${formatInteger(Math.round(value))} ms`;
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ms`;
}

/** A fraction as a percentage with one decimal: `0.04` -> `4.0 %`. */
export function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}

/** A Wilson interval of fractions: `2.0–7.7 %`. */
export function interval([low, high]: [number, number]): string {
  return `${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)} %`;
}

/** A counter delta with its sign: `+32`, `0`, `-3`. */
export function signed(n: number): string {
  const text = Number.isInteger(n) ? formatInteger(n) : n.toFixed(1);
  return n > 0 ? `+${text}` : text;
}

/** A Markdown table; cells are already escaped. */
export function table(head: string[], align: ('l' | 'r' | 'c')[], rows: string[][]): string[] {
  const rule = align.map((a) => (a === 'r' ? '--:' : a === 'c' ? ':-:' : '---'));
  return [`| ${head.join(' | ')} |`, `|${rule.join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}
