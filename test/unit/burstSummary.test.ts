import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { frontProbability, summarizeBurst, type BurstAttempt } from '../../src/core/probes/burstSummary';
import { baselineFromSamples, fastestConnect } from '../../src/core/probes/burst';
import { classifyConnect, clientSynSchedule } from '../../src/core/probes/synSchedule';
import { wilsonInterval } from '../../src/core/probes/stats';

const linear = clientSynSchedule({
  platform: 'linux',
  readSysctl: (n) => ({ 'net.ipv4.tcp_syn_linear_timeouts': '4', 'net.ipv4.tcp_syn_retries': '6' })[n],
});

/** Attempts from recorded connect times (ms, null = failed with the given code), classified as runBurst does. */
function attemptsFrom(times: (number | null)[], baseline = 0.2, code = 'DEADLINE'): BurstAttempt[] {
  return times.map((connectMs, index) => ({
    index,
    startMs: index * 5,
    connectMs,
    ...classifyConnect(connectMs, baseline, linear),
    ...(connectMs === null ? { error: { code, meaning: 'x' } } : {}),
  }));
}

describe('summarizeBurst', () => {
  it('the seed signature: 3 fast then 29 at ~1020 ms is front-fast-then-delayed', () => {
    const s = summarizeBurst(attemptsFrom([0.4, 0.3, 0.5, ...Array.from({ length: 29 }, (_, i) => 1018 + (i % 7))]));
    assert.equal(s.attempts, 32);
    assert.equal(s.delayed, 29);
    assert.equal(s.failed, 0);
    assert.deepEqual(s.histogram, { '0': 3, '1': 29 });
    assert.equal(s.firstDelayedIndex, 3);
    assert.equal(s.positionSignature, 'front-fast-then-delayed');
    assert.deepEqual(s.delayedCi95, wilsonInterval(29, 32));
  });

  it('all fast: no delays, signature none, interval from 0', () => {
    const s = summarizeBurst(attemptsFrom(Array.from({ length: 20 }, () => 0.3)));
    assert.equal(s.delayed, 0);
    assert.equal(s.firstDelayedIndex, null);
    assert.equal(s.positionSignature, 'none');
    assert.equal(s.delayedCi95[0], 0);
    assert.ok(Math.abs(s.delayedCi95[1] - 0.161) < 0.001, 'reference §4.1: 0/20 -> 0 - 16.1 %');
  });

  it('scattered delays (random path loss) are random', () => {
    const times = Array.from({ length: 32 }, (_, i) => ([2, 11, 19, 27].includes(i) ? 1021 : 0.3));
    const s = summarizeBurst(attemptsFrom(times));
    assert.equal(s.delayed, 4);
    assert.equal(s.firstDelayedIndex, 2);
    assert.equal(s.positionSignature, 'random');
  });

  it('a delay on the very first attempt is never front-fast', () => {
    const s = summarizeBurst(attemptsFrom([1020, 1020, 0.3, 1020, 1020, 1020]));
    assert.equal(s.firstDelayedIndex, 0);
    assert.equal(s.positionSignature, 'random');
  });

  it('timeouts count as lost SYNs for the position, as failures for the totals; refusals do not', () => {
    const s = summarizeBurst(attemptsFrom([0.3, 0.3, 0.3, 0.3, ...Array.from({ length: 12 }, () => null)]));
    assert.equal(s.failed, 12);
    assert.equal(s.delayed, 0);
    assert.equal(s.histogram.failed, 12);
    assert.equal(s.firstDelayedIndex, 4);
    assert.equal(s.positionSignature, 'front-fast-then-delayed');
    const refused = summarizeBurst(attemptsFrom([null, null, null], 0.2, 'ECONNREFUSED'));
    assert.equal(refused.failed, 3);
    assert.equal(refused.firstDelayedIndex, null);
    assert.equal(refused.positionSignature, 'none');
  });

  it('latency that matches no point is its own histogram bucket and not a delay', () => {
    const s = summarizeBurst(attemptsFrom([0.3, 600, 1500, 2040]));
    assert.deepEqual(s.histogram, { '0': 1, latency: 2, '2': 1 });
    assert.equal(s.delayed, 1);
  });

  it('HTTP mode counts connections whose request failed', () => {
    const a = attemptsFrom([0.3, 0.3]);
    a[1].error = { code: 'HTTP_RESPONSE', meaning: 'x' };
    assert.equal(summarizeBurst(a, 'http').responseFailed, 1);
    assert.equal(summarizeBurst(a, 'tcp').responseFailed, undefined);
  });

  it('the recorded busy-listener burst (loopback, backlog 1) classifies every attempt as k = 0 or k = 1', () => {
    const rec = JSON.parse(
      readFileSync(new URL('../fixtures/probes/busyListenerBurst.json', import.meta.url), 'utf8'),
    ) as { baselineRttMs: number; attempts: { index: number; startMs: number; connectMs: number }[] };
    const attempts = rec.attempts.map((a) => ({ ...a, ...classifyConnect(a.connectMs, rec.baselineRttMs, linear) }));
    const s = summarizeBurst(attempts);
    assert.equal(s.attempts, 32);
    assert.deepEqual(s.histogram, { '0': 16, '1': 16 });
    assert.equal(s.firstDelayedIndex, 1);
    // Delays come and go with the listener's accept windows, not only after the front.
    assert.equal(s.positionSignature, 'random');
  });

  it('counts always add up and the interval contains the delayed fraction (property)', () => {
    const time = fc.oneof(fc.constant(null), fc.double({ min: 0, max: 12_000, noNaN: true }));
    fc.assert(
      fc.property(fc.array(time, { maxLength: 64 }), (times) => {
        const s = summarizeBurst(attemptsFrom(times));
        assert.equal(
          Object.values(s.histogram).reduce((x, y) => x + y, 0),
          times.length,
        );
        assert.ok(s.delayed + s.failed <= s.attempts);
        const p = s.attempts === 0 ? 0 : s.delayed / s.attempts;
        assert.ok(s.delayedCi95[0] <= p + 1e-12 && p <= s.delayedCi95[1] + 1e-12);
        if (s.positionSignature === 'none') assert.equal(s.firstDelayedIndex, null);
      }),
      { numRuns: 200 },
    );
  });
});

describe('frontProbability', () => {
  it('is C(n-m, l) / C(n, l)', () => {
    assert.ok(Math.abs(frontProbability(32, 29, 3) - 1 / 4960) < 1e-15);
    assert.ok(Math.abs(frontProbability(10, 1, 3) - 0.7) < 1e-15);
    assert.equal(frontProbability(10, 8, 3), 0);
    assert.equal(frontProbability(10, 3, 0), 1);
  });
});

describe('baselineFromSamples', () => {
  it('is the median of the connects that did not wait for a retransmission', () => {
    assert.equal(baselineFromSamples([12, 10, 11], 1000), 11);
    assert.equal(baselineFromSamples([0.4, 1020, 0.6], 1000), 0.4);
    assert.equal(baselineFromSamples([250, 1250, 2250], 1000), 250);
    assert.equal(baselineFromSamples([], 1000), 0);
  });
});

describe('baseline from the run itself', () => {
  it('takes the fastest connect, and gives up when every connect waited for a retransmission', () => {
    const linear = clientSynSchedule({
      platform: 'linux',
      readSysctl: (n) =>
        n === 'net.ipv4.tcp_syn_linear_timeouts' ? '4' : n === 'net.ipv4.tcp_syn_retries' ? '6' : undefined,
    });
    assert.equal(fastestConnect([12.5, null, 1012, 3.2, 2040], linear), 3.2);
    assert.equal(fastestConnect([1003, 1010, null], linear), undefined);
    assert.equal(fastestConnect([null, null], linear), undefined);
  });
});
