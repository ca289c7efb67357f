import { isHeader, KNOWN_VERSIONS, tokens } from './format';
import { unitOf } from './resources';
import type { BeancounterTable, Container, ResourceRow, ResourceUnit } from './types';

/**
 * The fast path of {@link parseBeancounters} for a well-formed file: one pass over its bytes, numbers read
 * from byte values, no per-line strings, arrays or regular expressions, and resource names shared with the
 * previous block when they repeat (they do on a host node).
 *
 * The file is `bytes[from, to)` cut at LF, each line starting with `prefix` (skipped): a whole text (see
 * {@link scanText}), or the `grep -H` lines of a sample's output read in place (see EmbeddedLines), so a
 * 3 MB file is never decoded or copied out first. The bytes are UTF-8, and the file's text is their decoding.
 *
 * It returns a table only when it is certain the line-by-line parser would return the very same one for
 * that text; at the first thing it does not expect (any error, a lone CR, a byte outside printable ASCII,
 * whitespace other than space and tab, a number of 16 or more digits other than the unlimited sentinel,
 * a repeated id or name) it returns undefined, and the caller parses the text line by line, which names
 * the problem and its line.
 */
export function scanWellFormed(bytes: Buffer, from = 0, to = bytes.length, prefix = ''): BeancounterTable | undefined {
  if (!/^[\x21-\x7e]*$/.test(prefix)) return undefined;
  const skip = prefix.length;
  let pos = from;
  let lineNo = 0;

  // Version line and column header: the first two lines with content, decoded and checked as the line parser does.
  let version: string | undefined;
  let headerSeen = false;
  while (!headerSeen) {
    if (pos >= to || !startsWith(bytes, pos, prefix)) return undefined;
    let start = pos + skip;
    if (
      lineNo === 0 &&
      start + 3 <= to &&
      bytes[start] === 0xef &&
      bytes[start + 1] === 0xbb &&
      bytes[start + 2] === 0xbf
    )
      start += 3;
    const nl = lineEnd(bytes, start, to);
    const line = bytes.toString('utf8', start, contentEnd(bytes, start, nl));
    pos = nl + 1;
    lineNo++;
    if (line.includes('\r') || line.includes('\ufffd')) return undefined;
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
  const words = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);

  while (pos < to) {
    if (skip !== 0 && !startsWith(bytes, pos, prefix)) return undefined;
    let i = pos + skip;
    const nl = lineEnd(bytes, i, to);
    const end = contentEnd(bytes, i, nl);
    pos = nl + 1;
    lineNo++;
    let c = 0;
    while (i < end && ((c = bytes[i]!) === SPACE || c === TAB)) i++;
    if (i === end) continue;

    // First field: `<id>:` or the resource name.
    const first = i;
    while (i < end && (c = bytes[i]!) !== SPACE && c !== TAB) {
      if (c < 0x21 || c > 0x7e) return undefined;
      i++;
    }
    let id: string | undefined;
    let nameStart = first;
    if (bytes[i - 1] === COLON) {
      if (i - 1 === first) return undefined;
      id = bytes.toString('latin1', first, i - 1);
      while (i < end && ((c = bytes[i]!) === SPACE || c === TAB)) i++;
      nameStart = i;
      while (i < end && (c = bytes[i]!) !== SPACE && c !== TAB) i++;
    }
    const nameEnd = i;
    if (!isResourceName(bytes, nameStart, nameEnd)) return undefined;

    // Five numbers: held, maxheld, barrier, limit, failcnt; only barrier and limit may be unlimited (-1 here).
    for (let k = 0; k < 5; k++) {
      if (i === end) return undefined;
      // The 64-bit layout right-aligns numbers in 20 columns: skip runs of spaces four at a time.
      while (i + 4 <= end && words.getUint32(i) === FOUR_SPACES) i += 4;
      while (i < end && ((c = bytes[i]!) === SPACE || c === TAB)) i++;
      const start = i;
      let v = 0;
      let significant = -1;
      while (i < end) {
        const d = bytes[i]! - ZERO;
        if (d < 0 || d > 9) break;
        if (significant === -1 && d !== 0) significant = i;
        v = v * 10 + d;
        i++;
      }
      if (i === start || (i < end && (c = bytes[i]!) !== SPACE && c !== TAB)) return undefined;
      const digits = significant === -1 ? 0 : i - significant;
      const threshold = k === 2 || k === 3;
      if (digits <= 15) {
        // Below 10^15 every step above is exact.
        values[k] = threshold && v === UNLIMITED_32 ? -1 : v;
      } else if (digits === 16) {
        const exact = Number(bytes.toString('latin1', significant, i));
        if (!Number.isSafeInteger(exact)) return undefined;
        values[k] = exact;
      } else if (threshold && digits === UNLIMITED_64.length && startsWith(bytes, significant, UNLIMITED_64)) {
        values[k] = -1;
      } else {
        return undefined;
      }
    }
    while (i < end && ((c = bytes[i]!) === SPACE || c === TAB)) i++;
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
    if (known !== undefined && known.length === nameEnd - nameStart && startsWith(bytes, nameStart, known)) {
      name = known;
      unit = previousUnits[at]!;
    } else {
      name = bytes.toString('latin1', nameStart, nameEnd);
      unit = unitOf(name);
    }
    names.push(name);
    units.push(unit);
    // Placeholders for removed resources (docs/method.md §1.1): validated like any row, then dropped.
    if (name === 'dummy') continue;
    if (lastBlock.get(name) === block) return undefined;
    lastBlock.set(name, block);
    const row: ResourceRow = {
      name,
      unit,
      held: values[0]!,
      maxheld: values[1]!,
      barrier: values[2] === -1 ? null : values[2]!,
      limit: values[3] === -1 ? null : values[3]!,
      failcnt: values[4]!,
      line: lineNo,
    };
    current.resources.push(row);
  }

  if (containers.length === 0 || version === undefined) return undefined;
  return { version, versionKnown: KNOWN_VERSIONS.has(version), containers };
}

/**
 * {@link scanWellFormed} for a text: its UTF-8 bytes, written into a buffer kept between calls (parsing
 * is synchronous), since a fresh multi-megabyte allocation per call costs more than the scan itself.
 * The table holds no reference into that buffer: ids and names are copied out as strings.
 */
export function scanText(text: string): BeancounterTable | undefined {
  if (text.length > SCRATCH_MAX) return scanWellFormed(Buffer.from(text, 'utf8'));
  if (scratch.length < text.length) scratch = Buffer.allocUnsafe(text.length);
  const { read, written } = encoder.encodeInto(text, scratch);
  // Only characters outside ASCII take more than one byte each; such a text may need its own buffer.
  const bytes = read === text.length ? scratch.subarray(0, written) : Buffer.from(text, 'utf8');
  return scanWellFormed(bytes);
}

/** The largest text whose bytes go through the kept buffer (a host node with thousands of containers). */
const SCRATCH_MAX = 16 << 20;
let scratch = Buffer.alloc(0);
const encoder = new TextEncoder();
const TAB = 0x09;
const CR = 0x0d;
const SPACE = 0x20;
const FOUR_SPACES = 0x20202020;
const COLON = 0x3a;
const ZERO = 0x30;
/** UB_MAXVALUE, LONG_MAX on 64- and 32-bit kernels (docs/method.md §1.3). */
const UNLIMITED_64 = '9223372036854775807';
const UNLIMITED_32 = 2147483647;

/** Index of the LF ending the line at `from`, or `to` for the last line. */
function lineEnd(bytes: Buffer, from: number, to: number): number {
  const nl = bytes.indexOf(0x0a, from);
  return nl === -1 || nl > to ? to : nl;
}

/** End of the line's content: before the CR of a CRLF. A CR anywhere else stays, and the scan gives up on it. */
function contentEnd(bytes: Buffer, from: number, nl: number): number {
  return nl > from && bytes[nl - 1] === CR ? nl - 1 : nl;
}

/** Whether bytes at `at` are the ASCII string `s`. */
function startsWith(bytes: Buffer, at: number, s: string): boolean {
  if (at + s.length > bytes.length) return false;
  for (let k = 0; k < s.length; k++) if (bytes[at + k] !== s.charCodeAt(k)) return false;
  return true;
}

/** `[A-Za-z_][A-Za-z0-9_]*` over bytes[start, end), without a substring. */
function isResourceName(bytes: Buffer, start: number, end: number): boolean {
  if (start === end) return false;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
    if (!letter && (i === start || c < 0x30 || c > 0x39)) return false;
  }
  return true;
}
