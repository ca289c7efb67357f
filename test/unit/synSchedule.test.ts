import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { classifyConnect, clientSynSchedule, type SynSchedule } from '../../src/core/probes/synSchedule';

const sysctls =
  (values: Record<string, string>) =>
  (name: string): string | undefined =>
    values[name];

const linear = clientSynSchedule({
  platform: 'linux',
  readSysctl: sysctls({
    'net.ipv4.tcp_syn_linear_timeouts': '4\n',
    'net.ipv4.tcp_syn_retries': '6\n',
    'kernel.osrelease': '6.18.44-fc\n',
  }),
});
const exponential = clientSynSchedule({
  platform: 'linux',
  readSysctl: sysctls({
    'net.ipv4.tcp_syn_retries': '6\n',
    'kernel.osrelease': '6.1.0-28-amd64\n',
  }),
});

describe('clientSynSchedule', () => {
  it('Linux >= 6.5 with tcp_syn_linear_timeouts = 4: 1,2,3,4,5,7,11,19,35,67 s, gives up at 131 s (reference §3.1)', () => {
    assert.equal(linear.os, 'linux-linear');
    assert.equal(linear.initialRtoMs, 1000);
    assert.deepEqual(
      linear.pointsMs,
      [1, 2, 3, 4, 5, 7, 11, 19, 35, 67].map((s) => s * 1000),
    );
    assert.equal(linear.giveUpMs, 131_000);
    assert.match(linear.source, /tcp_syn_linear_timeouts = 4/);
  });

  it('Linux 3.1 - 6.4 (no linear sysctl): 1,3,7,15,31,63 s, gives up at 127 s', () => {
    assert.equal(exponential.os, 'linux-exponential');
    assert.deepEqual(
      exponential.pointsMs,
      [1, 3, 7, 15, 31, 63].map((s) => s * 1000),
    );
    assert.equal(exponential.giveUpMs, 127_000);
    assert.match(exponential.source, /3\.1 - 6\.4/);
  });

  it('tcp_syn_linear_timeouts = 0 is the exponential schedule; tcp_syn_retries shortens it', () => {
    const s = clientSynSchedule({
      platform: 'linux',
      readSysctl: sysctls({ 'net.ipv4.tcp_syn_linear_timeouts': '0', 'net.ipv4.tcp_syn_retries': '2' }),
    });
    assert.equal(s.os, 'linux-exponential');
    assert.deepEqual(s.pointsMs, [1000, 3000]);
    assert.equal(s.giveUpMs, 7000);
  });

  it('linear timeouts with tcp_syn_retries = 1 add up to 5 retransmissions', () => {
    const s = clientSynSchedule({
      platform: 'linux',
      readSysctl: sysctls({ 'net.ipv4.tcp_syn_linear_timeouts': '4', 'net.ipv4.tcp_syn_retries': '1' }),
    });
    assert.deepEqual(s.pointsMs, [1000, 2000, 3000, 4000, 5000]);
    assert.equal(s.giveUpMs, 7000);
  });

  it('Linux >= 6.5 whose linear sysctl cannot be read assumes the default 4 and says so', () => {
    const s = clientSynSchedule({ platform: 'linux', readSysctl: sysctls({ 'kernel.osrelease': '6.8.0-45-generic' }) });
    assert.equal(s.os, 'linux-linear');
    assert.deepEqual(
      s.pointsMs.slice(0, 7),
      [1, 2, 3, 4, 5, 7, 11].map((x) => x * 1000),
    );
    assert.match(s.source, /unreadable/);
  });

  it('Linux < 3.1: initial RTO 3 s, 3,9,21,45,93 s, gives up at 189 s', () => {
    const s = clientSynSchedule({
      platform: 'linux',
      readSysctl: sysctls({ 'kernel.osrelease': '2.6.32-042stab141.3' }),
    });
    assert.equal(s.os, 'linux-legacy');
    assert.equal(s.initialRtoMs, 3000);
    assert.deepEqual(
      s.pointsMs,
      [3, 9, 21, 45, 93].map((x) => x * 1000),
    );
    assert.equal(s.giveUpMs, 189_000);
  });

  it('nothing readable: the exponential schedule, marked as assumed', () => {
    const s = clientSynSchedule({ platform: 'linux', readSysctl: () => undefined });
    assert.equal(s.os, 'linux-exponential');
    assert.match(s.source, /unknown/);
  });

  it('garbage sysctl values are treated as unreadable', () => {
    const s = clientSynSchedule({
      platform: 'linux',
      readSysctl: sysctls({
        'net.ipv4.tcp_syn_linear_timeouts': 'four',
        'net.ipv4.tcp_syn_retries': '-1',
        'kernel.osrelease': '5.15.0',
      }),
    });
    assert.equal(s.os, 'linux-exponential');
    assert.equal(s.pointsMs.length, 6);
  });

  it('macOS: 1,2,3,4,5,7,11 s then 19, 35, 67, gives up at 75 s', () => {
    const s = clientSynSchedule({ platform: 'darwin' });
    assert.equal(s.os, 'macos');
    assert.deepEqual(
      s.pointsMs,
      [1, 2, 3, 4, 5, 7, 11, 19, 35, 67].map((x) => x * 1000),
    );
    assert.equal(s.giveUpMs, 75_000);
  });

  it('Windows: 3 s and 9 s, gives up at 21 s, labelled a default', () => {
    const s = clientSynSchedule({ platform: 'win32' });
    assert.equal(s.os, 'windows');
    assert.equal(s.initialRtoMs, 3000);
    assert.deepEqual(s.pointsMs, [3000, 9000]);
    assert.equal(s.giveUpMs, 21_000);
    assert.match(s.source, /default/);
  });

  it('every schedule is strictly increasing and ends before it gives up (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<NodeJS.Platform>('linux', 'darwin', 'win32', 'freebsd', 'android'),
        fc.option(fc.integer({ min: 0, max: 20 })),
        fc.option(fc.integer({ min: 0, max: 127 })),
        fc.option(fc.string()),
        (platform, lin, retries, release) => {
          const s = clientSynSchedule({
            platform,
            readSysctl: sysctls({
              ...(lin === null ? {} : { 'net.ipv4.tcp_syn_linear_timeouts': String(lin) }),
              ...(retries === null ? {} : { 'net.ipv4.tcp_syn_retries': String(retries) }),
              ...(release === null ? {} : { 'kernel.osrelease': release }),
            }),
          });
          s.pointsMs.forEach((p, i) => assert.ok(p > (i === 0 ? 0 : s.pointsMs[i - 1])));
          assert.ok(s.giveUpMs > (s.pointsMs.at(-1) ?? 0));
          if (s.pointsMs.length > 0) assert.equal(s.pointsMs[0], s.initialRtoMs);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('classifyConnect', () => {
  const rtt = 0.2;
  const cases: [string, SynSchedule, number | null, number, number | null, string][] = [
    ['0 ms on linear', linear, 0.3, rtt, 0, 'fast'],
    ['~1020 ms on linear', linear, 1020, rtt, 1, 'retransmit'],
    ['~2040 ms on linear', linear, 2040, rtt, 2, 'retransmit'],
    ['~3070 ms on linear', linear, 3070, rtt, 3, 'retransmit'],
    ['~7130 ms on linear', linear, 7130, rtt, 6, 'retransmit'],
    ['11160 ms on linear (timer drift)', linear, 11_160, rtt, 7, 'retransmit'],
    ['0 ms on exponential', exponential, 0.3, rtt, 0, 'fast'],
    ['~1020 ms on exponential', exponential, 1020, rtt, 1, 'retransmit'],
    ['~2040 ms on exponential matches no point', exponential, 2040, rtt, null, 'latency'],
    ['~7100 ms on exponential', exponential, 7100, rtt, 3, 'retransmit'],
    ['600 ms of server latency', linear, 600, rtt, null, 'latency'],
    ['1500 ms: between points', linear, 1500, rtt, null, 'latency'],
    ['a failure', linear, null, rtt, null, 'failed'],
    ['a non-finite time is a failure', linear, Number.NaN, rtt, null, 'failed'],
  ];
  for (const [name, schedule, connectMs, base, k, kind] of cases) {
    it(name, () => assert.deepEqual(classifyConnect(connectMs, base, schedule), { retransmissions: k, kind }));
  }

  it('subtracts the baseline RTT: 1180 ms over a 180 ms path is one retransmission, 180 ms is fast', () => {
    assert.deepEqual(classifyConnect(1180, 180, exponential), { retransmissions: 1, kind: 'retransmit' });
    assert.deepEqual(classifyConnect(180, 180, exponential), { retransmissions: 0, kind: 'fast' });
  });

  it('widens the match by the RTT: 1300 ms on a 200 ms path still matches k = 1; on loopback it does not', () => {
    assert.deepEqual(classifyConnect(1300 + 200, 200, linear), { retransmissions: 1, kind: 'retransmit' });
    assert.deepEqual(classifyConnect(1300, 0.1, linear), { retransmissions: null, kind: 'latency' });
  });

  it('Windows: 3 s is k = 1, 1 s is fast (under half of the 3 s initial RTO)', () => {
    const win = clientSynSchedule({ platform: 'win32' });
    assert.deepEqual(classifyConnect(3010, 10, win), { retransmissions: 1, kind: 'retransmit' });
    assert.deepEqual(classifyConnect(1000, 10, win), { retransmissions: 0, kind: 'fast' });
  });

  it('a connect at schedule point k plus the RTT is classified k (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(linear, exponential),
        fc.nat({ max: 5 }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        (s, i, base, jitter) => {
          assert.deepEqual(classifyConnect(s.pointsMs[i] + base + jitter, base, s), {
            retransmissions: i + 1,
            kind: 'retransmit',
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
