/** The fixed parts of `/proc/user_beancounters` both parse paths check (docs/method.md §1.1). */

/** Every kernel source inspected prints exactly this version (docs/method.md §1.1). */
export const KNOWN_VERSIONS: ReadonlySet<string> = new Set(['2.5']);

export const HEADER: readonly string[] = ['uid', 'resource', 'held', 'maxheld', 'barrier', 'limit', 'failcnt'];
export const HEADER_TEXT = HEADER.join(' ');

/** A line's fields, split on any whitespace (so 32- and 64-bit column widths and tabs read alike). */
export function tokens(line: string): string[] {
  return line.trim().split(/\s+/);
}

/** True when `line` is the column header, whatever the column widths. */
export function isHeader(fields: readonly string[]): boolean {
  return fields.length === HEADER.length && fields.every((t, k) => t === HEADER[k]);
}
