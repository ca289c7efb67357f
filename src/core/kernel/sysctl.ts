import { ok, parseError, splitLines, type Result } from '../result';
import { clip, readDecimal, tokens } from './integer';

/**
 * A sysctl file with one or more whitespace-separated integers (tcp_wmem has 3, wmem_max has 1).
 * Units are the sysctl's own: `tcp_wmem`/`tcp_rmem`/`wmem_max`/`rmem_max` in bytes, `tcp_mem` in pages
 * (docs/method.md §2.1). With `expectedCount`, any other number of integers is an error.
 * The file must hold exactly one non-blank line; negative values are accepted (some sysctls use -1).
 */
export function parseSysctlInts(text: string, source: string, expectedCount?: number): Result<number[]> {
  const lines = splitLines(text);
  let found: { words: string[]; line: number } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const words = tokens(lines[i]);
    if (words.length === 0) continue;
    if (found !== null)
      return parseError(
        source,
        i + 1,
        `expected one line of integers, found a second line (first on line ${found.line})`,
      );
    found = { words, line: i + 1 };
  }
  if (found === null) return parseError(source, 0, 'empty input');
  const { words, line } = found;
  if (expectedCount !== undefined && words.length !== expectedCount) {
    return parseError(
      source,
      line,
      `expected ${expectedCount} integer${expectedCount === 1 ? '' : 's'}, found ${words.length}`,
    );
  }
  const values: number[] = [];
  for (const word of words) {
    const value = readDecimal(word, true);
    if (value.kind === 'invalid') return parseError(source, line, `not an integer: "${clip(word)}"`);
    if (value.kind === 'unsafe') return parseError(source, line, `exceeds 2^53 - 1: "${clip(word)}"`);
    values.push(value.value);
  }
  return ok(values);
}
