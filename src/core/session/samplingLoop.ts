import type { Clock } from './sessionTypes';

export interface SamplingIntervals {
  /** ms between sample starts while visible. */
  visibleMs: number;
  /** ms between sample starts while hidden; null = no sampling while hidden. */
  hiddenMs: number | null;
}

/**
 * When to sample: one run per interval measured from the start of the previous run, never two at
 * once (a run longer than the interval delays the next instead of stacking up), slower or paused
 * while hidden. `runNow` joins a run already in flight. Failures are the run's business: the loop
 * only keeps time.
 */
export class SamplingLoop<T> {
  private timer: unknown;
  private inFlight: Promise<T> | undefined;
  private lastStartMs: number | undefined;
  private running = false;
  private visible = true;

  constructor(
    private readonly run: () => Promise<T>,
    private readonly clock: Clock,
    private readonly intervals: SamplingIntervals,
  ) {}

  /**
   * Starts ticking; the first run is due at once unless one ran less than an interval ago, or
   * `now` asks for one regardless (fresh data after a reconnect).
   */
  start(opts: { now?: boolean } = {}): void {
    this.running = true;
    if (opts.now) this.runNow().catch(() => undefined);
    else this.schedule();
  }

  /** Stops ticking; a run in flight finishes on its own. */
  stop(): void {
    this.running = false;
    this.cancelTimer();
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (this.running) this.schedule();
  }

  /** Runs now, or joins the run in flight; the next tick is then an interval after this run's start. */
  runNow(): Promise<T> {
    if (this.inFlight) return this.inFlight;
    this.cancelTimer();
    this.lastStartMs = this.clock.now();
    const run = this.run();
    this.inFlight = run;
    const settle = (): void => {
      this.inFlight = undefined;
      if (this.running) this.schedule();
    };
    run.then(settle, settle);
    return run;
  }

  private currentInterval(): number | null {
    return this.visible ? this.intervals.visibleMs : this.intervals.hiddenMs;
  }

  private schedule(): void {
    this.cancelTimer();
    if (!this.running || this.inFlight) return; // the run reschedules when it settles
    const interval = this.currentInterval();
    if (interval === null) return;
    const due = this.lastStartMs === undefined ? 0 : this.lastStartMs + interval - this.clock.now();
    // Failures are counted and reported by the run itself; the loop just carries on.
    if (due <= 0) {
      this.runNow().catch(() => undefined);
      return;
    }
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.runNow().catch(() => undefined);
    }, due);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
