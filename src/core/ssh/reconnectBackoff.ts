import type { SshError } from './sshErrors';

/** Tunables of the reconnect schedule. All durations in milliseconds. */
export interface BackoffOptions {
  /** First ceiling of the jittered delay (default 1000 ms); it doubles with every failed attempt. */
  baseMs: number;
  /** Largest ceiling (default 60000 ms). */
  capMs: number;
  /**
   * Least delay after the server cut us before the SSH banner (default 15000 ms). OpenSSH 9.8+
   * PerSourcePenalties refuses a source that reconnects too eagerly; its penalties are enforced
   * only once `min` 15 s have accrued (docs/security.md §1.5).
   */
  penaltyFloorMs: number;
  /** A connection that stayed up this long (default 60000 ms) resets the attempt counter. */
  healthyResetMs: number;
  /** Consecutive failed attempts after which the loop gives up (default 10). */
  maxAttempts: number;
  /** A uniform random number in [0, 1). */
  random: () => number;
  /** Milliseconds on a monotonic-enough clock. */
  now: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  baseMs: 1000,
  capMs: 60_000,
  penaltyFloorMs: 15_000,
  healthyResetMs: 60_000,
  maxAttempts: 10,
  random: Math.random,
  now: () => performance.now(),
};

/**
 * Exponential backoff with full jitter: the n-th retry (n from 0) waits
 * `random(0, min(cap, base * 2^n))`, raised to the penalty floor after a pre-banner cut.
 * Source: https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/ (via
 * docs/security.md §1.8). Pure apart from the injected clock and random source.
 */
export class ReconnectBackoff {
  private readonly opts: BackoffOptions;
  private failures = 0;
  private connectedAt: number | undefined;

  constructor(opts: Partial<BackoffOptions> = {}) {
    this.opts = { ...DEFAULT_BACKOFF, ...opts };
  }

  /** Failed attempts since the last reset. */
  get attempts(): number {
    return this.failures;
  }

  /**
   * The delay in ms before the next attempt after `err`, or `undefined` when the loop must stop:
   * the error is not retryable, or `maxAttempts` failures in a row have happened.
   */
  next(err: SshError): number | undefined {
    if (!err.retryable || this.failures >= this.opts.maxAttempts) return undefined;
    const { baseMs, capMs, penaltyFloorMs, random } = this.opts;
    // 2^failures overflows to Infinity long before it matters; min() keeps the ceiling at cap.
    const ceiling = Math.min(capMs, baseMs * 2 ** this.failures);
    this.failures++;
    const jittered = Math.floor(clampUnit(random()) * ceiling);
    return err.cutBeforeHandshake ? Math.max(penaltyFloorMs, jittered) : jittered;
  }

  /** Records that a connection is up. */
  connected(): void {
    this.connectedAt = this.opts.now();
  }

  /** Records that the connection went down; a long healthy stretch earns a fresh schedule. */
  disconnected(): void {
    if (this.connectedAt !== undefined && this.opts.now() - this.connectedAt >= this.opts.healthyResetMs)
      this.failures = 0;
    this.connectedAt = undefined;
  }

  /** Starts over, e.g. when the user asks to reconnect. */
  reset(): void {
    this.failures = 0;
    this.connectedAt = undefined;
  }
}

/** A random source outside [0, 1) would stretch delays past the ceiling; clamp it. */
function clampUnit(x: number): number {
  if (!Number.isFinite(x) || x < 0) return 0;
  return x >= 1 ? 1 - Number.EPSILON : x;
}
