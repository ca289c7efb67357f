import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBeancounters } from '../../src/core/beancounters/parse';
import { assessBufferRisk, worseGrade, type BufferRiskInput } from '../../src/core/kernel/index';
import { parseSysctlInts } from '../../src/core/kernel/sysctl';
import { readTopFixture, unwrap } from './kernelFixtures';

/** The seed's sysctls (`name = values` lines) read with parseSysctlInts. */
function seedSysctl(name: string, count: number): number[] {
  const line = readTopFixture('seed_sysctl.txt')
    .split('\n')
    .find((l) => l.startsWith(`${name} =`));
  if (line === undefined) throw new Error(`no ${name} in the seed`);
  return unwrap(parseSysctlInts(line.slice(line.indexOf('=') + 1), name, count));
}

function seedInput(): BufferRiskInput {
  const container = unwrap(parseBeancounters(readTopFixture('seed_user_beancounters.txt'))).containers[0];
  const row = (name: string) => {
    const found = container.resources.find((r) => r.name === name);
    if (found === undefined) throw new Error(`no ${name}`);
    return found;
  };
  const [w0, w1, w2] = seedSysctl('net.ipv4.tcp_wmem', 3);
  const [r0, r1, r2] = seedSysctl('net.ipv4.tcp_rmem', 3);
  return {
    tcpWmem: [w0, w1, w2],
    tcpRmem: [r0, r1, r2],
    wmemMax: seedSysctl('net.core.wmem_max', 1)[0],
    rmemMax: seedSysctl('net.core.rmem_max', 1)[0],
    // ResourceRow from the beancounter parser fits as it is.
    sndbuf: row('tcpsndbuf'),
    rcvbuf: row('tcprcvbuf'),
    numtcpsock: row('numtcpsock'),
  };
}

const includes = (lines: string[], fragment: string): void =>
  assert.ok(
    lines.some((l) => l.includes(fragment)),
    `no line contains ${JSON.stringify(fragment)}:\n${lines.join('\n')}`,
  );

test('seed, send side: every figure of docs/method.md §2.4', () => {
  const risk = assessBufferRisk(seedInput());
  assert.equal(risk.send.grade, 'critical');
  assert.deepEqual(risk.send.figures, {
    autotuneCeilingBytes: 4194304,
    sockoptCeilingBytes: 266240, // 2 x 133,120
    freeBudgetBytes: 1720320 - 181072,
    busySocketsWorst: 0, // W2/B = 2.44
    busySocketsSockopt: 6,
    busySocketsInitial: 105,
    headroomPerSocketBytes: 2730,
    perAllowedSocketBytes: 4778,
  });
  const d = risk.send.derivation;
  includes(
    d,
    "tcp_wmem max 4,194,304 B (4 MiB) >= tcpsndbuf barrier 1,720,320 B (1.6 MiB): one autotuned socket can fill the container's whole send buffer",
  );
  includes(d, 'W2/B = 2.44');
  includes(d, 'Sockets that set SO_SNDBUF get at most 2 x wmem_max = 2 x 133,120 = 266,240 B (260 KiB)');
  includes(d, 'floor(1,720,320 / 266,240) = 6 such busy sockets');
  includes(d, 'floor(1,720,320 / 16,384) = 105 sockets');
  includes(d, 'h = (2,703,360 - 1,720,320) / 360 = 2,730 B, less than one 4,096 B page');
  includes(d, 'B / numtcpsock limit = 1,720,320 / 360 = 4,778 B < tcp_wmem default 16,384 B');
  includes(
    d,
    'leaving 1,539,248 B (1.5 MiB) free below it: room for 0 more fully grown autotuned, 5 more SO_SNDBUF-capped, 93 more initial-size sockets',
  );
  includes(d, 'maxheld 1,731,448 B (1.7 MiB) >= barrier');
  includes(d, 'failcnt growth is unknown');
  assert.match(d[d.length - 1], /^Grade critical: tcp_wmem max .* >= barrier/);
  assert.ok(risk.send.mitigations.length >= 3);
  includes(risk.send.mitigations, 'Ask the provider to raise tcpsndbuf');
  includes(risk.send.mitigations, 'limit >= 3,194,880 B');
  includes(
    risk.send.mitigations,
    'lower net.ipv4.tcp_wmem max to 106,496 B (104 KiB) or less so that 16 busy autotuned sockets fit',
  );
});

test('seed, receive side: the same arithmetic with tcp_rmem and tcprcvbuf', () => {
  const risk = assessBufferRisk(seedInput());
  assert.equal(risk.receive.grade, 'critical');
  assert.deepEqual(risk.receive.figures, {
    autotuneCeilingBytes: 4194304,
    sockoptCeilingBytes: 266240,
    freeBudgetBytes: 1720320 - 117200,
    busySocketsWorst: 0,
    busySocketsSockopt: 6,
    busySocketsInitial: 19, // 1,720,320 / 87,380
    headroomPerSocketBytes: 2730,
    perAllowedSocketBytes: 4778,
  });
  const d = risk.receive.derivation;
  includes(
    d,
    "tcp_rmem max 4,194,304 B (4 MiB) >= tcprcvbuf barrier 1,720,320 B (1.6 MiB): one autotuned socket can fill the container's whole receive buffer (W2/B = 2.44)",
  );
  includes(d, '2 x rmem_max = 2 x 133,120 = 266,240 B');
  includes(d, '4,778 B < tcp_rmem default 87,380 B');
  includes(d, 'barrier / (numtcpsock held + 1) = 1,720,320 / 24 = 71,680 B');
  includes(risk.receive.mitigations, 'SO_RCVBUF');
  assert.equal(risk.grade, 'critical');
});

test("seed: the author's puzzle, why buffers grow past wmem_max", () => {
  const text = assessBufferRisk(seedInput()).wmemMaxExplanation ?? '';
  assert.match(text, /wmem_max \(133,120 B \(130 KiB\)\) caps only .*setsockopt\(SO_SNDBUF\)/);
  assert.match(text, /2 x 133,120 = 266,240 B/);
  assert.match(text, /autotuned up to tcp_wmem max = 4,194,304 B \(4 MiB\)/);
  assert.match(text, /rmem_max .* caps only SO_RCVBUF/);
  assert.equal(assessBufferRisk({ wmemMax: 133120 }).wmemMaxExplanation, undefined);
});

const SOCKETS = { held: 20, limit: 1000 };
const GRADES: { name: string; input: BufferRiskInput; grade: string; reason: RegExp }[] = [
  {
    name: 'barrier unlimited',
    input: {
      tcpWmem: [4096, 16384, 4194304],
      sndbuf: { barrier: null, limit: null, held: 5000, maxheld: 90000 },
      numtcpsock: SOCKETS,
    },
    grade: 'low',
    reason: /barrier is unlimited/,
  },
  {
    name: 'tcp_wmem max well below the barrier, a page of headroom per socket',
    input: {
      tcpWmem: [4096, 16384, 1048576],
      sndbuf: { barrier: 33554432, limit: 41943040, held: 0, maxheld: 0 },
      numtcpsock: SOCKETS,
    },
    grade: 'low',
    reason: /32 fully grown autotuned sockets fit/,
  },
  {
    name: '8 busy sockets fit',
    input: {
      tcpWmem: [4096, 16384, 1048576],
      sndbuf: { barrier: 8388608, limit: 16777216, held: 0, maxheld: 0 },
      numtcpsock: SOCKETS,
    },
    grade: 'medium',
    reason: /8 fully grown autotuned sockets fit .*fewer than 16/,
  },
  {
    name: '2 busy sockets fit',
    input: {
      tcpWmem: [4096, 16384, 1048576],
      sndbuf: { barrier: 2097152, limit: 12582912, held: 0, maxheld: 0 },
      numtcpsock: SOCKETS,
    },
    grade: 'high',
    reason: /only 2 fully grown autotuned sockets fit/,
  },
  {
    name: 'enough sockets but h < 4096',
    input: {
      tcpWmem: [4096, 16384, 1048576],
      sndbuf: { barrier: 33554432, limit: 34554432, held: 0, maxheld: 0 },
      numtcpsock: SOCKETS,
    },
    grade: 'high',
    reason: /only 1,000 B above the barrier/,
  },
  {
    name: 'healthy configuration but failcnt growing now',
    input: {
      tcpWmem: [4096, 16384, 1048576],
      sndbuf: { barrier: 33554432, limit: 41943040, held: 0, maxheld: 0, failcntDelta: 12 },
      numtcpsock: SOCKETS,
    },
    grade: 'critical',
    reason: /failcnt grew by 12/,
  },
  {
    name: 'no beancounters (not OpenVZ)',
    input: { tcpWmem: [4096, 16384, 4194304], wmemMax: 212992, tcpMemPages: [22000, 29000, 44000] },
    grade: 'unknown',
    reason: /no tcpsndbuf beancounter/,
  },
  {
    name: 'tcp_wmem unknown and headroom fine',
    input: { sndbuf: { barrier: 33554432, limit: 41943040, held: 0, maxheld: 0 }, numtcpsock: SOCKETS },
    grade: 'unknown',
    reason: /tcp_wmem is unknown/,
  },
  {
    name: 'tcp_wmem unknown, headroom below a page',
    input: { sndbuf: { barrier: 1720320, limit: 2703360, held: 0, maxheld: 0 }, numtcpsock: { held: 1, limit: 360 } },
    grade: 'high',
    reason: /2,730 B above the barrier.*may be worse/,
  },
  {
    name: 'barrier 0',
    input: { tcpWmem: [4096, 16384, 4194304], sndbuf: { barrier: 0, limit: 0, held: 0, maxheld: 0 } },
    grade: 'unknown',
    reason: /barrier of 0/,
  },
];

for (const { name, input, grade, reason } of GRADES) {
  test(`grade ${grade}: ${name}`, () => {
    const send = assessBufferRisk(input).send;
    assert.equal(send.grade, grade);
    assert.match(send.derivation[send.derivation.length - 1], reason);
    assert.equal(send.mitigations.length > 0, grade !== 'low' && grade !== 'unknown');
  });
}

test('without beancounters the global tcp_mem view is still given', () => {
  const risk = assessBufferRisk({
    tcpWmem: [4096, 16384, 4194304],
    tcpRmem: [4096, 131072, 6291456],
    wmemMax: 212992,
    tcpMemPages: [22000, 29000, 44000],
  });
  assert.equal(risk.grade, 'unknown');
  assert.deepEqual(risk.send.figures, { autotuneCeilingBytes: 4194304, sockoptCeilingBytes: 425984 });
  includes(
    risk.send.derivation,
    'pressure from 29,000 pages = 118,784,000 B (113.3 MiB), hard limit 44,000 pages = 180,224,000 B (171.9 MiB); about 28 sockets at tcp_wmem max',
  );
  includes(risk.receive.derivation, 'about 18 sockets at tcp_rmem max');
});

test('bandwidth x RTT gives the typical busy send socket (6 x BDP, capped at tcp_wmem max)', () => {
  const risk = assessBufferRisk({ ...seedInput(), bdpBytes: 100000 });
  includes(
    risk.send.derivation,
    'min(tcp_wmem max, 6 x BDP) = 600,000 B (585.9 KiB): floor(1,720,320 / 600,000) = 2 such sockets',
  );
  assert.ok(!risk.receive.derivation.some((l) => l.includes('6 x BDP')));
});

test('failcnt deltas: growth, none, and a restart', () => {
  const base = seedInput();
  const withDelta = (failcntDelta: number) =>
    assessBufferRisk({ ...base, sndbuf: { ...base.sndbuf!, failcntDelta } }).send;
  includes(withDelta(1779).derivation, 'tcpsndbuf failcnt grew by 1,779 since the previous sample');
  includes(withDelta(1779).mitigations, 'ss -tmn');
  includes(withDelta(0).derivation, 'did not grow');
  includes(withDelta(-5).derivation, 'the container restarted');
});

test('held above the barrier now', () => {
  const risk = assessBufferRisk({
    ...seedInput(),
    sndbuf: { barrier: 1720320, limit: 2703360, held: 1800000, maxheld: 1800000 },
  });
  assert.equal(risk.send.figures.freeBudgetBytes, 0);
  includes(risk.send.derivation, 'at or above the barrier');
});

test('invalid numbers are treated as absent, never thrown on', () => {
  const input = {
    tcpWmem: [4096, Number.NaN, 4194304],
    wmemMax: -1,
    sndbuf: { barrier: Number.POSITIVE_INFINITY, limit: null, held: 0, maxheld: 0 },
    numtcpsock: { held: -3, limit: 10 },
  } as unknown as BufferRiskInput;
  const risk = assessBufferRisk(input);
  assert.equal(risk.send.grade, 'unknown');
  assert.deepEqual(risk.send.figures, {});
});

test('worseGrade orders unknown < low < medium < high < critical', () => {
  const order = ['unknown', 'low', 'medium', 'high', 'critical'] as const;
  for (const a of order)
    for (const b of order) assert.equal(worseGrade(a, b), order[Math.max(order.indexOf(a), order.indexOf(b))]);
});
