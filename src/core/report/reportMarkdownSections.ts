import { readableCitations as cite } from '../../shared/methodCitations';
import { formatInteger, formatShare } from '../../shared/units';
import type { BurstResult } from '../probes/burst';
import type { PingResult } from '../probes/pingResult';
import type { BufferRisk } from '../kernel/bufferRiskTypes';
import type { Diagnosis } from '../diagnosis/types';
import type { BeancounterAnalysis } from '../beancounters/analyzeBeancounters';
import { formatDelta, formatResourceValue } from './humanValues';
import { interval, md, ms, pct, signed, table } from './reportMarkdownText';
import { counterRows } from '../resultModel/resultView';
import type { ServerInfo } from '../resultModel/resultSchema';

/** Rows of the per-attempt table before it is cut short (the rest stay in RESULT.json). */
const MAX_ATTEMPT_ROWS = 200;
/** Lost ping sequence numbers listed before "…". */
const MAX_LOST_LISTED = 100;

const KIND_TEXT = { fast: 'fast', retransmit: 'SYN retransmitted', latency: 'slow, no retransmission', failed: 'failed' } as const;

const POSITION_TEXT = {
  'front-fast-then-delayed': 'the first attempts went through, the delays came after them (a per-source SYN limit looks like this)',
  random: 'spread over the burst (random loss looks like this)',
  none: 'no delayed attempt',
} as const;

/** The burst: what was sent, the summary with its interval, the keep-alive control, every attempt. */
export function burstSection(b: BurstResult): string[] {
  const s = b.summary;
  const ks = Object.entries(s.histogram).map(([k, n]) => (/^\d+$/.test(k) ? `k=${k}: ${n}` : `${k}: ${n}`)).join(', ');
  const ka = b.keepAlive;
  const kaTimes = ka.timesMs.length > 0 ? `, slowest ${ms(Math.max(...ka.timesMs))}` : '';
  const out = [
    '## Burst timings', '',
    `- Target: ${md(b.target.host)} port ${b.target.port} (address ${md(b.target.ip)}), ${b.mode === 'http' ? 'HTTP GET on each connection' : 'TCP connect only'}`,
    `- ${b.count} new connections, ${b.concurrency} at a time, started ${md(b.startedAt)}${b.cancelled ? ' (cancelled: partial result)' : ''}`,
    `- Baseline round trip: ${ms(b.baselineRttMs)}`,
    `- Client SYN retransmissions at ${b.schedule.pointsMs.slice(0, 7).map((p) => `${p / 1000} s`).join(', ')} (${md(b.schedule.source)})`,
    `- Delayed by SYN retransmission: ${s.delayed} of ${s.attempts} (${pct(s.attempts > 0 ? s.delayed / s.attempts : 0)}, 95 % interval ${interval(s.delayedCi95)}); failed: ${s.failed}`,
    `- Retransmissions per attempt (k): ${ks || 'none'}`,
    `- Position in the burst: ${POSITION_TEXT[s.positionSignature]}${s.firstDelayedIndex !== null ? `; first delayed attempt #${s.firstDelayedIndex}` : ''}`,
    `- Keep-alive control: ${ka.requests} ${b.mode === 'http' ? 'requests over one connection' : 'connection held through the burst'}, ${ka.failed} failed${kaTimes}${ka.error ? ` (${md(ka.error)})` : ''}`,
    '',
  ];
  const rows = b.attempts.slice(0, MAX_ATTEMPT_ROWS).map((a) => [
    String(a.index), a.startMs.toFixed(1), a.connectMs === null ? '–' : a.connectMs.toFixed(1), a.retransmissions === null ? '–' : String(a.retransmissions),
    `${KIND_TEXT[a.kind]}${a.error ? ` (${md(a.error.code)})` : ''}${a.httpStatus !== undefined ? `, HTTP ${a.httpStatus}` : ''}`,
  ]);
  out.push(...table(['#', 'start (ms)', 'connect (ms)', 'k', 'result'], ['r', 'r', 'r', 'r', 'l'], rows));
  if (b.attempts.length > MAX_ATTEMPT_ROWS) out.push('', `_${b.attempts.length - MAX_ATTEMPT_ROWS} more attempts are in RESULT.json._`);
  out.push('');
  return out;
}

/** Ping: counts, loss with its interval and episodes, RTT statistics, the lost sequence numbers. */
export function pingSection(p: PingResult): string[] {
  const lost = p.lostSeqs.slice(0, MAX_LOST_LISTED).join(', ') + (p.lostSeqs.length > MAX_LOST_LISTED ? ', …' : '');
  const out = [
    '## Ping', '',
    `- ${md(p.host)}: ${p.sent} sent, ${p.received} answered${p.duplicates > 0 ? `, ${p.duplicates} duplicates` : ''} (${md(p.platform)} ping)`,
    `- Loss: ${pct(p.loss.fraction)} (95 % interval ${interval(p.loss.ci95)}), ${p.episodes} episodes, longest ${p.longestRun} in a row`,
  ];
  if (p.rtt) {
    const r = p.rtt;
    out.push(`- Round trip: min ${ms(r.min)}, median ${ms(r.p50)}, mean ${ms(r.avg)}, p95 ${ms(r.p95)}, max ${ms(r.max)}, mdev ${ms(r.mdev)}`);
  }
  if (p.lostSeqs.length > 0) out.push(`- Unanswered sequence numbers: ${lost}`);
  out.push('', '_ICMP may be deprioritised by routers; compare with the TCP burst above._', '');
  return out;
}

/** Server counter deltas during the burst beside the idle control; decisive ones in bold. */
export function countersSection(server: ServerInfo, d: Diagnosis): string[] {
  const rows = counterRows(server.deltas, server.idleDeltas, d);
  if (rows.length === 0) return ['## Server counters', '', 'Not read: the server was not sampled over SSH.', ''];
  const elapsed = server.deltas['uptime.seconds'];
  const out = ['## Server counters during the burst', ''];
  if (elapsed !== undefined) out.push(`Between the two samples: ${elapsed} s by the server's clock. **Bold**: the verdict rests on it.`, '');
  const cell = (text: string, bold: boolean): string => (bold ? `**${text}**` : text);
  out.push(...table(['counter', 'during the burst', 'idle control'], ['l', 'r', 'r'],
    rows.map((c) => [cell(md(c.name), c.decisive), cell(signed(c.delta), c.decisive), c.idle === null ? '–' : signed(c.idle)])));
  const hidden = Object.keys(server.deltas).length - rows.length;
  if (hidden > 0) out.push('', `_${hidden} other counters did not change or are not shown; all are in RESULT.json._`);
  out.push('');
  return out;
}

/** The beancounters of each container with failcnt growth. */
export function beancountersSection(a: BeancounterAnalysis): string[] {
  const out = ['## OpenVZ beancounters', ''];
  for (const c of a.containers) {
    out.push(`Container ${md(c.id)}:`, '');
    out.push(...table(['resource', 'held', 'maxheld', 'barrier', 'limit', 'held/barrier', 'failcnt', 'growth', 'status'], ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
      c.resources.map((r) => [
        md(r.name), formatResourceValue(r.held, r.unit), formatResourceValue(r.maxheld, r.unit), formatResourceValue(r.barrier, r.unit),
        formatResourceValue(r.limit, r.unit), formatShare(r.held, r.barrier !== null && r.barrier > 0 ? r.barrier : r.limit),
        formatInteger(r.failcnt), formatDelta(r.failcntDelta, r.reset) || '–', r.severity === 'ok' ? 'ok' : `**${r.severity}**`,
      ])));
    out.push('');
  }
  if (!a.hasBaseline) out.push('_failcnt counts refusals since the container started; growth needs two samples._', '');
  return out;
}

/** The TCP buffer risk, step by step. */
export function bufferRiskSection(risk: BufferRisk): string[] {
  const out = ['## TCP buffer risk', '', `Overall: **${risk.grade}**`, ''];
  for (const s of [risk.send, risk.receive]) {
    out.push(`### ${s.side === 'send' ? 'Send side (tcp_wmem against tcpsndbuf)' : 'Receive side (tcp_rmem against tcprcvbuf)'}: ${s.grade}`, '');
    s.derivation.forEach((step, i) => out.push(`${i + 1}. ${md(cite(step))}`));
    if (s.mitigations.length > 0) out.push('', 'What helps:', ...s.mitigations.map((m) => `- ${md(cite(m))}`));
    out.push('');
  }
  if (risk.wmemMaxExplanation) out.push(`Why buffers grow past wmem_max: ${md(cite(risk.wmemMaxExplanation))}`, '');
  return out;
}
