import { join } from 'node:path';
import { HistoryStore, type HistoryLimits, type HistoryRecovery } from '../history/historyStore';
import type { WatchRound } from './watchRound';

/**
 * The bound of a host's watch history: 4,032 rounds (two weeks at the default 5-minute interval, 2.8 days at
 * the 1-minute floor) and 16 MiB, whichever comes first; the oldest rounds go first. A round takes about
 * 5-6 KB (its evidence rows in English plus their message ids, and the counters that moved; one with a
 * verdict change about twice that), so at the 5-minute default the 16 MiB bound keeps roughly 2,900 rounds
 * (ten days) before the count bound is reached.
 */
export const WATCH_HISTORY_LIMITS: HistoryLimits = { maxEntriesPerHost: 4032, maxBytesPerHost: 16 * 1024 * 1024 };

/** What reading a host's watch history gave. */
export interface WatchTimeline {
  /** Valid rounds in the order they were recorded (their `seq` order). */
  rounds: WatchRound[];
  /** Entries that were valid history lines but not valid rounds, left out: `seq`/time and why. */
  skipped: string[];
  /** Set when the file was damaged: it was moved aside and its readable lines kept. */
  recovered?: HistoryRecovery;
}

/**
 * Each watched host's rounds as JSON Lines under `<storeDir>/watch`, one file per host, apart from the
 * sample history so that a once-a-minute failcnt sample never pushes rounds out. Bounded by
 * {@link WATCH_HISTORY_LIMITS}; a corrupt line costs only that line (see `HistoryStore`), so a restarted
 * watch continues the timeline. One instance should own the directory.
 */
export class WatchHistory {
  private readonly store: HistoryStore;

  constructor(storeDir: string, limits: HistoryLimits = WATCH_HISTORY_LIMITS) {
    this.store = new HistoryStore(join(storeDir, 'watch'), limits);
  }

  /** The file that holds `hostId`'s rounds. */
  fileFor(hostId: string): string {
    return this.store.fileFor(hostId);
  }

  append(hostId: string, round: WatchRound): Promise<void> {
    return this.store.append(hostId, { kind: 'probe', atMs: round.atMs, probe: 'watch', summary: round });
  }

  async read(hostId: string): Promise<WatchTimeline> {
    const { entries, recovered } = await this.store.read(hostId);
    const rounds: WatchRound[] = [];
    const skipped: string[] = [];
    for (const e of entries) {
      if (e.kind !== 'probe' || e.probe !== 'watch') continue;
      const why = roundProblem(e.summary);
      if (why === undefined) rounds.push(e.summary as WatchRound);
      else skipped.push(`the entry of ${new Date(e.atMs).toISOString()}: ${why}`);
    }
    return { rounds, skipped, ...(recovered ? { recovered } : {}) };
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isFraction = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;
const isInterval = (v: unknown): boolean =>
  Array.isArray(v) && v.length === 2 && isFraction(v[0]) && isFraction(v[1]) && v[0] <= v[1];

/**
 * Why a stored value is not a round the timeline can use, or undefined when it is. Checks every field the
 * timeline, the summaries and the reports read, so a hand-edited or damaged line is left out, never misread.
 */
export function roundProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'not an object';
  if (!isCount(v['seq']) || v['seq'] < 1) return 'seq is not a round number';
  if (!isTime(v['atMs']) || typeof v['at'] !== 'string') return 'at/atMs is not a time';
  if (!isTime(v['durationMs'])) return 'durationMs is not a duration';
  const t = v['target'];
  if (!isObject(t) || typeof t['label'] !== 'string' || typeof t['host'] !== 'string' || !isCount(t['port']))
    return 'target is not { label, host, port }';
  if (typeof v['summary'] !== 'string') return 'summary is not text';
  if (typeof v['changed'] !== 'boolean') return 'changed is not true or false';
  if (!Array.isArray(v['evidence'])) return 'evidence is not a list';
  if (v['verdict'] === null) {
    const f = v['failure'];
    if (
      !isObject(f) ||
      !['unreachable', 'sample', 'probe'].includes(f['kind'] as string) ||
      typeof f['message'] !== 'string'
    )
      return 'a round without a verdict lacks its failure';
    return undefined;
  }
  if (typeof v['verdict'] !== 'string' || !['low', 'medium', 'high'].includes(v['confidence'] as string))
    return 'verdict/confidence missing';
  const b = v['burst'];
  if (
    !isObject(b) ||
    !isCount(b['attempts']) ||
    !isCount(b['delayed']) ||
    !isCount(b['failed']) ||
    !isInterval(b['delayedCi95'])
  )
    return 'burst is not { attempts, delayed, failed, delayedCi95 }';
  if ((b['delayed'] as number) > (b['attempts'] as number) || (b['failed'] as number) > (b['attempts'] as number))
    return 'burst counts exceed the attempts';
  const c = b['connectMs'];
  if (c !== null && !(isObject(c) && isTime(c['p50']) && isTime(c['p90']) && isTime(c['max'])))
    return 'burst.connectMs is not { p50, p90, max }';
  const p = v['ping'];
  if (p !== null) {
    if (
      !isObject(p) ||
      !isCount(p['sent']) ||
      !isCount(p['received']) ||
      (p['received'] as number) > (p['sent'] as number) ||
      !isInterval(p['lossCi95'])
    )
      return 'ping is not { sent, received, lossCi95 }';
    const pooled = p['pooled'];
    if (!isObject(pooled) || !isCount(pooled['rounds']) || !isCount(pooled['sent']) || !isCount(pooled['received']))
      return 'ping.pooled is not { rounds, sent, received }';
  }
  const s = v['server'];
  if (
    !isObject(s) ||
    !isObject(s['deltas']) ||
    Object.values(s['deltas']).some((x) => typeof x !== 'number' || !Number.isFinite(x))
  )
    return 'server.deltas is not counter → number';
  return undefined;
}
