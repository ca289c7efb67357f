import { isHeader, KNOWN_VERSIONS, tokens } from './format';
import { unitOf } from './resources';
import type { BeancounterTable, Container, ResourceRow, ResourceUnit } from './types';

/**
 * The fast path of {@link parseBeancounters} for a well-formed file: one pass over the string with
 * `indexOf` and `charCodeAt`, numbers read from char codes, no per-line arrays or regular expressions,
 * and resource names shared with the previous block when they repeat (they do on a host node).
 *
 * The file is `source[from, to)` cut at LF, each line starting with `prefix` (skipped): the whole string
 * by default, or the `grep -H` lines of a sample's output read in place (see EmbeddedLines), so a
 * 3 MB file is never copied out first.
 *
 * It returns a table only when it is certain the line-by-line parser would return the very same one;
 * at the first thing it does not expect (any error, a lone CR, whitespace other than space and tab,
 * a number of 16 or more digits other than the unlimited sentinel, a repeated id or name) it returns
 * undefined, and the caller parses the text line by line, which names the problem and its line.
 */
export function scanWellFormed(source: string, from = 0, to = source.length, prefix = ''): BeancounterTable | undefined {
  if (prefix.includes('\n')) return undefined;
  const skip = prefix.length;
  let pos = from;
  let lineNo = 0;

  // Version line and column header: the first two lines with content, checked as the line parser does.
  let version: string | undefined;
  let headerSeen = false;
  while (!headerSeen) {
    if (pos >= to || !source.startsWith(prefix, pos)) return undefined;
    let start = pos + skip;
    if (lineNo === 0 && source.charCodeAt(start) === BOM) start++;
    const nl = lineEnd(source, start, to);
    const line = source.slice(start, contentEnd(source, start, nl));
    pos = nl + 1;
    lineNo++;
    if (line.includes('\r')) return undefined;
    if (line.trim() === '') continue;
    const fields = tokens(line);
    if (version === undefined) {
      if (fields[0] !== 'Version:' || fields.length !== 2) return undefined;
      version = fields[1];
    } else {
      if (!isHeader(fields)) return undefined;
      headerSeen = true;
    }
  }

  const containers: Container[] = [];
  const ids = new Set<string>();
  /** Resource name -> ordinal of the last container it appeared in, to find a name repeated in one block. */
  const lastBlock = new Map<string, number>();
  let current: Container | undefined;
  let block = 0;
  // Names (dummies included) of the previous block by position, and of this one so far: a name that
  // repeats is taken from there instead of a new substring.
  let previousNames: string[] = [];
  let previousUnits: ResourceUnit[] = [];
  let names: string[] = [];
  let units: ResourceUnit[] = [];
  const values = [0, 0, 0, 0, 0];

  while (pos < to) {
    if (skip !== 0 && !source.startsWith(prefix, pos)) return undefined;
    let i = pos + skip;
    const nl = lineEnd(source, i, to);
    const end = contentEnd(source, i, nl);
    pos = nl + 1;
    lineNo++;
    let c = 0;
    while (i < end && ((c = source.charCodeAt(i)) === SPACE || c === TAB)) i++;
    if (i === end) continue;

    // First field: `<id>:` or the resource name.
    const first = i;
    while (i < end && (c = source.charCodeAt(i)) !== SPACE && c !== TAB) {
      if (c < 0x21 || c > 0x7e) return undefined;
      i++;
    }
    let id: string | undefined;
    let nameStart = first;
    if (source.charCodeAt(i - 1) === COLON) {
      if (i - 1 === first) return undefined;
      id = source.slice(first, i - 1);
      while (i < end && ((c = source.charCodeAt(i)) === SPACE || c === TAB)) i++;
      nameStart = i;
      while (i < end && (c = source.charCodeAt(i)) !== SPACE && c !== TAB) i++;
    }
    const nameEnd = i;
    if (!isResourceName(source, nameStart, nameEnd)) return undefined;

    // Five numbers: held, maxheld, barrier, limit, failcnt; only barrier and limit may be unlimited (-1 here).
    for (let k = 0; k < 5; k++) {
      if (i === end) return undefined;
      while (i < end && ((c = source.charCodeAt(i)) === SPACE || c === TAB)) i++;
      const start = i;
      let v = 0;
      let significant = -1;
      while (i < end) {
        const d = source.charCodeAt(i) - ZERO;
        if (d < 0 || d > 9) break;
        if (significant === -1 && d !== 0) significant = i;
        v = v * 10 + d;
        i++;
      }
      if (i === start || (i < end && (c = source.charCodeAt(i)) !== SPACE && c !== TAB)) return undefined;
      const digits = significant === -1 ? 0 : i - significant;
      const threshold = k === 2 || k === 3;
      if (digits <= 15) {
        // Below 10^15 every step above is exact.
        values[k] = threshold && v === UNLIMITED_32 ? -1 : v;
      } else if (digits === 16) {
        const exact = Number(source.slice(significant, i));
        if (!Number.isSafeInteger(exact)) return undefined;
        values[k] = exact;
      } else if (threshold && digits === UNLIMITED_64.length && source.startsWith(UNLIMITED_64, significant)) {
        values[k] = -1;
      } else {
        return undefined;
      }
    }
    while (i < end && ((c = source.charCodeAt(i)) === SPACE || c === TAB)) i++;
    if (i !== end) return undefined;

    if (id !== undefined) {
      if (ids.has(id)) return undefined;
      ids.add(id);
      current = { id, resources: [] };
      containers.push(current);
      block++;
      previousNames = names;
      previousUnits = units;
      names = [];
      units = [];
    } else if (current === undefined) {
      return undefined;
    }
    const at = names.length;
    const known = previousNames[at];
    let name: string;
    let unit: ResourceUnit;
    if (known !== undefined && known.length === nameEnd - nameStart && source.startsWith(known, nameStart)) {
      name = known;
      unit = previousUnits[at]!;
    } else {
      name = source.slice(nameStart, nameEnd);
      unit = unitOf(name);
    }
    names.push(name);
    units.push(unit);
    // Placeholders for removed resources (docs/method.md §1.1): validated like any row, then dropped.
    if (name === 'dummy') continue;
    if (lastBlock.get(name) === block) return undefined;
    lastBlock.set(name, block);
    const row: ResourceRow = {
      name, unit,
      held: values[0]!, maxheld: values[1]!,
      barrier: values[2] === -1 ? null : values[2]!, limit: values[3] === -1 ? null : values[3]!,
      failcnt: values[4]!,
      line: lineNo,
    };
    current.resources.push(row);
  }

  if (containers.length === 0 || version === undefined) return undefined;
  return { version, versionKnown: KNOWN_VERSIONS.has(version), containers };
}

const BOM = 0xfeff;
const TAB = 0x09;
const CR = 0x0d;
const SPACE = 0x20;
const COLON = 0x3a;
const ZERO = 0x30;
/** UB_MAXVALUE, LONG_MAX on 64- and 32-bit kernels (docs/method.md §1.3). */
const UNLIMITED_64 = '9223372036854775807';
const UNLIMITED_32 = 2147483647;

/** Index of the LF ending the line at `from`, or `to` for the last line. */
function lineEnd(text: string, from: number, to: number): number {
  const nl = text.indexOf('\n', from);
  return nl === -1 || nl > to ? to : nl;
}

/** End of the line's content: before the CR of a CRLF. A CR anywhere else stays, and the scan gives up on it. */
function contentEnd(text: string, from: number, nl: number): number {
  return nl > from && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
}

/** `[A-Za-z_][A-Za-z0-9_]*` over text[start, end), without a substring. */
function isResourceName(text: string, start: number, end: number): boolean {
  if (start === end) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
    if (!letter && (i === start || c < 0x30 || c > 0x39)) return false;
  }
  return true;
}
