import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { PausableDeadline } from '../../src/core/ssh/pausableDeadline';

describe('PausableDeadline (the connect-phase timer)', () => {
  let now = 0;
  const clock = (): number => now;
  const advance = (ms: number): void => {
    now += ms;
    mock.timers.tick(ms);
  };
  beforeEach(() => {
    now = 0;
    mock.timers.enable({ apis: ['setTimeout'] });
  });
  afterEach(() => mock.timers.reset());

  test('expires once its budget is spent', () => {
    let fired = 0;
    new PausableDeadline(1000, () => fired++, clock);
    advance(999);
    assert.equal(fired, 0);
    advance(1);
    advance(5000);
    assert.equal(fired, 1);
  });

  test('time spent in a prompt does not count', () => {
    let fired = 0;
    const d = new PausableDeadline(1000, () => fired++, clock);
    advance(600);
    const resume = d.pause();
    advance(60_000);
    assert.equal(fired, 0);
    resume();
    advance(399);
    assert.equal(fired, 0);
    advance(1);
    assert.equal(fired, 1);
  });

  test('nested pauses resume only when the last one ends; a second resume is harmless', () => {
    let fired = 0;
    const d = new PausableDeadline(100, () => fired++, clock);
    const a = d.pause();
    const b = d.pause();
    a();
    a();
    advance(1000);
    assert.equal(fired, 0);
    b();
    advance(100);
    assert.equal(fired, 1);
  });

  test('during() pauses around an async prompt', async () => {
    let fired = 0;
    const d = new PausableDeadline(100, () => fired++, clock);
    let answer!: (v: string) => void;
    const asked = d.during(() => new Promise<string>((r) => (answer = r)));
    advance(10_000);
    assert.equal(fired, 0);
    answer('yes');
    assert.equal(await asked, 'yes');
    advance(100);
    assert.equal(fired, 1);
  });

  test('cancel stops it for good; a budget of 0 never fires', () => {
    let fired = 0;
    const d = new PausableDeadline(100, () => fired++, clock);
    d.cancel();
    d.pause()();
    new PausableDeadline(0, () => fired++, clock);
    advance(1000);
    assert.equal(fired, 0);
  });
});
