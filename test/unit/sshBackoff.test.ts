import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ReconnectBackoff } from '../../src/core/ssh/reconnectBackoff';
import { SshError, type SshErrorKind } from '../../src/core/ssh/sshErrors';

const dropped = new SshError('closed', 'link dropped');
const cutEarly = new SshError('protocol', 'closed before handshake', { cutBeforeHandshake: true });

/** A backoff whose random source replays `values` and whose clock is set by the test. */
function backoffWith(values: number[], extra: Partial<ConstructorParameters<typeof ReconnectBackoff>[0]> = {}) {
  let t = 0;
  let i = 0;
  const b = new ReconnectBackoff({ random: () => values[i++ % values.length], now: () => t, ...extra });
  return { b, advance: (ms: number) => (t += ms) };
}

describe('ReconnectBackoff', () => {
  test('the ceiling doubles from 1 s and stops at 60 s', () => {
    const { b } = backoffWith([0.999999]);
    const delays = Array.from({ length: 9 }, () => b.next(dropped));
    assert.deepEqual(delays, [999, 1999, 3999, 7999, 15999, 31999, 59999, 59999, 59999]);
  });

  test('full jitter: a random 0 gives no wait and 0.5 half the ceiling', () => {
    const { b } = backoffWith([0, 0.5, 0.5]);
    assert.deepEqual([b.next(dropped), b.next(dropped), b.next(dropped)], [0, 1000, 2000]);
  });

  test('after a cut before the banner the wait is at least the 15 s penalty floor', () => {
    const { b } = backoffWith([0, 0.999999]);
    assert.equal(b.next(cutEarly), 15_000);
    assert.equal(b.next(cutEarly), 15_000); // ceiling 2 s, floor wins
    const late = backoffWith([0.999999]).b;
    for (let i = 0; i < 6; i++) late.next(dropped);
    assert.equal(late.next(cutEarly), 59_999); // above the floor, jitter wins
  });

  test('errors that retrying cannot fix are never retried', () => {
    const never: SshErrorKind[] = [
      'auth',
      'hostKeyUnknown',
      'hostKeyChanged',
      'hostKeyRevoked',
      'hostKeyDeclined',
      'hostKeyUnsupported',
      'dns',
      'permission',
      'algorithm',
      'cancelled',
      'config',
    ];
    for (const kind of never) {
      const { b } = backoffWith([0.5]);
      assert.equal(b.next(new SshError(kind, kind)), undefined, kind);
      assert.equal(b.attempts, 0);
    }
    for (const kind of ['timeout', 'refused', 'unreachable', 'protocol', 'closed'] as const) {
      assert.notEqual(backoffWith([0.5]).b.next(new SshError(kind, kind)), undefined, kind);
    }
  });

  test('a handshake failure marked not retryable stops the loop', () => {
    assert.equal(backoffWith([0.5]).b.next(new SshError('protocol', 'bad signature', { retryable: false })), undefined);
  });

  test('gives up after maxAttempts failures in a row', () => {
    const { b } = backoffWith([0.5], { maxAttempts: 3 });
    assert.deepEqual(
      [b.next(dropped), b.next(dropped), b.next(dropped), b.next(dropped)].map((d) => d !== undefined),
      [true, true, true, false],
    );
  });

  test('a connection healthy for 60 s resets the schedule; a shorter one does not', () => {
    const { b, advance } = backoffWith([0.999999]);
    b.next(dropped);
    b.next(dropped);
    b.connected();
    advance(59_999);
    b.disconnected();
    assert.equal(b.next(dropped), 3999); // third failure in a row
    b.connected();
    advance(60_000);
    b.disconnected();
    assert.equal(b.attempts, 0);
    assert.equal(b.next(dropped), 999);
  });

  test('reset starts over', () => {
    const { b } = backoffWith([0.999999]);
    b.next(dropped);
    b.next(dropped);
    b.reset();
    assert.equal(b.next(dropped), 999);
  });

  test('property: every delay is a whole number within [0, min(cap, base*2^n)) or at the floor', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 120_000 }),
        (randoms, early, baseMs, capMs) => {
          const { b } = backoffWith(randoms, { baseMs, capMs, maxAttempts: 100 });
          early.forEach((isEarly, n) => {
            const d = b.next(isEarly ? cutEarly : dropped);
            assert.ok(d !== undefined && Number.isInteger(d) && d >= 0);
            const ceiling = Math.min(capMs, baseMs * 2 ** n);
            if (isEarly) assert.ok(d >= 15_000 && d <= Math.max(15_000, ceiling));
            else assert.ok(d < ceiling || (d === 0 && ceiling === 0));
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  test('a random source outside [0, 1) cannot stretch the wait past the ceiling', () => {
    for (const r of [1, 7, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const d = backoffWith([r]).b.next(dropped);
      assert.ok(d !== undefined && d >= 0 && d < 1000, String(r));
    }
  });
});
