import { verdictTitle } from '../../shared/reportView';
import { formatInterval, formatMs } from '../../shared/units';
import type { WatchPlan } from './watchBudget';
import { human } from './watchBudget';
import { clockTime, windowSentence } from './watchWindow';
import type { WatchRound } from './watchRound';

/** `20:55:03` local. */
function clock(ms: number): string {
  const d = new Date(ms);
  return `${clockTime(ms)}:${String(d.getSeconds()).padStart(2, '0')}`;
}

/** What the watch will cost, printed before the first round. */
export function budgetLine(label: string, port: number, plan: WatchPlan): string {
  return (
    `watching ${label} port ${port} every ${human(plan.intervalMs)} for ${human(plan.durationMs)}: ` +
    `${plan.count} new connections ${plan.concurrency} at a time plus 1 keep-alive control a round, ` +
    `${plan.connectionsPerHour} new connections an hour at most (cap ${plan.maxConnectionsPerHour}); ${plan.pingCount} pings a round`
  );
}

/** One round on one terminal line (plus a second one when the verdict changed). */
export function roundLine(r: WatchRound): string {
  const head = `#${r.seq} ${clock(r.atMs)}`;
  if (r.verdict === null) return `${head}  FAILED ${r.summary}`;
  const b = r.burst;
  const burst =
    b === null
      ? ''
      : `  burst ${b.attempts}: ${b.delayed} delayed, ${b.failed} failed${b.connectMs ? `, median connect ${formatMs(b.connectMs.p50)}` : ''}; keep-alive ${b.keepAlive.failed === 0 && b.keepAlive.error === undefined ? 'fine' : 'affected'}`;
  const p = r.ping;
  const ping =
    p === null
      ? ''
      : `; ping ${p.sent - p.received}/${p.sent} lost (loss ${formatInterval(p.lossCi95)} over ${p.pooled.sent})`;
  const line = `${head}  ${verdictTitle(r.verdict)} (${r.confidence})${burst}${ping}`;
  if (!r.changed || r.change === undefined) return line;
  return `${line}\n    CHANGED from ${verdictTitle(r.change.from.verdict)} (round #${r.change.from.seq} at ${clock(Date.parse(r.change.from.at))}): ${r.summary}`;
}

/** The closing summary of a watch: this run's rounds, the changes, and the signature window over the whole timeline. */
export function watchSummary(run: readonly WatchRound[], timeline: readonly WatchRound[]): string {
  const lines: string[] = [];
  const failed = run.filter((r) => r.verdict === null).length;
  lines.push(
    `${run.length} ${run.length === 1 ? 'round' : 'rounds'} this run${failed > 0 ? ` (${failed} failed)` : ''}; ${timeline.length} in the host's timeline.`,
  );
  const counts = new Map<string, number>();
  for (const r of run)
    if (r.verdict !== null) counts.set(verdictTitle(r.verdict), (counts.get(verdictTitle(r.verdict)) ?? 0) + 1);
  if (counts.size > 0) lines.push(`Verdicts: ${[...counts].map(([v, n]) => `${v} ${n}`).join(', ')}.`);
  const changes = run.filter((r) => r.changed && r.change);
  for (const r of changes)
    lines.push(
      `Changed at round #${r.seq} (${clock(r.atMs)}): ${verdictTitle(r.change!.from.verdict)} -> ${verdictTitle(r.change!.to.verdict)}.`,
    );
  if (timeline.length > 0) lines.push(windowSentence(timeline));
  return lines.join('\n');
}
