import type { BufferRisk, RiskGrade } from '../kernel/bufferRiskTypes';
import { formatIntervalInProse as interval, formatPercent as percent } from '../../shared/units';
import { PROBES_FOR_A_CLAIM, type PingSignature } from './pingSignature';
import type { ServerSignature } from './serverSignature';
import type { Finding } from './types';

/** Ping loss with its interval and the caveats of docs/method.md §4.1. */
export function pingFinding(p: PingSignature): Finding {
  const lines: string[] = [];
  if (p.lost === 0) {
    lines.push(`No loss in ${p.sent} pings: with 95 % confidence the loss is below ${percent(p.ci95[1])}.`);
  } else {
    lines.push(`${p.lost} of ${p.sent} pings lost: ${percent(p.fraction)}, 95 % interval ${interval(p.ci95)}.`);
    lines.push(`The losses came in ${p.episodes} episodes, the longest ${p.longestRun} in a row; losses come in bursts, so the real uncertainty is wider than the interval.`);
  }
  if (p.sent < PROBES_FOR_A_CLAIM) {
    lines.push(`Only ${p.sent} probes: telling a few percent of loss from none takes at least ${PROBES_FOR_A_CLAIM}.`);
  }
  if (p.p50Ms !== null && p.p95Ms !== null) lines.push(`Round-trip time: median ${p.p50Ms.toFixed(1)} ms, 95th percentile ${p.p95Ms.toFixed(1)} ms.`);
  lines.push('ICMP loss is not TCP loss: routers and providers often deprioritise or rate-limit ping, so the TCP burst is the test that counts for connections.');
  const status = p.lost === 0 ? 'ok' : p.ci95[0] >= 0.01 ? 'problem' : 'warning';
  return { topic: 'ping', title: p.lost === 0 ? 'Ping: no loss' : `Ping: ${percent(p.fraction)} loss`, status, lines };
}

const STATUS: Record<RiskGrade, Finding['status']> = { critical: 'problem', high: 'problem', medium: 'warning', low: 'ok', unknown: 'unknown' };

/**
 * The TCP buffer risk (docs/method.md §2.4) beside the verdict, with its derivation, and the
 * socket-buffer failcnt growth measured during the burst when the beancounters were read.
 */
export function bufferFinding(risk: BufferRisk | undefined, server: ServerSignature): Finding | null {
  const lines: string[] = [];
  const grew = server.sockbuf;
  if (grew !== null) {
    lines.push(grew.aboveBackground
      ? `tcpsndbuf/tcprcvbuf/othersockbuf refused ${Math.round(grew.excess)} charges during the burst: the limit bites now.`
      : 'The socket-buffer beancounters refused nothing during the burst.');
  }
  if (risk !== undefined) {
    lines.push(...risk.send.derivation, ...risk.receive.derivation.slice(-1));
    if (risk.wmemMaxExplanation !== undefined) lines.push(risk.wmemMaxExplanation);
    lines.push(...risk.send.mitigations, ...risk.receive.mitigations.filter((m) => !risk.send.mitigations.includes(m)));
  }
  if (lines.length === 0) return null;
  const grade: RiskGrade = risk?.grade ?? 'unknown';
  const status = grew !== null && grew.aboveBackground ? 'problem' : STATUS[grade];
  return { topic: 'buffers', title: `TCP buffers: risk ${grade}`, status, lines };
}
