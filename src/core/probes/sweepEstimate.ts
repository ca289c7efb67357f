import { DEADLINE_CODE } from './connectErrors';
import type { ConnectClass, SynSchedule } from './synSchedule';

/**
 * Pure estimators of the rate-limit sweep (see `sweep.ts`), run on recorded attempt lists. The model is
 * the one a per-source SYN limiter implements (docs/method.md §3.2 step 5, docs/method.md §3.5's
 * `nft … limit rate over 3/second burst 4 packets`): a token bucket of `burst` SYNs refilled at `rate`
 * SYNs per second, where a SYN passes when a token is left and is dropped otherwise. Retransmitted SYNs
 * count like first ones.
 */

/** One connection attempt of a sweep. Times in ms since the sweep started. */
export interface SweepAttempt {
  phase: 'spaced' | 'burst' | 'pause';
  /** Which burst or pause this belongs to, 0-based (0 for the spaced phase). */
  round: number;
  /** For a pause attempt: how long the source was quiet before it, ms. */
  pauseMs?: number;
  startMs: number;
  connectMs: number | null;
  /** Until the connect succeeded or failed, ms. */
  durationMs: number;
  retransmissions: number | null;
  kind: ConnectClass['kind'];
  error?: { code: string; meaning: string };
}

/** A SYN as the filter saw it: when (ms since the sweep started) and whether it got through. */
export interface SynEvent {
  atMs: number;
  passed: boolean;
}

/** A closed interval of plausible values. `high` is null when unbounded by what was seen. */
export interface Range {
  low: number;
  high: number | null;
}

export interface SweepEstimate {
  /** Whether any SYN was lost during the sweep: without it there is no limit to characterise. */
  triggered: boolean;
  /** Spaced connects (the control) that lost SYNs: above 0 the losses are not only about rate. */
  spacedLost: number;
  /** Sustained rate the filter lets through, connections (SYNs) per second; null when not triggered. */
  sustainedPerSecond: Range | null;
  /** SYNs the filter lets through at once after a quiet spell. When not triggered: at least the largest burst sent. */
  burstAllowance: Range;
  /** SYN events the best-fitting token bucket does not explain (0: a token bucket describes the filter exactly). */
  unexplained: number;
  events: number;
  /** How long a source stays blocked after tripping the filter, from the pause probes; null without them. */
  blockedMs: Range | null;
}

/** Lost SYNs: retransmitted, or unanswered until a timeout. Refusals and other errors say nothing about a filter. */
export const lostSyns = (a: SweepAttempt): boolean =>
  a.kind === 'retransmit' ||
  (a.kind === 'failed' && (a.error?.code === DEADLINE_CODE || a.error?.code === 'ETIMEDOUT'));

/**
 * Rebuilds the SYNs the filter saw from the attempts: a fast (or merely slow) connect is one SYN that passed
 * at its start; a connect after k retransmissions is k dropped SYNs at the schedule's points and one that
 * passed at `connectMs − RTT` (the points are scaled to that time, absorbing timer drift); a timeout is a
 * dropped SYN at every point before it gave up. Attempts refused or failed otherwise are left out.
 */
export function synEvents(attempts: readonly SweepAttempt[], schedule: SynSchedule, baselineRttMs: number): SynEvent[] {
  const events: SynEvent[] = [];
  for (const a of attempts) {
    if (a.kind === 'fast' || a.kind === 'latency') events.push({ atMs: a.startMs, passed: true });
    else if (a.kind === 'retransmit' && a.retransmissions !== null && a.connectMs !== null) {
      const k = a.retransmissions;
      const passedAt = Math.max(0, a.connectMs - baselineRttMs);
      const scale = k <= schedule.pointsMs.length ? passedAt / schedule.pointsMs[k - 1] : 1;
      events.push({ atMs: a.startMs, passed: false });
      for (let j = 0; j < k - 1; j++) events.push({ atMs: a.startMs + schedule.pointsMs[j] * scale, passed: false });
      events.push({ atMs: a.startMs + passedAt, passed: true });
    } else if (lostSyns(a)) {
      events.push({ atMs: a.startMs, passed: false });
      for (const p of schedule.pointsMs) if (p < a.durationMs) events.push({ atMs: a.startMs + p, passed: false });
    }
  }
  // Simultaneous SYNs reach the filter in some order; taking the passed ones first is the order a
  // token bucket would produce, so ties never count against the fit.
  return events.sort((x, y) => x.atMs - y.atMs || Number(y.passed) - Number(x.passed));
}

/** Bucket sizes tried (SYNs), and the highest rate considered (SYNs/s); above it a rate is "unbounded". */
const MAX_BUCKET = 64;
const MAX_RATE = 1000;
/** Rate grid for data no bucket explains exactly: 0.1/s to ~1000/s in 1 % steps. */
const RATES = Array.from({ length: 926 }, (_, i) => 0.1 * 1.01 ** i);

/**
 * Replays the events through a token bucket (`burst` tokens, `ratePerSecond`, full at the first event) that
 * takes each SYN's observed fate as given, and counts the SYNs that contradict it: a pass with less than
 * one token, a drop with one or more. Because the fates are given, the token level at every event only
 * grows with the rate, so pass contradictions only fall and drop contradictions only rise as the rate
 * grows; `fitTokenBucket` relies on that.
 */
export function bucketMismatches(
  events: readonly SynEvent[],
  burst: number,
  ratePerSecond: number,
): { passes: number; drops: number } {
  let tokens = burst;
  let last = events.length > 0 ? events[0].atMs : 0;
  let passes = 0;
  let drops = 0;
  for (const e of events) {
    tokens = Math.min(burst, tokens + ((e.atMs - last) / 1000) * ratePerSecond);
    last = e.atMs;
    const hasToken = tokens >= 1 - 1e-9;
    if (e.passed) {
      if (!hasToken) passes++;
      tokens -= 1;
    } else if (hasToken) {
      drops++;
    }
  }
  return { passes, drops };
}

/**
 * The token buckets that explain the events. For each bucket size the rates that explain every event form
 * an interval (see `bucketMismatches`), found by bisection; the result spans the sizes with a non-empty
 * interval and the union of their intervals (`high` null when no drop bounds the rate). When no bucket
 * explains everything (noisy timings, or a filter that is not a token bucket) the pairs with the fewest
 * contradictions on a 1 % rate grid are used and `unexplained` says how many. Null when no SYN was dropped.
 */
export function fitTokenBucket(events: readonly SynEvent[]): { rate: Range; burst: Range; unexplained: number } | null {
  if (!events.some((e) => !e.passed)) return null;
  const exact: [number, number, number][] = [];
  for (let burst = 1; burst <= MAX_BUCKET; burst++) {
    const low = bisect((r) => bucketMismatches(events, burst, r).passes === 0, true);
    const high = bisect((r) => bucketMismatches(events, burst, r).drops === 0, false);
    // The tolerance admits a bucket whose interval is a single rate that bisection brackets from both sides.
    if (low !== null && high !== null && low <= high + 1e-6) exact.push([burst, low, Math.max(low, high)]);
  }
  if (exact.length > 0) {
    const high = Math.max(...exact.map(([, , h]) => h));
    return {
      rate: { low: round2(Math.min(...exact.map(([, l]) => l))), high: high >= MAX_RATE ? null : round2(high) },
      burst: { low: Math.min(...exact.map(([b]) => b)), high: Math.max(...exact.map(([b]) => b)) },
      unexplained: 0,
    };
  }
  const scored: [number, number, number][] = [];
  for (let burst = 1; burst <= MAX_BUCKET; burst++) {
    for (const rate of RATES) {
      const m = bucketMismatches(events, burst, rate);
      scored.push([burst, rate, m.passes + m.drops]);
    }
  }
  const best = Math.min(...scored.map(([, , wrong]) => wrong));
  const fits = scored.filter(([, , wrong]) => wrong === best);
  return {
    rate: { low: round2(Math.min(...fits.map(([, r]) => r))), high: round2(Math.max(...fits.map(([, r]) => r))) },
    burst: { low: Math.min(...fits.map(([b]) => b)), high: Math.max(...fits.map(([b]) => b)) },
    unexplained: best,
  };
}

/**
 * The boundary of a monotone predicate on [0, MAX_RATE]: with `rising`, the least rate where it holds
 * (null if it never does); otherwise the greatest rate where it still holds (null if it never does).
 */
function bisect(holds: (rate: number) => boolean, rising: boolean): number | null {
  if (rising ? !holds(MAX_RATE) : !holds(0)) return null;
  if (rising ? holds(0) : holds(MAX_RATE)) return rising ? 0 : MAX_RATE;
  let lo = 0;
  let hi = MAX_RATE;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (holds(mid) === rising) hi = mid;
    else lo = mid;
  }
  return rising ? hi : lo;
}

/**
 * How long the source stays blocked, from single connects made after pauses of growing length: at least
 * the longest pause after which the connect still lost SYNs, at most the shortest longer pause after which
 * it did not (null when every one lost). Null without pause attempts.
 */
export function estimateBlock(attempts: readonly SweepAttempt[]): Range | null {
  const probes = attempts.filter((a) => a.phase === 'pause' && a.pauseMs !== undefined);
  if (probes.length === 0) return null;
  const low = Math.max(0, ...probes.filter(lostSyns).map((a) => a.pauseMs ?? 0));
  const cleared = probes.filter((a) => !lostSyns(a) && (a.pauseMs ?? 0) >= low).map((a) => a.pauseMs ?? 0);
  return { low, high: cleared.length > 0 ? Math.min(...cleared) : null };
}

/** Everything the sweep says about the filter (docs/method.md §3.2 step 5). */
export function estimateSweep(
  attempts: readonly SweepAttempt[],
  schedule: SynSchedule,
  baselineRttMs: number,
): SweepEstimate {
  const events = synEvents(attempts, schedule, baselineRttMs);
  const fit = fitTokenBucket(events);
  const largestBurst = Math.max(0, ...burstSizes(attempts));
  return {
    triggered: fit !== null,
    spacedLost: attempts.filter((a) => a.phase === 'spaced' && lostSyns(a)).length,
    sustainedPerSecond: fit?.rate ?? null,
    burstAllowance: fit?.burst ?? { low: largestBurst, high: null },
    unexplained: fit?.unexplained ?? 0,
    events: events.length,
    blockedMs: estimateBlock(attempts),
  };
}

function burstSizes(attempts: readonly SweepAttempt[]): number[] {
  const sizes = new Map<number, number>();
  for (const a of attempts) if (a.phase === 'burst') sizes.set(a.round, (sizes.get(a.round) ?? 0) + 1);
  return [...sizes.values()];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
