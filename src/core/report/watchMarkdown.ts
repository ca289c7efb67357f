import { methodCitation } from '../../shared/methodCitations';
import { verdictTitle } from '../../shared/reportView';
import { formatInterval, formatMs } from '../../shared/units';
import type { WatchRound } from '../watch/watchRound';
import { SYN_DROP_VERDICTS, windowSentence } from '../watch/watchWindow';
import { md, table } from './reportMarkdownText';

/** Rounds listed in the table at most (the newest); the summary above it covers every round. */
export const MARKDOWN_ROUND_ROWS = 500;

export interface WatchMarkdownOptions {
  /** Formats a moment; ISO 8601 UTC by default, so a ticket reads the same everywhere. */
  time?: (ms: number) => string;
  /** Says the server was the simulated demo host. */
  demo?: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * A watch as Markdown for a support ticket: where the SYN-drop signature concentrated and how often it
 * showed elsewhere, the verdicts, every change with the evidence of both sides, and the rounds. Pure; every
 * server-derived string is escaped.
 */
export function watchMarkdown(rounds: readonly WatchRound[], o: WatchMarkdownOptions = {}): string {
  const time = o.time ?? iso;
  const sorted = [...rounds].sort((a, b) => a.atMs - b.atMs);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const out: string[] = [];
  out.push(`# VPS Doctor watch: ${md(last?.target.label ?? 'no rounds')}`, '');
  if (o.demo) out.push('> The server was the built-in demo host: its counters are simulated.', '');
  if (!first || !last) return [...out, 'No round has run yet.', ''].join('\n');
  out.push(`- Target: ${md(`${last.target.host}:${last.target.port}`)}`);
  out.push(`- Rounds: ${sorted.length}, from ${time(first.atMs)} to ${time(last.atMs)}`);
  out.push(
    '',
    '## What the watch found',
    '',
    md(windowSentence(sorted, time)),
    '',
    `How rounds, changes and this window are found: ${md(methodCitation('3.6'))}.`,
    '',
  );

  const counts = new Map<string, number>();
  for (const r of sorted) {
    const key = r.verdict === null ? `Failed: ${r.failure?.kind ?? 'unknown'}` : verdictTitle(r.verdict);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  out.push(
    '## Verdicts',
    '',
    ...table(
      ['verdict', 'rounds'],
      ['l', 'r'],
      [...counts].sort((a, b) => b[1] - a[1]).map(([v, n]) => [md(v), String(n)]),
    ),
    '',
  );

  const changes = sorted.filter((r) => r.changed && r.change);
  out.push('## Changes', '');
  if (changes.length === 0) out.push('The verdict did not change.', '');
  for (const r of changes) {
    const c = r.change!;
    out.push(
      `### Round ${r.seq} (${time(r.atMs)}): ${md(verdictTitle(c.from.verdict))} → ${md(verdictTitle(c.to.verdict))}`,
      '',
    );
    for (const [name, s] of [
      ['Before', c.from],
      ['After', c.to],
    ] as const) {
      out.push(
        `${name}: round ${s.seq} at ${time(Date.parse(s.at))}, ${md(verdictTitle(s.verdict))} (${s.confidence} confidence). ${md(s.summary)}`,
        '',
      );
      for (const e of s.evidence) out.push(`- ${md(e.label)}: ${md(e.value)}`);
      if (s.evidence.length > 0) out.push('');
    }
  }

  const shown = sorted.slice(-MARKDOWN_ROUND_ROWS);
  out.push('## Rounds', '');
  if (shown.length < sorted.length) out.push(`The newest ${shown.length} of ${sorted.length} rounds.`, '');
  out.push(
    ...table(
      ['#', 'time', 'verdict', 'SYN drop', 'delayed (95 %)', 'failed', 'median connect', 'ping loss (95 %, pooled)'],
      ['r', 'l', 'l', 'c', 'l', 'r', 'r', 'l'],
      shown.map((r) => [
        String(r.seq),
        time(r.atMs),
        r.verdict === null ? md(r.summary) : `${md(verdictTitle(r.verdict))}${r.changed ? ' (changed)' : ''}`,
        r.verdict !== null && SYN_DROP_VERDICTS.has(r.verdict) ? 'yes' : '',
        r.burst ? `${r.burst.delayed}/${r.burst.attempts} (${formatInterval(r.burst.delayedCi95)})` : '',
        r.burst ? String(r.burst.failed) : '',
        r.burst?.connectMs ? formatMs(r.burst.connectMs.p50) : '',
        r.ping
          ? `${r.ping.pooled.sent - r.ping.pooled.received}/${r.ping.pooled.sent} (${formatInterval(r.ping.lossCi95)})`
          : '',
      ]),
    ),
    '',
  );
  return out.join('\n');
}
