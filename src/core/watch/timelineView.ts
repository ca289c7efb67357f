import { english, type Localizer } from '../../shared/l10n/localizer';
import { verdictTitle } from '../../shared/reportView';
import type { TimelineView } from '../../shared/timelineView';
import { failureSummary, type WatchRound } from './watchRound';
import { SYN_DROP_VERDICTS, windowSentence } from './watchWindow';

const SOCKBUF = /^ubc\..+\.(tcpsndbuf|tcprcvbuf|othersockbuf)\.failcnt$/;

/**
 * A host's rounds as the timeline draws them (oldest first), headed by the signature-window sentence, in
 * `l`'s language: the title, the headline, the verdict titles and what a failed round failed at (an SSH
 * error from its message id). A round's summary and evidence keep the words it was diagnosed with. Pure.
 */
export function timelineView(
  label: string,
  rounds: readonly WatchRound[],
  time?: (ms: number) => string,
  l: Localizer = english,
): TimelineView {
  const sorted = [...rounds].sort((a, b) => a.atMs - b.atMs);
  return {
    title: l.t('VPS Doctor watch: {0}', label),
    headline: windowSentence(sorted, time, l),
    rounds: sorted.map((r) => ({
      seq: r.seq,
      atMs: r.atMs,
      verdict: r.verdict,
      title: r.verdict === null ? failedText(r, l) : verdictTitle(r.verdict, l),
      confidence: r.confidence,
      summary: r.verdict === null ? failedText(r, l) : r.summary,
      changed: r.changed,
      synDrop: r.verdict !== null && SYN_DROP_VERDICTS.has(r.verdict),
      delayed: r.burst === null || r.burst.attempts === 0 ? null : r.burst.delayed / r.burst.attempts,
      delayedCi95: r.burst?.delayedCi95 ?? null,
      pingLoss:
        r.ping === null || r.ping.pooled.sent === 0
          ? null
          : (r.ping.pooled.sent - r.ping.pooled.received) / r.ping.pooled.sent,
      pingLossCi95: r.ping?.lossCi95 ?? null,
      sockbufFailcnt:
        r.server === null
          ? null
          : Object.entries(r.server.deltas)
              .filter(([k]) => SOCKBUF.test(k))
              .reduce((n, [, v]) => n + v, 0),
      connectP50: r.burst?.connectMs?.p50 ?? null,
      connectP90: r.burst?.connectMs?.p90 ?? null,
      evidence: r.evidence.map(({ label, value, decisive }) => ({ label, value, decisive })),
    })),
  };
}

/** What a failed round failed at, in `l`'s language; as recorded when the round has no failure (older files). */
function failedText(r: WatchRound, l: Localizer): string {
  return r.failure === undefined ? r.summary : failureSummary(r.failure, l);
}
