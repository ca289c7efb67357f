import { ok, parseErrorOf, type Result } from '../result';
import { phrase } from '../../shared/l10n/phrase';

/**
 * One line of a host's history file. `sample` entries keep only what growth questions need: the
 * remote uptime (seconds since boot: a decrease means a reboot) and every failcnt, keyed
 * `<containerId>.<resource>` (resource names never contain a dot). `probe` entries record the
 * summary of a burst, ping or diagnosis run as its producer shaped it.
 */
export type HistoryEntry =
  | {
      kind: 'sample';
      /** Local wall clock when the sample arrived, ms since the epoch. */
      atMs: number;
      /** The host's /proc/uptime at that moment, seconds (docs/method.md §6.1). */
      uptimeSeconds: number;
      /** failcnt by `<containerId>.<resource>`: refused charges since the container started (§1.2). */
      failcnt: Record<string, number>;
    }
  | { kind: 'probe'; atMs: number; probe: ProbeKind; summary: unknown };

/** What a `probe` entry records; `watch` is one round of a watch (kept in the watch history, `src/core/watch`). */
export type ProbeKind = 'burst' | 'ping' | 'diagnosis' | 'watch';

/** The `failcnt` key of one resource row. */
export const failcntKey = (containerId: string, resource: string): string => `${containerId}.${resource}`;

const PROBES = new Set<string>(['burst', 'ping', 'diagnosis', 'watch'] satisfies ProbeKind[]);

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Parses one line of a history file. Total: malformed JSON, a wrong shape or an impossible number
 * is an error naming `line`, never an entry with a made-up value.
 */
export function parseHistoryLine(text: string, source: string, line: number): Result<HistoryEntry> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return parseErrorOf(source, line, phrase('not JSON ({0})', (e as Error).message));
  }
  if (!isObject(value)) return parseErrorOf(source, line, phrase('not a JSON object'));
  if (!isTime(value['atMs'])) return parseErrorOf(source, line, phrase('atMs is not a time in ms'));
  if (value['kind'] === 'probe') {
    const probe = value['probe'];
    if (typeof probe !== 'string' || !PROBES.has(probe))
      return parseErrorOf(source, line, phrase('unknown probe kind'));
    return ok({ kind: 'probe', atMs: value['atMs'], probe: probe as ProbeKind, summary: value['summary'] });
  }
  if (value['kind'] !== 'sample') return parseErrorOf(source, line, phrase('unknown entry kind'));
  if (!isTime(value['uptimeSeconds']))
    return parseErrorOf(source, line, phrase('uptimeSeconds is not a number of seconds'));
  const raw = value['failcnt'];
  if (!isObject(raw)) return parseErrorOf(source, line, phrase('failcnt is not an object'));
  const failcnt: Record<string, number> = {};
  for (const [key, count] of Object.entries(raw)) {
    if (!key.includes('.'))
      return parseErrorOf(
        source,
        line,
        phrase('failcnt key {0} lacks "<container>.<resource>"', JSON.stringify(key.slice(0, 80))),
      );
    if (!isCount(count))
      return parseErrorOf(
        source,
        line,
        phrase('failcnt {0} is not a non-negative integer', JSON.stringify(key.slice(0, 80))),
      );
    failcnt[key] = count;
  }
  return ok({ kind: 'sample', atMs: value['atMs'], uptimeSeconds: value['uptimeSeconds'], failcnt });
}
