import { ok, parseError, splitLines, type Result } from '../result';
import { clip, readDecimal, tokens, type SkippedValue } from './integer';

/** /proc/net/snmp and /proc/net/netstat: prefix ("Tcp", "TcpExt", "Ip", "IpExt"...) -> counter -> value. */
export type CounterTable = Record<string, Record<string, number>>;

/** A counter left out of the table because its value exceeds `Number.MAX_SAFE_INTEGER`. */
export interface SkippedCounter extends SkippedValue {
  /** The line prefix without its colon, e.g. `TcpExt`. */
  prefix: string;
}

/** The table plus the counters that could not be represented exactly. */
export interface CounterTableParse {
  table: CounterTable;
  skipped: SkippedCounter[];
}

const PREFIX = /^([A-Za-z][A-Za-z0-9]*):$/;
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

interface Header {
  prefix: string;
  names: string[];
  line: number;
}

/**
 * Parses `/proc/net/snmp` or `/proc/net/netstat`: pairs of a header line (`Tcp: RtoAlgorithm RtoMin ...`) and
 * a value line (`Tcp: 1 200 ...`) with the same prefix. Names and values are zipped, never indexed by
 * position, because the field lists differ between kernels (docs/method.md §3.3). A prefix may come
 * back in several pairs (the kernel prints `IcmpMsg` 16 types per pair); they are merged. Values may be
 * negative (`Tcp: MaxConn -1`). A value above 2^53 − 1 is left out and listed in `skipped`.
 */
export function parseCounterTableDetailed(text: string, source: string): Result<CounterTableParse> {
  const sections = new Map<string, Map<string, number>>();
  const skipped: SkippedCounter[] = [];
  // Names already read per prefix, skipped ones included, to catch a counter printed twice.
  const seen = new Map<string, Set<string>>();
  let header: Header | null = null;
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const words = tokens(lines[i]);
    if (words.length === 0) continue;
    const match = PREFIX.exec(words[0]);
    if (!match)
      return parseError(source, lineNo, `expected "Prefix:" at the start of the line, found "${clip(words[0])}"`);
    const prefix = match[1];
    // Names can be any length; `clip` keeps error messages short.
    const shown = clip(prefix);
    const rest = words.slice(1);
    if (header === null) {
      const parsed = readHeader(prefix, rest, lineNo, source);
      if (!parsed.ok) return parsed;
      header = parsed.value;
      continue;
    }
    if (prefix !== header.prefix) {
      return parseError(
        source,
        lineNo,
        `expected the value line of "${clip(header.prefix)}" (header on line ${header.line}), found "${shown}:"`,
      );
    }
    if (rest.length !== header.names.length) {
      return parseError(
        source,
        lineNo,
        `"${shown}" has ${header.names.length} names on line ${header.line} but ${rest.length} values on this line`,
      );
    }
    const section = sections.get(prefix) ?? new Map<string, number>();
    sections.set(prefix, section);
    const names = seen.get(prefix) ?? new Set<string>();
    seen.set(prefix, names);
    for (let j = 0; j < rest.length; j++) {
      const name = header.names[j];
      if (names.has(name)) return parseError(source, lineNo, `"${shown}: ${clip(name)}" appears twice`);
      names.add(name);
      const value = readDecimal(rest[j], true);
      if (value.kind === 'invalid') {
        return parseError(source, lineNo, `value of "${shown}: ${clip(name)}" is not an integer: "${clip(rest[j])}"`);
      }
      if (value.kind === 'unsafe') skipped.push({ prefix, name, line: lineNo, text: clip(rest[j]) });
      else section.set(name, value.value);
    }
    header = null;
  }
  if (header !== null)
    return parseError(source, header.line, `the header of "${clip(header.prefix)}" has no value line`);
  if (sections.size === 0) return parseError(source, 0, 'no counters found (empty input)');
  // Object.fromEntries defines own properties, so even a name like "constructor" stays a plain counter.
  const table: CounterTable = Object.fromEntries(
    [...sections].map(([prefix, counters]) => [prefix, Object.fromEntries(counters)]),
  );
  return ok({ table, skipped });
}

/** Like {@link parseCounterTableDetailed}, without the list of skipped (unrepresentable) counters. */
export function parseCounterTable(text: string, source: string): Result<CounterTable> {
  const parsed = parseCounterTableDetailed(text, source);
  return parsed.ok ? ok(parsed.value.table) : parsed;
}

function readHeader(prefix: string, names: string[], lineNo: number, source: string): Result<Header> {
  if (names.length > 0 && names.every((n) => readDecimal(n, true).kind !== 'invalid')) {
    return parseError(source, lineNo, `found values of "${clip(prefix)}" without a header line before them`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (!NAME.test(name))
      return parseError(
        source,
        lineNo,
        `expected a counter name in the header of "${clip(prefix)}", found "${clip(name)}"`,
      );
    if (seen.has(name))
      return parseError(source, lineNo, `"${clip(prefix)}: ${clip(name)}" appears twice in the header`);
    seen.add(name);
  }
  return ok({ prefix, names, line: lineNo });
}
