import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  humanPhrase,
  MAX_CONNECTIONS_PER_HOUR,
  MIN_INTERVAL_MS,
  parseDuration,
  planWatch,
  WatchBudgetError,
} from '../../src/core/watch/watchBudget';
import { renderPhrase } from '../../src/shared/l10n/phrase';

test('the defaults: a round every 5 min for 24 h, 32 connections 4 at a time plus the control, 20 pings; 396 connections an hour', () => {
  const p = planWatch({});
  assert.deepEqual(
    { ...p },
    {
      intervalMs: 300_000,
      durationMs: 86_400_000,
      count: 32,
      concurrency: 4,
      pingCount: 20,
      pingIntervalSeconds: 1,
      connectionsPerRound: 33,
      connectionsPerHour: 396,
      maxRounds: 288,
      maxConnectionsPerHour: MAX_CONNECTIONS_PER_HOUR,
    },
  );
});

test('the interval floor is 1 min; a lower floor only when passed explicitly (tests)', () => {
  assert.equal(MIN_INTERVAL_MS, 60_000);
  assert.throws(
    () => planWatch({ intervalMs: 59_999 }),
    (e: unknown) => e instanceof WatchBudgetError && /at least 1 min, got 60.0 s/.test(e.message),
  );
  assert.equal(planWatch({ intervalMs: 60_000 }).intervalMs, 60_000);
  assert.equal(
    planWatch({ intervalMs: 2000, count: 8 }, { minIntervalMs: 1000, maxConnectionsPerHour: 1e9 }).intervalMs,
    2000,
  );
});

test('the connections an hour are capped, and the refusal says which interval would fit', () => {
  // 65 connections a round every minute: 3,900 an hour.
  assert.throws(
    () => planWatch({ intervalMs: 60_000, count: 64 }),
    (e: unknown) =>
      e instanceof WatchBudgetError &&
      /65 connections a round every 1 min is 3900 new connections an hour, over the cap of 2400: use an interval of 2 min or more/.test(
        e.message,
      ),
  );
  assert.equal(planWatch({ intervalMs: 120_000, count: 64 }).connectionsPerHour, 1950);
  // At the floor, the default burst fits: 33 × 60 = 1,980.
  assert.equal(planWatch({ intervalMs: 60_000 }).connectionsPerHour, 1980);
  // A slot that does not divide the hour counts the rounds that can start in it (ceil).
  assert.equal(planWatch({ intervalMs: 7 * 60_000 }).connectionsPerHour, 33 * 9);
  assert.throws(() => planWatch({ count: 3000, intervalMs: 3_600_000 }), /use a smaller count/);
});

test('bad numbers are refused with the option to change; concurrency never exceeds the count', () => {
  assert.throws(() => planWatch({ durationMs: 0 }), /duration must be more than 0/);
  assert.throws(() => planWatch({ durationMs: 8 * 86_400_000 }), /at most 7 d/);
  assert.throws(() => planWatch({ count: 0 }), /burst count/);
  assert.throws(() => planWatch({ pingCount: -1 }), /ping count/);
  assert.throws(() => planWatch({ intervalMs: Number.NaN }), /interval/);
  assert.equal(planWatch({ count: 2, concurrency: 4 }).concurrency, 2);
});

test('durations: a number with a unit; anything else is undefined', () => {
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('5m'), 300_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('2d'), 172_800_000);
  assert.equal(parseDuration('250ms'), 250);
  for (const bad of ['5', '', 'm', '-5m', '5 min', '1e3s', '0s', '5mm'])
    assert.equal(parseDuration(bad), undefined, bad);
  assert.equal(renderPhrase(humanPhrase(300_000)), '5 min');
  assert.equal(renderPhrase(humanPhrase(86_400_000)), '1 d');
  assert.equal(renderPhrase(humanPhrase(90_000)), '90 s');
  assert.equal(renderPhrase(humanPhrase(1500)), '1.5 s');
});
