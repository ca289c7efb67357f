/** Fakes for the host session tests: a controllable clock, a scripted host behind a runner, and a link. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SAMPLE_FILES } from '../../src/core/remote/catalog';
import type { CommandRunner, ExecRequest, ExecResult } from '../../src/core/remote/runner';
import type { Clock, LinkStateChange, SessionDeps, SessionLink } from '../../src/core/session/sessionTypes';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const SEED = readFileSync(`${fixtures}seed_user_beancounters.txt`, 'utf8');
const FACTS = readFileSync(`${fixtures}remote/captured/hostfacts-openvz-busybox.out`, 'utf8');
const FACTS_NONCE = 'c0ffee00c0ffee00c0ffee00c0ffee00';

/** Lets pending promise chains and I/O callbacks run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

/** A clock whose time moves only when the test says so; timers fire in time order. */
export class FakeClock implements Clock {
  nowMs = 1_700_000_000_000;
  private timers: { id: number; at: number; fn: () => void }[] = [];
  private nextId = 1;

  now(): number {
    return this.nowMs;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ id, at: this.nowMs + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Timers waiting, with their due time relative to now. */
  pending(): number[] {
    return this.timers.map((t) => t.at - this.nowMs).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, firing each due timer at its own time and letting its work settle. */
  async advance(ms: number): Promise<void> {
    const end = this.nowMs + ms;
    await settle();
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (next === undefined || next.at > end) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.nowMs = next.at;
      next.fn();
      await settle();
    }
    this.nowMs = end;
    await settle();
  }
}

/** The seed's beancounters with some failcnt values replaced (resource name -> failcnt). */
export function beancountersText(failcnt: Record<string, number> = {}, maxheld: Record<string, number> = {}): string {
  return SEED.split('\n')
    .map((line) => {
      const m = /^(\s*(?:\d+:)?\s*)([a-z]+)(\s+)(\d+)(\s+)(\d+)(\s+\d+\s+\d+\s+)(\d+)$/.exec(line);
      if (m === null) return line;
      const name = m[2]!;
      const held = maxheld[name] !== undefined ? String(maxheld[name]) : m[6]!;
      const fc = failcnt[name] !== undefined ? String(failcnt[name]) : m[8]!;
      return `${m[1]}${name}${m[3]}${m[4]}${m[5]}${held}${m[7]}${fc}`;
    })
    .join('\n');
}

/** What the fake host answers to the next `sample`. */
export type SampleBehaviour = 'ok' | 'junk' | 'timeout' | 'truncated' | 'transport';

/**
 * A host behind a `CommandRunner`: answers `hostFacts` with a captured OpenVZ reply and `sample`
 * with a frame built from `uptime` and `failcnt`. Records concurrency so tests can prove no overlap.
 */
export class FakeHost implements CommandRunner {
  uptime = 1000;
  failcnt: Record<string, number> = {};
  maxheld: Record<string, number> = {};
  /** Behaviours for the next samples, consumed in order; then `ok`. */
  next: SampleBehaviour[] = [];
  /** When set, samples wait for `release()` before answering. */
  hold = false;
  samples = 0;
  running = 0;
  maxRunning = 0;
  private waiting: (() => void)[] = [];

  release(): void {
    for (const w of this.waiting.splice(0)) w();
  }

  async exec(req: ExecRequest): Promise<ExecResult> {
    const nonce = req.args[0]!;
    if (req.command.id === 'hostFacts') return result(FACTS.replaceAll(FACTS_NONCE, nonce));
    this.samples++;
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      if (this.hold) await new Promise<void>((r) => this.waiting.push(r));
      const behaviour = this.next.shift() ?? 'ok';
      if (behaviour === 'transport') throw Object.assign(new Error('connection dropped'), { name: 'Error' });
      if (behaviour === 'timeout') return { ...result(''), timedOut: true, exitCode: null };
      if (behaviour === 'junk') return result(`__VPSD_${nonce} begin sample\nrandom junk\n`);
      const frame = sampleFrame(nonce, this.uptime, beancountersText(this.failcnt, this.maxheld));
      return behaviour === 'truncated' ? result(frame.slice(0, frame.length / 2)) : result(frame);
    } finally {
      this.running--;
    }
  }
}

function result(stdout: string): ExecResult {
  return {
    stdout: Buffer.from(stdout),
    stderr: Buffer.alloc(0),
    exitCode: 0,
    exitSignal: null,
    truncated: false,
    timedOut: false,
    durationMs: 1,
  };
}

const SYSCTLS: Record<string, string> = {
  'proc/sys/net/ipv4/tcp_wmem': '4096\t16384\t4194304',
  'proc/sys/net/ipv4/tcp_rmem': '4096\t87380\t4194304',
  'proc/sys/net/core/wmem_max': '133120',
  'proc/sys/net/core/rmem_max': '133120',
};

/** A `sample` reply as the catalog script prints it: uptime, beancounters and buffer sysctls; the rest missing. */
export function sampleFrame(nonce: string, uptime: number, beancounters: string): string {
  const mark = `__VPSD_${nonce}`;
  const lines = [`${mark} begin sample`, `${mark} section proc`];
  for (const file of SAMPLE_FILES) {
    if (file === 'proc/uptime') lines.push(`${file}:${uptime.toFixed(2)} 100.00`);
    else if (file === 'proc/user_beancounters')
      lines.push(
        ...beancounters
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => `${file}:${l}`),
      );
    else if (SYSCTLS[file] !== undefined) lines.push(`${file}:${SYSCTLS[file]}`);
    else lines.push(`grep: ${file}: No such file or directory`);
  }
  lines.push(`${mark} close 2`, `${mark} end`, '');
  return lines.join('\n');
}

/** A link that is up when asked, and whose state the test can drive. */
export class FakeLink implements SessionLink {
  state: LinkStateChange['state'] = 'idle';
  connects = 0;
  disposed = false;
  private readonly listeners = new Set<(e: LinkStateChange) => void>();

  constructor(readonly host: FakeHost) {}

  async connect(): Promise<void> {
    this.connects++;
    if (this.state !== 'connected') {
      this.emit({ state: 'connecting' });
      this.emit({ state: 'connected' });
    }
  }

  runner(): CommandRunner {
    return this.host;
  }

  onDidChangeState(listener: (e: LinkStateChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  emit(change: LinkStateChange): void {
    this.state = change.state;
    for (const l of [...this.listeners]) l(change);
  }

  dispose(): void {
    this.disposed = true;
  }
}

/** Session deps over a fake link and clock; `logs` collects every log line. */
export function fakeDeps(
  storeDir: string,
  link: FakeLink,
  clock: FakeClock,
  over: Partial<SessionDeps['settings']> = {},
) {
  const logs: { level: string; message: string }[] = [];
  const deps: SessionDeps = {
    prompts: {},
    log: (level, message) => logs.push({ level, message }),
    storeDir,
    settings: {
      hostKeyChecking: 'ask',
      sampleIntervalMs: 5000,
      hiddenIntervalMs: null,
      useSudo: false,
      timeoutMs: 10_000,
      maxOutputBytes: 1 << 20,
      ...over,
    },
    openLink: async () => link,
    clock,
  };
  return { deps, logs };
}
