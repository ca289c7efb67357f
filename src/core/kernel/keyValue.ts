import { ok, parseError, splitLines, type Result } from '../result';
import { clip, readDecimal, tokens, type SkippedValue } from './integer';

/** The values plus the keys whose value exceeds `Number.MAX_SAFE_INTEGER` and was left out. */
export interface KeyValueParse {
  values: Record<string, number>;
  skipped: SkippedValue[];
}

/**
 * Flat-keyed cgroup files, one `key value` per line: cgroup v2 `memory.events` (counts), `memory.stat`
 * (bytes, except event counters such as `pgfault`), `pids.events` (counts) (docs/method.md §5.1).
 * Values are unsigned integers. A value above 2^53 − 1 (cgroup v1 prints "unlimited" as
 * 9223372036854771712) is left out and listed in `skipped`. An empty file gives an empty record.
 */
export function parseKeyValueDetailed(text: string, source: string): Result<KeyValueParse> {
  const values = new Map<string, number>();
  const seenOn = new Map<string, number>();
  const skipped: SkippedValue[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const words = tokens(lines[i]);
    if (words.length === 0) continue;
    if (words.length !== 2) return parseError(source, lineNo, `expected "key value", found ${words.length} words`);
    const [key, raw] = words;
    const previous = seenOn.get(key);
    if (previous !== undefined)
      return parseError(source, lineNo, `"${clip(key)}" appears twice (first on line ${previous})`);
    seenOn.set(key, lineNo);
    const value = readDecimal(raw, false);
    if (value.kind === 'invalid')
      return parseError(source, lineNo, `"${clip(key)}" is not a non-negative integer: "${clip(raw)}"`);
    if (value.kind === 'unsafe') skipped.push({ name: key, line: lineNo, text: clip(raw) });
    else values.set(key, value.value);
  }
  // Object.fromEntries defines own properties, so a key such as "__proto__" stays an ordinary key.
  return ok({ values: Object.fromEntries(values), skipped });
}

/** "key value" files: cgroup v2 memory.events, memory.stat, pids.events. Unrepresentable values are left out (see {@link parseKeyValueDetailed}). */
export function parseKeyValue(text: string, source: string): Result<Record<string, number>> {
  const parsed = parseKeyValueDetailed(text, source);
  return parsed.ok ? ok(parsed.value.values) : parsed;
}
