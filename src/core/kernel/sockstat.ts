import { ok, parseError, splitLines, type Result } from '../result';
import { clip, readDecimal, tokens } from './integer';

/**
 * `/proc/net/sockstat`. `tcp.inuse` and `tcp.tw` are per network namespace (per container); `tcp.orphan`,
 * `tcp.alloc` and `tcp.memPages` are host-global (docs/method.md §2.5). Memory is in **pages**
 * (compare `memPages` with `tcp_mem`, also in pages).
 */
export interface Sockstat {
  socketsUsed?: number;
  tcp?: { inuse: number; orphan: number; tw: number; alloc: number; memPages: number };
  udp?: { inuse: number; memPages: number };
}

const REQUIRED = {
  sockets: ['used'],
  TCP: ['inuse', 'orphan', 'tw', 'alloc', 'mem'],
  UDP: ['inuse'],
} as const;
type Known = keyof typeof REQUIRED;

/**
 * Parses `/proc/net/sockstat`: `sockets: used N`, `TCP: inuse X orphan Y tw Z alloc A mem M`, `UDP: inuse X
 * mem M`. Other lines (UDPLITE, RAW, FRAG, anything newer) are ignored, as are unknown fields on a known line.
 * A known line with a missing field, a duplicate field, or a value that is not a non-negative integer is an
 * error naming the line. Kernels before 2.6.25 print `UDP: inuse N` without `mem`: then `udp` is left out
 * rather than guessed.
 */
export function parseSockstat(text: string, source = '/proc/net/sockstat'): Result<Sockstat> {
  const result: Sockstat = {};
  const seenOn = new Map<Known, number>();
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const words = tokens(lines[i]);
    if (words.length === 0 || !words[0].endsWith(':')) continue;
    const prefix = words[0].slice(0, -1);
    if (!Object.hasOwn(REQUIRED, prefix)) continue;
    const known = prefix as Known;
    const previous = seenOn.get(known);
    if (previous !== undefined)
      return parseError(source, lineNo, `second "${known}:" line (first on line ${previous})`);
    seenOn.set(known, lineNo);
    const pairs = readPairs(words.slice(1), lineNo, source);
    if (!pairs.ok) return pairs;
    const values = pairs.value;
    const missing = REQUIRED[known].find((key) => !values.has(key));
    if (missing) return parseError(source, lineNo, `"${known}:" line lacks "${missing}"`);
    // Every key read below was checked just above.
    const v = (key: string): number => values.get(key) as number;
    if (known === 'sockets') result.socketsUsed = v('used');
    else if (known === 'TCP')
      result.tcp = { inuse: v('inuse'), orphan: v('orphan'), tw: v('tw'), alloc: v('alloc'), memPages: v('mem') };
    else if (values.has('mem')) result.udp = { inuse: v('inuse'), memPages: v('mem') };
  }
  if (seenOn.size === 0) return parseError(source, 0, 'no "sockets:", "TCP:" or "UDP:" line found');
  return ok(result);
}

/** `key value key value ...` after the prefix. */
function readPairs(words: string[], lineNo: number, source: string): Result<Map<string, number>> {
  if (words.length % 2 !== 0)
    return parseError(source, lineNo, `expected "name value" pairs, found ${words.length} words`);
  const values = new Map<string, number>();
  for (let j = 0; j < words.length; j += 2) {
    const key = words[j];
    if (values.has(key)) return parseError(source, lineNo, `"${clip(key)}" appears twice`);
    const value = readDecimal(words[j + 1], false);
    if (value.kind === 'invalid')
      return parseError(source, lineNo, `"${clip(key)}" is not a non-negative integer: "${clip(words[j + 1])}"`);
    if (value.kind === 'unsafe')
      return parseError(source, lineNo, `"${clip(key)}" exceeds 2^53 - 1: "${clip(words[j + 1])}"`);
    values.set(key, value.value);
  }
  return ok(values);
}
