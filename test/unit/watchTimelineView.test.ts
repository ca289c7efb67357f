import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostMessage } from '../../src/shared/protocol';
import { isTimelineView } from '../../src/shared/timelineView';
import { timelineView } from '../../src/core/watch/timelineView';
import { roundAt } from './watchFixtures';

const T = Date.UTC(2026, 10, 26, 20, 55);
const utc = (ms: number) => new Date(ms).toISOString().slice(11, 16);

test('the timeline view: per-round fractions, intervals, sockbuf failcnt growth, and the window sentence; it passes the protocol guard', () => {
  const filtered = {
    ...roundAt(2, T + 300_000, 'upstream-syn-filter'),
    server: {
      deltas: {
        'Tcp.PassiveOpens': 17,
        'ubc.101.tcpsndbuf.failcnt': 3,
        'ubc.101.othersockbuf.failcnt': 2,
        'ubc.101.numtcpsock.failcnt': 9,
      },
      control: true,
    },
  };
  const v = timelineView(
    'vps1',
    [filtered, roundAt(1, T, 'healthy'), roundAt(3, T + 600_000, null, { kind: 'unreachable', message: 'refused' })],
    utc,
  );
  assert.equal(v.title, 'VPS Doctor watch: vps1');
  assert.equal(
    v.headline,
    'In the round at 21:00 the SYN-drop signature was present in 1 of 1 round (Upstream SYN filter 1); before and after, 0 of 1. 1 round failed (no verdict).',
  );
  assert.deepEqual(
    v.rounds.map((r) => r.seq),
    [1, 2, 3],
    'oldest first',
  );
  const f = v.rounds[1]!;
  assert.equal(f.title, 'Upstream SYN filter');
  assert.equal(f.synDrop, true);
  assert.equal(f.delayed, 9 / 16);
  assert.deepEqual(f.delayedCi95, [0, 0.2]);
  assert.equal(f.pingLoss, 0);
  assert.equal(f.sockbufFailcnt, 5, 'tcpsndbuf + othersockbuf, not numtcpsock');
  assert.equal(f.connectP50, 0.4);
  const failed = v.rounds[2]!;
  assert.deepEqual(
    [failed.verdict, failed.delayed, failed.pingLoss, failed.sockbufFailcnt, failed.synDrop],
    [null, null, null, null, false],
  );
  assert.equal(failed.title, 'Unreachable: refused');
  assert.ok(isTimelineView(v));
  assert.deepEqual(parseHostMessage({ type: 'timeline', view: v }), { type: 'timeline', view: v });
  assert.equal(
    parseHostMessage({ type: 'timeline', view: { ...v, rounds: [{ ...f, delayedCi95: [0.5, 0.1] }] } }),
    undefined,
    'a malformed round is refused',
  );
  assert.equal(parseHostMessage({ type: 'timeline', view: { title: 'x', headline: 'y' } }), undefined);
});
