/**
 * A real OpenSSH sshd on 127.0.0.1 for integration tests (recipe: docs/security.md §5.2).
 * Each instance lives in its own temp dir with generated host keys, client key and config. As
 * root it logs in a dedicated non-root user (root sessions refuse `signal` on OpenSSH < 10);
 * otherwise the current user. It only ever kills the sshd it started and that sshd's children.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** The login used by the tests when they run as root. */
export const TEST_USER = 'vpsdtest';

const SBIN_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin', '/usr/bin', '/usr/local/bin'];

/** The absolute path of sshd (it refuses to re-exec otherwise), or undefined. */
export function findSshd(): string | undefined {
  return SBIN_DIRS.map((d) => join(d, 'sshd')).find((p) => existsSync(p));
}

/**
 * `false` when sshd tests can run, else the one-line reason to skip. Under CI=true nothing may
 * skip: the tests then run and fail loudly in `startSshd`.
 */
export function sshdSkip(): string | false {
  if (findSshd() && commandExists('ssh-keygen')) return false;
  if (process.env.CI === 'true') return false;
  return 'sshd or ssh-keygen not installed (apt-get install openssh-server openssh-client)';
}

function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/** Runs a tool and throws with its stderr when it fails. */
export function run(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv, input?: string): string {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: env ?? process.env,
    ...(input !== undefined ? { input } : {}),
  });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr || r.error?.message}`);
  return r.stdout;
}

/** Generates a key pair at `path` (and `path.pub`). */
export function generateKey(path: string, passphrase = '', type = 'ed25519'): void {
  rmSync(path, { force: true });
  rmSync(`${path}.pub`, { force: true });
  run('ssh-keygen', ['-q', '-t', type, '-N', passphrase, '-C', 'vps-doctor-test', '-f', path]);
}

/** The SSH wire-format public key of a `.pub` file. */
export function publicBlob(pubPath: string): Buffer {
  return Buffer.from(readFileSync(pubPath, 'utf8').trim().split(/\s+/)[1], 'base64');
}

/** A TCP port that was free a moment ago (sshd has no port 0; we retry when it is taken). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** The user sshd logs in: a dedicated unprivileged account as root, ourselves otherwise. */
function loginUser(): string {
  if (process.getuid?.() !== 0) return userInfo().username;
  if (spawnSync('id', ['-u', TEST_USER]).status !== 0) run('useradd', ['-m', '-s', '/bin/sh', TEST_USER]);
  // useradd leaves the account locked, and with UsePAM no sshd refuses a locked account.
  run('usermod', ['-p', '*', TEST_USER]);
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // privilege-separation directory
  return TEST_USER;
}

/** A host key type as `ssh-keygen -t` names it (ecdsa is P-256). */
export type HostKeyType = 'ed25519' | 'ecdsa' | 'rsa';

export interface SshdOptions {
  /** The host keys sshd serves, one `HostKey` line each (default: ed25519 only). */
  hostKeyTypes?: readonly HostKeyType[];
  /** Extra sshd_config lines, e.g. `MaxSessions 3` or `PasswordAuthentication yes`; written first, so they win (no `Match` blocks). */
  extraConfig?: readonly string[];
  /** Where to listen (default 127.0.0.1), e.g. the lab vps's address. */
  listenAddress?: string;
  /** A command prefix sshd runs under, e.g. `['ip', 'netns', 'exec', ns]`; it must exec sshd (same PID). */
  wrap?: readonly string[];
}

export class Sshd {
  private child: ChildProcess | undefined;
  private stderr = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly user: string,
    private readonly options: SshdOptions,
  ) {}

  get host(): string {
    return this.options.listenAddress ?? '127.0.0.1';
  }

  /** The authorized client key (unencrypted ed25519). */
  get clientKeyPath(): string {
    return join(this.dir, 'client_ed25519');
  }

  /** The host key types served, in `HostKey` order. */
  get hostKeyTypes(): readonly HostKeyType[] {
    return hostKeyTypesOf(this.options);
  }

  /** The private host key of `type` (default: the first served); its public key is `<path>.pub`. */
  hostKeyPath(type: HostKeyType = this.hostKeyTypes[0]!): string {
    return join(this.dir, `host_${type}`);
  }

  /** The current host key's wire-format blob. */
  hostKeyBlob(type?: HostKeyType): Buffer {
    return publicBlob(`${this.hostKeyPath(type)}.pub`);
  }

  /** The known_hosts line for a host key as seen through `port` (the proxy's, or ours). */
  knownHostsLine(port = this.port, type?: HostKeyType): string {
    const [keyType, b64] = readFileSync(`${this.hostKeyPath(type)}.pub`, 'utf8')
      .trim()
      .split(/\s+/);
    return `[${this.host}]:${port} ${keyType} ${b64}\n`;
  }

  /** Lets the key with this `.pub` file log in. */
  authorize(pubPath: string): void {
    appendFileSync(join(this.dir, 'authorized_keys'), readFileSync(pubPath));
  }

  /** What sshd printed (LogLevel VERBOSE), for failure messages. */
  log(): string {
    return this.stderr;
  }

  static async start(options: SshdOptions = {}): Promise<Sshd> {
    const sshd = findSshd();
    if (!sshd) throw new Error('sshd is not installed: apt-get install -y openssh-server openssh-client');
    const user = loginUser();
    const dir = mkdtempSync(join(tmpdir(), 'vpsd-sshd-'));
    chmodSync(dir, 0o755); // the login user reads authorized_keys with its own uid
    for (const type of hostKeyTypesOf(options)) generateKey(join(dir, `host_${type}`), '', type);
    generateKey(join(dir, 'client_ed25519'));
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_ed25519.pub')), { mode: 0o644 });
    for (let tries = 0; ; tries++) {
      const s = new Sshd(dir, await freePort(), user, options);
      try {
        await s.launch(sshd);
        return s;
      } catch (e) {
        if (tries >= 4 || !/Address already in use/.test(String(e))) throw e;
      }
    }
  }

  /** Stops sshd and its sessions, optionally makes new host keys, and starts again on the same port. */
  async restart(opts: { newHostKey?: boolean } = {}): Promise<void> {
    await this.stop();
    if (opts.newHostKey) for (const type of this.hostKeyTypes) generateKey(this.hostKeyPath(type), '', type);
    const sshd = findSshd()!;
    for (let tries = 0; ; tries++) {
      try {
        return await this.launch(sshd);
      } catch (e) {
        // The old listener's port can linger for a moment.
        if (tries >= 20 || !/Address already in use/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Kills the sessions this sshd forked, then sshd itself, and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.pid === undefined) return;
    for (const pid of descendants(child.pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }

  /** Stops sshd and removes its temp dir. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private writeConfig(): string {
    const cfg = join(this.dir, 'sshd_config');
    // sshd keeps the first value of a keyword, so the test's own lines come first and win.
    const lines = [
      ...(this.options.extraConfig ?? []),
      `ListenAddress ${this.host}`,
      `Port ${this.port}`,
      ...this.hostKeyTypes.map((type) => `HostKey ${this.hostKeyPath(type)}`),
      `PidFile ${join(this.dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(this.dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin no',
      'LogLevel VERBOSE',
    ];
    writeFileSync(cfg, lines.join('\n') + '\n');
    return cfg;
  }

  private launch(sshd: string): Promise<void> {
    const cfg = this.writeConfig();
    this.stderr = '';
    const [cmd, ...args] = [...(this.options.wrap ?? []), sshd, '-D', '-e', '-f', cfg];
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    return new Promise<void>((resolve, reject) => {
      const onExit = (code: number | null): void =>
        reject(new Error(`sshd exited (${code}) before listening:\n${this.stderr}`));
      child.once('exit', onExit);
      child.once('error', reject);
      child.stderr!.setEncoding('utf8').on('data', (text: string) => {
        // Bounded: a long test must not hold megabytes of log.
        this.stderr = (this.stderr + text).slice(-200_000);
        if (this.stderr.includes(`Server listening on ${this.host} port ${this.port}`)) {
          child.off('exit', onExit);
          this.child = child;
          resolve();
        }
      });
    });
  }
}

function hostKeyTypesOf(options: SshdOptions): readonly HostKeyType[] {
  return options.hostKeyTypes !== undefined && options.hostKeyTypes.length > 0 ? options.hostKeyTypes : ['ed25519'];
}

/** PIDs whose parent chain leads to `root` (Linux /proc; elsewhere none). */
function descendants(root: number): number[] {
  if (!existsSync('/proc')) return [];
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // comm may contain spaces and parentheses: fields start after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(name), ppid);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const walk = (pid: number): void => {
    for (const [child, ppid] of parent) {
      if (ppid === pid) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return found;
}
