/**
 * A per-source SYN filter played in virtual time, for the sweep tests: connects made in the same tick form
 * one batch whose SYNs (first and retransmitted, on the client's schedule) meet the filter in time order.
 */
import { DEADLINE_CODE, connectErrorMeaning } from '../../src/core/probes/connectErrors';
import type { SweepClock, SweepConnect } from '../../src/core/probes/sweep';
import type { SynSchedule } from '../../src/core/probes/synSchedule';

/** Decides one SYN at a time (ms), called in increasing time order. */
export type Filter = (atMs: number) => boolean;

/** A token bucket of `burst` SYNs refilled at `rate` per second, full at the start. */
export function tokenBucket(burst: number, rate: number): Filter {
  let tokens = burst;
  let last: number | undefined;
  return (at) => {
    tokens = Math.min(burst, tokens + ((at - (last ?? at)) / 1000) * rate);
    last = at;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

/** A token bucket whose every drop blocks the source for `blockMs` (each dropped SYN starts the block again). */
export function greylist(burst: number, rate: number, blockMs: number): Filter {
  const bucket = tokenBucket(burst, rate);
  let blockedUntil = -Infinity;
  return (at) => {
    if (at < blockedUntil || !bucket(at)) {
      blockedUntil = at + blockMs;
      return false;
    }
    return true;
  };
}

export class VirtualNet {
  private now = 0;
  private pending: { start: number; deadlineMs: number; resolve: (r: Awaited<ReturnType<SweepConnect>>) => void }[] =
    [];
  constructor(
    private readonly filter: Filter,
    private readonly schedule: SynSchedule,
    private readonly rttMs: number,
  ) {}

  readonly clock: SweepClock = {
    now: () => this.now,
    sleep: async (ms) => {
      this.now += ms;
    },
  };

  readonly connect: SweepConnect = (deadlineMs) =>
    new Promise((resolve) => {
      this.pending.push({ start: this.now, deadlineMs, resolve });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    const syns: { at: number; i: number }[] = [];
    batch.forEach((p, i) => {
      syns.push({ at: p.start, i });
      for (const point of this.schedule.pointsMs) if (point < p.deadlineMs) syns.push({ at: p.start + point, i });
    });
    syns.sort((a, b) => a.at - b.at || a.i - b.i);
    const passedAt = new Map<number, number>();
    for (const s of syns) if (!passedAt.has(s.i) && this.filter(s.at)) passedAt.set(s.i, s.at);
    let end = this.now;
    batch.forEach((p, i) => {
      const at = passedAt.get(i);
      if (at === undefined) {
        p.resolve({
          connectMs: null,
          durationMs: p.deadlineMs,
          error: { code: DEADLINE_CODE, meaning: connectErrorMeaning(DEADLINE_CODE) },
        });
        end = Math.max(end, p.start + p.deadlineMs);
      } else {
        const connectMs = at - p.start + this.rttMs;
        p.resolve({ connectMs, durationMs: connectMs });
        end = Math.max(end, p.start + connectMs);
      }
    });
    this.now = end;
  }
}
