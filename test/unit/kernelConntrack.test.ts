import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConntrackStat } from '../../src/core/kernel/conntrack';
import { errorOf, readKernelFixture, unwrap } from './kernelFixtures';

test('2 CPUs: columns summed by header name, entries taken once', () => {
  const stat = unwrap(parseConntrackStat(readKernelFixture('openvz-2.6.32/nf_conntrack-2cpu.txt')));
  assert.equal(stat.entries, 0x10000); // 65,536 on both lines, not 131,072
  assert.equal(stat.drop, 0x3e9 + 0x217);
  assert.equal(stat.early_drop, 0x7d + 0x44);
  assert.equal(stat.insert_failed, 0x52 + 0x31);
  assert.equal(stat.searched, 0x0a3f19c2 + 0x08b2c011);
  assert.equal(stat.delete_list, 0x11f0e2 + 0xf0e33);
  assert.equal(Object.hasOwn(stat, 'search_restart'), false);
  assert.equal(Object.keys(stat).length, 16);
});

test('captured 6.18 file: the newer header (clashres, chainlength, search_restart)', () => {
  const stat = unwrap(parseConntrackStat(readKernelFixture('captured-6.18/nf_conntrack.txt')));
  assert.deepEqual(Object.keys(stat), [
    'entries',
    'clashres',
    'found',
    'new',
    'invalid',
    'ignore',
    'delete',
    'chainlength',
    'insert',
    'insert_failed',
    'drop',
    'early_drop',
    'icmp_error',
    'expect_new',
    'expect_create',
    'expect_delete',
    'search_restart',
  ]);
  assert.ok(Object.values(stat).every((v) => v === 0));
});

test('entries differing between lines (read at different instants): the first line wins', () => {
  const stat = unwrap(parseConntrackStat('entries drop\n0000000a 00000001\n0000000b 00000002\n'));
  assert.deepEqual(stat, { entries: 10, drop: 3 });
});

const ERRORS: { name: string; text: string; line: number; message: RegExp }[] = [
  {
    name: 'short CPU line',
    text: 'entries drop found\n00000001 00000002\n',
    line: 2,
    message: /3 columns in the header on line 1 but 2 values/,
  },
  { name: 'non-hex value', text: 'entries drop\n00000001 0000000g\n', line: 2, message: /"drop" is not a hex number/ },
  { name: 'no header', text: '00000001 00000002\n', line: 1, message: /expected a header|values before the header/ },
  { name: 'hex-looking header', text: 'abc def\n00000001 00000002\n', line: 1, message: /values before the header/ },
  { name: 'header only', text: 'entries drop\n', line: 1, message: /without any per-CPU line/ },
  { name: 'empty', text: '', line: 0, message: /empty/ },
  { name: 'duplicate column', text: 'drop drop\n1 2\n', line: 1, message: /twice/ },
];

for (const { name, text, line, message } of ERRORS) {
  test(`error: ${name} names line ${line}`, () => {
    const error = errorOf(parseConntrackStat(text));
    assert.equal(error.line, line);
    assert.equal(error.source, '/proc/net/stat/nf_conntrack');
    assert.match(error.message, message);
  });
}
