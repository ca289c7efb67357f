import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { HARD_MAX_CONCURRENCY, HARD_MAX_COUNT } from './burstLimits';
import { closeGently, timedConnect } from './burstConnect';
import { defaultAttemptTimeoutMs } from './burst';
import { estimateSweep, lostSyns, type SweepAttempt, type SweepEstimate } from './sweepEstimate';
import { classifyConnect, clientSynSchedule, type SynSchedule } from './synSchedule';

export type { SweepAttempt, SweepEstimate } from './sweepEstimate';

/**
 * The opt-in rate-limit sweep: characterises a per-source SYN filter by provoking it in steps. Spaced
 * connects first (the control, too slow to trip anything), then bursts of rising size with rests between
 * them, stopping after the first burst that loses SYNs, then single connects after pauses of growing
 * length. Bounded by `maxConnections` and `maxDurationMs`; every connection is a normal, complete handshake.
 */

/** One connect as the sweep sees it; null when cancelled. Injected in tests to play a filter in virtual time. */
export type SweepConnect = (
  deadlineMs: number,
  signal?: AbortSignal,
) => Promise<{ connectMs: number | null; durationMs: number; error?: { code: string; meaning: string } } | null>;

/** Time source: `now()` in ms (monotonic), `sleep` that ends early on abort. */
export interface SweepClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface SweepOptions {
  host: string;
  port: number;
  signal?: AbortSignal;
  onAttempt?: (a: SweepAttempt) => void;
  /** Spaced control connects and the gap between their starts, ms (defaults 5 and 2000). */
  spacedCount?: number;
  spacedIntervalMs?: number;
  /** Burst sizes in order (default 2, 4, 8, 16, 32) and the rest before each, ms (default 10 000). */
  burstSizes?: number[];
  restMs?: number;
  /** Quiet spells before the single connects, ms (default 1, 3, 10, 30 s). */
  pausesMs?: number[];
  /** Caps on the whole sweep (defaults 120 connections and 180 s). */
  maxConnections?: number;
  maxDurationMs?: number;
  attemptTimeoutMs?: number;
  baselineRttMs?: number;
  schedule?: SynSchedule;
  connect?: SweepConnect;
  clock?: SweepClock;
}

export interface SweepResult {
  target: { host: string; ip: string; port: number };
  startedAt: string;
  schedule: SynSchedule;
  baselineRttMs: number;
  attempts: SweepAttempt[];
  estimate: SweepEstimate;
  /** Why the sweep ended before its plan did (a cap was reached), in words. */
  stoppedEarly?: string;
  cancelled?: boolean;
}

const realClock: SweepClock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** Runs the sweep; see the file comment. Rejects only when the host does not resolve. */
export async function runSweep(o: SweepOptions): Promise<SweepResult> {
  const startedAt = new Date().toISOString();
  const clock = o.clock ?? realClock;
  const schedule = o.schedule ?? clientSynSchedule();
  const timeoutMs = o.attemptTimeoutMs ?? defaultAttemptTimeoutMs(schedule);
  const ip = isIP(o.host) ? o.host : (await lookup(o.host, { verbatim: true })).address;
  const connect = o.connect ?? socketConnect(ip, o.port);
  const maxConnections = Math.min(o.maxConnections ?? 120, HARD_MAX_COUNT);
  const maxDurationMs = o.maxDurationMs ?? 180_000;
  const attempts: SweepAttempt[] = [];
  const t0 = clock.now();
  const elapsed = (): number => clock.now() - t0;
  let stoppedEarly: string | undefined;
  let baselineRttMs = o.baselineRttMs ?? 0;

  /** Runs `n` connects at once; false when a cap stops it or the sweep was cancelled. */
  const batch = async (n: number, phase: SweepAttempt['phase'], round: number, pauseMs?: number): Promise<boolean> => {
    if (o.signal?.aborted) return false;
    if (attempts.length + n > maxConnections) {
      stoppedEarly = `the cap of ${maxConnections} connections was reached`;
      return false;
    }
    if (elapsed() + timeoutMs > maxDurationMs) {
      stoppedEarly = `the time cap of ${Math.round(maxDurationMs / 1000)} s was reached`;
      return false;
    }
    const startMs = elapsed();
    const outcomes = await Promise.all(Array.from({ length: n }, () => connect(timeoutMs, o.signal)));
    for (const r of outcomes) {
      if (r === null) continue;
      const a: SweepAttempt = {
        phase,
        round,
        ...(pauseMs === undefined ? {} : { pauseMs }),
        startMs,
        connectMs: r.connectMs,
        durationMs: r.durationMs,
        ...classifyConnect(r.connectMs, baselineRttMs, schedule),
        ...(r.error ? { error: r.error } : {}),
      };
      attempts.push(a);
      o.onAttempt?.(a);
    }
    return !o.signal?.aborted;
  };

  let going = true;
  for (let i = 0; going && i < (o.spacedCount ?? 5); i++) {
    if (i > 0) await clock.sleep(o.spacedIntervalMs ?? 2000, o.signal);
    going = await batch(1, 'spaced', 0);
  }
  // The spaced connects are the baseline unless one was given: the fastest, since spaced connects
  // should not lose SYNs, and one that did must not inflate the RTT.
  if (o.baselineRttMs === undefined) {
    const fast = attempts.filter((a) => a.connectMs !== null).map((a) => a.connectMs as number);
    baselineRttMs = fast.length > 0 ? Math.min(...fast) : 0;
    for (const a of attempts) Object.assign(a, classifyConnect(a.connectMs, baselineRttMs, schedule));
  }
  const sizes = (o.burstSizes ?? [2, 4, 8, 16, 32]).map((s) =>
    Math.max(1, Math.min(HARD_MAX_CONCURRENCY, Math.floor(s))),
  );
  for (let round = 0; going && round < sizes.length; round++) {
    await clock.sleep(o.restMs ?? 10_000, o.signal);
    const before = attempts.length;
    going = await batch(sizes[round], 'burst', round);
    // Once a burst loses SYNs the filter has shown its size and rate; bigger bursts would only add load.
    if (attempts.slice(before).some(lostSyns)) break;
  }
  // Pauses only mean something once the filter has been tripped.
  const pauses = attempts.some((a) => a.phase === 'burst' && lostSyns(a))
    ? (o.pausesMs ?? [1000, 3000, 10_000, 30_000])
    : [];
  for (let round = 0; going && round < pauses.length; round++) {
    if (elapsed() + pauses[round] + timeoutMs > maxDurationMs) {
      stoppedEarly = `the time cap of ${Math.round(maxDurationMs / 1000)} s was reached`;
      break;
    }
    await clock.sleep(pauses[round], o.signal);
    const before = attempts.length;
    going = await batch(1, 'pause', round, pauses[round]);
    if (attempts.length > before && !attempts.slice(before).some(lostSyns)) break;
  }
  const cancelled = o.signal?.aborted === true;
  return {
    target: { host: o.host, ip, port: o.port },
    startedAt,
    schedule,
    baselineRttMs,
    attempts,
    estimate: estimateSweep(attempts, schedule, baselineRttMs),
    ...(stoppedEarly !== undefined && !cancelled ? { stoppedEarly } : {}),
    ...(cancelled ? { cancelled } : {}),
  };
}

/** The real connect: timed, then closed gently in the background. */
function socketConnect(ip: string, port: number): SweepConnect {
  return async (deadlineMs, signal) => {
    const t0 = performance.now();
    const r = await timedConnect(ip, port, deadlineMs, signal);
    if (r.kind === 'aborted') return null;
    if (r.kind === 'error') return { connectMs: null, durationMs: performance.now() - t0, error: r.error };
    void closeGently(r.socket);
    return { connectMs: r.connectMs, durationMs: r.connectMs };
  };
}
