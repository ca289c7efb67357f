/** The watch's scheduling against a virtual clock: the grid, one round at a time, skipped slots, the end. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSchedule } from '../../src/core/watch/watchSchedule';
import { FakeClock } from './watchFixtures';

const MIN = 60_000;

test('rounds start on the grid: at once, then every interval, until the duration has passed', async () => {
  const clock = new FakeClock(0);
  const starts: number[] = [];
  const out = await runSchedule({
    intervalMs: 5 * MIN,
    durationMs: 60 * MIN,
    clock,
    round: async () => {
      starts.push(clock.now());
      clock.t += 20_000;
    },
  });
  assert.deepEqual(
    starts,
    Array.from({ length: 12 }, (_, i) => i * 5 * MIN),
  );
  assert.deepEqual(out, { started: 12, skipped: 0, ended: 'duration' });
  // Each wait is the rest of the slot: the round's own 20 s are not added on top.
  assert.ok(clock.sleeps.every((ms) => ms === 5 * MIN - 20_000));
});

test('a round that overruns its slot: no second round meanwhile, the missed slots are skipped, the grid is kept', async () => {
  const clock = new FakeClock(0);
  const starts: number[] = [];
  let running = 0;
  let most = 0;
  const lengths = [1, 11, 1, 1].map((m) => m * MIN); // the second round takes 11 min of a 5-min slot
  await runSchedule({
    intervalMs: 5 * MIN,
    durationMs: 25 * MIN,
    clock,
    round: async (i) => {
      running++;
      most = Math.max(most, running);
      starts.push(clock.now());
      clock.t += lengths[i] ?? MIN;
      running--;
    },
  }).then((out) => assert.deepEqual(out, { started: 3, skipped: 2, ended: 'duration' }));
  assert.equal(most, 1, 'one round at a time');
  // The second round ends at 16 min: the slots at 10 and 15 are gone, the next round keeps the grid at 20.
  assert.deepEqual(
    starts.map((s) => s / MIN),
    [0, 5, 20],
  );
});

test('aborting while waiting ends the schedule at once, with no further round', async () => {
  const clock = new FakeClock(0);
  const ac = new AbortController();
  let rounds = 0;
  const out = await runSchedule({
    intervalMs: MIN,
    durationMs: 60 * MIN,
    clock,
    signal: ac.signal,
    round: async () => {
      rounds++;
      if (rounds === 3) ac.abort(new Error('Ctrl-C'));
    },
  });
  assert.equal(rounds, 3);
  assert.deepEqual(out, { started: 3, skipped: 0, ended: 'aborted' });
});

test('a round that rejects ends the schedule with its error; a non-positive interval is refused', async () => {
  const clock = new FakeClock(0);
  await assert.rejects(
    runSchedule({
      intervalMs: MIN,
      durationMs: 10 * MIN,
      clock,
      round: async () => {
        throw new Error('auth');
      },
    }),
    /auth/,
  );
  await assert.rejects(
    runSchedule({ intervalMs: 0, durationMs: MIN, clock, round: async () => undefined }),
    RangeError,
  );
});
