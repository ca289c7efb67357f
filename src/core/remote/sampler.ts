import { phrase, type Phrase } from '../../shared/l10n/phrase';
import { randomBytes } from 'node:crypto';
import type { Result } from '../result';
import { HOST_FACTS, SAMPLE } from './catalog';
import { parseHostFacts, type HostFacts } from './hostFacts';
import { parseSample } from './parseSample';
import type { CommandRunner, ExecResult } from './runner';
import { sampleError, type SampleError } from './sampleError';
import { buildSnapshot, type HostSnapshot } from './snapshot';

export interface RunOptions {
  /** Local deadline for the whole command, milliseconds. */
  timeoutMs: number;
  /** Cap for stdout and for stderr each, bytes. */
  maxOutputBytes: number;
  signal?: AbortSignal;
}

export interface SampleOptions extends RunOptions {
  /** When /proc/user_beancounters needs root, try `sudo -n` (never prompts). */
  useSudo: boolean;
  /** The host's facts from `readHostFacts`, to attach with the virtualisation verdict. */
  facts?: HostFacts;
}

/** 128 bits from the OS CSPRNG, so no file content or process name can forge a marker. */
const newNonce = (): string => randomBytes(16).toString('hex');

/**
 * Takes one snapshot: runs the `sample` catalog command once, parses its marked output and builds the
 * snapshot. Remote trouble (timeouts, floods, junk, truncation, non-zero exits) comes back as a typed
 * `SampleError`; only the runner's own transport errors and aborts reject.
 */
export async function takeSample(
  runner: CommandRunner,
  opts: SampleOptions,
): Promise<Result<HostSnapshot, SampleError>> {
  const nonce = newNonce();
  const result = await runner.exec({
    command: SAMPLE,
    args: [nonce, opts.useSudo ? 'sudo' : 'nosudo'],
    ...execLimits(opts),
  });
  const raw = judge(result, opts, parseSample(result.stdout, nonce));
  return raw.ok ? { ok: true, value: buildSnapshot(raw.value, opts.facts) } : raw;
}

/** Runs `hostFacts` once after connecting: kernel, virtualisation evidence, available tools. */
export async function readHostFacts(runner: CommandRunner, opts: RunOptions): Promise<Result<HostFacts, SampleError>> {
  const nonce = newNonce();
  const result = await runner.exec({ command: HOST_FACTS, args: [nonce], ...execLimits(opts) });
  return judge(result, opts, parseHostFacts(result.stdout, nonce));
}

function execLimits(opts: RunOptions) {
  return {
    timeoutMs: opts.timeoutMs,
    maxOutputBytes: opts.maxOutputBytes,
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
}

/**
 * Incomplete output is never parsed as complete: a timeout or a cap wins over whatever the parser
 * made of the partial text. A failed exit with no start marker is reported as the environment
 * problem it most likely is (no `sh`, a ForceCommand).
 */
function judge<T>(result: ExecResult, opts: RunOptions, parsed: Result<T, SampleError>): Result<T, SampleError> {
  if (result.timedOut) {
    return sampleError(
      'timeout',
      phrase(
        'The server did not finish within {0} s, so the sample was abandoned. It may be overloaded or the connection stalled: try again, or raise the time limit.',
        Math.round(opts.timeoutMs / 1000),
      ),
    );
  }
  if (result.truncated) {
    return sampleError(
      'outputTooLarge',
      phrase(
        'The output passed the limit of {0} bytes and was cut off. Raise the output limit (a host node with many containers prints a long beancounters file).',
        opts.maxOutputBytes,
      ),
    );
  }
  if (result.exitCode === 0) return parsed;
  if (!parsed.ok && (parsed.error.reason === 'unexpectedEnvironment' || parsed.error.reason === 'wrongNonce'))
    return parsed;
  return sampleError(
    'exitStatus',
    phrase(
      "{0}{1}. The output may be incomplete, so it was discarded. Sample again; if it repeats, check the account's shell on the server.",
      exitText(result),
      stderrText(result.stderr),
    ),
  );
}

function exitText(r: ExecResult): Phrase {
  if (r.exitSignal !== null) return phrase('The remote command was killed by signal {0}', r.exitSignal);
  if (r.exitCode === null) return phrase('The remote command ended without an exit status');
  // 137 = 128 + SIGKILL: our remote `timeout -s KILL` watchdog or the OOM killer (docs/security.md §4.2).
  if (r.exitCode === 137)
    return phrase('The remote command was killed (exit status 137: the remote time limit or the out-of-memory killer)');
  return phrase('The remote command ended with exit status {0}', r.exitCode);
}

function stderrText(stderr: Buffer): string {
  const line = stderr
    .toString('utf8')
    .split('\n')
    .find((l) => l.trim() !== '');
  return line === undefined ? '' : ` (${line.trim().slice(0, 200)})`;
}
