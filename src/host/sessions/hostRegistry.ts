import type { HostSnapshot } from '../../core/remote/snapshot';
import type { HostTarget, SampleView, SessionLike, SessionState, Subscription } from './sessionTypes';

/** Creates a session for a target; the real one loads the session module (and ssh2) on first use. */
export type SessionFactory = (target: HostTarget) => Promise<SessionLike>;

type Listener<T> = (value: T) => void;

/**
 * The sessions of the listed hosts. A session is created only when a host is first used, once
 * (concurrent callers share the creation), and disposed when its host leaves the list. Also keeps,
 * per host, the snapshot that began the current failcnt baseline, for kernel counter growth.
 */
export class HostRegistry {
  private readonly sessions = new Map<string, SessionLike>();
  private readonly creating = new Map<string, Promise<SessionLike>>();
  private readonly subscriptions = new Map<string, Subscription[]>();
  private readonly baselines = new Map<string, { atMs: number; snapshot: HostSnapshot }>();
  private readonly changeListeners = new Set<Listener<string>>();
  private readonly sampleListeners = new Set<Listener<{ hostId: string; view: SampleView }>>();
  private readonly stateListeners = new Set<Listener<{ hostId: string; state: SessionState }>>();
  /** Hosts whose background sampling a probe has paused, with how many probes hold each. */
  private readonly held = new Map<string, number>();
  private targetList: HostTarget[] = [];
  private visible = true;
  private disposed = false;

  constructor(private readonly factory: SessionFactory) {}

  get targets(): readonly HostTarget[] {
    return this.targetList;
  }

  target(hostId: string): HostTarget | undefined {
    return this.targetList.find((t) => t.id === hostId);
  }

  /** The session of a host, if it was used. */
  session(hostId: string): SessionLike | undefined {
    return this.sessions.get(hostId);
  }

  /** The snapshot of the sample that began the host's current baseline. */
  baseline(hostId: string): HostSnapshot | undefined {
    return this.baselines.get(hostId)?.snapshot;
  }

  /** Fires with a host id whenever anything shown about that host changed. */
  onDidChangeHost(listener: Listener<string>): Subscription {
    return subscribe(this.changeListeners, listener);
  }

  onDidSample(listener: Listener<{ hostId: string; view: SampleView }>): Subscription {
    return subscribe(this.sampleListeners, listener);
  }

  onDidChangeState(listener: Listener<{ hostId: string; state: SessionState }>): Subscription {
    return subscribe(this.stateListeners, listener);
  }

  /** Replaces the host list; sessions of hosts no longer listed are disposed. */
  setTargets(targets: readonly HostTarget[]): void {
    this.targetList = [...targets];
    const keep = new Set(targets.map((t) => t.id));
    for (const id of [...this.sessions.keys()]) if (!keep.has(id)) this.drop(id);
  }

  /** The host's session, created on first use. */
  use(hostId: string): Promise<SessionLike> {
    const existing = this.sessions.get(hostId);
    if (existing !== undefined) return Promise.resolve(existing);
    const pending = this.creating.get(hostId);
    if (pending !== undefined) return pending;
    const target = this.target(hostId);
    if (target === undefined) return Promise.reject(new Error(`unknown host ${hostId}`));
    const created = this.factory(target).then(
      (s) => {
        this.creating.delete(hostId);
        if (this.disposed || this.target(hostId) === undefined) {
          s.dispose();
          throw new Error(`host ${target.label} was removed`);
        }
        this.adopt(hostId, s);
        return s;
      },
      (e: unknown) => {
        this.creating.delete(hostId);
        throw e;
      },
    );
    this.creating.set(hostId, created);
    return created;
  }

  /** Sampling slows or pauses while the view is hidden (the session decides how). */
  setVisible(visible: boolean): void {
    this.visible = visible;
    for (const [id, s] of this.sessions) s.setVisible(this.samples(id));
  }

  /**
   * Pauses the host's background sampling until the returned subscription is disposed: a diagnosis takes
   * its own samples, and the loop's would only add traffic between them (and show in the counters).
   */
  holdSampling(hostId: string): Subscription {
    this.held.set(hostId, (this.held.get(hostId) ?? 0) + 1);
    this.sessions.get(hostId)?.setVisible(false);
    let released = false;
    return {
      dispose: () => {
        if (released) return;
        released = true;
        const n = (this.held.get(hostId) ?? 1) - 1;
        if (n > 0) this.held.set(hostId, n);
        else this.held.delete(hostId);
        this.sessions.get(hostId)?.setVisible(this.samples(hostId));
      },
    };
  }

  private samples(hostId: string): boolean {
    return this.visible && !this.held.has(hostId);
  }

  /** Starts a new failcnt baseline for the host: growth counts again from the next sample. */
  resetBaseline(hostId: string): void {
    this.sessions.get(hostId)?.resetBaseline();
    this.baselines.delete(hostId);
    this.emit(this.changeListeners, hostId);
  }

  dispose(): void {
    this.disposed = true;
    for (const id of [...this.sessions.keys()]) this.drop(id);
    this.changeListeners.clear();
    this.sampleListeners.clear();
    this.stateListeners.clear();
  }

  private adopt(hostId: string, s: SessionLike): void {
    this.sessions.set(hostId, s);
    s.setVisible(this.samples(hostId));
    this.subscriptions.set(hostId, [
      s.onDidChangeState((state) => {
        this.emit(this.stateListeners, { hostId, state });
        this.emit(this.changeListeners, hostId);
      }),
      s.onDidSample((view) => {
        const kept = this.baselines.get(hostId);
        if (kept === undefined || kept.atMs !== view.baselineAtMs)
          this.baselines.set(hostId, { atMs: view.baselineAtMs, snapshot: view.snapshot });
        this.emit(this.sampleListeners, { hostId, view });
        this.emit(this.changeListeners, hostId);
      }),
    ]);
    this.emit(this.changeListeners, hostId);
  }

  private drop(hostId: string): void {
    for (const sub of this.subscriptions.get(hostId) ?? []) sub.dispose();
    this.subscriptions.delete(hostId);
    this.sessions.get(hostId)?.dispose();
    this.sessions.delete(hostId);
    this.baselines.delete(hostId);
  }

  private emit<T>(listeners: Set<Listener<T>>, value: T): void {
    for (const l of [...listeners]) l(value);
  }
}

function subscribe<T>(set: Set<Listener<T>>, listener: Listener<T>): Subscription {
  set.add(listener);
  return { dispose: () => set.delete(listener) };
}
