import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { containerRestarted, diffBeancounters, type ResourceDelta } from '../../src/core/beancounters/delta';
import type { BeancounterTable } from '../../src/core/beancounters/types';
import { parseFixture, withRow } from './beancountersFixtures';

const seed = parseFixture('seed');
const find = (deltas: ResourceDelta[], name: string, containerId = '12345') => {
  const d = deltas.find((x) => x.name === name && x.containerId === containerId);
  assert.ok(d, `no delta for ${containerId}/${name}`);
  return d;
};

test('growth between samples: delta and rate per minute', () => {
  const cur = withRow(seed, '12345', 'tcpsndbuf', { failcnt: 1779659 + 6000 });
  const deltas = diffBeancounters(seed, cur, 120);
  assert.equal(deltas.length, 20);
  assert.deepEqual(find(deltas, 'tcpsndbuf'), {
    containerId: '12345',
    name: 'tcpsndbuf',
    failcntDelta: 6000,
    reset: false,
    ratePerMinute: 3000,
  });
  assert.deepEqual(find(deltas, 'tcprcvbuf'), {
    containerId: '12345',
    name: 'tcprcvbuf',
    failcntDelta: 0,
    reset: false,
    ratePerMinute: 0,
  });
});

test('failcnt going down means the container restarted: every row resets to its new value', () => {
  let cur = withRow(seed, '12345', 'tcpsndbuf', { failcnt: 500, maxheld: 400000 });
  cur = withRow(cur, '12345', 'tcprcvbuf', { failcnt: 0 });
  const deltas = diffBeancounters(seed, cur, 30);
  assert.deepEqual(find(deltas, 'tcpsndbuf'), {
    containerId: '12345',
    name: 'tcpsndbuf',
    failcntDelta: 500,
    reset: true,
    ratePerMinute: 1000,
  });
  assert.equal(find(deltas, 'tcprcvbuf').failcntDelta, 0);
  // dgramrcvbuf kept 82, but after a restart those 82 are new failures, not a stale baseline.
  assert.deepEqual(find(deltas, 'dgramrcvbuf'), {
    containerId: '12345',
    name: 'dgramrcvbuf',
    failcntDelta: 82,
    reset: true,
    ratePerMinute: 164,
  });
  assert.ok(deltas.every((d) => d.reset));
});

test('a restart is recognised by maxheld dropping even when failcnt has climbed past its old value', () => {
  let cur = withRow(seed, '12345', 'numproc', { maxheld: 50 });
  cur = withRow(cur, '12345', 'tcpsndbuf', { failcnt: 1779659 + 10 });
  assert.equal(containerRestarted(seed.containers[0], cur.containers[0]), true);
  assert.equal(find(diffBeancounters(seed, cur, 60), 'tcpsndbuf').failcntDelta, 1779669);
  assert.equal(containerRestarted(seed.containers[0], seed.containers[0]), false);
});

test('rate is null when the elapsed time is not a positive number', () => {
  const cur = withRow(seed, '12345', 'tcpsndbuf', { failcnt: 1779659 + 5 });
  for (const elapsed of [0, -3, Number.NaN, Number.POSITIVE_INFINITY]) {
    const d = find(diffBeancounters(seed, cur, elapsed), 'tcpsndbuf');
    assert.equal(d.failcntDelta, 5);
    assert.equal(d.ratePerMinute, null, String(elapsed));
  }
});

test('host node: a container that appeared counts everything since it started; a stopped one drops out', () => {
  const host = parseFixture('hostNode');
  const prev: BeancounterTable = { ...host, containers: host.containers.filter((c) => c.id !== '101') };
  const cur: BeancounterTable = { ...host, containers: host.containers.filter((c) => c.id !== '0') };
  const deltas = diffBeancounters(prev, cur, 60);
  assert.deepEqual(find(deltas, 'tcpsndbuf', '101'), {
    containerId: '101',
    name: 'tcpsndbuf',
    failcntDelta: 2801251,
    reset: true,
    ratePerMinute: 2801251,
  });
  assert.ok(deltas.every((d) => d.containerId !== '0'));
  const vz7 = deltas.filter((d) => d.containerId === '4f7e4c2a-0d2b-4cf3-9a53-6b1b5a3e9c10');
  assert.equal(vz7.length, 20);
  assert.ok(vz7.every((d) => !d.reset && d.failcntDelta === 0));
});

test('a resource without a baseline row is left out rather than reported as not growing', () => {
  const prev = {
    ...seed,
    containers: [
      { ...seed.containers[0], resources: seed.containers[0].resources.filter((r) => r.name !== 'tcpsndbuf') },
    ],
  };
  const deltas = diffBeancounters(prev, seed, 60);
  assert.equal(deltas.length, 19);
  assert.equal(
    deltas.find((d) => d.name === 'tcpsndbuf'),
    undefined,
  );
});

test('property: deltas are never negative and equal the difference unless reset', () => {
  const failcnts = fc.array(fc.nat({ max: 1e9 }), { minLength: 20, maxLength: 20 });
  fc.assert(
    fc.property(failcnts, failcnts, fc.integer({ min: -10, max: 3600 }), (a, b, elapsed) => {
      const set = (values: number[]): BeancounterTable => ({
        ...seed,
        containers: [
          {
            ...seed.containers[0],
            resources: seed.containers[0].resources.map((r, k) => ({ ...r, failcnt: values[k] })),
          },
        ],
      });
      const deltas = diffBeancounters(set(a), set(b), elapsed);
      const reset = b.some((v, k) => v < a[k]);
      deltas.forEach((d, k) => {
        assert.ok(d.failcntDelta >= 0);
        assert.equal(d.reset, reset);
        assert.equal(d.failcntDelta, reset ? b[k] : b[k] - a[k]);
        assert.equal(d.ratePerMinute, elapsed > 0 ? (d.failcntDelta * 60) / elapsed : null);
      });
    }),
    { numRuns: 200 },
  );
});
