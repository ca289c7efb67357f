import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compactNumber, formatDuration } from '../../src/shared/units';
import { statusView } from '../../src/host/status/statusModel';
import { formatMessage as t } from './fakeTranslate';
import { SEED, viewOf, withFailcnt } from './hostFixtures';

const connected = { kind: 'connected' as const, sinceMs: 0 };

describe('status bar text', () => {
  it('shows the fastest-growing failcnt per minute with the worst severity', () => {
    // +12 in 10 s = 72 per minute; +1200 in 60 s = 1.2k per minute.
    const slow = viewOf(withFailcnt(SEED, 'tcpsndbuf', 1_779_671), { prev: SEED, stepMs: 10_000 });
    assert.equal(statusView('vps1', connected, slow, t)!.text, '$(error) tcpsndbuf +72/min');
    const both = withFailcnt(withFailcnt(SEED, 'tcpsndbuf', 1_779_659 + 1200), 'tcprcvbuf', 92);
    const v = statusView('vps1', connected, viewOf(both, { prev: SEED, stepMs: 60_000 }), t)!;
    assert.equal(v.text, '$(error) tcpsndbuf +1.2k/min (+1 more)');
    assert.equal(v.severity, 'critical');
  });

  it('summarises a quiet host by its worst severity', () => {
    const quiet = statusView('vps1', connected, viewOf(SEED, { prev: SEED }), t)!;
    assert.equal(quiet.severity, 'warn');
    assert.match(quiet.text, /^\$\(warning\) vps1 \d+ to check$/);
  });

  it('follows the connection state and hides for a host not in use', () => {
    assert.equal(statusView('vps1', undefined, undefined, t), undefined);
    assert.equal(statusView('vps1', { kind: 'idle' }, undefined, t), undefined);
    assert.equal(statusView('vps1', { kind: 'connecting' }, undefined, t)!.text, '$(loading~spin) vps1');
    assert.equal(
      statusView('vps1', { kind: 'reconnecting', attempt: 1, nextAttemptInMs: 1, lastError: 'x' }, undefined, t)!
        .severity,
      'warn',
    );
    const failed = statusView(
      'vps1',
      { kind: 'failed', error: { kind: 'auth', message: 'Login failed.', retryable: false } },
      undefined,
      t,
    )!;
    assert.equal(failed.text, '$(error) vps1');
    assert.match(failed.tooltip, /Login failed\./);
  });

  it('never lets a host name add icons', () => {
    assert.equal(
      statusView('$(bug)evil', { kind: 'connecting' }, undefined, t)!.text,
      '$(loading~spin) $\u200b(bug)evil',
    );
  });

  it('formats compact numbers and durations', () => {
    assert.deepEqual([0, 7, 950, 1234, 12_345, 999_950, 1_800_000, 3.14].map(compactNumber), [
      '0',
      '7',
      '950',
      '1.2k',
      '12k',
      '1M',
      '1.8M',
      '3.1',
    ]);
    assert.deepEqual([0, 40_000, 300_000, 7_200_000, 3 * 86_400_000].map(formatDuration), [
      '0 s',
      '40 s',
      '5 min',
      '2 h',
      '3 d',
    ]);
  });
});
