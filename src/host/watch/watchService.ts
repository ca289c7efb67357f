import * as vscode from 'vscode';
import { sshErrorText } from '../../core/ssh/sshErrors';
import { systemClock } from '../../core/watch/watchClock';
import type { WatchHistory } from '../../core/watch/watchHistory';
import type { WatchRound } from '../../core/watch/watchRound';
import { timelineView } from '../../core/watch/timelineView';
import { listDemo } from '../demo/demoCommands';
import { DEMO_HOST_ID } from '../demo/demoTarget';
import { loadLazy } from '../lazyLoad';
import type { ServiceProbeHost } from '../probes/probeHost';
import type { ProbeServices } from '../probes/probeServices';
import { lastRoundWord, watchItemText, watchNotice, type NoticeState } from './watchNotice';
import { watchPlanFor } from './watchPlan';
import { readWatchIntervalMinutes } from '../settings';
import { displayLocalizer } from '../l10n';

/** The hosts being watched, in the extension's global state: a window reload restarts their watches. */
export const WATCHED_KEY = 'vpsDoctor.watch.hosts';

interface Running {
  label: string;
  abort: AbortController;
  last?: WatchRound;
  notice: NoticeState;
}

/**
 * The watches of this window: one per host, several hosts at once, each a `runWatch` over the host's session
 * (docs/method.md §3.6) whose rounds go into the host's watch history. The tree shows which hosts are watched
 * and their last verdict, a status bar item counts them, and one notification comes when a host turns from
 * healthy to a problem and one when it recovers. Watches run in the extension host and end with it (no
 * daemon); the set of watched hosts is kept so that the next window starts them again.
 */
export class WatchService implements vscode.Disposable {
  private readonly running = new Map<string, Running>();
  private readonly item = vscode.window.createStatusBarItem('vpsDoctor.watch', vscode.StatusBarAlignment.Left, 49);
  private history: WatchHistory | undefined;
  private readonly hostsChanged: { dispose(): void };

  constructor(
    private readonly s: ProbeServices,
    /** Where the watch history lives (`<storeDir>/watch`). */
    private readonly storeDir: string,
  ) {
    this.item.name = vscode.l10n.t('VPS Doctor watches');
    this.item.command = 'vpsDoctor.watch.manage';
    // Once hosts are listed, the item offers Start Watching even before any watch runs.
    this.hostsChanged = s.registry.onDidChangeHost(() => this.renderItem());
  }

  isWatching(hostId: string): boolean {
    return this.running.has(hostId);
  }

  /** Watched hosts with their labels and last rounds. */
  get watches(): { hostId: string; label: string; last?: WatchRound }[] {
    return [...this.running].map(([hostId, r]) => ({ hostId, label: r.label, ...(r.last ? { last: r.last } : {}) }));
  }

  /** The host's stored rounds, oldest first. */
  async timeline(hostId: string): Promise<WatchRound[]> {
    return (await this.store()).read(hostId).then((t) => t.rounds);
  }

  /** Opens the host's watch timeline in its report panel (stored rounds; a running watch keeps it current). */
  async showTimeline(hostId: string, label: string, reveal = true): Promise<void> {
    const rounds = await this.timeline(hostId);
    this.s.views.showTimeline(hostId, label, timelineView(label, rounds, undefined, displayLocalizer()), reveal);
  }

  /** Starts watching a connected host (no-op when it is already watched) and remembers it. */
  async start(h: ServiceProbeHost): Promise<void> {
    if (this.running.has(h.hostId)) return;
    const { plan, warning } = watchPlanFor(h.demo, readWatchIntervalMinutes());
    if (warning !== undefined) this.s.log.warn(`${h.label}: ${warning}`);
    const lazy = await loadLazy();
    const store = await this.store();
    const earlier = await store.read(h.hostId);
    if (earlier.recovered)
      this.s.log.warn(
        `${h.label}: the watch history was damaged (${earlier.recovered.reason}); moved to ${earlier.recovered.movedTo}, its readable rounds kept.`,
      );
    const run: Running = { label: h.label, abort: new AbortController(), notice: 'none' };
    const last = earlier.rounds.at(-1);
    if (last) run.last = last;
    this.running.set(h.hostId, run);
    await this.remember(h.hostId, true);
    this.render(h.hostId);
    this.s.log.info(
      `${h.label}: watching ${h.address}:${h.target.port} every ${plan.intervalMs / 60_000} min: ${plan.connectionsPerRound} new connections a round, at most ${plan.connectionsPerHour} an hour (cap ${plan.maxConnectionsPerHour}).`,
    );
    const round = lazy.sessionRound(h.session, {
      plan,
      port: h.target.port,
      probeHost: h.address,
      ...(h.target.httpPath === undefined ? {} : { httpPath: h.target.httpPath }),
      holdSampling: () => this.s.registry.holdSampling(h.hostId),
      onWarning: (m) => this.s.log.warn(`${h.label}: ${m}`),
    });
    void lazy
      .runWatch(
        {
          plan,
          target: { label: h.label, host: h.address, port: h.target.port },
          earlier: earlier.rounds,
          signal: run.abort.signal,
        },
        {
          clock: systemClock,
          round,
          classify: lazy.classifyRoundFailure,
          history: { store, hostId: h.hostId },
          onWarning: (m) => this.s.log.warn(`${h.label}: ${m}`),
          onRound: (r) => this.onRound(h.hostId, run, r),
        },
      )
      .then(
        (outcome) =>
          this.s.log.info(`${h.label}: the watch ended (${outcome.ended}) after ${outcome.rounds.length} rounds.`),
        (err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          this.s.log.error(`${h.label}: the watch stopped: ${message}`);
          void vscode.window.showErrorMessage(
            vscode.l10n.t('VPS Doctor: watching {0} stopped: {1}', h.label, sshErrorText(err, displayLocalizer())),
          );
          void this.remember(h.hostId, false);
        },
      )
      .finally(() => {
        if (this.running.get(h.hostId) === run) this.running.delete(h.hostId);
        this.render(h.hostId);
      });
  }

  /** Stops watching a host; `forget` also drops it from the hosts restarted by the next window. */
  async stop(hostId: string, forget = true): Promise<void> {
    const run = this.running.get(hostId);
    this.running.delete(hostId);
    run?.abort.abort(new vscode.CancellationError());
    if (forget) await this.remember(hostId, false);
    this.render(hostId);
  }

  /**
   * Starts the watches of the previous window again, once the host list is loaded. A watched demo host is
   * started again first (it ends with the extension host like its watch). A host that is gone (a removed
   * entry, a demo that cannot start) is dropped from the set; a host that cannot be prepared (its service
   * was never chosen, a login is refused) is reported in the log.
   */
  async restore(prepare: (hostId: string) => Promise<ServiceProbeHost>): Promise<void> {
    const ids = this.s.state.get<string[]>(WATCHED_KEY, []).filter((x) => typeof x === 'string');
    if (ids.length === 0) return;
    if (ids.includes(DEMO_HOST_ID))
      await listDemo(this.s).catch((err: unknown) =>
        this.s.log.warn(`the demo host did not start: ${err instanceof Error ? err.message : String(err)}`),
      );
    await this.s.tree.getChildren();
    for (const hostId of ids) {
      if (this.s.registry.target(hostId) === undefined) {
        this.s.log.info(`${hostId}: no longer listed; its watch is not restarted.`);
        await this.remember(hostId, false);
        continue;
      }
      try {
        await this.start(await prepare(hostId));
      } catch (err) {
        this.s.log.warn(`${hostId}: the watch was not restarted: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** Ends every watch of this window but keeps the set: the next window restarts them. */
  dispose(): void {
    for (const hostId of [...this.running.keys()]) void this.stop(hostId, false);
    this.hostsChanged.dispose();
    this.item.dispose();
  }

  private onRound(hostId: string, run: Running, r: WatchRound): void {
    run.last = r;
    this.s.log.info(
      `${run.label}: watch round ${r.seq}: ${r.verdict ?? 'failed'}${r.changed ? ' (changed)' : ''}: ${r.summary}`,
    );
    const next = watchNotice(run.notice, run.label, r, displayLocalizer());
    run.notice = next.state;
    if (next.notice?.kind === 'problem')
      void vscode.window.showWarningMessage(vscode.l10n.t('VPS Doctor: {0}', next.notice.message));
    if (next.notice?.kind === 'recovered')
      void vscode.window.showInformationMessage(vscode.l10n.t('VPS Doctor: {0}', next.notice.message));
    this.render(hostId);
    this.showTimeline(hostId, run.label, false).catch((err: unknown) =>
      this.s.log.warn(`${run.label}: the timeline was not refreshed: ${(err as Error).message}`),
    );
  }

  private render(hostId: string): void {
    const run = this.running.get(hostId);
    this.s.tree.setWatch(
      hostId,
      run === undefined
        ? undefined
        : run.last === undefined
          ? {}
          : { lastVerdict: lastRoundWord(run.last, displayLocalizer()) },
    );
    this.renderItem();
  }

  private renderItem(): void {
    const all = this.watches;
    if (all.length === 0 && this.s.registry.targets.length === 0) {
      this.item.hide();
      return;
    }
    const item = watchItemText(all, displayLocalizer());
    this.item.text = item.text;
    this.item.tooltip = item.tooltip;
    this.item.show();
  }

  private async remember(hostId: string, on: boolean): Promise<void> {
    const ids = new Set(this.s.state.get<string[]>(WATCHED_KEY, []));
    if (on) ids.add(hostId);
    else ids.delete(hostId);
    await this.s.state.update(WATCHED_KEY, [...ids]);
  }

  private async store(): Promise<WatchHistory> {
    if (this.history === undefined) {
      const { WatchHistory } = await loadLazy();
      this.history = new WatchHistory(this.storeDir);
    }
    return this.history;
  }
}
