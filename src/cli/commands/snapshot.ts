import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { parseArgs } from 'node:util';
import { HostSession, type HostTarget, type RefusedHostKey, type SampleView, type SessionDeps, type SessionPrompts } from '../../core/session/hostSession';
import { SshError } from '../../core/ssh/sshErrors';
import { CliError, EXIT, type Output } from '../io';
import { askTerminal, hasTerminal } from './snapshotTty';
import { growthLine, snapshotText } from './snapshotText';

export const snapshotUsage = `vps-doctor snapshot TARGET [-F ssh_config] [--json] [--watch N] [--accept-new] [--verbose]

  Connects over SSH (your ssh config, agent and known_hosts, as \`ssh TARGET\` would) and prints
  one parsed sample: beancounters, key kernel counters, sysctls, the TCP buffer risk, the
  virtualisation with its evidence, and what needed root. Nothing is changed on the server.

  TARGET            an ssh config Host alias, or user@host[:port]
  -F FILE           read only this ssh config file (like ssh -F)
  --json            machine-readable output (with --watch: one JSON object per line)
  --watch N         sample every N seconds and print failcnt growth until Ctrl-C
  --accept-new      trust an unknown host key and record it (OpenSSH accept-new);
                    a changed key is still refused
  --verbose         also log informational messages (host key checks, facts) to stderr

  Host keys are checked against your known_hosts files and VPS Doctor's own trust store,
  $XDG_STATE_HOME/vps-doctor/known_hosts (default ~/.local/state/vps-doctor/known_hosts),
  which also holds the failcnt history. Nothing asks about host keys here: an unknown key
  ends with exit 3 and its fingerprint. A passphrase is asked on the terminal (/dev/tty,
  no echo); without a terminal, keys with a passphrase must be loaded into ssh-agent.
Exit codes: 0 ok, 1 sampling failed, 2 bad arguments or ssh config, 3 host key unknown,
  4 host key changed or revoked, 5 authentication failed, 6 unreachable or timed out.`;

/** Exit codes of this command beyond the shared ones. */
export const SNAPSHOT_EXIT = { hostKeyUnknown: 3, hostKeyRejected: 4, auth: 5, unreachable: 6, interrupted: 130 } as const;

/** Where the CLI keeps its trust store and history: XDG state dir (`$XDG_STATE_HOME` must be absolute to count). */
export function cliStateDir(env: NodeJS.ProcessEnv): string {
  const xdg = env['XDG_STATE_HOME'];
  return join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), '.local', 'state'), 'vps-doctor');
}

/** An alias stays an alias; anything with `@`, `:` or `[` is a host typed by hand. */
export function targetFor(text: string): HostTarget {
  return /[@:[]/.test(text)
    ? { id: `manual:${text}`, label: text, alias: text, source: 'settings' }
    : { id: `ssh:${text}`, label: text, alias: text, source: 'ssh-config' };
}

export interface SnapshotEnv {
  env: NodeJS.ProcessEnv;
  /** Resolves when the user interrupts (Ctrl-C); ends `--watch`. Called only in watch mode. */
  interrupted: () => Promise<void>;
}

const processEnv: SnapshotEnv = { env: process.env, interrupted: () => new Promise((resolve) => process.once('SIGINT', () => resolve())) };

export async function snapshotCommand(argv: string[], io: Output, runtime: SnapshotEnv = processEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', short: 'F' },
      json: { type: 'boolean', default: false },
      watch: { type: 'string' },
      'accept-new': { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.out(snapshotUsage);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new CliError('snapshot: exactly one TARGET is needed (try --help)', EXIT.badInput);
  const watchSeconds = values.watch === undefined ? undefined : Number(values.watch);
  if (watchSeconds !== undefined && !(Number.isInteger(watchSeconds) && watchSeconds >= 1 && watchSeconds <= 86400)) {
    throw new CliError('snapshot: --watch takes whole seconds from 1 to 86400', EXIT.badInput);
  }
  const target = targetFor(positionals[0]!);
  const deps: SessionDeps = {
    prompts: terminalPrompts(),
    log: (level, message) => {
      if (level !== 'info' || values.verbose) io.err(`${level}: ${message}`);
    },
    storeDir: cliStateDir(runtime.env),
    env: runtime.env,
    settings: {
      hostKeyChecking: values['accept-new'] ? 'accept-new' : 'ask',
      sampleIntervalMs: (watchSeconds ?? 5) * 1000,
      hiddenIntervalMs: null,
      useSudo: true,
      timeoutMs: 20_000,
      maxOutputBytes: 4 * 1024 * 1024,
      ...(values.config !== undefined ? { sshConfigFile: values.config } : {}),
    },
    // One look is not worth a long retry loop; --watch rides out a short outage (about a minute).
    sshTuning: { backoff: watchSeconds === undefined ? { maxAttempts: 0 } : { maxAttempts: 6, capMs: 30_000 } },
  };
  const session = new HostSession(target, deps);
  try {
    await session.connect();
    const first = await session.sampleNow();
    if (watchSeconds === undefined) {
      io.out(values.json ? JSON.stringify(jsonOf(first, target), null, 2) : snapshotText(first, target.label, io.isTty));
      return EXIT.ok;
    }
    return await watch(session, first, values.json, io, runtime.interrupted());
  } catch (err) {
    throw failure(err, session);
  } finally {
    session.dispose();
  }
}

/** Prints failcnt growth for every sample until interrupted; connection trouble goes to stderr meanwhile. */
async function watch(session: HostSession, first: SampleView, json: boolean, io: Output, interrupted: Promise<void>): Promise<number> {
  const print = (v: SampleView): void => io.out(json ? JSON.stringify(jsonOf(v, session.target)) : growthLine(v));
  print(first);
  let printed = first;
  session.onDidSample((v) => {
    if (v.stale || v === printed) return;
    printed = v;
    print(v);
  });
  let failed: unknown;
  const gaveUp = new Promise<void>((resolve) =>
    session.onDidChangeState((s) => {
      if (s.kind === 'reconnecting') io.err(`reconnecting (attempt ${s.attempt}, next in ${Math.round(s.nextAttemptInMs / 1000)} s): ${s.lastError}`);
      if (s.kind === 'connected' && s.sampleProblem) io.err(`sample failed: ${s.sampleProblem.message}`);
      if (s.kind === 'failed') {
        failed = new SshError(s.error.kind as SshError['kind'], s.error.message);
        resolve();
      }
    }),
  );
  await Promise.race([interrupted, gaveUp]);
  if (failed !== undefined) throw failed;
  return EXIT.ok;
}

function jsonOf(v: SampleView, target: HostTarget) {
  return {
    target: { id: target.id, alias: target.alias },
    takenAt: new Date(v.takenAtMs).toISOString(),
    deltas: v.deltas,
    assessments: v.assessments,
    ...(v.bufferRisk ? { bufferRisk: v.bufferRisk } : {}),
    snapshot: v.snapshot,
  };
}

/** Passphrases (and passwords, keyboard-interactive answers) on the terminal; no host-key questions. */
function terminalPrompts(): SessionPrompts {
  if (!hasTerminal()) return {};
  return {
    passphrase: (keyPath, wrong) => askTerminal(`${wrong ? 'Wrong passphrase. ' : ''}Enter passphrase for key '${keyPath}': `),
    password: (where, wrong) => askTerminal(`${wrong ? 'Permission denied, please try again. ' : ''}${where}'s password: `),
    keyboardInteractive: async (_where, round) => {
      const answers: string[] = [];
      for (const p of round.prompts) {
        const a = await askTerminal(p.prompt, p.echo);
        if (a === undefined) return undefined;
        answers.push(a);
      }
      return answers;
    },
  };
}

/** The typed failure as one message and this command's exit code. */
function failure(err: unknown, session: HostSession): unknown {
  if (!(err instanceof SshError)) {
    if (err instanceof Error && err.name === 'SampleFailedError') return new CliError(`snapshot: ${err.message}`, EXIT.failure);
    return err;
  }
  const refusal = session.hostKeyRefusal;
  switch (err.kind) {
    case 'hostKeyUnknown':
    case 'hostKeyDeclined':
      return new CliError(unknownKeyText(err, refusal, session.target.alias), SNAPSHOT_EXIT.hostKeyUnknown);
    case 'hostKeyChanged':
    case 'hostKeyRevoked':
      return new CliError(`snapshot: ${err.message}`, SNAPSHOT_EXIT.hostKeyRejected);
    case 'auth':
      return new CliError(`snapshot: ${err.message}${hasTerminal() ? '' : ' (No terminal: keys with a passphrase are used only through ssh-agent.)'}`, SNAPSHOT_EXIT.auth);
    case 'timeout':
    case 'refused':
    case 'unreachable':
    case 'dns':
    case 'closed':
    case 'protocol':
    case 'permission':
      return new CliError(`snapshot: ${err.message}`, SNAPSHOT_EXIT.unreachable);
    case 'cancelled':
      return new CliError(`snapshot: ${err.message}`, SNAPSHOT_EXIT.interrupted);
    case 'config':
      return new CliError(`snapshot: ${err.message}`, EXIT.badInput);
    case 'algorithm':
      return new CliError(`snapshot: ${err.message}`, EXIT.failure);
  }
}

/** OpenSSH names host key files by algorithm: ssh-ed25519 -> ssh_host_ed25519_key.pub. */
function hostKeyFile(keyType: string): string {
  const algo = keyType.startsWith('ecdsa-') ? 'ecdsa' : keyType.replace(/^ssh-/, '');
  return `/etc/ssh/ssh_host_${algo}_key.pub`;
}

function unknownKeyText(err: SshError, refusal: RefusedHostKey | undefined, alias: string): string {
  if (refusal === undefined) return `snapshot: ${err.message}`;
  const where = `${refusal.target.host}:${refusal.target.port}`;
  return [
    `snapshot: the host key of ${where} is not known: ${refusal.keyType} ${refusal.fingerprint}`,
    `  Verify it out of band: on the server (or the provider's console) run \`ssh-keygen -lf ${hostKeyFile(refusal.keyType)}\``,
    '  and compare the SHA256 fingerprint.',
    `  If it matches: run \`vps-doctor snapshot ${alias} --accept-new\` to record it in VPS Doctor's trust store,`,
    `  or log in once with \`ssh ${alias}\` and accept it there (it is then read from your known_hosts).`,
  ].join('\n');
}
