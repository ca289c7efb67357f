import assert from 'node:assert/strict';
import { test } from 'node:test';
import { growthLine, snapshotText } from '../../src/cli/commands/snapshotText';
import { parseSample } from '../../src/core/remote/parseSample';
import { buildSnapshot } from '../../src/core/remote/snapshot';
import { SampleTracker } from '../../src/core/session/sampleTracker';
import { captured, FIXTURE_NONCE } from './remoteFixtures';
import { beancountersText, sampleFrame } from './sessionFakes';

const NONCE = '0123456789abcdef0123456789abcdef';

test('a host where the beancounters need root says so, with the sudoers line to add', () => {
  const raw = parseSample(captured('sample-openvz-nobody-busybox.out'), FIXTURE_NONCE);
  assert.ok(raw.ok);
  const view = new SampleTracker().add(buildSnapshot(raw.value), Date.UTC(2024, 0, 1));
  const text = snapshotText(view, 'vps', false);
  assert.match(text, /^vps: sampled 2024-01-01T00:00:00\.000Z, up 3 h 25 min$/m);
  assert.match(text, /\/proc\/user_beancounters was not read\. Reading \/proc\/user_beancounters needs root/);
  assert.match(
    text,
    /sudoers line \(visudo -f \/etc\/sudoers\.d\/vps-doctor\): nobody ALL=\(root\) NOPASSWD: \/usr\/bin\/cat \/proc\/user_beancounters/,
  );
  assert.match(text, /Needed root \(not read\): \/proc\/user_beancounters/);
  assert.match(text, /net\.ipv4\.tcp_wmem \(bytes\)\s+4,096 \/ 16,384 \/ 4,194,304/);
  assert.match(text, /nf_conntrack count \/ max\s+not present \/ not present/);
});

test('--watch lines: the baseline first, then growth per resource with its rate, or none', () => {
  const t = new SampleTracker();
  const snap = (uptime: number, failcnt: Record<string, number>) => {
    const raw = parseSample(Buffer.from(sampleFrame(NONCE, uptime, beancountersText(failcnt))), NONCE);
    assert.ok(raw.ok);
    return buildSnapshot(raw.value);
  };
  const at = Date.UTC(2024, 0, 1, 12, 0, 0);
  assert.equal(growthLine(t.add(snap(100, {}), at)), '12:00:00  first sample (baseline)');
  assert.equal(growthLine(t.add(snap(110, {}), at + 10_000)), '12:00:10  no failcnt growth');
  assert.equal(
    growthLine(t.add(snap(120, { tcpsndbuf: 1779659 + 1200, dgramrcvbuf: 83 }), at + 20_000)),
    '12:00:20  CT 12345 tcpsndbuf +1,200 (7,200/min)  CT 12345 dgramrcvbuf +1 (6/min)',
  );
  assert.equal(
    growthLine(t.add(snap(5, { tcpsndbuf: 3 }), at + 30_000)).includes(
      'CT 12345 tcpsndbuf +3 (36/min) after a restart',
    ),
    true,
  );
});
