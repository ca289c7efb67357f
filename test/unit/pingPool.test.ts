import { test } from 'node:test';
import assert from 'node:assert/strict';
import { poolPings } from '../../src/core/probes/pingPool';
import { wilsonInterval } from '../../src/core/probes/stats';
import { pingOf } from './diagnosisFixtures';

test('pooled pings: totals, the Wilson interval over all probes, sequence numbers renumbered in order', () => {
  const a = pingOf(20, 2); // lost 10, 20
  const b = pingOf(20, 0);
  const c = pingOf(20, 1); // lost 20
  const p = poolPings([a, b, c], 'vps1, pooled over the last 3 rounds');
  assert.equal(p.host, 'vps1, pooled over the last 3 rounds');
  assert.equal(p.sent, 60);
  assert.equal(p.received, 57);
  assert.deepEqual(p.lostSeqs, [10, 20, 60]);
  assert.equal(p.replies.length, 57);
  assert.deepEqual(p.loss.ci95, wilsonInterval(3, 60));
  assert.equal(p.loss.fraction, 3 / 60);
  assert.equal(p.episodes, 3);
  assert.equal(p.rtt?.p50, 20);
});

test('a loss run across the end of one round and the start of the next is one episode', () => {
  const end = { ...pingOf(4, 0), lostSeqs: [4], replies: [1, 2, 3].map((seq) => ({ seq, rttMs: 5 })), received: 3 };
  // BusyBox and macOS number from 0.
  const start = { ...pingOf(4, 0), lostSeqs: [0], replies: [1, 2, 3].map((seq) => ({ seq, rttMs: 5 })), received: 3 };
  const p = poolPings([end, start], 'h');
  assert.deepEqual(p.lostSeqs, [4, 5]);
  assert.equal(p.episodes, 1);
  assert.equal(p.longestRun, 2);
});

test('one ping pools to itself under the new name; none is an error', () => {
  const a = pingOf(20, 1);
  assert.deepEqual(poolPings([a], 'x'), { ...a, host: 'x' });
  assert.throws(() => poolPings([], 'x'), RangeError);
});
