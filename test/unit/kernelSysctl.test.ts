import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSysctlInts } from '../../src/core/kernel/sysctl';
import { errorOf, readKernelFixture, unwrap } from './kernelFixtures';

const CASES: { file: string; count: number; expect: number[] }[] = [
  { file: 'captured-6.18/tcp_wmem.txt', count: 3, expect: [4096, 16384, 4194304] },
  { file: 'captured-6.18/tcp_rmem.txt', count: 3, expect: [4096, 131072, 33554432] },
  { file: 'captured-6.18/tcp_mem.txt', count: 3, expect: [288459, 384612, 576918] },
  { file: 'captured-6.18/wmem_max.txt', count: 1, expect: [4194304] },
  { file: 'captured-6.18/rmem_max.txt', count: 1, expect: [4194304] },
];

for (const { file, count, expect } of CASES) {
  test(`${file}`, () => {
    assert.deepEqual(unwrap(parseSysctlInts(readKernelFixture(file), file, count)), expect);
    assert.deepEqual(unwrap(parseSysctlInts(readKernelFixture(file), file)), expect);
  });
}

test('tabs, spaces, CRLF and a missing final newline read alike; -1 is legal', () => {
  for (const text of [
    '4096\t16384\t4194304\n',
    '  4096  16384 4194304  \r\n',
    '4096 16384 4194304',
    '\n4096\t16384\t4194304\n\n',
  ]) {
    assert.deepEqual(unwrap(parseSysctlInts(text, 'tcp_wmem', 3)), [4096, 16384, 4194304]);
  }
  assert.deepEqual(unwrap(parseSysctlInts('-1\n', 'perf_event_paranoid', 1)), [-1]);
});

const ERRORS: { name: string; text: string; count?: number; line: number; message: RegExp }[] = [
  { name: 'wrong count', text: '4096 16384\n', count: 3, line: 1, message: /expected 3 integers, found 2/ },
  { name: 'not an integer', text: '4096 16k 4194304\n', line: 1, message: /not an integer: "16k"/ },
  { name: 'second line', text: '1\n2\n', line: 2, message: /second line/ },
  { name: 'empty', text: '  \n', line: 0, message: /empty/ },
  { name: 'above 2^53 - 1', text: '9223372036854775807\n', line: 1, message: /exceeds/ },
];

for (const { name, text, count, line, message } of ERRORS) {
  test(`error: ${name} names line ${line}`, () => {
    const error = errorOf(parseSysctlInts(text, '/proc/sys/net/ipv4/tcp_wmem', count));
    assert.equal(error.line, line);
    assert.equal(error.source, '/proc/sys/net/ipv4/tcp_wmem');
    assert.match(error.message, message);
  });
}
