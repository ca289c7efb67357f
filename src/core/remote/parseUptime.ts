import { ok, parseError, splitLines, type Result } from '../result';

const SECONDS = /^\d{1,15}(\.\d{1,9})?$/;

/**
 * `/proc/uptime` -> seconds since boot (first field; 10 ms resolution). The sampler's clock for rates:
 * immune to wall-clock changes, and a decrease between samples means a reboot (docs/method.md §6.1).
 * The second field (idle time summed over CPUs) is checked for shape only.
 */
export function parseUptime(text: string, source = '/proc/uptime'): Result<number> {
  const lines = splitLines(text).map((l, i) => ({
    words: l
      .trim()
      .split(/\s+/)
      .filter((w) => w !== ''),
    line: i + 1,
  }));
  const filled = lines.filter((l) => l.words.length > 0);
  if (filled.length === 0) return parseError(source, 0, 'empty input');
  const { words, line } = filled[0]!;
  if (filled.length > 1) return parseError(source, filled[1]!.line, 'expected one line');
  if (words.length !== 2) return parseError(source, line, `expected "uptime idle", found ${words.length} fields`);
  const [up = '', idle = ''] = words;
  if (!SECONDS.test(up)) return parseError(source, line, `uptime is not a number of seconds: "${up.slice(0, 40)}"`);
  if (!SECONDS.test(idle))
    return parseError(source, line, `idle time is not a number of seconds: "${idle.slice(0, 40)}"`);
  return ok(Number(up));
}
