/** Evidence builders and recorded lab runs for the diagnosis tests. */
import { readFileSync } from 'node:fs';
import type { DiagnosisEvidence } from '../../src/core/diagnosis/diagnose';
import type { CounterSnapshot } from '../../src/core/diagnosis/counterDeltas';
import type { BeancounterTable } from '../../src/core/beancounters/types';
import type { CounterTable } from '../../src/core/kernel/counterTable';
import type { BurstAttempt, BurstResult } from '../../src/core/probes/burst';
import { summarizeBurst } from '../../src/core/probes/burstSummary';
import { connectErrorMeaning } from '../../src/core/probes/connectErrors';
import type { PingResult } from '../../src/core/probes/ping';
import { wilsonInterval } from '../../src/core/probes/stats';
import { classifyConnect, clientSynSchedule, type SynSchedule } from '../../src/core/probes/synSchedule';

/** The lab's client: Linux >= 6.5, retransmissions at 1, 2, 3, 4, 5, 7, 11 s (docs/method.md §3.1). */
export const LINEAR: SynSchedule = clientSynSchedule({
  platform: 'linux',
  readSysctl: (name) =>
    (({ 'net.ipv4.tcp_syn_linear_timeouts': '4', 'net.ipv4.tcp_syn_retries': '6' }) as Record<string, string>)[name],
});

/** One attempt: a connect time in ms, or an error code for a failed one. */
export type Shot = number | string;

/** A burst as the probe would report it, from connect times (ms) or error codes in start order. */
export function burstOf(
  shots: Shot[],
  o: { concurrency?: number; mode?: 'tcp' | 'http'; keepAlive?: Partial<BurstResult['keepAlive']> } = {},
): BurstResult {
  const attempts: BurstAttempt[] = shots.map((s, index) => {
    const startMs = index * 5;
    if (typeof s === 'string')
      return {
        index,
        startMs,
        connectMs: null,
        ...classifyConnect(null, 0.2, LINEAR),
        error: { code: s, meaning: connectErrorMeaning(s) },
      };
    return { index, startMs, connectMs: s, ...classifyConnect(s, 0.2, LINEAR) };
  });
  const mode = o.mode ?? 'http';
  return {
    target: { host: '198.19.1.2', ip: '198.19.1.2', port: 8080 },
    startedAt: '2025-11-26T10:00:00.000Z',
    count: shots.length,
    concurrency: o.concurrency ?? 4,
    mode,
    baselineRttMs: 0.2,
    schedule: LINEAR,
    attempts,
    keepAlive: { requests: shots.length, failed: 0, timesMs: shots.map(() => 0.4), ...o.keepAlive },
    summary: summarizeBurst(attempts, mode),
  };
}

/** `n` fast connects. */
export const fast = (n: number): Shot[] => Array.from({ length: n }, () => 0.3);

/** The seed's signature (docs/method.md §3.5, filter on the router): 4 fast, then delays of one schedule step and a few of two. */
export const seedShots: Shot[] = [...fast(4), ...Array.from({ length: 28 }, (_, i) => (i % 7 === 3 ? 2040 : 1020))];

/** Delays spread over the burst: every 8th connect from the 3rd on waited one retransmission. */
export const randomShots: Shot[] = Array.from({ length: 32 }, (_, i) => (i % 8 === 2 ? 1020 : 0.3));

/** A ping result with `lost` of `sent` unanswered (every `sent/lost`-th probe). */
export function pingOf(sent: number, lost: number): PingResult {
  const step = lost === 0 ? Infinity : Math.floor(sent / lost);
  const lostSeqs = Array.from({ length: lost }, (_, i) => (i + 1) * step);
  const replies = Array.from({ length: sent }, (_, i) => i + 1)
    .filter((s) => !lostSeqs.includes(s))
    .map((seq) => ({ seq, rttMs: 20 }));
  return {
    host: '198.19.1.2',
    sent,
    received: sent - lost,
    duplicates: 0,
    lostSeqs,
    replies,
    rtt: replies.length === 0 ? null : { min: 20, avg: 20, max: 20, mdev: 0, p50: 20, p95: 20 },
    loss: { fraction: lost / sent, ci95: wilsonInterval(lost, sent) },
    episodes: lost,
    longestRun: lost === 0 ? 0 : 1,
    platform: 'linux',
    raw: '',
  };
}

/**
 * Server deltas for a burst of 32 with the figures of docs/method.md §3.5: 192 packets in,
 * all delivered, PassiveOpens 32 + 3 baseline connects + 1 control; nothing else moved.
 */
export function quietDeltas(over: Record<string, number> = {}): Record<string, number> {
  return {
    'uptime.seconds': 9,
    'Ip.InReceives': 192,
    'Ip.InDelivers': 192,
    'Ip.InReceives-InDelivers': 0,
    'Tcp.PassiveOpens': 36,
    'Tcp.InSegs': 192,
    'Tcp.OutRsts': 0,
    'Tcp.RetransSegs': 0,
    'TcpExt.ListenOverflows': 0,
    'TcpExt.ListenDrops': 0,
    'TcpExt.TCPSynRetrans': 0,
    'TcpExt.TCPReqQFullDrop': 0,
    'TcpExt.TCPReqQFullDoCookies': 0,
    'TcpExt.SyncookiesSent': 0,
    'TcpExt.TCPAbortOnMemory': 0,
    'TcpExt.TCPMemoryPressures': 0,
    'conntrack.drop': 0,
    'conntrack.insert_failed': 0,
    ...over,
  };
}

/** An idle control of the same length: a little SSH traffic, nothing else. */
export function idleDeltas(over: Record<string, number> = {}): Record<string, number> {
  return quietDeltas({ 'Ip.InReceives': 14, 'Ip.InDelivers': 14, 'Tcp.PassiveOpens': 0, 'Tcp.InSegs': 14, ...over });
}

/** A recorded lab run from test/fixtures/diagnosis/ (see its README). */
export function labRun(name: string): DiagnosisEvidence {
  return JSON.parse(
    readFileSync(new URL(`../fixtures/diagnosis/lab-${name}.json`, import.meta.url), 'utf8'),
  ) as DiagnosisEvidence;
}

/** A snapshot holding only what counterDeltas reads. */
export function snapshot(s: {
  uptime?: number;
  snmp?: CounterTable;
  netstat?: CounterTable;
  conntrack?: Record<string, number>;
  ubc?: BeancounterTable;
}): CounterSnapshot {
  const reading = <T>(v: T | undefined) =>
    v === undefined ? { state: 'missing' as const } : { state: 'ok' as const, value: v };
  return {
    uptimeSeconds: reading(s.uptime),
    counters: { snmp: reading(s.snmp), netstat: reading(s.netstat) },
    conntrack: { count: { state: 'missing' }, max: { state: 'missing' }, stat: reading(s.conntrack) },
    beancounters: s.ubc === undefined ? { state: 'missing' } : { state: 'ok', via: 'direct', table: s.ubc },
  };
}
