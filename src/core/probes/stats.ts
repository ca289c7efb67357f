/**
 * Statistics shared by the probes: loss intervals, percentiles, RTT summaries and loss runs.
 * Pure functions over numbers; the formulas are those of docs/method.md §4.1 and §4.2.
 */

/** z for a two-sided 95 % interval. */
export const Z95 = 1.96;

/**
 * Wilson score interval for a binomial proportion `successes / n` (docs/method.md §4.1).
 * "Success" is whatever is being counted: a lost ping, a delayed connect. Unlike the normal (Wald)
 * interval it stays meaningful at 0 successes and small n, which is exactly the "0 of 20 lost" case.
 *
 * @param successes events counted, an integer in [0, n]
 * @param n trials, a non-negative integer; with n = 0 nothing is known and the interval is [0, 1]
 * @param z normal quantile, 1.96 (95 %) by default
 * @returns [lower, upper] as fractions in [0, 1] (not percent)
 * @throws RangeError when the counts are not integers with 0 <= successes <= n, or z is not positive
 */
export function wilsonInterval(successes: number, n: number, z: number = Z95): [number, number] {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`wilsonInterval: need integers 0 <= successes <= n, got ${successes}/${n}`);
  }
  if (!(z > 0) || !Number.isFinite(z)) throw new RangeError(`wilsonInterval: z must be positive, got ${z}`);
  if (n === 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At the edges the formula is exact in closed form; use it so 0/n gives exactly 0 (not -1e-17)
  // and n/n exactly 1, and the interval always contains p̂ despite rounding.
  const lower = successes === 0 ? 0 : Math.min(p, Math.max(0, centre - half));
  const upper = successes === n ? 1 : Math.max(p, Math.min(1, centre + half));
  return [lower, upper];
}

/**
 * Nearest-rank percentile (docs/method.md §4.2): `x[ceil(q·n)]` on the sorted list, 1-based;
 * q = 0 gives the minimum. With n <= 100 a "p99" is essentially the maximum.
 *
 * @param sorted values in ascending order (not checked; sort first)
 * @param q quantile as a fraction in [0, 1] (0.95 for p95)
 * @returns the value, or null for an empty list
 * @throws RangeError when q is outside [0, 1]
 */
export function nearestRankPercentile(sorted: readonly number[], q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`nearestRankPercentile: q must be in [0, 1], got ${q}`);
  if (sorted.length === 0) return null;
  // 0.07 * 100 is 7.000000000000001 in binary floating point; without the tolerance ceil would
  // skip to the 8th value.
  const rank = Math.ceil(q * sorted.length - 1e-9);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * Population standard deviation, what iputils prints as `mdev` and macOS as `stddev`
 * (docs/method.md §4.2: `sqrt(Σx²/n − (Σx/n)²)`). Computed in two passes, which is the same
 * quantity without the cancellation error of the one-pass form. Null for an empty list.
 */
export function populationStdDev(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  const squares = values.reduce((s, x) => s + (x - mean) * (x - mean), 0);
  return Math.sqrt(squares / values.length);
}

/** Round-trip summary in milliseconds, all computed from per-reply times (never a platform's summary line). */
export interface RttStats {
  min: number;
  avg: number;
  max: number;
  /** Population standard deviation (iputils `mdev`). */
  mdev: number;
  /** Nearest-rank median. */
  p50: number;
  /** Nearest-rank 95th percentile. */
  p95: number;
}

/**
 * Summarises round-trip times (ms). iputils includes duplicate replies in these statistics
 * (docs/method.md §4.1); callers decide whether to pass them. Null when there are none.
 */
export function rttStats(timesMs: readonly number[]): RttStats | null {
  if (timesMs.length === 0) return null;
  const sorted = [...timesMs].sort((a, b) => a - b);
  const avg = sorted.reduce((s, x) => s + x, 0) / sorted.length;
  return {
    min: sorted[0],
    avg,
    max: sorted[sorted.length - 1],
    mdev: populationStdDev(sorted) ?? 0,
    p50: nearestRankPercentile(sorted, 0.5) ?? 0,
    p95: nearestRankPercentile(sorted, 0.95) ?? 0,
  };
}

/** Runs of consecutive losses in a probe timeline. */
export interface LossRuns {
  /** Number of maximal runs of consecutive losses. */
  episodes: number;
  /** Length of the longest run, in probes. */
  longestRun: number;
}

/**
 * Loss episodes and the longest run (docs/method.md §4.1): losses are bursty, so the binomial
 * interval is optimistic; these two numbers show how clustered they were.
 *
 * @param lost one entry per probe in send order, true when that probe got no reply
 */
export function lossRuns(lost: readonly boolean[]): LossRuns {
  let episodes = 0;
  let longestRun = 0;
  let run = 0;
  for (const l of lost) {
    if (l) {
      if (run === 0) episodes++;
      run++;
      longestRun = Math.max(longestRun, run);
    } else {
      run = 0;
    }
  }
  return { episodes, longestRun };
}

/**
 * Probes needed to see at least one loss with the given confidence when the true loss rate is
 * `lossRate`: the smallest n with `1 − (1 − p)^n >= confidence`, i.e. `n >= ln(1 − conf) / ln(1 − p)`
 * (docs/method.md §4.1: 74 probes for 4 % at 95 %).
 *
 * @param lossRate true loss as a fraction in (0, 1]
 * @param confidence fraction in (0, 1), 0.95 by default
 * @returns a probe count >= 1
 * @throws RangeError for a rate outside (0, 1] or a confidence outside (0, 1)
 */
export function probesToDetect(lossRate: number, confidence = 0.95): number {
  if (!(lossRate > 0 && lossRate <= 1))
    throw new RangeError(`probesToDetect: lossRate must be in (0, 1], got ${lossRate}`);
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`probesToDetect: confidence must be in (0, 1), got ${confidence}`);
  if (lossRate === 1) return 1;
  // Tolerance for the same reason as in nearestRankPercentile: an exact integer ratio may come out
  // a hair above it.
  return Math.max(1, Math.ceil(Math.log(1 - confidence) / Math.log(1 - lossRate) - 1e-9));
}
