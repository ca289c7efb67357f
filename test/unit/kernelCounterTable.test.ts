import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCounterTable, parseCounterTableDetailed } from '../../src/core/kernel/counterTable';
import { errorOf, readKernelFixture, unwrap } from './kernelFixtures';

const CASES: { file: string; expect: [prefix: string, name: string, value: number][] }[] = [
  {
    file: 'captured-6.18/snmp.txt',
    expect: [
      ['Ip', 'InReceives', 5624],
      ['Ip', 'InDelivers', 5624],
      ['Tcp', 'PassiveOpens', 8],
      ['Tcp', 'ActiveOpens', 51],
      ['Tcp', 'MaxConn', -1],
      ['Tcp', 'RetransSegs', 4],
      ['IcmpMsg', 'InType3', 1],
    ],
  },
  {
    file: 'captured-6.18/netstat.txt',
    expect: [
      ['TcpExt', 'ListenOverflows', 6],
      ['TcpExt', 'ListenDrops', 6],
      ['TcpExt', 'TCPSynRetrans', 4],
      ['IpExt', 'InOctets', 112954761],
      ['MPTcpExt', 'MPCapableSYNRX', 0],
    ],
  },
  {
    file: 'openvz-2.6.32/snmp.txt',
    expect: [
      ['Ip', 'InReceives', 418822036],
      ['Ip', 'InDelivers', 418704211],
      ['Tcp', 'PassiveOpens', 1839215],
      ['Tcp', 'MaxConn', -1],
      ['Tcp', 'RetransSegs', 1201877],
      ['IcmpMsg', 'InType8', 546978],
    ],
  },
  {
    file: 'openvz-2.6.32/netstat.txt',
    expect: [
      ['TcpExt', 'ListenOverflows', 1542],
      ['TcpExt', 'ListenDrops', 1600],
      ['TcpExt', 'TCPPrequeued', 1988221],
      ['IpExt', 'OutOctets', 1409948231127],
    ],
  },
];

for (const { file, expect } of CASES) {
  test(`${file}: exact counters`, () => {
    const table = unwrap(parseCounterTable(readKernelFixture(file), file));
    for (const [prefix, name, value] of expect) assert.equal(table[prefix]?.[name], value, `${prefix} ${name}`);
  });
}

test('every header name of a fixture gets a value, zipped by name', () => {
  for (const { file } of CASES) {
    const text = readKernelFixture(file);
    const table = unwrap(parseCounterTable(text, file));
    const lines = text.split('\n').filter((l) => l !== '');
    for (let i = 0; i < lines.length; i += 2) {
      const [prefixColon, ...names] = lines[i].split(' ');
      const values = lines[i + 1].split(' ').slice(1).map(Number);
      const section = table[prefixColon.slice(0, -1)];
      names.forEach((name, k) => assert.equal(section[name], values[k], `${file} ${name}`));
    }
  }
});

test('2.6.32 has no TCPSynRetrans and no Tcp InCsumErrors; 6.18 has both', () => {
  const old = unwrap(parseCounterTable(readKernelFixture('openvz-2.6.32/netstat.txt'), 'netstat'));
  const oldSnmp = unwrap(parseCounterTable(readKernelFixture('openvz-2.6.32/snmp.txt'), 'snmp'));
  assert.equal(Object.hasOwn(old.TcpExt, 'TCPSynRetrans'), false);
  assert.equal(Object.hasOwn(oldSnmp.Tcp, 'InCsumErrors'), false);
  const now = unwrap(parseCounterTable(readKernelFixture('captured-6.18/netstat.txt'), 'netstat'));
  const nowSnmp = unwrap(parseCounterTable(readKernelFixture('captured-6.18/snmp.txt'), 'snmp'));
  assert.equal(now.TcpExt.TCPSynRetrans, 4);
  assert.equal(nowSnmp.Tcp.InCsumErrors, 0);
});

test('IcmpMsg printed in several pairs (16 types per pair) is merged', () => {
  const text = 'IcmpMsg: InType0 InType3\nIcmpMsg: 5 7\nIcmpMsg: OutType0 OutType3\nIcmpMsg: 9 11\n';
  assert.deepEqual(unwrap(parseCounterTable(text, 'snmp')), {
    IcmpMsg: { InType0: 5, InType3: 7, OutType0: 9, OutType3: 11 },
  });
});

const ERRORS: { name: string; text: string; line: number; message: RegExp }[] = [
  {
    name: 'value count differs from the header',
    text: 'Tcp: A B C\nTcp: 1 2\n',
    line: 2,
    message: /3 names on line 1 but 2 values/,
  },
  {
    name: 'value line of another prefix',
    text: 'Ip: A B\nIp: 1 2\nTcp: A B\nUdp: 1 2\n',
    line: 4,
    message: /value line of "Tcp".*found "Udp:"/,
  },
  {
    name: 'header without value line',
    text: 'Ip: A B\nIp: 1 2\nTcp: A B\n',
    line: 3,
    message: /"Tcp" has no value line/,
  },
  { name: 'values without header', text: 'Tcp: 1 2 3\n', line: 1, message: /without a header/ },
  { name: 'non-integer value', text: 'Tcp: A B\nTcp: 1 x2\n', line: 2, message: /"Tcp: B" is not an integer/ },
  { name: 'missing prefix', text: 'Tcp: A\nTcp: 1\nfoo bar\n', line: 3, message: /expected "Prefix:"/ },
  { name: 'duplicate header name', text: 'Tcp: A A\nTcp: 1 2\n', line: 1, message: /appears twice/ },
  {
    name: 'counter repeated in a second pair',
    text: 'Tcp: A\nTcp: 1\nTcp: A\nTcp: 2\n',
    line: 4,
    message: /"Tcp: A" appears twice/,
  },
  { name: 'empty input', text: '\n\n', line: 0, message: /empty/ },
];

for (const { name, text, line, message } of ERRORS) {
  test(`error: ${name} names line ${line}`, () => {
    const error = errorOf(parseCounterTable(text, '/proc/net/snmp'));
    assert.equal(error.line, line);
    assert.equal(error.source, '/proc/net/snmp');
    assert.match(error.message, message);
  });
}

test('a mismatched line in a real file is reported on that line', () => {
  const lines = readKernelFixture('captured-6.18/snmp.txt').split('\n');
  lines[7] = lines[7].replace(/ 0$/, ''); // Tcp value line, one value short
  const error = errorOf(parseCounterTable(lines.join('\n'), 'snmp'));
  assert.equal(error.line, 8);
  assert.match(error.message, /"Tcp" has 15 names on line 7 but 14 values/);
});

test('a value above 2^53 - 1 is left out and recorded, the rest kept', () => {
  const text = 'TcpExt: A Big B\nTcpExt: 1 18446744073709551615 2\n';
  const parsed = unwrap(parseCounterTableDetailed(text, 'netstat'));
  assert.deepEqual(parsed.table, { TcpExt: { A: 1, B: 2 } });
  assert.deepEqual(parsed.skipped, [{ prefix: 'TcpExt', name: 'Big', line: 2, text: '18446744073709551615' }]);
  assert.deepEqual(unwrap(parseCounterTable(text, 'netstat')), { TcpExt: { A: 1, B: 2 } });
  // 2^53 − 1 itself is exact and kept.
  assert.equal(unwrap(parseCounterTable('X: A\nX: 9007199254740991\n', 's')).X.A, Number.MAX_SAFE_INTEGER);
});

test('names that collide with Object.prototype stay plain counters', () => {
  const table = unwrap(parseCounterTable('X: constructor toString\nX: 3 4\n', 's'));
  assert.equal(table.X.constructor, 3);
  assert.equal(table.X.toString, 4);
});
