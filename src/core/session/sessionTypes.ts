import type { Phrase } from '../../shared/l10n/phrase';
import type { ResourceAssessment } from '../beancounters/assess';
import type { ResourceDelta } from '../beancounters/delta';
import type { BufferRisk } from '../kernel/bufferRiskTypes';
import type { CommandRunner } from '../remote/runner';
import type { HostSnapshot } from '../remote/snapshot';
import type { AuthPrompts } from '../ssh/authHandler';
import type { HostKeyDecision } from '../ssh/hostKeyDecision';
import type { HostKeyChecking, HostKeyPromptInfo } from '../ssh/hostKeyPolicy';
import type { SshConnectionOptions } from '../ssh/sshConnection';

/** A host the user can connect to. */
export interface HostTarget {
  /** Stable: `ssh:<alias>` or `manual:<user@host:port>`. Names the history file too. */
  id: string;
  label: string;
  /** The ssh config alias, or `user@host:port` for a host added by hand. */
  alias: string;
  source: 'ssh-config' | 'settings' | 'demo';
}

/** Why the last sample failed, while the connection itself is fine. */
export interface SampleProblem {
  /** `SampleErrorReason` (`timeout`, `outputTooLarge`, `malformed`...) or the `SshError` kind. */
  reason: string;
  /** What happened and what to do, for the user (English). */
  message: string;
  /** The same as a message id when an SSH error ended the sample (render with `sshErrorText`). */
  phrase?: Phrase;
  /** Failed samples in a row; the next successful one clears the problem. */
  consecutive: number;
  /** Local wall clock of the failure, ms since the epoch. */
  atMs: number;
}

export type SessionState =
  | { kind: 'idle' }
  | { kind: 'connecting' }
  /** `sampleProblem` is set while samples fail on a live connection (the loop keeps trying). */
  | { kind: 'connected'; sinceMs: number; sampleProblem?: SampleProblem }
  /** `lastError` is English; `lastErrorPhrase` the same as a message id (render with `sshErrorText`). */
  | { kind: 'reconnecting'; attempt: number; nextAttemptInMs: number; lastError: string; lastErrorPhrase?: Phrase }
  /** `error.message` is English; `sshErrorText(error, l)` renders it in a language from `error.phrase`. */
  | { kind: 'failed'; error: { kind: string; message: string; retryable: boolean; phrase?: Phrase } };

/** One sample, interpreted. Times are local wall-clock ms since the epoch. */
export interface SampleView {
  snapshot: HostSnapshot;
  /** Local wall clock when the sample was received. */
  takenAtMs: number;
  /** failcnt growth since the previous good sample (reset-aware: a reboot or container restart restarts the count). */
  deltas: ResourceDelta[];
  /** failcnt growth since the baseline, summed over the samples in between (so restarts in between are counted). */
  sinceBaseline: ResourceDelta[];
  /** When the baseline sample was taken. */
  baselineAtMs: number;
  /** Every container resource, assessed with `deltas`. */
  assessments: ResourceAssessment[];
  /** TCP buffer risk; absent when neither sysctls nor buffer beancounters were readable. */
  bufferRisk?: BufferRisk;
  /** True while disconnected or reconnecting: this is the last good data, `takenAtMs` tells its age. */
  stale: boolean;
}

/** Counts since the session was created; a failed sample is never dropped silently. */
export interface SamplingStats {
  /** Samples that produced a view. */
  taken: number;
  /** Samples that failed (timeout, truncated or junk output, transport error). */
  failed: number;
  /** The most recent failure, if any. */
  lastProblem?: SampleProblem;
}

/** Questions a connection may need to ask the user. Each is optional: without it the answer is "no". */
export interface SessionPrompts {
  /** Trust an unknown host key? Only a resolved `true` trusts. Without it unknown keys are refused. */
  hostKey?: (info: HostKeyPromptInfo) => Promise<boolean>;
  /** The passphrase of an encrypted IdentityFile; `undefined` = cancelled. Without it such keys need ssh-agent. */
  passphrase?: (keyPath: string, previousWasWrong: boolean) => Promise<string | undefined>;
  keyboardInteractive?: AuthPrompts['keyboardInteractive'];
  password?: (where: string, previousWasWrong: boolean) => Promise<string | undefined>;
}

export interface SessionSettings {
  hostKeyChecking: HostKeyChecking;
  /** Time between samples while visible, ms (5000 by default in the extension). */
  sampleIntervalMs: number;
  /** Time between samples while hidden, ms; null pauses sampling while hidden. */
  hiddenIntervalMs: number | null;
  /** Try `sudo -n cat /proc/user_beancounters` when it needs root (never prompts). */
  useSudo: boolean;
  /** Deadline of each remote command, ms. */
  timeoutMs: number;
  /** Output cap of each remote command (stdout and stderr each), bytes. */
  maxOutputBytes: number;
  /** Like `ssh -F`: read only this ssh config file. */
  sshConfigFile?: string;
}

/** Wall clock and timers; injectable so tests control time. */
export interface Clock {
  /** ms since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SessionDeps {
  prompts: SessionPrompts;
  /**
   * A line for the log: `message` in English (what a bug report carries); `phrase`, when given, is the same
   * line as a message id, for a front end that shows warnings in its own language (the CLI's stderr).
   */
  log: (level: 'info' | 'warn' | 'error', message: string, phrase?: Phrase) => void;
  /** Our directory: the trust store `known_hosts` and `history/`. Machine-local, never synced. */
  storeDir: string;
  settings: SessionSettings;
  /** Environment for ssh config resolution (`ssh -G`, `~`, `${VAR}`, SSH_AUTH_SOCK); default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Keepalive, connect budget, backoff and channel count of the SSH connection, overriding the ssh config. */
  sshTuning?: Pick<
    SshConnectionOptions,
    'keepaliveIntervalMs' | 'keepaliveCountMax' | 'connectTimeoutMs' | 'backoff' | 'maxChannels'
  >;
  /**
   * Keep the host's failcnt history on disk and in memory (default true). The exporter turns it off: Prometheus
   * keeps its history, and a week of it per pooled host would grow the exporter by megabytes each.
   */
  keepHistory?: boolean;
  /**
   * Keep the newest sample as `latest` (default true). The exporter turns it off: a scrape uses the sample it
   * asked for and nothing reads `latest`, while a kept one (with its assessments and the buffer risk's prose)
   * costs a pooled host about 30 KB. The tracker's state for the next sample's deltas is kept either way.
   */
  keepLatest?: boolean;
  /** How to reach the host; default: SSH (`openSshLink`). The demo passes a local runner here. */
  openLink?: LinkFactory;
  clock?: Clock;
}

/** Connection states, as the SSH connection reports them. */
export interface LinkStateChange {
  state: 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed';
  /** Why we are reconnecting or failed: an `SshError`. */
  error?: { kind: string; message: string; retryable: boolean; phrase?: Phrase };
  /** While reconnecting: the wait before the next attempt, ms. */
  retryInMs?: number;
}

/** A live way to run catalog commands on one host, with its connection state. */
export interface SessionLink {
  readonly state: LinkStateChange['state'];
  /** Connects if needed (after `failed`, starts over); concurrent callers share one attempt. Rejects with an `SshError`. */
  connect(): Promise<void>;
  /** A runner over this link; `remoteWatchdog` wraps commands in `timeout -s KILL` (only when the host has it). */
  runner(opts: { remoteWatchdog: boolean }): CommandRunner;
  /** The last host key the link refused (fingerprint, reason, fixes), for the message to the user. */
  readonly hostKeyRefusal?: RefusedHostKey;
  /** The resolved address the link connects to (HostName after the ssh config), for the probes; none for a local runner. */
  readonly address?: { hostName: string; port: number };
  onDidChangeState(listener: (e: LinkStateChange) => void): { dispose(): void };
  dispose(): void;
}

export type RefusedHostKey = Extract<HostKeyDecision, { kind: 'refused' }>;

export type LinkFactory = (target: HostTarget, deps: SessionDeps) => Promise<SessionLink>;
