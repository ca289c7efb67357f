import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  lossRuns,
  nearestRankPercentile,
  populationStdDev,
  probesToDetect,
  rttStats,
  wilsonInterval,
  Z95,
} from '../../src/core/probes/stats';

/** docs/method.md §4.1, "Worked values": lost, sent, lower %, upper %. */
const WORKED: [number, number, number, number][] = [
  [0, 20, 0, 16.1],
  [0, 50, 0, 7.1],
  [0, 100, 0, 3.7],
  [0, 200, 0, 1.9],
  [1, 25, 0.7, 19.5],
  [2, 50, 1.1, 13.5],
  [4, 100, 1.6, 9.8],
  [8, 200, 2.0, 7.7],
  [20, 500, 2.6, 6.1],
];

const pct = (x: number): number => Math.round(x * 1000) / 10;

test('the Wilson interval reproduces the table of docs/method.md §4.1 to 0.1 %', () => {
  for (const [lost, sent, lo, hi] of WORKED) {
    const [a, b] = wilsonInterval(lost, sent);
    assert.deepEqual([pct(a), pct(b)], [lo, hi], `${lost}/${sent}`);
  }
});

test('with no losses the upper bound is z²/(n + z²), and with all lost the interval mirrors it', () => {
  for (const n of [1, 10, 37, 100, 1000]) {
    const [lo, hi] = wilsonInterval(0, n);
    assert.equal(lo, 0);
    assert.ok(Math.abs(hi - (Z95 * Z95) / (n + Z95 * Z95)) < 1e-12, `n=${n}`);
    const [lo2, hi2] = wilsonInterval(n, n);
    assert.equal(hi2, 1);
    assert.ok(Math.abs(lo2 - (1 - hi)) < 1e-12);
  }
});

test('the Wilson interval knows nothing from nothing and refuses impossible counts', () => {
  assert.deepEqual(wilsonInterval(0, 0), [0, 1]);
  assert.throws(() => wilsonInterval(5, 4), RangeError);
  assert.throws(() => wilsonInterval(-1, 4), RangeError);
  assert.throws(() => wilsonInterval(1.5, 4), RangeError);
  assert.throws(() => wilsonInterval(1, 4, 0), RangeError);
  assert.throws(() => wilsonInterval(1, Number.NaN), RangeError);
});

const counts = fc.integer({ min: 1, max: 5000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

test('property: the interval lies in [0, 1] and contains p̂', () => {
  fc.assert(
    fc.property(counts, ([k, n]) => {
      const [lo, hi] = wilsonInterval(k, n);
      return lo >= 0 && hi <= 1 && lo <= k / n && k / n <= hi;
    }),
    { numRuns: 200 },
  );
});

test('property: the interval narrows as n grows at the same p̂', () => {
  fc.assert(
    fc.property(counts, fc.integer({ min: 2, max: 20 }), ([k, n], m) => {
      const [lo, hi] = wilsonInterval(k, n);
      const [lo2, hi2] = wilsonInterval(k * m, n * m);
      return hi2 - lo2 < hi - lo;
    }),
    { numRuns: 200 },
  );
});

test('property: a wider z gives a wider interval', () => {
  fc.assert(
    fc.property(counts, ([k, n]) => {
      const [lo, hi] = wilsonInterval(k, n, 1.645);
      const [lo2, hi2] = wilsonInterval(k, n, 2.576);
      return lo2 <= lo && hi2 >= hi && hi2 - lo2 > hi - lo;
    }),
    { numRuns: 200 },
  );
});

test('nearest-rank percentiles take x[ceil(q·n)]', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  assert.equal(nearestRankPercentile(ten, 0.5), 5);
  assert.equal(nearestRankPercentile(ten, 0.95), 10);
  assert.equal(nearestRankPercentile(ten, 0.9), 9);
  assert.equal(nearestRankPercentile(ten, 0), 1);
  assert.equal(nearestRankPercentile(ten, 1), 10);
  assert.equal(nearestRankPercentile([15, 20, 35, 40, 50], 0.3), 20); // the textbook example: rank ceil(1.5) = 2
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(nearestRankPercentile(hundred, 0.07), 7); // 0.07 × 100 is 7.000000000000001 in floating point
  assert.equal(nearestRankPercentile([], 0.5), null);
  assert.throws(() => nearestRankPercentile(ten, 1.5), RangeError);
  assert.throws(() => nearestRankPercentile(ten, Number.NaN), RangeError);
});

test('property: a percentile is an element, at least as many values lie at or below it as q asks, and it grows with q', () => {
  const sortedList = fc
    .array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 300 })
    .map((a) => a.sort((x, y) => x - y));
  fc.assert(
    fc.property(
      sortedList,
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (xs, q1, q2) => {
        const v = nearestRankPercentile(xs, q1);
        if (v === null || !xs.includes(v)) return false;
        const atOrBelow = xs.filter((x) => x <= v).length;
        const lo = Math.min(q1, q2);
        const hi = Math.max(q1, q2);
        return atOrBelow >= q1 * xs.length - 1e-6 && nearestRankPercentile(xs, lo)! <= nearestRankPercentile(xs, hi)!;
      },
    ),
    { numRuns: 200 },
  );
});

test('population standard deviation is what iputils calls mdev', () => {
  assert.equal(populationStdDev([2, 4, 4, 4, 5, 5, 7, 9]), 2);
  assert.equal(populationStdDev([3]), 0);
  assert.equal(populationStdDev([]), null);
  // The one-pass formula of §4.2 agrees with the two-pass one on well-scaled data.
  const xs = [0.028, 0.036, 0.038, 0.035, 0.036];
  const n = xs.length;
  const onePass = Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / n - (xs.reduce((s, x) => s + x, 0) / n) ** 2);
  assert.ok(Math.abs(populationStdDev(xs)! - onePass) < 1e-9);
});

test('rttStats summarises the times in any order, and nothing from nothing', () => {
  const s = rttStats([30, 10, 20, 40]);
  assert.deepEqual(s, { min: 10, avg: 25, max: 40, mdev: Math.sqrt(125), p50: 20, p95: 40 });
  assert.equal(rttStats([]), null);
});

test('loss runs count episodes and the longest run', () => {
  const t = true;
  const f = false;
  assert.deepEqual(lossRuns([]), { episodes: 0, longestRun: 0 });
  assert.deepEqual(lossRuns([f, f, f]), { episodes: 0, longestRun: 0 });
  assert.deepEqual(lossRuns([t, t, f, t, f, f, t, t, t]), { episodes: 3, longestRun: 3 });
  assert.deepEqual(lossRuns([t, t, t, t]), { episodes: 1, longestRun: 4 });
});

test('property: runs against a direct count of run boundaries', () => {
  fc.assert(
    fc.property(fc.array(fc.boolean(), { maxLength: 500 }), (lost) => {
      const { episodes, longestRun } = lossRuns(lost);
      const starts = lost.filter((l, i) => l && (i === 0 || !lost[i - 1])).length;
      const joined = lost.map((l) => (l ? 'x' : '.')).join('');
      const longest = Math.max(0, ...joined.split('.').map((s) => s.length));
      const total = lost.filter(Boolean).length;
      return episodes === starts && longestRun === longest && longestRun <= total && episodes <= total;
    }),
    { numRuns: 200 },
  );
});

test('probes to see one loss of 4 %: 57 / 74 / 113 at 90 / 95 / 99 % (reference §4.1)', () => {
  assert.equal(probesToDetect(0.04, 0.9), 57);
  assert.equal(probesToDetect(0.04), 74);
  assert.equal(probesToDetect(0.04, 0.99), 113);
  assert.equal(probesToDetect(1), 1);
  assert.equal(probesToDetect(0.5, 0.5), 1); // ln 0.5 / ln 0.5 is exactly 1
  assert.throws(() => probesToDetect(0), RangeError);
  assert.throws(() => probesToDetect(0.04, 1), RangeError);
});

test('property: probesToDetect is the smallest n with 1 − (1 − p)^n >= confidence', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.001, max: 0.999, noNaN: true }),
      fc.double({ min: 0.01, max: 0.999, noNaN: true }),
      (p, conf) => {
        const n = probesToDetect(p, conf);
        const seen = (k: number): number => 1 - (1 - p) ** k;
        return seen(n) >= conf - 1e-9 && (n === 1 || seen(n - 1) < conf + 1e-9);
      },
    ),
    { numRuns: 200 },
  );
});
