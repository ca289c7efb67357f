/** The caps of the probes that open connections, and the global exec cap, against a fake clock. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProbeCaps, Semaphore } from '../../src/core/exporter/probeCaps';
import type { MetricFamily, MetricSample } from '../../src/core/report/openMetricsWriter';
import { settle } from './sessionFakes';

describe('ProbeCaps', () => {
  const caps = { minIntervalMs: 300_000, maxSynsPerMinute: 20 };

  it('holds a second run of a module inside its min_interval, and says for how long', () => {
    let now = 0;
    const c = new ProbeCaps(() => now);
    assert.deepEqual(c.tryStart('a', 'burst', caps, 9), { ok: true });
    now = 60_000;
    assert.deepEqual(c.tryStart('a', 'burst', caps, 9), { ok: false, reason: 'min_interval', retryInMs: 240_000 });
    // Another target is not held by it.
    assert.deepEqual(c.tryStart('b', 'burst', caps, 9), { ok: true });
    now = 300_000;
    assert.deepEqual(c.tryStart('a', 'burst', caps, 9), { ok: true });
  });

  it('counts new connections per target over every module, for a sliding minute', () => {
    let now = 0;
    const c = new ProbeCaps(() => now);
    const loose = { minIntervalMs: 0, maxSynsPerMinute: 20 };
    assert.equal(c.tryStart('a', 'burst', loose, 9).ok, true);
    now = 10_000;
    assert.equal(c.tryStart('a', 'diagnose', loose, 9).ok, true);
    assert.equal(c.synsInLastMinute('a'), 18);
    now = 20_000;
    // 18 + 9 > 20: held until the first run (at 0) leaves the minute, at 60 s.
    assert.deepEqual(c.tryStart('a', 'burst', loose, 9), { ok: false, reason: 'syn_budget', retryInMs: 40_000 });
    assert.equal(c.tryStart('b', 'burst', loose, 9).ok, true);
    now = 60_000;
    assert.equal(c.synsInLastMinute('a'), 9);
    assert.equal(c.tryStart('a', 'burst', loose, 9).ok, true);
    // A refused attempt books nothing.
    assert.equal(c.synsInLastMinute('a'), 18);
  });

  it('never lets a burst every scrape exceed the budget, whatever the scrape interval', () => {
    for (const scrapeMs of [1000, 5000, 15_000, 59_000]) {
      let now = 0;
      const c = new ProbeCaps(() => now);
      const cap = { minIntervalMs: 0, maxSynsPerMinute: 20 };
      const starts: number[] = [];
      for (; now < 3_600_000; now += scrapeMs) if (c.tryStart('a', 'burst', cap, 9).ok) starts.push(now);
      for (const t of starts)
        assert.ok(starts.filter((s) => s > t - 60_000 && s <= t).length * 9 <= 20, `scrape every ${scrapeMs} ms`);
      assert.ok(starts.length > 0);
    }
  });
});

describe('Semaphore', () => {
  it('lets at most `limit` run at once, the rest in arrival order', async () => {
    const s = new Semaphore(2);
    const release: (() => void)[] = [];
    const order: number[] = [];
    let running = 0;
    let most = 0;
    const jobs = [0, 1, 2, 3, 4].map((i) =>
      s.run(async () => {
        running++;
        most = Math.max(most, running);
        order.push(i);
        await new Promise<void>((r) => release.push(r));
        running--;
      }),
    );
    await settle();
    assert.deepEqual([s.inUse, s.queued, order], [2, 3, [0, 1]]);
    while (order.length < 5 || release.length > 0) {
      release.shift()?.();
      await settle();
    }
    await Promise.all(jobs);
    assert.equal(most, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.deepEqual([s.inUse, s.queued], [0, 0]);
  });

  it('frees the slot when the job throws', async () => {
    const s = new Semaphore(1);
    await assert.rejects(
      s.run(() => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await s.run(async () => 7), 7);
    assert.equal(s.inUse, 0);
  });
});

describe('histogram families in the metrics writer', () => {
  it('renders buckets, count and sum in both dialects, and refuses a malformed one', async () => {
    const { renderMetrics } = await import('../../src/core/report/openMetricsWriter');
    const samples: MetricSample[] = [
      { labels: { le: '1' }, value: 2, suffix: '_bucket' },
      { labels: { le: '+Inf' }, value: 3, suffix: '_bucket' },
      { labels: {}, value: 3, suffix: '_count' },
      { labels: {}, value: 4.5, suffix: '_sum' },
    ];
    const h: MetricFamily = { name: 'x_seconds', type: 'histogram', unit: 'seconds', help: 'h', samples };
    assert.equal(
      renderMetrics([h], 'prometheus'),
      '# HELP x_seconds h\n# TYPE x_seconds histogram\nx_seconds_bucket{le="1"} 2\nx_seconds_bucket{le="+Inf"} 3\nx_seconds_count 3\nx_seconds_sum 4.5\n',
    );
    assert.match(renderMetrics([h], 'openmetrics'), /^# TYPE x_seconds histogram\n# UNIT x_seconds seconds\n/m);
    assert.throws(
      () => renderMetrics([{ ...h, samples: [{ labels: {}, value: 1, suffix: '_bucket' as const }] }], 'prometheus'),
      /exactly the buckets an le label/,
    );
    assert.throws(
      () => renderMetrics([{ ...h, samples: [{ labels: {}, value: 1 }] }], 'prometheus'),
      /every sample needs a suffix/,
    );
    assert.throws(
      () =>
        renderMetrics(
          [{ name: 'g', type: 'gauge', help: 'g', samples: [{ labels: {}, value: 1, suffix: '_sum' as const }] }],
          'prometheus',
        ),
      /suffix/,
    );
  });
});
