/**
 * Text helpers of the Markdown report. Server strings (hostnames, evidence, remote output) go through
 * {@link md} so they never become markup, while plain prose stays readable when pasted raw into a ticket.
 */
export {
  formatMs as ms,
  formatPercent as pct,
  formatInterval as interval,
  formatSigned as signed,
} from '../../shared/units';

/** C0/C1 controls and bidi overrides: remote text must not reorder or hide what a reader sees. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One line of inline Markdown: markup characters escaped, newlines folded, controls removed. `_` inside a
 * word (`tcp_wmem`) and `<` before a non-letter (`< 16,384`) cannot start markup, so they stay readable.
 */
export function md(text: string): string {
  return (
    text
      .replace(UNSAFE, '')
      .replace(/\r?\n|\r/g, ' ')
      .replace(/[\\`*[\]|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|<(?=[A-Za-z/!?])/g, (c) => `\\${c}`)
      .replace(/^(\s*)([#>]|[+\-](?=\s))/, (_m, space: string, mark: string) => `${space}\\${mark}`)
      // "1. " starts an ordered list; CommonMark escapes the punctuation, not the digit.
      .replace(/^(\s*\d+)([.)])(?=\s)/, (_m, number: string, mark: string) => `${number}\\${mark}`)
  );
}

/** A Markdown table; cells are already escaped. */
export function table(head: string[], align: ('l' | 'r' | 'c')[], rows: string[][]): string[] {
  const rule = align.map((a) => (a === 'r' ? '--:' : a === 'c' ? ':-:' : '---'));
  return [`| ${head.join(' | ')} |`, `|${rule.join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}
