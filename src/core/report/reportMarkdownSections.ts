import { synSourceText } from '../probes/synScheduleSource';
import { keepAliveErrorText } from '../probes/keepAliveErrors';
import { formatDateTime } from '../../shared/l10n/format';
import { english, list, msg, type Localizer } from '../../shared/l10n/localizer';
import { gradeName, statusName } from '../../shared/l10n/terms';
import { readableCitations } from '../../shared/methodCitations';
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

const KIND_TEXT = {
  fast: msg('fast'),
  retransmit: msg('SYN retransmitted'),
  latency: msg('slow, no retransmission'),
  failed: msg('failed'),
} as const;

const POSITION_TEXT = {
  'front-fast-then-delayed': msg(
    'the first attempts went through, the delays came after them (a per-source SYN limit looks like this)',
  ),
  random: msg('spread over the burst (random loss looks like this)'),
  none: msg('no delayed attempt'),
} as const;

/** The burst: what was sent, the summary with its interval, the keep-alive control, every attempt. */
export function burstSection(b: BurstResult, l: Localizer = english): string[] {
  const s = b.summary;
  const ks = list(
    l,
    Object.entries(s.histogram).map(([k, n]) => (/^\d+$/.test(k) ? `k=${k}: ${n}` : `${k}: ${n}`)),
  );
  const ka = b.keepAlive;
  const kaTimes = ka.timesMs.length > 0 ? l.t(', slowest {0}', ms(Math.max(...ka.timesMs))) : '';
  const position =
    s.firstDelayedIndex !== null
      ? l.t('{0}; first delayed attempt #{1}', l.t(POSITION_TEXT[s.positionSignature]), s.firstDelayedIndex)
      : l.t(POSITION_TEXT[s.positionSignature]);
  const out = [
    `## ${l.t('Burst timings')}`,
    '',
    `- ${l.t('Target: {0} port {1} (address {2}), {3}', md(b.target.host), b.target.port, md(b.target.ip), b.mode === 'http' ? l.t('HTTP GET on each connection') : l.t('TCP connect only'))}`,
    `- ${l.t('{0} new connections, {1} at a time, started {2}', b.count, b.concurrency, md(formatDateTime(b.startedAt, l.lang)))}${b.cancelled ? l.t(' (cancelled: partial result)') : ''}`,
    `- ${l.t('Baseline round trip: {0}', ms(b.baselineRttMs))}`,
    `- ${l.t(
      'Client SYN retransmissions at {0} ({1})',
      list(
        l,
        b.schedule.pointsMs.slice(0, 7).map((p) => `${p / 1000} s`),
      ),
      md(synSourceText(b.schedule.source, l)),
    )}`,
    `- ${l.t('Delayed by SYN retransmission: {0} of {1} ({2}, 95 % interval {3}); failed: {4}', s.delayed, s.attempts, pct(s.attempts > 0 ? s.delayed / s.attempts : 0), interval(s.delayedCi95), s.failed)}`,
    `- ${l.t('Retransmissions per attempt (k): {0}', ks || l.t('none'))}`,
    `- ${l.t('Position in the burst: {0}', position)}`,
    `- ${
      b.mode === 'http'
        ? l.t('Keep-alive control: {0} requests over one connection, {1} failed{2}', ka.requests, ka.failed, kaTimes)
        : l.t(
            'Keep-alive control: {0} connection held through the burst, {1} failed{2}',
            ka.requests,
            ka.failed,
            kaTimes,
          )
    }${ka.error ? ` (${md(keepAliveErrorText(ka.error, l))})` : ''}`,
    '',
  ];
  const rows = b.attempts
    .slice(0, MAX_ATTEMPT_ROWS)
    .map((a) => [
      String(a.index),
      a.startMs.toFixed(1),
      a.connectMs === null ? '–' : a.connectMs.toFixed(1),
      a.retransmissions === null ? '–' : String(a.retransmissions),
      `${l.t(KIND_TEXT[a.kind])}${a.error ? ` (${md(a.error.code)})` : ''}${a.httpStatus !== undefined ? `, HTTP ${a.httpStatus}` : ''}`,
    ]);
  out.push(
    ...table(['#', l.t('start (ms)'), l.t('connect (ms)'), 'k', l.t('result')], ['r', 'r', 'r', 'r', 'l'], rows),
  );
  if (b.attempts.length > MAX_ATTEMPT_ROWS)
    out.push('', `_${l.t('{0} more attempts are in RESULT.json.', b.attempts.length - MAX_ATTEMPT_ROWS)}_`);
  out.push('');
  return out;
}

/** Ping: counts, loss with its interval and episodes, RTT statistics, the lost sequence numbers. */
export function pingSection(p: PingResult, l: Localizer = english): string[] {
  const lost = p.lostSeqs.slice(0, MAX_LOST_LISTED).join(', ') + (p.lostSeqs.length > MAX_LOST_LISTED ? ', …' : '');
  const counts =
    p.duplicates > 0
      ? l.t(
          '{0}: {1} sent, {2} answered, {3} duplicates ({4} ping)',
          md(p.host),
          p.sent,
          p.received,
          p.duplicates,
          md(p.platform),
        )
      : l.t('{0}: {1} sent, {2} answered ({3} ping)', md(p.host), p.sent, p.received, md(p.platform));
  const out = [
    `## ${l.t('Ping')}`,
    '',
    `- ${counts}`,
    `- ${l.t('Loss: {0} (95 % interval {1}), {2} episodes, longest {3} in a row', pct(p.loss.fraction), interval(p.loss.ci95), p.episodes, p.longestRun)}`,
  ];
  if (p.rtt) {
    const r = p.rtt;
    out.push(
      `- ${l.t('Round trip: min {0}, median {1}, mean {2}, p95 {3}, max {4}, mdev {5}', ms(r.min), ms(r.p50), ms(r.avg), ms(r.p95), ms(r.max), ms(r.mdev))}`,
    );
  }
  if (p.lostSeqs.length > 0) out.push(`- ${l.t('Unanswered sequence numbers: {0}', lost)}`);
  out.push('', `_${l.t('ICMP may be deprioritised by routers; compare with the TCP burst above.')}_`, '');
  return out;
}

/** Server counter deltas during the burst beside the idle control; decisive ones in bold. */
export function countersSection(server: ServerInfo, d: Diagnosis, l: Localizer = english): string[] {
  const rows = counterRows(server.deltas, server.idleDeltas, d);
  if (rows.length === 0)
    return [`## ${l.t('Server counters')}`, '', l.t('Not read: the server was not sampled over SSH.'), ''];
  const elapsed = server.deltas['uptime.seconds'];
  const out = [`## ${l.t('Server counters during the burst')}`, ''];
  if (elapsed !== undefined)
    out.push(
      l.t("Between the two samples: {0} s by the server's clock. **Bold**: the verdict rests on it.", elapsed),
      '',
    );
  const cell = (text: string, bold: boolean): string => (bold ? `**${text}**` : text);
  out.push(
    ...table(
      [l.t('counter'), l.t('during the burst'), l.t('idle control')],
      ['l', 'r', 'r'],
      rows.map((c) => [
        cell(md(c.name), c.decisive),
        cell(signed(c.delta), c.decisive),
        c.idle === null ? '–' : signed(c.idle),
      ]),
    ),
  );
  const hidden = Object.keys(server.deltas).length - rows.length;
  if (hidden > 0)
    out.push('', `_${l.t('{0} other counters did not change or are not shown; all are in RESULT.json.', hidden)}_`);
  out.push('');
  return out;
}

/** The beancounters of each container with failcnt growth. */
export function beancountersSection(a: BeancounterAnalysis, l: Localizer = english): string[] {
  const out = [`## ${l.t('OpenVZ beancounters')}`, ''];
  const value = (v: number | null, unit: Parameters<typeof formatResourceValue>[1]): string =>
    v === null ? l.t('unlimited') : formatResourceValue(v, unit);
  for (const c of a.containers) {
    out.push(l.t('Container {0}:', md(c.id)), '');
    out.push(
      ...table(
        ['resource', 'held', 'maxheld', 'barrier', 'limit', 'held/barrier', 'failcnt', l.t('growth'), l.t('status')],
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
        c.resources.map((r) => [
          md(r.name),
          value(r.held, r.unit),
          value(r.maxheld, r.unit),
          value(r.barrier, r.unit),
          value(r.limit, r.unit),
          formatShare(r.held, r.barrier !== null && r.barrier > 0 ? r.barrier : r.limit),
          formatInteger(r.failcnt),
          formatDelta(r.failcntDelta, r.reset, l) || '–',
          r.severity === 'ok' ? statusName('ok', l) : `**${statusName(r.severity, l)}**`,
        ]),
      ),
    );
    out.push('');
  }
  if (!a.hasBaseline)
    out.push(`_${l.t('failcnt counts refusals since the container started; growth needs two samples.')}_`, '');
  return out;
}

/** The TCP buffer risk, step by step. */
export function bufferRiskSection(risk: BufferRisk, l: Localizer = english): string[] {
  const out = [`## ${l.t('TCP buffer risk')}`, '', l.t('Overall: **{0}**', gradeName(risk.grade, l)), ''];
  for (const s of [risk.send, risk.receive]) {
    out.push(
      `### ${s.side === 'send' ? l.t('Send side (tcp_wmem against tcpsndbuf)') : l.t('Receive side (tcp_rmem against tcprcvbuf)')}: ${gradeName(s.grade, l)}`,
      '',
    );
    s.derivation.forEach((step, i) => out.push(`${i + 1}. ${md(readableCitations(step, l))}`));
    if (s.mitigations.length > 0)
      out.push('', l.t('What helps:'), ...s.mitigations.map((m) => `- ${md(readableCitations(m, l))}`));
    out.push('');
  }
  if (risk.wmemMaxExplanation)
    out.push(l.t('Why buffers grow past wmem_max: {0}', md(readableCitations(risk.wmemMaxExplanation, l))), '');
  return out;
}
