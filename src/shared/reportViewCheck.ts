import type { AttemptView, BurstView, CounterView, LatestView, PingView, ReportView, ResourceView } from './reportView';

/**
 * Guards for the report digests crossing the webview boundary (both ways: the host posts them, and a
 * restored panel hands its saved state back). Sizes are bounded so a hostile message cannot make either
 * side allocate without limit.
 */

const MAX_TEXT = 100_000;
/** 10,000 burst attempts and 100,000 ping probes are far above what the probes allow. */
const MAX_ATTEMPTS = 10_000;
const MAX_SAMPLES = 100_000;
const MAX_LINES = 1_000;

export type Guard = (v: unknown) => boolean;

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;
export const isNum: Guard = (v) => typeof v === 'number' && Number.isFinite(v);
export const isCount: Guard = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
export const isBool: Guard = (v) => typeof v === 'boolean';
const isFraction: Guard = (v) => isNum(v) && (v as number) >= 0 && (v as number) <= 1;
export const orNull =
  (g: Guard): Guard =>
  (v) =>
    v === null || g(v);
const orAbsent =
  (g: Guard): Guard =>
  (v) =>
    v === undefined || g(v);
const oneOf =
  (...values: string[]): Guard =>
  (v) =>
    typeof v === 'string' && values.includes(v);
export const list =
  (g: Guard, max = MAX_LINES): Guard =>
  (v) =>
    Array.isArray(v) && v.length <= max && v.every(g);
export const interval: Guard = (v) =>
  Array.isArray(v) && v.length === 2 && isFraction(v[0]) && isFraction(v[1]) && (v[0] as number) <= (v[1] as number);

/** An object with exactly these fields checked (absent allowed where the guard allows undefined); others ignored. */
export const shape =
  (fields: Record<string, Guard>): Guard =>
  (v) =>
    isRecord(v) && Object.entries(fields).every(([k, g]) => g(v[k]));

const texts = list(isText);
const confidence = oneOf('low', 'medium', 'high');
const grade = oneOf('low', 'medium', 'high', 'critical', 'unknown');

const attempt = shape({
  index: isCount,
  connectMs: orNull(isNum),
  k: orNull(isCount),
  kind: oneOf('fast', 'retransmit', 'latency', 'failed'),
  error: orAbsent(isText),
} satisfies Record<keyof AttemptView, Guard>);

/** One connect of a burst, as `progress` messages stream them. */
export const isAttemptView = (v: unknown): v is AttemptView => attempt(v);

const burst = shape({
  mode: oneOf('tcp', 'http'),
  count: isCount,
  concurrency: isCount,
  baselineRttMs: isNum,
  scheduleMs: list(isNum, 200),
  scheduleSource: isText,
  attempts: list(attempt, MAX_ATTEMPTS),
  keepAlive: shape({ requests: isCount, failed: isCount, timesMs: list(isNum, MAX_ATTEMPTS), error: orAbsent(isText) }),
  delayed: isCount,
  failed: isCount,
  delayedCi95: interval,
  positionSignature: oneOf('front-fast-then-delayed', 'random', 'none'),
  firstDelayedIndex: orNull(isCount),
} satisfies Record<keyof BurstView, Guard>);

const reply = shape({ seq: isCount, rttMs: isNum });
/** One ping reply, as `progress` messages stream them. */
export const isReply = (v: unknown): v is { seq: number; rttMs: number } => reply(v);

const ping = shape({
  host: isText,
  sent: isCount,
  received: isCount,
  replies: list(reply, MAX_SAMPLES),
  lostSeqs: list(isCount, MAX_SAMPLES),
  lossFraction: isFraction,
  lossCi95: interval,
  episodes: isCount,
  longestRun: isCount,
  rtt: orNull(shape({ min: isNum, p50: isNum, avg: isNum, p95: isNum, max: isNum, mdev: isNum })),
} satisfies Record<keyof PingView, Guard>);

const counter = shape({ name: isText, delta: isNum, idle: orNull(isNum), decisive: isBool } satisfies Record<
  keyof CounterView,
  Guard
>);

const resource = shape({
  name: isText,
  unit: oneOf('bytes', 'pages', 'count'),
  held: isNum,
  maxheld: isNum,
  barrier: orNull(isNum),
  limit: orNull(isNum),
  failcnt: isNum,
  failcntDelta: orNull(isNum),
  severity: oneOf('ok', 'warn', 'critical'),
} satisfies Record<keyof ResourceView, Guard>);

const report = shape({
  lang: orAbsent(oneOf('en', 'ja')),
  title: isText,
  target: isText,
  demo: isBool,
  createdAt: isText,
  verdict: shape({
    id: isText,
    title: isText,
    confidence,
    summary: isText,
    explanation: isText,
    user: texts,
    provider: texts,
    method: orAbsent(isText),
  }),
  evidence: list(shape({ label: isText, value: isText, decisive: isBool })),
  findings: list(shape({ title: isText, status: oneOf('ok', 'warning', 'problem', 'unknown'), lines: texts })),
  burst,
  ping: orAbsent(ping),
  counters: list(counter, 5_000),
  beancounters: orAbsent(shape({ container: isText, rows: list(resource) })),
  bufferRisk: orAbsent(
    shape({
      grade,
      sides: list(shape({ side: oneOf('send', 'receive'), grade, derivation: texts, mitigations: texts }), 2),
      wmemMaxExplanation: orAbsent(isText),
    }),
  ),
  provenance: texts,
  vantageWarning: orAbsent(isText),
} satisfies Record<keyof ReportView, Guard>);

/** True when `v` is a well-formed {@link ReportView} within the size bounds. */
export const isReportView = (v: unknown): v is ReportView => report(v);

const latest = shape({
  hostId: isText,
  title: isText,
  verdictTitle: isText,
  confidence,
  summary: isText,
  strip: list((x) => Number.isSafeInteger(x) && (x as number) >= -2, MAX_ATTEMPTS),
  ping: orNull(shape({ sent: isCount, lossFraction: isFraction, lossCi95: interval })),
  topFailcnt: orNull(shape({ name: isText, delta: isNum })),
} satisfies Record<keyof LatestView, Guard>);

/** True when `v` is a well-formed {@link LatestView}. */
export const isLatestView = (v: unknown): v is LatestView => latest(v);
