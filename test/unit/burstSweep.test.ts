import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runSweep } from '../../src/core/probes/sweep';
import {
  bucketMismatches,
  estimateBlock,
  estimateSweep,
  fitTokenBucket,
  synEvents,
  type SweepAttempt,
} from '../../src/core/probes/sweepEstimate';
import { classifyConnect, clientSynSchedule } from '../../src/core/probes/synSchedule';
import { VirtualNet, greylist, tokenBucket, type Filter } from './burstSweepSim';

const linear = clientSynSchedule({
  platform: 'linux',
  readSysctl: (n) => ({ 'net.ipv4.tcp_syn_linear_timeouts': '4', 'net.ipv4.tcp_syn_retries': '6' })[n],
});
const exponential = clientSynSchedule({
  platform: 'linux',
  readSysctl: (n) => ({ 'net.ipv4.tcp_syn_retries': '6', 'kernel.osrelease': '5.10.0' })[n],
});
const RTT = 20;

/** A whole sweep against a filter in virtual time (no sockets, no waiting). */
function sweep(filter: Filter, schedule = linear, extra: Partial<Parameters<typeof runSweep>[0]> = {}) {
  const net = new VirtualNet(filter, schedule, RTT);
  return runSweep({
    host: '198.18.1.2',
    port: 80,
    schedule,
    baselineRttMs: RTT,
    connect: net.connect,
    clock: net.clock,
    ...extra,
  });
}

const within = (x: number, r: { low: number; high: number | null }, slack = 0.06): boolean =>
  r.low <= x * (1 + slack) && (r.high === null || r.high >= x * (1 - slack));

describe('runSweep against a token bucket in virtual time', () => {
  it('the lab filter (3/s, burst 4): spaced connects pass, the first burst over 4 trips it, the fit recovers 3/s and 4', async () => {
    const r = await sweep(tokenBucket(4, 3));
    const phases = r.attempts.map((a) => a.phase);
    assert.deepEqual(phases.filter((p) => p === 'spaced').length, 5);
    assert.equal(r.estimate.spacedLost, 0);
    // Bursts of 2 and 4 pass whole (the bucket refills during the rests); the burst of 8 loses SYNs and ends the rise.
    assert.deepEqual([...new Set(r.attempts.filter((a) => a.phase === 'burst').map((a) => a.round))], [0, 1, 2]);
    assert.ok(r.attempts.some((a) => a.phase === 'burst' && a.retransmissions === 1));
    assert.equal(r.estimate.triggered, true);
    assert.equal(r.estimate.unexplained, 0);
    assert.deepEqual(r.estimate.burstAllowance, { low: 4, high: 4 });
    assert.ok(within(3, r.estimate.sustainedPerSecond!), JSON.stringify(r.estimate.sustainedPerSecond));
    assert.ok(
      r.estimate.sustainedPerSecond!.high! / r.estimate.sustainedPerSecond!.low < 1.5,
      JSON.stringify(r.estimate.sustainedPerSecond),
    );
    // A plain bucket has refilled a token within a second: the first pause probe passes.
    assert.deepEqual(r.estimate.blockedMs, { low: 0, high: 1000 });
    assert.equal(r.stoppedEarly, undefined);
  });

  it('a greylist that blocks for 5 s after each drop: the pause probes bracket it', async () => {
    const r = await sweep(greylist(6, 2, 5000));
    assert.equal(r.estimate.triggered, true);
    assert.deepEqual(r.estimate.blockedMs, { low: 3000, high: 10_000 });
    const pauses = r.attempts.filter((a) => a.phase === 'pause');
    assert.deepEqual(
      pauses.map((a) => [a.pauseMs, a.kind]),
      [
        [1000, 'failed'],
        [3000, 'failed'],
        [10_000, 'fast'],
      ],
    );
  });

  it('no filter: nothing trips, no pauses, the burst allowance is at least the largest burst sent', async () => {
    const r = await sweep(() => true);
    assert.equal(r.estimate.triggered, false);
    assert.equal(r.estimate.sustainedPerSecond, null);
    assert.deepEqual(r.estimate.burstAllowance, { low: 32, high: null });
    assert.equal(r.estimate.blockedMs, null);
    assert.equal(r.attempts.length, 5 + 2 + 4 + 8 + 16 + 32);
  });

  it('stays within its connection and time caps', async () => {
    const capped = await sweep(() => true, linear, { maxConnections: 20 });
    assert.ok(capped.attempts.length <= 20);
    assert.match(capped.stoppedEarly ?? '', /20 connections/);
    const timed = await sweep(() => true, linear, { maxDurationMs: 30_000 });
    assert.match(timed.stoppedEarly ?? '', /time cap/);
    assert.ok(Math.max(...timed.attempts.map((a) => a.startMs + a.durationMs)) <= 30_000);
  });

  it('recovers any token bucket that the bursts trip, on linear and exponential clients (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0.3, max: 12, noNaN: true }),
        fc.constantFrom(linear, exponential),
        async (burst, rate, schedule) => {
          const r = await sweep(tokenBucket(burst, rate), schedule);
          // Every such bucket (at most 12 SYNs) is tripped by the burst of 16 at the latest.
          assert.equal(r.estimate.triggered, true);
          const e = r.estimate;
          assert.ok(
            e.burstAllowance.low <= burst && (e.burstAllowance.high ?? Infinity) >= burst,
            JSON.stringify({ burst, e }),
          );
          assert.ok(within(rate, e.sustainedPerSecond!), JSON.stringify({ rate, e }));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('sweep estimators on attempt lists', () => {
  const attempt = (startMs: number, connectMs: number | null, extra: Partial<SweepAttempt> = {}): SweepAttempt => ({
    phase: 'burst',
    round: 0,
    startMs,
    connectMs,
    durationMs: connectMs ?? 4000,
    ...classifyConnect(connectMs, RTT, linear),
    ...(connectMs === null ? { error: { code: 'DEADLINE', meaning: '' } } : {}),
    ...extra,
  });

  it('rebuilds the SYNs: a fast connect is one pass, k retransmissions are k drops then a pass, a timeout is all drops', () => {
    const events = synEvents([attempt(0, RTT + 0.5), attempt(0, 2040 + RTT), attempt(0, null)], linear, RTT);
    assert.deepEqual(
      events.map((e) => [Math.round(e.atMs), e.passed]),
      [
        [0, true],
        [0, false],
        [0, false],
        [1000, false],
        [1020, false],
        [2000, false],
        [2040, true],
        [3000, false],
      ],
    );
  });

  it('refusals are not filter evidence', () => {
    assert.deepEqual(synEvents([attempt(0, null, { error: { code: 'ECONNREFUSED', meaning: '' } })], linear, RTT), []);
  });

  it('a bucket that explains the events has no mismatches; a wrong one has some', () => {
    const events = [0, 0, 0, 1000, 1000].map((atMs, i) => ({ atMs, passed: i !== 2 && i !== 4 }));
    assert.deepEqual(bucketMismatches(events, 2, 1), { passes: 0, drops: 0 });
    assert.deepEqual(bucketMismatches(events, 3, 1), { passes: 0, drops: 2 });
    assert.deepEqual(bucketMismatches(events, 1, 1), { passes: 2, drops: 0 });
    assert.equal(fitTokenBucket(events.map((e) => ({ ...e, passed: true }))), null);
    const fit = fitTokenBucket(events);
    assert.equal(fit?.unexplained, 0);
    // Two SYNs at once pass, the third is dropped: exactly a bucket of 2. One more passes a second
    // later but not two: between 1 and 2 tokens came back in that second.
    assert.deepEqual(fit?.burst, { low: 2, high: 2 });
    assert.ok(fit && fit.rate.low === 1 && fit.rate.high === 2, JSON.stringify(fit));
  });

  it('losses no token bucket explains (random drops) are fitted as well as possible and counted', () => {
    const events = Array.from({ length: 40 }, (_, i) => ({ atMs: i * 500, passed: ![3, 4, 17, 30].includes(i) }));
    const fit = fitTokenBucket(events);
    assert.ok(fit !== null && fit.unexplained > 0, JSON.stringify(fit));
  });

  it('the block bracket: longest pause still lost, shortest longer pause that passed', () => {
    const pause = (pauseMs: number, connectMs: number | null) => attempt(0, connectMs, { phase: 'pause', pauseMs });
    assert.deepEqual(estimateBlock([pause(1000, null), pause(3000, 1020), pause(10_000, 21)]), {
      low: 3000,
      high: 10_000,
    });
    assert.deepEqual(estimateBlock([pause(1000, null)]), { low: 1000, high: null });
    assert.equal(estimateBlock([attempt(0, 21)]), null);
  });

  it('spaced connects that lose SYNs are counted: losses without rate are not a rate limit', () => {
    const e = estimateSweep(
      [attempt(0, 1020, { phase: 'spaced' }), attempt(2000, 21, { phase: 'spaced' })],
      linear,
      RTT,
    );
    assert.equal(e.spacedLost, 1);
  });
});
