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
export function pingText(r: PingResult): string {
  const out = [
    `Ping ${r.host}: ${r.sent} sent, ${r.received} received${r.duplicates ? `, ${r.duplicates} duplicates` : ''}`,
    `  loss ${pct(r.loss.fraction)} (95% Wilson interval ${pct(r.loss.ci95[0])}-${pct(r.loss.ci95[1])}, n = ${r.sent})`,
  ];
  if (r.lostSeqs.length > 0) {
    out.push(`  lost icmp_seq ${r.lostSeqs.slice(0, 30).join(', ')}${r.lostSeqs.length > 30 ? ', ...' : ''}`);
    out.push(`  ${r.episodes} loss episode(s), longest run ${r.longestRun}: losses are often bursty, so the interval is optimistic`);
  }
  if (r.sent <= 120) out.push(`  timeline ${pingStrip(r)}`);
  if (r.rtt) {
    const f = (x: number) => x.toFixed(3);
    out.push(`  rtt min/avg/max/mdev ${f(r.rtt.min)}/${f(r.rtt.avg)}/${f(r.rtt.max)}/${f(r.rtt.mdev)} ms, p50 ${f(r.rtt.p50)} ms, p95 ${f(r.rtt.p95)} ms`);
  }
  if (r.sent < PROBES_FOR_A_CLAIM) out.push(`  ${r.sent} probes cannot tell a few percent of loss from none; use --count ${PROBES_FOR_A_CLAIM} or more.`);
  out.push('  ICMP loss is not TCP loss: some networks deprioritise ICMP. Compare with the burst probe.');
  return out.join('\n');
}
