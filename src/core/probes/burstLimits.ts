/**
 * Safety limits of the connection probes. A burst is a small, deliberate load on a server the user
 * owns; these caps keep a typo (or a hostile setting) from turning it into a flood. Node's net.connect
 * performs the full three-way handshake through the kernel, so the probes never send half-open SYNs:
 * every connection they open is a normal one, closed cleanly.
 */

/** The seed's `ab -n 32 -c 4`: 32 new connections, 4 at a time. */
export const DEFAULT_COUNT = 32;
export const DEFAULT_CONCURRENCY = 4;

/** Hard ceilings no setting can raise. */
export const HARD_MAX_COUNT = 1000;
export const HARD_MAX_CONCURRENCY = 64;
/** New connections started per second, at most: each start comes at least 1000 / this many ms after the previous one. */
export const HARD_MAX_RATE_PER_SECOND = 200;

/** Above either number the user is asked to confirm before the burst starts. */
export const CONFIRM_COUNT = 100;
export const CONFIRM_CONCURRENCY = 16;

/** Limits from the settings; each is clamped to the hard ceiling above. */
export interface BurstLimits {
  maxCount: number;
  maxConcurrency: number;
  maxRatePerSecond: number;
}

export const DEFAULT_LIMITS: BurstLimits = {
  maxCount: HARD_MAX_COUNT,
  maxConcurrency: HARD_MAX_CONCURRENCY,
  maxRatePerSecond: HARD_MAX_RATE_PER_SECOND,
};

/** A burst size after the limits: what will actually run. */
export interface BurstPlan {
  count: number;
  concurrency: number;
  /** Minimum gap between two connection starts, ms. */
  minStartGapMs: number;
}

/**
 * Applies defaults and limits: count in [1, maxCount], concurrency in [1, min(maxConcurrency, count)],
 * start rate at most maxRatePerSecond. Non-finite or fractional requests are rounded down / defaulted.
 */
export function planBurst(
  count: number | undefined,
  concurrency: number | undefined,
  limits: BurstLimits = DEFAULT_LIMITS,
): BurstPlan {
  const maxCount = clampInt(limits.maxCount, 1, HARD_MAX_COUNT, HARD_MAX_COUNT);
  const maxConcurrency = clampInt(limits.maxConcurrency, 1, HARD_MAX_CONCURRENCY, HARD_MAX_CONCURRENCY);
  const rate = clampInt(limits.maxRatePerSecond, 1, HARD_MAX_RATE_PER_SECOND, HARD_MAX_RATE_PER_SECOND);
  const n = clampInt(count ?? DEFAULT_COUNT, 1, maxCount, DEFAULT_COUNT);
  const c = clampInt(concurrency ?? DEFAULT_CONCURRENCY, 1, Math.min(maxConcurrency, n), DEFAULT_CONCURRENCY);
  return { count: n, concurrency: c, minStartGapMs: 1000 / rate };
}

/** True when a burst is big enough that the user should confirm it first. */
export function needsConfirmation(count: number, concurrency: number): boolean {
  return !(count <= CONFIRM_COUNT && concurrency <= CONFIRM_CONCURRENCY);
}

function clampInt(value: number, min: number, max: number, fallback: number): number {
  const v = Number.isFinite(value) ? Math.floor(value) : fallback;
  return Math.min(max, Math.max(min, v));
}
