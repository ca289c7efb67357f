import type { WatchClock } from './watchClock';

export interface ScheduleOptions {
  /** Start-to-start spacing of rounds, ms. */
  intervalMs: number;
  /** No round starts this long after the first one or later, ms. */
  durationMs: number;
  clock: WatchClock;
  signal?: AbortSignal;
  /** One round; the next is not started before it settles. A rejection ends the schedule with it. */
  round: (index: number) => Promise<void>;
}

export interface ScheduleOutcome {
  /** Rounds started. */
  started: number;
  /** Slots that passed while a round was still running and were skipped rather than made up. */
  skipped: number;
  ended: 'duration' | 'aborted';
}

/**
 * Runs rounds on a fixed grid: at the start, then every `intervalMs`, until `durationMs` has passed or the
 * signal aborts. At most one round runs at a time: a round that overruns its slot delays the next to the
 * following grid point and the missed slots are skipped, never caught up in a burst of rounds.
 */
export async function runSchedule(o: ScheduleOptions): Promise<ScheduleOutcome> {
  if (!(o.intervalMs > 0)) throw new RangeError(`runSchedule: the interval must be positive, got ${o.intervalMs}`);
  const start = o.clock.now();
  const end = start + o.durationMs;
  let rounds = 0;
  let skipped = 0;
  let next = start;
  while (next < end) {
    const wait = next - o.clock.now();
    if (wait > 0) {
      try {
        await o.clock.sleep(wait, o.signal);
      } catch (err) {
        if (o.signal?.aborted) return { started: rounds, skipped, ended: 'aborted' };
        throw err;
      }
    }
    if (o.signal?.aborted) return { started: rounds, skipped, ended: 'aborted' };
    await o.round(rounds);
    rounds++;
    if (o.signal?.aborted) return { started: rounds, skipped, ended: 'aborted' };
    next += o.intervalMs;
    const now = o.clock.now();
    if (now > next) {
      const missed = Math.ceil((now - next) / o.intervalMs);
      skipped += missed;
      next += missed * o.intervalMs;
    }
  }
  return { started: rounds, skipped, ended: 'duration' };
}
