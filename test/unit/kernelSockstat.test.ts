import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSockstat } from '../../src/core/kernel/sockstat';
import { errorOf, readKernelFixture, unwrap } from './kernelFixtures';

test('captured 6.18 sockstat', () => {
  assert.deepEqual(unwrap(parseSockstat(readKernelFixture('captured-6.18/sockstat.txt'))), {
    socketsUsed: 13,
    tcp: { inuse: 1, orphan: 0, tw: 4, alloc: 1, memPages: 200 },
    udp: { inuse: 0, memPages: 0 },
  });
});

test('2.6.32 OpenVZ sockstat', () => {
  assert.deepEqual(unwrap(parseSockstat(readKernelFixture('openvz-2.6.32/sockstat.txt'))), {
    socketsUsed: 187,
    tcp: { inuse: 41, orphan: 2, tw: 118, alloc: 52, memPages: 61 },
    udp: { inuse: 6, memPages: 3 },
  });
});

test('unknown lines and unknown fields are ignored', () => {
  const text =
    'sockets: used 5\nTCP: inuse 1 orphan 0 tw 2 alloc 3 mem 4 newfield 9\nMPTCP: inuse 0\nsomething odd\nUDP: inuse 1 mem 2\n';
  assert.deepEqual(unwrap(parseSockstat(text)), {
    socketsUsed: 5,
    tcp: { inuse: 1, orphan: 0, tw: 2, alloc: 3, memPages: 4 },
    udp: { inuse: 1, memPages: 2 },
  });
});

test('a UDP line without mem (kernels before 2.6.25) leaves udp out instead of guessing', () => {
  assert.deepEqual(unwrap(parseSockstat('sockets: used 5\nUDP: inuse 3\n')), { socketsUsed: 5 });
});

test('sockstat6 alone has none of the known lines: an error', () => {
  const error = errorOf(parseSockstat(readKernelFixture('captured-6.18/sockstat6.txt')));
  assert.equal(error.line, 0);
});

const ERRORS: { name: string; text: string; line: number; message: RegExp }[] = [
  {
    name: 'missing field',
    text: 'sockets: used 1\nTCP: inuse 1 orphan 0 tw 2 alloc 3\n',
    line: 2,
    message: /lacks "mem"/,
  },
  { name: 'odd word count', text: 'TCP: inuse 1 orphan\n', line: 1, message: /pairs/ },
  {
    name: 'negative value',
    text: 'TCP: inuse -1 orphan 0 tw 2 alloc 3 mem 4\n',
    line: 1,
    message: /"inuse" is not a non-negative integer/,
  },
  {
    name: 'duplicate line',
    text: 'sockets: used 1\nsockets: used 2\n',
    line: 2,
    message: /second "sockets:" line \(first on line 1\)/,
  },
  { name: 'duplicate field', text: 'sockets: used 1 used 2\n', line: 1, message: /appears twice/ },
  { name: 'value above 2^53 - 1', text: 'sockets: used 99999999999999999999\n', line: 1, message: /exceeds/ },
];

for (const { name, text, line, message } of ERRORS) {
  test(`error: ${name} names line ${line}`, () => {
    const error = errorOf(parseSockstat(text));
    assert.equal(error.line, line);
    assert.equal(error.source, '/proc/net/sockstat');
    assert.match(error.message, message);
  });
}
