import { ok, parseError, splitLines, type Result } from '../result';
import { clip, readDecimal, tokens } from './integer';

/**
 * A single-value limit file such as cgroup v2 `memory.max` (bytes) or `pids.max` (count): a non-negative
 * integer, or `max` for unlimited, which gives null. A value above 2^53 − 1 is an error, not a rounded number.
 */
export function parseLimitValue(text: string, source: string): Result<number | null> {
  const lines = splitLines(text);
  let found: { word: string; line: number } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const words = tokens(lines[i]);
    if (words.length === 0) continue;
    if (found !== null)
      return parseError(source, i + 1, `expected one value, found a second line (first on line ${found.line})`);
    if (words.length !== 1) return parseError(source, i + 1, `expected one value, found ${words.length} words`);
    found = { word: words[0], line: i + 1 };
  }
  if (found === null) return parseError(source, 0, 'empty input');
  if (found.word === 'max') return ok(null);
  const value = readDecimal(found.word, false);
  if (value.kind === 'invalid')
    return parseError(source, found.line, `expected "max" or a non-negative integer, found "${clip(found.word)}"`);
  if (value.kind === 'unsafe') return parseError(source, found.line, `exceeds 2^53 - 1: "${clip(found.word)}"`);
  return ok(value.value);
}
