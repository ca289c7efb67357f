import { phrase, phraseOf } from '../../shared/l10n/phrase';
import { logPhrase } from './sessionLog';
import { failcntKey } from '../history/historyEntry';
import type { HistoryStore } from '../history/historyStore';
import type { SampleView, SessionDeps } from './sessionTypes';

/** At most one history entry per host per minute: enough for hour/day growth, about 1,440 lines a day. */
export const HISTORY_INTERVAL_MS = 60_000;

/** What a session keeps in its host's history: failcnt and uptime, once a minute. */
export class SessionHistory {
  private lastAtMs: number | undefined;

  constructor(
    private readonly store: HistoryStore,
    private readonly hostId: string,
    private readonly label: string,
    private readonly log: SessionDeps['log'],
  ) {}

  /** Loads the host's history so `store.growth` can answer; a corrupt file is reported, not fatal. */
  load(): void {
    this.store.read(this.hostId).then(
      ({ recovered }) => {
        if (recovered)
          logPhrase(
            this.log,
            'warn',
            phrase(
              'The history of {0} was damaged ({1}); it was moved to {2} and its readable entries kept.',
              this.label,
              recovered.reasonPhrase,
              recovered.movedTo,
            ),
          );
      },
      (err: unknown) =>
        logPhrase(this.log, 'warn', phrase('History of {0} not readable: {1}', this.label, phraseOf(err))),
    );
  }

  /** Appends an entry unless one was written less than a minute ago; hosts without beancounters have nothing to keep. */
  record(view: SampleView): void {
    const { uptimeSeconds, beancounters } = view.snapshot;
    if (uptimeSeconds.state !== 'ok' || beancounters.state !== 'ok') return;
    if (this.lastAtMs !== undefined && view.takenAtMs - this.lastAtMs < HISTORY_INTERVAL_MS) return;
    this.lastAtMs = view.takenAtMs;
    const failcnt: Record<string, number> = {};
    for (const c of beancounters.table.containers)
      for (const r of c.resources) failcnt[failcntKey(c.id, r.name)] = r.failcnt;
    this.store
      .append(this.hostId, { kind: 'sample', atMs: view.takenAtMs, uptimeSeconds: uptimeSeconds.value, failcnt })
      .catch((err: unknown) =>
        logPhrase(this.log, 'warn', phrase('History of {0} not written: {1}', this.label, phraseOf(err))),
      );
  }
}
