import type { BurstAttempt, BurstResult, BurstSummary, KeepAliveControl } from '../probes/burst';
import type { PingResult } from '../probes/pingResult';
import type { RttStats } from '../probes/stats';
import type { SynSchedule } from '../probes/synSchedule';
import type { BurstJson, PingJson } from './resultSchema';
import {
  arrayOf,
  bool,
  count,
  expect,
  fraction,
  nonNegative,
  nullable,
  numberRecord,
  object,
  oneOf,
  optional,
  pair,
  str,
  type Check,
} from './resultCheck';

/** Validators for the probe parts of RESULT.json (docs/method.md §3.1, §3.2, §4). */

export const checkSchedule: Check<SynSchedule> = object<SynSchedule>({
  os: oneOf(['linux-linear', 'linux-exponential', 'linux-legacy', 'macos', 'windows']),
  initialRtoMs: nonNegative,
  pointsMs: arrayOf(nonNegative),
  giveUpMs: nonNegative,
  source: str,
});

const checkError = object<{ code: string; meaning: string }>({ code: str, meaning: str });

const checkAttempt: Check<BurstAttempt> = object<BurstAttempt>(
  {
    index: count,
    startMs: nonNegative,
    connectMs: nullable(nonNegative),
    retransmissions: nullable(count),
    kind: oneOf(['fast', 'retransmit', 'latency', 'failed']),
    error: optional(checkError),
    httpStatus: optional(count),
  },
  ['error', 'httpStatus'],
);

const checkKeepAlive: Check<KeepAliveControl> = object<KeepAliveControl>(
  {
    requests: count,
    failed: count,
    timesMs: arrayOf(nonNegative),
    connectMs: optional(nonNegative),
    error: optional(str),
  },
  ['connectMs', 'error'],
);

const checkSummary: Check<BurstSummary> = object<BurstSummary>(
  {
    attempts: count,
    delayed: count,
    failed: count,
    histogram: numberRecord,
    delayedCi95: pair(fraction),
    firstDelayedIndex: nullable(count),
    positionSignature: oneOf(['front-fast-then-delayed', 'random', 'none']),
    responseFailed: optional(count),
  },
  ['responseFailed'],
);

const checkBurstJson: Check<BurstJson> = object<BurstJson>(
  {
    target: object({ host: str, ip: str, port: count }),
    startedAt: str,
    count: count,
    concurrency: count,
    mode: oneOf(['tcp', 'http']),
    baselineRttMs: nonNegative,
    schedule: checkSchedule,
    keepAlive: checkKeepAlive,
    summary: checkSummary,
    cancelled: optional(bool),
    attempts: count,
    delayed: count,
    failed: count,
    attemptLog: arrayOf(checkAttempt),
  },
  ['cancelled'],
);

/** The burst of RESULT.json, back in its in-memory shape; the counts at `burst.*` must match the log and summary. */
export const checkBurst: Check<BurstResult> = (v, path) => {
  const { attempts, delayed, failed, attemptLog, ...rest } = checkBurstJson(v, path);
  expect(
    attempts === attemptLog.length,
    `${path}.attempts`,
    `says ${attempts} but attemptLog holds ${attemptLog.length}`,
  );
  expect(
    attempts === rest.summary.attempts,
    `${path}.attempts`,
    `says ${attempts} but summary.attempts is ${rest.summary.attempts}`,
  );
  expect(
    delayed === rest.summary.delayed,
    `${path}.delayed`,
    `says ${delayed} but summary.delayed is ${rest.summary.delayed}`,
  );
  expect(
    failed === rest.summary.failed,
    `${path}.failed`,
    `says ${failed} but summary.failed is ${rest.summary.failed}`,
  );
  expect(delayed + failed <= attempts, `${path}.delayed`, 'delayed + failed exceed the attempts');
  return { ...rest, attempts: attemptLog };
};

const checkRtt: Check<RttStats> = object<RttStats>({
  min: nonNegative,
  avg: nonNegative,
  max: nonNegative,
  mdev: nonNegative,
  p50: nonNegative,
  p95: nonNegative,
});

const checkPingJson: Check<PingJson> = object<PingJson>({
  host: str,
  sent: count,
  received: count,
  duplicates: count,
  lostSeqs: arrayOf(count),
  replies: arrayOf(object({ seq: count, rttMs: nonNegative })),
  rtt: nullable(checkRtt),
  loss: object({ fraction: fraction, ci95: pair(fraction) }),
  episodes: count,
  longestRun: count,
  platform: str,
  raw: str,
  lossCi95: pair(fraction),
});

/** The ping of RESULT.json; `lossCi95` must repeat `loss.ci95` and the counts must add up. */
export const checkPing: Check<PingResult> = (v, path) => {
  const { lossCi95, ...ping } = checkPingJson(v, path);
  expect(ping.received <= ping.sent, `${path}.received`, `${ping.received} replies for ${ping.sent} probes sent`);
  expect(
    ping.received === ping.replies.length,
    `${path}.received`,
    `says ${ping.received} but replies holds ${ping.replies.length}`,
  );
  expect(
    ping.lostSeqs.length === ping.sent - ping.received,
    `${path}.lostSeqs`,
    `holds ${ping.lostSeqs.length} but ${ping.sent - ping.received} probes went unanswered`,
  );
  expect(
    lossCi95[0] === ping.loss.ci95[0] && lossCi95[1] === ping.loss.ci95[1],
    `${path}.lossCi95`,
    'differs from loss.ci95',
  );
  return ping;
};
