import { DEADLINE_CODE, HTTP_RESPONSE_CODE } from '../probes/connectErrors';
import type { BurstResult } from '../probes/burst';
import { wilsonInterval } from '../probes/stats';

/** How a failed attempt failed, grouped by what it says about where the problem is. */
export type FailureGroup =
  /** ECONNREFUSED: a reset came back to the SYN (§3.4 row 13). */
  | 'refused'
  /** ETIMEDOUT or the probe's own deadline: every SYN went unanswered. */
  | 'unanswered'
  /** Connected, then reset or closed before answering (§3.4 row 9: "first response stalls/reset"). */
  | 'reset'
  /** A routing or name error: the SYNs may never have left. */
  | 'unreachable'
  /** A limit on the probing machine itself (ports, files, buffers, local firewall). */
  | 'local'
  | 'other';

const GROUPS: Record<string, FailureGroup> = {
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'unanswered',
  [DEADLINE_CODE]: 'unanswered',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  [HTTP_RESPONSE_CODE]: 'reset',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  ENOBUFS: 'local',
  EADDRNOTAVAIL: 'local',
  EADDRINUSE: 'local',
  EMFILE: 'local',
  ENFILE: 'local',
  EACCES: 'local',
  EPERM: 'local',
  ECONNABORTED: 'local',
};

const failureGroup = (code: string): FailureGroup => (Object.hasOwn(GROUPS, code) ? GROUPS[code] : 'other');

/** What the client saw during the burst, reduced to the quantities the decision table asks about. */
export interface ClientSignature {
  target: string;
  mode: BurstResult['mode'];
  /** The probe was cancelled: only part of the burst was measured. */
  cancelled: boolean;
  attempts: number;
  concurrency: number;
  /** Handshakes that completed (attempts with a connect time). */
  connected: number;
  fast: number;
  /** Connects delayed by k >= 1 SYN retransmissions (§3.2 step 4). */
  delayed: number;
  /** Connects slower than the RTT that match no retransmission point: server or application latency. */
  latency: number;
  failures: Record<FailureGroup, number>;
  /** Failure codes with their counts and meanings, most frequent first. */
  failureCodes: { code: string; count: number; meaning: string }[];
  /** k -> number of delayed connects. */
  histogram: Record<string, number>;
  /**
   * Lower bound on the SYN exchanges that were lost: Σk over delayed connects plus one per unanswered
   * attempt (those lost at least their first SYN).
   */
  lostSynsAtLeast: number;
  /** Wilson 95 % interval of the delayed share (k >= 1), as the probe computed it; fractions. */
  delayedCi95: [number, number];
  /** Wilson 95 % interval of the share of attempts that lost SYNs: delayed plus unanswered; fractions. */
  lostCi95: [number, number];
  position: BurstResult['summary']['positionSignature'];
  firstDelayedIndex: number | null;
  /** The schedule's first retransmission time, ms: what "one step" means for this client. */
  firstStepMs: number;
  keepAlive: {
    requests: number;
    failed: number;
    /** Slowest request over the held connection, ms; null without any. */
    slowestMs: number | null;
    error: string | null;
    /** Every request answered, none as slow as a retransmission timeout, no error. */
    fine: boolean;
  };
}

/** Reads a burst result. Total over whatever the probe recorded (an empty or cancelled burst included). */
export function readClient(burst: BurstResult): ClientSignature {
  const failures: Record<FailureGroup, number> = {
    refused: 0,
    unanswered: 0,
    reset: 0,
    unreachable: 0,
    local: 0,
    other: 0,
  };
  const codes = new Map<string, { count: number; meaning: string }>();
  const histogram: Record<string, number> = {};
  let connected = 0;
  let fast = 0;
  let delayed = 0;
  let latency = 0;
  let lostSynsAtLeast = 0;
  for (const a of burst.attempts) {
    if (a.connectMs !== null) connected++;
    if (a.kind === 'fast') fast++;
    if (a.kind === 'latency') latency++;
    if (a.kind === 'retransmit') {
      delayed++;
      const k = a.retransmissions ?? 1;
      histogram[String(k)] = (histogram[String(k)] ?? 0) + 1;
      lostSynsAtLeast += k;
    }
    if (a.error !== undefined) {
      const group = failureGroup(a.error.code);
      failures[group]++;
      if (group === 'unanswered') lostSynsAtLeast++;
      const seen = codes.get(a.error.code) ?? { count: 0, meaning: a.error.meaning };
      seen.count++;
      codes.set(a.error.code, seen);
    }
  }
  const ka = burst.keepAlive;
  const slowestMs = ka.timesMs.length === 0 ? null : Math.max(...ka.timesMs);
  const firstStepMs = burst.schedule.pointsMs[0] ?? burst.schedule.initialRtoMs;
  return {
    target: `${burst.target.host}:${burst.target.port}`,
    mode: burst.mode,
    cancelled: burst.cancelled === true,
    attempts: burst.attempts.length,
    concurrency: burst.concurrency,
    connected,
    fast,
    delayed,
    latency,
    failures,
    failureCodes: [...codes].map(([code, v]) => ({ code, ...v })).sort((x, y) => y.count - x.count),
    histogram,
    lostSynsAtLeast,
    delayedCi95: burst.summary.delayedCi95,
    lostCi95: wilsonInterval(Math.min(delayed + failures.unanswered, burst.attempts.length), burst.attempts.length),
    position: burst.summary.positionSignature,
    firstDelayedIndex: burst.summary.firstDelayedIndex,
    firstStepMs,
    keepAlive: {
      requests: ka.requests,
      failed: ka.failed,
      slowestMs,
      error: ka.error ?? null,
      // In HTTP mode a request as slow as half the initial RTO lost a segment on the established connection
      // too; in TCP mode the only time is the control's own connect, made before the burst.
      fine:
        ka.requests > 0 &&
        ka.failed === 0 &&
        ka.error === undefined &&
        (burst.mode === 'tcp' || slowestMs === null || slowestMs < 0.5 * burst.schedule.initialRtoMs),
    },
  };
}
