import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import {
  HostSession,
  type HostTarget,
  type RefusedHostKey,
  type SessionDeps,
  type SessionPrompts,
} from '../core/session/hostSession';
import { SshError } from '../core/ssh/sshErrors';
import { CliError, EXIT, type Output } from './io';
import { askTerminal, hasTerminal } from './commands/snapshotTty';
import { DEFAULT_SAMPLE_MAX_OUTPUT_BYTES, DEFAULT_SAMPLE_TIMEOUT_MS } from '../core/remote/sampleLimits';

/**
 * What every command that connects to a host shares: where the CLI keeps its trust store and history,
 * how a TARGET names a host, the session's settings, terminal prompts, and one mapping from typed SSH
 * failures to exit codes (0 ok, 1 failed, 2 bad input, 3 unknown host key, 4 changed/revoked key or a host
 * known only through @cert-authority, 5 auth, 6 unreachable, 130 interrupted) so scripts can treat `snapshot`, `metrics` and `diagnose` alike.
 */
/** Exit codes of the connecting commands beyond the shared ones. */
export const SESSION_EXIT = {
  hostKeyUnknown: 3,
  hostKeyRejected: 4,
  auth: 5,
  unreachable: 6,
  interrupted: 130,
} as const;

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

export interface CliSessionOptions {
  command: string;
  io: Output;
  env: NodeJS.ProcessEnv;
  configFile?: string;
  acceptNew: boolean;
  verbose?: boolean;
  /** Ask for keyboard-interactive answers and passwords too, not only passphrases. */
  allPrompts?: boolean;
  sampleIntervalMs?: number;
  /** Reconnect attempts: 0 for one-shot commands. */
  maxAttempts?: number;
  capMs?: number;
}

/** A session for a TARGET with the CLI's settings (log lines to stderr; info only with --verbose). */
export function cliSession(target: HostTarget, o: CliSessionOptions): HostSession {
  const deps: SessionDeps = {
    prompts: terminalPrompts(o.allPrompts ?? true),
    log: (level, message) => {
      if (level !== 'info' || o.verbose) o.io.err(`${level}: ${message}`);
    },
    storeDir: cliStateDir(o.env),
    env: o.env,
    settings: {
      hostKeyChecking: o.acceptNew ? 'accept-new' : 'ask',
      sampleIntervalMs: o.sampleIntervalMs ?? 5000,
      hiddenIntervalMs: null,
      useSudo: true,
      timeoutMs: DEFAULT_SAMPLE_TIMEOUT_MS,
      maxOutputBytes: DEFAULT_SAMPLE_MAX_OUTPUT_BYTES,
      ...(o.configFile !== undefined ? { sshConfigFile: o.configFile } : {}),
    },
    sshTuning: {
      backoff: o.maxAttempts
        ? { maxAttempts: o.maxAttempts, ...(o.capMs ? { capMs: o.capMs } : {}) }
        : { maxAttempts: 0 },
    },
  };
  return new HostSession(target, deps);
}

/** Passphrases (and, with `all`, passwords and keyboard-interactive answers) on the terminal; no host-key questions. */
function terminalPrompts(all: boolean): SessionPrompts {
  if (!hasTerminal()) return {};
  const passphrase: SessionPrompts['passphrase'] = (keyPath, wrong) =>
    askTerminal(`${wrong ? 'Wrong passphrase. ' : ''}Enter passphrase for key '${keyPath}': `);
  if (!all) return { passphrase };
  return {
    passphrase: (keyPath, wrong) =>
      askTerminal(`${wrong ? 'Wrong passphrase. ' : ''}Enter passphrase for key '${keyPath}': `),
    password: (where, wrong) =>
      askTerminal(`${wrong ? 'Permission denied, please try again. ' : ''}${where}'s password: `),
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

/** The typed failure as one message (prefixed with the command's name) and its exit code. */
export function sessionFailure(command: string, err: unknown, session: HostSession): unknown {
  if (!(err instanceof SshError)) {
    if (err instanceof Error && err.name === 'SampleFailedError')
      return new CliError(`${command}: ${err.message}`, EXIT.failure);
    return err;
  }
  const refusal = session.hostKeyRefusal;
  switch (err.kind) {
    case 'hostKeyUnknown':
    case 'hostKeyDeclined':
      return new CliError(unknownKeyText(command, err, refusal, session.target.alias), SESSION_EXIT.hostKeyUnknown);
    case 'hostKeyChanged':
    case 'hostKeyRevoked':
    case 'hostKeyUnsupported':
      return new CliError(`${command}: ${err.message}`, SESSION_EXIT.hostKeyRejected);
    case 'auth':
      return new CliError(
        `${command}: ${err.message}${hasTerminal() ? '' : ' (No terminal: keys with a passphrase are used only through ssh-agent.)'}`,
        SESSION_EXIT.auth,
      );
    case 'timeout':
    case 'refused':
    case 'unreachable':
    case 'dns':
    case 'closed':
    case 'protocol':
    case 'permission':
      return new CliError(`${command}: ${err.message}`, SESSION_EXIT.unreachable);
    case 'cancelled':
      return new CliError(`${command}: ${err.message}`, SESSION_EXIT.interrupted);
    case 'config':
      return new CliError(`${command}: ${err.message}`, EXIT.badInput);
    case 'algorithm':
      return new CliError(`${command}: ${err.message}`, EXIT.failure);
  }
}

/** OpenSSH names host key files by algorithm: ssh-ed25519 -> ssh_host_ed25519_key.pub. */
function hostKeyFile(keyType: string): string {
  const algo = keyType.startsWith('ecdsa-') ? 'ecdsa' : keyType.replace(/^ssh-/, '');
  return `/etc/ssh/ssh_host_${algo}_key.pub`;
}

function unknownKeyText(command: string, err: SshError, refusal: RefusedHostKey | undefined, alias: string): string {
  if (refusal === undefined) return `${command}: ${err.message}`;
  const where = `${refusal.target.host}:${refusal.target.port}`;
  return [
    `${command}: the host key of ${where} is not known: ${refusal.keyType} ${refusal.fingerprint}`,
    `  Verify it out of band: on the server (or the provider's console) run \`ssh-keygen -lf ${hostKeyFile(refusal.keyType)}\``,
    '  and compare the SHA256 fingerprint.',
    `  If it matches: run \`vps-doctor snapshot ${alias} --accept-new\` to record it in VPS Doctor's trust store,`,
    `  or log in once with \`ssh ${alias}\` and accept it there (it is then read from your known_hosts).`,
  ].join('\n');
}
