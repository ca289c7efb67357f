import { phrase, renderPhrase, type Phrase } from '../../shared/l10n/phrase';
import { join } from 'node:path';
import { HistoryStore } from '../history/historyStore';
import type { Virtualization } from '../remote/detectVirtualization';
import type { HostFacts } from '../remote/hostFacts';
import type { CommandRunner } from '../remote/runner';
import { takeSample } from '../remote/sampler';
import { abortable } from '../ssh/abortable';
import { cancelledError, SshError } from '../ssh/sshErrors';
import { SampleTracker } from './sampleTracker';
import { asSshError, readFactsOnce } from './sessionFacts';
import { SamplingHealth, SampleFailedError } from './samplingHealth';
import { SamplingLoop } from './samplingLoop';
import { SessionHistory } from './sessionHistory';
import { forgetRefusedHostKeys, type ForgottenHostKeys } from './hostTrust';
import { openSshLink } from './sshLink';
import {
  systemClock,
  type Clock,
  type HostTarget,
  type LinkStateChange,
  type RefusedHostKey,
  type SampleView,
  type SamplingStats,
  type SessionDeps,
  type SessionLink,
  type SessionState,
} from './sessionTypes';

export type * from './sessionTypes';
export { SampleFailedError } from './samplingHealth';

type Listener<T> = (value: T) => void;

/**
 * The live session with one host: one shared connection, host facts read once per connect, then a
 * sampling loop (one `sample` exec per interval, never overlapping, slower or paused while hidden).
 * Each sample is compared with the previous one and with a baseline, reset-aware; failures are
 * counted and reported while the loop keeps trying. While the link is down the last good sample
 * stays, marked stale. No `vscode` here: prompts and logging are injected.
 */
export class HostSession {
  readonly history: HistoryStore;
  private current: SessionState = { kind: 'idle' };
  private view: SampleView | undefined;
  /** Whether the newest sample, kept or not (`keepLatest`), is stale; undefined before any sample. */
  private newestStale: boolean | undefined;
  private hostFacts: HostFacts | undefined;
  private virt: Virtualization | undefined;
  private link: SessionLink | undefined;
  private linkSub: { dispose(): void } | undefined;
  private opening: Promise<SessionLink> | undefined;
  private connecting: Promise<void> | undefined;
  /** True once facts were attempted after a connect: samples may run. */
  private ready = false;
  /** Bumped by disconnect, so work started before it cannot revive the session. */
  private generation = 0;
  private reconnectAttempt = 0;
  private disposed = false;
  /** Kept from a dropped link, so a failure can still be explained after it. */
  private lastRefusal: RefusedHostKey | undefined;
  private readonly clock: Clock;
  private readonly tracker = new SampleTracker();
  private readonly health: SamplingHealth;
  private readonly recorder: SessionHistory;
  private readonly loop: SamplingLoop<SampleView>;
  private readonly stateListeners = new Set<Listener<SessionState>>();
  private readonly sampleListeners = new Set<Listener<SampleView>>();

  constructor(
    readonly target: HostTarget,
    private readonly deps: SessionDeps,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.history = new HistoryStore(join(deps.storeDir, 'history'));
    this.health = new SamplingHealth(deps.log);
    this.recorder = new SessionHistory(this.history, target.id, target.label, deps.log);
    const s = deps.settings;
    this.loop = new SamplingLoop(() => this.sampleOnce(), this.clock, {
      visibleMs: s.sampleIntervalMs,
      hiddenMs: s.hiddenIntervalMs,
    });
  }

  get state(): SessionState {
    return this.current;
  }

  /** The newest sample; kept (marked stale) while disconnected, never blanked; undefined with `keepLatest: false`. */
  get latest(): SampleView | undefined {
    return this.view;
  }

  get facts(): HostFacts | undefined {
    return this.hostFacts;
  }

  get virtualization(): Virtualization | undefined {
    return this.virt;
  }

  /** Samples taken and failed since the session was created. */
  get samplingStats(): SamplingStats {
    return this.health.stats;
  }

  /** The last host key refused (fingerprint, reason, fixes), to explain a `hostKey*` failure. */
  get hostKeyRefusal(): RefusedHostKey | undefined {
    return this.link?.hostKeyRefusal ?? this.lastRefusal;
  }

  /**
   * "Forget Host Key": while the session has failed on a changed key, removes from our trust store
   * the keys that refusal names (hostTrust.ts); otherwise nothing. Resolves with what was removed.
   */
  forgetRefusedHostKeys(): Promise<ForgottenHostKeys[]> {
    const s = this.current;
    const changed = s.kind === 'failed' && s.error.kind === 'hostKeyChanged';
    return forgetRefusedHostKeys(this.deps.storeDir, changed ? this.hostKeyRefusal : undefined);
  }

  /** Where the host is, as the ssh config resolved it (the probes' target); undefined before connecting or for a local runner. */
  get address(): { hostName: string; port: number } | undefined {
    return this.link?.address;
  }

  onDidChangeState(listener: Listener<SessionState>): { dispose(): void } {
    this.stateListeners.add(listener);
    return { dispose: () => this.stateListeners.delete(listener) };
  }

  /** Fires for every new sample, and again when the latest one turns stale. */
  onDidSample(listener: Listener<SampleView>): { dispose(): void } {
    this.sampleListeners.add(listener);
    return { dispose: () => this.sampleListeners.delete(listener) };
  }

  /**
   * Connects, reads the host facts and starts sampling; the next sample becomes the baseline.
   * Single flight; resolves at once when already connected. Rejects with the typed `SshError`.
   * Aborting `signal` cancels the attempt (the session goes back to idle).
   */
  connect(signal?: AbortSignal): Promise<void> {
    if (this.disposed) return Promise.reject(cancelledError(phrase('Connecting to {0}', this.target.label)));
    if (this.current.kind === 'connected' && this.ready && !this.connecting) return Promise.resolve();
    this.connecting ??= this.establish().finally(() => {
      this.connecting = undefined;
    });
    return abortable(this.connecting, signal, () => {
      void this.disconnect();
      return cancelledError(phrase('Connecting to {0}', this.target.label));
    });
  }

  /** Stops sampling and closes the connection; the last sample stays, marked stale. */
  async disconnect(): Promise<void> {
    this.generation++;
    this.loop.stop();
    this.ready = false;
    this.dropLink();
    this.markStale();
    this.setState({ kind: 'idle' });
  }

  /** Takes a sample now (connecting first when idle), or joins the one in flight. */
  async sampleNow(): Promise<SampleView> {
    if (this.current.kind === 'reconnecting') {
      throw new SshError(
        'closed',
        phrase(
          '{0} is reconnecting ({1}); the last sample is kept until it is back.',
          this.target.label,
          this.current.lastErrorPhrase ?? this.current.lastError,
        ),
      );
    }
    await this.connect();
    return this.loop.runNow();
  }

  /** Sampling slows (`hiddenIntervalMs`) or pauses (null) while hidden, and catches up when shown. */
  setVisible(visible: boolean): void {
    this.loop.setVisible(visible);
  }

  /** The latest sample becomes the baseline of `sinceBaseline` (or the next one, before any sample). */
  resetBaseline(): void {
    const reset = this.tracker.baselineAtLatest();
    if (reset && this.view) this.publish({ ...this.view, ...reset });
  }

  /** The shared connection's runner (for probes' counter snapshots); it connects when needed. */
  runner(): CommandRunner {
    return {
      exec: async (req) => {
        // A cancelled request stops waiting; it does not tear down the session others share.
        await abortable(this.connect(), req.signal, () => req.signal?.reason);
        const link = this.link;
        if (!link) throw new SshError('closed', phrase('{0} was disconnected.', this.target.label));
        return this.runnerOf(link).exec(req);
      },
    };
  }

  dispose(): void {
    if (this.disposed) return;
    void this.disconnect();
    this.disposed = true;
    this.stateListeners.clear();
    this.sampleListeners.clear();
  }

  private async establish(): Promise<void> {
    const generation = this.generation;
    this.setState({ kind: 'connecting' });
    let link: SessionLink;
    try {
      link = await this.ensureLink();
      await link.connect();
    } catch (err) {
      const e = asSshError(err, this.target.label);
      if (generation === this.generation) {
        this.lastRefusal = this.link?.hostKeyRefusal;
        this.setState({
          kind: 'failed',
          error: { kind: e.kind, message: e.message, retryable: e.retryable, phrase: e.phrase },
        });
        this.markStale();
      }
      throw e;
    }
    if (generation !== this.generation) throw cancelledError(phrase('Connecting to {0}', this.target.label));
    // Already up (a second connect while reconnecting): no state event will come, so say it here.
    if (link.state === 'connected' && this.current.kind !== 'connected')
      this.setState({ kind: 'connected', sinceMs: this.clock.now() });
    this.tracker.baselineAtNextSample();
    const facts = await readFactsOnce(link, this.deps, this.target.label);
    if (facts) [this.hostFacts, this.virt] = [facts.facts, facts.virtualization];
    if (generation !== this.generation) throw cancelledError(phrase('Connecting to {0}', this.target.label));
    this.ready = true;
    if (this.deps.keepHistory !== false) this.recorder.load();
    // A (re)connect asked for fresh data: sample now rather than at the old schedule's next tick.
    if (link.state === 'connected') this.loop.start({ now: true });
  }

  private ensureLink(): Promise<SessionLink> {
    if (this.link) return Promise.resolve(this.link);
    const generation = this.generation;
    this.opening ??= (this.deps.openLink ?? openSshLink)(this.target, this.deps)
      .then((link) => {
        if (generation !== this.generation || this.disposed) {
          link.dispose();
          throw cancelledError(phrase('Connecting to {0}', this.target.label));
        }
        this.link = link;
        this.linkSub = link.onDidChangeState((e) => this.onLinkState(e));
        return link;
      })
      .finally(() => {
        this.opening = undefined;
      });
    return this.opening;
  }

  private dropLink(): void {
    const link = this.link;
    this.link = undefined;
    this.opening = undefined;
    if (link) this.lastRefusal = link.hostKeyRefusal;
    this.linkSub?.dispose();
    this.linkSub = undefined;
    link?.dispose();
  }

  private onLinkState(e: LinkStateChange): void {
    switch (e.state) {
      case 'connecting':
        this.setState({ kind: 'connecting' });
        return;
      case 'connected':
        this.reconnectAttempt = 0;
        this.setState({ kind: 'connected', sinceMs: this.clock.now() });
        // Back after an outage: the data on show is stale, so sample at once.
        if (this.ready) this.loop.start({ now: this.newestStale === true });
        return;
      case 'reconnecting':
        this.loop.stop();
        this.reconnectAttempt++;
        this.setState({
          kind: 'reconnecting',
          attempt: this.reconnectAttempt,
          nextAttemptInMs: e.retryInMs ?? 0,
          lastError: e.error?.message ?? '',
          ...(e.error?.phrase ? { lastErrorPhrase: e.error.phrase } : {}),
        });
        this.markStale();
        return;
      case 'failed':
        this.loop.stop();
        this.setState({
          kind: 'failed',
          error: e.error ?? notReachable(this.target.label),
        });
        this.markStale();
        return;
      case 'idle':
        return; // only after dispose, which `disconnect` reports itself
    }
  }

  private runnerOf(link: SessionLink): CommandRunner {
    return link.runner({ remoteWatchdog: this.hostFacts?.tools.timeoutKill ?? false });
  }

  private async sampleOnce(): Promise<SampleView> {
    const link = this.link;
    if (!link || !this.ready) throw new SshError('closed', phrase('{0} is not connected.', this.target.label));
    const s = this.deps.settings;
    const opts = {
      timeoutMs: s.timeoutMs,
      maxOutputBytes: s.maxOutputBytes,
      useSudo: s.useSudo,
      ...(this.hostFacts ? { facts: this.hostFacts } : {}),
    };
    let result: Awaited<ReturnType<typeof takeSample>>;
    try {
      result = await takeSample(this.runnerOf(link), opts);
    } catch (err) {
      const e = asSshError(err, this.target.label);
      throw this.sampleFailed(e.kind, e);
    }
    if (!result.ok) throw this.sampleFailed(result.error.reason, new SampleFailedError(result.error));
    const view = this.tracker.add(result.value, this.clock.now());
    this.health.succeeded(this.target.label);
    if (this.current.kind === 'connected' && this.current.sampleProblem)
      this.setState({ kind: 'connected', sinceMs: this.current.sinceMs });
    // A sample that finished after the link went down is still the newest data, but already stale.
    this.publish(link === this.link && this.current.kind === 'connected' ? view : { ...view, stale: true });
    if (this.deps.keepHistory !== false) this.recorder.record(view);
    return view;
  }

  /** Counts a failed sample and shows it on the state; the loop tries again at the next tick. */
  private sampleFailed(reason: string, error: Error): Error {
    const id =
      error instanceof SshError ? error.phrase : error instanceof SampleFailedError ? error.error.phrase : undefined;
    const problem = this.health.failed(reason, error.message, this.clock.now(), this.target.label, id);
    if (this.current.kind === 'connected') this.setState({ ...this.current, sampleProblem: problem });
    return error;
  }

  private markStale(): void {
    if (this.newestStale !== false) return;
    if (this.view) this.publish({ ...this.view, stale: true });
    else this.newestStale = true; // not kept: nothing to show again, but a reconnect still samples at once
  }

  private publish(view: SampleView): void {
    this.newestStale = view.stale;
    if (this.deps.keepLatest !== false) this.view = view;
    for (const l of [...this.sampleListeners]) l(view);
  }

  private setState(state: SessionState): void {
    this.current = state;
    for (const l of [...this.stateListeners]) l(state);
  }
}

/** The failure a connection reports without an error of its own. */
function notReachable(label: string): { kind: string; message: string; retryable: boolean; phrase: Phrase } {
  const p = phrase('{0} is not reachable.', label);
  return { kind: 'closed', message: renderPhrase(p), retryable: true, phrase: p };
}
