import { readFile } from 'node:fs/promises';
import type { ClientChannel, ParsedKey } from 'ssh2';
import type { AuthPrompts } from './authHandler';
import { ChannelQueue, type ReleaseSlot } from './channelQueue';
import { openChain, type ChainSettings, type OpenChain } from './connectChain';
import { ReconnectBackoff, type BackoffOptions } from './reconnectBackoff';
import { describeEndpoint, type HostVerifierFactory, type SshEndpoint } from './sshEndpoint';
import { cancelledError, classifySshError, SshError } from './sshErrors';
import { abortable, abortableSleep } from './abortable';
import { phrase } from '../../shared/l10n/phrase';

/** Channel-open attempts when sshd refuses a channel (MaxSessions), and the step between them in ms. */
const OPEN_TRIES = 4;
const OPEN_RETRY_MS = 50;

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

export interface ConnectionStateChange {
  state: ConnectionState;
  /** Why we are reconnecting or failed. */
  error?: SshError;
  /** While reconnecting: the wait before the next attempt, in ms. */
  retryInMs?: number;
}

export interface SshConnectionOptions {
  target: SshEndpoint;
  /** ProxyJump hops in order, each resolved from its own config. */
  jumps?: readonly SshEndpoint[];
  createHostVerifier: HostVerifierFactory;
  prompts?: AuthPrompts;
  /** Keepalive interval in ms (ServerAliveInterval × 1000); default 15000. */
  keepaliveIntervalMs?: number;
  /** Unanswered keepalives before the link counts as dead (ServerAliveCountMax); default 3. */
  keepaliveCountMax?: number;
  /** Connect-phase budget in ms, prompts excluded; default 15000. */
  connectTimeoutMs?: number;
  /** Channels open at once; the rest wait in line. Default 3 (sshd MaxSessions is 10). */
  maxChannels?: number;
  backoff?: Partial<BackoffOptions>;
  /** Waits `ms`, rejecting when `signal` aborts; injectable so tests need not wait. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  env?: Readonly<Record<string, string | undefined>>;
  platform?: string;
  readFile?: (path: string) => Promise<Buffer>;
}

/** How a remote command ended, from its `exit-status` or `exit-signal` request. */
export interface ExitStatus {
  code: number | null;
  /** Without the `SIG` prefix, e.g. `KILL`. */
  signal: string | null;
}

/** An exec channel on the shared connection, holding one of its channel slots. */
export interface OpenedChannel {
  channel: ClientChannel;
  /**
   * The exit status once the server sent it. Recorded from the moment the channel opened: in
   * one TCP read ssh2 can deliver the channel confirmation, the output and the exit status.
   */
  exit(): ExitStatus | undefined;
  /** Gives the slot back; call when the channel closed or was abandoned. */
  release: ReleaseSlot;
  /** Drops this channel's connection (if still current) and reconnects: for a channel that never closes. */
  recycle(): void;
}

/**
 * The one SSH connection to a host, shared by every sample and probe: single-flight connect,
 * keepalive, a few channels at a time, and reconnect with backoff after the link drops, never
 * after errors that retrying cannot fix (docs/security.md §1.5-§1.8).
 */
export class SshConnection {
  private current: ConnectionState = 'idle';
  private error: SshError | undefined;
  private chain: OpenChain | undefined;
  private pending: Promise<OpenChain> | undefined;
  private disposed = false;
  private readonly abort = new AbortController();
  private readonly listeners = new Set<(e: ConnectionStateChange) => void>();
  private readonly queue: ChannelQueue;
  private readonly backoff: ReconnectBackoff;
  private readonly settings: ChainSettings;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly keyCache = new Map<string, ParsedKey>();
  /** `user@host:port` of the target. */
  readonly where: string;

  constructor(opts: SshConnectionOptions) {
    this.where = describeEndpoint(opts.target);
    this.queue = new ChannelQueue(opts.maxChannels ?? 3);
    this.backoff = new ReconnectBackoff(opts.backoff);
    this.sleep = opts.sleep ?? abortableSleep;
    this.settings = {
      target: opts.target,
      jumps: opts.jumps ?? [],
      createHostVerifier: opts.createHostVerifier,
      prompts: opts.prompts ?? {},
      keepaliveIntervalMs: opts.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: opts.keepaliveCountMax ?? 3,
      connectTimeoutMs: opts.connectTimeoutMs ?? 15_000,
      env: opts.env ?? process.env,
      platform: opts.platform ?? process.platform,
      readFile: opts.readFile ?? ((p) => readFile(p)),
      keyCache: this.keyCache,
    };
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** The error behind the current `reconnecting` or `failed` state. */
  get lastError(): SshError | undefined {
    return this.error;
  }

  onDidChangeState(listener: (e: ConnectionStateChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Connects if needed; concurrent callers share one attempt. Rejects with an `SshError`. */
  async connect(): Promise<void> {
    await this.ensure();
  }

  /** After `failed`: starts over with a fresh backoff schedule (the user's "Reconnect"). */
  async reconnect(): Promise<void> {
    if (this.current === 'failed') {
      this.backoff.reset();
      this.setState({ state: 'idle' });
    }
    await this.ensure();
  }

  /**
   * Opens an exec channel, first waiting for a free slot and a live connection. `error`
   * listeners are already attached to the channel and its stderr.
   */
  async openExec(command: string, signal?: AbortSignal): Promise<OpenedChannel> {
    const release = await this.queue.acquire(signal, () => cancelledError(phrase('Waiting for a free SSH channel')));
    try {
      for (let attempt = 1; ; attempt++) {
        const chain = await abortable(this.ensure(), signal, () =>
          cancelledError(phrase('Waiting for {0}', this.where)),
        );
        try {
          const { channel, exit } = await execOn(chain, command, this.where);
          return { channel, exit, release, recycle: () => this.recycle(chain) };
        } catch (err) {
          // Seen with OpenSSH 9.2 at MaxSessions = our limit: a channel opened right after
          // another closed is refused now and then; sshd seems to free the slot only once it
          // has processed our reply to its close. A short retry covers it.
          if (!isOpenFailure(err) || attempt >= OPEN_TRIES) throw err;
          await abortable(this.sleep(OPEN_RETRY_MS * attempt, this.abort.signal), signal, () =>
            cancelledError(phrase('Waiting for {0}', this.where)),
          );
        }
      }
    } catch (err) {
      release();
      throw err;
    }
  }

  /** Closes everything; pending and later requests reject as cancelled. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort.abort();
    const chain = this.chain;
    this.chain = undefined;
    chain?.destroy();
    this.queue.rejectWaiting(cancelledError(phrase('Using {0}', this.where)));
    this.keyCache.clear();
    this.setState({ state: 'idle' });
    this.listeners.clear();
  }

  private recycle(chain: OpenChain): void {
    if (this.chain === chain) chain.destroy(); // onClosed then reconnects
  }

  private ensure(): Promise<OpenChain> {
    if (this.chain) return Promise.resolve(this.chain);
    if (this.disposed) return Promise.reject(cancelledError(phrase('Using {0}', this.where)));
    if (this.current === 'failed' && this.error) return Promise.reject(this.error);
    return this.start(undefined);
  }

  /** Single flight: one connect loop at a time. */
  private start(after: SshError | undefined): Promise<OpenChain> {
    this.pending ??= this.loop(after).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async loop(after: SshError | undefined): Promise<OpenChain> {
    let last = after;
    for (;;) {
      if (last) {
        const delay = this.disposed ? undefined : this.backoff.next(last);
        if (delay === undefined) {
          if (!this.disposed) this.setState({ state: 'failed', error: last });
          throw last;
        }
        this.setState({ state: 'reconnecting', error: last, retryInMs: delay });
        await this.sleep(delay, this.abort.signal).catch(() => undefined);
      }
      if (this.disposed) throw cancelledError(phrase('Connecting to {0}', this.where));
      if (!last) this.setState({ state: 'connecting' });
      try {
        const chain = await openChain(this.settings, this.abort.signal);
        this.adopt(chain);
        return chain;
      } catch (err) {
        last = classifySshError(err, this.where);
      }
    }
  }

  private adopt(chain: OpenChain): void {
    this.chain = chain;
    this.backoff.connected();
    this.setState({ state: 'connected' });
    chain.onClosed((err) => this.lost(chain, err));
  }

  private lost(chain: OpenChain, err: SshError): void {
    if (this.chain !== chain) return;
    this.chain = undefined;
    this.backoff.disconnected();
    if (this.disposed) return;
    // Reconnect eagerly so the next sample finds a live link; failures surface via the state.
    this.start(err).catch(() => undefined);
  }

  private setState(change: ConnectionStateChange): void {
    this.current = change.state;
    this.error = change.error;
    for (const l of [...this.listeners]) l(change);
  }
}

function isOpenFailure(err: unknown): boolean {
  return err instanceof SshError && err.detail.includes('Channel open failure');
}

function execOn(chain: OpenChain, command: string, where: string): Promise<Pick<OpenedChannel, 'channel' | 'exit'>> {
  return new Promise((resolve, reject) => {
    try {
      chain.client.exec(command, (err, channel) => {
        if (err) return reject(classifySshError(err, where));
        // An unhandled 'error' on a channel or its stderr would crash the host (§1.6).
        channel.on('error', () => undefined);
        channel.stderr.on('error', () => undefined);
        let status: ExitStatus | undefined;
        channel.on('exit', (code: unknown, signal: unknown) => {
          status = {
            code: typeof code === 'number' ? code : null,
            signal: typeof signal === 'string' ? signal.replace(/^SIG/, '') : null,
          };
        });
        resolve({ channel, exit: () => status });
      });
    } catch (err) {
      reject(classifySshError(err, where));
    }
  });
}
