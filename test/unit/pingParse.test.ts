import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePingOutput, type ParsedPing } from '../../src/core/probes/ping';
import { wilsonInterval } from '../../src/core/probes/stats';
import { PING_FIXTURES, pingFixture, platformRttSummary } from './pingFixtures';

/** What a reader of each fixture counts by hand: probes, answered, copies, the unanswered sequence numbers. */
const EXPECTED: Record<
  string,
  {
    sent: number;
    received: number;
    duplicates: number;
    lostSeqs: number[];
    episodes: number;
    longestRun: number;
    times?: number[];
  }
> = {
  'linux-loopback.txt': {
    sent: 5,
    received: 5,
    duplicates: 0,
    lostSeqs: [],
    episodes: 0,
    longestRun: 0,
    times: [0.028, 0.036, 0.038, 0.035, 0.036],
  },
  'linux-loss-O.txt': {
    sent: 20,
    received: 15,
    duplicates: 0,
    lostSeqs: [1, 2, 9, 15, 17],
    episodes: 4,
    longestRun: 2,
  },
  'linux-dup.txt': {
    sent: 5,
    received: 5,
    duplicates: 4,
    lostSeqs: [],
    episodes: 0,
    longestRun: 0,
    times: [0.044, 0.045, 0.039, 0.042, 0.051],
  },
  'linux-zero-replies.txt': {
    sent: 5,
    received: 0,
    duplicates: 0,
    lostSeqs: [1, 2, 3, 4, 5],
    episodes: 1,
    longestRun: 5,
  },
  'linux-deadline-extra.txt': { sent: 12, received: 10, duplicates: 0, lostSeqs: [6, 10], episodes: 2, longestRun: 1 },
  'linux-unreachable.txt': {
    sent: 6,
    received: 0,
    duplicates: 0,
    lostSeqs: [1, 2, 3, 4, 5, 6],
    episodes: 1,
    longestRun: 6,
  },
  'linux-de-nls.txt': {
    sent: 6,
    received: 4,
    duplicates: 1,
    lostSeqs: [2, 5],
    episodes: 2,
    longestRun: 1,
    times: [23.8, 24.1, 23.5, 24.4],
  },
  'busybox-loss.txt': { sent: 12, received: 9, duplicates: 0, lostSeqs: [2, 4, 9], episodes: 3, longestRun: 1 },
  'busybox-dup.txt': {
    sent: 3,
    received: 3,
    duplicates: 2,
    lostSeqs: [],
    episodes: 0,
    longestRun: 0,
    times: [0.096, 0.075, 0.083],
  },
  'busybox-zero-replies.txt': { sent: 3, received: 0, duplicates: 0, lostSeqs: [0, 1, 2], episodes: 1, longestRun: 3 },
  'darwin-loss.txt': { sent: 8, received: 6, duplicates: 0, lostSeqs: [2, 5], episodes: 2, longestRun: 1 },
  'darwin-single-nan.txt': {
    sent: 1,
    received: 1,
    duplicates: 0,
    lostSeqs: [],
    episodes: 0,
    longestRun: 0,
    times: [9.37],
  },
  'win32-english.txt': {
    sent: 5,
    received: 3,
    duplicates: 0,
    lostSeqs: [2, 3],
    episodes: 1,
    longestRun: 2,
    times: [24, 23, 25],
  },
  'win32-loopback.txt': {
    sent: 4,
    received: 4,
    duplicates: 0,
    lostSeqs: [],
    episodes: 0,
    longestRun: 0,
    times: [0.5, 0.5, 0.5, 0.5],
  },
  'win32-french.txt': {
    sent: 4,
    received: 3,
    duplicates: 0,
    lostSeqs: [2],
    episodes: 1,
    longestRun: 1,
    times: [158, 160, 157],
  },
  'win32-german-oem.txt': {
    sent: 5,
    received: 3,
    duplicates: 0,
    lostSeqs: [3, 4],
    episodes: 1,
    longestRun: 2,
    times: [24, 23, 25],
  },
};

function parsed(file: string, platform: Parameters<typeof parsePingOutput>[1], sent?: number): ParsedPing {
  const r = parsePingOutput(pingFixture(file), platform, sent);
  assert.ok(r.ok, `${file}: ${r.ok ? '' : JSON.stringify(r.error)}`);
  return r.value;
}

for (const { file, platform } of PING_FIXTURES) {
  test(`fixture ${file}`, () => {
    const want = EXPECTED[file];
    const got = parsed(file, platform);
    assert.equal(got.platform, platform);
    assert.equal(got.sent, want.sent);
    assert.equal(got.received, want.received);
    assert.equal(got.duplicates, want.duplicates);
    assert.deepEqual(got.lostSeqs, want.lostSeqs);
    assert.equal(got.episodes, want.episodes);
    assert.equal(got.longestRun, want.longestRun);
    if (want.times)
      assert.deepEqual(
        got.replies.map((r) => r.rttMs),
        want.times,
      );
    assert.equal(got.replies.length + got.lostSeqs.length, got.sent);
    assert.equal(got.loss.fraction, want.lostSeqs.length / want.sent);
    assert.deepEqual(got.loss.ci95, wilsonInterval(want.lostSeqs.length, want.sent));
    assert.equal(got.raw, pingFixture(file));
    assert.equal(got.rtt === null, want.received === 0);
  });
}

test('RTT statistics agree with the platform summaries where those cover the same replies', () => {
  // iputils prints whole microseconds and folds duplicates in; macOS prints the same quantities (stddev =
  // population SD, §4.2); BusyBox prints min/avg/max only.
  for (const file of [
    'linux-loopback.txt',
    'linux-loss-O.txt',
    'linux-deadline-extra.txt',
    'busybox-loss.txt',
    'darwin-loss.txt',
    'darwin-single-nan.txt',
  ]) {
    const { platform } = PING_FIXTURES.find((f) => f.file === file)!;
    const rtt = parsed(file, platform).rtt!;
    const theirs = platformRttSummary(pingFixture(file))!;
    assert.equal(rtt.min, theirs.min, file);
    assert.equal(rtt.max, theirs.max, file);
    assert.ok(Math.abs(rtt.avg - theirs.avg) < 0.001, `${file} avg ${rtt.avg} vs ${theirs.avg}`);
    if (theirs.dev !== null)
      assert.ok(Math.abs(rtt.mdev - theirs.dev) < 0.001, `${file} mdev ${rtt.mdev} vs ${theirs.dev}`);
  }
  // macOS prints `nan` for one reply; the deviation of one value is 0.
  assert.equal(parsed('darwin-single-nan.txt', 'darwin').rtt!.mdev, 0);
  // p50/p95 by nearest rank over the 15 replies of the lossy run: ranks 8 and 15.
  const loss = parsed('linux-loss-O.txt', 'linux');
  const sorted = loss.replies.map((r) => r.rttMs).sort((a, b) => a - b);
  assert.equal(loss.rtt!.p50, sorted[7]);
  assert.equal(loss.rtt!.p95, sorted[14]);
});

test('probes past the count asked for are ignored (iputils -w sends until it has -c replies)', () => {
  const got = parsed('linux-deadline-extra.txt', 'linux', 10);
  assert.equal(got.sent, 10);
  assert.equal(got.received, 8);
  assert.deepEqual(got.lostSeqs, [6, 10]);
  assert.deepEqual(
    got.replies.map((r) => r.seq),
    [1, 2, 3, 4, 5, 7, 8, 9],
  );
  assert.equal(parsed('win32-english.txt', 'win32', 2).received, 1);
  // Asking for more than ping sent analyses what was sent.
  assert.equal(parsed('linux-loopback.txt', 'linux', 50).sent, 5);
});

test('a failed run is an error naming the line ping printed', () => {
  const r = parsePingOutput(pingFixture('linux-network-unreachable.txt'), 'linux');
  assert.ok(!r.ok);
  assert.equal(r.error.line, 1);
  assert.match(r.error.message, /Network is unreachable/);
  const cut = pingFixture('linux-loss-O.txt').split('\n').slice(0, 10).join('\n');
  const c = parsePingOutput(cut, 'linux');
  assert.ok(!c.ok && c.error.line === 10 && /no statistics summary/.test(c.error.message));
  for (const platform of ['linux', 'darwin', 'win32', 'busybox'] as const) {
    const e = parsePingOutput('\n \n', platform);
    assert.ok(!e.ok && e.error.line === 0, platform);
  }
  const w = parsePingOutput(
    'Ping request could not find host nowhere.invalid. Please check the name and try again.\r\n',
    'win32',
  );
  assert.ok(!w.ok && w.error.line === 1);
});

test('replies that do not add up to the summary are an error, not a loss figure', () => {
  // A reply line this parser cannot read (here, its time token removed) leaves one reply short.
  const text = pingFixture('linux-loopback.txt').replace(
    'icmp_seq=3 ttl=64 time=0.038 ms',
    'icmp_seq=3 ttl=64 Zeit: 0.038 ms',
  );
  const r = parsePingOutput(text, 'linux');
  assert.ok(!r.ok);
  assert.equal(r.error.line, 9);
  assert.match(r.error.message, /5 received but 4 replies/);
  const dup = parsePingOutput(pingFixture('linux-dup.txt').replace('+4 duplicates', '+3 duplicates'), 'linux');
  assert.ok(!dup.ok && /3 duplicates but 4/.test(dup.error.message));
  const seq = parsePingOutput(pingFixture('linux-loopback.txt').replace('icmp_seq=5', 'icmp_seq=9'), 'linux');
  assert.ok(!seq.ok && seq.error.line === 6 && /outside the 5 probes/.test(seq.error.message));
  const win = parsePingOutput(pingFixture('win32-english.txt').replace('Sent = 5', 'Sent = 6'), 'win32');
  assert.ok(!win.ok && win.error.line === 10);
  const winTime = parsePingOutput(pingFixture('win32-english.txt').replace('time=23ms', 'time 23ms'), 'win32');
  assert.ok(!winTime.ok && winTime.error.line === 6 && /TTL= but no time/.test(winTime.error.message));
  const none = parsePingOutput('PING x\n\n--- x ping statistics ---\n0 packets transmitted, 0 received\n', 'linux');
  assert.ok(!none.ok && /no probes were sent/.test(none.error.message));
  const bad = parsePingOutput(pingFixture('linux-loopback.txt'), 'linux', 0);
  assert.ok(!bad.ok && bad.error.line === 0);
});

test('macOS may count replies later than -W that it did not print; those are lost by the timeout', () => {
  const late = pingFixture('darwin-loss.txt').replace('6 packets received', '7 packets received');
  const got = parsePingOutput(late, 'darwin');
  assert.ok(got.ok);
  assert.deepEqual(got.value.lostSeqs, [2, 5]);
  // iputils prints every reply it counts, so the same mismatch there is an error.
  const linux = parsePingOutput(pingFixture('linux-loss-O.txt').replace('15 received', '16 received'), 'linux');
  assert.ok(!linux.ok);
});

test('line endings, blank lines, -D timestamps and a comma decimal change nothing', () => {
  const base = parsed('linux-loss-O.txt', 'linux');
  const strip = (p: ParsedPing): Omit<ParsedPing, 'raw'> => {
    const { raw: _raw, ...rest } = p;
    return rest;
  };
  const text = pingFixture('linux-loss-O.txt');
  const variants = [
    text.replace(/\n/g, '\r\n'),
    text.replace(/\n(64 bytes)/g, '\n\n$1'),
    text.replace(/^(64 bytes|no answer)/gm, '[1718000000.123456] $1'),
    text.replace(/time=0\.0/g, 'time=0,0'),
  ];
  for (const v of variants) {
    const r = parsePingOutput(v, 'linux');
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    assert.deepEqual(strip(r.value), strip(base));
  }
});

test('a reply with a bad checksum is not an answer (iputils does not count it)', () => {
  const text = pingFixture('linux-loopback.txt')
    .replace('icmp_seq=2 ttl=64 time=0.036 ms', 'icmp_seq=2 ttl=64 time=0.036 ms (BAD CHECKSUM!)')
    .replace('5 received,', '4 received, +1 corrupted,');
  const r = parsePingOutput(text, 'linux');
  assert.ok(r.ok);
  assert.deepEqual(r.value.lostSeqs, [2]);
});
