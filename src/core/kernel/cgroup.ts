import { ok, parseError, splitLines, type Result } from '../result';
import { clip, readDecimal, tokens } from './integer';

const CGROUP_LINE = /^(\d+):([^:]*):(.*)$/;

/**
 * `/proc/self/cgroup` -> the cgroup v2 path (the `0::` line), or null when there is none (v1 only).
 * Lines are `hierarchy-id:controllers:path`. A hybrid host also has a `0::` line, whose hierarchy may carry
 * no controllers: check `cgroup.controllers` before reading `memory.*` there (docs/method.md §5.1).
 * Files live at `/sys/fs/cgroup<path>/`; inside a cgroup namespace the path is `/`.
 */
export function parseCgroupPath(text: string, source = '/proc/self/cgroup'): Result<string | null> {
  let found: { path: string; line: number } | null = null;
  let lineCount = 0;
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const trimmed = lines[i].trim();
    if (trimmed === '') continue;
    lineCount++;
    const match = CGROUP_LINE.exec(trimmed);
    if (!match) return parseError(source, lineNo, `expected "id:controllers:path", found "${clip(trimmed)}"`);
    const [, id, controllers, path] = match;
    if (!path.startsWith('/')) return parseError(source, lineNo, `the path does not start with "/": "${clip(path)}"`);
    if (Number(id) !== 0 || controllers !== '') continue;
    if (found !== null) return parseError(source, lineNo, `a second "0::" line (first on line ${found.line})`);
    found = { path, line: lineNo };
  }
  if (lineCount === 0) return parseError(source, 0, 'empty input');
  return ok(found === null ? null : found.path);
}

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
    if (found !== null) return parseError(source, i + 1, `expected one value, found a second line (first on line ${found.line})`);
    if (words.length !== 1) return parseError(source, i + 1, `expected one value, found ${words.length} words`);
    found = { word: words[0], line: i + 1 };
  }
  if (found === null) return parseError(source, 0, 'empty input');
  if (found.word === 'max') return ok(null);
  const value = readDecimal(found.word, false);
  if (value.kind === 'invalid') return parseError(source, found.line, `expected "max" or a non-negative integer, found "${clip(found.word)}"`);
  if (value.kind === 'unsafe') return parseError(source, found.line, `exceeds 2^53 - 1: "${clip(found.word)}"`);
  return ok(value.value);
}
