import { english, list, type Localizer } from '../../shared/l10n/localizer';
import { gradeName } from '../../shared/l10n/terms';
import { verdictTitle } from '../../shared/reportView';
import { formatInterval, formatMs } from '../../shared/units';
import type { WatchPlan } from './watchBudget';
import { humanPhrase } from './watchBudget';
import { renderPhrase } from '../../shared/l10n/phrase';
import { clockTime, windowSentence } from './watchWindow';
import { roundSummary, type WatchRound } from './watchRound';

/** `20:55:03` local. */
function clock(ms: number): string {
  const d = new Date(ms);
  return `${clockTime(ms)}:${String(d.getSeconds()).padStart(2, '0')}`;
}

/** What the watch will cost, printed before the first round. */
export function budgetLine(label: string, port: number, plan: WatchPlan, l: Localizer = english): string {
  return l.t(
    'watching {0} port {1} every {2} for {3}: {4} new connections {5} at a time plus 1 keep-alive control a round, {6} new connections an hour at most (cap {7}); {8} pings a round',
    label,
    port,
    renderPhrase(humanPhrase(plan.intervalMs), l),
    renderPhrase(humanPhrase(plan.durationMs), l),
    plan.count,
    plan.concurrency,
    plan.connectionsPerHour,
    plan.maxConnectionsPerHour,
    plan.pingCount,
  );
}

/** One round on one terminal line (plus a second one when the verdict changed), in `l`'s language. */
export function roundLine(r: WatchRound, l: Localizer = english): string {
  const head = `#${r.seq} ${clock(r.atMs)}`;
  if (r.verdict === null) return `${head}  ${l.t('FAILED {0}', roundSummary(r, l))}`;
  const b = r.burst;
  const keepAlive = b !== null && b.keepAlive.failed === 0 && b.keepAlive.error === undefined;
  const burst =
    b === null
      ? ''
      : `  ${
          b.connectMs
            ? l.t(
                'burst {0}: {1} delayed, {2} failed, median connect {3}; keep-alive {4}',
                b.attempts,
                b.delayed,
                b.failed,
                formatMs(b.connectMs.p50),
                keepAlive ? l.t('fine') : l.t('affected'),
              )
            : l.t(
                'burst {0}: {1} delayed, {2} failed; keep-alive {3}',
                b.attempts,
                b.delayed,
                b.failed,
                keepAlive ? l.t('fine') : l.t('affected'),
              )
        }`;
  const p = r.ping;
  const ping =
    p === null
      ? ''
      : l.t(
          '; ping {0}/{1} lost (loss {2} over {3})',
          p.sent - p.received,
          p.sent,
          formatInterval(p.lossCi95),
          p.pooled.sent,
        );
  const line = `${head}  ${verdictTitle(r.verdict, l)} (${r.confidence === null ? 'null' : gradeName(r.confidence, l)})${burst}${ping}`;
  if (!r.changed || r.change === undefined) return line;
  return `${line}\n    ${l.t(
    'CHANGED from {0} (round #{1} at {2}): {3}',
    verdictTitle(r.change.from.verdict, l),
    r.change.from.seq,
    clock(Date.parse(r.change.from.at)),
    roundSummary(r, l),
  )}`;
}

/** The closing summary of a watch: this run's rounds, the changes, and the signature window over the whole timeline. */
export function watchSummary(
  run: readonly WatchRound[],
  timeline: readonly WatchRound[],
  l: Localizer = english,
): string {
  const lines: string[] = [];
  const failed = run.filter((r) => r.verdict === null).length;
  const runText = run.length === 1 ? l.t('1 round this run') : l.t('{0} rounds this run', run.length);
  lines.push(
    failed > 0
      ? l.t("{0} ({1} failed); {2} in the host's timeline.", runText, failed, timeline.length)
      : l.t("{0}; {1} in the host's timeline.", runText, timeline.length),
  );
  const counts = new Map<string, number>();
  for (const r of run)
    if (r.verdict !== null) counts.set(verdictTitle(r.verdict, l), (counts.get(verdictTitle(r.verdict, l)) ?? 0) + 1);
  if (counts.size > 0)
    lines.push(
      l.t(
        'Verdicts: {0}.',
        list(
          l,
          [...counts].map(([v, n]) => `${v} ${n}`),
        ),
      ),
    );
  const changes = run.filter((r) => r.changed && r.change);
  for (const r of changes)
    lines.push(
      l.t(
        'Changed at round #{0} ({1}): {2} -> {3}.',
        r.seq,
        clock(r.atMs),
        verdictTitle(r.change!.from.verdict, l),
        verdictTitle(r.change!.to.verdict, l),
      ),
    );
  if (timeline.length > 0) lines.push(windowSentence(timeline, undefined, l));
  return lines.join('\n');
}
