import { english, type Localizer } from '../../shared/l10n/localizer';
import { PROBES_FOR_A_CLAIM } from '../diagnosis/pingSignature';
import type { PingResult } from '../probes/ping';
import { formatShortPercent as pct } from '../../shared/units';

/** One character per probe in send order: `.` answered, `x` lost. */
export function pingStrip(r: PingResult): string {
  const lost = new Set(r.lostSeqs);
  const seqs = [...r.replies.map((x) => x.seq), ...r.lostSeqs].sort((a, b) => a - b);
  return seqs.map((s) => (lost.has(s) ? 'x' : '.')).join('');
}

/** The ping result in words, with n beside every statistic (docs/method.md §4.2). */
export function pingText(r: PingResult, l: Localizer = english): string {
  const out = [
    r.duplicates
      ? l.t('Ping {0}: {1} sent, {2} received, {3} duplicates', r.host, r.sent, r.received, r.duplicates)
      : l.t('Ping {0}: {1} sent, {2} received', r.host, r.sent, r.received),
    `  ${l.t('loss {0} (95% Wilson interval {1}-{2}, n = {3})', pct(r.loss.fraction), pct(r.loss.ci95[0]), pct(r.loss.ci95[1]), r.sent)}`,
  ];
  if (r.lostSeqs.length > 0) {
    out.push(
      `  ${l.t('lost icmp_seq {0}', `${r.lostSeqs.slice(0, 30).join(', ')}${r.lostSeqs.length > 30 ? ', ...' : ''}`)}`,
    );
    out.push(
      `  ${l.t('{0} loss episode(s), longest run {1}: losses are often bursty, so the interval is optimistic', r.episodes, r.longestRun)}`,
    );
  }
  if (r.sent <= 120) out.push(`  ${l.t('timeline {0}', pingStrip(r))}`);
  if (r.rtt) {
    const f = (x: number) => x.toFixed(3);
    out.push(
      `  rtt min/avg/max/mdev ${f(r.rtt.min)}/${f(r.rtt.avg)}/${f(r.rtt.max)}/${f(r.rtt.mdev)} ms, p50 ${f(r.rtt.p50)} ms, p95 ${f(r.rtt.p95)} ms`,
    );
  }
  if (r.sent < PROBES_FOR_A_CLAIM)
    out.push(
      `  ${l.t('{0} probes cannot tell a few percent of loss from none; use --count {1} or more.', r.sent, PROBES_FOR_A_CLAIM)}`,
    );
  out.push(`  ${l.t('ICMP loss is not TCP loss: some networks deprioritise ICMP. Compare with the burst probe.')}`);
  return out.join('\n');
}
