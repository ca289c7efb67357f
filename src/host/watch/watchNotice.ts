import { roundSummary, type WatchRound } from '../../core/watch/watchRound';
import { english, sentences, type Localizer } from '../../shared/l10n/localizer';
import { verdictTitle } from '../../shared/reportView';

/** What the user was last told about a watched host: nothing yet, that it is fine, or that it has a problem. */
export type NoticeState = 'none' | 'healthy' | 'problem';

export interface WatchNotice {
  kind: 'problem' | 'recovered';
  /** One sentence for the notification (without the product prefix). */
  message: string;
}

/**
 * Whether a round deserves a notification: once when a healthy host shows a problem, once when it recovers,
 * never per round (a watch of a host that stays broken notifies once). A host whose first verdict is already
 * a problem notifies too. Inconclusive and failed rounds change nothing: they neither confirm a problem nor
 * a recovery. Pure: returns the new state beside the notice, worded in `l`'s language.
 */
export function watchNotice(
  state: NoticeState,
  label: string,
  round: WatchRound,
  l: Localizer = english,
): { state: NoticeState; notice?: WatchNotice } {
  if (round.verdict === null || round.verdict === 'inconclusive') return { state };
  const title = verdictTitle(round.verdict, l);
  if (round.verdict === 'healthy') {
    if (state === 'problem')
      return {
        state: 'healthy',
        notice: { kind: 'recovered', message: l.t('{0} is healthy again (round {1}).', label, round.seq) },
      };
    return { state: 'healthy' };
  }
  if (state === 'problem') return { state };
  return {
    state: 'problem',
    notice: {
      kind: 'problem',
      message: sentences(l, [l.t('{0}: {1} (round {2}).', label, title, round.seq), roundSummary(round, l)]),
    },
  };
}

/** What a watched host's last round says in a word: pending, failed, or its verdict's title. */
export function lastRoundWord(last: WatchRound | undefined, l: Localizer = english): string {
  if (last === undefined) return l.t('first round pending');
  return last.verdict === null ? l.t('round failed') : verdictTitle(last.verdict, l);
}

/**
 * The status bar item of the watches: an eye with the host (or the count of hosts), and one line per
 * watched host in the tooltip; with none, an invitation to start one. Pure.
 */
export function watchItemText(
  watches: readonly { label: string; last?: WatchRound }[],
  l: Localizer = english,
): { text: string; tooltip: string } {
  if (watches.length === 0)
    return { text: '$(eye)', tooltip: l.t('VPS Doctor: no host is watched. Click to start watching one.') };
  return {
    text: `$(eye) ${watches.length === 1 ? watches[0]!.label : l.t('{0} watches', watches.length)}`,
    tooltip: watches.map((w) => `${w.label}: ${lastRoundWord(w.last, l)}`).join('\n'),
  };
}
