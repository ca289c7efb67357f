import { ok, parseError, splitLines, type Result } from '../result';
import { clip, readHex, tokens } from './integer';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `/proc/net/stat/nf_conntrack`: a header line of column names, then one line of hex values per CPU. Columns
 * are summed across CPUs by header name (names vary by kernel: `searched` became `clashres`, `delete_list`
 * became `chainlength`), except `entries`, which every line repeats as the same table-wide count and which
 * is therefore taken once, from the first CPU line (docs/method.md §3.3). Values are counts.
 */
export function parseConntrackStat(
  text: string,
  source = '/proc/net/stat/nf_conntrack',
): Result<Record<string, number>> {
  const lines = splitLines(text);
  let header: { names: string[]; line: number } | null = null;
  const sums = new Map<string, number>();
  let cpuLines = 0;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const words = tokens(lines[i]);
    if (words.length === 0) continue;
    if (header === null) {
      const bad = words.find((w) => !NAME.test(w));
      if (bad !== undefined)
        return parseError(source, lineNo, `expected a header of column names, found "${clip(bad)}"`);
      // Values such as "deadbeef" are also valid names; a header always has a non-hex name ("entries").
      if (words.every((w) => readHex(w).kind !== 'invalid'))
        return parseError(source, lineNo, 'found values before the header line');
      if (new Set(words).size !== words.length)
        return parseError(source, lineNo, 'a column name appears twice in the header');
      header = { names: words, line: lineNo };
      continue;
    }
    if (words.length !== header.names.length) {
      return parseError(
        source,
        lineNo,
        `${header.names.length} columns in the header on line ${header.line} but ${words.length} values on this line`,
      );
    }
    for (let j = 0; j < words.length; j++) {
      const name = header.names[j];
      const value = readHex(words[j]);
      if (value.kind === 'invalid')
        return parseError(source, lineNo, `"${clip(name)}" is not a hex number: "${clip(words[j])}"`);
      if (value.kind === 'unsafe')
        return parseError(source, lineNo, `"${clip(name)}" exceeds 2^53 - 1: "${clip(words[j])}"`);
      if (name === 'entries' && cpuLines > 0) continue;
      const sum = (sums.get(name) ?? 0) + value.value;
      if (!Number.isSafeInteger(sum)) return parseError(source, lineNo, `the sum of "${clip(name)}" exceeds 2^53 - 1`);
      sums.set(name, sum);
    }
    cpuLines++;
  }
  if (header === null) return parseError(source, 0, 'empty input');
  if (cpuLines === 0) return parseError(source, header.line, 'a header without any per-CPU line');
  return ok(Object.fromEntries(sums));
}
