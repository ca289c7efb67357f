import { methodCitation } from '../../shared/methodCitations';
import { verdictTitle } from '../../shared/reportView';
import { formatInterval, formatMs } from '../../shared/units';
import { evidenceIn, summaryIn } from '../watch/roundTexts';
import { roundSummary, type WatchRound } from '../watch/watchRound';
import { SYN_DROP_VERDICTS, windowSentence } from '../watch/watchWindow';
import { md, table } from './reportMarkdownText';
import { english, type Localizer } from '../../shared/l10n/localizer';
import { gradeName } from '../../shared/l10n/terms';

/** Rounds listed in the table at most (the newest); the summary above it covers every round. */
export const MARKDOWN_ROUND_ROWS = 500;

export interface WatchMarkdownOptions {
  /** Formats a moment; ISO 8601 UTC by default, so a ticket reads the same everywhere. */
  time?: (ms: number) => string;
  /** Says the server was the simulated demo host. */
  demo?: boolean;
  /**
   * The language of the words, each round's summary and evidence included (from their message ids); verdict ids
   * and counters are as stored, and so are the texts of rounds stored before their ids were kept.
   */
  l?: Localizer;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * A watch as Markdown for a support ticket: where the SYN-drop signature concentrated and how often it
 * showed elsewhere, the verdicts, every change with the evidence of both sides, and the rounds. Pure; every
 * server-derived string is escaped.
 */
export function watchMarkdown(rounds: readonly WatchRound[], o: WatchMarkdownOptions = {}): string {
  const time = o.time ?? iso;
  const l = o.l ?? english;
  const sorted = [...rounds].sort((a, b) => a.atMs - b.atMs);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const out: string[] = [];
  out.push(`# ${l.t('VPS Doctor watch: {0}', md(last?.target.label ?? l.t('no rounds')))}`, '');
  if (o.demo) out.push(`> ${l.t('The server was the built-in demo host: its counters are simulated.')}`, '');
  if (!first || !last) return [...out, l.t('No round has run yet.'), ''].join('\n');
  out.push(`- ${l.t('Target: {0}', md(`${last.target.host}:${last.target.port}`))}`);
  out.push(`- ${l.t('Rounds: {0}, from {1} to {2}', sorted.length, time(first.atMs), time(last.atMs))}`);
  out.push(
    '',
    `## ${l.t('What the watch found')}`,
    '',
    md(windowSentence(sorted, time, l)),
    '',
    l.t('How rounds, changes and this window are found: {0}.', md(methodCitation('3.6', l))),
    '',
  );

  const counts = new Map<string, number>();
  for (const r of sorted) {
    const key = r.verdict === null ? l.t('Failed: {0}', r.failure?.kind ?? 'unknown') : verdictTitle(r.verdict, l);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  out.push(
    `## ${l.t('Verdicts')}`,
    '',
    ...table(
      [l.t('verdict'), l.t('rounds')],
      ['l', 'r'],
      [...counts].sort((a, b) => b[1] - a[1]).map(([v, n]) => [md(v), String(n)]),
    ),
    '',
  );

  const changes = sorted.filter((r) => r.changed && r.change);
  out.push(`## ${l.t('Changes')}`, '');
  if (changes.length === 0) out.push(l.t('The verdict did not change.'), '');
  for (const r of changes) {
    const c = r.change!;
    out.push(
      `### ${l.t('Round {0} ({1}): {2} → {3}', r.seq, time(r.atMs), md(verdictTitle(c.from.verdict, l)), md(verdictTitle(c.to.verdict, l)))}`,
      '',
    );
    for (const [side, s] of [
      ['before', c.from],
      ['after', c.to],
    ] as const) {
      const args = [
        s.seq,
        time(Date.parse(s.at)),
        md(verdictTitle(s.verdict, l)),
        gradeName(s.confidence, l),
        md(summaryIn(s, l)),
      ];
      out.push(
        side === 'before'
          ? l.t('Before: round {0} at {1}, {2} ({3} confidence). {4}', ...args)
          : l.t('After: round {0} at {1}, {2} ({3} confidence). {4}', ...args),
        '',
      );
      for (const e of evidenceIn(s, l)) out.push(`- ${md(e.label)}: ${md(e.value)}`);
      if (s.evidence.length > 0) out.push('');
    }
  }

  const shown = sorted.slice(-MARKDOWN_ROUND_ROWS);
  out.push(`## ${l.t('Rounds')}`, '');
  if (shown.length < sorted.length) out.push(l.t('The newest {0} of {1} rounds.', shown.length, sorted.length), '');
  out.push(
    ...table(
      [
        '#',
        l.t('time'),
        l.t('verdict'),
        l.t('SYN drop'),
        l.t('delayed (95 %)'),
        l.t('failed'),
        l.t('median connect'),
        l.t('ping loss (95 %, pooled)'),
      ],
      ['r', 'l', 'l', 'c', 'l', 'r', 'r', 'l'],
      shown.map((r) => [
        String(r.seq),
        time(r.atMs),
        r.verdict === null
          ? md(roundSummary(r, l))
          : r.changed
            ? l.t('{0} (changed)', md(verdictTitle(r.verdict, l)))
            : md(verdictTitle(r.verdict, l)),
        r.verdict !== null && SYN_DROP_VERDICTS.has(r.verdict) ? l.t('yes') : '',
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
