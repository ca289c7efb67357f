import ping, { type PingConfig } from 'ping';
import { phrase, renderPhrase, verbatim, type Phrase } from '../../shared/l10n/phrase';
import { parseErrorPhrase, type ParseError } from '../result';
import { abortable } from '../ssh/abortable';
import { busyBoxPingOnPath, pingConfig, pingPlatformFor } from './pingCommand';
import { parsePingOutput } from './pingParse';
import type { PingPlatform, PingResult } from './pingResult';
import { DEFAULT_PING_COUNT } from './pingLimits';

export { parsePingOutput } from './pingParse';
export type { ParsedPing, PingPlatform, PingResult } from './pingResult';

export type PingErrorReason =
  /** The options were out of range, or the host could be read as a flag. */
  | 'options'
  /** No system ping we can drive here (AIX). */
  | 'platform'
  /** The ping program could not be started (missing, not executable). */
  | 'spawn'
  /** Ping ran but its output does not add up; `parse` names the line and `raw` holds the text. */
  | 'output';

export class PingError extends Error {
  readonly reason: PingErrorReason;
  readonly parse: ParseError | undefined;
  readonly raw: string;
  /** The message as an id plus parameters, for a front end's language; `message` stays English. */
  readonly phrase: Phrase;

  constructor(reason: PingErrorReason, text: string | Phrase, opts: { parse?: ParseError; raw?: string } = {}) {
    const p = typeof text === 'string' ? verbatim(text) : text;
    super(renderPhrase(p));
    this.phrase = p;
    this.name = 'PingError';
    this.reason = reason;
    this.parse = opts.parse;
    this.raw = opts.raw ?? '';
  }
}

export interface RunPingOptions {
  /** An IP literal or a host name. Anything that could pass for a flag is refused. */
  host: string;
  /** Echo requests, 1..65535; default 100 (docs/method.md §4.1: ≥ 100 for a claim about a few percent). */
  count?: number;
  /** Seconds between probes; default 0.2 (1 on macOS, which restricts shorter ones). Not settable on Windows (1 s). */
  intervalSeconds?: number;
  /** Whole seconds to wait for each reply, 1..60; default 2. */
  timeoutSeconds?: number;
  /**
   * Cancels the run: the promise rejects with the signal's reason at once. The `ping` package exposes no child
   * process, so the child itself runs on, silently, until its deadline (see `pingDeadlineSeconds`); its output
   * is discarded.
   */
  signal?: AbortSignal;
  /**
   * Called once per probe in send order, with the round trip in ms or null when it was lost. The package hands
   * over the output only when ping exits, so these calls come together at the end, not live.
   */
  onReply?: (seq: number, rttMs: number | null) => void;
}

/** The parts of the machine `runPing` touches, replaceable in tests. */
export interface PingDeps {
  platform: PingPlatform | null;
  /** The `ping` package's `promise.probe`; only its raw `output` is used. */
  probe: (host: string, config: PingConfig) => Promise<{ output: string }>;
}

const HOST = /^[A-Za-z0-9._:%-]{1,253}$/;

function checkOptions(
  o: RunPingOptions,
  platform: PingPlatform,
): { count: number; intervalSeconds: number; timeoutSeconds: number } {
  const count = o.count ?? DEFAULT_PING_COUNT;
  const intervalSeconds = o.intervalSeconds ?? (platform === 'darwin' ? 1 : 0.2);
  const timeoutSeconds = o.timeoutSeconds ?? 2;
  // The host is ping's last argument: "-f" would be read as flood mode, not as a name.
  if (!HOST.test(o.host) || o.host.startsWith('-'))
    throw new PingError('options', phrase('Not a host name or IP address: {0}', JSON.stringify(o.host)));
  if (!Number.isInteger(count) || count < 1 || count > 65535)
    throw new PingError('options', phrase('The probe count must be 1..65535, got {0}', count));
  if (!(intervalSeconds > 0 && intervalSeconds <= 60))
    throw new PingError('options', phrase('The interval must be in (0, 60] s, got {0}', intervalSeconds));
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 60) {
    throw new PingError('options', phrase('The timeout must be 1..60 whole seconds, got {0}', timeoutSeconds));
  }
  return { count, intervalSeconds, timeoutSeconds };
}

/** `runPing` with the machine injected. */
export async function runPingWith(deps: PingDeps, opts: RunPingOptions): Promise<PingResult> {
  if (deps.platform === null) throw new PingError('platform', phrase('No supported ping on {0}', process.platform));
  const plan = { host: opts.host, ...checkOptions(opts, deps.platform) };
  opts.signal?.throwIfAborted();
  const reason = (): unknown => opts.signal?.reason;
  let output: string;
  try {
    output = (await abortable(deps.probe(opts.host, pingConfig(deps.platform, plan)), opts.signal, reason)).output;
  } catch (e) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    throw new PingError('spawn', phrase('Could not run ping: {0}', e instanceof Error ? e.message : String(e)));
  }
  const parsed = parsePingOutput(output, deps.platform, plan.count);
  if (!parsed.ok)
    throw new PingError('output', phrase('Ping output not understood: {0}', parseErrorPhrase(parsed.error)), {
      parse: parsed.error,
      raw: output,
    });
  const result: PingResult = { host: opts.host, ...parsed.value };
  if (opts.onReply) {
    const timeline = [...result.replies, ...result.lostSeqs.map((seq) => ({ seq, rttMs: null }))].sort(
      (a, b) => a.seq - b.seq,
    );
    for (const p of timeline) opts.onReply(p.seq, p.rttMs);
  }
  return result;
}

/**
 * Pings `host` N times through the system ping, driven by the `ping` package (its executable choice and flag
 * building per platform, docs/method.md §4.3), and computes loss with a Wilson interval, loss runs and
 * RTT statistics from the per-probe lines.
 *
 * Locale: the package runs ping with LANG=C and offers no way to pass an environment, so a user's LC_ALL or
 * LC_MESSAGES still wins and NLS builds print translated text; the parser is written for that (§4.3).
 *
 * @throws PingError for bad options, no ping program, or output that does not add up; the signal's reason when
 *   cancelled.
 */
export function runPing(opts: RunPingOptions): Promise<PingResult> {
  const platform = pingPlatformFor(process.platform, busyBoxPingOnPath);
  return runPingWith({ platform, probe: (host, config) => ping.promise.probe(host, config) }, opts);
}
