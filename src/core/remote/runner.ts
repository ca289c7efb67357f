/**
 * The contract between "what to run" (the catalog) and "how it runs" (the SSH runner, or the local
 * runner for tests and the demo). Both runners validate every request with `assertValidRequest`.
 */

/** A fixed, read-only remote script from the catalog. Scripts never contain ' \ ! or a newline. */
export interface CatalogCommand {
  readonly id: string;
  readonly script: string;
}

export interface ExecRequest {
  command: CatalogCommand;
  /** Positional arguments ($1..). Only locally generated, validated tokens (e.g. a hex nonce): /^[A-Za-z0-9._-]{1,64}$/. */
  args: readonly string[];
  /** Local deadline in milliseconds: the runner settles by then whatever the remote side does. */
  timeoutMs: number;
  /** Cap in bytes for stdout and for stderr each; beyond it the channel/process is killed. */
  maxOutputBytes: number;
  /**
   * Cancel. On abort the runner kills the command and rejects with the signal's reason (an
   * `AbortError` unless the caller gave another), as Node's own APIs do, so callers can stay silent.
   */
  signal?: AbortSignal;
}

export interface ExecResult {
  /** At most `maxOutputBytes` bytes. */
  stdout: Buffer;
  /** At most `maxOutputBytes` bytes. */
  stderr: Buffer;
  /** null when the command did not exit normally (signal, killed by us, channel closed without status). */
  exitCode: number | null;
  /** Signal name without the `SIG` prefix, as SSH reports it (`KILL`), or null. */
  exitSignal: string | null;
  /** An output cap was hit: the output is incomplete. */
  truncated: boolean;
  /** The local deadline passed: the output is incomplete. */
  timedOut: boolean;
  /** Wall time from start to settling, in milliseconds. */
  durationMs: number;
}

/** Runs catalog commands. Rejects only for transport errors, invalid requests (a programming error) and abort. */
export interface CommandRunner {
  exec(req: ExecRequest): Promise<ExecResult>;
}

/** The name the script sees as `$0`. */
export const SCRIPT_NAME = 'vpsd';

/** The only shape an argument may have: it is pasted unquoted after the script (docs/security.md §4.1). */
export const ARG_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Printable ASCII without ' (ends the quoting), \ and ! (special inside single quotes in fish and
 * csh/tcsh, one of which may be the login shell that runs our command line; docs/security.md §4.1).
 * A newline is excluded for the same reason, and other control characters because nothing needs them.
 */
const SCRIPT_PATTERN = /^[\x20\x22-\x26\x28-\x5b\x5d-\x7e]+$/;

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/** Throws a `TypeError` when the command or an argument breaks the rules above (a programming error). */
export function assertValidCommand(cmd: CatalogCommand, args: readonly string[]): void {
  if (!ID_PATTERN.test(cmd.id)) throw new TypeError(`catalog command id ${JSON.stringify(cmd.id)} is not a plain word`);
  if (!SCRIPT_PATTERN.test(cmd.script)) {
    throw new TypeError(`catalog command ${cmd.id}: script must be printable ASCII without ' \\ ! or newline`);
  }
  args.forEach((arg, i) => {
    if (typeof arg !== 'string' || !ARG_PATTERN.test(arg)) {
      throw new TypeError(`catalog command ${cmd.id}: argument ${i + 1} does not match ${ARG_PATTERN}`);
    }
  });
}

/** `assertValidCommand` plus sane limits: a positive finite deadline and output cap. */
export function assertValidRequest(req: ExecRequest): void {
  assertValidCommand(req.command, req.args);
  if (!Number.isFinite(req.timeoutMs) || req.timeoutMs <= 0)
    throw new TypeError(`timeoutMs must be > 0, got ${req.timeoutMs}`);
  if (!Number.isSafeInteger(req.maxOutputBytes) || req.maxOutputBytes <= 0) {
    throw new TypeError(`maxOutputBytes must be a positive integer, got ${req.maxOutputBytes}`);
  }
}

/**
 * The exact command line sent to a remote login shell: `sh -c '<script>' vpsd <args...>`, prefixed by a
 * remote `timeout -s KILL <remoteTimeoutSeconds>` watchdog when `remoteTimeoutSeconds` > 0. Pass 0 when
 * the host has no `timeout` that accepts `-s KILL` (see `HostFacts.tools.timeoutKill`; BusyBox before
 * 1.30 spells it `-t`). Throws (programming error) if the script or an arg breaks the rules.
 */
export function renderCommandLine(cmd: CatalogCommand, args: readonly string[], remoteTimeoutSeconds: number): string {
  assertValidCommand(cmd, args);
  if (!Number.isSafeInteger(remoteTimeoutSeconds) || remoteTimeoutSeconds < 0) {
    throw new TypeError(`remoteTimeoutSeconds must be a whole number >= 0, got ${remoteTimeoutSeconds}`);
  }
  const watchdog = remoteTimeoutSeconds > 0 ? `timeout -s KILL ${remoteTimeoutSeconds} ` : '';
  return [`${watchdog}sh -c '${cmd.script}' ${SCRIPT_NAME}`, ...args].join(' ');
}
