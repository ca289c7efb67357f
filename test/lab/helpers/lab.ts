/**
 * The network lab of docs/method.md §3.5: three namespaces `client -- router -- vps`, with the router playing the
 * provider's network and the vps playing the customer's server. Addresses come from 198.18.0.0/15 (reserved
 * for benchmarking) and exist only inside these namespaces, which are created with unique names per run and
 * deleted at the end together with every process the lab started (and only those).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { test, type TestContext } from 'node:test';

export const ADDR = {
  client: '198.18.1.2',
  routerClientSide: '198.18.1.1',
  routerVpsSide: '198.19.1.1',
  vps: '198.19.1.2',
} as const;

/**
 * The seed's per-source SYN limit (3/s, burst 4) on the packets to the vps's `port`, as a provider's
 * anti-SYN-flood appliance applies it (`forward` on the router) or a firewall on the host itself (`input` on
 * the vps). `fwd` is an nft keyword, so chains get other names.
 */
export const synLimit = (hook: 'forward' | 'input', chain: string, port: number): string => `
table inet lab {
  chain ${chain} {
    type filter hook ${hook} priority 0;
    ip daddr ${ADDR.vps} tcp dport ${port} tcp flags & (syn|ack) == syn meter synm { ip saddr limit rate over 3/second burst 4 packets } drop
  }
}
`;

/** The repository root: drivers run with it as cwd so `--import tsx` resolves. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

const TOOLS: { bin: string; pkg: string }[] = [
  { bin: 'ip', pkg: 'iproute2' },
  { bin: 'nft', pkg: 'nftables' },
  { bin: 'ping', pkg: 'iputils-ping' },
];

/** Why the lab cannot run here, or null when it can. */
export function labUnavailable(): string | null {
  if (process.platform !== 'linux') return 'the network lab needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'the network lab needs root (network namespaces and nftables)';
  const missing = TOOLS.filter((t) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', t.bin]).status !== 0);
  if (missing.length > 0)
    return `the network lab needs ${missing.map((t) => t.bin).join(', ')}: apt-get install ${missing.map((t) => t.pkg).join(' ')}`;
  return null;
}

/**
 * Declares a lab test. Without root or tools it skips with one line saying why, except under CI=true,
 * where a missing prerequisite is a failure (README, "Tests").
 */
export function labTest(name: string, fn: (t: TestContext) => Promise<void>, timeoutMs = 180_000): void {
  const why = labUnavailable();
  if (why !== null && process.env.CI === 'true') {
    test(name, () => {
      throw new Error(`CI=true and ${why}`);
    });
    return;
  }
  test(name, { skip: why ?? false, timeout: timeoutMs }, fn);
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an argv (no shell) to completion; rejects when it cannot start. */
export function run(argv: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: REPO,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    if (child.stdin !== null) {
      // A command that exits without reading its input must not turn into an unhandled EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.input);
    }
  });
}

/** `run` that rejects on a non-zero exit, with the command and its stderr. */
export async function must(argv: string[], input?: string): Promise<string> {
  const r = await run(argv, { input });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

export class Lab {
  readonly client: string;
  readonly router: string;
  readonly vps: string;
  private readonly started: ChildProcess[] = [];
  private readonly namespaces: string[] = [];

  private constructor(id: string) {
    this.client = `${id}-c`;
    this.router = `${id}-r`;
    this.vps = `${id}-v`;
  }

  /** Builds the three namespaces and their links; on any failure tears down what was built and rethrows. */
  static async create(): Promise<Lab> {
    const lab = new Lab(`vpsdlab-${process.pid}-${randomBytes(3).toString('hex')}`);
    live.add(lab);
    try {
      await lab.build();
      return lab;
    } catch (e) {
      await lab.close();
      throw e;
    }
  }

  private async build(): Promise<void> {
    for (const ns of [this.client, this.router, this.vps]) {
      await must(['ip', 'netns', 'add', ns]);
      this.namespaces.push(ns);
      await must(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
    }
    // The veths are created directly inside the namespaces, so no interface ever appears in the host's.
    await must([
      'ip',
      'link',
      'add',
      'c0',
      'netns',
      this.client,
      'type',
      'veth',
      'peer',
      'name',
      'r0',
      'netns',
      this.router,
    ]);
    await must([
      'ip',
      'link',
      'add',
      'r1',
      'netns',
      this.router,
      'type',
      'veth',
      'peer',
      'name',
      'v0',
      'netns',
      this.vps,
    ]);
    const links: [string, string, string][] = [
      [this.client, 'c0', `${ADDR.client}/24`],
      [this.router, 'r0', `${ADDR.routerClientSide}/24`],
      [this.router, 'r1', `${ADDR.routerVpsSide}/24`],
      [this.vps, 'v0', `${ADDR.vps}/24`],
    ];
    for (const [ns, dev, addr] of links) {
      await must(['ip', '-n', ns, 'addr', 'add', addr, 'dev', dev]);
      await must(['ip', '-n', ns, 'link', 'set', dev, 'up']);
    }
    await must(['ip', '-n', this.client, 'route', 'add', 'default', 'via', ADDR.routerClientSide]);
    await must(['ip', '-n', this.vps, 'route', 'add', 'default', 'via', ADDR.routerVpsSide]);
    await must(['ip', 'netns', 'exec', this.router, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
  }

  /** Loads an nft ruleset (the text of `nft -f`) into a namespace. */
  async nft(ns: string, ruleset: string): Promise<void> {
    await must(['ip', 'netns', 'exec', ns, 'nft', '-f', '-'], ruleset);
  }

  /** Runs a command inside a namespace to completion. */
  exec(ns: string, argv: string[], timeoutMs?: number): Promise<RunResult> {
    return run(['ip', 'netns', 'exec', ns, ...argv], { timeoutMs });
  }

  /**
   * Starts a long-running process inside a namespace and resolves once it printed `ready` on stdout.
   * `ip netns exec` execs the command, so the PID kept is the program's own.
   */
  async start(ns: string, argv: string[]): Promise<ChildProcess> {
    const child = spawn('ip', ['netns', 'exec', ns, ...argv], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    this.started.push(child);
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString('utf8');
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${argv.join(' ')} did not get ready: ${stderr.trim()}`)),
        30_000,
      );
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString('utf8');
        if (out.includes('ready\n')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr.trim()}`));
      });
    });
    return child;
  }

  /** Kills the processes this lab started (by PID) and deletes its namespaces. Safe to call twice. */
  async close(): Promise<void> {
    live.delete(this);
    for (const child of this.started.splice(0)) {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGKILL');
        await gone;
      }
    }
    for (const ns of this.namespaces.splice(0).reverse()) await run(['ip', 'netns', 'del', ns]);
  }

  /** The same, synchronously, for the process-exit safety net. */
  closeNow(): void {
    for (const child of this.started.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const ns of this.namespaces.splice(0).reverse()) spawnSync('ip', ['netns', 'del', ns]);
  }
}

/** Labs not yet closed: if the test process ends early (a crash, a timeout), they are torn down on exit. */
const live = new Set<Lab>();
process.on('exit', () => {
  for (const lab of live) lab.closeNow();
});

/** A lab for one test, closed when the test ends, also when it fails. */
export async function labFor(t: TestContext): Promise<Lab> {
  const lab = await Lab.create();
  t.after(() => lab.close());
  return lab;
}
