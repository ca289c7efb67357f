import type { WatchRound } from '../../core/watch/watchRound';
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
 * a recovery. Pure: returns the new state beside the notice.
 */
export function watchNotice(
  state: NoticeState,
  label: string,
  round: WatchRound,
): { state: NoticeState; notice?: WatchNotice } {
  if (round.verdict === null || round.verdict === 'inconclusive') return { state };
  const title = verdictTitle(round.verdict);
  if (round.verdict === 'healthy') {
    if (state === 'problem')
      return {
        state: 'healthy',
        notice: { kind: 'recovered', message: `${label} is healthy again (round ${round.seq}).` },
      };
    return { state: 'healthy' };
  }
  if (state === 'problem') return { state };
  return {
    state: 'problem',
    notice: { kind: 'problem', message: `${label}: ${title} (round ${round.seq}). ${round.summary}` },
  };
}
