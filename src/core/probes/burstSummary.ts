import { DEADLINE_CODE } from './connectErrors';
import { wilsonInterval } from './stats';
import type { ConnectClass } from './synSchedule';

/** One connection attempt of a burst, in start order. */
export interface BurstAttempt {
  /** Position in the burst by start time, 0-based. */
  index: number;
  /** When connect() was called, ms after the burst started. */
  startMs: number;
  /** connect() call to the 'connect' event, ms; null when no connection was made. */
  connectMs: number | null;
  retransmissions: number | null;
  kind: ConnectClass['kind'];
  /** The failure: of the connect, or (HTTP mode, with `connectMs` set) of the request that followed. */
  error?: { code: string; meaning: string };
  /** HTTP mode: the status code of the one GET sent on this connection. */
  httpStatus?: number;
}

export type PositionSignature = 'front-fast-then-delayed' | 'random' | 'none';

export interface BurstSummary {
  attempts: number;
  /** Attempts with k >= 1 SYN retransmissions. */
  delayed: number;
  /** Attempts that made no connection. */
  failed: number;
  /** Count per k ("0", "1", …), plus "latency" and "failed" when any. */
  histogram: Record<string, number>;
  /** Wilson 95 % interval of delayed / attempts, fractions (docs/method.md §4.1). */
  delayedCi95: [number, number];
  /** Index of the first attempt whose SYNs were lost (delayed, or failed on a timeout); null when none. */
  firstDelayedIndex: number | null;
  positionSignature: PositionSignature;
  /** HTTP mode: connections made whose GET got no status line. */
  responseFailed?: number;
}

/**
 * Below this probability that "no loss in the first M attempts" happened by chance, the losses are called
 * concentrated after the front of the burst.
 */
const FRONT_SIGNIFICANCE = 0.05;

/** An attempt whose SYNs were lost: retransmitted, or unanswered until a timeout. */
const lostSyn = (a: BurstAttempt): boolean =>
  a.kind === 'retransmit' ||
  (a.kind === 'failed' && (a.error?.code === DEADLINE_CODE || a.error?.code === 'ETIMEDOUT'));

/**
 * Summarises a burst (docs/method.md §3.2 step 5). The position signature asks whether SYN losses
 * sit after the first M attempts of the burst, as a per-source SYN limiter makes them: with L losses among n
 * attempts placed at random, the chance that none falls in the first M is C(n−M, L) / C(n, L); below 5 % the
 * burst is 'front-fast-then-delayed', otherwise 'random'; 'none' without losses.
 */
export function summarizeBurst(attempts: readonly BurstAttempt[], mode: 'tcp' | 'http' = 'tcp'): BurstSummary {
  const ordered = [...attempts].sort((a, b) => a.index - b.index);
  const histogram: Record<string, number> = {};
  const bump = (key: string): void => {
    histogram[key] = (histogram[key] ?? 0) + 1;
  };
  let delayed = 0;
  let failed = 0;
  let responseFailed = 0;
  for (const a of ordered) {
    if (a.kind === 'failed') {
      failed++;
      bump('failed');
    } else if (a.kind === 'latency') bump('latency');
    else bump(String(a.retransmissions ?? 0));
    if (a.kind === 'retransmit') delayed++;
    if (a.connectMs !== null && a.error !== undefined) responseFailed++;
  }
  const lostAt = ordered.findIndex(lostSyn);
  const losses = ordered.filter(lostSyn).length;
  return {
    attempts: ordered.length,
    delayed,
    failed,
    histogram,
    delayedCi95: wilsonInterval(delayed, ordered.length),
    firstDelayedIndex: lostAt < 0 ? null : ordered[lostAt].index,
    positionSignature:
      losses === 0
        ? 'none'
        : frontProbability(ordered.length, losses, lostAt) < FRONT_SIGNIFICANCE
          ? 'front-fast-then-delayed'
          : 'random',
    ...(mode === 'http' ? { responseFailed } : {}),
  };
}

/** C(n − m, l) / C(n, l): the chance that l random positions out of n all avoid the first m. */
export function frontProbability(n: number, l: number, m: number): number {
  if (m <= 0) return 1;
  if (l > n - m) return 0;
  let p = 1;
  for (let i = 0; i < l; i++) p *= (n - m - i) / (n - i);
  return p;
}
