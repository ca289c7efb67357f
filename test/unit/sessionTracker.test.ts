import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSample } from '../../src/core/remote/parseSample';
import { buildSnapshot, type HostSnapshot } from '../../src/core/remote/snapshot';
import { SampleTracker } from '../../src/core/session/sampleTracker';
import { beancountersText, sampleFrame } from './sessionFakes';

const NONCE = '0123456789abcdef0123456789abcdef';

function snapshot(uptime: number, beancounters: string): HostSnapshot {
  const raw = parseSample(Buffer.from(sampleFrame(NONCE, uptime, beancounters)), NONCE);
  if (!raw.ok) throw new Error(raw.error.message);
  return buildSnapshot(raw.value);
}

const NODE = (ct101: number, ct102: number) => `Version: 2.5
       uid  resource                     held              maxheld              barrier                limit              failcnt
       101: tcpsndbuf                  1000                 2000              1720320              2703360              ${ct101}
            numtcpsock                    3                    5                  360                  360                    0
       102: tcpsndbuf                  1000                 2000              1720320              2703360              ${ct102}
            numtcpsock                    3                    5                  360                  360                    0
         0: tcpsndbuf                  1000                 2000  9223372036854775807  9223372036854775807                    0
`;

test('inside a container the buffer risk uses its beancounter rows and their growth', () => {
  const t = new SampleTracker();
  t.add(snapshot(100, beancountersText()), 1000);
  const v = t.add(snapshot(110, beancountersText({ tcpsndbuf: 1779659 + 60 })), 11_000);
  assert.equal(v.bufferRisk?.send.grade, 'critical');
  assert.ok(
    v.bufferRisk?.send.derivation.some((line) => /failcnt/.test(line) && /60/.test(line)),
    v.bufferRisk?.send.derivation.join('\n'),
  );
});

test('on a host node every container gets deltas and assessments, but the buffer risk gets no container rows', () => {
  const t = new SampleTracker();
  t.add(snapshot(100, NODE(5, 0)), 1000);
  const v = t.add(snapshot(160, NODE(5, 30)), 61_000);
  assert.deepEqual(
    v.deltas.filter((d) => d.name === 'tcpsndbuf').map((d) => [d.containerId, d.failcntDelta, d.ratePerMinute]),
    [
      ['101', 0, 0],
      ['102', 30, 30],
      ['0', 0, 0],
    ],
  );
  assert.equal(v.assessments.find((a) => a.containerId === '102' && a.name === 'tcpsndbuf')?.severity, 'critical');
  const quiet = v.assessments.find((a) => a.containerId === '101' && a.name === 'tcpsndbuf');
  assert.notEqual(quiet?.severity, 'critical');
  assert.ok(quiet?.reasons.some((r) => /did not grow since the previous sample/.test(r)));
  assert.equal(
    v.bufferRisk?.send.figures.freeBudgetBytes,
    undefined,
    'the node sysctls are not compared with any one container',
  );
  assert.equal(v.bufferRisk?.send.figures.autotuneCeilingBytes, 4194304);
});

test('a container that starts later joins the growth with its own count', () => {
  const without102 = NODE(5, 0)
    .split('\n')
    .filter((_line, i) => i < 4 || i > 5)
    .join('\n');
  assert.ok(!/102:/.test(without102));
  const t = new SampleTracker();
  t.add(snapshot(100, without102), 1000);
  const v = t.add(snapshot(105, NODE(5, 7)), 6000);
  const ct102 = v.sinceBaseline.find((d) => d.containerId === '102' && d.name === 'tcpsndbuf');
  assert.deepEqual([ct102?.failcntDelta, ct102?.reset], [7, true]);
});

test('a sample without readable beancounters keeps the last good one as the comparison point', () => {
  const t = new SampleTracker();
  t.add(snapshot(100, beancountersText()), 1000);
  const broken = t.add(snapshot(105, 'Version: 2.5\nnot a table\n'), 6000);
  assert.deepEqual(broken.deltas, []);
  assert.deepEqual(broken.assessments, []);
  assert.equal(broken.snapshot.beancounters.state, 'error');
  const v = t.add(snapshot(110, beancountersText({ tcpsndbuf: 1779659 + 9 })), 11_000);
  const d = v.deltas.find((x) => x.name === 'tcpsndbuf');
  assert.deepEqual([d?.failcntDelta, d?.ratePerMinute], [9, 54], 'measured over the 10 s since the last good sample');
  assert.equal(v.sinceBaseline.find((x) => x.name === 'tcpsndbuf')?.failcntDelta, 9);
});

test('baselineAtNextSample restarts the growth at the next sample', () => {
  const t = new SampleTracker();
  t.add(snapshot(100, beancountersText()), 1000);
  t.add(snapshot(105, beancountersText({ tcpsndbuf: 1779670 })), 6000);
  t.baselineAtNextSample();
  const v = t.add(snapshot(110, beancountersText({ tcpsndbuf: 1779680 })), 11_000);
  assert.equal(v.baselineAtMs, 11_000);
  assert.equal(v.deltas.find((x) => x.name === 'tcpsndbuf')?.failcntDelta, 10, 'the step delta is still known');
  assert.ok(v.sinceBaseline.every((d) => d.failcntDelta === 0));
  assert.equal(t.baselineAtLatest()?.baselineAtMs, 11_000);
});
