import { english, type Localizer } from '../../shared/l10n/localizer';
import { verdictTitle } from '../../shared/reportView';
import type { TimelineView } from '../../shared/timelineView';
import { evidenceIn } from './roundTexts';
import { roundSummary, type WatchRound } from './watchRound';
import { SYN_DROP_VERDICTS, windowSentence } from './watchWindow';

const SOCKBUF = /^ubc\..+\.(tcpsndbuf|tcprcvbuf|othersockbuf)\.failcnt$/;

/**
 * A host's rounds as the timeline draws them (oldest first), headed by the signature-window sentence, in
 * `l`'s language: the title, the headline, the verdict titles, each round's summary and evidence (from their
 * message ids, docs/method.md §3.6) and what a failed round failed at (an SSH error from its message id).
 * Rounds stored before their texts were kept as ids show their summary and evidence as recorded. Pure.
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
    rounds: sorted.map((r) => {
      const summary = roundSummary(r, l);
      return {
        seq: r.seq,
        atMs: r.atMs,
        verdict: r.verdict,
        title: r.verdict === null ? summary : verdictTitle(r.verdict, l),
        confidence: r.confidence,
        summary,
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
        evidence: evidenceIn(r, l).map(({ label, value, decisive }) => ({ label, value, decisive })),
      };
    }),
  };
}
