import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { scenarioFiles } from './scenarioFiles';
import {
  advance,
  DEFAULT_BACKUP,
  initialState,
  recordTraffic,
  type BackupSchedule,
  type Random,
  type ScenarioState,
  type TrafficEvent,
} from './scenarioState';

export type { BackupSchedule, TrafficEvent } from './scenarioState';

export interface ScenarioOptions {
  /** The fake file root to write (created 0700 if missing); the demo SSH server serves it as `VPSD_ROOT`. */
  root: string;
  /** How often the numbers move and the files are rewritten, ms (default 1000). */
  tickMs?: number;
  backup?: BackupSchedule;
  /** Seed of the pseudo-random numbers, so a run can be repeated. */
  seed?: number;
  /** The seed's occasional tcprcvbuf and dgramrcvbuf refusals (default true). */
  sporadicFailures?: boolean;
  /** Monotonic clock in ms (default `performance.now`). */
  now?: () => number;
}

/** After a service event the files are rewritten this soon, ms, so a sample right after a burst counts every accept. */
const EVENT_FLUSH_MS = 20;

/**
 * The simulated OpenVZ host: keeps a fake /proc tree under `root` up to date while it runs. Every file
 * is replaced atomically (write a temp file, rename), so a concurrent `grep` sees old or new, never half.
 * The numbers are simulated: only the demo service's accepted connections come from real events.
 */
export class Scenario {
  readonly root: string;
  private readonly state: ScenarioState = initialState();
  private readonly random: Random;
  private readonly now: () => number;
  private readonly backup: BackupSchedule;
  private readonly tickMs: number;
  private readonly sporadic: boolean;
  private last: number;
  private timer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(opts: ScenarioOptions) {
    this.root = opts.root;
    this.random = mulberry32(opts.seed ?? randomBytes(4).readUInt32LE(0));
    this.now = opts.now ?? (() => performance.now());
    this.backup = opts.backup ?? DEFAULT_BACKUP;
    this.tickMs = opts.tickMs ?? 1000;
    this.sporadic = opts.sporadicFailures ?? true;
    this.last = this.now();
  }

  /** Writes the first files, then keeps moving and rewriting them every `tickMs`. */
  async start(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    await this.flush();
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.timer.unref();
  }

  /** Moves the numbers by the time since the last tick and rewrites the files. */
  async tick(): Promise<void> {
    const t = this.now();
    advance(this.state, (t - this.last) / 1000, this.random, this.backup, this.sporadic);
    this.last = t;
    await this.flush();
  }

  /** Hook for the demo service: counts one connection event on the server's counters. */
  record(event: TrafficEvent): void {
    if (this.stopped) return;
    recordTraffic(this.state, event);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, EVENT_FLUSH_MS);
  }

  /** Stops ticking and waits for the write in progress; the files stay for inspection. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.flushTimer);
    await this.writing;
  }

  /** One write at a time, each of a consistent state. */
  private flush(): Promise<void> {
    if (this.stopped) return this.writing;
    const files = scenarioFiles(this.state);
    this.writing = this.writing.then(() => writeAll(this.root, files)).catch(() => undefined);
    return this.writing;
  }
}

async function writeAll(root: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const [path, text] of files) {
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, text, { mode: 0o600 });
    await rename(temp, target);
  }
}

/** A small seeded generator (mulberry32): enough for a simulation, not for secrets. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
