/** Fakes for the watch tests: a virtual clock and light-round results built from recorded lab evidence. */
import { diagnoseForStorage } from '../../src/core/diagnosis/lightDiagnosis';
import type { LightRoundResult } from '../../src/core/diagnosis/lightDiagnosis';
import type { PingResult } from '../../src/core/probes/ping';
import { poolPings } from '../../src/core/probes/pingPool';
import type { HostSnapshot } from '../../src/core/remote/snapshot';
import type { WatchClock } from '../../src/core/watch/watchClock';
import type { WatchRound } from '../../src/core/watch/watchRound';
import type { CommandRunner } from '../../src/core/remote/runner';
import { labRun, pingOf } from './diagnosisFixtures';

/** Virtual time: `sleep` moves the clock at once and records what was asked; nothing waits for real. */
export class FakeClock implements WatchClock {
  sleeps: number[] = [];
  constructor(public t = Date.UTC(2026, 10, 26, 20, 0, 0)) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.t += ms;
  }
}

export type Scenario = 'healthy-1' | 'upstream-syn-filter' | 'host-firewall-drop' | 'accept-queue-overflow';

/** A stand-in snapshot: the watch only hands it back to the next round as its idle-control start. */
export const fakeSnapshot = (tag: string): HostSnapshot => ({ tag }) as unknown as HostSnapshot;

/** A light round over recorded lab evidence, with a ping of `sent` probes (`lost` of them lost) pooled with `earlier`. */
export function lightResult(
  scenario: Scenario,
  atMs: number,
  o: { sent?: number; lost?: number; earlier?: PingResult[]; tag?: string } = {},
): LightRoundResult {
  const e = labRun(scenario);
  const ping = pingOf(o.sent ?? 20, o.lost ?? 0);
  const pool = [...(o.earlier ?? []), ping];
  const pooledPing = poolPings(pool, ping.host);
  return {
    startedAtMs: atMs,
    endedAtMs: atMs + 4000,
    before: fakeSnapshot(`before-${o.tag ?? atMs}`),
    after: fakeSnapshot(`after-${o.tag ?? atMs}`),
    burst: e.burst,
    ping,
    pooledPing,
    pooledRounds: pool.length,
    deltas: e.deltas,
    ...(e.idleDeltas ? { idleDeltas: e.idleDeltas } : {}),
    ...diagnoseForStorage({ ...e, ping: pooledPing }),
  };
}

/** A stored-round shape for the summary and report tests: only what they read is filled in. */
export function roundAt(
  seq: number,
  atMs: number,
  verdict: WatchRound['verdict'],
  failure?: WatchRound['failure'],
): WatchRound {
  return {
    seq,
    at: new Date(atMs).toISOString(),
    atMs,
    durationMs: 4000,
    target: { label: 'vps1', host: '198.19.1.2', port: 8080 },
    verdict,
    confidence: verdict === null ? null : 'high',
    summary: verdict === null ? `Unreachable: ${failure?.message ?? 'down'}` : `verdict ${verdict}`,
    burst:
      verdict === null
        ? null
        : {
            attempts: 16,
            delayed: verdict === 'healthy' ? 0 : 9,
            failed: 0,
            keepAlive: { requests: 16, failed: 0 },
            delayedCi95: [0, 0.2],
            position: 'none',
            connectMs: { p50: 0.4, p90: 0.6, max: 1020 },
          },
    ping:
      verdict === null
        ? null
        : { sent: 20, received: 20, lossCi95: [0, 0.16], pooled: { rounds: 1, sent: 20, received: 20 } },
    server: verdict === null ? null : { deltas: { 'Tcp.PassiveOpens': 17 }, control: true },
    evidence: [],
    ...(failure ? { failure } : {}),
    changed: false,
  };
}

/** A runner whose every command times out: a server sample that fails. */
export const timedOutRunner = (): CommandRunner =>
  ({
    exec: () =>
      Promise.resolve({
        stdout: Buffer.alloc(0),
        stderr: Buffer.alloc(0),
        exitCode: null,
        exitSignal: null,
        truncated: false,
        timedOut: true,
      }),
  }) as unknown as CommandRunner;
