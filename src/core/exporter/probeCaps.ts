import type { ConnectionCaps } from './fleetFile';

/** Why a probe that opens connections did not run now. */
export type Held = { reason: 'min_interval' | 'syn_budget'; retryInMs: number };

const MINUTE_MS = 60_000;

/**
 * The hard caps of the probes that open new connections to a host (`tcp_burst`, `diagnose`): a least
 * interval between two runs of one module on one target, and a budget of new connections per target per
 * minute over all modules. Pure apart from the injected clock, so the arithmetic is tested with a fake one.
 * A scrape the caps hold gets the last result with its age instead (the exporter's business).
 */
export class ProbeCaps {
  private readonly lastStart = new Map<string, number>();
  private readonly spent = new Map<string, { atMs: number; syns: number }[]>();

  constructor(private readonly now: () => number) {}

  /**
   * Whether a run of `module` on `target` opening `syns` new connections may start now; when it may, the
   * run is booked at once (so concurrent scrapes cannot both pass).
   */
  tryStart(target: string, module: string, caps: ConnectionCaps, syns: number): { ok: true } | ({ ok: false } & Held) {
    const now = this.now();
    const key = `${target}\u0000${module}`;
    const last = this.lastStart.get(key);
    if (last !== undefined && now - last < caps.minIntervalMs)
      return { ok: false, reason: 'min_interval', retryInMs: last + caps.minIntervalMs - now };
    const window = this.window(target, now);
    const used = window.reduce((sum, e) => sum + e.syns, 0);
    if (used + syns > caps.maxSynsPerMinute) {
      // The budget frees up as the oldest runs leave the minute; find when enough has left.
      let freed = 0;
      let at = now;
      for (const e of window) {
        freed += e.syns;
        at = e.atMs + MINUTE_MS;
        if (used - freed + syns <= caps.maxSynsPerMinute) break;
      }
      return { ok: false, reason: 'syn_budget', retryInMs: Math.max(0, at - now) };
    }
    this.lastStart.set(key, now);
    window.push({ atMs: now, syns });
    return { ok: true };
  }

  /** New connections booked on `target` in the last minute. */
  synsInLastMinute(target: string): number {
    return this.window(target, this.now()).reduce((sum, e) => sum + e.syns, 0);
  }

  private window(target: string, now: number): { atMs: number; syns: number }[] {
    const list = (this.spent.get(target) ?? []).filter((e) => now - e.atMs < MINUTE_MS);
    this.spent.set(target, list);
    return list;
  }
}

/**
 * A counting semaphore: at most `limit` holders; the rest wait in arrival order. Used as the exporter's
 * global cap on remote commands running at once over every host.
 */
export class Semaphore {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  get inUse(): number {
    return this.held;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.held < this.limit) {
      this.held++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next in line, so `held` stays the same.
    if (next) next();
    else this.held--;
  }
}
