/**
 * A real sshd whose logins read a fake OpenVZ proc tree (`SetEnv VPSD_ROOT`), an ssh config that
 * reaches it, and a way to rewrite the served beancounters between samples.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFakeRoot } from '../unit/remoteFixtures';
import { Sshd, type SshdOptions } from './helpers/sshd';

export interface SnapshotLab {
  sshd: Sshd;
  root: string;
  /** Temp dir for configs, known_hosts files and the CLI's state dir. */
  dir: string;
  dispose(): Promise<void>;
}

export async function startLab(opts: Pick<SshdOptions, 'hostKeyTypes'> = {}): Promise<SnapshotLab> {
  const root = makeFakeRoot('openvz-root');
  const sshd = await Sshd.start({ ...opts, extraConfig: [`SetEnv VPSD_ROOT=${root}`] });
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-snapshot-'));
  return {
    sshd,
    root,
    dir,
    dispose: async () => {
      await sshd.dispose();
      rmSync(root, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sets the failcnt of one resource in the served beancounters and moves uptime on by `seconds`. */
export function bumpFailcnt(lab: SnapshotLab, resource: string, failcnt: number, seconds = 5): void {
  const path = join(lab.root, 'proc/user_beancounters');
  const text = readFileSync(path, 'utf8').replace(
    new RegExp(`^(\\s*(?:\\d+:)?\\s*${resource}\\s.*\\s)(\\d+)$`, 'm'),
    (_m, head: string) => `${head}${failcnt}`,
  );
  writeFileSync(path, text);
  const uptimePath = join(lab.root, 'proc/uptime');
  const [up, idle] = readFileSync(uptimePath, 'utf8').trim().split(/\s+/).map(Number);
  writeFileSync(uptimePath, `${(up! + seconds).toFixed(2)} ${idle!.toFixed(2)}\n`);
}

export interface ConfigOptions {
  port?: number;
  identityFile?: string;
  knownHosts?: string;
  /** GlobalKnownHostsFile (default `none`). */
  globalKnownHosts?: string;
}

/** Writes an ssh config with `Host vpsd-test` pointing at the lab's sshd; returns its path. */
export function writeSshConfig(lab: SnapshotLab, name: string, opts: ConfigOptions = {}): string {
  const path = join(lab.dir, name);
  writeFileSync(
    path,
    [
      'Host vpsd-test',
      '  HostName 127.0.0.1',
      `  Port ${opts.port ?? lab.sshd.port}`,
      `  User ${lab.sshd.user}`,
      `  IdentityFile ${opts.identityFile ?? lab.sshd.clientKeyPath}`,
      '  IdentitiesOnly yes',
      '  IdentityAgent none',
      `  UserKnownHostsFile ${opts.knownHosts ?? join(lab.dir, 'known_hosts')}`,
      `  GlobalKnownHostsFile ${opts.globalKnownHosts ?? 'none'}`,
      '',
    ].join('\n'),
  );
  return path;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

const CLI = new URL('../../src/cli/main.ts', import.meta.url).pathname;

/** Runs `vps-doctor` from source with tsx, without a terminal, with our state dir under `stateHome`. */
export function runCli(
  args: readonly string[],
  stateHome: string,
  onOut?: (text: string, child: ReturnType<typeof spawn>) => void,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, XDG_STATE_HOME: stateHome, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A new session has no controlling terminal, so the CLI never prompts on the developer's.
      detached: true,
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      out += t;
      onOut?.(out, child);
    });
    child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

/**
 * Runs `vps-doctor` on a pseudo-terminal (util-linux `script`), typing `answer` when `prompt`
 * appears. Returns everything the terminal showed.
 */
export function runCliOnTerminal(
  args: readonly string[],
  stateHome: string,
  prompt: RegExp,
  answer: string,
): Promise<{ code: number | null; screen: string }> {
  const quote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, '--import', 'tsx', CLI, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { ...process.env, XDG_STATE_HOME: stateHome, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    let typed = false;
    const onData = (t: string): void => {
      screen += t;
      if (!typed && prompt.test(screen)) {
        typed = true;
        child.stdin.write(`${answer}\r`);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, screen }));
  });
}
