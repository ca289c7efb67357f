import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ChannelQueue, type ReleaseSlot } from '../../src/core/ssh/channelQueue';

const aborted = (): Error => new Error('aborted');
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('ChannelQueue', () => {
  test('grants up to the limit at once and queues the rest in arrival order', async () => {
    const q = new ChannelQueue(3);
    const order: number[] = [];
    const slots = Array.from({ length: 5 }, (_, i) =>
      q.acquire(undefined, aborted).then((release) => (order.push(i), release)),
    );
    await tick();
    assert.deepEqual(order, [0, 1, 2]);
    assert.equal(q.running, 3);
    assert.equal(q.waiting, 2);
    (await slots[1])();
    await tick();
    assert.deepEqual(order, [0, 1, 2, 3]);
    assert.equal(q.running, 3);
    (await slots[0])();
    (await slots[2])();
    await tick();
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.equal(q.running, 2);
  });

  test('releasing twice frees one slot only', async () => {
    const q = new ChannelQueue(1);
    const release = await q.acquire(undefined, aborted);
    const next = q.acquire(undefined, aborted);
    release();
    release();
    await next;
    assert.equal(q.running, 1);
    assert.equal(q.waiting, 0);
  });

  test('an aborted waiter leaves the queue and rejects with the abort error', async () => {
    const q = new ChannelQueue(1);
    const first = await q.acquire(undefined, aborted);
    const ac = new AbortController();
    const waiting = q.acquire(ac.signal, aborted);
    const behind = q.acquire(undefined, aborted);
    ac.abort();
    await assert.rejects(waiting, /aborted/);
    assert.equal(q.waiting, 1);
    first();
    await behind;
    assert.equal(q.running, 1);
  });

  test('an already aborted signal is refused at once', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(new ChannelQueue(2).acquire(ac.signal, aborted), /aborted/);
  });

  test('rejectWaiting fails every waiter but keeps held slots', async () => {
    const q = new ChannelQueue(1);
    await q.acquire(undefined, aborted);
    const a = q.acquire(undefined, aborted);
    const b = q.acquire(undefined, aborted);
    q.rejectWaiting(new Error('gone'));
    await assert.rejects(a, /gone/);
    await assert.rejects(b, /gone/);
    assert.equal(q.running, 1);
  });

  test('rejects a limit that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => new ChannelQueue(bad), RangeError);
  });

  test('property: running never exceeds the limit and every request is eventually served', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 40 }),
        async (limit, holdTicks) => {
          const q = new ChannelQueue(limit);
          let peak = 0;
          let served = 0;
          await Promise.all(
            holdTicks.map(async (hold) => {
              const release: ReleaseSlot = await q.acquire(undefined, aborted);
              peak = Math.max(peak, q.running);
              for (let i = 0; i < hold; i++) await tick();
              served++;
              release();
            }),
          );
          assert.ok(peak <= limit);
          assert.equal(served, holdTicks.length);
          assert.equal(q.running, 0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
