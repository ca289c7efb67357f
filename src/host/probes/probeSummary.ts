import type { BurstResult } from '../../core/probes/burst';
import type { PingResult } from '../../core/probes/pingResult';
import type { DiagnosisReport } from '../../core/resultModel/resultSchema';
import { verdictTitle } from '../../shared/reportView';
import { formatShortPercent as pct } from '../../shared/units';

/**
 * What a probe run records in the host's history (a `probe` entry's `summary`). The tree's Probes section
 * shows `verdict` (see `probeVerdict` in src/host/tree/probeItems.ts); the numbers are kept so a later
 * reader can compare runs without the full report.
 */
export interface ProbeSummary {
  /** One line for the tree: the verdict and its key figure. */
  verdict: string;
  /** `host:port` probed, or the pinged host. */
  target: string;
  /** Attempts delayed by SYN retransmissions / attempts made (burst and diagnosis). */
  delayed?: number;
  attempts?: number;
  /** Pings lost / sent, and the loss's Wilson 95 % interval as fractions (ping and diagnosis). */
  lost?: number;
  sent?: number;
  lossCi95?: [number, number];
  /** A burst's failed connects, its first-fast-then-delayed pattern, its keep-alive control and whether it was cancelled. */
  failed?: number;
  frontFastThenDelayed?: boolean;
  keepAliveFine?: boolean;
  cancelled?: boolean;
  /** The diagnosis verdict id (`upstream-syn-filter`...), its confidence, and whether the host was the demo. */
  verdictId?: string;
  confidence?: string;
  demo?: boolean;
}

/** A full diagnosis: its verdict title and confidence. */
export function diagnosisSummary(r: DiagnosisReport): ProbeSummary {
  const b = r.burst.summary;
  return {
    verdict: `${verdictTitle(r.diagnosis.verdict)} (${r.diagnosis.confidence} confidence)`,
    target: `${r.target.host}:${r.target.port}`,
    delayed: b.delayed,
    attempts: b.attempts,
    ...(r.ping ? { lost: r.ping.sent - r.ping.received, sent: r.ping.sent, lossCi95: r.ping.loss.ci95 } : {}),
    verdictId: r.diagnosis.verdict,
    confidence: r.diagnosis.confidence,
    demo: r.demo,
  };
}

/** A burst on its own: how many connects waited for SYN retransmissions, and whether the control held. */
export function burstProbeSummary(r: BurstResult): ProbeSummary {
  const s = r.summary;
  const control =
    r.keepAlive.failed === 0 && r.keepAlive.error === undefined
      ? 'keep-alive control fine'
      : 'keep-alive control failed';
  const pattern = s.positionSignature === 'front-fast-then-delayed' ? ', first fast then delayed' : '';
  const failed = s.failed > 0 ? `, ${s.failed} failed` : '';
  return {
    verdict: `${s.delayed}/${s.attempts} delayed by SYN retransmissions${failed}${pattern}; ${control}${r.cancelled ? ' (cancelled)' : ''}`,
    target: `${r.target.host}:${r.target.port}`,
    delayed: s.delayed,
    attempts: s.attempts,
    failed: s.failed,
    frontFastThenDelayed: s.positionSignature === 'front-fast-then-delayed',
    keepAliveFine: r.keepAlive.failed === 0 && r.keepAlive.error === undefined,
    cancelled: r.cancelled === true,
  };
}

/** A ping on its own: loss with its interval and n (docs/method.md §4.2: never a bare percentage). */
export function pingProbeSummary(r: PingResult): ProbeSummary {
  return {
    verdict: `${pct(r.loss.fraction)} loss (95% CI ${pct(r.loss.ci95[0])}-${pct(r.loss.ci95[1])}, n = ${r.sent})`,
    target: r.host,
    lost: r.sent - r.received,
    sent: r.sent,
    lossCi95: r.loss.ci95,
  };
}
