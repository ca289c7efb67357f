import type { BurstResult } from '../probes/burst';
import type { PositionSignature } from '../probes/burstSummary';
import type { PingResult } from '../probes/pingResult';
import type { MetricFamily, MetricSample } from './openMetricsWriter';

/** The latest probe results to export; each is optional. */
export interface ProbeResults {
  burst?: BurstResult;
  ping?: PingResult;
}

const SIGNATURES: readonly PositionSignature[] = ['none', 'random', 'front-fast-then-delayed'];
const RTT_STATS = ['min', 'avg', 'max', 'mdev', 'p50', 'p95'] as const;

/**
 * Probe results as gauges: each describes the one latest run (not a running total), so a scrape shows
 * what the last burst or ping saw. Times are converted from the probes' ms to seconds, ratios are 0..1.
 */
export function probeFamilies(p: ProbeResults): MetricFamily[] {
  return [...burstFamilies(p.burst), ...pingFamilies(p.ping)];
}

function burstFamilies(b: BurstResult | undefined): MetricFamily[] {
  const labels: Record<string, string> =
    b === undefined ? {} : { host: b.target.host, target: `${b.target.ip}:${b.target.port}`, mode: b.mode };
  const one = (v: (b: BurstResult) => number | undefined): MetricSample[] => {
    const x = b === undefined ? undefined : v(b);
    return x === undefined || !Number.isFinite(x) ? [] : [{ labels, value: x }];
  };
  const s = b?.summary;
  const started = b === undefined ? NaN : Date.parse(b.startedAt);
  return [
    {
      name: 'vpsdoctor_burst_attempts',
      type: 'gauge',
      help: 'New connections the latest burst probe attempted.',
      samples: one((r) => r.summary.attempts),
    },
    {
      name: 'vpsdoctor_burst_delayed_attempts',
      type: 'gauge',
      help: 'Attempts of the latest burst whose connect waited for one or more SYN retransmissions.',
      samples: one((r) => r.summary.delayed),
    },
    {
      name: 'vpsdoctor_burst_failed_attempts',
      type: 'gauge',
      help: 'Attempts of the latest burst that made no connection.',
      samples: one((r) => r.summary.failed),
    },
    {
      name: 'vpsdoctor_burst_class_attempts',
      type: 'gauge',
      help: 'Attempts of the latest burst per class: the SYN retransmissions its connect time matched (0, 1, 2...), latency (slow, no match) or failed.',
      samples:
        s === undefined
          ? []
          : Object.entries(s.histogram).map(([k, n]) => ({ labels: { ...labels, class: k }, value: n })),
    },
    {
      name: 'vpsdoctor_burst_delayed_ci95_ratio',
      type: 'gauge',
      unit: 'ratio',
      help: 'Wilson 95% interval of the delayed fraction of the latest burst (bound lower or upper).',
      samples:
        s === undefined
          ? []
          : [
              { labels: { ...labels, bound: 'lower' }, value: s.delayedCi95[0] },
              { labels: { ...labels, bound: 'upper' }, value: s.delayedCi95[1] },
            ],
    },
    {
      name: 'vpsdoctor_burst_position_signature',
      type: 'stateset',
      help: 'Where the SYN losses of the latest burst sat: none, random, or after the first attempts (a per-source SYN limiter).',
      samples:
        s === undefined
          ? []
          : SIGNATURES.map((sig) => ({
              labels: { ...labels, vpsdoctor_burst_position_signature: sig },
              value: sig === s.positionSignature ? 1 : 0,
            })),
    },
    {
      name: 'vpsdoctor_burst_connect_seconds',
      type: 'histogram',
      unit: 'seconds',
      help: "Connect times of the latest burst's attempts that connected; a SYN retransmission adds about 1 s (docs/method.md §3.1).",
      samples: b === undefined ? [] : connectHistogram(b, labels),
    },
    {
      name: 'vpsdoctor_burst_baseline_rtt_seconds',
      type: 'gauge',
      unit: 'seconds',
      help: 'Round-trip time measured before the latest burst, without loss.',
      samples: one((r) => r.baselineRttMs / 1000),
    },
    {
      name: 'vpsdoctor_burst_keepalive_requests',
      type: 'gauge',
      help: 'Requests sent over the keep-alive control connection during the latest burst.',
      samples: one((r) => r.keepAlive.requests),
    },
    {
      name: 'vpsdoctor_burst_keepalive_failed_requests',
      type: 'gauge',
      help: 'Control requests of the latest burst that got no complete response.',
      samples: one((r) => r.keepAlive.failed),
    },
    {
      name: 'vpsdoctor_burst_start_timestamp_seconds',
      type: 'gauge',
      unit: 'seconds',
      help: 'When the latest burst started, seconds since the Unix epoch.',
      samples: one(() => started / 1000),
    },
  ];
}

/** Bucket bounds of the connect-time histogram, seconds: loopback to a slow path, then the SYN retransmission steps. */
const CONNECT_BUCKETS = [0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 0.9, 1.5, 2.5, 3.5, 5, 7.5, 12];

function connectHistogram(b: BurstResult, labels: Record<string, string>): MetricSample[] {
  const seconds = b.attempts.flatMap((a) => (a.connectMs === null ? [] : [a.connectMs / 1000]));
  return [
    ...[...CONNECT_BUCKETS, Infinity].map((le) => ({
      labels: { ...labels, le: le === Infinity ? '+Inf' : String(le) },
      value: seconds.filter((x) => x <= le).length,
      suffix: '_bucket' as const,
    })),
    { labels, value: seconds.length, suffix: '_count' },
    { labels, value: seconds.reduce((sum, x) => sum + x, 0), suffix: '_sum' },
  ];
}

function pingFamilies(p: PingResult | undefined): MetricFamily[] {
  const labels: Record<string, string> = p === undefined ? {} : { host: p.host };
  const one = (v: number | undefined): MetricSample[] =>
    v === undefined || !Number.isFinite(v) ? [] : [{ labels, value: v }];
  const rtt = p?.rtt ?? null;
  return [
    {
      name: 'vpsdoctor_ping_sent',
      type: 'gauge',
      help: 'Echo requests of the latest ping run.',
      samples: one(p?.sent),
    },
    {
      name: 'vpsdoctor_ping_received',
      type: 'gauge',
      help: 'Echo requests of the latest ping run that were answered.',
      samples: one(p?.received),
    },
    {
      name: 'vpsdoctor_ping_loss_ratio',
      type: 'gauge',
      unit: 'ratio',
      help: 'Fraction of the latest ping run that was lost.',
      samples: one(p?.loss.fraction),
    },
    {
      name: 'vpsdoctor_ping_loss_ci95_ratio',
      type: 'gauge',
      unit: 'ratio',
      help: 'Wilson 95% interval of the loss of the latest ping run (bound lower or upper).',
      samples:
        p === undefined
          ? []
          : [
              { labels: { ...labels, bound: 'lower' }, value: p.loss.ci95[0] },
              { labels: { ...labels, bound: 'upper' }, value: p.loss.ci95[1] },
            ],
    },
    {
      name: 'vpsdoctor_ping_rtt_seconds',
      type: 'gauge',
      unit: 'seconds',
      help: 'Round-trip statistics of the latest ping run (stat min, avg, max, mdev, p50, p95).',
      samples: rtt === null ? [] : RTT_STATS.map((stat) => ({ labels: { ...labels, stat }, value: rtt[stat] / 1000 })),
    },
    {
      name: 'vpsdoctor_ping_loss_episodes',
      type: 'gauge',
      help: 'Runs of consecutive lost probes in the latest ping run.',
      samples: one(p?.episodes),
    },
  ];
}
