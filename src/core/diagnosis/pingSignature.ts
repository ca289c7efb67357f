import type { PingResult } from '../probes/ping';

/** The ping result reduced to what the diagnosis weighs (docs/method.md §4.1). */
export interface PingSignature {
  host: string;
  sent: number;
  lost: number;
  /** lost / sent, 0..1. */
  fraction: number;
  /** Wilson 95 % interval of the loss fraction, 0..1. */
  ci95: [number, number];
  /** Runs of consecutive losses, and the longest: losses are bursty, so the interval is optimistic. */
  episodes: number;
  longestRun: number;
  /** Median and 95th percentile RTT, ms; null without replies. */
  p50Ms: number | null;
  p95Ms: number | null;
}

/**
 * §4.1: "≥ 100 probes for a claim about a few percent" (4 % vs 0.5 % background needs 106 at 80 % power).
 */
export const PROBES_FOR_A_CLAIM = 100;

export function readPing(ping: PingResult): PingSignature {
  const lost = Math.min(ping.sent, ping.lostSeqs.length);
  return {
    host: ping.host,
    sent: ping.sent,
    lost,
    fraction: ping.sent > 0 ? lost / ping.sent : 0,
    ci95: ping.loss.ci95,
    episodes: ping.episodes,
    longestRun: ping.longestRun,
    p50Ms: ping.rtt?.p50 ?? null,
    p95Ms: ping.rtt?.p95 ?? null,
  };
}
