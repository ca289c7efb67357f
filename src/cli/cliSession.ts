import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import {
  HostSession,
  type HostTarget,
  type RefusedHostKey,
  type SessionDeps,
  type SessionPrompts,
} from '../core/session/hostSession';
import { SshError, sshErrorText } from '../core/ssh/sshErrors';
import { english, msg, sentences, type Localizer } from '../shared/l10n/localizer';
import { renderPhrase, type Phrase } from '../shared/l10n/phrase';
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
    prompts: terminalPrompts(o.allPrompts ?? true, o.io.l ?? english),
    log: (level, message, phrase) => {
      if (level !== 'info' || o.verbose) o.io.err(logLine(level, message, phrase, o.io.l ?? english));
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

const LEVELS = { info: msg('info: {0}'), warn: msg('warn: {0}'), error: msg('error: {0}') } as const;

/**
 * A session's log line on stderr: `warn: ...` as the core wrote it in English, or, when it came with a phrase,
 * in the CLI's language (lines without one, the --verbose details, stay as written).
 */
export function logLine(
  level: 'info' | 'warn' | 'error',
  message: string,
  phrase: Phrase | undefined,
  l: Localizer = english,
): string {
  return phrase === undefined ? `${level}: ${message}` : l.t(LEVELS[level], renderPhrase(phrase, l));
}

/** Passphrases (and, with `all`, passwords and keyboard-interactive answers) on the terminal; no host-key questions. */
function terminalPrompts(all: boolean, l: Localizer): SessionPrompts {
  if (!hasTerminal()) return {};
  const passphrase: SessionPrompts['passphrase'] = (keyPath, wrong) =>
    askTerminal(
      wrong
        ? l.t("Wrong passphrase. Enter passphrase for key '{0}': ", keyPath)
        : l.t("Enter passphrase for key '{0}': ", keyPath),
    );
  if (!all) return { passphrase };
  return {
    passphrase,
    password: (where, wrong) =>
      askTerminal(
        wrong ? l.t("Permission denied, please try again. {0}'s password: ", where) : l.t("{0}'s password: ", where),
      ),
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
export function sessionFailure(command: string, err: unknown, session: HostSession, l: Localizer = english): unknown {
  if (!(err instanceof SshError)) {
    if (err instanceof Error && err.name === 'SampleFailedError')
      return new CliError(
        `${command}: ${sshErrorText((err as Error & { error?: unknown }).error ?? err, l)}`,
        EXIT.failure,
      );
    return err;
  }
  const refusal = session.hostKeyRefusal;
  const text = `${command}: ${sshErrorText(err, l)}`;
  switch (err.kind) {
    case 'hostKeyUnknown':
    case 'hostKeyDeclined':
      return new CliError(unknownKeyText(command, err, refusal, session.target.alias, l), SESSION_EXIT.hostKeyUnknown);
    case 'hostKeyChanged':
    case 'hostKeyRevoked':
    case 'hostKeyUnsupported':
      return new CliError(text, SESSION_EXIT.hostKeyRejected);
    case 'auth':
      return new CliError(
        hasTerminal()
          ? text
          : sentences(l, [text, l.t('(No terminal: keys with a passphrase are used only through ssh-agent.)')]),
        SESSION_EXIT.auth,
      );
    case 'timeout':
    case 'refused':
    case 'unreachable':
    case 'dns':
    case 'closed':
    case 'protocol':
    case 'permission':
      return new CliError(text, SESSION_EXIT.unreachable);
    case 'cancelled':
      return new CliError(text, SESSION_EXIT.interrupted);
    case 'config':
      return new CliError(text, EXIT.badInput);
    case 'algorithm':
      return new CliError(text, EXIT.failure);
  }
}

/** OpenSSH names host key files by algorithm: ssh-ed25519 -> ssh_host_ed25519_key.pub. */
function hostKeyFile(keyType: string): string {
  const algo = keyType.startsWith('ecdsa-') ? 'ecdsa' : keyType.replace(/^ssh-/, '');
  return `/etc/ssh/ssh_host_${algo}_key.pub`;
}

function unknownKeyText(
  command: string,
  err: SshError,
  refusal: RefusedHostKey | undefined,
  alias: string,
  l: Localizer,
): string {
  if (refusal === undefined) return `${command}: ${sshErrorText(err, l)}`;
  const where = `${refusal.target.host}:${refusal.target.port}`;
  return [
    `${command}: ${l.t('the host key of {0} is not known: {1} {2}', where, refusal.keyType, refusal.fingerprint)}`,
    `  ${l.t("Verify it out of band: on the server (or the provider's console) run `ssh-keygen -lf {0}`", hostKeyFile(refusal.keyType))}`,
    `  ${l.t('and compare the SHA256 fingerprint.')}`,
    `  ${l.t("If it matches: run `vps-doctor snapshot {0} --accept-new` to record it in VPS Doctor's trust store,", alias)}`,
    `  ${l.t('or log in once with `ssh {0}` and accept it there (it is then read from your known_hosts).', alias)}`,
  ].join('\n');
}
